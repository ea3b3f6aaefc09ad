"""The NumPy path at its edges: NaT passes through, out-of-range input raises the
scalar error, input spread over decades, answers beyond the window, calendars
that end, and the plain search when no lookup table is small enough."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from servicelevel import (
    ArgumentTypeError,
    BusinessHours,
    HolidayCalendarRangeError,
    OutOfRangeError,
    Schedule,
    SpecialDay,
    add_business_time,
    business_time_between,
    is_open,
    next_open,
)
from servicelevel import arrays as sla

from .common import OFFICE_NL, UTC

US = "datetime64[us]"
STARTS = np.array(["2025-01-10T15:00", "NaT", "2025-03-30T01:00", "2026-12-31T23:30"], dtype=US)
HOUR = timedelta(hours=1)


def _aware(values: np.ndarray) -> list[datetime]:
    return [value.item().replace(tzinfo=UTC) for value in values]


def _deadlines(hours: Schedule, starts: np.ndarray, durations: list[timedelta]) -> list[object]:
    return [
        add_business_time(hours, s, d).astimezone(UTC).replace(tzinfo=None)
        for s, d in zip(_aware(starts), durations, strict=True)
    ]


# -- NaT ---------------------------------------------------------------------------


def test_a_nat_start_gives_nat_and_leaves_the_others_alone() -> None:
    found = sla.add_business_time_array(OFFICE_NL, STARTS, 8 * HOUR)
    assert np.isnat(found).tolist() == [False, True, False, False]
    present = STARTS[~np.isnat(STARTS)]
    assert found[~np.isnat(found)].tolist() == _deadlines(OFFICE_NL, present, [8 * HOUR] * 3)


@pytest.mark.parametrize("sign", [1, -1, 0])
def test_a_nat_duration_gives_nat(sign: int) -> None:
    durations = np.array([sign, sign, "NaT", sign], dtype="timedelta64[h]")
    found = sla.add_business_time_array(OFFICE_NL, STARTS, durations)
    assert np.isnat(found).tolist() == [False, True, True, False]
    assert found[3] == sla.add_business_time_array(OFFICE_NL, STARTS[3], sign * HOUR)


@pytest.mark.parametrize("duration", [np.timedelta64("NaT", "us"), timedelta(0)])
def test_a_nat_or_zero_scalar_duration(duration: object) -> None:
    found = sla.add_business_time_array(OFFICE_NL, STARTS, duration)  # type: ignore[arg-type]
    expected = STARTS if isinstance(duration, timedelta) else np.full(4, "NaT", dtype=US)
    assert np.array_equal(found, expected, equal_nan=True)


def test_all_nat_input() -> None:
    nat = np.full((2, 2), "NaT", dtype=US)
    assert np.isnat(sla.add_business_time_array(OFFICE_NL, nat, HOUR)).all()
    assert np.isnat(sla.next_open_array(OFFICE_NL, nat)).all()
    assert not sla.is_open_array(OFFICE_NL, nat).any()
    assert np.isnat(sla.business_time_between_array(OFFICE_NL, nat, STARTS[0])).all()


def test_nat_in_the_other_questions() -> None:
    assert sla.is_open_array(OFFICE_NL, STARTS).tolist() == [True, False, False, False]
    assert np.isnat(sla.next_open_array(OFFICE_NL, STARTS)).tolist() == [False, True, False, False]
    between = sla.business_time_between_array(OFFICE_NL, STARTS, STARTS[::-1])
    assert np.isnat(between).tolist() == [False, True, True, False]
    assert between[0] == -between[3]


# -- out of range: the scalar error, never a wrapped-around instant ---------------------


@pytest.mark.parametrize(
    "durations",
    [
        np.array([2**63 - 1], dtype="timedelta64[us]"),
        np.array([-(2**63) + 1], dtype="timedelta64[us]"),
        np.timedelta64(2**62, "us"),
        timedelta.max,
        timedelta.min,
        # Coarser units whose conversion to microseconds wraps past the int64 limit.
        np.array([2**62], dtype="timedelta64[s]"),
        np.array([-(2**62)], dtype="timedelta64[ms]"),
        np.array([2**53, 1], dtype="timedelta64[h]"),
    ],
    ids=["max us", "min us", "2**62 us", "timedelta.max", "timedelta.min", "s", "ms", "h"],
)
def test_a_duration_near_the_limit_is_an_error(durations: object) -> None:
    with pytest.raises(OutOfRangeError, match="longer than the whole span"):
        sla.add_business_time_array(OFFICE_NL, STARTS, durations)  # type: ignore[arg-type]


def test_months_and_years_have_no_fixed_length() -> None:
    with pytest.raises(ArgumentTypeError, match="no fixed length"):
        sla.add_business_time_array(OFFICE_NL, STARTS, np.array([1], dtype="timedelta64[M]"))


@pytest.mark.parametrize("days", [3_652_000, -3_652_000])
def test_a_deadline_beyond_the_years_is_the_scalar_error(days: int) -> None:
    hours = BusinessHours.always()
    with pytest.raises(OutOfRangeError) as scalar:
        add_business_time(hours, _aware(STARTS[:1])[0], timedelta(days=days))
    with pytest.raises(OutOfRangeError) as vector:
        sla.add_business_time_array(hours, STARTS, timedelta(days=days))
    assert str(vector.value) == str(scalar.value)


@pytest.mark.parametrize(
    "start", ["0001-06-01", "9999-06-01", "1000000-01-01"], ids=["year 1", "9999", "far"]
)
@pytest.mark.parametrize("duration", [HOUR, timedelta(0)])
def test_a_start_outside_the_years_is_an_error(start: str, duration: timedelta) -> None:
    starts = np.array([start], dtype="datetime64[D]")
    with pytest.raises(OutOfRangeError, match="business time would have to be computed"):
        sla.add_business_time_array(OFFICE_NL, starts, duration)
    with pytest.raises(OutOfRangeError):
        sla.is_open_array(OFFICE_NL, starts)


@pytest.mark.parametrize("value", [-(2**63) + 1, -(2**63) + 999, 2**63 - 1, -1])
def test_fine_units_near_the_limit_keep_their_sign(value: int) -> None:
    """NumPy's cast from nanoseconds turns -(2**63 - 1) ns into +9223372036854774 us."""
    hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    start = np.array(["2025-01-10T16:00"], dtype=US)
    expected = add_business_time(hours, _aware(start)[0], timedelta(microseconds=value // 1000))
    found = sla.add_business_time_array(hours, start, np.array([value], "timedelta64[ns]"))
    assert found.tolist() == [expected.replace(tzinfo=None)]
    instants = np.array([value, "NaT"], dtype="datetime64[ns]")
    assert sla.next_open_array(hours, instants)[0] == np.datetime64(
        next_open(
            hours, datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value // 1000)
        ).replace(tzinfo=None),
        "us",
    )


def test_coarse_units_in_range_are_converted_exactly() -> None:
    starts = np.array(["2025-01-10T15:00:00"], dtype="datetime64[s]")
    found = sla.add_business_time_array(OFFICE_NL, starts, np.array([90], "timedelta64[m]"))
    assert found[0] == np.datetime64("2025-01-13T08:30", "us")


# -- spread input, answers beyond the window, calendars that end --------------------------


SPREAD = np.array(
    ["2001-02-03T10:00", "2025-06-02T12:00", "2025-06-03T07:00", "2090-12-31T23:59", "NaT"],
    dtype=US,
)


@pytest.mark.parametrize("duration", [8 * HOUR, -8 * HOUR, 3_000 * HOUR, -3_000 * HOUR])
def test_starts_decades_apart(duration: timedelta) -> None:
    found = sla.add_business_time_array(OFFICE_NL, SPREAD, duration)
    assert found[:4].tolist() == _deadlines(OFFICE_NL, SPREAD[:4], [duration] * 4)
    assert np.isnat(found[4])


def test_the_other_questions_decades_apart() -> None:
    instants = _aware(SPREAD[:4])
    assert sla.is_open_array(OFFICE_NL, SPREAD).tolist() == [
        *(is_open(OFFICE_NL, i) for i in instants),
        False,
    ]
    expected = [next_open(OFFICE_NL, i).astimezone(UTC).replace(tzinfo=None) for i in instants]
    assert sla.next_open_array(OFFICE_NL, SPREAD)[:4].tolist() == expected
    ends = SPREAD[::-1]
    between = sla.business_time_between_array(OFFICE_NL, SPREAD, ends)
    pairs = zip(instants[1:], _aware(ends[1:4]), strict=True)
    assert between[1:4].tolist() == [business_time_between(OFFICE_NL, s, e) for s, e in pairs]
    assert np.isnat(between[[0, 4]]).all()


def test_a_start_in_the_last_year_of_a_holiday_calendar() -> None:
    """The year after it cannot be compiled; the scalar path does not need it either."""
    starts = np.array(["2100-06-01T10:00", "2100-12-31T10:00"], dtype=US)
    found = sla.add_business_time_array(OFFICE_NL, starts, 2 * HOUR)
    assert found.tolist() == _deadlines(OFFICE_NL, starts, [2 * HOUR] * 2)


def test_a_year_the_holiday_calendar_does_not_know_is_the_scalar_error() -> None:
    instant = np.array(["2101-06-01T10:00"], dtype=US)
    with pytest.raises(HolidayCalendarRangeError):
        add_business_time(OFFICE_NL, _aware(instant)[0], HOUR)
    with pytest.raises(HolidayCalendarRangeError):
        sla.add_business_time_array(OFFICE_NL, instant, HOUR)
    with pytest.raises(HolidayCalendarRangeError):
        sla.is_open_array(OFFICE_NL, instant)


def test_next_open_beyond_the_window() -> None:
    one_day = BusinessHours(
        tz="Europe/Amsterdam",
        week={},
        special_days=(SpecialDay(date=date(2040, 5, 6), hours=("10:00-12:00",)),),
    )
    instants = np.array(["2025-01-10T15:00", "2030-01-01T00:00"], dtype=US)
    expected = [
        next_open(one_day, i).astimezone(UTC).replace(tzinfo=None) for i in _aware(instants)
    ]
    assert sla.next_open_array(one_day, instants).tolist() == expected


def test_without_lookup_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schedule whose tables would need many steps uses the plain search."""
    monkeypatch.setattr(sla, "_MAX_STEPS", -1)
    hours = BusinessHours.weekly({"mon-sat": ["07:13-11:47", "12:01-15:59"]}, tz="Asia/Kolkata")
    starts = np.array(["2025-01-10T05:00", "2025-04-30T23:59", "NaT"], dtype=US)
    durations = [HOUR, -30 * HOUR]
    for duration in durations:
        found = sla.add_business_time_array(hours, starts, duration)
        assert found[:2].tolist() == _deadlines(hours, starts[:2], [duration] * 2)
    assert sla.is_open_array(hours, starts).tolist() == [
        *(is_open(hours, i) for i in _aware(starts[:2])),
        False,
    ]
