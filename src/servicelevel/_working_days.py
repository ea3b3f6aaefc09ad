"""Working days: counting in whole days of a schedule, the way help desks promise.

A *working day* is a local date (in ``hours.tz``) on which the schedule opens:
an opening interval starts on it, after closures, special days and holidays
are applied, and adds open time of its own. A special day of 09:00-15:00 is a
working day; a holiday, a closure or the weekend is not. An opening interval
belongs to the day it starts on, so Friday's 22:00-06:00 shift is Friday's,
02:00 on Saturday morning included. (Open time that an interval shares with
the previous day's night shift stays that day's; an interval that vanishes in
a DST gap adds no time. Neither makes a working day on its own.)

An instant *counts in* a working day: an open instant in the day of the
interval it lies in; a closed instant (a closing instant included) counts
from the next opening, in that opening's day. Everything else follows:

- ``add_working_days(h, start, n)``: the same wall time ``n`` working days on
  (back, for ``n < 0``), clamped into that day's opening hours;
- ``working_days_between(h, start, end)``: the whole working days from
  ``start`` to ``end`` (the inverse of ``add_working_days``), or, for two
  dates, the working days in ``[start, end)``;
- ``working_day(h, day, n)``, ``start_of_working_day(h, day)``,
  ``end_of_working_day(h, day)``: the day itself, its first opening, its
  last close.

The days are compiled once per range of years, like the business-time index,
and searches give up after 20 years without a working day.

Example:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import BusinessHours
    >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam",
    ...                              holidays="NL", special={date(2025, 12, 24): "09:00-15:00"})
    >>> received = datetime(2025, 12, 24, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    >>> add_working_days(hours, received, 1).isoformat()
    '2025-12-29T14:00:00+01:00'
"""

from __future__ import annotations

import operator
import weakref
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from threading import Lock

from servicelevel._day_rules import DayRules
from servicelevel._errors import ArgumentTypeError, NoOpeningHoursError, OutOfRangeError
from servicelevel._hours import BusinessHours
from servicelevel._instants import EPOCH, ONE_US, from_us, to_us, year_of
from servicelevel._timeline import SEARCH_YEARS

__all__ = [
    "add_working_days",
    "end_of_working_day",
    "start_of_working_day",
    "working_day",
    "working_days_between",
]

