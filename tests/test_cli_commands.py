"""Each subcommand in-process, on the built-in defaults and on policy files, in
text and JSON (the keys docs/cli.md documents)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from servicelevel._cli import main

FILES = Path(__file__).parent / "files"
REGIONS = str(FILES / "teams_by_region.toml")  # a policy set: Bavarian and Dutch teams
DESK = """\
name = "Escalating desk"
channels = ["email"]

[hours]
tz = "Europe/Amsterdam"
week = { "mon-fri" = "09:00-17:00" }

[[targets]]
metric = "first_response"
duration = "8h"

[[targets]]
metric = "resolution"
duration = "3 days"
"""


@pytest.fixture
def desk(tmp_path: Path) -> str:
    path = tmp_path / "desk.toml"
    path.write_text(DESK)
    return str(path)


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    assert main([*argv, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def _text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


# -- hours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "Mon-Fri 9:00 AM-5:00 PM, closed on public holidays except Good Friday"),
     ("nl", "ma t/m vr 09:00-17:00, gesloten op feestdagen behalve Goede vrijdag")],
)  # fmt: skip
def test_hours_in_a_locale(locale: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _text(["hours", "--locale", locale], capsys)
    assert out.splitlines()[0] == f"Hours  {expected}"
    assert _json(["hours", "--locale", locale], capsys) == {
        "hours": expected,
        "locale": locale,
        "zone": "Europe/Amsterdam",
        "upcoming_from": None,
        "upcoming_days": 0,
        "policy": "retail b2c (built-in)",
        "channel": "email",
    }


def test_hours_with_the_upcoming_days(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["hours", "--locale", "en", "--upcoming", "7", "--at", "2025-12-22T09:00+01:00"]
    data = _json(argv, capsys)
    assert data["hours"].endswith(
        "Dec 25 closed (Christmas Day) and Dec 26 closed (Second Day of Christmas)."
    )
    assert data["upcoming_from"] == "2025-12-22"


def test_hours_of_a_channel_in_a_policy_set(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["hours", "--policy", REGIONS, "--attr", "region=DE-BY", "--locale", "en"]
    data = _json(argv, capsys)
    assert (data["policy"], data["zone"]) == ("Bavarian team", "Europe/Berlin")
    assert data["hours"].startswith("Mon-Fri 8:00 AM-4:00 PM")


def test_hours_around_the_clock_for_a_24_7_channel(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["hours", "--sector", "technology", "--channel", "phone", "--locale", "en"]
    assert _json(argv, capsys)["hours"] == "24 hours a day, 7 days a week"


# -- open ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "is_open", "next_open", "next_close"),
    [
        ("2025-12-24T16:00+01:00", True, "2025-12-29T09:00:00+01:00", "2025-12-24T17:00:00+01:00"),
        ("2025-12-25T10:00+01:00", False, "2025-12-29T09:00:00+01:00", "2025-12-29T17:00:00+01:00"),
        ("2025-12-24 15:00 UTC", True, "2025-12-29T09:00:00+01:00", "2025-12-24T17:00:00+01:00"),
    ],
)
def test_open_and_the_next_changes(
    at: str, is_open: bool, next_open: str, next_close: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(["open", "--at", at], capsys)
    assert (data["open"], data["next_open"], data["next_close"]) == (is_open, next_open, next_close)
    assert data["next_change"] == (next_close if is_open else next_open)
    assert data["assumed_zone"] is None


def test_open_text_says_which_zone_it_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    out = _text(["open", "--at", "2025-12-24 16:00", "--assume-local"], capsys)
    assert out.splitlines()[:3] == [
        "At         Wed 2025-12-24 16:00 (+01:00)",
        "Assumed    Europe/Amsterdam (the time had no UTC offset)",
        "State      open",
    ]


def test_open_never_closes_around_the_clock(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["open", "--sector", "technology", "--channel", "phone", "--at", "2025-12-25T03:00Z"]
    data = _json(argv, capsys)
    assert (data["open"], data["next_open"], data["next_close"]) == (True, None, None)


def test_open_on_a_policy_file(desk: str, capsys: pytest.CaptureFixture[str]) -> None:
    # The desk has no holidays: open on Christmas Day.
    data = _json(["open", "--policy", desk, "--at", "2025-12-25T10:00+01:00"], capsys)
    assert (data["open"], data["policy"]) == (True, "Escalating desk")


# -- deadline ------------------------------------------------------------------


def test_deadline_on_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    out = _text(["deadline", "--at", "2025-12-24T16:00+01:00"], capsys)
    assert out.splitlines() == [
        "Received Wed 2025-12-24 16:00 (+01:00) via email, normal priority",
        "Deadline Mon 2025-12-29 16:00 (+01:00) (8 h business)",
        "Policy   retail b2c (built-in) (measured as email)",
    ]


def test_deadline_json_on_a_policy_file(desk: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--policy", desk, "--at", "2025-01-08T12:00+01:00", "--priority", "high"]
    assert _json(argv, capsys) == {
        "received_at": "2025-01-08T12:00:00+01:00",
        "assumed_zone": None,
        "channel": "email",
        "measured_as": "email",
        "priority": "high",
        "policy": "Escalating desk",
        "deadline": "2025-01-09T12:00:00+01:00",
        "target_seconds": 28800.0,
        "clock": "business",
        "deadlines": {
            "first_response": "2025-01-09T12:00:00+01:00",
            "resolution": "2025-01-21T12:00:00+01:00",
        },
    }


def test_deadline_by_priority(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--at", "2025-01-06T10:00+01:00"]
    normal = _json(argv, capsys)["deadline"]
    urgent = _json([*argv, "--priority", "urgent"], capsys)["deadline"]
    assert urgent < normal


def test_deadline_selects_by_attribute_in_a_set(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--policy", REGIONS, "--at", "2025-06-06 15:00", "--assume-local"]
    bavaria = _json([*argv, "--attr", "region=DE-BY"], capsys)
    assert (bavaria["policy"], bavaria["assumed_zone"]) == ("Bavarian team", "Europe/Berlin")
    assert bavaria["deadline"] == "2025-06-10T15:00:00+02:00"  # Whit Monday is a holiday
    dutch = _json(argv, capsys)
    assert (dutch["policy"], dutch["assumed_zone"]) == ("Dutch team", "Europe/Amsterdam")


def test_deadline_in_business_hours(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--at", "2025-12-24T16:00+01:00", "--hours", "2"]
    assert "Deadline Mon 2025-12-29 10:00 (+01:00) (2 business hours)" in _text(argv, capsys)
    assert _json(argv, capsys)["deadline"] == "2025-12-29T10:00:00+01:00"


# -- status --------------------------------------------------------------------

RECEIVED = ["--received-at", "2025-01-06T10:00+01:00"]
EVENTS = [
    "--event", "agent_reply@2025-01-06T11:00+01:00",
    "--event", "customer_message@2025-01-06T12:00+01:00",
]  # fmt: skip


def test_status_from_events_on_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    out = _text(["status", *RECEIVED, *EVENTS, "--at", "2025-01-08T10:00+01:00"], capsys)
    assert out.splitlines() == [
        "At             Wed 2025-01-08 10:00 (+01:00)",
        "Contact        email (normal), received Mon 2025-01-06 10:00 (+01:00)",
        "Policy         retail b2c (built-in) (measured as email)",
        "Breached       yes",
        "first_response met, due Tue 2025-01-07 10:00 (+01:00)",
        "next_response  breached, due Tue 2025-01-07 12:00 (+01:00)",
    ]


def test_status_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(["status", *RECEIVED, *EVENTS, "--at", "2025-01-06T13:00+01:00"], capsys)
    assert data["breached"] is False
    assert [m["metric"] for m in data["metrics"]] == ["first_response", "next_response"]
    assert data["metrics"][1] == {
        "metric": "next_response",
        "state": "on_track",
        "breached": False,
        "level": "ok",
        "started_at": "2025-01-06T12:00:00+01:00",
        "stopped_at": None,
        "deadline": "2025-01-07T12:00:00+01:00",
        "elapsed_seconds": 3600.0,
        "remaining_seconds": 25200.0,
        "cycles": 1,
    }


def test_status_events_with_fields(capsys: pytest.CaptureFixture[str]) -> None:
    events = [
        "--event", "priority_changed@2025-01-06T10:30+01:00,priority=urgent",
        "--event", "attributes_changed@2025-01-06T10:40+01:00,tier=gold",
    ]  # fmt: skip
    data = _json(["status", *RECEIVED, *events, "--at", "2025-01-06T11:00+01:00"], capsys)
    assert data["priority"] == "urgent"


def test_status_of_a_contact_file(
    desk: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contact = tmp_path / "contact.json"
    contact.write_text(
        json.dumps(
            {
                "channel": "email",
                "received_at": "2025-01-06T10:00:00+01:00",
                "events": [{"kind": "agent_reply", "at": "2025-01-06T11:00:00+01:00"}],
            }
        )
    )
    argv = ["status", "--contact", str(contact), "--policy", desk]
    data = _json([*argv, "--at", "2025-01-09T11:00+01:00"], capsys)
    states = {m["metric"]: m["state"] for m in data["metrics"]}
    assert states == {"first_response": "met", "resolution": "on_track"}
    assert data["policy"] == "Escalating desk"


# -- reply ---------------------------------------------------------------------


def test_reply_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(["reply", "--at", "2025-12-25T10:00+01:00", "--locale", "en"], capsys)
    assert data["open_now"] is False
    assert data["deadline"] == "2025-12-29T17:00:00+01:00"
    assert data["next_open"] == "2025-12-29T09:00:00+01:00"
    assert data["subject"].startswith("We have received your message")
    assert set(data) == {
        "subject", "body", "body_markdown", "locale", "register", "help_centre", "channel",
        "channel_supported", "received_at", "assumed_zone", "open_now", "next_open", "deadline",
        "opening_hours",
    }  # fmt: skip
    assert (data["register"], data["help_centre"]) == (None, None)


@pytest.mark.parametrize(
    ("options", "register", "greeting"),
    [
        ([], "informal", "Hallo,"),
        (["--sector", "finance"], "formal", "Beste klant,"),
        (["--sector", "finance", "--register", "informal"], "informal", "Hallo,"),
        (["--register", "formal"], "formal", "Beste klant,"),
    ],
)
def test_reply_register_follows_the_sector_unless_told(
    options: list[str], register: str, greeting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(["reply", "--at", "2025-03-11T10:00+01:00", *options], capsys)
    assert data["register"] == register
    assert data["body"].startswith(greeting)


def test_reply_links_the_help_centre(capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://example.nl/faq"
    data = _json(["reply", "--at", "2025-03-11T10:00+01:00", "--help-centre", url], capsys)
    assert data["help_centre"] == url
    assert f"{url}\n" in data["body"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--help-centre", "example.nl/faq"], "--help-centre: must be a web address such as"),
        (
            ["--register", "posh"],
            "--register: invalid choice: 'posh' (choose from formal, informal)",
        ),
    ],
)
def test_reply_rejects_bad_options_in_one_line(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reply", "--at", "2025-03-11T10:00+01:00", *options]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_reply_markdown_on_a_policy_file_with_an_assumed_zone(
    desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["reply", "--policy", desk, "--at", "2025-01-06 10:00", "--assume-local", "--markdown"]
    out = _text([*argv, "--team", "The desk"], capsys)
    assert out.startswith("(time read in Europe/Amsterdam: it had no UTC offset)\n\nSubject: ")
    assert out.endswith("The desk\n")


# -- gap -----------------------------------------------------------------------


def test_gap_on_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(["gap", "--step", "60"], capsys)
    email = next(c for c in data["channels"] if c["channel"] == "email")
    assert (data["moments"], data["step_seconds"]) == (8760, 3600.0)
    assert email["expected_within_seconds"] == 86400.0
    assert round(email["share_later"], 3) == 0.347


def test_gap_text_lists_channels_not_offered(desk: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _text(["gap", "--policy", desk, "--step", "1440"], capsys)
    assert "phone        not offered (customers expect 20 s)" in out
    assert "email        promises 8 h business;" in out
