"""A deliberately simple reference for business-time arithmetic.

It walks local days one by one, applies the day rules from scratch (no
index, no bisection, no merging) and clips datetimes in UTC. It is slow and
obviously right; the fast engine is compared with it on random cases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from servicelevel import BusinessHours, OpeningInterval


@cache
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))


def _day_intervals(hours: BusinessHours, day: date) -> tuple[OpeningInterval, ...]:
    for closure in hours.closures:
        last = closure.end or closure.start
        if closure.start <= day <= last:
            return ()
    for special in hours.special_days:
        if special.date == day:
            return special.hours
    for calendar in hours.holidays:
        if day in holidays.country_holidays(
            calendar.country, subdiv=calendar.subdiv, years=day.year
        ):
            return ()
    weekday: tuple[OpeningInterval, ...] = getattr(
        hours.week, ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    )
    return weekday


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
