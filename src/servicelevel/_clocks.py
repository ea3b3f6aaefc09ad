"""The clock rules, written once, over integers.

Everything here is a pure function of integers: instants are UTC
microseconds since the epoch, durations are microseconds, event kinds,
statuses, metrics and priorities are small ints (the order of their enums).
Business time goes through the compiled index of the hours (:func:`index`,
looked up once per contact: its ``add`` and ``between``); calendar time is
plain arithmetic. :mod:`servicelevel._status` is the edge that turns models into
these integers and the results back into models; a columnar engine can reuse
the same rules.

Two steps:

1. :func:`trace` walks the events (only those at or before ``now``) through
   the ticket's statuses and produces, per metric, its cycles: where each
   started and stopped (fulfilled or cancelled), the priority it started
   under, and the priority changes and due dates that came while it ran;
   and the status segments (when the contact was open, waiting on the
   customer or a third party, resolved, cancelled).
2. :func:`measure` settles one cycle: which rule (target) and deadline are in
   force (priority changes re-target a running clock unless its deadline has
   already passed; a due date replaces the deadline), the windows in which
   its clock runs (its pause rules), the elapsed time, the state and the
   level (warnings, breach, escalations) with the instant of the next one.

Example:
    >>> from servicelevel import BusinessHours
    >>> hours = BusinessHours.always()
    >>> hour = 3_600_000_000
    >>> one_hour = Rule(duration=hour, business=False, pauses=ALWAYS_STOPPED,
    ...                 new_cycle_on_reopen=False, warnings=DEFAULT_WARNINGS, escalations=(),
    ...                 key=0)
    >>> rules = ((one_hour,) * 4,) + ((None,) * 4,) * 7  # first response only, any priority
    >>> events = ((AGENT_REPLY, 2 * hour, 0, 0),)
    >>> tracked = (True,) + (False,) * 7
    >>> cycles = run(0, events, 1, rules, tracked, True, True, 3 * hour, index(hours))[1]
    >>> [(c.start, c.stop, c.deadline, c.state) for c in cycles[FIRST_RESPONSE]] == [
    ...     (0, 2 * hour, hour, MET_LATE)]
    True
"""

from __future__ import annotations

from bisect import bisect_right as _bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from servicelevel import _timeline
from servicelevel._errors import NoOpeningHoursError
from servicelevel._hours import BusinessHours
from servicelevel._instants import from_us, to_us

# Event kinds, in the order of EventKind.
(
    CUSTOMER_MESSAGE,
    AGENT_REPLY,
    INTERNAL_NOTE,
    WAITING_ON_CUSTOMER,
    WAITING_ON_THIRD_PARTY,
    OPEN,
    RESOLVED,
    REOPENED,
    PRIORITY_CHANGED,
    ATTRIBUTES_CHANGED,
    CANCELLED,
    DUE_DATE_SET,
    ASSIGNED,
) = range(13)

# The status a contact is in.
S_OPEN, S_WAITING_ON_CUSTOMER, S_WAITING_ON_THIRD_PARTY, S_RESOLVED, S_CANCELLED = range(5)
_WAITING = {
    WAITING_ON_CUSTOMER: S_WAITING_ON_CUSTOMER,
    WAITING_ON_THIRD_PARTY: S_WAITING_ON_THIRD_PARTY,
}
#: Pause masks: bit ``s`` set means the clock does not run in status ``s``.
PAUSE_ON_CUSTOMER = 1 << S_WAITING_ON_CUSTOMER
PAUSE_ON_THIRD_PARTY = 1 << S_WAITING_ON_THIRD_PARTY
#: No clock runs while the contact is resolved or cancelled, whatever its target says.
ALWAYS_STOPPED = (1 << S_RESOLVED) | (1 << S_CANCELLED)

