"""Deadlines and breach status of a contact under a policy, at a given ``now``.

Three clocks run per contact (:class:`~servicelevel.Metric`):

* **first response** starts at receipt and stops at the first agent reply;
* **next response** starts at each customer message (or reopening) after an
  agent reply and stops at the next agent reply; the status reports the
  latest such cycle;
* **resolution** starts at receipt and stops at resolution. Reopening a
  resolved contact *continues* this clock: the time between resolution and
  reopening does not count, the time before it still does.

A resolution also stops a running response clock. While the contact is paused
(waiting on the customer) no clock runs. Each target counts business time
(the channel's opening hours) or calendar time, as the target says.

States (:class:`SlaState`): ``on_track``; ``at_risk`` once the elapsed share
of the target reaches the target's ``at_risk`` share; ``breached`` once
``now`` is past the deadline without an answer; ``met`` (answered at or before
the deadline); ``met_late`` (answered, but after the deadline); ``paused``;
``not_applicable`` (no target, or no cycle started).

Everything is computed from the events that happened at or before ``now``:
the same input always gives the same output.

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

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from servicelevel._business_time import add_business_time, business_time_between
from servicelevel._contact import Contact, EventKind
from servicelevel._errors import ContactPausedError, NowBeforeReceiptError
from servicelevel._hours import BusinessHours
from servicelevel._instants import ONE_US, from_us, to_us
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._vocabulary import Channel, Clock, Metric, Priority

__all__ = [
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
    NOT_APPLICABLE = "not_applicable"


class MetricStatus(BaseModel):
    """The status of one metric: state, deadline and time used (in the target's clock)."""

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

    @property
    def _remaining_text(self) -> str | None:
        from servicelevel._display import remaining

        if self.remaining is None:
            return None
        answered = self.state in (SlaState.MET, SlaState.MET_LATE)
        return remaining(self.remaining, answered=answered)

    def __repr__(self) -> str:
        from servicelevel._display import moment

        parts = [str(self.metric), str(self.state)]
        if self.state is not SlaState.NOT_APPLICABLE:
            parts.append(
                "no deadline" if self.deadline is None else f"deadline {moment(self.deadline)}"
            )
        if self._remaining_text is not None:
            parts.append(self._remaining_text)
        return f"MetricStatus({', '.join(parts)})"

    __str__ = __repr__

    def _html_cells(self) -> list[tuple[str, object]]:
        """(column, value) pairs, shared by this display and the one of :class:`SlaStatus`."""
        from servicelevel._display import duration, moment, share
        from servicelevel._html import strong

        def at(value: datetime | None) -> str | None:
            return None if value is None else moment(value)

        late = self.state in (SlaState.BREACHED, SlaState.MET_LATE)
        applies = self.state is not SlaState.NOT_APPLICABLE
        return [
            ("metric", self.metric),
            ("state", strong(self.state) if late else self.state),
            ("started", at(self.started_at)),
            ("deadline", at(self.deadline)),
            ("stopped", at(self.stopped_at)),
            ("elapsed", duration(self.elapsed) if applies else None),
            ("remaining", self._remaining_text),
            ("used", None if self.fraction_used is None else share(self.fraction_used)),
        ]

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        target = None if self.target is None else repr(self.target)
        return fields("MetricStatus", [*self._html_cells(), ("target", target)])


class SlaStatus(BaseModel):
    """One :class:`MetricStatus` per metric for a contact at ``now``."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    priority: Priority
    now: datetime
    first_response: MetricStatus
    next_response: MetricStatus
    resolution: MetricStatus

    @property
    def metrics(self) -> tuple[MetricStatus, ...]:
        """The three statuses, in metric order."""
        return (self.first_response, self.next_response, self.resolution)

    @property
    def breached(self) -> bool:
        """Whether any metric is breached now or was met late."""
        return any(m.state in (SlaState.BREACHED, SlaState.MET_LATE) for m in self.metrics)

    def __repr__(self) -> str:
        from servicelevel._display import moment

        metrics = ", ".join(
            f"{m.metric} {m.state}" + (f" ({m._remaining_text})" if m._remaining_text else "")
            for m in self.metrics
            if m.state is not SlaState.NOT_APPLICABLE
        )
        contact = f"{self.channel}, {self.priority} priority"
        return f"SlaStatus({contact}, now {moment(self.now)}: {metrics or 'no target applies'})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import moment
        from servicelevel._html import box, table

        caption = f"{self.channel} contact, {self.priority} priority, at {moment(self.now)}"
        cells = [m._html_cells() for m in self.metrics]
        header = [name for name, _ in cells[0]]
        return box(table(caption, header, [[value for _, value in row] for row in cells]))


@dataclass(frozen=True, slots=True)
class _Cycle:
    start: datetime
    stop: datetime | None
    # Intervals in which this clock does not run: (from, until or None for open).
    excluded: tuple[tuple[datetime, datetime | None], ...]


class _Clock:
    """Elapsed time and deadlines in one target's clock."""

    def __init__(self, target: Target, hours: BusinessHours) -> None:
        self._business = target.clock is Clock.BUSINESS
        self._hours = hours

    def between(self, start: datetime, end: datetime) -> timedelta:
        if self._business:
            return business_time_between(self._hours, start, end)
        return end.astimezone(UTC) - start.astimezone(UTC)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        if self._business:
            return add_business_time(self._hours, start, duration)
        return from_us(to_us(start, "start") + duration // ONE_US, UTC)


def _windows(cycle: _Cycle) -> tuple[list[tuple[datetime, datetime | None]], bool]:
    """The running windows of a cycle's clock, and whether it ends in an open pause."""
    windows: list[tuple[datetime, datetime | None]] = []
    cursor = cycle.start
    for begin, end in sorted(cycle.excluded, key=lambda interval: interval[0]):
        if (end is not None and end <= cursor) or (cycle.stop is not None and begin >= cycle.stop):
            continue
        if begin > cursor:
            windows.append((cursor, begin))
        if end is None:
            return windows, True
        cursor = max(cursor, end)
    windows.append((cursor, None))
    return windows, False


def _elapsed(
    clock: _Clock, windows: list[tuple[datetime, datetime | None]], until: datetime
) -> timedelta:
    total = timedelta(0)
    for begin, end in windows:
        if begin >= until:
            break
        total += clock.between(begin, until if end is None or end > until else end)
    return total


def _deadline(
    clock: _Clock, windows: list[tuple[datetime, datetime | None]], target: timedelta
) -> datetime | None:
    remaining = target
    for begin, end in windows:
        if end is None:
            return clock.add(begin, remaining)
        available = clock.between(begin, end)
        if available >= remaining:
            return clock.add(begin, remaining)
        remaining -= available
    return None


def _measure(
    metric: Metric,
    cycle: _Cycle | None,
    target: Target | None,
    hours: BusinessHours,
    now: datetime,
    zone: tzinfo | None,
) -> MetricStatus:
    """One metric's status; cycles are in UTC, results in ``zone`` (the hours')."""
    if target is None or cycle is None:
        return MetricStatus(metric=metric, state=SlaState.NOT_APPLICABLE, target=target)
    clock = _Clock(target, hours)
    windows, paused = _windows(cycle)
    until = cycle.stop or now.astimezone(UTC)
    elapsed = _elapsed(clock, windows, until)
    deadline = _deadline(clock, windows, target.duration)
    if cycle.stop is not None:
        on_time = deadline is None or to_us(cycle.stop, "at") <= to_us(deadline, "deadline")
        state = SlaState.MET if on_time else SlaState.MET_LATE
    elif paused:
        state = SlaState.PAUSED
    elif deadline is not None and to_us(now, "now") > to_us(deadline, "deadline"):
        state = SlaState.BREACHED
    elif elapsed >= target.duration * target.at_risk:
        state = SlaState.AT_RISK
    else:
        state = SlaState.ON_TRACK
    return MetricStatus(
        metric=metric,
        state=state,
        target=target,
        started_at=cycle.start.astimezone(zone),
        stopped_at=None if cycle.stop is None else cycle.stop.astimezone(zone),
        deadline=None if deadline is None else deadline.astimezone(zone),
        elapsed=elapsed,
        remaining=target.duration - elapsed,
        fraction_used=elapsed / target.duration,
    )


def _cycles(contact: Contact, now: datetime) -> dict[Metric, _Cycle | None]:
    """The cycle of each metric as of ``now``."""
    events = contact.events_until(now)
    pauses: list[tuple[datetime, datetime | None]] = []
    resolved_spans: list[tuple[datetime, datetime | None]] = []
    first_stop: datetime | None = None
    answered = False
    next_start: datetime | None = None
    next_cycle: tuple[datetime, datetime | None] | None = None
    for event in events:
        # Work in UTC: same-zone datetimes compare by wall time, which is wrong in a DST fold.
        kind, at = event.kind, event.at.astimezone(UTC)
        if kind is EventKind.PAUSED:
            pauses.append((at, None))
        elif kind is EventKind.RESUMED or (
            kind is EventKind.RESOLVED and pauses and pauses[-1][1] is None
        ):
            pauses[-1] = (pauses[-1][0], at)
        if kind in (EventKind.AGENT_REPLY, EventKind.RESOLVED):
            first_stop = first_stop or at
            if next_start is not None:
                next_cycle, next_start = (next_start, at), None
            answered = answered or kind is EventKind.AGENT_REPLY
        if kind is EventKind.RESOLVED:
            resolved_spans.append((at, None))
        elif kind is EventKind.REOPENED:
            resolved_spans[-1] = (resolved_spans[-1][0], at)
        if (
            kind in (EventKind.CUSTOMER_REPLY, EventKind.REOPENED)
            and answered
            and next_start is None
        ):
            next_start = at
    if next_start is not None:
        next_cycle = (next_start, None)
    frozen_pauses = tuple(pauses)
    received = contact.received_at.astimezone(UTC)
    resolution_stop = (
        resolved_spans[-1][0] if resolved_spans and resolved_spans[-1][1] is None else None
    )
    return {
        Metric.FIRST_RESPONSE: _Cycle(received, first_stop, frozen_pauses),
        Metric.NEXT_RESPONSE: None
        if next_cycle is None
        else _Cycle(next_cycle[0], next_cycle[1], frozen_pauses),
        Metric.RESOLUTION: _Cycle(
            received,
            resolution_stop,
            frozen_pauses + tuple(span for span in resolved_spans if span[1] is not None),
        ),
    }


def _check_now(contact: Contact, now: datetime) -> None:
    if to_us(now, "now") < to_us(contact.received_at, "received_at"):
        raise NowBeforeReceiptError(
            f"now={now.isoformat()} is before the contact was received "
            f"({contact.received_at.isoformat()}); pass the current time, in any time zone."
        )


def breach_status(contact: Contact, policy: ServiceLevelPolicy, now: datetime) -> SlaStatus:
    """The status of every metric of ``contact`` under ``policy`` at ``now``.

    A metric without a target is ``not_applicable``; a contact for which the
    policy has no target at all (an unsupported channel, say) raises
    :class:`~servicelevel.NoTargetError`. Raises
    :class:`~servicelevel.NaiveDatetimeError` for a naive ``now`` and
    :class:`NowBeforeReceiptError` when ``now`` is before receipt.
    """
    _check_now(contact, now)
    targets = {
        metric: policy.target_for(contact.channel, contact.priority, metric) for metric in Metric
    }
    if not any(targets.values()):
        # No promise at all for this contact: say so rather than report "not applicable".
        policy.require_target(contact.channel, contact.priority, Metric.FIRST_RESPONSE)
    hours = policy.hours_for(contact.channel)
    zone = hours.zone
    cycles = _cycles(contact, now)
    results = {
        metric: _measure(metric, cycles[metric], targets[metric], hours, now, zone)
        for metric in Metric
    }
    return SlaStatus(
        channel=contact.channel,
        priority=contact.priority,
        now=now.astimezone(zone),
        first_response=results[Metric.FIRST_RESPONSE],
        next_response=results[Metric.NEXT_RESPONSE],
        resolution=results[Metric.RESOLUTION],
    )


def response_deadline(contact: Contact, policy: ServiceLevelPolicy) -> datetime:
    """The first-response deadline of ``contact`` under ``policy``.

    Pauses recorded before the first reply push it back. Raises
    :class:`~servicelevel.NoTargetError` when the policy has no first-response
    target for the contact, :class:`ContactPausedError` while an open pause
    makes the deadline unknown.

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
    target = policy.require_target(contact.channel, contact.priority, Metric.FIRST_RESPONSE)
    last = contact.events[-1].at if contact.events else contact.received_at
    cycle = _cycles(contact, last)[Metric.FIRST_RESPONSE]
    assert cycle is not None  # the first-response cycle always exists
    windows, _ = _windows(cycle)
    deadline = _deadline(
        _Clock(target, policy.hours_for(contact.channel)), windows, target.duration
    )
    if deadline is None:
        raise ContactPausedError(
            "the contact is paused (waiting on the customer) with no resume event, so its "
            "first-response deadline is not known; add a 'resumed' event."
        )
    return deadline.astimezone(policy.hours_for(contact.channel).zone)
