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

from servicelevel.business_time import (
    add_business_time,
    business_time_between,
    is_open,
    next_close,
    next_open,
)
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

__version__ = "0.1.0"

__all__ = (
    "BusinessHours",
    "Closure",
    "HolidayCalendar",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NoOpeningHoursError",
    "OpeningInterval",
    "OutOfRangeError",
    "ServiceLevelError",
    "SpecialDay",
    "TimeZoneName",
    "UnknownHolidayCalendarError",
    "UnknownTimeZoneError",
    "WeeklyHours",
    "__version__",
    "add_business_time",
    "business_time_between",
    "is_open",
    "next_close",
    "next_open",
)
