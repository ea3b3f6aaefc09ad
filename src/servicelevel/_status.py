"""Deadlines and breach status of a contact under a policy, at a given ``now``.

Eight clocks (:class:`~servicelevel.Metric`) run per contact, each with the
target the policy sets for the contact's channel and priority; the rules
(Zendesk's, where the help desks agree; ``docs/policies.md`` has every rule
with a timeline) in short:

* **Reply clocks** never pause. ``first_response`` runs from receipt to the
  first public agent reply; ``next_response`` from the oldest unanswered
  customer message to the next public agent reply; ``periodic_update`` from
  each public agent reply to the next (``pausable_update`` pauses while
  waiting on the customer). Internal notes stop nothing; a resolution ends
  them (on time or late against their deadline).
* **Resolution clocks** run from receipt to resolution: ``requester_wait``
  (and ``resolution``, its old name) pause while waiting on the customer,
  ``agent_work`` also while waiting on a third party, ``total_resolution``
  never. Reopening continues them (the resolved time does not count) or,
  when the target says so, starts a new cycle.
* A customer message ends a wait and reopens a resolved contact (both
  configurable per policy). Every cycle is kept: ``breached`` and every
  summary count each late cycle. A passed deadline stays passed: a pause, a
  priority change or a due date after it does not undo the breach. A
  priority change re-targets the running clocks from their own start; a due
  date replaces a clock's deadline; a cancellation cancels the running
  clocks. A contact received while a live channel is closed is measured as
  the policy's offline fallback channel.

States (:class:`SlaState`): ``on_track``; ``at_risk`` once the elapsed share
reaches the target's ``at_risk``; ``breached`` once ``now`` is past the
deadline without an answer; ``met`` and ``met_late`` once stopped (at or
before the deadline, or after it); ``paused``; ``cancelled``;
``not_applicable`` (no target, or no cycle started yet).

Everything is computed from the events at or before ``now``: the same input
always gives the same output. The rules themselves live in the integer core,
:mod:`servicelevel._clocks`; this module turns models into its integers and
its results back into models.

Example:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import Contact, breach_status
    >>> from servicelevel._defaults import policy_for
    >>> ams = ZoneInfo("Europe/Amsterdam")
    >>> contact = Contact(channel="email", received_at=datetime(2025, 1, 6, 10, tzinfo=ams))
    >>> status = breach_status(contact, policy_for("retail", "b2c"), datetime(2025, 1, 6, 17, tzinfo=ams))
    >>> status.first_response.state, status.first_response.deadline.isoformat()
    (<SlaState.AT_RISK: 'at_risk'>, '2025-01-07T10:00:00+01:00')
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ConfigDict

from servicelevel import _clocks, _timeline
from servicelevel._contact import Contact, EventKind
from servicelevel._errors import (
    ContactPausedError,
    NoMatchingPolicyError,
    NoTargetError,
    NowBeforeReceiptError,
)
from servicelevel._hours import BusinessHours
from servicelevel._instants import EPOCH, ONE_US, from_us, to_us
from servicelevel._policy import INTERNAL_METRICS, ServiceLevelPolicy, Target, WarningLevel
from servicelevel._policy_set import PolicySet
from servicelevel._vocabulary import Channel, Clock, Metric, Priority, Wait

__all__ = [
    "InternalStatus",
    "MetricCycle",
    "MetricStatus",
    "SlaState",
    "SlaStatus",
    "breach_status",
    "response_deadline",
]


class SlaState(StrEnum):
    """Where a contact stands against one target."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"
    MET_LATE = "met_late"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_late(self) -> bool:
        """Whether the deadline has passed without an answer in time (breached or met late)."""
        return self in (SlaState.BREACHED, SlaState.MET_LATE)


_LATE = (SlaState.BREACHED, SlaState.MET_LATE)


class MetricCycle(BaseModel):
    """One cycle of a metric: when it started and stopped, its deadline and outcome.

    ``stopped_at`` is None while the cycle runs; ``state`` is then where it
    stands now, and once stopped its outcome (``met``, ``met_late`` or
    ``cancelled``). ``elapsed`` is in the clock of the cycle's target.
    """

    model_config = ConfigDict(frozen=True)

    started_at: datetime
    stopped_at: datetime | None = None
    deadline: datetime | None = None
    state: SlaState
    elapsed: timedelta = timedelta(0)

    @property
    def breached(self) -> bool:
        """Whether this cycle went past its deadline (breached now, or met late)."""
        return self.state in _LATE

    def __repr__(self) -> str:
        stop = "running" if self.stopped_at is None else _moment(self.stopped_at)
        due = "none" if self.deadline is None else _moment(self.deadline)
        return f"MetricCycle({self.state}: {_moment(self.started_at)} to {stop}, due {due})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import box, table

        return box(table("MetricCycle", _CYCLE_HEADER, [_cycle_row(1, self)]))