# Metrics, in the order of Metric.
(
    FIRST_RESPONSE,
    NEXT_RESPONSE,
    PERIODIC_UPDATE,
    PAUSABLE_UPDATE,
    REQUESTER_WAIT,
    AGENT_WORK,
    RESOLUTION,
    TOTAL_RESOLUTION,
) = range(8)
METRICS = 8
_UPDATES = (PERIODIC_UPDATE, PAUSABLE_UPDATE)
_RESOLUTIONS = (REQUESTER_WAIT, AGENT_WORK, RESOLUTION, TOTAL_RESOLUTION)
_FROM_RECEIPT = (FIRST_RESPONSE, *_RESOLUTIONS)

# Cycle states, in the order of SlaState (less NOT_APPLICABLE, which is no cycle).
ON_TRACK, AT_RISK, BREACHED, MET, MET_LATE, PAUSED, CANCELLED_STATE = range(7)
#: A warning level: ``(True, share)`` of the target used, or ``(False, left)``:
#: microseconds left before the deadline.
Warning = tuple[bool, float]
#: The warnings of a due date on a metric without a target: at 80%.
DEFAULT_WARNINGS: tuple[Warning, ...] = ((True, 0.8),)
_DEFAULT_SHARES = (0.8,)

# How a cycle ended; and what a change to a running cycle is.
_RUNNING, _FULFILLED, _CANCELLED = range(3)
_PRIORITY, _DUE = range(2)


@dataclass(frozen=True, slots=True)
class Rule:
    """One target as integers. ``key`` is the caller's handle for it."""

    duration: int
    business: bool
    pauses: int  # mask of statuses in which this clock stops (ALWAYS_STOPPED included)
    new_cycle_on_reopen: bool
    warnings: tuple[Warning, ...]  # earliest first on the target's own duration
    escalations: tuple[int, ...]  # microseconds after the deadline, in order
    key: int
    #: The warnings' shares (ascending) when every warning is a share: a quicker count.
    shares: tuple[float, ...] | None = None
    #: Working-day clocks: the number of working days (-1: a duration clock), and
    #: whether the deadline is the end of that working day (else the same wall time).
    days: int = -1
    end_of_day: bool = False


#: ``rules[metric][priority]``: the rule in force, or None for no promise.
Rules = Sequence[Sequence[Rule | None]]
#: ``(kind, at, value, due)``: value is the priority (priority_changed) or the
#: metric (due_date_set); due is the due instant (due_date_set); else 0.
Event = tuple[int, int, int, int]


class Index(Protocol):
    """Business time on one schedule: :class:`servicelevel._timeline.Timeline`."""

    def add(self, start_us: int, duration_us: int) -> tuple[int, object]:
        """The instant ``duration_us`` (not 0) of open time after ``start_us``, first."""
        ...  # pragma: no cover - a protocol

    def between(self, start_us: int, end_us: int) -> int:
        """Open time in ``[start_us, end_us)``, negative when ``end_us`` is earlier."""
        ...  # pragma: no cover - a protocol

    def add_and_between(self, start_us: int, duration_us: int, end_us: int) -> tuple[int, int]:
        """``(add(start_us, duration_us)[0], between(start_us, end_us))``, at once."""
        ...  # pragma: no cover - a protocol


class _NoOpenings:
    """The index of a schedule without any opening: only calendar clocks can run on it."""

    def add(self, start_us: int, duration_us: int) -> tuple[int, object]:
        raise NoOpeningHoursError.for_empty_schedule()

    def between(self, start_us: int, end_us: int) -> int:
        raise NoOpeningHoursError.for_empty_schedule()

    def add_and_between(self, start_us: int, duration_us: int, end_us: int) -> tuple[int, int]:
        raise NoOpeningHoursError.for_empty_schedule()


class WorkingDays:
    """An index that also moves by working days (for the working-day clocks)."""

    __slots__ = ("add", "add_and_between", "between", "hours")

    def __init__(self, line: Index, hours: BusinessHours) -> None:
        self.add = line.add
        self.between = line.between
        self.add_and_between = line.add_and_between
        self.hours = hours

    def working(self, start_us: int, days: int, end_of_day: bool) -> int:
        """``days`` working days after ``start_us``: the same wall time (clamped into the
        day's hours) or, with ``end_of_day``, the last close of that working day."""
        from servicelevel._working_days import add_working_days, end_of_working_day, working_day

        hours, start = self.hours, from_us(start_us, self.hours.zone)
        if end_of_day:
            found = end_of_working_day(hours, working_day(hours, start, days))
        else:
            found = add_working_days(hours, start, days)
        return to_us(found, "deadline")


