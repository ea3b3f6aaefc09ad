"""Service-level policies: the promises a company makes, per channel and priority.

A :class:`ServiceLevelPolicy` holds business hours (per channel where they
differ), the channels the company supports and its :class:`Target` list. A
target names a metric and, optionally, a channel and a priority; the most
specific target that matches a contact applies, in this order:

1. the contact's channel and priority,
2. the contact's channel, any priority,
3. any channel, the contact's priority,
4. any channel, any priority.

No match means the policy makes no promise for that metric: the status is
``not_applicable``, and asking for a first-response deadline raises
:class:`NoTargetError`.

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

import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from servicelevel._errors import LimitExceededError, NoTargetError
from servicelevel._hours import BusinessHours
from servicelevel._vocabulary import Channel, Clock, Metric, Priority

__all__ = ["NoTargetError", "ServiceLevelPolicy", "Target", "load_policy"]

#: :func:`load_policy` reads files up to this size (2 MiB); a larger one is a
#: :class:`~servicelevel.LimitExceededError` before anything is parsed.
MAX_POLICY_BYTES = 2 * 1024 * 1024


class Target(BaseModel):
    """One promise: ``duration`` for ``metric``, on a channel and priority (or any).

    ``clock`` says whether the duration counts business hours (the channel's
    opening hours) or every hour of the day; ``at_risk`` is the share of the
    target after which a running contact is reported as at risk.

    Example:
        >>> Target(metric="first_response", channel="email", duration="PT8H").duration
        datetime.timedelta(seconds=28800)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: Metric
    channel: Channel | None = Field(default=None, description="None: any channel")
    priority: Priority | None = Field(default=None, description="None: any priority")
    duration: timedelta = Field(description="positive; ISO 8601 in JSON, e.g. 'PT8H'")
    clock: Clock = Clock.BUSINESS
    at_risk: float = Field(default=0.8, gt=0.0, le=1.0, description="share of the target")
    source: str | None = Field(default=None, description="where the number comes from")

    @model_validator(mode="after")
    def _positive(self) -> Self:
        if self.duration <= timedelta(0):
            raise ValueError(
                f"target duration must be positive, got {self.duration}; a promise to answer "
                "within no time (or negative time) cannot be kept."
            )
        return self

    @property
    def key(self) -> tuple[Metric, Channel | None, Priority | None]:
        """What the target applies to."""
        return (self.metric, self.channel, self.priority)


class ServiceLevelPolicy(BaseModel):
    """A company's service-level promises. Frozen; JSON round trip; JSON Schema.

    ``channels`` are the channels the company supports (in the order it
    prefers them); when left out, the channels named by targets, in order.
    ``channel_hours`` overrides ``hours`` per channel (a 24/7 phone line next
    to office-hours email).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    hours: BusinessHours
    channel_hours: dict[Channel, BusinessHours] = Field(default_factory=dict)
    channels: tuple[Channel, ...] = ()
    targets: tuple[Target, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _default_channels(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("channels"):
            targets = [Target.model_validate(t) for t in data.get("targets") or ()]
            named = dict.fromkeys(t.channel for t in targets if t.channel is not None)
            return {**data, "channels": tuple(named) or tuple(Channel)}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        seen: set[tuple[Metric, Channel | None, Priority | None]] = set()
        for target in self.targets:
            if target.key in seen:
                metric, channel, priority = target.key
                raise ValueError(
                    f"two targets for {metric} on channel {channel or 'any'} with priority "
                    f"{priority or 'any'}; keep one of them."
                )
            seen.add(target.key)
        if len(set(self.channels)) != len(self.channels):
            raise ValueError("a channel is listed twice in channels; list each once.")
        for target in self.targets:
            if target.channel is not None and target.channel not in self.channels:
                raise ValueError(
                    f"a target is set for channel {target.channel}, which is not in channels "
                    f"({', '.join(self.channels)}); add the channel or drop the target."
                )
        for channel in self.channel_hours:
            if channel not in self.channels:
                raise ValueError(
                    f"hours are set for channel {channel}, which is not in channels; add the "
                    "channel or drop its hours."
                )
        return self

    def supports(self, channel: Channel) -> bool:
        """Whether the company offers ``channel``."""
        return channel in self.channels

    def hours_for(self, channel: Channel) -> BusinessHours:
        """The opening hours of ``channel``."""
        return self.channel_hours.get(channel, self.hours)

    def target_for(self, channel: Channel, priority: Priority, metric: Metric) -> Target | None:
        """The most specific target for a contact (see the module docs), or None."""
        if not self.supports(channel):
            return None
        by_key = {target.key: target for target in self.targets}
        for key in (
            (metric, channel, priority),
            (metric, channel, None),
            (metric, None, priority),
            (metric, None, None),
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
            raise NoTargetError(
                f"policy {self.name!r} does not support channel {channel}; it supports "
                f"{', '.join(self.channels)}. Route the contact to one of those, or add the "
                "channel and a target for it."
            )
        raise NoTargetError(
            f"policy {self.name!r} has no {metric} target for {channel} contacts with "
            f"priority {priority}. Add a Target(metric={str(metric)!r}, ...) for that channel "
            "or for any channel."
        )


def load_policy(path: str | Path) -> ServiceLevelPolicy:
    """Load a policy from a ``.json`` or ``.toml`` file.

    Errors are pydantic ``ValidationError``s whose location names the field
    (``targets.2.duration``). A file over :data:`MAX_POLICY_BYTES` is a
    :class:`~servicelevel.LimitExceededError`.

    Example:
        >>> import tempfile, pathlib
        >>> from servicelevel._defaults import policy_for
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "p.json").write_text(policy_for("retail", "b2c").model_dump_json())
        >>> load_policy(folder / "p.json") == policy_for("retail", "b2c")
        True
    """
    path = Path(path)
    with path.open("rb") as file:  # read one byte past the limit, never the whole file
        raw = file.read(MAX_POLICY_BYTES + 1)
    if len(raw) > MAX_POLICY_BYTES:
        raise LimitExceededError(
            f"{path.name} is larger than {MAX_POLICY_BYTES:,} bytes, the most load_policy "
            "reads; a policy is a few kilobytes. Check that this is the policy file, or split "
            "long lists of special days and closures over several schedules."
        )
    text = raw.decode("utf-8")
    if path.suffix.lower() == ".toml":
        data: Any = tomllib.loads(text)
        return ServiceLevelPolicy.model_validate(data)
    if path.suffix.lower() == ".json":
        return ServiceLevelPolicy.model_validate_json(text)
    raise ValueError(f"{path.name}: expected a .json or .toml file.")
