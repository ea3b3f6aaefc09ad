"""Reading help-desk exports into a contacts frame (needs the ``pandas`` extra).

:func:`read_helpdesk_export` reads a Zendesk- or Freshdesk-style CSV export
into one row per contact, with the channel names of
:class:`~servicelevel.Channel` and aware timestamps, and a second frame that
lists every row it could not read, with the reason. A bad row never fails the
batch and is never dropped silently; a naive timestamp is never read as UTC.

Example:
    >>> import io
    >>> export = io.StringIO(
    ...     "Id,Via,Priority,Created at,Solved at\\n"
    ...     "1,Chat,Normal,2025-01-06 10:00:00+01:00,2025-01-06 10:20:00+01:00\\n"
    ...     "2,Fax,High,2025-01-06 11:00:00+01:00,\\n"
    ... )
    >>> contacts, errors = read_helpdesk_export(export, tz="Europe/Amsterdam")
    >>> contacts[["contact_id", "channel", "received_at"]].to_dict("records")
    [{'contact_id': 1, 'channel': 'live_chat', 'received_at': Timestamp('2025-01-06 10:00:00+0100', tz='Europe/Amsterdam')}]
    >>> errors[["row", "column", "value"]].to_dict("records")
    [{'row': 1, 'column': 'Via', 'value': 'Fax'}]
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from os import PathLike
from typing import IO, Any

try:
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError("servicelevel.io needs pandas: pip install 'servicelevel[pandas]'") from error

from servicelevel._errors import UnknownNameError
from servicelevel._vocabulary import Channel, Priority
from servicelevel._zones import zone

__all__ = [
    "CHANNEL_ALIASES",
    "FRESHDESK_COLUMNS",
    "ZENDESK_COLUMNS",
    "read_helpdesk_export",
]

#: Fields of the contacts frame, in order; the first three are required.
FIELDS = (
    "contact_id",
    "channel",
    "received_at",
    "priority",
    "first_reply_at",
    "resolved_at",
    "organisation",
    "group",
    "tags",
)
_REQUIRED = FIELDS[:3]
_TIMES = ("received_at", "first_reply_at", "resolved_at")

#: The column headers of a Zendesk CSV export, per field of the contacts frame.
ZENDESK_COLUMNS: Mapping[str, str] = {
    "contact_id": "Id",
    "channel": "Via",
    "received_at": "Created at",
    "priority": "Priority",
    "resolved_at": "Solved at",
    "organisation": "Organization",
    "group": "Group",
    "tags": "Tags",
}
#: The column headers of a Freshdesk CSV export, per field of the contacts frame.
FRESHDESK_COLUMNS: Mapping[str, str] = {
    "contact_id": "Ticket ID",
    "channel": "Source",
    "received_at": "Created time",
    "priority": "Priority",
    "first_reply_at": "Initial response time",
    "resolved_at": "Resolved time",
    "organisation": "Company Name",
    "group": "Group",
    "tags": "Tags",
}

_ALIASES: dict[Channel, tuple[str, ...]] = {
    Channel.PHONE: ("phone call", "phone call (incoming)", "phone call (outgoing)", "voice",
                    "call", "telephone", "voicemail"),
    Channel.LIVE_CHAT: ("chat", "livechat", "web chat"),
    Channel.EMAIL: ("e mail", "mail", "web", "web form", "webform", "portal", "outbound email",
                    "feedback widget", "contact form"),
    Channel.SOCIAL_MEDIA: ("social", "twitter", "x", "facebook", "instagram", "linkedin"),
    Channel.MESSAGING: ("whatsapp", "messenger", "facebook messenger", "sms", "text",
                        "native messaging", "telegram"),
    Channel.SELF_SERVICE: ("help center", "help centre", "community"),
    Channel.IN_PERSON: ("walk in", "store", "counter"),
}  # fmt: skip
#: Channel names of help-desk exports (compared without case, ``-`` and ``_`` read as
#: spaces) and the :class:`~servicelevel.Channel` each means; every channel's own
#: name (``"live_chat"``, ``"live chat"``) is understood too.
CHANNEL_ALIASES: Mapping[str, Channel] = {
    alias: channel for channel, aliases in _ALIASES.items() for alias in aliases
}
_PRIORITY_ALIASES = {"medium": Priority.NORMAL, "": Priority.NORMAL, "-": Priority.NORMAL}
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


def read_helpdesk_export(
    path_or_buffer: str | PathLike[str] | IO[str],
    *,
    columns: Mapping[str, str] | None = None,
    channel_aliases: Mapping[str, str] | None = None,
    tz: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contacts and the rows that could not be read, from a help-desk CSV export.

    The headers decide the style: ``Created at`` means Zendesk
    (:data:`ZENDESK_COLUMNS`), ``Created time`` Freshdesk
    (:data:`FRESHDESK_COLUMNS`). ``columns`` maps fields of the contacts frame
    to headers of the export and overrides those defaults (or replaces them
    for any other tool); ``contact_id``, ``channel`` and ``received_at`` are
    required. ``channel_aliases`` adds names to :data:`CHANNEL_ALIASES`
    (``{"Fax": "email"}``).

    Times are read as ISO 8601 (``2025-01-06 10:00:00+01:00``, ``...Z``,
    ``... +0100``). A time with an offset is that instant. A time without
    one is read in ``tz`` when it is given and is otherwise an error of its
    row; never UTC by guess. A local time that a DST change skips or repeats
    is an error too. Times come out in ``tz``, or in UTC without it.

    The contacts frame has the columns ``contact_id`` (integers when every id
    is one), ``channel``, ``received_at``, ``priority`` (blank is
    ``normal``, Freshdesk's ``Medium`` too), ``first_reply_at`` and
    ``resolved_at`` (missing: ``NaT``), ``organisation``, ``group`` and
    ``tags`` (comma-separated). Its index is the row of the export (counted
    from 0 after the header). The errors frame has one line per problem:
    ``row`` (the same numbering), ``contact_id``, ``column`` (the header in
    the export), ``value`` and ``reason``; a row with a problem is not in the
    contacts frame.

    Raises :class:`~servicelevel.UnknownNameError` when a required field has
    no column, or a column named in ``columns`` or a channel in
    ``channel_aliases`` does not exist.
    """
    raw = _read_csv(path_or_buffer).map(str.strip)
    mapping = _mapping([str(header) for header in raw.columns], columns)
    aliases = _aliases(channel_aliases)
    reader = _Reader(raw, mapping, tz)
    reader.read("contact_id", _ids)
    reader.read("channel", lambda values: _channels(values, aliases))
    reader.read("priority", _priorities)
    reader.read("received_at", lambda values: _instants(values, tz, required=True))
    for field in _TIMES[1:]:
        reader.read(field, lambda values: _instants(values, tz))
    reader.check_order()
    reader.read("organisation", _texts)
    reader.read("group", _texts)
    reader.read("tags", _tags)
    return reader.frames()


