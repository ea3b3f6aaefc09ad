"""Policy sets: the first rule whose conditions match a contact chooses its policy.

Expected values follow the help desks' rule (Zendesk, Jira, Freshdesk): rules
are tried top to bottom, and the first match wins.
"""

from __future__ import annotations

import json
import tomllib
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    Channel,
    Conditions,
    Contact,
    Metric,
    NoMatchingPolicyError,
    PolicyRule,
    PolicySet,
    Priority,
    ServiceLevelPolicy,
    Target,
    policy_for,
)
from servicelevel.strategies import contacts, policy_sets
from tests.common import OFFICE_NL, at

VIP = ServiceLevelPolicy(
    name="VIP", hours=OFFICE_NL, targets=[Target(metric="first_response", duration="1h")]
)
URGENT = ServiceLevelPolicy(
    name="Urgent", hours=OFFICE_NL, targets=[Target(metric="first_response", duration="2h")]
)
DEFAULT = ServiceLevelPolicy(
    name="Default", hours=OFFICE_NL, targets=[Target(metric="first_response", duration="8h")]
)
DESK = PolicySet(
    name="Support",
    rules=[
        PolicyRule(when=Conditions(attributes={"organisation": "ACME"}), policy=VIP),
        PolicyRule(when=Conditions(priorities=["urgent"]), policy=URGENT),
        PolicyRule(policy=DEFAULT),
    ],
)


def _contact(**fields: object) -> Contact:
    return Contact.model_validate(
        {"channel": "email", "received_at": at("2025-06-02 10:00"), **fields}
    )


def test_a_vip_organisation_gets_the_vip_policy_and_everyone_else_the_default() -> None:
    assert DESK.select(_contact(attributes={"organisation": "ACME"})) is VIP
    assert DESK.select(_contact(attributes={"organisation": "Initech"})) is DEFAULT
    assert DESK.select(_contact()) is DEFAULT


def test_the_first_matching_rule_wins_when_rules_overlap() -> None:
    # An urgent contact from ACME matches both the VIP and the urgent rule: VIP is first.
    both = _contact(priority="urgent", attributes={"organisation": "ACME"})
    assert DESK.select(both) is VIP
    assert DESK.select(_contact(priority="urgent")) is URGENT


def test_selection_follows_the_attributes_in_force_at_the_moment_asked() -> None:
    contact = _contact().with_event(
        "attributes_changed", at("2025-06-02 11:00"), attributes={"organisation": "ACME"}
    )
    assert DESK.select(contact) is DEFAULT  # at receipt
    assert DESK.select(contact, at("2025-06-02 12:00")) is VIP


@pytest.mark.parametrize(
    ("conditions", "fields", "matches"),
    [
        (Conditions(channels=["email", "phone"]), {}, True),
        (Conditions(channels=["phone"]), {}, False),
        (Conditions(priorities=["high"]), {"priority": "high"}, True),
        (Conditions(markets=["b2b"]), {"attributes": {"market": "b2b"}}, True),
        (Conditions(markets=["b2b"]), {"attributes": {"market": "b2c"}}, False),
        (Conditions(sectors=["finance"]), {"attributes": {"sector": "finance"}}, True),
        (Conditions(tags=["vip"]), {"attributes": {"tags": "billing, vip"}}, True),
        (Conditions(tags=["vip"]), {"attributes": {"tags": "billing"}}, False),
        (Conditions(attributes={"region": ["NL", "BE"]}), {"attributes": {"region": "BE"}}, True),
        (Conditions(attributes={"region": "NL"}), {}, False),
        # every listed condition must hold
        (
            Conditions(channels=["email"], attributes={"tier": "gold"}),
            {"attributes": {"tier": "silver"}},
            False,
        ),
    ],
)
def test_each_kind_of_condition(
    conditions: Conditions, fields: dict[str, object], matches: bool
) -> None:
    contact = _contact(**fields)
    found = conditions.matches(
        contact.channel, contact.priority, contact.attributes_at(contact.received_at)
    )
    assert found is matches


def test_a_contact_no_rule_matches_is_an_error_that_shows_the_contact() -> None:
    only_phone = PolicySet(
        name="Phone desk", rules=[PolicyRule(when=Conditions(channels=["phone"]), policy=VIP)]
    )
    with pytest.raises(NoMatchingPolicyError, match="email contact with priority normal"):
        only_phone.select(_contact(attributes={"region": "NL"}))


def test_a_rule_after_the_default_is_rejected() -> None:
    with pytest.raises(ValueError, match="can never apply"):
        PolicySet(name="x", rules=[PolicyRule(policy=DEFAULT), PolicyRule(policy=VIP)])


def test_json_and_toml_give_the_python_set() -> None:
    toml = tomllib.loads(
        """
        name = "Support"

        [[rules]]
        when.attributes.organisation = "ACME"
        policy.name = "VIP"
        policy.hours = { tz = "Europe/Amsterdam", holidays = ["NL"], week.mon-fri = "09:00-17:00" }
        policy.targets = [{ metric = "first_response", duration = "1h" }]
        """
    )
    loaded = PolicySet.model_validate(toml)
    assert loaded.rules[0] == DESK.rules[0]
    assert PolicySet.model_validate(json.loads(DESK.model_dump_json())) == DESK


def test_display() -> None:
    assert repr(DESK) == "PolicySet(name='Support', 3 rules)"
    assert "organisation ACME" in DESK._repr_html_()
    assert DESK.rules[1].when.describe() == "priority urgent"


@given(policy_sets(with_default=True), contacts())
def test_a_set_with_a_default_chooses_a_policy_for_every_contact(
    rules: PolicySet, contact: Contact
) -> None:
    chosen = rules.select(contact)
    first = next(
        rule.policy
        for rule in rules.rules
        if rule.when.matches(contact.channel, contact.priority, contact.attributes)
    )
    assert chosen is first


@given(st.sampled_from([Channel.EMAIL, Channel.PHONE]), st.sampled_from(Priority))
def test_built_in_policies_can_be_the_default(channel: Channel, priority: Priority) -> None:
    default = policy_for("retail", "b2c")
    rules = PolicySet(name="shop", rules=[PolicyRule(policy=default)])
    contact = Contact(channel=channel, priority=priority, received_at=at("2025-06-02 10:00"))
    assert rules.select(contact) is default
    assert default.target_for(Channel.EMAIL, Priority.NORMAL, Metric.FIRST_RESPONSE) is not None
    assert timedelta(0) < default.targets[0].duration
