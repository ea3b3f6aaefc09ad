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

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from threading import Lock

from babel.lists import format_list
from pydantic import BaseModel, ConfigDict, HttpUrl, field_validator

from servicelevel._business_time import add_business_time, is_open, next_open
from servicelevel._contact import Contact
from servicelevel._day_rules import ClosedReason, DayPlan, DayRules
from servicelevel._describe import closed_day_text, format_duration_up, usual_hours_text
from servicelevel._errors import ReceiptMismatchError, reject
from servicelevel._frozen import FrozenDict
from servicelevel._hours import BusinessHours
from servicelevel._instants import to_us
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._policy_set import PolicySet
from servicelevel._status import measured_channel, response_deadline
from servicelevel._templates import (
    BUILT_IN_TEMPLATES,
    Register,
    ReplyTemplates,
    date_text,
    templates_for,
)
from servicelevel._vocabulary import Channel, Clock, Metric, Priority, Sector

__all__ = ["AutoReply", "ClosedReason", "ReceiptMismatchError", "Register", "auto_reply"]

#: Relative wording ("within 3 hours") is used for deadlines up to this far away.
_RELATIVE_UP_TO = timedelta(hours=24)

#: Channels answered in the conversation itself: a reply promises no written answer.
SYNCHRONOUS = frozenset({Channel.PHONE, Channel.IN_PERSON})


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
    formality: Register | None  # None: the locale's language has no register (English)
    channel: Channel
    channel_supported: bool
    received_at: datetime
    open_now: bool
    closed_reason: ClosedReason
    next_open: datetime | None
    deadline: datetime | None
    usually_by: datetime | None = None  # the usual answer the text names, before the deadline
    holiday: str | None
    closure: str | None
    opening_hours: str
    supported_channels: tuple[Channel, ...]
    help_centre: str | None = None
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
            ("usually by", at(self.usually_by)),
            ("opening hours", self.opening_hours),
            ("channels", ", ".join(self.supported_channels)),
            ("help centre", self.help_centre),
            (
                "locale",
                self.locale if self.formality is None else f"{self.locale} ({self.formality})",
            ),
        ]
        rows = [row for row in rows if row[1] is not None]
        body = wrapped(self.body, quoted=True)
        return box(title(self.subject), body, fields("AutoReply", rows, wrap=False))


@dataclass(slots=True)
class _PolicyView:
    """What replies need of one policy and does not change per message: kept per
    policy (by identity, while it lives) so that each reply skips the look-ups."""

    policy: weakref.ref[ServiceLevelPolicy]
    targets: dict[tuple[Channel, Priority], Target | None] = field(default_factory=dict)
    hours_text: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    rules: dict[int, DayRules] = field(default_factory=dict)

    def day_rules(self, hours: BusinessHours, year: int) -> DayRules:
        """The resolved day rules of one of the policy's hours (kept: they expand
        each year once, on first use)."""
        found = self.rules.get(id(hours))
        if found is None:
            found = self.rules[id(hours)] = DayRules(hours, year, year)
        return found

    def first_response(self, channel: Channel, priority: Priority) -> Target | None:
        key = (channel, priority)
        try:
            return self.targets[key]
        except KeyError:
            policy = self.policy()
            assert policy is not None  # the view dies with its policy
            found = policy.target_for(channel, priority, Metric.FIRST_RESPONSE)
            self.targets[key] = found
            return found

    def opening_hours(self, hours: BusinessHours, chosen: ReplyTemplates) -> tuple[str, str]:
        """The hours in words, and the sentence that says them; kept for built-in
        templates only (they live forever, so their identity is never reused; the
        hours live as long as the policy)."""
        key = (id(hours), id(chosen))
        found = self.hours_text.get(key)
        if found is None:
            text = usual_hours_text(hours, chosen)
            found = (text, chosen.render("opening_hours", hours=text))
            if id(chosen) in _BUILT_IN_IDS and len(self.hours_text) < 64:
                self.hours_text[key] = found
        return found


_BUILT_IN_IDS = frozenset(id(templates) for templates in BUILT_IN_TEMPLATES.values())
_VIEWS: dict[int, _PolicyView] = {}
_VIEWS_LOCK = Lock()
_MAX_VIEWS = 256


