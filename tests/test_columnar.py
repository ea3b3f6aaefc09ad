"""Statuses as columns: the reference path (breach_status per row), its error rows and checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from servicelevel import (
    BusinessHours,
    Channel,
    Contact,
    InvalidArrayError,
    Metric,
    NaiveDatetimeError,
    ServiceLevelPolicy,
    SlaState,
    Target,
    breach_status,
    policy_for,
)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from servicelevel._columnar import (  # noqa: E402
    Coded,
    ContactColumns,
    EventColumns,
    StatusColumns,
    status_columns_scalar,
)
from servicelevel.synthetic import contacts_from_frames, generate_contacts  # noqa: E402

AT = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = policy_for("retail", "b2c")
OFFICE = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
#: Every channel and metric, warnings, escalations, an offline fallback, a 24/7 phone line.
DESK = ServiceLevelPolicy(
    name="desk",
    hours=OFFICE,
    channels=list(Channel),
    channel_hours={"phone": BusinessHours.always(tz="Europe/Amsterdam")},
    offline_fallback={"live_chat": "email"},
    targets=[
        Target(metric="first_response", duration="8h", escalations=["0min", "2h"]),
        Target(metric="first_response", priority="urgent", duration="1h", clock="calendar"),
        Target(
            metric="first_response",
            channel="live_chat",
            duration="5min",
            warnings=[{"left": "2min"}, {"share": 0.9}],
        ),
        Target(metric="next_response", duration="4h"),
        Target(metric="periodic_update", duration="16h"),
        Target(metric="pausable_update", duration="16h", priority="high"),
        Target(metric="requester_wait", duration="24h", reopen_starts_new_cycle=True),
        Target(metric="agent_work", duration="16h", warnings=[{"share": 0.5}, {"share": 0.75}]),
        Target(metric="resolution", duration="40h", clock="calendar"),
        Target(metric="total_resolution", duration="80h", escalations=["1h"]),
    ],
)


def utc(values: Any) -> Any:
    """Aware pandas timestamps as datetime64[us] UTC (NaT kept)."""
    series = pd.Series(values)
    return series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")


def columns_from_frames(contacts: Any, events: Any) -> tuple[ContactColumns, EventColumns]:
    """The generator's frames as columns (a naive receipt: a problem found upstream)."""
    received = contacts["received_at"]
    naive = np.array([getattr(value, "tzinfo", None) is None for value in received])
    aware = pd.to_datetime(
        [pd.NaT if bad else value for bad, value in zip(naive, received, strict=True)], utc=True
    )
    problems = np.where(naive, "received_at: a naive timestamp; give it a time zone.", None)
    position = {cid: row for row, cid in enumerate(contacts["contact_id"])}
    return (
        ContactColumns(
            received_at=utc(aware),
            channel=contacts["channel"].to_numpy(dtype=object),
            priority=contacts["priority"].to_numpy(dtype=object),
            attributes={
                name: contacts[name].to_numpy(dtype=object)
                for name in ("region", "organisation", "tags")
            },
            problems=problems.astype(object),
        ),
        EventColumns(
            contact=np.array([position[cid] for cid in events["contact_id"]], dtype=np.int64),
            kind=events["kind"].to_numpy(dtype=object),
            at=utc(events["at"]),
            priority=events["priority"].astype(object).to_numpy(),
            reason=events["reason"].astype(object).to_numpy(),
            group=events["group"].astype(object).to_numpy(),
        ),
    )


def us(value: datetime | None) -> Any:
    return (
        np.datetime64("NaT", "us")
        if value is None
        else np.datetime64(value.astimezone(UTC).replace(tzinfo=None), "us")
    )


def same(found: Any, expected: Any) -> bool:
    """Equal, or both NaT."""
    return bool((np.isnat(found) and np.isnat(expected)) or found == expected)


