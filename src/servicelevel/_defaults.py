"""Built-in defaults that work out of the box: Dutch office hours and a policy
for every sector and market, derived from the research tables.

Example:
    >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS, policy_for
    >>> str(DUTCH_OFFICE_HOURS.week.mon[0])
    '09:00-17:00'
    >>> policy = policy_for("finance", "b2c")
    >>> policy.channels
    (<Channel.PHONE: 'phone'>, <Channel.EMAIL: 'email'>, <Channel.LIVE_CHAT: 'live_chat'>)
    >>> policy.hours_for("phone") == DUTCH_OFFICE_HOURS
    True
    >>> DUTCH_OFFICE_HOURS.holidays[0].exclude
    ('Good Friday',)
"""

from __future__ import annotations

from functools import cache

from servicelevel._holidays import HolidayCalendar
from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._research import (
    CHANNEL_EXPECTATIONS,
    HOLIDAY_CHOICES,
    MARKET_FACTORS,
    OFFICE_HOURS,
    PRIORITY_FACTORS,
    SECTOR_FACTS,
    short_duration,
)
from servicelevel._sectors import first_response_target
from servicelevel._vocabulary import Channel, Market, Metric, Priority, Sector

__all__ = ["DUTCH_OFFICE_HOURS", "policy_for"]

#: Monday to Friday 09:00-17:00 in Europe/Amsterdam, closed on the days most
#: Dutch employers give off: the Dutch public holidays except Good Friday
#: (Liberation Day only in the lustrum years, 2025, 2030, ..., when it is a
#: public holiday). Assumptions, see ``docs/defaults.md``.
DUTCH_OFFICE_HOURS = BusinessHours.weekly(
    OFFICE_HOURS[0], tz=OFFICE_HOURS[1], holidays=HolidayCalendar.model_validate(HOLIDAY_CHOICES)
)
_AROUND_THE_CLOCK = BusinessHours.always(tz=OFFICE_HOURS[1])


def _source(channel: Channel, market: Market, priority: Priority) -> str:
    """Where a built-in target comes from: the article of the expectation and
    the assumptions that turned it into this target."""
    fact = CHANNEL_EXPECTATIONS[channel]
    parts = []
    if fact.expectation.source is not None:
        parts.append(
            f"{fact.expectation.source}: expected within {short_duration(fact.expected_within)}"
        )
    assumptions = []
    if fact.target.kind == "assumption" and fact.first_response != fact.expected_within:
        expected, target = short_duration(fact.expected_within), short_duration(fact.first_response)
        assumptions.append(f"{expected} read as {target} of business time")
    if fact.expectation.kind == "assumption":
        assumptions.append("expectation")
    if not channel.is_synchronous:
        if priority is not Priority.NORMAL:
            assumptions.append(f"priority {priority} x{PRIORITY_FACTORS[priority]:g}")
        if market is Market.B2B and priority is not Priority.URGENT:
            assumptions.append(f"b2b x{MARKET_FACTORS[market]:g}")
    if assumptions:
        parts.append("assumptions: " + ", ".join(assumptions))
    return "; ".join(parts) + " (docs/defaults.md)"


@cache
def _policy(sector: Sector, market: Market) -> ServiceLevelPolicy:
    fact = SECTOR_FACTS[sector]
    targets = []
    for channel in fact.preferred_channels:
        for priority in Priority:
            duration = first_response_target(channel, market, priority)
            if duration is None:
                continue
            source = _source(channel, market, priority)
            for metric in (Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE):
                targets.append(
                    Target(
                        metric=metric,
                        channel=channel,
                        priority=priority,
                        duration=duration,
                        source=source,
                    )
                )
    return ServiceLevelPolicy(
        name=f"{sector} {market} (built-in)",
        hours=DUTCH_OFFICE_HOURS,
        channel_hours=dict.fromkeys(fact.around_the_clock, _AROUND_THE_CLOCK),
        channels=fact.preferred_channels,
        targets=tuple(targets),
    )


def policy_for(sector: Sector | str, market: Market | str) -> ServiceLevelPolicy:
    """The built-in policy for a sector and market.

    Office hours (Mon-Fri 09:00-17:00, Amsterdam, the holidays Dutch employers
    commonly give off) for every channel, except the channels the sector
    staffs around the clock (technology: chat and phone); first and
    next-response targets per channel and priority from
    :mod:`servicelevel._research`; no resolution target (the research gives
    none). Every number and its basis: ``docs/defaults.md``. Change it with
    ``with_target``, ``with_channel``, ``with_hours`` or ``replace``, which
    validate (``model_copy`` does not).
    """
    return _policy(Sector(sector), Market(market))
