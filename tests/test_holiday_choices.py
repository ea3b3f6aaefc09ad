"""Holiday calendars with a team's choices, and years a calendar does not know."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Closure,
    HolidayCalendar,
    HolidayCalendarRangeError,
    ServiceLevelError,
    add_business_time,
    business_time_between,
    describe_hours,
    is_open,
    load_policy,
    next_open,
)

from .common import AMS, at, hours

NL = HolidayCalendar.parse("NL")
DUTCH_SHOP = HolidayCalendar(country="NL", exclude=["Good Friday"])
WITH_OPTIONAL = HolidayCalendar(country="NL", categories=["public", "optional"])


def office(calendar: HolidayCalendar | str, tz: str = "Europe/Amsterdam") -> BusinessHours:
    return BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz=tz, holidays=calendar)


class TestExcludedHolidays:
    def test_a_dutch_shop_works_on_good_friday(self) -> None:
        good_friday = date(2025, 4, 18)
        assert good_friday in NL.dates(2025)
        assert good_friday not in DUTCH_SHOP.dates(2025)
        assert NL.dates(2025) - DUTCH_SHOP.dates(2025) == {good_friday}
        assert is_open(office(DUTCH_SHOP), at("2025-04-18 10:00"))
        assert not is_open(office(NL), at("2025-04-18 10:00"))
        assert not is_open(office(DUTCH_SHOP), at("2025-04-21 10:00"))  # Easter Monday stays

    @pytest.mark.parametrize(
        "name", ["Good Friday", "Goede vrijdag", "GOEDE VRIJDAG", "good friday"]
    )
    def test_names_in_either_language_and_any_case(self, name: str) -> None:
        calendar = HolidayCalendar(country="NL", exclude=[name])
        assert date(2025, 4, 18) not in calendar.dates(2025)
        assert calendar.exclude == (name,)  # kept as written

    def test_an_excluded_holiday_leaves_another_on_the_same_date(self) -> None:
        # 5 May 2016: Ascension Day and Liberation Day (in lustrum-free years: optional).
        calendar = HolidayCalendar(
            country="NL", categories=["public", "optional"], exclude=["Liberation Day"]
        )
        day = date(2016, 5, 5)
        assert WITH_OPTIONAL.names(2016)[day] == "Bevrijdingsdag; Hemelvaartsdag"
        assert calendar.names(2016)[day] == "Hemelvaartsdag"
        assert calendar.names(2016, "en_US")[day] == "Ascension Day"
        assert day in calendar.dates(2016)
        assert date(2017, 5, 5) not in calendar.dates(2017)

    def test_describe_hours_leaves_the_excluded_holiday_out(self) -> None:
        text = describe_hours(office(DUTCH_SHOP), "en", upcoming_from=date(2025, 4, 14), days=8)
        assert "Apr 18" not in text
        assert "Apr 21 closed (Easter Monday)" in text

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en-GB", "Mon-Fri 09:00-17:00, closed on public holidays except Good Friday"),
            ("nl", "ma t/m vr 09:00-17:00, gesloten op feestdagen behalve Goede vrijdag"),
        ],
    )
    def test_the_published_hours_name_the_holiday_the_team_works(
        self, locale: str, expected: str
    ) -> None:
        """ "Closed on public holidays" alone would tell customers the shop is shut
        on Good Friday, when it is open."""
        assert describe_hours(office(DUTCH_SHOP), locale) == expected

    def test_several_excluded_holidays_are_listed(self) -> None:
        calendar = HolidayCalendar(country="NL", exclude=["Goede vrijdag", "King's Day"])
        assert calendar.left_out("en_US") == ("Good Friday", "King's Day")
        assert describe_hours(office(calendar), "en-GB").endswith(
            "except Good Friday and King's Day"
        )

    def test_a_holiday_another_calendar_keeps_is_not_an_exception(self) -> None:
        """Dutch and Bavarian holidays together: Good Friday (Karfreitag) stays a
        day off, so the line does not promise it as a working day."""
        both = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays=[DUTCH_SHOP, "DE-BY"]
        )
        assert describe_hours(both, "en-GB") == "Mon-Fri 09:00-17:00, closed on public holidays"

    def test_no_exclusion_no_exception(self) -> None:
        assert NL.left_out() == ()
        assert describe_hours(office(NL), "en-GB").endswith("closed on public holidays")

    def test_an_unknown_name_lists_the_calendars_names(self) -> None:
        with pytest.raises(ValidationError) as raised:
            HolidayCalendar(country="NL", exclude=["Goede Vrijdag", "Bevrijdings dag"])
        (detail,) = raised.value.errors()
        assert detail["type"] == "unknown_holiday_name"
        assert detail["loc"] == ("exclude", 1)
        assert "Did you mean 'Bevrijdingsdag'?" in detail["msg"]
        assert "Bevrijdingsdag (Liberation Day); " in detail["msg"]
        assert "Koningsdag (King's Day)" in detail["msg"]

    def test_names_of_a_category_not_chosen_are_unknown(self) -> None:
        with pytest.raises(ValidationError, match="not the name of a holiday in the US-CA"):
            HolidayCalendar(country="US", subdiv="CA", exclude=["Halloween"])
        calendar = HolidayCalendar(
            country="US", subdiv="CA", categories=["public", "unofficial"], exclude=["Halloween"]
        )
        assert date(2025, 2, 14) in calendar.dates(2025)  # Valentine's Day, unofficial
        assert date(2025, 10, 31) not in calendar.dates(2025)


class TestCategories:
    def test_liberation_day_2024_needs_the_optional_category(self) -> None:
        liberation = date(2024, 5, 5)
        assert liberation not in NL.dates(2024)
        assert liberation in WITH_OPTIONAL.dates(2024)

    def test_liberation_day_is_public_in_a_lustrum_year(self) -> None:
        # Most Dutch employers close on Liberation Day only every fifth year: the default.
        assert date(2025, 5, 5) in NL.dates(2025)
        assert not is_open(office(NL), at("2025-05-05 10:00"))
        assert is_open(office(NL), at("2026-05-05 10:00"))
        assert not is_open(office(WITH_OPTIONAL), at("2026-05-05 10:00"))

    def test_only_the_categories_listed_count(self) -> None:
        optional_only = HolidayCalendar(country="NL", categories=["optional"])
        assert date(2025, 12, 25) not in optional_only.dates(2025)
        assert date(2026, 5, 5) in optional_only.dates(2026)

    def test_an_unknown_category_is_rejected(self) -> None:
        with pytest.raises(ValidationError) as raised:
            HolidayCalendar(country="GB", categories=["bank"])
        (detail,) = raised.value.errors()
        assert detail["type"] == "unknown_holiday_category"
        assert "Its categories: public." in detail["msg"]

    def test_no_category_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="at least 1 item"):
            HolidayCalendar(country="NL", categories=[])


class TestYearsTheCalendarKnows:
    def test_the_known_years(self) -> None:
        assert NL.known_years == (1966, 2100)
        assert NL.knows(2100)
        assert not NL.knows(2101)
        assert not NL.knows(1965)

    def test_christmas_2102_raises_instead_of_being_a_working_day(self) -> None:
        schedule = office("NL", tz="UTC")  # its own index: no other test grows it
        with pytest.raises(HolidayCalendarRangeError) as raised:
            is_open(schedule, datetime(2102, 12, 25, 10, tzinfo=AMS))
        message = str(raised.value)
        assert "knows the years 1966-2100" in message
        assert "beyond_known_years='no_holidays'" in message
        assert isinstance(raised.value, ServiceLevelError)
        assert isinstance(raised.value, ValueError)

    @pytest.mark.parametrize("year", [1900, 1965, 2101, 9000])
    def test_dates_outside_the_known_years_raise(self, year: int) -> None:
        with pytest.raises(HolidayCalendarRangeError, match=f"the year {year}"):
            NL.dates(year)
        with pytest.raises(HolidayCalendarRangeError):
            NL.names(year)

    def test_the_explicit_choice_answers_without_holidays(self) -> None:
        calendar = HolidayCalendar(country="NL", beyond_known_years="no_holidays")
        assert calendar.dates(2102) == frozenset()
        assert calendar.dates(2025) == NL.dates(2025)
        schedule = office(calendar)
        christmas = at("2102-12-25 10:00")  # a Monday
        assert is_open(schedule, christmas)
        assert not is_open(schedule, at("2100-12-25 10:00"))
        assert add_business_time(schedule, christmas, hours(8)) == at("2102-12-26 10:00")

    def test_questions_within_the_years_are_unaffected(self) -> None:
        schedule = office(NL)
        start = at("2099-12-21 09:00")  # a Monday
        deadline = add_business_time(schedule, start, hours(40))
        assert deadline == at("2099-12-28 17:00")  # over Christmas, within 2099
        assert business_time_between(schedule, start, deadline) == hours(40)
        assert next_open(schedule, at("1966-06-04 12:00")) == at("1966-06-06 09:00")

    def test_twenty_year_searches_stay_within_the_years(self) -> None:
        closed = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays="NL",
            closed=[Closure(start=date(2025, 1, 1), end=date(2044, 12, 31))],
        )
        assert next_open(closed, at("2025-06-02 10:00")) == at("2045-01-02 09:00")


class TestTextAndFiles:
    def test_the_compact_forms_still_work(self) -> None:
        assert HolidayCalendar.parse("NL") == HolidayCalendar(country="NL")
        assert HolidayCalendar.parse("DE-BY") == HolidayCalendar(country="DE", subdiv="BY")
        assert office("NL").holidays == (NL,)

    def test_repr_and_str_show_the_choices(self) -> None:
        assert repr(NL) == "HolidayCalendar(country='NL', subdiv=None)"
        assert repr(DUTCH_SHOP) == (
            "HolidayCalendar(country='NL', subdiv=None, exclude=('Good Friday',))"
        )
        calendar = HolidayCalendar(
            country="NL",
            categories=["public", "optional"],
            exclude=["Good Friday"],
            beyond_known_years="no_holidays",
        )
        assert str(calendar) == ("NL (public+optional; except Good Friday; none outside 1966-2100)")
        assert str(NL) == "NL"
        assert "Good Friday" in calendar._repr_html_()

    def test_json_round_trip(self) -> None:
        schedule = office(DUTCH_SHOP)
        data = json.loads(schedule.model_dump_json())
        assert data["holidays"] == [
            {
                "country": "NL",
                "subdiv": None,
                "categories": ["public"],
                "exclude": ["Good Friday"],
                "beyond_known_years": "error",
            }
        ]
        copy = BusinessHours.model_validate_json(schedule.model_dump_json())
        assert copy == schedule
        assert hash(copy) == hash(schedule)

    def test_toml_policy_file(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.toml"
        path.write_text(
            """
