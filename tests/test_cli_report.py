"""``servicelevel report`` over a help-desk CSV export (needs pandas)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from servicelevel._cli import main

pytest.importorskip("pandas")

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
    assert "before the contact was received" in rows[2]["error"]


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


def test_an_export_without_the_required_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    assert main(["report", str(path), *AT]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
