"""Targets in working days: "within one working day", "by the end of the next working day".

Worked out by hand from the documented semantics first: Mon-Fri 09:00-17:00 in
Amsterdam with Dutch holidays and Christmas Eve 09:00-15:00. Wed 24 Dec 2025 is
a short working day; Thu 25 and Fri 26 are holidays; Mon 29 Dec is the next
working day.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Clock,
    Contact,
    ServiceLevelPolicy,
    SlaState,
    Target,
    breach_status,
    response_deadline,
)

from .common import at, utc

HOURS = BusinessHours(
    week={"mon-fri": "09:00-17:00"},
    tz="Europe/Amsterdam",
    holidays=["NL"],
    special_days=[{"date": "2025-12-24", "hours": "09:00-15:00"}],
)


def policy(duration: str, **fields: object) -> ServiceLevelPolicy:
    target = {"metric": "first_response", "duration": duration, **fields}
    return ServiceLevelPolicy(name="Days", hours=HOURS, channels=["email"], targets=[target])


def email(received: str, *events: tuple[str, str]) -> Contact:
    return Contact(
        channel="email",
        received_at=at(received),
        events=[{"kind": kind, "at": at(moment)} for kind, moment in events],
    )


@pytest.mark.parametrize(
    ("duration", "received", "due"),
    [
        ("1 working day", "2025-12-24 14:00", "2025-12-29 14:00"),
        ("end of next working day", "2025-12-24 14:00", "2025-12-29 17:00"),
        ("end of working day", "2025-12-24 14:00", "2025-12-24 15:00"),
        ("2 working days", "2025-12-23 16:30", "2025-12-29 16:30"),
        # Received after the close: counts in the next working day (Mon 29 09:00).
        ("1 working day", "2025-12-24 18:00", "2025-12-30 09:00"),
        ("end of next working day", "2025-12-24 18:00", "2025-12-30 17:00"),
        # Wall time past the shorter day's close is clamped to it.
        ("1 working day", "2025-12-23 16:00", "2025-12-24 15:00"),
    ],
)
def test_working_day_deadlines(duration: str, received: str, due: str) -> None:
    assert utc(response_deadline(email(received), policy(duration))) == utc(at(due))


def test_the_words_set_the_duration_and_the_clock() -> None:
    assert (
        Target(metric="first_response", duration="2 working days").clock,
        Target(metric="first_response", duration="2 working days").duration,
    ) == (Clock.WORKING_DAYS, timedelta(days=2))
    end = Target(metric="first_response", duration="end of next working day")
    assert (end.clock, end.working_days) == (Clock.END_OF_WORKING_DAY, 1)
    iso = Target(metric="first_response", duration="P1D", clock="working_days")
    assert iso == Target(metric="first_response", duration="1 working day")
    assert Target.model_validate_json(end.model_dump_json()) == end


@pytest.mark.parametrize(
    ("duration", "clock"), [("PT36H", "working_days"), ("PT4H", "end_of_working_day")]
)
def test_working_day_clocks_take_whole_days(duration: str, clock: str) -> None:
    with pytest.raises(ValidationError, match="whole working days") as raised:
        Target(metric="first_response", duration=duration, clock=clock)
    assert raised.value.errors()[0]["type"] == "invalid_working_days"


def test_zero_days_only_for_the_end_of_the_working_day() -> None:
    with pytest.raises(ValidationError, match="must be positive"):
        Target(metric="first_response", duration="P0D", clock="working_days")
    assert Target(metric="first_response", duration="P0D", clock="end_of_working_day")


def test_elapsed_and_remaining_are_business_time() -> None:
    # Received Wed 24 Dec 14:00, due Mon 29 Dec 14:00: 1 h on the 24th + 5 h on the 29th.
    status = breach_status(
        email("2025-12-24 14:00"), policy("1 working day"), at("2025-12-29 10:00")
    )
    first = status.first_response
    assert (first.state, first.elapsed, first.remaining) == (
        SlaState.ON_TRACK,
        timedelta(hours=2),
        timedelta(hours=4),
    )
    assert first.fraction_used == pytest.approx(2 / 6)
    late = breach_status(email("2025-12-24 14:00"), policy("1 working day"), at("2025-12-29 15:00"))
    assert late.first_response.state is SlaState.BREACHED


def test_a_pause_pushes_the_deadline_back_by_the_business_time_paused() -> None:
    # Waiting on the customer Mon 29 Dec 10:00-12:00 (2 business hours) on a target that
    # pauses then: due Mon 29 Dec 14:00 becomes 16:00.
    contact = email(
        "2025-12-24 14:00",
        ("waiting_on_customer", "2025-12-29 10:00"),
        ("open", "2025-12-29 12:00"),
    )
    paused = policy("1 working day", pauses_on=["waiting_on_customer"])
    assert utc(response_deadline(contact, paused)) == utc(at("2025-12-29 16:00"))
    # A pause after the deadline does not move it.
    later = email(
        "2025-12-24 14:00",
        ("waiting_on_customer", "2025-12-29 15:00"),
        ("open", "2025-12-29 16:00"),
    )
    assert utc(response_deadline(later, paused)) == utc(at("2025-12-29 14:00"))


def test_a_pause_in_closed_hours_never_brings_a_clamped_deadline_earlier() -> None:
    # Received Tue 23 Dec 07:00, before the opening: 1 working day is Wed 24 07:00,
    # clamped to the opening, 09:00. Tue 17:00 holds the same business time (8 h),
    # but a pause while closed must not move the deadline there (found by hypothesis).
    paused = policy("1 working day", pauses_on=["waiting_on_customer"])
    plain = email("2025-12-23 07:00")
    waited = email(
        "2025-12-23 07:00",
        ("waiting_on_customer", "2025-12-23 07:00"),
        ("open", "2025-12-23 08:00"),
    )
    assert utc(response_deadline(plain, paused)) == utc(at("2025-12-24 09:00"))
    assert utc(response_deadline(waited, paused)) == utc(at("2025-12-24 09:00"))


def test_working_day_targets_have_levels() -> None:
    levelled = policy("1 working day", warnings=[{"share": 0.5}], escalations=["0min", "1h"])
    early = breach_status(email("2025-12-24 14:00"), levelled, at("2025-12-24 14:30"))
    # Half of the 6 business hours is 3 h: 1 h on the 24th, then Mon 29 Dec 11:00.
    assert utc(early.first_response.next_level_at) == utc(at("2025-12-29 11:00"))
    late = breach_status(email("2025-12-24 14:00"), levelled, at("2025-12-29 14:30"))
    assert (late.first_response.level, utc(late.first_response.next_level_at)) == (
        "escalation 1",
        utc(at("2025-12-29 15:00")),
    )


def test_a_priority_change_retargets_to_working_days_from_the_start() -> None:
    mixed = ServiceLevelPolicy(
        name="Mixed",
        hours=HOURS,
        channels=["email"],
        targets=[
            {"metric": "first_response", "duration": "8h"},
            {"metric": "first_response", "priority": "low", "duration": "2 working days"},
        ],
    )
    contact = email("2025-12-23 10:00").with_event(
        "priority_changed", at("2025-12-23 11:00"), priority="low"
    )
    assert utc(response_deadline(contact, mixed)) == utc(at("2025-12-29 10:00"))
