"""Business-time arithmetic: pure functions over :class:`BusinessHours`.

Every function takes a schedule (:class:`BusinessHours`, or :class:`CombinedHours`
for teams in several zones) and aware datetimes in any zone (a naive one raises
:class:`~servicelevel.NaiveDatetimeError`), never reads the clock, and returns
aware datetimes in the zone of the schedule (``hours.zone``), exact to the
microsecond.
Opening periods are half-open: open at the opening instant, closed at the
closing instant. Durations are real elapsed time: over the autumn DST change a
night shift of 22:00-06:00 holds nine hours, not eight.

Example:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import BusinessHours, add_business_time
    >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
    >>> friday = datetime(2025, 1, 10, 16, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    >>> add_business_time(hours, friday, timedelta(hours=2)).isoformat()
    '2025-01-13T10:00:00+01:00'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from types import FunctionType
from typing import Any, TypeVar, cast

from servicelevel import _timeline
from servicelevel._combined import Schedule
from servicelevel._hours import BusinessHours  # noqa: F401 - the examples use it

__all__ = [
    "add_business_time",
    "business_time_between",
    "is_open",
    "next_close",
    "next_open",
    "next_opening_after",
    "previous_close",
    "previous_open",
]


def is_open(hours: Schedule, at: datetime) -> bool:
    """Whether the team is open at the instant ``at``.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> is_open(hours, datetime(2025, 1, 6, 17, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
        False
    """
    line = _timeline.timeline(hours)
    return line.is_open(line.instant(at, "at"))


def next_open(hours: Schedule, at: datetime) -> datetime:
    """The first instant at or after ``at`` at which the team is open (``at`` when open).

    Raises :class:`~servicelevel.NoOpeningHoursError` when the schedule does not
    open within 20 years.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> saturday = datetime(2025, 1, 11, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> next_open(hours, saturday).isoformat()
        '2025-01-13T09:00:00+01:00'
    """
    line = _timeline.timeline(hours)
    return line.datetime_at(*line.next_open(line.instant(at, "at")))


def next_close(hours: Schedule, at: datetime) -> datetime:
    """The next closing instant after ``at``: the end of the current opening period,
    or of the next one when closed (a closing instant itself counts as closed).

    Raises :class:`~servicelevel.NeverClosesError` for a schedule that stays open
    for 20 years (24/7 without holidays).

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"fri": "22:00-06:00"}, tz="Europe/Amsterdam")
        >>> friday = datetime(2025, 1, 10, 23, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> next_close(hours, friday).isoformat()
        '2025-01-11T06:00:00+01:00'
    """
    line = _timeline.timeline(hours)
    return line.datetime_at(*line.next_close(line.instant(at, "at")))


def add_business_time(hours: Schedule, start: datetime, duration: timedelta) -> datetime:
    """The earliest instant at which ``duration`` of open time has elapsed since ``start``.

    A deadline that lands exactly on a closing time is that closing time, not
    the next opening. A zero duration returns ``start``. A negative duration
    counts backwards: the latest instant before ``start`` from which that much
    open time elapses until ``start``. The cost does not grow with the
    duration or with the distance to the next opening.

    Example:
        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> monday = datetime(2025, 1, 6, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> add_business_time(hours, monday, timedelta(hours=8)).isoformat()
        '2025-01-06T17:00:00+01:00'
    """
    return _timeline.deadline(hours, start, duration)


_F = TypeVar("_F", bound=Callable[..., Any])


def _as_public(public: _F, body: _F) -> _F:
    """``body``'s code under ``public``'s name, module, signature and docstring."""
    shell, fast = cast(FunctionType, public), cast(FunctionType, body)
    parameters = fast.__code__.co_varnames[: fast.__code__.co_argcount]
    assert parameters == shell.__code__.co_varnames[: shell.__code__.co_argcount]
    found = FunctionType(fast.__code__, fast.__globals__, shell.__name__, fast.__defaults__)
    for name in ("__module__", "__qualname__", "__doc__", "__annotations__"):
        setattr(found, name, getattr(shell, name))
    return cast(_F, found)


# The public function is the fast path itself (help, doctest and signature from
# the function above): a deadline is a few hundred nanoseconds, and one Python
# call level less is a measurable part of it.
add_business_time = _as_public(add_business_time, _timeline.deadline)


def business_time_between(hours: Schedule, start: datetime, end: datetime) -> timedelta:
    """Open time in the half-open range ``[start, end)``; negative when ``end < start``.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> ams = ZoneInfo("Europe/Amsterdam")
        >>> business_time_between(hours, datetime(2025, 1, 10, 16, tzinfo=ams),
        ...                       datetime(2025, 1, 13, 10, tzinfo=ams))
        datetime.timedelta(seconds=7200)
    """
    line = _timeline.timeline(hours)
    elapsed = line.between(line.instant(start, "start"), line.instant(end, "end"))
    return timedelta(microseconds=elapsed)


def previous_open(hours: Schedule, at: datetime) -> datetime:
    """The opening instant of the period that contains ``at``, or of the last period
    before it when closed (``at`` itself when it is an opening instant).

    With :func:`next_close`, it gives the period around an open instant:
    ``previous_open(h, t) <= t < next_close(h, t)``.

    Raises :class:`~servicelevel.NoOpeningHoursError` when the schedule did not
    open in the 20 years before ``at``, and :class:`~servicelevel.NeverClosesError`
    when it has been open without a break for 20 years (24/7).

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> saturday = datetime(2025, 1, 11, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> previous_open(hours, saturday).isoformat()
        '2025-01-10T09:00:00+01:00'
    """
    line = _timeline.timeline(hours)
    return line.datetime_at(*line.previous_open(line.instant(at, "at")))


def previous_close(hours: Schedule, at: datetime) -> datetime:
    """The latest closing instant at or before ``at``: when closed, the moment the
    team closed (``at`` itself at a closing instant); when open, the end of the
    previous period.

    Raises :class:`~servicelevel.NeverClosesError` when the schedule has been
    open without a break for 20 years (24/7), and
    :class:`~servicelevel.NoOpeningHoursError` when it has been closed for 20 years.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> monday = datetime(2025, 1, 13, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> previous_close(hours, monday).isoformat()
        '2025-01-10T17:00:00+01:00'
    """
    line = _timeline.timeline(hours)
    return line.datetime_at(*line.previous_close(line.instant(at, "at")))


def next_opening_after(hours: Schedule, at: datetime) -> datetime:
    """The first opening instant strictly after ``at``, also when ``at`` is open
    (where :func:`next_open` would give ``at`` itself).

    Raises :class:`~servicelevel.NoOpeningHoursError` when the schedule does not
    open within 20 years, and :class:`~servicelevel.NeverClosesError` when it
    stays open without a break for 20 years (24/7).

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> monday = datetime(2025, 1, 13, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> next_opening_after(hours, monday).isoformat()
        '2025-01-14T09:00:00+01:00'
    """
    line = _timeline.timeline(hours)
    return line.datetime_at(*line.next_opening_after(line.instant(at, "at")))