def _view(policy: ServiceLevelPolicy) -> _PolicyView:
    """The policy's view, made on first use; dropped when the policy dies (bounded)."""
    key = id(policy)
    found = _VIEWS.get(key)
    if found is not None:
        return found
    with _VIEWS_LOCK:
        found = _VIEWS.get(key)
        if found is None:
            while len(_VIEWS) >= _MAX_VIEWS:
                del _VIEWS[next(iter(_VIEWS))]
            found = _PolicyView(weakref.ref(policy, partial(_forget, key, _VIEWS)))
            _VIEWS[key] = found
        return found


def _forget(key: int, views: dict[int, _PolicyView], ref: weakref.ref[ServiceLevelPolicy]) -> None:
    # Runs while the policy dies (maybe inside a locked section of this thread,
    # in a garbage collection): no lock. The dict is bound for interpreter exit.
    found = views.get(key)
    if found is not None and found.policy is ref:
        views.pop(key, None)


# The private records below are not frozen: a frozen dataclass sets each field
# through object.__setattr__, which costs more than the rest of a short reply.
@dataclass(slots=True)
class _Urgent:
    """The person-staffed channel to point to for urgent matters."""

    channel: Channel
    open_now: bool
    next_open: datetime


@dataclass(slots=True)
class _Facts:
    """What is true when the message arrives, before any word is chosen."""

    contact: Contact
    policy: ServiceLevelPolicy
    view: _PolicyView
    hours: BusinessHours
    received: datetime  # in the hours' zone
    supported: bool
    reason: ClosedReason
    receipt_day: DayPlan
    next_open: datetime
    closed_before_reopening: tuple[DayPlan, ...]
    measured_as: Channel  # the channel whose target and clock measure the contact
    target: Target | None  # its first-response target at receipt
    deadline: datetime | None  # None: the policy promises nothing here
    synchronous: bool  # a supported phone call or visit: no written answer is promised

    @property
    def promised(self) -> datetime | None:
        """The deadline the text promises: none for a conversation (phone, in person)."""
        return None if self.synchronous else self.deadline


def _facts(contact: Contact, policy: ServiceLevelPolicy) -> _Facts:
    supported = policy.supports(contact.channel)
    hours = policy.hours_for(contact.channel) if supported else policy.hours
    received = contact.received_at.astimezone(hours.zone)
    opening = next_open(hours, received)  # ``received`` itself when open
    view = _view(policy)
    rules = view.day_rules(hours, received.year)
    receipt_day = rules.plan(received.date())
    if opening == received:
        reason = ClosedReason.OPEN
    else:
        reason = receipt_day.closed_reason or ClosedReason.OUTSIDE_HOURS
    # The promise is the clocks' deadline: a live chat left while the chat is
    # closed is measured (and so promised) under the policy's offline fallback.
    measured_as = contact.channel
    if supported and policy.offline_fallback:
        measured_as = measured_channel(contact, policy)
    target = view.first_response(measured_as, contact.priority) if supported else None
    return _Facts(
        contact=contact,
        policy=policy,
        view=view,
        hours=hours,
        received=received,
        supported=supported,
        reason=reason,
        receipt_day=receipt_day,
        next_open=opening,
        closed_before_reopening=_closed_before(rules, received.date(), opening.date()),
        measured_as=measured_as,
        target=target,
        deadline=None if target is None else response_deadline(contact, policy),
        synchronous=supported and contact.channel in SYNCHRONOUS,
    )


def _closed_before(rules: DayRules, received: date, opening: date) -> tuple[DayPlan, ...]:
    """The days after receipt and before reopening that a holiday or closure closes."""
    if (opening - received).days < 2:
        return ()
    days = (received + timedelta(days=offset) for offset in range(1, (opening - received).days))
    plans = (rules.plan(day) for day in days)
    return tuple(
        plan for plan in plans if plan.closed_reason in (ClosedReason.HOLIDAY, ClosedReason.CLOSURE)
    )