class MetricStatus(BaseModel):
    """The status of one metric: its current (latest) cycle and every cycle so far.

    ``state``, the datetimes, ``elapsed``, ``remaining`` and ``fraction_used``
    describe the latest cycle; ``cycles`` holds every cycle, oldest first;
    ``breached`` is true when *any* cycle went past its deadline, so a late
    cycle is never hidden by a later one on time.

    ``level`` is the highest level the latest cycle has reached (at ``now``, or
    when it stopped): ``"ok"``, ``"warning 1"`` ... ``"warning n"`` (the
    target's warnings, earliest first), ``"breached"``, ``"escalation 1"`` ...;
    None without a cycle. ``next_level_at`` is the instant the next level
    falls, to schedule the next check: None once stopped, while paused, or
    when no level is left. A warning is reached at its instant, the breach and
    the escalations just after theirs.
    """

    model_config = ConfigDict(frozen=True)

    metric: Metric
    state: SlaState
    target: Target | None = None
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    deadline: datetime | None = None
    elapsed: timedelta = timedelta(0)
    remaining: timedelta | None = None
    fraction_used: float | None = None
    cycles: tuple[MetricCycle, ...] = ()
    level: str | None = None
    next_level_at: datetime | None = None

    @property
    def breached(self) -> bool:
        """Whether any cycle went past its deadline (breached now, or met late)."""
        return any(cycle.state in _LATE for cycle in self.cycles)

    @property
    def late_cycles(self) -> int:
        """How many cycles went past their deadline."""
        return sum(cycle.state in _LATE for cycle in self.cycles)

    @property
    def _remaining_text(self) -> str | None:
        from servicelevel._display import remaining

        if self.remaining is None or self.state is SlaState.NOT_APPLICABLE:
            return None
        answered = self.state in (SlaState.MET, SlaState.MET_LATE)
        return remaining(self.remaining, answered=answered)

    def __repr__(self) -> str:
        from servicelevel._display import count

        parts = [str(self.metric), str(self.state)]
        if self.deadline is not None:
            parts.append(f"due {_moment(self.deadline)}")
        if self._remaining_text is not None:
            parts.append(self._remaining_text)
        if self.cycles:
            late = f", {self.late_cycles} late" if self.breached else ""
            parts.append(count(len(self.cycles), "cycle") + late)
        return f"MetricStatus({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import box, table

        rows = [_cycle_row(index, cycle) for index, cycle in enumerate(self.cycles, 1)]
        caption = f"{self.metric}: {self.state}" + (
            f", {self._remaining_text}" if self._remaining_text else ""
        )
        return box(table(caption, _CYCLE_HEADER, rows))


class InternalStatus(MetricStatus):
    """The status of an internal target (an operational level agreement) of ``group``.

    Like a :class:`MetricStatus`, for the clock that runs from each assignment
    to the group until it hands the contact over (an assignment to another
    group), the contact is resolved or cancelled, or (for ``first_response``)
    the next public reply. Each assignment starts a new cycle.
    """

    group: str

    def __repr__(self) -> str:
        return f"InternalStatus({self.group}: {super().__repr__()[len('MetricStatus(') :]}"

    __str__ = __repr__


def level_name(level: int, warnings: int) -> str:
    """The name of level ``level`` of a target with ``warnings`` warning levels:
    ``"ok"``, ``"warning 1"``, ..., ``"breached"``, ``"escalation 1"``, ...

    Example:
        >>> [level_name(level, 2) for level in range(5)]
        ['ok', 'warning 1', 'warning 2', 'breached', 'escalation 1']
    """
    if level == 0:
        return "ok"
    if level <= warnings:
        return f"warning {level}"
    if level == warnings + 1:
        return "breached"
    return f"escalation {level - warnings - 1}"


_DUE_LEVELS = ("ok", "warning 1", "breached")  # a due date without a target: one warning

_CYCLE_HEADER = ("cycle", "state", "started", "stopped", "deadline", "elapsed")


def _moment(value: datetime | None) -> str | None:
    from servicelevel._display import moment

    return None if value is None else moment(value)


def _state(state: SlaState) -> object:
    from servicelevel._html import strong

    return strong(state) if state in _LATE else state


