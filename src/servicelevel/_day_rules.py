"""What one local date looks like: its opening intervals and why it is closed.

This is the one home of the precedence rule, asked by the compiled index,
by :func:`~servicelevel.describe_hours` and by :func:`~servicelevel.auto_reply`:

1. a whole-day :class:`~servicelevel.Closure` covering the date closes it,
   then a whole-day :class:`~servicelevel.RecurringClosure` that picks it;
2. a :class:`~servicelevel.SpecialDay` for the date replaces its weekly
   intervals (no intervals: closed), even on a public holiday; then a
   :class:`~servicelevel.RecurringSpecialDay` that picks it (the first listed);
3. a public holiday closes it;
4. otherwise the weekly intervals of its weekday apply;
5. closures with ``hours`` (one-off or recurring) then cut the wall-clock
   times they name out of what is open, also out of a night shift that began
   the day before. What is left of an interval keeps belonging to the day it
   started on, except a piece that now starts after midnight: that piece
   starts on, and is listed for, the next date.

Why a closed day is closed follows the same order, with one refinement: a
day on which the weekly schedule has no hours anyway is a day off, whatever
else falls on it (King's Day on a Saturday does not close a weekdays-only
team; the weekend does).

Example:
    >>> from datetime import date
    >>> from servicelevel import BusinessHours
    >>> from servicelevel._day_rules import DayRules
    >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam",
    ...                              holidays="NL")
    >>> rules = DayRules(hours, 2025, 2025)
    >>> rules.plan(date(2025, 12, 25)).closed_reason
    <ClosedReason.HOLIDAY: 'holiday'>
    >>> rules.plan(date(2025, 4, 26)).closed_reason  # King's Day on a Saturday
    <ClosedReason.DAY_OFF: 'day_off'>
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from servicelevel._intervals import DAY_US, OpeningInterval
from servicelevel._recurrence import RecurringClosure, RecurringSpecialDay
from servicelevel._vocabulary import NamedEnum

if TYPE_CHECKING:
    from servicelevel._hours import BusinessHours, Closure, SpecialDay

__all__ = ["ClosedReason", "DayPlan", "DayRules", "DaySource"]


class ClosedReason(NamedEnum):
    """Why the team is not at work at some moment.

    Example:
        >>> ClosedReason("holiday")
        <ClosedReason.HOLIDAY: 'holiday'>
    """

    #: The team is at work.
    OPEN = "open"
    #: The day has opening hours, but not at this moment (evening, night, lunch).
    OUTSIDE_HOURS = "outside_hours"
    #: The weekly schedule has no hours on this weekday (the weekend, say).
    DAY_OFF = "day_off"
    #: A public holiday of one of the schedule's calendars.
    HOLIDAY = "holiday"
    #: A :class:`~servicelevel.Closure`, or a special day without hours.
    CLOSURE = "closure"


class DaySource(NamedEnum):
    """Which rule decided a date's intervals."""

    CLOSURE = "closure"
    RECURRING_CLOSURE = "recurring_closure"
    SPECIAL_DAY = "special_day"
    RECURRING_SPECIAL_DAY = "recurring_special_day"
    HOLIDAY = "holiday"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The intervals that start on one local date, and the rule that decided them.

    ``closure`` is the closure that closed the date or cut its hours;
    ``special`` the special day that gave its hours.
    """

    day: date
    intervals: tuple[OpeningInterval, ...]
    usual: tuple[OpeningInterval, ...]  # the weekly intervals of this weekday
    source: DaySource
    closure: Closure | RecurringClosure | None = None
    special: SpecialDay | RecurringSpecialDay | None = None

    @property
    def is_working_day(self) -> bool:
        """Whether the schedule opens at all on this date."""
        return bool(self.intervals)

    @property
    def is_usual(self) -> bool:
        """Whether the date has exactly its weekday's usual intervals."""
        return self.intervals == self.usual

    @property
    def closed_reason(self) -> ClosedReason | None:
        """Why the date has no opening at all, or None when it has some."""
        if self.intervals:
            return None
        if not self.usual:
            return ClosedReason.DAY_OFF
        if self.source is DaySource.HOLIDAY:
            return ClosedReason.HOLIDAY
        return ClosedReason.CLOSURE

    @property
    def closure_text(self) -> str | None:
        """The reason a closure gives, or the name of a special day without hours."""
        if self.closure is not None:
            return self.closure.reason
        return self.special.name if self.special is not None else None


