"""Reading Zendesk- and Freshdesk-style exports: mapping, aliases, zones, and the errors table."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from servicelevel import UnknownNameError, UnknownTimeZoneError

pd = pytest.importorskip("pandas")

from servicelevel.io import (  # noqa: E402
    CHANNEL_ALIASES,
    FRESHDESK_COLUMNS,
    ZENDESK_COLUMNS,
    read_helpdesk_export,
)

ZENDESK = """\
Id,Subject,Via,Priority,Created at,Solved at,Organization,Group,Tags
101,Where is my order,Email,Normal,2025-03-03 09:15:00,2025-03-04 10:00:00,ACME,Support,order delivery
102,Chat question,Chat,High,2025-03-03 09:20:00,,,,
103,A fax,Fax,Normal,2025-03-03 09:25:00,,,,
"""
FRESHDESK = """\
Ticket ID,Subject,Source,Priority,Created time,Initial response time,Resolved time,Company Name,Group,Tags
7,Refund,Portal,Medium,2025-06-02 10:00:00+02:00,2025-06-02 11:00:00+02:00,2025-06-03 09:00:00+02:00,,Billing,"refund, invoice"
8,Hello,WhatsApp,Urgent,2025-06-02T08:30:00Z,,,ACME,,
9,Late,Phone,Low,2025-06-02 12:00:00+02:00,2025-06-02 11:00:00+02:00,,,,
"""


def _read(text: str, **options: Any) -> tuple[Any, Any]:
    return read_helpdesk_export(io.StringIO(text), **options)


def test_a_zendesk_export_in_its_zone() -> None:
    contacts, errors = _read(ZENDESK, tz="Europe/Amsterdam")
    assert list(contacts["contact_id"]) == [101, 102]
    assert list(contacts["channel"]) == ["email", "live_chat"]
    assert list(contacts["priority"]) == ["normal", "high"]
    assert contacts.loc[0, "received_at"] == pd.Timestamp("2025-03-03 08:15", tz="UTC")
    assert str(contacts["received_at"].dt.tz) == "Europe/Amsterdam"
    assert contacts.loc[0, "tags"] == "order,delivery"
    assert contacts.loc[0, "organisation"] == "ACME"
    assert contacts["first_reply_at"].isna().all()
    assert pd.isna(contacts.loc[1, "resolved_at"])
    assert errors.to_dict("records") == [
        {
            "row": 2,
            "contact_id": "103",
            "column": "Via",
            "value": "Fax",
            "reason": "unknown channel 'Fax'; name it in channel_aliases, e.g. "
            "channel_aliases={'Fax': 'email'}",
        }
    ]


def test_a_freshdesk_export_keeps_its_offsets() -> None:
    contacts, errors = _read(FRESHDESK)
    assert list(contacts.index) == [0, 1]
    assert list(contacts["channel"]) == ["email", "messaging"]
    assert list(contacts["priority"]) == ["normal", "urgent"]
    assert list(contacts["received_at"]) == [
        pd.Timestamp("2025-06-02 08:00", tz="UTC"),
        pd.Timestamp("2025-06-02 08:30", tz="UTC"),
    ]
    assert contacts.loc[0, "first_reply_at"] == pd.Timestamp("2025-06-02 09:00", tz="UTC")
    assert contacts.loc[0, "tags"] == "refund,invoice"
    assert contacts.loc[0, "group"] == "Billing"
    assert list(errors["row"]) == [2]
    assert errors.loc[0, "column"] == "Initial response time"
    assert "before the contact was received" in errors.loc[0, "reason"]


def test_a_naive_time_without_a_zone_is_an_error_never_utc() -> None:
    contacts, errors = _read(ZENDESK)
    assert contacts.empty
    naive = errors[errors["reason"].str.startswith("no UTC offset")]
    assert list(naive["row"]) == [0, 0, 1, 2]
    assert set(naive["column"]) == {"Created at", "Solved at"}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("03/03/2025 9:30", "cannot read '03/03/2025 9:30' as a time"),
        ("yesterday", "cannot read 'yesterday' as a time"),
        ("2025-03-30 02:30:00", "does not exist or happens twice in Europe/Amsterdam"),
        ("2025-10-26 02:30:00", "does not exist or happens twice in Europe/Amsterdam"),
        ("", "no receipt time"),
    ],
)
def test_unreadable_receipts_are_reported_with_the_reason(value: str, reason: str) -> None:
    text = f"Id,Via,Created at\n1,Email,2025-03-03 09:00:00\n2,Email,{value}\n"
    contacts, errors = _read(text, tz="Europe/Amsterdam")
    assert list(contacts["contact_id"]) == [1]
    assert list(errors["row"]) == [1]
    assert reason in errors.loc[0, "reason"]


@pytest.mark.parametrize(
    ("name", "channel"),
    [
        ("chat", "live_chat"),
        ("Live Chat", "live_chat"),
        ("live_chat", "live_chat"),
        ("social", "social_media"),
        ("mail", "email"),
        ("E-mail", "email"),
        ("web", "email"),
        ("Web Form", "email"),
        ("Phone call (incoming)", "phone"),
        ("Twitter", "social_media"),
        ("WhatsApp", "messaging"),
        ("walk-in", "in_person"),
        ("Help Center", "self_service"),
    ],
)
def test_channel_aliases(name: str, channel: str) -> None:
    contacts, errors = _read(f"Id,Via,Created at\n1,{name},2025-03-03T09:00:00+01:00\n")
    assert errors.empty
    assert contacts.loc[0, "channel"] == channel


def test_added_aliases_are_understood() -> None:
    text = "Id,Via,Created at\n1,Fax,2025-03-03T09:00:00+01:00\n2,API,2025-03-03T09:00:00+01:00\n"
    contacts, errors = _read(text, channel_aliases={"fax": "email", "API": "self_service"})
    assert errors.empty
    assert list(contacts["channel"]) == ["email", "self_service"]


def test_an_alias_to_an_unknown_channel_is_an_error() -> None:
    with pytest.raises(UnknownNameError, match="'carrier pigeon' is not a valid Channel"):
        _read(ZENDESK, channel_aliases={"Fax": "carrier pigeon"})


def test_the_default_aliases_name_real_channels() -> None:
    assert CHANNEL_ALIASES["chat"] == "live_chat"
    assert set(ZENDESK_COLUMNS) <= set(FRESHDESK_COLUMNS)


def test_columns_map_any_other_tool() -> None:
    text = "ref;kanaal;ontvangen\nA-1;e-mail;2025-01-02 10:00:00+01:00\n"
    contacts, errors = read_helpdesk_export(
        io.StringIO(text.replace(";", ",")),
        columns={"contact_id": "ref", "channel": "kanaal", "received_at": "ontvangen"},
    )
    assert errors.empty
    assert contacts.loc[0, "contact_id"] == "A-1"
    assert contacts.loc[0, "priority"] == "normal"
    assert contacts["resolved_at"].isna().all()
    assert contacts["tags"].isna().all()


def test_columns_override_the_defaults() -> None:
    text = "Id,Via,Created at,Opened\n1,Email,2025-01-02 10:00:00+01:00,2025-01-02 09:00:00+01:00\n"
    contacts, _ = _read(text, columns={"received_at": "Opened"})
    assert contacts.loc[0, "received_at"] == pd.Timestamp("2025-01-02 08:00", tz="UTC")


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"received_at": "Opened"}, "'Opened' is not a column of this export"),
        ({"receipt": "Created at"}, "'receipt' is not a field of the contacts frame"),
    ],
)
def test_a_wrong_mapping_is_an_error(columns: dict[str, str], message: str) -> None:
    with pytest.raises(UnknownNameError, match=message):
        _read(ZENDESK, columns=columns)


def test_an_export_without_a_required_column_is_an_error() -> None:
    with pytest.raises(UnknownNameError, match="no column for 'contact_id'"):
        _read("Ticket,Via,Created at\n1,Email,2025-01-02 10:00:00+01:00\n")


def test_an_unknown_zone_is_an_error() -> None:
    with pytest.raises(UnknownTimeZoneError):
        _read(ZENDESK, tz="Europe/Amsterdma")


def test_rows_with_more_problems_report_each_and_duplicates_are_named() -> None:
    text = (
        "Id,Via,Priority,Created at\n"
        "1,Email,Normal,2025-01-02 10:00:00+01:00\n"
        ",Pigeon,Critical,soon\n"
        "1,Email,,2025-01-02 11:00:00+01:00\n"
        "2,,Low,2025-01-02 11:00:00+01:00\n"
    )
    contacts, errors = _read(text)
    assert list(contacts["contact_id"]) == [1]
    assert list(zip(errors["row"], errors["column"], strict=True)) == [
        (1, "Id"),
        (1, "Via"),
        (1, "Priority"),
        (1, "Created at"),
        (2, "Id"),
        (3, "Via"),
    ]
    assert errors.loc[4, "reason"] == "the same contact id as row 0"
    assert errors.loc[5, "reason"] == "no channel; every row needs one"
    assert "unknown priority 'Critical'" in errors.loc[2, "reason"]


def test_a_file_on_disk_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(FRESHDESK, encoding="utf-8-sig")
    contacts, errors = read_helpdesk_export(path)
    assert list(contacts["contact_id"]) == [7, 8]
    assert len(errors) == 1


def test_an_export_of_good_rows_has_an_empty_errors_table() -> None:
    contacts, errors = _read("Id,Via,Created at\n1,Email,2025-01-02 10:00:00+01:00\n")
    assert len(contacts) == 1
    assert list(errors.columns) == ["row", "contact_id", "column", "value", "reason"]
    assert errors.empty


def test_an_export_without_rows_gives_empty_frames() -> None:
    contacts, errors = _read("Ticket ID,Source,Created time\n")
    assert list(contacts.columns) == [
        "contact_id", "channel", "received_at", "priority", "first_reply_at",
        "resolved_at", "organisation", "group", "tags",
    ]  # fmt: skip
    assert contacts.empty
    assert errors.empty
