"""How the command line writes: aligned ``Label  value`` lines for people, one
JSON object for scripts (ISO 8601 datetimes with their offset, durations in
seconds under keys ending in ``_seconds``).

Example:
    >>> from datetime import datetime, timedelta, timezone
    >>> moment = datetime(2025, 12, 24, 16, tzinfo=timezone(timedelta(hours=1)))
    >>> text_moment(moment)
    'Wed 2025-12-24 16:00 (+01:00)'
    >>> iso(moment), seconds(timedelta(hours=8))
    ('2025-12-24T16:00:00+01:00', 28800.0)
    >>> emit([("Open", "yes"), ("Next close", "never")], {"open": True}, as_json=False)
    Open       yes
    Next close never
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

__all__ = ["emit", "iso", "seconds", "text_duration", "text_moment"]


def text_moment(moment: datetime) -> str:
    """``Wed 2025-12-24 16:00 (+01:00)``: the day, the wall time and its offset."""
    offset = moment.strftime("%z")
    return f"{moment:%a %Y-%m-%d %H:%M} ({offset[:3]}:{offset[3:]})"


def text_duration(duration: timedelta) -> str:
    """A duration as people read it (``8 h``, ``1 d 2 h``)."""
    from servicelevel._display import duration as shown

    return shown(duration)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, or None."""
    return None if moment is None else moment.isoformat()


def seconds(duration: timedelta | None) -> float | None:
    """A duration in seconds, or None."""
    return None if duration is None else duration.total_seconds()


def emit(lines: Sequence[tuple[str, str]], data: Mapping[str, Any], *, as_json: bool) -> None:
    """Print ``data`` as one JSON object, or ``lines`` as aligned text."""
    if as_json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    width = max((len(label) for label, _ in lines), default=0)
    for label, value in lines:
        print(f"{label:<{width}} {value}".rstrip())
