"""Truthful automatic replies, from the same model that computes deadlines.

:func:`auto_reply` returns an :class:`AutoReply`: structured fields (open now,
next opening, the promised deadline, the opening hours, the holiday or
closure that applies, the supported channels) and the rendered subject and
body, in plain text and Markdown. The promised deadline *is*
:func:`~servicelevel.response_deadline` for the contact and policy, so the
promise and the service level can never disagree: a live chat left while the
chat is closed is promised the deadline of the policy's offline fallback
channel (e-mail, say), as the clocks measure it.

The body follows what the research says a good acknowledgement contains
(004): that the message arrived and when; whether the team is at work now and,
if not, why and exactly when it is back; when the customer will get an answer
(a concrete day and time, plus "within N hours" when that is within a day,
rounded up so it never promises more than the policy keeps); the opening
hours; for an unsupported channel, the channels that are supported; that the
message is automated and how to reach a person for urgent matters; and a
signature with people's names when given (004: signed by people rather than a
brand), otherwise the team's name.

Example:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel import auto_reply, policy_for
    >>> reply = auto_reply(
    ...     "email", datetime(2025, 1, 6, 10, tzinfo=ZoneInfo("Europe/Amsterdam")),
    ...     policy_for("retail", "b2c"), locale="en", signed_by=["Sanne"],
    ... )
    >>> reply.subject
    'We have received your message and will reply by Tuesday, January 7, 2025 at 10:00 AM'
    >>> reply.deadline.isoformat()
    '2025-01-07T10:00:00+01:00'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.lists import format_list
from pydantic import BaseModel, ConfigDict

from servicelevel._business_time import add_business_time, is_open, next_open
from servicelevel._contact import Contact
from servicelevel._day_rules import ClosedReason, DayPlan, DayRules
from servicelevel._describe import closed_day_text, describe_hours, format_duration_up
from servicelevel._errors import ReceiptMismatchError
from servicelevel._hours import BusinessHours
from servicelevel._instants import to_us
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet
from servicelevel._status import measured_channel, response_deadline
from servicelevel._templates import ReplyTemplates, date_text, templates_for
from servicelevel._vocabulary import Channel, Metric, Priority

__all__ = ["AutoReply", "ClosedReason", "ReceiptMismatchError", "auto_reply"]

#: Relative wording ("within 3 hours") is used for deadlines up to this far away.
_RELATIVE_UP_TO = timedelta(hours=24)


#: The template that says whether, and why not, the team is at work.
_AVAILABILITY = {
    ClosedReason.OPEN: "open_now",
    ClosedReason.OUTSIDE_HOURS: "closed_outside_hours",
    ClosedReason.DAY_OFF: "closed_day_off",
    ClosedReason.HOLIDAY: "closed_holiday",
    ClosedReason.CLOSURE: "closed_closure",
}


class AutoReply(BaseModel):
    """An automatic acknowledgement: what it promises, and the text that says it."""

    model_config = ConfigDict(frozen=True)

    locale: str
    channel: Channel
    channel_supported: bool
    received_at: datetime
    open_now: bool
    closed_reason: ClosedReason
    next_open: datetime | None
    deadline: datetime | None
    holiday: str | None
    closure: str | None
    opening_hours: str
    supported_channels: tuple[Channel, ...]
    subject: str
    body: str
    body_markdown: str

    def __repr__(self) -> str:
        from servicelevel._display import moment

        state = "open" if self.open_now else f"closed ({self.closed_reason})"
        channel = str(self.channel) if self.channel_supported else f"{self.channel} (unsupported)"
        parts = [f"locale={self.locale!r}", channel, state]
        if self.deadline is not None:
            parts.append(f"deadline {moment(self.deadline)}")
        parts.append(f"subject={self.subject!r}")
        return f"AutoReply({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import moment
        from servicelevel._html import box, fields, title, wrapped

        def at(value: datetime | None) -> str | None:
            return None if value is None else moment(value)

        rows = [
            (
                "channel",
                self.channel if self.channel_supported else f"{self.channel} (unsupported)",
            ),
            ("received", moment(self.received_at)),
            ("open now", "yes" if self.open_now else f"no ({self.closed_reason})"),
            ("holiday", self.holiday),
            ("closure", self.closure),
            ("next open", at(self.next_open)),
            ("deadline", at(self.deadline)),
            ("opening hours", self.opening_hours),
            ("channels", ", ".join(self.supported_channels)),
            ("locale", self.locale),
        ]
        rows = [row for row in rows if row[1] is not None]
        body = wrapped(self.body, quoted=True)
        return box(title(self.subject), body, fields("AutoReply", rows, wrap=False))


@dataclass(frozen=True, slots=True)
class _Urgent:
    """The person-staffed channel to point to for urgent matters."""

    channel: Channel
    open_now: bool
    next_open: datetime
    answers_by: datetime  # its first-response deadline for a message now (or its opening)


@dataclass(frozen=True, slots=True)
class _Facts:
    """What is true when the message arrives, before any word is chosen."""

    contact: Contact
    hours: BusinessHours
    received: datetime  # in the hours' zone
    supported: bool
    reason: ClosedReason
    receipt_day: DayPlan
    next_open: datetime
    closed_before_reopening: tuple[DayPlan, ...]
    deadline: datetime | None  # None: the policy promises nothing here
    urgent: tuple[_Urgent, ...]  # the person-staffed channels to point to, in order


def _facts(contact: Contact, policy: ServiceLevelPolicy) -> _Facts:
    supported = policy.supports(contact.channel)
    hours = policy.hours_for(contact.channel) if supported else policy.hours
    received = contact.received_at.astimezone(hours.zone)
    opening = next_open(hours, received)
    rules = DayRules(hours, received.year, opening.year)
    receipt_day = rules.plan(received.date())
    if is_open(hours, received):
        reason = ClosedReason.OPEN
    else:
        reason = receipt_day.closed_reason or ClosedReason.OUTSIDE_HOURS
    # The promise is the clocks' deadline: a live chat left while the chat is
    # closed is measured (and so promised) under the policy's offline fallback.
    measured_as = measured_channel(contact, policy) if supported else contact.channel
    promises = supported and (
        policy.target_for(measured_as, contact.priority, Metric.FIRST_RESPONSE) is not None
    )
    return _Facts(
        contact=contact,
        hours=hours,
        received=received,
        supported=supported,
        reason=reason,
        receipt_day=receipt_day,
        next_open=opening,
        closed_before_reopening=_closed_before(rules, received.date(), opening.date()),
        deadline=response_deadline(contact, policy) if promises else None,
        urgent=_urgent_channel(policy, contact.channel, received),
    )


def _closed_before(rules: DayRules, received: date, opening: date) -> tuple[DayPlan, ...]:
    """The days after receipt and before reopening that a holiday or closure closes."""
    days = (received + timedelta(days=offset) for offset in range(1, (opening - received).days))
    plans = (rules.plan(day) for day in days)
    return tuple(
        plan for plan in plans if plan.closed_reason in (ClosedReason.HOLIDAY, ClosedReason.CLOSURE)
    )


def _urgent_channel(
    policy: ServiceLevelPolicy, channel: Channel, received: datetime
) -> tuple[_Urgent, ...]:
    """The person-staffed channels (phone, chat, in person) other than ``channel``,
    each with when it would answer a message sent now."""
    found = []
    for candidate in (Channel.PHONE, Channel.LIVE_CHAT, Channel.IN_PERSON):
        if candidate == channel or not policy.supports(candidate):
            continue
        hours = policy.hours_for(candidate)
        opening = next_open(hours, received)
        target = policy.target_for(candidate, Priority.NORMAL, Metric.FIRST_RESPONSE)
        answers_by = (
            opening if target is None else add_business_time(hours, opening, target.duration)
        )
        found.append(_Urgent(candidate, is_open(hours, received), opening, answers_by))
    return tuple(found)


_ONE_MINUTE = timedelta(minutes=1)


class _Writer:
    """Turns :class:`_Facts` into sentences of one locale."""

    def __init__(self, facts: _Facts, chosen: ReplyTemplates) -> None:
        self.facts = facts
        self.chosen = chosen

    def moment(self, value: datetime) -> str:
        return self.chosen.format_moment(value.astimezone(self.facts.hours.zone))

    def deadline(self, value: datetime) -> str:
        """A deadline in words, rounded *up* to the minute the text shows: a written
        time may never be earlier than the deadline it stands for."""
        local = value.astimezone(self.facts.hours.zone)
        cut = local.replace(second=0, microsecond=0)
        return self.moment(cut if cut == local else cut + _ONE_MINUTE)

    def channel_name(self, channel: Channel) -> str:
        return self.chosen.channel_names[channel]

    def channel_list(self, channels: Sequence[Channel]) -> str:
        names = [self.channel_name(channel) for channel in channels]
        return format_list(names, style="or", locale=self.chosen.locale)

    def day_text(self, plan: DayPlan) -> str | None:
        return closed_day_text(self.facts.hours, plan, self.chosen.locale)

    def availability(self) -> str:
        facts, chosen = self.facts, self.chosen
        text = chosen.render(
            _AVAILABILITY[facts.reason],
            next_open=self.moment(facts.next_open),
            holiday=self.day_text(facts.receipt_day) or "",
            closure=self.day_text(facts.receipt_day) or chosen.closed,
            weekday=date_text(facts.received.date(), chosen.locale, "EEEE"),
        )
        also_closed = self.closed_days()
        if also_closed is not None:
            text += " " + chosen.render("also_closed", days=also_closed)
        return text

    def closed_days(self) -> str | None:
        """The closed days before reopening; consecutive days with one reason as a range."""
        runs: list[tuple[date, date, str | None]] = []
        for plan in self.facts.closed_before_reopening:
            reason = self.day_text(plan)
            if runs and runs[-1][2] == reason:  # only days off can lie between them
                runs[-1] = (runs[-1][0], plan.day, reason)
            else:
                runs.append((plan.day, plan.day, reason))
        labels = [self.day_range(first, last, reason) for first, last, reason in runs]
        return format_list(labels, locale=self.chosen.locale) if labels else None

    def day_range(self, first: date, last: date, reason: str | None) -> str:
        locale = self.chosen.locale
        label = date_text(first, locale)
        if last != first:
            label = self.chosen.render("day_range", first=label, last=date_text(last, locale))
        return f"{label} ({reason})" if reason else label

    def promise(self, deadline: datetime) -> str:
        wait = deadline - self.facts.received
        if wait <= _RELATIVE_UP_TO:
            within = format_duration_up(wait, self.chosen.locale)
            return self.chosen.render(
                "answer_within", within=within, deadline=self.deadline(deadline)
            )
        return self.chosen.render("answer_by", deadline=self.deadline(deadline))

    def urgent(self, contact_details: Mapping[Channel, str]) -> str | None:
        """Where to turn when it is urgent: only a channel that answers sooner than
        the one the customer used (none for a caller on a line that is open)."""
        deadline = self.facts.deadline
        sooner = [
            option
            for option in self.facts.urgent
            if deadline is None or option.answers_by < deadline
        ]
        if not sooner:
            return None
        urgent = sooner[0]
        details = (
            f" ({contact_details[urgent.channel]})" if urgent.channel in contact_details else ""
        )
        name = self.channel_name(urgent.channel)
        if urgent.open_now:
            return self.chosen.render("urgent_now", channel=name, details=details)
        return self.chosen.render(
            "urgent_later", channel=name, details=details, next_open=self.moment(urgent.next_open)
        )


def _subject_and_answer(writer: _Writer, policy: ServiceLevelPolicy) -> tuple[str, list[str]]:
    """The subject line and the paragraph that says when the answer comes."""
    facts, chosen = writer.facts, writer.chosen
    channel = facts.contact.channel
    if not facts.supported:
        channels = writer.channel_list(policy.channels)
        unsupported = chosen.render(
            "unsupported", channel=writer.channel_name(channel), channels=channels
        )
        return chosen.render("subject_unsupported", channels=channels), [unsupported]
    if facts.deadline is None:
        # The policy promises nothing here (self-service, say): so neither do we.
        subject = chosen.render("subject_no_promise", channel=writer.channel_name(channel))
        return subject, [writer.availability()]
    subject = chosen.render("subject", deadline=writer.deadline(facts.deadline))
    return subject, [writer.availability(), writer.promise(facts.deadline)]


def _contact_for(
    contact_or_channel: Contact | Channel | str, received_at: datetime, priority: Priority | str
) -> Contact:
    """The contact the reply is for; a given contact must have been received at ``received_at``."""
    received_us = to_us(received_at, "received_at")
    if not isinstance(contact_or_channel, Contact):
        return Contact(
            channel=Channel(contact_or_channel),
            priority=Priority(priority),
            received_at=received_at,
        )
    if to_us(contact_or_channel.received_at, "received_at") != received_us:
        raise ReceiptMismatchError.for_receipts(received_at, contact_or_channel.received_at)
    return contact_or_channel


def auto_reply(
    contact_or_channel: Contact | Channel | str,
    received_at: datetime,
    policy: ServiceLevelPolicy | PolicySet,
    *,
    locale: str = "nl",
    priority: Priority | str = Priority.NORMAL,
    signed_by: str | Sequence[str] = (),
    team_name: str | None = None,
    contact_details: Mapping[Channel, str] | None = None,
    templates: Mapping[str, ReplyTemplates] | None = None,
) -> AutoReply:
    """The automatic reply to a message received at ``received_at``.

    ``contact_or_channel`` is a :class:`Contact` (its receipt must be
    ``received_at``) or a channel (then ``priority`` applies). ``policy`` is a
    policy or a :class:`~servicelevel.PolicySet` (the policy it selects for the
    contact at receipt applies). ``signed_by``
    names the people who sign (one name, or several); ``contact_details`` adds, per channel, how to
    reach it (a phone number). Datetimes in the reply are in the zone of the
    channel's hours. Raises :class:`~servicelevel.UnsupportedLocaleError` for
    an unknown locale and :class:`~servicelevel.NaiveDatetimeError` for a
    naive ``received_at``.
    """
    chosen = templates_for(locale, templates)
    contact = _contact_for(contact_or_channel, received_at, priority)
    if isinstance(policy, PolicySet):  # the policy its rules select at receipt
        policy = policy.select(contact)
    facts = _facts(contact, policy)
    writer = _Writer(facts, chosen)
    opening_hours = describe_hours(facts.hours, locale, templates=templates)
    subject, answer = _subject_and_answer(writer, policy)
    closing = [chosen.automated]
    urgent = writer.urgent(contact_details or {})
    if urgent is not None:
        closing.append(urgent)
    signers = [signed_by] if isinstance(signed_by, str) else list(signed_by)  # one name
    names = format_list(signers, locale=chosen.locale) if signers else None
    channel_name = writer.channel_name(facts.contact.channel)
    paragraphs = [
        [chosen.greeting],
        [
            chosen.render(
                "received", received_at=writer.moment(facts.received), channel=channel_name
            )
        ],
        answer,
        [chosen.render("opening_hours", hours=opening_hours)],
        closing,
        [chosen.sign_off, names or team_name or chosen.team],
    ]
    receipt_text = writer.day_text(facts.receipt_day)
    return AutoReply(
        locale=locale,
        channel=facts.contact.channel,
        channel_supported=facts.supported,
        received_at=facts.received,
        open_now=facts.reason is ClosedReason.OPEN,
        closed_reason=facts.reason,
        next_open=facts.next_open if facts.supported else None,
        deadline=facts.deadline,
        holiday=receipt_text if facts.reason is ClosedReason.HOLIDAY else None,
        closure=(receipt_text or "") if facts.reason is ClosedReason.CLOSURE else None,
        opening_hours=opening_hours,
        supported_channels=policy.channels,
        subject=subject,
        body=_render(paragraphs, markdown=False),
        body_markdown=_render(paragraphs, markdown=True),
    )


def _render(paragraphs: list[list[str]], *, markdown: bool) -> str:
    """Sentences of a paragraph on one line; the signature keeps its line breaks."""
    *text, signature = paragraphs
    blocks = [" ".join(sentences) for sentences in text]
    separator = "  \n" if markdown else "\n"  # two spaces: a Markdown line break
    blocks.append(separator.join(signature))
    return "\n\n".join(blocks) + "\n"
