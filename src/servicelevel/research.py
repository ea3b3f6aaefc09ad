"""The research behind the built-in defaults: every built-in number with its basis.

Each entry of :data:`DEFAULTS` is a :class:`Default` (topic, name, value) with
a :class:`Basis` of one of two kinds, kept apart here: ``"article"`` (a figure
from a named article, with what it says and how it became the number) or
``"assumption"`` (our choice, with the reasoning). ``docs/defaults.md`` is
the same table as a page.

Example:
    >>> from servicelevel import research
    >>> email = [d for d in research.from_articles() if d.name == "email"][0]
    >>> email.value, email.basis.source
    ('24 h', '000_2a9a20e476c0751f.txt')
    >>> urgent = [d for d in research.assumptions() if d.name == "urgent"][0]
    >>> urgent.value, urgent.basis.source
    ('x1/4', None)
"""

from __future__ import annotations

from servicelevel._research import DEFAULTS, SOURCES, Basis, Default, Kind, defaults_page

__all__ = [
    "DEFAULTS",
    "SOURCES",
    "Basis",
    "Default",
    "Kind",
    "assumptions",
    "defaults_page",
    "from_articles",
]


def from_articles() -> tuple[Default, ...]:
    """The defaults that are figures from a named article."""
    return tuple(default for default in DEFAULTS if default.basis.kind == "article")


def assumptions() -> tuple[Default, ...]:
    """The defaults that are our assumptions, each with its reasoning."""
    return tuple(default for default in DEFAULTS if default.basis.kind == "assumption")
