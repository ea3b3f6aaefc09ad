"""Working days and looking back: named scenarios, properties, and the reference."""

from __future__ import annotations

from datetime import UTC as DT_UTC
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicelevel import (
    BusinessHours,
    Closure,
    NaiveDatetimeError,
    NeverClosesError,
    NoOpeningHoursError,
    SpecialDay,
    add_working_days,
    business_time_between,
    end_of_working_day,
    is_open,
    next_close,
    next_open,
    next_opening_after,
    previous_close,
    previous_open,
    start_of_working_day,
    working_day,
    working_days_between,
)
from servicelevel.strategies import aware_datetimes, business_hours

from . import reference
from .common import AMS, NY, OFFICE, OFFICE_NL, at, utc

XMAS = BusinessHours.weekly(
    {"mon-fri": "09:00-17:00"},
    tz="Europe/Amsterdam",
    holidays="NL",
    special={date(2025, 12, 24): "09:00-15:00"},
)
NIGHTS = BusinessHours.weekly({"mon-fri": "22:00-06:00"}, tz="Europe/Amsterdam")
LUNCH = BusinessHours.weekly({"mon-fri": "09:00-12:00, 13:00-17:00"}, tz="Europe/Amsterdam")
ALWAYS = BusinessHours.always(tz="Europe/Amsterdam")


def same(result: datetime, expected: datetime) -> None:
    """The same instant, and in the zone of the hours."""
    assert utc(result) == utc(expected), f"got {result}, not {expected}"