name = "Winkel"
channels = ["email"]

[hours]
tz = "Europe/Amsterdam"
week = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }

[[hours.holidays]]
country = "NL"
categories = ["public", "optional"]
exclude = ["Good Friday"]
beyond_known_years = "no_holidays"

[[targets]]
metric = "first_response"
channel = "email"
duration = "PT8H"
""",
            encoding="utf-8",
        )
        expected = HolidayCalendar(
            country="NL",
            categories=("public", "optional"),
            exclude=("Good Friday",),
            beyond_known_years="no_holidays",
        )
        assert load_policy(path).hours.holidays == (expected,)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert HolidayCalendar.model_validate(data["hours"]["holidays"][0]) == expected

    def test_names_do_not_depend_on_the_machines_locale(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LANGUAGE", "en_US")
        monkeypatch.setenv("LANG", "en_US.UTF-8")
        calendar = HolidayCalendar(country="NL", exclude=["Bevrijdingsdag"])  # a value not cached
        assert calendar.names(2025)[date(2025, 12, 25)] == "Eerste kerstdag"
        assert calendar.names(2025, "en_US")[date(2025, 12, 25)] == "Christmas Day"


def test_a_deadline_over_an_excluded_holiday_counts_it() -> None:
    start = at("2025-04-17 16:00")
    assert add_business_time(office(DUTCH_SHOP), start, hours(2)) == at("2025-04-18 10:00")
    assert add_business_time(office(NL), start, hours(2)) == at("2025-04-22 10:00")
    assert at("2025-04-18 10:00") - start == timedelta(hours=18)


def test_an_earlier_question_does_not_push_a_later_one_past_the_calendar() -> None:
    schedule = office("NL", tz="Europe/Oslo")  # its own index
    assert is_open(schedule, at("2025-01-06 10:00"))
    assert is_open(schedule, at("2070-01-06 10:00"))
    fresh = office("NL", tz="Europe/Lisbon")
    start = at("2070-12-30 10:00")
    expected = add_business_time(fresh, start, hours(100))
    assert add_business_time(schedule, start, hours(100)) == expected
