"""Contacts with events in the NumPy engine: the walk of :mod:`servicelevel._clocks`,
vectorised across contacts.

The loops go over event *positions* (the k-th event of every contact at once),
status segments and clock windows, never over contacts or events:

1. :class:`Histories` holds every contact's events as rows of 2-D arrays and
   says which contacts the engine takes: their events validate (the checks of
   :class:`~servicelevel.Contact`, vectorised); anything that does not
   validate goes to the scalar path, which reports it.
2. :func:`walk` steps through the positions: the status segments, and per
   metric every cycle's start, stop and how it ended, the (policy and)
   priority it started under and the priority changes and due dates that came
   while it ran (``[contact, cycle]`` arrays).
3. :func:`retarget` settles the rule, due date and deadline in force from
   those changes, and :func:`settle` measures each cycle as
   :func:`servicelevel._clocks.measure` does: the windows in which its clock
   runs (its pauses), its deadline, elapsed time, state, level and next level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from servicelevel import _clocks
from servicelevel._columnar import (
    NAT,
    STATE_CODE,
    Coded,
    Column,
    EventColumns,
    Ints,
    event_order,
    objects,
)
from servicelevel._contact import EventKind
from servicelevel._hours import BusinessHours
from servicelevel._instants import MAX_US
from servicelevel._status import SlaState
from servicelevel._vocabulary import Metric, Priority
from servicelevel.arrays import add_business_time_array, business_time_between_array

__all__ = ["Histories", "Rules", "settle", "walk"]

Bools = npt.NDArray[np.bool_]

_KIND_CODE = {kind.value: code for code, kind in enumerate(EventKind)}
_PRIORITY_CODE = {priority.value: code for code, priority in enumerate(Priority)}
_METRIC_CODE = {metric.value: code for code, metric in enumerate(Metric)}
_KIND_CODE.update({"customer_reply": 0, "paused": 3, "resumed": 5})
(
    _MESSAGE,
    _REPLY,
    _NOTE,
    _WAIT_CUSTOMER,
    _WAIT_THIRD,
    _OPEN,
    _RESOLVED,
    _REOPENED,
    _PRIORITY,
    _ATTRIBUTES,
    _CANCELLED,
    _DUE,
    _ASSIGNED,
) = range(13)
#: The kinds the engine walks (the others re-target clocks: the scalar path).
_WALKED = np.zeros(13, dtype=np.bool_)
_WALKED[[_MESSAGE, _REPLY, _NOTE, _WAIT_CUSTOMER, _WAIT_THIRD, _OPEN, _RESOLVED]] = True
_WALKED[[_REOPENED, _CANCELLED, _ASSIGNED, _PRIORITY, _ATTRIBUTES, _DUE]] = True
_S_OPEN, _S_CUSTOMER, _S_THIRD, _S_RESOLVED, _S_CANCELLED = range(5)
_RUNNING, _FULFILLED, _CANCELLED_HOW = range(3)
_PRIORITY_CHANGE, _DUE_CHANGE = range(2)


def _given(values: list[Any]) -> Bools:
    """Where a field holds a value (not None, not NaN), as the scalar path reads it."""
    return np.array([v is not None and v == v for v in values], dtype=np.bool_)


def _attributes(values: list[Any]) -> Bools:
    """Where a value is attributes as a contact takes them: a non-empty mapping of
    non-empty names to strings."""
    return np.array(
        [
            isinstance(v, Mapping)
            and bool(v)
            and all(isinstance(k, str) and k and isinstance(x, str) for k, x in v.items())
            for v in values
        ],
        dtype=np.bool_,
    )


def _text(values: list[Any]) -> Bools:
    return np.array([isinstance(v, str) and v != "" for v in values], dtype=np.bool_)


def _coder(table: dict[str, int]) -> Callable[[list[Any]], Ints]:
    def code(values: list[Any]) -> Ints:
        return np.array(
            [table.get(v, -1) if isinstance(v, str) else -1 for v in values], dtype=np.int64
        )

    return code


def _per_value(
    column: Column | None, count: int, order: Ints, function: Callable[[list[Any]], Any]
) -> Any:
    """``function`` of each value of ``column`` (in ``order``): once per category of a
    :class:`~servicelevel._columnar.Coded` column, so that it never runs per event."""
    if column is None:
        return np.repeat(function([None]), count)
    if isinstance(column, Coded):
        table = function([*column.categories, None])
        codes = np.asarray(column.codes)
        return table[np.where(codes < 0, len(column.categories), codes)[order]]
    return function(objects(column)[order].tolist())


class Histories:
    """Every contact's events as rows of ``[slot, position]`` arrays (``slot[row]``:
    the contact's row of them, -1 without events), and which the engine walks."""

    def __init__(
        self, events: EventColumns, size: int, received: Ints, *, retarget: bool = True
    ) -> None:
        order = event_order(events)
        count = len(events)
        contact = np.asarray(events.contact, dtype=np.int64)[order]
        codes = _per_value(events.kind, count, order, _coder(_KIND_CODE))
        from servicelevel._columnar import instants

        at = instants(events.at, "events.at")[order]
        rows, first, per = np.unique(contact, return_index=True, return_counts=True)
        self.slot = np.full(size, -1, dtype=np.int64)
        self.slot[rows] = np.arange(rows.size)
        width = int(per.max()) if per.size else 0
        position = np.arange(count) - np.repeat(first, per)
        slot = self.slot[contact]
        self.kinds = np.full((rows.size, width), -1, dtype=np.int64)
        self.at = np.full((rows.size, width), NAT, dtype=np.int64)
        self.kinds[slot, position] = codes
        self.at[slot, position] = at
        self.count = per
        walked = _WALKED.copy()
        walked[[_PRIORITY, _ATTRIBUTES]] = retarget
        good = walked[np.where(codes < 0, _NOTE, codes)] & (codes >= 0)
        good &= (at != NAT) & (at >= received[contact]) & (at <= MAX_US)
        fields, value, due = self._fields(events, order, codes, received[contact])
        good &= fields
        self.value = np.zeros((rows.size, width), dtype=np.int64)
        self.due = np.full((rows.size, width), NAT, dtype=np.int64)
        self.value[slot, position] = value
        self.due[slot, position] = due
        #: The attributes of attributes_changed events (a policy set re-selects on them).
        self.attributes: npt.NDArray[np.object_] | None = None
        if events.attributes is not None:
            self.attributes = np.full((rows.size, width), None, dtype=object)
            self.attributes[slot, position] = objects(events.attributes)[order]
        #: Contacts whose priority or attributes change at the instant of receipt: a policy
        #: set selects with those (Contact.priority_at), which the engine does not.
        self.at_receipt = np.zeros(size, dtype=np.bool_)
        changes = np.isin(codes, (_PRIORITY, _ATTRIBUTES)) & (at == received[contact])
        self.at_receipt[contact[changes]] = True
        bad = np.zeros(rows.size, dtype=np.bool_)
        np.logical_or.at(bad, slot, ~good)
        bad |= self._conversation()
        self.walked = np.zeros(size, dtype=np.bool_)
        self.walked[rows] = ~bad

    @staticmethod
    def _fields(
        events: EventColumns, order: Ints, codes: Ints, received: Ints
    ) -> tuple[Bools, Ints, Ints]:
        """Whether each event has the fields its kind needs and no other, and its value:
        the new priority (priority_changed) or the metric (due_date_set), and the due date."""
        count = len(events)
        good = np.ones(count, dtype=np.bool_)
        value = np.zeros(count, dtype=np.int64)
        due = np.full(count, NAT, dtype=np.int64)
        if events.due is not None:
            from servicelevel._columnar import instants

            due = instants(events.due, "events.due")[order]
        setting = codes == _DUE
        good &= np.where(setting, (due != NAT) & (due >= received) & (due <= MAX_US), due == NAT)
        for name, kind, table in (
            ("priority", _PRIORITY, _PRIORITY_CODE),
            ("metric", _DUE, _METRIC_CODE),
        ):
            column = getattr(events, name)
            coded = _per_value(column, count, order, _coder(table))
            needs = codes == kind
            good &= np.where(needs, coded >= 0, ~_per_value(column, count, order, _given))
            value = np.where(needs, coded, value)
        changed = events.attributes
        good &= np.where(
            codes == _ATTRIBUTES,
            _per_value(changed, count, order, _attributes),
            ~_per_value(changed, count, order, _given),
        )
        for name, kind in (("reason", _CANCELLED), ("group", _ASSIGNED)):
            column = getattr(events, name)
            good &= np.where(
                codes == kind,
                _per_value(column, count, order, _text),
                ~_per_value(column, count, order, _given),
            )
        return good, value, due

    def _conversation(self) -> Bools:
        """The contacts whose events do not validate as a conversation (a reopening
        without a resolution, a second resolution, anything after a cancellation)."""
        size = self.kinds.shape[0]
        bad = np.zeros(size, dtype=np.bool_)
        resolved = np.zeros(size, dtype=np.bool_)
        customer = np.zeros(size, dtype=np.bool_)
        cancelled = np.zeros(size, dtype=np.bool_)
        for position in range(self.kinds.shape[1]):
            kind = self.kinds[:, position]
            present = kind >= 0
            bad |= present & cancelled
            customer |= kind == _MESSAGE
            bad |= (kind == _REOPENED) & ~resolved
            bad |= (kind == _RESOLVED) & resolved & ~customer
            settles = kind == _RESOLVED
            customer &= ~settles
            resolved = np.where(settles, True, resolved)
            resolved &= ~np.isin(kind, (_REOPENED, _OPEN, _WAIT_CUSTOMER, _WAIT_THIRD))
            cancelled |= kind == _CANCELLED
        return bad


