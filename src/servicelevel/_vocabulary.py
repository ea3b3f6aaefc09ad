"""The words of customer service: channels, sectors, markets, priorities, metrics.

All are string enums, so they serialise to JSON as their value.

Example:
    >>> from servicelevel import Channel
    >>> Channel.PHONE.is_synchronous, Channel.EMAIL.is_synchronous
    (True, False)
    >>> Channel("live_chat")
    <Channel.LIVE_CHAT: 'live_chat'>
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Channel", "Clock", "Market", "Metric", "Priority", "Sector"]


class Channel(StrEnum):
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


class Sector(StrEnum):
    """An industry, as far as customer expectations differ."""

    FINANCE = "finance"  # banks, insurers
    TECHNOLOGY = "technology"
    HEALTH = "health"
    RETAIL = "retail"  # including delivery services
    UTILITIES = "utilities"
    GOVERNMENT = "government"
    OTHER = "other"


class Market(StrEnum):
    """Who the customers are."""

    B2B = "b2b"
    B2C = "b2c"


class Priority(StrEnum):
    """How urgent a contact is (the help-desk convention)."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Metric(StrEnum):
    """What a service-level target measures.

    * ``first_response``: from receipt to the first agent reply.
    * ``next_response``: from each customer message after an agent reply to the next agent reply.
    * ``resolution``: from receipt to resolution (reopening continues this clock).
    """

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


class Clock(StrEnum):
    """Which time a target counts: open hours only, or every hour of the day."""

    BUSINESS = "business"
    CALENDAR = "calendar"
