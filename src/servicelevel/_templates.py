"""Per-locale wording of published opening hours and auto-replies.

A :class:`ReplyTemplates` holds every sentence of an auto-reply for one
locale, with ``{placeholders}``. Day names, dates, times, lists and durations
come from Babel, holiday names from the `holidays` package; the templates hold
only the sentences around them. Each template may use only its own
placeholders: an unknown one is rejected when the templates are created, not
when a customer would receive the text.

Override one sentence with ``templates.replace(automated=...)`` (validated,
unlike ``model_copy``), or add a locale by building a new
``ReplyTemplates`` and passing ``templates={**BUILT_IN_TEMPLATES, "de": german}``.

Dutch has two registers, formal "u" and informal "je" (:class:`Register`):
``"nl"`` holds the informal sentences, ``"nl-formal"`` the formal ones, and
:func:`templates_for` picks ``"<locale>-<register>"`` when the mapping has it,
else ``"<locale>"`` (English has one set for both).

Example:
    >>> from servicelevel._templates import BUILT_IN_TEMPLATES, ReplyTemplates
    >>> sorted(BUILT_IN_TEMPLATES)
    ['en', 'en-GB', 'en-US', 'nl', 'nl-formal']
    >>> ReplyTemplates.model_validate(
    ...     {**BUILT_IN_TEMPLATES["en"].model_dump(), "automated": "Sent by {robot}."}
    ... )
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for ReplyTemplates
    ...
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date, datetime, time
from functools import lru_cache
from types import MappingProxyType
from typing import Self

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from pydantic import ConfigDict, field_validator, model_validator

from servicelevel._editing import Editable
from servicelevel._errors import UnsupportedLocaleError, reject, reject_at
from servicelevel._frozen import FrozenDict
from servicelevel._vocabulary import Channel, NamedEnum, Sector

__all__ = [
    "BUILT_IN_TEMPLATES",
    "FORMAL_SECTORS",
    "PLACEHOLDERS",
    "Register",
    "ReplyTemplates",
    "templates_for",
]


class Register(NamedEnum):
    """How a reply addresses the customer, in a language that distinguishes it:
    Dutch formal "u" or informal "je". English has no register.

    Example:
        >>> Register.for_sector("finance"), Register.for_sector("retail")
        (<Register.FORMAL: 'formal'>, <Register.INFORMAL: 'informal'>)
    """

    FORMAL = "formal"
    INFORMAL = "informal"

    @classmethod
    def for_sector(cls, sector: Sector | str | None) -> Register:
        """The register customers of ``sector`` expect: formal in finance, government
        and health (:data:`FORMAL_SECTORS`), informal elsewhere and when unknown."""
        if sector is not None and Sector(sector) in FORMAL_SECTORS:
            return cls.FORMAL
        return cls.INFORMAL


#: The sectors whose customers are addressed formally by default: banks and
#: insurers, government and health care, where Dutch customers expect "u".
FORMAL_SECTORS = frozenset({Sector.FINANCE, Sector.GOVERNMENT, Sector.HEALTH})


#: The placeholders each template may use.
PLACEHOLDERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "day_range": frozenset({"first", "last"}),
        "interval": frozenset({"start", "end"}),
        "midnight": frozenset(),
        "around_the_clock": frozenset(),
        "closed_on_holidays": frozenset(),
        "closed_on_holidays_except": frozenset({"holidays"}),
        "closed": frozenset(),
        "exceptions": frozenset({"days"}),
        "moment": frozenset({"date", "time"}),
        "subject": frozenset({"deadline"}),
        "subject_unsupported": frozenset({"channels"}),
        "subject_no_promise": frozenset({"channel"}),
        "greeting": frozenset(),
        "received": frozenset({"received_at", "channel"}),
        "open_now": frozenset(),
        "closed_outside_hours": frozenset({"next_open"}),
        "closed_day_off": frozenset({"weekday", "next_open"}),
        "closed_holiday": frozenset({"holiday", "next_open"}),
        "closed_closure": frozenset({"closure", "next_open"}),
        "also_closed": frozenset({"days"}),
        "answer_by": frozenset({"deadline"}),
        "answer_within": frozenset({"within", "deadline"}),
        "opening_hours": frozenset({"hours"}),
        "unsupported": frozenset({"channel", "channels"}),
        "automated": frozenset(),
        "urgent_now": frozenset({"channel", "details"}),
        "urgent_later": frozenset({"channel", "details", "next_open"}),
        "sign_off": frozenset(),
        "team": frozenset(),
        "help_centre": frozenset({"url"}),
        "one_working_day": frozenset(),
        "working_days": frozenset({"count"}),
        "usually_within": frozenset({"within"}),
        "usually_by": frozenset({"moment"}),
        "subject_synchronous": frozenset({"channel"}),
        "received_synchronous": frozenset({"channel", "received_at"}),
        "try_again": frozenset({"channel"}),
        "self_service_help": frozenset(),
        "other_channels": frozenset(),
        "channel_reply_by": frozenset({"channel", "deadline"}),
        "channel_open_now": frozenset({"channel", "details"}),
        "channel_open_from": frozenset({"channel", "details", "next_open"}),
    }
)


# Babel parses the locale and the pattern on every call; replies repeat the same
# few dates and minutes, so their words are kept (bounded).
@lru_cache(maxsize=4096)
def date_text(day: date, locale: str, pattern: str = "full") -> str:
    """``format_date(day, pattern, locale=locale)``, kept."""
    return format_date(day, pattern, locale=locale)


@lru_cache(maxsize=4096)
def _time_text(hour: int, minute: int, locale: str) -> str:
    return format_time(time(hour, minute), "short", locale=locale)


@lru_cache(maxsize=4096)
def _moment_text(pattern: str, locale: str, day: date, hour: int, minute: int) -> str:
    text = pattern.format(date=date_text(day, locale), time=_time_text(hour, minute, locale))
    return plain_spaces(text)


def plain_spaces(text: str) -> str:
    """``text`` with Babel's narrow and no-break spaces as plain ones: some mail and
    SMS clients show them as boxes or question marks, and plain text needs none.

    Example:
        >>> plain_spaces("9:00\u202fAM")
        '9:00 AM'
    """
    if "\u202f" in text:
        text = text.replace("\u202f", " ")
    return text.replace("\u00a0", " ") if "\u00a0" in text else text


class ReplyTemplates(Editable):
    """The sentences of an auto-reply and of published hours, for one locale."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    locale: str
    channel_names: FrozenDict[Channel, str]
    day_range: str
    interval: str
    midnight: str
    around_the_clock: str
    closed_on_holidays: str
    closed_on_holidays_except: str
    closed: str
    exceptions: str
    moment: str
    subject: str
    subject_unsupported: str
    subject_no_promise: str
    greeting: str
    received: str
    open_now: str
    closed_outside_hours: str
    closed_day_off: str
    closed_holiday: str
    closed_closure: str
    also_closed: str
    answer_by: str
    answer_within: str
    opening_hours: str
    unsupported: str
    automated: str
    urgent_now: str
    urgent_later: str
    sign_off: str
    team: str
    help_centre: str
    one_working_day: str
    working_days: str
    usually_within: str
    usually_by: str
    subject_synchronous: str
    received_synchronous: str
    try_again: str
    self_service_help: str
    other_channels: str
    channel_reply_by: str
    channel_open_now: str
    channel_open_from: str
    formality: Register | None = None  # "register" would shadow ABCMeta.register

    @field_validator("locale")
    @classmethod
    def _babel_knows_it(cls, value: str) -> str:
        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError, TypeError) as error:
            reject(
                "unknown_locale",
                f"Babel does not know the locale {value!r} ({error}); use a locale such as "
                "'nl', 'en' or 'de_DE'.",
            )
        return value

    @model_validator(mode="after")
    def _known_placeholders(self) -> Self:
        for name, allowed in PLACEHOLDERS.items():
            text: str = getattr(self, name)
            try:
                parsed = [
                    (field, spec, conversion)
                    for _, field, spec, conversion in string.Formatter().parse(text)
                    if field is not None
                ]
                used = {field for field, _, _ in parsed}
            except ValueError as error:
                reject_at(
                    (name,),
                    text,
                    "invalid_template",
                    f"template {name!r} is not a valid format string ({error}); write a "
                    "literal brace as { or }.",
                )
            decorated = [f for f, spec, conversion in parsed if spec or conversion]
            if decorated:
                reject_at(
                    (name,),
                    text,
                    "invalid_template",
                    f"template {name!r} formats placeholder {{{decorated[0]}}} with a format "
                    "spec or conversion (':...' or '!...'); write plain placeholders such as "
                    f"{{{decorated[0]}}}: the library formats every value itself.",
                )
            unknown = used - allowed
            if unknown:
                choices = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "none"
                reject_at(
                    (name,),
                    text,
                    "unknown_placeholder",
                    f"template {name!r} uses unknown placeholder(s) "
                    f"{', '.join(f'{{{p}}}' for p in sorted(unknown))}; it may use: {choices}.",
                )
        missing = [channel for channel in Channel if channel not in self.channel_names]
        if missing:
            reject_at(
                ("channel_names",),
                self.channel_names,
                "missing_channel_name",
                f"channel_names lacks {', '.join(missing)}; name every channel.",
            )
        return self

    def format_moment(self, moment: datetime) -> str:
        """A day and time in this locale, in the ``moment`` template (wall time of ``moment``)."""
        return _moment_text(self.moment, self.locale, moment.date(), moment.hour, moment.minute)

    def render(self, name: str, **values: str) -> str:
        """Fill in template ``name``, with plain spaces (see :func:`plain_spaces`)."""
        template: str = getattr(self, name)
        return plain_spaces(template.format(**values))

    def __repr__(self) -> str:
        sizes = f"{len(PLACEHOLDERS)} templates, {len(self.channel_names)} channel names"
        return f"ReplyTemplates(locale={self.locale!r}, greeting={self.greeting!r}, {sizes})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import box, table, title

        sentences = [(name, getattr(self, name)) for name in PLACEHOLDERS]
        names = list(self.channel_names.items())
        return box(
            title(f"ReplyTemplates {self.locale!r}"),
            table("templates", ("name", "text"), sentences, row_headers=True, limit=100),
            table("channel names", ("channel", "name"), names, row_headers=True),
        )


_DUTCH_CHANNELS = {
    Channel.PHONE: "de telefoon",
    Channel.LIVE_CHAT: "de chat",
    Channel.EMAIL: "e-mail",
    Channel.SOCIAL_MEDIA: "sociale media",
    Channel.MESSAGING: "WhatsApp",
    Channel.SELF_SERVICE: "ons klantportaal",
    Channel.IN_PERSON: "onze balie",
}

#: Dutch, informal ("je"): the default register outside finance, government and health.
DUTCH = ReplyTemplates(
    locale="nl",
    formality=Register.INFORMAL,
    channel_names=_DUTCH_CHANNELS,
    day_range="{first} t/m {last}",
    interval="{start}-{end}",
    midnight="24:00",
    around_the_clock="dag en nacht, 7 dagen per week",
    closed_on_holidays="gesloten op feestdagen",
    closed_on_holidays_except="gesloten op feestdagen behalve {holidays}",
    closed="gesloten",
    exceptions="Afwijkende openingstijden: {days}.",
    moment="{date} om {time}",
    subject="Ontvangen: je krijgt uiterlijk {deadline} antwoord",
    subject_unsupported="Ontvangen: je bereikt ons via {channels}",
    subject_no_promise="Ontvangen: je bericht via {channel}",
    subject_synchronous="Je hebt contact met ons gezocht via {channel}",
    greeting="Hallo,",
    received="Bedankt voor je bericht via {channel}. We hebben het ontvangen op {received_at}.",
    received_synchronous="Je hebt op {received_at} contact met ons gezocht via {channel}.",
    open_now="Ons team is nu aan het werk.",
    closed_outside_hours="Ons team is nu niet aan het werk, want het is buiten onze "
    "openingstijden. We zijn er weer op {next_open}.",
    closed_day_off="Op {weekday} is ons team niet aan het werk. We zijn er weer op {next_open}.",
    closed_holiday="Ons team is vandaag niet aan het werk vanwege {holiday}. "
    "We zijn er weer op {next_open}.",
    closed_closure="Ons team is vandaag niet aan het werk ({closure}). "
    "We zijn er weer op {next_open}.",
    also_closed="Ook op {days} zijn we gesloten.",
    answer_by="Je krijgt uiterlijk {deadline} een antwoord van ons.",
    answer_within="Je krijgt binnen {within} een antwoord van ons, uiterlijk {deadline}.",
    one_working_day="1 werkdag",
    working_days="{count} werkdagen",
    usually_within="Meestal krijg je binnen {within} antwoord.",
    usually_by="Meestal heb je op {moment} al antwoord.",
    try_again="Neem gerust opnieuw contact met ons op via {channel}.",
    self_service_help="Kom je er zelf niet uit? Onze medewerkers helpen je graag.",
    other_channels="Je kunt ons ook op een andere manier bereiken.",
    channel_reply_by="Via {channel} krijg je uiterlijk {deadline} antwoord.",
    channel_open_now="Via {channel}{details} zijn we nu bereikbaar.",
    channel_open_from="Via {channel}{details} zijn we bereikbaar vanaf {next_open}.",
    help_centre="Misschien vind je het antwoord al in ons helpcentrum: {url}",
    opening_hours="Onze openingstijden: {hours}.",
    unsupported="Via {channel} kunnen we je helaas niet helpen. Je bereikt ons via {channels}.",
    automated="Dit is een automatisch bericht.",
    urgent_now="Is het dringend? Neem dan contact op via {channel}{details}: daar zijn we nu "
    "bereikbaar.",
    urgent_later="Is het dringend? Neem dan contact op via {channel}{details}, vanaf {next_open}.",
    sign_off="Hartelijke groet,",
    team="Het klantenserviceteam",
)

