"""The compiled index behind the business-time functions.

A :class:`BusinessHours` is compiled, per range of local years, into sorted
integer lists in UTC microseconds since the Unix epoch: the start and end of
every merged opening period and the business time before each period. The
cumulative business time ``C(t)`` at an instant is one bisection; elapsed
business time is ``C(b) - C(a)``; a deadline is the inverse of ``C``, another
bisection. DST is applied once, when local interval ends are turned into
instants, so no arithmetic ever subtracts wall-clock times.

The index grows on demand (by whole years) and is cached per ``BusinessHours``
object; every snapshot is immutable, so readers never see a half-built one.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from threading import Lock
from typing import Any

from servicelevel._day_rules import DayRules
from servicelevel._errors import (
    NeverClosesError,
    NoOpeningHoursError,
    OutOfRangeError,
)
from servicelevel._hours import BusinessHours
from servicelevel._instants import EPOCH, ONE_US, from_us, to_us, year_of

DAY_US = 86_400_000_000
#: A search for the next opening or close gives up after this many years.
SEARCH_YEARS = 20
_MIN_YEAR, _MAX_YEAR = 2, 9997
# Periods that start before the first compiled year can reach this far into it.
_LEAD_US = 3 * DAY_US


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Merged opening periods of local years ``first_year..last_year``.

    The lists equal the true schedule on ``[lo, hi)``; answers outside it
    need a larger snapshot.
    """

    first_year: int
    last_year: int
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    before: list[int]  # business time before each period
    after: list[int]  # business time up to each period's end
    extras: dict[str, Any] = field(default_factory=dict, compare=False)  # derived caches

    def covers(self, value: int) -> bool:
        return self.lo <= value < self.hi

    def cumulative(self, value: int) -> int:
        """Business time from the snapshot's start up to ``value``."""
        starts = self.starts
        index = bisect_right(starts, value) - 1
        if index < 0:
            return 0
        end = self.ends[index]
        return self.before[index] + (value if value < end else end) - starts[index]

    def period_at(self, value: int) -> int:
        """Index of the period containing ``value`` (or -1 - next index when closed)."""
        index = bisect_right(self.starts, value) - 1
        if index >= 0 and value < self.ends[index]:
            return index
        return -2 - index  # so that -1 - result is the index of the next period


def _local_midnight_us(day: date, hours: BusinessHours) -> int:
    return to_us(datetime(day.year, day.month, day.day, tzinfo=hours.zone), "day")


def compile_years(hours: BusinessHours, first_year: int, last_year: int) -> Snapshot:
    """Compile the opening periods whose local start date lies in the given years."""
    tz = hours.zone
    rules = DayRules(hours, first_year, last_year)
    one_day = timedelta(days=1)
    raw: list[tuple[int, int]] = []
    day, stop = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    while day < stop:
        for interval in rules.plan(day).intervals:
            start = datetime.combine(day, interval.start, tzinfo=tz)
            end_day = day + one_day if interval.end_us >= DAY_US else day
            end = datetime.combine(end_day, interval.end, tzinfo=tz)
            start_us, end_us = (start - EPOCH) // ONE_US, (end - EPOCH) // ONE_US
            # A wall-time interval can vanish in a DST gap; skip it then.
            if end_us > start_us:
                raw.append((start_us, end_us))
        day += one_day
    raw.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start_us, end_us in raw:
        if ends and start_us <= ends[-1]:  # overlapping or touching: one period
            ends[-1] = max(ends[-1], end_us)
        else:
            starts.append(start_us)
            ends.append(end_us)
    before: list[int] = []
    after: list[int] = []
    total = 0
    for start_us, end_us in zip(starts, ends, strict=True):
        before.append(total)
        total += end_us - start_us
        after.append(total)
    return Snapshot(
        first_year=first_year,
        last_year=last_year,
        lo=_local_midnight_us(date(first_year, 1, 1), hours) + _LEAD_US,
        hi=_local_midnight_us(stop, hours),
        starts=starts,
        ends=ends,
        before=before,
        after=after,
    )


