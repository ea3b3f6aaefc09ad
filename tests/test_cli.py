"""The console script: the entry points, exit codes and one-line errors.

Most tests run ``main(argv)`` in-process (fast); a few run the command as a
subprocess to prove ``python -m servicelevel`` and the ``servicelevel`` script.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from servicelevel import BusinessHours, policy_for
from servicelevel._cli import main

AT = "2025-12-24T16:00+01:00"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicelevel", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["hours", "--locale", "en"], "Mon-Fri 9:00 AM-5:00 PM"),
        (["open", "--at", AT], "State      open"),
        (["deadline", "--at", AT], "Deadline Mon 2025-12-29 16:00 (+01:00)"),
        (["status", "--received-at", AT, "--at", "2025-12-29T17:00+01:00"], "Breached       yes"),
        (["reply", "--at", AT, "--locale", "en"], "Subject: We have received"),
        (["gap", "--step", "1440"], "email"),
        (["schema", "service-level-policy"], '"$schema"'),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_every_subcommand_runs_as_a_subprocess(argv: list[str], expected: str) -> None:
    done = _run(*argv)
    assert (done.returncode, done.stderr) == (0, "")
    assert expected in done.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["open", "--channel", "fax"], "invalid choice: 'fax' (choose from phone, live_chat"),
        (["deadline", "--at", "2025-12-24T16:00"], "has no UTC offset"),
        (
            ["deadline", "--hours", "inf"],
            "argument --hours: must be a number from 0 to 87600, not inf",
        ),
        (["hours", "--policy", "missing.toml"], "missing.toml: no such file"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_in_a_subprocess_is_one_line_and_exit_2(argv: list[str], message: str) -> None:
    done = _run(*argv)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("servicelevel") is None, reason="the script is not installed")
def test_the_console_script_is_installed() -> None:
    script = shutil.which("servicelevel")
    assert script is not None
    done = subprocess.run(
        [script, "open", "--at", AT, "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["open"] is True


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("hours", "open", "deadline", "status", "reply", "gap", "report", "schema"):
        assert command in out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("servicelevel ")


def test_a_missing_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err


def test_auto_reply_is_another_name_for_reply(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["auto-reply", "--channel", "email", "--at", "2025-12-25T10:00+01:00"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Subject: Ontvangen: je krijgt uiterlijk maandag 29 december 2025")
    assert "vanwege Eerste kerstdag" in out


def test_a_schedule_file_with_hours(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hours.json"
    path.write_text(BusinessHours.always(tz="UTC").model_dump_json())
    argv = ["open", "--schedule", str(path), "--at", "2025-01-01T00:00Z"]
    assert main(argv) == 0
    assert "Next close never (open around the clock)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"tz": "Mars/Base"}', "not an IANA time-zone name"),
        ('{"tz": ', "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["invalid", "syntax", "nested"],
)
def test_a_bad_schedule_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "hours.json"
    path.write_text(content)
    assert main(["open", "--schedule", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_a_policy_file_in_english_signed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(policy_for("technology", "b2c").model_dump_json())  # phone 24/7
    args = ["reply", "--policy", str(path), "--channel", "phone", "--locale", "en"]
    assert main([*args, "--at", "2025-01-12T11:00+01:00", "--signed-by", "Ada"]) == 0
    out = capsys.readouterr().out
    # A call is answered in the conversation: no written reply "within 1 minute".
    assert out.startswith("Subject: You tried to reach us via phone")
    assert "within 1 minute" not in out
    assert out.endswith("Kind regards,\nAda\n")


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["open", "--at", "2025-12-25T10:00+01:00", "--check"], 1),
        (["open", "--at", "2025-12-24T10:00+01:00", "--check"], 0),
        (["open", "--at", "2025-12-25T10:00+01:00"], 0),
        (["status", "--received-at", AT, "--at", "2025-12-29T17:00+01:00", "--check"], 1),
        (["status", "--received-at", AT, "--at", "2025-12-24T16:30+01:00", "--check"], 0),
    ],
)
def test_check_exits_1_on_the_negative_answer(
    argv: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == status
    assert capsys.readouterr().err == ""
