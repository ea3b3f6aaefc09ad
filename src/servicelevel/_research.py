"""The research behind the built-in defaults, as one data table.

Every built-in number has a :class:`Basis` of one of two kinds:

* ``"article"``: a figure (or a statement turned into a figure) from one of
  five Dutch articles on what customers expect (digested in the project's
  ``shared/notes/expectations.md``); the basis names the article, says in our
  own words what it states, and, where the article gives a range or words
  rather than a number, how that became the number;
* ``"assumption"``: our own choice, with its reasoning. The articles never
  stand behind an assumption.

:data:`DEFAULTS` lists every number with its basis; ``docs/defaults.md`` is
generated from it (:func:`defaults_page`), and :mod:`servicelevel.research`
keeps the two kinds apart. The rest of the library reads these tables and
nothing else.

Two times are kept apart per channel: what customers *expect*, in their own
clock (e-mail within 24 hours, whatever the hour), and the built-in
*target*, the team's promise counted in business time. How far the promise
lands from the expectation is measured by :func:`servicelevel.expectation_gap`.

Example:
    >>> from servicelevel import Channel
    >>> from servicelevel._research import CHANNEL_EXPECTATIONS
    >>> email = CHANNEL_EXPECTATIONS[Channel.EMAIL]
    >>> email.expected_within, email.expectation.kind, email.expectation.source
    (datetime.timedelta(days=1), 'article', '000_2a9a20e476c0751f.txt')
    >>> email.first_response, email.target.kind
    (datetime.timedelta(seconds=28800), 'assumption')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Literal

from servicelevel._vocabulary import Channel, Market, NamedEnum, Priority, Sector

__all__ = [
    "CHANNEL_EXPECTATIONS",
    "DEFAULTS",
    "HOLIDAY_CHOICES",
    "KPI_BANDS",
    "MARKET_FACTORS",
    "OFFICE_HOURS",
    "PRIORITY_FACTORS",
    "SECTOR_FACTS",
    "SOURCES",
    "Automation",
    "Basis",
    "ChannelExpectation",
    "Default",
    "DriverLevel",
    "Kind",
    "KpiBandFact",
    "SectorFact",
    "defaults_page",
    "short_duration",
]

#: The articles, by file name (in ``shared/seeds``), with their title in English.
SOURCES = MappingProxyType(
    {
        "000_2a9a20e476c0751f.txt": "What are the customer-service expectations in your "
        "sector? (blog article, 1 October 2025)",
        "001_630af51ec6e642cb.txt": "What Dutch consumers expect of customer service "
        "(the copy has no headline; named after its subject)",
        "002_9b4d7f0bd8117338.txt": "Customer satisfaction: what it is and how to measure it "
        "(the copy has no headline; named after its subject)",
        "003_6f117045b3e01ea6.txt": "Customer contact: new research yields 10 golden rules "
        "(Vodafone Business on the Nationale Voice Monitor 2025)",
        "004_525e918b31607fe5.txt": "8 principles of great customer service",
    }
)
_SECTORS = "000_2a9a20e476c0751f.txt"
_CONSUMERS = "001_630af51ec6e642cb.txt"
_SURVEY = "003_6f117045b3e01ea6.txt"
_PRINCIPLES = "004_525e918b31607fe5.txt"

#: Where a built-in number comes from.
Kind = Literal["article", "assumption"]


@dataclass(frozen=True, slots=True)
class Basis:
    """Where one built-in number comes from.

    ``kind="article"``: ``source`` names the article (a key of
    :data:`SOURCES`) and ``says`` what it states, in our words; ``reasoning``
    says how a range or a statement became the number (empty when the article
    gives the number itself). ``kind="assumption"``: no source; ``reasoning``
    says why we chose it.
    """

    kind: Kind
    reasoning: str
    source: str | None = None
    says: str | None = None

    def __post_init__(self) -> None:
        if self.kind == "article":
            if self.source not in SOURCES or not self.says:
                raise ValueError(f"an article basis names a known source and what it says: {self}")
        elif self.source is not None or self.says is not None or not self.reasoning:
            raise ValueError(f"an assumption has reasoning and no source: {self}")

    @property
    def title(self) -> str | None:
        """The title of the article, or None for an assumption."""
        return None if self.source is None else SOURCES[self.source]


def _article(source: str, says: str, reasoning: str = "") -> Basis:
    return Basis("article", reasoning, source, says)


def _assumption(reasoning: str) -> Basis:
    return Basis("assumption", reasoning)


@dataclass(frozen=True, slots=True)
class Default:
    """One built-in number (or level, or choice) and its basis."""

    topic: str
    name: str
    value: str
    basis: Basis


@dataclass(frozen=True, slots=True)
class ChannelExpectation:
    """One channel: what customers expect (their clock) and the built-in target.

    ``expected_within`` is wall-clock time from the moment the customer makes
    contact; ``first_response`` is the B2C normal-priority first-response
    target, counted in business time on the channel's hours. Either is None
    when there is no figure.
    """

    channel: Channel
    expected_within: timedelta | None
    expectation: Basis
    first_response: timedelta | None
    target: Basis


class Automation(NamedEnum):
    """How far a sector's customers accept automated contact (bots, self-service)."""

    RELUCTANT = "reluctant"
    BALANCED = "balanced"
    COMFORTABLE = "comfortable"
    UNKNOWN = "unknown"


