"""The errors `servicelevel` raises, and the stable error types of its models.

Every error for bad input is a :class:`ServiceLevelError` that also derives
from the fitting builtin (``ValueError``, ``TypeError``, ``LookupError`` or
``OverflowError``), so both ``except ServiceLevelError`` and the builtin catch
it. Each class builds its messages in classmethod factories, one per situation
(``UnknownTimeZoneError.for_key(key)``); a message says what was wrong and how
to fix it.

Bad model input (a naive ``received_at``, an unknown time zone, overlapping
intervals) is a pydantic ``ValidationError``. Its ``loc`` names the field and
its error ``type`` is one of the stable types in :data:`ERROR_TYPES`, so code
can tell the causes apart without parsing messages. The reference is
``docs/errors.md``.

Example:
    >>> from datetime import datetime, timedelta
    >>> from pydantic import ValidationError
    >>> from servicelevel import Contact
    >>> try:
    ...     Contact(channel="email", received_at=datetime(2025, 1, 6, 9))
    ... except ValidationError as error:
    ...     (detail,) = error.errors()
    ...     print(detail["type"], detail["loc"])
    naive_datetime ('received_at',)
    >>> from servicelevel import Channel, UnknownNameError
    >>> try:
    ...     Channel("fax")
    ... except UnknownNameError as error:
    ...     print(error)
    'fax' is not a valid Channel. Use one of: 'phone', 'live_chat', 'email', 'social_media', 'messaging', 'self_service', 'in_person'.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

if TYPE_CHECKING:
    from tomllib import TOMLDecodeError

__all__ = [
    "ERROR_TYPES",
    "ArgumentTypeError",
    "ContactPausedError",
    "ErrorType",
    "HolidayCalendarRangeError",
    "InvalidArrayError",
    "InvalidPolicyFileError",
    "InvalidScheduleError",
    "KpiOutOfRangeError",
    "LimitExceededError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NoOpeningHoursError",
    "NoTargetError",
    "NowBeforeReceiptError",
    "OutOfRangeError",
    "ReceiptMismatchError",
    "ServiceLevelError",
    "UnknownHolidayCalendarError",
    "UnknownNameError",
    "UnknownTimeZoneError",
    "UnsupportedLocaleError",
    "custom_error",
    "reject",
    "reject_at",
]


def _listing(values: Iterable[object]) -> str:
    return ", ".join(repr(value) for value in values) or "none"


def _suggestion(value: object, choices: Sequence[str]) -> str:
    """`` Did you mean 'x'?`` for a near miss (or a different case), else ``""``."""
    if not isinstance(value, str) or len(value) > 100:
        return ""
    by_case = {choice.casefold(): choice for choice in choices}
    found = by_case.get(value.casefold().replace(" ", "_").replace("-", "_")) or by_case.get(
        value.casefold()
    )
    close = [found] if found else difflib.get_close_matches(value, choices, n=1, cutoff=0.8)
    return f" Did you mean {close[0]!r}?" if close else ""


class ServiceLevelError(Exception):
    """Base class of every error raised by `servicelevel`."""


# -- Instants and time zones --------------------------------------------------


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
    """A time-zone name is not an IANA location zone or a fixed UTC offset.

    Accepted are exactly the names of the IANA database as the ``tzdata``
    package lists them, such as ``"Europe/Amsterdam"`` or ``"UTC"``, spelled
    with their exact case, and fixed offsets spelt ``"UTC+05:30"`` (``UTC``, a
    sign, ``HH:MM``, strictly between -24:00 and +24:00). Rejected are the
    names that depend on the host machine (``"localtime"``, ``"posixrules"``,
    ``"posix/..."``, ``"right/..."``), IANA's placeholder ``"Factory"`` ("zone
    not configured") and offsets spelt otherwise (``"+05:30"``, ``"GMT+1"``).

    How to fix it: use a key such as ``"Europe/Amsterdam"``, ``"UTC"`` or
    ``"UTC+05:30"``.
    """

    @classmethod
    def for_key(cls, key: object, choices: Sequence[str] = ()) -> UnknownTimeZoneError:
        shown = key if not isinstance(key, str) or len(key) <= 60 else key[:57] + "..."
        return cls(
            f"Unknown time zone {shown!r}: it is not an IANA time-zone name."
            f"{_suggestion(key, choices)} Use a name such as 'Europe/Amsterdam', "
            "'America/New_York' or 'UTC' (zoneinfo.available_timezones() lists them), "
            "or a fixed UTC offset such as 'UTC+05:30'."
        )

    @classmethod
    def for_offset(
        cls, key: str, problem: str, suggestion: str | None = None
    ) -> UnknownTimeZoneError:
        """A key that looks like a UTC offset but is not spelt ``UTC±HH:MM`` in range."""
        shown = key if len(key) <= 60 else key[:57] + "..."
        hint = f" Did you mean {suggestion!r}?" if suggestion else ""
        return cls(
            f"Time zone {shown!r} {problem}{hint} Write a fixed offset as 'UTC', a sign and "
            "HH:MM ('UTC+05:30', 'UTC-03:00', 'UTC+00:00'), or use an IANA name such as "
            "'Europe/Amsterdam'."
        )

    @classmethod
    def for_host_dependent_key(cls, key: str) -> UnknownTimeZoneError:
        return cls(
            f"Time zone {key!r} does not name a place: it stands for whatever zone the "
            "machine is set to (or for none at all), so answers would differ between "
            "machines. Name the team's zone, e.g. 'Europe/Amsterdam' or 'UTC'."
        )


class UnknownHolidayCalendarError(ServiceLevelError, ValueError):
    """A country, subdivision, category or holiday name is not known to the `holidays` package.

    How to fix it: use an ISO 3166-1 alpha-2 country code (``"NL"``) and, for
    regional holidays, one of that country's subdivision codes (``"DE"`` with
    ``"BY"``); ``holidays.list_supported_countries()`` lists them. Categories
    and the names to exclude must be ones the country's calendar has; the
    message lists them.
    """

    @classmethod
    def for_country(cls, country: str, choices: Sequence[str] = ()) -> UnknownHolidayCalendarError:
        return cls(
            f"Unknown holiday country {country!r}.{_suggestion(country, choices)} Use an "
            "ISO 3166-1 alpha-2 code the holidays package supports, such as 'NL', 'BE', 'DE' "
            "or 'US' (holidays.list_supported_countries() lists them)."
        )

    @classmethod
    def for_subdivision(
        cls, country: str, subdiv: str, known: Sequence[str]
    ) -> UnknownHolidayCalendarError:
        return cls(
            f"Unknown subdivision {subdiv!r} for holiday country {country!r}."
            f"{_suggestion(subdiv, known)} Known subdivisions: {', '.join(known) or 'none'}."
        )

    @classmethod
    def for_category(
        cls, country: str, category: str, supported: Sequence[str]
    ) -> UnknownHolidayCalendarError:
        return cls(
            f"Unknown holiday category {category!r} for holiday country {country!r}."
            f"{_suggestion(category, supported)} Its categories: {', '.join(supported)}."
        )

    @classmethod
    def for_holiday_name(
        cls, calendar: str, name: str, names: Sequence[str], choices: Sequence[str] = ()
    ) -> UnknownHolidayCalendarError:
        shown = name if len(name) <= 60 else name[:57] + "..."
        return cls(
            f"{shown!r} is not the name of a holiday in the {calendar} calendar, so it cannot "
            f"be excluded.{_suggestion(name, choices or names)} Use a name as the holidays "
            f"package writes it, in the calendar's own language or in English: {'; '.join(names)}."
        )


class HolidayCalendarRangeError(ServiceLevelError, ValueError):
    """Business time was asked for a year that a holiday calendar does not know.

    When it can occur: the `holidays` package defines each country's holidays
    for a range of years (the Netherlands: 1966-2100). Outside it, it lists no
    holidays at all, so Christmas 2102 would silently be a working day. Any
    question whose answer needs such a year raises this error instead.

    How to fix it: ask about instants within the calendar's years, or accept
    a calendar without holidays outside them, explicitly:
    ``HolidayCalendar(country="NL", beyond_known_years="no_holidays")``.
    """

    @classmethod
    def for_year(cls, calendar: str, year: int, first: int, last: int) -> HolidayCalendarRangeError:
        return cls(
            f"the {calendar} holiday calendar of the holidays package knows the years "
            f"{first}-{last}, but business time was needed for the year {year}, whose holidays "
            "it does not know. Ask about instants within those years, or accept no holidays "
            "outside them with HolidayCalendar(country=..., beyond_known_years='no_holidays')."
        )


class OutOfRangeError(ServiceLevelError, OverflowError):
    """A result would fall outside the years Python's ``datetime`` can hold (1-9999).

    How to fix it: use instants and durations that keep every answer well
    inside those years.
    """

    @classmethod
    def for_year(cls, year: int, first: int, last: int) -> OutOfRangeError:
        return cls(
            f"business time would have to be computed for the year {year}; servicelevel "
            f"computes it for instants in the years {first}-{last} (datetime's 1-9999 less "
            "the margin the index needs on either side). Use instants and durations that "
            "stay within those years."
        )

    @classmethod
    def for_instant(cls, value_us: int) -> OutOfRangeError:
        side = "after 9999-12-31" if value_us > 0 else "before 0001-01-01"
        return cls(
            f"the result falls {side} (UTC), outside the years a datetime can hold. "
            "Use instants and durations whose results stay within the years 1-9999."
        )

    @classmethod
    def for_open_time(
        cls,
        asked: timedelta,
        direction: str,
        origin: datetime,
        year_bound: timedelta,
        years: tuple[int, int],
    ) -> OutOfRangeError:
        return cls(
            f"{asked} of open time {direction} {origin.isoformat()} ends outside the years "
            f"{years[0]}-{years[1]}: this schedule holds at most {year_bound} a year. "
            "servicelevel computes business time within those years (datetime's 1-9999 less "
            "the margin the index needs on either side); use a shorter duration."
        )

    @classmethod
    def for_duration(cls, name: str, duration: object) -> OutOfRangeError:
        return cls(
            f"{name}={duration} is longer than the whole span datetime can represent "
            "(years 1-9999), so no deadline that far away exists. Use a shorter duration."
        )


# -- Schedules -----------------------------------------------------------------


class InvalidScheduleError(ServiceLevelError, ValueError):
    """A key of ``BusinessHours.weekly`` names no weekday, or a weekday twice.

    How to fix it: use ``"mon"`` ... ``"sun"``, ranges (``"mon-fri"``), lists
    (``"sat,sun"``) or ``"daily"``, and name each weekday once.
    """

    #: The schedule key at fault, and the stable error type a model reports for it.
    key: str = ""
    error_type: ErrorType = "unknown_weekday"

    @classmethod
    def for_day_key(cls, key: object) -> InvalidScheduleError:
        error = cls(
            f"{key!r} does not name weekdays; use 'mon'...'sun' (or 'monday'...'sunday'), "
            "ranges such as 'mon-fri', lists such as 'sat,sun', 'weekdays', 'weekend' or 'daily'."
        )
        error.key = str(key)
        return error

    @classmethod
    def for_repeated_day(cls, day: str, key: str) -> InvalidScheduleError:
        error = cls(
            f"{day} is named twice in the weekly schedule (again in {key!r}); "
            "give each weekday once, with all its intervals."
        )
        error.key, error.error_type = str(key), "repeated_weekday"
        return error


class NoOpeningHoursError(ServiceLevelError, ValueError):
    """The schedule has no opening time where one is needed.

    When it can occur: a schedule without any weekly interval or special
    opening, or one whose every opening is closed by holidays and closures, or
    a search that finds no opening within the search horizon.

    How to fix it: give the schedule at least one weekly opening interval, or
    check the closures and special days.
    """

    @classmethod
    def for_empty_schedule(cls) -> NoOpeningHoursError:
        return cls(
            "these business hours have no opening interval at all, so no opening, "
            "close or deadline exists. Add weekly intervals, e.g. "
            "BusinessHours.weekly({'mon-fri': '09:00-17:00'}, tz=...)."
        )

    @classmethod
    def for_search(cls, years: int, direction: str, origin: datetime) -> NoOpeningHoursError:
        return cls(
            f"these business hours have no opening in the {years} years {direction} "
            f"{origin.isoformat()}: holidays, closures or special days close every "
            "interval. Check the schedule."
        )

    @classmethod
    def for_boundary(
        cls, years: int, direction: str, origin: datetime, what: str
    ) -> NoOpeningHoursError:
        return cls(
            f"these business hours have no {what} in the {years} years {direction} "
            f"{origin.isoformat()}: they stay closed (closures, holidays, special days), or "
            "open, without a break for that long. Check the schedule."
        )

    @classmethod
    def for_special_days_only(
        cls, direction: str, origin: datetime, found: timedelta, asked: timedelta
    ) -> NoOpeningHoursError:
        return cls(
            f"these business hours open only on special days, and those {direction} "
            f"{origin.isoformat()} hold {found} of open time in all, less than the {asked} "
            "asked for, so no such instant exists. Add weekly intervals or more special days."
        )


class NeverClosesError(ServiceLevelError, ValueError):
    """``next_close`` was asked of a schedule that does not close again.

    When it can occur: ``next_close`` on a 24/7 schedule without holidays or
    closures.

    How to fix it: check ``is_open`` first, or add the holidays or closures
    the team really observes.
    """

    @classmethod
    def for_search(cls, years: int, origin: datetime) -> NeverClosesError:
        return cls(
            f"these business hours do not close in the {years} years after "
            f"{origin.isoformat()} (open around the clock). Check is_open() first, or add "
            "the holidays or closures the team observes."
        )

    @classmethod
    def for_boundary(
        cls, years: int, direction: str, origin: datetime, what: str
    ) -> NeverClosesError:
        return cls(
            f"these business hours are open without a break in the {years} years {direction} "
            f"{origin.isoformat()} (open around the clock), so there is no {what} to give. "
            "Check is_open() first, or add the holidays or closures the team observes."
        )


class LimitExceededError(ServiceLevelError, ValueError):
    """An input is larger than servicelevel accepts (the limits are listed in
    ``docs/business-hours.md``, "Limits").

    When it can occur: ``load_policy`` of a file over the size limit,
    ``describe_hours`` asked for more upcoming days than it lists, a
    ``learn_waits`` quantile, window or minimum sample outside its range.

    How to fix it: stay within the limit the message names.
    """

    @classmethod
    def for_policy_file(cls, path: Path, limit: int) -> LimitExceededError:
        return cls(
            f"{path}: larger than {limit:,} bytes, the most load_policy reads (a policy is a "
            "few kilobytes). Check that this is the policy file, or split long lists of "
            "special days and closures over several schedules."
        )

    @classmethod
    def for_upcoming_days(cls, days: int, limit: int) -> LimitExceededError:
        return cls(
            f"describe_hours lists the upcoming days of at most a year: days must be between "
            f"0 and {limit}, not {days}. Ask for fewer days."
        )

    @classmethod
    def for_argument(cls, name: str, value: object, allowed: str, hint: str) -> LimitExceededError:
        return cls(f"{name} must be {allowed}, not {value!r}; {hint}")


# -- Vocabulary, policies and contacts -----------------------------------------


class UnknownNameError(ServiceLevelError, ValueError):
    """A name is not one of an enumeration's values (``Channel("fax")``).

    When it can occur: calling an enum such as :class:`~servicelevel.Channel`
    with an unknown value, or passing one to a function that takes a name
    (``policy_for("bank", "b2c")``, ``classify_kpi("xyz", 1)``). Inside a
    pydantic model the same mistake is pydantic's ``enum`` error, which also
    lists the expected values.

    How to fix it: use one of the values the message lists.
    """

    @classmethod
    def for_enum(cls, enum: type[Enum], value: object) -> UnknownNameError:
        names = [str(member.value) for member in enum]
        return cls(
            f"{value!r} is not a valid {enum.__name__}.{_suggestion(value, names)} "
            f"Use one of: {_listing(names)}."
        )

    @classmethod
    def for_name(cls, what: str, value: object, names: Sequence[str]) -> UnknownNameError:
        return cls(
            f"{value!r} is not a {what}.{_suggestion(value, list(names))} "
            f"Use one of: {_listing(list(names))}."
        )


class InvalidPolicyFileError(ServiceLevelError, ValueError):
    """A policy file cannot be read as JSON or TOML.

    When it can occur: ``load_policy`` or ``load_policy_set`` of a missing
    file, a suffix other than ``.json`` or ``.toml``, a file that is not UTF-8,
    a JSON or TOML syntax error, or nesting too deep to parse. Content that parses but is not a valid policy is a pydantic
    ``ValidationError`` instead, whose location names the field.

    How to fix it: the message names the file and the problem (with line and
    column for syntax errors).
    """

    @classmethod
    def for_suffix(cls, path: Path, what: str = "policy") -> InvalidPolicyFileError:
        return cls(
            f"{path}: unsupported file type {path.suffix or '(no suffix)'!r}; a {what} file "
            "must end in .json or .toml."
        )

    @classmethod
    def for_nesting(cls, path: Path, what: str = "policy") -> InvalidPolicyFileError:
        return cls(f"{path}: nested too deeply to be a {what}; check that this is the right file.")

    @classmethod
    def for_unreadable(cls, path: Path, error: OSError) -> InvalidPolicyFileError:
        if isinstance(error, FileNotFoundError):
            return cls(f"{path}: no such file; check the path.")
        reason = error.strerror or type(error).__name__
        return cls(f"{path}: cannot be read ({reason}); check the path and its permissions.")

    @classmethod
    def for_encoding(cls, path: Path, error: UnicodeDecodeError) -> InvalidPolicyFileError:
        line = error.object[: error.start].count(b"\n") + 1
        return cls(
            f"{path}: not UTF-8 (byte {error.object[error.start]:#04x} on line {line}); "
            "save the file as UTF-8."
        )

    @classmethod
    def for_toml(cls, path: Path, error: TOMLDecodeError) -> InvalidPolicyFileError:
        return cls(f"{path}: not valid TOML: {error}. Fix the syntax at that place.")

    @classmethod
    def for_json(cls, path: Path, problem: str) -> InvalidPolicyFileError:
        return cls(f"{path}: not valid JSON: {problem}. Fix the syntax at that place.")


class NoMatchingPolicyError(ServiceLevelError, LookupError):
    """No rule of a :class:`~servicelevel.PolicySet` matches the contact.

    How to fix it: add a last rule without conditions (the default policy), or
    widen the conditions of a rule so that the contact matches.
    """

    @classmethod
    def for_contact(
        cls,
        policy_set: str,
        channel: str,
        priority: str,
        attributes: Mapping[str, str],
        rules: int,
    ) -> NoMatchingPolicyError:
        shown = ", ".join(f"{key}={value!r}" for key, value in attributes.items()) or "none"
        return cls(
            f"none of the {rules} rules of policy set {policy_set!r} matches this {channel} "
            f"contact with priority {priority} and attributes {shown}; add a last rule "
            "without conditions as the default, or widen a rule's conditions."
        )


class NoTargetError(ServiceLevelError, LookupError):
    """The policy promises nothing for this contact and metric.

    How to fix it: add a :class:`Target` for the channel (or one for any
    channel), or check that the channel is one the company supports.
    """

    @classmethod
    def for_unsupported_channel(
        cls, policy: str, channel: str, channels: Iterable[str]
    ) -> NoTargetError:
        return cls(
            f"policy {policy!r} does not support channel {channel}; it supports "
            f"{', '.join(channels)}. Route the contact to one of those, or add the "
            "channel and a target for it."
        )

    @classmethod
    def for_metric(cls, policy: str, metric: str, channel: str, priority: str) -> NoTargetError:
        return cls(
            f"policy {policy!r} has no {metric} target for {channel} contacts with "
            f"priority {priority}. Add a Target(metric={str(metric)!r}, ...) for that channel "
            "or for any channel."
        )


class ReceiptMismatchError(ServiceLevelError, ValueError):
    """``received_at`` is not the receipt instant of the contact given.

    How to fix it: pass the contact's own ``received_at``.
    """

    @classmethod
    def for_receipts(cls, given: datetime, received_at: datetime) -> ReceiptMismatchError:
        return cls(
            f"received_at={given.isoformat()} differs from the contact's receipt "
            f"({received_at.isoformat()}); pass the contact's received_at."
        )


class NowBeforeReceiptError(ServiceLevelError, ValueError):
    """``now`` is earlier than the contact's receipt: no status exists yet.

    How to fix it: pass the current time (in any time zone).
    """

    @classmethod
    def for_now(cls, now: datetime, received_at: datetime) -> NowBeforeReceiptError:
        return cls(
            f"now={now.isoformat()} is before the contact was received "
            f"({received_at.isoformat()}); pass the current time, in any time zone."
        )


class ContactPausedError(ServiceLevelError, ValueError):
    """The contact is paused without end, so its deadline is not known yet.

    How to fix it: add a ``resumed`` event, or ask ``breach_status``, which
    reports a paused metric as ``paused``.
    """

    @classmethod
    def for_open_pause(cls) -> ContactPausedError:
        return cls(
            "the contact is paused (waiting on the customer) with no resume event, so its "
            "first-response deadline is not known; add a 'resumed' event."
        )


class KpiOutOfRangeError(ServiceLevelError, ValueError):
    """A KPI value outside its scale (CSAT 1-5, NPS -100..100, FCR 0..1).

    How to fix it: give the value on the scale the message names.
    """

    @classmethod
    def for_value(
        cls, name: str, minimum: float, maximum: float, value: float
    ) -> KpiOutOfRangeError:
        hint = " (give first-contact resolution as a share, e.g. 0.82)" if maximum == 1 else ""
        return cls(f"{name} must lie between {minimum:g} and {maximum:g}, got {value!r}{hint}")


class UnsupportedLocaleError(ServiceLevelError, ValueError):
    """No templates exist for the requested locale.

    How to fix it: use a supported locale, or pass
    ``templates={**BUILT_IN_TEMPLATES, "de": ReplyTemplates(...)}``.
    """

    @classmethod
    def for_locale(cls, locale: str, supported: Iterable[str]) -> UnsupportedLocaleError:
        return cls(
            f"no auto-reply templates for locale {locale!r}; supported locales: "
            f"{', '.join(sorted(supported))}. Pass templates={{..., {locale!r}: "
            "ReplyTemplates(...)} to add one."
        )


# -- Arguments and arrays --------------------------------------------------------


class ArgumentTypeError(ServiceLevelError, TypeError):
    """An argument has the wrong type (a string where a ``timedelta`` is needed).

    How to fix it: convert the value to the type the message names.
    """

    @classmethod
    def for_argument(cls, name: str, expected: str, value: object) -> ArgumentTypeError:
        return cls(f"{name} must be a {expected}, not {type(value).__name__}.")

    @classmethod
    def for_dtype(cls, name: str, expected: str, dtype: object, hint: str) -> ArgumentTypeError:
        return cls(f"{name}: expected {expected}, got dtype {dtype}; {hint}")


class InvalidArrayError(ServiceLevelError, ValueError):
    """NumPy arrays that do not fit together.

    When it can occur: ``starts`` and ``durations`` (or ``ends``) whose shapes
    do not broadcast. (``NaT`` is no error: it gives ``NaT`` in the result.)

    How to fix it: pass arrays of one shape (or a scalar duration).
    """

    @classmethod
    def for_shapes(
        cls, name: str, shape: tuple[int, ...], other: str, other_shape: tuple[int, ...]
    ) -> InvalidArrayError:
        return cls(
            f"{name} has shape {shape} and {other} has shape {other_shape}, which do not "
            "broadcast together; pass arrays of the same shape, or a single value."
        )


# -- Stable error types of model validation ----------------------------------------

ErrorType = Literal[
    "naive_datetime",
    "unknown_time_zone",
    "unknown_holiday_calendar",
    "invalid_interval",
    "ambiguous_interval",
    "invalid_time_of_day",
    "time_of_day_with_zone",
    "overlapping_intervals",
    "closure_reversed",
    "empty_closure_hours",
    "duplicate_special_day",
    "invalid_recurrence_rule",
    "unknown_holiday_category",
    "unknown_holiday_name",
    "event_before_receipt",
    "events_out_of_order",
    "non_positive_duration",
    "duplicate_target",
    "duplicate_channel",
    "unlisted_channel",
    "unknown_locale",
    "invalid_template",
    "unknown_placeholder",
    "missing_channel_name",
    "event_missing_field",
    "event_unexpected_field",
    "event_after_cancellation",
    "reopen_without_resolution",
    "already_resolved",
    "due_before_receipt",
    "empty_attribute_name",
    "reopen_cycle_not_applicable",
    "fallback_to_itself",
    "fallback_channel_unsupported",
    "unknown_weekday",
    "repeated_weekday",
    "invalid_duration",
    "unreachable_rule",
    "invalid_warning",
    "invalid_escalation",
    "invalid_working_days",
    "internal_target_metric",
]

#: The error ``type`` of each cause a ``servicelevel`` model reports in a
#: pydantic ``ValidationError``, with what it means. These types are stable:
#: new ones may be added, existing ones keep their name and meaning.
ERROR_TYPES: Mapping[ErrorType, str] = MappingProxyType(
    {
        "naive_datetime": "a datetime without time zone where an instant is needed",
        "unknown_time_zone": "a time-zone name that is not an IANA location zone "
        "or a fixed UTC offset 'UTC+HH:MM'",
        "unknown_holiday_calendar": "a country or subdivision the holidays package lacks",
        "invalid_interval": "text that is not an interval 'HH:MM-HH:MM'",
        "ambiguous_interval": "an interval that ends at its own start ('09:00-09:00'): "
        "a 24-hour shift or no opening at all",
        "invalid_time_of_day": "a time that is not HH:MM between 00:00 and 24:00, "
        "or 24:00 as a start",
        "time_of_day_with_zone": "an opening time with a tzinfo (opening times are wall times)",
        "overlapping_intervals": "two opening intervals that overlap",
        "closure_reversed": "a closure that ends before it starts",
        "empty_closure_hours": "a closure whose closed hours are an empty list",
        "duplicate_special_day": "two special days for one date",
        "invalid_recurrence_rule": "text that is not an RFC 5545 RRULE this library can use, "
        "or a rule that picks no date",
        "unknown_holiday_category": "a holiday category the country's calendar does not have",
        "unknown_holiday_name": "a holiday name to exclude that the calendar does not have",
        "event_before_receipt": "a contact event before the contact was received",
        "events_out_of_order": "contact events not in time order",
        "non_positive_duration": "a target duration of zero or less",
        "duplicate_target": "two targets for one metric, channel and priority",
        "duplicate_channel": "a channel listed twice",
        "unlisted_channel": "a target or hours for a channel that is not in channels",
        "unknown_locale": "a locale Babel does not know",
        "invalid_template": "a template that is not a valid format string, or that formats "
        "a placeholder itself (a format spec or conversion)",
        "unknown_placeholder": "a template placeholder the template may not use",
        "missing_channel_name": "templates that do not name every channel",
        "event_missing_field": "an event without a field its kind needs (priority_changed without priority, ...)",
        "event_unexpected_field": "an event with a field its kind does not take",
        "event_after_cancellation": "an event after the contact was cancelled",
        "reopen_without_resolution": "a reopening of a contact that is not resolved",
        "already_resolved": "a resolution of a contact that is already resolved",
        "due_before_receipt": "a due date set before the contact was received",
        "empty_attribute_name": "a contact attribute with an empty name",
        "reopen_cycle_not_applicable": "reopen_starts_new_cycle on a target whose metric is not a resolution clock",
        "fallback_to_itself": "an offline fallback that maps a channel to itself",
        "fallback_channel_unsupported": "an offline fallback naming a channel the policy does not support",
        "unknown_weekday": "a weekly-schedule key that names no weekday "
        "('mon', 'mon-fri', 'sat,sun', 'daily')",
        "repeated_weekday": "a weekday named twice in a weekly schedule ('mon-fri' and 'fri')",
        "invalid_duration": "text that is not a duration ('4h', '30min', 'PT4H')",
        "unreachable_rule": "a policy-set rule after a rule without conditions (it never applies)",
        "invalid_warning": "a warning level that is not one share of the target or one positive "
        "time left inside it",
        "invalid_escalation": "escalation levels out of order, repeated or before the deadline",
        "internal_target_metric": "an internal (group) target for a metric an assignment "
        "does not start (next_response, periodic_update, pausable_update)",
        "invalid_working_days": "a working-day target whose duration is not whole days, or "
        "a duration in working days on another clock",
    }
)


def custom_error(error_type: ErrorType, message: str) -> PydanticCustomError:
    """The pydantic error of a stable type; the message is used as it is.

    Example:
        >>> custom_error("closure_reversed", "swap the dates").type
        'closure_reversed'
    """
    if error_type not in ERROR_TYPES:
        raise KeyError(f"{error_type!r} is not a documented error type")
    # Without a context pydantic does not format the message, so braces in it stay.
    return PydanticCustomError(error_type, message)


def reject(error_type: ErrorType, message: str) -> NoReturn:
    """Raise the pydantic error of a stable type from a validator (at the validator's field)."""
    raise custom_error(error_type, message)


def reject_at(
    loc: tuple[str | int, ...], value: Any, error_type: ErrorType, message: str
) -> NoReturn:
    """Like :func:`reject`, at ``loc`` below the validator's field (``("events", 2, "at")``).

    pydantic prefixes the location of a ``ValidationError`` raised inside a
    validator with the validator's own, so the error names the exact item.
    """
    detail = InitErrorDetails(type=custom_error(error_type, message), loc=loc, input=value)
    raise ValidationError.from_exception_data("servicelevel", [detail])
