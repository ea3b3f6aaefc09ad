"""The one time-zone rule: results are in the zone of the governing business hours.

Inputs may be in any zone; they are instants. Every datetime a public function
returns carries the ``ZoneInfo`` of the hours that decided it, and models
store the instants they are given in UTC, so they compare by instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest
from dateutil import tz as dateutil_tz

from servicelevel import (
    BusinessHours,
    Clock,
    Contact,
    NaiveDatetimeError,
    OutOfRangeError,
    ServiceLevelPolicy,
    Target,
    add_business_time,
    auto_reply,
    breach_status,
    next_close,
    next_open,
    policy_for,
    response_deadline,
)

from .common import AMS, NY, OFFICE, at, utc

RETAIL = policy_for("retail", "b2c")
RECEIVED_NY = at("2025-01-06 04:00", NY)  # Monday 10:00 in Amsterdam


def _results() -> dict[str, Callable[[], datetime | None]]:
    contact = Contact(channel="email", received_at=RECEIVED_NY)
    now = at("2025-01-06 06:00", NY)
    status = breach_status(contact, RETAIL, now)
    reply = auto_reply(contact, RECEIVED_NY, RETAIL, locale="en")
    return {
        "add_business_time": lambda: add_business_time(OFFICE, RECEIVED_NY, timedelta(hours=1)),
        "add_business_time zero": lambda: add_business_time(OFFICE, RECEIVED_NY, timedelta(0)),
        "next_open while open": lambda: next_open(OFFICE, RECEIVED_NY),
        "next_open while closed": lambda: next_open(OFFICE, at("2025-01-05 12:00", NY)),
        "next_close": lambda: next_close(OFFICE, RECEIVED_NY),
        "response_deadline": lambda: response_deadline(contact, RETAIL),
        "status now": lambda: status.now,
        "status deadline": lambda: status.first_response.deadline,
        "status started_at": lambda: status.first_response.started_at,
        "reply received_at": lambda: reply.received_at,
        "reply deadline": lambda: reply.deadline,
        "reply next_open": lambda: reply.next_open,
    }


@pytest.mark.parametrize("name", sorted(_results()))
def test_every_result_is_in_the_zone_of_the_hours(name: str) -> None:
    result = _results()[name]()
    assert result is not None
    assert result.tzinfo is AMS, f"{name} came back in {result.tzinfo}"


def test_response_deadline_and_auto_reply_give_one_and_the_same_datetime() -> None:
    # Found by trying: one answered in New York time, the other in Amsterdam time.
    contact = Contact(channel="email", received_at=RECEIVED_NY)
    deadline = response_deadline(contact, RETAIL)
    reply = auto_reply(contact, RECEIVED_NY, RETAIL)
    assert reply.deadline is not None
    assert deadline.isoformat() == reply.deadline.isoformat() == "2025-01-07T10:00:00+01:00"


def test_the_same_instant_in_any_input_zone_gives_identical_results() -> None:
    instants = [RECEIVED_NY, RECEIVED_NY.astimezone(UTC), RECEIVED_NY.astimezone(AMS)]
    results = {add_business_time(OFFICE, s, timedelta(hours=9)).isoformat() for s in instants}
    assert results == {"2025-01-07T11:00:00+01:00"}


class TestThirdPartyZones:
    def test_fixed_offset_input(self) -> None:
        start = datetime(2025, 1, 6, 9, tzinfo=timezone(timedelta(hours=1)))
        result = add_business_time(OFFICE, start, timedelta(hours=1))
        assert result.isoformat() == "2025-01-06T10:00:00+01:00"

    def test_dateutil_input_comes_back_as_zoneinfo(self) -> None:
        dublin = dateutil_tz.gettz("Europe/Dublin")
        hours = BusinessHours.always(tz="Europe/Dublin")
        # 00:30 UTC on the night Irish clocks go back: the first 01:30 (IST, +01:00).
        start = datetime(2025, 10, 26, 1, 30, tzinfo=dublin)
        result = add_business_time(hours, start, timedelta(minutes=70))
        # 01:40 UTC is the *second* 01:40 (GMT); dateutil would write it +01:00.
        assert utc(result) == datetime(2025, 10, 26, 1, 40, tzinfo=UTC)
        assert result.isoformat() == "2025-10-26T01:40:00+00:00"
        assert result.fold == 1

    def test_dateutil_fold_one_is_read_as_dateutil_reads_it(self) -> None:
        # Documented limit: an input is the instant its own tzinfo says it is, and
        # dateutil gives the repeated hour of a negative-DST zone the first offset.
        dublin = dateutil_tz.gettz("Europe/Dublin")
        start = datetime(2025, 10, 26, 1, 30, tzinfo=dublin, fold=1)
        hours = BusinessHours.always(tz="Europe/Dublin")
        result = add_business_time(hours, start, timedelta(minutes=1))
        assert utc(result) == start.astimezone(UTC) + timedelta(minutes=1)

    def test_a_tzinfo_whose_dst_is_none_works(self) -> None:
        class NoDst(tzinfo):
            def utcoffset(self, dt: datetime | None) -> timedelta:
                return timedelta(hours=-5)

            def dst(self, dt: datetime | None) -> None:
                return None

            def tzname(self, dt: datetime | None) -> str:
                return "EST"

        start = datetime(2025, 1, 6, 4, tzinfo=NoDst())
        assert next_open(OFFICE, start).isoformat() == "2025-01-06T10:00:00+01:00"
        contact = Contact(channel="email", received_at=start)
        assert response_deadline(contact, RETAIL).isoformat() == "2025-01-07T10:00:00+01:00"

    def test_a_tzinfo_without_offset_is_naive(self) -> None:
        class NoOffset(tzinfo):
            def utcoffset(self, dt: datetime | None) -> None:
                return None

            def dst(self, dt: datetime | None) -> None:
                return None

            def tzname(self, dt: datetime | None) -> None:
                return None

        with pytest.raises(NaiveDatetimeError):
            next_open(OFFICE, datetime(2025, 1, 6, 9, tzinfo=NoOffset()))


class TestModelsCompareInstants:
    def test_a_contact_in_the_repeated_hour_survives_a_json_round_trip(self) -> None:
        contact = Contact(channel="email", received_at=at("2025-10-26 02:30", fold=1))
        again = Contact.model_validate_json(contact.model_dump_json())
        assert again == contact
        assert hash(again) == hash(contact)

    def test_the_two_instants_of_a_repeated_hour_are_different_contacts(self) -> None:
        first = Contact(channel="email", received_at=at("2025-10-26 02:30", fold=0))
        second = Contact(channel="email", received_at=at("2025-10-26 02:30", fold=1))
        assert first != second
        assert second.received_at - first.received_at == timedelta(hours=1)

    def test_stored_instants_are_utc(self) -> None:
        contact = Contact(channel="email", received_at=RECEIVED_NY)
        assert contact.received_at.tzinfo is UTC
        assert contact.received_at == RECEIVED_NY


def test_a_calendar_deadline_beyond_year_9999_is_out_of_range() -> None:
    calendar = ServiceLevelPolicy(
        name="calendar",
        hours=BusinessHours.always(tz="UTC"),
        targets=[Target(metric="first_response", duration=timedelta(days=3), clock=Clock.CALENDAR)],
    )
    contact = Contact(channel="email", received_at=datetime(9999, 12, 30, tzinfo=UTC))
    with pytest.raises(OutOfRangeError, match="after 9999-12-31"):
        response_deadline(contact, calendar)