def _urgent_channel(facts: _Facts) -> _Urgent | None:
    """The first person-staffed channel (phone, chat, in person) other than the
    contact's that would answer a message sent now sooner than the promise."""
    policy, received, deadline = facts.policy, facts.received, facts.deadline
    for candidate in (Channel.PHONE, Channel.LIVE_CHAT, Channel.IN_PERSON):
        if candidate == facts.contact.channel or not policy.supports(candidate):
            continue
        hours = policy.hours_for(candidate)
        # Most channels share the contact's hours: their opening is known already.
        opening = facts.next_open if hours is facts.hours else next_open(hours, received)
        target = facts.view.first_response(candidate, Priority.NORMAL)
        answers_by = (
            opening if target is None else add_business_time(hours, opening, target.duration)
        )
        if deadline is None or answers_by < deadline:
            return _Urgent(candidate, opening == received, opening)
    return None


def _usual_due(facts: _Facts, usual_waits: Mapping[Channel, timedelta]) -> datetime | None:
    """When the usual wait of the measured channel ends, on its target's clock
    (calendar time for a calendar target, business time otherwise); None when
    no wait is given or it ends no earlier than the promise."""
    wait = usual_waits.get(facts.measured_as)
    promised = facts.promised
    if wait is None or promised is None or facts.target is None:
        return None
    if facts.target.clock is Clock.CALENDAR:
        due = facts.received + wait
    else:
        hours = facts.policy.hours_for(facts.measured_as)
        due = add_business_time(hours, facts.received, wait)
    return due if due < promised else None


@dataclass(slots=True)
class _Alternative:
    """Another supported channel, and what it offers a customer now."""

    channel: Channel
    open_now: bool
    next_open: datetime
    answers_by: datetime | None  # a written channel's deadline; None for a conversation


def _alternatives(facts: _Facts) -> list[_Alternative]:
    """The other channels a customer can turn to (self-service excluded), in the
    policy's order: conversations with when they are staffed, written channels
    with the deadline a message sent now would get (those without a target left out)."""
    policy, contact = facts.policy, facts.contact
    found = []
    for channel in policy.channels:
        if channel in (contact.channel, Channel.SELF_SERVICE):
            continue
        hours = policy.hours_for(channel)
        opening = next_open(hours, facts.received)
        if channel in SYNCHRONOUS:
            found.append(_Alternative(channel, is_open(hours, facts.received), opening, None))
            continue
        other = Contact(channel=channel, priority=contact.priority, received_at=facts.received)
        measured = measured_channel(other, policy) if policy.offline_fallback else channel
        if facts.view.first_response(measured, contact.priority) is None:
            continue
        deadline = response_deadline(other, policy)
        found.append(_Alternative(channel, False, opening, deadline))
    return found


_ONE_MINUTE = timedelta(minutes=1)


def _up_to_minute(value: datetime) -> datetime:
    cut = value.replace(second=0, microsecond=0)
    return cut if cut == value else cut + _ONE_MINUTE