#: Dutch, formal ("u"): the default for finance, government and health.
DUTCH_FORMAL = DUTCH.replace(
    formality=Register.FORMAL,
    subject="Ontvangen: u krijgt uiterlijk {deadline} antwoord",
    subject_unsupported="Ontvangen: u bereikt ons via {channels}",
    subject_no_promise="Ontvangen: uw bericht via {channel}",
    subject_synchronous="U heeft contact met ons gezocht via {channel}",
    greeting="Beste klant,",
    received="Hartelijk dank voor uw bericht via {channel}. We hebben het ontvangen op "
    "{received_at}.",
    received_synchronous="U heeft op {received_at} contact met ons gezocht via {channel}.",
    answer_by="U krijgt uiterlijk {deadline} een antwoord van ons.",
    answer_within="U krijgt binnen {within} een antwoord van ons, uiterlijk {deadline}.",
    usually_within="Meestal krijgt u binnen {within} antwoord.",
    usually_by="Meestal heeft u op {moment} al antwoord.",
    try_again="U kunt gerust opnieuw contact met ons opnemen via {channel}.",
    self_service_help="Komt u er zelf niet uit? Onze medewerkers helpen u graag.",
    other_channels="U kunt ons ook op een andere manier bereiken.",
    channel_reply_by="Via {channel} krijgt u uiterlijk {deadline} antwoord.",
    help_centre="Misschien vindt u het antwoord al in ons helpcentrum: {url}",
    unsupported="Via {channel} kunnen we u helaas niet helpen. U bereikt ons via {channels}.",
    urgent_now="Is het dringend? Neemt u dan contact met ons op via {channel}{details}: daar "
    "zijn we nu bereikbaar.",
    urgent_later="Is het dringend? Neemt u dan contact met ons op via {channel}{details}, "
    "vanaf {next_open}.",
    sign_off="Met vriendelijke groet,",
)

