"""The words of customer service: channels, sectors, markets, priorities, metrics.

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
from typing import NoReturn

from servicelevel._errors import UnknownNameError

__all__ = ["Channel", "Clock", "Market", "Metric", "NamedEnum", "Priority", "Sector"]


class NamedEnum(StrEnum):
    """A string enum whose unknown values raise :class:`~servicelevel.UnknownNameError`.

    Example:
        >>> Priority("High")
        Traceback (most recent call last):
        ...
        servicelevel._errors.UnknownNameError: 'High' is not a valid Priority. Did you mean 'high'? Use one of: 'low', 'normal', 'high', 'urgent'.
    """

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        raise UnknownNameError.for_enum(cls, value)


class Channel(NamedEnum):
    """A way customers reach a company."""

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
    """An industry, as far as customer expectations differ."""

    FINANCE = "finance"  # banks, insurers
    TECHNOLOGY = "technology"
    HEALTH = "health"
    RETAIL = "retail"  # including delivery services
    UTILITIES = "utilities"
    GOVERNMENT = "government"
    OTHER = "other"


class Market(NamedEnum):
    """Who the customers are."""

    B2B = "b2b"
    B2C = "b2c"


class Priority(NamedEnum):
    """How urgent a contact is (the help-desk convention)."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Metric(NamedEnum):
    """What a service-level target measures.

    * ``first_response``: from receipt to the first agent reply.
    * ``next_response``: from each customer message after an agent reply to the next agent reply.
    * ``resolution``: from receipt to resolution (reopening continues this clock).
    """

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


class Clock(NamedEnum):
    """Which time a target counts: open hours only, or every hour of the day."""

    BUSINESS = "business"
    CALENDAR = "calendar"