def index(hours: BusinessHours, working_days: bool = False) -> Index:
    """The compiled index of ``hours``, to keep for its many questions (one look-up);
    with ``working_days``, one that also moves by working days (:class:`WorkingDays`).

    A schedule without openings has none; a business clock on it raises
    :class:`~servicelevel.NoOpeningHoursError` when it is asked.
    """
    line = _timeline.timeline(hours) if hours.has_openings else _NoOpenings()
    return WorkingDays(line, hours) if working_days else line


class Cycle:
    """One cycle of one metric, as the walk found it."""

    __slots__ = ("changes", "current", "how", "priority", "start", "stop")

    def __init__(self, start: int, priority: int) -> None:
        self.start = start
        self.priority = priority  # at the start
        self.current = priority  # after the changes so far
        self.stop: int | None = None
        self.how = _RUNNING
        self.changes: list[tuple[int, int, int]] | None = None  # (at, what, value)

    def change(self, at: int, what: int, value: int) -> None:
        if self.changes is None:
            self.changes = []
        self.changes.append((at, what, value))


class Measured(NamedTuple):
    """A settled cycle: its deadline, elapsed time (clock of its rule), state and level.

    ``level`` counts up: 0 none, ``1..W`` the rule's ``W`` warnings, ``W + 1``
    breached, ``W + 1 + k`` the k-th escalation; ``next_level`` is the instant
    the next one falls (None once stopped, while paused, or when none is left).
    """

    start: int
    stop: int | None
    deadline: int | None
    state: int
    elapsed: int
    remaining: int
    fraction: float | None
    rule: Rule | None  # None: measured against a due date alone
    level: int
    next_level: int | None


