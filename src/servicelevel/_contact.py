"""Contacts: one customer question and what happened to it.

A :class:`Contact` has a channel, a priority, the instant it was received and
an ordered list of :class:`ContactEvent`. Events are validated as a
conversation: they are in time order, none is before receipt, every datetime
is aware, a pause ends before another starts, only a resolved contact can be
reopened. A validation error names the event and its cause: ``events.2.at``
for an event before receipt (type ``event_before_receipt``) or before the one
before it (``events_out_of_order``), ``events.2.kind`` for an event that cannot
follow the ones before it (``invalid_event_sequence``); a naive datetime is
``naive_datetime``.

Example:
    >>> from datetime import UTC, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import Contact, EventKind
    >>> ams = ZoneInfo("Europe/Amsterdam")
    >>> contact = Contact(
    ...     channel="email",
    ...     received_at=datetime(2025, 1, 6, 10, 0, tzinfo=ams),
    ...     events=[{"kind": "agent_reply", "at": datetime(2025, 1, 6, 11, 0, tzinfo=ams)}],
    ... )
    >>> contact.events[0].kind is EventKind.AGENT_REPLY
    True
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from servicelevel._errors import reject_at
from servicelevel._instants import Instant
from servicelevel._vocabulary import Channel, NamedEnum, Priority

__all__ = ["Contact", "ContactEvent", "EventKind"]


class EventKind(NamedEnum):
    """What happened in a conversation."""

    AGENT_REPLY = "agent_reply"
    CUSTOMER_REPLY = "customer_reply"
    PAUSED = "paused"  # waiting on the customer: the clocks stop
    RESUMED = "resumed"
    RESOLVED = "resolved"
    REOPENED = "reopened"


class ContactEvent(BaseModel):
    """One event at an aware instant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: EventKind
    at: Instant

    def __repr__(self) -> str:
        from servicelevel._display import moment

        return f"ContactEvent({self.kind} at {moment(self.at)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import moment
        from servicelevel._html import fields

        return fields("ContactEvent", [("kind", self.kind), ("at", moment(self.at))])


def _sequence_problem(kind: EventKind, *, paused: bool, resolved: bool) -> str | None:
    """Why ``kind`` cannot follow a conversation in this state, or None."""
    if kind is EventKind.PAUSED and paused:
        return "the contact is already paused; resume it first."
    if kind is EventKind.RESUMED and not paused:
        return "the contact is not paused, so it cannot resume."
    if kind is EventKind.REOPENED and not resolved:
        return "only a resolved contact can be reopened."
    if kind is EventKind.RESOLVED and resolved:
        return "the contact is already resolved; reopen it first."
    return None


class Contact(BaseModel):
    """A customer contact and its events, validated as a conversation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channel: Channel
    priority: Priority = Priority.NORMAL
    received_at: Instant
    events: tuple[ContactEvent, ...] = ()

    @field_validator("events")
    @classmethod
    def _a_real_conversation(
        cls, events: tuple[ContactEvent, ...], info: ValidationInfo
    ) -> tuple[ContactEvent, ...]:
        # Compare instants: datetimes sharing a tzinfo compare by wall time, ignoring fold.
        received_at: datetime | None = info.data.get("received_at")
        previous = None if received_at is None else received_at.astimezone(UTC)
        paused = resolved = False
        for index, event in enumerate(events):
            where = f"events[{index}] ({event.kind} at {event.at.isoformat()})"
            at = event.at.astimezone(UTC)
            if received_at is not None and at < received_at.astimezone(UTC):
                reject_at(
                    (index, "at"),
                    event.at,
                    "event_before_receipt",
                    f"{where} is before the contact was received "
                    f"({received_at.isoformat()}); check the time zone of both.",
                )
            if previous is not None and at < previous:
                reject_at(
                    (index, "at"),
                    event.at,
                    "events_out_of_order",
                    f"{where} is earlier than the event before it; list events in time order.",
                )
            previous = at
            kind = event.kind
            problem = _sequence_problem(kind, paused=paused, resolved=resolved)
            if problem is not None:
                reject_at((index, "kind"), kind, "invalid_event_sequence", f"{where}: {problem}")
            if kind in (EventKind.PAUSED, EventKind.RESUMED):
                paused = kind is EventKind.PAUSED
            elif kind in (EventKind.RESOLVED, EventKind.REOPENED):
                resolved = kind is EventKind.RESOLVED
                paused = False
        return events

    def events_until(self, now: datetime) -> tuple[ContactEvent, ...]:
        """The events that have happened at ``now`` (at or before it)."""
        until = now.astimezone(UTC)
        return tuple(event for event in self.events if event.at.astimezone(UTC) <= until)

    def with_event(self, kind: EventKind | str, at: datetime) -> Contact:
        """A copy with one more event (validated); the contact itself is unchanged."""
        return Contact.model_validate(
            {
                **self.model_dump(),
                "events": [*self.events, ContactEvent(kind=EventKind(kind), at=at)],
            }
        )

    def __repr__(self) -> str:
        from servicelevel._display import count, moment

        parts = [
            str(self.channel),
            f"{self.priority} priority",
            f"received {moment(self.received_at)}",
        ]
        if self.events:
            last = self.events[-1]
            parts.append(
                f"{count(len(self.events), 'event')}, last {last.kind} at {moment(last.at)}"
            )
        return f"Contact({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import moment, signed
        from servicelevel._html import box, fields, table

        received = self.received_at.astimezone(UTC)
        rows = [
            (index, event.kind, moment(event.at), signed(event.at.astimezone(UTC) - received))
            for index, event in enumerate(self.events)
        ]
        summary = [
            ("channel", self.channel),
            ("priority", self.priority),
            ("received", moment(self.received_at)),
        ]
        parts = [fields("Contact", summary, wrap=False)]
        if rows:
            parts.append(table("events", ("#", "kind", "at", "after receipt"), rows))
        return box(*parts)
