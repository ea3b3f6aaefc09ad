"""Policies, sector profiles and the research table."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Channel,
    Clock,
    InvalidPolicyFileError,
    Market,
    Metric,
    NoTargetError,
    Priority,
    Sector,
    ServiceLevelPolicy,
    Target,
    load_policy,
    policy_for,
    sector_profile,
)
from servicelevel._defaults import DUTCH_OFFICE_HOURS
from servicelevel._research import CHANNEL_EXPECTATIONS, SECTOR_FACTS, SOURCES
from servicelevel.strategies import policies

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _policy(
    *targets: Target, channels: tuple[Channel, ...] = (Channel.EMAIL,)
) -> ServiceLevelPolicy:
    return ServiceLevelPolicy(
        name="Test", hours=DUTCH_OFFICE_HOURS, channels=channels, targets=targets
    )


class TestResearchTable:
    def test_every_built_in_number_names_an_existing_source(self) -> None:
        # Every basis in detail: tests/test_defaults.py.
        for expectation in CHANNEL_EXPECTATIONS.values():
            assert expectation.expectation.source in (None, *SOURCES)
        for fact in SECTOR_FACTS.values():
            assert all(source in SOURCES for source in fact.sources)

    @pytest.mark.skipif(not SEEDS.is_dir(), reason="the research articles are not beside the repo")
    def test_sources_exist_as_articles(self) -> None:
        for name in SOURCES:
            assert (SEEDS / name).is_file()

    @pytest.mark.parametrize(
        ("channel", "expected"),
        [
            (Channel.PHONE, timedelta(seconds=20)),
            (Channel.LIVE_CHAT, timedelta(minutes=3)),
            (Channel.EMAIL, timedelta(hours=8)),
            (Channel.SOCIAL_MEDIA, timedelta(hours=4)),
        ],
    )
    def test_channel_expectations(self, channel: Channel, expected: timedelta) -> None:
        assert CHANNEL_EXPECTATIONS[channel].first_response == expected

    def test_every_sector_has_a_profile(self) -> None:
        for sector in Sector:
            profile = sector_profile(sector)
            assert profile.preferred_channels
            assert profile.sources

    def test_finance_prefers_phone_and_is_reluctant_about_bots(self) -> None:
        profile = sector_profile("finance")
        assert profile.preferred_channels[:2] == (Channel.PHONE, Channel.EMAIL)
        assert profile.automation == "reluctant"
        assert profile.drivers.regulation == "high"
        assert profile.around_the_clock == ()  # no 24/7 phone line: not in the research


class TestBuiltInPolicies:
    @pytest.mark.parametrize("sector", list(Sector))
    @pytest.mark.parametrize("market", list(Market))
    def test_every_sector_and_market(self, sector: Sector, market: Market) -> None:
        policy = policy_for(sector, market)
        for channel in policy.channels:
            target = policy.target_for(channel, Priority.NORMAL, Metric.FIRST_RESPONSE)
            if CHANNEL_EXPECTATIONS[channel].first_response is None:
                assert target is None
            else:
                assert target is not None
                assert target.source
        assert ServiceLevelPolicy.model_validate_json(policy.model_dump_json()) == policy

    def test_b2b_accepts_longer_targets_except_urgent(self) -> None:
        b2b, b2c = policy_for("technology", "b2b"), policy_for("technology", "b2c")
        for priority in Priority:
            slow = b2b.require_target(Channel.EMAIL, priority, Metric.FIRST_RESPONSE).duration
            fast = b2c.require_target(Channel.EMAIL, priority, Metric.FIRST_RESPONSE).duration
            assert slow == (fast if priority is Priority.URGENT else 2 * fast)

    def test_priority_scales_the_target(self) -> None:
        policy = policy_for("retail", "b2c")
        durations = [
            policy.require_target(Channel.EMAIL, p, Metric.FIRST_RESPONSE).duration
            for p in Priority
        ]
        assert durations == [
            timedelta(hours=16),
            timedelta(hours=8),
            timedelta(hours=4),
            timedelta(hours=2),
        ]

    def test_no_resolution_target_in_the_research(self) -> None:
        assert (
            policy_for("retail", "b2c").target_for(
                Channel.EMAIL, Priority.NORMAL, Metric.RESOLUTION
            )
            is None
        )

    def test_copy_and_change_a_default(self) -> None:
        policy = policy_for("retail", "b2c")
        changed = policy.model_copy(update={"name": "Our shop"})
        assert changed.name == "Our shop"
        assert policy.name == "retail b2c (built-in)"

    def test_accepts_strings(self) -> None:
        assert policy_for("finance", "b2c") is policy_for(Sector.FINANCE, Market.B2C)
        with pytest.raises(ValueError, match="'banking' is not a valid Sector"):
            policy_for("banking", "b2c")


class TestTargetsAndFallback:
    def test_fallback_order(self) -> None:
        policy = _policy(
            Target(metric="first_response", duration=timedelta(hours=10)),
            Target(metric="first_response", priority="urgent", duration=timedelta(hours=3)),
            Target(metric="first_response", channel="email", duration=timedelta(hours=8)),
            Target(
                metric="first_response",
                channel="email",
                priority="high",
                duration=timedelta(hours=4),
            ),
            channels=(Channel.EMAIL, Channel.PHONE),
        )

        def lookup(channel: str, priority: str) -> timedelta:
            return policy.require_target(
                Channel(channel), Priority(priority), Metric.FIRST_RESPONSE
            ).duration

        assert lookup("email", "high") == timedelta(hours=4)  # channel and priority
        assert lookup("email", "urgent") == timedelta(hours=3)  # priority, before channel
        assert lookup("email", "low") == timedelta(hours=8)  # channel, any priority
        assert lookup("phone", "urgent") == timedelta(hours=3)  # any channel, priority
        assert lookup("phone", "low") == timedelta(hours=10)  # any, any

    def test_an_urgent_email_gets_the_urgent_target_not_the_email_one(self) -> None:
        # The help desks' rule and the policy author's meaning: priority decides first.
        policy = _policy(
            Target(metric="first_response", channel="email", duration="8h"),
            Target(metric="first_response", priority="urgent", duration="1h"),
        )
        urgent = policy.require_target(Channel.EMAIL, Priority.URGENT, Metric.FIRST_RESPONSE)
        assert urgent.duration == timedelta(hours=1)
        normal = policy.require_target(Channel.EMAIL, Priority.NORMAL, Metric.FIRST_RESPONSE)
        assert normal.duration == timedelta(hours=8)

    def test_missing_target_is_a_clear_error(self) -> None:
        policy = _policy(Target(metric="resolution", duration=timedelta(days=3)))
        with pytest.raises(NoTargetError, match="no first_response target for email"):
            policy.require_target(Channel.EMAIL, Priority.NORMAL, Metric.FIRST_RESPONSE)

    def test_unsupported_channel_is_a_clear_error(self) -> None:
        policy = _policy(Target(metric="first_response", duration=timedelta(hours=8)))
        with pytest.raises(
            NoTargetError, match="does not support channel social_media; it supports email"
        ):
            policy.require_target(Channel.SOCIAL_MEDIA, Priority.NORMAL, Metric.FIRST_RESPONSE)

    @pytest.mark.parametrize("duration", [timedelta(0), timedelta(hours=-1)])
    def test_negative_or_zero_target(self, duration: timedelta) -> None:
        with pytest.raises(ValidationError, match="target duration must be positive"):
            Target(metric="first_response", duration=duration)

    def test_at_risk_share_must_be_a_share(self) -> None:
        with pytest.raises(ValidationError, match="at_risk"):
            Target(metric="first_response", duration=timedelta(hours=1), at_risk=1.5)

    def test_duplicate_targets(self) -> None:
        target = Target(metric="first_response", duration=timedelta(hours=1))
        with pytest.raises(ValidationError, match="two targets for first_response"):
            _policy(target, target)

    def test_target_for_a_channel_not_supported(self) -> None:
        with pytest.raises(ValidationError, match="not in channels"):
            _policy(Target(metric="first_response", channel="phone", duration=timedelta(hours=1)))

    def test_channels_default_to_those_with_targets(self) -> None:
        policy = ServiceLevelPolicy(
            name="x",
            hours=DUTCH_OFFICE_HOURS,
            targets=[
                Target(metric="first_response", channel="phone", duration=timedelta(seconds=20))
            ],
        )
        assert policy.channels == (Channel.PHONE,)

    def test_hours_per_channel(self) -> None:
        always = BusinessHours.always(tz="Europe/Amsterdam")
        policy = ServiceLevelPolicy(
            name="x",
            hours=DUTCH_OFFICE_HOURS,
            channel_hours={"phone": always},
            channels=["phone", "email"],
            targets=[Target(metric="first_response", duration=timedelta(hours=1))],
        )
        assert policy.hours_for(Channel.PHONE) == always
        assert policy.hours_for(Channel.EMAIL) == DUTCH_OFFICE_HOURS


class TestLoading:
    def test_json_and_schema(self, tmp_path: Path) -> None:
        policy = policy_for("health", "b2c")
        path = tmp_path / "policy.json"
        path.write_text(policy.model_dump_json(indent=2))
        assert load_policy(path) == policy
        schema = ServiceLevelPolicy.model_json_schema()
        assert "targets" in schema["properties"]
        assert (
            json.loads(path.read_text())["targets"][0]["duration"] == "PT20S"
        )  # phone, low priority: live channels are not scaled by priority

    def test_toml(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.toml"
        path.write_text(
            """