class _Writer:
    """Turns :class:`_Facts` into sentences of one locale."""

    def __init__(
        self,
        facts: _Facts,
        chosen: ReplyTemplates,
        contact_details: Mapping[Channel, str],
    ) -> None:
        self.facts = facts
        self.chosen = chosen
        self.contact_details = contact_details
        self.written: dict[datetime, str] = {}  # deadlines in words (subject and body)

    def moment(self, value: datetime) -> str:
        return self.chosen.format_moment(value.astimezone(self.facts.hours.zone))

    def deadline(self, value: datetime) -> str:
        """A deadline in words, rounded *up* to the minute the text shows: a written
        time may never be earlier than the deadline it stands for."""
        found = self.written.get(value)
        if found is None:
            local = _up_to_minute(value.astimezone(self.facts.hours.zone))
            found = self.written[value] = self.chosen.format_moment(local)
        return found

    def channel_name(self, channel: Channel) -> str:
        return self.chosen.channel_names[channel]

    def details(self, channel: Channel) -> str:
        found = self.contact_details.get(channel)
        return f" ({found})" if found else ""

    def channel_list(self, channels: Sequence[Channel]) -> str:
        names = [self.channel_name(channel) for channel in channels]
        return format_list(names, style="or", locale=self.chosen.locale)

    def day_text(self, plan: DayPlan) -> str | None:
        return closed_day_text(self.facts.hours, plan, self.chosen.locale)

    def availability(self) -> str:
        facts, chosen = self.facts, self.chosen
        reason = facts.reason
        if reason is ClosedReason.OPEN:
            return chosen.open_now
        values = {"next_open": self.moment(facts.next_open)}
        if reason is ClosedReason.DAY_OFF:
            values["weekday"] = date_text(facts.received.date(), chosen.locale, "EEEE")
        elif reason is not ClosedReason.OUTSIDE_HOURS:
            day = self.day_text(facts.receipt_day)
            values["holiday" if reason is ClosedReason.HOLIDAY else "closure"] = day or (
                "" if reason is ClosedReason.HOLIDAY else chosen.closed
            )
        text = chosen.render(_AVAILABILITY[reason], **values)
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

    def within(self, deadline: datetime) -> str | None:
        """The promise as a span: "1 werkdag" for a target in working days, "3 uur"
        up to a day away (rounded up), else None (only the moment is said)."""
        target = self.facts.target
        if (
            target is not None
            and target.clock is Clock.WORKING_DAYS
            and not self.facts.contact.events  # no event moved the deadline
        ):
            days = target.duration.days
            if days == 1:
                return self.chosen.one_working_day
            return self.chosen.render("working_days", count=str(days))
        wait = deadline - self.facts.received
        if wait <= _RELATIVE_UP_TO:
            return format_duration_up(wait, self.chosen.locale)
        return None

    def promise(self, deadline: datetime) -> str:
        within = self.within(deadline)
        if within is not None:
            return self.chosen.render(
                "answer_within", within=within, deadline=self.deadline(deadline)
            )
        return self.chosen.render("answer_by", deadline=self.deadline(deadline))

    def usually(self, due: datetime, deadline: datetime) -> str | None:
        """The usual wait in words, or None when the words would not say a sooner
        answer than the promise (the same rounded minute, or the same span)."""
        if _up_to_minute(due) >= _up_to_minute(deadline):
            return None
        wait = due - self.facts.received
        if wait > _RELATIVE_UP_TO:
            return self.chosen.render("usually_by", moment=self.deadline(due))
        within = format_duration_up(wait, self.chosen.locale)
        if within == self.within(deadline):
            return None
        return self.chosen.render("usually_within", within=within)

    def urgent(self) -> str | None:
        """Where to turn when it is urgent: only a channel that answers sooner than
        the one the customer used (none for a caller on a line that is open)."""
        urgent = _urgent_channel(self.facts)
        if urgent is None:
            return None
        name, details = self.channel_name(urgent.channel), self.details(urgent.channel)
        if urgent.open_now:
            return self.chosen.render("urgent_now", channel=name, details=details)
        return self.chosen.render(
            "urgent_later", channel=name, details=details, next_open=self.moment(urgent.next_open)
        )

    def alternatives(self) -> list[str]:
        """A sentence per other channel: staffed now, staffed from, or answers by."""
        sentences = []
        for option in _alternatives(self.facts):
            name = self.channel_name(option.channel)
            if option.answers_by is not None:
                sentences.append(
                    self.chosen.render(
                        "channel_reply_by", channel=name, deadline=self.deadline(option.answers_by)
                    )
                )
            elif option.open_now:
                sentences.append(
                    self.chosen.render(
                        "channel_open_now", channel=name, details=self.details(option.channel)
                    )
                )
            else:
                sentences.append(
                    self.chosen.render(
                        "channel_open_from",
                        channel=name,
                        details=self.details(option.channel),
                        next_open=self.moment(option.next_open),
                    )
                )
        return sentences


@dataclass(slots=True)
class _Answer:
    """The subject, the received line and the paragraph on when the answer comes."""

    subject: str
    received: str
    paragraphs: list[list[str]]
    usually_by: datetime | None = None
    points_elsewhere: bool = False  # the paragraph already lists other channels


