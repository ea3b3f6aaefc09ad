"""The NumPy engine of :func:`servicelevel._columnar.status_columns`.

The rules are those of :mod:`servicelevel._clocks`, over whole columns: no
Python loop per contact or event. Contacts go in blocks of :data:`BLOCK` rows
(so that temporaries stay small whatever the input); in a block,

1. the channel and priority become codes; a policy set selects a policy per
   unique combination of the columns its conditions read, never per row;
2. each contact gets its *plan* (the selected policy and the channel that
   measures it: its own, or the offline fallback when it arrived while its
   channel was closed) and its *group*, ``plan * V + policy * 4 + priority``
   (``V``: four per policy spanned): every target is a row of small tables
   indexed by group, so a change of priority or policy is a change of group;
3. per metric, contacts without events get the deadline, elapsed time,
   state, level and next level of their one cycle from receipt from
   :mod:`servicelevel._columnar_receipt` (the business time since receipt
   against the target's thresholds, every hours of the block on one line);
   contacts with events are walked, hours by hours, by
   :mod:`servicelevel._columnar_events`. The targets are the tables of
   :mod:`servicelevel._columnar_targets`.

Rows the engine does not compute go to the scalar path, one
:func:`~servicelevel.breach_status` each, and are counted in
:attr:`Engine.scalar_rows`: rows that fail a check (so the error reason is the
scalar path's own), working-day clocks and business clocks on hours without
openings, a policy set's contacts whose priority or attributes change at the
instant of receipt (the selection at receipt counts them), and answers outside
the years a datetime holds (a block whose
arithmetic raises goes there whole). The answer is the same either way; only
the speed differs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from servicelevel._columnar import (
    LEVEL_CODE,
    NAT,
    STATE_CODE,
    Coded,
    Column,
    ContactColumns,
    EventColumns,
    Ints,
    Objects,
    Output,
    StatusColumns,
    check_columns,
    instants,
    one_line,
    place,
    rows_of,
)
from servicelevel._columnar_events import Clock as _EventClock
from servicelevel._columnar_events import (
    Histories,
    Rules,
    Settled,
    Windows,
    retarget,
    settle,
    walk,
)
from servicelevel._columnar_receipt import Axes, ReceiptClock, from_receipt
from servicelevel._columnar_targets import TargetTables, target_tables
from servicelevel._contact import Contact
from servicelevel._errors import ServiceLevelError
from servicelevel._hours import BusinessHours
from servicelevel._instants import MAX_US, MIN_US, to_us
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._policy_set import PolicySet
from servicelevel._status import SlaState, breach_status
from servicelevel._vocabulary import Channel, Clock, Metric, Priority
from servicelevel.arrays import is_open_array

__all__ = ["BLOCK", "Engine"]

#: Contacts computed at once: temporaries stay a few MiB whatever the input.
BLOCK = 1 << 16
#: Contacts with events walked at once (their cycles take room per event).
_WALKED_BLOCK = 1 << 14
_CHANNELS = tuple(Channel)
_PRIORITIES = tuple(Priority)
_CHANNEL_CODE = {channel.value: code for code, channel in enumerate(_CHANNELS)}
_PRIORITY_CODE = {priority.value: code for code, priority in enumerate(_PRIORITIES)}
#: Metrics whose clock starts at receipt: the only ones with a cycle before any event.
_FROM_RECEIPT = (
    Metric.FIRST_RESPONSE,
    Metric.REQUESTER_WAIT,
    Metric.AGENT_WORK,
    Metric.RESOLUTION,
    Metric.TOTAL_RESOLUTION,
)
# The states a cycle from receipt can be in without events, as codes of the output.
_LATE = np.array([STATE_CODE[SlaState.BREACHED], STATE_CODE[SlaState.MET_LATE]])
_ON_TRACK, _AT_RISK, _BREACHED, _NOT_APPLICABLE = (
    STATE_CODE[state]
    for state in (SlaState.ON_TRACK, SlaState.AT_RISK, SlaState.BREACHED, SlaState.NOT_APPLICABLE)
)


#: A metric's cycles of some contacts: contact, cycle, started, stopped, deadline, state, elapsed.
_Part = tuple[Ints, Ints, Ints, Ints, Ints, Any, Ints]


class _Plan:
    """A policy (``policies[home]``) and the channel that measures its contacts, with
    its hours; its rules span every policy of a set (``policy * 4 + priority``), so that
    a change of policy re-targets the clocks as a change of priority does."""

    def __init__(
        self, number: int, policies: Sequence[ServiceLevelPolicy], home: int, channel: Channel
    ) -> None:
        self.number = number
        self.policy = policy = policies[home]
        self.channel = channel
        self.hours = policy.hours_for(channel)
        fallback = policy.offline_fallback.get(channel) if self.hours.has_openings else None
        self.fallback = fallback
        self.targets = [
            {
                metric: policies[v // 4].target_for(channel, _PRIORITIES[v % 4], metric)
                for metric in Metric
            }
            for v in range(4 * len(policies))
        ]
        self.promises = [any(t is not None for t in targets.values()) for targets in self.targets]
        every = [t for targets in self.targets for t in targets.values() if t is not None]
        #: Whether the engine can walk its contacts' events: no working-day clock, and no
        #: business clock on hours without openings (the scalar path reports those).
        self.sound = self._sound(every)
        #: Per priority, whether the engine computes a contact without events: something
        #: promised (else the scalar path raises NoTargetError: an error row), and sound.
        self.computable = [
            promised and self._sound([t for t in targets.values() if t is not None])
            for promised, targets in zip(self.promises, self.targets, strict=True)
        ]

    def _sound(self, targets: Sequence[Target]) -> bool:
        if any(target.clock.counts_working_days for target in targets):
            return False
        business = any(target.clock is not Clock.CALENDAR for target in targets)
        return self.hours.has_openings or not business


class Engine:
    """One call of :func:`servicelevel._columnar.status_columns`: the plans found so far and the output."""

    def __init__(
        self,
        policy: ServiceLevelPolicy | PolicySet,
        contacts: ContactColumns,
        at: datetime,
        events: EventColumns | None,
    ) -> None:
        self.now = to_us(at, "at")
        check_columns(contacts, events)
        self.policy, self.contacts, self.at, self.events = policy, contacts, at, events
        self.output = Output(len(contacts))
        self.policies = (
            (policy,)
            if isinstance(policy, ServiceLevelPolicy)
            else tuple({id(rule.policy): rule.policy for rule in policy.rules}.values())
        )
        #: Rules per plan: ``policy * 4 + priority`` for every policy spanned.
        self.width = 4 * len(self.policies)
        self.plans: dict[tuple[int, Channel], _Plan] = {}
        self.plan_list: list[_Plan] = []
        self.selected: dict[tuple[object, ...], int] = {}
        self.scalar: list[Ints] = []
        self.parts: list[tuple[Metric, _Part]] = []
        self.scalar_rows = 0
        self._cached_tables: dict[Metric, TargetTables] = {}
        self._tables_for = -1
        self.axes: Axes = {}

    def run(self) -> StatusColumns:
        size = len(self.contacts)
        received = instants(self.contacts.received_at, "received_at")
        self.output.received = received
        with_events = np.zeros(size, dtype=np.bool_)
        self.histories: Histories | None = None
        if self.events is not None and len(self.events):
            self.histories = Histories(self.events, size, received)
            # Contacts whose events the engine does not walk: the scalar path.
            with_events[self.histories.slot >= 0] = True
            with_events &= ~self.histories.walked
            if isinstance(self.policy, PolicySet):
                with_events |= self.histories.at_receipt
        for start in range(0, size, BLOCK):
            rows = np.arange(start, min(start + BLOCK, size), dtype=np.int64)
            self._block(rows, received[rows], with_events[rows])
        self._scalar_path()
        return self.output.result()

    # -- a block of contacts ---------------------------------------------------------

    def _block(self, rows: Ints, received: Ints, with_events: npt.NDArray[np.bool_]) -> None:
        contacts = self.contacts
        channels = _codes(contacts.channel, rows, _CHANNEL_CODE)
        priorities = _codes(contacts.priority, rows, _PRIORITY_CODE)
        present = received != NAT
        scalar = present & (
            with_events
            | (channels < 0)
            | (priorities < 0)
            | (received < MIN_US)
            | (received > min(MAX_US, self.now))
        )
        if contacts.problems is not None:
            scalar |= np.array([p is not None for p in contacts.problems[rows]], dtype=np.bool_)
        homes = self._homes(rows, channels, priorities, present & ~scalar)
        scalar |= present & (homes < 0)
        chosen = present & ~scalar
        plans = self._plans(homes, channels, received, chosen)
        groups = plans * self.width + homes * 4 + priorities
        at = np.where(chosen, groups, 0)
        unpromised = chosen & ~self._per_group("promises")[at]
        scalar |= chosen & ~self._per_group("computable")[at]
        chosen &= ~scalar
        if unpromised.any():
            scalar &= ~self._fail_unpromised(rows, groups, unpromised)
        self.scalar.append(rows[scalar])
        if chosen.any():
            self._compute(rows[chosen], received[chosen], groups[chosen])

    def _per_group(self, flags: str) -> npt.NDArray[np.bool_]:
        """The plans' ``promises`` or ``computable``, per group (``plan * width + v``)."""
        found = [getattr(plan, flags)[v] for plan in self.plan_list for v in range(self.width)]
        return np.array(found or [False], dtype=np.bool_)

    def _fail_unpromised(self, rows: Ints, groups: Ints, unpromised: Any) -> Any:
        """Fail the rows (without events) for which the policy promises nothing (an
        unsupported channel, say) with the scalar path's reason, found once per group:
        the rows of a group share policy, channel and priority, so the reason. Returns
        the rows failed."""
        failed = np.zeros(rows.size, dtype=np.bool_)
        for group in np.unique(groups[unpromised]).tolist():
            mine = unpromised & (groups == group)
            reason = self._reason(int(rows[mine][0]))
            if reason is None:
                continue  # no error after all: the scalar path answers each row
            for row in rows[mine].tolist():
                self.output.fail(row, reason)
            failed |= mine
        return failed

    def _reason(self, row: int) -> str | None:
        """Why the scalar path fails ``row`` (None: it does not)."""
        found = rows_of(self.contacts, self.events, self.now, self.output.fail, np.array([row]))
        for _, data in found:
            try:
                breach_status(Contact.model_validate(data), self.policy, self.at)
            except (ValidationError, ServiceLevelError) as error:
                return one_line(error)
        return None

    def _homes(self, rows: Ints, channels: Ints, priorities: Ints, chosen: Any) -> Ints:
        """The policy each contact's selection gives at receipt (-1: none matches)."""
        if isinstance(self.policy, ServiceLevelPolicy):
            return np.zeros(rows.size, dtype=np.int64)
        homes = np.full(rows.size, -1, dtype=np.int64)
        if not chosen.any():
            return homes
        names = _read_attributes(self.policy)
        columns = [channels, priorities]
        values: list[Objects] = []
        for name in names:
            column = self.contacts.attributes.get(name)
            found = _attribute_values(column, rows)
            codes, uniques = _factorize(found)
            columns.append(codes)
            values.append(uniques)
        stacked = np.stack(columns)
        keys, inverse = np.unique(stacked[:, chosen], axis=1, return_inverse=True)
        choices = np.array(
            [self._select(keys[:, k], names, values) for k in range(keys.shape[1])],
            dtype=np.int64,
        )
        homes[chosen] = choices[inverse.reshape(-1)]
        return homes

    def _select(self, key: Ints, names: Sequence[str], values: Sequence[Objects]) -> int:
        """The policy a set selects for one combination of the columns it reads."""
        attributes = {
            name: values[i][key[2 + i]] for i, name in enumerate(names) if key[2 + i] >= 0
        }
        cached = (int(key[0]), int(key[1]), *sorted(attributes.items()))
        found = self.selected.get(cached)
        if found is None:
            policies = self.policy
            assert isinstance(policies, PolicySet)
            channel, priority = _CHANNELS[key[0]], _PRIORITIES[key[1]]
            found = -1
            for rule in policies.rules:
                if rule.when.matches(channel, priority, attributes):
                    found = next(i for i, p in enumerate(self.policies) if p is rule.policy)
                    break
            self.selected[cached] = found
        return found

    def _plan(self, home: int, channel: Channel) -> _Plan:
        found = self.plans.get((home, channel))
        if found is None:
            found = _Plan(len(self.plan_list), self.policies, home, channel)
            self.plans[(home, channel)] = found
            self.plan_list.append(found)
        return found

    def _plans(self, homes: Ints, channels: Ints, received: Ints, chosen: Any) -> Ints:
        """Each contact's plan: its channel's, or the offline fallback's when it arrived
        while its channel was closed."""
        keys = np.where(chosen, homes * 8 + channels, 0)
        present = np.flatnonzero(np.bincount(keys[chosen], minlength=1))
        numbers = np.zeros(present[-1] + 1 if present.size else 1, dtype=np.int64)
        fallbacks = []
        for key in present.tolist():
            plan = self._plan(key // 8, _CHANNELS[key % 8])
            numbers[key] = plan.number
            if plan.fallback is not None:
                fallbacks.append((key, plan))
        plans: Ints = numbers[keys]
        for key, plan in fallbacks:
            assert plan.fallback is not None
            rows = np.flatnonzero(chosen & (keys == key))
            closed = ~is_open_array(plan.hours, received[rows].view("datetime64[us]"))
            plans[rows[closed]] = self._plan(key // 8, plan.fallback).number
        return plans

    # -- the arithmetic ----------------------------------------------------------------

    def _compute(self, rows: Ints, received: Ints, groups: Ints) -> None:
        output = self.output
        where = place(rows)
        output.written[where] = True
        plan_of = groups // self.width
        channels = np.array([_CHANNELS.index(plan.channel) for plan in self.plan_list])
        output.measured_as[where] = channels[plan_of]
        self._in_force(where, groups % self.width)
        hours_of = {id(plan.hours): plan.hours for plan in self.plan_list}
        hours_code = np.array([list(hours_of).index(id(p.hours)) for p in self.plan_list])
        codes = hours_code[plan_of]
        tables = self._all_tables()
        walked = np.zeros(rows.size, dtype=np.bool_)
        if self.histories is not None:
            walked = self.histories.slot[rows] >= 0
            for number, hours in enumerate(hours_of.values()):
                mine = np.flatnonzero(walked & (codes == number))
                if mine.size:
                    self._walk_hours(hours, rows[mine], received[mine], groups[mine], tables)
        if walked.all():
            return
        simple = None if not walked.any() else np.flatnonzero(~walked)
        if simple is not None:
            rows, received, groups, codes = (
                rows[simple],
                received[simple],
                groups[simple],
                codes[simple],
            )
        self._receipt(list(hours_of.values()), rows, received, groups, codes, tables)

    def _in_force(self, rows: Ints | slice, priorities: Ints) -> None:
        """The priority and policy in force (``policy * 4 + priority``) of ``rows``."""
        output = self.output
        names = np.array([output.policy_code(policy.name) for policy in self.policies])
        if len(self.policies) == 1:  # priorities are priorities, and one policy is in force
            output.priority[rows] = priorities
            output.policy[rows] = names[0]
            return
        output.priority[rows] = priorities % 4
        output.policy[rows] = names[priorities // 4]

    def _tables(self, metric: Metric) -> TargetTables:
        plans, width = self.plan_list, self.width
        return target_tables([plan.targets[v][metric] for plan in plans for v in range(width)])

    def _all_tables(self) -> dict[Metric, TargetTables]:
        """Every metric's tables, built again only when a block found a new plan."""
        if self._tables_for != len(self.plan_list):
            self._cached_tables = {metric: self._tables(metric) for metric in Metric}
            self._tables_for = len(self.plan_list)
        return self._cached_tables

    def _not_applicable(self, metric: Metric, rows: Ints | slice) -> None:
        output = self.output
        output.state[metric][rows] = _NOT_APPLICABLE
        output.level[metric][rows] = -1
        output.elapsed[metric][rows] = 0
        output.fraction[metric][rows] = np.nan
        output.cycles[metric][rows] = output.late[metric][rows] = 0
        for times in (output.deadline, output.remaining, output.next_level):
            times[metric][rows] = NAT

    def _walk_hours(
        self,
        hours: BusinessHours,
        rows: Ints,
        received: Ints,
        groups: Ints,
        tables: dict[Metric, TargetTables],
    ) -> None:
        """Every metric of the contacts with events measured by ``hours``, walked
        :data:`_WALKED_BLOCK` at a time."""
        outside = np.zeros(rows.size, dtype=np.bool_)
        self.parts = []
        try:
            for start in range(0, rows.size, _WALKED_BLOCK):
                chosen = slice(start, start + _WALKED_BLOCK)
                outside[chosen] = self._histories(
                    hours, rows[chosen], received[chosen], groups[chosen], tables
                )
        except ServiceLevelError:  # out of range, say: the scalar path reports it per row
            self.scalar.append(rows)
            return
        dropped = rows[outside]
        self.scalar.append(dropped)
        for metric, part in self.parts:
            keep = ~np.isin(part[0], dropped)
            self.output.cycle_parts[metric].append(tuple(c[keep] for c in part))  # type: ignore[arg-type]

    def _receipt(
        self,
        hours: Sequence[BusinessHours],
        rows: Ints,
        received: Ints,
        groups: Ints,
        codes: Ints,
        tables: dict[Metric, TargetTables],
    ) -> None:
        """Every metric of contacts without events (``hours[codes]`` measures them): one
        cycle from receipt each. Rows with an answer outside the years a datetime holds
        go to the scalar path, which reports them."""
        outside = np.zeros(rows.size, dtype=np.bool_)
        try:
            clock = ReceiptClock(hours, codes, received, self.now, self.axes)
            present = np.flatnonzero(np.bincount(groups))
            for metric in Metric:
                table = tables[metric]
                outside |= self._from_receipt(metric, rows, groups, present, clock, table)
        except ServiceLevelError:  # out of range, say: the scalar path reports it per row
            self.scalar.append(rows)
            return
        self.scalar.append(rows[outside])
        self.output.from_receipt[place(rows) if not outside.any() else rows[~outside]] = True

    def _from_receipt(
        self,
        metric: Metric,
        rows: Ints,
        groups: Ints,
        present: Ints,
        clock: ReceiptClock,
        table: TargetTables,
    ) -> npt.NDArray[np.bool_]:
        """One metric of contacts without events; returns where its answer lies outside
        the years a datetime holds."""
        outside = np.zeros(rows.size, dtype=np.bool_)
        has = table.has[groups] if metric in _FROM_RECEIPT else outside
        if not has.any():
            self._not_applicable(metric, place(rows))
            return outside
        mine = None if has.all() else np.flatnonzero(has)
        group = groups if mine is None else groups[mine]
        where = place(rows if mine is None else rows[mine])
        found = self._columns(metric, where, group.size)
        groups_here = present if mine is None else present[table.has[present]]
        late = from_receipt(table, group, groups_here, clock, mine, found)
        if not isinstance(where, slice):
            self._put(metric, where, found)
        self.output.cycles[metric][where] = 1
        self.output.late[metric][where] = late
        if mine is not None:
            self._not_applicable(metric, rows[~has])
        if max(found.deadline.max(), found.following.max()) > MAX_US:
            far = (found.deadline > MAX_US) | (found.following > MAX_US)
            outside[far if mine is None else mine[far]] = True
        return outside

    def _histories(
        self,
        hours: BusinessHours,
        rows: Ints,
        received: Ints,
        groups: Ints,
        tables: dict[Metric, TargetTables],
    ) -> npt.NDArray[np.bool_]:
        """Every metric of contacts with events (the walk), and the rows for the scalar
        path: an answer outside the years a datetime holds, nothing promised at all, a
        plan the engine does not walk."""
        assert self.histories is not None
        histories, width = self.histories, self.width
        slots = histories.slot[rows]
        count = int(histories.count[slots].max())
        kinds, at = histories.kinds[slots, :count], histories.at[slots, :count]
        values = (histories.value[slots, :count], histories.due[slots, :count])
        if len(self.policies) > 1:
            kinds, changed = self._reselect(rows, slots, groups, kinds, at, values[0])
            values = (changed, values[1])
        plan_of = groups // width
        base = plan_of * width
        happened = (at <= self.now) & (at != NAT)
        dated = np.zeros((rows.size, len(Metric)), dtype=np.bool_)
        due_rows, due_positions = np.nonzero(happened & (kinds == _DUE_KIND))
        dated[due_rows, values[0][due_rows, due_positions]] = True
        tracked = np.stack([tables[m].has.reshape(-1, width).any(axis=1) for m in Metric], 1)
        rules = Rules(
            tracked=tracked[plan_of] | dated,
            base=base,
            priority=groups % width,
            new_cycle=[tables[m].new_cycle for m in Metric],
            ends_wait=np.array([p.policy.customer_message_ends_wait for p in self.plan_list])[
                plan_of
            ],
            reopens=np.array([p.policy.customer_message_reopens for p in self.plan_list])[plan_of],
        )
        found = walk(kinds, at, received, self.now, rules, values)
        self._in_force(rows, found.priority)
        route = ~np.array([p.sound for p in self.plan_list])[plan_of]
        route |= ~self._promised(groups, kinds, values[0], happened, dated)
        for index, metric in enumerate(Metric):
            cycles = found.cycles.get(index)
            if cycles is None:
                self._not_applicable(metric, rows)
                continue
            route |= self._measure(metric, hours, rows, base, tables[metric], cycles, found)
        return route

    def _reselect(
        self, rows: Ints, slots: Ints, groups: Ints, kinds: Ints, at: Ints, values: Ints
    ) -> tuple[Ints, Ints]:
        """A policy set's priority and attribute changes as changes of ``policy * 4 +
        priority`` (as ``_status._retarget``): the policy the set selects with the priority
        and attributes in force at each (a change no rule matches keeps the policy), per
        unique combination of the columns its conditions read."""
        changing = np.isin(kinds, (_PRIORITY_KIND, _ATTRIBUTES_KIND))
        if not changing.any():
            return kinds, values
        last = _last_at_same_instant(at)
        priority = _running(kinds == _PRIORITY_KIND, values, (groups % self.width) % 4)
        names = _read_attributes(self.policy)  # type: ignore[arg-type]
        codes, uniques = [], []
        for name in names:
            seen: dict[str, int] = {}
            first = [
                seen.setdefault(v, len(seen)) if isinstance(v, str) and v else -1
                for v in _attribute_values(self.contacts.attributes.get(name), rows).tolist()
            ]
            after = _running(*self._attribute_changes(slots, kinds, name, seen), np.array(first))
            codes.append(np.take_along_axis(after, last, axis=1))
            uniques.append(np.array(list(seen), dtype=object))
        channels = _codes(self.contacts.channel, rows, _CHANNEL_CODE)
        where = np.nonzero(changing)
        in_force = np.take_along_axis(priority, last, axis=1)
        stacked = np.stack([channels[where[0]], in_force[where], *(c[where] for c in codes)])
        keys, inverse = np.unique(stacked, axis=1, return_inverse=True)
        chosen = np.array([self._select(keys[:, k], names, uniques) for k in range(keys.shape[1])])
        selected = np.full(kinds.shape, -1, dtype=np.int64)
        selected[where] = chosen[inverse.reshape(-1)]
        current = (groups % self.width) // 4
        changed = values.copy()
        for position in range(kinds.shape[1]):
            moving = changing[:, position]
            current = np.where(
                moving & (selected[:, position] >= 0), selected[:, position], current
            )
            changed[:, position] = np.where(
                moving, current * 4 + in_force[:, position], values[:, position]
            )
        return np.where(changing, _PRIORITY_KIND, kinds), changed

    def _attribute_changes(
        self, slots: Ints, kinds: Ints, name: str, seen: dict[str, int]
    ) -> tuple[npt.NDArray[np.bool_], Ints]:
        """Where an attributes_changed event sets ``name``, and its value's code."""
        assert self.histories is not None
        sets = np.zeros(kinds.shape, dtype=np.bool_)
        found = np.full(kinds.shape, -1, dtype=np.int64)
        attributes = self.histories.attributes
        if attributes is None:
            return sets, found
        where = np.nonzero(kinds == _ATTRIBUTES_KIND)
        changes = attributes[slots][:, : kinds.shape[1]][where].tolist()
        given = [change.get(name) if isinstance(change, Mapping) else None for change in changes]
        sets[where] = [isinstance(v, str) for v in given]
        found[where] = [seen.setdefault(v, len(seen)) if isinstance(v, str) else -1 for v in given]
        return sets, found

    def _promised(
        self, groups: Ints, kinds: Ints, values: Ints, happened: Any, dated: Any
    ) -> npt.NDArray[np.bool_]:
        """Whether anything is promised to each contact: a target at receipt or after a
        priority change, or a due date (else the scalar path raises NoTargetError)."""
        promises = np.array([v for plan in self.plan_list for v in plan.promises])
        found: npt.NDArray[np.bool_] = promises[groups] | dated.any(axis=1)
        changed = happened & (kinds == _PRIORITY_KIND)
        if changed.any():
            base = (groups // self.width * self.width)[:, None]
            found |= (changed & promises[base + np.where(changed, values, 0)]).any(axis=1)
        return found

    def _measure(
        self,
        metric: Metric,
        hours: BusinessHours,
        rows: Ints,
        base: Ints,
        table: TargetTables,
        cycles: Any,
        found: Any,
    ) -> npt.NDArray[np.bool_]:
        """One metric's cycles of contacts with events, settled; its columns written.
        Returns the rows with an answer outside the years a datetime holds."""
        contact, cycle = np.nonzero(np.arange(cycles.start.shape[1]) < cycles.count[:, None])
        segments = (found.seg_at, found.seg_status, found.segments)
        rule, has, due, deadline, running = retarget(
            table, hours, base, cycles, contact, cycle, segments
        )
        keep = has | (due != NAT)  # else nothing was promised for the cycle: no cycle
        contact, cycle, rule, has, due, deadline = (
            part[keep] for part in (contact, cycle, rule, has, due, deadline)
        )
        running = Windows(running.begin[keep], running.end[keep], running.count[keep])
        start, stop = cycles.start[contact, cycle], cycles.stop[contact, cycle]
        clock = _EventClock(hours, has & table.business[rule])
        settled = settle(
            clock,
            running,
            start,
            stop,
            cycles.how[contact, cycle],
            _cycle_rules(table, rule, has, due),
            self.now,
            deadline,
        )
        kept = np.bincount(contact, minlength=rows.size)
        self._not_applicable(metric, rows[kept == 0])
        first = np.concatenate(([0], np.cumsum(kept)[:-1]))
        number = np.arange(contact.size) - first[contact] + 1
        latest = np.flatnonzero(number == kept[contact])
        chosen = rows[contact[latest]]
        level = _DUE_LEVEL_CODES[np.minimum(settled.level, 2)]
        level[has] = table.names[table.offsets[rule[has]] + settled.level[has]]
        output = self.output
        output.state[metric][chosen] = settled.state[latest]
        output.level[metric][chosen] = level[latest]
        output.deadline[metric][chosen] = settled.deadline[latest]
        output.elapsed[metric][chosen] = settled.used[latest]
        output.remaining[metric][chosen] = settled.remaining[latest]
        output.fraction[metric][chosen] = settled.fraction[latest]
        output.next_level[metric][chosen] = settled.following[latest]
        output.cycles[metric][rows] = kept
        late = np.isin(settled.state, _LATE)
        output.late[metric][rows] = np.bincount(contact, weights=late, minlength=rows.size).astype(
            np.int64
        )
        part = (
            rows[contact],
            number,
            start,
            stop,
            settled.deadline,
            settled.state.astype(np.int8),
            settled.used,
        )
        self.parts.append((metric, part))
        far = (settled.deadline > MAX_US) | (settled.following > MAX_US)
        outside = np.zeros(rows.size, dtype=np.bool_)
        outside[contact[far]] = True
        return outside

    def _columns(self, metric: Metric, where: Ints | slice, size: int) -> Settled:
        """Where to write one metric's answer for rows ``where``: the output itself for
        a slice, else new columns for :meth:`_put`."""
        output = self.output
        if isinstance(where, slice):
            return Settled(
                deadline=output.deadline[metric][where],
                used=output.elapsed[metric][where],
                remaining=output.remaining[metric][where],
                fraction=output.fraction[metric][where],
                state=output.state[metric][where],
                level=output.level[metric][where],
                following=output.next_level[metric][where],
            )
        return Settled(
            deadline=np.empty(size, dtype=np.int64),
            used=np.empty(size, dtype=np.int64),
            remaining=np.empty(size, dtype=np.int64),
            fraction=np.empty(size),
            state=np.empty(size, dtype=np.int8),
            level=np.empty(size, dtype=np.int8),
            following=np.empty(size, dtype=np.int64),
        )

    def _put(self, metric: Metric, rows: Ints, found: Settled) -> None:
        output = self.output
        output.state[metric][rows] = found.state
        output.level[metric][rows] = found.level
        output.deadline[metric][rows] = found.deadline
        output.elapsed[metric][rows] = found.used
        output.remaining[metric][rows] = found.remaining
        output.fraction[metric][rows] = found.fraction
        output.next_level[metric][rows] = found.following

    # -- the rest: one contact at a time -------------------------------------------------

    def _scalar_path(self) -> None:
        chosen = np.concatenate(self.scalar) if self.scalar else np.empty(0, dtype=np.int64)
        chosen = np.unique(chosen)
        self.scalar_rows = int(chosen.size)
        if not chosen.size:
            return
        output = self.output
        for row, data in rows_of(self.contacts, self.events, self.now, output.fail, chosen):
            try:
                contact = Contact.model_validate(data)
                output.put(row, breach_status(contact, self.policy, self.at))
            except (ValidationError, ServiceLevelError) as error:
                output.fail(row, one_line(error))


#: A due date without a target: one warning at 80% and no escalation ("ok",
#: "warning 1", "breached"), as _clocks.DEFAULT_WARNINGS and _status._DUE_LEVELS have it.
_DUE_LEVEL_CODES = np.array([LEVEL_CODE[name] for name in ("ok", "warning 1", "breached")])
_PRIORITY_KIND, _ATTRIBUTES_KIND, _DUE_KIND = 8, 9, 11  # EventKind's order


def _last_at_same_instant(at: Ints) -> Ints:
    """Per position, the last position of the same instant (events at or before an instant
    include the later ones at the same instant)."""
    last = np.broadcast_to(np.arange(at.shape[1]), at.shape).copy()
    for position in range(at.shape[1] - 2, -1, -1):
        same = at[:, position] == at[:, position + 1]
        last[same, position] = last[same, position + 1]
    return last


def _running(sets: npt.NDArray[np.bool_], values: Ints, first: Ints) -> Ints:
    """Per position, the value after it: ``first``, replaced where ``sets``."""
    found = np.empty(values.shape, dtype=np.int64)
    current = first.astype(np.int64)
    for position in range(values.shape[1]):
        current = np.where(sets[:, position], values[:, position], current)
        found[:, position] = current
    return found


def _cycle_rules(table: TargetTables, rule: Ints, has: Any, due: Ints) -> dict[str, Any]:
    """The rule of each cycle as :func:`settle` takes it: its target's, or a due date's
    alone (one warning at 80%, no escalation)."""
    kinds = np.where(has[:, None], table.kinds[rule], 0)
    shares = np.where(has[:, None], table.shares[rule], 0.0)
    alone = np.flatnonzero(~has)
    kinds[alone, 0], shares[alone, 0] = 1, 0.8
    return {
        "plain": has & (due == NAT),
        "duration": np.where(has, table.duration[rule], 1),
        "kinds": kinds,
        "shares": shares,
        "lefts": np.where(has[:, None], table.lefts[rule], 0),
        "needs": np.where(has[:, None], table.needs[rule], 0),
        "usable": kinds > 0,
        "escalations": np.where(has[:, None], table.escalations[rule], -1),
    }


# -- columns as codes -------------------------------------------------------------------


def _codes(column: Column, rows: Ints, table: dict[str, int]) -> Ints:
    """The codes of ``column[rows]`` in ``table`` (-1: not in it, or missing)."""
    if isinstance(column, Coded):
        categories = np.array(
            [table.get(c, -1) if isinstance(c, str) else -1 for c in column.categories] + [-1],
            dtype=np.int64,
        )
        codes = np.asarray(column.codes)[rows].astype(np.int64)
        return categories[np.where(codes < 0, len(column.categories), codes)]
    values = np.asarray(column, dtype=object)[rows]
    get = table.get
    return np.array([get(v, -1) if isinstance(v, str) else -1 for v in values], dtype=np.int64)


def _read_attributes(policies: PolicySet) -> tuple[str, ...]:
    """The attributes the conditions of a policy set read."""
    names: dict[str, None] = {}
    for rule in policies.rules:
        when = rule.when
        for name, listed in (("market", when.markets), ("sector", when.sectors)):
            if listed:
                names[name] = None
        if when.tags:
            names["tags"] = None
        names.update(dict.fromkeys(when.attributes))
    return tuple(names)


def _attribute_values(column: Column | None, rows: Ints) -> Objects:
    if column is None:
        return np.full(rows.size, None, dtype=object)
    if isinstance(column, Coded):
        return Coded(np.asarray(column.codes)[rows], column.categories).values()
    return np.asarray(column, dtype=object)[rows]


def _factorize(values: Objects) -> tuple[Ints, Objects]:
    """Codes of the given values (non-empty strings; -1 otherwise) and the values."""
    seen: dict[str, int] = {}
    codes = np.array(
        [
            seen.setdefault(v, len(seen)) if isinstance(v, str) and v != "" else -1
            for v in values.tolist()
        ],
        dtype=np.int64,
    )
    return codes, np.array(list(seen), dtype=object)