class TestAddWorkingDays:
    def test_christmas_eve_plus_one_is_monday_after_christmas(self) -> None:
        # The example of the issue: 25 and 26 December are NL holidays, then the weekend.
        result = add_working_days(XMAS, at("2025-12-24 14:00"), 1)
        assert result == at("2025-12-29 14:00")
        assert result.tzinfo is AMS

    def test_same_time_on_the_next_working_day(self) -> None:
        assert add_working_days(OFFICE, at("2025-01-06 10:15:30.5"), 1) == at(
            "2025-01-07 10:15:30.5"
        )
        assert add_working_days(OFFICE, at("2025-01-10 16:00"), 1) == at("2025-01-13 16:00")

    def test_from_a_saturday_counts_from_mondays_opening(self) -> None:
        assert add_working_days(OFFICE, at("2025-01-11 12:00"), 1) == at("2025-01-14 09:00")

    def test_from_1630_on_a_short_day_counts_from_the_next_opening(self) -> None:
        # 24 December closes at 15:00; the next opening is Monday 29 December 09:00.
        assert add_working_days(XMAS, at("2025-12-24 16:30"), 1) == at("2025-12-30 09:00")

    def test_1630_onto_a_short_day_is_clamped_to_its_close(self) -> None:
        assert add_working_days(XMAS, at("2025-12-23 16:30"), 1) == at("2025-12-24 15:00")

    def test_before_the_first_opening_is_clamped_to_the_opening(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon": "09:00-17:00", "tue": "11:00-17:00"}, tz="Europe/Amsterdam"
        )
        assert add_working_days(schedule, at("2025-01-06 10:00"), 1) == at("2025-01-07 11:00")

    def test_in_a_break_is_moved_to_the_end_of_the_break(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon": "09:00-17:00", "tue": "09:00-12:00, 13:00-17:00"}, tz="Europe/Amsterdam"
        )
        assert add_working_days(schedule, at("2025-01-06 12:30"), 1) == at("2025-01-07 13:00")

    def test_in_a_break_counts_from_the_end_of_the_break(self) -> None:
        assert add_working_days(LUNCH, at("2025-01-06 12:30"), 1) == at("2025-01-07 13:00")

    def test_the_closing_instant_counts_from_the_next_opening(self) -> None:
        assert add_working_days(OFFICE, at("2025-01-06 17:00"), 1) == at("2025-01-08 09:00")
        last = at("2025-01-06 16:59:59.999999")
        assert add_working_days(OFFICE, last, 1) == at("2025-01-07 16:59:59.999999")

    def test_night_shift_morning_belongs_to_the_evening_it_started(self) -> None:
        # Saturday 02:00 is inside Friday's 22:00-06:00 shift; Monday's shift is next.
        saturday = at("2025-01-11 02:00")
        assert working_day(NIGHTS, saturday) == date(2025, 1, 10)
        assert add_working_days(NIGHTS, saturday, 1) == at("2025-01-14 02:00")
        assert add_working_days(NIGHTS, saturday, -1) == at("2025-01-10 02:00")

    def test_zero_days_is_the_instant_counted_from(self) -> None:
        assert add_working_days(OFFICE, at("2025-01-06 10:00"), 0) == at("2025-01-06 10:00")
        assert add_working_days(OFFICE, at("2025-01-11 12:00"), 0) == at("2025-01-13 09:00")

    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            ("2025-01-06 10:00", -1, "2025-01-03 10:00"),
            ("2025-01-11 12:00", -1, "2025-01-10 09:00"),  # counts from Monday 09:00
            ("2025-12-29 14:00", -1, "2025-12-24 14:00"),
            ("2025-12-29 16:00", -1, "2025-12-24 15:00"),
            ("2025-12-29 16:00", -5, "2025-12-18 16:00"),
        ],
    )
    def test_negative_days_count_back(self, start: str, days: int, expected: str) -> None:
        assert add_working_days(XMAS, at(start), days) == at(expected)

    def test_closures_skip_and_special_days_count(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[date(2025, 1, 14)],
            special={date(2025, 1, 11): "10:00-14:00"},  # an open Saturday
        )
        friday = at("2025-01-10 15:00")
        expected = ["2025-01-11 14:00", "2025-01-13 15:00", "2025-01-15 15:00"]
        assert [add_working_days(schedule, friday, n) for n in (1, 2, 3)] == [
            at(text) for text in expected
        ]

    def test_special_day_on_a_holiday_is_a_working_day(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays="NL",
            special={date(2025, 12, 26): "10:00-12:00"},
        )
        assert add_working_days(schedule, at("2025-12-24 11:00"), 1) == at("2025-12-26 11:00")

    def test_spring_gap_moves_the_wall_time_forward(self) -> None:
        result = add_working_days(ALWAYS, at("2025-03-29 02:30"), 1)
        same(result, at("2025-03-30 03:30"))

    def test_repeated_hour_takes_the_first_pass(self) -> None:
        result = add_working_days(ALWAYS, at("2025-10-25 02:30"), 1)
        same(result, at("2025-10-26 02:30", fold=0))

    def test_second_pass_of_a_repeated_hour_keeps_its_wall_time(self) -> None:
        second = at("2025-10-26 02:30", fold=1)
        same(add_working_days(ALWAYS, second, 1), at("2025-10-27 02:30"))
        same(add_working_days(ALWAYS, second, -1), at("2025-10-25 02:30"))
        same(add_working_days(ALWAYS, second, 0), second)

    def test_second_pass_lands_in_the_second_pass_of_another_repeated_day(self) -> None:
        folds = BusinessHours(
            tz="Europe/Amsterdam",
            special_days=(
                SpecialDay(date=date(2025, 10, 26), hours="00:00-24:00"),
                SpecialDay(date=date(2026, 10, 25), hours="00:00-24:00"),
            ),
        )
        result = add_working_days(folds, at("2025-10-26 02:30", fold=1), 1)
        same(result, at("2026-10-25 02:30", fold=1))

    def test_night_shift_over_the_autumn_night_keeps_the_wall_time(self) -> None:
        nights = BusinessHours.weekly({"daily": "22:00-06:00"}, tz="Europe/Amsterdam")
        result = add_working_days(nights, at("2025-10-25 05:00"), 1)  # Friday's shift
        same(result, at("2025-10-26 05:00"))

    def test_results_are_in_the_zone_of_the_hours(self) -> None:
        result = add_working_days(OFFICE, at("2025-01-06 04:00", NY), 1)  # 10:00 in Amsterdam
        assert result.tzinfo is AMS
        assert result == at("2025-01-07 10:00")

    def test_many_days_ahead(self) -> None:
        start = at("2025-03-05 11:00")
        far = add_working_days(OFFICE_NL, start, 2_500)
        assert far.hour == 11
        assert working_days_between(OFFICE_NL, start, far) == 2_500
        assert add_working_days(OFFICE_NL, far, -2_500) == start

    def test_bad_input(self) -> None:
        with pytest.raises(TypeError, match="whole number of working days"):
            add_working_days(OFFICE, at("2025-01-06 10:00"), 1.5)  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError):
            add_working_days(OFFICE, datetime(2025, 1, 6, 10), 1)  # noqa: DTZ001
        with pytest.raises(NoOpeningHoursError, match="no opening interval"):
            add_working_days(BusinessHours(tz="UTC"), at("2025-01-06 10:00"), 1)

    def test_no_working_day_for_decades_raises(self) -> None:
        closed = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[Closure(start=date(1990, 1, 1), end=date(2024, 12, 31))],
        )
        with pytest.raises(NoOpeningHoursError, match="20 years"):
            add_working_days(closed, at("2025-01-01 10:00"), -1)
        with pytest.raises(NoOpeningHoursError, match="20 years"):
            working_day(closed, date(2000, 1, 1))
        assert working_day(closed, date(2000, 1, 1), -1) == date(1989, 12, 29)

    def test_the_20_year_bound_does_not_depend_on_earlier_questions(self) -> None:
        closed = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[Closure(start=date(1995, 1, 1), end=date(2024, 12, 31))],
        )
        first_day_back = at("2025-01-01 10:00")
        with pytest.raises(NoOpeningHoursError, match="20 years before"):
            add_working_days(closed, first_day_back, -1)
        assert working_day(closed, date(1994, 12, 30)) == date(1994, 12, 30)  # compiles 1994
        with pytest.raises(NoOpeningHoursError, match="20 years before"):
            add_working_days(closed, first_day_back, -1)
        with pytest.raises(NoOpeningHoursError, match="20 years before"):
            previous_close(closed, first_day_back)


