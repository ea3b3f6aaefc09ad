"""IANA time zones, validated once and cached.

A key is accepted when it is one of the names of the IANA database as the
``tzdata`` package (a dependency) lists them, spelled with their exact case.
The list does not depend on the machine, so neither do the answers:
``"localtime"``, ``"posixrules"``, ``"posix/..."`` and ``"right/..."`` name
files of the host, not places, and are rejected, as is IANA's ``"Factory"``
placeholder ("zone not configured"). No other key reaches the file system.

Example:
    >>> from servicelevel._zones import zone
    >>> zone("Europe/Amsterdam")
    zoneinfo.ZoneInfo(key='Europe/Amsterdam')
"""

from __future__ import annotations

from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, Field

from servicelevel._errors import UnknownTimeZoneError, reject

__all__ = ["TimeZoneName", "time_zone_names", "zone"]

# Names that exist as files on many hosts but stand for no place.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def time_zone_names() -> frozenset[str]:
    """The accepted time-zone keys: the IANA names ``tzdata`` lists, less ``Factory``."""
    from importlib import resources

    try:
        text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
        names = {line.strip() for line in text.splitlines() if line.strip()}
    except (ImportError, OSError):  # pragma: no cover - tzdata is a dependency
        names = available_timezones()
    return frozenset(names - _NOT_PLACES)


@cache
def zone(key: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA key, or :class:`UnknownTimeZoneError`.

    Example:
        >>> zone("Europe/Amsterdam")
        zoneinfo.ZoneInfo(key='Europe/Amsterdam')
        >>> zone("localtime")
        Traceback (most recent call last):
        ...
        servicelevel._errors.UnknownTimeZoneError: Time zone 'localtime' does not name a place: it stands for whatever zone the machine is set to (or for none at all), so answers would differ between machines. Name the team's zone, e.g. 'Europe/Amsterdam' or 'UTC'.
    """
    names = time_zone_names()
    if key not in names:
        if key in _NOT_PLACES or (isinstance(key, str) and key.startswith(("posix/", "right/"))):
            raise UnknownTimeZoneError.for_host_dependent_key(key)
        raise UnknownTimeZoneError.for_key(key, sorted(names))
    return ZoneInfo(key)


def _check_time_zone(key: str) -> str:
    try:
        zone(key)
    except UnknownTimeZoneError as error:
        reject("unknown_time_zone", str(error))
    return key


#: A validated IANA time-zone name, e.g. ``"Europe/Amsterdam"``; an unknown
#: one is a validation error of type ``unknown_time_zone``.
TimeZoneName = Annotated[
    str,
    AfterValidator(_check_time_zone),
    Field(description="IANA time-zone name", examples=["Europe/Amsterdam", "UTC"]),
]
