"""Truthful automatic replies, from the same model that computes deadlines.

:func:`auto_reply` returns an :class:`AutoReply`: structured fields (open now,
next opening, the promised deadline, the opening hours, the holiday or
closure that applies, the supported channels) and the rendered subject and
body, in plain text and Markdown. The promised deadline *is*
:func:`~servicelevel.response_deadline` for the contact and policy, so the
promise and the service level can never disagree.

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
    'Received: you will hear from us by Tuesday, January 7, 2025 at 10:00\\u202fAM'
    >>> reply.deadline.isoformat()
    '2025-01-07T10:00:00+01:00'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from babel.dates import format_date
from babel.lists import format_list
from pydantic import BaseModel, ConfigDict

from servicelevel._business_time import is_open, next_open
from servicelevel._contact import Contact
from servicelevel._day_rules import ClosedReason, DayRules
from servicelevel._describe import closed_day_text, describe_hours, format_duration_up
from servicelevel._errors import ReceiptMismatchError
from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._status import response_deadline
from servicelevel._templates import ReplyTemplates, templates_for
from servicelevel._timeline import to_us
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
        subject = self.subject.replace("\u202f", " ").replace("\xa0", " ")  # Babel's spaces
        parts.append(f"subject={subject!r}")
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


def _closed_reason(
    hours: BusinessHours, received: datetime, locale: str
) -> tuple[ClosedReason, str | None, str | None]:
    """Why the team is not at work at ``received``, with the holiday's name or the
    closure's reason when one of those is why."""
    if is_open(hours, received):
        return ClosedReason.OPEN, None, None
    plan = DayRules(hours, received.year, received.year).plan(received.date())
    reason = plan.closed_reason or ClosedReason.OUTSIDE_HOURS
    text = closed_day_text(hours, plan, locale)
    if reason is ClosedReason.HOLIDAY:
        return reason, text, None
    if reason is ClosedReason.CLOSURE:
        return reason, None, text or ""
    return reason, None, None


def _closed_days_before(
    hours: BusinessHours, received: datetime, opening: datetime, chosen: ReplyTemplates
) -> str | None:
    """Workdays between receipt and reopening that a holiday or closure closes,
    with their reason; consecutive days with one reason become one range."""
    runs: list[tuple[date, date, str | None]] = []
    day = received.date() + timedelta(days=1)
    rules = DayRules(hours, day.year, opening.year)
    while day < opening.date():
        plan = rules.plan(day)
        if plan.closed_reason in (ClosedReason.HOLIDAY, ClosedReason.CLOSURE):
            reason = closed_day_text(hours, plan, chosen.locale)
            if runs and runs[-1][2] == reason:
                runs[-1] = (runs[-1][0], day, reason)
            else:
                runs.append((day, day, reason))
        day += timedelta(days=1)
    labels = []
    for first, last, reason in runs:
        label = format_date(first, "full", locale=chosen.locale)
        if last != first:
            label = chosen.render(
                "day_range", first=label, last=format_date(last, "full", locale=chosen.locale)
            )
        labels.append(f"{label} ({reason})" if reason else label)
    return format_list(labels, locale=chosen.locale) if labels else None


def _urgent_line(
    policy: ServiceLevelPolicy,
    channel: Channel,
    received: datetime,
    chosen: ReplyTemplates,
    contact_details: Mapping[Channel, str],
) -> str | None:
    """Point to the fastest person-staffed channel (phone first) for urgent matters."""
    for candidate in (Channel.PHONE, Channel.LIVE_CHAT, Channel.IN_PERSON):
        if candidate == channel or not policy.supports(candidate):
            continue
        hours = policy.hours_for(candidate)
        details = f" ({contact_details[candidate]})" if candidate in contact_details else ""
        name = chosen.channel_names[candidate]
        if is_open(hours, received):
            return chosen.render("urgent_now", channel=name, details=details)
        opening = next_open(hours, received).astimezone(hours.zone)
        return chosen.render(
            "urgent_later",
            channel=name,
            details=details,
            next_open=chosen.format_moment(opening),
        )
    return None


