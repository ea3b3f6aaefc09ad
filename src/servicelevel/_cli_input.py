"""What the command line reads: moments as people type them, ``key=value``
attributes, ``kind@time`` events, policy, schedule and contact files, and
bounded numbers. Every problem is a :class:`CliInputError` (a ``ValueError``)
or a library error, each one line saying what to type instead.

Example:
    >>> from zoneinfo import ZoneInfo
    >>> read_moment("24 Dec 2025 4pm +01:00").isoformat()
    '2025-12-24T16:00:00+01:00'
    >>> read_moment("24 Dec 2025 16:00", assume=ZoneInfo("Europe/Amsterdam")).isoformat()
    '2025-12-24T16:00:00+01:00'
    >>> read_moment("24 Dec 2025 16:00")
    Traceback (most recent call last):
    ...
    servicelevel._cli_input.CliInputError: '24 Dec 2025 16:00' has no UTC offset; add one (2025-12-24T16:00+01:00) or pass --assume-local to read it in the schedule's time zone.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from dateutil import parser as dateutil_parser
from pydantic import BaseModel, ValidationError

from servicelevel._contact import Contact, ContactEvent, EventKind
from servicelevel._errors import ServiceLevelError
from servicelevel._files import load_model, load_policy_or_set
from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet

__all__ = [
    "CliInputError",
    "one_line",
    "read_attribute",
    "read_contact",
    "read_event",
    "read_moment",
    "read_number",
    "read_policy",
    "read_schedule",
]

_UTC_NAMES = frozenset({"UTC", "Z", "GMT", "UT"})
# dateutil reads "UTC+3" the POSIX way, as three hours *behind* UTC: refuse it.
_POSIX_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*[+-]\s*\d", re.IGNORECASE)
_FIELD = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$", re.S)
_EVENT_FIELDS = ("priority", "reason", "metric", "due", "group")
_M = TypeVar("_M", bound=BaseModel)


class CliInputError(ServiceLevelError, ValueError):
    """A command-line argument or input file the command line cannot read."""


class _AbbreviationError(ValueError):
    pass


def _zone_of(name: str | None, offset: int | None) -> tzinfo | None:
    """``tzinfos`` for dateutil: offsets as fixed zones, UTC by name, nothing else."""
    if name is None:
        return None if offset is None else timezone(timedelta(seconds=offset))
    if name.upper() in _UTC_NAMES:
        return UTC
    raise _AbbreviationError(name)


def _example(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}+01:00"


def read_moment(text: str, *, assume: tzinfo | None = None, dayfirst: bool = False) -> datetime:
    """An aware datetime from what a person types (ISO 8601, "24 Dec 2025 4pm +01:00").

    A time without an offset is read in ``assume`` when it is given (the
    ``--assume-local`` flag), and is an error otherwise. Abbreviations other
    than UTC/GMT/Z (CET, EST: ambiguous) are refused.
    """
    if _POSIX_OFFSET.search(text):
        raise CliInputError(
            f"{text!r}: write the offset as +03:00 or -05:00, not after UTC/GMT "
            "(which dateutil reads the POSIX way, with the sign reversed)."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moment = dateutil_parser.parse(text, tzinfos=_zone_of, dayfirst=dayfirst)
    except _AbbreviationError as error:
        raise CliInputError(
            f"{text!r}: the zone abbreviation {error} is ambiguous; give an offset "
            "(+01:00) or UTC instead."
        ) from None
    except (ValueError, OverflowError) as error:
        raise CliInputError(
            f"{text!r} is not a date and time ({error}); type one such as "
            "2025-12-24T16:00+01:00 or '24 Dec 2025 16:00 +01:00'."
        ) from None
    if moment.tzinfo is not None:
        return moment
    if assume is None:
        raise CliInputError(
            f"{text!r} has no UTC offset; add one ({_example(moment)}) or pass "
            "--assume-local to read it in the schedule's time zone."
        )
    return _localise(moment, assume, text)


def _localise(moment: datetime, zone: tzinfo, text: str) -> datetime:
    """``moment`` in ``zone``, refusing a wall time a DST change skips or repeats."""
    early, late = moment.replace(tzinfo=zone), moment.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        raise CliInputError(
            f"{text!r} happens twice or never in {zone} (a daylight-saving change); "
            "give the offset you mean, e.g. +01:00 or +02:00."
        )
    return early


def read_attribute(text: str) -> tuple[str, str]:
    """``("tier", "gold")`` from ``"tier=gold"``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise CliInputError(f"{text!r} is not an attribute; write key=value, e.g. tier=gold.")
    return key.strip(), value.strip()


def read_event(text: str, *, assume: tzinfo | None = None, dayfirst: bool = False) -> ContactEvent:
    """An event from ``kind@time[,field=value...]``.

    Fields are those the kind needs (``priority=high``, ``reason=spam``,
    ``metric=resolution,due=<time>``, ``group=billing``); any other
    ``key=value`` is an attribute (for ``attributes_changed``).
    """
    kind, sep, rest = text.partition("@")
    if not sep:
        raise CliInputError(
            f"{text!r} is not an event; write kind@time, e.g. agent_reply@2025-01-06T11:00+01:00."
        )
    parts = rest.split(",")
    fields: dict[str, Any] = {}
    attributes: dict[str, str] = {}
    while len(parts) > 1 and (match := _FIELD.match(parts[-1])):
        name, value = match.group(1), match.group(2).strip()
        if name in _EVENT_FIELDS:
            fields[name] = (
                read_moment(value, assume=assume, dayfirst=dayfirst) if name == "due" else value
            )
        else:
            attributes[name] = value
        parts.pop()
    if attributes:
        fields["attributes"] = attributes
    at = read_moment(",".join(parts).strip(), assume=assume, dayfirst=dayfirst)
    return ContactEvent(kind=EventKind(kind.strip()), at=at, **fields)


def read_number(text: str, *, low: float, high: float) -> float:
    """A finite number in ``[low, high]``."""
    try:
        value = float(text)
    except ValueError:
        raise CliInputError(f"{text!r} is not a number; type one such as 8 or 1.5.") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise CliInputError(f"must be a number from {low:g} to {high:g}, not {text}.")
    return value


def one_line(error: BaseException) -> str:
    """What went wrong, on one line: a validation error as its first problem."""
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        more = error.error_count() - 1
        text = f"{error.title}: {where + ': ' if where else ''}{first['msg']}"
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''})"
    elif isinstance(error, RecursionError):
        text = "the input is nested too deeply; check that it is the right file."
    elif isinstance(error, OSError) and error.filename is not None:
        text = f"{error.filename}: {error.strerror or type(error).__name__}; check the path."
    else:
        text = str(error) or type(error).__name__
    return " ".join(text.split())


def _checked(path: Path, load: Callable[[], _M]) -> _M:
    """What ``load`` reads from ``path``; content that is not valid is one line naming
    the file and the first problem."""
    try:
        return load()
    except ValidationError as error:
        raise CliInputError(
            f"{path}: {one_line(error)}; 'servicelevel schema' prints the format."
        ) from None


def read_policy(path: Path) -> ServiceLevelPolicy | PolicySet:
    """A policy, or a policy set (a file with ``rules``), from a .json or .toml file."""
    return _checked(path, lambda: load_policy_or_set(path))


def read_schedule(path: Path) -> BusinessHours:
    """Business hours from a .json or .toml file."""
    return _checked(path, lambda: load_model(path, BusinessHours, "schedule"))


def read_contact(path: Path) -> Contact:
    """A contact with its events from a .json or .toml file."""
    return _checked(path, lambda: load_model(path, Contact, "contact"))
