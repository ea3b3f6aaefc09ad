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

__all__ = ["ExpectationDrivers", "SectorProfile", "first_response_target", "sector_profile"]


class ExpectationDrivers(BaseModel):
    """The four factors that drive expectations in a sector (000)."""

    model_config = ConfigDict(frozen=True)

    product_complexity: DriverLevel
    purchase_frequency: DriverLevel
    regulation: DriverLevel
    competitive_pressure: DriverLevel


class SectorProfile(BaseModel):
    """What a sector's customers prefer and expect, and where that is written.

    ``default_targets`` are the B2C normal-priority first-response targets of
    the preferred channels that have one; :meth:`first_response_target` gives
    them for any market and priority.
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


def first_response_target(
    channel: Channel, market: Market = Market.B2C, priority: Priority = Priority.NORMAL
) -> timedelta | None:
    """The channel expectation scaled by priority and market (see `servicelevel._research`).

    Example:
        >>> first_response_target(Channel.EMAIL, Market.B2B, Priority.URGENT)
        datetime.timedelta(seconds=7200)
    """
    base = CHANNEL_EXPECTATIONS[channel].first_response
    if base is None:
        return None
    factor = PRIORITY_FACTORS[priority]
    if priority is not Priority.URGENT:  # urgent problems: B2B expects B2C speed (000)
        factor *= MARKET_FACTORS[market]
    return base * factor


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
        sources=fact.sources,
    )
