"""Schedules across time zones: the union or intersection of other schedules.

A follow-the-sun desk is open whenever one of its teams is: an Amsterdam team
(09:00-17:00 ``Europe/Amsterdam``, Dutch holidays) and a New York team
(09:00-17:00 ``America/New_York``, US holidays) make one schedule that is
open from 09:00 Amsterdam time to 17:00 New York time on days both work, and
only the hours of the team that works on a day the other has a holiday.
Each member keeps its own zone, so its hours follow its own DST calendar:
written in Amsterdam time, New York's hours would be an hour off for about
three weeks a year, when the two DST changes fall on different dates.

An intersection is open only when every member is: team hours within the
hours of the building.

A :class:`CombinedHours` is accepted wherever a :class:`BusinessHours` is
(the :data:`Schedule` type), members may themselves be combined, and it
round-trips through JSON and TOML as ``{"mode": "union", "schedules": [...]}``.
Results follow the time-zone rule in ``tz``: the combined schedule's own
zone, by default the zone of its first member. Its local dates (for working
days) are dates in that zone; an opening that runs over local midnight
counts in both dates.

Example:
    >>> from servicelevel import BusinessHours, CombinedHours
    >>> amsterdam = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
    >>> new_york = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="America/New_York")
    >>> desk = amsterdam | new_york
    >>> desk.mode, desk.tz
    ('union', None)
    >>> desk.zone
    zoneinfo.ZoneInfo(key='Europe/Amsterdam')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Discriminator, Field, Tag

from servicelevel._editing import Editable
from servicelevel._errors import ArgumentTypeError
from servicelevel._hours import BusinessHours
from servicelevel._zones import TimeZoneName, zone

__all__ = ["MAX_MEMBERS", "CombinedHours", "Schedule", "combine_periods"]

#: The most schedules one :class:`CombinedHours` combines.
MAX_MEMBERS = 16

Mode = Literal["union", "intersection"]
Periods = list[tuple[int, int]]


class CombinedHours(Editable):
    """The union (open when any member is open) or intersection (open when all
    are) of two or more schedules, each in its own time zone.

    Build one with ``a | b`` and ``a & b``, :meth:`union` and
    :meth:`intersection` (to choose the zone of the results), or from JSON.

    Example:
        >>> from servicelevel import BusinessHours, CombinedHours
        >>> team = BusinessHours.weekly({"mon-sun": "07:00-23:00"}, tz="Europe/London")
        >>> building = BusinessHours.weekly({"mon-fri": "08:00-18:00"}, tz="Europe/London")
        >>> CombinedHours.intersection(team, building, tz="Europe/Amsterdam")
        CombinedHours(intersection of 2 schedules, tz='Europe/Amsterdam')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Mode
    schedules: tuple[Schedule, ...] = Field(min_length=2, max_length=MAX_MEMBERS)
    tz: TimeZoneName | None = Field(
        default=None,
        description="zone of the results and of local dates; default: the first member's",
    )

    @classmethod
    def union(cls, *schedules: Schedule, tz: str | None = None) -> Self:
        """Open whenever any of ``schedules`` is open (follow-the-sun)."""
        return cls(mode="union", schedules=_members(schedules), tz=tz)

    @classmethod
    def intersection(cls, *schedules: Schedule, tz: str | None = None) -> Self:
        """Open only when all of ``schedules`` are open (team hours within building hours)."""
        return cls(mode="intersection", schedules=_members(schedules), tz=tz)

    @property
    def zone(self) -> tzinfo:
        """The zone of the results: ``tz``, or the first member's zone."""
        return zone(self.tz) if self.tz is not None else self.schedules[0].zone

    @property
    def has_openings(self) -> bool:
        """Whether the combination can be open at all (an intersection may still
        never be, when its members' hours never overlap)."""
        opens = (schedule.has_openings for schedule in self.schedules)
        return any(opens) if self.mode == "union" else all(opens)

    def __or__(self, other: Schedule) -> CombinedHours:
        return CombinedHours.union(self, other)

    def __and__(self, other: Schedule) -> CombinedHours:
        return CombinedHours.intersection(self, other)

    def __repr__(self) -> str:
        zone_part = f", tz={self.tz!r}" if self.tz is not None else ""
        return f"CombinedHours({self.mode} of {len(self.schedules)} schedules{zone_part})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import Html, box, title

        heading = f"CombinedHours: {self.mode} of {len(self.schedules)} schedules"
        if self.tz is not None:
            heading += f" (results in {self.tz})"
        members = (Html(schedule._repr_html_()) for schedule in self.schedules)
        return box(title(heading), *members)


def _members(schedules: Iterable[object]) -> tuple[Any, ...]:
    members = tuple(schedules)
    for member in members:
        if not isinstance(member, BusinessHours | CombinedHours):
            raise ArgumentTypeError(
                "CombinedHours combines BusinessHours or CombinedHours, not "
                f"{type(member).__name__}; build each team's hours with BusinessHours.weekly(...)."
            )
    return members


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "combined" if "mode" in value else "hours"
    return "combined" if isinstance(value, CombinedHours) else "hours"


#: A schedule every business-time function accepts: :class:`BusinessHours` or
#: :class:`CombinedHours` (told apart in JSON by the ``mode`` key).
Schedule = Annotated[
    Annotated[BusinessHours, Tag("hours")] | Annotated[CombinedHours, Tag("combined")],
    Discriminator(_kind),
]

CombinedHours.model_rebuild()


def _union(a: Periods, b: Periods) -> Periods:
    merged: Periods = []
    for start, end in sorted(a + b):
        if merged and start <= merged[-1][1]:  # overlapping or touching: one period
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _intersection(a: Periods, b: Periods) -> Periods:
    found: Periods = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            found.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found


def combine_periods(mode: Mode, members: list[Periods]) -> Periods:
    """The union or intersection of sorted, disjoint period lists.

    Example:
        >>> combine_periods("union", [[(1, 3), (7, 9)], [(2, 5)]])
        [(1, 5), (7, 9)]
        >>> combine_periods("intersection", [[(1, 3), (7, 9)], [(2, 8)]])
        [(2, 3), (7, 8)]
    """
    combine = _union if mode == "union" else _intersection
    result = members[0]
    for periods in members[1:]:
        result = combine(result, periods)
    return result