class _Walk:
    """The ticket's statuses and every metric's cycles, event by event."""

    __slots__ = (
        "cycles",
        "first_answered",
        "pending_due",
        "priority",
        "rules",
        "running",
        "segments",
        "status",
        "tracked",
        "updates",
    )

    def __init__(self, received: int, priority: int, rules: Rules, tracked: Sequence[bool]) -> None:
        self.status = S_OPEN
        self.priority = priority
        self.rules = rules
        self.tracked = tracked
        self.segments: list[tuple[int, int]] = [(received, S_OPEN)]
        self.running: list[Cycle | None] = [None] * METRICS
        self.cycles: list[list[Cycle] | None] = [None] * METRICS  # a list once one starts
        self.pending_due: dict[int, tuple[int, int]] = {}
        self.first_answered = False  # the first-response clock has stopped
        self.updates: Sequence[int] = ()
        if tracked[PERIODIC_UPDATE] or tracked[PAUSABLE_UPDATE]:
            self.updates = [metric for metric in _UPDATES if tracked[metric]]
        for metric in _FROM_RECEIPT:
            if tracked[metric]:
                self._start(metric, received)

    def step(self, event: Event, ends_wait: bool, reopens: bool) -> None:
        kind, at, value, due = event
        status = self.status
        if kind == CUSTOMER_MESSAGE:
            if ends_wait and status in (S_WAITING_ON_CUSTOMER, S_WAITING_ON_THIRD_PARTY):
                self._set(S_OPEN, at)
            elif reopens and status == S_RESOLVED:
                self._reopen(at)
            # The oldest unanswered message starts the cycle; later ones join it.
            if (
                self.status != S_RESOLVED
                and self.first_answered
                and self.running[NEXT_RESPONSE] is None
            ):
                self._start(NEXT_RESPONSE, at)
        elif kind == AGENT_REPLY:
            self._answer(at)
        elif kind in _WAITING:
            if status == S_RESOLVED:
                self._reopen(at)
            self._set(_WAITING[kind], at)
        elif kind in (OPEN, REOPENED):
            if status == S_RESOLVED:
                self._reopen(at)
            elif kind == OPEN:
                self._set(S_OPEN, at)
        elif kind == RESOLVED:
            if status != S_RESOLVED:
                self._end(at, _FULFILLED, S_RESOLVED)
        elif kind == CANCELLED:
            self._end(at, _CANCELLED, S_CANCELLED)
        elif kind == PRIORITY_CHANGED:
            self._change_priority(at, value)
        elif kind == DUE_DATE_SET and self.tracked[value]:
            cycle = self.running[value]
            if cycle is None:
                self.pending_due[value] = (at, due)
            else:
                cycle.change(at, _DUE, due)

    def _start(self, metric: int, at: int) -> None:
        if not self.tracked[metric]:
            return
        cycle = Cycle(at, self.priority)
        if self.pending_due:
            pending = self.pending_due.pop(metric, None)
            if pending is not None:
                cycle.change(pending[0], _DUE, pending[1])
        self.running[metric] = cycle
        found = self.cycles[metric]
        if found is None:
            self.cycles[metric] = [cycle]
        else:
            found.append(cycle)

    def _stop(self, metric: int, at: int, how: int) -> None:
        cycle = self.running[metric]
        if cycle is not None:
            cycle.stop, cycle.how = at, how
            self.running[metric] = None

    def _set(self, status: int, at: int) -> None:
        if status != self.status:
            self.status = status
            self.segments.append((at, status))

    def _answer(self, at: int) -> None:
        """A public agent reply: it answers the customer and starts an update cycle."""
        self.first_answered = True
        running = self.running
        if running[FIRST_RESPONSE] is not None:
            self._stop(FIRST_RESPONSE, at, _FULFILLED)
        if running[NEXT_RESPONSE] is not None:
            self._stop(NEXT_RESPONSE, at, _FULFILLED)
        if self.updates and self.status != S_RESOLVED:
            for metric in self.updates:
                self._stop(metric, at, _FULFILLED)
                self._start(metric, at)

    def _end(self, at: int, how: int, status: int) -> None:
        """Resolution or cancellation: every running clock stops."""
        self.first_answered = True
        for metric, cycle in enumerate(self.running):
            if cycle is not None:
                self._stop(metric, at, how)
        self._set(status, at)

    def _reopen(self, at: int) -> None:
        """Resolution clocks continue (the resolved time excluded) or start a new cycle."""
        self._set(S_OPEN, at)
        for metric in _RESOLUTIONS:
            cycles = self.cycles[metric]
            if not cycles:
                continue
            rule = self.rules[metric][self.priority]
            if rule is not None and rule.new_cycle_on_reopen:
                self._start(metric, at)
                continue
            cycle = cycles[-1]
            cycle.stop, cycle.how = None, _RUNNING
            self.running[metric] = cycle
            pending = self.pending_due.pop(metric, None)
            if pending is not None:
                cycle.change(pending[0], _DUE, pending[1])
            if cycle.current != self.priority:  # changed while resolved
                cycle.change(at, _PRIORITY, self.priority)
                cycle.current = self.priority

    def _change_priority(self, at: int, priority: int) -> None:
        self.priority = priority
        for cycle in self.running:
            if cycle is not None and cycle.current != priority:
                cycle.change(at, _PRIORITY, priority)
                cycle.current = priority


def trace(
    received: int,
    events: Sequence[Event],
    priority: int,
    rules: Rules,
    tracked: Sequence[bool],
    ends_wait: bool,
    reopens: bool,
    now: int,
) -> tuple[int, list[tuple[int, int]], list[list[Cycle] | None]]:
    """The priority at ``now``, the status segments and each metric's cycles (None: none).

    Only events at or before ``now`` count; only metrics flagged in ``tracked``
    get cycles.
    """
    walk = _Walk(received, priority, rules, tracked)
    for event in events:
        if event[1] > now:
            break
        walk.step(event, ends_wait, reopens)
    return walk.priority, walk.segments, walk.cycles