ENGLISH = ReplyTemplates(
    locale="en",
    channel_names={
        Channel.PHONE: "phone",
        Channel.LIVE_CHAT: "live chat",
        Channel.EMAIL: "email",
        Channel.SOCIAL_MEDIA: "social media",
        Channel.MESSAGING: "WhatsApp",
        Channel.SELF_SERVICE: "our customer portal",
        Channel.IN_PERSON: "our service desk",
    },
    day_range="{first}-{last}",
    interval="{start}-{end}",
    midnight="midnight",
    around_the_clock="24 hours a day, 7 days a week",
    closed_on_holidays="closed on public holidays",
    closed_on_holidays_except="closed on public holidays except {holidays}",
    closed="closed",
    exceptions="Changed opening hours: {days}.",
    moment="{date} at {time}",
    subject="We have received your message and will reply by {deadline}",
    subject_unsupported="We have received your message: please contact us via {channels}",
    subject_no_promise="We have received your message via {channel}",
    subject_synchronous="You tried to reach us via {channel}",
    greeting="Hello,",
    received="Thank you for contacting us via {channel}. We received your message on "
    "{received_at}.",
    received_synchronous="You tried to reach us via {channel} on {received_at}.",
    open_now="Our team is available right now.",
    closed_outside_hours="We are closed at the moment and will be back on {next_open}.",
    closed_day_off="We are closed on {weekday}s and will be back on {next_open}.",
    closed_holiday="We are closed today for {holiday} and will be back on {next_open}.",
    closed_closure="We are closed today ({closure}) and will be back on {next_open}.",
    also_closed="We are also closed on {days}.",
    answer_by="You will receive a reply by {deadline}.",
    answer_within="You will receive a reply within {within}, by {deadline} at the latest.",
    one_working_day="one working day",
    working_days="{count} working days",
    usually_within="We usually reply within {within}.",
    usually_by="We usually reply by {moment}.",
    try_again="Please feel free to contact us again via {channel}.",
    self_service_help="If you cannot find what you need, our team is happy to help.",
    other_channels="There are other ways to reach us, too.",
    channel_reply_by="Via {channel}, we will reply by {deadline}.",
    channel_open_now="You can reach us via {channel}{details} right now.",
    channel_open_from="You can reach us via {channel}{details} from {next_open}.",
    help_centre="You may find the answer in our help centre: {url}",
    opening_hours="Our opening hours: {hours}.",
    unsupported="Unfortunately, we cannot help you via {channel}. You can reach us via {channels}.",
    automated="This is an automated message.",
    urgent_now="If your question is urgent, you can reach us right now via {channel}{details}.",
    urgent_later="If your question is urgent, you can reach us via {channel}{details} from "
    "{next_open}.",
    sign_off="Kind regards,",
    team="The customer service team",
)

