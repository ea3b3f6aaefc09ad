"""Short, humane text for reprs and rich display: one formatter per kind of value.

Durations read ``5 min 38 s`` (never ``-1 day, 23:54:22``), instants
``2025-01-06 10:00+01:00``, weekly hours ``mon-fri 09:00-17:00, sat 10:00-14:00``.
These are for people reading a repr or a notebook; localised texts for
customers live in :mod:`servicelevel._describe`.

Example:
    >>> from datetime import timedelta
    >>> duration(timedelta(days=1, hours=2, seconds=5))
    '1 d 2 h 5 s'
    >>> remaining(timedelta(minutes=-5, seconds=-38))
    '5 min 38 s late'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from servicelevel._intervals import OpeningInterval, WeeklyHours

__all__ = [
    "count",
    "duration",
    "intervals",
    "listing",
    "moment",
    "remaining",
    "share",
    "signed",
    "week",
]

_UNITS = (("d", 86_400_000_000), ("h", 3_600_000_000), ("min", 60_000_000))


def duration(value: timedelta) -> str:
    """The size of ``value`` in days, hours, minutes and seconds, zero units left out.

    Exact to the microsecond; the sign is dropped (see :func:`signed`).

    Example:
        >>> duration(timedelta(hours=8)), duration(timedelta(0)), duration(timedelta(seconds=-1.5))
        ('8 h', '0 s', '1.5 s')
    """
    micros = abs(value) // timedelta(microseconds=1)
    parts: list[str] = []
    for unit, size in _UNITS:
        amount, micros = divmod(micros, size)
        if amount:
            parts.append(f"{amount} {unit}")
    if micros or not parts:
        seconds, fraction = divmod(micros, 1_000_000)
        text = f"{seconds}.{fraction:06d}".rstrip("0").rstrip(".")
        parts.append(f"{text} s")
    return " ".join(parts)


def signed(value: timedelta) -> str:
    """Like :func:`duration`, with a minus sign when negative: ``-5 min 38 s``."""
    return f"-{duration(value)}" if value < timedelta(0) else duration(value)


def remaining(value: timedelta, *, answered: bool = False) -> str:
    """Time left before a deadline: ``2 h left``, ``5 min 38 s late``, ``1 h to spare``.

    ``answered`` says the clock has stopped, so time left is time to spare.
    """
    if value < timedelta(0):
        return f"{duration(value)} late"
    return f"{duration(value)} {'to spare' if answered else 'left'}"


def moment(value: datetime) -> str:
    """An instant as ISO 8601 with a space, minutes precision when that is exact.

    Example:
        >>> from datetime import UTC
        >>> moment(datetime(2025, 1, 6, 10, tzinfo=UTC))
        '2025-01-06 10:00+00:00'
    """
    if value.microsecond:
        spec = "microseconds"
    elif value.second:
        spec = "seconds"
    else:
        spec = "minutes"
    return value.isoformat(sep=" ", timespec=spec)


def share(value: float) -> str:
    """A fraction as a whole percentage: ``0.875`` is ``88%``."""
    return f"{value:.0%}"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 closure``, ``2 closures``."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def listing(items: Iterable[object], limit: int = 5) -> str:
    """``[a, b, c]``; past ``limit`` items the rest is counted: ``[a, b, +3 more]``."""
    texts = [str(item) for item in items]
    if len(texts) > limit:
        texts = [*texts[: limit - 1], f"+{len(texts) - limit + 1} more"]
    return f"[{', '.join(texts)}]"


def intervals(values: Sequence[OpeningInterval]) -> str:
    """``09:00-12:00 & 13:00-17:00``; no intervals is ``closed``."""
    return " & ".join(str(value) for value in values) or "closed"


def week(hours: WeeklyHours, limit: int = 80) -> str:
    """Weekdays with the same intervals grouped: ``mon-fri 09:00-17:00, sat 10:00-14:00``.

    A week open around the clock is ``24/7``; a week longer than ``limit``
    characters is counted instead (``9 intervals on 6 days``).
    """
    from servicelevel._intervals import WEEKDAYS

    days = [hours.for_weekday(index) for index in range(7)]
    if all(len(day) == 1 and str(day[0]) == "00:00-24:00" for day in days):
        return "24/7"
    if not any(days):
        return "closed all week"
    groups: list[str] = []
    first = 0
    while first < 7:
        last = first
        while last + 1 < 7 and days[last + 1] == days[first]:
            last += 1
        if days[first]:
            label = WEEKDAYS[first] if last == first else f"{WEEKDAYS[first]}-{WEEKDAYS[last]}"
            groups.append(f"{'daily' if last - first == 6 else label} {intervals(days[first])}")
        first = last + 1
    text = ", ".join(groups)
    if len(text) <= limit:
        return text
    open_days = sum(1 for day in days if day)
    return f"{count(sum(map(len, days)), 'interval')} on {count(open_days, 'day')}"
