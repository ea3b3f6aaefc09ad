"""Sector profiles: what customers in a sector expect, with the sources.

Example:
    >>> from servicelevel import Channel, Sector, sector_profile
    >>> profile = sector_profile(Sector.FINANCE)
    >>> profile.preferred_channels[0], profile.automation
    (<Channel.PHONE: 'phone'>, <Automation.RELUCTANT: 'reluctant'>)
    >>> profile.first_response_target(Channel.PHONE)
    datetime.timedelta(seconds=20)
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict

from servicelevel._frozen import FrozenDict
from servicelevel._research import (
    CHANNEL_EXPECTATIONS,
    MARKET_FACTORS,
    PRIORITY_FACTORS,
    SECTOR_FACTS,
    Automation,
    DriverLevel,
)
from servicelevel._vocabulary import Channel, Market, Priority, Sector

__all__ = [
    "ExpectationDrivers",
    "SectorProfile",
    "expected_within",
    "first_response_target",
    "sector_profile",
]


class ExpectationDrivers(BaseModel):
    """The four factors that drive expectations in a sector (named in article 000).

    ``unknown`` where no article gives a level (see ``docs/defaults.md``).
    """

    model_config = ConfigDict(frozen=True)

    product_complexity: DriverLevel
    purchase_frequency: DriverLevel
    regulation: DriverLevel
    competitive_pressure: DriverLevel

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value}" for name, value in self)
        return f"ExpectationDrivers({values})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        return fields(
            "ExpectationDrivers", [(name.replace("_", " "), value) for name, value in self]
        )


class SectorProfile(BaseModel):
    """What a sector's customers prefer and expect, and where that is written.

    ``default_targets`` are the B2C normal-priority first-response targets of
    the preferred channels that have one; :meth:`first_response_target` gives
    them for any market and priority. ``sources`` are the articles behind the
    profile and its targets; what is an assumption instead is listed in
    ``docs/defaults.md`` (and :mod:`servicelevel.research`).
    """

    model_config = ConfigDict(frozen=True)

    sector: Sector
    preferred_channels: tuple[Channel, ...]
    automation: Automation
    drivers: ExpectationDrivers
    around_the_clock: tuple[Channel, ...]
    default_targets: FrozenDict[Channel, timedelta]
    notes: str
    sources: tuple[str, ...]

    def first_response_target(
        self,
        channel: Channel,
        market: Market = Market.B2C,
        priority: Priority = Priority.NORMAL,
    ) -> timedelta | None:
        """The built-in first-response target for a channel (None: no target)."""
        return first_response_target(channel, market, priority)

    def __repr__(self) -> str:
        from servicelevel._display import count, duration, listing

        targets = ", ".join(f"{c} {duration(t)}" for c, t in self.default_targets.items())
        parts = [
            str(self.sector),
            f"preferred={listing(self.preferred_channels)}",
            f"automation={self.automation}",
        ]
        if self.around_the_clock:
            parts.append(f"24/7={listing(self.around_the_clock)}")
        parts += [f"targets=[{targets}]", count(len(self.sources), "source")]
        return f"SectorProfile({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import duration
        from servicelevel._html import box, fields, table, title, wrapped
        from servicelevel._research import SOURCES

        rows: list[tuple[str, object]] = [
            ("preferred channels", ", ".join(self.preferred_channels)),
            ("automation", self.automation),
            ("around the clock", ", ".join(self.around_the_clock) or "none"),
            *((name.replace("_", " "), value) for name, value in self.drivers),
            ("notes", wrapped(self.notes)),
        ]
        targets = [(c, duration(t)) for c, t in self.default_targets.items()]
        return box(
            title(f"SectorProfile {self.sector}"),
            fields("", rows, wrap=False),
            table("first-response targets (B2C, normal priority)", ("channel", "within"), targets),
            table("sources", (), [(source, SOURCES.get(source)) for source in self.sources]),
        )


def _factor(channel: Channel, market: Market, priority: Priority) -> float:
    """Priority and market factor of a target or an expectation (see `servicelevel._research`).

    Live channels are not scaled; urgent B2B problems keep the B2C speed (000).
    """
    if channel.is_synchronous:
        return 1.0
    factor = PRIORITY_FACTORS[priority]
    if priority is not Priority.URGENT:
        factor *= MARKET_FACTORS[market]
    return factor


def first_response_target(
    channel: Channel, market: Market = Market.B2C, priority: Priority = Priority.NORMAL
) -> timedelta | None:
    """The built-in target for a channel: its B2C target scaled by priority and market.

    Phone, live chat and in person keep one target for every priority and
    market; see ``docs/defaults.md``.

    Example:
        >>> first_response_target(Channel.EMAIL, Market.B2B, Priority.URGENT)
        datetime.timedelta(seconds=7200)
        >>> first_response_target(Channel.PHONE, Market.B2C, Priority.URGENT)
        datetime.timedelta(seconds=20)
    """
    base = CHANNEL_EXPECTATIONS[channel].first_response
    return None if base is None else base * _factor(channel, market, priority)


def expected_within(
    channel: Channel, market: Market = Market.B2C, priority: Priority = Priority.NORMAL
) -> timedelta | None:
    """What customers expect of a channel, in their own (wall-clock) time.

    The research's expectation, scaled by priority and market as the
    built-in targets are (an assumption, see ``docs/defaults.md``).

    Example:
        >>> expected_within(Channel.EMAIL), expected_within(Channel.EMAIL, Market.B2B)
        (datetime.timedelta(days=1), datetime.timedelta(days=2))
    """
    base = CHANNEL_EXPECTATIONS[channel].expected_within
    return None if base is None else base * _factor(channel, market, priority)


def sector_profile(sector: Sector | str) -> SectorProfile:
    """The built-in profile of ``sector``."""
    fact = SECTOR_FACTS[Sector(sector)]
    return SectorProfile(
        sector=fact.sector,
        preferred_channels=fact.preferred_channels,
        automation=fact.automation,
        drivers=ExpectationDrivers(
            product_complexity=fact.complexity,
            purchase_frequency=fact.purchase_frequency,
            regulation=fact.regulation,
            competitive_pressure=fact.competition,
        ),
        around_the_clock=fact.around_the_clock,
        default_targets={
            channel: target
            for channel in fact.preferred_channels
            if (target := first_response_target(channel)) is not None
        },
        notes=fact.notes,
        sources=tuple(
            dict.fromkeys((*fact.sources, *_expectation_sources(fact.preferred_channels)))
        ),
    )


def _expectation_sources(channels: tuple[Channel, ...]) -> tuple[str, ...]:
    """The articles behind the expectations of ``channels`` (their default targets)."""
    found = (CHANNEL_EXPECTATIONS[channel].expectation.source for channel in channels)
    return tuple(source for source in found if source is not None)
