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

    import servicelevel as sl

    def deferred(name: str) -> st.SearchStrategy[Any]:
        def build() -> st.SearchStrategy[Any]:
            from servicelevel import strategies

            factory = getattr(strategies, name)
            strategy: st.SearchStrategy[Any] = factory()
            return strategy

        return st.deferred(build)

    registrations = {
        sl.BusinessHours: "business_hours",
        sl.WeeklyHours: "weekly_hours",
        sl.OpeningInterval: "opening_intervals",
        sl.HolidayCalendar: "holiday_calendars",
        sl.Closure: "closures",
        sl.SpecialDay: "special_days",
        sl.RecurringClosure: "recurring_closures",
        sl.RecurringSpecialDay: "recurring_special_days",
        sl.Target: "targets",
        sl.ServiceLevelPolicy: "policies",
        sl.Contact: "contacts",
        sl.ContactEvent: "contact_events",
        sl.SectorProfile: "sector_profiles",
        sl.SlaStatus: "sla_statuses",
    }
    for kind, name in registrations.items():
        st.register_type_strategy(kind, deferred(name))
