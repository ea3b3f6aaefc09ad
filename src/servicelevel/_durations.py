"""Durations as people write them in policy files: ``"4h"``, ``"30min"``, ``"1h30m"``.

:data:`Duration` is a ``timedelta`` that also accepts, in Python, JSON and
TOML alike:

* ISO 8601 (``"PT4H"``, ``"P1D"``), as pydantic reads it, and seconds as a number;
* one or more amounts with a unit: ``"4h"``, ``"4 hours"``, ``"30min"``,
  ``"1h 30m"``, ``"1.5 h"``, ``"2d"``, ``"1 week"``, ``"90s"``.

A day is 24 hours and a week 7 days of elapsed time; whether that time counts
business hours or every hour is the target's ``clock``. Text that is neither
is a validation error of type ``invalid_duration`` that shows both spellings.
A duration serialises as ISO 8601 (``"PT4H"``), which reads back the same.

Example:
    >>> parse_duration("1h30m")
    datetime.timedelta(seconds=5400)
    >>> parse_duration("2 days")
    datetime.timedelta(days=2)
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from servicelevel._errors import reject

__all__ = ["Duration", "parse_duration"]

_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("w", "wk", "week", "weeks"), timedelta(weeks=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), timedelta(seconds=1)),
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?")
_CLOCK = re.compile(r"[+-]?\d+(:\d\d){1,2}(\.\d+)?")
_LONGEST = 64  # no duration anyone writes is longer; longer text is not parsed


def parse_duration(text: str) -> timedelta:
    """``text`` (``"4h"``, ``"1h 30min"``, ``"2 days"``) as a ``timedelta``.

    Raises ``ValueError`` for text that is not amounts with units.

    Example:
        >>> parse_duration("30 min") == timedelta(minutes=30)
        True
    """
    lowered = text.strip().lower()
    position, total, found = 0, timedelta(0), False
    while position < len(lowered) and len(lowered) <= _LONGEST:
        match = _PART.match(lowered, position)
        if match is None or match.group(2) not in _UNITS:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        position, found = match.end(), True
    if not found or position != len(lowered):
        raise ValueError(f"{text!r} is not a duration")
    return total


def _from_text(value: Any) -> Any:
    if not isinstance(value, str) or value.strip().upper().startswith(("P", "-P", "+P")):
        return value  # ISO 8601, numbers and timedeltas: pydantic's own parsing
    try:
        return parse_duration(value)
    except ValueError:
        if _CLOCK.fullmatch(value.strip()):
            return value  # "01:30:00": pydantic's own parsing
        reject(
            "invalid_duration",
            f"{value!r} is not a duration; write an amount with a unit, e.g. '4h', '30min', "
            "'1h30m', '2 days', or ISO 8601, e.g. 'PT4H', 'PT30M', 'P2D'.",
        )


#: A ``timedelta`` that also reads ``"4h"``, ``"30min"``, ``"1h30m"`` and ``"2 days"``.
Duration = Annotated[
    timedelta,
    BeforeValidator(_from_text),
    Field(examples=["PT4H", "4h", "30min", "1h30m", "2 days"]),
]
