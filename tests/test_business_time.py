"""Named scenarios for the business-time functions: every calendar trap gets a test."""

from __future__ import annotations

from datetime import UTC as DT_UTC
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicelevel import (
    BusinessHours,
    Closure,
    NaiveDatetimeError,
    NeverClosesError,
    NoOpeningHoursError,
    OutOfRangeError,
    ServiceLevelError,
    add_business_time,
    business_time_between,
    is_open,
    next_close,
    next_open,
)

from . import reference
from .common import AMS, NY, OFFICE, OFFICE_NL, assert_deadline, at, hours, utc

NIGHTS_AMS = BusinessHours.weekly({"daily": "22:00-06:00"}, tz="Europe/Amsterdam")
NIGHTS_NY = BusinessHours.weekly({"daily": "22:00-06:00"}, tz="America/New_York")
ALWAYS_AMS = BusinessHours.always(tz="Europe/Amsterdam")


class TestOpenAndClose:
    def test_start_exactly_at_open_is_open(self) -> None:
        assert is_open(OFFICE, at("2025-01-06 09:00"))
        assert next_open(OFFICE, at("2025-01-06 09:00")) == at("2025-01-06 09:00")

    def test_closing_instant_is_closed(self) -> None:
        assert not is_open(OFFICE, at("2025-01-06 17:00"))
        assert is_open(OFFICE, at("2025-01-06 16:59:59.999999"))

    def test_next_open_returns_the_same_instant_when_open(self) -> None:
        moment = at("2025-01-06 16:00", NY)  # 22:00 in Amsterdam: closed
        assert utc(next_open(OFFICE, moment)) == utc(at("2025-01-07 09:00"))
        open_moment = at("2025-01-06 04:00", NY)  # 10:00 in Amsterdam
        assert utc(next_open(OFFICE, open_moment)) == utc(open_moment)

    def test_next_open_from_the_weekend(self) -> None:
        assert next_open(OFFICE, at("2025-01-11 12:00")) == at("2025-01-13 09:00")

    def test_next_close_while_open_and_at_close(self) -> None:
        assert next_close(OFFICE, at("2025-01-06 16:59:59.999999")) == at("2025-01-06 17:00")
        assert next_close(OFFICE, at("2025-01-06 17:00")) == at("2025-01-07 17:00")

    def test_night_shift_next_close_is_the_morning(self) -> None:
        assert next_close(NIGHTS_AMS, at("2025-01-06 23:00")) == at("2025-01-07 06:00")

    def test_touching_periods_across_midnight_close_once(self) -> None:
        schedule = BusinessHours.weekly(
            {"fri": "22:00-24:00", "sat": "00:00-03:00"}, tz="Europe/Amsterdam"
        )
        assert next_close(schedule, at("2025-01-10 23:00")) == at("2025-01-11 03:00")

    def test_touching_intervals_on_one_day_close_once(self) -> None:
        schedule = BusinessHours.weekly({"mon": "09:00-12:00, 12:00-17:00"}, tz="UTC")
        assert next_close(schedule, at("2025-01-06 10:00", DT_UTC)) == at(
            "2025-01-06 17:00", DT_UTC
        )

    def test_results_are_in_the_zone_of_the_hours(self) -> None:
        result = next_open(OFFICE, at("2025-01-11 12:00", NY))
        assert result.tzinfo is AMS
        assert result == at("2025-01-13 09:00")