#: British English: a 24-hour clock and the day before the month, the English a
#: Dutch company usually writes.
BRITISH = ENGLISH.replace(locale="en_GB")
#: American English: a 12-hour clock and the month before the day, "business
#: day" and "help center".
AMERICAN = ENGLISH.replace(
    locale="en_US",
    one_working_day="one business day",
    working_days="{count} business days",
    help_centre="You may find the answer in our help center: {url}",
)
#: ``"en"``: the American conventions, as Babel's ``en`` has them.
ENGLISH = AMERICAN.replace(locale="en")

#: The built-in locales. A locale's own key holds its default register; a
#: language with registers adds ``"<locale>-formal"`` (see :func:`templates_for`).
BUILT_IN_TEMPLATES: Mapping[str, ReplyTemplates] = MappingProxyType(
    {"nl": DUTCH, "nl-formal": DUTCH_FORMAL, "en": ENGLISH, "en-GB": BRITISH, "en-US": AMERICAN}
)


def templates_for(
    locale: str,
    templates: Mapping[str, ReplyTemplates] | None = None,
    register: Register | None = None,
) -> ReplyTemplates:
    """The templates of ``locale`` in ``register``: those under ``"<locale>-<register>"``
    (``"nl-formal"``) when there are any, else those under ``locale`` (a language
    without registers, such as English, or the locale's default register).
    :class:`UnsupportedLocaleError` names the supported locales.

    Example:
        >>> templates_for("nl", register=Register.FORMAL).greeting
        'Beste klant,'
        >>> templates_for("en-GB", register=Register.FORMAL).greeting
        'Hello,'
        >>> templates_for("de")
        Traceback (most recent call last):
        ...
        servicelevel._errors.UnsupportedLocaleError: no auto-reply templates for locale 'de'; supported locales: en, en-GB, en-US, nl, nl-formal. Pass templates={..., 'de': ReplyTemplates(...)} to add one.
    """
    templates = BUILT_IN_TEMPLATES if templates is None else templates
    found = None if register is None else templates.get(f"{locale}-{register.value}")
    if found is None:
        found = templates.get(locale)
    if found is None:
        raise UnsupportedLocaleError.for_locale(locale, templates)
    return found
