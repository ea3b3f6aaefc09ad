"""``servicelevel report`` over the notebook's generated year, against the scalar path.

Workload: the year of contacts ``docs/notebooks/tour.ipynb`` explores
(``generate_contacts(100_000, seed=2025, bad_rows=0.0005)``), written as a
Zendesk export (``Id``, ``Via``, ``Priority``, ``Created at``, ``First reply
time``, ``Solved at``, ``Organization``, ``Group``, ``Tags``: each contact's
first agent reply and last resolution), reported on the built-in retail
policy at the end of the year.

Run it with:

    pip install -e ".[dev]"
    python bench/bench_report.py            # --contacts N, --sample N

It prints the wall time of the whole command (reading, computing, writing the
CSV and the summary; the best of ``--repeat`` runs) and of its scalar
equivalent (``breach_status`` per row, timed on ``--sample`` rows and scaled
up), measured in the same run, and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pandas as pd

from servicelevel import Contact, ServiceLevelError, breach_status, policy_for
from servicelevel._cli import main
from servicelevel.io import read_helpdesk_export
from servicelevel.synthetic import generate_contacts

AT = "2026-01-01T00:00+01:00"


def write_export(path: Path, count: int) -> None:
    """The generated contacts as a Zendesk export."""
    contacts, events = generate_contacts(count, seed=2025, bad_rows=0.0005)
    replies = events[events["kind"] == "agent_reply"].groupby("contact_id")["at"].min()
    solved = events[events["kind"] == "resolved"].groupby("contact_id")["at"].max()
    frame = pd.DataFrame(
        {
            "Id": contacts["contact_id"],
            "Via": contacts["channel"],
            "Priority": contacts["priority"],
            "Created at": contacts["received_at"],
            "First reply time": contacts["contact_id"].map(replies),
            "Solved at": contacts["contact_id"].map(solved),
            "Organization": contacts["organisation"],
            "Group": contacts["region"],
            "Tags": contacts["tags"],
        }
    )
    frame.to_csv(path, index=False)


def report_seconds(export: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        begin = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            main(["report", str(export), "--at", AT, "--no-progress"])
        best = min(best, time.perf_counter() - begin)
    return best


def scalar_seconds_per_row(export: Path, sample: int) -> float:
    """``breach_status`` per row, as the report computed it before (contact built from
    the row, first reply and resolution as events)."""
    contacts, _ = read_helpdesk_export(export)
    rows = contacts.head(sample).to_dict("records")
    policy, now = policy_for("retail", "b2c"), datetime.fromisoformat(AT)
    begin = time.perf_counter()
    for row in rows:
        times = [
            (row[field].to_pydatetime(), kind)
            for kind, field in (("agent_reply", "first_reply_at"), ("resolved", "resolved_at"))
            if not pd.isna(row[field])
        ]
        try:
            contact = Contact(
                channel=row["channel"],
                priority=row["priority"],
                received_at=row["received_at"].to_pydatetime(),
                events=[{"kind": kind, "at": at} for at, kind in sorted(times)],
            )
            breach_status(contact, policy, now)
        except (ValueError, ServiceLevelError):
            pass  # an error row costs its time too
    return (time.perf_counter() - begin) / len(rows)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "year.csv"
        write_export(export, options.contacts)
        took = report_seconds(export, options.repeat)
        per_row = scalar_seconds_per_row(export, options.sample)
    scalar = per_row * options.contacts
    print(f"servicelevel report, {options.contacts:,} contacts of a generated year:")
    print(f"  report (frames)   {took:8.2f} s")
    print(f"  scalar per row    {scalar:8.2f} s (breach_status, {options.sample:,} rows scaled)")
    print(f"  ratio             {scalar / took:8.1f}x")


if __name__ == "__main__":
    main_bench()