#: A stretch of wall-clock time in microseconds after a date's local midnight.
_Piece = tuple[int, int]


@dataclass(slots=True)
class _Year:
    """The closures and recurring special days of one year, by date."""

    whole: dict[date, Closure | RecurringClosure]
    partial: dict[date, list[Closure | RecurringClosure]]
    special: dict[date, RecurringSpecialDay]


def _expand_year(hours: BusinessHours, year: int) -> _Year:
    """The dates of ``year`` that closures and recurring rules fall on (bounded by the year)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    whole: dict[date, Closure | RecurringClosure] = {}
    partial: defaultdict[date, list[Closure | RecurringClosure]] = defaultdict(list)

    def add(day: date, closure: Closure | RecurringClosure) -> None:
        if closure.hours is None:
            whole.setdefault(day, closure)
        else:
            partial[day].append(closure)

    for closure in hours.closures:
        low, high = max(closure.start, first), min(closure.last, last)
        for offset in range((high - low).days + 1):
            add(low + timedelta(days=offset), closure)
    for recurring in hours.recurring_closures:
        for day in sorted(recurring.dates(year)):
            add(day, recurring)
    special: dict[date, RecurringSpecialDay] = {}
    for rule in hours.recurring_special_days:
        for day in rule.dates(year):
            special.setdefault(day, rule)
    return _Year(whole, dict(partial), special)


def _source(closure: Closure | RecurringClosure) -> DaySource:
    if isinstance(closure, RecurringClosure):
        return DaySource.RECURRING_CLOSURE
    return DaySource.CLOSURE


def _pieces(intervals: tuple[OpeningInterval, ...]) -> list[_Piece]:
    return [(interval.start_us, interval.end_us) for interval in intervals]


def _subtract(
    pieces: list[_Piece], cuts: list[tuple[int, int, Closure | RecurringClosure]]
) -> tuple[list[_Piece], list[Closure | RecurringClosure]]:
    """What is left of ``pieces`` outside the ``cuts``, and the closures that cut something."""
    cutting: list[Closure | RecurringClosure] = []
    for low, high, closure in cuts:
        left: list[_Piece] = []
        for start, end in pieces:
            if high <= start or end <= low:
                left.append((start, end))
                continue
            if closure not in cutting:
                cutting.append(closure)
            if start < low:
                left.append((start, low))
            if high < end:
                left.append((high, end))
        pieces = left
    return pieces, cutting


@lru_cache(maxsize=4096)
def _interval(start: int, end: int) -> OpeningInterval:
    """The interval of wall-clock microseconds ``[start, end)`` after a midnight
    (``start`` within the day, ``end`` at most a day later)."""

    def clock(value: int) -> time:
        seconds, micro = divmod(value % DAY_US, 1_000_000)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)

    return OpeningInterval(start=clock(start), end=clock(end))


def _neighbour(day: date, offset: int) -> date | None:
    try:
        return day + timedelta(days=offset)
    except OverflowError:  # next to date.min or date.max
        return None


class DayRules:
    """The rules of one :class:`~servicelevel.BusinessHours`, resolved so that
    looking up a date is cheap.

    Work and memory follow the years asked for: closures, recurrence rules and
    holidays are expanded one year at a time, when a date of that year is
    first planned (a closure of centuries costs only the years asked for).
    ``first_year`` and ``last_year`` name the years the caller expects to ask
    about; other years work too.
    """

    __slots__ = ("_holidays", "_hours", "_partial", "_special", "_touched", "_week", "_years")

    def __init__(self, hours: BusinessHours, first_year: int, last_year: int) -> None:
        self._hours = hours
        self._special = {special.date: special for special in hours.special_days}
        self._week = tuple(hours.week.for_weekday(weekday) for weekday in range(7))
        self._partial = any(closure.hours is not None for closure in hours.closures) or any(
            closure.hours is not None for closure in hours.recurring_closures
        )
        self._years: dict[int, _Year] = {}
        self._holidays: dict[int, frozenset[date]] = {}
        self._touched: dict[int, frozenset[date]] = {}

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = _expand_year(self._hours, year)
        return found

    def _near_closed_hours(self, day: date) -> bool:
        """Whether closed hours fall on ``day`` or on a date next to it."""
        touched = self._touched.get(day.year)
        if touched is None:
            dates = [
                near
                for year in (day.year - 1, day.year, day.year + 1)
                if 1 <= year <= 9999
                for closed in self._year(year).partial
                for near in (_neighbour(closed, -1), closed, _neighbour(closed, 1))
            ]
            touched = frozenset(
                near for near in dates if near is not None and near.year == day.year
            )
            self._touched[day.year] = touched
        return day in touched

    def _is_holiday(self, day: date) -> bool:
        found = self._holidays.get(day.year)
        if found is None:
            found = self._holidays[day.year] = self._hours.holiday_dates(day.year)
        return day in found

    def plan(self, day: date) -> DayPlan:
        """The intervals that start on ``day`` and the rule that decided them."""
        plan = self._base(day)
        return self._cut(plan) if self._partial and self._near_closed_hours(day) else plan

    def _base(self, day: date) -> DayPlan:
        """The plan before closures with hours cut into it."""
        usual = self._week[day.weekday()]
        year = self._years.get(day.year) or self._year(day.year)
        closure = year.whole.get(day)
        if closure is not None:
            return DayPlan(day, (), usual, _source(closure), closure=closure)
        special = self._special.get(day)
        if special is not None:
            return DayPlan(day, special.hours, usual, DaySource.SPECIAL_DAY, special=special)
        recurring = year.special.get(day)
        if recurring is not None:
            source = DaySource.RECURRING_SPECIAL_DAY
            return DayPlan(day, recurring.hours, usual, source, special=recurring)
        if self._is_holiday(day):
            return DayPlan(day, (), usual, DaySource.HOLIDAY)
        return DayPlan(day, usual, usual, DaySource.WEEK)

    def _cuts(self, day: date) -> list[tuple[int, int, Closure | RecurringClosure]]:
        """The closed hours of the dates around ``day``, in microseconds after its midnight."""
        cuts: list[tuple[int, int, Closure | RecurringClosure]] = []
        for offset in (-1, 0, 1):
            other = _neighbour(day, offset)
            if other is None:
                continue
            for closure in self._year(other.year).partial.get(other, ()):
                shift = offset * DAY_US
                cuts.extend(
                    (iv.start_us + shift, iv.end_us + shift, closure) for iv in closure.hours or ()
                )
        return cuts

    def _cut(self, plan: DayPlan) -> DayPlan:
        """``plan`` with the closed hours of closures cut out, plus what is left of the
        previous day's night shift after a cut (it now starts on this date)."""
        day = plan.day
        pieces, cutting = _subtract(_pieces(plan.intervals), self._cuts(day))
        carried, carried_by = self._carried(day)
        own = [(start, end) for start, end in pieces if start < DAY_US]
        if not cutting and not carried:
            return plan
        intervals = tuple(_interval(start, end) for start, end in sorted(own + carried))
        if plan.closure is not None:  # a whole-day closure: only the carried pieces remain
            return DayPlan(day, intervals, plan.usual, plan.source, plan.closure, plan.special)
        closure = (cutting or carried_by)[0]
        return DayPlan(day, intervals, plan.usual, _source(closure), closure, plan.special)

    def _carried(self, day: date) -> tuple[list[_Piece], list[Closure | RecurringClosure]]:
        """The pieces of the previous date's intervals that a cut left starting on ``day``."""
        previous = _neighbour(day, -1)
        if previous is None or not (
            self._year(previous.year).partial.get(previous) or self._year(day.year).partial.get(day)
        ):
            return [], []
        if not self._may_cross_midnight(previous):
            return [], []
        plan = self._base(previous)
        pieces, cutting = _subtract(_pieces(plan.intervals), self._cuts(previous))
        carried = [(start - DAY_US, end - DAY_US) for start, end in pieces if start >= DAY_US]
        return carried, cutting

    def _may_cross_midnight(self, day: date) -> bool:
        """Whether the date's intervals could run past midnight (asked without its
        holidays, which only close, so that no holiday year is looked up in vain)."""
        special: SpecialDay | RecurringSpecialDay | None = self._special.get(day)
        if special is None:
            special = self._year(day.year).special.get(day)
        intervals = special.hours if special is not None else self._week[day.weekday()]
        return any(interval.end_us > DAY_US for interval in intervals)
