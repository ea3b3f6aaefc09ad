"""Business hours: when a team is open, as data.

A :class:`BusinessHours` is a frozen, hashable pydantic model that round-trips
through JSON. It holds

* an IANA time zone or a fixed UTC offset such as ``"UTC+05:30"`` (``tz``),
* a weekly schedule (:class:`WeeklyHours`): per weekday zero or more
  :class:`OpeningInterval` in local wall time,
* public-holiday calendars from the `holidays` package (:class:`HolidayCalendar`),
* one-off closures (:class:`Closure`) and special opening hours for single
  dates (:class:`SpecialDay`),
* closures and special hours on the dates a recurrence rule picks
  (:class:`RecurringClosure`, :class:`RecurringSpecialDay`).

Rules, in order of precedence for one local date:

1. a whole-day :class:`Closure` or :class:`RecurringClosure` covering the date
   closes every interval that starts on it;
2. a :class:`SpecialDay` for the date replaces that day's intervals (an empty
   special day is closed), even on a public holiday; then a
   :class:`RecurringSpecialDay` (the first listed that picks the date);
3. a public holiday closes the intervals that start on it;
4. otherwise the weekly intervals of that weekday apply;
5. closures with ``hours`` then cut the wall-clock times they name out of
   whatever is open (``_day_rules`` holds these rules).

An interval belongs to the day it starts on. An interval whose end is before
its start crosses midnight (``22:00-06:00`` on Friday runs into Saturday);
``24:00`` is allowed as an end and means midnight at the end of the day;
``00:00-24:00`` is a whole day; ``09:00-09:00`` is rejected as ambiguous.
Intervals of one day that overlap are rejected (a likely typo); intervals that
touch (``09:00-12:00`` and ``12:00-17:00``, or Friday ``22:00-24:00`` and
Saturday ``00:00-06:00``) are allowed and count as one continuous opening.

Wall times that do not exist (in a DST gap) move forward by the gap, repeated
wall times (in a DST fold) take the earlier instant: the "compatible" rule of
RFC 5545, Temporal and `whenever`.

Example:
    >>> from servicelevel import BusinessHours
    >>> hours = BusinessHours.weekly(
    ...     {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"},
    ...     tz="Europe/Amsterdam",
    ...     holidays="NL",
    ... )
    >>> hours.week.sat
    (OpeningInterval('10:00-14:00'),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any, Self

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from servicelevel._editing import Editable
from servicelevel._errors import ArgumentTypeError, reject, reject_at
from servicelevel._holidays import HolidayCalendar
from servicelevel._intervals import (
    Intervals,
    OpeningInterval,
    WeeklyHours,
    check_hours_overlap,
    expand_week,
    split_intervals,
)
from servicelevel._recurrence import RecurringClosure, RecurringSpecialDay, check_closure_hours
from servicelevel._zones import TimeZoneName, zone

if TYPE_CHECKING:
    from servicelevel._combined import CombinedHours

__all__ = ["BusinessHours", "Closure", "RecurringClosure", "RecurringSpecialDay", "SpecialDay"]

#: Most closures, special days, recurrence rules and holiday calendars one
#: schedule may hold (a longer list is a ``ValidationError`` of type ``too_long``).
MAX_CLOSURES = 10_000
MAX_SPECIAL_DAYS = 10_000
MAX_RULES = 1_000
MAX_CALENDARS = 20


class Closure(Editable):
    """A one-off closure of the dates ``[start, end]``: whole days, or only the
    closed ``hours`` of each of those dates (cut out of the opening hours).

    Example:
        >>> Closure(start=date(2025, 12, 29), end=date(2025, 12, 31), reason="stocktaking")
        Closure(2025-12-29 to 2025-12-31, reason='stocktaking')
        >>> Closure(start=date(2025, 12, 1), hours="09:00-11:00", reason="training")
        Closure(2025-12-01 09:00-11:00, reason='training')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date | None = Field(default=None, description="last closed day; defaults to start")
    reason: str | None = None
    hours: tuple[OpeningInterval, ...] | None = Field(
        default=None, description="the closed intervals of each date; none: the whole day"
    )

    @field_validator("hours", mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        return split_intervals(value)

    @model_validator(mode="after")
    def _closed_hours(self) -> Self:
        check_closure_hours(self.hours, f"closure {self._span}")
        return self

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            reject(
                "closure_reversed",
                f"closure ends ({end}) before it starts ({start}); swap the dates.",
            )
        return end

    @property
    def last(self) -> date:
        """The last closed day."""
        return self.start if self.end is None else self.end

    def covers(self, day: date) -> bool:
        """Whether ``day`` is closed by this closure."""
        return self.start <= day <= self.last

    @property
    def _span(self) -> str:
        return str(self.start) if self.last == self.start else f"{self.start} to {self.last}"

    def __repr__(self) -> str:
        from servicelevel._display import intervals

        hours = "" if self.hours is None else f" {intervals(self.hours)}"
        reason = "" if self.reason is None else f", reason={self.reason!r}"
        return f"Closure({self._span}{hours}{reason})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import count, intervals
        from servicelevel._html import fields

        days = count((self.last - self.start).days + 1, "day")
        rows = [("closed", f"{self._span} ({days})"), ("reason", self.reason)]
        if self.hours is not None:
            rows.insert(1, ("hours", intervals(self.hours)))
        return fields("Closure", rows)


class SpecialDay(Editable):
    """Special opening hours for one date; they replace the weekly intervals.

    No intervals means closed all day. A special day also applies on a public
    holiday (it is the explicit word for that date).

    Example:
        >>> SpecialDay(date=date(2025, 12, 24), hours="09:00-15:00", name="Christmas Eve")
        SpecialDay(2025-12-24 09:00-15:00, name='Christmas Eve')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: date
    hours: Intervals = ()
    name: str | None = None

    @field_validator("hours", mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        return split_intervals(value)

    @model_validator(mode="after")
    def _no_overlaps(self) -> Self:
        check_hours_overlap(self.hours, f"special day {self.date}")
        return self

    def __repr__(self) -> str:
        from servicelevel._display import intervals

        name = "" if self.name is None else f", name={self.name!r}"
        return f"SpecialDay({self.date} {intervals(self.hours)}{name})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import intervals
        from servicelevel._html import fields

        rows = [("date", self.date), ("open", intervals(self.hours)), ("name", self.name)]
        return fields("SpecialDay", rows)


class BusinessHours(Editable):
    """When a team is open: weekly intervals in a time zone, holidays, closures.

    See the module documentation for the rules. Use :meth:`weekly` or
    :meth:`always` to build one; ``BusinessHours.model_validate_json`` to load
    one from JSON config.

    Example:
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> BusinessHours.model_validate_json(hours.model_dump_json()) == hours
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    tz: TimeZoneName
    week: WeeklyHours = Field(default_factory=WeeklyHours)
    holidays: tuple[HolidayCalendar, ...] = Field(default=(), max_length=MAX_CALENDARS)
    closures: tuple[Closure, ...] = Field(default=(), max_length=MAX_CLOSURES)
    special_days: tuple[SpecialDay, ...] = Field(default=(), max_length=MAX_SPECIAL_DAYS)
    recurring_closures: tuple[RecurringClosure, ...] = Field(default=(), max_length=MAX_RULES)
    recurring_special_days: tuple[RecurringSpecialDay, ...] = Field(
        default=(), max_length=MAX_RULES
    )

    @field_validator("holidays", mode="before")
    @classmethod
    def _one_calendar(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | HolidayCalendar) else value

    @field_validator("special_days")
    @classmethod
    def _one_special_day_per_date(
        cls, special_days: tuple[SpecialDay, ...]
    ) -> tuple[SpecialDay, ...]:
        seen: set[date] = set()
        for index, special in enumerate(special_days):
            if special.date in seen:
                reject_at(
                    (index, "date"),
                    special.date,
                    "duplicate_special_day",
                    f"special hours for {special.date} are given twice; put all of that "
                    "day's intervals in one SpecialDay.",
                )
            seen.add(special.date)
        return special_days

    @classmethod
    def weekly(
        cls,
        schedule: Mapping[str, str | Sequence[str | OpeningInterval]],
        *,
        tz: str,
        holidays: str | HolidayCalendar | Iterable[str | HolidayCalendar] = (),
        closed: Iterable[date | Closure] = (),
        special: Mapping[date, str | Sequence[str | OpeningInterval]] | None = None,
        recurring_closures: Iterable[RecurringClosure | Mapping[str, Any]] = (),
        recurring_special_days: Iterable[RecurringSpecialDay | Mapping[str, Any]] = (),
    ) -> BusinessHours:
        """Build business hours from a compact mapping of weekdays to intervals.

        Keys name weekdays: ``"mon"``, ``"mon-fri"``, ``"sat,sun"``, ``"daily"``
        (a range may wrap: ``"fri-mon"``). Values are ``"09:00-17:00"``,
        ``"09:00-12:00, 13:00-17:00"`` or a list of intervals. A weekday named
        twice is an error. ``holidays`` takes ``"NL"``, ``"DE-BY"``,
        :class:`HolidayCalendar` or a list; ``closed`` takes dates or
        :class:`Closure`; ``special`` maps dates to intervals (an empty string
        closes the day); ``recurring_closures`` and ``recurring_special_days``
        take :class:`RecurringClosure` and :class:`RecurringSpecialDay` (or
        their fields as mappings).

        A key that names no weekday, or a weekday named twice, raises
        :class:`~servicelevel.InvalidScheduleError`; bad intervals, zones and
        calendars are a ``ValidationError`` (see ``docs/errors.md``).

        Example:
            >>> hours = BusinessHours.weekly(
            ...     {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays=["NL"]
            ... )
            >>> str(hours.holidays[0])
            'NL'
        """
        if not isinstance(schedule, Mapping):
            raise ArgumentTypeError.for_argument(
                "schedule",
                "mapping of weekdays to intervals, e.g. {'mon-fri': '09:00-17:00'}",
                schedule,
            )
        week = expand_week(schedule)
        calendars = [holidays] if isinstance(holidays, str | HolidayCalendar) else list(holidays)
        return cls.model_validate(
            {
                "tz": tz,
                "week": week,
                "holidays": calendars,
                "closures": [
                    item if isinstance(item, Closure) else Closure(start=item) for item in closed
                ],
                "special_days": [
                    {"date": day, "hours": intervals} for day, intervals in (special or {}).items()
                ],
                "recurring_closures": list(recurring_closures),
                "recurring_special_days": list(recurring_special_days),
            }
        )

    @classmethod
    def always(
        cls,
        *,
        tz: str = "UTC",
        holidays: str | HolidayCalendar | Iterable[str | HolidayCalendar] = (),
        closed: Iterable[date | Closure] = (),
        recurring_closures: Iterable[RecurringClosure | Mapping[str, Any]] = (),
    ) -> BusinessHours:
        """Open 24/7 (optionally closed on holidays and closures).

        Example:
            >>> BusinessHours.always().week.mon
            (OpeningInterval('00:00-24:00'),)
        """
        return cls.weekly(
            {"daily": "00:00-24:00"},
            tz=tz,
            holidays=holidays,
            closed=closed,
            recurring_closures=recurring_closures,
        )

    @property
    def zone(self) -> tzinfo:
        """The time zone: a ``ZoneInfo``, or a ``datetime.timezone`` for a fixed
        offset such as ``"UTC+05:30"`` (the same object on every call)."""
        return zone(self.tz)

    @property
    def has_openings(self) -> bool:
        """Whether any weekly interval or special opening exists at all."""
        return (
            not self.week.is_empty
            or any(special.hours for special in self.special_days)
            or any(special.hours for special in self.recurring_special_days)
        )

    def holiday_dates(self, year: int) -> frozenset[date]:
        """Dates in ``year`` that are public holidays in any of the calendars.

        Raises :class:`~servicelevel.HolidayCalendarRangeError` for a year a
        calendar does not know, unless it says ``beyond_known_years="no_holidays"``.
        """
        return frozenset().union(*(calendar.dates(year) for calendar in self.holidays))

    def intervals_on(self, day: date) -> tuple[OpeningInterval, ...]:
        """The intervals that start on local date ``day``, after closures, special days
        and holidays are applied (see the precedence rules in the module docs), as
        they really are: an interval that vanishes in a DST gap is left out (the
        weekly schedule and ``describe_hours`` show intervals as written).

        Example:
            >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", holidays="NL")
            >>> hours.intervals_on(date(2025, 12, 25))
            ()
            >>> night = BusinessHours.weekly({"sun": "02:30-03:00"}, tz="Europe/Amsterdam")
            >>> night.intervals_on(date(2025, 3, 30)), night.intervals_on(date(2025, 4, 6))
            ((), (OpeningInterval('02:30-03:00'),))
        """
        from servicelevel._day_rules import DayRules
        from servicelevel._timeline import vanishes

        intervals = DayRules(self, day.year, day.year).plan(day).intervals
        return tuple(iv for iv in intervals if not vanishes(self, day, iv))

    def __or__(self, other: BusinessHours | CombinedHours) -> CombinedHours:
        """The union of two schedules: open when either is (follow-the-sun)."""
        from servicelevel._combined import CombinedHours

        return CombinedHours.union(self, other)

    def __and__(self, other: BusinessHours | CombinedHours) -> CombinedHours:
        """The intersection of two schedules: open when both are."""
        from servicelevel._combined import CombinedHours

        return CombinedHours.intersection(self, other)

    def __repr__(self) -> str:
        from servicelevel._display import count, week

        parts = [f"tz={self.tz!r}", week(self.week)]
        if self.holidays:
            codes = "+".join(calendar._code for calendar in self.holidays)
            chosen = any(calendar._choices for calendar in self.holidays)
            parts.append(f"holidays={codes}" + (" (with choices)" if chosen else ""))
        if self.closures:
            parts.append(count(len(self.closures), "closure"))
        if self.special_days:
            parts.append(count(len(self.special_days), "special day"))
        if self.recurring_closures:
            parts.append(count(len(self.recurring_closures), "recurring closure"))
        if self.recurring_special_days:
            parts.append(count(len(self.recurring_special_days), "recurring special day"))
        return f"BusinessHours({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import intervals
        from servicelevel._html import box, table

        calendars = ", ".join(str(calendar) for calendar in self.holidays)
        holidays = [("holidays", f"closed ({calendars})")] if self.holidays else []
        parts = [self.week._html_table(f"BusinessHours ({self.tz})", holidays)]
        if self.closures:
            closed = [(c.start, c.last, _closed_hours(c.hours), c.reason) for c in self.closures]
            parts.append(table("Closures", ("from", "to", "closed", "reason"), closed))
        if self.special_days:
            special = [(s.date, intervals(s.hours), s.name) for s in self.special_days]
            parts.append(table("Special days", ("date", "open", "name"), special))
        if self.recurring_closures:
            rows = [
                (c.rule, c.start, _closed_hours(c.hours), c.reason) for c in self.recurring_closures
            ]
            parts.append(table("Recurring closures", ("rule", "from", "closed", "reason"), rows))
        if self.recurring_special_days:
            rows = [
                (s.rule, s.start, intervals(s.hours), s.name) for s in self.recurring_special_days
            ]
            parts.append(table("Recurring special days", ("rule", "from", "open", "name"), rows))
        return box(*parts)


def _closed_hours(hours: tuple[OpeningInterval, ...] | None) -> str:
    from servicelevel._display import intervals

    return "whole day" if hours is None else intervals(hours)
