"""The edge between datetimes and the integer core, and the one time-zone rule.

Inside, an instant is an ``int``: UTC microseconds since the Unix epoch. At
the input edge :func:`to_us` turns any aware datetime (any ``tzinfo``:
``zoneinfo``, ``datetime.timezone``, ``dateutil``, ``pytz`` after
``localize``) into one, and rejects naive ones. At the output edge
:func:`from_us` turns an instant into a datetime in the zone of the business
hours that decided it:

    **Every datetime servicelevel returns is an aware datetime whose tzinfo
    is the zone of the governing business hours** (``hours.zone``: the
    ``zoneinfo.ZoneInfo`` of ``hours.tz``, or a ``datetime.timezone`` for a
    fixed offset such as ``"UTC+05:30"``; for a contact, the hours of its
    channel under the policy).

Results therefore never depend on the zone an input happened to be written
in, and never inherit a third-party tzinfo's conversion bugs (``dateutil``
converts wrongly into the repeated hour of a negative-DST fold). Datetimes
that models store from input (``Contact.received_at``, event times) are
normalised to UTC by :data:`Instant`, so models compare, hash and serialise
by instant.

Example:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicelevel._instants import from_us, to_us
    >>> new_york = datetime(2025, 1, 6, 9, tzinfo=ZoneInfo("America/New_York"))
    >>> from_us(to_us(new_york, "at"), ZoneInfo("Europe/Amsterdam")).isoformat()
    '2025-01-06T15:00:00+01:00'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from servicelevel._errors import ArgumentTypeError, NaiveDatetimeError, OutOfRangeError, reject

__all__ = ["EPOCH", "ONE_US", "Instant", "from_us", "to_us", "to_utc", "year_of"]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
#: The instants a ``datetime`` can hold, as UTC microseconds.
MIN_US = (datetime(1, 1, 1, tzinfo=UTC) - EPOCH) // ONE_US
MAX_US = (datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC) - EPOCH) // ONE_US


def to_us(value: datetime, name: str) -> int:
    """An aware datetime as UTC microseconds since the epoch.

    Raises :class:`~servicelevel.NaiveDatetimeError` for a naive datetime (or
    one whose tzinfo gives no UTC offset) and ``TypeError`` for a non-datetime.
    """
    if not isinstance(value, datetime):
        raise ArgumentTypeError(f"{name} must be a datetime.datetime, not {type(value).__name__}.")
    if value.tzinfo is not None:
        try:
            return (value - EPOCH) // ONE_US
        except TypeError:  # a tzinfo whose utcoffset() is None: naive after all
            pass
    raise NaiveDatetimeError.for_argument(name, value)


def from_us(value: int, zone: tzinfo) -> datetime:
    """UTC microseconds as an aware datetime in ``zone`` (the governing hours' zone).

    Raises :class:`~servicelevel.OutOfRangeError` outside the years 1-9999.
    """
    if not MIN_US <= value <= MAX_US:
        raise OutOfRangeError.for_instant(value)
    seconds, micro = divmod(value, 1_000_000)
    try:
        result = datetime.fromtimestamp(seconds, zone)  # the fast path
    except (OverflowError, OSError, ValueError):
        return (EPOCH + timedelta(microseconds=value)).astimezone(zone)
    if not micro:
        return result
    # The constructor is several times faster than result.replace(microsecond=...).
    return datetime(
        result.year,
        result.month,
        result.day,
        result.hour,
        result.minute,
        result.second,
        micro,
        result.tzinfo,
        fold=result.fold,
    )


def to_utc(value: datetime, name: str) -> datetime:
    """The same instant as an aware datetime in UTC (naive: an error)."""
    return from_us(to_us(value, name), UTC)


def year_of(value_us: int) -> int:
    """The UTC year of an instant; 0 or 10000 just outside datetime's range."""
    if value_us < MIN_US:
        return 0
    if value_us > MAX_US:
        return 10_000
    return (EPOCH + timedelta(microseconds=value_us)).year


def _instant(value: datetime, info: ValidationInfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        error = NaiveDatetimeError.for_argument(info.field_name or "value", value)
        reject("naive_datetime", str(error))
    return value.astimezone(UTC)


#: An aware datetime, stored as the same instant in UTC. A naive value is a
#: ``ValidationError`` of type ``naive_datetime``.
Instant = Annotated[datetime, AfterValidator(_instant)]
