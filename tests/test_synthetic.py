"""The seeded contact generator: deterministic, realistic, valid, and spoilt only on request."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from servicelevel import (
    ArgumentTypeError,
    Channel,
    EventKind,
    LimitExceededError,
    UnknownTimeZoneError,
)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from servicelevel.synthetic import contacts_from_frames, generate_contacts  # noqa: E402

#: Kinds the generator never writes: due dates and attribute changes come from other systems.
NOT_GENERATED = {EventKind.DUE_DATE_SET, EventKind.ATTRIBUTES_CHANGED}


@pytest.fixture(scope="module")
def year() -> tuple[Any, Any]:
    return generate_contacts(3000, seed=11)


def test_the_same_seed_gives_the_same_frames() -> None:
    first = generate_contacts(500, seed=5, bad_rows=0.01)
    second = generate_contacts(500, seed=5, bad_rows=0.01)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])


def test_another_seed_gives_other_contacts() -> None:
    first, _ = generate_contacts(500, seed=5)
    second, _ = generate_contacts(500, seed=6)
    assert not first["received_at"].equals(second["received_at"])


def test_every_generated_contact_validates(year: tuple[Any, Any]) -> None:
    contacts, events = year
    converted = contacts_from_frames(contacts, events)
    assert len(converted) == len(contacts)
    assert sum(len(contact.events) for contact in converted) == len(events)
    assert [str(contact.channel) for contact in converted] == list(contacts["channel"])


def test_contacts_are_numbered_in_order_of_receipt(year: tuple[Any, Any]) -> None:
    contacts, _ = year
    assert list(contacts["contact_id"]) == list(range(1, len(contacts) + 1))
    assert contacts["received_at"].is_monotonic_increasing
    assert contacts["received_at"].dt.year.eq(2025).all()


def test_events_are_in_time_order_and_never_before_receipt(year: tuple[Any, Any]) -> None:
    contacts, events = year
    received = contacts.set_index("contact_id")["received_at"]
    assert (events["at"] >= received.reindex(events["contact_id"]).to_numpy()).all()
    steps = events.groupby("contact_id")["at"].diff().dropna()
    assert (steps >= pd.Timedelta(0)).all()


def test_every_channel_and_every_kind_occurs(year: tuple[Any, Any]) -> None:
    contacts, events = year
    assert set(contacts["channel"]) == {str(channel) for channel in Channel}
    assert set(events["kind"]) == {str(kind) for kind in EventKind} - set(NOT_GENERATED)


def test_events_carry_exactly_the_fields_their_kind_needs(year: tuple[Any, Any]) -> None:
    _, events = year
    for field, kind in (("priority", "priority_changed"), ("reason", "cancelled")):
        assert events[field].notna().eq(events["kind"] == kind).all()
    assert events["group"].notna().eq(events["kind"] == "assigned").all()


def _share_in_hours(contacts: Any, channel: str, hours: range) -> float:
    received = contacts.loc[contacts["channel"] == channel, "received_at"]
    return float(received.dt.hour.isin(hours).mean())


def test_email_peaks_in_the_evening_and_phone_in_office_hours(year: tuple[Any, Any]) -> None:
    contacts, _ = year
    assert _share_in_hours(contacts, "email", range(19, 23)) > 0.15
    assert _share_in_hours(contacts, "phone", range(19, 23)) < 0.02
    assert _share_in_hours(contacts, "phone", range(9, 17)) > 0.7


def test_weekdays_and_december_are_busier(year: tuple[Any, Any]) -> None:
    contacts, _ = year
    received = contacts["received_at"].dt
    per_weekday = received.day_of_week.value_counts()
    assert per_weekday[0] > per_weekday[6]
    per_month = received.month.value_counts()
    assert per_month[12] > per_month[6]


def test_phone_calls_are_answered_within_minutes_and_email_within_a_day(
    year: tuple[Any, Any],
) -> None:
    contacts, events = year
    first = events[events["kind"] == "agent_reply"].groupby("contact_id")["at"].first()
    indexed = contacts.set_index("contact_id")
    waited = (first - indexed["received_at"].reindex(first.index)).groupby(
        indexed["channel"].reindex(first.index)
    )
    medians = waited.median()
    assert medians["phone"] < pd.Timedelta(minutes=10) < medians["email"] < pd.Timedelta(days=1)


def test_the_zone_is_the_one_asked_for() -> None:
    contacts, events = generate_contacts(50, seed=2, tz="America/New_York", year=2024)
    assert str(contacts["received_at"].dt.tz) == "America/New_York"
    assert str(events["at"].dt.tz) == "America/New_York"
    assert contacts["received_at"].dt.year.eq(2024).all()


def test_no_contacts_make_empty_frames() -> None:
    contacts, events = generate_contacts(0, seed=1, bad_rows=0.5)
    assert contacts.empty
    assert events.empty
    assert "received_at" in contacts
    assert "at" in events


def test_a_hundred_thousand_contacts_in_one_call() -> None:
    contacts, events = generate_contacts(100_000, seed=3)
    assert len(contacts) == 100_000
    assert len(events) > 3 * len(contacts)


def _is_naive(value: Any) -> bool:
    return bool(value.tzinfo is None)


def test_bad_rows_are_spoilt_one_way_each() -> None:
    contacts, events = generate_contacts(1000, seed=4, bad_rows=0.003)
    naive = contacts["received_at"].map(_is_naive)
    unknown = contacts["channel"] == "fax"
    aware = contacts[~naive].set_index("contact_id")["received_at"]
    received = pd.to_datetime(aware, utc=True).reindex(events["contact_id"]).to_numpy()
    early = list(events.loc[events["at"] < received, "contact_id"])
    assert (naive.sum(), unknown.sum(), len(early)) == (1, 1, 1)
    bad_ids = {*contacts.loc[naive | unknown, "contact_id"], *early}
    good = contacts_from_frames(contacts, events, skip_invalid=True)
    assert len(good) == len(contacts) - 3
    assert len(bad_ids) == 3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_bad_row_fails_validation_with_its_contact_id(seed: int) -> None:
    contacts, events = generate_contacts(300, seed=seed, bad_rows=0.001)
    with pytest.raises(ValidationError) as caught:
        contacts_from_frames(contacts, events)
    assert any("in the contact with contact_id" in note for note in caught.value.__notes__)


def test_contacts_from_frames_needs_only_the_core_columns() -> None:
    contacts = pd.DataFrame(
        {
            "contact_id": ["a"],
            "channel": ["email"],
            "priority": ["high"],
            "received_at": [pd.Timestamp("2025-03-03 10:00", tz="Europe/Amsterdam")],
            "tags": [""],
        }
    )
    events = pd.DataFrame(
        {
            "contact_id": ["a"],
            "kind": ["agent_reply"],
            "at": [pd.Timestamp("2025-03-03 11:00", tz="Europe/Amsterdam")],
        }
    )
    (contact,) = contacts_from_frames(contacts, events)
    assert contact.attributes == {}
    assert [event.kind for event in contact.events] == [EventKind.AGENT_REPLY]


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"count": -1}, LimitExceededError),
        ({"count": 10, "bad_rows": 1.5}, LimitExceededError),
        ({"count": 10, "year": 1900}, LimitExceededError),
        ({"count": "10"}, ArgumentTypeError),
        ({"count": 10, "seed": True}, ArgumentTypeError),
        ({"count": 10, "tz": "Europe/Amsterdma"}, UnknownTimeZoneError),
    ],
)
def test_bad_arguments_are_typed_errors(arguments: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        generate_contacts(**{"seed": 1, **arguments})
