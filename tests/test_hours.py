"""The BusinessHours model: compact forms, validation errors, JSON round trips."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Closure,
    HolidayCalendar,
    OpeningInterval,
    SpecialDay,
    UnknownTimeZoneError,
    WeeklyHours,
)
from servicelevel._intervals import WEEKDAYS
from servicelevel._zones import zone

from .common import OFFICE_NL


class TestOpeningInterval:
    @pytest.mark.parametrize(
        ("text", "start", "end", "crosses", "hours"),
        [
            ("09:00-17:00", time(9), time(17), False, 8),
            ("22:00-06:00", time(22), time(6), True, 8),
            ("18:00-24:00", time(18), time(0), False, 6),
            ("00:00-24:00", time(0), time(0), False, 24),
            ("9:30-12:15", time(9, 30), time(12, 15), False, 2.75),
            ("09:00\u201317:00", time(9), time(17), False, 8),
        ],
    )
    def test_parse(self, text: str, start: time, end: time, crosses: bool, hours: float) -> None:
        interval = OpeningInterval.parse(text)
        assert (interval.start, interval.end) == (start, end)
        assert interval.crosses_midnight is crosses
        assert interval.length_us == hours * 3_600_000_000

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("09:00", "write it as 'HH:MM-HH:MM'"),
            ("9-17", "is not a time of day"),
            ("24:00-06:00", "24:00 can only end an interval"),
            ("09:00-25:00", "between 00:00 and 24:00"),
            ("09:61-10:00", "between 00:00 and 24:00"),
            ("08:00-08:00", "ambiguous: it reads as a 24-hour shift .* and as no opening"),
            ("00:00-00:00", "Write '00:00-24:00' for a whole day"),
        ],
    )
    def test_bad_text_is_a_clear_error(self, text: str, message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            OpeningInterval.parse(text)

    def test_str_round_trip(self) -> None:
        for text in ("09:00-17:00", "22:00-06:00", "18:00-24:00", "09:00:30-10:00"):
            assert str(OpeningInterval.parse(text)) == text

    def test_aware_times_are_rejected(self) -> None:
        with pytest.raises(ValidationError, match="local wall times"):
            OpeningInterval(start=time(9, tzinfo=zone("UTC")), end=time(17))


class TestWeeklySchedule:
    def test_compact_constructor(self) -> None:
        hours = BusinessHours.weekly(
            {"mon-fri": "09:00-12:00, 13:00-17:00", "sat": ["10:00-14:00"]},
            tz="Europe/Amsterdam",
            holidays="NL",
        )
        assert [str(iv) for iv in hours.week.wed] == ["09:00-12:00", "13:00-17:00"]
        assert hours.week.sun == ()
        assert hours.holidays == (HolidayCalendar(country="NL"),)

    @pytest.mark.parametrize(
        ("spec", "days"),
        [
            ("daily", ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
            ("sat,sun", ["sat", "sun"]),
            ("fri-mon", ["mon", "fri", "sat", "sun"]),
            ("Monday", ["mon"]),
        ],
    )
    def test_day_specs(self, spec: str, days: list[str]) -> None:
        hours = BusinessHours.weekly({spec: "09:00-10:00"}, tz="UTC")
        assert [
            day
            for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            if getattr(hours.week, day)
        ] == days

    def test_unknown_day_is_a_clear_error(self) -> None:
        with pytest.raises(ValueError, match="does not name weekdays"):
            BusinessHours.weekly({"mon-fry": "09:00-17:00"}, tz="UTC")

    def test_day_named_twice_is_a_clear_error(self) -> None:
        with pytest.raises(ValueError, match="mon is named twice"):
            BusinessHours.weekly({"mon-fri": "09:00-17:00", "mon": "18:00-20:00"}, tz="UTC")

    def test_overlapping_intervals_are_rejected(self) -> None:
        with pytest.raises(ValidationError, match=r"mon 09:00-13:00 and mon 12:00-17:00 overlap"):
            WeeklyHours(mon=["09:00-13:00", "12:00-17:00"])

    def test_night_shift_overlapping_the_next_morning_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match=r"fri 22:00-06:00 and sat 05:00-12:00 overlap"):
            WeeklyHours(fri=["22:00-06:00"], sat=["05:00-12:00"])

    def test_sunday_night_overlapping_monday_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="overlap"):
            WeeklyHours(sun=["22:00-06:00"], mon=["05:00-12:00"])

    def test_touching_intervals_are_allowed(self) -> None:
        week = WeeklyHours(
            mon=["09:00-12:00", "12:00-17:00"], fri=["22:00-24:00"], sat=["00:00-03:00"]
        )
        assert len(week.mon) == 2

    @pytest.mark.parametrize(
        ("keys", "days"),
        [
            ({"monday": ["09:00-17:00"]}, ("mon",)),
            ({"mon-fri": "09:00-17:00"}, ("mon", "tue", "wed", "thu", "fri")),
            ({"weekdays": "09:00-17:00", "weekend": "10:00-12:00"}, WEEKDAYS),
            ({"fri-mon": "09:00-17:00"}, ("fri", "sat", "sun", "mon")),
            ({"sat,sun": "10:00-12:00", "mon": "09:00-17:00"}, ("sat", "sun", "mon")),
        ],
    )
    def test_day_ranges_in_json_and_toml_read_as_in_weekly(
        self, keys: dict[str, Any], days: tuple[str, ...]
    ) -> None:
        week = WeeklyHours.model_validate(keys)
        assert [day for day in WEEKDAYS if getattr(week, day)] == sorted(days, key=WEEKDAYS.index)
        assert BusinessHours.model_validate({"tz": "UTC", "week": keys}).week == week
        assert BusinessHours.weekly(keys, tz="UTC").week == week
        assert WeeklyHours.model_validate_json(week.model_dump_json()) == week


class TestTimeZoneAndCalendars:
    @pytest.mark.parametrize("key", ["Europe/Amsterdm", "", "../etc/passwd", "Mars/Olympus"])
    def test_unknown_time_zone(self, key: str) -> None:
        with pytest.raises(ValidationError, match="not an IANA time-zone name"):
            BusinessHours(tz=key)
        with pytest.raises(UnknownTimeZoneError):
            zone(key)

    def test_unknown_country(self) -> None:
        with pytest.raises(ValidationError, match=r"Unknown holiday country 'XX'.*list_supported"):
            BusinessHours.weekly({"mon": "09:00-17:00"}, tz="UTC", holidays="XX")

    def test_unknown_subdivision_lists_the_known_ones(self) -> None:
        with pytest.raises(
            ValidationError, match=r"Unknown subdivision 'ZZ'.*Known subdivisions: .*BY"
        ):
            HolidayCalendar.parse("DE-ZZ")

    def test_calendar_text_forms(self) -> None:
        assert HolidayCalendar.parse("US-CA") == HolidayCalendar(country="US", subdiv="CA")
        assert str(HolidayCalendar(country="DE", subdiv="BY")) == "DE-BY"

    def test_holiday_names_in_a_language(self) -> None:
        names = HolidayCalendar.parse("NL").names(2025, language="nl")
        assert names[date(2025, 12, 25)] == "Eerste kerstdag"


class TestClosuresAndSpecialDays:
    def test_closure_ending_before_it_starts(self) -> None:
        with pytest.raises(ValidationError, match="swap the dates"):
            Closure(start=date(2025, 1, 10), end=date(2025, 1, 1))

    def test_special_day_given_twice(self) -> None:
        with pytest.raises(ValidationError, match="given twice"):
            BusinessHours(
                tz="UTC",
                special_days=(SpecialDay(date=date(2025, 1, 1)), SpecialDay(date=date(2025, 1, 1))),
            )

    def test_special_day_overlap(self) -> None:
        with pytest.raises(ValidationError, match="special day 2025-12-24"):
            SpecialDay(date=date(2025, 12, 24), hours="09:00-12:00, 11:00-15:00")

    def test_precedence(self) -> None:
        hours = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays="NL",
            special={date(2025, 12, 25): "10:00-12:00", date(2025, 12, 22): "10:00-12:00"},
            closed=[Closure(start=date(2025, 12, 22), end=date(2025, 12, 23))],
        )
        assert hours.intervals_on(date(2025, 12, 22)) == ()  # closure beats special day
        assert (
            str(hours.intervals_on(date(2025, 12, 25))[0]) == "10:00-12:00"
        )  # special beats holiday
        assert hours.intervals_on(date(2025, 12, 26)) == ()  # holiday beats weekly
        assert str(hours.intervals_on(date(2025, 12, 29))[0]) == "09:00-17:00"


class TestSerialisation:
    def test_json_round_trip(self) -> None:
        hours = BusinessHours.weekly(
            {"mon-thu": "09:00-17:00", "fri": "09:00-17:00, 22:00-06:00"},
            tz="Europe/Amsterdam",
            holidays=["NL", "DE-BY"],
            special={date(2025, 12, 24): "09:00-15:00"},
            closed=[date(2025, 8, 1)],
        )
        text = hours.model_dump_json()
        assert json.loads(text)["week"]["mon"] == ["09:00-17:00"]
        assert BusinessHours.model_validate_json(text) == hours
        assert hash(BusinessHours.model_validate_json(text)) == hash(hours)

    def test_hand_written_json_config(self) -> None:
        config = """{"tz": "Europe/Amsterdam", "week": {"mon": ["09:00-17:00"], "fri": "22:00-24:00"},
                     "holidays": ["NL", {"country": "DE", "subdiv": "BY"}],
                     "special_days": [{"date": "2025-12-24", "hours": ["09:00-15:00"]}]}"""
        hours = BusinessHours.model_validate_json(config)
        assert str(hours.week.fri[0]) == "22:00-24:00"
        assert hours.holidays[1].subdiv == "BY"

    def test_json_error_points_at_the_field(self) -> None:
        config = '{"tz": "UTC", "week": {"tue": ["09:00-17:00", "16:00-18:00"]}}'
        with pytest.raises(ValidationError, match="week"):
            BusinessHours.model_validate_json(config)

    def test_models_are_frozen(self) -> None:
        with pytest.raises(ValidationError, match="frozen"):
            OFFICE_NL.tz = "UTC"  # type: ignore[misc]

    @pytest.mark.parametrize(
        "model", [BusinessHours, WeeklyHours, OpeningInterval, HolidayCalendar, Closure, SpecialDay]
    )
    def test_json_schema(self, model: type) -> None:
        schema = model.model_json_schema()  # type: ignore[attr-defined]
        assert schema["title"] == model.__name__ or schema.get("type") == "string"


class TestStrategiesAreRegistered:
    @given(st.from_type(BusinessHours))
    def test_from_type_business_hours(self, hours: BusinessHours) -> None:
        assert BusinessHours.model_validate_json(hours.model_dump_json()) == hours

    @given(st.from_type(OpeningInterval), st.from_type(HolidayCalendar), st.from_type(SpecialDay))
    def test_from_type_parts(
        self, interval: OpeningInterval, calendar: HolidayCalendar, special: SpecialDay
    ) -> None:
        assert OpeningInterval.parse(str(interval)) == interval
        assert HolidayCalendar.parse(str(calendar)) == calendar
        assert SpecialDay.model_validate_json(special.model_dump_json()) == special
