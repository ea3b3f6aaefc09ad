"""Warning and escalation levels over time: scenarios worked out by hand first.

Mon-Fri 09:00-17:00 in Amsterdam without holidays, 6-10 January 2025 (Mon 6).
An e-mail received Mon 09:00 with a first-response target of 8 business hours
(due Mon 17:00); warnings at 50% (13:00) and 75% (15:00); escalations at the
breach, 1 h after it (Tue 10:00 in business time) and 4 h after it (Tue 13:00).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    Contact,
    MetricStatus,
    ServiceLevelPolicy,
    SlaState,
    Target,
    WarningLevel,
    breach_status,
)
from servicelevel import strategies as sls

from .common import OFFICE, at, utc

LEVELLED = Target(
    metric="first_response",
    duration="8h",
    warnings=[{"share": 0.5}, {"share": 0.75}],
    escalations=["0min", "1h", "4h"],
)
POLICY = ServiceLevelPolicy(name="Levels", hours=OFFICE, channels=["email"], targets=[LEVELLED])


def first(contact: Contact, now: str, policy: ServiceLevelPolicy = POLICY) -> MetricStatus:
    return breach_status(contact, policy, at(now)).first_response


def email(*events: tuple[str, str]) -> Contact:
    return Contact(
        channel="email",
        received_at=at("2025-01-06 09:00"),
        events=[{"kind": kind, "at": at(moment)} for kind, moment in events],
    )


def moment(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)


@pytest.mark.parametrize(
    ("now", "level", "state", "next_level"),
    [
        ("2025-01-06 09:00", "ok", SlaState.ON_TRACK, "2025-01-06 13:00"),
        ("2025-01-06 12:59", "ok", SlaState.ON_TRACK, "2025-01-06 13:00"),
        ("2025-01-06 13:00", "warning 1", SlaState.AT_RISK, "2025-01-06 15:00"),
        ("2025-01-06 15:00", "warning 2", SlaState.AT_RISK, "2025-01-06 17:00"),
        ("2025-01-06 17:00", "warning 2", SlaState.AT_RISK, "2025-01-06 17:00"),
        ("2025-01-06 17:01", "escalation 1", SlaState.BREACHED, "2025-01-07 10:00"),
        ("2025-01-07 09:30", "escalation 1", SlaState.BREACHED, "2025-01-07 10:00"),
        ("2025-01-07 10:30", "escalation 2", SlaState.BREACHED, "2025-01-07 13:00"),
        ("2025-01-07 13:01", "escalation 3", SlaState.BREACHED, None),
    ],
)
def test_levels_of_an_unanswered_email_over_time(
    now: str, level: str, state: SlaState, next_level: str | None
) -> None:
    status = first(email(), now)
    assert (status.level, status.state) == (level, state)
    assert moment(status.next_level_at) == (None if next_level is None else utc(at(next_level)))


def test_without_escalations_the_breach_is_the_last_level() -> None:
    policy = POLICY.model_validate(
        {**POLICY.model_dump(), "targets": [{"metric": "first_response", "duration": "8h"}]}
    )
    assert first(email(), "2025-01-06 14:00", policy).level == "ok"
    assert moment(first(email(), "2025-01-06 14:00", policy).next_level_at) == utc(
        at("2025-01-06 15:24")  # the default warning: 80% of 8 h
    )
    late = first(email(), "2025-01-07 12:00", policy)
    assert (late.level, late.next_level_at) == ("breached", None)


def test_time_left_warning_turns_amber_fifteen_minutes_before() -> None:
    policy = ServiceLevelPolicy(
        name="Zendesk",
        hours=OFFICE,
        channels=["email"],
        targets=[Target(metric="first_response", duration="1h", warnings=[{"left": "15min"}])],
    )
    assert moment(first(email(), "2025-01-06 09:10", policy).next_level_at) == utc(
        at("2025-01-06 09:45")
    )
    assert first(email(), "2025-01-06 09:44", policy).level == "ok"
    assert first(email(), "2025-01-06 09:45", policy).level == "warning 1"


def test_a_wait_that_pauses_the_clock_pushes_every_level() -> None:
    # The first response pauses while waiting on the customer from 10:00 to 12:00,
    # so every level falls two business hours later: 50% at 15:00, 75% at 17:00
    # (the close), breach Tue 11:00, escalation 2 at Tue 12:00.
    paused = Target(
        metric="first_response",
        duration="8h",
        warnings=[{"share": 0.5}, {"share": 0.75}],
        escalations=["0min", "1h"],
        pauses_on=["waiting_on_customer"],
    )
    policy = ServiceLevelPolicy(name="P", hours=OFFICE, channels=["email"], targets=[paused])
    contact = email(("waiting_on_customer", "2025-01-06 10:00"), ("open", "2025-01-06 12:00"))
    assert first(contact, "2025-01-06 11:00", policy).next_level_at is None  # paused
    status = first(contact, "2025-01-06 13:00", policy)
    assert (status.level, moment(status.next_level_at)) == ("ok", utc(at("2025-01-06 15:00")))
    status = first(contact, "2025-01-06 16:00", policy)
    assert (status.level, moment(status.next_level_at)) == (
        "warning 1",
        utc(at("2025-01-06 17:00")),
    )
    status = first(contact, "2025-01-07 11:30", policy)
    assert (status.level, moment(status.next_level_at)) == (
        "escalation 1",
        utc(at("2025-01-07 12:00")),
    )


@pytest.mark.parametrize(
    ("reply", "level"),
    [("2025-01-06 14:00", "warning 1"), ("2025-01-07 10:30", "escalation 2")],
)
def test_a_stopped_cycle_keeps_the_level_it_reached(reply: str, level: str) -> None:
    status = first(email(("agent_reply", reply)), "2025-01-09 12:00")
    assert (status.level, status.next_level_at) == (level, None)


def test_no_cycle_has_no_level() -> None:
    status = breach_status(email(), POLICY, at("2025-01-06 10:00")).next_response
    assert (status.level, status.next_level_at) == (None, None)


def test_warnings_are_kept_earliest_first_and_at_risk_is_their_default() -> None:
    target = Target(
        metric="first_response", duration="8h", warnings=[{"left": "1h"}, {"share": 0.5}]
    )
    assert target.warnings == (WarningLevel(share=0.5), WarningLevel(left=timedelta(hours=1)))
    assert Target(metric="first_response", duration="8h", at_risk=0.6).warnings == (
        WarningLevel(share=0.6),
    )
    assert Target(metric="first_response", duration="8h", warnings=[]).warnings == ()


def test_levels_round_trip_through_json() -> None:
    assert Target.model_validate_json(LEVELLED.model_dump_json()) == LEVELLED
    status = breach_status(email(), POLICY, at("2025-01-07 10:30"))
    assert type(status).model_validate_json(status.model_dump_json()) == status


@pytest.mark.parametrize(
    "warnings",
    [[{"share": 0}], [{"share": 1.5}], [{}], [{"left": "0min"}], [{"left": "9h"}]],
)
def test_impossible_warnings_are_rejected(warnings: list[dict[str, object]]) -> None:
    with pytest.raises(ValidationError, match="warning"):
        Target(metric="first_response", duration="8h", warnings=warnings)


@pytest.mark.parametrize("escalations", [["1h", "1h"], ["-1h"], ["4h", "1h"]])
def test_escalations_must_follow_each_other(escalations: list[str]) -> None:
    with pytest.raises(ValidationError, match="escalation"):
        Target(metric="first_response", duration="8h", escalations=escalations)


def rank(status: MetricStatus) -> int:
    """A level's order: ok < warnings < breached < escalations."""
    level = status.level or "ok"
    if level == "ok":
        return 0
    kind, _, number = level.partition(" ")
    base = {"warning": 0, "breached": 100, "escalation": 100}[kind]
    return base + int(number or 0)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_level_never_goes_down_as_now_advances(data: st.DataObject) -> None:
    policy = data.draw(sls.policies())
    contact = data.draw(sls.contacts(policy))
    last = contact.events[-1].at if contact.events else contact.received_at
    steps = data.draw(st.lists(st.timedeltas(timedelta(0), timedelta(days=3)), max_size=5))
    now = last
    before = breach_status(contact, policy, now)
    for step in steps:
        now = now + step
        after = breach_status(contact, policy, now)
        pairs = zip(
            (*before.metrics, *before.internal), (*after.metrics, *after.internal), strict=True
        )
        for old, new in pairs:
            if old.cycles and len(new.cycles) == len(old.cycles):
                assert rank(new) >= rank(old), (old, new)
                if new.next_level_at is not None:
                    assert new.next_level_at >= now
                if old.next_level_at is not None and now > old.next_level_at:
                    assert rank(new) > rank(old) or new.next_level_at != old.next_level_at
        before = after