class TestWorkingDaysBetween:
    @pytest.mark.parametrize(
        ("end", "expected"),
        [
            ("2025-01-10 14:00", 0),
            ("2025-01-13 13:59", 0),
            ("2025-01-13 14:00", 1),
            ("2025-01-14 13:00", 1),
            ("2025-01-14 14:00", 2),
            ("2025-01-18 12:00", 5),
        ],
    )
    def test_counts_whole_working_days(self, end: str, expected: int) -> None:
        friday = at("2025-01-10 14:00")
        assert working_days_between(OFFICE, friday, at(end)) == expected
        assert working_days_between(OFFICE, at(end), friday) == -expected

    def test_inverse_of_add_across_christmas(self) -> None:
        start = at("2025-12-24 14:00")
        assert working_days_between(XMAS, start, at("2025-12-29 14:00")) == 1
        assert working_days_between(XMAS, start, at("2025-12-29 13:59")) == 0

    def test_inverse_of_a_clamped_add(self) -> None:
        start = at("2025-12-23 16:30")
        assert working_days_between(XMAS, start, add_working_days(XMAS, start, 1)) == 1

    def test_inside_one_closed_stretch_is_zero(self) -> None:
        assert working_days_between(OFFICE, at("2025-01-10 18:00"), at("2025-01-13 08:00")) == 0

    @pytest.mark.parametrize(
        ("first", "stop"),
        [
            (date(2025, 12, 1), date(2026, 1, 31)),
            (date(2025, 12, 27), date(2025, 12, 29)),
            (date(2025, 12, 29), date(2025, 12, 24)),
            (date(2025, 1, 1), date(2027, 1, 1)),
        ],
    )
    def test_dates_count_like_numpy_busday_count(self, first: date, stop: date) -> None:
        holidays = sorted(d for year in (2025, 2026) for d in OFFICE_NL.holiday_dates(year))
        expected = int(np.busday_count(first, stop, holidays=holidays))
        assert working_days_between(OFFICE_NL, first, stop) == expected

    def test_dates_and_instants_do_not_mix(self) -> None:
        with pytest.raises(TypeError, match="both be dates"):
            working_days_between(OFFICE, date(2025, 1, 6), at("2025-01-08 10:00"))
        with pytest.raises(TypeError, match="datetimes or dates"):
            working_days_between(OFFICE, "2025-01-06", "2025-01-08")  # type: ignore[arg-type]


