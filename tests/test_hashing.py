"""Every public model is frozen and hashable, and equal models hash equal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import servicelevel as sl
from servicelevel import (
    BUILT_IN_TEMPLATES,
    DUTCH_OFFICE_HOURS,
    AutoReply,
    BusinessHours,
    Channel,
    ChannelGap,
    Closure,
    CombinedHours,
    ComplianceRow,
    Conditions,
    Contact,
    ContactEvent,
    ExpectationDrivers,
    ExpectationGap,
    HolidayCalendar,
    InternalComplianceRow,
    InternalStatus,
    LearnedWait,
    LearnedWaits,
    Market,
    MetricCycle,
    MetricStatus,
    OpeningInterval,
    PolicyRule,
    PolicySet,
    RecurringClosure,
    RecurringSpecialDay,
    ReplyTemplates,
    Sector,
    SectorProfile,
    ServiceLevelPolicy,
    SlaStatus,
    SpecialDay,
    Target,
    WarningLevel,
    WeeklyHours,
    auto_reply,
    breach_status,
    expectation_gap,
    learn_waits,
    policy_for,
    sector_profile,
    summarise_compliance,
    summarise_internal_compliance,
)
from servicelevel import strategies as sls
from servicelevel._frozen import FrozenDict

PUBLIC_MODELS = tuple(
    value
    for value in (getattr(sl, name) for name in sl.__all__)
    if isinstance(value, type) and issubclass(value, BaseModel)
)
BUILT_IN_POLICIES = tuple(policy_for(sector, market) for sector in Sector for market in Market)


def _auto_replies() -> st.SearchStrategy[AutoReply]:
    return st.builds(
        auto_reply,
        st.sampled_from(Channel),
        sls.aware_datetimes(DUTCH_OFFICE_HOURS),
        st.sampled_from(BUILT_IN_POLICIES),
        locale=st.sampled_from(("nl", "en")),
    )


def _expectation_gaps() -> st.SearchStrategy[ExpectationGap]:
    return st.builds(
        expectation_gap,
        st.sampled_from(BUILT_IN_POLICIES),
        st.sampled_from(Sector),
        st.sampled_from(Market),
        step=st.just(timedelta(days=1)),
    )


def _compliance_rows() -> st.SearchStrategy[ComplianceRow]:
    return (
        st.lists(sls.sla_statuses(), min_size=1, max_size=3)
        .map(summarise_compliance)
        .filter(bool)
        .flatmap(st.sampled_from)
    )


_TWO_LINES = ServiceLevelPolicy(
    name="Two lines",
    hours=DUTCH_OFFICE_HOURS,
    channels=["email"],
    targets=[
        Target(metric="first_response", duration=timedelta(hours=8)),
        Target(metric="first_response", group="first line", duration=timedelta(hours=1)),
        Target(metric="resolution", group="second line", duration=timedelta(hours=4)),
    ],
)


@st.composite
def _internal_statuses(draw: st.DrawFn) -> SlaStatus:
    """Statuses of a contact handed between two groups (the groups contacts() draws)."""
    contact = draw(sls.contacts(_TWO_LINES, max_events=2))
    last = contact.events[-1].at if contact.events else contact.received_at
    for group in draw(st.lists(st.sampled_from(_TWO_LINES.groups), min_size=1, max_size=3)):
        if contact.events and contact.events[-1].kind == "cancelled":
            break
        last = last + draw(st.timedeltas(timedelta(0), timedelta(hours=30)))
        contact = contact.with_event("assigned", last, group=group)
    return breach_status(
        contact, _TWO_LINES, last + draw(st.timedeltas(timedelta(0), timedelta(days=3)))
    )


def _internal_compliance_rows() -> st.SearchStrategy[InternalComplianceRow]:
    return (
        st.lists(_internal_statuses(), min_size=1, max_size=3)
        .map(summarise_internal_compliance)
        .filter(bool)
        .flatmap(st.sampled_from)
    )


@st.composite
def _learned_waits(draw: st.DrawFn) -> LearnedWaits:
    """Waits learned from a few contacts of a built-in policy, over a long window."""
    policy = draw(st.sampled_from(BUILT_IN_POLICIES))
    history = draw(st.lists(sls.contacts(policy, max_events=3), max_size=4))
    now = draw(sls.aware_datetimes(policy.hours))
    window = timedelta(days=draw(st.integers(1, 20_000)))
    return learn_waits(history, policy, now, window=window, min_sample=draw(st.integers(1, 3)))


#: How to build examples of each public model: the library's own strategies where
#: they exist, otherwise built from them or from the built-in values.
MODEL_STRATEGIES: MappingProxyType[type[BaseModel], Callable[[], st.SearchStrategy[BaseModel]]] = (
    MappingProxyType(
        {
            BusinessHours: sls.business_hours,
            CombinedHours: sls.combined_hours,
            Conditions: sls.conditions,
            PolicyRule: lambda: sls.policy_sets().map(lambda s: s.rules[0]),
            PolicySet: sls.policy_sets,
            Closure: sls.closures,
            HolidayCalendar: sls.holiday_calendars,
            OpeningInterval: sls.opening_intervals,
            SpecialDay: sls.special_days,
            RecurringClosure: sls.recurring_closures,
            RecurringSpecialDay: sls.recurring_special_days,
            WeeklyHours: sls.weekly_hours,
            ExpectationDrivers: lambda: sls.sector_profiles().map(lambda p: p.drivers),
            SectorProfile: sls.sector_profiles,
            ServiceLevelPolicy: lambda: sls.policies() | st.sampled_from(BUILT_IN_POLICIES),
            Target: sls.targets,
            WarningLevel: sls.warning_levels,
            Contact: sls.contacts,
            ContactEvent: sls.contact_events,
            MetricStatus: lambda: sls.sla_statuses().flatmap(lambda s: st.sampled_from(s.metrics)),
            SlaStatus: sls.sla_statuses,
            MetricCycle: lambda: (
                sls.sla_statuses()
                .flatmap(lambda s: st.sampled_from(s.metrics))
                .filter(lambda m: bool(m.cycles))
                .map(lambda m: m.cycles[0])
            ),
            ComplianceRow: _compliance_rows,
            ExpectationGap: _expectation_gaps,
            ChannelGap: lambda: _expectation_gaps().flatmap(lambda g: st.sampled_from(g.channels)),
            InternalComplianceRow: _internal_compliance_rows,
            LearnedWaits: _learned_waits,
            LearnedWait: lambda: _learned_waits().flatmap(lambda w: st.sampled_from(w.channels)),
            InternalStatus: lambda: _internal_statuses().flatmap(
                lambda s: st.sampled_from(s.internal)
            ),
            AutoReply: _auto_replies,
            ReplyTemplates: lambda: st.sampled_from(tuple(BUILT_IN_TEMPLATES.values())),
        }
    )
)


def test_every_public_model_has_examples() -> None:
    assert set(PUBLIC_MODELS) == set(MODEL_STRATEGIES)


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model.__name__)
def test_public_models_are_frozen(model: type[BaseModel]) -> None:
    assert model.model_config.get("frozen") is True


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model.__name__)
@settings(max_examples=max(5, settings().max_examples // 5))  # dev 10, ci 60
@given(data=st.data())
def test_equal_models_hash_equal(model: type[BaseModel], data: st.DataObject) -> None:
    instance = data.draw(MODEL_STRATEGIES[model](), label=model.__name__)
    assert isinstance(instance, model)
    copy = model.model_validate(instance.model_dump())
    assert copy is not instance
    assert copy == instance
    assert hash(copy) == hash(instance)
    assert len({instance, copy}) == 1
    from_json = model.model_validate_json(instance.model_dump_json())
    assert from_json.model_dump_json() == instance.model_dump_json()
    # An aware datetime in a DST fold never equals one in another zone (PEP 495), so
    # a copy from JSON (fixed offsets) is not always equal; when it is, it hashes equal.
    assert from_json != instance or hash(from_json) == hash(instance)


@pytest.mark.parametrize(
    ("instance", "field"),
    [
        (policy_for("technology", "b2c"), "channel_hours"),
        (sector_profile("retail"), "default_targets"),
        (BUILT_IN_TEMPLATES["nl"], "channel_names"),
    ],
    ids=["policy", "sector_profile", "templates"],
)
def test_mapping_fields_are_read_only_and_dump_as_dicts(instance: BaseModel, field: str) -> None:
    mapping = getattr(instance, field)
    assert isinstance(mapping, FrozenDict)
    assert mapping == dict(mapping)
    assert type(instance.model_dump()[field]) is dict
    with pytest.raises(TypeError):
        mapping[next(iter(mapping))] = None  # type: ignore[index]


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (ServiceLevelPolicy, "channel_hours"),
        (SectorProfile, "default_targets"),
        (ReplyTemplates, "channel_names"),
    ],
)
def test_mapping_fields_stay_json_objects_in_the_schema(model: type[BaseModel], field: str) -> None:
    schema = model.model_json_schema()["properties"][field]
    assert schema["type"] == "object"
    assert "additionalProperties" in schema


def test_a_mapping_field_still_rejects_bad_keys_by_field() -> None:
    data = policy_for("finance", "b2c").model_dump()
    with pytest.raises(ValidationError) as raised:
        ServiceLevelPolicy.model_validate({**data, "channel_hours": {"fax": DUTCH_OFFICE_HOURS}})
    assert raised.value.errors()[0]["loc"] == ("channel_hours", "fax", "[key]")


def test_differently_ordered_mappings_are_equal_and_hash_equal() -> None:
    profile = sector_profile("finance")
    reordered = SectorProfile.model_validate(
        {
            **profile.model_dump(),
            "default_targets": dict(reversed(list(profile.default_targets.items()))),
        }
    )
    assert reordered == profile
    assert hash(reordered) == hash(profile)


def test_models_key_caches() -> None:
    policy = policy_for("retail", "b2c")
    slower = policy.model_copy(
        update={"targets": (Target(metric="first_response", duration=timedelta(days=2)),)}
    )
    cache = {policy: "built-in", slower: "slower"}
    assert cache[ServiceLevelPolicy.model_validate_json(policy.model_dump_json())] == "built-in"
    assert len(cache) == 2