@dataclass(slots=True)
class Cycles:
    """One metric's cycles of some contacts: ``[contact, cycle]`` arrays and counts;
    ``priority`` is the (policy and) priority each started under, and the changes
    (``[contact, cycle, change]``: instant, what, value) are the priority changes and
    due dates that came while it ran, as :class:`servicelevel._clocks.Cycle` keeps them."""

    start: Ints
    stop: Ints
    how: npt.NDArray[np.int8]
    count: Ints
    priority: Ints
    change_at: Ints
    change_what: npt.NDArray[np.int8]
    change_value: Ints
    changes: Ints  # [contact, cycle]


@dataclass(slots=True)
class Walked:
    """The walk of some contacts: status segments and each tracked metric's cycles."""

    seg_at: Ints  # [contact, segment]
    seg_status: Ints
    segments: Ints  # per contact
    cycles: dict[int, Cycles]  # by metric index
    priority: Ints  # per contact, at now: policy * 4 + priority


class _Walk:
    def __init__(
        self,
        received: Ints,
        rules: Rules,
        width: int,
        capacity: list[int],
        room: int,
    ) -> None:
        size = received.size
        self.size = size
        self.tracked, self.new_cycle, self.base = rules.tracked, rules.new_cycle, rules.base
        self.priority = rules.priority.copy()
        self.status = np.full(size, _S_OPEN, dtype=np.int64)
        # An event changes the status at most twice (a wait on a resolved contact
        # reopens it first).
        self.seg_at = np.full((size, 2 * width + 1), NAT, dtype=np.int64)
        self.seg_status = np.full((size, 2 * width + 1), -1, dtype=np.int64)
        self.seg_at[:, 0], self.seg_status[:, 0] = received, _S_OPEN
        self.segments = np.ones(size, dtype=np.int64)
        self.first_answered = np.zeros(size, dtype=np.bool_)
        self.values: tuple[Ints, Ints] | None = None
        # Per metric, [contact, cycle]: room for the most cycles it can have here.
        self.start = [np.full((size, room), NAT, dtype=np.int64) for room in capacity]
        self.stop = [np.full((size, room), NAT, dtype=np.int64) for room in capacity]
        self.how = [np.zeros((size, room), dtype=np.int8) for room in capacity]
        self.started_under = [np.zeros((size, room), dtype=np.int64) for room in capacity]
        self.current = [np.zeros((size, room), dtype=np.int64) for room in capacity]
        shape = [(size, cycles, room) for cycles in capacity]
        self.change_at = [np.zeros(each, dtype=np.int64) for each in shape]
        self.change_what = [np.zeros(each, dtype=np.int8) for each in shape]
        self.change_value = [np.zeros(each, dtype=np.int64) for each in shape]
        self.changes = [np.zeros((size, cycles), dtype=np.int64) for cycles in capacity]
        self.pending_at = np.full((_clocks.METRICS, size), NAT, dtype=np.int64)
        self.pending_due = np.full((_clocks.METRICS, size), NAT, dtype=np.int64)
        self.count = np.zeros((_clocks.METRICS, size), dtype=np.int64)
        self.running = np.full((_clocks.METRICS, size), -1, dtype=np.int64)
        everyone = np.ones(size, dtype=np.bool_)
        for metric in _clocks._FROM_RECEIPT:
            self.begin(metric, everyone, received)

    def begin(self, metric: int, mask: Bools, at: Ints) -> None:
        rows = np.flatnonzero(mask & self.tracked[:, metric])
        if not rows.size:
            return
        cycle = self.count[metric, rows]
        self.start[metric][rows, cycle] = at[rows]
        self.stop[metric][rows, cycle] = NAT
        self.how[metric][rows, cycle] = _RUNNING
        self.started_under[metric][rows, cycle] = self.priority[rows]
        self.current[metric][rows, cycle] = self.priority[rows]
        self.changes[metric][rows, cycle] = 0
        self.running[metric, rows] = cycle
        self.count[metric, rows] += 1
        self._pending(metric, rows, cycle)

    def _pending(self, metric: int, rows: Ints, cycle: Ints) -> None:
        """A due date set while the metric had no running cycle comes to this one."""
        waiting = self.pending_at[metric, rows] != NAT
        if waiting.any():
            rows, cycle = rows[waiting], cycle[waiting]
            due = self.pending_due[metric, rows]
            self.change(metric, rows, cycle, self.pending_at[metric, rows], _DUE_CHANGE, due)
            self.pending_at[metric, rows] = NAT

    def change(
        self, metric: int, rows: Ints, cycle: Ints, at: Ints, what: int, value: Ints
    ) -> None:
        number = self.changes[metric][rows, cycle]
        self.change_at[metric][rows, cycle, number] = at
        self.change_what[metric][rows, cycle, number] = what
        self.change_value[metric][rows, cycle, number] = value
        self.changes[metric][rows, cycle] += 1

    def retarget(self, mask: Bools, at: Ints, value: Ints) -> None:
        """A priority change: running clocks are re-targeted from their own start."""
        self.priority[mask] = value[mask]
        for metric in range(_clocks.METRICS):
            rows = np.flatnonzero(mask & (self.running[metric] >= 0))
            if not rows.size:
                continue
            cycle = self.running[metric, rows]
            other = self.current[metric][rows, cycle] != value[rows]
            rows, cycle = rows[other], cycle[other]
            self.change(metric, rows, cycle, at[rows], _PRIORITY_CHANGE, value[rows])
            self.current[metric][rows, cycle] = value[rows]

    def due_date(self, mask: Bools, at: Ints, metric_code: Ints, due: Ints) -> None:
        for metric in range(_clocks.METRICS):
            rows = np.flatnonzero(mask & (metric_code == metric) & self.tracked[:, metric])
            if not rows.size:
                continue
            running = self.running[metric, rows] >= 0
            chosen = rows[running]
            cycle = self.running[metric, chosen]
            self.change(metric, chosen, cycle, at[chosen], _DUE_CHANGE, due[chosen])
            idle = rows[~running]
            self.pending_at[metric, idle] = at[idle]
            self.pending_due[metric, idle] = due[idle]

    def end(self, metric: int, mask: Bools, at: Ints, how: int) -> None:
        rows = np.flatnonzero(mask & (self.running[metric] >= 0))
        if not rows.size:
            return
        cycle = self.running[metric, rows]
        self.stop[metric][rows, cycle] = at[rows]
        self.how[metric][rows, cycle] = how
        self.running[metric, rows] = -1

    def set(self, mask: Bools, status: int, at: Ints) -> None:
        rows = np.flatnonzero(mask & (self.status != status))
        if not rows.size:
            return
        self.status[rows] = status
        segment = self.segments[rows]
        self.seg_at[rows, segment] = at[rows]
        self.seg_status[rows, segment] = status
        self.segments[rows] += 1

    def reopen(self, mask: Bools, at: Ints) -> None:
        """Resolution clocks continue (the resolved time excluded) or start a new cycle."""
        self.set(mask, _S_OPEN, at)
        for metric in _clocks._RESOLUTIONS:
            started = mask & (self.count[metric] > 0)
            fresh = started & self.new_cycle[metric][self.base + self.priority]
            self.begin(metric, fresh, at)
            rows = np.flatnonzero(started & ~fresh)
            if rows.size:
                cycle = self.count[metric, rows] - 1
                self.stop[metric][rows, cycle] = NAT
                self.how[metric][rows, cycle] = _RUNNING
                self.running[metric, rows] = cycle
                self._pending(metric, rows, cycle)
                other = self.current[metric][rows, cycle] != self.priority[rows]
                rows, cycle = rows[other], cycle[other]
                value = self.priority[rows]
                self.change(metric, rows, cycle, at[rows], _PRIORITY_CHANGE, value)
                self.current[metric][rows, cycle] = value

    def close(self, mask: Bools, at: Ints, how: int, status: int) -> None:
        """A resolution or cancellation: every running clock stops."""
        self.first_answered |= mask
        for metric in range(_clocks.METRICS):
            self.end(metric, mask, at, how)
        self.set(mask, status, at)

    def step(self, kind: Ints, at: Ints, ends_wait: Bools, reopens: Bools) -> None:
        status = self.status.copy()
        waiting = (status == _S_CUSTOMER) | (status == _S_THIRD)
        resolved = status == _S_RESOLVED
        message = kind == _MESSAGE
        self.set(message & ends_wait & waiting, _S_OPEN, at)
        self.reopen(message & ~(ends_wait & waiting) & reopens & resolved, at)
        self.begin(
            _clocks.NEXT_RESPONSE,
            message
            & (self.status != _S_RESOLVED)
            & self.first_answered
            & (self.running[_clocks.NEXT_RESPONSE] < 0),
            at,
        )
        self._reply(kind == _REPLY, at)
        for wait, new in ((_WAIT_CUSTOMER, _S_CUSTOMER), (_WAIT_THIRD, _S_THIRD)):
            this = kind == wait
            self.reopen(this & resolved, at)
            self.set(this, new, at)
        back = (kind == _OPEN) | (kind == _REOPENED)
        self.reopen(back & resolved, at)
        self.set((kind == _OPEN) & ~resolved, _S_OPEN, at)
        self.close((kind == _RESOLVED) & ~resolved, at, _FULFILLED, _S_RESOLVED)
        self.close(kind == _CANCELLED, at, _CANCELLED_HOW, _S_CANCELLED)
        if self.values is not None:
            value, due = self.values
            self.retarget(kind == _PRIORITY, at, value)
            self.due_date(kind == _DUE, at, value, due)

    def _reply(self, mask: Bools, at: Ints) -> None:
        """A public agent reply: it answers the customer and starts an update cycle."""
        self.first_answered |= mask
        self.end(_clocks.FIRST_RESPONSE, mask, at, _FULFILLED)
        self.end(_clocks.NEXT_RESPONSE, mask, at, _FULFILLED)
        updating = mask & (self.status != _S_RESOLVED)
        for metric in _clocks._UPDATES:
            tracked = updating & self.tracked[:, metric]
            self.end(metric, tracked, at, _FULFILLED)
            self.begin(metric, tracked, at)


@dataclass(slots=True)
class Rules:
    """What the walk needs of the targets, per contact: which metrics get cycles
    (``tracked``, ``[contact, metric]``), its rules' base (``plan * V``) and its
    priority at receipt (``policy * 4 + priority``), the life-cycle switches, and per
    metric over every rule (``base + priority``) whether a reopening starts a new cycle."""

    tracked: Bools
    base: Ints
    priority: Ints
    new_cycle: list[Bools]
    ends_wait: Bools
    reopens: Bools


def walk(
    kinds: Ints, at: Ints, received: Ints, now: int, rules: Rules, values: tuple[Ints, Ints]
) -> Walked:
    """The walk of contacts with events ``kinds``/``at`` (``[contact, position]``, -1
    padding), taking only events at or before ``now``; ``values`` are the events'
    priorities (priority_changed, as ``policy * 4 + priority``) or metrics
    (due_date_set), and due dates."""
    changing = np.isin(kinds, (_PRIORITY, _DUE)) & (at <= now)
    room = int(changing.sum(axis=1).max(initial=0))
    state = _Walk(received, rules, kinds.shape[1], _capacity(kinds), room)
    state.values = None
    for position in range(kinds.shape[1]):
        kind = np.where(at[:, position] <= now, kinds[:, position], -1)
        kind[at[:, position] == NAT] = -1
        if (kind >= 0).any():
            if room:
                state.values = (values[0][:, position], values[1][:, position])
            state.step(kind, at[:, position], rules.ends_wait, rules.reopens)
    cycles = {
        metric: Cycles(
            start=state.start[metric],
            stop=state.stop[metric],
            how=state.how[metric],
            count=state.count[metric],
            priority=state.started_under[metric],
            change_at=state.change_at[metric],
            change_what=state.change_what[metric],
            change_value=state.change_value[metric],
            changes=state.changes[metric],
        )
        for metric in range(_clocks.METRICS)
        if rules.tracked[:, metric].any()
    }
    return Walked(state.seg_at, state.seg_status, state.segments, cycles, state.priority)


