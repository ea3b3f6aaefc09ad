"""One error contract: every bad input raises its documented error, with a helpful message.

Each row of ``CASES`` is one bad input: a call that raises, the exact error
class, a regex its message must match and, for a pydantic ``ValidationError``,
the stable error ``type`` and ``loc`` of its one error. The tests below the
table hold the contract itself: every error class is a ``ServiceLevelError``
and a builtin, is exported and documented, and every stable error type is
produced by some row.
"""

from __future__ import annotations

import inspect
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, get_args

import numpy as np
import pytest
from pydantic import ValidationError

import servicelevel
from servicelevel import (
    BUILT_IN_TEMPLATES,
    ERROR_TYPES,
    ArgumentTypeError,
    BusinessHours,
    Channel,
    Closure,
    Conditions,
    Contact,
    ContactEvent,
    ContactPausedError,
    EventKind,
    HolidayCalendar,
    HolidayCalendarRangeError,
    InvalidArrayError,
    InvalidPolicyFileError,
    InvalidScheduleError,
    KpiOutOfRangeError,
    LimitExceededError,
    Metric,
    NaiveDatetimeError,
    NeverClosesError,
    NoMatchingPolicyError,
    NoOpeningHoursError,
    NoTargetError,
    NowBeforeReceiptError,
    OpeningInterval,
    OutOfRangeError,
    PolicyRule,
    PolicySet,
    Priority,
    ReceiptMismatchError,
    RecurringClosure,
    RecurringSpecialDay,
    ReplyTemplates,
    ServiceLevelError,
    ServiceLevelPolicy,
    Target,
    UnknownHolidayCalendarError,
    UnknownNameError,
    UnknownTimeZoneError,
    UnsupportedLocaleError,
    WeeklyHours,
    _errors,
    add_business_time,
    add_working_days,
    auto_reply,
    breach_status,
    classify_kpi,
    describe_hours,
    is_open,
    load_policy,
    next_close,
    next_open,
    policy_for,
    response_deadline,
    sector_profile,
)
from servicelevel._zones import zone
from servicelevel.arrays import add_business_time_array, business_time_between_array

from .common import AMS, OFFICE_NL

DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
MONDAY = datetime(2025, 1, 6, 9, 0, tzinfo=AMS)
HOUR = timedelta(hours=1)
OFFICE = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
ENGLISH = BUILT_IN_TEMPLATES["en"].model_dump()
RETAIL = policy_for("retail", "b2c")
_PAUSING_REPLIES = ServiceLevelPolicy(
    name="replies pause",
    hours=BusinessHours.always(tz="Europe/Amsterdam"),
    targets=[
        Target(
            metric="first_response",
            duration=timedelta(hours=8),
            pauses_on=["waiting_on_customer"],
        )
    ],
)
_TWO = BusinessHours.always(tz="Europe/Amsterdam")
US = np.array(["2025-01-06T09:00"], dtype="datetime64[us]")


@dataclass(frozen=True)
class Case:
    """One bad input and the error it must raise."""

    call: Callable[[], object]
    error: type[Exception]
    message: str  # a regex the message must match (re.search)
    type: str | None = None  # for a ValidationError: its one error's type ...
    loc: tuple[str | int, ...] | None = None  # ... and location


def invalid(
    call: Callable[[], object], error_type: str, loc: tuple[str | int, ...], message: str
) -> Case:
    return Case(call, ValidationError, message, error_type, loc)


class _NoOffset(tzinfo):
    """A tzinfo that knows no offset: an aware-looking but naive datetime."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def _load(name: str, content: bytes | None, *, folder: bool = False) -> object:
    """``load_policy`` of a file ``name`` holding ``content`` (None: no such file)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        if folder:
            path.mkdir()
        elif content is not None:
            path.write_bytes(content)
        return load_policy(path)


def _policy(**changes: Any) -> ServiceLevelPolicy:
    data: dict[str, Any] = {
        "name": "Support",
        "hours": OFFICE_NL,
        "channels": ["email"],
        "targets": [{"metric": "first_response", "channel": "email", "duration": "PT8H"}],
    }
    return ServiceLevelPolicy.model_validate({**data, **changes})


def _templates(**changes: Any) -> ReplyTemplates:
    return ReplyTemplates.model_validate({**ENGLISH, **changes})


def _email(*events: tuple[str, timedelta]) -> Contact:
    return Contact(
        channel=Channel.EMAIL,
        received_at=MONDAY,
        events=[{"kind": kind, "at": MONDAY + offset} for kind, offset in events],
    )


_TARGET = {"metric": "first_response", "channel": "email", "duration": "PT8H"}
_FIX_ZONE = r"Use a name such as 'Europe/Amsterdam'"