class TestWorkingDayStartAndEnd:
    def test_a_date_that_is_not_a_working_day_counts_as_the_next(self) -> None:
        saturday = date(2025, 1, 11)
        assert working_day(OFFICE, saturday) == date(2025, 1, 13)
        assert working_day(OFFICE, saturday, 1) == date(2025, 1, 14)
        assert working_day(OFFICE, saturday, -1) == date(2025, 1, 10)

    def test_an_instant_at_the_close_counts_in_the_next_working_day(self) -> None:
        assert working_day(OFFICE, at("2025-01-10 16:59")) == date(2025, 1, 10)
        assert working_day(OFFICE, at("2025-01-10 17:00")) == date(2025, 1, 13)

    def test_start_and_end_of_a_short_day(self) -> None:
        assert start_of_working_day(XMAS, date(2025, 12, 24)) == at("2025-12-24 09:00")
        assert end_of_working_day(XMAS, date(2025, 12, 24)) == at("2025-12-24 15:00")
        assert end_of_working_day(XMAS, date(2025, 12, 25)) == at("2025-12-29 17:00")

    def test_results_are_in_the_zone_of_the_hours(self) -> None:
        monday_in_new_york = at("2025-01-06 04:00", NY)
        for function in (start_of_working_day, end_of_working_day):
            assert function(OFFICE, monday_in_new_york).tzinfo is AMS
            assert function(OFFICE, date(2025, 1, 6)).tzinfo is AMS

    def test_end_of_the_next_working_day(self) -> None:
        next_day = working_day(XMAS, at("2025-12-24 14:00"), 1)
        assert end_of_working_day(XMAS, next_day) == at("2025-12-29 17:00")

    def test_end_of_a_night_shift_is_the_next_morning(self) -> None:
        assert end_of_working_day(NIGHTS, date(2025, 1, 10)) == at("2025-01-11 06:00")
        assert start_of_working_day(NIGHTS, at("2025-01-11 02:00")) == at("2025-01-10 22:00")

    def test_end_of_a_day_whose_shift_touches_the_next(self) -> None:
        touching = BusinessHours.weekly(
            {"fri": "22:00-24:00", "sat": "00:00-03:00"}, tz="Europe/Amsterdam"
        )
        assert end_of_working_day(touching, date(2025, 1, 10)) == at("2025-01-11 00:00")
        assert working_day(touching, at("2025-01-11 00:00")) == date(2025, 1, 11)

    def test_time_already_in_the_previous_night_shift_makes_no_working_day(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon-fri": "22:00-06:00"},
            tz="Europe/Amsterdam",
            special={date(2025, 1, 11): "01:00-05:00"},
        )
        assert working_day(schedule, date(2025, 1, 11)) == date(2025, 1, 13)

    def test_an_interval_lost_in_the_spring_gap_makes_no_working_day(self) -> None:
        schedule = BusinessHours.weekly({"sun": "02:30-03:00"}, tz="Europe/Amsterdam")
        assert working_day(schedule, date(2025, 3, 30)) == date(2025, 4, 6)

    def test_bad_day(self) -> None:
        with pytest.raises(TypeError, match=r"datetime\.date"):
            working_day(OFFICE, "2025-01-06")  # type: ignore[arg-type]