def _capacity(kinds: Ints) -> list[int]:
    """The most cycles each metric can have for contacts with events ``kinds``: one from
    receipt, and one more per event that can start one (a reopening, a message, a reply)."""

    def most(*chosen: int) -> int:
        return int(np.isin(kinds, chosen).sum(axis=1).max(initial=0))

    reopening = most(_MESSAGE, _WAIT_CUSTOMER, _WAIT_THIRD, _OPEN, _REOPENED)
    found = [1] * _clocks.METRICS
    found[_clocks.NEXT_RESPONSE] = max(most(_MESSAGE), 1)
    for metric in _clocks._UPDATES:
        found[metric] = max(most(_REPLY), 1)
    for metric in _clocks._RESOLUTIONS:
        found[metric] = 1 + reopening
    return found


# -- measuring cycles ---------------------------------------------------------------------


class Clock:
    """Clock time on one hours, business or calendar per cycle."""

    def __init__(self, hours: BusinessHours, business: Bools) -> None:
        self.hours, self.business = hours, business

    def span(self, rows: Ints, begin: Ints, end: Ints) -> Ints:
        """Clock time from ``begin`` to ``end`` of cycles ``rows``."""
        found = end - begin
        chosen = np.flatnonzero(self.business[rows])
        if chosen.size:
            between = business_time_between_array(
                self.hours,
                begin[chosen].view("datetime64[us]"),
                end[chosen].view("datetime64[us]"),
            )
            found[chosen] = np.asarray(between).view(np.int64)
        return found

    def add(self, rows: Ints, begin: Ints, amount: Ints) -> Ints:
        """The instant ``amount`` (> 0) of clock time after ``begin`` of cycles ``rows``."""
        found = begin + amount
        chosen = np.flatnonzero(self.business[rows])
        if chosen.size:
            added = add_business_time_array(
                self.hours,
                begin[chosen].view("datetime64[us]"),
                amount[chosen].view("timedelta64[us]"),
            )
            found[chosen] = np.asarray(added).view(np.int64)
        return found


