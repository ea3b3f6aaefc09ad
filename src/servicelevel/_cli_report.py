"""``servicelevel report``: a help-desk CSV export in, the same contacts with
their deadlines and states out, and the compliance summary.

The export is read by :func:`servicelevel.io.read_helpdesk_export` (extra
``pandas``); each contact's status comes from :func:`status_of`, one contact
at a time through the scalar functions. A progress bar (``tqdm``, extra
``cli``) shows on large files when it is installed; without it the report is
the same, only silent.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import ValidationError

from servicelevel._cli_commands import EXIT_CHECK_FAILED, EXIT_OK
from servicelevel._cli_input import CliInputError
from servicelevel._cli_output import emit, iso, seconds, text_duration
from servicelevel._cli_setup import chosen_policy, moment, policy, schedule
from servicelevel._contact import Contact
from servicelevel._errors import ServiceLevelError
from servicelevel._kpi import ComplianceRow, summarise_compliance
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet
from servicelevel._status import SlaStatus, breach_status
from servicelevel._vocabulary import Metric

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PROGRESS_FROM", "contact_of", "report", "status_of"]

#: Files with at least this many contacts show a progress bar (on a terminal).
PROGRESS_FROM = 10_000
_T = TypeVar("_T")


def _moment(value: Any) -> datetime | None:
    """A pandas timestamp as a datetime; None for a missing one."""
    if value is None or value != value:  # NaT is not equal to itself
        return None
    result: datetime = value.to_pydatetime()
    return result


def contact_of(row: Mapping[str, Any]) -> Contact:
    """The :class:`Contact` of one row of the contacts frame: its first reply and
    its resolution as events, organisation, group and tags as attributes."""
    times = []
    for kind, field in (("agent_reply", "first_reply_at"), ("resolved", "resolved_at")):
        at = _moment(row.get(field))
        if at is not None:
            times.append((at, kind))
    events = [{"kind": kind, "at": at} for at, kind in sorted(times)]
    attributes = {
        name: str(row[name])
        for name in ("organisation", "group", "tags")
        if isinstance(row.get(name), str) and row[name]
    }
    return Contact(
        channel=row["channel"],
        priority=row["priority"],
        received_at=_moment(row["received_at"]),
        attributes=attributes,
        events=events,
    )


def status_of(
    row: Mapping[str, Any], rules: ServiceLevelPolicy | PolicySet, now: datetime
) -> SlaStatus:
    """The status of one contact (a row of the contacts frame) at ``now``: the one
    place the report computes, to be replaced by a vectorised entry point."""
    return breach_status(contact_of(row), rules, now)


def _metrics(rules: ServiceLevelPolicy | PolicySet) -> list[Metric]:
    """The metrics any target of the policy (or of a set's policies) measures."""
    policies = [rule.policy for rule in rules.rules] if isinstance(rules, PolicySet) else [rules]
    found = {target.metric for each in policies for target in each.targets}
    return [metric for metric in Metric if metric in found]


def _progress(items: Iterable[_T], total: int, wanted: bool | None) -> Iterator[_T]:
    """``items``, with a progress bar on stderr when wanted and ``tqdm`` is installed."""
    show = total >= PROGRESS_FROM and sys.stderr.isatty() if wanted is None else wanted
    if show:
        try:
            from tqdm import tqdm
        except ImportError:  # the bar is a nicety: report without it
            show = False
        else:
            yield from tqdm(items, total=total, unit="contact", file=sys.stderr)
            return
    yield from items


def _columns(
    contacts: pd.DataFrame,
    rules: ServiceLevelPolicy | PolicySet,
    now: datetime,
    wanted: bool | None,
) -> tuple[dict[str, list[Any]], list[SlaStatus]]:
    """The columns the report adds, and the statuses of the contacts that have one."""
    metrics = _metrics(rules)
    added: dict[str, list[Any]] = {"measured_as": [], "policy": [], "breached": [], "error": []}
    for metric in metrics:
        added[f"{metric.value}_deadline"], added[f"{metric.value}_state"] = [], []
    statuses = []
    rows = cast(list[dict[str, Any]], contacts.to_dict("records"))
    for row in _progress(rows, len(rows), wanted):
        try:
            result: SlaStatus | None = status_of(row, rules, now)
            problem = None
        except (ServiceLevelError, ValidationError, ValueError) as error:
            result, problem = None, " ".join(str(error).split())
        added["error"].append(problem)
        added["measured_as"].append(None if result is None else result.measured_as.value)
        added["policy"].append(None if result is None else result.policy)
        added["breached"].append(None if result is None else result.breached)
        for metric in metrics:
            found = None if result is None else result[metric]
            added[f"{metric.value}_deadline"].append(None if found is None else iso(found.deadline))
            added[f"{metric.value}_state"].append(None if found is None else found.state.value)
        if result is not None:
            statuses.append(result)
    return added, statuses


def _read(args: argparse.Namespace, zone: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        from servicelevel.io import read_helpdesk_export
    except ImportError:
        raise CliInputError(
            "report reads CSV files with pandas, which is not installed: "
            "pip install 'servicelevel[cli]'."
        ) from None
    try:
        return read_helpdesk_export(args.csv, tz=zone)
    except UnicodeDecodeError:
        raise CliInputError(f"{args.csv}: not UTF-8; export the CSV as UTF-8.") from None
    except ServiceLevelError:
        raise
    except ValueError as error:  # pandas' parser errors: empty file, ragged rows
        raise CliInputError(f"{args.csv}: cannot be read as a CSV export ({error}).") from None


def _in_zone(contacts: pd.DataFrame, zone: str) -> pd.DataFrame:
    """The contacts with their times in the schedule's zone (the reader gives UTC)."""
    times = ("received_at", "first_reply_at", "resolved_at")
    return contacts.assign(**{name: contacts[name].dt.tz_convert(zone) for name in times})


def _output(args: argparse.Namespace) -> Path:
    output: Path = args.output or args.csv.with_name(f"{args.csv.stem}-report.csv")
    if output.resolve() == args.csv.resolve():
        raise CliInputError(
            f"{output}: the report would overwrite its input; pass another --output."
        )
    return output


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _row_text(row: ComplianceRow) -> tuple[str, str]:
    text = (
        f"{_count(row.contacts, 'contact')}, {_count(row.cycles, 'cycle')}: "
        f"{row.share_met:.1%} met, {row.share_breached:.1%} breached or late, {row.open:,} open"
    )
    if row.median_elapsed is not None and row.p90_elapsed is not None:
        median, p90 = text_duration(row.median_elapsed), text_duration(row.p90_elapsed)
        text += f"; median {median}, p90 {p90}"
    return f"{row.channel} {row.metric}", text


def _row_data(row: ComplianceRow) -> dict[str, Any]:
    return {
        "channel": row.channel.value,
        "metric": row.metric.value,
        **{name: getattr(row, name) for name in ("contacts", "cycles", "met", "met_late")},
        **{name: getattr(row, name) for name in ("breached", "open", "cancelled")},
        "share_met": row.share_met,
        "share_breached": row.share_breached,
        "median_elapsed_seconds": seconds(row.median_elapsed),
        "p90_elapsed_seconds": seconds(row.p90_elapsed),
    }


def report(args: argparse.Namespace) -> int:
    """Deadlines and states for every contact of a CSV export, and the summary."""
    args.channel, args.priority, args.attr, args.schedule = "email", "normal", [], None
    rules = policy(args)
    found = schedule(args, chosen_policy(args, rules))
    output = _output(args)
    when = moment(args.at, found, args)
    contacts, unreadable = _read(args, found.tz if args.assume_local else None)
    added, statuses = _columns(contacts, rules, when.at, args.progress)
    _in_zone(contacts, found.tz).assign(**added).to_csv(output, index=False)
    if args.errors is not None:
        unreadable.to_csv(args.errors, index=False)
    summary = summarise_compliance(statuses)
    failed = sum(1 for problem in added["error"] if problem is not None)
    breached = sum(1 for result in statuses if result.breached)
    lines = [
        ("At", iso(when.at) or ""),
        *(
            [("Assumed", f"{found.tz} (for times without a UTC offset)")]
            if args.assume_local
            else []
        ),
        (
            "Contacts",
            f"{len(contacts):,} read, {len(unreadable):,} rows unreadable, "
            f"{failed:,} without a status, {breached:,} breached",
        ),
        ("Wrote", str(output) if args.errors is None else f"{output}, {args.errors}"),
        *[_row_text(row) for row in summary],
    ]
    data = {
        "at": iso(when.at),
        "assumed_zone": found.tz if args.assume_local else None,
        "input": str(args.csv),
        "output": str(output),
        "errors": None if args.errors is None else str(args.errors),
        "contacts": len(contacts),
        "unreadable_rows": len(unreadable),
        "without_status": failed,
        "breached": breached,
        "summary": [_row_data(row) for row in summary],
    }
    emit(lines, data, as_json=args.json)
    return EXIT_CHECK_FAILED if args.check and breached else EXIT_OK