class TestDeadlines:
    def test_deadline_exactly_at_closing_time_is_the_close(self) -> None:
        # pandas CustomBusinessHour gives Tuesday 09:00 here.
        assert_deadline(OFFICE, at("2025-01-06 09:00"), hours(8), at("2025-01-06 17:00"))

    def test_counting_back_to_an_opening_gives_the_opening(self) -> None:
        # pandas CustomBusinessHour gives Friday 17:00 here.
        assert add_business_time(OFFICE, at("2025-01-07 09:00"), -hours(8)) == at(
            "2025-01-06 09:00"
        )

    def test_start_at_close(self) -> None:
        assert_deadline(OFFICE, at("2025-01-06 17:00"), hours(1), at("2025-01-07 10:00"))

    def test_start_outside_hours_deadline_at_close(self) -> None:
        # businesstime measures 0 h instead of 8 h here.
        assert_deadline(OFFICE, at("2025-01-11 12:00"), hours(8), at("2025-01-13 17:00"))

    def test_over_the_weekend(self) -> None:
        assert_deadline(OFFICE, at("2025-01-10 16:00"), hours(2), at("2025-01-13 10:00"))

    def test_zero_duration_returns_start(self) -> None:
        # pandas moves to the next day, rickar/cal pretends nothing is wrong.
        saturday = at("2025-01-11 12:00")
        result = add_business_time(OFFICE, saturday.astimezone(NY), timedelta(0))
        assert utc(result) == utc(saturday)
        assert result.tzinfo is AMS

    def test_negative_duration_counts_back(self) -> None:
        assert add_business_time(OFFICE, at("2025-01-13 10:00"), -hours(2)) == at(
            "2025-01-10 16:00"
        )

    def test_microsecond_exact(self) -> None:
        tiny = timedelta(microseconds=1)
        assert_deadline(OFFICE, at("2025-01-06 16:59:59.999999"), tiny, at("2025-01-06 17:00"))
        assert_deadline(OFFICE, at("2025-01-06 17:00"), tiny, at("2025-01-07 09:00:00.000001"))

    def test_thousands_of_hours(self) -> None:
        start = at("2025-01-06 09:00")
        deadline = add_business_time(OFFICE_NL, start, hours(5_000))
        assert business_time_between(OFFICE_NL, start, deadline) == hours(5_000)
        assert deadline == reference.add(OFFICE_NL, start, hours(5_000), days=1_200)

    def test_far_future_and_past(self) -> None:
        start = at("2300-06-01 12:00")
        assert add_business_time(OFFICE, start, hours(8)) == at("2300-06-04 12:00")
        assert add_business_time(OFFICE, at("1900-06-01 12:00"), -hours(8)) == at(
            "1900-05-31 12:00"
        )

    def test_duration_beyond_the_calendar_is_a_clear_error(self) -> None:
        with pytest.raises(OutOfRangeError, match="1-9999"):
            add_business_time(OFFICE, at("2025-01-06 09:00"), timedelta(days=3_000_000))

    def test_instants_at_the_edge_of_datetime(self) -> None:
        with pytest.raises(OutOfRangeError, match="1-9999"):
            add_business_time(OFFICE, datetime(1, 1, 2, tzinfo=DT_UTC), -hours(1))
        with pytest.raises(OutOfRangeError, match="1-9999"):
            next_open(OFFICE, datetime(9999, 12, 30, tzinfo=DT_UTC))

    def test_equal_schedules_share_one_index(self) -> None:
        from servicelevel import _timeline

        original = BusinessHours.weekly({"mon": "07:13-08:00"}, tz="Europe/Oslo", holidays="NO")
        copy = BusinessHours.model_validate_json(original.model_dump_json())
        assert copy is not original
        assert _timeline.timeline(copy) is _timeline.timeline(original)

    def test_duration_must_be_a_timedelta(self) -> None:
        with pytest.raises(TypeError, match="timedelta"):
            add_business_time(OFFICE, at("2025-01-06 09:00"), 3600)  # type: ignore[arg-type]


class TestNightShifts:
    def test_night_shift_deadline_crosses_midnight(self) -> None:
        # businesstimedelta #5: Mon 23:00 + 2 h lands on Wednesday.
        assert_deadline(NIGHTS_AMS, at("2025-01-06 23:00"), hours(2), at("2025-01-07 01:00"))

    def test_night_shift_belongs_to_the_day_it_starts(self) -> None:
        friday_nights = BusinessHours.weekly({"fri": "22:00-06:00"}, tz="Europe/Amsterdam")
        assert is_open(friday_nights, at("2025-01-11 03:00"))  # Saturday morning
        assert not is_open(friday_nights, at("2025-01-10 03:00"))  # Friday morning

    def test_sunday_night_runs_into_monday(self) -> None:
        schedule = BusinessHours.weekly({"sun": "20:00-04:00"}, tz="UTC")
        assert is_open(schedule, at("2025-01-06 03:00", ZoneInfo("UTC")))


class TestDaylightSavingTime:
    def test_spring_gap_inside_a_night_shift_amsterdam(self) -> None:
        start, end = at("2025-03-29 22:00"), at("2025-03-30 06:00")
        assert business_time_between(NIGHTS_AMS, start, end) == hours(7)
        assert_deadline(NIGHTS_AMS, start, hours(7), end)

    def test_autumn_fold_inside_a_night_shift_amsterdam(self) -> None:
        start, end = at("2025-10-25 22:00"), at("2025-10-26 06:00")
        assert business_time_between(NIGHTS_AMS, start, end) == hours(9)
        assert_deadline(NIGHTS_AMS, start, hours(9), end)

    def test_spring_gap_inside_a_night_shift_new_york(self) -> None:
        start, end = at("2025-03-08 22:00", NY), at("2025-03-09 06:00", NY)
        assert business_time_between(NIGHTS_NY, start, end) == hours(7)

    def test_autumn_fold_inside_a_night_shift_new_york(self) -> None:
        start, end = at("2025-11-01 22:00", NY), at("2025-11-02 06:00", NY)
        assert business_time_between(NIGHTS_NY, start, end) == hours(9)

    def test_two_business_hours_over_the_fold_are_two_real_hours(self) -> None:
        # pandas CBH counts wall-clock time; moment-business-time #58 returns the same instant.
        start = at("2025-10-26 01:30")
        deadline = add_business_time(ALWAYS_AMS, start, hours(2))
        assert utc(deadline) == utc(at("2025-10-26 02:30", fold=1))
        assert deadline.utcoffset() == timedelta(hours=1)
        one_hour = add_business_time(ALWAYS_AMS, start, hours(1))
        assert one_hour > start
        assert utc(one_hour) == utc(at("2025-10-26 02:30", fold=0))

    def test_opening_inside_the_spring_gap_moves_forward(self) -> None:
        schedule = BusinessHours.weekly({"sun": "02:30-05:00"}, tz="Europe/Amsterdam")
        assert utc(next_open(schedule, at("2025-03-30 00:00"))) == utc(at("2025-03-30 03:30"))
        assert business_time_between(
            schedule, at("2025-03-30 00:00"), at("2025-03-30 12:00")
        ) == hours(1.5)

    def test_opening_inside_the_autumn_fold_takes_the_earlier_instant(self) -> None:
        schedule = BusinessHours.weekly({"sun": "02:30-04:00"}, tz="Europe/Amsterdam")
        assert utc(next_open(schedule, at("2025-10-26 00:00"))) == utc(
            at("2025-10-26 02:30", fold=0)
        )
        assert business_time_between(
            schedule, at("2025-10-26 00:00"), at("2025-10-26 12:00")
        ) == hours(2.5)

    def test_interval_swallowed_by_the_gap_has_no_time(self) -> None:
        schedule = BusinessHours.weekly({"sun": "02:30-03:00"}, tz="Europe/Amsterdam")
        day_start, day_end = at("2025-03-30 00:00"), at("2025-03-31 00:00")
        assert business_time_between(schedule, day_start, day_end) == timedelta(0)
        assert utc(next_open(schedule, day_start)) == utc(at("2025-04-06 02:30"))

    def test_closing_inside_the_gap_moves_forward(self) -> None:
        schedule = BusinessHours.weekly({"sat": "20:00-02:30"}, tz="Europe/Amsterdam")
        assert utc(next_close(schedule, at("2025-03-29 21:00"))) == utc(at("2025-03-30 03:30"))

    def test_office_hours_over_the_dst_weekend(self) -> None:
        assert_deadline(OFFICE, at("2025-03-28 16:00"), hours(2), at("2025-03-31 10:00"))
        assert_deadline(OFFICE, at("2025-10-24 16:00"), hours(2), at("2025-10-27 10:00"))

    def test_dst_at_midnight_havana(self) -> None:
        havana = ZoneInfo("America/Havana")
        schedule = BusinessHours.weekly({"daily": "00:00-02:00"}, tz="America/Havana")
        day = at("2025-03-09 00:00", havana)  # does not exist: clocks go from 00:00 to 01:00
        opening = next_open(schedule, at("2025-03-08 12:00", havana))
        assert utc(opening) == utc(day)
        assert opening.hour == 1
        assert business_time_between(schedule, day, at("2025-03-09 12:00", havana)) == hours(1)

    def test_half_hour_dst_lord_howe(self) -> None:
        schedule = BusinessHours.weekly({"sat": "22:00-06:00"}, tz="Australia/Lord_Howe")
        lord_howe = ZoneInfo("Australia/Lord_Howe")
        start, end = at("2025-04-05 22:00", lord_howe), at("2025-04-06 06:00", lord_howe)
        assert business_time_between(schedule, start, end) == hours(8.5)

    def test_ramadan_offset_change_casablanca(self) -> None:
        casablanca = ZoneInfo("Africa/Casablanca")
        schedule = BusinessHours.weekly({"sat": "22:00-06:00"}, tz="Africa/Casablanca")
        start, end = at("2025-02-22 22:00", casablanca), at("2025-02-23 06:00", casablanca)
        assert business_time_between(schedule, start, end) == hours(9)

    def test_skipped_day_apia(self) -> None:
        apia = ZoneInfo("Pacific/Apia")
        schedule = BusinessHours.weekly({"daily": "09:00-17:00"}, tz="Pacific/Apia")
        # 30 December 2011 never happened in Samoa.
        deadline = add_business_time(schedule, at("2011-12-29 16:00", apia), hours(2))
        assert utc(deadline) == utc(at("2011-12-31 10:00", apia))


class TestHolidays:
    def test_christmas_is_skipped(self) -> None:
        assert_deadline(OFFICE_NL, at("2025-12-24 16:00"), hours(2), at("2025-12-29 10:00"))

    def test_holiday_eve_night_shift_runs_into_the_holiday(self) -> None:
        schedule = BusinessHours.weekly(
            {"daily": "22:00-06:00"}, tz="Europe/Amsterdam", holidays="NL"
        )
        assert is_open(schedule, at("2025-12-25 03:00"))  # the 24th's shift
        assert not is_open(schedule, at("2025-12-25 23:00"))  # Christmas Day's shift
        assert next_open(schedule, at("2025-12-25 23:00")) == at("2025-12-27 22:00")

    def test_friday_before_a_monday_holiday(self) -> None:
        # pandas #16867: 8 h or more lands a day early. Whit Monday is 9 June 2025.
        assert_deadline(OFFICE_NL, at("2025-06-06 10:00"), hours(8), at("2025-06-10 10:00"))
        assert_deadline(OFFICE_NL, at("2025-06-06 10:00"), hours(16), at("2025-06-11 10:00"))

    def test_regional_holiday_bavaria(self) -> None:
        berlin = ZoneInfo("Europe/Berlin")
        germany = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="Europe/Berlin", holidays="DE"
        )
        bavaria = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="Europe/Berlin", holidays="DE-BY"
        )
        epiphany = at("2025-01-06 10:00", berlin)
        assert is_open(germany, epiphany)
        assert not is_open(bavaria, epiphany)

    def test_regional_holiday_california(self) -> None:
        la = ZoneInfo("America/Los_Angeles")
        california = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="America/Los_Angeles", holidays="US-CA"
        )
        assert not is_open(california, at("2025-03-31 10:00", la))  # Cesar Chavez Day

    def test_several_calendars_all_close(self) -> None:
        benelux = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays=["NL", "BE"]
        )
        assert not is_open(benelux, at("2025-07-21 10:00"))  # Belgian National Day
        assert not is_open(benelux, at("2025-04-21 10:00"))  # Easter Monday

    def test_subtracting_over_us_holidays_terminates(self) -> None:
        # businesstimedelta #9 loops forever here.
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="America/New_York", holidays="US"
        )
        start = at("2025-12-26 10:00", NY)
        result = add_business_time(schedule, start, -hours(100))
        assert result == reference.add(schedule, start, -hours(100), days=60)

    def test_years_are_not_fixed_in_advance(self) -> None:
        assert not is_open(OFFICE_NL, at("2071-12-25 10:00"))
        assert not is_open(OFFICE_NL, at("1980-12-25 10:00"))
        assert is_open(OFFICE_NL, at("1999-12-27 10:00"))
        assert is_open(OFFICE_NL, at("2071-12-28 10:00"))


class TestSpecialDaysAndClosures:
    SCHEDULE = BusinessHours.weekly(
        {"mon-fri": "09:00-17:00"},
        tz="Europe/Amsterdam",
        holidays="NL",
        special={date(2025, 12, 24): "09:00-15:00", date(2025, 12, 26): "10:00-14:00"},
        closed=[Closure(start=date(2025, 7, 1), end=date(2025, 7, 31), reason="summer")],
    )

    def test_special_hours_replace_the_weekly_hours(self) -> None:
        assert is_open(self.SCHEDULE, at("2025-12-24 14:59"))
        assert not is_open(self.SCHEDULE, at("2025-12-24 15:00"))
        assert next_close(self.SCHEDULE, at("2025-12-24 10:00")) == at("2025-12-24 15:00")

    def test_special_hours_open_a_holiday(self) -> None:
        assert is_open(self.SCHEDULE, at("2025-12-26 11:00"))
        assert_deadline(self.SCHEDULE, at("2025-12-24 14:00"), hours(2), at("2025-12-26 11:00"))

    def test_start_in_the_middle_of_a_long_closure(self) -> None:
        assert not is_open(self.SCHEDULE, at("2025-07-15 10:00"))
        assert_deadline(self.SCHEDULE, at("2025-07-15 10:00"), hours(1), at("2025-08-01 10:00"))
        assert next_open(self.SCHEDULE, at("2025-07-15 10:00")) == at("2025-08-01 09:00")

    def test_empty_special_day_closes(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="UTC", special={date(2025, 1, 6): ""}
        )
        assert not is_open(schedule, at("2025-01-06 10:00", ZoneInfo("UTC")))