@dataclass(slots=True)
class Windows:
    """The windows in which each cycle's clock runs: ``[cycle, window]``; an open
    window ends in NaT. ``count`` per cycle."""

    begin: Ints
    end: Ints
    count: Ints

    def reach(self, clock: Clock, amount: Ints, after: Ints | None = None) -> Ints:
        """The instants ``amount`` (> 0) of clock time has run in the windows (from
        ``after`` on); NaT when the clock is paused before (as :func:`_clocks.reach`)."""
        size = amount.size
        found = np.full(size, NAT, dtype=np.int64)
        left = amount.copy()
        going = np.ones(size, dtype=np.bool_)
        for position in range(self.begin.shape[1]):
            rows = np.flatnonzero(going & (position < self.count))
            if not rows.size:
                break
            begin, end = self.begin[rows, position], self.end[rows, position]
            if after is not None:
                skip = (end != NAT) & (end <= after[rows])
                rows, begin, end = rows[~skip], begin[~skip], end[~skip]
                begin = np.maximum(begin, after[rows])
            closed = end != NAT
            available = np.zeros(rows.size, dtype=np.int64)
            if closed.any():
                available[closed] = clock.span(rows[closed], begin[closed], end[closed])
            short = closed & (available < left[rows])
            left[rows[short]] -= available[short]
            fits = rows[~short]
            found[fits] = clock.add(fits, begin[~short], left[fits])
            going[fits] = False
        return found

    def used(self, clock: Clock, until: Ints) -> Ints:
        """Clock time in the windows before ``until`` (as :func:`_clocks.elapsed`)."""
        total = np.zeros(until.size, dtype=np.int64)
        for position in range(self.begin.shape[1]):
            begin, end = self.begin[:, position], self.end[:, position]
            rows = np.flatnonzero((position < self.count) & (begin < until))
            if not rows.size:
                break
            stop = np.where((end[rows] == NAT) | (end[rows] > until[rows]), until[rows], end[rows])
            total[rows] += clock.span(rows, begin[rows], stop)
        return total


