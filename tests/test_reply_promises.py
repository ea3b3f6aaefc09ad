"""A reply never writes a time earlier than the deadline it stands for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import auto_reply, policy_for
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
