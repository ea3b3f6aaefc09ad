"""A deliberately simple reference for business-time arithmetic.

It walks local days one by one, applies the day rules from scratch (no
index, no bisection, no merging) and clips datetimes in UTC. It is slow and
obviously right; the fast engine is compared with it on random cases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr

from servicelevel import BusinessHours, CombinedHours, HolidayCalendar, OpeningInterval, Schedule


@cache
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))


_DAY_US = 86_400_000_000  # microseconds


def _zone(key: str) -> tzinfo:
    """The zone of ``hours.tz``; a fixed offset ('UTC-09:30') is read here, not by the library."""
    if key[:4] in ("UTC+", "UTC-"):
        offset = timedelta(hours=int(key[4:6]), minutes=int(key[7:9]))
        return timezone(-offset if key[3] == "-" else offset)
    return ZoneInfo(key)


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
    weekday: tuple[OpeningInterval, ...] = getattr(
        hours.week, ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    )
    return weekday


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
        (offset * _DAY_US + interval.start_us, offset * _DAY_US + interval.end_us)
        for offset in (-1, 0)
        for interval in _base(hours, day + timedelta(days=offset))
    ]
    closed = [
        (offset * _DAY_US + interval.start_us, offset * _DAY_US + interval.end_us)
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
        if 0 <= start < _DAY_US
    )


def _clock(micros: int) -> time:
    seconds, micro = divmod(micros % _DAY_US, 1_000_000)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


Period = tuple[datetime, datetime]


def _merge(found: list[Period]) -> list[Period]:
    merged: list[Period] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _combined_periods(hours: CombinedHours, first: date, last: date) -> list[Period]:
    """Every member's periods over the same UTC-ish dates, then their union, or
    their intersection pair by pair (quadratic, and obviously right)."""
    members = [_merge(periods(member, first, last)) for member in hours.schedules]
    result = members[0]
    for other in members[1:]:
        if hours.mode == "union":
            result = _merge(result + other)
        else:
            pairs = [(max(a, c), min(b, d)) for a, b in result for c, d in other]
            result = _merge([(start, end) for start, end in pairs if start < end])
    return result


def periods(hours: Schedule, first: date, last: date) -> list[Period]:
    """Opening periods (UTC, possibly overlapping) of intervals starting on first..last
    (for a combined schedule: of its members' intervals on those dates)."""
    if isinstance(hours, CombinedHours):
        return _combined_periods(hours, first, last)
    tz = _zone(hours.tz)
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


def _window(hours: Schedule, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
    return periods(
        hours,
        a.astimezone(UTC).date() - timedelta(days=3),
        b.astimezone(UTC).date() + timedelta(days=3),
    )


def between(hours: Schedule, start: datetime, end: datetime) -> timedelta:
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


def add(hours: Schedule, start: datetime, duration: timedelta, days: int) -> datetime | None:
    """Walk up to ``days`` days from ``start``; None if the duration is not used up by then."""
    window = 8
    while True:
        found = _add_within(hours, start, duration, min(window, days))
        if found is not None or window >= days:
            return found
        window *= 2


def _add_within(
    hours: Schedule, start: datetime, duration: timedelta, days: int
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


# Working days and looking back. The same walk: each date is looked at on its own,
# with the rules applied from scratch, and searches step one day at a time.

_DAY = timedelta(days=1)


@cache
def _raw(hours: BusinessHours, day: date) -> tuple[tuple[datetime, datetime], ...]:
    tz = _zone(hours.tz)
    found = []
    for interval in _day_intervals(hours, day):
        start = datetime.combine(day, interval.start, tzinfo=tz).astimezone(UTC)
        end_day = day if interval.start < interval.end else day + _DAY
        end = datetime.combine(end_day, interval.end, tzinfo=tz).astimezone(UTC)
        if end > start:
            found.append((start, end))
    return tuple(sorted(found))


@cache
def own_periods(hours: BusinessHours, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """The periods (UTC) of the intervals that start on ``day``, less the time that an
    interval of one of the three days before already holds, merged. A date is a
    working day when this is not empty."""
    earlier = [end for back in (1, 2, 3) for _, end in _raw(hours, day - back * _DAY)]
    reach = max(earlier, default=None)
    merged: list[list[datetime]] = []
    for start, end in _raw(hours, day):
        if reach is not None and start < reach:
            start = reach
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def counts_in(hours: BusinessHours, moment: datetime, days: int = 120) -> tuple[datetime, date]:
    """The instant ``moment`` counts from and its working day (None beyond ``days``)."""
    moment = moment.astimezone(UTC)
    local = moment.astimezone(_zone(hours.tz)).date()
    for day in (local - 3 * _DAY + offset * _DAY for offset in range(days)):
        for start, end in own_periods(hours, day):
            if start <= moment < end:
                return moment, day
            if start > moment:
                return start, day
    raise LookupError("no opening within the window")


def _step(hours: BusinessHours, day: date, count: int, limit: int = 400) -> date:
    """The working day ``count`` working days from the working day ``day``."""
    direction = 1 if count > 0 else -1
    for _ in range(abs(count)):
        for _ in range(limit):
            day += direction * _DAY
            if own_periods(hours, day):
                break
        else:
            raise LookupError("no working day within the window")
    return day


def add_working_days(hours: BusinessHours, start: datetime, count: int) -> datetime:
    """Same wall time ``count`` working days on, clamped into that day's periods."""
    tz = _zone(hours.tz)
    anchor, day = counts_in(hours, start)
    if count == 0:
        return anchor
    local = anchor.astimezone(tz)
    wall = local.replace(tzinfo=None) - datetime.combine(day, datetime.min.time())
    target_day = _step(hours, day, count)
    naive = datetime.combine(target_day, datetime.min.time()) + wall
    wanted = naive.replace(tzinfo=tz, fold=local.fold)
    if wanted.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:  # in a gap
        wanted = naive.replace(tzinfo=tz)
    target = wanted.astimezone(UTC)
    periods = own_periods(hours, target_day)
    for period_start, period_end in periods:
        if target < period_end:
            return max(target, period_start)
    return periods[-1][1]


def working_days_between(hours: BusinessHours, start: datetime, end: datetime) -> int:
    """Count up: the largest n with add_working_days(start, n) <= end."""
    if end < start:
        return -working_days_between(hours, end, start)
    count = 0
    while add_working_days(hours, start, count + 1) <= end:
        count += 1
    return count


def working_days_in(hours: BusinessHours, first: date, stop: date) -> int:
    """Working dates in ``[first, stop)``, negative when ``stop < first``."""
    if stop < first:
        return -working_days_in(hours, stop, first)
    return sum(bool(own_periods(hours, first + n * _DAY)) for n in range((stop - first).days))


def _merged(
    hours: BusinessHours, moment: datetime, days: int
) -> tuple[list[tuple[datetime, datetime]], datetime, datetime]:
    """Merged periods of the dates around ``moment``, and the range in which their
    boundaries are certain (away from the window's edges)."""
    local = moment.astimezone(_zone(hours.tz)).date()
    raw = sorted(period for n in range(-days, days + 1) for period in _raw(hours, local + n * _DAY))
    merged: list[list[datetime]] = []
    for start, end in raw:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    low, high = moment - (days - 5) * _DAY, moment + (days - 2) * _DAY
    return [(start, end) for start, end in merged], low, high


def previous_boundary(
    hours: BusinessHours, moment: datetime, *, closing: bool, days: int = 60
) -> datetime | None:
    """The latest start (or end) at or before ``moment``; None if not certain."""
    moment = moment.astimezone(UTC)
    merged, low, high = _merged(hours, moment, days)
    found = max(
        (e if closing else s for s, e in merged if (e if closing else s) <= moment), default=None
    )
    return found if found is not None and low < found < high else None


def next_opening_after(hours: BusinessHours, moment: datetime, days: int = 60) -> datetime | None:
    """The earliest start after ``moment``; None if not certain."""
    moment = moment.astimezone(UTC)
    merged, low, high = _merged(hours, moment, days)
    found = min((s for s, _ in merged if s > moment), default=None)
    return found if found is not None and low < found < high else None
