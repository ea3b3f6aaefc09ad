"""Internal targets (operational level agreements): measured from each assignment to a
group, reported apart from the customer-facing metrics.

Worked out by hand first. Mon-Fri 09:00-17:00 in Amsterdam, 6-10 January 2025
(Mon 6). The first line promises its first reply within 1 business hour of an
assignment; the second line promises to hand over or resolve within 4 business
hours (a resolution clock: it pauses while waiting on the customer).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from servicelevel import (
    Contact,
    InternalStatus,
    Metric,
    ServiceLevelPolicy,
    SlaState,
    SlaStatus,
    Target,
    breach_status,
    summarise_compliance,
    summarise_internal_compliance,
)

from .common import OFFICE, at, utc

CUSTOMER = [{"metric": "first_response", "duration": "8h"}]
OLA = [
    {"metric": "first_response", "group": "first line", "duration": "1h"},
    {"metric": "resolution", "group": "second line", "duration": "4h"},
]
POLICY = ServiceLevelPolicy(
    name="Desk", hours=OFFICE, channels=["email"], targets=[*CUSTOMER, *OLA]
)
CUSTOMER_ONLY = ServiceLevelPolicy(name="Desk", hours=OFFICE, channels=["email"], targets=CUSTOMER)


def email(*events: tuple[str, str, dict[str, str]]) -> Contact:
    return Contact(
        channel="email",
        received_at=at("2025-01-06 09:00"),
        events=[{"kind": kind, "at": at(moment), **fields} for kind, moment, fields in events],
    )


def to(group: str) -> dict[str, str]:
    return {"group": group}


NONE: dict[str, str] = {}
HANDED_AROUND = email(
    ("assigned", "2025-01-06 09:30", to("first line")),
    ("agent_reply", "2025-01-06 10:00", NONE),
    ("assigned", "2025-01-06 11:00", to("second line")),
    ("assigned", "2025-01-06 14:00", to("first line")),
    ("assigned", "2025-01-07 09:00", to("second line")),
)


def internal(status: SlaStatus, group: str) -> InternalStatus:
    (found,) = [found for found in status.internal if found.group == group]
    return found


def test_each_assignment_starts_a_cycle_and_a_hand_over_ends_it() -> None:
    status = breach_status(HANDED_AROUND, POLICY, at("2025-01-07 14:00"))
    first = internal(status, "first line")
    assert first.metric is Metric.FIRST_RESPONSE
    assert [(c.state, utc(c.deadline)) for c in first.cycles] == [
        (SlaState.MET, utc(at("2025-01-06 10:30"))),  # replied at 10:00
        (SlaState.MET_LATE, utc(at("2025-01-06 15:00"))),  # handed over Tue 09:00, no reply
    ]
    second = internal(status, "second line")
    assert [(c.state, utc(c.deadline), c.elapsed) for c in second.cycles] == [
        (SlaState.MET, utc(at("2025-01-06 15:00")), timedelta(hours=3)),
        (SlaState.BREACHED, utc(at("2025-01-07 13:00")), timedelta(hours=5)),
    ]
    assert (second.state, second.level, second.breached) == (SlaState.BREACHED, "breached", True)


def test_internal_targets_leave_the_customer_facing_status_alone() -> None:
    now = at("2025-01-07 14:00")
    with_ola = breach_status(HANDED_AROUND, POLICY, now)
    without = breach_status(HANDED_AROUND, CUSTOMER_ONLY, now)
    assert with_ola.metrics == without.metrics
    assert without.internal == ()
    assert summarise_compliance([with_ola]) == summarise_compliance([without])


def test_before_any_assignment_the_internal_targets_are_not_applicable() -> None:
    status = breach_status(email(), POLICY, at("2025-01-06 12:00"))
    assert [(s.group, s.metric, s.state) for s in status.internal] == [
        ("first line", Metric.FIRST_RESPONSE, SlaState.NOT_APPLICABLE),
        ("second line", Metric.RESOLUTION, SlaState.NOT_APPLICABLE),
    ]
    assert status.internal[1].target == Target(**OLA[1])


@pytest.mark.parametrize(
    ("last", "state"),
    [
        (("resolved", "2025-01-06 12:00", NONE), SlaState.MET),
        (("cancelled", "2025-01-06 12:00", {"reason": "spam"}), SlaState.CANCELLED),
    ],
)
def test_resolution_or_cancellation_ends_the_groups_clock(
    last: tuple[str, str, dict[str, str]], state: SlaState
) -> None:
    contact = email(("assigned", "2025-01-06 10:00", to("second line")), last)
    found = internal(breach_status(contact, POLICY, at("2025-01-08 12:00")), "second line")
    assert (found.state, found.elapsed) == (state, timedelta(hours=2))


def test_the_second_lines_clock_pauses_while_waiting_on_the_customer() -> None:
    contact = email(
        ("assigned", "2025-01-06 10:00", to("second line")),
        ("waiting_on_customer", "2025-01-06 11:00", NONE),
        ("customer_message", "2025-01-06 13:00", NONE),
    )
    found = internal(breach_status(contact, POLICY, at("2025-01-06 14:00")), "second line")
    assert (found.elapsed, utc(found.deadline)) == (timedelta(hours=2), utc(at("2025-01-06 16:00")))


def test_reopening_gives_the_assigned_group_a_new_cycle() -> None:
    contact = email(
        ("assigned", "2025-01-06 10:00", to("second line")),
        ("resolved", "2025-01-06 11:00", NONE),
        ("reopened", "2025-01-07 09:00", NONE),
    )
    found = internal(breach_status(contact, POLICY, at("2025-01-07 10:00")), "second line")
    assert [c.state for c in found.cycles] == [SlaState.MET, SlaState.ON_TRACK]


def test_a_priority_change_retargets_the_groups_running_clock() -> None:
    policy = ServiceLevelPolicy(
        name="Desk",
        hours=OFFICE,
        channels=["email"],
        targets=[
            *CUSTOMER,
            *OLA,
            {
                "metric": "resolution",
                "group": "second line",
                "priority": "urgent",
                "duration": "1h",
            },
        ],
    )
    contact = email(
        ("assigned", "2025-01-06 10:00", to("second line")),
        ("priority_changed", "2025-01-06 10:30", {"priority": "urgent"}),
    )
    found = internal(breach_status(contact, policy, at("2025-01-06 10:45")), "second line")
    assert utc(found.deadline) == utc(at("2025-01-06 11:00"))


def test_compliance_of_internal_targets_per_group() -> None:
    statuses = [breach_status(HANDED_AROUND, POLICY, at("2025-01-07 14:00"))]
    rows = summarise_internal_compliance(statuses)
    assert [(r.group, r.metric, r.cycles, r.met, r.met_late, r.breached) for r in rows] == [
        ("first line", Metric.FIRST_RESPONSE, 2, 1, 1, 0),
        ("second line", Metric.RESOLUTION, 2, 1, 0, 1),
    ]


def test_internal_targets_are_for_clocks_an_assignment_starts() -> None:
    with pytest.raises(ValidationError, match="internal target of group"):
        Target(metric="periodic_update", group="billing", duration="4h")


def test_a_group_may_repeat_a_customer_facing_key() -> None:
    assert len(POLICY.targets) == 3
    with pytest.raises(ValidationError, match="two targets of group 'first line'"):
        ServiceLevelPolicy(name="x", hours=OFFICE, targets=[*CUSTOMER, OLA[0], OLA[0]])


def test_internal_statuses_round_trip_through_json() -> None:
    status = breach_status(HANDED_AROUND, POLICY, at("2025-01-07 14:00"))
    assert SlaStatus.model_validate_json(status.model_dump_json()) == status
