"""Recurring closures and special hours by RFC 5545 rule, and closures of some hours."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Closure,
    OpeningInterval,
    RecurringClosure,
    RecurringSpecialDay,
    SpecialDay,
    add_business_time,
    business_time_between,
    describe_hours,
    is_open,
    load_policy,
    next_open,
)
from servicelevel._day_rules import DayRules, DaySource
from servicelevel._recurrence import _parts, _RuleError, rule_dates

from . import reference
from .common import AMS, OFFICE, assert_deadline, at, hours

TRAINING = RecurringClosure(rule="FREQ=MONTHLY;BYDAY=1MO", hours="09:00-11:00", reason="training")
NEW_YEARS_EVE = RecurringSpecialDay(
    rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", hours="09:00-15:00", name="Oudjaarsdag"
)
COMPANY_DAY = RecurringClosure(rule="FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3", reason="company day")
SHOP = BusinessHours.weekly(
    {"mon-fri": "09:00-17:00"},
    tz="Europe/Amsterdam",
    holidays="NL",
    recurring_closures=[TRAINING, COMPANY_DAY],
    recurring_special_days=[NEW_YEARS_EVE],
)


def shown(intervals: tuple[OpeningInterval, ...]) -> list[str]:
    return [str(interval) for interval in intervals]


def plan(schedule: BusinessHours, day: date) -> tuple[list[str], DaySource, str | None]:
    found = DayRules(schedule, day.year, day.year).plan(day)
    return shown(found.intervals), found.source, found.closure_text


class TestTheIssuesExamples:
    def test_first_monday_training_cuts_the_morning_out_of_office_hours(self) -> None:
        assert plan(SHOP, date(2025, 1, 6)) == (
            ["11:00-17:00"],
            DaySource.RECURRING_CLOSURE,
            "training",
        )
        assert not is_open(SHOP, at("2025-01-06 10:59"))
        assert is_open(SHOP, at("2025-01-06 11:00"))
        assert business_time_between(SHOP, at("2025-01-06 00:00"), at("2025-01-07 00:00")) == hours(
            6
        )
        assert plan(SHOP, date(2025, 1, 13))[0] == ["09:00-17:00"]  # second Monday
        assert next_open(SHOP, at("2025-02-03 08:00")) == at("2025-02-03 11:00")

    def test_every_31_december_is_a_short_day(self) -> None:
        for year in (2025, 2026, 2027, 2099):
            day = date(year, 12, 31)
            assert plan(SHOP, day) == (
                ["09:00-15:00"],
                DaySource.RECURRING_SPECIAL_DAY,
                "Oudjaarsdag",
            )
        assert_deadline(SHOP, at("2025-12-31 14:00"), hours(2), at("2026-01-02 10:00"))

    def test_a_special_day_by_rule_opens_a_weekend_like_its_one_off_twin(self) -> None:
        assert plan(SHOP, date(2028, 12, 31))[0] == ["09:00-15:00"]  # a Sunday
        weekdays_only = RecurringSpecialDay(
            rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31;BYDAY=MO,TU,WE,TH,FR", hours="09:00-15:00"
        )
        schedule = SHOP.model_copy(update={"recurring_special_days": (weekdays_only,)})
        assert plan(schedule, date(2028, 12, 31))[0] == []
        assert plan(schedule, date(2027, 12, 31))[0] == ["09:00-15:00"]

    def test_a_companys_own_yearly_holiday_closes_the_whole_day(self) -> None:
        found = DayRules(SHOP, 2025, 2025).plan(date(2025, 10, 3))
        assert found.intervals == ()
        assert found.closure == COMPANY_DAY
        assert str(found.closed_reason) == "closure"
        # Thursday 16:00 + 2 h: one hour on Thursday, then Monday, the first Monday of
        # the month, which opens at 11:00 after training.
        assert_deadline(SHOP, at("2025-10-02 16:00"), hours(2), at("2025-10-06 12:00"))


class TestRules:
    def test_until_ends_the_rule_on_that_date(self) -> None:
        fridays = RecurringClosure(rule="FREQ=WEEKLY;BYDAY=FR;UNTIL=20250131")
        assert sorted(fridays.dates(2025)) == [date(2025, 1, day) for day in (3, 10, 17, 24, 31)]
        assert fridays.dates(2026) == frozenset()

    def test_count_counts_from_the_start(self) -> None:
        three = RecurringClosure(rule="FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start=date(2025, 2, 1))
        assert sorted(three.dates(2025)) == [date(2025, 2, 3), date(2025, 3, 3), date(2025, 4, 7)]
        assert three.dates(2024) == three.dates(2026) == frozenset()

    def test_the_start_is_not_a_date_unless_the_rule_picks_it(self) -> None:
        # dateutil's reading of RFC 5545: DTSTART counts only when it matches the rule.
        mondays = RecurringClosure(rule="FREQ=WEEKLY;BYDAY=MO;COUNT=2", start=date(2025, 1, 1))
        assert sorted(mondays.dates(2025)) == [date(2025, 1, 6), date(2025, 1, 13)]

    def test_an_interval_counts_from_the_start(self) -> None:
        fortnight = RecurringClosure(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", start=date(2025, 1, 8))
        assert sorted(fortnight.dates(2025))[:3] == [
            date(2025, 1, 8),
            date(2025, 1, 22),
            date(2025, 2, 5),
        ]
        assert not fortnight.occurs_on(date(2025, 1, 1))

    def test_a_far_year_is_expanded_exactly(self) -> None:
        every_tenth = RecurringClosure(rule="FREQ=DAILY;INTERVAL=10", start=date(2025, 1, 1))
        days = every_tenth.dates(9000)
        assert days
        assert all((day - date(2025, 1, 1)).days % 10 == 0 for day in days)
        assert len(days) in (36, 37)

    def test_text_is_normalised(self) -> None:
        closure = RecurringClosure(rule=" rrule:freq=monthly; byday=1mo ")
        assert closure.rule == "FREQ=MONTHLY;BYDAY=1MO"

    @pytest.mark.parametrize(
        ("rule", "start", "problem"),
        [
            ("FREQ=MONTHLY;BYDAY=1XX", None, "'1XX' is not a weekday"),
            ("BYDAY=MO", None, "FREQ is missing"),
            ("FREQ=FORTNIGHTLY", None, "FREQ=FORTNIGHTLY is not one of YEARLY"),
            ("FREQ=MINUTELY", None, "FREQ=MINUTELY repeats within a day"),
            ("FREQ=DAILY;BYHOUR=9", None, "BYHOUR picks times of day"),
            ("FREQ=YEARLY;BYEASTER=0", None, "BYEASTER is not part of RFC 5545"),
            (
                "FREQ=MONTHLY;BYMONTHDAY=32",
                None,
                "BYMONTHDAY=32 must list whole numbers +/-1 to 31",
            ),
            ("FREQ=DAILY;BYMONTH=13", None, "BYMONTH=13 must list whole numbers 1 to 12"),
            ("FREQ=DAILY;INTERVAL=0", date(2025, 1, 1), "INTERVAL=0 must list whole numbers 1"),
            ("FREQ=DAILY;COUNT=-1", date(2025, 1, 1), "COUNT=-1 must list whole numbers 1"),
            ("FREQ=WEEKLY;BYMONTHDAY=1", None, "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
            ("FREQ=MONTHLY;BYWEEKNO=1", None, "BYWEEKNO cannot be used with FREQ=MONTHLY"),
            ("FREQ=WEEKLY;BYDAY=1MO", None, "a numbered weekday (1MO) needs FREQ=MONTHLY"),
            ("FREQ=MONTHLY;BYDAY=6MO", None, "6MO counts beyond 5 weeks"),
            ("FREQ=DAILY;BYSETPOS=1", None, "BYSETPOS needs another BY part"),
            ("FREQ=DAILY;;BYDAY=MO", None, "'' is not NAME=VALUE"),
            ("FREQ=DAILY;FREQ=WEEKLY", None, "FREQ is given twice"),
            ("FREQ=DAILY;UNTIL=20250230", None, "UNTIL=20250230 is not a date on the calendar"),
            ("FREQ=DAILY;UNTIL=2025", None, "UNTIL=2025 is not a date"),
            ("FREQ=DAILY;UNTIL=20240101", date(2025, 1, 1), "is before its start (2025-01-01)"),
            ("DTSTART:20250101\nRRULE:FREQ=DAILY", None, "give one RRULE value only"),
            ("FREQ=YEARLY", None, "the day is taken from it"),
            ("FREQ=MONTHLY;BYDAY=MO;COUNT=3", None, "COUNT counts from it"),
            (
                "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=500",
                date(2024, 1, 1),
                "take more than 400",
            ),
            ("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31", None, "picks no date in the 400 years"),
        ],
    )
    def test_a_bad_rule_says_what_is_wrong(
        self, rule: str, start: date | None, problem: str
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            RecurringClosure(rule=rule, start=start)
        (detail,) = raised.value.errors()
        assert detail["type"] == "invalid_recurrence_rule"
        assert detail["loc"] == ("rule",)
        assert problem in detail["msg"]
        assert "Write an RFC 5545 RRULE" in detail["msg"]


#: Parts that hypothesis combines into rules, per frequency.
_BY_PARTS: dict[str, st.SearchStrategy[list[Any]]] = {
    "BYMONTH": st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True),
    "BYMONTHDAY": st.lists(st.integers(-31, 31).filter(bool), min_size=1, max_size=3, unique=True),
    "BYDAY": st.lists(
        st.sampled_from(("MO", "TU", "WE", "TH", "FR", "SA", "SU")),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    "BYSETPOS": st.lists(st.sampled_from((1, 2, -1)), min_size=1, max_size=1),
    "BYWEEKNO": st.lists(st.integers(-53, 53).filter(bool), min_size=1, max_size=2, unique=True),
    "BYYEARDAY": st.lists(st.integers(-366, 366).filter(bool), min_size=1, max_size=2, unique=True),
}


@st.composite
def _random_rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(("YEARLY", "MONTHLY", "WEEKLY", "DAILY")))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 5))}"]
    for name, values in _BY_PARTS.items():
        if draw(st.integers(0, 3)) == 0:
            drawn: list[Any] = draw(values)
            parts.append(f"{name}={','.join(map(str, drawn))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(('MO', 'SU', 'WE')))}")
    return ";".join(parts)


def _valid(rule: str, start: date) -> bool:
    try:
        _parts(rule)
        RecurringClosure(rule=rule, start=start)
    except (_RuleError, ValidationError):
        return False
    return True


@settings(max_examples=150)
@given(_random_rules(), st.dates(date(1990, 1, 1), date(2030, 12, 31)), st.integers(0, 12))
def test_expanding_one_year_equals_dateutil_from_the_start(
    rule: str, start: date, later: int
) -> None:
    """The year-bounded expansion (restart at an aligned period, shifted by whole 400-year
    cycles) picks exactly the dates plain dateutil picks, iterating from the start."""
    assume(_valid(rule, start))
    year = start.year + later
    plain = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time())).between(
        datetime(year, 1, 1),  # noqa: DTZ001 - rules pick local dates
        datetime(year, 12, 31),  # noqa: DTZ001
        inc=True,
    )
    assert rule_dates(rule, start, year) == {moment.date() for moment in plain}


class TestPrecedence:
    DAY = date(2025, 12, 24)

    def test_a_one_off_special_day_beats_a_recurring_one(self) -> None:
        schedule = SHOP.model_copy(
            update={
                "special_days": (SpecialDay(date=date(2025, 12, 31), hours="10:00-12:00"),),
            }
        )
        assert plan(schedule, date(2025, 12, 31))[:2] == (["10:00-12:00"], DaySource.SPECIAL_DAY)
        assert plan(schedule, date(2026, 12, 31))[1] is DaySource.RECURRING_SPECIAL_DAY

    def test_a_whole_day_closure_beats_special_hours(self) -> None:
        schedule = SHOP.model_copy(
            update={
                "recurring_closures": (
                    RecurringClosure(rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
                )
            }
        )
        assert plan(schedule, date(2025, 12, 31))[:2] == ([], DaySource.RECURRING_CLOSURE)

    def test_a_recurring_special_day_opens_a_holiday(self) -> None:
        boxing = RecurringSpecialDay(
            rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=26", hours="10:00-14:00"
        )
        schedule = SHOP.model_copy(update={"recurring_special_days": (boxing,)})
        assert plan(schedule, date(2025, 12, 26))[:2] == (
            ["10:00-14:00"],
            DaySource.RECURRING_SPECIAL_DAY,
        )

    def test_the_first_listed_recurring_special_day_wins(self) -> None:
        fridays = RecurringSpecialDay(rule="FREQ=WEEKLY;BYDAY=FR", hours="09:00-12:00")
        schedule = SHOP.model_copy(update={"recurring_special_days": (NEW_YEARS_EVE, fridays)})
        assert plan(schedule, date(2027, 12, 31))[0] == ["09:00-15:00"]  # a Friday
        assert plan(schedule, date(2027, 12, 24))[0] == ["09:00-12:00"]

    def test_closed_hours_cut_into_special_hours(self) -> None:
        stocktake = Closure(start=date(2025, 12, 31), hours="12:00-13:00", reason="stocktaking")
        schedule = SHOP.model_copy(update={"closures": (stocktake,)})
        found = DayRules(schedule, 2025, 2025).plan(date(2025, 12, 31))
        assert shown(found.intervals) == ["09:00-12:00", "13:00-15:00"]
        assert (found.source, found.closure, found.special) == (
            DaySource.CLOSURE,
            stocktake,
            NEW_YEARS_EVE,
        )

    def test_closed_hours_on_a_holiday_change_nothing(self) -> None:
        schedule = SHOP.model_copy(
            update={"closures": (Closure(start=date(2025, 12, 25), hours="09:00-11:00"),)}
        )
        assert plan(schedule, date(2025, 12, 25)) == ([], DaySource.HOLIDAY, None)

    def test_closures_with_hours_add_up(self) -> None:
        morning = Closure(start=date(2025, 1, 6), hours="09:00-10:00")
        schedule = SHOP.model_copy(update={"closures": (morning,)})
        # The one-off closure cuts first, so it is the one the plan names.
        assert plan(schedule, date(2025, 1, 6))[:2] == (["11:00-17:00"], DaySource.CLOSURE)
        schedule = schedule.model_copy(
            update={"closures": (Closure(start=date(2025, 1, 6), hours="16:00-17:00"),)}
        )
        assert plan(schedule, date(2025, 1, 6))[:2] == (["11:00-16:00"], DaySource.CLOSURE)


class TestClosedHours:
    NIGHTS = BusinessHours.weekly({"fri": "22:00-06:00"}, tz="Europe/Amsterdam")

    def test_a_lunch_closure_leaves_two_intervals(self) -> None:
        lunch = Closure(start=date(2025, 3, 3), end=date(2025, 3, 7), hours="12:00-13:00")
        schedule = OFFICE.model_copy(update={"closures": (lunch,)})
        assert plan(schedule, date(2025, 3, 5))[0] == ["09:00-12:00", "13:00-17:00"]
        assert business_time_between(
            schedule, at("2025-03-03 00:00"), at("2025-03-08 00:00")
        ) == hours(35)

    def test_closed_hours_after_midnight_cut_the_night_shift_of_the_day_before(self) -> None:
        maintenance = Closure(start=date(2025, 1, 4), hours="02:00-04:00", reason="maintenance")
        schedule = self.NIGHTS.model_copy(update={"closures": (maintenance,)})
        # What is left of Friday's shift after the cut starts on Saturday, so Saturday lists it.
        assert plan(schedule, date(2025, 1, 3)) == (
            ["22:00-02:00"],
            DaySource.CLOSURE,
            "maintenance",
        )
        assert plan(schedule, date(2025, 1, 4)) == (
            ["04:00-06:00"],
            DaySource.CLOSURE,
            "maintenance",
        )
        assert not is_open(schedule, at("2025-01-04 03:00"))
        assert is_open(schedule, at("2025-01-04 05:00"))
        assert business_time_between(
            schedule, at("2025-01-03 12:00"), at("2025-01-04 12:00")
        ) == hours(6)

    def test_closed_hours_across_midnight_cut_the_next_morning(self) -> None:
        early = BusinessHours.weekly({"sat": "00:00-08:00"}, tz="Europe/Amsterdam")
        schedule = early.model_copy(
            update={"closures": (Closure(start=date(2025, 1, 3), hours="22:00-02:00"),)}
        )
        assert plan(schedule, date(2025, 1, 4))[0] == ["02:00-08:00"]

    def test_the_whole_wall_clock_day_differs_from_a_whole_day_closure(self) -> None:
        # A whole-day closure closes the intervals that start on the date; closed hours
        # 00:00-24:00 close the wall-clock day, also the end of Friday's night shift.
        whole_day = self.NIGHTS.model_copy(update={"closures": (Closure(start=date(2025, 1, 4)),)})
        clock_day = self.NIGHTS.model_copy(
            update={"closures": (Closure(start=date(2025, 1, 4), hours="00:00-24:00"),)}
        )
        assert plan(whole_day, date(2025, 1, 3))[0] == ["22:00-06:00"]
        assert plan(clock_day, date(2025, 1, 3))[0] == ["22:00-24:00"]
        assert is_open(whole_day, at("2025-01-04 01:00"))
        assert not is_open(clock_day, at("2025-01-04 01:00"))

    def test_closed_hours_in_a_dst_gap_close_real_time_only(self) -> None:
        always = BusinessHours.always(tz="Europe/Amsterdam")
        night = always.model_copy(
            update={"closures": (Closure(start=date(2025, 3, 30), hours="02:00-04:00"),)}
        )
        # 02:00-03:00 does not exist that night; the closure closes 03:00-04:00 CEST.
        day = business_time_between(night, at("2025-03-30 00:00"), at("2025-03-31 00:00"))
        assert day == hours(22)
        assert not is_open(night, at("2025-03-30 03:30"))

    def test_a_closure_of_some_hours_of_several_days(self) -> None:
        closure = Closure(
            start=date(2025, 12, 1), end=date(2025, 12, 5), hours="09:00-11:00, 16:00-17:00"
        )
        schedule = OFFICE.model_copy(update={"closures": (closure,)})
        assert business_time_between(
            schedule, at("2025-12-01 00:00"), at("2025-12-06 00:00")
        ) == hours(25)

    @pytest.mark.parametrize("start", ["2025-01-03 21:00", "2025-01-04 03:00", "2025-01-02 12:00"])
    def test_deadlines_agree_with_the_reference(self, start: str) -> None:
        maintenance = Closure(start=date(2025, 1, 4), hours="02:00-04:00")
        schedule = self.NIGHTS.model_copy(update={"closures": (maintenance,)})
        for duration in (hours(1), hours(4), hours(7)):
            assert add_business_time(schedule, at(start), duration) == reference.add(
                schedule, at(start), duration, days=60
            )


class TestSerialisation:
    def test_json_round_trip(self) -> None:
        schedule = SHOP.model_copy(
            update={
                "closures": (
                    Closure(start=date(2025, 12, 1), hours="09:00-11:00", reason="training"),
                )
            }
        )
        data = json.loads(schedule.model_dump_json())
        assert data["recurring_closures"][0] == {
            "rule": "FREQ=MONTHLY;BYDAY=1MO",
            "start": None,
            "hours": ["09:00-11:00"],
            "reason": "training",
        }
        assert data["closures"][0]["hours"] == ["09:00-11:00"]
        copy = BusinessHours.model_validate_json(schedule.model_dump_json())
        assert copy == schedule
        assert hash(copy) == hash(schedule)

    def test_toml_policy_file(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.toml"
        path.write_text(
            """
