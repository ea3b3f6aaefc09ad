"""pandas statuses and compliance: equal to breach_status and summarise_compliance, bad rows reported."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicelevel import (
    Contact,
    Metric,
    NaiveDatetimeError,
    SlaState,
    UnknownNameError,
    breach_status,
    policy_for,
    summarise_compliance,
)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from servicelevel.frames import Statuses, compliance, statuses, what_if  # noqa: E402
from servicelevel.synthetic import contacts_from_frames, generate_contacts  # noqa: E402

AMS = ZoneInfo("Europe/Amsterdam")
POLICY = policy_for("retail", "b2c")
#: Every channel with a first-response target, so that only bad rows are errors.
SHOP = (
    POLICY.with_channel("messaging", {"metric": "first_response", "duration": "4h"})
    .with_channel("in_person", {"metric": "first_response", "duration": "10min"})
    .with_target(
        {"metric": "first_response", "channel": "self_service", "duration": "1 working day"}
    )
)
SUPPORTED = ["phone", "email", "live_chat", "social_media"]  # with targets


@pytest.fixture(scope="module")
def year() -> tuple[Any, Any, Statuses, datetime]:
    contacts, events = generate_contacts(800, seed=31)
    contacts = contacts[contacts["channel"].isin(SUPPORTED)].reset_index(drop=True)
    at = datetime(2025, 9, 1, tzinfo=AMS)  # some contacts still running, some not yet received
    contacts = contacts[contacts["received_at"] <= at].reset_index(drop=True)
    events = events[events["contact_id"].isin(contacts["contact_id"])]
    return contacts, events, statuses(contacts, POLICY, at, events=events), at


def test_statuses_equal_breach_status_for_every_contact_and_metric(
    year: tuple[Any, Any, Statuses, datetime],
) -> None:
    contacts, events, found, at = year
    assert found.frame.index.equals(contacts.index)
    assert found.errors.empty
    for row, contact in enumerate(contacts_from_frames(contacts, events)):
        status = breach_status(contact, POLICY, at)
        line = found.frame.iloc[row]
        assert line["measured_as"] == str(status.measured_as)
        for metric in (Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE):
            expected = status[metric]
            assert line[f"{metric}_state"] == str(expected.state), (row, metric)
            deadline = line[f"{metric}_deadline"]
            assert (None if pd.isna(deadline) else deadline) == expected.deadline
            assert line[f"{metric}_elapsed"] == expected.elapsed
            assert line[f"{metric}_level"] == expected.level
            assert line[f"{metric}_cycles"] == len(expected.cycles)


def test_compliance_by_measured_channel_equals_summarise_compliance(
    year: tuple[Any, Any, Statuses, datetime],
) -> None:
    contacts, events, found, at = year
    rows = summarise_compliance(
        breach_status(contact, POLICY, at) for contact in contacts_from_frames(contacts, events)
    )
    table = compliance(found, by=["measured_as"])
    assert len(table) == len(rows)
    for row in rows:
        line: Any = table.loc[(str(row.channel), str(row.metric))]
        for name in ("contacts", "cycles", "met", "met_late", "breached", "open", "cancelled"):
            assert line[name] == getattr(row, name), name
        assert line["share_met"] == pytest.approx(row.share_met)
        for name, expected in (
            ("p50_elapsed", row.median_elapsed),
            ("p90_elapsed", row.p90_elapsed),
        ):
            assert line[name] == (pd.NaT if expected is None else expected)


@pytest.mark.parametrize(
    ("by", "names"),
    [
        (["month"], ["month", "metric"]),
        (["week", "channel"], ["week", "channel", "metric"]),
        (["priority", "region"], ["priority", "region", "metric"]),
        (["metric", "policy"], ["policy", "metric"]),
    ],
)
def test_compliance_groups_by_periods_columns_and_attributes(
    year: tuple[Any, Any, Statuses, datetime], by: list[str], names: list[str]
) -> None:
    table = compliance(year[2], by=by)
    assert table.index.names == names
    total = compliance(year[2], by=[])
    assert table["cycles"].sum() == total["cycles"].sum()


def test_compliance_names_the_keys_it_knows(year: tuple[Any, Any, Statuses, datetime]) -> None:
    with pytest.raises(UnknownNameError, match="month"):
        compliance(year[2], by=["team"])


def test_bad_rows_have_their_reasons_and_the_others_their_answers() -> None:
    contacts, events = generate_contacts(900, seed=12, bad_rows=0.01)
    at = datetime(2026, 1, 1, tzinfo=AMS)
    found = statuses(contacts, SHOP, at, events=events)
    reasons = found.errors["reason"]
    assert reasons.str.contains("naive").sum() == 3
    assert reasons.str.contains("unknown channel 'fax'").sum() == 3
    assert reasons.str.contains("before the contact was received").sum() == 3
    bad = found.frame["error"].notna()
    assert set(found.errors["row"]) == set(found.frame.index[bad])
    assert found.frame.loc[bad, "first_response_state"].isna().all()
    assert not found.cycles["contact"].isin(found.frame.index[bad]).any()


def test_events_of_an_unknown_contact_are_reported_not_dropped() -> None:
    contacts, events = generate_contacts(20, seed=1)
    stray = events.iloc[:1].assign(contact_id=999)
    found = statuses(
        contacts, SHOP, datetime(2026, 1, 1, tzinfo=AMS), events=pd.concat([events, stray])
    )
    assert found.errors["contact_id"].tolist() == [999]
    assert found.errors["row"].isna().all()


def test_a_naive_at_is_an_error() -> None:
    contacts, events = generate_contacts(5, seed=1)
    with pytest.raises(NaiveDatetimeError):
        statuses(contacts, POLICY, datetime(2026, 1, 1), events=events)  # noqa: DTZ001


def test_cycles_say_breached_only_once_decided(year: tuple[Any, Any, Statuses, datetime]) -> None:
    cycles = year[2].cycles
    late = cycles["state"].isin([str(SlaState.BREACHED), str(SlaState.MET_LATE)])
    undecided = ~cycles["state"].isin(["met", "met_late", "breached"])
    assert cycles.loc[late, "breached"].all()
    assert cycles.loc[undecided, "breached"].isna().all()


def test_what_if_compares_compliance_and_due_days(
    year: tuple[Any, Any, Statuses, datetime],
) -> None:
    contacts, events, _, at = year
    change = what_if(contacts, POLICY, {"sat": "10:00-14:00"}, at, events=events)
    first = change.compliance.xs("first_response", level="metric")
    # Earlier deadlines, the same replies: never more met.
    assert (first[("change", "share_met")] <= 0).all()
    days = pd.DatetimeIndex(change.due_per_day.index)
    saturdays = change.due_per_day[days.day_of_week == 5]
    assert saturdays["before"].sum() == 0
    assert saturdays["after"].sum() > 0
    assert change.due_per_day["before"].sum() == change.due_per_day["after"].sum()
    assert change.deadlines["moved"].max() <= timedelta(0)


def test_a_missing_receipt_passes_through_as_missing() -> None:
    contacts, events = generate_contacts(3, seed=1)
    contacts.loc[1, "received_at"] = pd.NaT
    found = statuses(contacts, SHOP, datetime(2026, 1, 1, tzinfo=AMS), events=events)
    assert found.frame["first_response_state"].isna().tolist() == [False, True, False]
    assert found.errors.empty


def test_statuses_under_a_policy_set_equal_breach_status() -> None:
    from servicelevel import PolicyRule, PolicySet

    desk = PolicySet(
        name="by tag and region",
        rules=[
            PolicyRule(policy=SHOP.replace(name="vip"), when={"tags": ["vip", "complaint"]}),
            PolicyRule(
                policy=SHOP.replace(name="north"),
                when={"attributes": {"region": ["Groningen", "Friesland"]}},
            ),
            PolicyRule(policy=SHOP),
        ],
    )
    contacts, events = generate_contacts(300, seed=17)
    at = datetime(2026, 1, 1, tzinfo=AMS)
    found = statuses(contacts, desk, at, events=events)
    assert found.errors.empty
    assert set(found.frame["policy"]) == {"vip", "north", SHOP.name}
    for row, contact in enumerate(contacts_from_frames(contacts, events)):
        status = breach_status(contact, desk, at)
        line = found.frame.iloc[row]
        assert line["policy"] == status.policy
        assert line["first_response_state"] == str(status.first_response.state)
        assert line["first_response_elapsed"] == status.first_response.elapsed


def _premium_desk() -> Any:
    from servicelevel import PolicyRule, PolicySet

    premium = POLICY.replace(name="premium").with_target(
        {"metric": "first_response", "channel": "email", "priority": "normal", "duration": "1h"}
    )
    return PolicySet(
        name="by tier",
        rules=[
            PolicyRule(policy=premium, when={"attributes": {"tier": "premium"}}),
            PolicyRule(policy=POLICY),
        ],
    )


def test_an_upgrade_to_premium_mid_ticket_retargets_as_breach_status_does() -> None:
    """Monday 10:00 an e-mail (8 h); at 10:30 the customer becomes premium (1 h): the
    first response is due 11:00, and breached at 12:00 without a reply."""
    desk = _premium_desk()
    received = datetime(2025, 3, 10, 10, tzinfo=AMS)
    contacts = pd.DataFrame(
        {"contact_id": [1, 2], "received_at": [received] * 2, "channel": ["email"] * 2}
    )
    upgrade = received + timedelta(minutes=30)
    events = pd.DataFrame(
        {
            "contact_id": [1, 2],
            "kind": ["attributes_changed"] * 2,
            "at": [upgrade] * 2,
            "attributes": [{"tier": "premium"}, '{"tier": "gold"}'],
        }
    )
    at = datetime(2025, 3, 10, 12, tzinfo=AMS)
    found = statuses(contacts, desk, at, events=events)
    for row, tier in enumerate(["premium", "gold"]):
        contact = Contact(channel="email", received_at=received).with_event(
            "attributes_changed", upgrade, attributes={"tier": tier}
        )
        status = breach_status(contact, desk, at)
        line = found.frame.iloc[row]
        assert line["policy"] == status.policy
        assert line["first_response_state"] == str(status.first_response.state)
        assert line["first_response_deadline"] == status.first_response.deadline
    upgraded, other = found.frame.iloc[0], found.frame.iloc[1]
    assert (upgraded["policy"], upgraded["first_response_state"]) == ("premium", "breached")
    assert upgraded["first_response_deadline"] == datetime(2025, 3, 10, 11, tzinfo=AMS)
    assert (other["policy"], other["first_response_state"]) == (POLICY.name, "on_track")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("tier=premium", "are not a JSON object"),
        ('["premium"]', "are not a JSON object"),
        (None, "attributes_changed events need attributes"),
    ],
)
def test_bad_attributes_are_an_error_of_their_contact(value: Any, reason: str) -> None:
    received = datetime(2025, 3, 10, 10, tzinfo=AMS)
    contacts = pd.DataFrame({"contact_id": [1, 2], "received_at": [received] * 2})
    contacts["channel"] = "email"
    events = pd.DataFrame(
        {
            "contact_id": [1],
            "kind": ["attributes_changed"],
            "at": [received + timedelta(minutes=30)],
            "attributes": [value],
        }
    )
    found = statuses(contacts, _premium_desk(), received + timedelta(hours=2), events=events)
    assert found.errors["row"].tolist() == [0]
    assert reason in found.errors["reason"].iloc[0]
    assert found.frame["first_response_state"].iloc[1] == "on_track"