def _cycle_row(index: int, cycle: MetricCycle) -> tuple[object, ...]:
    from servicelevel._display import duration

    return (
        index,
        _state(cycle.state),
        _moment(cycle.started_at),
        _moment(cycle.stopped_at),
        _moment(cycle.deadline),
        duration(cycle.elapsed),
    )


class SlaStatus(BaseModel):
    """One :class:`MetricStatus` per metric for a contact at ``now``.

    ``channel`` is the contact's channel, ``measured_as`` the channel whose
    hours and targets measured it (the policy's offline fallback when the
    contact arrived while its channel was closed), ``priority`` the priority
    in force at ``now``, ``policy`` the name of the policy applied at ``now``
    (of a :class:`~servicelevel.PolicySet`: the one its rules select, again
    after a change of priority or attributes). ``internal`` holds the internal
    targets' statuses (:class:`InternalStatus`), apart from the metrics.
    ``status[Metric.NEXT_RESPONSE]`` and ``status.next_response`` are the same.
    """

    model_config = ConfigDict(frozen=True)

    channel: Channel
    measured_as: Channel
    priority: Priority
    policy: str | None = None
    now: datetime
    first_response: MetricStatus
    next_response: MetricStatus
    periodic_update: MetricStatus
    pausable_update: MetricStatus
    requester_wait: MetricStatus
    agent_work: MetricStatus
    resolution: MetricStatus
    total_resolution: MetricStatus
    internal: tuple[InternalStatus, ...] = ()

    @property
    def metrics(self) -> tuple[MetricStatus, ...]:
        """Every metric's status, in metric order."""
        values = self.__dict__
        return tuple(values[metric.value] for metric in Metric)

    def __getitem__(self, metric: Metric | str) -> MetricStatus:
        result: MetricStatus = self.__dict__[Metric(metric).value]
        return result

    @property
    def breached(self) -> bool:
        """Whether any cycle of any metric went past its deadline."""
        return any(result.breached for result in self.metrics)

    def __repr__(self) -> str:
        shown = [m for m in self.metrics if m.state is not SlaState.NOT_APPLICABLE]
        states = [
            f"{m.metric} {m.state}" + (f" ({m._remaining_text})" if m._remaining_text else "")
            for m in shown[:2]
        ]
        if len(shown) > 2:
            states.append(f"+{len(shown) - 2} more")
        contact = f"{self.channel}, {self.priority} priority"
        listed = ", ".join(states) or "no target applies"
        return f"SlaStatus({contact}, now {_moment(self.now)}: {listed})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import duration, share
        from servicelevel._html import box, table

        shown = [m for m in self.metrics if m.state is not SlaState.NOT_APPLICABLE or m.target]
        rows = [
            (
                m.metric,
                _state(m.state),
                _moment(m.deadline),
                duration(m.elapsed),
                m._remaining_text,
                None if m.fraction_used is None else share(m.fraction_used),
                f"{len(m.cycles)}, {m.late_cycles} late" if m.breached else len(m.cycles),
            )
            for m in shown
        ]
        measured = "" if self.measured_as == self.channel else f" (measured as {self.measured_as})"
        caption = (
            f"{self.channel} contact{measured}, {self.priority} priority, at {_moment(self.now)}"
        )
        header = ("metric", "state", "deadline", "elapsed", "remaining", "used", "cycles")
        parts = [table(caption, header, rows)]
        cycles = [
            (m.metric, *_cycle_row(index, cycle))
            for m in shown
            for index, cycle in enumerate(m.cycles, 1)
        ]
        if cycles:
            parts.append(table("cycles", ("metric", *_CYCLE_HEADER), cycles))
        return box(*parts)


# --- the edge: models to integers and back -------------------------------------------

_Model = TypeVar("_Model", bound=BaseModel)
_new = object.__new__
# pydantic's slots, set directly (the model is frozen, and a setter per slot is the cheapest).
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
# One fields-set per class: every field is given. pydantic copies it before changing it.
_FIELDS_SET: dict[type[BaseModel], set[str]] = {}


