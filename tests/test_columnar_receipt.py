"""Contacts without events in the NumPy engine: the traps of settling on thresholds.

Each test writes the answer the documented rules give, then checks the engine
against it and against the scalar path (``breach_status`` per row).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from servicelevel import BusinessHours, Metric, ServiceLevelPolicy, Target

np = pytest.importorskip("numpy")

from servicelevel._columnar import (  # noqa: E402
    ContactColumns,
    StatusColumns,
    status_columns,
    status_columns_scalar,
)
from servicelevel._columnar_engine import Engine  # noqa: E402

from .test_columnar_engine import assert_same  # noqa: E402

OFFICE = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")


def contacts(*received: str, channels: list[str] | None = None) -> ContactColumns:
    """Contacts received at the given UTC times, e-mails unless ``channels`` say."""
    count = len(received)
    return ContactColumns(
        received_at=np.array(received, dtype="datetime64[us]"),
        channel=np.array(channels or ["email"] * count, dtype=object),
        priority=np.array(["normal"] * count, dtype=object),
    )


def both(policy: ServiceLevelPolicy, columns: ContactColumns, at: datetime) -> StatusColumns:
    """The engine's answer, after checking that it equals the scalar path's."""
    found = status_columns(policy, columns, at)
    assert_same(found, status_columns_scalar(policy, columns, at))
    return found


def utc(text: str) -> Any:
    return np.datetime64(text, "us")


def policy(*targets: Target, hours: BusinessHours = OFFICE, **fields: Any) -> ServiceLevelPolicy:
    return ServiceLevelPolicy(name="desk", hours=hours, targets=list(targets), **fields)


ESCALATING = policy(Target(metric="first_response", duration="1h", escalations=["0min", "1h"]))


def test_an_escalation_at_closing_time_is_reached_once_the_desk_has_closed() -> None:
    # Received Monday 15:00: due 16:00, escalations at 16:00 and 17:00 (closing time).
    # At 20:00 the business clock stands at exactly 2 h, the second escalation's
    # threshold: its instant (17:00) has passed, so it is reached.
    found = both(ESCALATING, contacts("2025-03-03T15:00"), datetime(2025, 3, 3, 20, tzinfo=UTC))
    first = found.metrics[Metric.FIRST_RESPONSE]
    assert first.level.tolist() == ["escalation 2"]
    assert np.isnat(first.next_level_at[0])


def test_an_escalation_is_not_reached_at_its_own_instant() -> None:
    found = both(ESCALATING, contacts("2025-03-03T15:00"), datetime(2025, 3, 3, 17, tzinfo=UTC))
    first = found.metrics[Metric.FIRST_RESPONSE]
    assert first.level.tolist() == ["escalation 1"]
    assert first.next_level_at[0] == utc("2025-03-03T17:00")


def test_a_deadline_at_closing_time_is_breached_overnight() -> None:
    # Received at opening with a working day's target: due at closing time; at night
    # the clock stands at exactly the target, and the deadline has passed.
    day = policy(Target(metric="first_response", duration="8h"))
    found = both(day, contacts("2025-03-03T09:00"), datetime(2025, 3, 3, 22, tzinfo=UTC))
    first = found.metrics[Metric.FIRST_RESPONSE]
    assert first.state.tolist() == ["breached"]
    assert first.deadline[0] == utc("2025-03-03T17:00")


def test_a_target_for_some_channels_leaves_the_others_without_that_metric() -> None:
    # Agent work is promised for e-mail only: on the phone rows between them it does not apply.
    mixed = policy(
        Target(metric="first_response", duration="4h"),
        Target(metric="agent_work", channel="email", duration="8h"),
        channels=["email", "phone"],
    )
    channels = ["email", "phone", "email", "phone", "email"]
    received = [f"2025-03-0{day}T10:00" for day in range(3, 8)]
    found = both(
        mixed, contacts(*received, channels=channels), datetime(2025, 3, 7, 12, tzinfo=UTC)
    )
    work = found.metrics[Metric.AGENT_WORK].state.tolist()
    assert work == ["breached", "not_applicable", "breached", "not_applicable", "on_track"]


def test_a_deadline_past_the_compiled_years_is_computed_one_at_a_time() -> None:
    # 3,000 business hours (75 weeks of office hours) from December run into the year
    # after next, past the years compiled for the receipts: the same deadline still.
    long = policy(Target(metric="resolution", duration="3000h"))
    columns = contacts("2025-01-06T09:00", "2025-12-15T09:00")
    found = both(long, columns, datetime(2026, 1, 5, tzinfo=UTC))
    deadlines = found.metrics[Metric.RESOLUTION].deadline
    assert deadlines.astype("datetime64[Y]").astype(int).tolist() == [2026 - 1970, 2027 - 1970]


def test_receipts_decades_apart_are_computed_as_the_array_functions_do() -> None:
    # More years than one compiled window: the engine takes the public array functions.
    found = both(
        ESCALATING,
        contacts("1999-06-01T10:00", "2025-06-02T10:00", channels=["email", "email"]),
        datetime(2025, 6, 2, 16, tzinfo=UTC),
    )
    assert found.metrics[Metric.FIRST_RESPONSE].state.tolist() == ["breached", "breached"]


def test_contacts_on_several_hours_share_one_line_of_business_time() -> None:
    # E-mail on office hours and the phone on a 24/7 line, interleaved: each deadline on
    # its own hours.
    lines = policy(
        Target(metric="first_response", duration="2h"),
        channels=["email", "phone"],
        channel_hours={"phone": BusinessHours.always(tz="UTC")},
    )
    columns = contacts(
        "2025-03-07T16:00",
        "2025-03-07T16:00",
        "2025-03-08T10:00",
        channels=["email", "phone", "phone"],
    )
    found = both(lines, columns, datetime(2025, 3, 8, 11, tzinfo=UTC))
    deadlines = found.metrics[Metric.FIRST_RESPONSE].deadline
    assert deadlines.tolist() == [
        utc("2025-03-10T10:00"),
        utc("2025-03-07T18:00"),
        utc("2025-03-08T12:00"),
    ]


def test_receipts_past_the_years_the_index_covers_are_reported_by_the_scalar_path() -> None:
    far = contacts("9998-06-02T10:00")
    at = datetime(9998, 6, 3, tzinfo=UTC)
    engine = Engine(ESCALATING, far, at, None)
    found = engine.run()
    assert engine.scalar_rows == 1
    assert_same(found, status_columns_scalar(ESCALATING, far, at))
    assert "9998" in found.errors.reason[0]