class TestLookingBack:
    @pytest.mark.parametrize(
        ("moment", "opened", "closed", "opens_next"),
        [
            ("2025-01-06 13:00", "2025-01-06 13:00", "2025-01-06 12:00", "2025-01-07 09:00"),
            ("2025-01-06 14:00", "2025-01-06 13:00", "2025-01-06 12:00", "2025-01-07 09:00"),
            ("2025-01-06 17:00", "2025-01-06 13:00", "2025-01-06 17:00", "2025-01-07 09:00"),
            ("2025-01-06 12:30", "2025-01-06 09:00", "2025-01-06 12:00", "2025-01-06 13:00"),
            ("2025-01-06 12:00", "2025-01-06 09:00", "2025-01-06 12:00", "2025-01-06 13:00"),
            ("2025-01-06 09:00", "2025-01-06 09:00", "2025-01-03 17:00", "2025-01-06 13:00"),
            ("2025-01-05 12:00", "2025-01-03 13:00", "2025-01-03 17:00", "2025-01-06 09:00"),
        ],
    )
    def test_previous_open_previous_close_next_opening_after(
        self, moment: str, opened: str, closed: str, opens_next: str
    ) -> None:
        assert previous_open(LUNCH, at(moment)) == at(opened)
        assert previous_close(LUNCH, at(moment)) == at(closed)
        assert next_opening_after(LUNCH, at(moment)) == at(opens_next)

    def test_across_a_long_closure(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[Closure(start=date(2023, 1, 1), end=date(2024, 12, 31))],
        )
        assert previous_open(schedule, at("2024-12-31 12:00")) == at("2022-12-30 09:00")
        assert previous_close(schedule, at("2024-12-31 12:00")) == at("2022-12-30 17:00")
        assert next_opening_after(schedule, at("2022-12-30 12:00")) == at("2025-01-01 09:00")

    def test_touching_periods_across_midnight_are_one_period(self) -> None:
        touching = BusinessHours.weekly(
            {"fri": "22:00-24:00", "sat": "00:00-03:00"}, tz="Europe/Amsterdam"
        )
        assert previous_open(touching, at("2025-01-11 01:00")) == at("2025-01-10 22:00")
        assert previous_close(touching, at("2025-01-11 01:00")) == at("2025-01-04 03:00")

    def test_results_are_in_the_zone_of_the_hours(self) -> None:
        for function in (previous_open, previous_close, next_opening_after):
            result = function(OFFICE, at("2025-01-06 04:00", NY))
            assert result.tzinfo is AMS

    def test_around_the_clock_has_no_boundary(self) -> None:
        for function in (previous_open, previous_close, next_opening_after):
            with pytest.raises(NeverClosesError, match="20 years"):
                function(ALWAYS, at("2025-01-06 10:00"))

    def test_around_the_clock_with_holidays(self) -> None:
        schedule = BusinessHours.always(tz="Europe/Amsterdam", holidays="NL")
        assert previous_open(schedule, at("2026-01-02 10:00")) == at("2026-01-02 00:00")
        assert previous_close(schedule, at("2026-01-02 10:00")) == at("2026-01-01 00:00")
        assert next_opening_after(schedule, at("2025-12-27 10:00")) == at("2026-01-02 00:00")

    def test_closed_for_decades_raises(self) -> None:
        closed = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[Closure(start=date(1990, 1, 1), end=date(2030, 12, 31))],
        )
        for function in (previous_open, previous_close):
            with pytest.raises(NoOpeningHoursError, match="20 years before"):
                function(closed, at("2025-01-06 10:00"))
        with pytest.raises(NoOpeningHoursError, match="20 years after"):
            next_opening_after(closed, at("1995-01-06 10:00"))


# Properties over generated schedules, and agreement with tests/reference.py.


@st.composite
def starts(draw: st.DrawFn) -> tuple[BusinessHours, datetime]:
    hours = draw(business_hours())
    return hours, draw(aware_datetimes(hours))


def _near_a_transition(moment: datetime) -> bool:
    """Whether the UTC offset changes within three hours of ``moment``."""
    zone = moment.tzinfo
    offsets = {(utc(moment) + timedelta(hours=h)).astimezone(zone).utcoffset() for h in (-3, 0, 3)}
    return len(offsets) > 1


@given(starts(), st.integers(-8, 8))
def test_add_working_days_matches_the_reference(
    case: tuple[BusinessHours, datetime], days: int
) -> None:
    hours, start = case
    assert utc(add_working_days(hours, start, days)) == utc(
        reference.add_working_days(hours, start, days)
    )


@given(starts(), st.integers(-6, 6))
def test_add_working_days_is_strictly_monotonic_in_days(
    case: tuple[BusinessHours, datetime], days: int
) -> None:
    hours, start = case
    assert utc(add_working_days(hours, start, days)) < utc(add_working_days(hours, start, days + 1))