def _answer(writer: _Writer, usual_waits: Mapping[Channel, timedelta]) -> _Answer:
    facts, chosen = writer.facts, writer.chosen
    channel = writer.channel_name(facts.contact.channel)
    at = writer.moment(facts.received)
    received = chosen.render("received", received_at=at, channel=channel)
    if not facts.supported:
        channels = writer.channel_list(facts.policy.channels)
        unsupported = chosen.render("unsupported", channel=channel, channels=channels)
        subject = chosen.render("subject_unsupported", channels=channels)
        return _Answer(subject, received, [[unsupported]])
    if facts.synchronous:
        return _conversation(writer)
    if facts.deadline is None:
        # The policy promises nothing here (self-service, say): so neither do we,
        # and a customer who needs a person learns where to find one, and how soon.
        subject = chosen.render("subject_no_promise", channel=channel)
        paragraphs = [[writer.availability()]]
        others = writer.alternatives() if facts.contact.channel is Channel.SELF_SERVICE else []
        if others:
            paragraphs.append([chosen.self_service_help, *others])
        return _Answer(subject, received, paragraphs, points_elsewhere=bool(others))
    subject = chosen.render("subject", deadline=writer.deadline(facts.deadline))
    paragraph = [writer.availability()]
    due = _usual_due(facts, usual_waits) if usual_waits else None
    usually = None if due is None else writer.usually(due, facts.deadline)
    if usually is not None:
        paragraph.append(usually)
    paragraph.append(writer.promise(facts.deadline))
    return _Answer(subject, received, [paragraph], due if usually is not None else None)


def _conversation(writer: _Writer) -> _Answer:
    """A phone call or visit: answered in the conversation, so no written answer is
    promised; when the team is back, and how soon the other channels answer."""
    facts, chosen = writer.facts, writer.chosen
    channel = writer.channel_name(facts.contact.channel)
    at = writer.moment(facts.received)
    subject = chosen.render("subject_synchronous", channel=channel)
    received = chosen.render("received_synchronous", received_at=at, channel=channel)
    paragraphs = [[writer.availability()]]
    if facts.reason is ClosedReason.OPEN:
        again = channel + writer.details(facts.contact.channel)
        paragraphs[0].append(chosen.render("try_again", channel=again))
    others = writer.alternatives()
    if others:
        paragraphs.append([chosen.other_channels, *others])
    return _Answer(subject, received, paragraphs, points_elsewhere=bool(others))


class _Options(BaseModel):
    """The optional arguments that need checking, validated (errors name the argument)."""

    model_config = ConfigDict(frozen=True, title="auto_reply")

    help_centre: HttpUrl | None = None
    usual_waits: FrozenDict[Channel, timedelta] = FrozenDict()

    @field_validator("usual_waits")
    @classmethod
    def _positive(cls, waits: FrozenDict[Channel, timedelta]) -> FrozenDict[Channel, timedelta]:
        for channel, wait in waits.items():
            if wait <= timedelta(0):
                reject(
                    "non_positive_duration",
                    f"the usual wait of {channel} is {wait}; a usual wait must be positive "
                    "(leave the channel out when there is none).",
                )
        return waits


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
    register: Register | str | None = None,
    sector: Sector | str | None = None,
    priority: Priority | str = Priority.NORMAL,
    signed_by: str | Sequence[str] = (),
    team_name: str | None = None,
    contact_details: Mapping[Channel, str] | None = None,
    help_centre: str | None = None,
    usual_waits: Mapping[Channel, timedelta] | None = None,
    templates: Mapping[str, ReplyTemplates] | None = None,
) -> AutoReply:
    """The automatic reply to a message received at ``received_at``.

    ``contact_or_channel`` is a :class:`Contact` (its receipt must be
    ``received_at``) or a channel (then ``priority`` applies). ``policy`` is a
    policy or a :class:`~servicelevel.PolicySet` (the policy it selects for the
    contact at receipt applies).

    ``register`` chooses formal or informal address where the language has
    both (Dutch "u" or "je"); left out, it is the one customers of ``sector``
    expect (:meth:`Register.for_sector`: formal for finance, government and
    health, informal otherwise). ``signed_by`` names the people who sign (one
    name, or several); ``contact_details`` adds, per channel, how to reach it
    (a phone number); ``help_centre`` is the URL of the help centre or FAQ.
    ``usual_waits`` gives per channel the wait to advertise, on the clock of
    that channel's target: the reply says it when it ends before the promise.

    Datetimes in the reply are in the zone of the channel's hours. Raises
    :class:`~servicelevel.UnsupportedLocaleError` for an unknown locale,
    :class:`~servicelevel.NaiveDatetimeError` for a naive ``received_at`` and a
    pydantic ``ValidationError`` naming ``help_centre`` or ``usual_waits`` for
    a URL that is not http(s) or a wait that is not positive.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import policy_for
        >>> at = datetime(2025, 3, 12, 23, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> auto_reply("email", at, policy_for("finance", "b2c"), sector="finance").subject
        'Ontvangen: u krijgt uiterlijk donderdag 13 maart 2025 om 17:00 antwoord'
        >>> auto_reply("phone", at, policy_for("retail", "b2c"), register="informal").subject
        'Je hebt contact met ons gezocht via de telefoon'
    """
    chosen = _choose(locale, templates, register, sector)
    options = (
        _Options(help_centre=help_centre, usual_waits=usual_waits or {})
        if help_centre is not None or usual_waits
        else _NO_OPTIONS
    )
    contact = _contact_for(contact_or_channel, received_at, priority)
    if isinstance(policy, PolicySet):  # the policy its rules select at receipt
        policy = policy.select(contact)
    facts = _facts(contact, policy)
    writer = _Writer(facts, chosen, contact_details or {})
    opening_hours, hours_sentence = facts.view.opening_hours(facts.hours, chosen)
    answer = _answer(writer, options.usual_waits)
    url = None if options.help_centre is None else str(options.help_centre)
    paragraphs = [
        [chosen.greeting],
        [answer.received],
        *answer.paragraphs,
        *([[chosen.render("help_centre", url=url)]] if url is not None else []),
        [hours_sentence],
        _closing(writer, answer),
        [chosen.sign_off, _signature(signed_by, chosen) or team_name or chosen.team],
    ]
    receipt_text = writer.day_text(facts.receipt_day) if facts.reason in _NAMED else None
    body, body_markdown = _render(paragraphs)
    return AutoReply(
        locale=locale,
        formality=chosen.formality,
        channel=facts.contact.channel,
        channel_supported=facts.supported,
        received_at=facts.received,
        open_now=facts.reason is ClosedReason.OPEN,
        closed_reason=facts.reason,
        next_open=facts.next_open if facts.supported else None,
        deadline=facts.promised,
        usually_by=answer.usually_by,
        holiday=receipt_text if facts.reason is ClosedReason.HOLIDAY else None,
        closure=(receipt_text or "") if facts.reason is ClosedReason.CLOSURE else None,
        opening_hours=opening_hours,
        supported_channels=policy.channels,
        help_centre=url,
        subject=answer.subject,
        body=body,
        body_markdown=body_markdown,
    )


