"""servicelevel: typed service-level modelling.

Business hours, response deadlines, breach status and truthful auto-replies,
as frozen pydantic models and pure functions. This module is the whole public
API: every name below is exported here, and everything else lives in private
modules. Optional extras are small public modules of their own:
:mod:`servicelevel.arrays` (NumPy), :mod:`servicelevel.frames` (pandas and
Dask), :mod:`servicelevel.plots` (matplotlib), :mod:`servicelevel.io` and
:mod:`servicelevel.synthetic` (help-desk exports and generated contacts) and
:mod:`servicelevel.strategies` (hypothesis).

Time zones: every datetime a function returns is an aware datetime in the
zone of the business hours that decided it (``hours.tz``; for a contact, the
hours of its channel under the policy), as ``hours.zone``. Inputs
may be in any zone; they are compared as instants, never as wall times.

Names are loaded on first use, so ``import servicelevel`` stays cheap.

Example:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> import servicelevel as sl
    >>> hours = sl.BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam",
    ...                                 holidays="NL")
    >>> received = datetime(2025, 12, 24, 16, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    >>> sl.add_business_time(hours, received, timedelta(hours=8)).isoformat()
    '2025-12-29T16:00:00+01:00'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = (  # noqa: RUF022 - grouped by topic, as the docs are
    # Business hours
    "BusinessHours",
    "CombinedHours",
    "Schedule",
    "Closure",
    "ClosedReason",
    "DUTCH_OFFICE_HOURS",
    "HolidayCalendar",
    "OpeningInterval",
    "RecurringClosure",
    "RecurringSpecialDay",
    "SpecialDay",
    "TimeZoneName",
    "WeeklyHours",
    # Business-time arithmetic
    "add_business_time",
    "business_time_between",
    "is_open",
    "next_close",
    "next_open",
    "next_opening_after",
    "previous_close",
    "previous_open",
    "add_working_days",
    "working_days_between",
    "working_day",
    "start_of_working_day",
    "end_of_working_day",
    # Vocabulary
    "Channel",
    "Clock",
    "Market",
    "Metric",
    "Priority",
    "Sector",
    "Wait",
    # Sectors and the research behind the defaults
    "Automation",
    "DriverLevel",
    "ExpectationDrivers",
    "SectorProfile",
    "sector_profile",
    "ChannelGap",
    "ExpectationGap",
    "expectation_gap",
    # Policies
    "ServiceLevelPolicy",
    "Target",
    "WarningLevel",
    "load_policy",
    "load_policy_set",
    "PolicySet",
    "PolicyRule",
    "Conditions",
    "json_schema",
    "SCHEMA_KINDS",
    "policy_for",
    # Contacts and their status
    "Contact",
    "ContactEvent",
    "EventKind",
    "MetricCycle",
    "MetricStatus",
    "InternalStatus",
    "SlaState",
    "SlaStatus",
    "breach_status",
    "response_deadline",
    # Measuring service
    "ComplianceRow",
    "InternalComplianceRow",
    "Kpi",
    "KpiBand",
    "classify_kpi",
    "summarise_compliance",
    "summarise_internal_compliance",
    "LearnedWait",
    "LearnedWaits",
    "learn_waits",
    # Texts
    "AutoReply",
    "BUILT_IN_TEMPLATES",
    "FORMAL_SECTORS",
    "Register",
    "ReplyTemplates",
    "auto_reply",
    "describe_hours",
    # Errors
    "ERROR_TYPES",
    "ArgumentTypeError",
    "ContactPausedError",
    "HolidayCalendarRangeError",
    "InvalidArrayError",
    "InvalidPolicyFileError",
    "InvalidScheduleError",
    "KpiOutOfRangeError",
    "LimitExceededError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NoOpeningHoursError",
    "NoMatchingPolicyError",
    "NoTargetError",
    "NowBeforeReceiptError",
    "OutOfRangeError",
    "ReceiptMismatchError",
    "ServiceLevelError",
    "UnknownHolidayCalendarError",
    "UnknownNameError",
    "UnknownTimeZoneError",
    "UnsupportedLocaleError",
    # Package
    "__version__",
)

#: Where each public name lives; a name is imported the first time it is asked for.
_HOMES: dict[str, str] = {
    "BusinessHours": "_hours",
    "CombinedHours": "_combined",
    "json_schema": "_json_schema",
    "PolicySet": "_policy_set",
    "PolicyRule": "_policy_set",
    "Conditions": "_policy_set",
    "SCHEMA_KINDS": "_json_schema",
    "Schedule": "_combined",
    "Closure": "_hours",
    "SpecialDay": "_hours",
    "RecurringClosure": "_recurrence",
    "RecurringSpecialDay": "_recurrence",
    "ClosedReason": "_day_rules",
    "DUTCH_OFFICE_HOURS": "_defaults",
    "HolidayCalendar": "_holidays",
    "OpeningInterval": "_intervals",
    "WeeklyHours": "_intervals",
    "TimeZoneName": "_zones",
    "add_business_time": "_business_time",
    "business_time_between": "_business_time",
    "is_open": "_business_time",
    "next_close": "_business_time",
    "next_open": "_business_time",
    "next_opening_after": "_business_time",
    "previous_close": "_business_time",
    "previous_open": "_business_time",
    "add_working_days": "_working_days",
    "end_of_working_day": "_working_days",
    "start_of_working_day": "_working_days",
    "working_day": "_working_days",
    "working_days_between": "_working_days",
    "Channel": "_vocabulary",
    "Clock": "_vocabulary",
    "Market": "_vocabulary",
    "Metric": "_vocabulary",
    "Priority": "_vocabulary",
    "Sector": "_vocabulary",
    "Wait": "_vocabulary",
    "Automation": "_research",
    "DriverLevel": "_research",
    "ExpectationDrivers": "_sectors",
    "SectorProfile": "_sectors",
    "sector_profile": "_sectors",
    "ChannelGap": "_expectations",
    "ExpectationGap": "_expectations",
    "expectation_gap": "_expectations",
    "ServiceLevelPolicy": "_policy",
    "Target": "_policy",
    "WarningLevel": "_policy",
    "load_policy": "_files",
    "load_policy_set": "_files",
    "policy_for": "_defaults",
    "Contact": "_contact",
    "ContactEvent": "_contact",
    "EventKind": "_contact",
    "MetricCycle": "_status",
    "MetricStatus": "_status",
    "InternalStatus": "_status",
    "SlaState": "_status",
    "SlaStatus": "_status",
    "breach_status": "_status",
    "response_deadline": "_status",
    "ComplianceRow": "_kpi",
    "InternalComplianceRow": "_kpi",
    "Kpi": "_kpi",
    "KpiBand": "_kpi",
    "classify_kpi": "_kpi",
    "summarise_compliance": "_kpi",
    "summarise_internal_compliance": "_kpi",
    "LearnedWait": "_learned_waits",
    "LearnedWaits": "_learned_waits",
    "learn_waits": "_learned_waits",
    "AutoReply": "_auto_reply",
    "BUILT_IN_TEMPLATES": "_templates",
    "FORMAL_SECTORS": "_templates",
    "Register": "_templates",
    "ReplyTemplates": "_templates",
    "auto_reply": "_auto_reply",
    "describe_hours": "_describe",
    "ERROR_TYPES": "_errors",
    "ArgumentTypeError": "_errors",
    "ContactPausedError": "_errors",
    "HolidayCalendarRangeError": "_errors",
    "InvalidArrayError": "_errors",
    "InvalidPolicyFileError": "_errors",
    "InvalidScheduleError": "_errors",
    "KpiOutOfRangeError": "_errors",
    "LimitExceededError": "_errors",
    "NaiveDatetimeError": "_errors",
    "NeverClosesError": "_errors",
    "NoOpeningHoursError": "_errors",
    "NoMatchingPolicyError": "_errors",
    "NoTargetError": "_errors",
    "NowBeforeReceiptError": "_errors",
    "OutOfRangeError": "_errors",
    "ReceiptMismatchError": "_errors",
    "ServiceLevelError": "_errors",
    "UnknownHolidayCalendarError": "_errors",
    "UnknownNameError": "_errors",
    "UnknownTimeZoneError": "_errors",
    "UnsupportedLocaleError": "_errors",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        value: Any = version("servicelevel")
    elif name in _HOMES:
        value = getattr(import_module(f"servicelevel.{_HOMES[name]}"), name)
    else:
        raise AttributeError(f"module 'servicelevel' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # pragma: no cover - what type checkers and IDEs see
    from servicelevel._auto_reply import AutoReply, auto_reply
    from servicelevel._business_time import (
        add_business_time,
        business_time_between,
        is_open,
        next_close,
        next_open,
        next_opening_after,
        previous_close,
        previous_open,
    )
    from servicelevel._combined import CombinedHours, Schedule
    from servicelevel._contact import Contact, ContactEvent, EventKind
    from servicelevel._day_rules import ClosedReason
    from servicelevel._defaults import DUTCH_OFFICE_HOURS, policy_for
    from servicelevel._describe import describe_hours
    from servicelevel._errors import (
        ERROR_TYPES,
        ArgumentTypeError,
        ContactPausedError,
        HolidayCalendarRangeError,
        InvalidArrayError,
        InvalidPolicyFileError,
        InvalidScheduleError,
        KpiOutOfRangeError,
        LimitExceededError,
        NaiveDatetimeError,
        NeverClosesError,
        NoMatchingPolicyError,
        NoOpeningHoursError,
        NoTargetError,
        NowBeforeReceiptError,
        OutOfRangeError,
        ReceiptMismatchError,
        ServiceLevelError,
        UnknownHolidayCalendarError,
        UnknownNameError,
        UnknownTimeZoneError,
        UnsupportedLocaleError,
    )
    from servicelevel._expectations import ChannelGap, ExpectationGap, expectation_gap
    from servicelevel._files import load_policy, load_policy_set
    from servicelevel._holidays import HolidayCalendar
    from servicelevel._hours import BusinessHours, Closure, SpecialDay
    from servicelevel._intervals import OpeningInterval, WeeklyHours
    from servicelevel._json_schema import SCHEMA_KINDS, json_schema
    from servicelevel._kpi import (
        ComplianceRow,
        InternalComplianceRow,
        Kpi,
        KpiBand,
        classify_kpi,
        summarise_compliance,
        summarise_internal_compliance,
    )
    from servicelevel._learned_waits import LearnedWait, LearnedWaits, learn_waits
    from servicelevel._policy import ServiceLevelPolicy, Target, WarningLevel
    from servicelevel._policy_set import Conditions, PolicyRule, PolicySet
    from servicelevel._recurrence import RecurringClosure, RecurringSpecialDay
    from servicelevel._research import Automation, DriverLevel
    from servicelevel._sectors import ExpectationDrivers, SectorProfile, sector_profile
    from servicelevel._status import (
        InternalStatus,
        MetricCycle,
        MetricStatus,
        SlaState,
        SlaStatus,
        breach_status,
        response_deadline,
    )
    from servicelevel._templates import (
        BUILT_IN_TEMPLATES,
        FORMAL_SECTORS,
        Register,
        ReplyTemplates,
    )
    from servicelevel._vocabulary import Channel, Clock, Market, Metric, Priority, Sector, Wait
    from servicelevel._working_days import (
        add_working_days,
        end_of_working_day,
        start_of_working_day,
        working_day,
        working_days_between,
    )
    from servicelevel._zones import TimeZoneName

    __version__: str
