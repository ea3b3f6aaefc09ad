"""IANA time zones, validated once and cached.

Example:
    >>> from servicelevel._zones import zone
    >>> zone("Europe/Amsterdam")
    zoneinfo.ZoneInfo(key='Europe/Amsterdam')
"""

from __future__ import annotations

from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field

from servicelevel._errors import UnknownTimeZoneError

__all__ = ["TimeZoneName", "zone"]


@cache
def zone(key: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA key, or :class:`UnknownTimeZoneError`.

    Example:
        >>> zone("Europe/Amsterdam")
        zoneinfo.ZoneInfo(key='Europe/Amsterdam')
    """
    if not key or key != key.strip() or key.startswith(("/", ".")) or ".." in key:
        raise UnknownTimeZoneError.for_key(key)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as error:
        raise UnknownTimeZoneError.for_key(key) from error


def _check_time_zone(key: str) -> str:
    zone(key)
    return key


#: A validated IANA time-zone name, e.g. ``"Europe/Amsterdam"``.
TimeZoneName = Annotated[
    str,
    AfterValidator(_check_time_zone),
    Field(description="IANA time-zone name", examples=["Europe/Amsterdam", "UTC"]),
]
