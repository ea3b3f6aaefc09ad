"""Business hours: when a team is open, as data.

A :class:`BusinessHours` is a frozen, hashable pydantic model that round-trips
through JSON. It holds

* an IANA time zone (``tz``),
* a weekly schedule (:class:`WeeklyHours`): per weekday zero or more
  :class:`OpeningInterval` in local wall time,
* public-holiday calendars from the `holidays` package (:class:`HolidayCalendar`),
* one-off closures (:class:`Closure`) and special opening hours for single
  dates (:class:`SpecialDay`).

Rules, in order of precedence for one local date:

1. a :class:`Closure` covering the date closes every interval that starts on it;
2. a :class:`SpecialDay` for the date replaces that day's intervals (an empty
   special day is closed), even on a public holiday;
3. a public holiday closes the intervals that start on it;
4. otherwise the weekly intervals of that weekday apply.

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
from datetime import date
from typing import Any, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from servicelevel._holidays import HolidayCalendar
from servicelevel._intervals import (
    WEEKDAYS,
    Intervals,
    OpeningInterval,
    WeeklyHours,
    check_no_overlap,
    parse_day_spec,
    split_intervals,
)
from servicelevel._zones import TimeZoneName, zone

__all__ = ["BusinessHours", "Closure", "SpecialDay"]

#: Most closures, special days and holiday calendars one schedule may hold
#: (a larger list is a ``ValidationError`` of type ``too_long``).
MAX_CLOSURES = 10_000
MAX_SPECIAL_DAYS = 10_000
MAX_CALENDARS = 20


class Closure(BaseModel):
    """A one-off closure of whole days, the closed interval ``[start, end]``.

    Example:
        >>> Closure(start=date(2025, 12, 29), end=date(2025, 12, 31), reason="stocktaking")
        ... # doctest: +ELLIPSIS
        Closure(start=datetime.date(2025, 12, 29), end=datetime.date(2025, 12, 31), ...)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date | None = Field(default=None, description="last closed day; defaults to start")
    reason: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"closure ends ({self.end}) before it starts ({self.start}); swap the dates."
            )
        return self

    @property
    def last(self) -> date:
        """The last closed day."""
        return self.start if self.end is None else self.end

    def covers(self, day: date) -> bool:
        """Whether ``day`` is closed by this closure."""
        return self.start <= day <= self.last


class SpecialDay(BaseModel):
    """Special opening hours for one date; they replace the weekly intervals.

    No intervals means closed all day. A special day also applies on a public
    holiday (it is the explicit word for that date).

    Example:
        >>> SpecialDay(date=date(2025, 12, 24), hours="09:00-15:00", name="Christmas Eve")
        ... # doctest: +ELLIPSIS
        SpecialDay(date=datetime.date(2025, 12, 24), hours=(OpeningInterval('09:00-15:00'),), ...)
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
        spans = [(iv.start_us, iv.end_us, str(iv)) for iv in self.hours]
        check_no_overlap(spans, f"special day {self.date}")
        return self


class BusinessHours(BaseModel):
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

    @field_validator("holidays", mode="before")
    @classmethod
    def _one_calendar(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | HolidayCalendar) else value

    @model_validator(mode="after")
    def _one_special_day_per_date(self) -> Self:
        seen: set[date] = set()
        for special in self.special_days:
            if special.date in seen:
                raise ValueError(
                    f"special hours for {special.date} are given twice; put all of that "
                    "day's intervals in one SpecialDay."
                )
            seen.add(special.date)
        return self

    @classmethod
    def weekly(
        cls,
        schedule: Mapping[str, str | Sequence[str | OpeningInterval]],
        *,
        tz: str,
        holidays: str | HolidayCalendar | Iterable[str | HolidayCalendar] = (),
        closed: Iterable[date | Closure] = (),
        special: Mapping[date, str | Sequence[str | OpeningInterval]] | None = None,
    ) -> BusinessHours:
        """Build business hours from a compact mapping of weekdays to intervals.

        Keys name weekdays: ``"mon"``, ``"mon-fri"``, ``"sat,sun"``, ``"daily"``
        (a range may wrap: ``"fri-mon"``). Values are ``"09:00-17:00"``,
        ``"09:00-12:00, 13:00-17:00"`` or a list of intervals. A weekday named
        twice is an error. ``holidays`` takes ``"NL"``, ``"DE-BY"`` or a list;
        ``closed`` takes dates or :class:`Closure`; ``special`` maps dates to
        intervals (an empty string closes the day).

        Example:
            >>> hours = BusinessHours.weekly(
            ...     {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays=["NL"]
            ... )
            >>> str(hours.holidays[0])
            'NL'
        """
        week: dict[str, Any] = {}
        for spec, intervals in schedule.items():
            for index in parse_day_spec(spec):
                day = WEEKDAYS[index]
                if day in week:
                    raise ValueError(
                        f"{day} is named twice in the weekly schedule (again in {spec!r}); "
                        "give each weekday once, with all its intervals."
                    )
                week[day] = intervals
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
            }
        )

    @classmethod
    def always(
        cls,
        *,
        tz: str = "UTC",
        holidays: str | HolidayCalendar | Iterable[str | HolidayCalendar] = (),
        closed: Iterable[date | Closure] = (),
    ) -> BusinessHours:
        """Open 24/7 (optionally closed on holidays and closures).

        Example:
            >>> BusinessHours.always().week.mon
            (OpeningInterval('00:00-24:00'),)
        """
        return cls.weekly({"daily": "00:00-24:00"}, tz=tz, holidays=holidays, closed=closed)

    @property
    def zone(self) -> ZoneInfo:
        """The time zone as a ``ZoneInfo``."""
        return zone(self.tz)

    @property
    def has_openings(self) -> bool:
        """Whether any weekly interval or special opening exists at all."""
        return not self.week.is_empty or any(special.hours for special in self.special_days)

    def holiday_dates(self, year: int) -> frozenset[date]:
        """Dates in ``year`` that are public holidays in any of the calendars."""
        return frozenset().union(*(calendar.dates(year) for calendar in self.holidays))

    def _repr_html_(self) -> str:
        from servicelevel._html import table

        rows = [
            (day, ", ".join(str(iv) for iv in self.week.for_weekday(index)) or "closed")
            for index, day in enumerate(WEEKDAYS)
        ]
        rows += [(f"holidays {calendar}", "closed") for calendar in self.holidays]
        rows += [
            (f"{c.start}" + (f" to {c.last}" if c.last != c.start else ""), c.reason or "closed")
            for c in self.closures
        ]
        rows += [
            (str(s.date), ", ".join(str(iv) for iv in s.hours) or "closed")
            for s in self.special_days
        ]
        return table(f"BusinessHours ({self.tz})", ("when", "open"), rows)

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
