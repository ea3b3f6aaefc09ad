"""The NumPy engine equals the reference (breach_status per row) on every answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from servicelevel import BusinessHours, Conditions, Metric, PolicyRule, PolicySet

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from servicelevel._columnar import (  # noqa: E402
    ContactColumns,
    EventColumns,
    StatusColumns,
    status_columns,
    status_columns_scalar,
)
from servicelevel._columnar_engine import Engine  # noqa: E402
from servicelevel.synthetic import generate_contacts  # noqa: E402

from .test_columnar import DESK, POLICY, columns_from_frames  # noqa: E402


def same_array(found: Any, expected: Any, name: str) -> None:
    """Equal arrays: NaT and nan equal themselves, objects compared by value."""
    assert found.dtype == expected.dtype, name
    assert found.shape == expected.shape, name
    if found.dtype.kind in "mMf":
        assert np.array_equal(found, expected, equal_nan=True), name
    else:
        difference = [i for i, (a, b) in enumerate(zip(found, expected, strict=True)) if a != b]
        assert not difference, (
            f"{name}: rows {difference[:5]}: {found[difference[:5]]} != {expected[difference[:5]]}"
        )


def assert_same(found: StatusColumns, expected: StatusColumns) -> None:
    same_array(found.errors.row, expected.errors.row, "errors.row")
    same_array(found.errors.reason, expected.errors.reason, "errors.reason")
    for name in ("measured_as", "priority", "policy"):
        same_array(getattr(found, name), getattr(expected, name), name)
    for metric in Metric:
        for name in (
            "state", "deadline", "elapsed", "remaining", "fraction_used", "level",
            "next_level_at", "cycles", "late_cycles",
        ):  # fmt: skip
            same_array(
                getattr(found.metrics[metric], name),
                getattr(expected.metrics[metric], name),
                f"{metric}.{name}",
            )
    for name in (
        "contact",
        "metric",
        "cycle",
        "started_at",
        "stopped_at",
        "deadline",
        "state",
        "elapsed",
    ):
        same_array(getattr(found.cycles, name), getattr(expected.cycles, name), f"cycles.{name}")


@pytest.fixture(scope="module")
def year() -> tuple[ContactColumns, EventColumns]:
    contacts, events = generate_contacts(600, seed=17, bad_rows=0.03)
    return columns_from_frames(contacts, events)


@pytest.mark.parametrize("policy", [DESK, POLICY], ids=["desk", "retail"])
@pytest.mark.parametrize(
    "at",
    [
        datetime(2025, 3, 30, 1, 30, tzinfo=UTC),
        datetime(2025, 7, 1, 12, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),
    ],
    ids=["dst", "summer", "new year"],
)
def test_the_engine_equals_the_reference_without_events(
    year: tuple[ContactColumns, EventColumns], policy: Any, at: datetime
) -> None:
    contacts, _ = year
    assert_same(status_columns(policy, contacts, at), status_columns_scalar(policy, contacts, at))


@pytest.mark.parametrize("policy", [DESK, POLICY], ids=["desk", "retail"])
def test_the_engine_equals_the_reference_with_events(
    year: tuple[ContactColumns, EventColumns], policy: Any
) -> None:
    contacts, events = year
    at = datetime(2025, 9, 1, tzinfo=UTC)
    assert_same(
        status_columns(policy, contacts, at, events),
        status_columns_scalar(policy, contacts, at, events),
    )


def history(*events: tuple[str, str], received: str = "2025-03-03T09:00") -> Any:
    """One e-mail contact and its events (kind, UTC time), as columns."""
    contacts = ContactColumns(
        received_at=np.array([received], dtype="datetime64[us]"),
        channel=np.array(["email"], dtype=object),
        priority=np.array(["normal"], dtype=object),
    )
    return contacts, EventColumns(
        contact=np.zeros(len(events), dtype=np.int64),
        kind=np.array([kind for kind, _ in events], dtype=object),
        at=np.array([at for _, at in events], dtype="datetime64[us]"),
        reason=np.array([("spam" if k == "cancelled" else None) for k, _ in events], dtype=object),
    )


@pytest.mark.parametrize(
    "events",
    [
        [("agent_reply", "2025-03-03T10:00")],
        [("agent_reply", "2025-03-03T10:00"), ("customer_message", "2025-03-03T11:00")],
        [("waiting_on_customer", "2025-03-03T10:00"), ("customer_message", "2025-03-04T10:00")],
        [("waiting_on_third_party", "2025-03-03T10:00"), ("open", "2025-03-05T10:00")],
        [("resolved", "2025-03-03T10:00"), ("customer_message", "2025-03-04T10:00")],
        [("resolved", "2025-03-03T10:00"), ("waiting_on_customer", "2025-03-04T10:00")],
        [("resolved", "2025-03-03T10:00"), ("reopened", "2025-03-06T10:00")],
        [("agent_reply", "2025-03-03T09:00"), ("cancelled", "2025-03-03T09:30")],
        [("agent_reply", "2025-03-03T10:00"), ("agent_reply", "2025-03-04T10:00")],
        [("internal_note", "2025-03-03T10:00"), ("resolved", "2025-03-10T10:00")],
    ],
    ids=[
        "a reply",
        "a reply and a new message",
        "a message ends a wait",
        "back to open after a third party",
        "a message reopens",
        "a wait on a resolved contact reopens it",
        "reopened after days",
        "a cancellation",
        "updates",
        "a note stops nothing",
    ],
)
@pytest.mark.parametrize(
    "at",
    [datetime(2025, 3, 3, 12, tzinfo=UTC), datetime(2025, 3, 12, tzinfo=UTC)],
    ids=["soon", "later"],
)
def test_the_engine_walks_each_rule_as_the_reference(
    events: list[tuple[str, str]], at: datetime
) -> None:
    contacts, history_columns = history(*events)
    with_events = Engine(DESK, contacts, at, history_columns)
    assert_same(with_events.run(), status_columns_scalar(DESK, contacts, at, history_columns))
    assert with_events.scalar_rows == 0


def changes(**columns: Any) -> EventColumns:
    """A reply at 10:00 and one more event at 11:00 on 3 March, with ``columns``."""
    kinds = np.array(["agent_reply", columns.pop("kind")], dtype=object)
    fields = {name: np.array([None, value], dtype=object) for name, value in columns.items()}
    if "due" in fields:
        fields["due"] = np.array(["NaT", fields["due"][1]], dtype="datetime64[us]")
    return EventColumns(
        contact=np.zeros(2, dtype=np.int64),
        kind=kinds,
        at=np.array(["2025-03-03T10:00", "2025-03-03T11:00"], dtype="datetime64[us]"),
        **fields,
    )


@pytest.mark.parametrize(
    "events",
    [
        changes(kind="priority_changed", priority="urgent"),
        changes(kind="priority_changed", priority="low"),
        changes(kind="due_date_set", metric="resolution", due="2025-03-05T12:00"),
        changes(kind="due_date_set", metric="next_response", due="2025-03-03T12:00"),
        changes(kind="attributes_changed", attributes={"region": "north"}),
    ],
    ids=["urgent", "low", "due resolution", "due before a cycle", "attributes"],
)
@pytest.mark.parametrize(
    "at",
    [datetime(2025, 3, 3, 12, tzinfo=UTC), datetime(2025, 3, 12, tzinfo=UTC)],
    ids=["soon", "later"],
)
def test_priority_changes_and_due_dates_are_walked_as_the_reference(
    events: EventColumns, at: datetime
) -> None:
    contacts, _ = history()
    engine = Engine(DESK, contacts, at, events)
    assert_same(engine.run(), status_columns_scalar(DESK, contacts, at, events))
    assert engine.scalar_rows == 0


@pytest.mark.parametrize(
    "events",
    [
        changes(kind="priority_changed", priority="urgent"),
        changes(kind="priority_changed", priority="low"),
        changes(kind="attributes_changed", attributes={"region": "north"}),
        changes(kind="attributes_changed", attributes={"region": "south"}),
        changes(kind="priority_changed", priority="high"),
    ],
    ids=[
        "urgent: another policy",
        "low: the same",
        "north: another policy",
        "south: the same",
        "high: no rule matches, the policy stays",
    ],
)
def test_a_policy_set_selects_again_after_a_change_as_the_reference(events: EventColumns) -> None:
    contacts, _ = history()
    urgent = Conditions(priorities=["urgent"])
    north = Conditions(attributes={"region": ["north"]})
    rules = [
        PolicyRule(when=urgent, policy=POLICY),
        PolicyRule(when=north, policy=POLICY),
        PolicyRule(when=Conditions(priorities=["normal", "low"]), policy=DESK),
    ]
    policies = PolicySet(name="desks", rules=rules)
    at = datetime(2025, 3, 4, tzinfo=UTC)
    engine = Engine(policies, contacts, at, events)
    assert_same(engine.run(), status_columns_scalar(policies, contacts, at, events))
    assert engine.scalar_rows == 0


def test_a_change_at_the_instant_of_receipt_counts_for_the_selection() -> None:
    # The set selects with the priority in force at receipt: a change at that very instant
    # counts (as Contact.priority_at has it).
    contacts, _ = history()
    always = DESK.model_copy(
        update={"name": "always", "hours": BusinessHours.always(tz="Europe/Amsterdam")}
    )
    rules = [
        PolicyRule(when=Conditions(priorities=["urgent"]), policy=always),
        PolicyRule(policy=DESK),
    ]
    policies = PolicySet(name="desks", rules=rules)
    events = EventColumns(
        contact=np.array([0]),
        kind=np.array(["priority_changed"], dtype=object),
        at=np.array(["2025-03-03T09:00"], dtype="datetime64[us]"),
        priority=np.array(["urgent"], dtype=object),
    )
    at = datetime(2025, 3, 4, tzinfo=UTC)
    found = status_columns(policies, contacts, at, events)
    assert_same(found, status_columns_scalar(policies, contacts, at, events))
    assert found.policy[0] == "always"


def test_the_cycle_table_written_a_few_contacts_at_a_time_is_the_same(
    year: tuple[ContactColumns, EventColumns], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks of 7 contacts: parts cut at every block edge, error rows among them.
    import servicelevel._columnar as columnar

    contacts, events = year
    at = datetime(2025, 9, 1, tzinfo=UTC)
    expected = status_columns_scalar(DESK, contacts, at, events)
    expected.cycles  # noqa: B018 - the table, built in one block
    monkeypatch.setattr(columnar, "_CYCLE_BLOCK", 7)
    found = status_columns(DESK, contacts, at, events)
    assert found.errors.row.size
    assert_same(found, expected)
