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

The index: a schedule's working days are compiled into independent *year
chunks*. The chunk of local year ``Y`` holds the working days whose dates lie
in ``Y``: as date ordinals, with each day's own opening periods (UTC
microseconds; merged within the day, clipped where an earlier day's interval
already holds the time), its first opening and, when no DST change is near,
its UTC offset. The three days before ``Y`` are compiled with it, so that a
night shift of 31 December keeps its time on 1 January, and a chunk needs no
other chunk. The chunks partition the instants: chunk ``Y`` answers for
``[lo, hi)``, from local midnight on 1 January ``Y`` (later when a night shift
of the year before runs past it) to the same seam of ``Y + 1``; every period
of a day of ``Y`` lies in it. Seen one after another, the chunks are the sorted
lists of one index over all years, so no answer depends on which years were
asked for before.

Questions within a year are bisections in one chunk. Searches and moves over
days go chunk by chunk, skipping years by their counts of working days, and
give up with :class:`~servicelevel.NoOpeningHoursError` when the next working
day lies more than ``SEARCH_YEARS`` (20) years away. Counting across years
adds the years' counts, each computed once per year.

The index knows a schedule through three things only: ``hours.zone``,
``hours.has_openings`` and :func:`_periods_of_days` (the periods of each of a
run of local dates), which alone reads the schedule's rules.

Caches (all bounded, all safe under threads; chunks are immutable):

* indexes by schedule object: one entry per *live* schedule, dropped with it;
* indexes by value: the :data:`SCHEDULES_BY_VALUE` most recently used
  schedules, so equal schedules (one loaded from JSON per request) share one.
  It holds a private copy of the schedule, never the caller's object;
* per index, the :data:`CHUNKS_PER_SCHEDULE` most recently compiled year chunks
  (the earliest compiled are dropped first), and per year seen its count of
  working days with its first and last, and its local start (a few ints each).

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
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from threading import Lock

from servicelevel._combined import CombinedHours, Schedule
from servicelevel._day_rules import DayRules
from servicelevel._errors import ArgumentTypeError, NoOpeningHoursError, OutOfRangeError
from servicelevel._hours import BusinessHours  # noqa: F401 - the examples use it
from servicelevel._instants import EPOCH, ONE_US, from_us, to_us, year_of
from servicelevel._schedule_cache import ScheduleCache
from servicelevel._timeline import SEARCH_YEARS, periods_between

__all__ = [
    "add_working_days",
    "end_of_working_day",
    "start_of_working_day",
    "working_day",
    "working_days_between",
]

#: Year chunks kept per index (the earliest compiled are dropped first).
CHUNKS_PER_SCHEDULE = 16
#: Indexes kept for schedules that are equal by value.
SCHEDULES_BY_VALUE = 32

