"""The console script."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelevel import BusinessHours
from servicelevel._cli import main


def test_deadline_on_the_built_in_dutch_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "--at", "2025-12-24T16:00+01:00", "--hours", "2"]) == 0
    out = capsys.readouterr().out
    assert "Mon-Fri 9:00 AM-5:00 PM, closed on public holidays (Europe/Amsterdam)" in out
    assert "Deadline   Mon 2025-12-29 10:00 (+01:00) (2 business hours)" in out


def test_naive_at_is_read_in_the_schedule_time_zone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "--at", "2025-01-11T12:00"]) == 0
    assert "Next open  Mon 2025-01-13 09:00 (+01:00)" in capsys.readouterr().out


def test_schedule_from_json_and_24_7(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hours.json"
    path.write_text(BusinessHours.always(tz="UTC").model_dump_json())
    assert main(["deadline", "--schedule", str(path), "--at", "2025-01-01T00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "Next close never (open around the clock)" in out


def test_bad_schedule_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hours.json"
    path.write_text('{"tz": "Mars/Base"}')
    assert main(["deadline", "--schedule", str(path)]) == 2
    assert "not an IANA time-zone name" in capsys.readouterr().err


def test_bad_instant_is_rejected() -> None:
    with pytest.raises(SystemExit):
        main(["deadline", "--at", "tomorrow"])


def test_auto_reply_on_the_built_in_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["auto-reply", "--channel", "email", "--at", "2025-12-25T10:00+01:00"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Subject: Ontvangen: je krijgt uiterlijk maandag 29 december 2025")
    assert "vanwege Eerste kerstdag" in out


def test_auto_reply_in_english_with_a_policy_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from servicelevel import policy_for

    path = tmp_path / "policy.json"
    path.write_text(policy_for("technology", "b2c").model_dump_json())  # phone 24/7
    args = ["auto-reply", "--policy", str(path), "--channel", "phone", "--locale", "en"]
    assert main([*args, "--at", "2025-01-12T11:00+01:00", "--signed-by", "Ada"]) == 0
    out = capsys.readouterr().out
    # A call is answered in the conversation: no written reply "within 1 minute".
    assert out.startswith("Subject: You tried to reach us via phone")
    assert "within 1 minute" not in out
    assert out.endswith("Kind regards,\nAda\n")
