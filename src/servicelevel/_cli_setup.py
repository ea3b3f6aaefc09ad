"""What a subcommand works on: the policy (a file, or the built-in one for a
sector and market), the policy a policy set chooses for the contact described
by ``--channel``, ``--priority`` and ``--attr``, the schedule, and the moments
given on the command line (the only place that reads the clock).

Example:
    >>> import argparse
    >>> args = argparse.Namespace(policy=None, sector="retail", market="b2c",
    ...     channel="email", priority="normal", attr=[], schedule=None)
    >>> chosen_policy(args).name, schedule(args).tz
    ('retail b2c (built-in)', 'Europe/Amsterdam')
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from servicelevel._cli_input import (
    CliInputError,
    read_attribute,
    read_moment,
    read_policy,
    read_schedule,
)
from servicelevel._contact import Contact
from servicelevel._defaults import policy_for
from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet
from servicelevel._vocabulary import Channel

__all__ = ["Moment", "attributes", "chosen_policy", "moment", "policy", "schedule"]

# Rules match on channel, priority and attributes only, never on time, so any
# aware receipt moment selects the same rule.
_PROBE = datetime(2000, 1, 1, tzinfo=UTC)


def policy(args: argparse.Namespace) -> ServiceLevelPolicy | PolicySet:
    """The ``--policy`` file, or the built-in policy for ``--sector`` and ``--market``."""
    if args.policy is not None:
        return read_policy(args.policy)
    return policy_for(args.sector, args.market)


def attributes(args: argparse.Namespace) -> dict[str, str]:
    """The ``--attr key=value`` options as a dict (a later key wins)."""
    return dict(read_attribute(text) for text in args.attr or ())


def chosen_policy(
    args: argparse.Namespace, loaded: ServiceLevelPolicy | PolicySet | None = None
) -> ServiceLevelPolicy:
    """The policy itself, or the one a policy set's rules select for the contact
    the options describe (channel, priority, attributes)."""
    found = policy(args) if loaded is None else loaded
    if isinstance(found, ServiceLevelPolicy):
        return found
    probe = Contact(
        channel=args.channel,
        priority=args.priority,
        received_at=_PROBE,
        attributes=attributes(args),
    )
    return found.select(probe)


def schedule(args: argparse.Namespace, chosen: ServiceLevelPolicy | None = None) -> BusinessHours:
    """The ``--schedule`` file, or the hours of ``--channel`` in the chosen policy
    (its main hours when it does not offer the channel)."""
    if getattr(args, "schedule", None) is not None:
        return read_schedule(args.schedule)
    chosen = chosen_policy(args) if chosen is None else chosen
    channel = Channel(args.channel)
    return chosen.hours_for(channel) if chosen.supports(channel) else chosen.hours


@dataclass(frozen=True)
class Moment:
    """A moment from the command line, and the zone it was assumed in (if any)."""

    at: datetime
    assumed: str | None = None


def moment(text: str | None, hours: BusinessHours, args: argparse.Namespace) -> Moment:
    """``text`` as an aware moment; ``None`` or ``now`` reads the clock."""
    zone = hours.zone
    if text is None or text.strip().lower() == "now":
        return Moment(datetime.now(zone))
    assume = zone if args.assume_local else None
    at = read_moment(text, assume=assume, dayfirst=args.dayfirst)
    # Only an assumed zone is a ZoneInfo: typed offsets come back as fixed offsets.
    assumed = hours.tz if isinstance(at.tzinfo, ZoneInfo) else None
    try:
        return Moment(at.astimezone(zone), assumed)
    except OverflowError:
        raise CliInputError(f"{text!r} is out of range; give a year from 2 to 9997.") from None
