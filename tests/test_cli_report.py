"""``servicelevel report`` over a help-desk CSV export (needs pandas)."""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Hashable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicelevel import Contact, ServiceLevelError, SlaStatus, breach_status, policy_for
from servicelevel._cli import main

pd = pytest.importorskip("pandas")
from servicelevel.io import read_helpdesk_export  # noqa: E402 - needs pandas

EXPORT = """\
Id,Via,Priority,Created at,Solved at,Organization,Group,Tags
1,Email,Normal,2025-01-06 10:00:00+01:00,2025-01-06 12:00:00+01:00,ACME,Support,vip
2,Chat,High,2025-01-06 11:00:00+01:00,,,,
3,Fax,Normal,2025-01-06 11:00:00+01:00,,,,
4,Email,Urgent,2025-01-06 18:00:00,,,,
5,Web form,Normal,2025-01-10 16:00:00+01:00,,,,
"""
AT = ["--at", "2025-01-08T12:00+01:00"]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(EXPORT)
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def test_report_text_and_the_written_csv(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(export), *AT]) == 0
    out = capsys.readouterr().out.splitlines()
    output = export.with_name("tickets-report.csv")
    assert out[:3] == [
        "At                       2025-01-08T12:00:00+01:00",
        "Contacts                 3 read, 2 rows unreadable, 1 without a status, 1 breached",
        f"Wrote                    {output}",
    ]
    assert out[3].startswith("live_chat first_response 1 contact, 1 cycle: 0.0% met")
    rows = _rows(output)
    assert [row["contact_id"] for row in rows] == ["1", "2", "5"]
    assert rows[0]["received_at"] == "2025-01-06 10:00:00+01:00"  # in the schedule's zone
    assert (rows[0]["first_response_state"], rows[0]["first_response_deadline"]) == (
        "met",
        "2025-01-07T10:00:00+01:00",
    )
    assert (rows[1]["first_response_state"], rows[1]["breached"]) == ("breached", "True")
    assert "is after at; ask at a later time" in rows[2]["error"]