class Timeline:
    """The growing index of one :class:`BusinessHours` object."""

    __slots__ = ("_hours", "_lock", "snapshot")

    def __init__(self, hours: BusinessHours) -> None:
        if not hours.has_openings:
            raise NoOpeningHoursError(
                "these business hours have no opening interval at all, so no opening, "
                "close or deadline exists. Add weekly intervals, e.g. "
                "BusinessHours.weekly({'mon-fri': '09:00-17:00'}, tz=...)."
            )
        self._hours = hours
        self._lock = Lock()
        self.snapshot: Snapshot | None = None

    def covering(self, first_us: int, last_us: int | None = None) -> Snapshot:
        """A snapshot whose valid window holds both instants."""
        last_us = first_us if last_us is None else last_us
        snapshot = self.snapshot
        if snapshot is not None and snapshot.lo <= first_us and last_us < snapshot.hi:
            return snapshot
        return self._grow(year_of(first_us - _LEAD_US - DAY_US), year_of(last_us + 2 * DAY_US))

    def grow(self, snapshot: Snapshot, *, forward: bool, years: int = 0) -> Snapshot:
        """A snapshot at least ``years`` (and at least twice as many) years longer."""
        span = max(2, snapshot.last_year - snapshot.first_year + 1, years)
        if forward:
            return self._grow(snapshot.first_year, snapshot.last_year + span)
        return self._grow(snapshot.first_year - span, snapshot.last_year)

    def _grow(self, first_year: int, last_year: int) -> Snapshot:
        if first_year < _MIN_YEAR or last_year > _MAX_YEAR:
            year = first_year if first_year < _MIN_YEAR else last_year
            raise OutOfRangeError.for_year(year, _MIN_YEAR, _MAX_YEAR)
        with self._lock:
            current = self.snapshot
            if current is not None:
                first_year = min(first_year, current.first_year)
                last_year = max(last_year, current.last_year)
                if (first_year, last_year) == (current.first_year, current.last_year):
                    return current
            snapshot = compile_years(self._hours, first_year, last_year)
            self.snapshot = snapshot
            return snapshot


_TIMELINES: dict[int, Timeline] = {}
# Equal schedules share an index (e.g. one loaded from JSON per request).
_BY_VALUE: OrderedDict[BusinessHours, Timeline] = OrderedDict()
_BY_VALUE_SIZE = 64


def timeline(hours: BusinessHours) -> Timeline:
    """The cached index of ``hours``: by identity while the object lives, and by
    value for the most recently used schedules."""
    found = _TIMELINES.get(id(hours))
    if found is None:
        found = _BY_VALUE.get(hours)
        if found is None:
            found = Timeline(hours)
            _BY_VALUE[hours] = found
            if len(_BY_VALUE) > _BY_VALUE_SIZE:
                _BY_VALUE.popitem(last=False)
        else:
            _BY_VALUE.move_to_end(hours)
        key = id(hours)
        _TIMELINES[key] = found
        weakref.finalize(hours, _TIMELINES.pop, key, None)
    return found


