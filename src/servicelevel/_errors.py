"""The errors `servicelevel` raises.

Every error derives from :class:`ServiceLevelError`, so ``except ServiceLevelError``
catches all of them. Errors in model input (a bad time zone, overlapping
intervals, a negative target) surface as pydantic's ``ValidationError`` whose
message is the one of the error below. Each message says what was wrong and
how to fix it.

Example:
    >>> from datetime import datetime, timedelta
    >>> from servicelevel import BusinessHours, add_business_time, NaiveDatetimeError
    >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
    >>> try:
    ...     add_business_time(hours, datetime(2025, 1, 6, 9), timedelta(hours=1))
    ... except NaiveDatetimeError as error:
    ...     print(type(error).__name__)
    NaiveDatetimeError
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "LimitExceededError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NoOpeningHoursError",
    "OutOfRangeError",
    "ServiceLevelError",
    "UnknownHolidayCalendarError",
    "UnknownTimeZoneError",
]


class ServiceLevelError(Exception):
    """Base class of every error raised by `servicelevel`."""


class NaiveDatetimeError(ServiceLevelError, ValueError):
    """A datetime without a time zone was given where an instant is needed.

    When it can occur: ``datetime(2025, 1, 6, 9)`` or ``datetime.now()``.

    How to fix it: attach a zone, e.g.
    ``datetime(2025, 1, 6, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))`` or
    ``datetime.now(UTC)``.
    """

    @classmethod
    def for_argument(cls, name: str, value: datetime) -> NaiveDatetimeError:
        return cls(
            f"{name}={value.isoformat()} is a naive datetime (it has no time zone), so it "
            "does not name one instant. Pass an aware datetime instead, for example "
            f"{name}=datetime(..., tzinfo=ZoneInfo('Europe/Amsterdam')) or datetime.now(UTC)."
        )


class UnknownTimeZoneError(ServiceLevelError, ValueError):
    """A time-zone name is not in the IANA database.

    How to fix it: use a key such as ``"Europe/Amsterdam"`` or ``"UTC"``
    (see ``zoneinfo.available_timezones()``).
    """

    @classmethod
    def for_key(cls, key: str) -> UnknownTimeZoneError:
        return cls(
            f"Unknown time zone {key!r}: it is not an IANA time-zone name. "
            "Use a name such as 'Europe/Amsterdam', 'America/New_York' or 'UTC' "
            "(zoneinfo.available_timezones() lists them all)."
        )


class UnknownHolidayCalendarError(ServiceLevelError, ValueError):
    """A country or subdivision is not known to the `holidays` package.

    How to fix it: use an ISO 3166-1 alpha-2 country code (``"NL"``) and, for
    regional holidays, one of that country's subdivision codes (``"DE"`` with
    ``"BY"``); ``holidays.list_supported_countries()`` lists them.
    """


class NoOpeningHoursError(ServiceLevelError):
    """The schedule has no opening time where one is needed.

    When it can occur: a schedule without any weekly interval or special
    opening, or one whose every opening is closed by holidays and closures, or
    a search that finds no opening within the search horizon.

    How to fix it: give the schedule at least one weekly opening interval, or
    check the closures and special days.
    """


class NeverClosesError(ServiceLevelError):
    """``next_close`` was asked of a schedule that does not close again.

    When it can occur: ``next_close`` on a 24/7 schedule without holidays or
    closures.

    How to fix it: check ``is_open`` first, or add the holidays or closures
    the team really observes.
    """


class OutOfRangeError(ServiceLevelError, OverflowError):
    """A result would fall outside the years Python's ``datetime`` can hold (1-9999).

    How to fix it: use instants and durations whose results stay within those years.
    """

    @classmethod
    def for_instant(cls, value_us: int) -> OutOfRangeError:
        side = "after 9999-12-31" if value_us > 0 else "before 0001-01-01"
        return cls(
            f"the result falls {side} (UTC), outside the years a datetime can hold. "
            "Use instants and durations whose results stay within the years 1-9999."
        )


class LimitExceededError(ServiceLevelError, ValueError):
    """An input is larger than servicelevel accepts (see "Limits" in the docs).

    When it can occur: a policy file over the size limit, ``describe_hours``
    asked for more upcoming days than it lists.

    How to fix it: stay within the documented limit the message names.
    """


class ReceiptMismatchError(ServiceLevelError, ValueError):
    """``received_at`` is not the receipt instant of the contact given."""


class KpiOutOfRangeError(ServiceLevelError, ValueError):
    """A KPI value outside its scale (CSAT 1-5, NPS -100..100, FCR 0..1)."""


class NoTargetError(ServiceLevelError, LookupError):
    """The policy promises nothing for this contact and metric.

    How to fix it: add a :class:`Target` for the channel (or one for any
    channel), or check that the channel is one the company supports.
    """


class UnsupportedLocaleError(ServiceLevelError, ValueError):
    """No templates exist for the requested locale."""


class NowBeforeReceiptError(ServiceLevelError, ValueError):
    """``now`` is earlier than the contact's receipt: no status exists yet."""


class ContactPausedError(ServiceLevelError):
    """The contact is paused without end, so its deadline is not known yet."""
