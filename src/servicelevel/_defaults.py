"""Built-in defaults that work out of the box: Dutch office hours and a policy
for every sector and market, derived from the research tables.

Example:
    >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS, policy_for
    >>> str(DUTCH_OFFICE_HOURS.week.mon[0])
    '09:00-17:00'
    >>> policy = policy_for("finance", "b2c")
    >>> policy.channels
    (<Channel.PHONE: 'phone'>, <Channel.EMAIL: 'email'>, <Channel.LIVE_CHAT: 'live_chat'>)
    >>> policy.hours_for("phone") == BusinessHours.always(tz="Europe/Amsterdam")
    True
"""

from __future__ import annotations

from functools import cache

from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._research import CHANNEL_EXPECTATIONS, SECTOR_FACTS
from servicelevel._sectors import first_response_target
from servicelevel._vocabulary import Market, Metric, Priority, Sector

__all__ = ["DUTCH_OFFICE_HOURS", "policy_for"]

#: Monday to Friday 09:00-17:00 in Europe/Amsterdam, closed on Dutch public
#: holidays: the office hours most Dutch customer-service teams keep.
DUTCH_OFFICE_HOURS = BusinessHours.weekly(
    {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL"
)
_AROUND_THE_CLOCK = BusinessHours.always(tz="Europe/Amsterdam")


@cache
def _policy(sector: Sector, market: Market) -> ServiceLevelPolicy:
    fact = SECTOR_FACTS[sector]
    targets = []
    for channel in fact.preferred_channels:
        expectation = CHANNEL_EXPECTATIONS[channel]
        for priority in Priority:
            duration = first_response_target(channel, market, priority)
            if duration is None:
                continue
            source = ", ".join(dict.fromkeys((expectation.source or "", *fact.sources)))
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

    Office hours (Mon-Fri 09:00-17:00, Amsterdam, Dutch holidays) for every
    channel, except the channels the sector staffs around the clock; first and
    next-response targets per channel and priority from
    :mod:`servicelevel._research`; no resolution target (the research gives
    none). Change it with ``with_target``, ``with_channel``, ``with_hours`` or
    ``replace``, which validate (``model_copy`` does not).
    """
    return _policy(Sector(sector), Market(market))