def _years_for(snapshot: Snapshot, remaining_us: int) -> int:
    """How many more years of this schedule hold ``remaining_us`` of open time."""
    years = snapshot.last_year - snapshot.first_year + 1
    total = snapshot.after[-1] if snapshot.after else 0
    if total == 0:
        return 0
    return -(-remaining_us * years // total) + 1


def _give_up(snapshot: Snapshot, origin_us: int, *, forward: bool, found: bool) -> None:
    """Raise when a search has covered SEARCH_YEARS without finding anything."""
    origin_year = year_of(origin_us)
    reach = snapshot.last_year - origin_year if forward else origin_year - snapshot.first_year
    if reach > SEARCH_YEARS and not found:
        direction = "after" if forward else "before"
        raise NoOpeningHoursError(
            f"these business hours have no opening in the {SEARCH_YEARS} years {direction} "
            f"{from_us(origin_us, UTC).isoformat()}: holidays, closures or special days "
            "close every interval. Check the schedule."
        )


def add(hours: BusinessHours, start_us: int, duration_us: int) -> int:
    """The instant ``duration_us`` of open time after (or before) ``start_us``."""
    if duration_us == 0:
        return start_us
    line = _TIMELINES.get(id(hours)) or timeline(hours)
    snapshot = line.snapshot
    if snapshot is None or not snapshot.lo <= start_us < snapshot.hi:
        snapshot = line.covering(start_us)
    forward = duration_us > 0
    while True:
        reached = snapshot.cumulative(start_us)
        target = reached + duration_us
        after = snapshot.after
        if forward:
            index = bisect_left(after, target)
            if index < len(after):
                result = snapshot.ends[index] - (after[index] - target)
                if result <= snapshot.hi:
                    return result
            remaining = target - (after[-1] if after else 0)
            found = bool(after) and after[-1] > reached
        else:
            if target >= 0:
                index = bisect_right(snapshot.before, target) - 1
                result = snapshot.starts[index] + (target - snapshot.before[index])
                if result >= snapshot.lo:
                    return result
            remaining = -target
            found = reached > 0
        _give_up(snapshot, start_us, forward=forward, found=found)
        snapshot = line.grow(snapshot, forward=forward, years=_years_for(snapshot, remaining))


def between(hours: BusinessHours, start_us: int, end_us: int) -> int:
    """Open time in ``[start, end)``, negative when ``end < start``."""
    low, high = min(start_us, end_us), max(start_us, end_us)
    snapshot = timeline(hours).covering(low, high)
    return snapshot.cumulative(end_us) - snapshot.cumulative(start_us)


def is_open(hours: BusinessHours, at_us: int) -> bool:
    return timeline(hours).covering(at_us).period_at(at_us) >= 0


def _next_boundary(hours: BusinessHours, at_us: int, *, closing: bool) -> int:
    line = timeline(hours)
    snapshot = line.covering(at_us)
    while True:
        index = snapshot.period_at(at_us)
        if index >= 0 and not closing:
            return at_us
        if index < 0:
            index = -1 - index
        boundaries = snapshot.ends if closing else snapshot.starts
        if index < len(boundaries) and boundaries[index] < snapshot.hi:
            return boundaries[index]
        try:
            _give_up(snapshot, at_us, forward=True, found=False)
        except NoOpeningHoursError:
            if not closing:
                raise
            raise NeverClosesError(
                f"these business hours do not close in the {SEARCH_YEARS} years after "
                f"{from_us(at_us, UTC).isoformat()} (open around the clock). Check "
                "is_open() first, or add the holidays or closures the team observes."
            ) from None
        snapshot = line.grow(snapshot, forward=True)


def next_open(hours: BusinessHours, at_us: int) -> int:
    """The first instant at or after ``at_us`` at which the schedule is open."""
    return _next_boundary(hours, at_us, closing=False)


def next_close(hours: BusinessHours, at_us: int) -> int:
    """The first closing instant after ``at_us`` (the end of the current or next period)."""
    return _next_boundary(hours, at_us, closing=True)


# The searches below answer the same for every state of the cache: a boundary
# found further away than this is no answer, even if the index already holds it.
_SEARCH_US = round(SEARCH_YEARS * 365.2425) * DAY_US


def _not_found(
    snapshot: Snapshot, at_us: int, *, forward: bool, what: str
) -> NeverClosesError | NoOpeningHoursError:
    """The error for a search that found no ``what`` within SEARCH_YEARS: NeverClosesError
    when ``at_us`` lies in a period that lasts that long, else NoOpeningHoursError."""
    direction = "after" if forward else "before"
    when = from_us(at_us, UTC).isoformat()
    index = snapshot.period_at(at_us)
    if index >= 0:
        edge = snapshot.ends[index] - at_us if forward else at_us - snapshot.starts[index]
        if edge > _SEARCH_US:
            return NeverClosesError(
                f"these business hours are open without a break in the {SEARCH_YEARS} years "
                f"{direction} {when} (open around the clock), so there is no {what} to "
                "give. Check is_open() first, or add the holidays or closures the team observes."
            )
    return NoOpeningHoursError(
        f"these business hours have no {what} in the {SEARCH_YEARS} years {direction} {when}: "
        "they stay closed (closures, holidays, special days), or open, without a break for "
        "that long. Check the schedule."
    )


def _previous_boundary(hours: BusinessHours, at_us: int, *, closing: bool) -> int:
    line = timeline(hours)
    snapshot = line.covering(at_us)
    what = "closing instant" if closing else "opening instant"
    while True:
        boundaries = snapshot.ends if closing else snapshot.starts
        index = bisect_right(boundaries, at_us) - 1
        # A boundary before lo may belong to a period that started earlier still.
        if index >= 0 and boundaries[index] >= snapshot.lo:
            if at_us - boundaries[index] > _SEARCH_US:
                raise _not_found(snapshot, at_us, forward=False, what=what)
            return boundaries[index]
        if year_of(at_us) - snapshot.first_year > SEARCH_YEARS:
            raise _not_found(snapshot, at_us, forward=False, what=what)
        snapshot = line.grow(snapshot, forward=False)


def previous_open(hours: BusinessHours, at_us: int) -> int:
    """The start of the period containing ``at_us``, or of the last one before it."""
    return _previous_boundary(hours, at_us, closing=False)


def previous_close(hours: BusinessHours, at_us: int) -> int:
    """The latest closing instant at or before ``at_us``."""
    return _previous_boundary(hours, at_us, closing=True)


def next_opening_after(hours: BusinessHours, at_us: int) -> int:
    """The first opening instant strictly after ``at_us``."""
    line = timeline(hours)
    snapshot = line.covering(at_us)
    while True:
        index = bisect_right(snapshot.starts, at_us)
        if index < len(snapshot.starts) and snapshot.starts[index] < snapshot.hi:
            if snapshot.starts[index] - at_us > _SEARCH_US:
                raise _not_found(snapshot, at_us, forward=True, what="opening instant")
            return snapshot.starts[index]
        if snapshot.last_year - year_of(at_us) > SEARCH_YEARS:
            raise _not_found(snapshot, at_us, forward=True, what="opening instant")
        snapshot = line.grow(snapshot, forward=True)
