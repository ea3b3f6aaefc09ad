"""Service-level policies: the promises a company makes, per channel and priority.

A :class:`ServiceLevelPolicy` holds business hours (per channel where they
differ), the channels the company supports and its :class:`Target` list. A
target names a metric and, optionally, a channel and a priority; for a
contact, the priority decides first, as in every help desk:

1. the contact's channel and priority,
2. any channel, the contact's priority,
3. the contact's channel, any priority,
4. any channel, any priority.

So with "e-mail: 8 h" and "urgent: 1 h", an urgent e-mail gets 1 hour.

No match means the policy makes no promise for that metric: the status is
``not_applicable``, and asking for a first-response deadline raises
:class:`NoTargetError`. A target with a ``group`` is internal (an
operational level agreement, measured from each assignment to the group):
:meth:`ServiceLevelPolicy.internal_target_for` finds it, with the same
precedence, and :meth:`ServiceLevelPolicy.target_for` never does.

Example:
    >>> from datetime import timedelta
    >>> from servicelevel import Channel, Metric, Priority, ServiceLevelPolicy, Target
    >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS
    >>> policy = ServiceLevelPolicy(
    ...     name="Support",
    ...     hours=DUTCH_OFFICE_HOURS,
    ...     channels=[Channel.EMAIL],
    ...     targets=[Target(metric=Metric.FIRST_RESPONSE, duration=timedelta(hours=8))],
    ... )
    >>> policy.target_for(Channel.EMAIL, Priority.HIGH, Metric.FIRST_RESPONSE).duration
    datetime.timedelta(seconds=28800)
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, NoReturn, Self

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from servicelevel._durations import Duration
from servicelevel._editing import Editable
from servicelevel._errors import (
    ErrorType,
    NoTargetError,
    reject,
    reject_at,
)
from servicelevel._frozen import FrozenDict
from servicelevel._hours import BusinessHours
from servicelevel._vocabulary import Channel, Clock, Metric, Priority, Wait

__all__ = ["NoTargetError", "ServiceLevelPolicy", "Target", "WarningLevel"]

#: The most warning levels, and the most escalation levels, one target has.
MAX_LEVELS = 16
#: The metrics an internal target (one with a group) can measure.
INTERNAL_METRICS = (
    Metric.FIRST_RESPONSE,
    Metric.REQUESTER_WAIT,
    Metric.AGENT_WORK,
    Metric.RESOLUTION,
    Metric.TOTAL_RESOLUTION,
)


_WORKING_DAYS = re.compile(r"(\d+) working days?")
_END_OF_DAY = re.compile(r"end of (?:the )?(next )?working day")


def _not_positive_error(duration: timedelta) -> tuple[ErrorType, str]:
    return (
        "non_positive_duration",
        f"target duration must be positive, got {duration}; a promise to answer "
        "within no time (or negative time) cannot be kept.",
    )


def _not_positive(duration: timedelta) -> NoReturn:
    reject(*_not_positive_error(duration))


class WarningLevel(Editable):
    """A warning before the deadline: at a ``share`` of the target used, or with
    time ``left`` (in the target's clock) before the deadline.

    ServiceNow warns at 50% and 75% of the target (``{"share": 0.5}``,
    ``{"share": 0.75}``); Zendesk turns amber with 15 minutes left
    (``{"left": "15min"}``). Give exactly one of the two.

    Example:
        >>> WarningLevel(left="15min").left
        datetime.timedelta(seconds=900)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    share: float | None = Field(default=None, gt=0.0, le=1.0, description="share of the target")
    left: Duration | None = Field(default=None, description="time left before the deadline")

    @model_validator(mode="after")
    def _one_of_two(self) -> Self:
        if (self.share is None) == (self.left is None):
            reject(
                "invalid_warning",
                "a warning level is either a share of the target ({'share': 0.75}) or the "
                "time left before the deadline ({'left': '15min'}); give exactly one of them.",
            )
        if self.left is not None and self.left <= timedelta(0):
            reject(
                "invalid_warning",
                f"a warning with {self.left} left comes at or after the deadline; give a "
                "positive time left ('15min'), or use an escalation for after the deadline.",
            )
        return self

    def used(self, duration: timedelta) -> timedelta:
        """How much of a target of ``duration`` is used when this warning falls."""
        if self.share is not None:
            return duration * self.share
        assert self.left is not None  # one of the two: checked above
        return duration - self.left

    def __repr__(self) -> str:
        from servicelevel._display import duration, share

        if self.share is not None:
            return f"WarningLevel(at {share(self.share)})"
        assert self.left is not None
        return f"WarningLevel({duration(self.left)} left)"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        return fields("WarningLevel", [("at", repr(self)[len("WarningLevel(") : -1])])


class Target(Editable):
    """One promise: ``duration`` for ``metric``, on a channel and priority (or any).

    ``clock`` says whether the duration counts business hours (the channel's
    opening hours) or every hour of the day; ``at_risk`` is the share of the
    target after which a running contact is reported as at risk.

    ``pauses_on`` lists the waits during which this clock stops; left out, it
    is the metric's default (:attr:`Metric.default_pauses`: reply clocks never
    pause, requester wait and resolution pause while waiting on the customer,
    agent work also while waiting on a third party).
    ``reopen_starts_new_cycle`` (resolution clocks only) makes a reopening
    start a new cycle instead of continuing the clock.

    ``warnings`` are the levels before the deadline (:class:`WarningLevel`: a
    share of the target, or time left), kept earliest first; left out, one
    level at the ``at_risk`` share, so ``at_risk`` is only the default of
    ``warnings``. A running contact is ``at_risk`` from its first warning on.
    ``escalations`` are durations after the deadline (in the target's clock,
    ``["0min", "1h", "4h"]``), kept in order. The status reports the level
    reached and when the next one falls (``docs/policies.md``).

    Example:
        >>> Target(metric="first_response", channel="email", duration="PT8H").duration
        datetime.timedelta(seconds=28800)
        >>> Target(metric="agent_work", duration="PT40H").pauses_on
        (<Wait.WAITING_ON_CUSTOMER: 'waiting_on_customer'>, <Wait.WAITING_ON_THIRD_PARTY: 'waiting_on_third_party'>)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: Metric
    channel: Channel | None = Field(default=None, description="None: any channel")
    priority: Priority | None = Field(default=None, description="None: any priority")
    duration: Duration = Field(
        description="positive; e.g. '8h', '30min', ISO 8601 'PT8H', or '1 working day'"
    )
    clock: Clock = Clock.BUSINESS
    at_risk: float = Field(default=0.8, gt=0.0, le=1.0, description="share of the target")
    source: str | None = Field(default=None, description="where the number comes from")
    pauses_on: tuple[Wait, ...] = Field(
        default=(), description="waits that stop this clock; left out: the metric's default"
    )
    reopen_starts_new_cycle: bool = Field(
        default=False, description="resolution clocks: a reopening starts a new cycle"
    )
    warnings: tuple[WarningLevel, ...] = Field(
        default=(),
        max_length=MAX_LEVELS,
        description="levels before the deadline; left out: one at the at_risk share",
    )
    escalations: tuple[Duration, ...] = Field(
        default=(),
        max_length=MAX_LEVELS,
        description="levels after the deadline, as time after it: ['0min', '1h', '4h']",
    )
    group: str | None = Field(
        default=None,
        min_length=1,
        description="an internal target (operational level agreement) of this group, "
        "measured from each assignment to it; None: a customer-facing target",
    )

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        # Left out (or null) means the default, written out so that it shows.
        if not isinstance(data, dict):
            return data
        if data.get("warnings") is None:
            at_risk = data.get("at_risk", cls.model_fields["at_risk"].default)
            data = {**data, "warnings": ({"share": at_risk},)}
        if data.get("pauses_on") is None and "metric" in data:
            try:
                metric = Metric(data["metric"])
            except ValueError:
                return data  # the field validator reports the bad metric
            return {**data, "pauses_on": metric.default_pauses}
        return data

    @field_validator("escalations")
    @classmethod
    def _escalations_in_order(cls, value: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
        for index, after in enumerate(value):
            if after < timedelta(0) or (index and after <= value[index - 1]):
                reject_at(
                    (index,),
                    after,
                    "invalid_escalation",
                    f"escalation {index + 1} comes {after} after the deadline; list the "
                    "escalations in order, each later than the one before, none before the "
                    "deadline: ['0min', '1h', '4h'].",
                )
        return value

    @field_validator("pauses_on")
    @classmethod
    def _one_order(cls, value: tuple[Wait, ...]) -> tuple[Wait, ...]:
        # One order, no repeats: equal targets compare and serialise equally.
        return tuple(wait for wait in Wait if wait in value)

    @model_validator(mode="before")
    @classmethod
    def _working_day_words(cls, data: Any) -> Any:
        # "1 working day", "2 working days", "end of next working day": duration and clock.
        if not isinstance(data, dict) or not isinstance(data.get("duration"), str):
            return data
        text = " ".join(data["duration"].lower().split())
        end = _END_OF_DAY.fullmatch(text)
        days = _WORKING_DAYS.fullmatch(text)
        if end is None and days is None:
            return data
        if end is not None:
            count, clock = (1 if end.group(1) else 0), Clock.END_OF_WORKING_DAY
        else:
            assert days is not None
            count, clock = int(days.group(1)), Clock.WORKING_DAYS
        given = data.get("clock")
        if given is not None and given not in (Clock.WORKING_DAYS, Clock.END_OF_WORKING_DAY):
            reject(
                "invalid_working_days",
                f"duration {data['duration']!r} counts working days, but clock is {given!r}; "
                "leave the clock out, or write the duration in hours ('8h').",
            )
        if given == Clock.END_OF_WORKING_DAY:
            clock = Clock.END_OF_WORKING_DAY
        return {**data, "duration": timedelta(days=count), "clock": clock}

    @field_validator("duration")
    @classmethod
    def _positive(cls, duration: timedelta) -> timedelta:
        if duration < timedelta(0):
            _not_positive(duration)
        return duration

    @model_validator(mode="after")
    def _cycles_where_they_apply(self) -> Self:
        if self.reopen_starts_new_cycle and not self.metric.measures_resolution:
            reject(
                "reopen_cycle_not_applicable",
                "reopen_starts_new_cycle only applies to the resolution clocks (requester_wait, "
                f"agent_work, resolution, total_resolution), not to {self.metric}; reply and "
                "update clocks start a cycle per message anyway. Drop the setting.",
            )
        self._days_where_they_count()
        self._warnings_in_order()
        if self.group is not None and self.metric not in INTERNAL_METRICS:
            reject(
                "internal_target_metric",
                f"the internal target of group {self.group!r} measures {self.metric}, which "
                "an assignment does not start; use first_response (assignment to the first "
                "public reply) or a resolution clock (assignment to hand-over or resolution).",
            )
        return self

    def _days_where_they_count(self) -> None:
        if not self.duration and self.clock is not Clock.END_OF_WORKING_DAY:
            reject_at(("duration",), self.duration, *_not_positive_error(self.duration))
        if self.clock.counts_working_days and self.duration % timedelta(days=1):
            reject_at(
                ("duration",),
                self.duration,
                "invalid_working_days",
                f"a {self.clock} target counts whole working days, but its duration is "
                f"{self.duration}; write '1 working day' (or 'P1D'), or use the business clock "
                "for hours.",
            )

    @property
    def working_days(self) -> int | None:
        """The number of working days of a working-day clock (None for the others)."""
        return self.duration.days if self.clock.counts_working_days else None

    def _warnings_in_order(self) -> None:
        """Warnings inside the target, kept earliest first (one order: equal targets
        compare and serialise equally)."""
        for warning in self.warnings:
            if self.clock.counts_working_days:
                break  # the time a working day gives is known per contact only
            if warning.left is not None and warning.left >= self.duration:
                reject(
                    "invalid_warning",
                    f"a warning with {warning.left} left falls before the target of "
                    f"{self.duration} starts; give less time left, or a share "
                    "({'share': 0.5}).",
                )
        ordered = tuple(sorted(self.warnings, key=lambda w: w.used(self.duration)))
        if ordered != self.warnings:
            object.__setattr__(self, "warnings", ordered)

    @property
    def key(self) -> tuple[Metric, Channel | None, Priority | None]:
        """What the target applies to."""
        return (self.metric, self.channel, self.priority)

    @property
    def _promise(self) -> str:
        from servicelevel._display import duration

        days = self.working_days
        if days is None:
            return f"{duration(self.duration)} {self.clock} time"
        if self.clock is Clock.WORKING_DAYS:
            return f"{days} working day{'s' if days != 1 else ''}"
        return "end of the working day" + (f" + {days}" if days else "")

    def __repr__(self) -> str:
        from servicelevel._display import share

        parts = [
            str(self.metric),
            str(self.channel or "any channel"),
            f"{self.priority or 'any'} priority",
            self._promise,
        ]
        if self.group is not None:
            parts.insert(0, f"group {self.group!r}")
        if self.at_risk != Target.model_fields["at_risk"].default:
            parts.append(f"at risk from {share(self.at_risk)}")
        return f"Target({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import duration, share
        from servicelevel._html import fields

        rows = [
            ("metric", self.metric),
            ("channel", self.channel or "any"),
            ("priority", self.priority or "any"),
            ("within", self._promise),
            ("at risk from", f"{share(self.at_risk)} ({duration(self.duration * self.at_risk)})"),
            ("source", self.source),
        ]
        return fields("Target", rows)


class ServiceLevelPolicy(Editable):
    """A company's service-level promises. Frozen; JSON round trip; JSON Schema.

    ``channels`` are the channels the company supports (in the order it
    prefers them); when left out, the channels named by targets, in order.
    ``channel_hours`` overrides ``hours`` per channel (a 24/7 phone line next
    to office-hours email).

    Life-cycle rules (``docs/policies.md``): ``customer_message_ends_wait``
    (a customer message ends a wait on the customer or a third party) and
    ``customer_message_reopens`` (a customer message reopens a resolved
    contact), both on by default as in every help desk; ``offline_fallback``
    maps a channel to the channel whose hours and targets measure a contact
    received while the first is closed (a live chat left at night is measured
    as e-mail: ``{"live_chat": "email"}``); none by default.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    hours: BusinessHours
    channel_hours: FrozenDict[Channel, BusinessHours] = Field(default_factory=FrozenDict)
    channels: tuple[Channel, ...] = ()
    targets: tuple[Target, ...] = Field(min_length=1)
    customer_message_ends_wait: bool = True
    customer_message_reopens: bool = True
    offline_fallback: FrozenDict[Channel, Channel] = Field(default_factory=FrozenDict)

    @model_validator(mode="before")
    @classmethod
    def _default_channels(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("channels"):
            named = dict.fromkeys(
                channel
                for target in data.get("targets") or ()
                if (channel := _named_channel(target)) is not None
            )
            return {**data, "channels": tuple(named) or tuple(Channel)}
        return data

    @field_validator("channels")
    @classmethod
    def _each_channel_once(cls, channels: tuple[Channel, ...]) -> tuple[Channel, ...]:
        for index, channel in enumerate(channels):
            if channel in channels[:index]:
                reject_at(
                    (index,),
                    channel,
                    "duplicate_channel",
                    f"channel {channel} is listed twice in channels; list each once.",
                )
        return channels

    @field_validator("targets")
    @classmethod
    def _consistent_targets(
        cls, targets: tuple[Target, ...], info: ValidationInfo
    ) -> tuple[Target, ...]:
        channels: tuple[Channel, ...] | None = info.data.get("channels")
        seen: set[tuple[Metric, Channel | None, Priority | None, str | None]] = set()
        for index, target in enumerate(targets):
            metric, channel, priority = target.key
            if (*target.key, target.group) in seen:
                group = "" if target.group is None else f" of group {target.group!r}"
                reject_at(
                    (index,),
                    target,
                    "duplicate_target",
                    f"two targets{group} for {metric} on channel {channel or 'any'} with "
                    f"priority {priority or 'any'}; keep one of them.",
                )
            seen.add((*target.key, target.group))
            if channels is not None and channel is not None and channel not in channels:
                reject_at(
                    (index, "channel"),
                    channel,
                    "unlisted_channel",
                    f"a target is set for channel {channel}, which is not in channels "
                    f"({', '.join(channels)}); add the channel or drop the target.",
                )
        return targets

    @model_validator(mode="after")
    def _hours_for_listed_channels(self) -> Self:
        for channel in self.channel_hours:
            if channel not in self.channels:
                reject_at(
                    ("channel_hours", channel.value),
                    channel,
                    "unlisted_channel",
                    f"hours are set for channel {channel}, which is not in channels "
                    f"({', '.join(self.channels)}); add the channel or drop its hours.",
                )
        self._check_fallback()
        return self

    def _check_fallback(self) -> None:
        for closed, fallback in self.offline_fallback.items():
            if closed == fallback:
                reject(
                    "fallback_to_itself",
                    f"offline_fallback maps {closed} to itself; name another channel (live_chat "
                    "to email, say) or drop the entry.",
                )
            for channel in (closed, fallback):
                if channel not in self.channels:
                    reject(
                        "fallback_channel_unsupported",
                        f"offline_fallback names {channel}, which is not in channels "
                        f"({', '.join(self.channels)}); add the channel or drop the entry.",
                    )

    def supports(self, channel: Channel) -> bool:
        """Whether the company offers ``channel``."""
        return channel in self.channels

    def hours_for(self, channel: Channel) -> BusinessHours:
        """The opening hours of ``channel``."""
        return self.channel_hours.get(channel, self.hours)

    def target_for(self, channel: Channel, priority: Priority, metric: Metric) -> Target | None:
        """The target for a contact, priority first (see the module docs), or None.

        Example:
            >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS
            >>> policy = ServiceLevelPolicy(name="Support", hours=DUTCH_OFFICE_HOURS, targets=[
            ...     Target(metric="first_response", channel="email", duration="8h"),
            ...     Target(metric="first_response", priority="urgent", duration="1h"),
            ... ])
            >>> policy.target_for(Channel.EMAIL, Priority.URGENT, Metric.FIRST_RESPONSE).duration
            datetime.timedelta(seconds=3600)
        """
        return self._target(channel, priority, metric, None)

    def internal_target_for(
        self, group: str, channel: Channel, priority: Priority, metric: Metric
    ) -> Target | None:
        """The internal target of ``group`` for a contact (the same precedence), or None."""
        return self._target(channel, priority, metric, group)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups with internal targets, in the order of the targets."""
        return tuple(dict.fromkeys(t.group for t in self.targets if t.group is not None))

    def _target(
        self, channel: Channel, priority: Priority, metric: Metric, group: str | None
    ) -> Target | None:
        if not self.supports(channel):
            return None
        by_key = _targets_by_key(self)
        for key in (
            (group, metric, channel, priority),
            (group, metric, None, priority),
            (group, metric, channel, None),
            (group, metric, None, None),
        ):
            found = by_key.get(key)
            if found is not None:
                return found
        return None

    def require_target(self, channel: Channel, priority: Priority, metric: Metric) -> Target:
        """Like :meth:`target_for`, but a missing target is a :class:`NoTargetError`."""
        target = self.target_for(channel, priority, metric)
        if target is not None:
            return target
        if not self.supports(channel):
            raise NoTargetError.for_unsupported_channel(self.name, channel, self.channels)
        raise NoTargetError.for_metric(self.name, metric, channel, priority)

    # -- validated editing (model_copy would skip every rule above) ----------------

    def with_target(self, target: Target | Mapping[str, Any]) -> Self:
        """A copy with ``target`` added, replacing one for the same metric, channel and
        priority. A target for a channel the policy does not offer is an error: use
        :meth:`with_channel` to add both.

        Example:
            >>> from servicelevel._defaults import policy_for
            >>> policy = policy_for("retail", "b2c").with_target({
            ...     "metric": "first_response", "channel": "email", "priority": "normal",
            ...     "duration": "4h"})
            >>> policy.target_for(Channel.EMAIL, Priority.NORMAL, Metric.FIRST_RESPONSE).duration
            datetime.timedelta(seconds=14400)
        """
        new = Target.model_validate(target)
        kept = [existing for existing in self.targets if existing.key != new.key]
        return self.replace(targets=(*kept, new))

    def with_channel(
        self,
        channel: Channel | str,
        *targets: Target | Mapping[str, Any],
        hours: BusinessHours | None = None,
    ) -> Self:
        """A copy that also offers ``channel``, with its ``targets`` (which name it or
        no channel) and, when given, its own ``hours``.

        Example:
            >>> from servicelevel._defaults import policy_for
            >>> shop = policy_for("retail", "b2c").with_channel(
            ...     "social_media", {"metric": "first_response", "channel": "social_media",
            ...                      "duration": "4h"})
            >>> shop.supports(Channel.SOCIAL_MEDIA)
            True
        """
        added = Channel(channel)
        channels = self.channels if added in self.channels else (*self.channels, added)
        channel_hours = dict(self.channel_hours)
        if hours is not None:
            channel_hours[added] = hours
        edited = self.replace(channels=channels, channel_hours=channel_hours)
        for target in targets:
            edited = edited.with_target(target)
        return edited

    def with_hours(self, hours: BusinessHours, channel: Channel | str | None = None) -> Self:
        """A copy with new opening ``hours``: for every channel without hours of its
        own, or only for ``channel`` (which the policy must offer).

        Example:
            >>> from servicelevel import BusinessHours
            >>> from servicelevel._defaults import policy_for
            >>> phone = BusinessHours.always(tz="Europe/Amsterdam")
            >>> policy = policy_for("retail", "b2c").with_hours(phone, channel="phone")
            >>> policy.hours_for(Channel.PHONE) == phone
            True
        """
        if channel is None:
            return self.replace(hours=hours)
        return self.replace(channel_hours={**self.channel_hours, Channel(channel): hours})

    def __repr__(self) -> str:
        from servicelevel._display import count, listing

        parts = [
            f"name={self.name!r}",
            f"channels={listing(self.channels)}",
            count(len(self.targets), "target"),
        ]
        if self.channel_hours:
            parts.append(f"own hours for {listing(self.channel_hours)}")
        return f"ServiceLevelPolicy({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import count
        from servicelevel._html import box, note, title

        parts = [
            title(f"ServiceLevelPolicy {self.name!r}"),
            note(
                f"{count(len(self.targets), 'target')}. For a channel and priority, priority "
                "decides first: a target for both, else for the priority, else for the "
                "channel, else for neither. Each cell gives the target in its clock (business "
                "time counts the channel's hours, calendar time every hour) and its warning "
                "and escalation levels, unless they are the default: one warning at 80%."
            ),
            *self._target_tables(None),
        ]
        if self.groups:
            parts.append(
                note(
                    "Internal targets (operational level agreements), measured from each "
                    "assignment to the group and reported apart from the customer-facing ones:"
                )
            )
            for group in self.groups:
                parts += self._target_tables(group)
        parts.append(self._hours_table())
        return box(*parts)

    def _target_tables(self, group: str | None) -> list[str]:
        """Per metric, the target that applies to each channel and priority (the
        customer-facing ones, or the internal ones of ``group``)."""
        from servicelevel._html import note, table

        grids: dict[tuple[tuple[object, ...], ...], list[str]] = {}
        missing = []
        metrics = tuple(Metric) if group is None else INTERNAL_METRICS
        for metric in metrics:
            grid = tuple(
                (channel, *(self._cell(channel, priority, metric, group) for priority in Priority))
                for channel in self.channels
            )
            if any(cell is not None for row in grid for cell in row[1:]):
                grids.setdefault(grid, []).append(str(metric))
            else:
                missing.append(str(metric))
        header = ("channel", *Priority)
        prefix = "" if group is None else f"group {group}: "
        parts: list[str] = [  # metrics with the same targets share a table
            table(prefix + " and ".join(metrics), header, grid, row_headers=True)
            for grid, metrics in grids.items()
        ]
        if missing and group is None:
            parts.append(note(f"No target for {', '.join(missing)}."))
        return parts

    def _hours_table(self) -> str:
        from servicelevel._display import count, week
        from servicelevel._html import table

        rows = []
        for channel in self.channels:
            hours = self.hours_for(channel)
            calendars = ", ".join(str(calendar) for calendar in hours.holidays)
            exceptions = [
                count(len(found), noun)
                for found, noun in (
                    (hours.closures, "closure"),
                    (hours.special_days, "special day"),
                )
                if found
            ]
            rows.append(
                (
                    channel,
                    week(hours.week),
                    hours.tz,
                    calendars or None,
                    ", ".join(exceptions) or None,
                )
            )
        header = ("channel", "open", "time zone", "holidays", "exceptions")
        return table("hours", header, rows, row_headers=True)

    def _cell(
        self, channel: Channel, priority: Priority, metric: Metric, group: str | None = None
    ) -> str | None:
        target = self._target(channel, priority, metric, group)
        if target is None:
            return None
        return "; ".join([target._promise, *_levels(target)])


def _levels(target: Target) -> list[str]:
    """The warning and escalation levels of ``target`` in words, none for the default
    (one warning at 80% of the target, no escalation)."""
    from servicelevel._display import duration, share

    parts = []
    default = (WarningLevel(share=Target.model_fields["at_risk"].default),)
    if target.warnings != default:
        shown = [
            share(w.share) if w.share is not None else f"{duration(w.left or timedelta(0))} left"
            for w in target.warnings
        ]
        parts.append(f"warning{'s' if len(shown) != 1 else ''} at {', '.join(shown)}")
    if target.escalations:
        shown = ["breach" if not e else f"+{duration(e)}" for e in target.escalations]
        parts.append(f"escalation{'s' if len(shown) != 1 else ''} at {', '.join(shown)}")
    return parts


_TargetKey = tuple[str | None, Metric, Channel | None, Priority | None]
#: Each live policy's targets by group and key, under the policy's identity: a look-up
#: hashes no policy, keeps none alive (a finaliser drops the entry with the policy, so
#: the cache holds as many entries as there are live policies that were asked), and a
#: frozen policy's targets never change. Two threads may both build an entry; the first
#: stored is kept, and registers the finaliser.
_BY_KEY: dict[int, dict[_TargetKey, Target]] = {}


def _targets_by_key(policy: ServiceLevelPolicy) -> dict[_TargetKey, Target]:
    found = _BY_KEY.get(id(policy))
    if found is None:
        built = {(target.group, *target.key): target for target in policy.targets}
        found = _BY_KEY.setdefault(id(policy), built)
        if found is built:
            weakref.finalize(policy, _BY_KEY.pop, id(policy), None)
    return found


def _named_channel(target: object) -> Channel | None:
    """The channel a target names, when it names a valid one (else the targets field reports it)."""
    raw = target.channel if isinstance(target, Target) else None
    if isinstance(target, Mapping):
        raw = target.get("channel")
    try:
        return None if raw is None else Channel(raw)
    except ValueError:
        return None