def assert_row_is(found: StatusColumns, row: int, status: Any) -> None:
    """Row ``row`` of ``found`` holds ``status`` (an SlaStatus) field by field."""
    assert found.measured_as[row] == status.measured_as
    assert found.priority[row] == status.priority
    assert found.policy[row] == status.policy
    for metric in Metric:
        expected, columns = status[metric], found.metrics[metric]
        assert columns.state[row] == expected.state, metric
        assert columns.level[row] == expected.level, metric
        assert same(columns.deadline[row], us(expected.deadline)), metric
        assert same(columns.next_level_at[row], us(expected.next_level_at)), metric
        assert columns.elapsed[row] == np.timedelta64(expected.elapsed, "us"), metric
        remaining = columns.remaining[row]
        if expected.remaining is None:
            assert np.isnat(remaining)
        else:
            assert remaining == np.timedelta64(expected.remaining, "us")
        fraction = columns.fraction_used[row]
        assert (np.isnan(fraction) and expected.fraction_used is None) or (
            fraction == expected.fraction_used
        )
        assert columns.cycles[row] == len(expected.cycles)
        assert columns.late_cycles[row] == expected.late_cycles
        mine = np.flatnonzero((found.cycles.contact == row) & (found.cycles.metric == metric))
        assert [found.cycles.state[i] for i in mine] == [c.state for c in expected.cycles]
        assert [found.cycles.started_at[i] for i in mine] == [
            us(c.started_at) for c in expected.cycles
        ]
        for i, c in zip(mine, expected.cycles, strict=True):
            assert same(found.cycles.stopped_at[i], us(c.stopped_at))
            assert same(found.cycles.deadline[i], us(c.deadline))
            assert found.cycles.elapsed[i] == np.timedelta64(c.elapsed, "us")
        assert found.cycles.cycle[mine].tolist() == list(range(1, len(expected.cycles) + 1))


def assert_row_missing(found: StatusColumns, row: int) -> None:
    assert found.measured_as[row] is None
    assert found.policy[row] is None
    for columns in found.metrics.values():
        assert columns.state[row] is None
        assert columns.level[row] is None
        assert np.isnat(columns.deadline[row])
        assert np.isnat(columns.elapsed[row])
        assert np.isnan(columns.fraction_used[row])
        assert columns.cycles[row] == 0
    assert row not in found.cycles.contact


@pytest.fixture(scope="module")
def year() -> tuple[Any, Any]:
    return generate_contacts(400, seed=13, bad_rows=0.03)


def test_each_good_row_is_breach_status_of_its_contact(year: tuple[Any, Any]) -> None:
    contacts, events = year
    columns, event_columns = columns_from_frames(contacts, events)
    found = status_columns_scalar(DESK, columns, AT, event_columns)
    bad = set(found.errors.row.tolist())
    good = [row for row in range(len(contacts)) if row not in bad]
    references = contacts_from_frames(contacts.iloc[good], events, skip_invalid=True)
    assert len(references) == len(good)
    for row, contact in zip(good, references, strict=True):
        assert_row_is(found, row, breach_status(contact, DESK, AT))
    for row in bad:
        assert_row_missing(found, row)


def test_every_spoilt_row_is_an_error_row(year: tuple[Any, Any]) -> None:
    contacts, events = year
    found = status_columns_scalar(DESK, *columns_from_frames(contacts, events)[:1], AT)
    spoilt = contacts_from_frames(contacts, events.iloc[:0], skip_invalid=True)
    assert len(found.errors.row) == len(contacts) - len(spoilt) > 0


def one(
    channel: object = "email",
    priority: object = "normal",
    received: str = "2025-03-03T09:00",
    events: list[tuple[object, str]] | None = None,
    **fields: Any,
) -> tuple[ContactColumns, EventColumns | None]:
    contacts = ContactColumns(
        received_at=np.array([received], dtype="datetime64[us]"),
        channel=np.array([channel], dtype=object),
        priority=np.array([priority], dtype=object),
        **fields,
    )
    if events is None:
        return contacts, None
    return contacts, EventColumns(
        contact=np.zeros(len(events), dtype=np.int64),
        kind=np.array([kind for kind, _ in events], dtype=object),
        at=np.array([at for _, at in events], dtype="datetime64[us]"),
    )


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        (one(channel="fax"), "channel: Input should be"),
        (one(channel=None), "channel: Input should be"),
        (one(priority="critical"), "priority: Input should be"),
        (one(events=[("agent_reply", "2025-03-03T08:00")]), "events[0] (agent_reply at"),
        (one(events=[("shouted", "2025-03-03T10:00")]), "events[0].kind: Input should be"),
        (one(events=[("agent_reply", "NaT")]), "events[0] (agent_reply) has no time"),
        (one(received="2026-03-03T09:00"), "is after at"),
        (one(problems=np.array(["a naive\ntimestamp"], dtype=object)), "a naive timestamp"),
        (one(channel="in_person"), "does not support channel in_person"),
    ],
    ids=[
        "unknown channel",
        "missing channel",
        "unknown priority",
        "event before receipt",
        "unknown event kind",
        "event without time",
        "received after at",
        "problem found upstream",
        "channel without targets",
    ],
)
def test_a_bad_row_is_an_error_row_with_its_reason(
    case: tuple[ContactColumns, EventColumns | None], reason: str
) -> None:
    found = status_columns_scalar(POLICY, case[0], AT, case[1])
    assert found.errors.row.tolist() == [0]
    assert reason in found.errors.reason[0]
    assert "\n" not in found.errors.reason[0]
    assert_row_missing(found, 0)