CASES = {
    # -- Naive datetimes -------------------------------------------------------------
    "naive received_at": invalid(
        lambda: Contact(channel="email", received_at=datetime(2025, 1, 6, 9)),  # noqa: DTZ001
        "naive_datetime",
        ("received_at",),
        r"received_at=2025-01-06T09:00:00 is a naive datetime .* tzinfo=ZoneInfo",
    ),
    "naive received_at from text": invalid(
        lambda: Contact.model_validate_json(
            '{"channel": "email", "received_at": "2025-01-06T09:00"}'
        ),
        "naive_datetime",
        ("received_at",),
        r"naive datetime",
    ),
    "received_at whose tzinfo has no offset": invalid(
        lambda: Contact(channel="email", received_at=datetime(2025, 1, 6, 9, tzinfo=_NoOffset())),
        "naive_datetime",
        ("received_at",),
        r"naive datetime",
    ),
    "naive event": invalid(
        lambda: ContactEvent(kind=EventKind.AGENT_REPLY, at=datetime(2025, 1, 6, 9)),  # noqa: DTZ001
        "naive_datetime",
        ("at",),
        r"at=2025-01-06T09:00:00 is a naive datetime",
    ),
    "naive event in a contact": invalid(
        lambda: Contact(
            channel="email",
            received_at=MONDAY,
            events=[{"kind": "agent_reply", "at": datetime(2025, 1, 6, 10)}],  # noqa: DTZ001
        ),
        "naive_datetime",
        ("events", 0, "at"),
        r"naive datetime",
    ),
    "naive start": Case(
        lambda: add_business_time(OFFICE_NL, datetime(2025, 1, 6, 9), HOUR),  # noqa: DTZ001
        NaiveDatetimeError,
        r"start=2025-01-06T09:00:00 is a naive datetime",
    ),
    # -- Time zones ------------------------------------------------------------------
    "unknown zone": invalid(
        lambda: BusinessHours.weekly({}, tz="Mars/Olympus"),
        "unknown_time_zone",
        ("tz",),
        rf"Unknown time zone 'Mars/Olympus'.*{_FIX_ZONE}",
    ),
    "zone with a typo": invalid(
        lambda: BusinessHours.weekly({}, tz="Europe/Amsterdm"),
        "unknown_time_zone",
        ("tz",),
        r"Did you mean 'Europe/Amsterdam'\?",
    ),
    "zone in the wrong case": invalid(
        lambda: BusinessHours.weekly({}, tz="europe/amsterdam"),
        "unknown_time_zone",
        ("tz",),
        r"Did you mean 'Europe/Amsterdam'\?",
    ),
    "300-character zone": invalid(
        lambda: BusinessHours.weekly({}, tz="A" * 300),
        "unknown_time_zone",
        ("tz",),
        rf"Unknown time zone 'A{{57}}\.\.\.'.*{_FIX_ZONE}",
    ),
    "zone with a NUL byte": invalid(
        lambda: BusinessHours.weekly({}, tz="Europe/Amster\x00dam"),
        "unknown_time_zone",
        ("tz",),
        r"Unknown time zone 'Europe/Amster\\x00dam'",
    ),
    "zone path outside the database": invalid(
        lambda: BusinessHours.weekly({}, tz="../etc/passwd"),
        "unknown_time_zone",
        ("tz",),
        r"Unknown time zone '\.\./etc/passwd'",
    ),
    "empty zone": invalid(
        lambda: BusinessHours.weekly({}, tz=""),
        "unknown_time_zone",
        ("tz",),
        r"Unknown time zone ''",
    ),
    "zone localtime": invalid(
        lambda: BusinessHours.weekly({}, tz="localtime"),
        "unknown_time_zone",
        ("tz",),
        r"'localtime' does not name a place.*differ between machines.*'Europe/Amsterdam'",
    ),
    "zone posixrules": invalid(
        lambda: BusinessHours.weekly({}, tz="posixrules"),
        "unknown_time_zone",
        ("tz",),
        r"'posixrules' does not name a place",
    ),
    "zone Factory": invalid(
        lambda: BusinessHours.weekly({}, tz="Factory"),
        "unknown_time_zone",
        ("tz",),
        r"'Factory' does not name a place",
    ),
    "zone with leap seconds": Case(
        lambda: zone("right/Europe/Amsterdam"),
        UnknownTimeZoneError,
        r"'right/Europe/Amsterdam' does not name a place",
    ),
    "zone from the posix folder": Case(
        lambda: zone("posix/Europe/Amsterdam"),
        UnknownTimeZoneError,
        r"'posix/Europe/Amsterdam' does not name a place",
    ),
    "zone asked directly": Case(
        lambda: zone("localtime"), UnknownTimeZoneError, r"'localtime' does not name a place"
    ),
    # -- Holiday calendars -------------------------------------------------------------
    "unknown holiday country": invalid(
        lambda: HolidayCalendar.parse("XX"),
        "unknown_holiday_calendar",
        ("country",),
        r"Unknown holiday country 'XX'.*list_supported_countries",
    ),
    "unknown subdivision": invalid(
        lambda: HolidayCalendar.parse("DE-ZZ"),
        "unknown_holiday_calendar",
        ("subdiv",),
        r"Unknown subdivision 'ZZ' for holiday country 'DE'.*Known subdivisions: .*BY",
    ),
    "unknown holiday country in hours": invalid(
        lambda: BusinessHours.weekly({}, tz="UTC", holidays=["NL", "XX"]),
        "unknown_holiday_calendar",
        ("holidays", 1, "country"),
        r"Unknown holiday country 'XX'",
    ),
    "unknown holiday category": invalid(
        lambda: HolidayCalendar(country="NL", categories=("public", "optinal")),
        "unknown_holiday_category",
        ("categories", 1),
        r"Unknown holiday category 'optinal' for holiday country 'NL'\. Did you mean "
        r"'optional'\? Its categories: optional, public, school\.",
    ),
    "holiday name the calendar lacks": invalid(
        lambda: HolidayCalendar(country="NL", exclude=["Good Fryday"]),
        "unknown_holiday_name",
        ("exclude", 0),
        r"'Good Fryday' is not the name of a holiday in the NL calendar, so it cannot be "
        r"excluded\. Did you mean 'Good Friday'\? .*Goede vrijdag \(Good Friday\);",
    ),
    "holiday name in hours": invalid(
        lambda: BusinessHours.weekly(
            {},
            tz="UTC",
            holidays=[{"country": "DE", "subdiv": "BY", "exclude": ["Easter"]}],  # type: ignore[list-item]
        ),
        "unknown_holiday_name",
        ("holidays", 0, "exclude", 0),
        r"'Easter' is not the name of a holiday in the DE-BY calendar",
    ),
    "year the holiday calendar does not know": Case(
        lambda: is_open(
            BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", holidays="NL"),
            datetime(2102, 12, 25, 10, tzinfo=UTC),
        ),
        HolidayCalendarRangeError,
        r"the NL holiday calendar of the holidays package knows the years 1966-2100, but "
        r"business time was needed for the year 210[12].*beyond_known_years='no_holidays'",
    ),
    # -- Intervals and the weekly schedule ------------------------------------------------
    "interval without dash": invalid(
        lambda: OpeningInterval.parse("09:00"),
        "invalid_interval",
        (),
        r"'09:00' is not an interval; write it as 'HH:MM-HH:MM'",
    ),
    "interval in a schedule": invalid(
        lambda: BusinessHours.weekly({"mon": "09:00, 13:00-17:00"}, tz="UTC"),
        "invalid_interval",
        ("week", "mon", 0),
        r"'09:00' is not an interval",
    ),
    "week key that names no weekday": invalid(
        lambda: WeeklyHours.model_validate({"workdays": "09:00-17:00"}),
        "unknown_weekday",
        ("workdays",),
        r"'workdays' does not name weekdays; use 'mon'...'sun' .* ranges such as 'mon-fri'",
    ),
    "week key that repeats a weekday": invalid(
        lambda: WeeklyHours.model_validate({"mon-fri": "09:00-17:00", "fri": "10:00-12:00"}),
        "repeated_weekday",
        ("fri",),
        r"fri is named twice in the weekly schedule .* give each weekday once",
    ),
    "duration without a unit": invalid(
        lambda: Target.model_validate({"metric": "first_response", "duration": "5400"}),
        "invalid_duration",
        ("duration",),
        r"'5400' is not a duration; write an amount with a unit, e.g. '4h', .* ISO 8601",
    ),
    "interval that ends at its start": invalid(
        lambda: OpeningInterval.parse("09:00-09:00"),
        "ambiguous_interval",
        (),
        r"'09:00-09:00' is ambiguous: it reads as a 24-hour shift .* Write '00:00-24:00'",
    ),
    "time without minutes": invalid(
        lambda: OpeningInterval.parse("9-17"),
        "invalid_time_of_day",
        (),
        r"'9' is not a time of day; write it as HH:MM",
    ),
    "24:00 as a start": invalid(
        lambda: OpeningInterval.parse("24:00-06:00"),
        "invalid_time_of_day",
        (),
        r"24:00 can only end an interval; start the day at 00:00",
    ),
    "hour 25": invalid(
        lambda: OpeningInterval.parse("09:00-25:00"),
        "invalid_time_of_day",
        (),
        r"'25:00' is not a time of day between 00:00 and 24:00",
    ),
    "opening time with a zone": invalid(
        lambda: OpeningInterval(start=time(9, tzinfo=UTC), end=time(17)),
        "time_of_day_with_zone",
        ("start",),
        r"opening times are local wall times; drop the tzinfo",
    ),
    "overlapping intervals": invalid(
        lambda: WeeklyHours(mon=["09:00-13:00", "12:00-17:00"]),
        "overlapping_intervals",
        ("mon", 1),
        r"intervals mon 09:00-13:00 and mon 12:00-17:00 overlap\. Merge them",
    ),
    "night shift overlapping the morning": invalid(
        lambda: BusinessHours.weekly({"fri": "22:00-06:00", "sat": "05:00-12:00"}, tz="UTC"),
        "overlapping_intervals",
        ("week", "sat", 0),
        r"fri 22:00-06:00 and sat 05:00-12:00 overlap",
    ),
    "sunday night overlapping monday": invalid(
        lambda: WeeklyHours(sun=["22:00-06:00"], mon=["05:00-12:00"]),
        "overlapping_intervals",
        ("mon", 0),
        r"sun 22:00-06:00 and mon 05:00-12:00 overlap",
    ),
    "overlapping special hours": invalid(
        lambda: BusinessHours.weekly(
            {}, tz="UTC", special={date(2025, 12, 24): "09:00-13:00, 12:00-15:00"}
        ),
        "overlapping_intervals",
        ("special_days", 0, "hours", 1),
        r"special day 2025-12-24: intervals 09:00-13:00 and 12:00-15:00 overlap",
    ),
    "unknown day key": Case(
        lambda: BusinessHours.weekly({"mon-fry": "09:00-17:00"}, tz="UTC"),
        InvalidScheduleError,
        r"'mon-fry' does not name weekdays; use 'mon'...'sun'.*'mon-fri'",
    ),
    "day key that is not text": Case(
        lambda: BusinessHours.weekly({0: "09:00-17:00"}, tz="UTC"),  # type: ignore[dict-item]
        InvalidScheduleError,
        r"0 does not name weekdays",
    ),
    "weekday named twice": Case(
        lambda: BusinessHours.weekly({"mon-fri": "09:00-17:00", "mon": "18:00-20:00"}, tz="UTC"),
        InvalidScheduleError,
        r"mon is named twice in the weekly schedule \(again in 'mon'\); give each weekday once",
    ),
    "schedule that is not a mapping": Case(
        lambda: BusinessHours.weekly(["mon"], tz="UTC"),  # type: ignore[arg-type]
        ArgumentTypeError,
        r"schedule must be a mapping of weekdays to intervals.*not list",
    ),
    # -- Closures and special days ---------------------------------------------------------
    "closure ending before it starts": invalid(
        lambda: Closure(start=date(2025, 12, 31), end=date(2025, 12, 29)),
        "closure_reversed",
        ("end",),
        r"closure ends \(2025-12-29\) before it starts \(2025-12-31\); swap the dates",
    ),
    "closure with no closed hours": invalid(
        lambda: Closure(start=date(2025, 12, 1), hours=[]),
        "empty_closure_hours",
        ("hours",),
        r"closure 2025-12-01: hours=\[\] closes nothing; leave hours out to close whole days",
    ),
    "closed hours that overlap": invalid(
        lambda: RecurringClosure(rule="FREQ=WEEKLY;BYDAY=MO", hours="09:00-11:00, 10:00-12:00"),
        "overlapping_intervals",
        ("hours", 1),
        r"recurring closure FREQ=WEEKLY;BYDAY=MO: intervals 09:00-11:00 and 10:00-12:00 overlap",
    ),
    "special day given twice": invalid(
        lambda: BusinessHours(
            tz="UTC",
            special_days=[
                {"date": date(2025, 12, 24), "hours": "09:00-12:00"},
                {"date": date(2025, 12, 24), "hours": "13:00-15:00"},
            ],
        ),
        "duplicate_special_day",
        ("special_days", 1, "date"),
        r"special hours for 2025-12-24 are given twice; put all of that day's intervals",
    ),
    # -- Recurrence rules ---------------------------------------------------------------------
    "recurrence rule with an unknown part": invalid(
        lambda: RecurringClosure(rule="FREQ=MONTHLY;BYDAYS=1MO"),
        "invalid_recurrence_rule",
        ("rule",),
        r"recurrence rule 'FREQ=MONTHLY;BYDAYS=1MO' cannot be used: BYDAYS is not a rule part; "
        r"use FREQ, .*Write an RFC 5545 RRULE, e\.g\. 'FREQ=MONTHLY;BYDAY=1MO'",
    ),
    "recurrence rule with a bad weekday": invalid(
        lambda: BusinessHours.weekly(
            {},
            tz="UTC",
            recurring_special_days=[{"rule": "FREQ=MONTHLY;BYDAY=1XX", "hours": "10:00-12:00"}],
        ),
        "invalid_recurrence_rule",
        ("recurring_special_days", 0, "rule"),
        r"BYDAY=1XX: '1XX' is not a weekday such as MO, 1MO or -1FR",
    ),
    "recurrence rule by the hour": invalid(
        lambda: RecurringClosure(rule="FREQ=HOURLY;INTERVAL=2"),
        "invalid_recurrence_rule",
        ("rule",),
        r"FREQ=HOURLY repeats within a day, but a rule picks dates; use DAILY",
    ),
    "recurrence rule that never picks a date": invalid(
        lambda: RecurringSpecialDay(rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
        "invalid_recurrence_rule",
        ("rule",),
        r"it picks no date in the 400 years after its start, so it never does",
    ),
    "recurrence rule that needs a start": invalid(
        lambda: RecurringClosure(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        "invalid_recurrence_rule",
        ("rule",),
        r"its dates depend on the date it starts from \(its INTERVAL counts from it\); give start=",
    ),
    "recurrence rule with COUNT and UNTIL": invalid(
        lambda: RecurringClosure(rule="FREQ=DAILY;COUNT=3;UNTIL=20251231", start=date(2025, 1, 1)),
        "invalid_recurrence_rule",
        ("rule",),
        r"COUNT and UNTIL cannot both be given \(RFC 5545\); keep one",
    ),
    "recurrence rule until a UTC time": invalid(
        lambda: RecurringClosure(rule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20251231T230000Z"),
        "invalid_recurrence_rule",
        ("rule",),
        r"UNTIL=20251231T230000Z is a UTC time, but a rule picks local dates; write the last "
        r"date as UNTIL=YYYYMMDD",
    ),
    "empty recurrence rule": invalid(
        lambda: RecurringClosure(rule="  "),
        "invalid_recurrence_rule",
        ("rule",),
        r"the recurrence rule is empty",
    ),
    # -- Schedules that cannot answer ---------------------------------------------------------
    "schedule without openings": Case(
        lambda: next_open(BusinessHours.weekly({}, tz="UTC"), MONDAY),
        NoOpeningHoursError,
        r"no opening interval at all.*Add weekly intervals",
    ),
    "schedule that never closes": Case(
        lambda: next_close(BusinessHours.always(), MONDAY),
        NeverClosesError,
        r"around the clock.*is_open\(\)",
    ),
    # -- Names of the vocabulary -----------------------------------------------------------------
    "unknown channel": Case(
        lambda: Channel("fax"),
        UnknownNameError,
        r"'fax' is not a valid Channel\. Use one of: 'phone', 'live_chat', 'email'",
    ),
    "unknown priority": Case(
        lambda: Priority("asap"),
        UnknownNameError,
        r"'asap' is not a valid Priority\. Use one of: 'low', 'normal', 'high', 'urgent'\.",
    ),
    "priority in the wrong case": Case(
        lambda: Priority("High"), UnknownNameError, r"Did you mean 'high'\?"
    ),
    "unknown sector": Case(
        lambda: policy_for("bank", "b2c"),
        UnknownNameError,
        r"'bank' is not a valid Sector\. Use one of: 'finance',",
    ),
    "unknown market": Case(
        lambda: policy_for("retail", "b2x"),
        UnknownNameError,
        r"'b2x' is not a valid Market\. Use one of: 'b2b', 'b2c'\.",
    ),
    "unknown sector profile": Case(
        lambda: sector_profile("banking"), UnknownNameError, r"'banking' is not a valid Sector"
    ),
    "unknown kpi": Case(
        lambda: classify_kpi("xyz", 1),
        UnknownNameError,
        r"'xyz' is not a valid Kpi\. Use one of: 'csat', 'nps', 'first_contact_resolution'\.",
    ),
    "unknown channel of an auto-reply": Case(
        lambda: auto_reply("fax", MONDAY, RETAIL),
        UnknownNameError,
        r"'fax' is not a valid Channel",
    ),
    "unknown event kind": Case(
        lambda: _email().with_event("called", MONDAY + HOUR),
        UnknownNameError,
        r"'called' is not a valid EventKind\. Did you mean 'cancelled'\? Use one of: 'customer_message',",
    ),
    "unknown channel in a model": invalid(
        lambda: Contact(channel="fax", received_at=MONDAY),
        "enum",
        ("channel",),
        r"Input should be 'phone', 'live_chat', 'email'",
    ),
    # -- KPIs --------------------------------------------------------------------------------------
    "kpi off its scale": Case(
        lambda: classify_kpi("csat", 6),
        KpiOutOfRangeError,
        r"csat must lie between 1 and 5, got 6",
    ),
    "fcr as a percentage": Case(
        lambda: classify_kpi("first_contact_resolution", 82),
        KpiOutOfRangeError,
        r"give first-contact resolution as a share, e.g\. 0\.82",
    ),
    "kpi value as text": Case(
        lambda: classify_kpi("csat", "4.5"),  # type: ignore[arg-type]
        ArgumentTypeError,
        r"value must be a number, not str",
    ),
    # -- Contacts ------------------------------------------------------------------------------------
    "event before receipt": invalid(
        lambda: _email(("agent_reply", -HOUR)),
        "event_before_receipt",
        (),
        r"events\[0\] \(agent_reply at 2025-01-06T07:00:00\+00:00\) is before the contact was "
        r"received",
    ),
    "events out of order": invalid(
        lambda: _email(("customer_reply", 2 * HOUR), ("agent_reply", HOUR)),
        "events_out_of_order",
        (),
        r"events\[1\] .* is earlier than the event before it",
    ),
    "reopen unresolved": invalid(
        lambda: _email(("reopened", HOUR)),
        "reopen_without_resolution",
        (),
        r"events\[0\] .*reopen",
    ),
    "resolve twice": invalid(
        lambda: _email(("resolved", HOUR), ("resolved", 2 * HOUR)),
        "already_resolved",
        (),
        r"events\[1\] .*already resolved",
    ),
    "event without its field": invalid(
        lambda: ContactEvent(kind="priority_changed", at=MONDAY),
        "event_missing_field",
        (),
        r"priority_changed events need priority",
    ),
    "event with a field of another kind": invalid(
        lambda: ContactEvent(kind="agent_reply", at=MONDAY, priority="high"),
        "event_unexpected_field",
        (),
        r"agent_reply events take no priority",
    ),
    "event after cancellation": invalid(
        lambda: Contact(
            channel="email",
            received_at=MONDAY,
            events=[
                {"kind": "cancelled", "at": MONDAY + HOUR, "reason": "spam"},
                {"kind": "agent_reply", "at": MONDAY + 2 * HOUR},
            ],
        ),
        "event_after_cancellation",
        (),
        r"comes after the contact was cancelled",
    ),
    "due date before receipt": invalid(
        lambda: Contact(
            channel="email",
            received_at=MONDAY,
            events=[
                {
                    "kind": "due_date_set",
                    "at": MONDAY + HOUR,
                    "metric": "first_response",
                    "due": MONDAY - HOUR,
                }
            ],
        ),
        "due_before_receipt",
        (),
        r"the due date .* is before the co",
    ),
    "attribute without a name": invalid(
        lambda: Contact(channel="email", received_at=MONDAY, attributes={"": "x"}),
        "empty_attribute_name",
        ("attributes",),
        r"an attribute has an empty name",
    ),
    "warning with both a share and time left": invalid(
        lambda: Target(
            metric="first_response", duration=HOUR, warnings=[{"share": 0.5, "left": "5min"}]
        ),
        "invalid_warning",
        ("warnings", 0),
        r"either a share of the target .* or the time left",
    ),
    "warning left longer than the target": invalid(
        lambda: Target(metric="first_response", duration=HOUR, warnings=[{"left": "2h"}]),
        "invalid_warning",
        (),
        r"falls before the target of 1:00:00 starts",
    ),
    "escalations out of order": invalid(
        lambda: Target(metric="first_response", duration=HOUR, escalations=["1h", "0min"]),
        "invalid_escalation",
        ("escalations", 1),
        r"list the escalations in order",
    ),
    "working days in hours": invalid(
        lambda: Target(metric="first_response", duration="36h", clock="working_days"),
        "invalid_working_days",
        ("duration",),
        r"counts whole working days, but its duration is 1 day, 12:00:00",
    ),
    "working days on the calendar clock": invalid(
        lambda: Target(metric="first_response", duration="2 working days", clock="calendar"),
        "invalid_working_days",
        (),
        r"counts working days, but clock is 'calendar'",
    ),
    "internal target for the next response": invalid(
        lambda: Target(metric="next_response", duration=HOUR, group="second line"),
        "internal_target_metric",
        (),
        r"the internal target of group 'second line' measures next_response",
    ),
    "new cycles on a reply clock": invalid(
        lambda: Target(metric="first_response", duration=HOUR, reopen_starts_new_cycle=True),
        "reopen_cycle_not_applicable",
        (),
        r"reopen_starts_new_cycle only applies to the resolution clocks",
    ),
    "offline fallback to itself": invalid(
        lambda: ServiceLevelPolicy(
            name="x",
            hours=_TWO,
            targets=[Target(metric="first_response", duration=HOUR)],
            channels=["live_chat", "email"],
            offline_fallback={"live_chat": "live_chat"},
        ),
        "fallback_to_itself",
        (),
        r"offline_fallback maps live_chat to itself",
    ),
    "offline fallback to an unsupported channel": invalid(
        lambda: ServiceLevelPolicy(
            name="x",
            hours=_TWO,
            targets=[Target(metric="first_response", duration=HOUR)],
            channels=["live_chat"],
            offline_fallback={"live_chat": "email"},
        ),
        "fallback_channel_unsupported",
        (),
        r"offline_fallback names email, which is not in channels",
    ),
    "an instant that is not a datetime": Case(
        lambda: next_open(OFFICE, "2025-01-06T09:00+01:00"),  # type: ignore[arg-type]
        ArgumentTypeError,
        r"at must be a datetime\.datetime, not str",
    ),
    "working days that are not whole": Case(
        lambda: add_working_days(OFFICE, MONDAY, 1.5),  # type: ignore[arg-type]
        ArgumentTypeError,
        r"days must be a whole number of working days \(an int\), not float",
    ),
    "now before receipt": Case(
        lambda: breach_status(_email(), RETAIL, now=MONDAY - HOUR),
        NowBeforeReceiptError,
        r"now=2025-01-06T08:00:00\+01:00 is before the contact was received",
    ),
    "open pause has no deadline": Case(
        lambda: response_deadline(_email(("paused", HOUR)), _PAUSING_REPLIES),
        ContactPausedError,
        r"the contact is waiting.*add an 'open' event",
    ),
    "auto-reply to another receipt": Case(
        lambda: auto_reply(_email(), MONDAY + HOUR, RETAIL),
        ReceiptMismatchError,
        r"differs from the contact's receipt.*pass the contact's received_at",
    ),
    # -- Policies ------------------------------------------------------------------------------------
    "zero target": invalid(
        lambda: Target(metric="first_response", duration=timedelta(0)),
        "non_positive_duration",
        ("duration",),
        r"target duration must be positive, got 0:00:00; a promise",
    ),
    "negative target in a policy": invalid(
        lambda: _policy(
            targets=[_TARGET, {**_TARGET, "metric": "resolution", "duration": "-PT1H"}]
        ),
        "non_positive_duration",
        ("targets", 1, "duration"),
        r"must be positive",
    ),
    "negative target without channels": invalid(
        lambda: _policy(
            channels=[], targets=[_TARGET, {**_TARGET, "priority": "high", "duration": "-PT1H"}]
        ),
        "non_positive_duration",
        ("targets", 1, "duration"),
        r"must be positive",
    ),
    "target given twice": invalid(
        lambda: _policy(targets=[_TARGET, _TARGET]),
        "duplicate_target",
        ("targets", 1),
        r"two targets for first_response on channel email with priority any; keep one",
    ),
    "channel listed twice": invalid(
        lambda: _policy(channels=["email", "email"]),
        "duplicate_channel",
        ("channels", 1),
        r"channel email is listed twice in channels; list each once",
    ),
    "target for an unlisted channel": invalid(
        lambda: _policy(targets=[{**_TARGET, "channel": "phone"}]),
        "unlisted_channel",
        ("targets", 0, "channel"),
        r"target is set for channel phone, which is not in channels \(email\); add the channel",
    ),
    "hours for an unlisted channel": invalid(
        lambda: _policy(channel_hours={"phone": OFFICE_NL}),
        "unlisted_channel",
        ("channel_hours", "phone"),
        r"hours are set for channel phone, which is not in channels \(email\)",
    ),
    "unsupported channel has no target": Case(
        lambda: RETAIL.require_target(Channel.MESSAGING, Priority.NORMAL, Metric.FIRST_RESPONSE),
        NoTargetError,
        r"does not support channel messaging; it supports .* Route the contact",
    ),
    # -- Policy sets ---------------------------------------------------------------------------------
    "policy-set rule after the default": invalid(
        lambda: PolicySet(
            name="desk", rules=[PolicyRule(policy=RETAIL), PolicyRule(policy=RETAIL)]
        ),
        "unreachable_rule",
        ("rules", 1),
        r"rule 0 \('.*'\) has no conditions, so it matches every contact .* move it to the end",
    ),
    "no policy-set rule matches": Case(
        lambda: PolicySet(
            name="desk", rules=[PolicyRule(when=Conditions(channels=["phone"]), policy=RETAIL)]
        ).select(Contact(channel="email", received_at=MONDAY)),
        NoMatchingPolicyError,
        r"none of the 1 rules of policy set 'desk' matches this email contact .* add a last rule",
    ),
    # -- Policy files -------------------------------------------------------------------------------
    "policy file with another suffix": Case(
        lambda: _load("policy.yaml", b"name: x"),
        InvalidPolicyFileError,
        r"policy\.yaml: unsupported file type '\.yaml'; a policy file must end in \.json or \.toml",
    ),
    "policy file without suffix": Case(
        lambda: _load("policy", b"{}"),
        InvalidPolicyFileError,
        r"unsupported file type '\(no suffix\)'",
    ),
    "missing policy file": Case(
        lambda: _load("policy.toml", None),
        InvalidPolicyFileError,
        r"policy\.toml: no such file; check the path",
    ),
    "policy path is a folder": Case(
        lambda: _load("policy.json", None, folder=True),
        InvalidPolicyFileError,
        r"policy\.json: cannot be read \(Is a directory\)",
    ),
    "toml syntax error": Case(
        lambda: _load("policy.toml", b'name = "x"\nhours = \n'),
        InvalidPolicyFileError,
        r"policy\.toml: not valid TOML: .*line 2.*Fix the syntax",
    ),
    "json syntax error": Case(
        lambda: _load("policy.json", b'{"name": "x",\n'),
        InvalidPolicyFileError,
        r"policy\.json: not valid JSON: .*line \d+ column \d+\. Fix the syntax",
    ),
    "policy file not utf-8": Case(
        lambda: _load("policy.toml", 'name = "caf\xe9"'.encode("latin-1")),
        InvalidPolicyFileError,
        r"policy\.toml: not UTF-8 \(byte 0xe9 on line 1\); save the file as UTF-8",
    ),
    "policy file over the size limit": Case(
        lambda: _load("policy.json", b" " * (2 * 1024 * 1024 + 1)),
        LimitExceededError,
        r"policy\.json: larger than 2,097,152 bytes, the most load_policy reads",
    ),
    "policy file with bad content": invalid(
        lambda: _load(
            "policy.json", json.dumps({**RETAIL.model_dump(mode="json"), "name": ""}).encode()
        ),
        "string_too_short",
        ("name",),
        r"at least 1 character",
    ),
    # -- Templates ------------------------------------------------------------------------------------
    "locale babel does not know": invalid(
        lambda: _templates(locale="xx_QQ"),
        "unknown_locale",
        ("locale",),
        r"Babel does not know the locale 'xx_QQ'.*use a locale such as 'nl'",
    ),
    "template that is no format string": invalid(
        lambda: _templates(answer_by="by {deadline"),
        "invalid_template",
        ("answer_by",),
        r"template 'answer_by' is not a valid format string .*write a literal brace as \{ or \}",
    ),
    "unknown placeholder": invalid(
        lambda: _templates(answer_by="by {deadlin}"),
        "unknown_placeholder",
        ("answer_by",),
        r"'answer_by' uses unknown placeholder\(s\) \{deadlin\}; it may use: \{deadline\}",
    ),
    "channel without a name": invalid(
        lambda: _templates(channel_names={"email": "email"}),
        "missing_channel_name",
        ("channel_names",),
        r"channel_names lacks phone, live_chat, social_media.*name every channel",
    ),
    "too many upcoming days": Case(
        lambda: describe_hours(OFFICE_NL, "en", upcoming_from=date(2025, 1, 1), days=2_000_000),
        LimitExceededError,
        r"days must be between 0 and 366, not 2000000",
    ),
    "locale without templates": Case(
        lambda: describe_hours(OFFICE_NL, "de"),
        UnsupportedLocaleError,
        r"no auto-reply templates for locale 'de'; supported locales: en, en-GB, en-US, nl, nl-formal\. Pass templates=",
    ),
    # -- NumPy arrays -----------------------------------------------------------------------------------
    "timedelta.max in the array path": Case(
        lambda: add_business_time_array(OFFICE_NL, US, timedelta.max),
        OutOfRangeError,
        r"durations=999999999 days.* is longer than the whole span datetime can represent",
    ),
    "huge timedelta64 in the array path": Case(
        lambda: add_business_time_array(OFFICE_NL, US, np.array([10**12], dtype="timedelta64[D]")),
        OutOfRangeError,
        r"durations=1000000000000 days is longer",
    ),
    "start outside the years of the index in the array path": Case(
        lambda: add_business_time_array(
            OFFICE_NL, np.array(["9999-06-01"], dtype="datetime64[us]"), HOUR
        ),
        OutOfRangeError,
        r"business time would have to be computed for the year 9999",
    ),
    "start in seconds beyond datetime64[us]": Case(
        lambda: add_business_time_array(OFFICE_NL, np.array([2**60], dtype="datetime64[s]"), HOUR),
        OutOfRangeError,
        r"computed for the year 36\d+; servicelevel computes it for instants in the years 2-9997",
    ),
    "shapes that do not broadcast": Case(
        lambda: add_business_time_array(
            OFFICE_NL, np.repeat(US, 3), np.array([1, 2], dtype="timedelta64[h]")
        ),
        InvalidArrayError,
        r"starts has shape \(3,\) and durations has shape \(2,\), which do not broadcast",
    ),
    "ends that do not broadcast": Case(
        lambda: business_time_between_array(OFFICE_NL, np.repeat(US, 3), np.repeat(US, 2)),
        InvalidArrayError,
        r"starts has shape \(3,\) and ends has shape \(2,\)",
    ),
    "starts that are numbers": Case(
        lambda: add_business_time_array(OFFICE_NL, np.array([1.5]), HOUR),
        ArgumentTypeError,
        r"starts: expected datetime64 values \(UTC\), got dtype float64; convert aware pandas",
    ),
    "durations that are numbers": Case(
        lambda: add_business_time_array(OFFICE_NL, US, np.array([1])),
        ArgumentTypeError,
        r"durations: expected a timedelta or timedelta64 values, got dtype int64; convert",
    ),
}


@pytest.mark.parametrize("case", [pytest.param(case, id=name) for name, case in CASES.items()])
def test_bad_input_raises_its_documented_error(case: Case) -> None:
    with pytest.raises(case.error) as raised:
        case.call()
    error = raised.value
    if isinstance(error, ValidationError):
        (detail,) = error.errors()
        assert (detail["type"], detail["loc"]) == (case.type, case.loc)
        assert re.search(case.message, detail["msg"]), detail["msg"]
    else:
        assert type(error) is case.error
        assert re.search(case.message, str(error)), str(error)


ERROR_CLASSES = sorted(
    (
        value
        for value in vars(_errors).values()
        if inspect.isclass(value)
        and issubclass(value, Exception)
        and value.__module__ == _errors.__name__
    ),
    key=lambda cls: cls.__name__,
)
SUBCLASSES = [cls for cls in ERROR_CLASSES if cls is not ServiceLevelError]


@pytest.mark.parametrize("cls", SUBCLASSES, ids=lambda cls: cls.__name__)
def test_every_error_is_a_service_level_error_and_a_builtin(cls: type[Exception]) -> None:
    assert issubclass(cls, ServiceLevelError)
    assert issubclass(cls, ValueError | TypeError | LookupError | OverflowError)
    assert "How to fix it" in (cls.__doc__ or "")


@pytest.mark.parametrize("cls", SUBCLASSES, ids=lambda cls: cls.__name__)
def test_every_error_builds_its_messages_in_factories(cls: type[Exception]) -> None:
    factories = [name for name in vars(cls) if name.startswith("for_")]
    assert factories, f"{cls.__name__} has no for_... factory"


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_error_is_exported_and_documented(cls: type[Exception]) -> None:
    assert cls.__name__ in servicelevel.__all__
    assert getattr(servicelevel, cls.__name__) is cls
    assert f"## `{cls.__name__}`" in DOCS.read_text(encoding="utf-8")


#: Errors that reach the caller only as the message of a stable validation error type.
ONLY_IN_VALIDATION = {UnknownHolidayCalendarError: "unknown_holiday_calendar"}


def test_every_error_class_is_raised_by_some_row() -> None:
    raised = {case.error for case in CASES.values()}
    assert set(SUBCLASSES) - raised == set(ONLY_IN_VALIDATION)
    assert set(ONLY_IN_VALIDATION.values()) <= {case.type for case in CASES.values()}


def test_every_stable_error_type_is_produced_and_documented() -> None:
    assert set(ERROR_TYPES) == set(get_args(_errors.ErrorType))
    produced = {case.type for case in CASES.values()}
    assert set(ERROR_TYPES) - produced == set()
    docs = DOCS.read_text(encoding="utf-8")
    assert [name for name in ERROR_TYPES if f"`{name}`" not in docs] == []


def test_an_undocumented_error_type_cannot_be_raised() -> None:
    with pytest.raises(KeyError, match="not a documented error type"):
        _errors.custom_error("made_up", "message")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "error",
    [
        UnknownTimeZoneError.for_key("Mars/Olympus"),
        UnknownHolidayCalendarError.for_country("XX"),
        UnknownNameError.for_enum(Channel, "fax"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_typed_errors_are_caught_as_value_errors(error: ServiceLevelError) -> None:
    with pytest.raises(ValueError, match=re.escape(str(error))):
        raise error