def windows(
    start: int, stop: int | None, mask: int, segments: Sequence[tuple[int, int]]
) -> list[tuple[int, int | None]]:
    """The intervals in which a clock runs, from ``start``; None ends an open one.

    Up to ``stop`` the statuses in ``mask`` exclude time; after a ``stop`` the
    clock is taken to run on (a stopped cycle's deadline is where it would have
    been). A running cycle ends in an open window unless it is paused now.
    """
    count = len(segments)
    # The common cases: open throughout, stopped before the status first
    # changed, or started after it last changed into a status that runs.
    if (
        count == 1
        or (stop is not None and stop <= segments[1][0])
        or (start >= segments[-1][0] and not (mask >> segments[-1][1]) & 1)
    ):
        return [(start, None)]
    found: list[tuple[int, int | None]] = []
    for index in range(count):
        begin, status = segments[index]
        end = segments[index + 1][0] if index + 1 < count else None
        if (end is not None and end <= start) or (mask >> status) & 1:
            continue
        if stop is not None:
            if begin >= stop:
                break
            end = stop if end is None else min(end, stop)
        begin = max(begin, start)
        if end is not None and end <= begin:
            continue
        if found and found[-1][1] == begin:
            found[-1] = (found[-1][0], end)
        else:
            found.append((begin, end))
    if stop is not None:
        if found and found[-1][1] == stop:
            found[-1] = (found[-1][0], None)
        else:
            found.append((stop, None))
    return found


def span(line: Index, business: bool, start: int, end: int) -> int:
    """Clock time from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return line.between(start, end) if business else end - start


def elapsed(
    line: Index, business: bool, running: Sequence[tuple[int, int | None]], until: int
) -> int:
    """Clock time in the running windows before ``until``."""
    if len(running) == 1 and running[0][1] is None:  # one open window: the common case
        begin = running[0][0]
        if begin >= until:
            return 0
        return line.between(begin, until) if business else until - begin
    total = 0
    for begin, end in running:
        if begin >= until:
            break
        end = until if end is None or end > until else end
        total += line.between(begin, end) if business else end - begin
    return total


def deadline(
    line: Index, rule: Rule, running: Sequence[tuple[int, int | None]], start: int
) -> int | None:
    """When the rule's duration is used up in the running windows (from ``start``,
    the cycle's); None while paused."""
    if rule.days >= 0:
        return _working_deadline(line, rule, running, start)
    remaining = rule.duration  # positive: a target's duration is
    business = rule.business
    for begin, end in running:
        if end is not None:
            available = line.between(begin, end) if business else end - begin
            if available < remaining:
                remaining -= available
                continue
        return line.add(begin, remaining)[0] if business else begin + remaining
    return None


def _working_deadline(
    line: Index, rule: Rule, running: Sequence[tuple[int, int | None]], start: int
) -> int | None:
    """A working-day deadline: ``rule.days`` working days from ``start``, pushed back by
    the business time paused before it."""
    if not isinstance(line, WorkingDays):  # pragma: no cover - the plan builds one
        raise TypeError("a working-day clock needs an index built with working_days=True")
    base = line.working(start, rule.days, rule.end_of_day)
    first = running[0] if running else None
    if first is not None and first[0] <= start and (first[1] is None or first[1] >= base):
        return base  # no pause before the deadline
    budget = line.between(start, base)
    if budget <= 0:
        return base
    reached = reach(line, True, running, budget)
    # ``base`` need not be the earliest instant with its business time (a deadline
    # clamped to the next opening); a pause in closed hours must not make it earlier.
    return None if reached is None else max(base, reached)


def reach(
    line: Index,
    business: bool,
    running: Sequence[tuple[int, int | None]],
    amount: int,
    after: int | None = None,
) -> int | None:
    """The instant ``amount`` (positive) of clock time has run in the running windows
    (from ``after`` on, when given); None when the clock is paused before."""
    for begin, end in running:
        if after is not None:
            if end is not None and end <= after:
                continue
            begin = max(begin, after)
        if end is not None:
            available = line.between(begin, end) if business else end - begin
            if available < amount:
                amount -= available
                continue
        return line.add(begin, amount)[0] if business else begin + amount
    return None