def windows(
    start: Ints, stop: Ints, mask: Ints, seg_at: Ints, seg_status: Ints, segments: Ints
) -> Windows:
    """Each cycle's running windows (as :func:`servicelevel._clocks.windows`): the
    segments whose status the mask does not stop, from ``start``, to ``stop`` and
    then open (a stopped cycle's deadline is where it would have been)."""
    size, width = seg_at.shape
    begin = np.full((size, width + 1), NAT, dtype=np.int64)
    end = np.full((size, width + 1), NAT, dtype=np.int64)
    count = np.zeros(size, dtype=np.int64)
    stopped = stop != NAT
    rows_all = np.arange(size)
    halted = np.zeros(size, dtype=np.bool_)
    for index in range(width):
        live = (index < segments) & ~halted
        if not live.any():
            break
        seg_begin, status = seg_at[:, index], seg_status[:, index]
        following = np.where(index + 1 < segments, seg_at[:, min(index + 1, width - 1)], NAT)
        if index + 1 >= width:
            following = np.full(size, NAT, dtype=np.int64)
        paused = ((mask >> np.maximum(status, 0)) & 1).astype(np.bool_)
        skip = ((following != NAT) & (following <= start)) | paused
        halted |= live & ~skip & stopped & (seg_begin >= stop)
        use = live & ~skip & ~halted
        w_end = np.where(
            stopped & use, np.where(following == NAT, stop, np.minimum(following, stop)), following
        )
        w_begin = np.maximum(seg_begin, start)
        use &= ~((w_end != NAT) & (w_end <= w_begin))
        last = np.maximum(count - 1, 0)
        merge = use & (count > 0) & (end[rows_all, last] == w_begin)
        rows = np.flatnonzero(merge)
        end[rows, last[rows]] = w_end[rows]
        rows = np.flatnonzero(use & ~merge)
        begin[rows, count[rows]] = w_begin[rows]
        end[rows, count[rows]] = w_end[rows]
        count[rows] += 1
    last = np.maximum(count - 1, 0)
    closing = stopped & (count > 0) & (end[rows_all, last] == stop)
    rows = np.flatnonzero(closing)
    end[rows, last[rows]] = NAT
    rows = np.flatnonzero(stopped & ~closing)
    begin[rows, count[rows]] = stop[rows]
    count[rows] += 1
    return Windows(begin, end, count)


def retarget(
    table: Any,
    hours: BusinessHours,
    base: Ints,
    cycles: Cycles,
    contact: Ints,
    cycle: Ints,
    segments: tuple[Ints, Ints, Ints],
) -> tuple[Ints, Bools, Ints, Ints, Windows]:
    """The rule (``base + priority``; whether there is one), due date and deadline in
    force for each cycle, and its running windows, given its changes (as
    :func:`servicelevel._clocks._settle`): a priority change re-targets the cycle from
    its start, a due date replaces the deadline; neither undoes a passed deadline."""
    start, stop = cycles.start[contact, cycle], cycles.stop[contact, cycle]
    rule = base[contact] + cycles.priority[contact, cycle]
    has = table.has[rule]
    mask = np.where(has, table.pauses[rule], _clocks.ALWAYS_STOPPED)
    seg_at, seg_status, counts = (part[contact] for part in segments)
    running = windows(start, stop, mask, seg_at, seg_status, counts)
    found = np.full(start.size, NAT, dtype=np.int64)
    found[has] = _deadlines(table, hours, running, rule, np.flatnonzero(has))
    due = np.full(start.size, NAT, dtype=np.int64)
    changes = cycles.changes[contact, cycle]
    broken = np.zeros(start.size, dtype=np.bool_)
    for number in range(int(changes.max(initial=0))):
        at = cycles.change_at[contact, cycle, number]
        what = cycles.change_what[contact, cycle, number]
        value = cycles.change_value[contact, cycle, number]
        acting = (number < changes) & ~broken
        broken |= acting & (found != NAT) & (found < at)
        acting &= ~broken
        dated = acting & (what == _DUE_CHANGE)
        due[dated] = found[dated] = value[dated]
        moved = acting & (what == _PRIORITY_CHANGE)
        if not moved.any():
            continue
        rule[moved] = base[contact][moved] + value[moved]
        has[moved] = table.has[rule[moved]]
        pauses = np.where(has, table.pauses[rule], mask)
        other = np.flatnonzero(moved & has & (pauses != mask))
        if other.size:
            mask[other] = pauses[other]
            _rewindow(running, other, start, stop, mask, (seg_at, seg_status, counts))
        redo = moved & (due == NAT)
        found[redo] = NAT
        found[redo & has] = _deadlines(table, hours, running, rule, np.flatnonzero(redo & has))
    alone = np.flatnonzero(~has & (mask != _clocks.ALWAYS_STOPPED))
    if alone.size:
        mask[alone] = _clocks.ALWAYS_STOPPED
        _rewindow(running, alone, start, stop, mask, (seg_at, seg_status, counts))
    return rule, has, due, found, running


