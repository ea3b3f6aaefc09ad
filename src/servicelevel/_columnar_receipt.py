"""Contacts without events in the columnar engine: one cycle per metric, from receipt.

Without events, a contact has one running cycle of each metric that starts at
receipt (first reply, requester wait, agent work, the resolutions), and its
whole status follows from one number per clock: the clock time ``used`` from
receipt to ``now``. Every level is a threshold on that clock: the warnings at
their share or time left, the breach at the target, each escalation at the
target plus its time after it. So

- the level is the count of thresholds passed (a warning at its instant, the
  breach and the escalations just after theirs, as :mod:`servicelevel._clocks`
  has it), and
- the next level falls at the first threshold not passed,

and a metric costs two clock additions (its deadline and its next level) and a
few comparisons, whatever the number of warnings and escalations. Business
time is additive from receipt: the instant ``T`` of clock time after receipt
is the one the deadline arithmetic gives for ``T``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from servicelevel import _timeline
from servicelevel._columnar import NAT, Ints
from servicelevel._columnar_events import Settled
from servicelevel._columnar_targets import NEXT_DEADLINE, NEXT_OTHER, TargetTables
from servicelevel._hours import BusinessHours
from servicelevel.arrays import (
    _LAST,
    _lookup,
    _offsets,
    _search,
    _Tables,
    add_business_time_array,
    business_time_between_array,
)

__all__ = ["ReceiptClock", "from_receipt"]

Bools = npt.NDArray[np.bool_]
#: Whether clocks count business time: for every contact (a bool), or per contact.
Business = Bools | bool


class _Axis:
    """The business time of several hours on one line: the window of hours ``p``
    shifted by ``bases[p]``, each after the one before, so that one bucketed
    search answers a deadline on any of them (``tops[p]``: the last business
    time of hours ``p`` on the line)."""

    def __init__(self, windows: Sequence[_Tables]) -> None:
        self.windows = tuple(windows)  # kept alive: the cache of axes goes by their ids
        keys, end_less_after, bases, tops = [], [], [], []
        base = 0
        for window in windows:
            after = window.after[:-1] + base
            keys.append(after)
            end_less_after.append(window.ends[:-1] - after)
            bases.append(base)
            tops.append(base + window.total)
            base += window.total + 1
        self.keys = np.concatenate([*keys, np.array([_LAST])])
        self.end_less_after = np.concatenate([*end_less_after, np.zeros(1, dtype=np.int64)])
        self.bases, self.tops = np.array(bases), np.array(tops)
        self.lookup = _lookup(self.keys[:-1], 0, base + 1, "left")

    def instants(self, targets: Ints, out: Ints | None = None) -> Ints:
        """The instants at which the line reaches ``targets`` (each within its hours),
        into ``out`` when given."""
        index = np.empty(targets.size, dtype=np.int64)
        work = np.empty(targets.size, dtype=np.int64)
        flags = np.empty(targets.size, dtype=np.bool_)
        _search(self.lookup, self.keys, targets, index, work, flags, strict=True)
        found: Ints = np.take(self.end_less_after, index, mode="clip", out=out)
        found += targets
        return found


#: Axes by the windows they join (the windows are built once per hours and years).
Axes = dict[tuple[int, ...], _Axis]


class ReceiptClock:
    """Clock time from the receipt of contacts, each on its own hours.

    ``hours[codes[i]]`` measures contact ``i``. Business time is set up on
    first use (a calendar clock needs none) and the business time to ``now``
    computed once for every metric. Raises what the array functions raise for
    receipts outside the years the index covers.
    """

    def __init__(
        self, hours: Sequence[BusinessHours], codes: Ints, received: Ints, now: int, axes: Axes
    ) -> None:
        self.hours, self.codes, self.received, self.now = hours, codes, received, now
        self._axes = axes
        self._ready = False
        #: Per row: its place on the axis, the last place of its hours, business time to now.
        self.value = self.top = self.business_used = np.empty(0, dtype=np.int64)
        self.axis: _Axis | None = None  # None: receipts too many years apart (the slow way)
        self.highest_value = self.lowest_top = 0

    def used(self, rows: Ints | None, business: Business) -> Ints:
        """The clock time from receipt to ``now`` of ``rows`` (None: all), business
        or calendar (per row, or for all)."""
        start = self.received if rows is None else self.received[rows]
        if business is False:
            return self.now - start
        self._set_up()
        found = self.business_used if rows is None else self.business_used[rows]
        return found if business is True else np.where(business, found, self.now - start)

    def add(
        self, rows: Ints | None, business: Business, amounts: Ints, out: Ints | None = None
    ) -> Ints:
        """The instants ``amounts`` (> 0) of clock time after the receipt of ``rows``
        (None: all), business or calendar (per row, or for all), into ``out`` when
        given."""
        start = self.received if rows is None else self.received[rows]
        if business is False:
            return np.add(start, amounts, out=out)
        self._set_up()
        if self.axis is None:
            found = self._slowly(rows, amounts)
        else:
            targets = (self.value if rows is None else self.value[rows]) + amounts
            found = self.axis.instants(targets, out if business is True else None)
            within = self.lowest_top - self.highest_value >= int(amounts.max(initial=0))
            beyond = np.flatnonzero(
                () if within else targets > (self.top if rows is None else self.top[rows])
            )
            for position in beyond.tolist():  # past the window: one at a time
                row = position if rows is None else int(rows[position])
                line = _timeline.timeline(self.hours[int(self.codes[row])])
                found[position] = line.add(int(start[position]), int(amounts[position]))[0]
        if business is not True:
            np.copyto(found, start + amounts, where=~business)
        if out is None or found is out:
            return found
        np.copyto(out, found)
        return out

    def _set_up(self) -> None:
        if self._ready:
            return
        self._ready = True
        numbers = np.flatnonzero(np.bincount(self.codes)).tolist()
        rows = [np.flatnonzero(self.codes == number) for number in numbers]
        if len(numbers) == 1:
            rows = [np.arange(self.codes.size)]
        found = [
            _offsets(self.hours[number], self.received[mine])
            for number, mine in zip(numbers, rows, strict=True)
        ]
        self.business_used = np.empty(self.codes.size, dtype=np.int64)
        for number, mine, offsets in zip(numbers, rows, found, strict=True):
            used = None if offsets is None else offsets.until(self.now)
            self.business_used[mine] = (
                _between(self.hours[number], self.received[mine], self.now)
                if used is None
                else used
            )
        if any(offsets is None for offsets in found):
            return
        windows = [offsets.tables for offsets in found if offsets is not None]
        key = tuple(id(window) for window in windows)
        axis = self._axes.get(key)
        if axis is None:  # the axis holds its windows: their ids stay theirs
            axis = self._axes[key] = _Axis(windows)
        self.axis = axis
        self.value = np.empty(self.codes.size, dtype=np.int64)
        self.top = np.empty(self.codes.size, dtype=np.int64)
        for part, (mine, offsets) in enumerate(zip(rows, found, strict=True)):
            assert offsets is not None
            self.value[mine] = offsets.values + axis.bases[part]
            self.top[mine] = axis.tops[part]
        # Amounts up to the least distance to the top stay within every window.
        self.highest_value, self.lowest_top = int(self.value.max()), int(self.top.min())

    def _slowly(self, rows: Ints | None, amounts: Ints) -> Ints:
        """Business-time deadlines hours by hours, with the public array function."""
        start = self.received if rows is None else self.received[rows]
        codes = self.codes if rows is None else self.codes[rows]
        found = np.empty(start.size, dtype=np.int64)
        for number in np.unique(codes).tolist():
            mine = np.flatnonzero(codes == number)
            added = add_business_time_array(
                self.hours[number],
                start[mine].view("datetime64[us]"),
                amounts[mine].view("timedelta64[us]"),
            )
            found[mine] = np.asarray(added).view(np.int64)
        return found


def _between(hours: BusinessHours, starts: Ints, now: int) -> Ints:
    between = business_time_between_array(
        hours, starts.view("datetime64[us]"), np.datetime64(now, "us")
    )
    result: Ints = np.asarray(between).view(np.int64)
    return result


class _Targets(NamedTuple):
    """A metric's targets for each contact: its duration, whether its clock counts
    business time, the index of its first level name and its warnings' and
    escalations' thresholds per position. Scalars when one target serves them all
    (a lookup per contact saved on every column)."""

    duration: Ints | np.int64
    business: Business
    base: Ints | np.int64
    warned_at: list[Ints | np.int64]
    escalated_at: list[Ints | np.int64]


def _targets(table: TargetTables, group: Ints, present: Ints) -> _Targets:
    """The targets of contacts of ``group``; ``present``: the groups among them."""
    numbers, clocks = table.target[present], table.business[present]
    business = bool(clocks[0]) if (clocks == clocks[0]).all() else table.business[group]
    if (numbers == numbers[0]).all():
        one = int(present[0])
        return _Targets(
            duration=table.duration[one],
            business=business,
            base=table.offsets[one],
            warned_at=list(table.warned_at[one]),
            escalated_at=list(table.escalated_at[one]),
        )
    return _Targets(
        duration=table.duration[group],
        business=business,
        base=table.offsets[group],
        warned_at=[column[group] for column in table.warned_at.T],
        escalated_at=[column[group] for column in table.escalated_at.T],
    )


def from_receipt(
    table: TargetTables,
    group: Ints,
    present: Ints,
    clock: ReceiptClock,
    rows: Ints | None,
    out: Settled,
) -> npt.NDArray[np.bool_]:
    """The one cycle from receipt of contacts ``rows`` of ``clock`` (None: all),
    settled at ``now`` on the targets of their ``group`` (``present``: the groups
    among them), written into ``out`` (``level`` as level codes); returns whether
    each is breached."""
    targets = _targets(table, group, present)
    duration, business = targets.duration, targets.business
    used = clock.used(rows, business)
    np.copyto(out.used, used)
    np.subtract(duration, used, out=out.remaining)
    np.divide(used, duration, out=out.fraction)
    deadline = clock.add(rows, business, np.broadcast_to(duration, group.shape), out.deadline)
    late: npt.NDArray[np.bool_] = clock.now > deadline
    # The level as an index into the names: past every warning when late (each
    # falls by the deadline), then one for the breach and one per escalation.
    level = np.add(targets.base, late)
    for threshold in targets.warned_at:
        level += used >= threshold
    for threshold in targets.escalated_at:
        level += _passed(clock, rows, business, threshold, used)
    np.take(table.names, level, out=out.level)
    np.take(table.states, level, out=out.state)
    following = table.next_kind[level]
    np.copyto(out.following, np.where(following == NEXT_DEADLINE, deadline, NAT))
    other = np.flatnonzero(following == NEXT_OTHER)
    if other.size:
        at = other if rows is None else rows[other]
        upcoming = table.next_at[level[other]]
        out.following[other] = clock.add(at, _pick(business, other), upcoming)
    return late


def _passed(
    clock: ReceiptClock,
    rows: Ints | None,
    business: Business,
    threshold: Ints | np.int64,
    used: Ints,
) -> Bools:
    """Whether the clock passed ``threshold`` (an escalation: just after its instant).
    Business time stands still while closed: at ``used == threshold`` the instant
    decides."""
    passed: Bools = used > threshold
    tied = np.flatnonzero(used == threshold)
    if tied.size:
        at = tied if rows is None else rows[tied]
        amounts = np.broadcast_to(threshold, used.shape)[tied]
        passed[tied] = clock.now > clock.add(at, _pick(business, tied), amounts)
    return passed


def _pick(business: Business, rows: Ints) -> Business:
    return business if isinstance(business, bool) else business[rows]