def _read_csv(path_or_buffer: str | PathLike[str] | IO[str]) -> pd.DataFrame:
    """Every cell as text. A row with more cells than the header (an unquoted comma in
    a value) is an error, never a shifted index or cells dropped in silence."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            return pd.read_csv(
                path_or_buffer,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                index_col=False,
            )
        except pd.errors.ParserWarning:
            raise ValueError(
                "a row has more values than the header has columns; quote a value that "
                'holds a comma ("vip,billing")'
            ) from None


def _mapping(headers: list[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    given = dict(columns or {})
    for field, header in given.items():
        if field not in FIELDS:
            raise UnknownNameError.for_name("field of the contacts frame", field, FIELDS)
        if header not in headers:
            raise UnknownNameError.for_name("column of this export", header, headers)
    if "Created at" in headers:
        defaults = ZENDESK_COLUMNS
    elif "Created time" in headers:
        defaults = FRESHDESK_COLUMNS
    else:
        defaults = {}
    mapping = {field: header for field, header in defaults.items() if header in headers}
    mapping.update(given)
    for field in _REQUIRED:
        if field not in mapping:
            raise UnknownNameError(
                f"the export has no column for {field!r} (its columns: {', '.join(headers)}); "
                f"name it, e.g. columns={{{field!r}: 'Your header'}}."
            )
    return mapping


def _normal(name: str) -> str:
    return " ".join(name.casefold().replace("_", " ").replace("-", " ").split())


def _aliases(extra: Mapping[str, str] | None) -> dict[str, Channel]:
    aliases = {_normal(channel.value): channel for channel in Channel}
    aliases.update({_normal(alias): channel for alias, channel in CHANNEL_ALIASES.items()})
    aliases.update({_normal(alias): Channel(target) for alias, target in (extra or {}).items()})
    return aliases


#: A column read: the values (missing where a row has a problem) and each row's problem.
Read = tuple["pd.Series[Any]", "pd.Series[Any]"]


class _Reader:
    """The fields read so far and the problems found, per row of the export."""

    def __init__(self, raw: pd.DataFrame, mapping: dict[str, str], tz: str | None) -> None:
        self.raw, self.mapping = raw, mapping
        self.zone = "UTC" if tz is None else str(zone(tz))
        self.values: dict[str, pd.Series[Any]] = {}
        self.problems: list[pd.DataFrame] = []

    def read(self, field: str, convert: Any) -> None:
        header = self.mapping.get(field)
        if header is None:
            self.values[field] = _absent(field, len(self.raw), self.zone)
            return
        values, problems = convert(self.raw[header])
        self.values[field] = values
        self.report(field, problems)

    def report(self, field: str, problems: pd.Series[Any]) -> None:
        header = self.mapping[field]
        bad = problems.notna()
        if bad.any():
            rows = problems.index[bad]
            self.problems.append(
                pd.DataFrame(
                    {
                        "row": rows,
                        "column": header,
                        "value": self.raw.loc[rows, header],
                        "reason": problems[bad],
                    }
                )
            )

    def check_order(self) -> None:
        received = self.values["received_at"]
        for field in _TIMES[1:]:
            if field not in self.mapping:
                continue
            early = self.values[field] < received
            text = field.replace("_at", "").replace("_", " ")
            reason = (
                f"the {text} time is before the contact was received ("
                + received.dt.tz_convert(self.zone).astype(str)
                + "); check the time zone of both"
            )
            self.report(field, reason.where(early))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        errors = _errors(self.problems)
        if len(errors):
            errors.insert(
                1, "contact_id", self.raw[self.mapping["contact_id"]][errors["row"]].to_numpy()
            )
        good = ~self.raw.index.isin(errors["row"])
        contacts = pd.DataFrame({field: self.values[field] for field in FIELDS})[good]
        if contacts["contact_id"].map(str.isdigit).all():
            contacts["contact_id"] = contacts["contact_id"].astype("int64")
        for field in _TIMES:
            contacts[field] = (
                pd.to_datetime(contacts[field]).dt.tz_convert(self.zone).dt.as_unit("us")
            )
        return contacts, errors


def _errors(problems: list[pd.DataFrame]) -> pd.DataFrame:
    if not problems:
        empty: dict[str, list[object]] = {
            "row": [],
            "contact_id": [],
            "column": [],
            "value": [],
            "reason": [],
        }
        return pd.DataFrame(empty).astype({"row": "int64", "contact_id": object})
    errors = pd.concat(problems, ignore_index=True)
    return errors.sort_values("row", kind="stable").reset_index(drop=True)


def _absent(field: str, count: int, tz: str) -> pd.Series[Any]:
    if field in _TIMES:
        return pd.Series(pd.NaT, index=range(count), dtype=f"datetime64[us, {tz}]")
    if field == "priority":
        return pd.Series(str(Priority.NORMAL), index=range(count), dtype=object)
    return pd.Series(None, index=range(count), dtype=object)


def _ids(values: pd.Series[Any]) -> Read:
    blank = values == ""
    repeated = values.duplicated() & ~blank
    first = pd.Series(values.index, index=values.index).groupby(values).transform("first")
    problems = pd.Series(None, index=values.index, dtype=object)
    problems[blank] = "no contact id; every row needs one"
    problems[repeated] = "the same contact id as row " + first[repeated].astype(str)
    return values, problems


def _each_distinct(values: pd.Series[Any], convert: Any) -> pd.Series[Any]:
    """``convert`` of every value, called once per distinct value (an export repeats a few)."""
    return values.map({value: convert(value) for value in values.unique()})


def _channels(values: pd.Series[Any], aliases: dict[str, Channel]) -> Read:
    def channel(value: str) -> str | None:
        found = aliases.get(_normal(value))
        return None if found is None else found.value

    channels = _each_distinct(values, channel)
    quoted = _each_distinct(values, repr)
    problems = ("unknown channel " + quoted + "; name it in channel_aliases, e.g. "
                "channel_aliases={" + quoted + ": 'email'}").where(channels.isna())  # fmt: skip
    problems[values == ""] = "no channel; every row needs one"
    return channels, problems


def _priorities(values: pd.Series[Any]) -> Read:
    known = {priority.value: priority.value for priority in Priority}
    known |= {alias: priority.value for alias, priority in _PRIORITY_ALIASES.items()}
    priorities = _each_distinct(values, lambda value: known.get(value.casefold()))
    names = ", ".join(repr(priority.value) for priority in Priority)
    quoted = _each_distinct(values, repr)
    reason = "unknown priority " + quoted + f"; use one of {names} (or leave it blank)"
    return priorities, reason.where(priorities.isna())


def _instants(values: pd.Series[Any], tz: str | None, *, required: bool = False) -> Read:
    blank = values == ""
    offset = values.map(lambda value: _OFFSET.search(value) is not None).astype(bool)
    aware = pd.to_datetime(
        values.where(offset & ~blank), format="ISO8601", utc=True, errors="coerce"
    )
    naive = pd.to_datetime(values.where(~offset & ~blank), format="ISO8601", errors="coerce")
    problems = pd.Series(None, index=values.index, dtype=object)
    if required:
        problems[blank] = "no receipt time; every row needs one"
    unreadable = ~blank & aware.isna() & naive.isna()
    problems[unreadable] = ("cannot read " + values[unreadable].map(repr) + " as a time; use "
                            "ISO 8601 such as 2025-01-06 10:00:00+01:00")  # fmt: skip
    local = ~blank & ~offset & naive.notna()
    if tz is None:
        problems[local] = ("no UTC offset in " + values[local].map(repr) + "; pass tz (the zone "
                           "the export was written in) to read local times")  # fmt: skip
        return aware, problems
    placed = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    problems[local & placed.isna()] = (
        f"the local time does not exist or happens twice in {tz} (a DST change); "
        "give its UTC offset"
    )
    return aware.where(offset, placed), problems


def _texts(values: pd.Series[Any]) -> Read:
    return values.where(values != ""), pd.Series(None, index=values.index, dtype=object)


def _tags(values: pd.Series[Any]) -> Read:
    def joined(value: str) -> str | None:
        tags = value.split(",") if "," in value else value.split()
        kept = [tag.strip() for tag in tags if tag.strip()]
        return ",".join(kept) if kept else None

    return values.map(joined), pd.Series(None, index=values.index, dtype=object)