_DAY_US = 86_400_000_000
_FIRST_YEAR, _LAST_YEAR = 2, 9997
# Intervals that start up to three days earlier can still reach into a day (an
# interval ends at most a day after its local start date, plus a DST change).
_LEAD_DAYS = 3
_ONE_DAY = timedelta(days=1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MEAN_YEAR_US = 146_097 * _DAY_US // 400
# A working day further away than this is no answer, whatever the cache holds.
_SEARCH_DAYS = round(SEARCH_YEARS * 365.2425)
_SEARCH_US = _SEARCH_DAYS * _DAY_US

Periods = list[tuple[int, int]]
# A year's count of working days, and the ordinals of its first and last (0 when none).
Summary = tuple[int, int, int]


def _no_working_day(since: object, *, forward: bool) -> NoOpeningHoursError:
    return NoOpeningHoursError(
        f"these business hours have no working day in the {SEARCH_YEARS} years "
        f"{'after' if forward else 'before'} {since}: holidays, closures or special days "
        "close every interval. Check the schedule."
    )


def _check_year(year: int) -> None:
    if year < _FIRST_YEAR or year > _LAST_YEAR:
        raise OutOfRangeError(
            f"working days would have to be found in the year {year}; servicelevel "
            f"finds them for dates in the years {_FIRST_YEAR}-{_LAST_YEAR}. Use instants, "
            "dates and numbers of days that stay within those years."
        )


@dataclass(frozen=True, slots=True)
class Days:
    """The working days of local year ``year``: one chunk of the index.

    ``starts``/``ends`` are the disjoint opening periods of those days, each
    day's own (merged within the day, clipped where an earlier day's interval
    already covers the time), in order; day ``k`` owns the periods
    ``firsts[k]:firsts[k + 1]``. Every period lies in ``[lo, hi)``, and no
    period of another year does.
    """

    year: int
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

    @property
    def summary(self) -> Summary:
        ordinals = self.ordinals
        return (len(ordinals), ordinals[0], ordinals[-1]) if ordinals else (0, 0, 0)

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
        """How many of the year's working days come before the date ``ordinal``."""
        return bisect_left(self.ordinals, ordinal)


_EMPTY = Days(0, 0, 0, [], [], [0], [], [], [], [])


def _day_periods(day: date, rules: DayRules, zone: tzinfo) -> Periods:
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


def _periods_of_days(hours: Schedule, first: date, count: int) -> list[Periods]:
    """The opening periods (UTC microseconds, sorted) of the intervals that start on
    each of the ``count`` local dates from ``first``, as the schedule's rules decide
    them (an interval that vanishes in a DST gap has none).

    The one place where the index reads what a schedule is.

    Example:
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> [len(day) for day in _periods_of_days(hours, date(2025, 1, 3), 3)]  # Fri-Sun
        [1, 0, 0]
    """
    zone = hours.zone
    if isinstance(hours, CombinedHours):
        return _combined_periods_of_days(hours, first, count)
    rules = DayRules(hours, first.year, (first + (count - 1) * _ONE_DAY).year)
    ordinal = first.toordinal()
    return [_day_periods(date.fromordinal(ordinal + n), rules, zone) for n in range(count)]


def _combined_periods_of_days(hours: CombinedHours, first: date, count: int) -> list[Periods]:
    """A combination's opening periods cut at its local midnights: it has no
    intervals of its own, so an opening that runs over midnight counts in both dates."""
    midnights = [_midnight_us(first + n * _ONE_DAY, hours.zone) for n in range(count + 1)]
    periods = periods_between(hours, midnights[0], midnights[-1])
    found: list[Periods] = []
    for lo, hi in pairwise(midnights):
        found.append([(max(s, lo), min(e, hi)) for s, e in periods if s < hi and e > lo])
    return found


def compile_year(hours: Schedule, year: int) -> Days:
    """Compile the working days of local year ``year``, independent of any other year."""
    _check_year(year)
    zone = hours.zone
    first_day, stop = date(year, 1, 1), date(year + 1, 1, 1)
    lead = first_day - _LEAD_DAYS * _ONE_DAY
    per_day = _periods_of_days(hours, lead, (stop - lead).days)
    ordinals: list[int] = []
    firsts: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    owners: list[int] = []
    lead_reach = _reach(per_day[:_LEAD_DAYS])
    reach = lead_reach  # the latest end of any earlier day's interval
    ordinal = first_day.toordinal()
    for periods in per_day[_LEAD_DAYS:]:
        count = len(starts)
        for start_us, end_us in periods:
            start_us = max(start_us, reach)  # time an earlier day already holds stays its own
            if end_us <= start_us:
                continue
            if len(starts) > count and start_us <= ends[-1]:
                ends[-1] = max(ends[-1], end_us)
            else:
                starts.append(start_us)
                ends.append(end_us)
                owners.append(len(ordinals))
        if len(starts) > count:
            ordinals.append(ordinal)
            firsts.append(count)
        reach = max(reach, _reach([periods]))
        ordinal += 1
    firsts.append(len(starts))
    return Days(
        year=year,
        lo=max(_midnight_us(first_day, zone), lead_reach),
        hi=max(_midnight_us(stop, zone), _reach(per_day[-_LEAD_DAYS:])),
        ordinals=ordinals,
        opens=[starts[first] for first in firsts[:-1]],
        firsts=firsts,
        starts=starts,
        ends=ends,
        owners=owners,
        steady=_steady_offsets(ordinals, zone),
    )


def _reach(days: list[Periods]) -> int:
    """The latest end of the periods of ``days``.

    The seam between two chunks is the later of local midnight on 1 January and
    the reach of the last three days of December: both chunks compute it alike.
    """
    return max((end for periods in days for _, end in periods), default=-(2**63))


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
    """The working-day index of one schedule: year chunks compiled on demand.

    Every method is safe to call from several threads at once.
    """

    __slots__ = ("_chunks", "_hours", "_lock", "_starts", "_summaries", "by_year", "recent", "zone")

    def __init__(self, hours: Schedule) -> None:
        if not hours.has_openings:
            raise NoOpeningHoursError(
                "these business hours have no opening interval at all, so they have no "
                "working day. Add weekly intervals, e.g. "
                "BusinessHours.weekly({'mon-fri': '09:00-17:00'}, tz=...)."
            )
        # A private copy: the cache by value must not keep the caller's object alive.
        self._hours = hours.model_copy()
        self.zone = hours.zone
        self._lock = Lock()
        # The cached chunks in the order they were compiled, and the same chunks
        # by year for reads without the lock (both changed under the lock only).
        self._chunks: OrderedDict[int, Days] = OrderedDict()
        self.by_year: dict[int, Days] = {}
        self._summaries: dict[int, Summary] = {}
        self._starts: dict[int, int] = {}
        self.recent = _EMPTY

    def chunk(self, year: int) -> Days:
        """The chunk of local year ``year`` (compiled once, then cached)."""
        found = self.by_year.get(year)  # one dict read: no lock needed
        if found is None:
            compiled = compile_year(self._hours, year)  # outside the lock; pure
            with self._lock:
                found = self.by_year.setdefault(year, compiled)  # another thread's, if first
                self._chunks[year] = found
                self._summaries[year] = found.summary
                while len(self._chunks) > CHUNKS_PER_SCHEDULE:  # the earliest compiled go
                    del self.by_year[self._chunks.popitem(last=False)[0]]
        return found

    def summary(self, year: int) -> Summary:
        """The count of working days of local year ``year``, and its first and last."""
        found = self._summaries.get(year)
        return self.chunk(year).summary if found is None else found

    def year_start(self, year: int) -> int:
        """Local midnight on 1 January ``year``."""
        found = self._starts.get(year)
        if found is None:
            value = _midnight_us(date(year, 1, 1), self.zone)
            with self._lock:
                found = self._starts.setdefault(year, value)
        return found

    def chunk_at(self, at_us: int) -> Days:
        """The chunk whose ``[lo, hi)`` holds the instant ``at_us``."""
        chunk = self.recent
        if chunk.lo <= at_us < chunk.hi:
            return chunk
        guess = self.by_year.get(1970 + at_us // _MEAN_YEAR_US)  # right but near New Year
        if guess is not None and guess.lo <= at_us < guess.hi:
            chunk = guess
        else:
            year = year_of(at_us)  # the UTC year: the local one, or next to it
            if _FIRST_YEAR <= year <= _LAST_YEAR + 1:
                if at_us < self.year_start(year):
                    year -= 1
                elif at_us >= self.year_start(year + 1):
                    year += 1
            chunk = self.chunk(year)
            if at_us < chunk.lo:  # in a night shift of the year before
                chunk = self.chunk(year - 1)
        self.recent = chunk
        return chunk

    def between(self, first: Days, day: int, last: Days, stop: int) -> int:
        """How many working days lie from day ``day`` of chunk ``first`` up to day
        ``stop`` of the same or a later chunk ``last``."""
        if first.year == last.year:
            return stop - day
        middle = sum(self.summary(year)[0] for year in range(first.year + 1, last.year))
        return len(first.ordinals) - day + middle + stop

    def resolve(self, chunk: Days, day: int) -> tuple[Days, int]:
        """The chunk and index of working day ``day`` of ``chunk`` when ``day`` is
        negative: counted back into earlier years (a day known to exist)."""
        year = chunk.year
        while day < 0:
            year -= 1
            day += self.summary(year)[0]
        return (chunk if year == chunk.year else self.chunk(year)), day

    def forward(self, year: int, remaining: int, since: int) -> tuple[Days, int]:
        """Working day ``remaining`` (from 0) of the years after ``year``; ``since``
        is the date ordinal the search starts from (a working day or the origin)."""
        while True:
            year += 1
            if date(year, 1, 1).toordinal() - since > _SEARCH_DAYS:
                raise _no_working_day(date.fromordinal(since), forward=True)
            count, first, last = self.summary(year)
            if count:
                if first - since > _SEARCH_DAYS:
                    raise _no_working_day(date.fromordinal(since), forward=True)
                if remaining < count:
                    return self.chunk(year), remaining
                remaining -= count
                since = last

    def backward(self, year: int, remaining: int, since: int) -> tuple[Days, int]:
        """Working day ``remaining`` (from 1) counted back from the end of the year
        before ``year``; ``since`` is the date ordinal the search starts from."""
        while True:
            year -= 1
            if since - date(year, 12, 31).toordinal() > _SEARCH_DAYS:
                raise _no_working_day(date.fromordinal(since), forward=False)
            count, first, last = self.summary(year)
            if count:
                if since - last > _SEARCH_DAYS:
                    raise _no_working_day(date.fromordinal(since), forward=False)
                if remaining <= count:
                    return self.chunk(year), count - remaining
                remaining -= count
                since = first


_CACHE: ScheduleCache[WorkingDayIndex] = ScheduleCache(
    WorkingDayIndex, SCHEDULES_BY_VALUE, private=lambda index: index._hours
)


def working_day_index(hours: Schedule) -> WorkingDayIndex:
    """The cached index of ``hours``: by identity while the object lives, and by
    value for the most recently used schedules (see :mod:`._schedule_cache`)."""
    return _CACHE.get(hours)


def _whole(days: int) -> int:
    try:
        return operator.index(days)
    except TypeError:
        raise ArgumentTypeError(
            f"days must be a whole number of working days (an int), not {type(days).__name__}."
        ) from None


def _anchor(index: WorkingDayIndex, at_us: int) -> tuple[Days, int, int]:
    """The chunk of the working day the instant ``at_us`` counts in, the instant
    it counts from (itself when open, else the next opening), and the day's index."""
    chunk = index.chunk_at(at_us)
    period = bisect_right(chunk.starts, at_us) - 1
    if period >= 0 and at_us < chunk.ends[period]:
        return chunk, at_us, chunk.owners[period]
    period += 1
    year = chunk.year
    while period == len(chunk.starts):  # no opening left this year: the next years
        year += 1
        if index.year_start(year) - at_us > _SEARCH_US:
            raise _no_working_day(from_us(at_us, UTC).isoformat(), forward=True)
        if index.summary(year)[0]:
            chunk, period = index.chunk(year), 0
    if chunk.starts[period] - at_us > _SEARCH_US:
        raise _no_working_day(from_us(at_us, UTC).isoformat(), forward=True)
    return chunk, chunk.starts[period], chunk.owners[period]


def _move(index: WorkingDayIndex, chunk: Days, ordinal: int, count: int) -> tuple[Days, int]:
    """The chunk and index of the working day ``count`` on from the first working
    day on or after the date ``ordinal`` of ``chunk``'s year (back, for ``count < 0``)."""
    base = chunk.count_before(ordinal)
    target = base + count
    known = len(chunk.ordinals)
    if 0 <= target < known:  # a step within the year: never 20 years
        return chunk, target
    if target >= 0:
        since = max(ordinal, chunk.ordinals[-1]) if known else ordinal
        return index.forward(chunk.year, target - known, since)
    since = min(ordinal, chunk.ordinals[0]) if known else ordinal
    return index.backward(chunk.year, -target, since)


def _day_index(hours: Schedule, day: date, count: int) -> tuple[Days, int]:
    """The working day ``count`` on from the day ``day`` counts in."""
    index = working_day_index(hours)
    if isinstance(day, datetime):
        chunk, _, home = _anchor(index, to_us(day, "day"))
        ordinal = chunk.ordinals[home]
    elif isinstance(day, date):
        chunk, ordinal = index.chunk(day.year), day.toordinal()
    else:
        raise ArgumentTypeError(
            f"day must be a datetime.date or datetime, not {type(day).__name__}."
        )
    return _move(index, chunk, ordinal, count)


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


def _same_wall_time(
    days: Days, day: int, at_us: int, home: Days, home_day: int, zone: tzinfo
) -> int:
    """The wall time of ``at_us`` on working day ``day`` of ``days``, clamped into
    that day's opening hours. The wall time counts from the local midnight that
    starts the working day it belongs to (day ``home_day`` of ``home``): 02:00 in
    Friday's night shift is Friday's 26:00."""
    home_offset, offset = home.steady[home_day], days.steady[day]
    home_ordinal = home.ordinals[home_day]
    if home_offset is not None and offset is not None:  # no DST change near either day
        shift = (days.ordinals[day] - home_ordinal) * _DAY_US
        return days.clamp(day, at_us + home_offset + shift - offset)
    local = from_us(at_us, zone)
    target = days.ordinals[day] + local.toordinal() - home_ordinal
    return days.clamp(day, _localize(target, local, zone))


def add_working_days(hours: Schedule, start: datetime, days: int) -> datetime:
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
    home, at_us, home_day = _anchor(index, to_us(start, "start"))
    zone = hours.zone
    if count == 0:
        return from_us(at_us, zone)
    found, day = _move(index, home, home.ordinals[home_day], count)
    return from_us(_same_wall_time(found, day, at_us, home, home_day, zone), zone)


def working_days_between(hours: Schedule, start: date, end: date) -> int:
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
    if end < start:
        return -_count_dates(index, end, start)
    return _count_dates(index, start, end)


def _count_dates(index: WorkingDayIndex, start: date, end: date) -> int:
    """The working days in ``[start, end)``, for ``start <= end``."""
    first = index.chunk(start.year)
    last = first if end.year == start.year else index.chunk(end.year)
    return index.between(
        first, first.count_before(start.toordinal()), last, last.count_before(end.toordinal())
    )


def _count_whole_days(index: WorkingDayIndex, zone: tzinfo, start_us: int, end_us: int) -> int:
    home, at_us, home_day = _anchor(index, start_us)
    if end_us < at_us:
        return 0
    last = index.chunk_at(end_us)
    stop = bisect_right(last.opens, end_us) - 1  # the last day begun by end_us
    count = index.between(home, home_day, last, stop)
    while count > 0:
        found, day = index.resolve(last, stop)
        if _same_wall_time(found, day, at_us, home, home_day, zone) <= end_us:
            break
        count -= 1
        stop -= 1
    return count


def working_day(hours: Schedule, day: date, days: int = 0) -> date:
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


def start_of_working_day(hours: Schedule, day: date) -> datetime:
    """The first opening of the working day ``day`` counts in (see :func:`working_day`).

    Example:
        >>> from datetime import date
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> start_of_working_day(hours, date(2025, 1, 11)).isoformat()
        '2025-01-13T09:00:00+01:00'
    """
    found, index = _day_index(hours, day, 0)
    return from_us(found.opens[index], hours.zone)


def end_of_working_day(hours: Schedule, day: date) -> datetime:
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
