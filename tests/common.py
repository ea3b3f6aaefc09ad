"""Shared helpers that keep the scenario tests one line each."""

from __future__ import annotations

import threading
from collections.abc import Callable
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


def in_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(0)`` ... ``work(count - 1)`` in threads that start together; the
    exceptions they raised (an empty list when every thread finished cleanly)."""
    failures: list[BaseException] = []
    start = threading.Barrier(count)

    def run(number: int) -> None:
        try:
            start.wait()
            work(number)
        except BaseException as error:  # pragma: no cover - reported by the caller
            failures.append(error)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures
