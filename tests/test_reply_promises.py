"""A reply never writes a time earlier than the deadline it stands for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    BUILT_IN_TEMPLATES,
    BusinessHours,
    ServiceLevelPolicy,
    Target,
    auto_reply,
    describe_hours,
    policy_for,
)
from tests.common import at

SHOP = policy_for("retail", "b2c")


@pytest.mark.parametrize(
    ("received", "shown"),
    [
        ("2025-06-02 10:00:40", "10:04"),  # due 10:03:40: rounded up, never cut to 10:03
        ("2025-06-02 10:00:00", "10:03"),  # due on the minute: shown as it is
        ("2025-06-02 10:00:00.000001", "10:04"),  # one microsecond late is a minute later
        ("2025-06-02 10:56:30", "11:00"),  # up over the hour
    ],
)
def test_a_chat_deadline_with_seconds_is_written_rounded_up(received: str, shown: str) -> None:
    reply = auto_reply("live_chat", at(received), SHOP, locale="nl")
    assert reply.deadline is not None
    assert shown in reply.subject
    assert shown in reply.body
    assert f"om {reply.deadline:%H:%M}" not in reply.body or reply.deadline.second == 0


@given(st.integers(0, 59), st.integers(0, 999_999))
def test_the_written_minute_is_never_before_the_deadline(second: int, micro: int) -> None:
    received = at("2025-06-02 10:00").replace(second=second, microsecond=micro)
    reply = auto_reply("live_chat", received, SHOP, locale="en")
    assert reply.deadline is not None
    written = reply.deadline.replace(second=0, microsecond=0)
    if written < reply.deadline:
        written += timedelta(minutes=1)
    assert f"{written:%-I:%M}" in reply.subject


TECH = policy_for("technology", "b2c")  # phone around the clock, e-mail in office hours


def test_a_caller_on_an_open_line_is_not_sent_to_a_slower_channel() -> None:
    # Sunday 03:00 on the 24/7 phone line: no other channel answers sooner than the phone.
    reply = auto_reply("phone", at("2025-06-01 03:00"), TECH, locale="en")
    assert "urgent" not in reply.body


def test_an_email_on_sunday_is_pointed_to_the_open_phone_line() -> None:
    reply = auto_reply("email", at("2025-06-01 03:00"), TECH, locale="en")
    assert "If your question is urgent, you can reach us right now via phone." in reply.body


def test_a_channel_that_opens_after_the_promise_is_not_offered() -> None:
    # E-mail answered around the clock within 1 h; chat only in office hours. On
    # Saturday 12:00 the e-mail is due 13:00, and chat (Monday 09:03) is no faster.
    office = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
    policy = ServiceLevelPolicy(
        name="Desk",
        hours=BusinessHours.always(tz="Europe/Amsterdam"),
        channel_hours={"live_chat": office},
        channels=["email", "live_chat"],
        targets=[
            Target(metric="first_response", channel="email", duration="1h"),
            Target(metric="first_response", channel="live_chat", duration="3min"),
        ],
    )
    saturday = auto_reply("email", at("2025-06-07 12:00"), policy, locale="en")
    assert "urgent" not in saturday.body
    # On a weekday morning the chat answers within minutes: it is offered.
    monday = auto_reply("email", at("2025-06-02 10:00"), policy, locale="en")
    assert "If your question is urgent, you can reach us right now via live chat." in monday.body


def test_kings_day_on_a_saturday_is_not_why_a_weekday_team_is_closed() -> None:
    # 26 April 2025 is King's Day and a Saturday: the weekend keeps the team closed.
    reply = auto_reply("email", at("2025-04-26 12:00"), SHOP, locale="en")
    assert "We are closed on Saturdays" in reply.body
    assert "King" not in reply.body
    dutch = auto_reply("email", at("2025-04-26 12:00"), SHOP, locale="nl")
    assert "Koningsdag" not in dutch.body


def test_one_name_signs_as_that_name_not_its_letters() -> None:
    reply = auto_reply("email", at("2025-04-28 12:00"), SHOP, locale="en", signed_by="Sanne")
    assert reply.body.rstrip().endswith("Sanne")
    both = auto_reply(
        "email", at("2025-04-28 12:00"), SHOP, locale="en", signed_by=["Sanne", "Ali"]
    )
    assert both.body.rstrip().endswith("Sanne and Ali")


@pytest.mark.parametrize(
    "template", ["{deadline:>10000000}", "{deadline!r}", "{deadline.__class__}", "{deadline[0]}"]
)
def test_a_template_may_only_use_plain_declared_placeholders(template: str) -> None:
    with pytest.raises(ValidationError) as raised:
        BUILT_IN_TEMPLATES["en"].replace(subject=template)
    assert raised.value.errors()[0]["type"] in ("invalid_template", "unknown_placeholder")


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("channel", ["email", "live_chat", "phone", "social_media"])
def test_plain_text_has_plain_spaces(locale: str, channel: str) -> None:
    # Babel writes "9:00\u202fAM"; some mail and SMS clients show such spaces as boxes.
    reply = auto_reply(channel, at("2025-12-24 18:00"), SHOP, locale=locale)
    hours = describe_hours(SHOP.hours, locale, upcoming_from=date(2025, 12, 22), days=14)
    for text in (reply.subject, reply.body, reply.body_markdown, hours):
        assert "\u202f" not in text
        assert "\xa0" not in text
