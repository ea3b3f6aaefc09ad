"""Validated editing: every changed copy obeys the rules a new model does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import BaseModel, ValidationError

from servicelevel import (
    BUILT_IN_TEMPLATES,
    BusinessHours,
    Channel,
    Metric,
    Priority,
    Target,
    policy_for,
)
from tests.test_hashing import PUBLIC_MODELS

SHOP = policy_for("retail", "b2c")
RESULTS = {"AutoReply", "ComplianceRow", "ExpectationDrivers", "MetricCycle", "MetricStatus"}
RESULTS |= {"OpeningInterval", "SectorProfile", "SlaStatus", "ExpectationGap", "ChannelGap"}
RESULTS |= {"InternalStatus", "InternalComplianceRow", "LearnedWaits", "LearnedWait"}


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model.__name__)
def test_every_input_model_has_a_validated_replace(model: type[BaseModel]) -> None:
    assert hasattr(model, "replace") is (model.__name__ not in RESULTS)


def test_a_target_for_a_channel_the_policy_does_not_offer_is_an_error_not_a_silence() -> None:
    whatsapp = {"metric": "first_response", "channel": "messaging", "duration": "4h"}
    with pytest.raises(ValidationError) as raised:
        SHOP.with_target(whatsapp)
    assert raised.value.errors()[0]["type"] == "unlisted_channel"
    added = SHOP.with_channel("messaging", whatsapp)
    target = added.require_target(Channel.MESSAGING, Priority.NORMAL, Metric.FIRST_RESPONSE)
    assert target.duration == timedelta(hours=4)


def test_with_target_replaces_the_target_of_the_same_key() -> None:
    faster = {
        "metric": "first_response",
        "channel": "email",
        "priority": "normal",
        "duration": "4h",
    }
    edited = SHOP.with_target(faster)
    assert len(edited.targets) == len(SHOP.targets)
    found = edited.require_target(Channel.EMAIL, Priority.NORMAL, Metric.FIRST_RESPONSE)
    assert found.duration == timedelta(hours=4)


def test_with_hours_for_one_channel_needs_a_channel_the_policy_offers() -> None:
    always = BusinessHours.always(tz="Europe/Amsterdam")
    assert SHOP.with_hours(always, channel="phone").hours_for(Channel.PHONE) == always
    assert SHOP.with_hours(always).hours_for(Channel.EMAIL) == always
    with pytest.raises(ValidationError, match="not in channels"):
        SHOP.with_hours(always, channel="in_person")


def test_replace_validates_where_model_copy_would_not() -> None:
    with pytest.raises(ValidationError, match="positive"):
        Target(metric="first_response", duration="8h").replace(duration=timedelta(hours=-1))
    with pytest.raises(ValidationError, match="nmae"):
        SHOP.replace(nmae="typo")
    with pytest.raises(ValidationError, match=r"unknown_time_zone|IANA"):
        BusinessHours.weekly({"mon": "09:00-17:00"}, tz="UTC").replace(tz="Mars/Base")


def test_templates_edit_one_sentence_validated() -> None:
    english = BUILT_IN_TEMPLATES["en"]
    assert english.replace(automated="Automatic reply.").automated == "Automatic reply."
    with pytest.raises(ValidationError):
        english.replace(automated="Sent by {robot}.")