class TestAlwaysOpen:
    def test_thousands_of_hours_are_wall_hours(self) -> None:
        start = datetime(2025, 1, 1, tzinfo=DT_UTC)
        assert add_business_time(BusinessHours.always(), start, hours(10_000)) == start + hours(
            10_000
        )

    def test_a_day_over_spring_forward_is_24_real_hours(self) -> None:
        deadline = add_business_time(ALWAYS_AMS, at("2025-03-29 12:00"), hours(24))
        assert utc(deadline) == utc(at("2025-03-30 13:00"))

    def test_next_close_of_24_7_is_a_clear_error(self) -> None:
        with pytest.raises(NeverClosesError, match="around the clock"):
            next_close(ALWAYS_AMS, at("2025-01-01 12:00"))

    def test_next_close_of_24_7_with_holidays_is_the_holiday(self) -> None:
        schedule = BusinessHours.always(tz="Europe/Amsterdam", holidays="NL")
        assert next_close(schedule, at("2025-12-20 12:00")) == at("2025-12-25 00:00")


class TestCostDoesNotGrow:
    """businesstimedelta slows from 15.7k/s (+3 h) to 98/s (+400 h); zendesk biz checks
    every period against every holiday. Ours compiles a year once, then bisects."""

    def test_long_targets_need_no_more_compiling(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from servicelevel import _timeline

        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL"
        )
        start = at("2025-03-03 10:00")
        add_business_time(schedule, start, hours(2_000))  # warm the index for the years needed
        calls: list[tuple[int, int]] = []
        original = _timeline.compile_years

        def counted(*args: Any) -> Any:
            calls.append(args[1:])
            return original(*args)

        monkeypatch.setattr(_timeline, "compile_years", counted)
        for target in (3, 400, 2_000):
            add_business_time(schedule, start, hours(target))
        assert calls == []

    def test_many_closures_and_holidays(self) -> None:
        closed = [Closure(start=date(2025, 1, 1) + timedelta(days=3 * n)) for n in range(300)]
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays=["NL", "BE", "DE-BY"],
            closed=closed,
        )
        start = at("2025-01-02 10:00")
        assert add_business_time(schedule, start, hours(300)) == reference.add(
            schedule, start, hours(300), days=400
        )


class TestSignAndBadInput:
    def test_between_keeps_its_sign(self) -> None:
        # businesstimedelta drops the sign.
        a, b = at("2025-01-06 09:00"), at("2025-01-06 17:00")
        assert business_time_between(OFFICE, a, b) == hours(8)
        assert business_time_between(OFFICE, b, a) == -hours(8)

    @pytest.mark.parametrize(
        "call",
        [
            lambda naive: is_open(OFFICE, naive),
            lambda naive: next_open(OFFICE, naive),
            lambda naive: next_close(OFFICE, naive),
            lambda naive: add_business_time(OFFICE, naive, hours(1)),
            lambda naive: business_time_between(OFFICE, naive, at("2025-01-06 10:00")),
        ],
    )
    def test_naive_datetimes_are_rejected(self, call: object) -> None:
        naive = datetime(2025, 1, 6, 9)  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError, match=r"naive datetime .* tzinfo="):
            call(naive)  # type: ignore[operator]

    def test_schedule_without_openings_raises_instead_of_looping(self) -> None:
        empty = BusinessHours(tz="Europe/Amsterdam")
        with pytest.raises(NoOpeningHoursError, match="no opening interval"):
            add_business_time(empty, at("2025-01-06 09:00"), hours(1))
        with pytest.raises(NoOpeningHoursError):
            next_open(empty, at("2025-01-06 09:00"))

    def test_schedule_closed_for_decades_raises(self) -> None:
        closed = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[Closure(start=date(2025, 1, 1), end=date(2070, 12, 31))],
        )
        with pytest.raises(NoOpeningHoursError, match="20 years"):
            next_open(closed, at("2025-06-01 12:00"))
        with pytest.raises(NoOpeningHoursError, match="20 years"):
            add_business_time(closed, at("2025-06-01 12:00"), hours(1))

    def test_every_error_is_a_service_level_error(self) -> None:
        for error in (NaiveDatetimeError, NeverClosesError, NoOpeningHoursError, OutOfRangeError):
            assert issubclass(error, ServiceLevelError)
