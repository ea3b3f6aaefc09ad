"""Waits learned from history: the first-reply time a team usually keeps, per channel.

Intercom advertises the median first-reply time of the last 7 days.
:func:`learn_waits` does the same, with the choices written down: per channel,
a quantile (the median by default) of the first-reply times of the contacts
received in a window ending at ``now`` (7 days by default), measured on the
clock of the channel's first-response promise, with a minimum sample below
which the promise itself is advertised. :meth:`LearnedWaits.usual_waits` is
what :func:`~servicelevel.auto_reply` takes as ``usual_waits``.

The rules (``docs/learned-waits.md`` has them with examples):

* **Which contacts.** Those received in ``[now - window, now]`` (both ends
  included) with ``priority`` at receipt (normal by default: what an
  auto-reply knows), under the policy that measures them (for a
  :class:`~servicelevel.PolicySet`, the one its rules select at receipt) and
  grouped by the channel that measures them: a chat left while the chat is
  closed counts as e-mail when the policy has that ``offline_fallback``, as
  :func:`~servicelevel.auto_reply` looks the wait up. Only events at or before
  ``now`` count. Contacts no rule matches, with no first-response target, or
  cancelled before a public reply are left out: nobody waits for them.
* **Which clock.** The first reply is the first public agent reply (an
  internal note is none). Its time from receipt is counted on the clock of
  the contact's target: business time in the channel's hours for a
  ``business`` target, every hour for a ``calendar`` one. Waits (pending,
  on-hold) are not subtracted: the figure is the customer's wait.
* **Only settled contacts.** A contact counts once its outcome against its
  promise is known at ``now``: it was answered and its promised time has
  passed, or its promised time has passed without an answer. An unanswered
  one counts with the time it has waited so far, which is at least the
  promise; leaving it out would flatter the figure. Contacts whose promised
  time is still running are left out whether answered or not: counting the
  quick answers among them while the slow ones still wait would flatter it
  too.
* **The quantile** is the nearest rank: the shortest wait within which at
  least that share of the sample was answered (the median of 1, 2, 3 and 4
  hours is 2 hours). It is always a wait that really occurred.
* **Never more generous than the promise.** Below ``min_sample`` contacts
  the promise is advertised (``fell_back``); a learned wait longer than the
  promise is cut to the promise. For a policy set the promise of a channel is
  the shortest one its policies make for the priority, so the advertised wait
  never exceeds any of them.
* **Working-day targets** ("within one working day") are not learned: their
  business time depends on the moment of receipt, so no single duration is
  the promise. Their channels are listed with ``wait=None`` and left out of
  :meth:`~LearnedWaits.usual_waits`; the reply states the promise alone.

Example:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import BusinessHours, Contact, ServiceLevelPolicy, Target
    >>> ams = ZoneInfo("Europe/Amsterdam")
    >>> policy = ServiceLevelPolicy(
    ...     name="support",
    ...     hours=BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam"),
    ...     targets=[Target(metric="first_response", channel="email", duration="8h")],
    ... )
    >>> def answered(day: int, hours: int) -> Contact:
    ...     received = datetime(2025, 1, day, 9, tzinfo=ams)
    ...     reply = received + timedelta(hours=hours)
    ...     return Contact(channel="email", received_at=received,
    ...                    events=[{"kind": "agent_reply", "at": reply}])
    >>> history = [answered(6, 1), answered(7, 2), answered(8, 3), answered(9, 4)]
    >>> now = datetime(2025, 1, 10, 12, tzinfo=ams)
    >>> waits = learn_waits(history, policy, now, min_sample=3)
    >>> waits.usual_waits()
    {<Channel.EMAIL: 'email'>: datetime.timedelta(seconds=7200)}
    >>> learn_waits(history, policy, now).channel("email").fell_back  # fewer than 20
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from servicelevel import _timeline
from servicelevel._contact import Contact, EventKind
from servicelevel._errors import ArgumentTypeError, LimitExceededError
from servicelevel._instants import EPOCH, ONE_US, Instant, to_us
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._policy_set import PolicySet
from servicelevel._status import measured_channel
from servicelevel._vocabulary import Channel, Clock, Metric, Priority

__all__ = ["LearnedWait", "LearnedWaits", "learn_waits"]

_WEEK = timedelta(days=7)


class LearnedWait(BaseModel):
    """One channel: the wait learned from its history, and the one to advertise.

    ``sample`` contacts counted (``unanswered`` of them still without a reply
    at ``now``, past their promise); ``learned`` is the ``quantile`` of their
    first-reply times, on the ``clock`` of the ``promise`` (None below the
    minimum sample, or for a working-day promise); ``wait`` is what to
    advertise: ``learned`` cut to the promise, the promise itself when the
    sample was too small (``fell_back``), None for a working-day promise.

    Example:
        >>> from datetime import timedelta
        >>> LearnedWait(channel="email", clock="business", promise=timedelta(hours=8),
        ...             quantile=0.5, sample=0, unanswered=0, learned=None,
        ...             wait=timedelta(hours=8), fell_back=True)
        LearnedWait(email: 8 h, the promise (0 contacts, fewer than needed))
    """

    model_config = ConfigDict(frozen=True)

    channel: Channel
    clock: Clock
    promise: timedelta
    quantile: float
    sample: int
    unanswered: int
    learned: timedelta | None
    wait: timedelta | None
    fell_back: bool

    def __repr__(self) -> str:
        return f"LearnedWait({self._summary()})"

    __str__ = __repr__

    def _summary(self) -> str:
        from servicelevel._display import count, duration

        contacts = count(self.sample, "contact")
        if self.wait is None:
            return f"{self.channel}: not learned ({self.clock} promise)"
        if self.fell_back:
            return f"{self.channel}: {duration(self.wait)}, the promise ({contacts}, fewer than needed)"
        cut = ", cut to the promise" if self.learned != self.wait else ""
        return f"{self.channel}: {duration(self.wait)}{cut} ({contacts})"

    def _row(self) -> tuple[object, ...]:
        from servicelevel._display import duration

        def shown(value: timedelta | None) -> str | None:
            return None if value is None else duration(value)

        return (
            self.channel,
            shown(self.wait),
            shown(self.learned),
            f"{duration(self.promise)} {self.clock}",
            self.sample,
            self.unanswered,
            "yes" if self.fell_back else "no",
        )

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        return fields(f"LearnedWait: {self.channel}", zip(_HEADER, self._row(), strict=True))


_HEADER = ("channel", "advertise", "learned", "promise", "sample", "unanswered", "fell back")


class LearnedWaits(BaseModel):
    """Per channel, the wait to advertise, learned from the contacts of a window.

    ``policy`` names the policy (or policy set) that set the promises;
    ``now``, ``window``, ``quantile``, ``min_sample`` and ``priority`` are the
    arguments of :func:`learn_waits` that made it.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import learn_waits, policy_for
        >>> now = datetime(2025, 1, 10, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> waits = learn_waits([], policy_for("retail", "b2c"), now)
        >>> waits.channel("email").fell_back, waits.usual_waits()[Channel.EMAIL]
        (True, datetime.timedelta(seconds=28800))
    """

    model_config = ConfigDict(frozen=True)

    policy: str
    now: Instant
    window: timedelta
    quantile: float
    min_sample: int
    priority: Priority
    channels: tuple[LearnedWait, ...]

    def usual_waits(self) -> dict[Channel, timedelta]:
        """Per channel, the wait to advertise: learned, never above the promise.

        Channels with a working-day promise are left out. This is the
        ``usual_waits`` argument of :func:`~servicelevel.auto_reply`.
        """
        return {entry.channel: entry.wait for entry in self.channels if entry.wait is not None}

    def channel(self, channel: Channel | str) -> LearnedWait:
        """The entry of one channel; :class:`~servicelevel.UnknownNameError` for a
        channel the policy promises no first reply on."""
        from servicelevel._errors import UnknownNameError

        wanted = Channel(channel)
        for entry in self.channels:
            if entry.channel is wanted:
                return entry
        raise UnknownNameError.for_name(
            "channel with a first-reply promise", wanted.value, [e.channel for e in self.channels]
        )

    def __repr__(self) -> str:
        from servicelevel._display import duration

        waits = ", ".join(
            f"{entry.channel} {'-' if entry.wait is None else duration(entry.wait)}"
            + ("*" if entry.fell_back else "")
            for entry in self.channels
        )
        share = "median" if self.quantile == 0.5 else f"q{self.quantile:g}"
        return f"LearnedWaits({self.policy!r}, {share} of {duration(self.window)}: {waits})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import duration, moment
        from servicelevel._html import box, fields, table, title

        about = [
            ("policy", self.policy),
            ("window", f"{duration(self.window)} to {moment(self.now)}"),
            ("quantile", f"{self.quantile:g}"),
            ("minimum sample", self.min_sample),
            ("priority", self.priority),
        ]
        rows = [entry._row() for entry in self.channels]
        return box(
            title("LearnedWaits"),
            fields("", about, wrap=False),
            table("waits per channel", _HEADER, rows),
        )


@dataclass(slots=True)
class _Sample:
    """The first-reply times of one channel, in microseconds on its clock."""

    values: list[int] = field(default_factory=list)
    unanswered: int = 0


def learn_waits(
    history: Iterable[Contact],
    policy: ServiceLevelPolicy | PolicySet,
    now: datetime,
    *,
    quantile: float = 0.5,
    window: timedelta = _WEEK,
    min_sample: int = 20,
    priority: Priority | str = Priority.NORMAL,
) -> LearnedWaits:
    """Per channel, the ``quantile`` of first-reply times over ``window`` before ``now``.

    The module documentation has the rules: which contacts count (received in
    ``[now - window, now]`` with ``priority`` at receipt, settled against
    their promise), on which clock (the target's: business or calendar time),
    how unanswered ones count (with the time waited so far), and why the
    advertised wait is never above the promise (below ``min_sample``
    contacts it *is* the promise). ``now`` is never read from the clock.

    ``quantile`` is in (0, 1] (0.5: the median), ``window`` positive,
    ``min_sample`` at least 1; other values raise
    :class:`~servicelevel.LimitExceededError`, values of the wrong type
    :class:`~servicelevel.ArgumentTypeError`, a naive ``now``
    :class:`~servicelevel.NaiveDatetimeError`.

    Example:
        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import Contact, policy_for
        >>> ams = ZoneInfo("Europe/Amsterdam")
        >>> chats = [
        ...     Contact(channel="live_chat", received_at=datetime(2025, 1, 6, 10, m, tzinfo=ams),
        ...             events=[{"kind": "agent_reply",
        ...                      "at": datetime(2025, 1, 6, 10, m + 1 + m % 3, tzinfo=ams)}])
        ...     for m in range(30)
        ... ]
        >>> waits = learn_waits(chats, policy_for("retail", "b2c"),
        ...                     datetime(2025, 1, 7, 10, tzinfo=ams), quantile=0.9)
        >>> waits.channel("live_chat").learned, waits.channel("live_chat").sample
        (datetime.timedelta(seconds=180), 30)
    """
    now_us = to_us(now, "now")
    _check_arguments(quantile, window, min_sample)
    wanted = Priority(priority)
    promises = _promises(policy, wanted)
    samples = {channel: _Sample() for channel in promises}
    learner = _Learner(policy, wanted, now_us, samples)
    start_us = now_us - window // ONE_US
    for contact in history:
        received = _us(contact.received_at)
        if start_us <= received <= now_us and _priority_at_receipt(contact) is wanted:
            learner.count(contact, received)
    return LearnedWaits(
        policy=policy.name,
        now=now,
        window=window,
        quantile=quantile,
        min_sample=min_sample,
        priority=wanted,
        channels=tuple(
            _entry(channel, target, samples[channel], quantile, min_sample)
            for channel, target in promises.items()
        ),
    )


def _check_arguments(quantile: float, window: timedelta, min_sample: int) -> None:
    if isinstance(quantile, bool) or not isinstance(quantile, int | float):
        raise ArgumentTypeError.for_argument("quantile", "float", quantile)
    if not 0 < quantile <= 1:  # NaN fails this too
        raise LimitExceededError.for_argument(
            "quantile", quantile, "in (0, 1]", "give a share: 0.5 for the median, 0.9 for 90%."
        )
    if not isinstance(window, timedelta):
        raise ArgumentTypeError.for_argument("window", "timedelta", window)
    if window <= timedelta(0):
        raise LimitExceededError.for_argument(
            "window", window, "positive", "give a span such as timedelta(days=7)."
        )
    if isinstance(min_sample, bool) or not isinstance(min_sample, int):
        raise ArgumentTypeError.for_argument("min_sample", "whole number", min_sample)
    if min_sample < 1:
        raise LimitExceededError.for_argument(
            "min_sample",
            min_sample,
            "at least 1",
            "give the fewest contacts a wait may be learned from, e.g. 20.",
        )


def _us(value: datetime) -> int:
    # Model datetimes are validated aware instants (stored in UTC).
    return (value - EPOCH) // ONE_US


def _promises(policy: ServiceLevelPolicy | PolicySet, priority: Priority) -> dict[Channel, Target]:
    """Per channel with a first-response promise for ``priority``: the shortest one
    (working-day promises only when the channel has no other)."""
    members = [rule.policy for rule in policy.rules] if isinstance(policy, PolicySet) else [policy]
    found: dict[Channel, Target] = {}
    for member in members:
        for channel in member.channels:
            target = member.target_for(channel, priority, Metric.FIRST_RESPONSE)
            if target is not None and _stricter(target, found.get(channel)):
                found[channel] = target
    return found


def _stricter(target: Target, than: Target | None) -> bool:
    if than is None:
        return True
    if target.clock.counts_working_days or than.clock.counts_working_days:
        return than.clock.counts_working_days and not target.clock.counts_working_days
    return target.duration < than.duration


def _priority_at_receipt(contact: Contact) -> Priority:
    priority = contact.priority
    for event in contact.events:  # in time order: those at receipt come first
        if event.at != contact.received_at:
            break
        if event.priority is not None:
            priority = event.priority
    return priority


def _select(policies: PolicySet, contact: Contact, priority: Priority) -> ServiceLevelPolicy | None:
    """:meth:`PolicySet.select` at receipt (None: no rule matches), without copying the
    attributes of the many contacts no event changes at receipt."""
    attributes: Mapping[str, str] = contact.attributes
    if contact.events and contact.events[0].at == contact.received_at:
        attributes = contact.attributes_at(contact.received_at)
    for rule in policies.rules:
        if rule.when.matches(contact.channel, priority, attributes):
            return rule.policy
    return None


#: What measures a contact: the sample it joins, the open-time index of its channel's
#: hours (None: calendar time) and its promise in microseconds; None: it is not counted.
_Measure = tuple[_Sample, _timeline.Timeline | None, int] | None


@dataclass(slots=True)
class _Learner:
    """Counts contacts into the samples of their channels (one call of learn_waits)."""

    policy: ServiceLevelPolicy | PolicySet
    priority: Priority
    now_us: int
    samples: dict[Channel, _Sample]
    measures: dict[tuple[int, Channel], _Measure] = field(default_factory=dict)

    def count(self, contact: Contact, received: int) -> None:
        """Add ``contact``'s first-reply time to its channel's sample, if it counts."""
        measure = self._measure(contact)
        if measure is None:
            return
        cancelled, reply = _first_reply(contact, self.now_us)
        if cancelled:
            return
        sample, line, promise = measure
        now_us = self.now_us
        waited = _elapsed(line, received, now_us if reply is None else reply)
        if waited < promise and (reply is None or _elapsed(line, received, now_us) < promise):
            return  # not settled: its promise is still running
        sample.values.append(waited)
        sample.unanswered += reply is None

    def _measure(self, contact: Contact) -> _Measure:
        policy = self.policy
        chosen = (
            _select(policy, contact, self.priority) if isinstance(policy, PolicySet) else policy
        )
        if chosen is None:
            return None
        channel = measured_channel(contact, chosen)  # as the set measures it: same hours
        key = (id(chosen), channel)
        if key not in self.measures:
            self.measures[key] = self._new_measure(chosen, channel)
        return self.measures[key]

    def _new_measure(self, chosen: ServiceLevelPolicy, channel: Channel) -> _Measure:
        target = chosen.target_for(channel, self.priority, Metric.FIRST_RESPONSE)
        if target is None or target.clock.counts_working_days or channel not in self.samples:
            return None
        clock = target.clock is Clock.CALENDAR
        line = None if clock else _timeline.timeline(chosen.hours_for(channel))
        return self.samples[channel], line, target.duration // ONE_US


def _elapsed(line: _timeline.Timeline | None, start: int, end: int) -> int:
    """Microseconds from ``start`` to ``end``: calendar time, or open time of ``line``."""
    return end - start if line is None else line.between(start, end)


def _first_reply(contact: Contact, now_us: int) -> tuple[bool, int | None]:
    """Whether the contact was cancelled before a public reply, and the instant of
    its first public reply (None: none at or before ``now``)."""
    for event in contact.events:
        at = _us(event.at)
        if at > now_us:
            break
        if event.kind is EventKind.AGENT_REPLY:
            return False, at
        if event.kind is EventKind.CANCELLED:
            return True, None
    return False, None


def _entry(
    channel: Channel, target: Target, sample: _Sample, quantile: float, min_sample: int
) -> LearnedWait:
    """The learned and advertised wait of one channel."""
    values = sorted(sample.values)
    learned = wait = None
    if not target.clock.counts_working_days:
        if len(values) >= min_sample:
            # The decimal the caller wrote: 0.2 * 5 is 1, though the float 0.2 is a bit more.
            rank = math.ceil(Fraction(repr(float(quantile))) * len(values))
            learned = timedelta(microseconds=values[rank - 1])
            wait = min(learned, target.duration)
        else:
            wait = target.duration
    return LearnedWait(
        channel=channel,
        clock=target.clock,
        promise=target.duration,
        quantile=quantile,
        sample=len(values),
        unanswered=sample.unanswered,
        learned=learned,
        wait=wait,
        fell_back=not target.clock.counts_working_days and learned is None,
    )