name = "Webshop"
channels = ["email"]

[hours]
tz = "Europe/Amsterdam"
holidays = ["NL"]
week = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }

[[hours.recurring_closures]]
rule = "FREQ=MONTHLY;BYDAY=1MO"
hours = ["09:00-11:00"]
reason = "training"

[[hours.recurring_closures]]
rule = "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3"
reason = "company day"

[[hours.recurring_special_days]]
rule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
hours = "09:00-15:00"
name = "Oudjaarsdag"

[[hours.closures]]
start = 2025-12-01
hours = "09:00-11:00"
reason = "training"

[[targets]]
metric = "first_response"
channel = "email"
duration = "PT8H"
""",
            encoding="utf-8",
        )
        policy = load_policy(path)
        assert policy.hours == SHOP.model_copy(
            update={
                "closures": (
                    Closure(start=date(2025, 12, 1), hours="09:00-11:00", reason="training"),
                )
            }
        )
        assert (
            tomllib.loads(path.read_text(encoding="utf-8"))["hours"]["recurring_closures"][0][
                "rule"
            ]
            == TRAINING.rule
        )

    @pytest.mark.parametrize("model", [TRAINING, COMPANY_DAY, NEW_YEARS_EVE])
    def test_models_round_trip(self, model: RecurringClosure | RecurringSpecialDay) -> None:
        assert type(model).model_validate_json(model.model_dump_json()) == model
        assert type(model).model_validate(model.model_dump()) == model

    def test_weekly_takes_mappings(self) -> None:
        schedule = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays="NL",
            recurring_closures=[
                {"rule": "FREQ=MONTHLY;BYDAY=1MO", "hours": "09:00-11:00", "reason": "training"},
                COMPANY_DAY,
            ],
            recurring_special_days=[NEW_YEARS_EVE.model_dump()],
        )
        assert schedule == SHOP


class TestDisplay:
    def test_reprs(self) -> None:
        assert (
            repr(TRAINING)
            == "RecurringClosure(FREQ=MONTHLY;BYDAY=1MO 09:00-11:00, reason='training')"
        )
        assert (
            repr(COMPANY_DAY)
            == "RecurringClosure(FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3, reason='company day')"
        )
        started = RecurringSpecialDay(
            rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", start=date(2025, 1, 3)
        )
        assert (
            repr(started)
            == "RecurringSpecialDay(FREQ=WEEKLY;INTERVAL=2;BYDAY=FR from 2025-01-03 closed)"
        )
        assert (
            repr(Closure(start=date(2025, 12, 1), hours="09:00-11:00"))
            == "Closure(2025-12-01 09:00-11:00)"
        )
        assert repr(SHOP) == (
            "BusinessHours(tz='Europe/Amsterdam', mon-fri 09:00-17:00, holidays=NL, "
            "2 recurring closures, 1 recurring special day)"
        )

    def test_html_tables(self) -> None:
        html = SHOP._repr_html_()
        assert "Recurring closures" in html
        assert "Recurring special days" in html
        assert "FREQ=MONTHLY;BYDAY=1MO" in html
        assert "whole day" in html  # the company day
        assert "09:00-11:00" in TRAINING._repr_html_()

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            (
                "nl",
                "Afwijkende openingstijden: 31 dec 09:00-15:00, 1 jan gesloten (Nieuwjaarsdag) "
                "en 5 jan 11:00-17:00 (training).",
            ),
            ("en", "Jan 5 11:00 AM-5:00 PM (training)."),
        ],
    )
    def test_describe_hours_lists_them_among_the_upcoming_days(
        self, locale: str, expected: str
    ) -> None:
        text = describe_hours(SHOP, locale, upcoming_from=date(2025, 12, 29), days=10)
        assert text.endswith(expected), text


def test_recurring_days_compile_only_the_years_asked_for() -> None:
    schedule = BusinessHours.weekly(
        {"mon-fri": "09:00-17:00"},
        tz="Europe/Amsterdam",
        recurring_closures=[
            RecurringClosure(rule="FREQ=DAILY;INTERVAL=3", start=date(1, 1, 1), hours="12:00-13:00")
        ],
    )
    start = datetime(9000, 6, 1, 9, tzinfo=AMS)
    deadline = add_business_time(schedule, start, hours(40))
    assert business_time_between(schedule, start, deadline) == hours(40)
    assert deadline - start < timedelta(days=10)
