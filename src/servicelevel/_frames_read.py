"""Reading the frames of :mod:`servicelevel.frames`: contacts and events into arrays, with
the one time-zone rule and every bad row noted with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel._columnar import Coded, EventColumns
from servicelevel._errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    UnknownNameError,
)
from servicelevel._vocabulary import Channel, Metric, Priority

#: The fields of a contacts frame, and the column names read by default.
CONTACT_COLUMNS: Mapping[str, str] = {
    "contact_id": "contact_id",
    "received_at": "received_at",
    "channel": "channel",
    "priority": "priority",
}


#: The fields of an events frame (a long table keyed by ``contact_id``).
EVENT_COLUMNS: Mapping[str, str] = {
    "contact_id": "contact_id",
    "kind": "kind",
    "at": "at",
    "priority": "priority",
    "reason": "reason",
    "group": "group",
    "metric": "metric",
    "due": "due",
    "attributes": "attributes",
}


Ints = npt.NDArray[np.int64]


Objects = npt.NDArray[np.object_]


_T = TypeVar("_T")
_NAT = int(np.iinfo(np.int64).min)


_OBJECT: Any = object


@dataclass(frozen=True, slots=True)
class _Contacts:
    """A contacts frame read into arrays (positions, not labels); ``errors`` holds a
    reason per row (None: fine)."""

    index: pd.Index[Any]
    received: Ints  # UTC microseconds, NaT missing
    channel: Objects  # Channel or None
    priority: Objects  # Priority or None
    attributes: dict[str, Objects]
    errors: Objects
    tz: str | tzinfo
    ids: pd.Series[Any] | None


def _columns(given: Mapping[str, str] | None, defaults: Mapping[str, str]) -> dict[str, str]:
    names = dict(defaults)
    for field, column in (given or {}).items():
        if field not in defaults:
            raise UnknownNameError.for_name("field of the frame", field, list(defaults))
        names[field] = column
    return names


def _read_contacts(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    tz: str | None,
    attributes: Sequence[str] | None = None,
) -> _Contacts:
    """The contacts as arrays; ``attributes``: the attribute columns to read (None: all)."""
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentTypeError.for_argument("contacts", "a pandas or Dask DataFrame", frame)
    names = _columns(columns, CONTACT_COLUMNS)
    for field in ("received_at", "channel"):
        if names[field] not in frame:
            raise UnknownNameError.for_name(
                f"column for {field} (map yours with columns={{{field!r}: ...}})",
                names[field],
                [str(c) for c in frame.columns],
            )
    errors = np.full(len(frame), None, dtype=_OBJECT)
    received, zone = _instants(frame[names["received_at"]], tz, errors, "received_at")
    channel = _members(frame[names["channel"]], Channel, None, errors)
    priority_column = frame.get(names["priority"])
    priority = (
        np.full(len(frame), Priority.NORMAL, dtype=_OBJECT)
        if priority_column is None
        else _members(priority_column, Priority, Priority.NORMAL, errors)
    )
    known = set(names.values())
    wanted = [
        name
        for name in frame.columns
        if name not in known and (attributes is None or name in attributes)
    ]
    read = {str(name): _texts(frame[name]) for name in wanted if _is_text(frame[name])}
    ids = frame.get(names["contact_id"])
    return _Contacts(frame.index, received, channel, priority, read, errors, zone, ids)


def _is_text(column: pd.Series[Any]) -> bool:
    dtype = column.dtype
    return bool(
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_string_dtype(dtype)
        or (
            pd.api.types.is_object_dtype(dtype)
            and (column.empty or column.map(lambda v: isinstance(v, str)).any())
        )
    )


def _texts(column: pd.Series[Any]) -> Objects:
    """Attribute values as str; missing ones are empty (as an attribute not given)."""
    codes, uniques = pd.factorize(column)
    return np.array([*(str(value) for value in uniques), ""], dtype=_OBJECT)[codes]


def _note(errors: Objects, where: npt.NDArray[np.bool_], reason: str | Objects) -> None:
    """Record ``reason`` for the rows ``where`` that have no error yet."""
    fresh = where & pd.isna(errors)
    if isinstance(reason, str):
        errors[fresh] = reason
    else:
        errors[fresh] = reason[fresh]


def _instants(
    values: pd.Series[Any], tz: str | None, errors: Objects, name: str
) -> tuple[Ints, str | tzinfo]:
    """UTC microseconds of a column of times, and the zone results are shown in."""
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _utc(values), tz or dtype.tz
    if pd.api.types.is_datetime64_dtype(dtype):
        if tz is None:
            raise NaiveDatetimeError(
                f"the {name} column holds naive times (no UTC offset); pass tz='Europe/Amsterdam' "
                "(their zone) to read them there, or localize the column first: they are never "
                "read as UTC by guess."
            )
        return _localize(values, tz, errors, name), tz
    if pd.api.types.is_object_dtype(dtype):
        return _object_instants(values, tz, errors, name), tz or _common_zone(values)
    if pd.api.types.is_string_dtype(dtype):  # text (Dask turns objects into text)
        values = values.astype(object).map(_parsed)
        return _object_instants(values, tz, errors, name), tz or "UTC"
    raise ArgumentTypeError.for_dtype(
        name,
        "aware timestamps (or naive ones with tz=...)",
        dtype,
        "parse text with pd.to_datetime(column) first.",
    )


def _utc(values: pd.Series[Any]) -> Ints:
    utc = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return np.asarray(utc.to_numpy("datetime64[us]").view(np.int64))


def _localize(values: pd.Series[Any], tz: str, errors: Objects, name: str) -> Ints:
    local = values.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    lost = (local.isna() & values.notna()).to_numpy()
    if lost.any():
        _note(
            errors,
            lost,
            f"{name} is a local time that a DST change in {tz} skips or repeats; give it "
            "with its UTC offset",
        )
    return _utc(local)


def _parsed(value: object) -> object:
    """A text cell as a timestamp (ISO 8601, with or without offset); others as they are."""
    if not isinstance(value, str):
        return value
    try:
        return pd.Timestamp(value)
    except ValueError:
        return value


def _common_zone(values: pd.Series[Any]) -> str | tzinfo:
    """The zone that the aware times of a column of objects share; UTC when they differ."""
    zones = {str(v.tzinfo): v.tzinfo for v in values if isinstance(v, datetime) and v.tzinfo}
    return next(iter(zones.values())) if len(zones) == 1 else "UTC"


def _object_instants(values: pd.Series[Any], tz: str | None, errors: Objects, name: str) -> Ints:
    """A column of objects: aware datetimes, naive ones (read in ``tz``) or missing."""
    cells = values.to_numpy()
    missing = pd.isna(cells)
    is_time = np.array([isinstance(v, datetime) for v in cells], dtype=bool)
    naive = is_time & np.array([getattr(v, "tzinfo", 1) is None for v in cells], dtype=bool)
    _note(errors, ~missing & ~is_time, f"{name} is not a timestamp")
    out = np.full(len(cells), _NAT, dtype=np.int64)
    aware = is_time & ~naive
    if aware.any():
        out[aware] = _utc(pd.Series(pd.to_datetime(list(cells[aware]), utc=True)))
    if naive.any():
        if tz is None:
            _note(
                errors,
                naive,
                f"{name} is a naive time (no UTC offset); pass tz='Europe/Amsterdam' (its "
                "zone), or give it with its offset",
            )
        else:
            local = pd.Series(pd.to_datetime(list(cells[naive])))
            part = np.full(int(naive.sum()), None, dtype=_OBJECT)
            out[naive] = _localize(local, tz, part, name)
            errors[naive] = np.where(pd.isna(errors[naive]), part, errors[naive])
    return out


def _members(
    values: pd.Series[Any],
    enum: type[_T],
    default: _T | None,
    errors: Objects,
    *,
    required: bool = True,
) -> Objects:
    """Enum members for a column (each distinct value looked up once); None for bad rows."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    what = getattr(enum, "__name__", "value").lower()
    names = ", ".join(str(member) for member in enum)  # type: ignore[attr-defined]
    found: list[Any] = []
    reasons: list[str | None] = []
    for value in uniques:
        try:
            found.append(enum(str(value).strip().lower()))  # type: ignore[call-arg]
            reasons.append(None)
        except ValueError:
            found.append(None)
            reasons.append(
                f"unknown {what} {value!r}; use one of {names}, or map yours to one of them first"
            )
    found.append(default)
    reasons.append(None if default is not None or not required else f"no {what}")
    members = np.array(found, dtype=_OBJECT)[codes]
    _note(errors, np.ones(len(codes), dtype=bool), np.array(reasons, dtype=_OBJECT)[codes])
    return members


