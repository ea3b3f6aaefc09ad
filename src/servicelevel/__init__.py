"""servicelevel: typed service-level modelling.

Business hours, response deadlines, breach status and truthful auto-replies,
as frozen pydantic models and pure functions.

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

from servicelevel.auto_reply import AutoReply, ClosedReason, auto_reply
from servicelevel.business_time import (
    add_business_time,
    business_time_between,
    is_open,
    next_close,
    next_open,
)
from servicelevel.contact import Contact, ContactEvent, EventKind
from servicelevel.defaults import policy_for
from servicelevel.describe import describe_hours
from servicelevel.errors import (
    NaiveDatetimeError,
    NeverClosesError,
    NoOpeningHoursError,
    OutOfRangeError,
    ServiceLevelError,
    UnknownHolidayCalendarError,
    UnknownTimeZoneError,
)
from servicelevel.hours import (
    BusinessHours,
    Closure,
    HolidayCalendar,
    OpeningInterval,
    SpecialDay,
    TimeZoneName,
    WeeklyHours,
)
from servicelevel.kpi import (
    ComplianceRow,
    Kpi,
    KpiBand,
    KpiOutOfRangeError,
    classify_kpi,
    summarise_compliance,
)
from servicelevel.policy import NoTargetError, ServiceLevelPolicy, Target, load_policy
from servicelevel.sectors import ExpectationDrivers, SectorProfile, sector_profile
from servicelevel.status import (
    ContactPausedError,
    MetricStatus,
    NowBeforeReceiptError,
    SlaState,
    SlaStatus,
    breach_status,
    response_deadline,
)
from servicelevel.templates import ReplyTemplates, UnsupportedLocaleError
from servicelevel.vocabulary import Channel, Clock, Market, Metric, Priority, Sector

__version__ = "0.1.0"

__all__ = (
    "AutoReply",
    "BusinessHours",
    "Channel",
    "Clock",
    "ClosedReason",
    "Closure",
    "ComplianceRow",
    "Contact",
    "ContactEvent",
    "ContactPausedError",
    "EventKind",
    "ExpectationDrivers",
    "HolidayCalendar",
    "Kpi",
    "KpiBand",
    "KpiOutOfRangeError",
    "Market",
    "Metric",
    "MetricStatus",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NoOpeningHoursError",
    "NoTargetError",
    "NowBeforeReceiptError",
    "OpeningInterval",
    "OutOfRangeError",
    "Priority",
    "ReplyTemplates",
    "Sector",
    "SectorProfile",
    "ServiceLevelError",
    "ServiceLevelPolicy",
    "SlaState",
    "SlaStatus",
    "SpecialDay",
    "Target",
    "TimeZoneName",
    "UnknownHolidayCalendarError",
    "UnknownTimeZoneError",
    "UnsupportedLocaleError",
    "WeeklyHours",
    "__version__",
    "add_business_time",
    "auto_reply",
    "breach_status",
    "business_time_between",
    "classify_kpi",
    "describe_hours",
    "is_open",
    "load_policy",
    "next_close",
    "next_open",
    "policy_for",
    "response_deadline",
    "sector_profile",
    "summarise_compliance",
)
