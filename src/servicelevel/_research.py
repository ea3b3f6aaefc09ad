"""The research behind the built-in defaults, as one data table.

Every number here comes from one of five Dutch articles on what customers
expect (digested in the project's ``shared/notes/expectations.md``); each
:class:`Fact` names its article's file. The rest of the library reads these
tables and nothing else, so a default can always be traced to its source.

How the expectations become targets (our convention, documented in
``docs/policies.md``):

* Per channel, the customers' expectation is the B2C target for a normal
  first response, counted in business time on the channel's own hours.
* Priority scales it: low x2, normal x1, high x1/2, urgent x1/4 (the help-desk
  convention of Zendesk and others; not from the research).
* B2B customers accept longer targets (x2), except urgent problems, where
  they expect help as fast as consumers do.
* A next response is held to the same target as the first response: each
  answer in a conversation is a response the customer waits for.
* The articles give no resolution time, so built-in policies set no
  resolution target.

Example:
    >>> from servicelevel import Channel
    >>> from servicelevel._research import CHANNEL_EXPECTATIONS
    >>> fact = CHANNEL_EXPECTATIONS[Channel.EMAIL]
    >>> fact.first_response, fact.source
    (datetime.timedelta(seconds=28800), '000_2a9a20e476c0751f.txt')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from servicelevel._vocabulary import Channel, Market, NamedEnum, Priority, Sector

__all__ = [
    "CHANNEL_EXPECTATIONS",
    "KPI_BANDS",
    "MARKET_FACTORS",
    "PRIORITY_FACTORS",
    "SECTOR_FACTS",
    "SOURCES",
    "Automation",
    "ChannelExpectation",
    "DriverLevel",
    "KpiBandFact",
    "SectorFact",
]

#: The articles, by file name (in ``shared/seeds``), with their subject.
SOURCES = MappingProxyType(
    {
        "000_2a9a20e476c0751f.txt": "Customer-service expectations per sector (1 October 2025)",
        "001_630af51ec6e642cb.txt": "What Dutch consumers expect of customer service",
        "002_9b4d7f0bd8117338.txt": "Customer satisfaction in the Netherlands and how to measure it",
        "003_6f117045b3e01ea6.txt": "Nationale Voice Monitor 2025: preferred channels per sector",
        "004_525e918b31607fe5.txt": "Support hours, auto-replies and promises you keep",
    }
)
_SECTORS_ARTICLE = "000_2a9a20e476c0751f.txt"
_SURVEY = "003_6f117045b3e01ea6.txt"


@dataclass(frozen=True, slots=True)
class ChannelExpectation:
    """What customers expect of one channel, as a B2C normal first-response target."""

    channel: Channel
    first_response: timedelta | None
    expectation: str
    source: str | None


class Automation(NamedEnum):
    """How far a sector's customers accept automated contact (bots, self-service)."""

    RELUCTANT = "reluctant"
    BALANCED = "balanced"
    COMFORTABLE = "comfortable"
    UNKNOWN = "unknown"