def _blank(values: Objects, where: npt.NDArray[np.bool_]) -> Objects:
    """``values`` (objects) with None where ``where`` is true."""
    out = np.asarray(values, dtype=_OBJECT).copy()
    out[where] = None
    return out


def _pandas(frame: Any) -> pd.DataFrame:
    """``frame`` as pandas input (Dask frames took their own path before)."""
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentTypeError.for_argument("contacts", "a pandas or Dask DataFrame", frame)
    return frame


def _is_dask(frame: object) -> bool:
    return type(frame).__module__.startswith("dask")


def _coded(values: Objects) -> Coded:
    """A column as codes and categories: the engine then never reads it row by row."""
    codes, uniques = pd.factorize(values)
    return Coded(codes, [str(value) for value in uniques])


def _aware(at: object) -> datetime:
    if isinstance(at, pd.Timestamp):
        at = at.to_pydatetime()
    if not isinstance(at, datetime):
        raise ArgumentTypeError.for_argument("at", "an aware datetime", at)
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveDatetimeError.for_argument("at", at)
    return at


def _errors_frame(read: _Contacts) -> pd.DataFrame:
    bad = np.flatnonzero(~pd.isna(read.errors))
    ids = (
        pd.Series(pd.NA, index=range(len(bad)), dtype=_OBJECT)
        if read.ids is None
        else pd.Series(read.ids.to_numpy()[bad], dtype=_OBJECT)
    )
    return pd.DataFrame(
        {
            "row": pd.Series(read.index[bad], dtype=_OBJECT),
            "contact_id": ids,
            "reason": pd.Series(read.errors[bad], dtype=_OBJECT),
        }
    )


