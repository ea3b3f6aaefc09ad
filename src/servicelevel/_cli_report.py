"""``servicelevel report``: a help-desk CSV export in, the same contacts with
their deadlines and states out, and the compliance summary.

The export is read by :func:`servicelevel.io.read_helpdesk_export` (extra
``pandas``); the statuses come from :func:`servicelevel.frames.statuses` (the
columnar engine, equal to ``breach_status`` row for row) and the summary from
:func:`servicelevel.frames.compliance`, in chunks of :data:`CHUNK` contacts. A
progress bar (``tqdm``, extra ``cli``) moves per chunk on large files when it
is installed; without it the report is the same, only silent.

The notebook's year of 100,000 generated contacts, written as a Zendesk
export, takes about 3 s (``python bench/bench_report.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servicelevel._cli_commands import EXIT_CHECK_FAILED, EXIT_OK
from servicelevel._cli_input import CliInputError
from servicelevel._cli_output import emit, iso, text_duration
from servicelevel._cli_setup import chosen_policy, moment, policy, schedule
from servicelevel._errors import ServiceLevelError
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet
from servicelevel._vocabulary import Metric

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHUNK", "PROGRESS_FROM", "report"]

#: Files with at least this many contacts show a progress bar (on a terminal).
PROGRESS_FROM = 10_000
#: Contacts computed at a time: the progress bar moves once per chunk.
CHUNK = 20_000
#: The columns of the export that describe a contact (the rest are its events).
_CONTACT_FIELDS = ("received_at", "channel", "priority", "organisation", "group", "tags")
#: The export's events, in the order they happen at a tie.
_EVENT_FIELDS = (("agent_reply", "first_reply_at"), ("resolved", "resolved_at"))


def _metrics(rules: ServiceLevelPolicy | PolicySet) -> list[Metric]:
    """The metrics any target of the policy (or of a set's policies) measures."""
    policies = [rule.policy for rule in rules.rules] if isinstance(rules, PolicySet) else [rules]
    found = {target.metric for each in policies for target in each.targets}
    return [metric for metric in Metric if metric in found]


def _chunks(contacts: pd.DataFrame, wanted: bool | None) -> Iterator[pd.DataFrame]:
    """The contacts :data:`CHUNK` at a time, with a progress bar on stderr when wanted
    and ``tqdm`` is installed."""
    total = len(contacts)
    show = total >= PROGRESS_FROM and sys.stderr.isatty() if wanted is None else wanted
    bar = None
    if show:
        try:
            from tqdm import tqdm
        except ImportError:  # the bar is a nicety: report without it
            pass
        else:
            bar = tqdm(total=total, unit="contact", file=sys.stderr)
    for start in range(0, total, CHUNK):
        part = contacts.iloc[start : start + CHUNK]
        yield part
        if bar is not None:
            bar.update(len(part))
    if bar is not None:
        bar.close()


def _events(contacts: pd.DataFrame) -> pd.DataFrame:
    """The first reply and the resolution of each contact, as an events frame keyed by
    the contacts' index (a reply and a resolution at one instant: the reply first)."""
    import pandas as pd

    parts = [
        pd.DataFrame({"contact_id": times.index, "kind": kind, "at": times.reset_index(drop=True)})
        for kind, field in _EVENT_FIELDS
        for times in [contacts[field].dropna()]
    ]
    return pd.concat(parts, ignore_index=True)


def _added(frame: pd.DataFrame, metrics: list[Metric]) -> pd.DataFrame:
    """The columns the report adds, from the wide status frame."""
    import pandas as pd

    answered = frame["error"].isna()
    late = sum((frame[f"{metric}_late_cycles"] > 0 for metric in metrics), start=False)
    added = pd.DataFrame(
        {
            "measured_as": frame["measured_as"].astype(object),
            "policy": frame["policy"],
            "breached": pd.Series(late, index=frame.index).astype(object).where(answered),
            "error": frame["error"],
        }
    )
    for metric in metrics:
        deadline = frame[f"{metric}_deadline"]
        added[f"{metric}_deadline"] = _iso(deadline)
        added[f"{metric}_state"] = frame[f"{metric}_state"].astype(object)
    return added


def _columns(
    contacts: pd.DataFrame,
    rules: ServiceLevelPolicy | PolicySet,
    now: datetime,
    zone: str,
    wanted: bool | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The columns the report adds, and the cycles of every contact (for the summary)."""
    import pandas as pd

    from servicelevel.frames import statuses

    metrics = _metrics(rules)
    added, cycles = [], []
    for part in _chunks(contacts, wanted):
        found = statuses(
            part[list(_CONTACT_FIELDS)],
            rules,
            now,
            events=_events(part),
            metrics=metrics,
            tz=zone,
        )
        added.append(_added(found.frame, metrics))
        cycles.append(found.cycles)
    if not added:  # no contact read: the frames of an empty chunk
        found = statuses(contacts[list(_CONTACT_FIELDS)], rules, now, metrics=metrics, tz=zone)
        return _added(found.frame, metrics), found.cycles
    return pd.concat(added), pd.concat(cycles, ignore_index=True)


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
    """The contacts with their times as text in the schedule's zone (the reader gives
    UTC), as pandas writes an aware time: ``2025-01-06 10:00:00+01:00``."""
    times = ("received_at", "first_reply_at", "resolved_at")
    return contacts.assign(
        **{name: _iso(contacts[name].dt.tz_convert(zone), " ") for name in times}
    )


def _iso(times: pd.Series[Any], separator: str = "T") -> pd.Series[Any]:
    """Aware times as ISO 8601 text with their UTC offset, as ``datetime.isoformat``
    writes them; missing stays missing. Whole seconds (the usual case) are formatted as
    arrays: pandas formats an aware column one value at a time, 40 times slower."""
    import numpy as np
    import pandas as pd

    local = times.dt.tz_localize(None)
    values = local.to_numpy(dtype="datetime64[us]").view(np.int64)
    present = times.notna().to_numpy()
    if not present.any():
        return pd.Series(None, index=times.index, dtype=object)
    if (values[present] % 1_000_000).any():
        return times.map(lambda at: at.isoformat(separator), na_action="ignore")
    utc = times.dt.tz_convert("UTC").dt.tz_localize(None)
    minutes = ((local - utc) // pd.Timedelta(minutes=1)).to_numpy()
    clock = np.datetime_as_string(local.to_numpy(dtype="datetime64[s]"), unit="s")
    text = pd.Series(np.char.replace(clock, "T", separator), index=times.index, dtype=object)
    written = {value: _offset(value) for value in np.unique(minutes[present]).tolist()}
    offsets = pd.Series(minutes, index=times.index).map(written)
    return (text + offsets).where(present)


def _offset(minutes: float) -> str:
    sign, value = ("-", -int(minutes)) if minutes < 0 else ("+", int(minutes))
    return f"{sign}{value // 60:02d}:{value % 60:02d}"


def _output(args: argparse.Namespace) -> Path:
    output: Path = args.output or args.csv.with_name(f"{args.csv.stem}-report.csv")
    if output.resolve() == args.csv.resolve():
        raise CliInputError(
            f"{output}: the report would overwrite its input; pass another --output."
        )
    return output


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _row_text(row: dict[str, Any]) -> tuple[str, str]:
    text = (
        f"{_count(row['contacts'], 'contact')}, {_count(row['cycles'], 'cycle')}: "
        f"{row['share_met']:.1%} met, {row['share_breached']:.1%} breached or late, "
        f"{row['open']:,} open"
    )
    if row["median"] is not None and row["p90"] is not None:
        text += f"; median {text_duration(row['median'])}, p90 {text_duration(row['p90'])}"
    return f"{row['channel']} {row['metric']}", text


_COUNTS = ("contacts", "cycles", "met", "met_late", "breached", "open", "cancelled")


def _summary(cycles: pd.DataFrame) -> list[dict[str, Any]]:
    """The compliance per measuring channel and metric, as plain values."""
    from servicelevel.frames import compliance

    table = compliance(cycles, by=["measured_as"]).reset_index()
    return [
        {
            "channel": str(row["measured_as"]),
            "metric": str(row["metric"]),
            **{name: int(row[name]) for name in _COUNTS},
            "share_met": float(row["share_met"]),
            "share_breached": float(row["share_breached"]),
            "median": _timedelta(row["p50_elapsed"]),
            "p90": _timedelta(row["p90_elapsed"]),
        }
        for row in table.to_dict("records")
    ]


def _timedelta(value: Any) -> Any:
    """A pandas Timedelta as a timedelta; None for a missing one."""
    return None if value is None or value != value else value.to_pytimedelta()


def _row_data(row: dict[str, Any]) -> dict[str, Any]:
    median, p90 = row["median"], row["p90"]
    return {
        **{name: value for name, value in row.items() if name not in ("median", "p90")},
        "median_elapsed_seconds": None if median is None else median.total_seconds(),
        "p90_elapsed_seconds": None if p90 is None else p90.total_seconds(),
    }


def report(args: argparse.Namespace) -> int:
    """Deadlines and states for every contact of a CSV export, and the summary."""
    args.channel, args.priority, args.attr, args.schedule = "email", "normal", [], None
    rules = policy(args)
    found = schedule(args, chosen_policy(args, rules))
    output = _output(args)
    when = moment(args.at, found, args)
    contacts, unreadable = _read(args, found.tz if args.assume_local else None)
    added, cycles = _columns(contacts, rules, when.at, found.tz, args.progress)
    _in_zone(contacts, found.tz).join(added).to_csv(output, index=False)
    if args.errors is not None:
        unreadable.to_csv(args.errors, index=False)
    summary = _summary(cycles)
    failed = int(added["error"].notna().sum())
    breached = int((added["breached"] == True).sum())  # noqa: E712 - a column of objects
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