def share_used(share: float, budget: int) -> int:
    """The least clock time ``used`` with ``used / budget >= share`` (as the state compares)."""
    used = int(share * budget)
    while used > 0 and (used - 1) / budget >= share:
        used -= 1
    while used / budget < share:
        used += 1
    return used


def _warned(warnings: Sequence[Warning], remaining: int, fraction: float | None) -> int:
    """The highest warning reached (0: none): a share at ``fraction >= share``, time
    left at ``remaining <= left``."""
    level = 0
    for number, (is_share, value) in enumerate(warnings, 1):
        if (fraction is not None and fraction >= value) if is_share else remaining <= value:
            level = number
    return level


def _level(
    warnings: Sequence[Warning],
    escalations: Sequence[int],
    stopped: bool,
    at: tuple[int, int | None, int, int, int, float | None],
    running: Sequence[tuple[int, int | None]],
    line: Index,
    business: bool,
) -> tuple[int, int | None]:
    """The level reached at ``until`` (``now``, or the stop) and the instant of the next
    (None once ``stopped``).

    Warnings are reached at their instant (as a share is: ``fraction >= share``),
    the breach and the escalations just after theirs (a deadline is met at the
    instant itself). Every level counts on the running windows: pauses push it.
    """
    start, found, until, used, remaining, fraction = at
    count = len(warnings)
    if found is not None and until > found:
        reached, later = 0, None
        for after in escalations:
            when = found if after == 0 else reach(line, business, running, after, found)
            if when is None or until <= when:
                later = None if stopped else when
                break
            reached += 1
        return count + 1 + reached, later
    level = _warned(warnings, remaining, fraction)
    if stopped:
        return level, None
    following = found
    budget = used + remaining
    for is_share, value in warnings[level:]:
        if is_share and budget <= 0:
            continue
        need = share_used(value, budget) if is_share else budget - int(value)
        when = start if need <= 0 else reach(line, business, running, need)
        if when is not None and when > until and (following is None or when < following):
            following = when
    return level, following


def _settle(
    cycle: Cycle,
    changes: Sequence[tuple[int, int, int]],
    rules: Sequence[Rule | None],
    segments: Sequence[tuple[int, int]],
    line: Index,
) -> tuple[Rule | None, int | None, int | None, list[tuple[int, int | None]]]:
    """The rule, due date, deadline and running windows in force, given the
    cycle's ``changes`` (without changes, :func:`measure` settles it itself).

    A priority change re-targets the cycle from its start; a due date
    replaces the deadline (and stays through priority changes); neither undoes
    a deadline that had already passed when it came.
    """
    rule = rules[cycle.priority]
    mask = ALWAYS_STOPPED if rule is None else rule.pauses
    running = windows(cycle.start, cycle.stop, mask, segments)
    found = None if rule is None else deadline(line, rule, running, cycle.start)
    due: int | None = None
    for at, what, value in changes:
        if found is not None and found < at:
            break  # breached before this change: the breach stands, and so does its target
        if what == _DUE:
            due = found = value
            continue
        rule = rules[value]
        if rule is not None and rule.pauses != mask:
            mask = rule.pauses
            running = windows(cycle.start, cycle.stop, mask, segments)
        if due is None:
            found = None if rule is None else deadline(line, rule, running, cycle.start)
    if rule is None and mask != ALWAYS_STOPPED:  # a due date alone: no pauses
        running = windows(cycle.start, cycle.stop, ALWAYS_STOPPED, segments)
    return rule, due, found, running


_measured = tuple.__new__  # a NamedTuple without its (Python) constructor: a third of the cost