def _orphans_frame(ids: Sequence[Any] = ()) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series([pd.NA] * len(ids), dtype=_OBJECT),
            "contact_id": pd.Series(list(ids), dtype=_OBJECT),
            "reason": pd.Series(
                [
                    f"events name contact_id {value!r}, which no contact has; drop them or "
                    "add the contact"
                    for value in ids
                ],
                dtype=_OBJECT,
            ),
        }
    )


@dataclass(frozen=True, slots=True)
class _Events:
    contact: Ints  # position of the contact
    kind: Objects
    at: Ints
    priority: Objects
    reason: Objects
    group: Objects
    metric: Objects
    due: Ints
    attributes: Objects


def _read_events(
    events: pd.DataFrame, read: _Contacts, columns: Mapping[str, str] | None, tz: str | None
) -> tuple[_Events, pd.DataFrame]:
    """The events as arrays keyed by contact position; their problems go to the
    contact's row; events of unknown contacts come back as a frame of errors."""
    from servicelevel._contact import EventKind

    names = _columns(columns, EVENT_COLUMNS)
    ids = read.ids if read.ids is not None else pd.Series(read.index)
    firsts = ~ids.duplicated().to_numpy()
    _note(
        read.errors, ~firsts, "its contact_id repeats an earlier row's; give each contact its own"
    )
    lookup = pd.Index(ids.to_numpy()[firsts])
    positions = np.flatnonzero(firsts)
    keys = events[names["contact_id"]].to_numpy()
    found = lookup.get_indexer(keys)
    orphans = _orphans_frame(list(pd.unique(keys[found < 0])))
    events = events.loc[found >= 0]
    contact = positions[found[found >= 0]]
    problems = np.full(len(events), None, dtype=_OBJECT)
    at, _ = _instants(events[names["at"]], tz if tz is not None else None, problems, "event at")
    kind = _members(events[names["kind"]], EventKind, None, problems)

    def optional(field: str) -> pd.Series[Any]:
        column = events.get(names[field])
        return pd.Series([None] * len(events)) if column is None else column

    priority = _members(optional("priority"), Priority, None, problems, required=False)
    metric = _members(optional("metric"), Metric, None, problems, required=False)
    due_column = events.get(names["due"])
    due = np.full(len(events), _NAT, dtype=np.int64)
    if due_column is not None:
        due, _ = _instants(due_column, tz, problems, "event due")
    attributes = _attribute_maps(optional("attributes"), problems)
    bad = ~pd.isna(problems)
    for position, problem in zip(contact[bad], problems[bad], strict=True):  # bad ones: few
        if read.errors[position] is None:
            read.errors[position] = f"an event: {problem}"
    return (
        _Events(
            contact,
            kind,
            at,
            priority,
            _objects(optional("reason")),
            _objects(optional("group")),
            metric,
            due,
            attributes,
        ),
        orphans,
    )


def _attribute_maps(column: pd.Series[Any], problems: Objects) -> Objects:
    """The ``attributes`` of attributes_changed events: mappings, or JSON objects as text
    (as a CSV holds them), read into dicts; text that is not one is a problem of its
    event's contact."""
    values = column.astype(object).to_numpy()
    found = np.full(len(values), None, dtype=_OBJECT)
    for position, value in enumerate(values.tolist()):
        if isinstance(value, Mapping):
            found[position] = dict(value)
        elif isinstance(value, str) and value.strip():
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                parsed = None
            if isinstance(parsed, dict):
                found[position] = parsed
            elif pd.isna(problems[position]):
                problems[position] = (
                    f"attributes {value!r} are not a JSON object; write them as "
                    '{"tier": "premium"}'
                )
    return found


def _objects(column: pd.Series[Any]) -> Objects:
    values = column.astype(object).to_numpy()
    return _blank(values, pd.isna(values))


def _event_columns(events: _Events | None, good: Ints) -> EventColumns | None:
    """The events of the good contacts, as the engine takes them (positions among them)."""
    if events is None:
        return None
    where = np.searchsorted(good, events.contact)
    keep = (
        (where < len(good)) & (good[np.minimum(where, len(good) - 1)] == events.contact)
        if len(good)
        else np.zeros(len(events.contact), dtype=bool)
    )
    values: dict[str, Any] = {
        "contact": where[keep].astype(np.int64),
        "kind": events.kind[keep],
        "at": events.at[keep].view("datetime64[us]"),
        "priority": events.priority[keep],
        "reason": events.reason[keep],
        "group": events.group[keep],
        "metric": events.metric[keep],
        "due": events.due[keep].view("datetime64[us]"),
        "attributes": events.attributes[keep],
    }
    return EventColumns(**values)
