"""Policy sets in the status functions: the policy selected at receipt, selected again
when priority or attributes change, re-targeting the running clocks.

Worked out by hand first. Mon-Fri 09:00-17:00 in Amsterdam, Mon 6 January 2025.
A VIP rule (attribute tier = premium) promises the first reply within 1 business
hour; the default promises 8 hours.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import (
    Conditions,
    Contact,
    NoMatchingPolicyError,
    NoTargetError,
    PolicyRule,
    PolicySet,
    ServiceLevelPolicy,
    SlaState,
    auto_reply,
    breach_status,
    response_deadline,
)
from servicelevel import strategies as sls

from .common import OFFICE, at, utc


def policy(name: str, first_reply: str, **fields: object) -> ServiceLevelPolicy:
    return ServiceLevelPolicy(
        name=name,
        hours=OFFICE,
        channels=["email"],
        targets=[
            {"metric": "first_response", "duration": first_reply},
            {"metric": "resolution", "duration": "16h"},
        ],
        **fields,
    )


VIP = policy("VIP", "1h")
DEFAULT = policy("Default", "8h")
DESK = PolicySet(
    name="Desk",
    rules=[
        PolicyRule(when=Conditions(attributes={"tier": "premium"}), policy=VIP),
        PolicyRule(policy=DEFAULT),
    ],
)


def email(*events: tuple[str, str, dict[str, object]], **fields: object) -> Contact:
    return Contact(
        channel="email",
        received_at=at("2025-01-06 09:00"),
        events=[{"kind": kind, "at": at(moment), **extra} for kind, moment, extra in events],
        **fields,
    )


def upgraded(moment: str) -> Contact:
    return email(("attributes_changed", moment, {"attributes": {"tier": "premium"}}))


def test_the_rule_that_matches_at_receipt_applies() -> None:
    premium = email(attributes={"tier": "premium"})
    assert utc(response_deadline(premium, DESK)) == utc(at("2025-01-06 10:00"))
    assert utc(response_deadline(email(), DESK)) == utc(at("2025-01-06 17:00"))
    status = breach_status(premium, DESK, at("2025-01-06 09:30"))
    assert status.policy == "VIP"
    assert breach_status(email(), DESK, at("2025-01-06 09:30")).policy == "Default"


def test_an_upgrade_before_the_reply_retargets_the_first_response() -> None:
    # Upgraded at 09:30, no reply yet: 1 h from receipt, due 10:00.
    assert utc(response_deadline(upgraded("2025-01-06 09:30"), DESK)) == utc(at("2025-01-06 10:00"))
    status = breach_status(upgraded("2025-01-06 09:30"), DESK, at("2025-01-06 09:50"))
    assert (status.policy, status.first_response.state) == ("VIP", SlaState.AT_RISK)


def test_an_upgrade_after_the_new_deadline_breaches_at_once() -> None:
    # Upgraded at 11:00: the 1-hour target from 09:00 has passed, breached at once.
    status = breach_status(upgraded("2025-01-06 11:00"), DESK, at("2025-01-06 11:00"))
    first = status.first_response
    assert (first.state, utc(first.deadline)) == (SlaState.BREACHED, utc(at("2025-01-06 10:00")))
    # Before the upgrade the default applied: on track for 17:00.
    before = breach_status(upgraded("2025-01-06 11:00"), DESK, at("2025-01-06 10:30"))
    assert (before.policy, utc(before.first_response.deadline)) == (
        "Default",
        utc(at("2025-01-06 17:00")),
    )


def test_a_stopped_clock_keeps_its_outcome_under_the_new_policy() -> None:
    contact = email(
        ("agent_reply", "2025-01-06 11:00", {}),
        ("attributes_changed", "2025-01-06 12:00", {"attributes": {"tier": "premium"}}),
    )
    status = breach_status(contact, DESK, at("2025-01-06 13:00"))
    assert status.first_response.state is SlaState.MET  # against the default 8 h
    # The resolution clock still ran: re-targeted to the VIP policy's 16 h (the same).
    assert status.resolution.state is SlaState.ON_TRACK


def test_a_downgrade_after_a_breach_leaves_the_breach() -> None:
    contact = email(
        ("attributes_changed", "2025-01-06 11:00", {"attributes": {"tier": "basic"}}),
        attributes={"tier": "premium"},
    )
    status = breach_status(contact, DESK, at("2025-01-06 12:00"))
    assert (status.policy, status.first_response.state) == ("Default", SlaState.BREACHED)


def test_a_priority_rule_selects_again_on_a_priority_change() -> None:
    urgent = policy("Urgent", "30min")
    desk = PolicySet(
        name="Desk",
        rules=[PolicyRule(when=Conditions(priorities=["urgent"]), policy=urgent), *DESK.rules],
    )
    contact = email(("priority_changed", "2025-01-06 09:10", {"priority": "urgent"}))
    assert utc(response_deadline(contact, desk)) == utc(at("2025-01-06 09:30"))
    status = breach_status(contact, desk, at("2025-01-06 09:20"))
    assert (status.policy, str(status.priority)) == ("Urgent", "urgent")


def test_a_change_no_rule_matches_keeps_the_policy() -> None:
    only_vip = PolicySet(name="VIP only", rules=[DESK.rules[0]])
    contact = email(
        ("attributes_changed", "2025-01-06 09:30", {"attributes": {"tier": "basic"}}),
        attributes={"tier": "premium"},
    )
    assert breach_status(contact, only_vip, at("2025-01-06 09:40")).policy == "VIP"
    with pytest.raises(NoMatchingPolicyError):
        breach_status(email(), only_vip, at("2025-01-06 09:40"))


def test_the_auto_reply_promises_the_selected_policys_deadline() -> None:
    premium = email(attributes={"tier": "premium"})
    reply = auto_reply(premium, premium.received_at, DESK, locale="en")
    assert utc(reply.deadline) == utc(at("2025-01-06 10:00"))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_set_of_one_policy_measures_as_the_policy(data: st.DataObject) -> None:
    chosen = data.draw(sls.policies())
    contact = data.draw(sls.contacts(chosen))
    last = contact.events[-1].at if contact.events else contact.received_at
    now = last + data.draw(st.timedeltas(timedelta(0), timedelta(days=3)))
    alone = PolicySet(name="One", rules=[PolicyRule(policy=chosen)])
    assert breach_status(contact, alone, now) == breach_status(contact, chosen, now)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_the_status_names_the_policy_the_set_selects_at_now(data: st.DataObject) -> None:
    desk = data.draw(sls.policy_sets(with_default=True))
    contact = data.draw(sls.contacts(desk.rules[-1].policy))
    last = contact.events[-1].at if contact.events else contact.received_at
    now = last + data.draw(st.timedeltas(timedelta(0), timedelta(days=3)))
    try:
        status = breach_status(contact, desk, now)
    except NoTargetError:  # the selected policy promises nothing for this channel
        return
    assert status.policy == desk.select(contact, now).name