def measure(
    cycle: Cycle,
    rules: Sequence[Rule | None],
    segments: Sequence[tuple[int, int]],
    now: int,
    line: Index,
) -> Measured | None:
    """One cycle settled at ``now``; None when nothing was promised for it."""
    due: int | None = None
    changes = cycle.changes
    if changes is None:  # the common case: its target from its start
        rule = rules[cycle.priority]
        if rule is None:
            return None
        running = windows(cycle.start, cycle.stop, rule.pauses, segments)
        business = rule.business
        found: int | None
        if len(running) == 1 and running[0][1] is None and rule.days < 0:  # inline: the hot path
            begin = running[0][0]
            found = line.add(begin, rule.duration)[0] if business else begin + rule.duration
        else:
            found = deadline(line, rule, running, cycle.start)
    else:
        rule, due, found, running = _settle(cycle, changes, rules, segments, line)
        if rule is None and due is None:
            return None
        business = rule is not None and rule.business
    stop = cycle.stop
    until = now if stop is None else stop
    if len(running) == 1 and running[0][1] is None:  # one open window: elapsed() inline
        begin = running[0][0]
        used = 0 if begin >= until else line.between(begin, until) if business else until - begin
    else:
        used = elapsed(line, business, running, until)
    if due is None and rule is not None and rule.days < 0:
        remaining = rule.duration - used
        fraction: float | None = used / rule.duration
    else:
        remaining = span(line, business, until, found) if found is not None else 0
        budget = used + remaining
        fraction = used / budget if budget > 0 else None
    following = None
    if stop is not None and (found is None or stop <= found):  # stopped in time: the common case
        state = CANCELLED_STATE if cycle.how == _CANCELLED else MET
        shares = _DEFAULT_SHARES if rule is None else rule.shares
        if shares is not None and fraction is not None:
            level = _bisect(shares, fraction)  # shares ascend: the count reached
        else:
            level = _warned(rule.warnings if rule is not None else (), remaining, fraction)
    else:
        level, following = _level(
            DEFAULT_WARNINGS if rule is None else rule.warnings,
            () if rule is None else rule.escalations,
            stop is not None,
            (cycle.start, found, until, used, remaining, fraction),
            running,
            line,
            business,
        )
        if cycle.how == _CANCELLED:
            state = CANCELLED_STATE
        elif stop is not None:
            state = MET_LATE
        elif found is not None and now > found:
            state = BREACHED
        elif not running or running[-1][1] is not None:
            state = PAUSED
        elif level:
            state = AT_RISK
        else:
            state = ON_TRACK
    return _measured(
        Measured,
        (cycle.start, stop, found, state, used, remaining, fraction, rule, level, following),
    )


def run(
    received: int,
    events: Sequence[Event],
    priority: int,
    rules: Rules,
    tracked: Sequence[bool],
    ends_wait: bool,
    reopens: bool,
    now: int,
    line: Index,
) -> tuple[int, list[tuple[Measured, ...]], list[tuple[int, int]]]:
    """The priority at ``now``, every metric's measured cycles (oldest first) and the
    status segments (for :func:`internal`).

    ``line`` is the :func:`index` of the hours the business clocks count.
    """
    current, segments, cycles = trace(
        received, events, priority, rules, tracked, ends_wait, reopens, now
    )
    measured: list[tuple[Measured, ...]] = [()] * METRICS
    for metric, found in enumerate(cycles):
        if found:
            settled = []
            for cycle in found:
                item = _stopped_in_time(cycle, rules[metric][cycle.priority], segments, line)
                if item is None:
                    item = measure(cycle, rules[metric], segments, now, line)
                    if item is None:
                        continue
                settled.append(item)
            measured[metric] = tuple(settled)
    return current, measured, segments


