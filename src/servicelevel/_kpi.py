"""Measuring service: KPI bands and compliance summaries.

Bands come from the research table (:data:`servicelevel._research.KPI_BANDS`):
CSAT on a 1-5 scale is excellent above 4.5 and needs attention below 4.0;
NPS is excellent above 50; first-contact resolution above 80% is excellent.
For NPS and first-contact resolution the research gives no other threshold,
so every lower value is ``below_excellent``, not a judgement it does not make.

Example:
    >>> from servicelevel import Kpi, KpiBand, classify_kpi
    >>> classify_kpi(Kpi.CSAT, 4.6), classify_kpi(Kpi.CSAT, 3.9), classify_kpi(Kpi.NPS, 30)
    (<KpiBand.EXCELLENT: 'excellent'>, <KpiBand.NEEDS_ATTENTION: 'needs_attention'>, <KpiBand.BELOW_EXCELLENT: 'below_excellent'>)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from numbers import Real
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from servicelevel._errors import ArgumentTypeError, KpiOutOfRangeError
from servicelevel._research import KPI_BANDS
from servicelevel._status import MetricStatus, SlaState, SlaStatus
from servicelevel._vocabulary import Channel, Metric, NamedEnum

__all__ = [
    "ComplianceRow",
    "InternalComplianceRow",
    "Kpi",
    "KpiBand",
    "classify_kpi",
    "summarise_compliance",
    "summarise_internal_compliance",
]


class Kpi(NamedEnum):
    """A service KPI with research-backed bands.

    Example:
        >>> Kpi("nps").value
        'nps'
    """

    CSAT = "csat"  # 1-5
    NPS = "nps"  # -100..100
    FIRST_CONTACT_RESOLUTION = "first_contact_resolution"  # a share, 0..1


class KpiBand(NamedEnum):
    """How good a KPI value is, as far as the research says.

    ``adequate`` and ``needs_attention`` are for KPIs with a second threshold
    (CSAT); a KPI with only an excellence threshold (NPS, first-contact
    resolution) is ``excellent`` or ``below_excellent``.

    Example:
        >>> classify_kpi("nps", -80)
        <KpiBand.BELOW_EXCELLENT: 'below_excellent'>
    """

    EXCELLENT = "excellent"
    ADEQUATE = "adequate"
    NEEDS_ATTENTION = "needs_attention"
    BELOW_EXCELLENT = "below_excellent"


def classify_kpi(kpi: Kpi | str, value: float) -> KpiBand:
    """The band of ``value``: excellent, adequate or needs attention (CSAT);
    excellent or below excellent (NPS, first-contact resolution).

    Raises :class:`~servicelevel.UnknownNameError` for an unknown KPI name and
    :class:`~servicelevel.KpiOutOfRangeError` for a value outside the KPI's scale.

    Example:
        >>> classify_kpi("csat", 4.6), classify_kpi("csat", 4.0)
        (<KpiBand.EXCELLENT: 'excellent'>, <KpiBand.ADEQUATE: 'adequate'>)
    """
    band = KPI_BANDS[Kpi(kpi).value]
    if not isinstance(value, Real) or isinstance(value, bool):
        raise ArgumentTypeError.for_argument("value", "number", value)
    if not band.minimum <= value <= band.maximum:
        raise KpiOutOfRangeError.for_value(band.name, band.minimum, band.maximum, value)
    if value > band.excellent_above:
        return KpiBand.EXCELLENT
    if band.attention_below is None:
        return KpiBand.BELOW_EXCELLENT
    if value < band.attention_below:
        return KpiBand.NEEDS_ATTENTION
    return KpiBand.ADEQUATE


class ComplianceRow(BaseModel):
    """Compliance of one channel and metric over many statuses, counted per cycle.

    Every cycle counts: a contact whose second next-response cycle was late
    adds one late cycle even when its third was on time. ``cycles`` counts
    the cycles measured (``met + met_late + breached + open``); cancelled
    cycles (spam, duplicates, abandoned calls) are counted in ``cancelled``
    and left out of everything else. ``contacts`` counts the contacts with
    at least one measured cycle. ``share_met`` is ``met / cycles``;
    ``share_breached`` is ``(breached + met_late) / cycles``. Percentiles are
    of the elapsed time (in each target's clock) of stopped cycles; None when
    none stopped.

    Example:
        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import Contact, breach_status, policy_for
        >>> at = datetime(2025, 1, 6, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> answered_late = Contact(
        ...     channel="email",
        ...     received_at=at,
        ...     events=[{"kind": "agent_reply", "at": at + timedelta(days=3)}],
        ... )
        >>> status = breach_status(answered_late, policy_for("retail", "b2c"), now=at + timedelta(days=4))
        >>> row = summarise_compliance([status])[0]
        >>> row.metric, row.cycles, row.met_late, row.share_breached
        (<Metric.FIRST_RESPONSE: 'first_response'>, 1, 1, 1.0)
    """

    model_config = ConfigDict(frozen=True)

    channel: Channel
    metric: Metric
    contacts: int
    cycles: int
    met: int
    met_late: int
    breached: int
    open: int
    cancelled: int
    share_met: float
    share_breached: float
    median_elapsed: timedelta | None
    p90_elapsed: timedelta | None

    def __repr__(self) -> str:
        from servicelevel._display import count, duration, share

        parts = [
            f"{self.channel} {self.metric}",
            count(self.contacts, "contact"),
            f"{share(self.share_met)} met",
            f"{share(self.share_breached)} breached",
        ]
        if self.median_elapsed is not None:
            parts.append(f"median {duration(self.median_elapsed)}")
        if self.p90_elapsed is not None:
            parts.append(f"p90 {duration(self.p90_elapsed)}")
        return f"ComplianceRow({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import duration, share
        from servicelevel._html import fields

        def elapsed(value: timedelta | None) -> str | None:
            return None if value is None else duration(value)

        rows = [
            ("contacts", self.contacts),
            ("met", f"{self.met} ({share(self.share_met)})"),
            ("met late", self.met_late),
            ("breached", self.breached),
            ("breached or late", share(self.share_breached)),
            ("open", self.open),
            ("median elapsed", elapsed(self.median_elapsed)),
            ("90th percentile", elapsed(self.p90_elapsed)),
        ]
        return fields(f"ComplianceRow: {self.channel} {self.metric}", rows)


def _percentile(ordered: list[timedelta], share: float) -> timedelta | None:
    """Nearest-rank percentile of an ordered list."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


_Key = tuple[Channel, Metric]
_K = TypeVar("_K")


def summarise_compliance(statuses: Iterable[SlaStatus]) -> list[ComplianceRow]:
    """Compliance per channel and metric, ordered by channel then metric.

    Statuses are grouped by the channel they were measured as
    (``SlaStatus.measured_as``: a live chat left while the chat was closed
    counts with e-mail when the policy says so). Metrics without a target
    (``not_applicable``) are left out; so is a channel and metric whose every
    cycle was cancelled.

    Example:
        >>> summarise_compliance([])
        []
    """
    tally = _Tally[_Key]()
    for status in statuses:
        for result in status.metrics:
            tally.add((status.measured_as, result.metric), result)
    channel_order = {channel: index for index, channel in enumerate(Channel)}
    metric_order = {metric: index for index, metric in enumerate(Metric)}
    ordered_keys = sorted(tally.states, key=lambda k: (channel_order[k[0]], metric_order[k[1]]))
    return [
        ComplianceRow(channel=key[0], metric=key[1], **tally.counts(key)) for key in ordered_keys
    ]


class InternalComplianceRow(BaseModel):
    """Compliance of one group's internal target (one metric) over many statuses,
    counted per cycle (one cycle per assignment), as :class:`ComplianceRow` counts.

    Example:
        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import BusinessHours, Contact, ServiceLevelPolicy, breach_status
        >>> policy = ServiceLevelPolicy(
        ...     name="Two lines",
        ...     channels=["email"],
        ...     hours=BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam"),
        ...     targets=[
        ...         {"metric": "first_response", "duration": "8h"},
        ...         {"metric": "first_response", "group": "first line", "duration": "1h"},
        ...     ],
        ... )
        >>> at = datetime(2025, 1, 6, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> contact = Contact(
        ...     channel="email",
        ...     received_at=at,
        ...     events=[
        ...         {"kind": "assigned", "at": at, "group": "first line"},
        ...         {"kind": "agent_reply", "at": at + timedelta(hours=2)},
        ...     ],
        ... )
        >>> status = breach_status(contact, policy, now=at + timedelta(hours=3))
        >>> row = summarise_internal_compliance([status])[0]
        >>> row.group, row.cycles, row.met_late
        ('first line', 1, 1)
    """

    model_config = ConfigDict(frozen=True)

    group: str
    metric: Metric
    contacts: int
    cycles: int
    met: int
    met_late: int
    breached: int
    open: int
    cancelled: int
    share_met: float
    share_breached: float
    median_elapsed: timedelta | None
    p90_elapsed: timedelta | None

    def __repr__(self) -> str:
        from servicelevel._display import count, share

        parts = [
            f"{self.group} {self.metric}",
            count(self.contacts, "contact"),
            f"{share(self.share_met)} met",
            f"{share(self.share_breached)} breached",
        ]
        return f"InternalComplianceRow({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import share
        from servicelevel._html import fields

        rows = [
            ("contacts", self.contacts),
            ("met", f"{self.met} ({share(self.share_met)})"),
            ("met late", self.met_late),
            ("breached", self.breached),
            ("open", self.open),
        ]
        return fields(f"InternalComplianceRow: {self.group} {self.metric}", rows)


def summarise_internal_compliance(statuses: Iterable[SlaStatus]) -> list[InternalComplianceRow]:
    """Compliance of the internal targets (``SlaStatus.internal``) per group and metric,
    ordered by group then metric; counted like :func:`summarise_compliance`, which
    counts only the customer-facing targets.

    Example:
        >>> summarise_internal_compliance([])
        []
    """
    tally = _Tally[tuple[str, Metric]]()
    for status in statuses:
        for result in status.internal:
            tally.add((result.group, result.metric), result)
    metric_order = {metric: index for index, metric in enumerate(Metric)}
    return [
        InternalComplianceRow(group=key[0], metric=key[1], **tally.counts(key))
        for key in sorted(tally.states, key=lambda k: (k[0], metric_order[k[1]]))
    ]


class _Tally(Generic[_K]):
    """Cycles counted per key (cancelled ones apart), one piece for both summaries."""

    def __init__(self) -> None:
        self.states: dict[_K, list[SlaState]] = defaultdict(list)
        self.elapsed: dict[_K, list[timedelta]] = defaultdict(list)
        self.contacts: dict[_K, int] = defaultdict(int)
        self.cancelled: dict[_K, int] = defaultdict(int)

    def add(self, key: _K, result: MetricStatus) -> None:
        counted = [c for c in result.cycles if c.state is not SlaState.CANCELLED]
        self.cancelled[key] += len(result.cycles) - len(counted)
        self.contacts[key] += bool(counted)
        for cycle in counted:
            self.states[key].append(cycle.state)
            if cycle.stopped_at is not None:
                self.elapsed[key].append(cycle.elapsed)

    def counts(self, key: _K) -> dict[str, Any]:
        return _counts(
            self.states[key], self.contacts[key], self.cancelled[key], sorted(self.elapsed[key])
        )


def _counts(
    states: list[SlaState], contacts: int, cancelled: int, ordered: list[timedelta]
) -> dict[str, Any]:
    count = len(states)
    met = states.count(SlaState.MET)
    met_late = states.count(SlaState.MET_LATE)
    breached = states.count(SlaState.BREACHED)
    return {
        "contacts": contacts,
        "cycles": count,
        "met": met,
        "met_late": met_late,
        "breached": breached,
        "open": count - met - met_late - breached,
        "cancelled": cancelled,
        "share_met": met / count,
        "share_breached": (breached + met_late) / count,
        "median_elapsed": _percentile(ordered, 0.5),
        "p90_elapsed": _percentile(ordered, 0.9),
    }