def _construct(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """A model from values the library has validated itself (no second validation).

    Like ``cls.model_construct(**values)`` with every field given, at a
    quarter of its cost: the result is the same model (equal, hashed,
    serialised and copied alike).
    """
    model = _new(cls)
    _set_dict(model, values)
    _set_fields_set(model, _FIELDS_SET[cls])
    _set_extra(model, None)
    _set_private(model, None)
    return model


for _cls in (MetricCycle, MetricStatus, InternalStatus, SlaStatus):
    _FIELDS_SET[_cls] = set(_cls.model_fields)
_CYCLE_FIELDS, _STATUS_FIELDS = _FIELDS_SET[MetricCycle], _FIELDS_SET[MetricStatus]

_fromtimestamp = datetime.fromtimestamp
_KIND = {kind: index for index, kind in enumerate(EventKind)}
_PRIORITIES = tuple(Priority)
_PRIORITY = {priority: index for index, priority in enumerate(Priority)}
_METRICS = tuple(Metric)
_NAMES = tuple(metric.value for metric in Metric)
_METRIC = {metric: index for index, metric in enumerate(Metric)}
_STATES = (
    SlaState.ON_TRACK,
    SlaState.AT_RISK,
    SlaState.BREACHED,
    SlaState.MET,
    SlaState.MET_LATE,
    SlaState.PAUSED,
    SlaState.CANCELLED,
)
_PAUSE_BITS = {
    Wait.WAITING_ON_CUSTOMER: _clocks.PAUSE_ON_CUSTOMER,
    Wait.WAITING_ON_THIRD_PARTY: _clocks.PAUSE_ON_THIRD_PARTY,
}


@dataclass(frozen=True, slots=True)
class _Plan:
    """A policy's promises for one channel, as integers, built once per policy."""

    channel: Channel
    hours: BusinessHours
    index: _clocks.Index  # of the hours, looked up once
    zone: tzinfo
    rules: tuple[tuple[_clocks.Rule | None, ...], ...]  # [metric][priority]
    targets: tuple[Target, ...]
    tracked: tuple[bool, ...]  # [metric]: a target under some priority
    promises: tuple[bool, ...]  # [priority]: any target at all
    idle: tuple[tuple[MetricStatus, ...], ...]  # [priority][metric]: no cycle yet
    blank: tuple[dict[str, Any], ...]  # [priority]: every metric idle, by name
    fallback: Channel | None  # measures a contact received while this channel is closed
    levels: tuple[tuple[str, ...], ...]  # [target key][level]: the level's name
    slots: tuple[_clocks.Slot, ...]  # the internal targets
    slot_names: tuple[tuple[str, Metric], ...]  # [slot]: its group and metric
    groups: dict[str, int]  # group: its index in the slots
    policies: tuple[str, ...]  # the policies' names, [priority // 4]


def _warning(warning: WarningLevel) -> _clocks.Warning:
    if warning.share is not None:
        return (True, warning.share)
    return (False, (warning.left or timedelta(0)) // ONE_US)


def _rule(target: Target, key: int) -> _clocks.Rule:
    pauses = _clocks.ALWAYS_STOPPED
    for wait in target.pauses_on:
        pauses |= _PAUSE_BITS[wait]
    warnings = tuple(_warning(warning) for warning in target.warnings)
    return _clocks.Rule(
        duration=target.duration // ONE_US,
        business=target.clock is not Clock.CALENDAR,
        pauses=pauses,
        new_cycle_on_reopen=target.reopen_starts_new_cycle,
        warnings=warnings,
        escalations=tuple(after // ONE_US for after in target.escalations),
        key=key,
        shares=tuple(value for _, value in warnings) if all(k for k, _ in warnings) else None,
        days=-1 if target.working_days is None else target.working_days,
        end_of_day=target.clock is Clock.END_OF_WORKING_DAY,
    )


def _idle(metric: Metric, target: Target | None) -> dict[str, Any]:
    """The values of the status of a metric without a cycle (yet)."""
    return {
        "metric": metric,
        "state": SlaState.NOT_APPLICABLE,
        "target": target,
        "started_at": None,
        "stopped_at": None,
        "deadline": None,
        "elapsed": timedelta(0),
        "remaining": None,
        "fraction_used": None,
        "cycles": (),
        "level": None,
        "next_level_at": None,
    }


def _build_plan(policies: Sequence[ServiceLevelPolicy], home: int, channel: Channel) -> _Plan:
    """The plan of ``channel`` over ``policies`` (one, or a policy set's), measured with
    the hours of ``policies[home]``. Its "priorities" are ``policy * 4 + priority``, so
    that a change of policy re-targets the clocks as a change of priority does."""
    targets = tuple(target for policy in policies for target in policy.targets)
    keys = {id(target): key for key, target in enumerate(targets)}
    found = [
        [
            policy.target_for(channel, priority, metric)
            for policy in policies
            for priority in Priority
        ]
        for metric in Metric
    ]
    rules = tuple(tuple(None if t is None else _rule(t, keys[id(t)]) for t in row) for row in found)
    idle = tuple(
        tuple(
            _construct(MetricStatus, _idle(metric, found[m][v])) for m, metric in enumerate(Metric)
        )
        for v in range(len(policies) * len(_PRIORITIES))
    )
    slots, names = _slots(policies, channel, keys)
    policy = policies[home]
    hours = policy.hours_for(channel)
    return _Plan(
        channel=channel,
        hours=hours,
        index=_clocks.index(hours, any(t.clock.counts_working_days for t in targets)),
        zone=hours.zone,
        rules=rules,
        targets=targets,
        tracked=tuple(any(rules[m]) for m in range(_clocks.METRICS)),
        promises=tuple(any(rules[m][v] for m in range(_clocks.METRICS)) for v in range(len(idle))),
        idle=idle,
        blank=tuple(
            {**dict(zip(_NAMES, statuses, strict=True)), "internal": ()} for statuses in idle
        ),
        fallback=policy.offline_fallback.get(channel) if hours.has_openings else None,
        levels=tuple(
            tuple(
                level_name(level, len(target.warnings))
                for level in range(len(target.warnings) + len(target.escalations) + 2)
            )
            for target in targets
        ),
        slots=slots,
        slot_names=names,
        groups={group: index for index, group in enumerate(dict.fromkeys(n[0] for n in names))},
        policies=tuple(policy.name for policy in policies),
    )


def _slots(
    policies: Sequence[ServiceLevelPolicy], channel: Channel, keys: dict[int, int]
) -> tuple[tuple[_clocks.Slot, ...], tuple[tuple[str, Metric], ...]]:
    """The internal targets for ``channel``: one slot per group and metric with a target."""
    groups = list(dict.fromkeys(group for policy in policies for group in policy.groups))
    slots, names = [], []
    for index, group in enumerate(groups):
        for metric in INTERNAL_METRICS:
            found = [
                policy.internal_target_for(group, channel, priority, metric)
                for policy in policies
                for priority in Priority
            ]
            if any(found):
                rules = tuple(None if t is None else _rule(t, keys[id(t)]) for t in found)
                slots.append(_clocks.Slot(index, _METRIC[metric], rules))
                names.append((group, metric))
    return tuple(slots), tuple(names)


_PLANS: dict[int, dict[Channel, _Plan]] = {}


def _plan(policy: ServiceLevelPolicy, channel: Channel) -> _Plan:
    """The cached plan of ``policy`` for ``channel`` (kept while the policy lives).

    Keyed on the policy's identity, so a lookup costs no hashing of the
    policy; a policy's plans are dropped when it is garbage-collected. Two
    threads may both build a plan; either result is the same.
    """
    plans = _PLANS.get(id(policy))
    if plans is None:
        plans = _PLANS[id(policy)] = {}
        weakref.finalize(policy, _PLANS.pop, id(policy), None)
    found = plans.get(channel)
    if found is None:
        found = plans[channel] = _build_plan((policy,), 0, channel)
    return found


def _plan_for(contact: Contact, policy: ServiceLevelPolicy, received: int) -> _Plan:
    """The plan that measures ``contact``: its channel's, or the offline fallback's."""
    plans = _PLANS.get(id(policy))
    found = None if plans is None else plans.get(contact.channel)
    if found is None:
        found = _plan(policy, contact.channel)
    if found.fallback is not None and not _timeline.is_open(found.hours, received):
        return _plan(policy, found.fallback)
    return found


_SETS: dict[int, dict[object, Any]] = {}


def _set_cache(policies: PolicySet) -> dict[object, Any]:
    """What is kept for a policy set while it lives: its distinct policies (key None)
    and its plans (key: the index of the policy selected at receipt, and the channel)."""
    found = _SETS.get(id(policies))
    if found is None:
        found = _SETS[id(policies)] = {
            None: tuple({id(rule.policy): rule.policy for rule in policies.rules}.values())
        }
        weakref.finalize(policies, _SETS.pop, id(policies), None)
    return found


def _set_plan(
    cache: dict[object, Any], policies: tuple[ServiceLevelPolicy, ...], home: int, channel: Channel
) -> _Plan:
    found: _Plan | None = cache.get((home, channel))
    if found is None:
        found = cache[(home, channel)] = _build_plan(policies, home, channel)
    return found


def _select(
    contact: Contact, policy: ServiceLevelPolicy | PolicySet, received: int
) -> tuple[_Plan, tuple[ServiceLevelPolicy, ...], int]:
    """The plan that measures ``contact``, the policies it spans, and the index of the
    one that applies at receipt (a policy set's selection, with the contact's
    channel, priority and attributes then)."""
    if isinstance(policy, ServiceLevelPolicy):
        return _plan_for(contact, policy, received), (policy,), 0
    cache = _set_cache(policy)
    policies: tuple[ServiceLevelPolicy, ...] = cache[None]
    chosen = policy.select(contact)
    home = next(index for index, found in enumerate(policies) if found is chosen)
    plan = _set_plan(cache, policies, home, contact.channel)
    if plan.fallback is not None and not _timeline.is_open(plan.hours, received):
        plan = _set_plan(cache, policies, home, plan.fallback)
    return plan, policies, home


def _retarget(
    contact: Contact,
    policies: PolicySet,
    spanned: tuple[ServiceLevelPolicy, ...],
    home: int,
    events: list[_clocks.Event],
) -> None:
    """Priority and attribute changes as changes of (policy, priority): the policy the
    set selects after each, so that a new policy re-targets the running clocks as a
    new priority does. A change that no rule matches keeps the policy in force."""
    index = {id(policy): number for number, policy in enumerate(spanned)}
    current = home
    for number, event in enumerate(contact.events):
        if event.kind not in (EventKind.PRIORITY_CHANGED, EventKind.ATTRIBUTES_CHANGED):
            continue
        with suppress(NoMatchingPolicyError):  # no rule matches: the policy stays
            current = index[id(policies.select(contact, event.at))]
        priority = _PRIORITY[contact.priority_at(event.at)]
        at = events[number][1]
        events[number] = (_PRIORITY_CHANGED, at, current * len(_PRIORITIES) + priority, 0)


def measured_channel(contact: Contact, policy: ServiceLevelPolicy | PolicySet) -> Channel:
    """The channel whose hours and targets measure ``contact`` under ``policy``.

    The contact's own channel, or the policy's offline fallback for it when
    the contact arrived while its (live) channel was closed.
    """
    return _select(contact, policy, _us(contact.received_at))[0].channel


def _us(value: datetime) -> int:
    # Model datetimes are validated aware instants (stored in UTC).
    return (value - EPOCH) // ONE_US


_PRIORITY_CHANGED, _DUE_DATE_SET = _clocks.PRIORITY_CHANGED, _clocks.DUE_DATE_SET
_ASSIGNED = _clocks.ASSIGNED


def _events(contact: Contact, groups: dict[str, int]) -> tuple[list[_clocks.Event], bool]:
    """The events as integers, and whether any changes a priority or sets a due date.

    An assignment carries the index of its group in ``groups`` (-1: none there).
    """
    found: list[_clocks.Event] = []
    append = found.append
    special = False
    for event in contact.events:
        kind = _KIND[event.kind]
        if kind < _PRIORITY_CHANGED:  # the commonest kinds carry nothing more
            append((kind, (event.at - EPOCH) // ONE_US, 0, 0))
        elif kind == _PRIORITY_CHANGED and event.priority is not None:
            append((kind, (event.at - EPOCH) // ONE_US, _PRIORITY[event.priority], 0))
            special = True
        elif kind == _DUE_DATE_SET and event.due is not None and event.metric is not None:
            at, due = (event.at - EPOCH) // ONE_US, (event.due - EPOCH) // ONE_US
            append((kind, at, _METRIC[event.metric], due))
            special = True
        elif groups and kind == _ASSIGNED and event.group is not None:
            append((kind, (event.at - EPOCH) // ONE_US, groups.get(event.group, -1), 0))
        else:
            append((kind, (event.at - EPOCH) // ONE_US, 0, 0))
    return found, special


def _datetime(value: int, zone: tzinfo) -> datetime:
    """``from_us``, with a fast path for whole seconds (the common case)."""
    if not value % 1_000_000:
        try:
            return _fromtimestamp(value // 1_000_000, zone)
        except (OverflowError, OSError, ValueError):
            pass  # from_us raises the library's error
    return from_us(value, zone)


def _no_promise(policy: ServiceLevelPolicy, channel: Channel, priority: Priority) -> NoReturn:
    policy.require_target(channel, priority, Metric.FIRST_RESPONSE)
    raise NoTargetError(f"policy {policy.name!r} promises nothing for {channel} contacts.")


def _promised(
    contact: Contact,
    policy: ServiceLevelPolicy,
    plan: _Plan,
    events: Sequence[_clocks.Event],
    now_us: int,
    priority: int,
) -> Sequence[bool]:
    """The metrics to follow: those with a target, and those an agent set a due date for.

    Raises :class:`NoTargetError` when nothing at all is promised for the contact.
    """
    tracked: Sequence[bool] = plan.tracked
    promised = plan.promises[priority]
    for kind, at, value, _ in events:
        if at > now_us:
            break
        if kind == _clocks.DUE_DATE_SET:
            if not tracked[value]:  # a due date is a promise even without a target
                tracked = [*tracked[:value], True, *tracked[value + 1 :]]
            promised = True
        elif kind == _clocks.PRIORITY_CHANGED:
            promised = promised or plan.promises[value]
    if not promised:
        _no_promise(policy, plan.channel, contact.priority)
    return tracked


_FIRST_ONLY = tuple(metric == _clocks.FIRST_RESPONSE for metric in range(_clocks.METRICS))


#: The plan, ``now`` as an instant, ``policy * 4 + priority`` at ``now``, every metric's
#: cycles, the internal targets' (None: none) and the policies spanned.
_Measured = tuple[
    _Plan,
    int,
    int,
    list[tuple[_clocks.Measured, ...]],
    list[tuple[_clocks.Measured, ...]] | None,
    tuple[ServiceLevelPolicy, ...],
]


def _measure(
    contact: Contact,
    policy: ServiceLevelPolicy | PolicySet,
    now: datetime,
    *,
    first_only: bool = False,
) -> _Measured:
    """The plan, ``now`` as an instant, the (policy and) priority at ``now``, every
    metric's cycles (only the first response's with ``first_only``), the internal
    targets' and the policies spanned."""
    now_us = to_us(now, "now")
    received = (contact.received_at - EPOCH) // ONE_US
    if now_us < received:
        raise NowBeforeReceiptError(
            f"now={now.isoformat()} is before the contact was received "
            f"({contact.received_at.isoformat()}); pass the current time, in any time zone."
        )
    policies: tuple[ServiceLevelPolicy, ...] = ()
    if isinstance(policy, ServiceLevelPolicy):  # the common case: no selection
        plan, chosen, home = _plan_for(contact, policy, received), policy, 0
        events, special = _events(contact, plan.groups)
        priority = _PRIORITY[contact.priority]
    else:
        plan, policies, home = _select(contact, policy, received)
        events, special = _events(contact, plan.groups)
        if len(policies) > 1:
            _retarget(contact, policy, policies, home, events)
            special = True
        chosen = policies[home]
        priority = home * len(_PRIORITIES) + _PRIORITY[contact.priority]
    tracked: Sequence[bool] = plan.tracked
    if special or not plan.promises[priority]:
        tracked = _promised(contact, chosen, plan, events, now_us, priority)
    if first_only:
        tracked = _FIRST_ONLY
    current, measured, segments = _clocks.run(
        received,
        events,
        priority,
        plan.rules,
        tracked,
        chosen.customer_message_ends_wait,
        chosen.customer_message_reopens,
        now_us,
        plan.index,
    )
    internal: list[tuple[_clocks.Measured, ...]] | None = None
    if plan.slots and not first_only:
        reopens = chosen.customer_message_reopens
        internal = _clocks.internal(
            events, priority, plan.slots, reopens, segments, now_us, plan.index
        )
    return plan, now_us, current, measured, internal, policies or (chosen,)


def _metric_status(
    metric: int, found: tuple[_clocks.Measured, ...], plan: _Plan, memo: dict[int, datetime]
) -> MetricStatus:
    """The status of a metric with at least one cycle (models built inline: the hot path).

    ``memo`` holds the datetimes converted so far for this contact: a cycle that stops
    where the next starts, or a metric stopped by the reply that stops another, shares
    one conversion.
    """
    zone = plan.zone
    cycles = []
    for start, stop, due, state, used, _, _, _, _, _ in found:
        started = memo.get(start)
        if started is None:
            started = memo[start] = _datetime(start, zone)
        if stop is None:
            stopped = None
        else:
            stopped = memo.get(stop)
            if stopped is None:
                stopped = memo[stop] = _datetime(stop, zone)
        latest = {
            "started_at": started,
            "stopped_at": stopped,
            "deadline": None if due is None else _datetime(due, zone),
            "state": _STATES[state],
            "elapsed": ONE_US * used,
        }
        cycle = _new(MetricCycle)
        _set_dict(cycle, latest)
        _set_fields_set(cycle, _CYCLE_FIELDS)
        _set_extra(cycle, None)
        _set_private(cycle, None)
        cycles.append(cycle)
    _, _, _, _, _, remaining, fraction, rule, level, following = found[-1]
    status = _new(MetricStatus)
    _set_dict(
        status,
        {
            "metric": _METRICS[metric],
            "state": latest["state"],
            "target": None if rule is None else plan.targets[rule.key],
            "started_at": latest["started_at"],
            "stopped_at": latest["stopped_at"],
            "deadline": latest["deadline"],
            "elapsed": latest["elapsed"],
            "remaining": ONE_US * remaining,
            "fraction_used": fraction,
            "cycles": tuple(cycles),
            "level": (_DUE_LEVELS if rule is None else plan.levels[rule.key])[level],
            "next_level_at": None if following is None else _datetime(following, zone),
        },
    )
    _set_fields_set(status, _STATUS_FIELDS)
    _set_extra(status, None)
    _set_private(status, None)
    return status


def breach_status(
    contact: Contact, policy: ServiceLevelPolicy | PolicySet, now: datetime
) -> SlaStatus:
    """The status of every metric of ``contact`` under ``policy`` at ``now``.

    ``policy`` is a policy, or a :class:`~servicelevel.PolicySet`: then the
    policy its rules select at receipt applies (the contact's channel, and
    priority and attributes then), and a priority or attribute change that
    selects another re-targets the running clocks, from their own start, as a
    priority change does; the hours stay those of the policy selected at
    receipt.

    Only events at or before ``now`` count. A metric without a target is
    ``not_applicable``; a contact for which the policy has no target at all
    (an unsupported channel, say) raises :class:`~servicelevel.NoTargetError`.
    Raises :class:`~servicelevel.NaiveDatetimeError` for a naive ``now`` and
    :class:`NowBeforeReceiptError` when ``now`` is before receipt. Every
    datetime in the result is in the zone of the measuring channel's hours.
    """
    plan, now_us, priority, measured, internal, _ = _measure(contact, policy, now)
    values: dict[str, Any] = {
        "channel": contact.channel,
        "measured_as": plan.channel,
        "priority": _PRIORITIES[priority % 4],
        "policy": plan.policies[priority // 4],
        "now": _datetime(now_us, plan.zone),
        **plan.blank[priority],
    }
    memo: dict[int, datetime] = {}
    for index, found in enumerate(measured):
        if found:
            values[_NAMES[index]] = _metric_status(index, found, plan, memo)
    if internal is not None:
        values["internal"] = _internal(plan, priority, internal, memo)
    return _construct(SlaStatus, values)


def _internal(
    plan: _Plan,
    priority: int,
    measured: list[tuple[_clocks.Measured, ...]],
    memo: dict[int, datetime],
) -> tuple[InternalStatus, ...]:
    """The internal targets' statuses, in the order of the plan's slots."""
    found = []
    for slot, (group, metric), cycles in zip(plan.slots, plan.slot_names, measured, strict=True):
        if cycles:
            status = _metric_status(slot.metric, cycles, plan, memo)
            found.append(_construct(InternalStatus, {**status.__dict__, "group": group}))
        else:
            rule = slot.rules[priority]
            target = None if rule is None else plan.targets[rule.key]
            found.append(_construct(InternalStatus, {**_idle(metric, target), "group": group}))
    return tuple(found)


def response_deadline(contact: Contact, policy: ServiceLevelPolicy | PolicySet) -> datetime:
    """The first-response deadline of ``contact`` under ``policy`` (or the policy a
    :class:`~servicelevel.PolicySet` selects, as :func:`breach_status` does), given all
    its events.

    Reply clocks never pause by default, so waits do not move it (a target
    with ``pauses_on`` does); a priority change re-targets it and a due date
    replaces it. Raises :class:`~servicelevel.NoTargetError` when the policy
    has no first-response target for the contact, :class:`ContactPausedError`
    while an open pause makes the deadline unknown.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import Contact
        >>> from servicelevel._defaults import policy_for
        >>> friday = datetime(2025, 6, 6, 16, 45, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> email = Contact(channel="email", received_at=friday)
        >>> response_deadline(email, policy_for("retail", "b2c")).isoformat()
        '2025-06-10T16:45:00+02:00'
    """
    last = contact.events[-1].at if contact.events else contact.received_at
    plan, _, priority, measured, _, policies = _measure(contact, policy, last, first_only=True)
    found = measured[_clocks.FIRST_RESPONSE]
    if not found:
        applied = policies[priority // 4]
        applied.require_target(plan.channel, _PRIORITIES[priority % 4], Metric.FIRST_RESPONSE)
        raise NoTargetError(f"policy {applied.name!r} has no first-response target here.")
    deadline = found[0].deadline
    if deadline is None:
        raise ContactPausedError(
            "the contact is waiting, and this policy's first-response target pauses while it "
            "waits, so the deadline is not known until the wait ends; add an 'open' event "
            "(or a customer message) that ends it."
        )
    return _datetime(deadline, plan.zone)
