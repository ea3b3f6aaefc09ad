"""A deliberately simple reference for business-time arithmetic.

It walks local days one by one, applies the day rules from scratch (no
index, no bisection, no merging) and clips datetimes in UTC. It is slow and
obviously right; the fast engine is compared with it on random cases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr

from servicelevel import BusinessHours, HolidayCalendar, OpeningInterval


@cache
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))


_DAY = 86_400_000_000  # microseconds


@cache
def _rule_dates(rule: str, start: date | None, year: int) -> frozenset[date]:
    """Straight from dateutil: a rule without start picks the same dates from any start."""
    first = datetime(year, 1, 1)  # noqa: DTZ001 - rules pick local dates
    begin = datetime.combine(start or date(year - 1, 1, 1), datetime.min.time())
    found = rrulestr(rule, dtstart=begin).between(first, first.replace(month=12, day=31), inc=True)
    return frozenset(moment.date() for moment in found)


@cache
def _names(calendar: HolidayCalendar, year: int, english: bool) -> dict[date, list[str]]:
    own = holidays.country_holidays(calendar.country).default_language
    found = holidays.country_holidays(
        calendar.country,
        subdiv=calendar.subdiv,
        years=year,
        categories=calendar.categories,
        language="en_US" if english else own,
    )
    return {day: found.get_list(day) for day in found}


def _holiday_names(calendar: HolidayCalendar, day: date) -> list[tuple[str, str]]:
    """The holidays on ``day``: (name in the calendar's language, name in English).

    The package sorts the names of one date alphabetically in each language, so
    the English name is known here only when the date has one holiday (enough
    for the generated calendars, whose English exclusions never share a date).
    """
    own = _names(calendar, day.year, english=False).get(day, [])
    english = _names(calendar, day.year, english=True).get(day, [])
    return list(zip(own, english if len(own) == 1 else own, strict=True))


def _base(hours: BusinessHours, day: date) -> tuple[OpeningInterval, ...]:
    """The intervals of ``day`` before closures with hours cut into them."""
    for closure in hours.closures:
        last = closure.end or closure.start
        if closure.hours is None and closure.start <= day <= last:
            return ()
    for recurring in hours.recurring_closures:
        if recurring.hours is None and day in _rule_dates(
            recurring.rule, recurring.start, day.year
        ):
            return ()
    for special in hours.special_days:
        if special.date == day:
            return special.hours
    for rule in hours.recurring_special_days:
        if day in _rule_dates(rule.rule, rule.start, day.year):
            return rule.hours
    for calendar in hours.holidays:
        dropped = {name.casefold() for name in calendar.exclude}
        names = _holiday_names(calendar, day)
        if any(own.casefold() not in dropped and en.casefold() not in dropped for own, en in names):
            return ()
    return getattr(hours.week, ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()])


def _closed_hours(hours: BusinessHours, day: date) -> list[OpeningInterval]:
    """The closed intervals of closures with hours on ``day``."""
    closed: list[OpeningInterval] = []
    for closure in hours.closures:
        if closure.hours is not None and closure.start <= day <= (closure.end or closure.start):
            closed.extend(closure.hours)
    for recurring in hours.recurring_closures:
        if recurring.hours is not None and day in _rule_dates(
            recurring.rule, recurring.start, day.year
        ):
            closed.extend(recurring.hours)
    return closed


def _day_intervals(hours: BusinessHours, day: date) -> tuple[OpeningInterval, ...]:
    """The intervals that start on ``day``: closed hours cut the wall-clock times they
    name out of the intervals of ``day`` and of the night shift of the day before; a
    piece that then starts on ``day`` belongs to it."""
    # Microseconds after the local midnight of ``day``.
    open_ = [
        (offset * _DAY + interval.start_us, offset * _DAY + interval.end_us)
        for offset in (-1, 0)
        for interval in _base(hours, day + timedelta(days=offset))
    ]
    closed = [
        (offset * _DAY + interval.start_us, offset * _DAY + interval.end_us)
        for offset in (-2, -1, 0, 1)
        for interval in _closed_hours(hours, day + timedelta(days=offset))
    ]
    for low, high in closed:
        open_ = [
            piece
            for start, end in open_
            for piece in ((start, min(end, low)), (max(start, high), end))
            if piece[0] < piece[1]
        ]
    return tuple(
        OpeningInterval(start=_clock(start), end=_clock(end))
        for start, end in sorted(open_)
        if 0 <= start < _DAY
    )


def _clock(micros: int) -> time:
    seconds, micro = divmod(micros % _DAY, 1_000_000)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


def periods(hours: BusinessHours, first: date, last: date) -> list[tuple[datetime, datetime]]:
    """Opening periods (UTC, possibly overlapping) of intervals starting on first..last."""
    tz = ZoneInfo(hours.tz)
    found = []
    day = first
    while day <= last:
        for interval in _day_intervals(hours, day):
            start = datetime.combine(day, interval.start, tzinfo=tz).astimezone(UTC)
            end_day = day if interval.start < interval.end else day + timedelta(days=1)
            end = datetime.combine(end_day, interval.end, tzinfo=tz).astimezone(UTC)
            if end > start:
                found.append((start, end))
        day += timedelta(days=1)
    return sorted(found)


def _window(hours: BusinessHours, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
    return periods(
        hours,
        a.astimezone(UTC).date() - timedelta(days=3),
        b.astimezone(UTC).date() + timedelta(days=3),
    )


def between(hours: BusinessHours, start: datetime, end: datetime) -> timedelta:
    # Aware datetime arithmetic is wall-clock arithmetic: work in UTC only.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end < start:
        return -between(hours, end, start)
    total = timedelta(0)
    cursor = start
    for period_start, period_end in _window(hours, start, end):
        low = max(cursor, period_start)
        high = min(end, period_end)
        if high > low:
            total += high - low
            cursor = high
    return total


def add(hours: BusinessHours, start: datetime, duration: timedelta, days: int) -> datetime | None:
    """Walk up to ``days`` days from ``start``; None if the duration is not used up by then."""
    window = 8
    while True:
        found = _add_within(hours, start, duration, min(window, days))
        if found is not None or window >= days:
            return found
        window *= 2


def _add_within(
    hours: BusinessHours, start: datetime, duration: timedelta, days: int
) -> datetime | None:
    if duration == timedelta(0):
        return start
    tz = start.tzinfo
    start = start.astimezone(UTC)
    if duration > timedelta(0):
        remaining = duration
        cursor = start
        for period_start, period_end in _window(hours, start, start + timedelta(days=days)):
            low = max(cursor, period_start)
            if period_end <= low:
                continue
            if period_end - low >= remaining:
                return (low + remaining).astimezone(tz)
            remaining -= period_end - low
            cursor = period_end
        return None
    remaining = -duration
    cursor = start
    window = _window(hours, start - timedelta(days=days), start)
    for period_start, period_end in sorted(window, key=lambda period: period[1], reverse=True):
        high = min(cursor, period_end)
        if high <= period_start:
            continue
        if high - period_start >= remaining:
            return (high - remaining).astimezone(tz)
        remaining -= high - period_start
        cursor = period_start
    return None
