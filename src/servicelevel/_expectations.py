"""How far a policy's promises land from what customers expect.

The research states expectations in the customer's own clock (e-mail within
24 hours, whatever the hour); a policy promises in its own business hours.
:func:`expectation_gap` measures the distance over a year of receipt moments:
per channel, the share of contacts whose promised first-response deadline is
later than what customers expect, and the worst case.

Example:
    >>> from datetime import timedelta
    >>> from servicelevel import expectation_gap, policy_for
    >>> gap = expectation_gap(policy_for("retail", "b2c"), "retail", "b2c", step=timedelta(hours=1))
    >>> email = gap.channel("email")
    >>> email.expected_within, email.promised, f"{email.share_later:.1%}"
    (datetime.timedelta(days=1), datetime.timedelta(seconds=28800), '34.7%')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo

from pydantic import BaseModel, ConfigDict

from servicelevel._errors import ArgumentTypeError, LimitExceededError, UnknownNameError
from servicelevel._instants import EPOCH, ONE_US
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._research import SECTOR_FACTS
from servicelevel._sectors import expected_within
from servicelevel._vocabulary import Channel, Clock, Market, Metric, Priority, Sector

__all__ = ["ArrivalProfile", "ChannelGap", "ExpectationGap", "expectation_gap"]

#: Weights of receipt moments per (weekday, hour) in the policy's zone;
#: weekday 0 is Monday, hour 0-23. A missing pair weighs 0.
ArrivalProfile = Mapping[tuple[int, int], float]

_MIN_STEP, _MAX_STEP = timedelta(minutes=1), timedelta(days=1)


class ChannelGap(BaseModel):
    """One channel: its promise beside what customers expect.

    ``share_later`` is the (weighted) share of receipt moments whose
    normal-priority first-response deadline is later than ``expected_within``
    after the moment, counted over the moments that have a promise
    (``share_unpromised`` are those that have none, e.g. a chat that falls
    back to e-mail without a target). The worst case is the receipt moment with
    the longest wait (``worst_wait``, from ``worst_received_at`` to
    ``worst_deadline``); ``worst_lateness`` is by how much it exceeds the
    expectation (zero when no moment is late). A channel customers of the
    sector prefer but the policy does not offer has ``offered=False`` and no
    figures.

    Example:
        >>> from datetime import timedelta
        >>> from servicelevel import expectation_gap, policy_for
        >>> gap = expectation_gap(policy_for("retail", "b2c"), "retail", "b2c", step=timedelta(hours=1))
        >>> phone = gap.channel("phone")
        >>> phone.offered, phone.expected_within, f"{phone.share_later:.0%}"
        (True, datetime.timedelta(seconds=20), '77%')
    """

    model_config = ConfigDict(frozen=True)

    channel: Channel
    offered: bool
    expected_within: timedelta
    promised: timedelta | None = None
    clock: Clock | None = None
    share_later: float | None = None
    share_unpromised: float = 0.0
    worst_wait: timedelta | None = None
    worst_lateness: timedelta | None = None
    worst_received_at: datetime | None = None
    worst_deadline: datetime | None = None

    def __repr__(self) -> str:
        return f"ChannelGap({self._summary()})"

    __str__ = __repr__

    def _summary(self) -> str:
        from servicelevel._display import duration, share

        expected = duration(self.expected_within)
        if not self.offered:
            return f"{self.channel} not offered (customers expect {expected})"
        if self.share_later is None or self.worst_lateness is None:
            return f"{self.channel} promises nothing (customers expect {expected})"
        text = f"{self.channel} {share(self.share_later)} later than {expected}"
        if self.worst_lateness and self.worst_wait is not None:
            wait, late = duration(self.worst_wait), duration(self.worst_lateness)
            text += f" (worst: a wait of {wait}, {late} late)"
        return text

    def _short(self) -> str:
        """The channel in a few words: 'email 35% late (worst 4 d)'."""
        from servicelevel._display import duration, share

        if not self.offered:
            return f"{self.channel} not offered"
        if self.share_later is None or self.worst_lateness is None:
            return f"{self.channel} no promise"
        return (
            f"{self.channel} {share(self.share_later)} late (worst {duration(self.worst_lateness)})"
        )

    def _row(self) -> tuple[object, ...]:
        from servicelevel._display import duration, moment, share

        return (
            self.channel,
            duration(self.expected_within),
            "not offered" if not self.offered else self._promise(),
            None if self.share_later is None else share(self.share_later),
            None if self.worst_lateness is None else duration(self.worst_lateness),
            None if self.worst_received_at is None else moment(self.worst_received_at),
        )

    def _promise(self) -> str | None:
        from servicelevel._display import duration

        if self.promised is None:
            return None
        return f"{duration(self.promised)} {self.clock}"

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        header = ("channel", "expected", "promised", "later", "worst late", "worst at")
        return fields(f"ChannelGap: {self.channel}", zip(header, self._row(), strict=True))


class ExpectationGap(BaseModel):
    """Per channel, how often and how far a policy's promises exceed expectations.

    Receipt moments are every ``step`` of ``year`` in the zone of the policy's
    hours, weighted by an arrival profile when one was given (``weighted``).
    """

    model_config = ConfigDict(frozen=True)

    policy: str
    sector: Sector
    market: Market
    year: int
    step: timedelta
    weighted: bool
    moments: int
    channels: tuple[ChannelGap, ...]

    def channel(self, channel: Channel | str) -> ChannelGap:
        """The gap of one channel; raises :class:`~servicelevel.UnknownNameError`
        for a channel that is neither offered nor preferred in the sector."""
        wanted = Channel(channel)
        for gap in self.channels:
            if gap.channel is wanted:
                return gap
        raise UnknownNameError.for_name("channel", wanted.value, [g.channel for g in self.channels])

    def __repr__(self) -> str:
        from servicelevel._display import duration

        gaps = ", ".join(gap._short() for gap in self.channels)
        weighting = ", weighted" if self.weighted else ""
        return (
            f"ExpectationGap({self.policy!r}, {self.sector} {self.market}, {self.year}, "
            f"every {duration(self.step)}{weighting}: {gaps})"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import duration
        from servicelevel._html import box, fields, table, title

        about = [
            ("policy", self.policy),
            ("sector and market", f"{self.sector} {self.market}"),
            ("receipt moments", f"{self.moments:,} in {self.year}, every {duration(self.step)}"),
            ("weighted by arrivals", "yes" if self.weighted else "no (uniform)"),
        ]
        header = ("channel", "expected", "promised", "later", "worst late", "worst at")
        return box(
            title("ExpectationGap"),
            fields("", about, wrap=False),
            table("promises beside expectations", header, [g._row() for g in self.channels]),
        )


def expectation_gap(
    policy: ServiceLevelPolicy,
    sector: Sector | str,
    market: Market | str,
    *,
    year: int = 2025,
    arrival_profile: ArrivalProfile | None = None,
    step: timedelta = timedelta(minutes=15),
) -> ExpectationGap:
    """How far ``policy``'s first-response promises land from what customers expect.

    For every channel the policy offers, and every channel the sector's
    customers prefer, with an expectation in the research (scaled for the
    market as in ``docs/defaults.md``): over the receipt moments of ``year``
    (every ``step`` from 1 January 00:00 in the zone of the policy's hours,
    weighted by ``arrival_profile`` when given), the share of normal-priority
    contacts whose deadline (:func:`~servicelevel.response_deadline`) is later
    than the expectation, in wall-clock time, and the worst case.

    ``step`` is between 1 minute and 1 day; ``arrival_profile`` maps
    ``(weekday, hour)`` (0 = Monday, hour 0-23, in the policy's zone) to a
    non-negative weight, with a positive total. Other values raise
    :class:`~servicelevel.LimitExceededError` (or
    :class:`~servicelevel.UnknownNameError` for a key that is no weekday and
    hour).

    Example:
        >>> from datetime import timedelta
        >>> from servicelevel import Channel, policy_for
        >>> gap = expectation_gap(policy_for("retail", "b2c"), "retail", "b2c",
        ...                       step=timedelta(hours=1))
        >>> email = next(c for c in gap.channels if c.channel is Channel.EMAIL)
        >>> round(email.share_later, 2), email.expected_within
        (0.35, datetime.timedelta(days=1))
    """
    sector, market = Sector(sector), Market(market)
    _check_step(step)
    zone = policy.hours.zone
    start = datetime(year, 1, 1, tzinfo=zone)
    end = datetime(year + 1, 1, 1, tzinfo=zone)
    count = math.ceil((end - start) / step)
    receipts = [_us(start) + index * (step // ONE_US) for index in range(count)]
    weights = None if arrival_profile is None else _weights(arrival_profile, receipts, zone)
    channels = dict.fromkeys((*policy.channels, *SECTOR_FACTS[sector].preferred_channels))
    gaps = []
    for channel in channels:
        expected = expected_within(channel, market)
        if expected is None:
            continue
        if not policy.supports(channel):
            gaps.append(ChannelGap(channel=channel, offered=False, expected_within=expected))
            continue
        gaps.append(_channel_gap(policy, channel, expected, receipts, weights))
    return ExpectationGap(
        policy=policy.name,
        sector=sector,
        market=market,
        year=year,
        step=step,
        weighted=weights is not None,
        moments=count,
        channels=tuple(gaps),
    )


def _check_step(step: timedelta) -> None:
    if not isinstance(step, timedelta):
        raise ArgumentTypeError.for_argument("step", "timedelta", step)
    if not _MIN_STEP <= step <= _MAX_STEP:
        raise LimitExceededError(
            f"step must be between 1 minute and 1 day, not {step}; a year at that step has "
            "between 365 and 527,040 receipt moments."
        )


def _us(value: datetime) -> int:
    return (value - EPOCH) // ONE_US


def _weights(profile: ArrivalProfile, receipts: list[int], zone: tzinfo) -> list[float]:
    """The weight of every receipt moment, from its local weekday and hour."""
    table = [[0.0] * 24 for _ in range(7)]
    for key, weight in profile.items():
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] in range(7)):
            raise UnknownNameError.for_name(
                "arrival_profile key", key, ["(weekday 0-6, hour 0-23)"]
            )
        if key[1] not in range(24):
            raise UnknownNameError.for_name(
                "arrival_profile key", key, ["(weekday 0-6, hour 0-23)"]
            )
        if not (isinstance(weight, int | float) and math.isfinite(weight) and weight >= 0):
            raise LimitExceededError(
                f"arrival_profile weight of {key} must be a finite number of at least 0, not "
                f"{weight!r}."
            )
        table[key[0]][key[1]] = float(weight)
    weights = []
    for receipt in receipts:
        local = (EPOCH + timedelta(microseconds=receipt)).astimezone(zone)
        weights.append(table[local.weekday()][local.hour])
    if not sum(weights) > 0:
        raise LimitExceededError(
            "arrival_profile gives every receipt moment of the year a weight of 0; give at "
            "least one (weekday, hour) a positive weight."
        )
    return weights


def _channel_gap(
    policy: ServiceLevelPolicy,
    channel: Channel,
    expected: timedelta,
    receipts: list[int],
    weights: list[float] | None,
) -> ChannelGap:
    """The gap of one offered channel."""
    target = policy.target_for(channel, Priority.NORMAL, Metric.FIRST_RESPONSE)
    deadlines = _deadlines(policy, channel, receipts)
    weight = [1.0] * len(receipts) if weights is None else weights
    promised = [
        (r, d, w) for r, d, w in zip(receipts, deadlines, weight, strict=True) if d is not None
    ]
    promised_weight = sum(w for _, _, w in promised)
    fields: dict[str, object] = {
        "channel": channel,
        "offered": True,
        "expected_within": expected,
        "promised": None if target is None else target.duration,
        "clock": None if target is None else target.clock,
        "share_unpromised": 1 - promised_weight / sum(weight),
    }
    considered = [(r, d) for r, d, w in promised if w > 0]
    if considered:
        limit = expected // ONE_US
        late = sum(w for r, d, w in promised if d - r > limit)
        worst, worst_deadline = max(considered, key=lambda pair: (pair[1] - pair[0], -pair[0]))
        zone = policy.hours_for(channel).zone
        wait = timedelta(microseconds=worst_deadline - worst)
        fields |= {
            "share_later": late / promised_weight,
            "worst_wait": wait,
            "worst_lateness": max(timedelta(0), wait - expected),
            "worst_received_at": _moment(worst, zone),
            "worst_deadline": _moment(worst_deadline, zone),
        }
    return ChannelGap.model_validate(fields)


def _moment(value: int, zone: tzinfo) -> datetime:
    return (EPOCH + timedelta(microseconds=value)).astimezone(zone)


def _deadlines(
    policy: ServiceLevelPolicy, channel: Channel, receipts: list[int]
) -> list[int | None]:
    """The normal-priority first-response deadline of a contact received at each
    moment, in UTC microseconds; None where the policy promises nothing.

    As :func:`~servicelevel.response_deadline` decides it: a contact on a
    closed channel with an offline fallback is measured as the fallback.
    """
    try:
        import numpy as np

        from servicelevel.arrays import add_business_time_array, business_time_between_array
    except ImportError:  # pragma: no cover - without the numpy extra
        return _scalar_deadlines(policy, channel, receipts)
    starts = np.array(receipts, dtype=np.int64)
    times = starts.astype("datetime64[us]")
    groups = [(channel, np.ones(len(receipts), dtype=bool))]
    fallback = policy.offline_fallback.get(channel)
    if fallback is not None:
        one = np.timedelta64(1, "us")
        open_now = business_time_between_array(policy.hours_for(channel), times, times + one) > 0
        groups = [(channel, open_now), (fallback, ~open_now)]
    found: list[int | None] = [None] * len(receipts)
    for measured, mask in groups:
        target = policy.target_for(measured, Priority.NORMAL, Metric.FIRST_RESPONSE)
        if target is None or not mask.any():
            continue
        if target.clock is Clock.CALENDAR:
            due = starts[mask] + target.duration // ONE_US
        else:
            hours = policy.hours_for(measured)
            due = add_business_time_array(hours, times[mask], target.duration).astype(np.int64)
        for index, value in zip(np.flatnonzero(mask).tolist(), due.tolist(), strict=True):
            found[index] = value
    return found


def _scalar_deadlines(
    policy: ServiceLevelPolicy, channel: Channel, receipts: list[int]
) -> list[int | None]:  # pragma: no cover - without the numpy extra (one deadline at a time)
    from servicelevel._contact import Contact
    from servicelevel._errors import NoTargetError
    from servicelevel._status import response_deadline

    found: list[int | None] = []
    for receipt in receipts:
        contact = Contact(channel=channel, received_at=_moment(receipt, UTC))
        try:
            found.append(_us(response_deadline(contact, policy).astimezone(UTC)))
        except NoTargetError:
            found.append(None)
    return found
