"""What one local date looks like: its opening intervals and why it is closed.

This is the one home of the precedence rule, asked by the compiled index,
by :func:`~servicelevel.describe_hours` and by :func:`~servicelevel.auto_reply`:

1. a :class:`~servicelevel.Closure` covering the date closes it;
2. a :class:`~servicelevel.SpecialDay` for the date replaces its weekly
   intervals (no intervals: closed), even on a public holiday;
3. a public holiday closes it;
4. otherwise the weekly intervals of its weekday apply.

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

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from servicelevel._intervals import OpeningInterval
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
    SPECIAL_DAY = "special_day"
    HOLIDAY = "holiday"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The intervals that start on one local date, and the rule that decided them."""

    day: date
    intervals: tuple[OpeningInterval, ...]
    usual: tuple[OpeningInterval, ...]  # the weekly intervals of this weekday
    source: DaySource
    closure: Closure | None = None
    special: SpecialDay | None = None

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


class DayRules:
    """The rules of one :class:`~servicelevel.BusinessHours` for a range of years,
    resolved once so that looking up a date is cheap.

    Work and memory follow the years asked for: a closure of centuries is
    expanded only over ``first_year..last_year``.
    """

    __slots__ = ("_closed", "_holidays", "_special", "_week")

    def __init__(self, hours: BusinessHours, first_year: int, last_year: int) -> None:
        first_day, last_day = date(first_year, 1, 1), date(last_year, 12, 31)
        self._holidays = frozenset[date]().union(
            *(hours.holiday_dates(year) for year in range(first_year, last_year + 1))
        )
        self._closed: dict[date, Closure] = {}
        for closure in hours.closures:
            first, last = max(closure.start, first_day), min(closure.last, last_day)
            for offset in range((last - first).days + 1):
                self._closed.setdefault(first + timedelta(days=offset), closure)
        self._special = {special.date: special for special in hours.special_days}
        self._week = tuple(hours.week.for_weekday(weekday) for weekday in range(7))

    def plan(self, day: date) -> DayPlan:
        """The intervals that start on ``day`` and the rule that decided them."""
        usual = self._week[day.weekday()]
        closure = self._closed.get(day)
        if closure is not None:
            return DayPlan(day, (), usual, DaySource.CLOSURE, closure=closure)
        special = self._special.get(day)
        if special is not None:
            return DayPlan(day, special.hours, usual, DaySource.SPECIAL_DAY, special=special)
        if day in self._holidays:
            return DayPlan(day, (), usual, DaySource.HOLIDAY)
        return DayPlan(day, usual, usual, DaySource.WEEK)