def _rewindow(
    running: Windows,
    rows: Ints,
    start: Ints,
    stop: Ints,
    mask: Ints,
    segments: tuple[Ints, Ints, Ints],
) -> None:
    found = windows(start[rows], stop[rows], mask[rows], *(part[rows] for part in segments))
    running.begin[rows], running.end[rows], running.count[rows] = (
        found.begin,
        found.end,
        found.count,
    )


def _deadlines(table: Any, hours: BusinessHours, running: Windows, rule: Ints, rows: Ints) -> Ints:
    """The deadlines of cycles ``rows`` under their rules (all with a target)."""
    if not rows.size:
        return np.empty(0, dtype=np.int64)
    chosen = rule[rows]
    part = Windows(running.begin[rows], running.end[rows], running.count[rows])
    return part.reach(Clock(hours, table.business[chosen]), table.duration[chosen])


_STATE = {
    name: STATE_CODE[state]
    for name, state in (
        ("on_track", SlaState.ON_TRACK),
        ("at_risk", SlaState.AT_RISK),
        ("breached", SlaState.BREACHED),
        ("met", SlaState.MET),
        ("met_late", SlaState.MET_LATE),
        ("paused", SlaState.PAUSED),
        ("cancelled", SlaState.CANCELLED),
    )
}


@dataclass(slots=True)
class Settled:
    """Cycles measured at ``now``."""

    deadline: Ints
    used: Ints
    remaining: Ints
    fraction: npt.NDArray[np.float64]
    state: npt.NDArray[np.integer[Any]]
    level: npt.NDArray[np.integer[Any]]
    following: Ints


def settle(
    clock: Clock,
    running: Windows,
    start: Ints,
    stop: Ints,
    how: Ints,
    rule: dict[str, Any],
    now: int,
    deadline: Ints,
) -> Settled:
    """Cycles measured at ``now`` (as :func:`servicelevel._clocks.measure`), given the
    rule, due date and deadline in force (:func:`retarget`). ``rule`` holds per cycle
    ``plain`` (a target and no due date), its ``duration``, ``kinds``/``shares``/
    ``lefts``/``needs`` of its warnings and ``escalations`` (a due date alone: one
    warning at 80%, no escalation)."""
    size = start.size
    everyone = np.arange(size)
    plain = rule["plain"]
    duration = rule["duration"]
    stopped = stop != NAT
    until = np.where(stopped, stop, now)
    used = running.used(clock, until)
    known = deadline != NAT
    remaining = duration - used
    fraction = used / duration
    if not plain.all():
        other = np.flatnonzero(~plain)
        left = np.zeros(other.size, dtype=np.int64)
        sure = known[other]
        left[sure] = clock.span(other[sure], until[other][sure], deadline[other][sure])
        remaining[other] = left
        budget = used[other] + left
        with np.errstate(divide="ignore", invalid="ignore"):
            fraction[other] = np.where(budget > 0, used[other] / budget, np.nan)
        rule = _budget_needs(rule, other, budget)
    found = Settled(
        deadline=deadline,
        used=used,
        remaining=remaining,
        fraction=fraction,
        state=np.zeros(size, dtype=np.int64),
        level=np.zeros(size, dtype=np.int64),
        following=np.full(size, NAT, dtype=np.int64),
    )
    known = deadline != NAT
    late = known & (until > deadline)
    level = _warned(rule, remaining, fraction)
    found.level[:] = level
    in_time = stopped & (~known | (stop <= deadline))
    found.state[in_time] = np.where(
        how[in_time] == _CANCELLED_HOW, _STATE["cancelled"], _STATE["met"]
    )
    rest = ~in_time
    _escalate(
        found, clock, running, rule, rows=np.flatnonzero(rest & late), until=until, stopped=stopped
    )
    _next_warning(
        found, clock, running, rule, np.flatnonzero(rest & ~late & ~stopped), start, until
    )
    paused = (running.count == 0) | (running.end[everyone, np.maximum(running.count - 1, 0)] != NAT)
    state = np.where(
        how == _CANCELLED_HOW,
        _STATE["cancelled"],
        np.where(
            stopped,
            _STATE["met_late"],
            np.where(
                known & (now > deadline),
                _STATE["breached"],
                np.where(
                    paused,
                    _STATE["paused"],
                    np.where(found.level > 0, _STATE["at_risk"], _STATE["on_track"]),
                ),
            ),
        ),
    )
    found.state[rest] = state[rest]
    return found


