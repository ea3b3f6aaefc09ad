"""The fast path of ``add_business_time``: identical answers to the general path.

The fast path builds its result as ``start`` plus a memoised timedelta, or
takes a memoised recent deadline; each case below checks the exact wall time,
offset, fold and tzinfo against a hand-computed value and against the
general path (:meth:`Timeline.add`, then :func:`from_us`), twice, so that the
second call answers from the memos.
"""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta

import pytest

from servicelevel import BusinessHours, _timeline, add_business_time
from servicelevel._instants import ONE_US, from_us, to_us

from .common import AMS, OFFICE, OFFICE_NL, at

NIGHTS = BusinessHours.weekly({"daily": "22:00-06:00"}, tz="Europe/Amsterdam")
EVENINGS = BusinessHours.weekly({"mon-fri": "18:00-00:00"}, tz="Europe/Amsterdam")
OFFICE_PARIS = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Paris")


def _general(schedule: BusinessHours, start: datetime, duration: timedelta) -> datetime:
    line = _timeline.timeline(schedule)
    return from_us(line.add(to_us(start, "start"), duration // ONE_US)[0], schedule.zone)


def _exact(value: datetime) -> tuple[str, int, object]:
    """Everything that tells two datetimes apart: wall time, offset, fold, tzinfo."""
    return value.isoformat(), value.fold, value.tzinfo


CASES = {
    "open start, deadline the same day": (
        OFFICE,
        "2025-01-06 10:00:00.123456",
        timedelta(hours=4),
        "2025-01-06T14:00:00.123456+01:00",
    ),
    "open start, deadline the next working day": (
        OFFICE,
        "2025-01-06 15:30:00.000001",
        timedelta(hours=4),
        "2025-01-07T11:30:00.000001+01:00",
    ),
    "open start on Friday, deadline on Monday": (
        OFFICE,
        "2025-01-10 16:00",
        timedelta(hours=2),
        "2025-01-13T10:00:00+01:00",
    ),
    "closed start at night": (
        OFFICE,
        "2025-01-06 23:59:59.999999",
        timedelta(hours=4),
        "2025-01-07T13:00:00+01:00",
    ),
    "closed start, duration with microseconds": (
        OFFICE,
        "2025-01-11 12:00",
        timedelta(hours=4, microseconds=7),
        "2025-01-13T13:00:00.000007+01:00",
    ),
    "deadline exactly at closing time": (
        OFFICE,
        "2025-01-06 09:00",
        timedelta(hours=8),
        "2025-01-06T17:00:00+01:00",
    ),
    "backwards from an open start": (
        OFFICE,
        "2025-01-07 10:00:00.5",
        timedelta(hours=-2),
        "2025-01-06T16:00:00.500000+01:00",
    ),
    "backwards from a closed start": (
        OFFICE,
        "2025-01-11 12:00",
        -ONE_US,
        "2025-01-10T16:59:59.999999+01:00",
    ),
    "open start before the spring DST change, deadline after it": (
        OFFICE,
        "2025-03-28 15:00:00.25",
        timedelta(hours=4),
        "2025-03-31T11:00:00.250000+02:00",
    ),
    "closed start before the spring DST change, deadline after it": (
        OFFICE,
        "2025-03-28 18:00",
        timedelta(hours=4),
        "2025-03-31T13:00:00+02:00",
    ),
    "open start before the autumn DST change, deadline after it": (
        OFFICE,
        "2025-10-24 16:00",
        timedelta(hours=4),
        "2025-10-27T12:00:00+01:00",
    ),
    "backwards over the spring DST change": (
        OFFICE,
        "2025-03-31 10:00",
        timedelta(hours=-2),
        "2025-03-28T16:00:00+01:00",
    ),
    "start on the day of the DST change": (
        OFFICE,
        "2025-03-30 12:00",
        timedelta(hours=1),
        "2025-03-31T10:00:00+02:00",
    ),
    "deadline in the next year": (
        OFFICE,
        "2025-12-31 16:00",
        timedelta(hours=2),
        "2026-01-01T10:00:00+01:00",
    ),
    "night shift, deadline after midnight": (
        NIGHTS,
        "2025-01-06 23:00:00.25",
        timedelta(hours=2),
        "2025-01-07T01:00:00.250000+01:00",
    ),
    "night shift over the spring DST gap": (
        NIGHTS,
        "2025-03-29 23:00",
        timedelta(hours=4),
        "2025-03-30T04:00:00+02:00",
    ),
    "evening shift, deadline at midnight": (
        EVENINGS,
        "2025-01-06 20:00",
        timedelta(hours=4),
        "2025-01-07T00:00:00+01:00",
    ),
}


@pytest.mark.parametrize(("schedule", "start", "duration", "expected"), CASES.values(), ids=CASES)
def test_fast_path_equals_general_path_to_the_microsecond(
    schedule: BusinessHours, start: str, duration: timedelta, expected: str
) -> None:
    moment = at(start)
    general = _exact(_general(schedule, moment, duration))
    assert general == (expected, 0, schedule.zone)
    assert _exact(add_business_time(schedule, moment, duration)) == general
    assert _exact(add_business_time(schedule, moment, duration)) == general  # from the memos


def test_fold_of_the_start_does_not_leak_into_the_result() -> None:
    start = at("2025-01-06 10:00", fold=1)  # no fold that day: the same instant as fold=0
    assert _exact(add_business_time(OFFICE, start, timedelta(hours=1))) == (
        "2025-01-06T11:00:00+01:00",
        0,
        AMS,
    )


def test_remembered_deadlines_keep_the_zone_of_each_schedule() -> None:
    """Amsterdam and Paris share their instants of local time: a deadline
    remembered for one schedule must not be returned for the other."""
    for _ in range(2):
        for schedule in (OFFICE, OFFICE_PARIS):
            saturday = at("2025-01-11 12:00", schedule.zone)  # in the zone: the fast path
            found = add_business_time(schedule, saturday, timedelta(hours=4))
            assert found.isoformat() == "2025-01-13T13:00:00+01:00"
            assert found.tzinfo is schedule.zone


def test_memos_stay_bounded_and_answers_stay_exact() -> None:
    saturday = at("2025-01-11 12:00")
    monday = at("2025-01-13 16:00")
    for micro in range(_timeline._MEMO_SIZE + 10):  # a new deadline every call
        duration = timedelta(hours=4, microseconds=micro)
        extra = timedelta(microseconds=micro)
        assert add_business_time(OFFICE, saturday, duration) == at("2025-01-13 13:00") + extra
        assert add_business_time(OFFICE, monday, duration) == at("2025-01-14 12:00") + extra
    assert len(_timeline._RESULTS) <= _timeline._MEMO_SIZE
    assert len(_timeline._OFFSETS) <= _timeline._MEMO_SIZE


def test_public_function_is_the_fast_path_under_its_public_name() -> None:
    assert add_business_time.__code__ is _timeline.deadline.__code__
    assert add_business_time.__module__ == "servicelevel._business_time"
    assert add_business_time.__qualname__ == add_business_time.__name__ == "add_business_time"
    assert add_business_time.__doc__ is not None
    assert add_business_time.__doc__.startswith("The earliest instant at which ``duration``")
    assert str(inspect.signature(add_business_time)) == (
        "(hours: 'Schedule', start: 'datetime', duration: 'timedelta') -> 'datetime'"
    )


# -- long durations: years whose rules repeat are not compiled one by one ----------

SYDNEY = BusinessHours.weekly(
    {"mon-fri": "09:00-17:00", "sat": "23:00-03:00"}, tz="Australia/Sydney"
)
SPECIAL = BusinessHours.model_validate(
    {
        **NIGHTS.model_dump(),
        "special_days": [{"date": "2080-12-31", "hours": ["10:00-12:00"]}],
        "closures": [{"start": "2070-06-01", "end": "2071-01-02"}],
    }
)
REPEATING = {
    "night shift over DST changes": NIGHTS,
    "southern DST over New Year": SYDNEY,
    "special day and closure among the years": SPECIAL,
    "no DST": BusinessHours.weekly({"mon-sat": "08:00-20:00"}, tz="Asia/Kolkata"),
    "UTC": BusinessHours.weekly({"sun": "00:00-24:00"}, tz="UTC"),
}


@pytest.mark.parametrize("schedule", REPEATING.values(), ids=REPEATING)
def test_repeated_year_totals_equal_compiled_ones(schedule: BusinessHours) -> None:
    repeats = _timeline._Repeats(_timeline.Timeline(schedule))
    for year in [*range(2110, 2035, -1), *range(1790, 1800)]:  # both ways past 2080
        compiled = _timeline.compile_years(schedule, year, year).total
        assert repeats.total(year) == compiled, year


def test_holiday_calendars_and_recurrence_rules_get_no_shortcut() -> None:
    assert _timeline._irregular_years(OFFICE_NL) is None
    assert _timeline._irregular_years(OFFICE) is not None


LONG = {
    "office hours, a million workdays": (
        OFFICE,
        "2025-01-06 10:00",
        timedelta(hours=8) * 10**6,
        "5858-02-01T10:00:00+01:00",
    ),
    "office hours, backwards": (
        OFFICE,
        "2025-01-06 10:00",
        timedelta(hours=-8) * 10**5,
        "1641-09-16T10:00:00+00:19:32",
    ),
    "night shift": (
        NIGHTS,
        "2025-01-06 23:00",
        timedelta(hours=8) * 10**6,
        "4762-12-04T23:00:00+01:00",
    ),
    "southern DST, microseconds": (
        SYDNEY,
        "2025-01-06 10:00",
        timedelta(hours=7) * 10**6 + timedelta(microseconds=3),
        "5074-01-19T13:00:00.000003+11:00",
    ),
}


@pytest.mark.parametrize(("schedule", "start", "duration", "expected"), LONG.values(), ids=LONG)
def test_long_durations_equal_a_year_by_year_walk(
    schedule: BusinessHours, start: str, duration: timedelta, expected: str
) -> None:
    """The expected values are those of a walk that compiled every year (before
    years whose rules repeat were recognised)."""
    assert add_business_time(schedule, at(start), duration).isoformat() == expected