class DriverLevel(NamedEnum):
    """A qualitative level of an expectation driver."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SectorFact:
    """What the research says of one sector."""

    sector: Sector
    preferred_channels: tuple[Channel, ...]
    automation: Automation
    complexity: DriverLevel
    purchase_frequency: DriverLevel
    regulation: DriverLevel
    competition: DriverLevel
    around_the_clock: tuple[Channel, ...]
    notes: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KpiBandFact:
    """Thresholds of one service KPI: above ``excellent_above`` is excellent,
    below ``attention_below`` needs attention."""

    name: str
    minimum: float
    maximum: float
    excellent_above: float
    attention_below: float | None
    source: str


CHANNEL_EXPECTATIONS: MappingProxyType[Channel, ChannelExpectation] = MappingProxyType(
    {
        expectation.channel: expectation
        for expectation in (
            ChannelExpectation(
                Channel.PHONE,
                timedelta(seconds=20),
                "answered at once, after at most three rings (about 20 seconds)",
                _SECTORS_ARTICLE,
            ),
            ChannelExpectation(
                Channel.LIVE_CHAT,
                timedelta(minutes=3),
                "almost immediately, within a few minutes (3 minutes)",
                _SECTORS_ARTICLE,
            ),
            ChannelExpectation(
                Channel.EMAIL,
                timedelta(hours=8),
                "a substantive answer within 24 hours, read as one working day "
                "(8 business hours on office hours)",
                _SECTORS_ARTICLE,
            ),
            ChannelExpectation(
                Channel.SOCIAL_MEDIA,
                timedelta(hours=4),
                "within a few hours, 4-6 hours (the stricter 4 hours for consumers)",
                _SECTORS_ARTICLE,
            ),
            ChannelExpectation(
                Channel.MESSAGING,
                timedelta(hours=4),
                "no separate figure; held to the social-media expectation of 4 hours",
                _SECTORS_ARTICLE,
            ),
            ChannelExpectation(
                Channel.SELF_SERVICE,
                None,
                "customers serve themselves: no response target",
                None,
            ),
            ChannelExpectation(
                Channel.IN_PERSON,
                None,
                "no figure in the research: no built-in response target",
                None,
            ),
        )
    }
)

#: Multiplier of the B2C target per priority (our help-desk convention).
PRIORITY_FACTORS: MappingProxyType[Priority, float] = MappingProxyType(
    {Priority.LOW: 2.0, Priority.NORMAL: 1.0, Priority.HIGH: 0.5, Priority.URGENT: 0.25}
)

#: Multiplier per market; B2B urgent problems keep the B2C target (000).
MARKET_FACTORS: MappingProxyType[Market, float] = MappingProxyType(
    {Market.B2C: 1.0, Market.B2B: 2.0}
)

SECTOR_FACTS: MappingProxyType[Sector, SectorFact] = MappingProxyType(
    {
        fact.sector: fact
        for fact in (
            SectorFact(
                Sector.FINANCE,
                (Channel.PHONE, Channel.EMAIL, Channel.LIVE_CHAT),
                Automation.RELUCTANT,
                complexity=DriverLevel.HIGH,
                purchase_frequency=DriverLevel.MEDIUM,
                regulation=DriverLevel.HIGH,
                competition=DriverLevel.MEDIUM,
                around_the_clock=(Channel.PHONE,),
                notes="strict regulation and high transaction values: security, compliance, "
                "documentation, personal guidance and fast escalation; almost half prefer "
                "the phone, email second; not keen on bots; many firms staff a 24/7 phone "
                "line for their most important customers",
                sources=(_SECTORS_ARTICLE, _SURVEY),
            ),
            SectorFact(
                Sector.HEALTH,
                (Channel.PHONE, Channel.IN_PERSON, Channel.EMAIL),
                Automation.BALANCED,
                complexity=DriverLevel.HIGH,
                purchase_frequency=DriverLevel.MEDIUM,
                regulation=DriverLevel.HIGH,
                competition=DriverLevel.LOW,
                around_the_clock=(),
                notes="personal contact matters: more than half prefer the phone, a quarter "
                "face to face; a careful balance between bot and human",
                sources=(_SURVEY,),
            ),
            SectorFact(
                Sector.RETAIL,
                (Channel.PHONE, Channel.EMAIL, Channel.LIVE_CHAT, Channel.SELF_SERVICE),
                Automation.COMFORTABLE,
                complexity=DriverLevel.LOW,
                purchase_frequency=DriverLevel.HIGH,
                regulation=DriverLevel.LOW,
                competition=DriverLevel.HIGH,
                around_the_clock=(),
                notes="simple practical questions such as tracking an order; phone and email "
                "share first place; comfortable with chatbots for practical questions",
                sources=(_SURVEY,),
            ),
            SectorFact(
                Sector.UTILITIES,
                (Channel.PHONE, Channel.EMAIL, Channel.SELF_SERVICE),
                Automation.COMFORTABLE,
                complexity=DriverLevel.MEDIUM,
                purchase_frequency=DriverLevel.LOW,
                regulation=DriverLevel.MEDIUM,
                competition=DriverLevel.MEDIUM,
                around_the_clock=(),
                notes="practical questions such as a meter reading; half prefer the phone, a "
                "third email; comfortable with automated contact",
                sources=(_SURVEY,),
            ),
            SectorFact(
                Sector.TECHNOLOGY,
                (Channel.LIVE_CHAT, Channel.EMAIL, Channel.PHONE, Channel.SELF_SERVICE),
                Automation.UNKNOWN,
                complexity=DriverLevel.HIGH,
                purchase_frequency=DriverLevel.MEDIUM,
                regulation=DriverLevel.LOW,
                competition=DriverLevel.HIGH,
                around_the_clock=(Channel.LIVE_CHAT, Channel.PHONE),
                notes="high product complexity: specialised technical support, extensive "
                "knowledge bases, fast innovation cycles; urgent technical problems expect "
                "immediate help, so chat and phone run around the clock (not in the survey: "
                "channel order is ours)",
                sources=(_SECTORS_ARTICLE,),
            ),
            SectorFact(
                Sector.GOVERNMENT,
                (Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON),
                Automation.BALANCED,
                complexity=DriverLevel.HIGH,
                purchase_frequency=DriverLevel.LOW,
                regulation=DriverLevel.HIGH,
                competition=DriverLevel.LOW,
                around_the_clock=(),
                notes="named with health, banks and insurers as complex, where bot and human "
                "need a careful balance (not in the survey: channel order is ours)",
                sources=(_SURVEY,),
            ),
            SectorFact(
                Sector.OTHER,
                (Channel.PHONE, Channel.EMAIL, Channel.LIVE_CHAT),
                Automation.UNKNOWN,
                complexity=DriverLevel.UNKNOWN,
                purchase_frequency=DriverLevel.UNKNOWN,
                regulation=DriverLevel.UNKNOWN,
                competition=DriverLevel.UNKNOWN,
                around_the_clock=(),
                notes="no sector data: the channel expectations alone",
                sources=(_SECTORS_ARTICLE,),
            ),
        )
    }
)

KPI_BANDS: MappingProxyType[str, KpiBandFact] = MappingProxyType(
    {
        band.name: band
        for band in (
            KpiBandFact("csat", 1.0, 5.0, 4.5, 4.0, _SECTORS_ARTICLE),
            KpiBandFact("nps", -100.0, 100.0, 50.0, None, _SECTORS_ARTICLE),
            KpiBandFact("first_contact_resolution", 0.0, 1.0, 0.8, None, _SECTORS_ARTICLE),
        )
    }
)