_DAY_US = 86_400_000_000
_FIRST_YEAR, _LAST_YEAR = 2, 9997
# Intervals of up to three days earlier can still reach into the first compiled day.
_LEAD_DAYS = 3
_ONE_DAY = timedelta(days=1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# A working day further away than this is no answer, even if the index already holds
# it, so that answers do not depend on what the cache has compiled so far.
_SEARCH_DAYS = round(SEARCH_YEARS * 365.2425)


def _no_working_day(since: object, *, forward: bool) -> NoOpeningHoursError:
    return NoOpeningHoursError(
        f"these business hours have no working day in the {SEARCH_YEARS} years "
        f"{'after' if forward else 'before'} {since}: holidays, closures or special days "
        "close every interval. Check the schedule."
    )


@dataclass(frozen=True, slots=True)
class Days:
    """The working days whose dates lie in the local years ``first_year..last_year``.

    ``starts``/``ends`` are the disjoint opening periods of those days, each
    day's own (merged within the day, clipped where an earlier day's interval
    already covers the time), in order; day ``k`` owns the periods
    ``firsts[k]:firsts[k + 1]``. Instants are answered correctly on ``[lo, hi)``.
    """

    first_year: int
    last_year: int
    lo: int
    hi: int
    ordinals: list[int]  # the working days, as date ordinals
    opens: list[int]  # each working day's first opening
    firsts: list[int]  # index of each day's first period, and one past the last
    starts: list[int]
    ends: list[int]
    owners: list[int]  # the working-day index of each period
    # Each working day's UTC offset when it holds for three days from its midnight
    # (wall times then convert by addition), else None.
    steady: list[int | None]

    def clamp(self, day: int, value_us: int) -> int:
        """``value_us`` moved into day ``day``'s opening hours: itself when open, else
        the next opening of that day, else the day's last close."""
        first, stop = self.firsts[day], self.firsts[day + 1]
        index = bisect_right(self.starts, value_us, first, stop) - 1
        if index < first:
            return self.starts[first]
        if value_us < self.ends[index]:
            return value_us
        return self.starts[index + 1] if index + 1 < stop else self.ends[index]

    def last_close(self, day: int) -> int:
        return self.ends[self.firsts[day + 1] - 1]

    def count_before(self, ordinal: int) -> int:
        """How many of the compiled working days come before the date ``ordinal``."""
        return bisect_left(self.ordinals, ordinal)


def _day_periods(day: date, rules: DayRules, zone: tzinfo) -> list[tuple[int, int]]:
    """The opening periods (UTC microseconds) of the intervals that start on ``day``."""
    found = []
    for interval in rules.plan(day).intervals:
        start = datetime.combine(day, interval.start, tzinfo=zone)
        end_day = day + _ONE_DAY if interval.end_us >= _DAY_US else day
        end = datetime.combine(end_day, interval.end, tzinfo=zone)
        start_us, end_us = (start - EPOCH) // ONE_US, (end - EPOCH) // ONE_US
        if end_us > start_us:  # an interval can vanish in a DST gap
            found.append((start_us, end_us))
    return sorted(found)


def compile_days(hours: BusinessHours, first_year: int, last_year: int) -> Days:
    """Compile the working days of the local years ``first_year..last_year``."""
    zone = hours.zone
    rules = DayRules(hours, max(first_year - 1, 1), last_year)
    first_day, stop = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    day = first_day - _LEAD_DAYS * _ONE_DAY
    ordinals: list[int] = []
    firsts: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    owners: list[int] = []
    reach = -(2**63)  # the latest end of any earlier day's interval
    while day < stop:
        periods = _day_periods(day, rules, zone)
        counting = day >= first_day
        count = len(starts)
        for start_us, end_us in periods:
            start_us = max(start_us, reach)  # time an earlier day already holds stays its own
            if end_us <= start_us or not counting:
                continue
            if len(starts) > count and start_us <= ends[-1]:
                ends[-1] = max(ends[-1], end_us)
            else:
                starts.append(start_us)
                ends.append(end_us)
                owners.append(len(ordinals))
        if len(starts) > count:
            ordinals.append(day.toordinal())
            firsts.append(count)
        if periods:
            reach = max(reach, max(end for _, end in periods))
        day += _ONE_DAY
    firsts.append(len(starts))
    return Days(
        first_year=first_year,
        last_year=last_year,
        lo=_midnight_us(first_day, zone) + _LEAD_DAYS * _DAY_US,
        hi=_midnight_us(stop, zone),
        ordinals=ordinals,
        opens=[starts[first] for first in firsts[:-1]],
        firsts=firsts,
        starts=starts,
        ends=ends,
        owners=owners,
        steady=_steady_offsets(ordinals, zone),
    )


def _steady_offsets(ordinals: list[int], zone: tzinfo) -> list[int | None]:
    offsets: dict[int, int] = {}
    found: list[int | None] = []
    for ordinal in ordinals:
        for day in range(ordinal, ordinal + 4):
            if day not in offsets:
                wall_us = (day - _EPOCH_ORDINAL) * _DAY_US
                offsets[day] = wall_us - _midnight_us(date.fromordinal(day), zone)
        first = offsets[ordinal]
        steady = all(offsets[day] == first for day in range(ordinal + 1, ordinal + 4))
        found.append(first if steady else None)
    return found


def _midnight_us(day: date, zone: tzinfo) -> int:
    return (datetime(day.year, day.month, day.day, tzinfo=zone) - EPOCH) // ONE_US


class WorkingDayIndex:
    """The growing working-day index of one :class:`BusinessHours` object."""

    __slots__ = ("_hours", "_lock", "days")

    def __init__(self, hours: BusinessHours) -> None:
        if not hours.has_openings:
            raise NoOpeningHoursError(
                "these business hours have no opening interval at all, so they have no "
                "working day. Add weekly intervals, e.g. "
                "BusinessHours.weekly({'mon-fri': '09:00-17:00'}, tz=...)."
            )
        self._hours = hours
        self._lock = Lock()
        self.days: Days | None = None

    def covering(self, first_us: int, last_us: int) -> Days:
        """Days whose instant window holds both instants."""
        days = self.days
        if days is not None and days.lo <= first_us and last_us < days.hi:
            return days
        first = year_of(first_us - (_LEAD_DAYS + 1) * _DAY_US)
        return self._grow(first, year_of(last_us + 2 * _DAY_US))

    def covering_dates(self, first: date, last: date) -> Days:
        """Days whose years hold both dates."""
        days = self.days
        if days is not None and days.first_year <= first.year and last.year <= days.last_year:
            return days
        return self._grow(first.year, last.year)

    def grow(self, days: Days, *, forward: bool, origin_year: int, years: int = 0) -> Days:
        """Days at least ``years`` (and at least twice as many) years longer; gives up
        when SEARCH_YEARS have been searched without a working day."""
        if forward:
            last = max(
                origin_year, date.fromordinal(days.ordinals[-1]).year if days.ordinals else 0
            )
            searched = days.last_year - last
        else:
            first = min(
                origin_year, date.fromordinal(days.ordinals[0]).year if days.ordinals else 10_000
            )
            searched = first - days.first_year
        if searched > SEARCH_YEARS:
            raise _no_working_day(last if forward else first, forward=forward)
        span = max(2, days.last_year - days.first_year + 1, years)
        if forward:
            return self._grow(days.first_year, days.last_year + span)
        return self._grow(days.first_year - span, days.last_year)

    def _grow(self, first_year: int, last_year: int) -> Days:
        if first_year < _FIRST_YEAR or last_year > _LAST_YEAR:
            year = first_year if first_year < _FIRST_YEAR else last_year
            raise OutOfRangeError(
                f"working days would have to be found in the year {year}; servicelevel "
                f"finds them for dates in the years {_FIRST_YEAR}-{_LAST_YEAR}. Use instants, "
                "dates and numbers of days that stay within those years."
            )
        with self._lock:
            current = self.days
            if current is not None:
                first_year = min(first_year, current.first_year)
                last_year = max(last_year, current.last_year)
                if (first_year, last_year) == (current.first_year, current.last_year):
                    return current
            days = compile_days(self._hours, first_year, last_year)
            self.days = days
            return days


_BY_ID: dict[int, WorkingDayIndex] = {}
_BY_VALUE: OrderedDict[BusinessHours, WorkingDayIndex] = OrderedDict()
_BY_VALUE_SIZE = 64


def working_day_index(hours: BusinessHours) -> WorkingDayIndex:
    """The cached index of ``hours``, by identity and, for recent schedules, by value."""
    found = _BY_ID.get(id(hours))
    if found is None:
        found = _BY_VALUE.get(hours)
        if found is None:
            found = WorkingDayIndex(hours)
            _BY_VALUE[hours] = found
            if len(_BY_VALUE) > _BY_VALUE_SIZE:
                _BY_VALUE.popitem(last=False)
        else:
            _BY_VALUE.move_to_end(hours)
        key = id(hours)
        _BY_ID[key] = found
        weakref.finalize(hours, _BY_ID.pop, key, None)
    return found


def _whole(days: int) -> int:
    try:
        return operator.index(days)
    except TypeError:
        raise ArgumentTypeError(
            f"days must be a whole number of working days (an int), not {type(days).__name__}."
        ) from None


def _anchor(index: WorkingDayIndex, at_us: int) -> tuple[Days, int, int]:
    """The instant ``at_us`` counts from (itself when open, else the next opening)
    and the ordinal of its working day."""
    days = index.covering(at_us, at_us)
    while True:
        period = bisect_right(days.starts, at_us) - 1
        if period >= 0 and at_us < days.ends[period]:
            return days, at_us, days.ordinals[days.owners[period]]
        period += 1
        if period < len(days.starts) and days.starts[period] < days.hi:
            if days.starts[period] - at_us > _SEARCH_DAYS * _DAY_US:
                raise _no_working_day(from_us(at_us, UTC).isoformat(), forward=True)
            return days, days.starts[period], days.ordinals[days.owners[period]]
        days = index.grow(days, forward=True, origin_year=year_of(at_us))


def _move(index: WorkingDayIndex, days: Days, ordinal: int, count: int) -> tuple[Days, int, int]:
    """Days and the index of the working day ``count`` on from the first working
    day on or after the date ``ordinal`` (back, for ``count < 0``), and the index
    of that first working day."""
    origin_year = date.fromordinal(ordinal).year
    while True:
        base = days.count_before(ordinal)
        target = base + count
        known = len(days.ordinals)
        if 0 <= target < known:
            _check_first_step(days, ordinal, count)
            return days, target, base
        forward = target >= 0
        missing = target - known + 1 if forward else -target
        per_year = max(known, 1) / (days.last_year - days.first_year + 1)
        years = int(missing / per_year) + 1
        days = index.grow(days, forward=forward, origin_year=origin_year, years=years)


def _check_first_step(days: Days, ordinal: int, count: int) -> None:
    """Raise when the first working day counted from ``ordinal`` is too far away."""
    base = days.count_before(ordinal)  # the first working day on or after the date
    if count < 0:
        step = base - 1
    elif count > 0 and base < len(days.ordinals) and days.ordinals[base] == ordinal:
        step = base + 1
    else:
        step = base
    if abs(days.ordinals[step] - ordinal) > _SEARCH_DAYS:
        raise _no_working_day(date.fromordinal(ordinal), forward=count >= 0)


def _day_index(hours: BusinessHours, day: date, count: int) -> tuple[Days, int]:
    """The working day ``count`` on from the day ``day`` counts in."""
    index = working_day_index(hours)
    if isinstance(day, datetime):
        days, _, ordinal = _anchor(index, to_us(day, "day"))
    elif isinstance(day, date):
        days, ordinal = index.covering_dates(day, day), day.toordinal()
    else:
        raise ArgumentTypeError(
            f"day must be a datetime.date or datetime, not {type(day).__name__}."
        )
    found, target, _ = _move(index, days, ordinal, count)
    return found, target


def _localize(ordinal: int, wall: datetime, zone: tzinfo) -> int:
    """The wall time of ``wall`` on the date ``ordinal`` as an instant: in a DST gap
    moved forward by the gap; in a repeated hour the pass ``wall.fold`` names."""
    day = date.fromordinal(ordinal)
    # The constructor, not datetime.replace: this is the hot path, and replace is slow.
    fields = (day.year, day.month, day.day, wall.hour, wall.minute, wall.second, wall.microsecond)
    value = (datetime(*fields, tzinfo=zone, fold=wall.fold) - EPOCH) // ONE_US
    if wall.fold:
        found = from_us(value, zone)
        found_day = (found.year, found.month, found.day)
        if (*found_day, found.hour, found.minute, found.second, found.microsecond) != fields:
            # A wall time in a gap, not a repeated hour: the compatible rule.
            value = (datetime(*fields, tzinfo=zone) - EPOCH) // ONE_US
    return value


def _same_wall_time(days: Days, day: int, at_us: int, home: int, zone: tzinfo) -> int:
    """The wall time of ``at_us`` on working day ``day``, clamped into that day's
    opening hours. The wall time counts from the local midnight that starts the
    working day ``home`` it belongs to: 02:00 in Friday's night shift is Friday's 26:00."""
    home_offset, offset = days.steady[home], days.steady[day]
    if home_offset is not None and offset is not None:  # no DST change near either day
        shift = (days.ordinals[day] - days.ordinals[home]) * _DAY_US
        return days.clamp(day, at_us + home_offset + shift - offset)
    local = from_us(at_us, zone)
    target = days.ordinals[day] + local.toordinal() - days.ordinals[home]
    return days.clamp(day, _localize(target, local, zone))


def add_working_days(hours: BusinessHours, start: datetime, days: int) -> datetime:
    """The same wall time ``days`` working days after ``start`` (before, when negative),
    clamped into that day's opening hours.

    ``start`` counts in its working day: an open instant in the day its opening
    interval started on (02:00 inside Friday's 22:00-06:00 shift is Friday), a
    closed one from the next opening. The result is the wall time of that
    instant on the working day ``days`` away, moved into that day's opening
    hours: before its first opening, the opening; in a break, the end of the
    break; after its last close, the last close (16:30 on a 09:00-15:00 day is
    15:00). ``days == 0`` gives the instant ``start`` counts from
    (``next_open(hours, start)``). A wall time in a DST gap moves forward by the
    gap; one that happens twice is taken in the same pass as ``start`` when
    that was the second one, else the first.

    Raises :class:`~servicelevel.NoOpeningHoursError` when no working day
    comes within 20 years.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> ams = ZoneInfo("Europe/Amsterdam")
        >>> add_working_days(hours, datetime(2025, 1, 10, 14, 30, tzinfo=ams), 1).isoformat()
        '2025-01-13T14:30:00+01:00'
        >>> add_working_days(hours, datetime(2025, 1, 11, 12, 0, tzinfo=ams), 1).isoformat()
        '2025-01-14T09:00:00+01:00'
    """
    count = _whole(days)
    index = working_day_index(hours)
    found, at_us, ordinal = _anchor(index, to_us(start, "start"))
    if count == 0:
        return from_us(at_us, hours.zone)
    found, day, home = _move(index, found, ordinal, count)
    return from_us(_same_wall_time(found, day, at_us, home, hours.zone), hours.zone)


def working_days_between(hours: BusinessHours, start: date, end: date) -> int:
    """Whole working days from ``start`` to ``end``; negative when ``end`` is earlier.

    For two instants (datetimes): the largest ``n >= 0`` with
    ``add_working_days(hours, start, n) <= end``, so that
    ``working_days_between(h, s, add_working_days(h, s, n)) == n`` for every
    ``n >= 0``; ``-working_days_between(hours, end, start)`` when ``end < start``.
    For two dates: the number of working days in ``[start, end)``, as
    ``numpy.busday_count`` counts them.

    Example:
        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> ams = ZoneInfo("Europe/Amsterdam")
        >>> working_days_between(hours, datetime(2025, 1, 10, 14, tzinfo=ams),
        ...                      datetime(2025, 1, 14, 13, tzinfo=ams))
        1
        >>> working_days_between(hours, date(2025, 1, 10), date(2025, 1, 14))
        2
    """
    index = working_day_index(hours)
    if isinstance(start, datetime) and isinstance(end, datetime):
        start_us, end_us = to_us(start, "start"), to_us(end, "end")
        if end_us < start_us:
            return -_count_whole_days(index, hours.zone, end_us, start_us)
        return _count_whole_days(index, hours.zone, start_us, end_us)
    if isinstance(start, datetime) or isinstance(end, datetime):
        raise ArgumentTypeError(
            "start and end must both be datetimes (instants) or both be dates, not a "
            f"{type(start).__name__} and a {type(end).__name__}."
        )
    if not isinstance(start, date) or not isinstance(end, date):
        raise ArgumentTypeError(
            "start and end must be datetimes or dates, not "
            f"{type(start).__name__} and {type(end).__name__}."
        )
    days = index.covering_dates(min(start, end), max(start, end))
    return days.count_before(end.toordinal()) - days.count_before(start.toordinal())


def _count_whole_days(index: WorkingDayIndex, zone: tzinfo, start_us: int, end_us: int) -> int:
    _, at_us, ordinal = _anchor(index, start_us)
    if end_us < at_us:
        return 0
    days = index.covering(start_us, end_us)
    first = days.count_before(ordinal)
    count = bisect_right(days.opens, end_us) - 1 - first  # days begun by end_us
    while count > 0 and _same_wall_time(days, first + count, at_us, first, zone) > end_us:
        count -= 1
    return count


def working_day(hours: BusinessHours, day: date, days: int = 0) -> date:
    """The working day ``day`` counts in, moved ``days`` working days on (back, when
    negative).

    ``day`` is a date or an instant. A date that is not a working day counts as
    the next working day (so ``days < 0`` gives the working day that many
    before it); an instant counts in the working day of its opening interval,
    or of the next opening when closed (see :func:`add_working_days`).

    Example:
        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> working_day(hours, date(2025, 1, 11))  # a Saturday
        datetime.date(2025, 1, 13)
        >>> working_day(hours, datetime(2025, 1, 10, 17, tzinfo=ZoneInfo("UTC")), 1)
        datetime.date(2025, 1, 14)
    """
    found, index = _day_index(hours, day, _whole(days))
    return date.fromordinal(found.ordinals[index])


def start_of_working_day(hours: BusinessHours, day: date) -> datetime:
    """The first opening of the working day ``day`` counts in (see :func:`working_day`).

    Example:
        >>> from datetime import date
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> start_of_working_day(hours, date(2025, 1, 11)).isoformat()
        '2025-01-13T09:00:00+01:00'
    """
    found, index = _day_index(hours, day, 0)
    return from_us(found.opens[index], hours.zone)


def end_of_working_day(hours: BusinessHours, day: date) -> datetime:
    """The last close of the working day ``day`` counts in (see :func:`working_day`):
    the end of the last interval that starts on that date, the next morning for a
    night shift.

    "The end of the next working day" after an instant ``at`` is
    ``end_of_working_day(hours, working_day(hours, at, 1))``.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> friday = datetime(2025, 1, 10, 11, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> end_of_working_day(hours, friday).isoformat()
        '2025-01-10T17:00:00+01:00'
        >>> end_of_working_day(hours, working_day(hours, friday, 1)).isoformat()
        '2025-01-13T17:00:00+01:00'
    """
    found, index = _day_index(hours, day, 0)
    return from_us(found.last_close(index), hours.zone)
