"""The ``servicelevel`` command line.

This is the application boundary: it is the only place that reads the clock
(when ``--at`` is not given); the library functions it calls take ``now`` as
a parameter.

Example:
    >>> main(["deadline", "--at", "2025-12-24T16:00+01:00", "--hours", "8"])
    Schedule   Mon-Fri 9:00 AM-5:00 PM, closed on public holidays (Europe/Amsterdam)
    At         Wed 2025-12-24 16:00 (+01:00), open
    Next open  Wed 2025-12-24 16:00 (+01:00)
    Next close Wed 2025-12-24 17:00 (+01:00)
    Deadline   Mon 2025-12-29 16:00 (+01:00) (8 business hours)
    0
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from servicelevel._auto_reply import auto_reply
from servicelevel._business_time import add_business_time, is_open, next_close, next_open
from servicelevel._defaults import DUTCH_OFFICE_HOURS, policy_for
from servicelevel._describe import describe_hours
from servicelevel._errors import NeverClosesError, ServiceLevelError
from servicelevel._hours import BusinessHours
from servicelevel._json_schema import SCHEMA_KINDS, json_schema
from servicelevel._policy import load_policy
from servicelevel._templates import BUILT_IN_TEMPLATES
from servicelevel._vocabulary import Channel, Market, Priority, Sector

__all__ = ["main"]


def _instant(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date-time, e.g. 2025-12-24T16:00+01:00"
        ) from error


def _format(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return f"{moment:%a %Y-%m-%d %H:%M} ({offset[:3]}:{offset[3:]})"


def _summary(hours: BusinessHours) -> str:
    return f"{describe_hours(hours, 'en')} ({hours.tz})"


def _load(path: Path | None) -> BusinessHours:
    if path is None:
        return DUTCH_OFFICE_HOURS
    return BusinessHours.model_validate_json(path.read_text(encoding="utf-8"))


def _deadline(args: argparse.Namespace) -> None:
    hours = _load(args.schedule)
    at: datetime = args.at or datetime.now(hours.zone)
    if at.tzinfo is None:
        at = at.replace(tzinfo=hours.zone)
    duration = timedelta(hours=args.hours)
    print(f"Schedule   {_summary(hours)}")
    print(f"At         {_format(at)}, {'open' if is_open(hours, at) else 'closed'}")
    print(f"Next open  {_format(next_open(hours, at))}")
    try:
        print(f"Next close {_format(next_close(hours, at))}")
    except NeverClosesError:
        print("Next close never (open around the clock)")
    print(
        f"Deadline   {_format(add_business_time(hours, at, duration))} "
        f"({args.hours:g} business hours)"
    )


def _auto_reply(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy) if args.policy else policy_for(args.sector, args.market)
    channel = Channel(args.channel)
    zone = policy.hours_for(channel).zone if policy.supports(channel) else policy.hours.zone
    at: datetime = args.at or datetime.now(zone)
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone)
    reply = auto_reply(
        channel,
        at,
        policy,
        locale=args.locale,
        priority=args.priority,
        signed_by=args.signed_by or (),
        team_name=args.team,
    )
    print(f"Subject: {reply.subject}\n")
    print(reply.body_markdown if args.markdown else reply.body, end="")


def _schema(args: argparse.Namespace) -> None:
    print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="servicelevel", description="Service-level deadlines from the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    deadline = commands.add_parser(
        "deadline",
        help="when the schedule next opens and closes, and the deadline for a target",
        description="Without --schedule, uses the built-in Dutch office hours "
        "(Mon-Fri 09:00-17:00, Europe/Amsterdam, Dutch public holidays).",
    )
    deadline.add_argument("--at", type=_instant, help="the moment (ISO 8601; default: now)")
    deadline.add_argument("--hours", type=float, default=8.0, help="business hours (default 8)")
    deadline.add_argument("--schedule", type=Path, help="BusinessHours as a JSON file")
    deadline.set_defaults(run=_deadline)

    reply = commands.add_parser(
        "auto-reply",
        help="the automatic reply to a message on a channel at a moment",
        description="Without --policy, uses the built-in policy for --sector and --market "
        "(default: retail, b2c).",
    )
    reply.add_argument("--channel", choices=[c.value for c in Channel], default="email")
    reply.add_argument("--at", type=_instant, help="when the message arrived (default: now)")
    reply.add_argument("--locale", choices=sorted(BUILT_IN_TEMPLATES), default="nl")
    reply.add_argument("--priority", choices=[p.value for p in Priority], default="normal")
    reply.add_argument("--sector", choices=[s.value for s in Sector], default="retail")
    reply.add_argument("--market", choices=[m.value for m in Market], default="b2c")
    reply.add_argument("--policy", type=Path, help="a ServiceLevelPolicy as .json or .toml")
    reply.add_argument("--signed-by", action="append", help="a name to sign with (repeatable)")
    reply.add_argument("--team", help="the team name to sign with when no names are given")
    reply.add_argument("--markdown", action="store_true", help="print the Markdown body")
    reply.set_defaults(run=_auto_reply)

    schema = commands.add_parser(
        "schema",
        help="the JSON Schema of a kind of file, for editors and validators",
        description="Prints the JSON Schema (draft 2020-12) of a policy, business-hours, "
        "combined-hours or contact file.",
    )
    schema.add_argument("kind", choices=SCHEMA_KINDS)
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (ServiceLevelError, ValidationError, OSError, ValueError) as error:
        print(f"servicelevel: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
