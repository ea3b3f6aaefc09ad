"""Registers `servicelevel` strategies with hypothesis (the ``hypothesis`` entry point).

The strategies are deferred: this hook runs while hypothesis itself is being
imported, possibly from inside ``servicelevel.strategies``, so it must not
import that module eagerly.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    """Make ``st.from_type`` work for every `servicelevel` model."""
    from hypothesis import strategies as st

    from servicelevel import contact, hours, policy, sectors, status

    def deferred(name: str) -> st.SearchStrategy[Any]:
        def build() -> st.SearchStrategy[Any]:
            from servicelevel import strategies

            factory = getattr(strategies, name)
            strategy: st.SearchStrategy[Any] = factory()
            return strategy

        return st.deferred(build)

    registrations = {
        hours.BusinessHours: "business_hours",
        hours.WeeklyHours: "weekly_hours",
        hours.OpeningInterval: "opening_intervals",
        hours.HolidayCalendar: "holiday_calendars",
        hours.Closure: "closures",
        hours.SpecialDay: "special_days",
        policy.Target: "targets",
        policy.ServiceLevelPolicy: "policies",
        contact.Contact: "contacts",
        contact.ContactEvent: "contact_events",
        sectors.SectorProfile: "sector_profiles",
        status.SlaStatus: "sla_statuses",
    }
    for kind, name in registrations.items():
        st.register_type_strategy(kind, deferred(name))
