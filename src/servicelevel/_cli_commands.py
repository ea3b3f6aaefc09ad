"""The subcommands that answer one question: ``hours``, ``open``, ``deadline``,
``status``, ``reply``, ``gap`` and ``schema``. Each takes the parsed arguments,
prints its answer (text, or JSON with ``--json``) and returns the exit status.
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import Any

from servicelevel._auto_reply import auto_reply
from servicelevel._business_time import (
    add_business_time,
    is_open,
    next_close,
    next_open,
    next_opening_after,
)
from servicelevel._cli_input import read_contact, read_event
from servicelevel._cli_output import emit, iso, seconds, text_duration, text_moment
from servicelevel._cli_setup import Moment, attributes, chosen_policy, moment, policy, schedule
from servicelevel._contact import Contact
from servicelevel._describe import describe_hours
from servicelevel._errors import NeverClosesError
from servicelevel._expectations import ChannelGap, expectation_gap
from servicelevel._hours import BusinessHours
from servicelevel._json_schema import json_schema
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet
from servicelevel._status import MetricStatus, SlaState, SlaStatus, breach_status, response_deadline

__all__ = [
    "EXIT_CHECK_FAILED",
    "EXIT_OK",
    "deadline",
    "gap",
    "hours",
    "open_",
    "reply",
    "schema",
    "status",
]

EXIT_OK = 0
#: ``--check`` found the negative answer: closed (``open``), breached (``status``, ``report``).
EXIT_CHECK_FAILED = 1


def _assumed(when: Moment) -> list[tuple[str, str]]:
    if when.assumed is None:
        return []
    return [("Assumed", f"{when.assumed} (the time had no UTC offset)")]


def _where(args: argparse.Namespace, chosen: ServiceLevelPolicy | None) -> dict[str, Any]:
    if args.schedule is not None or chosen is None:
        return {"policy": None, "channel": None}
    return {"policy": chosen.name, "channel": args.channel}


def hours(args: argparse.Namespace) -> int:
    """The published opening hours, in a locale, with the upcoming exceptions."""
    chosen = None if args.schedule is not None else chosen_policy(args)
    found = schedule(args, chosen)
    start = None
    if args.upcoming:
        start = moment(args.at, found, args).at.date()
    text = describe_hours(found, args.locale, upcoming_from=start, days=args.upcoming)
    lines = [("Hours", text), ("Zone", found.tz)]
    if chosen is not None:
        lines.append(("Policy", f"{chosen.name} ({args.channel})"))
    data = {
        "hours": text,
        "locale": args.locale,
        "zone": found.tz,
        "upcoming_from": None if start is None else start.isoformat(),
        "upcoming_days": args.upcoming,
        **_where(args, chosen),
    }
    emit(lines, data, as_json=args.json)
    return EXIT_OK


def _close_after(found: BusinessHours, when: Moment) -> Any:
    try:
        return next_close(found, when.at)
    except NeverClosesError:
        return None


def open_(args: argparse.Namespace) -> int:
    """Whether the schedule is open at a moment, and when it next opens and closes."""
    chosen = None if args.schedule is not None else chosen_policy(args)
    found = schedule(args, chosen)
    when = moment(args.at, found, args)
    now_open = is_open(found, when.at)
    closes = _close_after(found, when)
    opens = None
    if not now_open or closes is not None:
        opens = next_opening_after(found, when.at) if now_open else next_open(found, when.at)
    lines = [
        ("At", text_moment(when.at)),
        *_assumed(when),
        ("State", "open" if now_open else "closed"),
        ("Next open", "never" if opens is None else text_moment(opens)),
        ("Next close", "never (open around the clock)" if closes is None else text_moment(closes)),
        ("Schedule", f"{describe_hours(found, 'en-GB')} ({found.tz})"),
    ]
    data = {
        "at": iso(when.at),
        "assumed_zone": when.assumed,
        "open": now_open,
        "next_open": iso(opens),
        "next_close": iso(closes),
        "next_change": iso(closes if now_open else opens),
        "zone": found.tz,
        **_where(args, chosen),
    }
    emit(lines, data, as_json=args.json)
    return EXIT_CHECK_FAILED if args.check and not now_open else EXIT_OK


def _contact(args: argparse.Namespace, found: BusinessHours, received: Moment) -> Contact:
    """The contact the options describe (``--event`` options in ``status``)."""
    assume = found.zone if args.assume_local else None
    events = [
        read_event(text, assume=assume, dayfirst=args.dayfirst)
        for text in getattr(args, "event", None) or ()
    ]
    return Contact(
        channel=args.channel,
        priority=args.priority,
        received_at=received.at,
        attributes=attributes(args),
        events=events,
    )


def _business_hours_deadline(args: argparse.Namespace) -> int:
    chosen = None if args.schedule is not None else chosen_policy(args)
    found = schedule(args, chosen)
    when = moment(args.at, found, args)
    due = add_business_time(found, when.at, timedelta(hours=args.hours))
    lines = [
        ("Received", text_moment(when.at)),
        *_assumed(when),
        ("Deadline", f"{text_moment(due)} ({args.hours:g} business hours)"),
        ("Schedule", f"{describe_hours(found, 'en-GB')} ({found.tz})"),
    ]
    data = {
        "received_at": iso(when.at),
        "assumed_zone": when.assumed,
        "deadline": iso(due),
        "business_hours": args.hours,
        "zone": found.tz,
        **_where(args, chosen),
    }
    emit(lines, data, as_json=args.json)
    return EXIT_OK


def deadline(args: argparse.Namespace) -> int:
    """The first-response deadline of a contact under the policy (or, with
    ``--hours``, that many business hours after receipt)."""
    if args.hours is not None:
        return _business_hours_deadline(args)
    if args.schedule is not None:
        raise ValueError("--schedule gives hours without targets; use it with --hours N.")
    loaded = policy(args)
    found = schedule(args, chosen_policy(args, loaded))
    when = moment(args.at, found, args)
    contact = _contact(args, found, when)
    due = response_deadline(contact, loaded)
    result = breach_status(contact, loaded, when.at)
    target = result.first_response.target
    promise = "" if target is None else f" ({text_duration(target.duration)} {target.clock})"
    lines = [
        ("Received", f"{text_moment(when.at)} via {args.channel}, {args.priority} priority"),
        *_assumed(when),
        ("Deadline", f"{text_moment(due)}{promise}"),
        ("Policy", f"{result.policy} (measured as {result.measured_as})"),
    ]
    data = {
        "received_at": iso(when.at),
        "assumed_zone": when.assumed,
        "channel": args.channel,
        "measured_as": result.measured_as.value,
        "priority": args.priority,
        "policy": result.policy,
        "deadline": iso(due),
        "target_seconds": None if target is None else seconds(target.duration),
        "clock": None if target is None else target.clock.value,
        "deadlines": {m.metric.value: iso(m.deadline) for m in result.metrics if m.deadline},
    }
    emit(lines, data, as_json=args.json)
    return EXIT_OK


def _metric_text(result: MetricStatus) -> str:
    parts = [str(result.state)]
    if result.deadline is not None:
        parts.append(f"due {text_moment(result.deadline)}")
    if result.remaining is not None and result.stopped_at is None and not result.breached:
        parts.append(f"{text_duration(result.remaining)} left")
    if result.late_cycles > 1:
        parts.append(f"{result.late_cycles} late cycles")
    return ", ".join(parts)


def _metric_data(result: MetricStatus) -> dict[str, Any]:
    return {
        "metric": result.metric.value,
        "state": result.state.value,
        "breached": result.breached,
        "level": result.level,
        "started_at": iso(result.started_at),
        "stopped_at": iso(result.stopped_at),
        "deadline": iso(result.deadline),
        "elapsed_seconds": seconds(result.elapsed),
        "remaining_seconds": seconds(result.remaining),
        "cycles": len(result.cycles),
    }


def _status_contact(
    args: argparse.Namespace, loaded: ServiceLevelPolicy | PolicySet
) -> tuple[Contact, BusinessHours, Moment | None]:
    """The contact of ``--contact FILE`` or of the options, and the hours to read times in."""
    if args.contact is not None:
        contact = read_contact(args.contact)
        args.channel, args.priority = contact.channel.value, contact.priority.value
        args.attr = [f"{key}={value}" for key, value in contact.attributes.items()]
        return contact, schedule(args, chosen_policy(args, loaded)), None
    if args.received_at is None:
        raise ValueError("status needs --received-at TIME (or --contact FILE).")
    found = schedule(args, chosen_policy(args, loaded))
    received = moment(args.received_at, found, args)
    return _contact(args, found, received), found, received


def status(args: argparse.Namespace) -> int:
    """The status of every metric of a contact at a moment."""
    loaded = policy(args)
    contact, found, received = _status_contact(args, loaded)
    when = moment(args.at, found, args)
    result: SlaStatus = breach_status(contact, loaded, when.at)
    shown = [m for m in result.metrics if m.state is not SlaState.NOT_APPLICABLE]
    assumed = when if when.assumed else (received or when)
    lines = [
        ("At", text_moment(result.now)),
        *_assumed(assumed),
        (
            "Contact",
            f"{contact.channel} ({result.priority}), received "
            f"{text_moment(contact.received_at.astimezone(found.zone))}",
        ),
        ("Policy", f"{result.policy} (measured as {result.measured_as})"),
        ("Breached", "yes" if result.breached else "no"),
        *[(m.metric.value, _metric_text(m)) for m in shown],
    ]
    data = {
        "at": iso(result.now),
        "assumed_zone": assumed.assumed,
        "channel": result.channel.value,
        "measured_as": result.measured_as.value,
        "priority": result.priority.value,
        "policy": result.policy,
        "breached": result.breached,
        "metrics": [_metric_data(m) for m in shown],
    }
    emit(lines, data, as_json=args.json)
    return EXIT_CHECK_FAILED if args.check and result.breached else EXIT_OK


def reply(args: argparse.Namespace) -> int:
    """The automatic reply to a message on a channel at a moment, in a locale."""
    loaded = policy(args)
    found = schedule(args, chosen_policy(args, loaded))
    when = moment(args.at, found, args)
    contact = _contact(args, found, when)
    answer = auto_reply(
        contact,
        when.at,
        loaded,
        locale=args.locale,
        signed_by=args.signed_by or (),
        team_name=args.team,
        sector=args.sector,
        register=args.register,
        help_centre=args.help_centre,
    )
    if args.json:
        emit([], _reply_data(answer, when), as_json=True)
        return EXIT_OK
    if when.assumed:
        print(f"(time read in {when.assumed}: it had no UTC offset)\n")
    print(f"Subject: {answer.subject}\n")
    print(answer.body_markdown if args.markdown else answer.body, end="")
    return EXIT_OK


def _reply_data(answer: Any, when: Moment) -> dict[str, Any]:
    return {
        "subject": answer.subject,
        "body": answer.body,
        "body_markdown": answer.body_markdown,
        "locale": answer.locale,
        "register": None if answer.formality is None else answer.formality.value,
        "help_centre": answer.help_centre,
        "channel": answer.channel.value,
        "channel_supported": answer.channel_supported,
        "received_at": iso(answer.received_at),
        "assumed_zone": when.assumed,
        "open_now": answer.open_now,
        "next_open": iso(answer.next_open),
        "deadline": iso(answer.deadline),
        "opening_hours": answer.opening_hours,
    }


def _gap_text(found: ChannelGap) -> str:
    expected = text_duration(found.expected_within)
    if not found.offered:
        return f"not offered (customers expect {expected})"
    if found.share_later is None or found.promised is None:
        return f"no promise (customers expect {expected})"
    text = (
        f"promises {text_duration(found.promised)} {found.clock}; "
        f"{found.share_later:.1%} of contacts wait longer than the {expected} customers expect"
    )
    if found.worst_lateness and found.worst_received_at is not None:
        worst = text_moment(found.worst_received_at)
        text += f" (worst {text_duration(found.worst_lateness)} late, received {worst})"
    return text


def _gap_data(found: ChannelGap) -> dict[str, Any]:
    return {
        "channel": found.channel.value,
        "offered": found.offered,
        "expected_within_seconds": seconds(found.expected_within),
        "promised_seconds": seconds(found.promised),
        "clock": None if found.clock is None else found.clock.value,
        "share_later": found.share_later,
        "share_unpromised": found.share_unpromised,
        "worst_wait_seconds": seconds(found.worst_wait),
        "worst_lateness_seconds": seconds(found.worst_lateness),
        "worst_received_at": iso(found.worst_received_at),
        "worst_deadline": iso(found.worst_deadline),
    }


def gap(args: argparse.Namespace) -> int:
    """How far the policy's first-response promises land from what customers expect."""
    chosen = chosen_policy(args)
    step = timedelta(minutes=args.step)
    result = expectation_gap(chosen, args.sector, args.market, year=args.year, step=step)
    lines = [
        ("Policy", result.policy),
        ("Customers", f"{result.sector} {result.market}"),
        ("Moments", f"{result.moments:,} in {result.year}, every {text_duration(step)}"),
        *[(c.channel.value, _gap_text(c)) for c in result.channels],
    ]
    data = {
        "policy": result.policy,
        "sector": result.sector.value,
        "market": result.market.value,
        "year": result.year,
        "step_seconds": seconds(step),
        "moments": result.moments,
        "channels": [_gap_data(c) for c in result.channels],
    }
    emit(lines, data, as_json=args.json)
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
    """The JSON Schema of a kind of file (always JSON)."""
    print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK
