"""Expectations beside promises: expectation_gap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import (
    BusinessHours,
    Channel,
    ChannelGap,
    Contact,
    ExpectationGap,
    LimitExceededError,
    NoTargetError,
    ServiceLevelPolicy,
    Target,
    UnknownNameError,
    expectation_gap,
    policy_for,
    response_deadline,
)
from servicelevel._expectations import _deadlines

OFFICE_UTC = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
EMAIL_8H = ServiceLevelPolicy(
    name="Mail desk",
    hours=OFFICE_UTC,
    channels=["email"],
    targets=[Target(metric="first_response", channel="email", duration="8h")],
)
CHAT_AND_MAIL = ServiceLevelPolicy(
    name="Chat and mail",
    hours=OFFICE_UTC,
    channels=["live_chat", "email", "social_media"],
    targets=[
        Target(metric="first_response", channel="live_chat", duration="3min"),
        Target(metric="first_response", channel="email", duration="8h"),
        Target(metric="first_response", channel="social_media", duration="6h", clock="calendar"),
    ],
    offline_fallback={"live_chat": "email"},
)


def test_hand_computed_share_on_a_small_schedule() -> None:
    """Mon-Fri 09-17 UTC, no holidays, e-mail within 8 business hours, customers
    expecting 24 h, a receipt moment every hour of 2025.

    A weekday 09:00 receipt is due 17:00 the same day; 10:00-16:00 the next
    working day at the same hour; evenings and nights the next 17:00. Per week
    of 168 moments the deadline is strictly later than 24 h for: Friday
    10:00-16:00 (7 moments, due Monday at the same hour: 72 h), Friday
    17:00-23:00 (7, due Monday 17:00: 72-66 h), all of Saturday (24, 65-42 h)
    and Sunday 00:00-16:00 (17, 41-25 h). Sunday 17:00 is due Monday 17:00,
    exactly 24 h: not later; Monday to Thursday never wait more than 24 h. So
    55 of 168 moments a week. 2025 is 52 weeks and one Wednesday (no late
    moment): 52 x 55 = 2,860 of 8,760, 32.6%. The worst wait is 72 h, first
    on Friday 3 January 10:00, 48 h more than expected.
    """
    gap = expectation_gap(EMAIL_8H, "other", "b2c", step=timedelta(hours=1))
    email = gap.channel("email")
    assert gap.moments == 8760
    assert email.share_later == pytest.approx(2860 / 8760)
    assert email.worst_wait == timedelta(hours=72)
    assert email.worst_lateness == timedelta(hours=48)
    assert email.worst_received_at == datetime(2025, 1, 3, 10, tzinfo=UTC)
    assert email.worst_deadline == datetime(2025, 1, 6, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("profile", "share"),
    [
        ({(day, 10): 1.0 for day in range(4)}, 0.0),  # Mon-Thu 10:00: exactly 24 h
        ({(5, hour): 2.0 for hour in range(24)}, 1.0),  # Saturday only
        ({(0, 10): 1.0, (5, 10): 1.0}, 0.5),  # equal weights, one late
        ({(0, 10): 3.0, (5, 10): 1.0}, 0.25),
    ],
)
def test_an_arrival_profile_weighs_the_moments(
    profile: dict[tuple[int, int], float], share: float
) -> None:
    gap = expectation_gap(EMAIL_8H, "other", "b2c", arrival_profile=profile)
    assert gap.weighted
    assert gap.channel("email").share_later == pytest.approx(share)


@settings(max_examples=30, deadline=None)
@given(
    policy=st.sampled_from(
        [CHAT_AND_MAIL, policy_for("retail", "b2c"), policy_for("technology", "b2b")]
    ),
    moment=st.datetimes(datetime(2025, 1, 1), datetime(2025, 12, 31), timezones=st.just(UTC)),  # noqa: DTZ001 - bounds are naive by design,
)
def test_deadlines_are_those_of_response_deadline(
    policy: ServiceLevelPolicy, moment: datetime
) -> None:
    receipt = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    for channel in policy.channels:
        (found,) = _deadlines(policy, channel, [receipt])
        try:
            expected = response_deadline(Contact(channel=channel, received_at=moment), policy)
        except NoTargetError:
            assert found is None
        else:
            assert found is not None
            # Instants compared in UTC: an aware datetime in a DST fold never equals
            # one in another zone (PEP 495), even at the same instant.
            found_at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=found)
            assert found_at == expected.astimezone(UTC)


def test_a_closed_chat_is_measured_as_email() -> None:
    chat = expectation_gap(CHAT_AND_MAIL, "other", "b2c", step=timedelta(hours=1)).channel(
        "live_chat"
    )
    # Open 40 of 168 hours a week: those answer within 3 minutes; the rest fall back to
    # e-mail, due after far more than 3 minutes.
    assert chat.share_later == pytest.approx(1 - 40 * 52 / 8760 - 8 / 8760)
    assert chat.promised == timedelta(minutes=3)


def test_a_calendar_target_is_never_later_than_its_length() -> None:
    social = expectation_gap(CHAT_AND_MAIL, "other", "b2c").channel("social_media")
    assert social.expected_within == timedelta(hours=4)
    assert social.share_later == 1.0  # 6 calendar hours against 4 expected, always
    assert social.worst_lateness == timedelta(hours=2)


def test_a_preferred_channel_the_policy_does_not_offer() -> None:
    gap = expectation_gap(EMAIL_8H, "retail", "b2c", step=timedelta(days=1))
    phone = gap.channel("phone")
    assert not phone.offered
    assert phone.share_later is None
    assert "phone not offered" in repr(gap)
    assert Channel.SELF_SERVICE not in [g.channel for g in gap.channels]  # no expectation


def test_b2b_customers_expect_longer_written_answers() -> None:
    """Expected 48 h: late are Friday 10:00-23:00 (14 moments, 72-66 h) and
    Saturday 00:00-16:00 (17, 65-49 h): 31 a week, 52 x 31 of 8,760."""
    gap = expectation_gap(EMAIL_8H, "other", "b2b", step=timedelta(hours=1))
    assert gap.channel("email").expected_within == timedelta(hours=48)
    assert gap.channel("email").share_later == pytest.approx(52 * 31 / 8760)


def test_the_built_in_retail_email_promise() -> None:
    """The figure of the issue, on the corrected calendar (open on Good Friday):
    8 business hours is later than 24 h for about 35% of receipt moments, and a
    message on Christmas Eve morning waits 5 days."""
    email = expectation_gap(policy_for("retail", "b2c"), "retail", "b2c").channel("email")
    assert email.share_later == pytest.approx(0.3519, abs=5e-5)
    assert email.worst_wait == timedelta(days=5)
    assert email.worst_received_at is not None
    assert email.worst_received_at.date().isoformat() == "2025-12-24"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"step": timedelta(seconds=30)}, LimitExceededError, "between 1 minute and 1 day"),
        ({"step": timedelta(days=2)}, LimitExceededError, "between 1 minute and 1 day"),
        ({"arrival_profile": {(7, 0): 1.0}}, UnknownNameError, "weekday 0-6"),
        ({"arrival_profile": {(0, 24): 1.0}}, UnknownNameError, "weekday 0-6"),
        ({"arrival_profile": {(0, 9): -1.0}}, LimitExceededError, "at least 0"),
        ({"arrival_profile": {(0, 9): float("nan")}}, LimitExceededError, "at least 0"),
        ({"arrival_profile": {(0, 9): 0.0}}, LimitExceededError, "positive weight"),
    ],
)
def test_bad_input(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        expectation_gap(EMAIL_8H, "other", "b2c", **kwargs)  # type: ignore[arg-type]


def test_a_step_must_be_a_timedelta() -> None:
    with pytest.raises(TypeError, match="step"):
        expectation_gap(EMAIL_8H, "other", "b2c", step=900)  # type: ignore[arg-type]


def test_an_unknown_channel_is_named() -> None:
    gap = expectation_gap(EMAIL_8H, "other", "b2c", step=timedelta(days=1))
    with pytest.raises(UnknownNameError, match="email"):
        gap.channel("fax")
    with pytest.raises(UnknownNameError, match="email"):
        gap.channel("messaging")


def test_repr_and_html() -> None:
    gap = expectation_gap(EMAIL_8H, "retail", "b2c", step=timedelta(hours=1))
    assert repr(gap).startswith(
        "ExpectationGap('Mail desk', retail b2c, 2025, every 1 h: "
        "email 33% late (worst 2 d), phone not offered"
    )
    assert str(gap.channel("email")) == (
        "ChannelGap(email 33% later than 1 d (worst: a wait of 3 d, 2 d late))"
    )
    html = gap._repr_html_()
    assert "promises beside expectations" in html
    assert "8 h business" in html
    assert "not offered" in html
    assert "8 h business" in gap.channel("email")._repr_html_()
    no_promise = ChannelGap(channel="email", offered=True, expected_within=timedelta(days=1))
    assert repr(no_promise) == "ChannelGap(email promises nothing (customers expect 1 d))"
    assert isinstance(gap, ExpectationGap)
