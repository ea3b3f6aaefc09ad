"""Small HTML building blocks for Jupyter's rich display (``_repr_html_``).

Everything a caller passes is escaped, except :class:`Html` (already-built
HTML from these functions). The styling is inline and neutral, so it reads in
light and dark themes alike: no text or background colours (the notebook's
theme chooses them), left-aligned cells, a translucent grey rule between rows,
and wrapped text where it can be long. No stylesheet, script or external file.

Example:
    >>> fields("Closure", [("reason", "<script>"), ("end", None)])  # doctest: +ELLIPSIS
    '<div class="servicelevel"...&lt;script&gt;...<td ...>-</td>...'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

__all__ = ["Html", "box", "cell", "fields", "note", "strong", "table", "title", "wrapped"]

_CELL = (
    ' style="text-align:left;vertical-align:top;padding:0.15em 0.7em 0.15em 0;'
    'border-bottom:1px solid rgba(128,128,128,0.3)"'
)
_TABLE = (
    ' style="border-collapse:collapse;margin:0.3em 0 0.6em 0;font-variant-numeric:tabular-nums"'
)
_CAPTION = (
    ' style="text-align:left;font-weight:bold;caption-side:top;padding-bottom:0.2em;'
    'white-space:nowrap"'
)


class Html(str):
    """A string of HTML that is already escaped; cells insert it as it is."""

    __slots__ = ()


def cell(value: object) -> str:
    """A cell's content: :class:`Html` as is, ``None`` as a dash, anything else escaped."""
    if isinstance(value, Html):
        return value
    return escape("-" if value is None else str(value))


def table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    row_headers: bool = False,
    limit: int = 25,
) -> Html:
    """A table; with ``row_headers`` the first cell of each row is a ``<th>``.

    Past ``limit`` rows, the rest are counted in a last row.
    """
    head = "".join(f"<th{_CELL}>{escape(name)}</th>" for name in header)
    body = []
    shown = list(rows)
    hidden = len(shown) - limit + 1 if len(shown) > limit else 0
    for row in shown[: len(shown) - hidden]:
        cells = [
            f"<th{_CELL}>{cell(value)}</th>"
            if row_headers and index == 0
            else f"<td{_CELL}>{cell(value)}</td>"
            for index, value in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    if hidden:
        width = max([len(header), *(len(row) for row in shown)])
        body.append(f'<tr><td{_CELL} colspan="{width}">... and {hidden} more</td></tr>')
    caption_html = f"<caption{_CAPTION}>{escape(caption)}</caption>" if caption else ""
    head_html = f"<thead><tr>{head}</tr></thead>" if header else ""
    return Html(f"<table{_TABLE}>{caption_html}{head_html}<tbody>{''.join(body)}</tbody></table>")


def fields(caption: str, pairs: Iterable[tuple[str, object]], *, wrap: bool = True) -> Html:
    """A two-column table of names and values; with ``wrap``, in its own :func:`box`."""
    built = table(caption, (), pairs, row_headers=True)
    return box(built) if wrap else built


def wrapped(text: str, *, quoted: bool = False) -> Html:
    """Text that keeps its line breaks and wraps long lines; ``quoted`` sets it off
    with a rule on the left, as a mail client shows a message."""
    quote = "border-left:3px solid rgba(128,128,128,0.45);padding-left:0.8em;" if quoted else ""
    return Html(
        '<div style="white-space:pre-wrap;overflow-wrap:anywhere;max-width:80ch;'
        f'font-family:inherit;margin:0.3em 0 0.6em 0;{quote}">{escape(text)}</div>'
    )


def strong(text: str) -> Html:
    """Bold text, for a value that needs attention."""
    return Html(f"<strong>{escape(text)}</strong>")


def title(text: str) -> Html:
    """A bold heading line for a display made of several tables."""
    return Html(
        f'<div style="font-weight:bold;font-size:1.1em;margin:0.3em 0 0.2em 0">{escape(text)}</div>'
    )


def note(text: str) -> Html:
    """A small, muted line under a table."""
    return Html(f'<div style="opacity:0.75;font-size:0.9em;margin:0.2em 0">{escape(text)}</div>')


def box(*parts: str) -> Html:
    """The outer element of one object's display; ``parts`` must be :class:`Html`."""
    return Html(f'<div class="servicelevel">{"".join(cell(part) for part in parts)}</div>')
