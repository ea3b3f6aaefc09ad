"""Built-in defaults that work out of the box.

Example:
    >>> from servicelevel.defaults import DUTCH_OFFICE_HOURS
    >>> str(DUTCH_OFFICE_HOURS.week.mon[0])
    '09:00-17:00'
"""

from __future__ import annotations

from servicelevel.hours import BusinessHours

__all__ = ["DUTCH_OFFICE_HOURS"]

#: Monday to Friday 09:00-17:00 in Europe/Amsterdam, closed on Dutch public
#: holidays: the office hours most Dutch customer-service teams keep.
DUTCH_OFFICE_HOURS = BusinessHours.weekly(
    {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL"
)