class DriverLevel(NamedEnum):
    """A qualitative level of an expectation driver (unknown: no article gives one)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNKNOWN = "unknown"


#: The four expectation drivers that article 000 names, as fields of :class:`SectorFact`.
DRIVERS = ("complexity", "purchase_frequency", "regulation", "competition")


@dataclass(frozen=True, slots=True)
class SectorFact:
    """What the research says of one sector, with a basis per entry.

    ``bases`` has a key per entry: ``"channel:<name>"`` per preferred channel,
    ``"24/7:<name>"`` per channel staffed around the clock, ``"automation"``
    and one per driver (:data:`DRIVERS`).
    """

    sector: Sector
    preferred_channels: tuple[Channel, ...]
    automation: Automation
    notes: str
    bases: Mapping[str, Basis]
    around_the_clock: tuple[Channel, ...] = ()
    complexity: DriverLevel = DriverLevel.UNKNOWN
    purchase_frequency: DriverLevel = DriverLevel.UNKNOWN
    regulation: DriverLevel = DriverLevel.UNKNOWN
    competition: DriverLevel = DriverLevel.UNKNOWN

    @property
    def sources(self) -> tuple[str, ...]:
        """The articles behind any entry of this sector, in first-use order."""
        found = (basis.source for basis in self.bases.values() if basis.source is not None)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class KpiBandFact:
    """Thresholds of one service KPI: above ``excellent_above`` is excellent;
    below ``attention_below`` (when there is one) needs attention.

    ``bases`` has the keys ``"scale"``, ``"excellent_above"`` and, when it is
    set, ``"attention_below"``.
    """

    name: str
    minimum: float
    maximum: float
    excellent_above: float
    attention_below: float | None
    bases: Mapping[str, Basis]


# -- Channels ------------------------------------------------------------------

_NO_FIGURE = "none of the articles gives a response time for this channel"
_OFFICE_DAY = (
    "A team on office hours cannot count clock hours; we read 24 hours as one working "
    "day, 8 business hours on the default office hours (09:00-17:00). This is later than "
    "24 clock hours for a message that arrives before a weekend or a holiday: "
    "expectation_gap measures by how much."
)

CHANNEL_EXPECTATIONS: MappingProxyType[Channel, ChannelExpectation] = MappingProxyType(
    {
        expectation.channel: expectation
        for expectation in (
            ChannelExpectation(
                Channel.PHONE,
                timedelta(seconds=20),
                _article(
                    _SECTORS,
                    "callers expect the phone to be answered directly: they want to hear at "
                    "most three rings before someone picks up",
                    "Three rings at the Dutch ringing rhythm (about one second of tone and four "
                    "of silence) take about 15 seconds; we round up to 20 seconds for the call "
                    "set-up before the first ring. The 20 is our reading of 'three rings'.",
                ),
                timedelta(seconds=20),
                _assumption(
                    "The target is the expectation itself (20 s), counted while the line is "
                    "open: a caller outside the hours reaches nobody."
                ),
            ),
            ChannelExpectation(
                Channel.LIVE_CHAT,
                timedelta(minutes=3),
                _article(
                    _SECTORS,
                    "chat users expect an answer almost as fast as on the phone, within a "
                    "few minutes, and accept a short wait when they are told about it",
                    "We read 'a few minutes' as 3 minutes.",
                ),
                timedelta(minutes=3),
                _assumption(
                    "The target is the expectation itself, counted while the chat is open."
                ),
            ),
            ChannelExpectation(
                Channel.EMAIL,
                timedelta(hours=24),
                _article(
                    _SECTORS,
                    "customers now expect a substantive e-mail answer within 24 hours, where "
                    "48 hours used to be accepted; simple questions even sooner",
                ),
                timedelta(hours=8),
                _assumption(_OFFICE_DAY),
            ),
            ChannelExpectation(
                Channel.SOCIAL_MEDIA,
                timedelta(hours=4),
                _article(
                    _SECTORS,
                    "on social media customers expect a reaction within a few hours, "
                    "4 to 6, and fastest on public posts that can touch the company's "
                    "reputation",
                    "Of the range 4-6 hours we take the stricter end, 4 hours.",
                ),
                timedelta(hours=4),
                _assumption(
                    "The target is the expectation's 4 hours, counted in business time: a "
                    "team that is not staffed around the clock cannot count the night."
                ),
            ),
            ChannelExpectation(
                Channel.MESSAGING,
                timedelta(hours=4),
                _assumption(
                    "No article gives a figure for messaging apps (WhatsApp and the like). "
                    "They are written and asynchronous like social-media messages, so we "
                    "hold them to the social-media expectation of 4 hours."
                ),
                timedelta(hours=4),
                _assumption("As for social media: 4 hours, counted in business time."),
            ),
            ChannelExpectation(
                Channel.SELF_SERVICE,
                None,
                _assumption("Customers serve themselves: nobody waits for an answer."),
                None,
                _assumption("No response target: nobody waits for one."),
            ),
            ChannelExpectation(
                Channel.IN_PERSON,
                None,
                _assumption(f"No figure: {_NO_FIGURE}."),
                None,
                _assumption(f"No built-in target: {_NO_FIGURE}."),
            ),
        )
    }
)

# -- Priorities and markets ----------------------------------------------------

#: Multiplier of the B2C target per priority (an assumption, see PRIORITY_BASIS).
PRIORITY_FACTORS: MappingProxyType[Priority, float] = MappingProxyType(
    {Priority.LOW: 2.0, Priority.NORMAL: 1.0, Priority.HIGH: 0.5, Priority.URGENT: 0.25}
)
PRIORITY_BASIS = _assumption(
    "The articles give no priority scale. Each step from normal halves (or, for low, "
    "doubles) the written channels' target: a simple, explainable ladder that keeps the "
    "order of priorities (e-mail: low 16 h, normal 8 h, high 4 h, urgent 2 h)."
)
SYNCHRONOUS_BASIS = _assumption(
    "Priority and market do not scale the live channels (phone, live chat, in person): the "
    "customer waits on the line and the expectation is already 'at once' (three rings, a "
    "few minutes); a caller's priority is seldom known before the call is answered. Scaled, "
    "an urgent call would have had a 5-second target, which no phone line can promise."
)

#: Multiplier per market; B2B urgent problems keep the B2C target.
MARKET_FACTORS: MappingProxyType[Market, float] = MappingProxyType(
    {Market.B2C: 1.0, Market.B2B: 2.0}
)
MARKET_BASIS = _assumption(
    "Article 000 says B2B customers often accept longer response times than consumers but "
    "gives no figure; we double the target (and the expected time), the same step as one "
    "priority level down."
)
URGENT_B2B_BASIS = _article(
    _SECTORS,
    "B2B customers often accept longer response times than consumers, except for urgent "
    "technical problems, where immediate support is crucial",
    "So an urgent B2B contact keeps the B2C target (no B2B factor).",
)
NEXT_RESPONSE_BASIS = _assumption(
    "No article gives a next-reply time. Every answer in a conversation is one the customer "
    "waits for (article 004 names the time between messages as a metric to track), so a "
    "next response has the first response's target."
)
RESOLUTION_BASIS = _assumption(
    "No article gives a resolution time, so built-in policies set no resolution target; "
    "add your own."
)

# -- Office hours --------------------------------------------------------------

#: The default office hours, in the form ``BusinessHours.weekly`` takes.
OFFICE_HOURS = ({"mon-fri": "09:00-17:00"}, "Europe/Amsterdam")
OFFICE_HOURS_BASIS = _assumption(
    "No article gives opening hours (article 004 says only to publish yours). Monday to "
    "Friday 09:00-17:00 in Amsterdam is the common Dutch office day."
)
#: Holidays the default office closes on: the Dutch public holidays of the
#: `holidays` package, less those Dutch employers commonly work on.
HOLIDAY_CHOICES: Mapping[str, object] = MappingProxyType(
    {"country": "NL", "categories": ("public",), "exclude": ("Good Friday",)}
)
HOLIDAYS_BASIS = _assumption(
    "No article lists holidays. Closed on the days most Dutch employers give off: New "
    "Year's Day, Easter Monday, King's Day, Ascension Day, Whit Monday, Christmas Day and "
    "Boxing Day (Easter Sunday and Whit Sunday fall on a Sunday). Open on Good Friday: the "
    "`holidays` package lists it, but few Dutch employers close. Liberation Day (5 May) is "
    "a day off for most only every fifth year (2025, 2030, ...): the package lists it as a "
    "public holiday in those years only, and so does this calendar."
)

# -- Sectors -------------------------------------------------------------------

_NOT_STATED = _assumption(
    "No article gives a level for this driver in this sector; left unknown rather than guessed."
)
_UNSTATED = MappingProxyType(dict.fromkeys(DRIVERS, _NOT_STATED))
_NOT_SURVEYED = _assumption(
    "The sector is not in the survey (003), so the channel list and its order are ours; "
    "phone and e-mail rank first in every sector the survey does cover."
)
_FINANCE_SURVEY = _article(
    _SURVEY,
    "for banks and insurers almost half prefer the phone and e-mail comes second; most are "
    "not keen on automated contact about money",
)
_OTHER_SECTORS = _assumption(
    "No sector data: phone, e-mail and live chat, the channels with an expectation in article 000."
)


def _sector_facts() -> Iterator[SectorFact]:
    yield SectorFact(
        Sector.FINANCE,
        (Channel.PHONE, Channel.EMAIL, Channel.LIVE_CHAT),
        Automation.RELUCTANT,
        regulation=DriverLevel.HIGH,
        notes="strict regulation and high transaction values: security, compliance, "
        "documentation, personal guidance and fast escalation; almost half prefer the "
        "phone, e-mail second; not keen on bots",
        bases={
            "channel:phone": _FINANCE_SURVEY,
            "channel:email": _FINANCE_SURVEY,
            "channel:live_chat": _assumption(
                "Third channel, ours: the survey ranks only phone and e-mail for banks."
            ),
            "automation": _FINANCE_SURVEY,
            **_UNSTATED,
            "regulation": _article(
                _SECTORS,
                "in finance strict regulation and high transaction values raise "
                "expectations of security, compliance, documentation and fast escalation",
                "'Strict regulation' is the level high.",
            ),
        },
    )
    health = _article(
        _SURVEY,
        "in health care more than half prefer to call and a quarter prefers to meet face to "
        "face; personal contact matters, and bot and human need a careful balance",
    )
    yield SectorFact(
        Sector.HEALTH,
        (Channel.PHONE, Channel.IN_PERSON, Channel.EMAIL),
        Automation.BALANCED,
        notes="personal contact matters: more than half prefer the phone, a quarter face "
        "to face; a careful balance between bot and human",
        bases={
            "channel:phone": health,
            "channel:in_person": health,
            "channel:email": _assumption(
                "Third channel, ours: the survey ranks only phone and face to face in health."
            ),
            "automation": health,
            **_UNSTATED,
        },
    )
    retail = _article(
        _SURVEY,
        "for retail and delivery services phone and e-mail share first place; "
        "questions are simple and practical (tracking an order), and people are fine with "
        "a chatbot for them",
    )
    yield SectorFact(
        Sector.RETAIL,
        (
            Channel.PHONE,
            Channel.EMAIL,
            Channel.LIVE_CHAT,
            Channel.SOCIAL_MEDIA,
            Channel.SELF_SERVICE,
        ),
        Automation.COMFORTABLE,
        notes="simple practical questions such as tracking an order; phone and e-mail "
        "share first place; comfortable with chatbots for practical questions",
        bases={
            "channel:phone": retail,
            "channel:email": retail,
            "channel:live_chat": _article(
                _CONSUMERS,
                "a smooth chat at a web shop sets the standard consumers then expect elsewhere too",
                "So a web shop offers live chat.",
            ),
            "channel:social_media": _assumption(
                "Web shops are reached on social media: in one analysed year of retail "
                "tickets, 10% came in there and were turned away by a policy without it. "
                "Article 001 counts social media among the channels consumers now expect to "
                "choose from, and article 000 gives its expectation (a few hours)."
            ),
            "channel:self_service": _article(
                _SURVEY,
                retail.says or "",
                "Automated help for practical questions is self-service (a portal or a bot).",
            ),
            "automation": retail,
            **_UNSTATED,
        },
    )
    utilities = _article(
        _SURVEY,
        "at utilities half of the customers like to call and a third prefers e-mail; for "
        "practical matters such as passing on a meter reading automated contact works well",
    )
    yield SectorFact(
        Sector.UTILITIES,
        (Channel.PHONE, Channel.EMAIL, Channel.SELF_SERVICE),
        Automation.COMFORTABLE,
        notes="practical questions such as a meter reading; half prefer the phone, a third "
        "e-mail; comfortable with automated contact",
        bases={
            "channel:phone": utilities,
            "channel:email": utilities,
            "channel:self_service": _article(
                _SURVEY,
                utilities.says or "",
                "Automated help for practical questions is self-service (a portal or a bot).",
            ),
            "automation": utilities,
            **_UNSTATED,
        },
    )
    technology = _article(
        _SECTORS,
        "high product complexity makes technology customers expect specialised technical "
        "support and extensive knowledge bases; innovation cycles are fast",
    )
    yield SectorFact(
        Sector.TECHNOLOGY,
        (Channel.LIVE_CHAT, Channel.EMAIL, Channel.PHONE, Channel.SELF_SERVICE),
        Automation.UNKNOWN,
        complexity=DriverLevel.HIGH,
        around_the_clock=(Channel.LIVE_CHAT, Channel.PHONE),
        notes="high product complexity: specialised technical support, extensive knowledge "
        "bases, fast innovation cycles; urgent technical problems expect immediate help "
        "(not in the survey: channel order and 24/7 lines are ours)",
        bases={
            "channel:live_chat": _NOT_SURVEYED,
            "channel:email": _NOT_SURVEYED,
            "channel:phone": _NOT_SURVEYED,
            "channel:self_service": _article(
                _SECTORS, technology.says or "", "Knowledge bases are self-service."
            ),
            "24/7:live_chat": _assumption(
                "Article 000 says urgent technical problems and technical outages call for "
                "immediate help; only a line staffed around the clock can give it at night. "
                "That technology firms staff chat and phone 24/7 is our reading, not the "
                "article's statement."
            ),
            "24/7:phone": _assumption("As for live chat: our reading of article 000."),
            "automation": _assumption("Not in the survey (003): unknown."),
            **_UNSTATED,
            "complexity": _article(
                _SECTORS, technology.says or "", "'High' is the article's word."
            ),
        },
    )
    government = _article(
        _SURVEY,
        "government bodies are named with health care, banks and insurers as sectors where "
        "automation and human contact need a careful balance",
    )
    yield SectorFact(
        Sector.GOVERNMENT,
        (Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON),
        Automation.BALANCED,
        notes="named with health, banks and insurers as complex, where bot and human need a "
        "careful balance (channel preferences not in the survey)",
        bases={
            "channel:phone": _NOT_SURVEYED,
            "channel:email": _NOT_SURVEYED,
            "channel:in_person": _assumption(
                "Ours: public services keep a desk; the survey has no government channels."
            ),
            "automation": government,
            **_UNSTATED,
        },
    )
    yield SectorFact(
        Sector.OTHER,
        (Channel.PHONE, Channel.EMAIL, Channel.LIVE_CHAT),
        Automation.UNKNOWN,
        notes="no sector data: the channel expectations alone",
        bases={
            "channel:phone": _OTHER_SECTORS,
            "channel:email": _OTHER_SECTORS,
            "channel:live_chat": _OTHER_SECTORS,
            "automation": _assumption("No sector data: unknown."),
            **_UNSTATED,
        },
    )


SECTOR_FACTS: MappingProxyType[Sector, SectorFact] = MappingProxyType(
    {fact.sector: fact for fact in _sector_facts()}
)

# -- KPI bands -----------------------------------------------------------------

_KPI = (
    "Article 000 gives only this threshold; below it the band is 'below excellent', "
    "not a judgement the article does not make."
)
KPI_BANDS: MappingProxyType[str, KpiBandFact] = MappingProxyType(
    {
        band.name: band
        for band in (
            KpiBandFact(
                "csat",
                1.0,
                5.0,
                4.5,
                4.0,
                {
                    "scale": _article(_SECTORS, "CSAT is scored on a five-point scale"),
                    "excellent_above": _article(
                        _SECTORS, "a CSAT above 4.5 (of 5) marks excellent service"
                    ),
                    "attention_below": _article(_SECTORS, "a CSAT under 4.0 calls for attention"),
                },
            ),
            KpiBandFact(
                "nps",
                -100.0,
                100.0,
                50.0,
                None,
                {
                    "scale": _assumption(
                        "By definition of the Net Promoter Score: the share of promoters "
                        "minus the share of detractors, in points from -100 to 100."
                    ),
                    "excellent_above": _article(
                        _SECTORS, "an NPS above 50 counts as excellent", _KPI
                    ),
                },
            ),
            KpiBandFact(
                "first_contact_resolution",
                0.0,
                1.0,
                0.8,
                None,
                {
                    "scale": _assumption("A share of contacts, from 0 to 1 (0% to 100%)."),
                    "excellent_above": _article(
                        _SECTORS,
                        "solving more than 80% of questions in the first contact is excellent",
                        _KPI,
                    ),
                },
            ),
        )
    }
)

# -- Every default, listed -----------------------------------------------------


def short_duration(value: timedelta | None) -> str:
    """A short duration: '20 s', '3 min', '24 h', 'none'."""
    if value is None:
        return "none"
    seconds = int(value.total_seconds())
    for unit, size in (("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def _factor(value: float) -> str:
    return f"x{value:g}" if value >= 1 else f"x1/{round(1 / value)}"


def _channel_defaults() -> Iterator[Default]:
    for channel, fact in CHANNEL_EXPECTATIONS.items():
        yield Default(
            "customers expect (their clock)",
            channel,
            short_duration(fact.expected_within),
            fact.expectation,
        )
        target = short_duration(fact.first_response)
        if fact.first_response is not None:
            target += " business time"
        yield Default("built-in first-response target (B2C, normal)", channel, target, fact.target)


def _rule_defaults() -> Iterator[Default]:
    for priority, value in PRIORITY_FACTORS.items():
        yield Default(
            "priority factor (written channels)", priority, _factor(value), PRIORITY_BASIS
        )
    yield Default(
        "priority and market factor", "phone, live chat, in person", "x1", SYNCHRONOUS_BASIS
    )
    yield Default("market factor", Market.B2C, _factor(MARKET_FACTORS[Market.B2C]), MARKET_BASIS)
    yield Default("market factor", Market.B2B, _factor(MARKET_FACTORS[Market.B2B]), MARKET_BASIS)
    yield Default("market factor", "b2b, urgent", "x1", URGENT_B2B_BASIS)
    yield Default("next-response target", "every channel", "= first response", NEXT_RESPONSE_BASIS)
    yield Default("resolution target", "every channel", "none", RESOLUTION_BASIS)
    week, zone = OFFICE_HOURS
    hours = ", ".join(f"{days} {span}" for days, span in week.items())
    yield Default("office hours", "DUTCH_OFFICE_HOURS", f"{hours}, {zone}", OFFICE_HOURS_BASIS)
    yield Default(
        "holidays", "DUTCH_OFFICE_HOURS", "NL public holidays, except Good Friday", HOLIDAYS_BASIS
    )


def _sector_defaults() -> Iterator[Default]:
    for sector, fact in SECTOR_FACTS.items():
        for channel in fact.preferred_channels:
            yield Default(
                f"{sector}: preferred channel", channel, "offered", fact.bases[f"channel:{channel}"]
            )
        for channel in fact.around_the_clock:
            yield Default(f"{sector}: staffed 24/7", channel, "24/7", fact.bases[f"24/7:{channel}"])
        yield Default(
            f"{sector}: automation", "attitude", fact.automation, fact.bases["automation"]
        )
        for driver in DRIVERS:
            level = getattr(fact, driver)
            yield Default(f"{sector}: driver", driver.replace("_", " "), level, fact.bases[driver])


def _kpi_defaults() -> Iterator[Default]:
    for name, band in KPI_BANDS.items():
        yield Default(
            f"KPI {name}", "scale", f"{band.minimum:g} to {band.maximum:g}", band.bases["scale"]
        )
        excellent = band.bases["excellent_above"]
        yield Default(f"KPI {name}", "excellent above", f"{band.excellent_above:g}", excellent)
        if band.attention_below is not None:
            attention = band.bases["attention_below"]
            yield Default(
                f"KPI {name}", "needs attention below", f"{band.attention_below:g}", attention
            )


#: Every built-in number, level and choice, with its basis.
DEFAULTS: tuple[Default, ...] = (
    *_channel_defaults(),
    *_rule_defaults(),
    *_sector_defaults(),
    *_kpi_defaults(),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def defaults_page() -> str:
    """``docs/defaults.md``: every default with its article or its assumption.

    Example:
        >>> defaults_page().splitlines()[0]
        '# Where the built-in numbers come from'
    """
    lines = [
        "# Where the built-in numbers come from",
        "",
        "<!-- Generated from src/servicelevel/_research.py by defaults_page(); "
        "tests/test_defaults.py checks that it is current. -->",
        "",
        "Every number, level and choice the built-in defaults use (`policy_for`,",
        "`sector_profile`, `DUTCH_OFFICE_HOURS`, `classify_kpi`) is listed here with its",
        "basis: **article** (a figure from one of five Dutch articles on what customers",
        "expect, with what the article says, in our words, and how a range or a statement",
        "became a number) or **assumption** (our choice, with the reasoning). The same",
        "table is in Python as `servicelevel.research`.",
        "",
        "## The articles",
        "",
        "| file | title |",
        "|---|---|",
        *(f"| `{name}` | {_cell(title)} |" for name, title in SOURCES.items()),
    ]
    for kind, heading in (("article", "From the articles"), ("assumption", "Assumptions")):
        lines += ["", f"## {heading}", ""]
        lines += ["| topic | entry | value | article | what it says | how it became the value |"]
        if kind == "assumption":
            lines[-1] = "| topic | entry | value | reasoning |"
        lines.append("|---" * lines[-1].count(" | ") + "|---|")
        for default in DEFAULTS:
            basis = default.basis
            if basis.kind != kind:
                continue
            cells = [default.topic, str(default.name), str(default.value)]
            if kind == "article":
                cells += [f"`{basis.source}`", basis.says or "", basis.reasoning or "-"]
            else:
                cells.append(basis.reasoning)
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