def test_report_json_on_a_policy_file_with_assumed_local_times(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "desk.toml"
    policy.write_text(
        'name = "Desk"\nchannels = ["email"]\n[hours]\ntz = "Europe/Amsterdam"\n'
        'week = { "mon-fri" = "09:00-17:00" }\n'
        '[[targets]]\nmetric = "first_response"\nduration = "8h"\n'
        '[[targets]]\nmetric = "resolution"\nduration = "3 days"\n'
    )
    output = tmp_path / "out.csv"
    errors = tmp_path / "errors.csv"
    argv = ["report", str(export), "--policy", str(policy), "-o", str(output), "--assume-local"]
    argv += ["--errors", str(errors)]
    assert main([*argv, *AT, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {key: data[key] for key in ("contacts", "unreadable_rows", "without_status")} == {
        "contacts": 4,
        "unreadable_rows": 1,
        "without_status": 2,  # the chat (no chat in this policy) and the future one
    }
    assert data["assumed_zone"] == "Europe/Amsterdam"
    assert [(row["metric"], row["cycles"]) for row in data["summary"]] == [
        ("first_response", 2),
        ("resolution", 2),
    ]
    assert set(data["summary"][0]) == {
        "channel", "metric", "contacts", "cycles", "met", "met_late", "breached", "open",
        "cancelled", "share_met", "share_breached", "median_elapsed_seconds",
        "p90_elapsed_seconds",
    }  # fmt: skip
    assert "resolution_state" in _rows(output)[0]
    assert [(row["row"], row["column"], row["value"]) for row in _rows(errors)] == [
        ("2", "Via", "Fax")
    ]


@pytest.mark.parametrize(
    ("at", "status"), [("2025-01-08T12:00+01:00", 1), ("2025-01-06T10:30+01:00", 0)]
)
def test_report_check_exits_1_when_any_breached(
    export: Path, at: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(export), "--at", at, "--check"]) == status


@pytest.mark.parametrize("tqdm_installed", [True, False])
def test_the_progress_bar_is_optional(
    export: Path,
    tqdm_installed: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not tqdm_installed:
        monkeypatch.setitem(sys.modules, "tqdm", None)  # import fails
    assert main(["report", str(export), *AT, "--progress"]) == 0
    err = capsys.readouterr().err
    assert ("3/3" in err) is tqdm_installed


def test_without_pandas_report_says_what_to_install(
    export: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "servicelevel.io", None)
    assert main(["report", str(export), *AT]) == 2
    assert "pip install 'servicelevel[cli]'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.csv"], "missing.csv"),
        (["{export}", "-o", "{export}"], "the report would overwrite its input"),
        (["{empty}"], "empty.csv: cannot be read as a CSV export (No columns to parse from file)"),
        (["{latin}"], "latin.csv: not UTF-8; export the CSV as UTF-8."),
    ],
)
def test_report_bad_files(
    export: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, latin = export.with_name("empty.csv"), export.with_name("latin.csv")
    empty.write_text("")
    latin.write_bytes(EXPORT.replace("ACME", "Caf\xe9").encode("latin-1"))
    argv = [part.format(export=export, empty=empty, latin=latin) for part in argv]
    assert main(["report", *argv, *AT]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_an_unquoted_comma_is_one_line_not_a_shifted_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(EXPORT.replace(",ACME,Support,vip", ",ACME,Support,vip,billing"))
    assert main(["report", str(path), *AT]) == 2
    err = capsys.readouterr().err
    assert "quote a value that holds a comma" in err
    assert err.count("\n") == 1


def test_an_export_whose_every_row_is_unreadable_gives_an_empty_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "faxes.csv"
    path.write_text("Id,Via,Priority,Created at\n1,Fax,Normal,2025-01-06 10:00:00+01:00\n")
    assert main(["report", str(path), *AT, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["contacts"], data["unreadable_rows"], data["summary"]) == (0, 1, [])
    assert _rows(tmp_path / "faxes-report.csv") == []


def test_an_export_without_the_required_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    assert main(["report", str(path), *AT]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1


# -- the report equals breach_status, row for row ------------------------------------


def _scalar_status(row: Mapping[Hashable, Any], rules: Any, now: datetime) -> SlaStatus:
    """The report's answer as the scalar functions give it: the first reply and the
    resolution as events, organisation, group and tags as attributes."""
    times = [
        (value.to_pydatetime(), kind)
        for kind, field in (("agent_reply", "first_reply_at"), ("resolved", "resolved_at"))
        if not pd.isna(value := row[field])
    ]
    attributes = {
        name: row[name] for name in ("organisation", "group", "tags") if isinstance(row[name], str)
    }
    contact = Contact(
        channel=row["channel"],
        priority=row["priority"],
        received_at=row["received_at"].to_pydatetime(),
        attributes=attributes,
        events=[{"kind": kind, "at": at} for at, kind in sorted(times)],
    )
    return breach_status(contact, rules, now)


def _generated_export(path: Path, count: int, seed: int) -> None:
    """A Zendesk-style export: every channel name the reader knows and some it does not,
    replies and resolutions at random (some at one instant, some before receipt)."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
    rows = [["Id", "Via", "Priority", "Created at", "First reply time", "Solved at"]]
    rows[0] += ["Organization", "Group", "Tags"]
    for number in range(count):
        received = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        reply = received + timedelta(minutes=rng.randrange(-30, 60 * 30))
        solved = reply + timedelta(minutes=rng.choice([0, rng.randrange(0, 60 * 40)]))
        via = rng.choice(["Email", "Chat", "Web form", "Voice", "Twitter", "Fax", "Email"])
        cells = [
            str(number),
            via,
            rng.choice(["Low", "Normal", "High", "Urgent", ""]),
            str(received),
            str(reply) if rng.random() < 0.8 else "",
            str(solved) if rng.random() < 0.5 else "",
            rng.choice(["ACME", "", "Initech"]),
            rng.choice(["Support", ""]),
            rng.choice(["vip", "", "vip,billing"]),
        ]
        rows.append(cells)
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(rows)


def test_the_report_equals_breach_status_row_for_row(tmp_path: Path) -> None:
    export, output = tmp_path / "year.csv", tmp_path / "out.csv"
    _generated_export(export, 600, seed=11)
    now = "2025-01-15T12:00+01:00"
    assert main(["report", str(export), "-o", str(output), "--at", now, "--json"]) in (0, 1)
    contacts, _ = read_helpdesk_export(export)
    written = pd.read_csv(output, dtype=str, keep_default_na=False).set_index("contact_id")
    rules, at = policy_for("retail", "b2c"), datetime.fromisoformat(now)
    metrics = [name[: -len("_state")] for name in written.columns if name.endswith("_state")]
    assert metrics == ["first_response", "next_response"]
    compared = 0
    for row in contacts.to_dict("records"):
        line = written.loc[str(row["contact_id"])]
        try:
            status = _scalar_status(row, rules, at)
        except (ServiceLevelError, ValueError):
            assert line["error"] != ""
            continue
        compared += 1
        assert line["error"] == ""
        assert line["measured_as"] == status.measured_as.value
        assert line["breached"] == str(status.breached)
        for metric in metrics:
            found = status[metric]
            deadline = "" if found.deadline is None else found.deadline.isoformat()
            assert (line[f"{metric}_state"], line[f"{metric}_deadline"]) == (found.state, deadline)
    assert compared > 300


@pytest.mark.parametrize(
    ("texts", "zone"),
    [
        (["2025-01-06 10:00:00+01:00", None, "2025-07-06 10:00:00+02:00"], "Europe/Amsterdam"),
        (["2025-03-09 01:59:59-05:00", "2025-03-09 03:00:00-04:00"], "America/New_York"),
        (["2025-01-06 10:00:00.250000+05:30"], "Asia/Kolkata"),
    ],
)
def test_times_are_written_as_isoformat_writes_them(texts: list[str | None], zone: str) -> None:
    from servicelevel._cli_report import _iso

    times = pd.Series(pd.to_datetime(texts, format="ISO8601", utc=True)).dt.tz_convert(zone)
    expected = [None if at is pd.NaT else at.isoformat() for at in times]
    assert [None if pd.isna(text) else text for text in _iso(times)] == expected
