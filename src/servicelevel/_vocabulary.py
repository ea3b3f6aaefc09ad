"""The words of customer service: channels, sectors, markets, priorities, metrics, waits.

All are string enums, so they serialise to JSON as their value. Every enum of
`servicelevel` derives from :class:`NamedEnum`: an unknown value raises
:class:`~servicelevel.UnknownNameError`, which lists the valid ones.

Example:
    >>> from servicelevel import Channel
    >>> Channel.PHONE.is_synchronous, Channel.EMAIL.is_synchronous
    (True, False)
    >>> Channel("live_chat")
    <Channel.LIVE_CHAT: 'live_chat'>
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from servicelevel._errors import UnknownNameError

__all__ = ["Channel", "Clock", "Market", "Metric", "NamedEnum", "Priority", "Sector", "Wait"]


class NamedEnum(StrEnum):
    """A string enum whose unknown values raise :class:`~servicelevel.UnknownNameError`.

    Example:
        >>> Priority("High")
        Traceback (most recent call last):
        ...
        servicelevel._errors.UnknownNameError: 'High' is not a valid Priority. Did you mean 'high'? Use one of: 'low', 'normal', 'high', 'urgent'.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        raise UnknownNameError.for_enum(cls, value)


class Channel(NamedEnum):
    """A way customers reach a company.

    Example:
        >>> Channel("email"), Channel.LIVE_CHAT.is_synchronous
        (<Channel.EMAIL: 'email'>, True)
    """

    PHONE = "phone"
    LIVE_CHAT = "live_chat"
    EMAIL = "email"
    SOCIAL_MEDIA = "social_media"
    MESSAGING = "messaging"  # WhatsApp, Messenger and the like
    SELF_SERVICE = "self_service"
    IN_PERSON = "in_person"

    @property
    def is_synchronous(self) -> bool:
        """Whether customer and agent are present at the same time (phone, chat, in person)."""
        return self in (Channel.PHONE, Channel.LIVE_CHAT, Channel.IN_PERSON)


class Sector(NamedEnum):
    """An industry, as far as customer expectations differ.

    Example:
        >>> [sector.value for sector in Sector][:3]
        ['finance', 'technology', 'health']
    """

    FINANCE = "finance"  # banks, insurers
    TECHNOLOGY = "technology"
    HEALTH = "health"
    RETAIL = "retail"  # including delivery services
    UTILITIES = "utilities"
    GOVERNMENT = "government"
    OTHER = "other"


class Market(NamedEnum):
    """Who the customers are: businesses (``b2b``) or consumers (``b2c``).

    Example:
        >>> Market("b2b") is Market.B2B
        True
    """

    B2B = "b2b"
    B2C = "b2c"


class Priority(NamedEnum):
    """How urgent a contact is (the help-desk convention), from ``low`` to ``urgent``.

    Example:
        >>> list(Priority).index(Priority.URGENT)
        3
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Metric(NamedEnum):
    """What a service-level target measures (Zendesk's set of SLA metrics).

    Reply clocks never pause by default; the resolution clocks differ in
    which waits pause them (see ``docs/policies.md``):

    * ``first_response``: from receipt to the first public agent reply.
    * ``next_response``: from the oldest unanswered customer message (after
      the first response) to the next public agent reply; one cycle each time.
    * ``periodic_update``: from each public agent reply to the next, while
      the contact is not resolved; one cycle each time.
    * ``pausable_update``: ``periodic_update`` that pauses while waiting on
      the customer.
    * ``requester_wait``: from receipt to resolution, paused while waiting on
      the customer.
    * ``agent_work``: from receipt to resolution, paused while waiting on the
      customer or on a third party.
    * ``resolution``: the same as ``requester_wait`` (kept from earlier
      versions, where it was the only resolution clock).
    * ``total_resolution``: from receipt to resolution, never paused.

    Reopening a resolved contact continues the four resolution clocks (the
    time spent resolved does not count), unless a target says that reopening
    starts a new cycle.

    Example:
        >>> Metric.AGENT_WORK.default_pauses
        (<Wait.WAITING_ON_CUSTOMER: 'waiting_on_customer'>, <Wait.WAITING_ON_THIRD_PARTY: 'waiting_on_third_party'>)
        >>> Metric.FIRST_RESPONSE.measures_resolution
        False
    """

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    PERIODIC_UPDATE = "periodic_update"
    PAUSABLE_UPDATE = "pausable_update"
    REQUESTER_WAIT = "requester_wait"
    AGENT_WORK = "agent_work"
    RESOLUTION = "resolution"
    TOTAL_RESOLUTION = "total_resolution"

    @property
    def measures_resolution(self) -> bool:
        """Whether the clock runs from receipt to resolution (and so can restart on reopening)."""
        return self in _RESOLUTION_METRICS

    @property
    def default_pauses(self) -> tuple[Wait, ...]:
        """The waits that pause this clock unless a target says otherwise (Zendesk's rules)."""
        return _DEFAULT_PAUSES.get(self, ())


class Wait(NamedEnum):
    """Whom a contact waits on; a wait pauses the clocks whose target names it.

    Example:
        >>> Wait.WAITING_ON_CUSTOMER in Metric.REQUESTER_WAIT.default_pauses
        True
    """

    WAITING_ON_CUSTOMER = "waiting_on_customer"  # Zendesk "pending"
    WAITING_ON_THIRD_PARTY = "waiting_on_third_party"  # Zendesk "on-hold"


_RESOLUTION_METRICS = frozenset(
    {Metric.REQUESTER_WAIT, Metric.AGENT_WORK, Metric.RESOLUTION, Metric.TOTAL_RESOLUTION}
)
_DEFAULT_PAUSES: dict[Metric, tuple[Wait, ...]] = {
    Metric.PAUSABLE_UPDATE: (Wait.WAITING_ON_CUSTOMER,),
    Metric.REQUESTER_WAIT: (Wait.WAITING_ON_CUSTOMER,),
    Metric.AGENT_WORK: (Wait.WAITING_ON_CUSTOMER, Wait.WAITING_ON_THIRD_PARTY),
    Metric.RESOLUTION: (Wait.WAITING_ON_CUSTOMER,),
}


class Clock(NamedEnum):
    """Which time a target counts: open hours only, every hour of the day, or working days.

    * ``business``: the duration in open hours;
    * ``calendar``: the duration in every hour;
    * ``working_days``: a duration of ``n`` whole days means ``n`` working days:
      the same wall time ``n`` working days later, clamped into that day's
      opening hours ("within one working day");
    * ``end_of_working_day``: the last close of the ``n``-th working day after
      the one the contact counts in ("by the end of the next working day";
      ``n = 0``: the end of that same working day).

    Elapsed and remaining time of the working-day clocks are business time.

    Example:
        >>> Clock("working_days").counts_working_days, Clock.CALENDAR.counts_working_days
        (True, False)
    """

    BUSINESS = "business"
    CALENDAR = "calendar"
    WORKING_DAYS = "working_days"
    END_OF_WORKING_DAY = "end_of_working_day"

    @property
    def counts_working_days(self) -> bool:
        """Whether the target's duration is a number of working days."""
        return self in (Clock.WORKING_DAYS, Clock.END_OF_WORKING_DAY)
