"""Time zones: IANA names and fixed UTC offsets, validated once and cached.

A key is accepted when it is one of the names of the IANA database as the
``tzdata`` package (a dependency) lists them, spelled with their exact case.
The list does not depend on the machine, so neither do the answers:
``"localtime"``, ``"posixrules"``, ``"posix/..."`` and ``"right/..."`` name
files of the host, not places, and are rejected, as is IANA's ``"Factory"``
placeholder ("zone not configured"). No other key reaches the file system.

A key may also be a fixed UTC offset, for data that has no IANA zone: exactly
``"UTC"``, a sign and ``HH:MM`` (``"UTC+05:30"``, ``"UTC-03:00"``), strictly
between ``UTC-24:00`` and ``UTC+24:00``; ``"UTC+00:00"`` is a zero offset.
Such a zone has no DST. Near misses (``"+05:30"``, ``"UTC+5"``, ``"GMT+1"``)
are rejected with the spelling to use; ``"Etc/GMT+1"`` is an IANA name (one
hour *behind* UTC, POSIX's sign) and stays valid.

Example:
    >>> from servicelevel._zones import zone
    >>> zone("Europe/Amsterdam")
    zoneinfo.ZoneInfo(key='Europe/Amsterdam')
    >>> zone("UTC+05:30")
    datetime.timezone(datetime.timedelta(seconds=19800), 'UTC+05:30')
"""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, Field

from servicelevel._errors import UnknownTimeZoneError, reject

__all__ = ["TimeZoneName", "time_zone_names", "zone"]

# Names that exist as files on many hosts but stand for no place.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
# The one spelling of a fixed offset ([0-9], not \d: no other scripts' digits).
_FIXED_OFFSET = re.compile(r"UTC([+-])([0-9]{2}):([0-9]{2})")
# What people write for an offset: "+05:30", "UTC+5", "GMT+1", "utc +0530".
_OFFSET_LIKE = re.compile(
    r"\s*(?:(UTC|GMT)\s*)?([+\-\u2212])\s*([0-9]{1,2})(?::?([0-9]{2}))?\s*", re.IGNORECASE
)
# One timezone object per key, even when two threads build it at once: the
# index tells its own zone from others by identity (``value.tzinfo is zone``).
_FIXED: dict[str, timezone] = {}


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
def zone(key: str) -> tzinfo:
    """The ``tzinfo`` for a key: a ``ZoneInfo`` for an IANA name, a
    ``datetime.timezone`` named after the key for a fixed offset
    (``"UTC+05:30"``), or :class:`UnknownTimeZoneError`. The same key always
    gives the same object.

    Example:
        >>> zone("Europe/Amsterdam")
        zoneinfo.ZoneInfo(key='Europe/Amsterdam')
        >>> zone("UTC-03:00") is zone("UTC-03:00")
        True
        >>> zone("localtime")
        Traceback (most recent call last):
        ...
        servicelevel._errors.UnknownTimeZoneError: Time zone 'localtime' does not name a place: it stands for whatever zone the machine is set to (or for none at all), so answers would differ between machines. Name the team's zone, e.g. 'Europe/Amsterdam' or 'UTC'.
        >>> zone("+05:30")
        Traceback (most recent call last):
        ...
        servicelevel._errors.UnknownTimeZoneError: Time zone '+05:30' is not a spelling servicelevel accepts for a UTC offset. Did you mean 'UTC+05:30'? Write a fixed offset as 'UTC', a sign and HH:MM ('UTC+05:30', 'UTC-03:00', 'UTC+00:00'), or use an IANA name such as 'Europe/Amsterdam'.
    """
    names = time_zone_names()
    if key in names:
        return ZoneInfo(key)
    if isinstance(key, str):
        fixed = _fixed_offset(key)
        if fixed is not None:
            return fixed
        if key in _NOT_PLACES or key.startswith(("posix/", "right/")):
            raise UnknownTimeZoneError.for_host_dependent_key(key)
    raise UnknownTimeZoneError.for_key(key, sorted(names))


def _fixed_offset(key: str) -> timezone | None:
    """The zone of a fixed-offset key, None for a key that looks like no offset,
    and :class:`UnknownTimeZoneError` for one that looks like a misspelt offset."""
    match = _FIXED_OFFSET.fullmatch(key)
    if match is None:
        _reject_offset_like(key)
        return None
    sign, hours, minutes = match[1], int(match[2]), int(match[3])
    if hours >= 24 or minutes >= 60:
        raise UnknownTimeZoneError.for_offset(
            key,
            "is out of range: an offset lies strictly between -24:00 and +24:00, "
            "with minutes 00-59.",
        )
    if sign == "-" and hours == minutes == 0:
        raise UnknownTimeZoneError.for_offset(
            key, "is ambiguous: RFC 3339 reads -00:00 as 'offset unknown'.", "UTC+00:00"
        )
    offset = timedelta(hours=hours, minutes=minutes)
    return _FIXED.setdefault(key, timezone(-offset if sign == "-" else offset, key))


def _reject_offset_like(key: str) -> None:
    """:class:`UnknownTimeZoneError` naming the right spelling for a key that
    looks like an offset but is not spelt ``UTC±HH:MM``; nothing otherwise."""
    match = _OFFSET_LIKE.fullmatch(key) if len(key) <= 20 else None
    if match is None:
        return
    prefix, sign, hours, minutes = match[1], match[2], int(match[3]), int(match[4] or 0)
    sign = "-" if sign == "\u2212" else sign
    suggestion = None
    if hours < 24 and minutes < 60 and (sign == "+" or hours or minutes):
        suggestion = f"UTC{sign}{hours:02}:{minutes:02}"
    problem = "is not a spelling servicelevel accepts for a UTC offset."
    if prefix is not None and prefix.upper() == "GMT":
        problem += (
            " 'GMT' offsets are read both ways: IANA's 'Etc/GMT+1' is one hour behind "
            "UTC (POSIX's sign), most people mean one hour ahead."
        )
    raise UnknownTimeZoneError.for_offset(key, problem, suggestion)


def _check_time_zone(key: str) -> str:
    try:
        zone(key)
    except UnknownTimeZoneError as error:
        reject("unknown_time_zone", str(error))
    return key


#: A validated IANA time-zone name, e.g. ``"Europe/Amsterdam"``, or a fixed
#: UTC offset, e.g. ``"UTC+05:30"``; an unknown or misspelt one is a
#: validation error of type ``unknown_time_zone``.
TimeZoneName = Annotated[
    str,
    AfterValidator(_check_time_zone),
    Field(
        description="IANA time-zone name, or a fixed UTC offset 'UTC+HH:MM' / 'UTC-HH:MM'",
        examples=["Europe/Amsterdam", "UTC", "UTC+05:30"],
    ),
]
