"""Contacts: one customer question and what happened to it.

A :class:`Contact` has a channel, an initial priority and attributes, the
instant it was received and an ordered list of :class:`ContactEvent`, the
events a help desk exports: messages, replies, notes, status changes
(waiting on the customer or a third party, back to open, resolved,
reopened), priority and attribute changes, cancellation, due dates and
assignment.

An event is one flat, frozen record (a help-desk export is a flat table):
``kind`` and ``at``, plus the one or two fields its kind needs
(``priority``, ``attributes``, ``reason``, ``metric`` and ``due``, or
``group``); every other field stays empty. Events are validated as a
conversation: in time order, none before receipt, none after a
cancellation, every datetime aware, a reopening only after a resolution.

The kinds of earlier versions are still accepted as input: ``customer_reply``
(now ``customer_message``), ``paused`` (``waiting_on_customer``) and
``resumed`` (``open``); they serialise under the new names.

Example:
    >>> from datetime import UTC, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import Contact, EventKind
    >>> ams = ZoneInfo("Europe/Amsterdam")
    >>> contact = Contact(
    ...     channel="email",
    ...     received_at=datetime(2025, 1, 6, 10, 0, tzinfo=ams),
    ...     events=[
    ...         {"kind": "agent_reply", "at": datetime(2025, 1, 6, 11, 0, tzinfo=ams)},
    ...         {"kind": "priority_changed", "at": datetime(2025, 1, 6, 11, 5, tzinfo=ams),
    ...          "priority": "high"},
    ...     ],
    ... )
    >>> contact.events[0].kind is EventKind.AGENT_REPLY
    True
    >>> contact.priority_at(datetime(2025, 1, 6, 12, 0, tzinfo=ams))
    <Priority.HIGH: 'high'>
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from servicelevel._editing import Editable
from servicelevel._errors import custom_error
from servicelevel._frozen import FrozenDict
from servicelevel._instants import Instant
from servicelevel._vocabulary import Channel, Metric, NamedEnum, Priority

__all__ = ["Contact", "ContactEvent", "EventKind"]


class EventKind(NamedEnum):
    """What happened in a conversation.

    ``customer_reply``, ``paused`` and ``resumed`` (earlier names) are
    accepted as input for ``customer_message``, ``waiting_on_customer`` and
    ``open``.

    Example:
        >>> EventKind("customer_reply")
        <EventKind.CUSTOMER_MESSAGE: 'customer_message'>
    """

    CUSTOMER_MESSAGE = "customer_message"
    AGENT_REPLY = "agent_reply"  # a public reply: it answers the customer
    INTERNAL_NOTE = "internal_note"  # not a reply: it stops no clock
    WAITING_ON_CUSTOMER = "waiting_on_customer"  # Zendesk "pending"
    WAITING_ON_THIRD_PARTY = "waiting_on_third_party"  # Zendesk "on-hold"
    OPEN = "open"  # back to open: ends a wait, or reopens a resolved contact
    RESOLVED = "resolved"
    REOPENED = "reopened"
    PRIORITY_CHANGED = "priority_changed"  # needs priority
    ATTRIBUTES_CHANGED = "attributes_changed"  # needs attributes
    CANCELLED = "cancelled"  # needs reason: spam, duplicate, merged, abandoned, ...
    DUE_DATE_SET = "due_date_set"  # needs metric and due
    ASSIGNED = "assigned"  # needs group

    @classmethod
    def _missing_(cls, value: object) -> EventKind:
        if isinstance(value, str) and value in _EARLIER_NAMES:
            return _EARLIER_NAMES[value]
        return super()._missing_(value)  # type: ignore[no-any-return]  # it raises


_EARLIER_NAMES = {
    "customer_reply": EventKind.CUSTOMER_MESSAGE,
    "paused": EventKind.WAITING_ON_CUSTOMER,
    "resumed": EventKind.OPEN,
}
_WAITS = (EventKind.WAITING_ON_CUSTOMER, EventKind.WAITING_ON_THIRD_PARTY)
#: The fields each kind needs; every other optional field must stay empty.
_NEEDS: dict[EventKind, tuple[str, ...]] = {
    EventKind.PRIORITY_CHANGED: ("priority",),
    EventKind.ATTRIBUTES_CHANGED: ("attributes",),
    EventKind.CANCELLED: ("reason",),
    EventKind.DUE_DATE_SET: ("metric", "due"),
    EventKind.ASSIGNED: ("group",),
}
_OPTIONAL = ("priority", "attributes", "reason", "metric", "due", "group")
_EXAMPLES = {
    "priority": "priority='urgent'",
    "attributes": "attributes={'product': 'loans'}",
    "reason": "reason='spam' (or 'duplicate', 'merged', 'abandoned')",
    "metric": "metric='resolution'",
    "due": "due=datetime(..., tzinfo=...)",
    "group": "group='second line'",
}


def _named(value: FrozenDict[str, str]) -> FrozenDict[str, str]:
    for key in value:
        if not key:
            raise custom_error(
                "empty_attribute_name",
                "an attribute has an empty name; name every attribute (e.g. 'product').",
            )
    return value


#: Attributes: ``str -> str``, stored read-only, serialised as a JSON object.
Attributes = Annotated[FrozenDict[str, str], AfterValidator(_named)]


class ContactEvent(Editable):
    """One event at an aware instant, with the fields its kind needs.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> at = datetime(2025, 1, 6, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> ContactEvent(kind="cancelled", at=at, reason="spam").reason
        'spam'
        >>> ContactEvent(kind="paused", at=at).kind
        <EventKind.WAITING_ON_CUSTOMER: 'waiting_on_customer'>
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: EventKind
    at: Instant
    priority: Priority | None = Field(default=None, description="priority_changed: the new one")
    attributes: Attributes | None = Field(
        default=None, description="attributes_changed: the new values, merged over the old"
    )
    reason: str | None = Field(default=None, min_length=1, description="cancelled: why")
    metric: Metric | None = Field(default=None, description="due_date_set: the metric it sets")
    due: Instant | None = Field(default=None, description="due_date_set: the agreed deadline")
    group: str | None = Field(default=None, min_length=1, description="assigned: to whom")

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> Self:
        needs = _NEEDS.get(self.kind, ())
        for name in _OPTIONAL:
            value = getattr(self, name)
            if name in needs and not value:
                raise custom_error(
                    "event_missing_field",
                    f"{self.kind} events need {name}; add it, e.g. {_EXAMPLES[name]}.",
                )
            if name not in needs and value is not None:
                carriers = [str(kind) for kind, fields in _NEEDS.items() if name in fields]
                raise custom_error(
                    "event_unexpected_field",
                    f"{self.kind} events take no {name} (only {', '.join(carriers)} events do); "
                    "drop the field or use that kind.",
                )
        return self

    def __repr__(self) -> str:
        from servicelevel._display import moment

        return f"ContactEvent({self.kind} at {moment(self.at)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import moment
        from servicelevel._html import fields

        return fields("ContactEvent", [("kind", self.kind), ("at", moment(self.at))])


class Contact(Editable):
    """A customer contact and its events, validated as a conversation.

    ``priority`` and ``attributes`` are the initial ones; ``priority_changed``
    and ``attributes_changed`` events change them later. A status event that
    repeats the status the contact already has (``open`` on an open contact,
    a wait it is already in) changes nothing.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> at = datetime(2025, 1, 6, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> contact = Contact(
        ...     channel="email",
        ...     received_at=at,
        ...     events=[{"kind": "agent_reply", "at": at.replace(hour=11)}],
        ... )
        >>> contact.priority, len(contact.events)
        (<Priority.NORMAL: 'normal'>, 1)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    channel: Channel
    priority: Priority = Priority.NORMAL
    received_at: Instant
    attributes: Attributes = Field(default_factory=FrozenDict)
    events: tuple[ContactEvent, ...] = ()

    @model_validator(mode="after")
    def _a_real_conversation(self) -> Self:
        # Instants are stored in UTC, so datetimes compare as instants (not wall times).
        received = self.received_at
        previous = received
        resolved = customer_since_resolution = cancelled = False
        for index, event in enumerate(self.events):
            where = f"events[{index}] ({event.kind} at {event.at.isoformat()})"
            _check_time(where, event, received, previous, cancelled)
            previous = event.at
            kind = event.kind
            if kind is EventKind.CUSTOMER_MESSAGE:
                customer_since_resolution = True
            elif kind is EventKind.REOPENED and not resolved:
                raise custom_error(
                    "reopen_without_resolution",
                    f"{where}: only a resolved contact can be reopened; add the 'resolved' "
                    "event before it, or drop this one.",
                )
            elif kind is EventKind.RESOLVED and resolved and not customer_since_resolution:
                raise custom_error(
                    "already_resolved",
                    f"{where}: the contact is already resolved; reopen it first ('reopened', "
                    "or a customer message) or drop this event.",
                )
            elif kind is EventKind.DUE_DATE_SET and event.due is not None and event.due < received:
                raise custom_error(
                    "due_before_receipt",
                    f"{where}: the due date {event.due.isoformat()} is before the contact was "
                    f"received ({received.isoformat()}); check its time zone.",
                )
            if kind is EventKind.RESOLVED:
                resolved, customer_since_resolution = True, False
            elif kind in (EventKind.REOPENED, EventKind.OPEN, *_WAITS):
                resolved = False
            cancelled = cancelled or kind is EventKind.CANCELLED
        return self

    def events_until(self, now: datetime) -> tuple[ContactEvent, ...]:
        """The events that have happened at ``now`` (at or before it)."""
        until = now.astimezone(UTC)
        return tuple(event for event in self.events if event.at <= until)

    def priority_at(self, now: datetime) -> Priority:
        """The priority in force at ``now``: the initial one, changed by later events."""
        priority = self.priority
        for event in self.events_until(now):
            if event.priority is not None:
                priority = event.priority
        return priority

    def attributes_at(self, now: datetime) -> Mapping[str, str]:
        """The attributes at ``now``: the initial ones with every change merged over them."""
        merged = dict(self.attributes)
        for event in self.events_until(now):
            if event.attributes is not None:
                merged.update(event.attributes)
        return FrozenDict(merged)

    def with_event(self, kind: EventKind | str, at: datetime, **fields: Any) -> Contact:
        """A copy with one more event (validated); the contact itself is unchanged.

        ``fields`` are the fields the kind needs, e.g.
        ``contact.with_event("priority_changed", at, priority="urgent")``.
        """
        event = ContactEvent(kind=EventKind(kind), at=at, **fields)
        return Contact(
            channel=self.channel,
            priority=self.priority,
            received_at=self.received_at,
            attributes=self.attributes,
            events=(*self.events, event),
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


def _check_time(
    where: str, event: ContactEvent, received: datetime, previous: datetime, cancelled: bool
) -> None:
    if event.at < received:
        raise custom_error(
            "event_before_receipt",
            f"{where} is before the contact was received ({received.isoformat()}); "
            "check the time zone of both.",
        )
    if event.at < previous:
        raise custom_error(
            "events_out_of_order",
            f"{where} is earlier than the event before it ({previous.isoformat()}); "
            "list events in time order.",
        )
    if cancelled:
        raise custom_error(
            "event_after_cancellation",
            f"{where} comes after the contact was cancelled; nothing happens to a cancelled "
            "contact. Drop the event, or the cancellation if the contact is still alive.",
        )
