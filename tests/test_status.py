"""Deadlines and breach status: scenarios from the research, edge cases, properties."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Contact,
    ContactEvent,
    ContactPausedError,
    EventKind,
    Metric,
    NaiveDatetimeError,
    NoOpeningHoursError,
    NoTargetError,
    NowBeforeReceiptError,
    SectorProfile,
    ServiceLevelError,
    ServiceLevelPolicy,
    SlaState,
    SlaStatus,
    Target,
    breach_status,
    policy_for,
    response_deadline,
)
from servicelevel._defaults import DUTCH_OFFICE_HOURS
from servicelevel.strategies import contacts, policies

from .common import at, utc

RETAIL = policy_for("retail", "b2c")
SUPPORT = ServiceLevelPolicy(
    name="Support",
    hours=DUTCH_OFFICE_HOURS,
    channels=["email", "live_chat"],
    targets=[
        Target(metric="first_response", duration=timedelta(hours=8)),
        Target(metric="next_response", duration=timedelta(hours=4)),
        Target(metric="resolution", duration=timedelta(hours=40), at_risk=0.5),
        Target(
            metric="first_response",
            channel="live_chat",
            duration=timedelta(minutes=10),
            clock="calendar",
        ),
    ],
)


def email(received: str, *events: tuple[str, str]) -> Contact:
    return Contact(
        channel="email",
        received_at=at(received),
        events=[{"kind": kind, "at": at(moment)} for kind, moment in events],
    )


class TestScenariosFromTheResearch:
    def test_retail_email_on_friday_afternoon_before_whit_monday(self) -> None:
        contact = email("2025-06-06 16:45")
        deadline = response_deadline(contact, RETAIL)
        assert deadline == at("2025-06-10 16:45")  # 15 min on Friday, Monday is a holiday
        status = breach_status(contact, RETAIL, at("2025-06-09 12:00"))
        assert status.first_response.state is SlaState.ON_TRACK
        assert status.first_response.elapsed == timedelta(minutes=15)
        assert (
            breach_status(contact, RETAIL, at("2025-06-10 16:46")).first_response.state
            is SlaState.BREACHED
        )

    def test_urgent_b2b_technology_chat_at_night(self) -> None:
        policy = policy_for("technology", "b2b")
        chat = Contact(channel="live_chat", priority="urgent", received_at=at("2025-01-07 02:00"))
        # Chat runs around the clock; a live channel keeps its 3 minutes at every priority.
        assert response_deadline(chat, policy) == at("2025-01-07 02:03")
        status = breach_status(chat, policy, at("2025-01-07 02:02:30"))
        assert status.first_response.state is SlaState.AT_RISK

    def test_urgent_phone_call_keeps_the_three_rings(self) -> None:
        """Priority factors do not scale live channels: no 5-second phone target."""
        call = Contact(channel="phone", priority="urgent", received_at=at("2025-01-07 10:00"))
        assert response_deadline(call, policy_for("retail", "b2c")) == at("2025-01-07 10:00:20")

    def test_technology_phone_call_on_sunday_with_a_24_7_line(self) -> None:
        policy = policy_for("technology", "b2c")
        call = Contact(channel="phone", received_at=at("2025-01-12 11:00"))
        assert response_deadline(call, policy) == at("2025-01-12 11:00:20")
        answered = call.with_event("agent_reply", at("2025-01-12 11:00:15"))
        assert (
            breach_status(answered, policy, at("2025-01-12 12:00")).first_response.state
            is SlaState.MET
        )
        # Email at the same company waits for office hours.
        mail = Contact(channel="email", received_at=at("2025-01-12 11:00"))
        assert response_deadline(mail, policy) == at("2025-01-13 17:00")

    def test_bank_phone_call_on_sunday_waits_for_office_hours(self) -> None:
        call = Contact(channel="phone", received_at=at("2025-01-12 11:00"))
        assert response_deadline(call, policy_for("finance", "b2c")) == at("2025-01-13 09:00:20")


class TestStates:
    def test_met_and_met_late(self) -> None:
        on_time = email("2025-01-06 09:00", ("agent_reply", "2025-01-06 17:00"))
        late = email("2025-01-06 09:00", ("agent_reply", "2025-01-07 09:00:01"))
        now = at("2025-01-08 12:00")
        assert breach_status(on_time, SUPPORT, now).first_response.state is SlaState.MET
        status = breach_status(late, SUPPORT, now).first_response
        assert status.state is SlaState.MET_LATE
        assert status.remaining == -timedelta(seconds=1)
        assert status.fraction_used is not None
        assert status.fraction_used > 1

    def test_deadline_at_closing_time_is_kept_at_that_instant(self) -> None:
        contact = email("2025-01-06 09:00")
        assert (
            breach_status(contact, SUPPORT, at("2025-01-06 17:00")).first_response.state
            is SlaState.AT_RISK
        )
        assert (
            breach_status(contact, SUPPORT, at("2025-01-06 17:00:01")).first_response.state
            is SlaState.BREACHED
        )

    def test_at_risk_share_is_the_targets(self) -> None:
        contact = email("2025-01-06 09:00")
        resolution = breach_status(
            contact, SUPPORT, at("2025-01-08 13:00")
        ).resolution  # 20 of 40 h
        assert resolution.state is SlaState.AT_RISK
        assert resolution.fraction_used == 0.5

    def test_calendar_clock_counts_the_night(self) -> None:
        chat = Contact(channel="live_chat", received_at=at("2025-01-06 23:55"))
        assert response_deadline(chat, SUPPORT) == at("2025-01-07 00:05")

    def test_waiting_does_not_move_the_first_response_deadline(self) -> None:
        # Reply clocks never pause (Zendesk); before this version a pause pushed it back.
        contact = email(
            "2025-01-06 09:00",
            ("waiting_on_customer", "2025-01-06 10:00"),
            ("open", "2025-01-07 10:00"),
        )
        assert response_deadline(contact, SUPPORT) == at("2025-01-06 17:00")
        first = breach_status(contact, SUPPORT, at("2025-01-06 18:00")).first_response
        assert first.state is SlaState.BREACHED
        assert first.elapsed == timedelta(hours=8)

    def test_waiting_on_the_customer_pauses_the_resolution_clock(self) -> None:
        contact = email(
            "2025-01-06 09:00",
            ("paused", "2025-01-06 10:00"),
            ("resumed", "2025-01-07 10:00"),
        )
        paused = breach_status(contact, SUPPORT, at("2025-01-06 18:00")).resolution
        assert paused.state is SlaState.PAUSED
        assert paused.elapsed == timedelta(hours=1)
        resumed = breach_status(contact, SUPPORT, at("2025-01-07 12:00")).resolution
        assert resumed.elapsed == timedelta(hours=3)
        # 40 h = Mon-Fri; waiting took Mon 10-17 and Tue 09-10 (8 h): one more day.
        assert resumed.deadline == at("2025-01-13 17:00")

    def test_a_target_can_make_the_first_response_pause(self) -> None:
        pausing = SUPPORT.model_copy(
            update={
                "targets": (
                    Target(
                        metric="first_response",
                        duration=timedelta(hours=8),
                        pauses_on=["waiting_on_customer"],
                    ),
                )
            }
        )
        contact = email(
            "2025-01-06 09:00",
            ("waiting_on_customer", "2025-01-06 10:00"),
            ("open", "2025-01-07 10:00"),
        )
        assert response_deadline(contact, pausing) == at("2025-01-07 17:00")

    def test_open_pause_has_no_deadline_when_the_target_pauses(self) -> None:
        pausing = SUPPORT.model_copy(
            update={
                "targets": (
                    Target(
                        metric="first_response",
                        duration=timedelta(hours=8),
                        pauses_on=["waiting_on_customer"],
                    ),
                )
            }
        )
        contact = email("2025-01-06 09:00", ("waiting_on_customer", "2025-01-06 10:00"))
        with pytest.raises(ContactPausedError, match="'open' event"):
            response_deadline(contact, pausing)
        status = breach_status(contact, pausing, at("2025-02-06 10:00")).first_response
        assert status.state is SlaState.PAUSED
        assert status.deadline is None

    def test_next_response_cycles(self) -> None:
        contact = email(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("customer_reply", "2025-01-06 11:00"),
            ("customer_reply", "2025-01-06 12:00"),
        )
        status = breach_status(contact, SUPPORT, at("2025-01-06 14:00")).next_response
        assert status.started_at == at("2025-01-06 11:00")  # the first unanswered message
        assert status.deadline == at("2025-01-06 15:00")
        assert status.state is SlaState.ON_TRACK
        answered = contact.with_event("agent_reply", at("2025-01-06 16:00"))
        assert (
            breach_status(answered, SUPPORT, at("2025-01-07 09:00")).next_response.state
            is SlaState.MET_LATE
        )

    def test_no_next_response_before_the_customer_writes_again(self) -> None:
        contact = email("2025-01-06 09:00", ("agent_reply", "2025-01-06 10:00"))
        assert (
            breach_status(contact, SUPPORT, at("2025-01-06 14:00")).next_response.state
            is SlaState.NOT_APPLICABLE
        )

    def test_reopening_continues_the_resolution_clock(self) -> None:
        contact = email(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("resolved", "2025-01-06 13:00"),
            ("reopened", "2025-01-08 09:00"),
        )
        status = breach_status(contact, SUPPORT, at("2025-01-08 11:00")).resolution
        assert status.elapsed == timedelta(hours=6)  # 4 h before resolving, 2 h since reopening
        assert status.state is SlaState.ON_TRACK
        resolved = breach_status(contact, SUPPORT, at("2025-01-07 09:00")).resolution
        assert resolved.state is SlaState.MET

    def test_metric_without_target_is_not_applicable(self) -> None:
        status = breach_status(email("2025-01-06 09:00"), RETAIL, at("2025-01-06 10:00"))
        assert status.resolution.state is SlaState.NOT_APPLICABLE

    def test_metric_with_a_target_for_another_priority_only_is_not_applicable(self) -> None:
        policy = ServiceLevelPolicy(
            name="Urgent first replies",
            hours=DUTCH_OFFICE_HOURS,
            channels=["email"],
            targets=[
                Target(metric="first_response", priority="urgent", duration=timedelta(hours=1)),
                Target(metric="resolution", duration=timedelta(hours=40)),
            ],
        )
        status = breach_status(email("2025-01-06 09:00"), policy, at("2025-01-06 10:00"))
        assert status.first_response.state is SlaState.NOT_APPLICABLE  # normal priority
        assert status.first_response.cycles == ()
        assert status.resolution.state is SlaState.ON_TRACK
        # Lowered from urgent to normal: the running clock loses its target, unless
        # its deadline (10:00) had passed already.
        for lowered, state in (("09:30", SlaState.NOT_APPLICABLE), ("10:30", SlaState.BREACHED)):
            contact = Contact(
                channel="email",
                priority="urgent",
                received_at=at("2025-01-06 09:00"),
                events=[
                    {
                        "kind": "priority_changed",
                        "at": at(f"2025-01-06 {lowered}"),
                        "priority": "normal",
                    }
                ],
            )
            assert (
                breach_status(contact, policy, at("2025-01-06 11:00")).first_response.state is state
            )

    @pytest.mark.parametrize(
        ("metric", "events"),
        [
            ("first_response", ()),  # a deadline from an open window
            ("requester_wait", (("waiting_on_customer", "2025-01-06 10:00"),)),  # a closed one
        ],
    )
    def test_business_clock_on_hours_without_openings(
        self, metric: str, events: tuple[tuple[str, str], ...]
    ) -> None:
        closed = BusinessHours.weekly({}, tz="Europe/Amsterdam")
        contact = email("2025-01-06 09:00", *events)
        now = at("2025-01-06 11:00")
        for clock in ("business", "calendar"):
            policy = ServiceLevelPolicy(
                name="Closed",
                hours=closed,
                channels=["email"],
                targets=[Target(metric=metric, duration=timedelta(hours=8), clock=clock)],
            )
            if clock == "business":
                with pytest.raises(NoOpeningHoursError, match="no opening interval at all"):
                    breach_status(contact, policy, now)
            else:  # calendar time needs no openings: 2 h, or 1 h before the wait
                elapsed = timedelta(hours=1 if events else 2)
                assert breach_status(contact, policy, now)[metric].elapsed == elapsed

    def test_future_events_are_ignored(self) -> None:
        contact = email("2025-01-06 09:00", ("agent_reply", "2025-01-06 12:00"))
        assert (
            breach_status(contact, SUPPORT, at("2025-01-06 11:00")).first_response.state
            is SlaState.ON_TRACK
        )


class TestDaylightSavingTime:
    def test_events_in_the_autumn_fold_are_ordered_by_instant(self) -> None:
        # 02:44 (+02:00) comes before 02:00 (+01:00) that night; wall times say otherwise.
        received = at("2024-10-27 02:44", fold=0)
        reply = at("2024-10-27 02:00", fold=1)
        contact = Contact(
            channel="live_chat",
            received_at=received,
            events=[{"kind": "agent_reply", "at": reply}],
        )
        chat = ServiceLevelPolicy(
            name="Chat",
            hours=BusinessHours.always(tz="Europe/Amsterdam"),
            targets=[
                Target(metric="first_response", channel="live_chat", duration=timedelta(hours=1))
            ],
        )
        status = breach_status(contact, chat, reply).first_response
        assert status.state is SlaState.MET
        assert status.elapsed == timedelta(minutes=16)
        assert utc(status.deadline) == utc(received) + timedelta(hours=1)
        assert contact.events_until(received) == ()

    def test_events_out_of_order_in_the_fold(self) -> None:
        with pytest.raises(ValidationError, match="before the contact was received"):
            Contact(
                channel="email",
                received_at=at("2024-10-27 02:10", fold=1),
                events=[{"kind": "agent_reply", "at": at("2024-10-27 02:50", fold=0)}],
            )


class TestBadInput:
    def test_now_before_receipt(self) -> None:
        with pytest.raises(NowBeforeReceiptError, match="before the contact was received"):
            breach_status(email("2025-01-06 09:00"), SUPPORT, at("2025-01-06 08:00"))

    def test_naive_now(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            breach_status(email("2025-01-06 09:00"), SUPPORT, datetime(2025, 1, 6, 10))  # noqa: DTZ001

    def test_naive_received_at(self) -> None:
        with pytest.raises(ValidationError, match="naive_datetime"):
            Contact(channel="email", received_at=datetime(2025, 1, 6, 9))  # noqa: DTZ001

    def test_event_before_receipt(self) -> None:
        with pytest.raises(ValidationError, match="before the contact was received"):
            email("2025-01-06 09:00", ("agent_reply", "2025-01-06 08:00"))

    def test_events_out_of_order(self) -> None:
        with pytest.raises(ValidationError, match="list events in time order"):
            email(
                "2025-01-06 09:00",
                ("agent_reply", "2025-01-06 12:00"),
                ("customer_reply", "2025-01-06 11:00"),
            )

    @pytest.mark.parametrize(
        ("events", "error"),
        [
            ((("reopened", "2025-01-06 10:00"),), "reopen_without_resolution"),
            (
                (("resolved", "2025-01-06 10:00"), ("resolved", "2025-01-06 11:00")),
                "already_resolved",
            ),
            (
                (("resolved", "2025-01-06 10:00"), ("open", "2025-01-06 11:00"),
                 ("reopened", "2025-01-06 12:00")),
                "reopen_without_resolution",
            ),
        ],
    )  # fmt: skip
    def test_impossible_conversations(
        self, events: tuple[tuple[str, str], ...], error: str
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            email("2025-01-06 09:00", *events)
        assert [e["type"] for e in raised.value.errors()] == [error]

    @pytest.mark.parametrize(
        "events",
        [
            (("resumed", "2025-01-06 10:00"),),
            (("paused", "2025-01-06 10:00"), ("paused", "2025-01-06 11:00")),
            (("open", "2025-01-06 10:00"),),
        ],
    )
    def test_a_status_event_that_repeats_the_status_changes_nothing(
        self, events: tuple[tuple[str, str], ...]
    ) -> None:
        # Help-desk exports restate statuses (Zendesk "new" -> "open"); earlier versions
        # rejected these.
        contact = email("2025-01-06 09:00", *events)
        plain = email("2025-01-06 09:00")
        now = at("2025-01-06 12:00")
        assert (
            breach_status(contact, SUPPORT, now).first_response
            == breach_status(plain, SUPPORT, now).first_response
        )

    def test_unsupported_channel(self) -> None:
        contact = Contact(channel="social_media", received_at=at("2025-01-06 09:00"))
        with pytest.raises(NoTargetError, match="does not support channel social_media"):
            response_deadline(contact, SUPPORT)
        with pytest.raises(NoTargetError, match="does not support channel social_media"):
            breach_status(contact, SUPPORT, at("2025-01-06 10:00"))

    def test_supported_channel_without_any_target(self) -> None:
        contact = Contact(channel="self_service", received_at=at("2025-01-06 09:00"))
        with pytest.raises(NoTargetError, match="no first_response target for self_service"):
            breach_status(contact, RETAIL, at("2025-01-06 10:00"))


class TestPurity:
    def test_same_input_same_output_nothing_mutated(self) -> None:
        contact = email("2025-01-06 09:00", ("agent_reply", "2025-01-06 10:00"))
        before = contact.model_dump()
        first = breach_status(contact, SUPPORT, at("2025-01-07 09:00"))
        assert breach_status(contact, SUPPORT, at("2025-01-07 09:00")) == first
        assert contact.model_dump() == before

    @pytest.mark.parametrize("now", ["2025-01-06 09:30", "2025-01-06 12:00", "2025-01-08 09:00"])
    def test_results_are_the_models_validation_would_give(self, now: str) -> None:
        # breach_status builds its results without validating them again.
        contact = email(
            "2025-01-06 09:00",
            ("agent_reply", "2025-01-06 10:00"),
            ("customer_message", "2025-01-06 11:00"),
        )
        result = breach_status(contact, SUPPORT, at(now))
        validated = SlaStatus.model_validate(result.model_dump())
        assert validated == result
        assert validated.model_dump_json() == result.model_dump_json()
        assert result.model_fields_set == validated.model_fields_set
        for built, checked in zip(result.metrics, validated.metrics, strict=True):
            assert built.model_fields_set == checked.model_fields_set
            assert built.cycles == checked.cycles
            assert [c.model_fields_set for c in built.cycles] == [
                c.model_fields_set for c in checked.cycles
            ]
        assert pickle.loads(pickle.dumps(result)) == result
        assert result.model_copy(update={"now": at("2025-01-09 09:00")}).now == at(
            "2025-01-09 09:00"
        )
        assert result.now == at(now)  # the copy left the original alone


@st.composite
def policy_and_contact(draw: st.DrawFn) -> tuple[ServiceLevelPolicy, Contact]:
    policy = draw(policies())
    contact = draw(contacts(policy, max_events=0))
    return policy, contact


RANK = {SlaState.ON_TRACK: 0, SlaState.AT_RISK: 1, SlaState.BREACHED: 2}


@given(policy_and_contact(), st.timedeltas(timedelta(0), timedelta(days=30)))
def test_answered_before_the_deadline_is_never_breached(
    case: tuple[ServiceLevelPolicy, Contact], fraction: timedelta
) -> None:
    policy, contact = case
    deadline = response_deadline(contact, policy)
    total = utc(deadline) - utc(contact.received_at)
    reply = utc(contact.received_at) + (fraction % total if total else total)
    answered = contact.with_event(EventKind.AGENT_REPLY, reply)
    for now in (reply, reply + timedelta(days=1), reply + timedelta(days=400)):
        state = breach_status(answered, policy, now).first_response.state
        assert state is SlaState.MET


@given(
    policy_and_contact(),
    st.timedeltas(timedelta(0), timedelta(days=5)),
    st.timedeltas(timedelta(0), timedelta(days=5)),
)
def test_pausing_never_brings_the_deadline_earlier(
    case: tuple[ServiceLevelPolicy, Contact], offset: timedelta, length: timedelta
) -> None:
    policy, contact = case
    start = utc(contact.received_at) + offset
    paused = contact.with_event("paused", start).with_event("resumed", start + length)
    assert utc(response_deadline(paused, policy)) >= utc(response_deadline(contact, policy))


@given(
    policy_and_contact(),
    st.timedeltas(timedelta(0), timedelta(days=20)),
    st.timedeltas(timedelta(0), timedelta(days=20)),
)
def test_status_is_monotonic_in_now_without_a_reply(
    case: tuple[ServiceLevelPolicy, Contact], first: timedelta, second: timedelta
) -> None:
    policy, contact = case
    earlier, later = sorted((first, second))
    received = utc(contact.received_at)
    for metric in (Metric.FIRST_RESPONSE, Metric.RESOLUTION):
        states = [
            getattr(breach_status(contact, policy, received + delta), metric.value).state
            for delta in (earlier, later)
        ]
        assume(all(state in RANK for state in states))
        assert RANK[states[0]] <= RANK[states[1]]


@given(st.data())
def test_any_generated_contact_has_a_status(data: st.DataObject) -> None:
    policy = data.draw(policies())
    contact = data.draw(contacts(policy))
    last = contact.events[-1].at if contact.events else contact.received_at
    now = utc(last) + data.draw(st.timedeltas(timedelta(0), timedelta(days=3)))
    status = breach_status(contact, policy, now)
    restored = Contact.model_validate_json(contact.model_dump_json())
    # JSON keeps the offset, not the zone name: compare instants.
    assert utc(restored.received_at) == utc(contact.received_at)
    assert [utc(e.at) for e in restored.events] == [utc(e.at) for e in contact.events]
    for result in status.metrics:
        if result.state in (SlaState.MET, SlaState.MET_LATE, SlaState.BREACHED):
            assert result.deadline is not None
        if result.state is SlaState.BREACHED:
            assert utc(now) > utc(result.deadline)


def test_received_in_another_time_zone() -> None:
    contact = Contact(channel="email", received_at=datetime(2025, 1, 6, 8, tzinfo=UTC))
    assert utc(response_deadline(contact, SUPPORT)) == utc(at("2025-01-06 17:00"))


@given(st.from_type(SlaStatus))
def test_statuses_are_registered(status: SlaStatus) -> None:
    assert [result.metric for result in status.metrics] == list(Metric)
    for result in status.metrics:
        assert (result.state is SlaState.NOT_APPLICABLE) == (not result.cycles)
        for cycle in result.cycles:
            if cycle.state is SlaState.MET:
                assert cycle.stopped_at is not None
                assert cycle.deadline is not None
                assert utc(cycle.stopped_at) <= utc(cycle.deadline)


@given(st.from_type(SectorProfile), st.from_type(ContactEvent))
def test_profiles_and_events_are_registered(profile: SectorProfile, event: ContactEvent) -> None:
    assert set(profile.default_targets) <= set(profile.preferred_channels)
    assert event.at.tzinfo is not None


def test_status_rich_display() -> None:
    html = breach_status(email("2025-01-06 09:00"), SUPPORT, at("2025-01-06 16:00"))._repr_html_()
    first_row = html.split(">first_response</td>", 1)[1].split("</tr>", 1)[0]
    assert ">at_risk</td>" in first_row
    assert ">2025-01-06 17:00+01:00</td>" in first_row
    assert ">88%</td>" in first_row


@given(
    data=st.data(),
    duration=st.integers(1, 400 * 24 * 3_600_000_000),
    later=st.integers(0, 400 * 24 * 3_600_000_000),
)
def test_one_lookup_of_deadline_and_elapsed_agrees_with_add_and_between(
    data: st.DataObject, duration: int, later: int
) -> None:
    # The status settles its commonest cycles with Timeline.add_and_between: it must give
    # exactly what add() and between() give apart.
    from servicelevel._instants import to_us
    from servicelevel._timeline import timeline
    from servicelevel.strategies import aware_datetimes, business_hours

    hours = data.draw(business_hours())
    assume(hours.has_openings)
    line = timeline(hours)
    start = to_us(data.draw(aware_datetimes(hours)), "start")
    end = start + later
    try:
        expected = (line.add(start, duration)[0], line.between(start, end))
    except ServiceLevelError as error:  # beyond the calendar, or never enough open time
        with pytest.raises(type(error)):
            line.add_and_between(start, duration, end)
        return
    assert line.add_and_between(start, duration, end) == expected
