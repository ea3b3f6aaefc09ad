"""pandas deadlines: equal to the scalar response_deadline, row for row, with bad rows reported."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicelevel import (
    BusinessHours,
    Channel,
    Contact,
    Metric,
    NaiveDatetimeError,
    NoTargetError,
    PolicyRule,
    PolicySet,
    ServiceLevelPolicy,
    UnknownNameError,
    policy_for,
    response_deadline,
)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from servicelevel.frames import deadlines, what_if  # noqa: E402
from servicelevel.synthetic import contacts_from_frames, generate_contacts  # noqa: E402

AMS = "Europe/Amsterdam"
OFFICE = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz=AMS, holidays="NL")
EVENINGS = BusinessHours.weekly({"mon-sat": "08:00-22:00"}, tz=AMS)


def every_channel(name: str = "desk", **changes: Any) -> ServiceLevelPolicy:
    """A policy with a target for every channel and every clock kind."""
    return ServiceLevelPolicy(
        name=name,
        hours=OFFICE,
        channel_hours={Channel.LIVE_CHAT: EVENINGS},
        targets=[
            {"metric": "first_response", "duration": "8h"},
            {"metric": "first_response", "channel": "phone", "duration": "3min"},
            {"metric": "first_response", "priority": "urgent", "duration": "1h"},
            {
                "metric": "first_response",
                "channel": "social_media",
                "duration": "2h",
                "clock": "calendar",
            },
            {"metric": "first_response", "channel": "self_service", "duration": "1 working day"},
            {
                "metric": "first_response",
                "channel": "in_person",
                "duration": "end of next working day",
            },
            {"metric": "resolution", "duration": "40h"},
        ],
        channels=list(Channel),
        **changes,
    )


POLICIES: dict[str, ServiceLevelPolicy | PolicySet] = {
    "one policy": every_channel(),
    "offline fallback": every_channel(offline_fallback={"live_chat": "email"}),
    "policy set": PolicySet(
        name="by region",
        rules=[
            PolicyRule(policy=every_channel("vip"), when={"tags": ["vip"]}),
            PolicyRule(
                policy=every_channel("north").with_hours(EVENINGS),
                when={"attributes": {"region": ["Groningen", "Friesland"]}},
            ),
            PolicyRule(policy=every_channel()),
        ],
    ),
}


@pytest.fixture(scope="module")
def frames() -> tuple[Any, Any]:
    return generate_contacts(1500, seed=21)


@pytest.mark.parametrize("name", list(POLICIES))
def test_deadlines_equal_response_deadline_for_every_contact(
    frames: tuple[Any, Any], name: str
) -> None:
    contacts, events = frames
    policy = POLICIES[name]
    found = deadlines(contacts, policy)
    assert found.index.equals(contacts.index)
    assert found["error"].isna().all()
    reference = contacts_from_frames(contacts, events.iloc[:0])
    for row, contact in enumerate(reference):
        expected = response_deadline(contact, policy)
        assert found["first_response_deadline"].iloc[row] == expected, (row, contact)


def test_deadlines_keep_the_index_and_the_zone_of_the_input() -> None:
    received = pd.Series(pd.to_datetime(["2025-01-10 16:00", "2025-01-11 10:00"]))
    frame = pd.DataFrame(
        {"received_at": received.dt.tz_localize("Europe/London").array, "channel": "email"},
        index=pd.Index([17, 4], name="ticket"),
    )
    found = deadlines(frame, every_channel())
    assert list(found.index) == [17, 4]
    assert str(found["first_response_deadline"].dt.tz) == "Europe/London"
    assert found["first_response_deadline"].iloc[1] == pd.Timestamp("2025-01-13 17:00", tz=AMS)


def test_tz_names_the_zone_of_the_results_and_of_naive_times() -> None:
    frame = pd.DataFrame({"received_at": pd.to_datetime(["2025-01-10 16:00"]), "channel": "email"})
    found = deadlines(frame, every_channel(), tz="Europe/London")
    assert str(found["first_response_deadline"].dt.tz) == "Europe/London"
    assert found["first_response_deadline"].iloc[0] == pd.Timestamp("2025-01-13 17:00", tz=AMS)


def test_a_naive_column_without_tz_is_an_error_not_utc() -> None:
    frame = pd.DataFrame({"received_at": pd.to_datetime(["2025-01-10 16:00"]), "channel": "email"})
    with pytest.raises(NaiveDatetimeError, match="tz="):
        deadlines(frame, every_channel())


@pytest.mark.parametrize(
    ("local", "reason"),
    [
        ("2025-03-30 02:30", "DST change"),
        ("2025-10-26 02:30", "DST change"),
    ],
)
def test_a_local_time_that_dst_skips_or_repeats_is_an_error_of_its_row(
    local: str, reason: str
) -> None:
    frame = pd.DataFrame(
        {"received_at": pd.to_datetime(["2025-03-28 10:00", local]), "channel": "email"}
    )
    found = deadlines(frame, every_channel(), tz=AMS)
    assert found["error"].iloc[0] is None
    assert reason in found["error"].iloc[1]
    assert pd.isna(found["first_response_deadline"].iloc[1])


def test_bad_rows_are_reported_and_the_others_answered() -> None:
    contacts, _ = generate_contacts(600, seed=4, bad_rows=0.01)
    found = deadlines(contacts, every_channel())
    errors = found["error"].dropna()
    assert len(errors) == 4  # two naive receipts, two faxes (the event ones need events)
    assert errors.str.contains("naive").sum() == 2
    assert errors.str.contains("unknown channel 'fax'").sum() == 2
    assert found["first_response_deadline"][found["error"].isna()].notna().all()
    assert found["first_response_deadline"][found["error"].notna()].isna().all()


def test_an_unsupported_channel_is_an_error_of_its_row_as_the_scalar_raises() -> None:
    policy = policy_for("retail", "b2c")
    received = pd.Timestamp("2025-01-06 10:00", tz=AMS)
    frame = pd.DataFrame({"received_at": [received, received], "channel": ["email", "in_person"]})
    found = deadlines(frame, policy)
    with pytest.raises(NoTargetError):
        response_deadline(Contact(channel="in_person", received_at=received), policy)
    assert found["error"].iloc[0] is None
    assert "promises nothing" in found["error"].iloc[1]


def test_columns_map_other_names_and_an_unknown_field_is_an_error() -> None:
    frame = pd.DataFrame({"Created": [pd.Timestamp("2025-01-06 10:00", tz=AMS)], "Via": ["E-mail"]})
    found = deadlines(frame, every_channel(), columns={"received_at": "Created", "channel": "Via"})
    assert "unknown channel 'E-mail'" in found["error"].iloc[0]
    with pytest.raises(UnknownNameError):
        deadlines(frame, every_channel(), columns={"arrival": "Created"})
    with pytest.raises(UnknownNameError, match="received_at"):
        deadlines(frame, every_channel())


def test_metrics_chooses_the_deadlines() -> None:
    frame = pd.DataFrame(
        {"received_at": [pd.Timestamp("2025-01-06 10:00", tz=AMS)], "channel": ["email"]}
    )
    found = deadlines(frame, every_channel())
    assert [c for c in found.columns if c.endswith("_deadline")] == [
        "first_response_deadline",
        "resolution_deadline",
    ]
    found = deadlines(frame, every_channel(), metrics=[Metric.RESOLUTION])
    assert found["resolution_deadline"].iloc[0] == pd.Timestamp("2025-01-13 10:00", tz=AMS)


def test_what_if_open_on_saturday_moves_saturday_deadlines_earlier() -> None:
    saturday = pd.Timestamp("2025-01-11 11:00", tz=AMS)
    frame = pd.DataFrame(
        {
            "contact_id": [1, 2],
            "received_at": [saturday, saturday - pd.Timedelta(days=3)],
            "channel": ["email", "email"],
        }
    )
    change = what_if(
        frame, every_channel(), {"sat": "10:00-14:00"}, datetime(2025, 2, 1, tzinfo=ZoneInfo(AMS))
    )
    assert change.deadlines["moved"].iloc[0] == pd.Timedelta(hours=-3)
    assert change.deadlines["moved"].iloc[1] == pd.Timedelta(0)
    assert isinstance(change.after, ServiceLevelPolicy)
    assert change.after.hours.week.sat  # the edited policy is kept, validated


def test_text_times_follow_the_same_rule() -> None:
    frame = pd.DataFrame(
        {
            "received_at": pd.array(
                ["2025-01-10T15:00:00+00:00", "2025-01-10 16:00", "yesterday", None], dtype="str"
            ),
            "channel": "email",
        }
    )
    without = deadlines(frame, every_channel())
    assert str(without["first_response_deadline"].dt.tz) == "UTC"
    assert without["first_response_deadline"].iloc[0] == pd.Timestamp("2025-01-13 16:00", tz=AMS)
    assert "naive" in without["error"].iloc[1]
    assert "not a timestamp" in without["error"].iloc[2]
    assert without["error"].iloc[3] is None  # missing passes through as missing
    assert pd.isna(without["first_response_deadline"].iloc[3])
    within = deadlines(frame, every_channel(), tz=AMS)
    assert within["first_response_deadline"].iloc[1] == pd.Timestamp("2025-01-13 16:00", tz=AMS)