_NO_OPTIONS = _Options()
_BUILT_IN_CHOICE: dict[tuple[str, Register], ReplyTemplates] = {}


def _choose(
    locale: str,
    templates: Mapping[str, ReplyTemplates] | None,
    register: Register | str | None,
    sector: Sector | str | None,
) -> ReplyTemplates:
    """The templates of the locale in the register asked for, or the sector's;
    the built-in choice is kept (a few entries)."""
    chosen_register = Register.for_sector(sector) if register is None else Register(register)
    if templates is not None:
        return templates_for(locale, templates, chosen_register)
    found = _BUILT_IN_CHOICE.get((locale, chosen_register))
    if found is None:
        found = templates_for(locale, None, chosen_register)  # raises for an unknown locale
        _BUILT_IN_CHOICE[locale, chosen_register] = found
    return found


def _closing(writer: _Writer, answer: _Answer) -> list[str]:
    """That the message is automated, and where to turn if it is urgent (unless the
    reply lists the other channels already)."""
    urgent = None if answer.points_elsewhere else writer.urgent()
    automated = writer.chosen.automated
    return [automated] if urgent is None else [automated, urgent]


def _signature(signed_by: str | Sequence[str], chosen: ReplyTemplates) -> str | None:
    """The names that sign, joined as the language joins them; one string is one name."""
    signers = [signed_by] if isinstance(signed_by, str) else list(signed_by)
    return format_list(signers, locale=chosen.locale) if signers else None


_NAMED = (ClosedReason.HOLIDAY, ClosedReason.CLOSURE)


def _render(paragraphs: list[list[str]]) -> tuple[str, str]:
    """The plain text and the Markdown: sentences of a paragraph on one line; the
    signature keeps its line breaks (in Markdown, two spaces before each)."""
    *text, signature = paragraphs
    blocks = "\n\n".join(" ".join(sentences) for sentences in text)
    plain = blocks + "\n\n" + "\n".join(signature) + "\n"
    markdown = blocks + "\n\n" + "  \n".join(signature) + "\n"  # two spaces: a line break
    return plain, markdown
