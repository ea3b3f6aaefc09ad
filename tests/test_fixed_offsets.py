"""Fixed UTC offsets as a zone: ``tz="UTC+05:30"`` for data that has no IANA zone.

The spelling is exactly ``UTC``, a sign and ``HH:MM``; near misses are an
``UnknownTimeZoneError`` that names the spelling to use. A fixed offset has no
DST and implies no holidays, and every result carries its ``datetime.timezone``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import find, given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    AutoReply,
    BusinessHours,
    Contact,
    ServiceLevelPolicy,
    Target,
    UnknownTimeZoneError,
    add_business_time,
    add_working_days,
    auto_reply,
    breach_status,
    business_time_between,
    describe_hours,
    end_of_working_day,
    is_open,
    next_close,
    next_open,
    previous_open,
    response_deadline,
    start_of_working_day,
    working_day,
    working_days_between,
)
from servicelevel._zones import zone
from servicelevel.strategies import TIME_ZONES, business_hours

from .common import NY, at, utc

SCHEDULE = {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"}
FIXED = BusinessHours.weekly(SCHEDULE, tz="UTC+05:30")
KOLKATA = BusinessHours.weekly(SCHEDULE, tz="Asia/Kolkata")
PLUS_ONE = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC+01:00")
AMSTERDAM = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
ONE_HOUR = timedelta(hours=1)


class TestSpelling:
    @pytest.mark.parametrize(
        ("key", "offset"),
        [
            ("UTC+05:30", timedelta(hours=5, minutes=30)),
            ("UTC-03:00", timedelta(hours=-3)),
            ("UTC+01:00", ONE_HOUR),
            ("UTC+00:00", timedelta(0)),
            ("UTC-09:30", -timedelta(hours=9, minutes=30)),
            ("UTC+23:59", timedelta(hours=23, minutes=59)),
            ("UTC-23:59", -timedelta(hours=23, minutes=59)),
        ],
    )
    def test_a_fixed_offset_is_a_timezone_named_after_its_key(
        self, key: str, offset: timedelta
    ) -> None:
        found = zone(key)
        assert isinstance(found, timezone)
        assert found.utcoffset(None) == offset
        assert found.tzname(None) == key
        assert BusinessHours.always(tz=key).zone is found is zone(key)

    @pytest.mark.parametrize("key", ["Etc/GMT+1", "GMT+0", "GMT-0", "UTC", "Etc/UTC"])
    def test_iana_names_that_look_like_offsets_stay_iana(self, key: str) -> None:
        assert BusinessHours.always(tz=key).zone == ZoneInfo(key)

    def test_etc_gmt_plus_one_is_behind_utc_as_in_iana(self) -> None:
        assert zone("Etc/GMT+1").utcoffset(None) == -ONE_HOUR

    @pytest.mark.parametrize(
        ("key", "says"),
        [
            ("+05:30", "Did you mean 'UTC+05:30'?"),
            ("+0530", "Did you mean 'UTC+05:30'?"),
            ("-03:00", "Did you mean 'UTC-03:00'?"),
            ("UTC+5", "Did you mean 'UTC+05:00'?"),
            ("UTC+5:30", "Did you mean 'UTC+05:30'?"),
            ("utc+05:30", "Did you mean 'UTC+05:30'?"),
            ("UTC +05:30", "Did you mean 'UTC+05:30'?"),
            ("UTC\u221205:00", "Did you mean 'UTC-05:00'?"),
            ("GMT+1", "IANA's 'Etc/GMT+1' is one hour behind UTC"),
            ("GMT+1", "Did you mean 'UTC+01:00'?"),
            ("UTC+24:00", "is out of range"),
            ("UTC-24:00", "is out of range"),
            ("UTC+05:60", "is out of range"),
            ("UTC+99:99", "is out of range"),
            ("UTC-00:00", "is ambiguous"),
            ("UTC-00:00", "Did you mean 'UTC+00:00'?"),
            ("UTC+05:30:00", "not an IANA time-zone name"),
            ("UTC+\u0665:\u0663\u0660", "not an IANA time-zone name"),
            ("Asia/Kolkata+05:30", "not an IANA time-zone name"),
        ],
    )
    def test_a_misspelt_offset_names_the_accepted_spellings(self, key: str, says: str) -> None:
        with pytest.raises(UnknownTimeZoneError, match="'UTC\\+05:30'") as raised:
            zone(key)
        assert isinstance(raised.value, ValueError)
        assert says in str(raised.value)

    @pytest.mark.parametrize("key", ["+05:30", "GMT+1", "UTC+5", "UTC+24:00", "UTC-00:00"])
    def test_in_a_model_it_is_the_validation_error_unknown_time_zone(self, key: str) -> None:
        with pytest.raises(ValidationError) as raised:
            BusinessHours.weekly(SCHEDULE, tz=key)
        (detail,) = raised.value.errors()
        assert (detail["type"], detail["loc"]) == ("unknown_time_zone", ("tz",))
        assert "'UTC+05:30'" in detail["msg"]

    def test_json_round_trip(self) -> None:
        text = FIXED.model_dump_json()
        assert '"tz":"UTC+05:30"' in text
        loaded = BusinessHours.model_validate_json(text)
        assert loaded == FIXED
        assert loaded.zone is FIXED.zone


def ist(text: str) -> datetime:
    return at(text, zone("UTC+05:30"))


class TestTheFunctions:
    """Monday 6 January 2025 09:00-17:00, Saturday 10:00-14:00, at UTC+05:30."""

    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            (ist("2025-01-06 09:00"), True),
            (ist("2025-01-06 08:59"), False),
            (datetime(2025, 1, 6, 3, 30, tzinfo=UTC), True),  # 09:00 at +05:30
            (datetime(2025, 1, 6, 3, 29, tzinfo=UTC), False),
            (ist("2025-01-11 13:59"), True),
            (ist("2025-01-12 12:00"), False),
        ],
    )
    def test_is_open(self, moment: datetime, expected: bool) -> None:
        assert is_open(FIXED, moment) is expected

    @pytest.mark.parametrize(
        ("function", "moment", "expected"),
        [
            (next_open, ist("2025-01-11 15:00"), ist("2025-01-13 09:00")),
            (next_open, datetime(2025, 1, 11, 9, 30, tzinfo=UTC), ist("2025-01-13 09:00")),
            (next_close, ist("2025-01-06 10:00"), ist("2025-01-06 17:00")),
            (previous_open, ist("2025-01-12 12:00"), ist("2025-01-11 10:00")),
        ],
    )
    def test_moments(
        self, function: Callable[..., datetime], moment: datetime, expected: datetime
    ) -> None:
        assert function(FIXED, moment) == expected

    def test_add_business_time_and_back(self) -> None:
        friday = ist("2025-01-10 16:00")
        deadline = add_business_time(FIXED, friday, timedelta(hours=4))
        assert deadline == ist("2025-01-11 13:00")  # 1 h Friday, 3 h Saturday
        assert business_time_between(FIXED, friday, deadline) == timedelta(hours=4)

    def test_business_time_between_a_week(self) -> None:
        week = business_time_between(FIXED, ist("2025-01-06 00:00"), ist("2025-01-13 00:00"))
        assert week == timedelta(hours=5 * 8 + 4)

    def test_working_days(self) -> None:
        friday = ist("2025-01-10 14:30")
        assert add_working_days(FIXED, friday, 1) == ist("2025-01-11 14:00")  # clamped
        assert add_working_days(FIXED, friday, 2) == ist("2025-01-13 14:30")
        assert working_days_between(FIXED, date(2025, 1, 6), date(2025, 1, 13)) == 6
        assert working_day(FIXED, date(2025, 1, 11), 1) == date(2025, 1, 13)
        assert start_of_working_day(FIXED, date(2025, 1, 11)) == ist("2025-01-11 10:00")
        assert end_of_working_day(FIXED, date(2025, 1, 11)) == ist("2025-01-11 14:00")

    def test_describe_hours_reads_as_the_same_hours_in_an_iana_zone(self) -> None:
        assert describe_hours(FIXED, "en") == describe_hours(KOLKATA, "en")

    def test_no_holidays_implied(self) -> None:
        independence_day = ist("2025-08-15 10:00")  # a Friday, a holiday in India
        assert is_open(FIXED, independence_day)
        with_holidays = BusinessHours.weekly(SCHEDULE, tz="UTC+05:30", holidays="IN")
        assert not is_open(with_holidays, independence_day)

    @pytest.mark.parametrize("locale", ["nl", "en"])
    def test_auto_reply_reads_as_in_an_iana_zone(self, locale: str) -> None:
        def reply(hours: BusinessHours) -> AutoReply:
            target = Target(metric="first_response", channel="email", duration=ONE_HOUR * 4)
            policy = ServiceLevelPolicy(name="Support", hours=hours, targets=[target])
            return auto_reply("email", ist("2025-01-10 16:00"), policy, locale=locale)

        fixed = reply(FIXED)
        assert fixed.deadline == ist("2025-01-11 13:00")
        assert getattr(fixed.deadline, "tzinfo", None) is FIXED.zone
        assert fixed.received_at.tzinfo is FIXED.zone
        assert (fixed.subject, fixed.body) == (reply(KOLKATA).subject, reply(KOLKATA).body)

    def test_auto_reply_says_the_wall_time_of_the_offset(self) -> None:
        target = Target(metric="first_response", channel="email", duration=ONE_HOUR * 4)
        policy = ServiceLevelPolicy(name="Support", hours=FIXED, targets=[target])
        reply = auto_reply("email", datetime(2025, 1, 10, 10, 30, tzinfo=UTC), policy)
        assert "vrijdag 10 januari 2025 om 16:00" in reply.body
        assert "zaterdag 11 januari 2025 om 13:00" in reply.body


def test_statuses_and_deadlines_carry_the_offset_zone() -> None:
    target = Target(metric="first_response", channel="email", duration=ONE_HOUR * 4)
    policy = ServiceLevelPolicy(name="Support", hours=FIXED, targets=[target])
    contact = Contact(channel="email", received_at=datetime(2025, 1, 10, 10, 30, tzinfo=UTC))
    deadline = response_deadline(contact, policy)
    assert deadline == ist("2025-01-11 13:00")
    assert deadline.tzinfo is FIXED.zone
    status = breach_status(contact, policy, now=ist("2025-01-11 13:30"))
    assert status.now.tzinfo is FIXED.zone
    assert status["first_response"].state == "breached"


#: Every datetime-returning function of a schedule, asked one question.
RESULTS: dict[str, Callable[[BusinessHours, datetime], datetime]] = {
    "next_open": next_open,
    "next_close": next_close,
    "previous_open": previous_open,
    "add_business_time": lambda hours, start: add_business_time(hours, start, ONE_HOUR * 3),
    "add_business_time back": lambda hours, start: add_business_time(hours, start, -ONE_HOUR),
    "add_working_days": lambda hours, start: add_working_days(hours, start, 2),
    "start_of_working_day": lambda hours, start: start_of_working_day(hours, start.date()),
    "end_of_working_day": lambda hours, start: end_of_working_day(hours, start.date()),
}


@pytest.mark.parametrize("name", RESULTS)
@pytest.mark.parametrize(
    "moment",
    [ist("2025-01-10 16:00"), at("2025-01-10 05:30", NY), ist("2025-01-10 16:00:00.000001")],
    ids=["in the zone", "in New York", "with microseconds"],
)
def test_results_carry_the_offset_zone(name: str, moment: datetime) -> None:
    assert RESULTS[name](FIXED, moment).tzinfo is FIXED.zone


@given(
    st.datetimes(
        datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        datetime(2025, 12, 20),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_equal_to_asia_kolkata_in_2025(moment: datetime) -> None:
    """India has kept +05:30 without DST since 1945: the two schedules are one."""
    assert is_open(FIXED, moment) == is_open(KOLKATA, moment)
    for name, function in RESULTS.items():
        assert utc(function(FIXED, moment)) == utc(function(KOLKATA, moment)), name
    end = moment + timedelta(days=3, hours=5)
    assert business_time_between(FIXED, moment, end) == business_time_between(KOLKATA, moment, end)


class TestNoDaylightSavingTime:
    """``UTC+01:00`` is Amsterdam's winter offset all year round."""

    @pytest.mark.parametrize(
        "function",
        [next_open, lambda hours, at: add_business_time(hours, at, ONE_HOUR)],
        ids=["next_open", "add_business_time"],
    )
    @pytest.mark.parametrize(
        ("moment", "apart"),
        [
            (datetime(2025, 1, 5, 12, tzinfo=UTC), timedelta(0)),  # winter: the same
            (datetime(2025, 7, 6, 12, tzinfo=UTC), ONE_HOUR),  # summer: an hour apart
        ],
        ids=["winter", "summer"],
    )
    def test_an_hour_apart_from_amsterdam_in_summer_only(
        self,
        function: Callable[[BusinessHours, datetime], datetime],
        moment: datetime,
        apart: timedelta,
    ) -> None:
        assert function(PLUS_ONE, moment) - function(AMSTERDAM, moment) == apart

    def test_opening_at_nine_is_eight_utc_all_year(self) -> None:
        for month in range(1, 13):
            monday = working_day(PLUS_ONE, date(2025, month, 1), 0)
            opens = start_of_working_day(PLUS_ONE, monday)
            assert opens.astimezone(UTC).hour == 8, monday

    @pytest.mark.parametrize("night", [date(2025, 3, 29), date(2025, 10, 25)])
    def test_a_night_shift_holds_eight_hours_on_a_dst_night(self, night: date) -> None:
        shift = BusinessHours.weekly({"sat": "22:00-06:00"}, tz="UTC+01:00")
        start = datetime.combine(night, datetime.min.time(), tzinfo=shift.zone)
        assert business_time_between(shift, start, start + timedelta(days=2)) == 8 * ONE_HOUR

    def test_no_wall_time_vanishes(self) -> None:
        night = BusinessHours.weekly({"sun": "02:30-03:00"}, tz="UTC+01:00")
        assert night.intervals_on(date(2025, 3, 30)) == night.week.sun


def test_the_strategy_draws_a_fixed_offset_sometimes() -> None:
    found = find(business_hours(), lambda hours: isinstance(hours.zone, timezone))
    assert found.tz in TIME_ZONES
    assert found.tz.startswith(("UTC+", "UTC-"))
