"""What the command line reads, and the one line it prints for each bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from servicelevel._cli import main
from servicelevel._cli_input import CliInputError, read_event, read_moment

AMS = ZoneInfo("Europe/Amsterdam")
PLUS_ONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-12-24T16:00+01:00", datetime(2025, 12, 24, 16, tzinfo=PLUS_ONE)),
        ("24 Dec 2025 4pm +01:00", datetime(2025, 12, 24, 16, tzinfo=PLUS_ONE)),
        ("2025-12-24 15:00Z", datetime(2025, 12, 24, 15, tzinfo=UTC)),
        ("Dec 24, 2025 15:00 UTC", datetime(2025, 12, 24, 15, tzinfo=UTC)),
        ("2025-12-24 10:00 -0500", datetime(2025, 12, 24, 15, tzinfo=UTC)),
    ],
)
def test_moments_as_people_type_them(text: str, expected: datetime) -> None:
    assert read_moment(text) == expected


def test_a_naive_moment_is_read_in_the_assumed_zone() -> None:
    assert read_moment("2025-07-01 09:00", assume=AMS).utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(("dayfirst", "month"), [(False, 2), (True, 3)])
def test_dayfirst_decides_slashed_dates(dayfirst: bool, month: int) -> None:
    assert read_moment("03/02/2025 10:00Z", dayfirst=dayfirst).month == (3 if month == 2 else 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-03-30 02:30", "happens twice or never in Europe/Amsterdam"),
        ("2025-10-26 02:30", "happens twice or never in Europe/Amsterdam"),
    ],
)
def test_a_wall_time_a_dst_change_skips_or_repeats_is_refused(text: str, message: str) -> None:
    with pytest.raises(CliInputError, match=message):
        read_moment(text, assume=AMS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("agent_reply", "write kind@time"),
        ("shouted@2025-01-06T11:00+01:00", "is not a valid EventKind"),
        ("agent_reply@soon", "'soon' is not a date and time"),
    ],
)
def test_bad_events(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_event(text)


def test_an_event_with_fields_and_a_comma_in_its_time() -> None:
    event = read_event(
        "due_date_set@Jan 6, 2025 11:00 +01:00,metric=resolution,due=2025-01-08T17:00Z"
    )
    assert event.at == datetime(2025, 1, 6, 10, tzinfo=UTC)
    assert event.due == datetime(2025, 1, 8, 17, tzinfo=UTC)


BAD = [
    (["open", "--at", "tomorrow"], "'tomorrow' is not a date and time"),
    (["open", "--at", "2025-12-24 16:00"], "has no UTC offset; add one (2025-12-24T16:00+01:00) or pass --assume-local"),
    (["open", "--at", "2025-12-24 16:00 CET"], "the zone abbreviation CET is ambiguous"),
    (["open", "--at", "2025-12-24 16:00 UTC+3"], "write the offset as +03:00"),
    (["open", "--at", "9999-12-31T23:00Z"], "'9999-12-31T23:00Z' is out of range"),
    (["open", "--at", "0001-01-01T00:00Z"], "the year 1; servicelevel computes it for instants in the years"),
    (["open", "--channel", "fax"], "invalid choice: 'fax' (choose from phone, live_chat, email,"),
    (["open", "--sector", "bank"], "invalid choice: 'bank'"),
    (["deadline", "--hours", "inf"], "argument --hours: must be a number from 0 to 87600, not inf"),
    (["deadline", "--hours", "nan"], "argument --hours: must be a number from 0 to 87600, not nan"),
    (["deadline", "--hours", "-1"], "argument --hours: must be a number from 0 to 87600, not -1"),
    (["deadline", "--hours", "eight"], "argument --hours: 'eight' is not a number"),
    (["deadline", "--schedule", "x.json"], "--schedule gives hours without targets"),
    (["deadline", "--channel", "in_person", "--at", "2025-01-06T10:00Z"], "does not support channel in_person"),
    (["hours", "--upcoming", "1000"], "argument --upcoming: must be a number from 0 to 366"),
    (["hours", "--upcoming", "1.5"], "argument --upcoming: must be a whole number"),
    (["hours", "--locale", "xx"], "invalid choice: 'xx'"),
    (["gap", "--step", "0"], "argument --step: must be a number from 1 to 1440"),
    (["gap", "--year", "99999"], "argument --year: must be a number from 1971 to 9000"),
    (["status"], "status needs --received-at TIME (or --contact FILE)"),
    (["status", "--received-at", "2025-01-06T10:00Z", "--at", "2025-01-05T10:00Z"], "before the contact was received"),
    (["status", "--received-at", "2025-01-06T10:00Z", "--attr", "tier"], "'tier' is not an attribute; write key=value"),
    (["status", "--received-at", "2025-01-06T10:00Z", "--event", "resolved@2025-01-05T10:00Z"], "before"),
    (["open", "--policy", "policy.yaml"], "a policy file must end in .json or .toml"),
    (["open", "--nonsense"], "unrecognized arguments: --nonsense"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("servicelevel: ")
    assert captured.err.count("\n") == 1
    assert message in captured.err


FILES = [
    ("p.toml", "name = 3\n", "p.toml: ServiceLevelPolicy: name: Input should be a valid string (and 2 more problems); 'servicelevel schema' prints the format."),
    ("p.toml", "name = [\n", "p.toml: not valid TOML"),
    ("p.toml", "a = " + "[" * 50_000 + "]" * 50_000, "p.toml: nested too deeply to be a policy"),
    ("p.json", '{"name": ', "p.json: not valid JSON"),
    ("p.json", "[" * 50_000 + "]" * 50_000, "p.json: nested too deeply to be a policy"),
    ("p.json", '{"name": "x", "hours": {"tz": "UTC"}, "targets": []}', "p.json: ServiceLevelPolicy: targets: Tuple should have at least 1 item"),
    ("p.json", '{"name": "x", "rules": []}', "p.json: PolicySet: rules: Tuple should have at least 1 item"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), FILES)
def test_a_bad_policy_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert main(["open", "--policy", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert "https://" not in err


def test_a_bad_contact_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "contact.json"
    path.write_text('{"channel": "email", "received_at": "2025-01-06T10:00:00"}')
    assert main(["status", "--contact", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "contact.json: Contact: received_at:" in err


def test_a_file_that_is_not_utf_8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(b'name = "caf\xe9"')
    assert main(["open", "--policy", str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