def auto_reply(
    contact_or_channel: Contact | Channel | str,
    received_at: datetime,
    policy: ServiceLevelPolicy,
    *,
    locale: str = "nl",
    priority: Priority | str = Priority.NORMAL,
    signed_by: Sequence[str] = (),
    team_name: str | None = None,
    contact_details: Mapping[Channel, str] | None = None,
    templates: Mapping[str, ReplyTemplates] | None = None,
) -> AutoReply:
    """The automatic reply to a message received at ``received_at``.

    ``contact_or_channel`` is a :class:`Contact` (its receipt must be
    ``received_at``) or a channel (then ``priority`` applies). ``signed_by``
    names the people who sign; ``contact_details`` adds, per channel, how to
    reach it (a phone number). Raises
    :class:`~servicelevel.UnsupportedLocaleError` for an unknown locale and
    :class:`~servicelevel.NaiveDatetimeError` for a naive ``received_at``.
    """
    chosen = templates_for(locale, templates)
    to_us(received_at, "received_at")
    if isinstance(contact_or_channel, Contact):
        contact = contact_or_channel
        if to_us(contact.received_at, "received_at") != to_us(received_at, "received_at"):
            raise ReceiptMismatchError(
                f"received_at={received_at.isoformat()} differs from the contact's receipt "
                f"({contact.received_at.isoformat()}); pass the contact's received_at."
            )
    else:
        contact = Contact(
            channel=Channel(contact_or_channel),
            priority=Priority(priority),
            received_at=received_at,
        )
    channel = contact.channel
    supported = policy.supports(channel)
    hours = policy.hours_for(channel) if supported else policy.hours
    local_received = received_at.astimezone(hours.zone)
    opening_hours = describe_hours(hours, locale, templates=templates)

    def moment(value: datetime) -> str:
        return chosen.format_moment(value.astimezone(hours.zone))

    def channel_list(channels: Sequence[Channel]) -> str:
        names = [chosen.channel_names[c] for c in channels]
        return format_list(names, style="or", locale=chosen.locale)

    reason, holiday, closure = _closed_reason(hours, local_received, locale)
    opening = next_open(hours, local_received).astimezone(hours.zone)
    paragraphs: list[list[str]] = [
        [chosen.greeting],
        [
            chosen.render(
                "received",
                received_at=moment(received_at),
                channel=chosen.channel_names[channel],
            )
        ],
    ]
    deadline: datetime | None = None
    if supported:
        availability = chosen.render(
            _AVAILABILITY[reason],
            next_open=moment(opening),
            holiday=holiday or "",
            closure=closure or chosen.closed,
            weekday=format_date(local_received.date(), "EEEE", locale=chosen.locale),
        )
        also_closed = _closed_days_before(hours, local_received, opening, chosen)
        if also_closed is not None:
            availability += " " + chosen.render("also_closed", days=also_closed)
        if policy.target_for(channel, contact.priority, Metric.FIRST_RESPONSE) is None:
            # The policy promises nothing here (self-service, say): so neither do we.
            paragraphs.append([availability])
            subject = chosen.render("subject_no_promise", channel=chosen.channel_names[channel])
        else:
            deadline = response_deadline(contact, policy).astimezone(hours.zone)
            wait = deadline.astimezone(UTC) - received_at.astimezone(UTC)
            promise = (
                chosen.render(
                    "answer_within",
                    within=format_duration_up(wait, chosen.locale),
                    deadline=moment(deadline),
                )
                if wait <= _RELATIVE_UP_TO
                else chosen.render("answer_by", deadline=moment(deadline))
            )
            paragraphs.append([availability, promise])
            subject = chosen.render("subject", deadline=moment(deadline))
    else:
        paragraphs.append(
            [
                chosen.render(
                    "unsupported",
                    channel=chosen.channel_names[channel],
                    channels=channel_list(policy.channels),
                )
            ]
        )
        subject = chosen.render("subject_unsupported", channels=channel_list(policy.channels))
    paragraphs.append([chosen.render("opening_hours", hours=opening_hours)])
    closing = [chosen.automated]
    urgent = _urgent_line(policy, channel, received_at, chosen, contact_details or {})
    if urgent is not None:
        closing.append(urgent)
    paragraphs.append(closing)
    names = format_list(list(signed_by), locale=chosen.locale) if signed_by else None
    paragraphs.append([chosen.sign_off, names or team_name or chosen.team])

    body = _render(paragraphs, markdown=False)
    markdown = _render(paragraphs, markdown=True)
    return AutoReply(
        locale=locale,
        channel=channel,
        channel_supported=supported,
        received_at=received_at,
        open_now=reason is ClosedReason.OPEN,
        closed_reason=reason,
        next_open=opening if supported else None,
        deadline=deadline,
        holiday=holiday,
        closure=closure,
        opening_hours=opening_hours,
        supported_channels=policy.channels,
        subject=subject,
        body=body,
        body_markdown=markdown,
    )


def _render(paragraphs: list[list[str]], *, markdown: bool) -> str:
    """Sentences of a paragraph on one line; the signature keeps its line breaks."""
    *text, signature = paragraphs
    blocks = [" ".join(sentences) for sentences in text]
    separator = "  \n" if markdown else "\n"  # two spaces: a Markdown line break
    blocks.append(separator.join(signature))
    return "\n\n".join(blocks) + "\n"
