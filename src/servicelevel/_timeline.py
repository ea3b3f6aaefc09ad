"""The compiled index behind the business-time functions.

A schedule is compiled into independent *year chunks*. The
chunk of local year ``Y`` holds the opening time in ``[lo, hi)``, from local
midnight on 1 January ``Y`` to local midnight on 1 January ``Y + 1``, as
sorted integer lists in UTC microseconds since the Unix epoch: the start and
end of every merged opening period and the business time before each. A
period that runs over New Year (a night shift, a 24/7 week) is cut at the
seam, and the days just before and after the year are compiled with it, so a
chunk needs no other chunk and its answers never depend on which years were
asked for before.

The cumulative business time ``C(t)`` at an instant is one bisection in its
chunk plus the totals of the years before it; elapsed business time is
``C(b) - C(a)``; a deadline is the inverse of ``C``, another bisection. DST
is applied once, when local interval ends are turned into instants, so no
arithmetic ever subtracts wall-clock times.

Each chunk also carries its days' local midnights, so that converting a
datetime in the schedule's zone to an instant and back is integer arithmetic
on all days without a DST transition.

Caches (all bounded, all safe under threads; snapshots are immutable):

* indexes by schedule object: one entry per *live* schedule, dropped with it;
* indexes by value: the :data:`SCHEDULES_BY_VALUE` most recently used
  schedules, so equal schedules (one loaded from JSON per request) share one.
  It holds a private copy of the schedule, never the caller's object;
* per index, the :data:`CHUNKS_PER_SCHEDULE` most recently compiled year chunks
  (about 50 kB each for office hours) and the open time of each year seen.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import partial
from itertools import pairwise
from threading import Lock
from typing import Any, NamedTuple, TypeVar

from servicelevel._combined import CombinedHours, Schedule, combine_periods
from servicelevel._day_rules import DayRules
from servicelevel._errors import (
    ArgumentTypeError,
    HolidayCalendarRangeError,
    NeverClosesError,
    NoOpeningHoursError,
    OutOfRangeError,
    ServiceLevelError,
)
from servicelevel._hours import BusinessHours
from servicelevel._instants import EPOCH, ONE_US, from_us, to_us, year_of
from servicelevel._intervals import OpeningInterval
from servicelevel._schedule_cache import ScheduleCache

DAY_US = 86_400_000_000
#: A search for the next opening or close gives up after this many years.
SEARCH_YEARS = 20
#: Year chunks kept per index (the earliest compiled are dropped first).
CHUNKS_PER_SCHEDULE = 16
#: Indexes kept for schedules that are equal by value.
SCHEDULES_BY_VALUE = 32
_WINDOWS_PER_SCHEDULE = 2
_MIN_YEAR, _MAX_YEAR = 2, 9997
# Intervals that start this many days before a year can reach into it (an
# interval ends at most two days after its local start date, plus a DST gap).
_LEAD_DAYS = 3
# A wall time early on 1 January can fall before local midnight in a DST gap.
_TAIL_DAYS = 2
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MEAN_YEAR_US = 146_097 * DAY_US // 400
# Instants whose local year the index can compute (a day of margin for offsets).
_MIN_US = (date(_MIN_YEAR, 1, 2).toordinal() - _EPOCH_ORDINAL) * DAY_US
_MAX_US = (date(_MAX_YEAR, 12, 31).toordinal() - _EPOCH_ORDINAL) * DAY_US
_ONE_DAY = timedelta(days=1)
_SECOND_US = 1_000_000
# Generous slack for DST folds when bounding the open time of a year.
_YEAR_SLACK_US = 2 * DAY_US
# Searches for an opening or a close look this far, whatever the cache holds.
_SEARCH_US = round(SEARCH_YEARS * 365.2425) * DAY_US

_T = TypeVar("_T")


def _month_days(year: int) -> tuple[tuple[int, int], ...]:
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    return tuple((day.month, day.day) for day in map(date.fromordinal, range(first, last + 1)))


# (month, day) for each day of the year, for common and leap years.
_MONTH_DAYS = (_month_days(2025), _month_days(2024))
# (hour, minute) for each minute of the day.
_HOURS_MINUTES = tuple(divmod(minute, 60) for minute in range(24 * 60))


class YearTable(NamedTuple):
    """One chunk's lists and its days' local midnights, for conversions and
    deadlines without tzinfo calls. The deadline path unpacks it in one step.

    ``regular[i]`` is 1 when the UTC offset does not change during day ``i``,
    so that its wall times are ``midnights[i]`` plus the time of day.
    """

    first_ordinal: int
    regular: bytes
    midnights: list[int]  # one more than the days: the last is next year's
    starts: list[int]
    ends: list[int]
    before: list[int]
    after: list[int]
    period_days: list[int]  # the day each period starts on
    day_periods: list[int]  # the first period that ends after each midnight
    year: int
    month_days: tuple[tuple[int, int], ...]

    @property
    def day_count(self) -> int:
        """The days of the year."""
        return len(self.regular)

    def instant(self, value: datetime) -> int | None:
        """``value`` (a datetime in this table's zone) as an instant, or None
        when its date is not a regular day of this year."""
        index = value.toordinal() - self.first_ordinal
        if 0 <= index < len(self.regular) and self.regular[index]:
            return self.midnights[index] + (
                ((value.hour * 60 + value.minute) * 60 + value.second) * _SECOND_US
                + value.microsecond
            )
        return None

    def wall(self, value: int, zone: tzinfo) -> datetime | None:
        """The instant ``value`` as a datetime in ``zone``, or None off the regular days."""
        midnights = self.midnights
        index = bisect_right(midnights, value) - 1
        if 0 <= index < len(self.regular) and self.regular[index]:
            seconds, micro = divmod(value - midnights[index], _SECOND_US)
            minutes, second = divmod(seconds, 60)
            hour, minute = _HOURS_MINUTES[minutes]
            month, day = self.month_days[index]
            return datetime(self.year, month, day, hour, minute, second, micro, zone)
        return None


@dataclass(frozen=True, slots=True, eq=False)
class Snapshot:
    """Merged opening periods of local years ``first_year..last_year``.

    The lists hold the true schedule on ``[lo, hi)``: a period that runs over
    ``lo`` or ``hi`` is cut there. ``before``/``after`` count business time
    from ``lo``. A snapshot of one year is a chunk of the index (and has a
    :class:`YearTable`); one of several years is a window joined from chunks.
    """

    first_year: int
    last_year: int
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    before: list[int]  # business time before each period
    after: list[int]  # business time up to each period's end
    days: YearTable | None = None
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def total(self) -> int:
        """Business time in ``[lo, hi)``."""
        return self.after[-1] if self.after else 0

    def covers(self, value: int) -> bool:
        return self.lo <= value < self.hi

    def cumulative(self, value: int) -> int:
        """Business time from ``lo`` up to ``value``."""
        starts = self.starts
        index = bisect_right(starts, value) - 1
        if index < 0:
            return 0
        end = self.ends[index]
        return self.before[index] + (value if value < end else end) - starts[index]

    def deadline(self, start_us: int, duration_us: int) -> tuple[int, int] | None:
        """The instant ``duration_us`` (not 0) of open time after (or before)
        ``start_us``, and its period's index; None when it lies outside ``[lo, hi]``."""
        starts = self.starts
        index = bisect_right(starts, start_us) - 1
        target = duration_us
        following = 0  # the first period that can hold a deadline after start_us
        if index >= 0:
            if start_us < self.ends[index]:
                target += self.before[index] + start_us - starts[index]
                following = index
            else:
                target += self.after[index]
                following = index + 1
        if duration_us > 0:
            after = self.after
            # Most targets end in that period; else bisect (the cost stays flat).
            if following < len(after) and after[following] < target:
                following = bisect_left(after, target, following)
            if following < len(after):
                return self.ends[following] - (after[following] - target), following
        elif target >= 0:
            index = bisect_right(self.before, target) - 1
            return starts[index] + (target - self.before[index]), index
        return None

    def period_at(self, value: int) -> int:
        """Index of the period containing ``value`` (or -1 - next index when closed)."""
        index = bisect_right(self.starts, value) - 1
        if index >= 0 and value < self.ends[index]:
            return index
        return -2 - index  # so that -1 - result is the index of the next period

    def derived(self, key: str, build: Callable[[Snapshot], _T]) -> _T:
        """A value computed once per snapshot from its lists (NumPy copies, say).

        Safe under threads: two threads may both build it; one result is kept.
        """
        found: _T | None = self._derived.get(key)
        if found is None:
            found = self._derived.setdefault(key, build(self))
        return found


def check_year(year: int) -> None:
    if year < _MIN_YEAR or year > _MAX_YEAR:
        raise OutOfRangeError.for_year(year, _MIN_YEAR, _MAX_YEAR)


def _local_midnight_us(day: date, hours: Schedule) -> int:
    return to_us(datetime(day.year, day.month, day.day, tzinfo=hours.zone), "day")


def _midnights(zone: tzinfo, first: date, count: int) -> list[int]:
    """Local midnight (the earlier instant in a fold, moved forward in a gap) of
    ``count`` days from ``first``."""
    result: list[int] = []
    moment = datetime(first.year, first.month, first.day, tzinfo=zone)
    wall = (first.toordinal() - _EPOCH_ORDINAL) * DAY_US
    for _ in range(count):
        offset = moment.utcoffset()
        assert offset is not None
        result.append(wall - (offset.days * DAY_US + offset.seconds * _SECOND_US))
        moment += _ONE_DAY  # wall-clock arithmetic: the next local midnight
        wall += DAY_US
    return result


Span = tuple[int, int, time, time]


def _spans(intervals: Iterable[OpeningInterval]) -> list[Span]:
    return sorted((iv.start_us, iv.end_us, iv.start, iv.end) for iv in intervals)


def _raw_periods(
    hours: BusinessHours, first: date, count: int, midnights: list[int], year: int
) -> list[tuple[int, int]]:
    """Opening periods of the intervals that start on ``count`` days from ``first``
    (the days of ``year`` and a few either side), as DayRules decides them."""
    first_ordinal = first.toordinal()
    regular = [b - a == DAY_US for a, b in pairwise(midnights)]
    week = [hours.week.for_weekday(weekday) for weekday in range(7)]
    week_spans = [_spans(intervals) for intervals in week]
    rules = DayRules(hours, first.year, first.year + 2)
    lo, hi = midnights[_LEAD_DAYS], midnights[count - _TAIL_DAYS]

    def instant(index: int, wall_us: int, wall: time) -> int:
        if wall_us >= DAY_US:
            index, wall_us = index + 1, wall_us - DAY_US
        if wall_us == 0 or regular[index]:
            return midnights[index] + wall_us
        day = date.fromordinal(first_ordinal + index)
        return (datetime.combine(day, wall, tzinfo=hours.zone) - EPOCH) // ONE_US

    def periods(index: int, spans: list[Span]) -> list[tuple[int, int]]:
        found = [(instant(index, s, start), instant(index, e, end)) for s, e, start, end in spans]
        return [(start, end) for start, end in found if end > start]  # none in a DST gap

    raw: list[tuple[int, int]] = []
    weekday = first.weekday()
    for index in range(count):
        day = date.fromordinal(first_ordinal + index)
        try:
            intervals = rules.plan(day).intervals
        except HolidayCalendarRangeError:
            # A day next to the year, of a year the calendar does not know: harmless
            # when even without holidays nothing of it reaches into the year.
            if day.year == year or _reaches(hours, day, lo, hi, partial(periods, index)):
                raise
            continue
        usual = (weekday + index) % 7
        raw += periods(index, week_spans[usual] if intervals is week[usual] else _spans(intervals))
    raw.sort()
    return raw


def _reaches(
    hours: BusinessHours,
    day: date,
    lo: int,
    hi: int,
    periods: Callable[[list[Span]], list[tuple[int, int]]],
) -> bool:
    """Whether ``day``'s intervals, were it no holiday, would reach into ``[lo, hi)``."""
    unlisted = hours.model_copy(update={"holidays": ()})
    spans = _spans(DayRules(unlisted, day.year, day.year).plan(day).intervals)
    return any(start < hi and end > lo for start, end in periods(spans))


def periods_between(member: Schedule, lo: int, hi: int) -> list[tuple[int, int]]:
    """The opening periods of ``member`` on ``[lo, hi)``, clipped, from its own index."""
    if not member.has_openings:
        return []
    line = timeline(member)
    found: list[tuple[int, int]] = []
    year = line.year_at(lo)
    while True:
        chunk = line.chunk(year)
        for index in range(bisect_right(chunk.ends, lo), len(chunk.starts)):
            start, end = chunk.starts[index], chunk.ends[index]
            if start >= hi:
                break
            if found and found[-1][1] == start:  # a period cut at the member's New Year
                found[-1] = (found[-1][0], min(end, hi))
            else:
                found.append((max(start, lo), min(end, hi)))
        if chunk.hi >= hi:
            return found
        year += 1


def _combined_periods(hours: CombinedHours, lo: int, hi: int) -> list[tuple[int, int]]:
    """The opening periods of a combined schedule on ``[lo, hi)``: each member's
    from its own index (in its own zone), then joined or intersected."""
    members = [periods_between(member, lo, hi) for member in hours.schedules]
    return combine_periods(hours.mode, members)


def _chunk(hours: Schedule, year: int) -> Snapshot:
    """The opening time of local year ``year``, independent of any other year."""
    check_year(year)
    first = date(year - 1, 12, 32 - _LEAD_DAYS)
    jan_1, next_jan_1 = date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()
    count = next_jan_1 + _TAIL_DAYS - first.toordinal()
    midnights = _midnights(hours.zone, first, count + 2)
    lo, hi = midnights[jan_1 - first.toordinal()], midnights[next_jan_1 - first.toordinal()]
    if isinstance(hours, CombinedHours):
        raw = _combined_periods(hours, lo, hi)
    else:
        raw = _raw_periods(hours, first, count, midnights, year)
    starts: list[int] = []
    ends: list[int] = []
    for start_at, end_at in raw:
        start_at, end_at = max(start_at, lo), min(end_at, hi)
        if end_at <= start_at:
            continue
        if ends and start_at <= ends[-1]:  # overlapping or touching: one period
            ends[-1] = max(ends[-1], end_at)
        else:
            starts.append(start_at)
            ends.append(end_at)
    before, after = _running_totals(starts, ends)
    own = midnights[jan_1 - first.toordinal() : next_jan_1 - first.toordinal() + 1]
    table = YearTable(
        first_ordinal=jan_1,
        regular=bytes(b - a == DAY_US for a, b in pairwise(own)),
        midnights=own,
        starts=starts,
        ends=ends,
        before=before,
        after=after,
        period_days=[bisect_right(own, start) - 1 for start in starts],
        day_periods=[bisect_right(ends, midnight) for midnight in own],
        year=year,
        month_days=_MONTH_DAYS[next_jan_1 - jan_1 == 366],
    )
    return Snapshot(year, year, lo, hi, starts, ends, before, after, table)


def _running_totals(starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    before: list[int] = []
    after: list[int] = []
    total = 0
    for start_us, end_us in zip(starts, ends, strict=True):
        before.append(total)
        total += end_us - start_us
        after.append(total)
    return before, after


def join(chunks: list[Snapshot]) -> Snapshot:
    """Consecutive chunks as one snapshot; a period cut at a seam is whole again."""
    starts: list[int] = []
    ends: list[int] = []
    before: list[int] = []
    after: list[int] = []
    offset = 0
    for chunk in chunks:
        skip = 0
        if ends and chunk.starts and chunk.starts[0] == ends[-1]:
            ends[-1] = chunk.ends[0]
            after[-1] = offset + chunk.after[0]
            skip = 1
        starts += chunk.starts[skip:]
        ends += chunk.ends[skip:]
        before += [offset + value for value in chunk.before[skip:]]
        after += [offset + value for value in chunk.after[skip:]]
        offset += chunk.total
    first, last = chunks[0], chunks[-1]
    return Snapshot(
        first.first_year, last.last_year, first.lo, last.hi, starts, ends, before, after
    )


def compile_years(hours: Schedule, first_year: int, last_year: int) -> Snapshot:
    """Compile the opening time of local years ``first_year..last_year``."""
    if first_year == last_year:
        return _chunk(hours, first_year)
    return join([_chunk(hours, year) for year in range(first_year, last_year + 1)])


def _closed_ranges(hours: Schedule) -> list[tuple[int, int]]:
    """The whole-day closures as merged, sorted ranges of date ordinals."""
    merged: list[tuple[int, int]] = []
    if isinstance(hours, CombinedHours):
        return merged  # dates in other zones: the members' own indexes skip their closures
    whole = [c for c in hours.closures if c.hours is None]
    for start, end in sorted((c.start.toordinal(), c.last.toordinal()) for c in whole):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _special_years(hours: Schedule) -> frozenset[int] | None:
    """When only one-off special days open: the (local) years whose chunks they
    reach, a year of margin either side for members in other zones; else None."""
    if isinstance(hours, CombinedHours):
        found = [_special_years(member) for member in hours.schedules if member.has_openings]
        bounded = [years for years in found if years is not None]
        if hours.mode == "union":
            years = None if None in found else frozenset().union(*bounded)
        else:
            years = frozenset.intersection(*bounded) if bounded else None
        return years and frozenset(year + step for year in years for step in (-1, 0, 1))
    if hours.week.is_empty and not any(r.hours for r in hours.recurring_special_days):
        return frozenset(
            s.date.year + step for s in hours.special_days if s.hours for step in (-1, 0, 1)
        )
    return None


def _bound_per_year(hours: Schedule) -> int:
    """More open time than any one year can hold."""
    if isinstance(hours, CombinedHours):
        bounds = [_bound_per_year(member) for member in hours.schedules if member.has_openings]
        return min(367 * DAY_US, sum(bounds) if hours.mode == "union" else min(bounds))
    week = sum(iv.length_us for day in range(7) for iv in hours.week.for_weekday(day))
    special = sum(iv.length_us for s in hours.special_days for iv in s.hours)
    recurring = sum(iv.length_us for r in hours.recurring_special_days for iv in r.hours)
    return min(367 * DAY_US, 54 * week + special + 366 * recurring + _YEAR_SLACK_US)


_EMPTY = Snapshot(0, 0, 0, 0, [], [], [], [])


class Timeline:
    """The index of one schedule: year chunks compiled on demand, and the
    business-time questions answered from them.

    Every method is safe to call from several threads at once.
    """

    __slots__ = (
        "_chunks",
        "_closed",
        "_hours",
        "_lock",
        "_special_range",
        "_special_years",
        "_starts",
        "_totals",
        "_windows",
        "_year_bound",
        "by_year",
        "recent",
        "tables",
        "zone",
    )

    def __init__(self, hours: Schedule) -> None:
        if not hours.has_openings:
            raise NoOpeningHoursError.for_empty_schedule()
        # A private copy: the cache by value must not keep the caller's object alive.
        self._hours = hours.model_copy(deep=isinstance(hours, CombinedHours))
        self.zone = hours.zone
        self._lock = Lock()
        # The cached chunks in the order they were compiled, and the same chunks
        # by year for reads without the lock (all changed under the lock only).
        self._chunks: OrderedDict[int, Snapshot] = OrderedDict()
        self.by_year: dict[int, Snapshot] = {}
        self.tables: dict[int, YearTable] = {}  # the same chunks' tables
        self._windows: OrderedDict[tuple[int, int], Snapshot] = OrderedDict()
        self._totals: dict[int, int] = {}
        self._starts: dict[int, int] = {}
        self._closed = _closed_ranges(hours)
        #: When only one-off special days open: the years whose chunks they reach.
        self._special_years = _special_years(hours)
        self._special_range = (0, 0)
        if self._special_years:
            self._special_range = (min(self._special_years), max(self._special_years))
        self._year_bound = _bound_per_year(hours)
        self.recent = _EMPTY

    # -- chunks --------------------------------------------------------------

    def chunk(self, year: int) -> Snapshot:
        """The chunk of local year ``year`` (compiled once, then cached)."""
        found = self.by_year.get(year)  # one dict read: no lock needed
        if found is None:
            compiled = compile_years(self._hours, year, year)  # outside the lock; pure
            with self._lock:
                found = self.by_year.setdefault(year, compiled)  # another thread's, if first
                assert found.days is not None
                self.tables[year] = found.days
                self._totals[year] = found.total
                self._chunks[year] = found
                while len(self._chunks) > CHUNKS_PER_SCHEDULE:  # the earliest compiled go
                    evicted = self._chunks.popitem(last=False)[0]
                    del self.by_year[evicted], self.tables[evicted]
        return found

    def table(self, year: int) -> YearTable:
        """The :class:`YearTable` of local year ``year``."""
        table = self.chunk(year).days
        assert table is not None  # a chunk of one year has its table
        return table

    def year_start(self, year: int) -> int:
        found = self._starts.get(year)
        if found is None:
            found = self._starts[year] = _local_midnight_us(date(year, 1, 1), self._hours)
        return found

    def year_at(self, value: int) -> int:
        """The local year whose chunk holds the instant ``value``."""
        if not _MIN_US <= value < _MAX_US:
            check_year(year_of(value))
        year = 1970 + value // _MEAN_YEAR_US  # a first guess, off by a day or two
        while value < self.year_start(year):
            year -= 1
        while value >= self.year_start(year + 1):
            year += 1
        check_year(year)
        return year

    def chunk_at(self, value: int) -> Snapshot:
        """The chunk that holds the instant ``value``."""
        chunk = self.recent
        if chunk.lo <= value < chunk.hi:
            return chunk
        guess = self.by_year.get(1970 + value // _MEAN_YEAR_US)  # right but near New Year
        if guess is not None and guess.lo <= value < guess.hi:
            chunk = guess
        else:
            chunk = self.chunk(self.year_at(value))
        self.recent = chunk
        return chunk

    def _fully_closed(self, year: int) -> bool:
        """Whether closures cover every date whose intervals can reach into ``year``."""
        first = date(year - 1, 12, 32 - _LEAD_DAYS).toordinal()
        last = date(year + 1, 1, _TAIL_DAYS).toordinal()
        index = bisect_right(self._closed, (first, 1 << 30)) - 1
        return index >= 0 and self._closed[index][0] <= first and last <= self._closed[index][1]

    def total(self, year: int) -> int:
        """The business time in local year ``year``."""
        found = self._totals.get(year)
        if found is None:
            check_year(year)
            special = self._special_years
            if (special is not None and year not in special) or self._fully_closed(year):
                found = self._totals[year] = 0
            else:
                found = self.chunk(year).total
        return found

    # -- the compatible window API ----------------------------------------------

    def window(self, first_year: int, last_year: int) -> Snapshot:
        """One snapshot of the local years ``first_year..last_year``."""
        if first_year == last_year:
            return self.chunk(first_year)
        key = (first_year, last_year)
        with self._lock:
            found = self._windows.get(key)
            if found is not None:
                self._windows.move_to_end(key)
                return found
        for year in (first_year, last_year):
            check_year(year)
        joined = join([self.chunk(year) for year in range(first_year, last_year + 1)])
        with self._lock:
            found = self._windows.setdefault(key, joined)
            while len(self._windows) > _WINDOWS_PER_SCHEDULE:
                self._windows.popitem(last=False)
        return found

    def covering(self, first_us: int, last_us: int | None = None) -> Snapshot:
        """A snapshot whose ``[lo, hi)`` holds both instants."""
        first_year = self.year_at(first_us)
        last_year = first_year if last_us is None else self.year_at(last_us)
        return self.window(min(first_year, last_year), max(first_year, last_year))

    def grow(self, snapshot: Snapshot, *, forward: bool, years: int = 0) -> Snapshot:
        """A snapshot at least ``years`` (and at least twice as many) years longer."""
        span = max(2, snapshot.last_year - snapshot.first_year + 1, years)
        if forward:
            return self.window(snapshot.first_year, snapshot.last_year + span)
        return self.window(snapshot.first_year - span, snapshot.last_year)

    # -- conversions at the edge -----------------------------------------------

    def instant(self, value: datetime, name: str) -> int:
        """``value`` as UTC microseconds; a table look-up in the schedule's zone."""
        if value.__class__ is datetime:
            if value.tzinfo is self.zone:
                table = self.tables.get(value.year)  # its wall date's year is its chunk's
                if table is not None:
                    found = table.instant(value)
                    if found is not None:
                        return found
            elif value.tzinfo is UTC:
                return (value.toordinal() - _EPOCH_ORDINAL) * DAY_US + (
                    (value.hour * 3600 + value.minute * 60 + value.second) * _SECOND_US
                    + value.microsecond
                )
        return to_us(value, name)

    def datetime_at(self, value: int, chunk: Snapshot | None = None) -> datetime:
        """The instant ``value`` in the schedule's zone (see the time-zone rule)."""
        days = (chunk or self.recent).days
        if days is not None:
            found = days.wall(value, self.zone)
            if found is not None:
                return found
        return from_us(value, self.zone)

    # -- questions ---------------------------------------------------------------

    def add(self, start_us: int, duration_us: int) -> tuple[int, Snapshot]:
        """The instant ``duration_us`` of open time after (or before) ``start_us``,
        and the chunk it was found in."""
        chunk = self.chunk_at(start_us)
        if duration_us == 0:
            return start_us, chunk
        found = chunk.deadline(start_us, duration_us)
        if found is not None:
            return found[0], chunk
        walk = _Walk(start_us, duration_us)
        reached = chunk.cumulative(start_us)
        if duration_us > 0:
            return self._walk(chunk, reached + duration_us - chunk.total, walk)
        return self._walk(chunk, -(reached + duration_us), walk)

    def _walk(self, chunk: Snapshot, remaining: int, walk: _Walk) -> tuple[int, Snapshot]:
        """Go year by year from ``chunk`` until ``remaining`` open time is used up.

        Cost follows the years passed (a year without compiling when closures
        or the lack of special days leave it empty)."""
        year = origin = chunk.first_year
        years_left = _MAX_YEAR - year if walk.forward else year - _MIN_YEAR
        if remaining > self._year_bound * years_left:
            raise walk.beyond_calendar(self._year_bound)
        found = remaining < walk.asked
        step = 1 if walk.forward else -1
        repeats = _Repeats(self)
        while True:
            year += step
            check_year(year)
            if not found and abs(year - origin) > SEARCH_YEARS:
                raise walk.no_opening()
            if self._special_years is not None and (
                year > self._special_range[1] if walk.forward else year < self._special_range[0]
            ):
                raise walk.never_enough(walk.asked - remaining)
            total = repeats.total(year)
            if total >= remaining:
                chunk = self.chunk(year)
                if walk.forward:
                    index = bisect_left(chunk.after, remaining)
                    return chunk.ends[index] - (chunk.after[index] - remaining), chunk
                target = total - remaining
                index = bisect_right(chunk.before, target) - 1
                return chunk.starts[index] + (target - chunk.before[index]), chunk
            found = found or total > 0
            remaining -= total

    def add_and_between(self, start_us: int, duration_us: int, end_us: int) -> tuple[int, int]:
        """``(add(start_us, duration_us)[0], between(start_us, end_us))`` for a positive
        duration and ``end_us >= start_us``, looking ``start_us`` up once (a clock's
        deadline and its elapsed time: the commonest pair of questions)."""
        chunk = self.chunk_at(start_us)
        starts, after = chunk.starts, chunk.after
        index = bisect_right(starts, start_us) - 1
        reached = 0  # business time from chunk.lo to start_us: chunk.cumulative(start_us)
        following = index + 1  # the first period that can hold the deadline
        if index >= 0:
            end = chunk.ends[index]
            if start_us < end:
                reached = chunk.before[index] + start_us - starts[index]
                following = index
            else:
                reached = after[index]
        target = reached + duration_us
        if following < len(after) and after[following] < target:
            following = bisect_left(after, target, following)
        if duration_us > 0 and following < len(after):
            deadline = chunk.ends[following] - (after[following] - target)
        else:
            deadline = self.add(start_us, duration_us)[0]
        if start_us <= end_us < chunk.hi:
            return deadline, chunk.cumulative(end_us) - reached
        return deadline, self.between(start_us, end_us)

    def between(self, start_us: int, end_us: int) -> int:
        """Open time in ``[start, end)``, negative when ``end < start``."""
        if end_us < start_us:
            return -self.between(end_us, start_us)
        first = self.chunk_at(start_us)
        if end_us < first.hi:
            return first.cumulative(end_us) - first.cumulative(start_us)
        last = self.chunk_at(end_us)
        elapsed = first.total - first.cumulative(start_us) + last.cumulative(end_us)
        for year in range(first.first_year + 1, last.first_year):
            elapsed += self.total(year)
        return elapsed

    def is_open(self, at_us: int) -> bool:
        return self.chunk_at(at_us).period_at(at_us) >= 0

    # -- boundaries: openings and closes before and after an instant -------------
    #
    # A period cut at New Year is one period: a start at a chunk's lo that goes on
    # from the year before is no opening, an end at its hi that goes on is no close.
    # Every search looks _SEARCH_US far, whatever the cache holds.

    def _step(self, chunk: Snapshot, at_us: int, *, forward: bool, what: str) -> Snapshot:
        """The nearest chunk with opening time after (or before) ``chunk``, within
        the search distance from ``at_us``."""
        year = chunk.first_year
        while True:
            edge = self.year_start(year + 1) if forward else self.year_start(year)
            if (edge - at_us if forward else at_us - edge) > _SEARCH_US:
                raise self._not_found(at_us, forward=forward, what=what)
            year += 1 if forward else -1
            if self.total(year):
                return self.chunk(year)

    def _continues(self, chunk: Snapshot) -> bool:
        """Whether the first period of ``chunk`` began in the year before."""
        if not chunk.starts or chunk.starts[0] != chunk.lo:
            return False
        ends = self.chunk(chunk.first_year - 1).ends
        return bool(ends) and ends[-1] == chunk.lo

    def _goes_on(self, chunk: Snapshot) -> bool:
        """Whether the last period of ``chunk`` goes on into the year after."""
        if not chunk.ends or chunk.ends[-1] != chunk.hi:
            return False
        starts = self.chunk(chunk.first_year + 1).starts
        return bool(starts) and starts[0] == chunk.hi

    def _edge(
        self, chunk: Snapshot, index: int, at_us: int, *, forward: bool
    ) -> tuple[int, Snapshot] | None:
        """The end (or start) of period ``index`` of ``chunk``, followed over New Year;
        None when it lies beyond the search distance from ``at_us``."""
        if forward:
            edge = chunk.ends[index]
            while edge - at_us <= _SEARCH_US and edge == chunk.hi and self._goes_on(chunk):
                chunk = self.chunk(chunk.first_year + 1)
                edge = chunk.ends[0]
        else:
            edge = chunk.starts[index]
            while at_us - edge <= _SEARCH_US and index == 0 and self._continues(chunk):
                chunk = self.chunk(chunk.first_year - 1)
                index = len(chunk.starts) - 1
                edge = chunk.starts[index]
        return (edge, chunk) if abs(edge - at_us) <= _SEARCH_US else None

    def _not_found(self, at_us: int, *, forward: bool, what: str) -> ServiceLevelError:
        """NeverClosesError when ``at_us`` lies in a period that lasts beyond the
        search distance that way, else NoOpeningHoursError."""
        origin, direction = from_us(at_us, UTC), "after" if forward else "before"
        chunk = self.chunk_at(at_us)
        index = chunk.period_at(at_us)
        if index >= 0 and self._edge(chunk, index, at_us, forward=forward) is None:
            return NeverClosesError.for_boundary(SEARCH_YEARS, direction, origin, what)
        return NoOpeningHoursError.for_boundary(SEARCH_YEARS, direction, origin, what)

    def next_open(self, at_us: int) -> tuple[int, Snapshot]:
        """The first instant at or after ``at_us`` at which the schedule is open."""
        chunk = self.chunk_at(at_us)
        index = chunk.period_at(at_us)
        if index >= 0:
            return at_us, chunk
        index = -1 - index
        if index == len(chunk.starts):
            chunk, index = self._step(chunk, at_us, forward=True, what="opening instant"), 0
        if chunk.starts[index] - at_us > _SEARCH_US:
            raise self._not_found(at_us, forward=True, what="opening instant")
        return chunk.starts[index], chunk

    def next_close(self, at_us: int) -> tuple[int, Snapshot]:
        """The end of the period containing ``at_us``, or of the next one when closed."""
        opening, chunk = self.next_open(at_us)
        found = self._edge(chunk, chunk.period_at(opening), at_us, forward=True)
        if found is None:
            raise NeverClosesError.for_search(SEARCH_YEARS, from_us(at_us, UTC))
        return found

    def next_opening_after(self, at_us: int) -> tuple[int, Snapshot]:
        """The first opening instant strictly after ``at_us``."""
        chunk = self.chunk_at(at_us)
        index = bisect_right(chunk.starts, at_us)
        while True:
            if index == len(chunk.starts):
                chunk, index = self._step(chunk, at_us, forward=True, what="opening instant"), 0
            if index or not self._continues(chunk):
                break
            index = 1  # the first period began in the year before
        if chunk.starts[index] - at_us > _SEARCH_US:
            raise self._not_found(at_us, forward=True, what="opening instant")
        return chunk.starts[index], chunk

    def previous_open(self, at_us: int) -> tuple[int, Snapshot]:
        """The start of the period containing ``at_us``, or of the last one before it."""
        chunk = self.chunk_at(at_us)
        index = bisect_right(chunk.starts, at_us) - 1
        if index < 0:
            chunk = self._step(chunk, at_us, forward=False, what="opening instant")
            index = len(chunk.starts) - 1
        found = self._edge(chunk, index, at_us, forward=False)
        if found is None:
            raise self._not_found(at_us, forward=False, what="opening instant")
        return found

    def previous_close(self, at_us: int) -> tuple[int, Snapshot]:
        """The latest closing instant at or before ``at_us``."""
        chunk = self.chunk_at(at_us)
        index = bisect_right(chunk.ends, at_us) - 1
        while True:
            if index < 0:
                chunk = self._step(chunk, at_us, forward=False, what="closing instant")
                index = len(chunk.ends) - 1
            if index < len(chunk.ends) - 1 or not self._goes_on(chunk):
                break
            index -= 1  # the last period goes on into the year after
        if at_us - chunk.ends[index] > _SEARCH_US:
            raise self._not_found(at_us, forward=False, what="closing instant")
        return chunk.ends[index], chunk


@dataclass(frozen=True, slots=True)
class _Walk:
    """A search over years from ``start_us`` for ``duration_us`` of open time, and
    the errors that end it."""

    start_us: int
    duration_us: int

    @property
    def forward(self) -> bool:
        return self.duration_us > 0

    @property
    def asked(self) -> int:
        return abs(self.duration_us)

    @property
    def direction(self) -> str:
        return "after" if self.forward else "before"

    def no_opening(self) -> NoOpeningHoursError:
        origin = from_us(self.start_us, UTC)
        return NoOpeningHoursError.for_search(SEARCH_YEARS, self.direction, origin)

    def never_enough(self, found_us: int) -> NoOpeningHoursError:
        return NoOpeningHoursError.for_special_days_only(
            self.direction,
            from_us(self.start_us, UTC),
            timedelta(microseconds=found_us),
            timedelta(microseconds=self.asked),
        )

    def beyond_calendar(self, year_bound_us: int) -> OutOfRangeError:
        return OutOfRangeError.for_open_time(
            timedelta(microseconds=self.asked),
            self.direction,
            from_us(self.start_us, UTC),
            timedelta(microseconds=year_bound_us),
            (_MIN_YEAR, _MAX_YEAR),
        )


_CACHE: ScheduleCache[Timeline] = ScheduleCache(
    Timeline, SCHEDULES_BY_VALUE, private=lambda index: index._hours
)
_BY_ID = _CACHE.by_id  # read directly on the fast paths


def timeline(hours: Schedule) -> Timeline:
    """The cached index of ``hours``: by identity while the object lives, and by
    value for the most recently used schedules (see :mod:`._schedule_cache`)."""
    return _CACHE.get(hours)


def _give_up(snapshot: Snapshot, origin_us: int, *, forward: bool, found: bool) -> None:
    """Raise when a search has covered SEARCH_YEARS without finding anything."""
    origin_year = year_of(origin_us)
    reach = snapshot.last_year - origin_year if forward else origin_year - snapshot.first_year
    if reach > SEARCH_YEARS and not found:
        direction = "after" if forward else "before"
        raise NoOpeningHoursError.for_search(SEARCH_YEARS, direction, from_us(origin_us, UTC))


# Durations seen recently, in microseconds (a bounded memo: targets repeat).
_DURATIONS: dict[timedelta, int] = {}


def _duration_us(duration: timedelta) -> int:
    if not isinstance(duration, timedelta):
        raise ArgumentTypeError(
            f"duration must be a datetime.timedelta, not {type(duration).__name__}."
        )
    if len(_DURATIONS) >= 256:
        _DURATIONS.clear()
    found = _DURATIONS[duration] = duration // ONE_US
    return found


def deadline(hours: Schedule, start: datetime, duration: timedelta) -> datetime:
    """:func:`servicelevel.add_business_time` (the public function's body).

    The common case (a start in the schedule's zone on a day without a DST
    change, a deadline in the same year) is integer arithmetic on one
    :class:`YearTable`, written out here because every call saved counts;
    everything else takes the general path, :meth:`Timeline.add`. Building
    the result datetime from its fields costs more than all the arithmetic, so
    it is ``start`` plus a memoised timedelta when both lie on days of one UTC
    offset, else a memoised recent result (deadlines from closed starts repeat).
    """
    line = _BY_ID.get(id(hours)) or timeline(hours)
    try:
        duration_us = _DURATIONS[duration]
    except (KeyError, TypeError):
        duration_us = _duration_us(duration)
    if duration_us and start.__class__ is datetime and start.tzinfo is line.zone:
        table = line.tables.get(start.year) or line.table(start.year)
        first, regular, midnights, starts, ends, before, after, period_days, days, _, _ = table
        day = start.toordinal() - first
        if regular[day]:
            start_us = midnights[day] + (
                (start.hour * 3600 + start.minute * 60 + start.second) * 1_000_000
                + start.microsecond
            )
            count = len(ends)
            index = days[day]  # then the first period that ends after start
            while index < count and ends[index] <= start_us:
                index += 1
            opened = index < count and starts[index] <= start_us
            if opened:
                target = duration_us + before[index] + start_us - starts[index]
            else:
                target = duration_us + (after[index - 1] if index else 0)
            result = None
            if duration_us > 0:
                if index < count and after[index] < target:
                    index = bisect_left(after, target, index)  # a target beyond this period
                if index < count:
                    result = ends[index] - (after[index] - target)
            elif target >= 0:
                index = bisect_right(before, target) - 1
                result = starts[index] + (target - before[index])
            if result is not None:
                if opened:  # a start and a deadline on days of one UTC offset: add to start
                    end_day = period_days[index]
                    if (
                        midnights[end_day] - midnights[day] == (end_day - day) * DAY_US
                        and result < midnights[end_day + 1]
                        and regular[end_day]
                    ):
                        offset = result - start_us
                        return start + (_OFFSETS.get(offset) or _offset(offset))
                found = _RESULTS.get(result)  # from a closed start: a recent result
                if found is not None and found.tzinfo is line.zone:
                    return found
                return _result(line, table, result, index)
    value, chunk = line.add(line.instant(start, "start"), duration_us)
    return line.datetime_at(value, chunk)


# Bounded memos, by UTC microseconds, of recent offsets of a deadline from its
# start and of recent deadlines: adding a timedelta to a datetime, or finding
# one, is several times cheaper than building a datetime from its fields.
_OFFSETS: dict[int, timedelta] = {}
_RESULTS: dict[int, datetime] = {}
_MEMO_SIZE = 4096


def _offset(value: int) -> timedelta:
    if len(_OFFSETS) >= _MEMO_SIZE:
        _OFFSETS.clear()
    found = _OFFSETS[value] = timedelta(microseconds=value)
    return found


def _result(line: Timeline, table: YearTable, value: int, index: int) -> datetime:
    """The deadline ``value`` (in period ``index`` of ``table``) as a datetime,
    memoised when its day has one UTC offset."""
    day = table.period_days[index]
    midnights = table.midnights
    if value < midnights[day + 1] and table.regular[day]:
        seconds, micro = divmod(value - midnights[day], 1_000_000)
        minutes, second = divmod(seconds, 60)
        hour, minute = _HOURS_MINUTES[minutes]
        month, date_ = table.month_days[day]
        found = datetime(table.year, month, date_, hour, minute, second, micro, line.zone)
        if len(_RESULTS) >= _MEMO_SIZE:
            _RESULTS.clear()
        _RESULTS[value] = found
        return found
    return line.datetime_at(value)


class _Repeats:
    """The open time of years whose rules repeat, without compiling each one.

    A year's open time depends only on the rules of the dates its chunk covers
    and on the zone's UTC offsets over them. With weekly hours only (no holiday
    calendar or recurrence rule; special days and closures in other years) and
    a zone past its last listed transition (or before its first), where one
    yearly rule or one offset applies, two years whose 1 January falls on the
    same weekday, both leap years or neither, have the same open time. So a walk
    over centuries compiles one year of each of those 14 kinds.
    """

    def __init__(self, line: Timeline) -> None:
        self.line = line
        self.bounds = _irregular_years(line._hours)
        self.by_kind: dict[tuple[int, bool, bool], int] = {}

    def total(self, year: int) -> int:
        """The open time of local year ``year``, equal to :meth:`Timeline.total`."""
        line, bounds = self.line, self.bounds
        found = line._totals.get(year)
        if found is not None:
            return found
        if bounds is None or (bounds[0] <= year + 1 and year - 1 <= bounds[1]):
            return line.total(year)  # its chunk can reach a year with its own rules
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        kind = (date(year, 1, 1).weekday(), leap, year > bounds[1])
        found = self.by_kind.get(kind)
        if found is None:
            found = self.by_kind[kind] = line.total(year)
        else:
            line._totals[year] = found
        return found


def _irregular_years(hours: Schedule) -> tuple[int, int] | None:
    """The local years between which dates have rules of their own (special days,
    closures, the zone's listed transitions), or None when every year may
    (holiday calendars, recurrence rules, a zone whose transitions are unknown,
    a combination of schedules)."""
    if isinstance(hours, CombinedHours):
        return None
    if hours.holidays or hours.recurring_closures or hours.recurring_special_days:
        return None
    transitions = _transition_years(getattr(hours.zone, "key", None))
    if transitions is None:
        return None
    years = [day.date.year for day in hours.special_days]
    years += [year for c in hours.closures for year in (c.start.year, c.last.year)]
    if transitions:  # an instant's local date can be in the UTC year before or after
        years += [transitions[0] - 1, transitions[1] + 1]
    return (min(years), max(years)) if years else (_MIN_YEAR - 2, _MIN_YEAR - 2)


_TRANSITIONS: dict[str, tuple[int, int] | tuple[()] | None] = {}


def _transition_years(key: str | None) -> tuple[int, int] | tuple[()] | None:
    """The UTC years of the first and last transitions listed for zone ``key``
    (empty when it has none), or None when its data cannot be read."""
    if key is None:
        return None
    if key not in _TRANSITIONS:
        _TRANSITIONS[key] = _read_transition_years(key)
    return _TRANSITIONS[key]


def _read_transition_years(key: str) -> tuple[int, int] | tuple[()] | None:
    # zoneinfo's own readers, found the way ZoneInfo(key) finds its data.
    from zoneinfo import _common, _tzpath

    try:
        path = _tzpath.find_tzfile(key)
        with open(path, "rb") if path else _common.load_tzdata(key) as data:
            instants = _common.load_data(data)[1]
    except Exception:  # unknown data: no shortcut, never a wrong one
        return None
    if not len(instants):
        return ()
    first, last = (datetime.fromtimestamp(t, UTC).year for t in (instants[0], instants[-1]))
    return first, last


def add(hours: Schedule, start_us: int, duration_us: int) -> int:
    """The instant ``duration_us`` of open time after (or before) ``start_us``."""
    if duration_us == 0:
        return start_us
    return timeline(hours).add(start_us, duration_us)[0]


def between(hours: Schedule, start_us: int, end_us: int) -> int:
    """Open time in ``[start, end)``, negative when ``end < start``."""
    return timeline(hours).between(start_us, end_us)


def is_open(hours: Schedule, at_us: int) -> bool:
    return timeline(hours).is_open(at_us)


def next_open(hours: Schedule, at_us: int) -> int:
    """The first instant at or after ``at_us`` at which the schedule is open."""
    return timeline(hours).next_open(at_us)[0]


def next_close(hours: Schedule, at_us: int) -> int:
    """The first closing instant after ``at_us`` (the end of the current or next period)."""
    return timeline(hours).next_close(at_us)[0]


def previous_open(hours: Schedule, at_us: int) -> int:
    """The start of the period containing ``at_us``, or of the last one before it."""
    return timeline(hours).previous_open(at_us)[0]


def previous_close(hours: Schedule, at_us: int) -> int:
    """The latest closing instant at or before ``at_us``."""
    return timeline(hours).previous_close(at_us)[0]


def next_opening_after(hours: Schedule, at_us: int) -> int:
    """The first opening instant strictly after ``at_us``."""
    return timeline(hours).next_opening_after(at_us)[0]


def vanishes(hours: BusinessHours, day: date, interval: OpeningInterval) -> bool:
    """Whether ``interval`` on local date ``day`` has no real time (a DST gap swallows it)."""
    zone = hours.zone
    end_day = day + _ONE_DAY if interval.end_us >= DAY_US else day
    start = datetime.combine(day, interval.start, tzinfo=zone)
    end = datetime.combine(end_day, interval.end, tzinfo=zone)
    return to_us(end, "end") <= to_us(start, "start")
