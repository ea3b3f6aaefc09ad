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

An interval belongs to the day it starts on. An interval whose end is at or
before its start crosses midnight (``22:00-06:00`` on Friday runs into
Saturday); ``24:00`` is allowed as an end and means midnight at the end of the
day; ``00:00-24:00`` is a whole day. Intervals of one day that overlap are
rejected (a likely typo); intervals that touch (``09:00-12:00`` and
``12:00-17:00``, or Friday ``22:00-24:00`` and Saturday ``00:00-06:00``) are
allowed and count as one continuous opening.

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

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time, timedelta
from functools import cache
from itertools import pairwise
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_package
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_serializer,
    model_validator,
)

from servicelevel.errors import UnknownHolidayCalendarError, UnknownTimeZoneError

__all__ = [
    "WEEKDAYS",
    "BusinessHours",
    "Closure",
    "DayRules",
    "HolidayCalendar",
    "OpeningInterval",
    "SpecialDay",
    "TimeZoneName",
    "WeeklyHours",
    "zone",
]

#: Weekday keys in ``date.weekday()`` order.
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_DAY_US = 86_400_000_000
_TIME_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*$")
_DAY_ALIASES = {
    **{day: index for index, day in enumerate(WEEKDAYS)},
    **{
        name: index
        for index, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}


@cache
def zone(key: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA key, or :class:`UnknownTimeZoneError`.

    Example:
        >>> zone("Europe/Amsterdam")
        zoneinfo.ZoneInfo(key='Europe/Amsterdam')
    """
    if not key or key != key.strip() or key.startswith(("/", ".")) or ".." in key:
        raise UnknownTimeZoneError.for_key(key)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as error:
        raise UnknownTimeZoneError.for_key(key) from error


def _check_time_zone(key: str) -> str:
    zone(key)
    return key


#: A validated IANA time-zone name, e.g. ``"Europe/Amsterdam"``.
TimeZoneName = Annotated[
    str,
    AfterValidator(_check_time_zone),
    Field(description="IANA time-zone name", examples=["Europe/Amsterdam", "UTC"]),
]


def _time_of_day_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _parse_time(text: str, *, is_end: bool) -> time:
    match = _TIME_PATTERN.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a time of day; write it as HH:MM, e.g. '09:00'.")
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3] or 0)
    micro = int((match[4] or "0").ljust(6, "0"))
    if hour == 24 and minute == second == micro == 0:
        if not is_end:
            raise ValueError("24:00 can only end an interval; start the day at 00:00.")
        return time(0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{text!r} is not a time of day between 00:00 and 24:00.")
    return time(hour, minute, second, micro)


def _format_time(value: time, *, is_end: bool) -> str:
    if is_end and value == time(0):
        return "24:00"
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text


class OpeningInterval(BaseModel):
    """One opening interval in local wall time, half-open ``[start, end)``.

    An ``end`` at or before ``start`` crosses midnight into the next day;
    ``end`` 00:00 (written ``24:00``) is midnight at the end of the day. In JSON
    an interval is the string ``"HH:MM-HH:MM"``.

    Example:
        >>> OpeningInterval.parse("22:00-06:00").crosses_midnight
        True
        >>> OpeningInterval.parse("09:00-17:00").length_us // 3_600_000_000
        8
    """

    model_config = ConfigDict(frozen=True)

    start: time
    end: time

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            start, separator, end = value.replace("\u2013", "-").partition("-")
            if not separator:
                raise ValueError(
                    f"{value!r} is not an interval; write it as 'HH:MM-HH:MM', e.g. '09:00-17:00'."
                )
            return {
                "start": _parse_time(start, is_end=False),
                "end": _parse_time(end, is_end=True),
            }
        if isinstance(value, Mapping) and isinstance(value.get("end"), str):
            return {**value, "end": _parse_time(value["end"], is_end=True)}
        return value

    @field_validator("start", "end")
    @classmethod
    def _no_time_zone(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError(
                "opening times are local wall times; drop the tzinfo and set the "
                "schedule's tz instead."
            )
        return value

    @model_serializer
    def _to_text(self) -> str:
        return str(self)

    @classmethod
    def parse(cls, text: str) -> OpeningInterval:
        """Parse ``"HH:MM-HH:MM"`` (``24:00`` allowed as end)."""
        return cls.model_validate(text)

    @property
    def start_us(self) -> int:
        """Start as microseconds after local midnight."""
        return _time_of_day_us(self.start)

    @property
    def end_us(self) -> int:
        """End as microseconds after the start day's local midnight (up to two days)."""
        end = _time_of_day_us(self.end)
        return end + _DAY_US if end <= self.start_us else end

    @property
    def crosses_midnight(self) -> bool:
        """Whether the interval runs past midnight into the next day (``24:00`` does not)."""
        return self.end_us > _DAY_US

    @property
    def length_us(self) -> int:
        """Nominal wall-clock length in microseconds (DST changes not applied)."""
        return self.end_us - self.start_us

    def __str__(self) -> str:
        return f"{_format_time(self.start, is_end=False)}-{_format_time(self.end, is_end=True)}"

    def __repr__(self) -> str:
        return f"OpeningInterval({str(self)!r})"


def _check_no_overlap(spans: list[tuple[int, int, str]], where: str) -> None:
    """Reject overlapping spans (microsecond positions); touching spans are fine."""
    ordered = sorted(spans)
    for (_, end_a, label_a), (start_b, _, label_b) in pairwise(ordered):
        if start_b < end_a:
            raise ValueError(
                f"{where}: intervals {label_a} and {label_b} overlap. Merge them into one "
                "interval or fix the times (intervals that only touch are allowed)."
            )


def _intervals(value: Any) -> Any:
    """Accept ``"09:00-12:00, 13:00-17:00"`` as well as a list of intervals."""
    if isinstance(value, str):
        return [part for part in (piece.strip() for piece in value.split(",")) if part]
    return value


Intervals = Annotated[tuple[OpeningInterval, ...], Field(default=())]


class WeeklyHours(BaseModel):
    """The weekly opening intervals, per weekday (``mon`` ... ``sun``).

    Example:
        >>> week = WeeklyHours(fri=["22:00-06:00"])
        >>> week.for_weekday(4)
        (OpeningInterval('22:00-06:00'),)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mon: Intervals = ()
    tue: Intervals = ()
    wed: Intervals = ()
    thu: Intervals = ()
    fri: Intervals = ()
    sat: Intervals = ()
    sun: Intervals = ()

    @field_validator(*WEEKDAYS, mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        return _intervals(value)

    @model_validator(mode="after")
    def _no_overlaps(self) -> Self:
        week_us = 7 * _DAY_US
        spans: list[tuple[int, int, str]] = []
        for index, day in enumerate(WEEKDAYS):
            for interval in self.for_weekday(index):
                start = index * _DAY_US + interval.start_us
                end = index * _DAY_US + interval.end_us
                label = f"{day} {interval}"
                spans.append((start, end, label))
                if end > week_us:  # Sunday night runs into Monday
                    spans.append((start - week_us, end - week_us, label))
        _check_no_overlap(spans, "weekly hours")
        return self

    def for_weekday(self, weekday: int) -> tuple[OpeningInterval, ...]:
        """The intervals that start on ``weekday`` (0 is Monday, as ``date.weekday()``)."""
        result: tuple[OpeningInterval, ...] = getattr(self, WEEKDAYS[weekday])
        return result

    @property
    def is_empty(self) -> bool:
        """Whether no weekday has any interval."""
        return not any(self.for_weekday(index) for index in range(7))


class HolidayCalendar(BaseModel):
    """Public holidays of one country (and optional subdivision) from `holidays`.

    In the compact form a calendar is a string: ``"NL"``, ``"DE-BY"``, ``"US-CA"``.

    Example:
        >>> HolidayCalendar.parse("DE-BY")
        HolidayCalendar(country='DE', subdiv='BY')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. 'NL'")
    subdiv: str | None = Field(default=None, description="subdivision code, e.g. 'BY'")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            country, _, subdiv = value.strip().partition("-")
            return {"country": country, "subdiv": subdiv or None}
        return value

    @model_validator(mode="after")
    def _known(self) -> Self:
        supported = _supported_countries()
        if self.country not in supported:
            raise UnknownHolidayCalendarError(
                f"Unknown holiday country {self.country!r}. Use an ISO 3166-1 alpha-2 code "
                "the holidays package supports, such as 'NL', 'BE', 'DE' or 'US' "
                "(holidays.list_supported_countries() lists them)."
            )
        if self.subdiv is not None and self.subdiv not in supported[self.country]:
            choices = ", ".join(supported[self.country]) or "none"
            raise UnknownHolidayCalendarError(
                f"Unknown subdivision {self.subdiv!r} for holiday country {self.country!r}. "
                f"Known subdivisions: {choices}."
            )
        return self

    @classmethod
    def parse(cls, text: str) -> HolidayCalendar:
        """Parse ``"NL"`` or ``"DE-BY"``."""
        return cls.model_validate(text)

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates of this calendar in ``year``."""
        return _holiday_dates(self.country, self.subdiv, year)

    def names(self, year: int, language: str | None = None) -> Mapping[date, str]:
        """The holidays of ``year`` with their names, optionally in ``language``."""
        return _holiday_names(self.country, self.subdiv, year, language)

    def __str__(self) -> str:
        return self.country if self.subdiv is None else f"{self.country}-{self.subdiv}"


@cache
def _holiday_dates(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(_holiday_names(country, subdiv, year, None))


@cache
def _supported_countries() -> dict[str, list[str]]:
    supported: dict[str, list[str]] = holidays_package.list_supported_countries()
    return supported


@cache
def _holiday_names(
    country: str, subdiv: str | None, year: int, language: str | None
) -> Mapping[date, str]:
    # Materialise the year explicitly: holiday objects fill lazily (holidays #323).
    calendar = holidays_package.country_holidays(
        country, subdiv=subdiv, years=year, language=language
    )
    return dict(sorted(calendar.items()))


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
        return _intervals(value)

    @model_validator(mode="after")
    def _no_overlaps(self) -> Self:
        spans = [(iv.start_us, iv.end_us, str(iv)) for iv in self.hours]
        _check_no_overlap(spans, f"special day {self.date}")
        return self


def _parse_day_spec(spec: str) -> list[int]:
    days: list[int] = []
    for part in (piece.strip().lower() for piece in spec.split(",")):
        if part in ("daily", "all", "everyday", "every day"):
            days.extend(range(7))
            continue
        first, separator, last = part.partition("-")
        try:
            start = _DAY_ALIASES[first.strip()]
            stop = _DAY_ALIASES[last.strip()] if separator else start
        except KeyError:
            raise ValueError(
                f"{spec!r} does not name weekdays; use 'mon'...'sun', ranges such as "
                "'mon-fri', lists such as 'sat,sun', or 'daily'."
            ) from None
        days.extend((start + offset) % 7 for offset in range((stop - start) % 7 + 1))
    return days


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
    holidays: tuple[HolidayCalendar, ...] = ()
    closures: tuple[Closure, ...] = ()
    special_days: tuple[SpecialDay, ...] = ()

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
            for index in _parse_day_spec(spec):
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

    def day_rules(self, first_year: int, last_year: int) -> DayRules:
        """The per-date rules (closures, special days, holidays, weekly hours) for a
        range of years, resolved once so that looking up a date is cheap."""
        return DayRules(self, first_year, last_year)

    def intervals_on(self, day: date) -> tuple[OpeningInterval, ...]:
        """The intervals that start on local date ``day``, after closures, special days
        and holidays are applied (see the precedence rules in the module docs).

        Example:
            >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", holidays="NL")
            >>> hours.intervals_on(date(2025, 12, 25))
            ()
        """
        return self.day_rules(day.year, day.year).intervals(day)


class DayRules:
    """Which intervals start on each local date of a range of years.

    Precedence: a closure, then a special day, then a public holiday, then the
    weekly hours (see :mod:`servicelevel.hours`).
    """

    __slots__ = ("_closed", "_holidays", "_special", "_week")

    def __init__(self, hours: BusinessHours, first_year: int, last_year: int) -> None:
        first_day, last_day = date(first_year, 1, 1), date(last_year, 12, 31)
        self._holidays = frozenset[date]().union(
            *(hours.holiday_dates(year) for year in range(first_year, last_year + 1))
        )
        self._closed = {
            closure.start + timedelta(days=offset): closure
            for closure in hours.closures
            if closure.start <= last_day and closure.last >= first_day
            for offset in range((closure.last - closure.start).days + 1)
        }
        self._special = {special.date: special for special in hours.special_days}
        self._week = tuple(hours.week.for_weekday(weekday) for weekday in range(7))

    def intervals(self, day: date) -> tuple[OpeningInterval, ...]:
        """The intervals that start on ``day``."""
        if day in self._closed:
            return ()
        special = self._special.get(day)
        if special is not None:
            return special.hours
        if day in self._holidays:
            return ()
        return self._week[day.weekday()]