def _budget_needs(rule: dict[str, Any], rows: Ints, budget: Ints) -> dict[str, Any]:
    """``rule`` with the clock time each warning needs of cycles ``rows`` on ``budget``
    (their elapsed time and the time left to a due date), as ``_clocks._level`` counts
    it: a share warning is skipped without a budget."""
    needs, usable = rule["needs"].copy(), rule["usable"].copy()
    kinds = rule["kinds"][rows]
    for position in range(kinds.shape[1]):
        share = kinds[:, position] == 1
        need = np.where(share, 0, budget - rule["lefts"][rows, position])
        positive = share & (budget > 0)
        if positive.any():
            need[positive] = _share_used(rule["shares"][rows[positive], position], budget[positive])
        needs[rows, position] = need
        usable[rows, position] = (kinds[:, position] > 0) & ~(share & (budget <= 0))
    return {**rule, "needs": needs, "usable": usable}


def _share_used(share: npt.NDArray[np.float64], budget: Ints) -> Ints:
    """The least clock time ``used`` with ``used / budget >= share`` (as _clocks has it)."""
    used = (share * budget).astype(np.int64)
    while True:
        down = (used > 0) & ((used - 1) / budget >= share)
        if not down.any():
            break
        used -= down
    while True:
        up = used / budget < share
        if not up.any():
            break
        used += up
    return used


def _warned(rule: dict[str, Any], remaining: Ints, fraction: npt.NDArray[np.float64]) -> Ints:
    """The highest warning reached (0: none), as :func:`servicelevel._clocks._warned`."""
    kinds = rule["kinds"]
    level = np.zeros(remaining.size, dtype=np.int64)
    for position in range(kinds.shape[1]):
        kind = kinds[:, position]
        reached = np.where(
            kind == 1,
            fraction >= rule["shares"][:, position],
            (kind == 2) & (remaining <= rule["lefts"][:, position]),
        )
        level[reached] = position + 1
    return level


def _escalate(
    found: Settled,
    clock: Clock,
    running: Windows,
    rule: dict[str, Any],
    rows: Ints,
    until: Ints,
    stopped: Bools,
) -> None:
    """Past the deadline: the breach, the escalations reached and the next one's instant."""
    if not rows.size:
        return
    kinds, escalations = rule["kinds"][rows], rule["escalations"][rows]
    warnings = (kinds > 0).sum(axis=1)
    reached = np.zeros(rows.size, dtype=np.int64)
    going = np.ones(rows.size, dtype=np.bool_)
    deadline = found.deadline[rows]
    sub = Windows(running.begin[rows], running.end[rows], running.count[rows])
    sub_clock = Clock(clock.hours, clock.business[rows])
    for position in range(escalations.shape[1]):
        after = escalations[:, position]
        going &= after >= 0
        if not going.any():
            break
        when = deadline.copy()
        later = going & (after > 0)
        if later.any():
            picked = np.flatnonzero(later)
            reach = Windows(sub.begin[picked], sub.end[picked], sub.count[picked])
            when[picked] = reach.reach(
                Clock(clock.hours, sub_clock.business[picked]), after[picked], deadline[picked]
            )
        stops = going & ((when == NAT) | (until[rows] <= when))
        chosen = np.flatnonzero(stops & ~stopped[rows])
        found.following[rows[chosen]] = when[chosen]
        reached += going & ~stops
        going &= ~stops
    found.level[rows] = warnings + 1 + reached


def _next_warning(
    found: Settled,
    clock: Clock,
    running: Windows,
    rule: dict[str, Any],
    rows: Ints,
    start: Ints,
    until: Ints,
) -> None:
    """Running and before the deadline: the instant of the next level."""
    if not rows.size:
        return
    following = found.deadline[rows].copy()
    level = found.level[rows]
    kinds, needs, usable = rule["kinds"][rows], rule["needs"][rows], rule["usable"][rows]
    sub = Windows(running.begin[rows], running.end[rows], running.count[rows])
    for position in range(kinds.shape[1]):
        pending = np.flatnonzero(usable[:, position] & (position >= level))
        if not pending.size:
            continue
        need = needs[pending, position]
        when = start[rows[pending]].copy()
        later = need > 0
        if later.any():
            picked = pending[later]
            reach = Windows(sub.begin[picked], sub.end[picked], sub.count[picked])
            when[later] = reach.reach(Clock(clock.hours, clock.business[rows[picked]]), need[later])
        current = following[pending]
        sooner = (
            (when != NAT) & (when > until[rows[pending]]) & ((current == NAT) | (when < current))
        )
        following[pending[sooner]] = when[sooner]
    found.following[rows] = following