def test_a_missing_receipt_is_a_missing_answer_not_an_error() -> None:
    found = status_columns_scalar(POLICY, one(received="NaT")[0], AT)
    assert found.errors.row.size == 0
    assert_row_missing(found, 0)


def test_only_events_at_or_before_at_count() -> None:
    contacts, events = one(events=[("agent_reply", "2025-03-03T10:00")])
    before = status_columns_scalar(
        POLICY, contacts, datetime(2025, 3, 3, 9, 30, tzinfo=UTC), events
    )
    after = status_columns_scalar(POLICY, contacts, AT, events)
    assert before.metrics[Metric.FIRST_RESPONSE].state[0] is SlaState.ON_TRACK
    assert after.metrics[Metric.FIRST_RESPONSE].state[0] is SlaState.MET


def test_events_in_any_order_are_taken_in_time_order() -> None:
    received = datetime(2025, 3, 3, 9, tzinfo=UTC)
    contact = Contact(channel="email", received_at=received).with_event(
        "agent_reply", received + timedelta(hours=1)
    )
    contacts, events = one(
        events=[("resolved", "2025-03-03T12:00"), ("agent_reply", "2025-03-03T10:00")]
    )
    expected = breach_status(
        contact.with_event("resolved", received + timedelta(hours=3)), POLICY, AT
    )
    assert_row_is(status_columns_scalar(POLICY, contacts, AT, events), 0, expected)


def test_coded_columns_are_the_same_as_object_columns() -> None:
    codes = np.array([1, 0, -1], dtype=np.int8)
    coded = ContactColumns(
        received_at=np.array(["2025-03-03T09:00"] * 3, dtype="datetime64[us]"),
        channel=Coded(codes, ["phone", "email"]),
        priority=Coded(np.zeros(3, dtype=np.int8), ["high"]),
    )
    found = status_columns_scalar(POLICY, coded, AT)
    assert found.measured_as.tolist()[:2] == ["email", "phone"]
    assert found.errors.row.tolist() == [2]


def test_a_naive_at_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        status_columns_scalar(POLICY, one()[0], datetime(2026, 1, 1))  # noqa: DTZ001


@pytest.mark.parametrize(
    "events",
    [
        EventColumns(
            contact=np.array([1]),
            kind=np.array(["agent_reply"], dtype=object),
            at=np.array(["2025-03-03T10:00"], dtype="datetime64[us]"),
        ),
        EventColumns(
            contact=np.array([0, 0]),
            kind=np.array(["agent_reply"], dtype=object),
            at=np.array(["2025-03-03T10:00"], dtype="datetime64[us]"),
        ),
    ],
    ids=["contact outside the rows", "columns of other lengths"],
)
def test_event_columns_that_do_not_fit_are_refused(events: EventColumns) -> None:
    with pytest.raises(InvalidArrayError):
        status_columns_scalar(POLICY, one()[0], AT, events)


def test_contact_columns_of_other_lengths_are_refused() -> None:
    contacts = ContactColumns(
        received_at=np.array(["2025-03-03T09:00"] * 2, dtype="datetime64[us]"),
        channel=np.array(["email"], dtype=object),
        priority=np.array(["normal"] * 2, dtype=object),
    )
    with pytest.raises(InvalidArrayError, match=r"contacts\.channel"):
        status_columns_scalar(POLICY, contacts, AT)


def test_an_object_column_of_mappings_keeps_one_mapping_per_row() -> None:
    from servicelevel._columnar import objects
    from servicelevel._frozen import FrozenDict

    given = [FrozenDict({"a": "1", "b": "2"}), None]
    found = objects(np.array(given[:1], dtype=object))  # NumPy makes a row of keys of it
    assert found.shape == (1,)
    assert objects(given).tolist() == given