@given(st.data(), st.integers(-6, 6))
def test_add_working_days_is_monotonic_in_start(data: st.DataObject, days: int) -> None:
    # Not where "the same wall time" itself is not: the second pass of a repeated hour
    # has the wall times of the first, and a wall time in a DST gap moves past the
    # first times after it. Those are excluded here.
    hours = data.draw(business_hours())
    first, second = sorted(
        (data.draw(aware_datetimes(hours)), data.draw(aware_datetimes(hours))), key=utc
    )
    results = [add_working_days(hours, moment, days) for moment in (first, second)]
    counted = [next_open(hours, moment) for moment in (first, second)]
    assume(not any(_near_a_transition(moment) for moment in results + counted))
    assert utc(results[0]) <= utc(results[1])


@given(starts(), st.integers(0, 8))
def test_between_inverts_add_forwards(case: tuple[BusinessHours, datetime], days: int) -> None:
    hours, start = case
    assert working_days_between(hours, start, add_working_days(hours, start, days)) == days


@given(starts(), st.integers(-8, -1))
def test_between_inverts_add_backwards_unless_clamped(
    case: tuple[BusinessHours, datetime], days: int
) -> None:
    # Going back, the inverse holds from the instant counted from (a closed start
    # lies after it), and where the result kept the wall time: a clamped result
    # counts from another time of day.
    hours, start = case
    counted = next_open(hours, start)
    back = add_working_days(hours, start, days)
    assume(is_open(hours, back) and back.time() == counted.time())
    assert working_days_between(hours, counted, back) == days


@given(st.data())
def test_between_matches_the_reference(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    start = data.draw(aware_datetimes(hours))
    end = utc(start) + data.draw(st.timedeltas(timedelta(days=-20), timedelta(days=20)))
    assert working_days_between(hours, start, end) == reference.working_days_between(
        hours, start, end
    )


@given(st.data())
def test_between_dates_matches_the_reference(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    first = data.draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    stop = first + timedelta(days=data.draw(st.integers(-60, 60)))
    assert working_days_between(hours, first, stop) == reference.working_days_in(hours, first, stop)


@given(starts())
def test_a_working_day_holds_the_instants_that_count_in_it(
    case: tuple[BusinessHours, datetime],
) -> None:
    hours, start = case
    counted = add_working_days(hours, start, 0)
    assert utc(counted) == utc(next_open(hours, start))
    first, last = start_of_working_day(hours, start), end_of_working_day(hours, start)
    assert utc(first) <= utc(counted) < utc(last)
    day = working_day(hours, start)
    assert utc(start_of_working_day(hours, day)) == utc(first)
    assert (utc(counted), day) == reference.counts_in(hours, start)


def _boundaries(hours: BusinessHours, moment: datetime) -> list[datetime] | None:
    try:
        return [f(hours, moment) for f in (previous_open, previous_close, next_opening_after)]
    except (NeverClosesError, NoOpeningHoursError):  # open (or closed) for 20 years
        assume(False)
        return None


@given(starts())
def test_looking_back_and_ahead_around_an_instant(case: tuple[BusinessHours, datetime]) -> None:
    hours, moment = case
    found = _boundaries(hours, moment)
    assert found is not None
    opened, closed, opens_next = (utc(value) for value in found)
    assert opened <= utc(moment) < opens_next
    assert closed <= utc(moment)
    if not is_open(hours, moment):
        assert opens_next == utc(next_open(hours, moment))
    assert is_open(hours, opened)
    assert not is_open(hours, closed)
    assert utc(next_open(hours, closed)) == opened or opened < closed
    if is_open(hours, moment):
        assert closed < opened
        assert business_time_between(hours, opened, moment) == utc(moment) - opened
        assert utc(next_close(hours, moment)) < opens_next
    expected = [
        reference.previous_boundary(hours, moment, closing=False),
        reference.previous_boundary(hours, moment, closing=True),
        reference.next_opening_after(hours, moment),
    ]
    for ours, theirs in zip((opened, closed, opens_next), expected, strict=True):
        assert theirs is None or ours == theirs


def test_reference_sees_the_utc_example() -> None:
    # Guards the reference itself against a silent change of its window.
    assert reference.previous_boundary(
        OFFICE, at("2025-01-06 12:00", ZoneInfo("UTC")), closing=True
    ) == datetime(2025, 1, 3, 16, tzinfo=DT_UTC)
