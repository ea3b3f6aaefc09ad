"""Shared helpers that keep the scenario tests one line each."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from servicelevel import BusinessHours, Schedule, add_business_time, business_time_between

AMS = ZoneInfo("Europe/Amsterdam")
NY = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")

OFFICE = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
OFFICE_NL = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL")


def at(text: str, tz: tzinfo = AMS, fold: int = 0) -> datetime:
    """A local wall time, e.g. ``at("2025-03-30 02:30")``."""
    return datetime.fromisoformat(text).replace(tzinfo=tz, fold=fold)


def utc(value: datetime | None) -> datetime:
    """The same instant in UTC: datetimes that share a tzinfo compare by wall time
    (fold ignored), so DST tests compare instants through this. A missing value
    (a deadline the status does not have) fails the test here."""
    assert value is not None, "expected an instant, got None"
    return value.astimezone(UTC)


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


def assert_deadline(
    schedule: Schedule, start: datetime, duration: timedelta, expected: datetime
) -> None:
    """The deadline is ``expected`` (same instant), and measuring back gives ``duration``."""
    deadline = add_business_time(schedule, start, duration)
    assert utc(deadline) == utc(expected), f"{start} + {duration}: got {deadline}, not {expected}"
    assert deadline.tzinfo is schedule.zone
    assert business_time_between(schedule, start, deadline) == duration