name = "Webshop"
channels = ["email", "live_chat"]

[hours]
tz = "Europe/Amsterdam"
holidays = ["NL"]
week = { mon = ["09:00-17:00"], tue = ["09:00-17:00"] }

[[targets]]
metric = "first_response"
channel = "email"
duration = "PT8H"

[[targets]]
metric = "first_response"
channel = "live_chat"
duration = "PT3M"
clock = "business"
"""
        )
        policy = load_policy(path)
        assert (
            policy.require_target(Channel.LIVE_CHAT, Priority.LOW, Metric.FIRST_RESPONSE).clock
            is Clock.BUSINESS
        )

    def test_errors_point_at_the_field(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.json"
        data = json.loads(policy_for("retail", "b2c").model_dump_json())
        data["targets"][2]["duration"] = "-PT1H"
        path.write_text(json.dumps(data))
        with pytest.raises(ValidationError, match=r"targets\.2\.duration\n.*must be positive"):
            load_policy(path)

    def test_unknown_file_type(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.yaml"
        path.write_text("name: x")
        with pytest.raises(InvalidPolicyFileError, match=r"must end in \.json or \.toml"):
            load_policy(path)


@given(policies())
def test_generated_policies_round_trip(policy: ServiceLevelPolicy) -> None:
    assert ServiceLevelPolicy.model_validate_json(policy.model_dump_json()) == policy
    for channel in policy.channels:
        assert policy.target_for(channel, Priority.NORMAL, Metric.FIRST_RESPONSE) is not None


@given(st.from_type(ServiceLevelPolicy))
def test_policies_are_registered(policy: ServiceLevelPolicy) -> None:
    assert policy.channels


def test_target_lookup_cache_keeps_no_policy_alive_and_leaves_equality_alone() -> None:
    import gc
    import weakref

    from servicelevel import _policy

    policy = policy_for("retail", "b2c").with_target(
        {"metric": "first_response", "channel": "email", "priority": "normal", "duration": "3h"}
    )
    copy = ServiceLevelPolicy.model_validate(policy.model_dump())
    found = policy.target_for(Channel.EMAIL, Priority.NORMAL, Metric.FIRST_RESPONSE)
    assert found is not None
    assert found.duration == timedelta(hours=3)
    assert policy == copy  # the cache is not on the model
    assert hash(policy) == hash(copy)
    key, alive = id(policy), weakref.ref(policy)
    assert key in _policy._BY_KEY
    del policy, found
    gc.collect()
    assert alive() is None
    assert key not in _policy._BY_KEY