def _stopped_in_time(
    cycle: Cycle, rule: Rule | None, segments: Sequence[tuple[int, int]], line: Index
) -> Measured | None:
    """:func:`measure` for the commonest cycle, in fewer steps: stopped at or before its
    deadline, with no change while it ran, a duration target whose warnings are shares,
    and a clock that ran throughout (the status never stopped it). None otherwise: then
    :func:`measure` settles it (the result is the same either way)."""
    stop = cycle.stop
    if stop is None or cycle.changes is not None or rule is None or rule.days >= 0:
        return None
    shares = rule.shares
    if shares is None:
        return None
    start = cycle.start
    # The cases in which windows() gives one open window from the start.
    if not (
        len(segments) == 1
        or stop <= segments[1][0]
        or (start >= segments[-1][0] and not (rule.pauses >> segments[-1][1]) & 1)
    ):
        return None
    duration = rule.duration
    if rule.business:
        found, used = line.add_and_between(start, duration, stop)
    else:
        found, used = start + duration, stop - start
    if stop > found:
        return None
    fraction = used / duration
    state = CANCELLED_STATE if cycle.how == _CANCELLED else MET
    return _measured(
        Measured,
        (
            start,
            stop,
            found,
            state,
            used,
            duration - used,
            fraction,
            rule,
            _bisect(shares, fraction),
            None,
        ),
    )


class Slot(NamedTuple):
    """An internal target: a group (its index), a metric and ``rules[priority]``."""

    group: int
    metric: int
    rules: tuple[Rule | None, ...]


_REOPENING = (REOPENED, OPEN, WAITING_ON_CUSTOMER, WAITING_ON_THIRD_PARTY)


class _Groups:
    """The internal targets' cycles, event by event: each assignment to a group starts
    its cycles; a hand-over to another group, a resolution or a cancellation stops them
    (a public reply stops a first response)."""

    __slots__ = ("closed", "cycles", "group", "priority", "running", "slots")

    def __init__(self, slots: Sequence[Slot], priority: int) -> None:
        self.slots = slots
        self.priority = priority
        self.group = -1
        self.closed = False  # resolved or cancelled
        self.running: list[Cycle | None] = [None] * len(slots)
        self.cycles: list[list[Cycle]] = [[] for _ in slots]

    def start(self, at: int, resolution_only: bool = False) -> None:
        for number, slot in enumerate(self.slots):
            if slot.group == self.group and self.running[number] is None:
                if resolution_only and slot.metric not in _RESOLUTIONS:
                    continue
                cycle = self.running[number] = Cycle(at, self.priority)
                self.cycles[number].append(cycle)

    def stop(self, at: int, how: int, metric: int | None = None) -> None:
        for number, cycle in enumerate(self.running):
            if cycle is not None and (metric is None or self.slots[number].metric == metric):
                cycle.stop, cycle.how = at, how
                self.running[number] = None

    def step(self, kind: int, at: int, value: int, reopens: bool) -> None:
        if kind == ASSIGNED:
            if value != self.group:
                self.stop(at, _FULFILLED)  # handed over: the group's part is done
                self.group = value
                if not self.closed:
                    self.start(at)
        elif kind == AGENT_REPLY:
            self.stop(at, _FULFILLED, FIRST_RESPONSE)
        elif kind in (RESOLVED, CANCELLED):
            self.stop(at, _FULFILLED if kind == RESOLVED else _CANCELLED)
            self.closed = True
        elif kind == PRIORITY_CHANGED:
            self.priority = value
            for cycle in self.running:
                if cycle is not None and cycle.current != value:
                    cycle.change(at, _PRIORITY, value)
                    cycle.current = value
        elif self.closed and (kind in _REOPENING or (kind == CUSTOMER_MESSAGE and reopens)):
            self.closed = False
            self.start(at, resolution_only=True)


def internal(
    events: Sequence[Event],
    priority: int,
    slots: Sequence[Slot],
    reopens: bool,
    segments: Sequence[tuple[int, int]],
    now: int,
    line: Index,
) -> list[tuple[Measured, ...]]:
    """Each internal target's measured cycles (oldest first), in the order of ``slots``.

    ``ASSIGNED`` events carry the group's index as their value (-1: a group without
    internal targets); the clocks pause by the status ``segments`` of :func:`run`.
    """
    walk = _Groups(slots, priority)
    for kind, at, value, _ in events:
        if at > now:
            break
        walk.step(kind, at, value, reopens)
    measured: list[tuple[Measured, ...]] = []
    for number, slot in enumerate(slots):
        settled = (measure(cycle, slot.rules, segments, now, line) for cycle in walk.cycles[number])
        measured.append(tuple(item for item in settled if item is not None))
    return measured
