"""Clocks through a real ticket's life: scenarios with values worked out by hand.

Every expected value below was written from the documented semantics (Zendesk's
metric definitions, the rules in docs/policies.md) before the library was
asked. The schedule is Mon-Fri 09:00-17:00 in Amsterdam without holidays; the
week is 6-10 January 2025 (Mon 6 ... Fri 10, then Mon 13).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from servicelevel import (
    Channel,
    Contact,
    ContactEvent,
    EventKind,
    Metric,
    MetricCycle,
    NowBeforeReceiptError,
    Priority,
    ServiceLevelPolicy,
    SlaState,
    SlaStatus,
    Target,
    Wait,
    breach_status,
    policy_for,
    response_deadline,
    summarise_compliance,
)

from .common import AMS, OFFICE, at, hours, utc

HELPDESK = ServiceLevelPolicy(
    name="Helpdesk",
    hours=OFFICE,
    channels=["email", "live_chat", "phone"],
    targets=[
        Target(metric="first_response", duration=hours(8)),
        Target(metric="first_response", priority="urgent", duration=hours(1)),
        Target(metric="first_response", priority="low", duration=hours(16)),
        Target(
            metric="first_response",
            channel="phone",
            duration=timedelta(seconds=20),
            clock="calendar",
        ),
        Target(
            metric="first_response",
            channel="live_chat",
            duration=timedelta(minutes=3),
            clock="calendar",
        ),
        Target(metric="next_response", duration=hours(1)),
        Target(metric="periodic_update", duration=hours(4)),
        Target(metric="pausable_update", duration=hours(4)),
        Target(metric="requester_wait", duration=hours(16)),
        Target(metric="agent_work", duration=hours(16)),
        Target(metric="resolution", duration=hours(16)),
        Target(metric="total_resolution", duration=hours(16)),
    ],
)
RETAIL = policy_for("retail", "b2c")


def changed(policy: ServiceLevelPolicy, **update: Any) -> ServiceLevelPolicy:
    """A validated copy of ``policy`` with some fields changed."""
    return ServiceLevelPolicy.model_validate({**policy.model_dump(), **update})


def contact(received: str, *events: tuple[Any, ...], channel: str = "email") -> Contact:
    """Events as ``(kind, "YYYY-MM-DD HH:MM")`` or ``(kind, moment, {fields})``."""
    rows = []
    for kind, moment, *fields in events:
        rows.append({"kind": kind, "at": at(moment), **(fields[0] if fields else {})})
    return Contact(channel=channel, received_at=at(received), events=rows)


def status(item: Contact, now: str, policy: ServiceLevelPolicy = HELPDESK) -> SlaStatus:
    return breach_status(item, policy, at(now))


def summary(cycle: MetricCycle) -> tuple[object, ...]:
    """A cycle as (state, start, stop, deadline, elapsed) for one-line comparisons."""
    return (cycle.state, cycle.started_at, cycle.stopped_at, cycle.deadline, cycle.elapsed)


class TestTheIssuesExamples:
    def test_friday_afternoon_email_answered_on_monday(self) -> None:
        # Fri 16-17 (1 h) and Mon 09-10 (1 h): 2 h used of 8, due Mon 16:00.
        item = contact("2025-01-10 16:00", ("agent_reply", "2025-01-13 10:00"))
        first = status(item, "2025-01-13 12:00").first_response
        assert first.state is SlaState.MET
        assert (first.elapsed, first.remaining) == (hours(2), hours(6))
        assert first.deadline == at("2025-01-13 16:00")

    def test_raised_to_urgent_after_two_hours_without_a_reply_breaches_at_once(self) -> None:
        item = contact(
            "2025-01-06 09:00", ("priority_changed", "2025-01-06 11:00", {"priority": "urgent"})
        )
        first = status(item, "2025-01-06 11:00").first_response
        assert first.state is SlaState.BREACHED
        assert first.deadline == at("2025-01-06 10:00")  # 1 h after receipt
        assert first.target is not None
        assert first.target.duration == hours(1)


class TestWhatWentWrong:
    """One test per bullet of "What goes wrong today" in the issue."""

    def test_a_customer_message_ends_the_wait(self) -> None:
        # Waiting on the customer 10:00-12:00, ended by their message (no 'open' event).
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("waiting_on_customer", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 12:00"),
        )
        result = status(item, "2025-01-08 12:00")
        wait = result.requester_wait
        # 1 h + Mon 12-17 (5 h) + Tue 8 h + Wed 09-12 (3 h) = 17 h; 16 h were used up Wed 11:00.
        assert (wait.state, wait.elapsed, wait.deadline) == (
            SlaState.BREACHED,
            hours(17),
            at("2025-01-08 11:00"),
        )
        assert result.next_response.state is SlaState.BREACHED  # 12:00 + 1 h, unanswered
        assert result.next_response.deadline == at("2025-01-06 13:00")

    def test_late_next_replies_stay_late(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("customer_message", "2025-01-06 10:00"),  # due 11:00
            ("agent_reply", "2025-01-06 14:40"),  # late
            ("customer_message", "2025-01-06 15:00"),  # due 16:00
            ("agent_reply", "2025-01-06 15:30"),  # on time
        )
        assert status(item, "2025-01-06 14:30").next_response.state is SlaState.BREACHED
        later = status(item, "2025-01-06 16:00")
        replies = later.next_response
        assert replies.state is SlaState.MET  # the latest cycle
        assert replies.breached
        assert later.breached
        assert [summary(cycle) for cycle in replies.cycles] == [
            (
                SlaState.MET_LATE,
                at("2025-01-06 10:00"),
                at("2025-01-06 14:40"),
                at("2025-01-06 11:00"),
                timedelta(hours=4, minutes=40),
            ),
            (
                SlaState.MET,
                at("2025-01-06 15:00"),
                at("2025-01-06 15:30"),
                at("2025-01-06 16:00"),
                timedelta(minutes=30),
            ),
        ]
        row = next(r for r in summarise_compliance([later]) if r.metric is Metric.NEXT_RESPONSE)
        assert (row.contacts, row.cycles, row.met, row.met_late) == (1, 2, 1, 1)
        assert row.share_breached == 0.5

    def test_a_customer_message_reopens_a_resolved_contact(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("resolved", "2025-01-06 11:00"),
            ("customer_message", "2025-01-07 09:00"),
        )
        result = status(item, "2025-01-07 09:30")
        resolution = result.resolution
        # Mon 09-11 (2 h) + Tue 09:00-09:30; the night resolved does not count.
        assert resolution.state is SlaState.ON_TRACK
        assert resolution.elapsed == timedelta(hours=2, minutes=30)
        assert resolution.deadline == at("2025-01-08 15:00")  # 14 h left from Tue 09:00
        assert len(resolution.cycles) == 1  # continued, not restarted
        assert result.next_response.state is SlaState.ON_TRACK
        assert result.next_response.deadline == at("2025-01-07 10:00")

    def test_resolved_without_a_reply_then_reopened_has_running_clocks(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("resolved", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 14:00"),
        )
        result = status(item, "2025-01-06 14:30")
        assert result.first_response.state is SlaState.MET  # ended by the resolution
        assert result.next_response.state is SlaState.ON_TRACK
        assert result.next_response.started_at == at("2025-01-06 14:00")
        assert result.resolution.state is SlaState.ON_TRACK
        assert result.resolution.elapsed == timedelta(hours=1, minutes=30)

    def test_a_pause_after_the_deadline_does_not_hide_the_breach(self) -> None:
        # The issue's e-mail: retail, received Mon 10:00, breached from Tue 10:00.
        item = contact("2025-01-06 10:00", ("waiting_on_customer", "2025-01-08 12:00"))
        result = status(item, "2025-01-08 13:00", RETAIL)
        assert result.first_response.state is SlaState.BREACHED
        assert result.first_response.deadline == at("2025-01-07 10:00")
        (row,) = summarise_compliance([result])
        assert (row.breached, row.open) == (1, 0)

    def test_a_pausing_clock_paused_after_its_deadline_reports_breached(self) -> None:
        # Requester wait pauses while waiting on the customer, but its 16 h ran out Tue 17:00.
        item = contact("2025-01-06 09:00", ("waiting_on_customer", "2025-01-08 12:00"))
        wait = status(item, "2025-01-08 13:00").requester_wait
        assert (wait.state, wait.deadline, wait.elapsed) == (
            SlaState.BREACHED,
            at("2025-01-07 17:00"),
            hours(19),
        )

    def test_a_wait_does_not_move_the_reply_deadlines(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("waiting_on_customer", "2025-01-06 10:00"),
            ("open", "2025-01-07 10:00"),
        )
        assert response_deadline(item, HELPDESK) == at("2025-01-06 17:00")
        assert status(item, "2025-01-06 12:00").first_response.state is SlaState.ON_TRACK

    @pytest.mark.parametrize(
        ("wait", "requester_wait", "agent_work"),
        [
            ("waiting_on_third_party", hours(7), hours(3)),
            ("waiting_on_customer", hours(3), hours(3)),
        ],
    )
    def test_waiting_on_a_third_party_is_not_waiting_on_the_customer(
        self, wait: str, requester_wait: timedelta, agent_work: timedelta
    ) -> None:
        item = contact("2025-01-06 09:00", (wait, "2025-01-06 10:00"), ("open", "2025-01-06 14:00"))
        result = status(item, "2025-01-06 16:00")
        assert result.requester_wait.elapsed == requester_wait
        assert result.resolution.elapsed == requester_wait
        assert result.agent_work.elapsed == agent_work
        assert result.total_resolution.elapsed == hours(7)  # never pauses

    def test_a_priority_change_leaves_a_finished_first_response_alone(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 12:00"),  # 3 h: on time for normal, late for urgent
            ("priority_changed", "2025-01-06 13:00", {"priority": "urgent"}),
        )
        result = status(item, "2025-01-06 14:00")
        assert result.priority is Priority.URGENT
        first = result.first_response
        assert (first.state, first.deadline, first.elapsed) == (
            SlaState.MET,
            at("2025-01-06 17:00"),
            hours(3),
        )

    def test_an_abandoned_call_is_cancelled_not_breached(self) -> None:
        abandoned = contact(
            "2025-01-06 10:00",
            ("cancelled", "2025-01-06 10:01", {"reason": "abandoned"}),
            channel="phone",
        )
        answered = contact(
            "2025-01-06 10:00", ("agent_reply", "2025-01-06 10:00:15"), channel="phone"
        )
        results = [status(abandoned, "2025-01-06 11:00"), status(answered, "2025-01-06 11:00")]
        assert results[0].first_response.state is SlaState.CANCELLED
        assert not results[0].breached
        row = next(
            r
            for r in summarise_compliance(results)
            if (r.channel, r.metric) == (Channel.PHONE, Metric.FIRST_RESPONSE)
        )
        assert (row.contacts, row.cycles, row.met, row.cancelled, row.share_met) == (
            1,
            1,
            1,
            1,
            1.0,
        )

    def test_a_due_date_replaces_the_deadline_and_survives_a_priority_change(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("due_date_set", "2025-01-06 10:00", {"metric": "resolution", "due": at("2025-01-10 12:00")}),
            ("priority_changed", "2025-01-07 10:00", {"priority": "urgent"}),
        )  # fmt: skip
        result = status(item, "2025-01-09 12:00")
        resolution = result.resolution
        # Mon-Wed 24 h + Thu 09-12 3 h = 27 h; Thu 12-17 and Fri 09-12 = 8 h to go.
        assert (resolution.state, resolution.deadline) == (
            SlaState.ON_TRACK,
            at("2025-01-10 12:00"),
        )
        assert (resolution.elapsed, resolution.remaining) == (hours(27), hours(8))
        assert resolution.fraction_used == pytest.approx(27 / 35)
        assert result.requester_wait.state is SlaState.BREACHED  # no due date: 16 h
        late = breach_status(item, HELPDESK, at("2025-01-10 12:00") + timedelta(microseconds=1))
        assert late.resolution.state is SlaState.BREACHED

    def test_periodic_and_pausable_updates(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("agent_reply", "2025-01-06 13:00"),
            ("waiting_on_customer", "2025-01-06 14:00"),
            ("customer_message", "2025-01-07 11:00"),
        )
        assert status(item, "2025-01-06 09:30").periodic_update.state is SlaState.NOT_APPLICABLE
        result = status(item, "2025-01-07 12:00")
        periodic, pausable = result.periodic_update, result.pausable_update
        assert [c.state for c in periodic.cycles] == [SlaState.MET, SlaState.BREACHED]
        assert periodic.deadline == at("2025-01-06 17:00")
        assert periodic.elapsed == hours(7)  # Mon 13-17 and Tue 09-12: waits do not stop it
        assert [c.state for c in pausable.cycles] == [SlaState.MET, SlaState.ON_TRACK]
        assert pausable.elapsed == hours(2)  # 13-14 and Tue 11-12
        assert pausable.deadline == at("2025-01-07 14:00")
        resolved = item.with_event("resolved", at("2025-01-07 12:30"))
        after = status(resolved, "2025-01-07 13:00")
        assert after.periodic_update.state is SlaState.MET_LATE
        assert after.pausable_update.state is SlaState.MET

    def test_requester_wait_agent_work_and_total_resolution(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("waiting_on_customer", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 11:00"),
            ("waiting_on_third_party", "2025-01-06 12:00"),
            ("open", "2025-01-06 14:00"),
            ("resolved", "2025-01-06 16:00"),
        )
        result = status(item, "2025-01-06 17:00")
        elapsed = {
            metric: result[metric].elapsed
            for metric in (
                Metric.REQUESTER_WAIT,
                Metric.AGENT_WORK,
                Metric.RESOLUTION,
                Metric.TOTAL_RESOLUTION,
            )
        }
        assert elapsed == {
            Metric.REQUESTER_WAIT: hours(6),  # all but 10-11
            Metric.AGENT_WORK: hours(4),  # all but 10-11 and 12-14
            Metric.RESOLUTION: hours(6),  # requester wait, under its old name
            Metric.TOTAL_RESOLUTION: hours(7),
        }
        assert all(result[metric].state is SlaState.MET for metric in elapsed)

    def test_a_chat_left_while_the_chat_is_closed_is_measured_as_email(self) -> None:
        fallback = changed(HELPDESK, offline_fallback={"live_chat": "email"})
        night = contact("2025-01-06 20:00", channel="live_chat")
        assert status(night, "2025-01-07 09:10").first_response.state is SlaState.BREACHED
        result = status(night, "2025-01-07 09:10", fallback)
        assert (result.channel, result.measured_as) == (Channel.LIVE_CHAT, Channel.EMAIL)
        assert result.first_response.state is SlaState.ON_TRACK
        assert result.first_response.deadline == at("2025-01-07 17:00")  # 8 business hours
        assert response_deadline(night, fallback) == at("2025-01-07 17:00")
        day = contact("2025-01-06 10:00", channel="live_chat")
        assert status(day, "2025-01-06 10:01", fallback).measured_as is Channel.LIVE_CHAT
        assert response_deadline(day, fallback) == at("2025-01-06 10:03")
        rows = summarise_compliance([result, status(day, "2025-01-06 10:01", fallback)])
        assert [
            (row.channel, row.metric) for row in rows if row.metric is Metric.FIRST_RESPONSE
        ] == [
            (Channel.LIVE_CHAT, Metric.FIRST_RESPONSE),
            (Channel.EMAIL, Metric.FIRST_RESPONSE),
        ]


class TestCustomerMessages:
    def test_a_policy_can_keep_the_wait_after_a_customer_message(self) -> None:
        patient = changed(HELPDESK, customer_message_ends_wait=False)
        item = contact(
            "2025-01-06 09:00",
            ("waiting_on_customer", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 12:00"),
        )
        wait = status(item, "2025-01-06 13:00", patient).requester_wait
        assert (wait.state, wait.elapsed, wait.deadline) == (SlaState.PAUSED, hours(1), None)

    def test_a_policy_can_keep_a_resolved_contact_resolved(self) -> None:
        closed = changed(HELPDESK, customer_message_reopens=False)
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("resolved", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 11:00"),  # "thanks!"
        )
        result = status(item, "2025-01-06 12:00", closed)
        assert result.requester_wait.state is SlaState.MET
        assert result.requester_wait.stopped_at == at("2025-01-06 10:00")
        assert result.next_response.state is SlaState.NOT_APPLICABLE
        reopened = item.with_event("reopened", at("2025-01-06 13:00"))
        assert status(reopened, "2025-01-06 14:00", closed).requester_wait.elapsed == hours(2)

    def test_next_response_counts_from_the_oldest_unanswered_message(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("customer_message", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 10:40"),
        )
        replies = status(item, "2025-01-06 10:50").next_response
        assert (replies.started_at, replies.deadline) == (
            at("2025-01-06 10:00"),
            at("2025-01-06 11:00"),
        )
        assert replies.state is SlaState.AT_RISK  # 50 of 60 minutes

    def test_messages_before_the_first_reply_are_the_first_response(self) -> None:
        item = contact("2025-01-06 09:00", ("customer_message", "2025-01-06 09:30"))
        assert status(item, "2025-01-06 10:00").next_response.state is SlaState.NOT_APPLICABLE

    def test_an_internal_note_stops_no_clock(self) -> None:
        item = contact("2025-01-06 09:00", ("internal_note", "2025-01-06 09:30"))
        result = status(item, "2025-01-06 10:00")
        assert (result.first_response.state, result.first_response.elapsed) == (
            SlaState.ON_TRACK,
            hours(1),
        )
        assert result.periodic_update.state is SlaState.NOT_APPLICABLE

    def test_a_resolution_ends_the_reply_clocks_on_time_or_late(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("customer_message", "2025-01-06 10:00"),
            ("resolved", "2025-01-06 12:00"),
        )
        replies = status(item, "2025-01-06 13:00").next_response
        assert (replies.state, replies.stopped_at) == (SlaState.MET_LATE, at("2025-01-06 12:00"))


class TestPauseRules:
    @pytest.mark.parametrize(
        ("metric", "pauses"),
        [
            (Metric.FIRST_RESPONSE, ()),
            (Metric.NEXT_RESPONSE, ()),
            (Metric.PERIODIC_UPDATE, ()),
            (Metric.PAUSABLE_UPDATE, (Wait.WAITING_ON_CUSTOMER,)),
            (Metric.REQUESTER_WAIT, (Wait.WAITING_ON_CUSTOMER,)),
            (Metric.AGENT_WORK, (Wait.WAITING_ON_CUSTOMER, Wait.WAITING_ON_THIRD_PARTY)),
            (Metric.RESOLUTION, (Wait.WAITING_ON_CUSTOMER,)),
            (Metric.TOTAL_RESOLUTION, ()),
        ],
    )
    def test_defaults_are_zendesks(self, metric: Metric, pauses: tuple[Wait, ...]) -> None:
        assert Target(metric=metric, duration=hours(1)).pauses_on == pauses

    def test_a_target_can_change_what_pauses_it(self) -> None:
        own = changed(
            HELPDESK,
            targets=[
                Target(metric="first_response", duration=hours(8)),
                Target(metric="requester_wait", duration=hours(16), pauses_on=["waiting_on_third_party"]),
                Target(metric="agent_work", duration=hours(16), pauses_on=[]),
            ],
        )  # fmt: skip
        item = contact(
            "2025-01-06 09:00",
            ("waiting_on_third_party", "2025-01-06 10:00"),
            ("open", "2025-01-06 14:00"),
        )
        result = status(item, "2025-01-06 16:00", own)
        assert (result.requester_wait.elapsed, result.agent_work.elapsed) == (hours(3), hours(7))


class TestPriorityChanges:
    def test_raised_with_time_left_is_due_from_the_clocks_own_start(self) -> None:
        item = contact(
            "2025-01-06 09:00", ("priority_changed", "2025-01-06 09:30", {"priority": "urgent"})
        )
        first = status(item, "2025-01-06 09:30").first_response
        assert (first.state, first.deadline) == (SlaState.ON_TRACK, at("2025-01-06 10:00"))

    def test_lowered_before_the_deadline_moves_it_later(self) -> None:
        item = contact(
            "2025-01-06 09:00", ("priority_changed", "2025-01-06 12:00", {"priority": "low"})
        )
        first = status(item, "2025-01-07 10:00").first_response
        assert (first.state, first.deadline, first.elapsed) == (
            SlaState.ON_TRACK,
            at("2025-01-07 17:00"),  # 16 h from Mon 09:00
            hours(9),
        )

    def test_lowered_after_the_breach_keeps_the_breach(self) -> None:
        item = contact(
            "2025-01-06 09:00", ("priority_changed", "2025-01-07 10:00", {"priority": "low"})
        )
        first = status(item, "2025-01-07 11:00").first_response
        assert (first.state, first.deadline) == (SlaState.BREACHED, at("2025-01-06 17:00"))
        assert first.target is not None
        assert first.target.duration == hours(8)

    def test_a_new_cycle_starts_under_the_priority_of_its_start(self) -> None:
        urgent_replies = changed(
            HELPDESK,
            targets=[
                *HELPDESK.targets,
                Target(metric="next_response", priority="urgent", duration=timedelta(minutes=15)),
            ],
        )
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:10"),
            ("priority_changed", "2025-01-06 09:20", {"priority": "urgent"}),
            ("customer_message", "2025-01-06 09:30"),
        )
        replies = status(item, "2025-01-06 09:35", urgent_replies).next_response
        assert replies.deadline == at("2025-01-06 09:45")


class TestReopening:
    def test_reopening_continues_the_resolution_clock(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("resolved", "2025-01-06 12:00"),
            ("reopened", "2025-01-07 09:00"),
        )
        resolution = status(item, "2025-01-07 11:00").resolution
        # 3 h Monday + 2 h Tuesday; 13 h left from Tue 09:00: Tue 8 h, Wed 09-14.
        assert (resolution.elapsed, resolution.deadline) == (hours(5), at("2025-01-08 14:00"))
        assert len(resolution.cycles) == 1

    def test_a_target_can_start_a_new_cycle_on_reopening(self) -> None:
        cycles = changed(
            HELPDESK,
            targets=[
                Target(metric="first_response", duration=hours(8)),
                Target(metric="resolution", duration=hours(16), reopen_starts_new_cycle=True),
            ],
        )
        item = contact(
            "2025-01-06 09:00",
            ("resolved", "2025-01-06 12:00"),
            ("reopened", "2025-01-07 09:00"),
        )
        resolution = status(item, "2025-01-07 11:00", cycles).resolution
        assert [summary(cycle) for cycle in resolution.cycles] == [
            (SlaState.MET, at("2025-01-06 09:00"), at("2025-01-06 12:00"), at("2025-01-07 17:00"), hours(3)),
            (SlaState.ON_TRACK, at("2025-01-07 09:00"), None, at("2025-01-08 17:00"), hours(2)),
        ]  # fmt: skip

    def test_a_resolution_met_in_time_can_still_be_breached_after_reopening(self) -> None:
        # The stated exception: reopening continues the clock, so its outcome is open again.
        item = contact(
            "2025-01-06 09:00",
            ("resolved", "2025-01-06 10:00"),
            ("reopened", "2025-01-06 12:00"),
        )
        assert status(item, "2025-01-06 11:00").resolution.state is SlaState.MET
        # 1 h + Mon 12-17 + Tue + Wed + Thu 09-12 = 25 h of 16.
        assert status(item, "2025-01-09 12:00").resolution.state is SlaState.BREACHED

    @pytest.mark.parametrize("kind", ["open", "waiting_on_customer"])
    def test_a_status_event_on_a_resolved_contact_reopens_it(self, kind: str) -> None:
        item = contact(
            "2025-01-06 09:00", ("resolved", "2025-01-06 10:00"), (kind, "2025-01-06 12:00")
        )
        assert status(item, "2025-01-06 13:00").total_resolution.elapsed == hours(2)


class TestCancellation:
    def test_running_clocks_are_cancelled_and_finished_ones_keep_their_outcome(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("cancelled", "2025-01-06 11:00", {"reason": "duplicate"}),
        )
        result = status(item, "2025-01-07 09:00")
        assert result.first_response.state is SlaState.MET
        assert result.requester_wait.state is SlaState.CANCELLED
        assert result.requester_wait.stopped_at == at("2025-01-06 11:00")
        rows = {row.metric: row for row in summarise_compliance([result])}
        assert Metric.REQUESTER_WAIT not in rows  # every cycle cancelled: nothing to count
        assert rows[Metric.FIRST_RESPONSE].met == 1

    def test_a_cancelled_spam_ticket_is_not_breached(self) -> None:
        item = contact("2025-01-06 09:00", ("cancelled", "2025-01-09 09:00", {"reason": "spam"}))
        result = status(item, "2025-01-09 10:00")
        assert result.first_response.state is SlaState.CANCELLED
        assert not result.breached


class TestDueDates:
    def test_a_due_date_set_between_cycles_applies_to_the_next_one_only(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 09:30"),
            ("due_date_set", "2025-01-06 10:00", {"metric": "next_response", "due": at("2025-01-06 15:00")}),
            ("customer_message", "2025-01-06 11:00"),
            ("agent_reply", "2025-01-06 13:00"),
            ("customer_message", "2025-01-06 14:30"),
        )  # fmt: skip
        early = status(item, "2025-01-06 12:30").next_response
        assert (early.state, early.deadline) == (SlaState.ON_TRACK, at("2025-01-06 15:00"))
        assert early.remaining == timedelta(hours=2, minutes=30)
        replies = status(item, "2025-01-06 14:45").next_response
        assert [c.deadline for c in replies.cycles] == [
            at("2025-01-06 15:00"),
            at("2025-01-06 15:30"),
        ]
        assert [c.state for c in replies.cycles] == [SlaState.MET, SlaState.ON_TRACK]

    def test_a_due_date_moves_the_first_response_deadline(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("due_date_set", "2025-01-06 10:00", {"metric": "first_response", "due": at("2025-01-07 12:00")}),
        )  # fmt: skip
        assert response_deadline(item, HELPDESK) == at("2025-01-07 12:00")
        first = status(item, "2025-01-07 11:00").first_response
        # Mon 8 h + Tue 09-11 used, Tue 11-12 left: 10 of 11 hours, past the 0.8 at-risk share.
        assert (first.state, first.elapsed, first.remaining) == (
            SlaState.AT_RISK,
            hours(10),
            hours(1),
        )

    def test_a_due_date_after_the_breach_does_not_undo_it(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("due_date_set", "2025-01-07 10:00", {"metric": "first_response", "due": at("2025-01-08 12:00")}),
        )  # fmt: skip
        first = status(item, "2025-01-07 11:00").first_response
        assert (first.state, first.deadline) == (SlaState.BREACHED, at("2025-01-06 17:00"))

    def test_a_due_date_is_a_promise_even_without_a_target(self) -> None:
        # The built-in retail policy has no resolution target; the agent agreed Tue 12:00.
        item = contact(
            "2025-01-06 09:00",
            ("due_date_set", "2025-01-06 10:00", {"metric": "resolution", "due": at("2025-01-07 12:00")}),
        )  # fmt: skip
        resolution = status(item, "2025-01-07 13:00", RETAIL).resolution
        assert (resolution.state, resolution.deadline, resolution.target) == (
            SlaState.BREACHED,
            at("2025-01-07 12:00"),
            None,
        )
        assert resolution.elapsed == hours(28)  # calendar time: no target names a clock
        assert status(item, "2025-01-06 09:30", RETAIL).resolution.state is SlaState.NOT_APPLICABLE


class TestNow:
    def test_now_before_receipt(self) -> None:
        with pytest.raises(NowBeforeReceiptError, match="before the contact was received"):
            status(contact("2025-01-06 09:00"), "2025-01-06 08:59")

    def test_only_events_at_or_before_now_count(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("cancelled", "2025-01-06 11:00", {"reason": "merged"}),
        )
        assert status(item, "2025-01-06 09:59").first_response.state is SlaState.ON_TRACK
        assert status(item, "2025-01-06 10:00").first_response.state is SlaState.MET
        assert status(item, "2025-01-06 10:30").requester_wait.state is SlaState.ON_TRACK
        assert status(item, "2025-01-06 11:00").requester_wait.state is SlaState.CANCELLED


class TestEvents:
    @pytest.mark.parametrize(
        ("kind", "fields"),
        [
            ("priority_changed", {}),
            ("attributes_changed", {}),
            ("attributes_changed", {"attributes": {}}),
            ("cancelled", {}),
            ("due_date_set", {"metric": "resolution"}),
            ("due_date_set", {"due": at("2025-01-07 09:00")}),
            ("assigned", {}),
        ],
    )
    def test_a_kind_needs_its_fields(self, kind: str, fields: dict[str, Any]) -> None:
        with pytest.raises(ValidationError) as raised:
            ContactEvent(kind=kind, at=at("2025-01-06 10:00"), **fields)
        assert [e["type"] for e in raised.value.errors()] == ["event_missing_field"]

    @pytest.mark.parametrize(
        ("kind", "fields"),
        [
            ("agent_reply", {"priority": "high"}),
            ("priority_changed", {"priority": "high", "reason": "spam"}),
            ("cancelled", {"reason": "spam", "group": "billing"}),
            ("customer_message", {"due": at("2025-01-07 09:00")}),
        ],
    )
    def test_a_kind_takes_no_other_fields(self, kind: str, fields: dict[str, Any]) -> None:
        with pytest.raises(ValidationError) as raised:
            ContactEvent(kind=kind, at=at("2025-01-06 10:00"), **fields)
        assert [e["type"] for e in raised.value.errors()] == ["event_unexpected_field"]

    @pytest.mark.parametrize(
        ("received", "events", "error"),
        [
            ("2025-01-06 09:00", [("agent_reply", "2025-01-06 08:00")], "event_before_receipt"),
            (
                "2025-01-06 09:00",
                [("agent_reply", "2025-01-06 11:00"), ("customer_message", "2025-01-06 10:00")],
                "events_out_of_order",
            ),
            (
                "2025-01-06 09:00",
                [("cancelled", "2025-01-06 10:00", {"reason": "spam"}), ("internal_note", "2025-01-06 11:00")],
                "event_after_cancellation",
            ),
            ("2025-01-06 09:00", [("reopened", "2025-01-06 10:00")], "reopen_without_resolution"),
            (
                "2025-01-06 09:00",
                [("resolved", "2025-01-06 10:00"), ("resolved", "2025-01-06 11:00")],
                "already_resolved",
            ),
            (
                "2025-01-06 09:00",
                [("due_date_set", "2025-01-06 10:00", {"metric": "resolution", "due": at("2025-01-06 08:00")})],
                "due_before_receipt",
            ),
        ],
    )  # fmt: skip
    def test_impossible_conversations(
        self, received: str, events: list[tuple[Any, ...]], error: str
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            contact(received, *events)
        errors = raised.value.errors()
        assert [e["type"] for e in errors] == [error]
        assert "events[" in errors[0]["msg"]

    def test_a_customer_message_makes_resolving_again_possible(self) -> None:
        item = contact(
            "2025-01-06 09:00",
            ("resolved", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 11:00"),
            ("resolved", "2025-01-06 12:00"),
            ("customer_message", "2025-01-06 13:00"),
            ("reopened", "2025-01-06 13:05"),  # the explicit reopening an export may add
        )
        assert status(item, "2025-01-06 14:00").total_resolution.elapsed == timedelta(hours=3)

    def test_a_naive_due_date_is_rejected(self) -> None:
        with pytest.raises(ValidationError) as raised:
            ContactEvent(
                kind="due_date_set",
                at=at("2025-01-06 10:00"),
                metric="resolution",
                due=datetime(2025, 1, 7, 9),  # noqa: DTZ001
            )
        assert [e["type"] for e in raised.value.errors()] == ["naive_datetime"]

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("customer_reply", EventKind.CUSTOMER_MESSAGE),
            ("paused", EventKind.WAITING_ON_CUSTOMER),
            ("resumed", EventKind.OPEN),
        ],
    )
    def test_earlier_kind_names_are_read_and_written_as_the_new_ones(
        self, old: str, new: EventKind
    ) -> None:
        event = ContactEvent.model_validate_json(f'{{"kind": "{old}", "at": "2025-01-06T10:00Z"}}')
        assert event.kind is new
        assert f'"kind":"{new.value}"' in event.model_dump_json()
        assert EventKind(old) is new

    def test_attributes_are_stored_read_only_and_merged_in_time(self) -> None:
        item = Contact(
            channel="email",
            received_at=at("2025-01-06 09:00"),
            attributes={"product": "loans"},
            events=[
                {"kind": "attributes_changed", "at": at("2025-01-06 10:00"), "attributes": {"country": "BE"}},
                {"kind": "assigned", "at": at("2025-01-06 10:05"), "group": "second line"},
            ],
        )  # fmt: skip
        assert dict(item.attributes_at(at("2025-01-06 09:30"))) == {"product": "loans"}
        assert dict(item.attributes_at(at("2025-01-06 11:00"))) == {
            "product": "loans",
            "country": "BE",
        }
        again = Contact.model_validate_json(item.model_dump_json())
        assert again == item
        assert hash(again) == hash(item)
        with pytest.raises(TypeError):
            item.attributes["product"] = "cards"  # type: ignore[index]

    def test_priority_at(self) -> None:
        item = contact(
            "2025-01-06 09:00", ("priority_changed", "2025-01-06 10:00", {"priority": "high"})
        )
        assert item.priority_at(at("2025-01-06 09:59")) is Priority.NORMAL
        assert item.priority_at(at("2025-01-06 10:00")) is Priority.HIGH


class TestPolicyRules:
    @pytest.mark.parametrize(
        ("fallback", "error"),
        [
            ({"live_chat": "live_chat"}, "fallback_to_itself"),
            ({"live_chat": "social_media"}, "fallback_channel_unsupported"),
            ({"messaging": "email"}, "fallback_channel_unsupported"),
        ],
    )
    def test_offline_fallback_names_supported_other_channels(
        self, fallback: dict[str, str], error: str
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            changed(HELPDESK, offline_fallback=fallback)
        assert [e["type"] for e in raised.value.errors()] == [error]

    def test_new_cycles_on_reopening_are_for_resolution_clocks_only(self) -> None:
        with pytest.raises(ValidationError) as raised:
            Target(metric="next_response", duration=hours(1), reopen_starts_new_cycle=True)
        assert [e["type"] for e in raised.value.errors()] == ["reopen_cycle_not_applicable"]

    def test_life_cycle_switches_round_trip(self) -> None:
        policy = changed(
            HELPDESK,
            customer_message_ends_wait=False,
            customer_message_reopens=False,
            offline_fallback={"live_chat": "email"},
        )
        assert ServiceLevelPolicy.model_validate_json(policy.model_dump_json()) == policy


class TestTheStatusModel:
    ITEM = contact(
        "2025-01-06 09:00",
        ("agent_reply", "2025-01-06 09:30"),
        ("customer_message", "2025-01-06 10:00"),
        ("agent_reply", "2025-01-06 14:40"),
        ("customer_message", "2025-01-06 15:00"),
    )

    def test_json_round_trip(self) -> None:
        result = status(self.ITEM, "2025-01-06 15:30")
        text = result.model_dump_json()
        again = SlaStatus.model_validate_json(text)
        assert again == result
        assert again.model_dump_json() == text

    def test_metrics_by_name_and_by_attribute(self) -> None:
        result = status(self.ITEM, "2025-01-06 15:30")
        assert [m.metric for m in result.metrics] == list(Metric)
        assert result[Metric.NEXT_RESPONSE] is result.next_response
        assert result["agent_work"] is result.agent_work

    def test_every_datetime_is_in_the_zone_of_the_hours(self) -> None:
        fallback = changed(HELPDESK, offline_fallback={"live_chat": "email"})
        night = contact(
            "2025-01-06 20:00", ("agent_reply", "2025-01-07 09:30"), channel="live_chat"
        )
        for result in (
            status(self.ITEM, "2025-01-06 15:30"),
            status(night, "2025-01-07 10:00", fallback),
        ):
            found: list[datetime | None] = [result.now]
            for metric in result.metrics:
                found += [metric.started_at, metric.stopped_at, metric.deadline]
                for cycle in metric.cycles:
                    found += [cycle.started_at, cycle.stopped_at, cycle.deadline]
            assert {moment.tzinfo for moment in found if moment is not None} == {AMS}

    def test_short_repr_and_a_table_with_the_cycles(self) -> None:
        result = status(self.ITEM, "2025-01-06 15:30")
        assert repr(result.next_response) == (
            "MetricStatus(next_response, on_track, due 2025-01-06 16:00+01:00, 30 min left, 2 cycles, 1 late)"
        )
        assert repr(result).startswith(
            "SlaStatus(email, normal priority, now 2025-01-06 15:30+01:00: first_response met "
            "(7 h 30 min to spare), next_response on_track (30 min left), "
        )
        html = result._repr_html_()
        cells = _cells(html)
        assert _runs(cells, ["next_response", "on_track"])
        assert "2, 1 late" in cells
        assert _runs(cells, ["next_response", "1", "met_late", "2025-01-06 10:00+01:00"])
        assert _runs(_cells(result.next_response._repr_html_()), ["1", "met_late"])

    def test_the_deadline_of_the_first_response_follows_the_events(self) -> None:
        item = contact(
            "2025-01-06 09:00", ("priority_changed", "2025-01-06 09:30", {"priority": "urgent"})
        )
        assert utc(response_deadline(item, HELPDESK)) == utc(at("2025-01-06 10:00"))


def _cells(html: str) -> list[str]:
    """The texts of the table cells of an HTML display, in order."""
    return list(re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html))


def _runs(cells: list[str], run: list[str]) -> bool:
    """Whether ``run`` stands in ``cells`` as consecutive cells (bold markup ignored)."""
    plain = [re.sub(r"<[^>]+>", "", cell) for cell in cells]
    return any(plain[i : i + len(run)] == run for i in range(len(plain)))
