"""Waits learned from history: quantiles of first replies, on the promise's clock."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    ArgumentTypeError,
    BusinessHours,
    Channel,
    Clock,
    Conditions,
    Contact,
    LearnedWaits,
    LimitExceededError,
    NaiveDatetimeError,
    PolicyRule,
    PolicySet,
    ServiceLevelPolicy,
    Target,
    UnknownNameError,
    business_time_between,
    learn_waits,
)

from .common import AMS, OFFICE, at, hours

#: Friday 10 January 2025, noon: every contact of Monday to Thursday has settled.
NOW = at("2025-01-10 12:00")
CHAT_HOURS = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
POLICY = ServiceLevelPolicy(
    name="support",
    hours=OFFICE,
    channel_hours={Channel.LIVE_CHAT: CHAT_HOURS},
    channels=["email", "social_media", "phone", "live_chat"],
    targets=[
        Target(metric="first_response", channel="email", duration="8h"),
        Target(metric="first_response", channel="social_media", duration="4h", clock="calendar"),
        Target(metric="first_response", channel="phone", duration="1 working day"),
        Target(metric="first_response", channel="live_chat", duration="10min"),
    ],
    offline_fallback={"live_chat": "email"},
)


def contact(
    received: str,
    reply: str | None = None,
    channel: str = "email",
    *,
    events: tuple[dict[str, Any], ...] = (),
    **fields: Any,
) -> Contact:
    """A contact received at ``received`` (Amsterdam), answered at ``reply`` if given."""
    replies = () if reply is None else ({"kind": "agent_reply", "at": at(reply)},)
    return Contact(channel=channel, received_at=at(received), events=(*events, *replies), **fields)


#: Business-time first replies of 1, 3, 2, 4 and 2 hours (the last over the night:
#: Monday 16:00 to Tuesday 10:00 is 2 business hours, 18 calendar hours).
FIVE = [
    contact("2025-01-06 09:00", "2025-01-06 10:00"),
    contact("2025-01-07 09:00", "2025-01-07 12:00"),
    contact("2025-01-08 09:00", "2025-01-08 11:00"),
    contact("2025-01-09 09:00", "2025-01-09 13:00"),
    contact("2025-01-06 16:00", "2025-01-07 10:00"),
]


def test_the_median_of_a_small_history_is_the_hand_computed_one() -> None:
    waits = learn_waits(FIVE, POLICY, NOW, min_sample=5)
    email = waits.channel("email")
    # Sorted 1, 2, 2, 3, 4 hours; the median is the 3rd of 5.
    assert (email.learned, email.wait, email.sample, email.fell_back) == (
        hours(2),
        hours(2),
        5,
        False,
    )
    assert waits.usual_waits()[Channel.EMAIL] == hours(2)


@pytest.mark.parametrize(
    ("quantile", "expected"),
    [
        (0.2, 1),  # 1 of 5 within 1 h (the float 0.2 is a little more than 0.2)
        (0.4, 2),
        (0.5, 2),
        (0.6, 2),  # 3 of 5 within 2 h is 60%: 0.6 * 5 is 3.0000000000000004 in floats
        (0.7, 3),
        (0.8, 3),
        (0.81, 4),
        (1.0, 4),  # the longest wait
    ],
)
def test_the_quantile_is_the_nearest_rank(quantile: float, expected: int) -> None:
    email = learn_waits(FIVE, POLICY, NOW, quantile=quantile, min_sample=5).channel("email")
    assert email.learned == hours(expected)
    assert email.quantile == quantile


@pytest.mark.parametrize(
    ("received", "counted"),
    [
        ("2025-01-07 12:00:00", True),  # exactly at the window's start
        ("2025-01-07 11:59:59.999999", False),  # a microsecond before it
    ],
)
def test_the_window_includes_its_start(received: str, counted: bool) -> None:
    history = [contact(received, "2025-01-07 13:00")]
    waits = learn_waits(history, POLICY, NOW, window=timedelta(days=3), min_sample=1)
    assert waits.channel("email").sample == int(counted)


def test_a_contact_received_at_now_has_not_settled() -> None:
    history = [contact("2025-01-10 12:00", "2025-01-10 12:00")]
    assert learn_waits(history, POLICY, NOW, min_sample=1).channel("email").sample == 0


@pytest.mark.parametrize(("min_sample", "fell_back"), [(5, False), (6, True)])
def test_too_small_a_sample_falls_back_to_the_promise(min_sample: int, fell_back: bool) -> None:
    email = learn_waits(FIVE, POLICY, NOW, min_sample=min_sample).channel("email")
    assert email.fell_back is fell_back
    assert email.sample == 5
    assert email.wait == (hours(8) if fell_back else hours(2))
    assert (email.learned is None) is fell_back


def test_an_empty_history_advertises_every_promise_that_is_a_duration() -> None:
    waits = learn_waits([], POLICY, NOW)
    assert waits.usual_waits() == {
        Channel.EMAIL: hours(8),
        Channel.SOCIAL_MEDIA: hours(4),
        Channel.LIVE_CHAT: timedelta(minutes=10),
    }
    assert all(entry.fell_back for entry in waits.channels if entry.wait is not None)


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("email", hours(1.5)),  # business: Friday 16:00-17:00 and Monday 09:00-09:30
        ("social_media", hours(65.5)),  # calendar: every hour from Friday 16:00
    ],
)
def test_each_channel_counts_on_its_promises_clock(channel: str, expected: timedelta) -> None:
    history = [contact("2025-01-03 16:00", "2025-01-06 09:30", channel)]
    entry = learn_waits(history, POLICY, NOW, min_sample=1).channel(channel)
    assert entry.learned == expected
    assert entry.clock is (Clock.CALENDAR if channel == "social_media" else Clock.BUSINESS)


def test_a_working_day_promise_is_not_learned_nor_advertised() -> None:
    history = [contact(f"2025-01-0{day} 09:00", f"2025-01-0{day} 09:05", "phone") for day in (6, 7)]
    waits = learn_waits(history, POLICY, NOW, min_sample=1)
    phone = waits.channel("phone")
    assert (phone.clock, phone.learned, phone.wait, phone.fell_back, phone.sample) == (
        Clock.WORKING_DAYS,
        None,
        None,
        False,
        0,
    )
    assert Channel.PHONE not in waits.usual_waits()


def test_unanswered_contacts_past_their_promise_count_with_their_wait_so_far() -> None:
    answered = [contact(f"2025-01-0{day} 09:00", f"2025-01-0{day} 10:00") for day in (6, 7, 8)]
    waiting = [contact("2025-01-06 09:00"), contact("2025-01-08 09:00")]
    email = learn_waits([*answered, *waiting], POLICY, NOW, min_sample=5).channel("email")
    assert (email.sample, email.unanswered) == (5, 2)
    assert email.learned == hours(1)  # 1, 1, 1, 19, 35 hours
    leaving_them_out = learn_waits(answered, POLICY, NOW, quantile=0.8, min_sample=3)
    with_them = learn_waits([*answered, *waiting], POLICY, NOW, quantile=0.8, min_sample=5)
    assert leaving_them_out.channel("email").learned == hours(1)
    assert with_them.channel("email").learned == hours(19)  # Wednesday 09:00 to Friday 12:00


@pytest.mark.parametrize(
    "young",
    [
        contact("2025-01-10 09:00"),  # 3 of its 8 business hours gone, no reply yet
        contact("2025-01-10 09:00", "2025-01-10 09:10"),  # answered, but so is not yet its twin
    ],
    ids=["unanswered", "answered"],
)
def test_contacts_whose_promise_still_runs_are_left_out(young: Contact) -> None:
    email = learn_waits([*FIVE, young], POLICY, NOW, min_sample=1).channel("email")
    assert email.sample == 5


def test_the_advertised_wait_is_never_above_the_promise() -> None:
    slow = [contact(f"2025-01-0{day} 09:00", f"2025-01-0{day + 1} 12:00") for day in (6, 7, 8)]
    email = learn_waits(slow, POLICY, NOW, min_sample=3).channel("email")
    assert email.learned == hours(11)
    assert email.wait == email.promise == hours(8)
    assert "cut to the promise" in repr(email)


def test_events_after_now_have_not_happened() -> None:
    history = [contact("2025-01-06 09:00", "2025-01-06 10:00")]
    earlier = at("2025-01-06 09:30")
    email = learn_waits(history, POLICY, earlier, min_sample=1).channel("email")
    assert email.sample == 0  # received 30 business minutes before now: not settled
    late = learn_waits(history, POLICY, at("2025-01-07 10:00"), min_sample=1).channel("email")
    assert late.learned == hours(1)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ((), 1),
        (({"kind": "cancelled", "at": at("2025-01-06 09:30"), "reason": "spam"},), 0),
        (({"kind": "internal_note", "at": at("2025-01-06 09:30")},), 1),
    ],
    ids=["answered", "cancelled before the reply", "a note is no reply"],
)
def test_cancelled_contacts_wait_for_nothing(
    events: tuple[dict[str, Any], ...], expected: int
) -> None:
    if expected:  # the reply follows the note
        history = [contact("2025-01-06 09:00", "2025-01-06 10:00", events=events)]
    else:
        history = [contact("2025-01-06 09:00", events=events)]
    email = learn_waits(history, POLICY, NOW, min_sample=1).channel("email")
    assert email.sample == expected
    assert email.learned == (hours(1) if expected else None)


def test_a_chat_left_while_the_chat_is_closed_counts_as_email() -> None:
    history = [
        contact("2025-01-06 20:00", "2025-01-07 09:30", "live_chat"),  # closed: e-mail
        contact("2025-01-06 10:00", "2025-01-06 10:04", "live_chat"),
    ]
    waits = learn_waits(history, POLICY, NOW, min_sample=1)
    assert waits.channel("email").learned == hours(0.5)
    assert waits.channel("live_chat").learned == timedelta(minutes=4)


@pytest.mark.parametrize(
    ("priority", "expected"),
    [("normal", [hours(1)]), ("urgent", [hours(2), hours(3)])],
)
def test_only_contacts_of_the_priority_at_receipt_count(
    priority: str, expected: list[timedelta]
) -> None:
    raised_at_receipt = {
        "kind": "priority_changed",
        "at": at("2025-01-06 09:00"),
        "priority": "urgent",
    }
    raised_later = {"kind": "priority_changed", "at": at("2025-01-06 09:30"), "priority": "urgent"}
    history = [
        contact("2025-01-06 09:00", "2025-01-06 10:00", events=(raised_later,)),  # was normal
        contact("2025-01-06 09:00", "2025-01-06 11:00", events=(raised_at_receipt,)),
        contact("2025-01-06 09:00", "2025-01-06 12:00", priority="urgent"),
    ]
    waits = learn_waits(history, POLICY, NOW, quantile=1.0, min_sample=1, priority=priority)
    email = waits.channel("email")
    assert email.sample == len(expected)
    assert email.learned == max(expected)


def _vip_set(*, with_default: bool = True) -> PolicySet:
    faster = POLICY.with_target(Target(metric="first_response", channel="email", duration="2h"))
    vip = ServiceLevelPolicy.model_validate({**faster.model_dump(), "name": "vip"})
    rules = [PolicyRule(when=Conditions(attributes={"organisation": ["ACME"]}), policy=vip)]
    if with_default:
        rules.append(PolicyRule(policy=POLICY))
    return PolicySet(name="desk", rules=rules)


def test_a_policy_set_pools_its_policies_and_promises_the_shortest() -> None:
    acme = {"organisation": "ACME"}
    history = [
        contact("2025-01-06 09:00", "2025-01-06 10:00", attributes=acme),
        contact("2025-01-07 09:00", "2025-01-07 14:00"),
        contact("2025-01-08 09:00", "2025-01-08 15:00"),
    ]
    waits = learn_waits(history, _vip_set(), NOW, min_sample=3)
    email = waits.channel("email")
    assert (waits.policy, email.promise, email.sample) == ("desk", hours(2), 3)
    assert email.learned == hours(5)
    assert email.wait == hours(2)  # never above the VIP promise
    alone = learn_waits(history, _vip_set(with_default=False), NOW, min_sample=1)
    assert alone.channel("email").sample == 1  # no rule for the others: left out


def test_a_policy_set_selects_with_the_attributes_set_at_receipt() -> None:
    became_acme = {
        "kind": "attributes_changed",
        "at": at("2025-01-06 09:00"),
        "attributes": {"organisation": "ACME"},
    }
    history = [contact("2025-01-06 09:00", "2025-01-06 12:00", events=(became_acme,))]
    policies = _vip_set(with_default=False)
    assert policies.select(history[0]).name == "vip"
    assert learn_waits(history, policies, NOW, min_sample=1).channel("email").sample == 1


def test_the_learned_wait_agrees_with_business_time_between() -> None:
    history = [
        contact(
            f"2025-01-0{day} {hour:02d}:17", f"2025-01-0{day + 1} {10 + day}:{day * 7:02d}", channel
        )
        for day in (6, 7, 8)
        for hour in (7, 12, 16, 20)
        for channel in ("email", "social_media")
    ]
    waits = learn_waits(history, POLICY, NOW, quantile=0.75, min_sample=1)
    for channel, measure in (
        ("email", lambda c: business_time_between(OFFICE, c.received_at, c.events[0].at)),
        ("social_media", lambda c: c.events[0].at - c.received_at),
    ):
        values = sorted(measure(c) for c in history if c.channel == channel)
        rank = math.ceil(0.75 * len(values))
        assert waits.channel(channel).learned == values[rank - 1]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"quantile": 0}, LimitExceededError, r"quantile must be in \(0, 1\], not 0; .*0\.5"),
        ({"quantile": 1.5}, LimitExceededError, r"quantile must be in \(0, 1\]"),
        ({"quantile": -0.1}, LimitExceededError, r"quantile must be in \(0, 1\]"),
        ({"quantile": math.nan}, LimitExceededError, r"quantile must be in \(0, 1\], not nan"),
        ({"quantile": "0.5"}, ArgumentTypeError, "quantile must be a float, not str"),
        ({"quantile": True}, ArgumentTypeError, "quantile must be a float, not bool"),
        ({"window": timedelta(0)}, LimitExceededError, r"window must be positive.*days=7"),
        ({"window": -timedelta(days=1)}, LimitExceededError, "window must be positive"),
        ({"window": 7}, ArgumentTypeError, "window must be a timedelta, not int"),
        ({"min_sample": 0}, LimitExceededError, "min_sample must be at least 1, not 0; .* 20"),
        ({"min_sample": 2.5}, ArgumentTypeError, "min_sample must be a whole number, not float"),
        (
            {"now": datetime(2025, 1, 10, 12)},  # noqa: DTZ001 - the error under test
            NaiveDatetimeError,
            "now=2025-01-10T12:00:00 is a naive",
        ),
        ({"priority": "asap"}, UnknownNameError, "'asap' is not a valid Priority"),
    ],
)
def test_bad_arguments_raise_typed_errors_that_say_how_to_fix_them(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    call: dict[str, Any] = {"now": NOW, **arguments}
    with pytest.raises(error, match=message):
        learn_waits(FIVE, POLICY, **call)


def test_an_unpromised_channel_has_no_entry() -> None:
    with pytest.raises(UnknownNameError, match="'messaging' is not a channel with a first-reply"):
        learn_waits(FIVE, POLICY, NOW).channel("messaging")


def test_the_result_is_a_frozen_model_that_round_trips() -> None:
    waits = learn_waits(FIVE, POLICY, NOW, min_sample=5)
    assert LearnedWaits.model_validate_json(waits.model_dump_json()) == waits
    assert hash(waits) == hash(LearnedWaits.model_validate(waits.model_dump()))
    assert (
        repr(waits)
        == "LearnedWaits('support', median of 7 d: email 2 h, social_media 4 h*, phone -, live_chat 10 min*)"
    )


# -- properties -------------------------------------------------------------------------

_RECEIPTS = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis bounds are wall times
    max_value=datetime(2025, 1, 10, 12),  # noqa: DTZ001
    timezones=st.just(AMS),
)


@st.composite
def _histories(draw: st.DrawFn) -> list[Contact]:
    found = []
    for received in draw(st.lists(_RECEIPTS, max_size=30)):
        delay = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=3)))
        channel = draw(st.sampled_from(("email", "social_media", "live_chat")))
        events = [] if delay is None else [{"kind": "agent_reply", "at": received + delay}]
        found.append(Contact(channel=channel, received_at=received, events=events))
    return found


@given(
    history=_histories(),
    quantiles=st.lists(st.floats(0.01, 1.0), min_size=2, max_size=2).map(sorted),
    min_sample=st.integers(1, 5),
)
def test_advertised_waits_never_exceed_the_promise_and_grow_with_the_quantile(
    history: list[Contact], quantiles: list[float], min_sample: int
) -> None:
    low, high = (
        learn_waits(history, POLICY, NOW, quantile=q, min_sample=min_sample) for q in quantiles
    )
    for lower, upper in zip(low.channels, high.channels, strict=True):
        assert lower.sample == upper.sample
        if lower.wait is None:
            continue
        assert upper.wait is not None
        assert lower.wait <= upper.wait <= upper.promise
        if lower.learned is not None and upper.learned is not None:
            assert lower.learned <= upper.learned
            assert upper.wait == min(upper.learned, upper.promise)
    for channel, wait in high.usual_waits().items():
        assert wait <= high.channel(channel).promise
