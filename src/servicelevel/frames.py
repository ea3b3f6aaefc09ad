"""Deadlines, statuses, compliance and what-ifs over pandas (or Dask) frames.

Needs the ``pandas`` extra (``pip install 'servicelevel[pandas]'``); Dask
frames need the ``dask`` extra. A frame of contacts goes in, one row per
contact, with the columns ``received_at``, ``channel`` and ``priority``
(``columns=`` maps these names to yours; a missing priority is ``normal``).
The other text columns are *attributes* (``region``, ``tags``, a team): a
:class:`~servicelevel.PolicySet` selects by them, and :func:`compliance` groups
by them.

* :func:`deadlines`: per metric that starts at receipt, the deadline a
  contact gets when it arrives, from :mod:`servicelevel.arrays` (vectorised,
  per policy, channel and priority; working-day clocks per distinct receipt).
* :func:`statuses`: per metric the deadline, state, elapsed and remaining time,
  share used and level at ``at``, from the events in a long table, with every
  cycle and every bad row (:class:`Statuses`).
* :func:`compliance`: cycles counted per month, week, channel, priority,
  policy or any attribute, with shares met and breached and percentiles of
  elapsed time.
* :func:`what_if`: the same contacts under two policies or two sets of hours.

**Time zones, the one rule.** Timestamps come out in ``tz`` when you give it,
else in the zone of the ``received_at`` column. An aware time is that instant
whatever ``tz`` says; a naive one is read in ``tz``, and without ``tz`` a
naive column is a :class:`~servicelevel.NaiveDatetimeError` (a naive value
in a column of objects is an error of its row): never UTC by guess. Text is
read as ISO 8601 by the same rule, and shown in ``tz`` or UTC.

**Bad rows** (a naive time without ``tz``, an unknown channel or priority,
a local time a DST change skips, an event before receipt, a contact the
policy promises nothing for) never fail the batch and are never dropped: their
answers are missing and the ``error`` column says what was wrong and how to
fix it.

The same index comes out as went in. A ``dask.dataframe.DataFrame`` in gives
one out (partition by partition; see ``docs/analytics.md``).

Example:
    >>> import pandas as pd
    >>> from servicelevel import policy_for
    >>> from servicelevel.frames import deadlines
    >>> contacts = pd.DataFrame({
    ...     "received_at": pd.to_datetime(["2025-06-06 16:45", "2025-06-07 10:00"]),
    ...     "channel": ["email", "fax"],
    ... })
    >>> found = deadlines(contacts, policy_for("retail", "b2c"), tz="Europe/Amsterdam")
    >>> found["first_response_deadline"].iloc[0]
    Timestamp('2025-06-10 16:45:00+0200', tz='Europe/Amsterdam')
    >>> print(found["error"].iloc[1])
    unknown channel 'fax'; use one of phone, live_chat, email, social_media, messaging, self_service, in_person, or map yours to one of them first
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

try:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.frames needs pandas and numpy: pip install 'servicelevel[pandas]'"
    ) from error

from servicelevel import _clocks
from servicelevel._columnar import Coded, ContactColumns, EventColumns, status_columns
from servicelevel._errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    ServiceLevelError,
    UnknownNameError,
)
from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._policy_set import PolicySet
from servicelevel._vocabulary import Channel, Clock, Metric, Priority
from servicelevel.arrays import add_business_time_array, is_open_array

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = [
    "CONTACT_COLUMNS",
    "EVENT_COLUMNS",
    "PERIODS",
    "Statuses",
    "WhatIf",
    "compliance",
    "deadlines",
    "statuses",
    "what_if",
]

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

Policy = ServiceLevelPolicy | PolicySet
Ints = npt.NDArray[np.int64]
Objects = npt.NDArray[np.object_]
_NAT = int(np.iinfo(np.int64).min)
#: The metrics whose clock starts at receipt: the ones with a deadline on arrival.
_FROM_RECEIPT = (Metric.FIRST_RESPONSE, *(m for m in Metric if m.measures_resolution))
_T = TypeVar("_T")
_OBJECT: Any = object


# -- reading a contacts frame -----------------------------------------------------------


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


# -- which policy and channel measure each contact ------------------------------------


def _policies(policy: Policy) -> tuple[ServiceLevelPolicy, ...]:
    if isinstance(policy, ServiceLevelPolicy):
        return (policy,)
    if isinstance(policy, PolicySet):
        return tuple({id(rule.policy): rule.policy for rule in policy.rules}.values())
    raise ArgumentTypeError.for_argument("policy", "a ServiceLevelPolicy or PolicySet", policy)


def _select(policy: Policy, contacts: _Contacts) -> Ints:
    """The index (into :func:`_policies`) of the policy selected at receipt; -1 for none."""
    good = pd.isna(contacts.errors)
    if isinstance(policy, ServiceLevelPolicy):
        return np.where(good, 0, -1).astype(np.int64)
    spanned = {id(p): index for index, p in enumerate(_policies(policy))}
    names = _condition_attributes(policy)
    key = pd.DataFrame(
        {
            "channel": contacts.channel,
            "priority": contacts.priority,
            **{
                name: contacts.attributes.get(name, np.full(len(good), "", dtype=_OBJECT))
                for name in names
            },
        }
    )
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(key.astype(object)))
    chosen = np.full(len(uniques) + 1, -1, dtype=np.int64)
    for number, values in enumerate(uniques):
        channel, priority, *rest = values
        if channel is None or priority is None:
            continue
        attributes = {name: value for name, value in zip(names, rest, strict=True) if value}
        for rule in policy.rules:
            if rule.when.matches(channel, priority, attributes):
                chosen[number] = spanned[id(rule.policy)]
                break
    selected = chosen[codes]
    _note(
        contacts.errors,
        good & (selected < 0),
        f"no rule of policy set {policy.name!r} matches this contact; add a rule without "
        "conditions at the end",
    )
    return np.where(good, selected, -1)


def _condition_attributes(policy: PolicySet) -> list[str]:
    names: dict[str, None] = {}
    for rule in policy.rules:
        when = rule.when
        for name, used in (("tags", when.tags), ("market", when.markets), ("sector", when.sectors)):
            if used:
                names[name] = None
        names.update(dict.fromkeys(when.attributes))
    return list(names)


def _measured(policies: Sequence[ServiceLevelPolicy], chosen: Ints, contacts: _Contacts) -> Objects:
    """The channel that measures each contact: its own, or the policy's offline
    fallback when it arrived while its channel was closed."""
    measured = contacts.channel.copy()
    for number, policy in enumerate(policies):
        for channel, fallback in policy.offline_fallback.items():
            hours = policy.hours_for(channel)
            rows = np.flatnonzero((chosen == number) & (contacts.channel == channel))
            if not rows.size or not hours.has_openings:
                continue
            closed = ~is_open_array(hours, contacts.received[rows].view("datetime64[us]"))
            measured[rows[closed]] = fallback
    return measured


# -- deadlines --------------------------------------------------------------------------


def _group_rows(
    chosen: Ints, measured: Objects, priority: Objects
) -> dict[tuple[int, Channel, Priority], Ints]:
    """The rows of each (policy, measured channel, priority), for the rows with a policy."""
    codes_c, uniques_c = pd.factorize(measured)
    codes_p, uniques_p = pd.factorize(priority)
    valid = (chosen >= 0) & (codes_c >= 0) & (codes_p >= 0)
    key = (chosen * len(uniques_c) + codes_c) * len(uniques_p) + codes_p
    rows = np.flatnonzero(valid)
    order = rows[np.argsort(key[rows], kind="stable")]
    keys, starts = np.unique(key[order], return_index=True)
    groups: dict[tuple[int, Channel, Priority], Ints] = {}
    stops = np.append(starts[1:], len(order))[: len(starts)]
    for value, start, stop in zip(keys, starts, stops, strict=True):
        rest, p = divmod(int(value), len(uniques_p))
        number, c = divmod(rest, len(uniques_c))
        groups[(number, uniques_c[c], uniques_p[p])] = order[start:stop]
    return groups


def _deadlines_us(target: Target, hours: BusinessHours, received: Ints) -> Ints:
    """The deadlines (UTC microseconds) of ``target`` for contacts received at ``received``."""
    if target.clock is Clock.CALENDAR:
        return np.where(
            received == _NAT, _NAT, received + target.duration // timedelta(microseconds=1)
        )
    if target.clock is Clock.BUSINESS:
        found = add_business_time_array(hours, received.view("datetime64[us]"), target.duration)
        return np.asarray(found).view(np.int64)
    # Working days move by dates in the local calendar: once per distinct receipt.
    line = _clocks.index(hours, working_days=True)
    assert isinstance(line, _clocks.WorkingDays)
    distinct, inverse = np.unique(received, return_inverse=True)
    days, end_of_day = target.duration.days, target.clock is Clock.END_OF_WORKING_DAY
    moved = [_NAT if at == _NAT else line.working(int(at), days, end_of_day) for at in distinct]
    return np.asarray(moved, dtype=np.int64)[inverse]


def _receipt_metrics(
    policies: Sequence[ServiceLevelPolicy], metrics: Sequence[Metric | str] | None
) -> list[Metric]:
    if metrics is not None:
        return [Metric(metric) for metric in metrics]
    used = {t.metric for p in policies for t in p.targets if t.group is None}
    return [metric for metric in _FROM_RECEIPT if metric in used]


def deadlines(
    contacts: pd.DataFrame | dd.DataFrame,
    policy: Policy,
    *,
    metrics: Sequence[Metric | str] | None = None,
    columns: Mapping[str, str] | None = None,
    tz: str | None = None,
) -> Any:
    """The deadline each contact gets on arrival, per metric that starts at receipt.

    One column ``<metric>_deadline`` per metric in ``metrics`` (by default those
    of ``first_response``, ``requester_wait``, ``agent_work``, ``resolution`` and
    ``total_resolution`` that the policy has targets for), then ``measured_as``,
    ``policy`` and ``error``; the same index as ``contacts``. Each deadline
    equals :func:`~servicelevel.response_deadline` (and the first deadline of
    :func:`~servicelevel.breach_status`) for the contact without events: the
    target of its (measured) channel and priority under the policy a
    :class:`~servicelevel.PolicySet` selects at receipt, counted in the hours of
    that channel. ``NaT`` where the policy has no target for the contact, or
    the row is bad (the ``error`` column says why). Time zones: see the module.

    Example:
        >>> import pandas as pd
        >>> from servicelevel import policy_for
        >>> received = pd.Series(pd.to_datetime(["2025-01-10 16:00"])).dt.tz_localize("Europe/Amsterdam")
        >>> frame = pd.DataFrame({"received_at": received, "channel": "email", "priority": "high"})
        >>> deadlines(frame, policy_for("retail", "b2c"))[["first_response_deadline", "error"]]
            first_response_deadline error
        0 2025-01-13 12:00:00+01:00  None
    """
    if _is_dask(contacts):
        return _dask_deadlines(contacts, policy, metrics=metrics, columns=columns, tz=tz)
    used = _condition_attributes(policy) if isinstance(policy, PolicySet) else []
    read = _read_contacts(_pandas(contacts), columns, tz, used)
    policies = _policies(policy)
    chosen = _select(policy, read)
    measured = _measured(policies, chosen, read)
    wanted = _receipt_metrics(policies, metrics)
    found = {metric: np.full(len(chosen), _NAT, dtype=np.int64) for metric in wanted}
    promised = np.zeros(len(chosen), dtype=bool)
    for (number, channel, priority), rows in _group_rows(chosen, measured, read.priority).items():
        chosen_policy = policies[number]
        hours = chosen_policy.hours_for(channel)
        for metric in wanted:
            target = chosen_policy.target_for(channel, priority, metric)
            if target is None:
                continue
            promised[rows] = True
            try:
                found[metric][rows] = _deadlines_us(target, hours, read.received[rows])
            except ServiceLevelError as error:
                _note(read.errors, _mask(len(chosen), rows), f"{metric}: {error}")
    _note(
        read.errors,
        (chosen >= 0) & ~promised,
        "the policy promises nothing for this channel and priority",
    )
    out = {f"{metric}_deadline": _times(found[metric], read) for metric in wanted}
    return pd.DataFrame({**out, **_context(read, measured, chosen, policies)}, index=read.index)


def _times(values: Ints, read: _Contacts) -> pd.Series[Any]:
    times = pd.Series(values.view("datetime64[us]"), index=read.index)
    return times.dt.tz_localize("UTC").dt.tz_convert(read.tz)


def _context(
    read: _Contacts, measured: Objects, chosen: Ints, policies: Sequence[ServiceLevelPolicy]
) -> dict[str, Any]:
    bad = ~pd.isna(read.errors)
    names = np.array([p.name for p in policies] + [None], dtype=_OBJECT)
    return {
        "measured_as": pd.Series(_blank(_names(measured), bad), index=read.index, dtype=object),
        "policy": pd.Series(_blank(names[chosen], bad), index=read.index, dtype=_OBJECT),
        "error": pd.Series(read.errors, index=read.index, dtype=_OBJECT),
    }


def _names(members: Objects) -> Objects:
    """Enum members (or None) as their names, each distinct one converted once."""
    codes, uniques = pd.factorize(members)
    return np.array([*(str(u) for u in uniques), None], dtype=_OBJECT)[codes]


def _blank(values: Objects, where: npt.NDArray[np.bool_]) -> Objects:
    """``values`` (objects) with None where ``where`` is true."""
    out = np.asarray(values, dtype=_OBJECT).copy()
    out[where] = None
    return out


def _column(values: npt.NDArray[Any], index: pd.Index[Any]) -> pd.Series[Any]:
    """A column of objects (None stays None: no inference of a text dtype)."""
    column: pd.Series[Any] = pd.Series(values, index=index, dtype=_OBJECT)
    return column


def _mask(size: int, rows: Ints) -> npt.NDArray[np.bool_]:
    mask = np.zeros(size, dtype=bool)
    mask[rows] = True
    return mask


def _pandas(frame: Any) -> pd.DataFrame:
    """``frame`` as pandas input (Dask frames took their own path before)."""
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentTypeError.for_argument("contacts", "a pandas or Dask DataFrame", frame)
    return frame


def _is_dask(frame: object) -> bool:
    return type(frame).__module__.startswith("dask")


# -- statuses ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statuses:
    """What :func:`statuses` finds: three frames (pandas, or Dask for Dask input).

    ``frame``: one row per contact (the index of the contacts), per metric
    ``<metric>_deadline``, ``_state``, ``_elapsed``, ``_remaining``,
    ``_fraction_used``, ``_level`` and ``_next_level_at`` (of the latest cycle),
    ``_cycles`` and ``_late_cycles``; then ``measured_as``, ``priority`` (at
    ``at``), ``policy`` and ``error``.

    ``cycles``: one row per contact, metric and cycle (``contact`` is the
    contact's index label), with the contact's ``received_at``, ``channel``,
    ``measured_as``, ``priority`` (at receipt), ``policy`` and attributes, and
    ``breached`` (missing while undecided or cancelled: what
    :func:`servicelevel.plots.plot_compliance` reads), for :func:`compliance`.

    ``errors``: one row per bad row (``row``: its index label; ``contact_id``;
    ``reason``); an event whose ``contact_id`` names no contact has a missing
    ``row``.
    """

    frame: Any
    cycles: Any
    errors: Any

    def __repr__(self) -> str:
        if _is_dask(self.frame):
            return f"Statuses(Dask frames in {self.frame.npartitions} partitions)"
        return (
            f"Statuses({len(self.frame):,} contacts, {len(self.cycles):,} cycles, "
            f"{len(self.errors):,} errors)"
        )

    def _repr_html_(self) -> str:
        return (
            str(self.frame.to_html(max_rows=20))
            + f"<p>{len(self.errors):,} rows with errors (see .errors)</p>"
        )


def statuses(
    contacts: pd.DataFrame | dd.DataFrame,
    policy: Policy,
    at: datetime,
    *,
    events: pd.DataFrame | dd.DataFrame | None = None,
    metrics: Sequence[Metric | str] | None = None,
    columns: Mapping[str, str] | None = None,
    event_columns: Mapping[str, str] | None = None,
    tz: str | None = None,
) -> Statuses:
    """Every contact's status at ``at``, as :func:`~servicelevel.breach_status` gives it.

    ``events`` is a long table keyed by ``contact_id`` (a column of ``contacts``,
    or its index), with ``kind``, ``at`` and the fields some kinds need
    (``priority``, ``reason``, ``group``; ``metric`` and ``due`` for due dates;
    ``attributes`` for attributes_changed, a mapping or a JSON object as text):
    the frames of :func:`servicelevel.synthetic.generate_contacts`, in any order.
    ``metrics`` picks the metrics shown (by default those the policy has
    targets for). Returns :class:`Statuses`. Time zones and bad rows: see the module.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import policy_for
        >>> from servicelevel.synthetic import generate_contacts
        >>> contacts, events = generate_contacts(300, seed=5, bad_rows=0.01)
        >>> at = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> found = statuses(contacts, policy_for("retail", "b2c"), at, events=events)
        >>> found.frame["first_response_state"].value_counts().head(3).to_dict()
        {'met': 160, 'met_late': 65, 'cancelled': 11}
        >>> print(found.errors.iloc[0]["reason"][:65])
        policy 'retail b2c (built-in)' does not support channel messaging
        >>> found.errors["reason"].str.contains("unknown channel 'fax'").sum()
        np.int64(1)
    """
    if _is_dask(contacts):
        return _dask_statuses(
            contacts,
            policy,
            at,
            events=events,
            metrics=metrics,
            columns=columns,
            event_columns=event_columns,
            tz=tz,
        )
    read = _read_contacts(_pandas(contacts), columns, tz)
    policies = _policies(policy)
    moment = _aware(at)
    orphans = _orphans_frame()
    event_frame = None
    if events is not None:
        event_frame, orphans = _read_events(_pandas(events), read, event_columns, tz)
    # Rows without a receipt pass through as missing, as rows with errors do.
    good = np.flatnonzero(pd.isna(read.errors) & (read.received != _NAT))
    given = ContactColumns(
        received_at=read.received[good].view("datetime64[us]"),
        channel=_coded(read.channel[good]),
        priority=_coded(read.priority[good]),
        attributes={name: _coded(values[good]) for name, values in read.attributes.items()},
    )
    found = status_columns(policy, given, moment, _event_columns(event_frame, good))
    engine_errors = good[np.asarray(found.errors.row, dtype=np.int64)]
    read.errors[engine_errors] = np.asarray(found.errors.reason, dtype=_OBJECT)
    fine = pd.isna(read.errors[good])
    wanted = _status_metrics(policies, found.metrics, metrics)
    wide = _wide(read, good, fine, found, wanted)
    cycles = _cycles(read, good, fine, found, wanted)
    return Statuses(wide, cycles, pd.concat([_errors_frame(read), orphans], ignore_index=True))


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


def _status_metrics(
    policies: Sequence[ServiceLevelPolicy],
    found: Mapping[Metric, Any],
    metrics: Sequence[Metric | str] | None,
) -> list[Metric]:
    if metrics is not None:
        return [Metric(metric) for metric in metrics]
    used = {t.metric for p in policies for t in p.targets if t.group is None}
    return [metric for metric in Metric if metric in used and metric in found]


def _spread(
    values: npt.NDArray[Any], good: Ints, fine: npt.NDArray[np.bool_], size: int, fill: Any
) -> npt.NDArray[Any]:
    """Values of the good rows at their positions among ``size``; ``fill`` elsewhere
    (and at rows the engine found bad)."""
    out = np.full(size, fill, dtype=values.dtype)
    out[good[fine]] = values[fine]
    return out


def _state_names(states: Objects) -> pd.Categorical:
    from servicelevel._status import SlaState

    return pd.Categorical(_names(states), categories=[str(s) for s in SlaState])


def _wide(
    read: _Contacts, good: Ints, fine: npt.NDArray[np.bool_], found: Any, wanted: Sequence[Metric]
) -> pd.DataFrame:
    size, index = len(read.errors), read.index
    data: dict[str, Any] = {}
    for metric in wanted:
        values = found.metrics[metric]

        def spread(array: Any, fill: Any) -> npt.NDArray[Any]:
            return _spread(np.asarray(array), good, fine, size, fill)

        nat = np.datetime64("NaT", "us")
        data[f"{metric}_deadline"] = _times(spread(values.deadline, nat).view(np.int64), read)
        data[f"{metric}_state"] = pd.Series(_state_names(spread(values.state, None)), index=index)
        data[f"{metric}_elapsed"] = pd.Series(
            spread(values.elapsed, np.timedelta64("NaT", "us")), index=index
        )
        data[f"{metric}_remaining"] = pd.Series(
            spread(values.remaining, np.timedelta64("NaT", "us")), index=index
        )
        data[f"{metric}_fraction_used"] = pd.Series(
            spread(values.fraction_used, np.nan), index=index
        )
        data[f"{metric}_level"] = pd.Series(spread(values.level, None), index=index, dtype=_OBJECT)
        data[f"{metric}_next_level_at"] = _times(
            spread(values.next_level_at, nat).view(np.int64), read
        )
        data[f"{metric}_cycles"] = pd.Series(spread(values.cycles, 0), index=index)
        data[f"{metric}_late_cycles"] = pd.Series(spread(values.late_cycles, 0), index=index)
    for name, values in (
        ("measured_as", _names(np.asarray(found.measured_as, dtype=_OBJECT))),
        ("priority", _names(np.asarray(found.priority, dtype=_OBJECT))),
        ("policy", np.asarray(found.policy, dtype=_OBJECT)),
    ):
        data[name] = _column(_spread(values, good, fine, size, None), index)
    data["error"] = _column(read.errors, index)
    return pd.DataFrame(data, index=index)


def _cycles(
    read: _Contacts, good: Ints, fine: npt.NDArray[np.bool_], found: Any, wanted: Sequence[Metric]
) -> pd.DataFrame:
    cycles = found.cycles
    contact = np.asarray(cycles.contact, dtype=np.int64)
    metric = np.asarray(cycles.metric, dtype=_OBJECT)
    keep = fine[contact] & np.isin(_names(metric), [str(m) for m in wanted])
    rows = good[contact[keep]]

    def times(values: Any) -> pd.Series[Any]:
        utc = pd.Series(np.asarray(values)[keep].astype("datetime64[us]"))
        return utc.dt.tz_localize("UTC").dt.tz_convert(read.tz)

    received = (
        pd.Series(read.received[rows].view("datetime64[us]"))
        .dt.tz_localize("UTC")
        .dt.tz_convert(read.tz)
    )
    frame = pd.DataFrame(
        {
            "contact": read.index[rows],
            "metric": pd.Categorical(_names(metric[keep]), categories=[str(m) for m in Metric]),
            "cycle": np.asarray(cycles.cycle, dtype=np.int64)[keep],
            "started_at": times(cycles.started_at),
            "stopped_at": times(cycles.stopped_at),
            "deadline": times(cycles.deadline),
            "state": _state_names(np.asarray(cycles.state, dtype=_OBJECT)[keep]),
            "elapsed": np.asarray(cycles.elapsed)[keep].astype("timedelta64[us]"),
            "received_at": received,
            "channel": pd.Categorical(
                _names(read.channel[rows]), categories=[str(c) for c in Channel]
            ),
        }
    )
    positions = np.searchsorted(good, rows)
    frame["measured_as"] = pd.Categorical(
        _names(np.asarray(found.measured_as, dtype=_OBJECT)[positions]),
        categories=[str(c) for c in Channel],
    )
    frame["priority"] = pd.Categorical(
        _names(read.priority[rows]), categories=[str(p) for p in Priority]
    )
    frame["policy"] = _column(np.asarray(found.policy, dtype=_OBJECT)[positions], frame.index)
    for name, values in read.attributes.items():
        if name not in frame:
            frame[name] = _column(values[rows], frame.index)
    frame["breached"] = _breached(frame["state"])
    return frame


def _breached(states: pd.Series[Any]) -> pd.Series[Any]:
    """Whether a cycle went past its deadline; missing while undecided or cancelled."""
    decided = states.isin(["met", "met_late", "breached"])
    late = states.isin(["met_late", "breached"]).astype("boolean")
    found: pd.Series[Any] = late.where(decided)
    return found


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


# -- compliance --------------------------------------------------------------------------

#: Keys that group by a period of the local receipt time, and their pandas frequency.
PERIODS: Mapping[str, str] = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def compliance(
    statuses_or_cycles: Statuses | pd.DataFrame | dd.DataFrame,
    by: Sequence[str] = ("measured_as",),
    *,
    percentiles: Sequence[float] = (0.5, 0.9),
) -> pd.DataFrame:
    """Cycles counted per metric and the keys in ``by``, as :func:`~servicelevel.summarise_compliance` counts.

    ``statuses_or_cycles`` is what :func:`statuses` returns (or its ``cycles``).
    ``by`` names columns of the cycles (``channel``, ``measured_as``,
    ``priority``, ``policy``, ``metric``, any attribute such as ``team``) or
    periods of the local receipt time (``day``, ``week``, ``month``,
    ``quarter``, ``year``). Every cycle counts, cancelled ones apart: one row
    per group and metric with ``contacts``, ``cycles``, ``met``, ``met_late``,
    ``breached``, ``open``, ``cancelled``, ``share_met``, ``share_breached``
    (breached or met late) and the nearest-rank percentiles of the elapsed time
    of the stopped cycles (``p50_elapsed``, ``p90_elapsed``). Groups whose
    every cycle was cancelled are left out. Dask cycles are summarised from
    the few columns needed, computed into memory.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import policy_for
        >>> from servicelevel.synthetic import generate_contacts
        >>> contacts, events = generate_contacts(500, seed=2)
        >>> at = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> found = statuses(contacts, policy_for("retail", "b2c"), at, events=events)
        >>> table = compliance(found, by=["quarter", "channel"])
        >>> row = table.loc[("2025Q1", "email", "first_response")]
        >>> int(row["cycles"]), int(row["met"]), float(round(row["share_met"], 2)), row["p90_elapsed"]
        (41, 40, 0.98, Timedelta('0 days 03:52:51'))
    """
    cycles = (
        statuses_or_cycles.cycles
        if isinstance(statuses_or_cycles, Statuses)
        else statuses_or_cycles
    )
    keys = [key for key in by if key != "metric"]
    needed = ["contact", "metric", "state", "stopped_at", "elapsed"]
    needed += [key for key in keys if key not in PERIODS]
    needed += ["received_at"] if any(key in PERIODS for key in keys) else []
    for column in needed:
        if column not in cycles.columns:
            choices = [str(c) for c in cycles.columns] + list(PERIODS)
            raise UnknownNameError.for_name("key or column of the cycles", column, choices)
    frame: Any = cycles[list(dict.fromkeys(needed))]
    if _is_dask(frame):
        frame = frame.compute()
    return _summary(frame, keys, percentiles)


def _summary(
    frame: pd.DataFrame, keys: Sequence[str], percentiles: Sequence[float]
) -> pd.DataFrame:
    from servicelevel._status import SlaState

    groups = [_key(frame, key) for key in keys] + [frame["metric"]]
    state = frame["state"].astype(object)
    cancelled = (state == str(SlaState.CANCELLED)).to_numpy()
    flags = pd.DataFrame(
        {
            "cycles": ~cancelled,
            "met": (state == str(SlaState.MET)).to_numpy(),
            "met_late": (state == str(SlaState.MET_LATE)).to_numpy(),
            "breached": (state == str(SlaState.BREACHED)).to_numpy(),
            "cancelled": cancelled,
        },
        index=frame.index,
    ).astype(np.int64)
    table = flags.groupby(groups, observed=True, sort=True).sum()
    counted = frame[~cancelled]
    counted_groups = [g[~cancelled] for g in groups]
    table.insert(
        0,
        "contacts",
        counted.groupby(counted_groups, observed=True, sort=True)["contact"].nunique(),
    )
    table = table[table["cycles"] > 0].copy()
    table["contacts"] = table["contacts"].astype(np.int64)
    table.insert(5, "open", table["cycles"] - table["met"] - table["met_late"] - table["breached"])
    table["share_met"] = table["met"] / table["cycles"]
    table["share_breached"] = (table["breached"] + table["met_late"]) / table["cycles"]
    stopped = counted["stopped_at"].notna().to_numpy()
    for share in percentiles:
        table[f"p{round(share * 100)}_elapsed"] = _nearest_rank(
            counted["elapsed"][stopped], [g[stopped] for g in counted_groups], share
        ).reindex(table.index)
    table.index.names = [*keys, "metric"]
    return table


def _key(frame: pd.DataFrame, key: str) -> pd.Series[Any]:
    if key not in PERIODS:
        return frame[key].rename(key)
    local = frame["received_at"].dt.tz_localize(None)
    periods: pd.Series[Any] = local.dt.to_period(PERIODS[key]).rename(key)
    return periods


def _nearest_rank(
    values: pd.Series[Any], groups: list[pd.Series[Any]], share: float
) -> pd.Series[Any]:
    """Per group, the value of nearest rank ``ceil(n * share)`` (as the scalar summary)."""
    frame = pd.DataFrame({f"k{i}": g.to_numpy() for i, g in enumerate(groups)})
    frame["value"] = values.to_numpy()
    names = [f"k{i}" for i in range(len(groups))]
    frame = frame.sort_values([*names, "value"], kind="stable")
    grouped = frame.groupby(names, observed=True, sort=True)
    rank = grouped.cumcount().to_numpy()
    size = grouped["value"].transform("size").to_numpy()
    chosen = frame[rank == np.maximum(np.ceil(size * share).astype(np.int64), 1) - 1]
    found: pd.Series[Any] = chosen.set_index(names)["value"]
    found.index.names = [str(g.name) for g in groups]
    return found


# -- what if ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WhatIf:
    """What :func:`what_if` finds, before and after the change.

    ``deadlines``: per contact the deadline of the metric on arrival
    (``before``, ``after``) and how far it ``moved``. ``compliance``: per group
    (and metric) the cycles, shares met and breached before and after, and the
    change of the share met. ``due_per_day``: how many contacts fall due on
    each local date, before and after.
    """

    deadlines: pd.DataFrame
    compliance: pd.DataFrame
    due_per_day: pd.DataFrame
    before: Policy
    after: Policy

    def __repr__(self) -> str:
        moved = int((self.deadlines["moved"].dropna() != pd.Timedelta(0)).sum())
        return f"WhatIf({len(self.deadlines):,} contacts, {moved:,} deadlines moved)"

    def _repr_html_(self) -> str:
        return str(self.compliance.to_html())


def what_if(
    contacts: pd.DataFrame | dd.DataFrame,
    before: Policy,
    after: Policy | BusinessHours | Mapping[str, str],
    at: datetime,
    *,
    events: pd.DataFrame | dd.DataFrame | None = None,
    by: Sequence[str] = ("measured_as",),
    metric: Metric | str = Metric.FIRST_RESPONSE,
    channel: Channel | str | None = None,
    columns: Mapping[str, str] | None = None,
    event_columns: Mapping[str, str] | None = None,
    tz: str | None = None,
) -> WhatIf:
    """The same contacts under ``before`` and ``after``: deadlines, compliance, due per day.

    ``after`` is another policy (or policy set), or a change of hours to
    ``before``: new :class:`~servicelevel.BusinessHours`, or weekly intervals
    that replace those days (``{"sat": "10:00-14:00"}``: open on Saturday
    10-14; ``{"sat": ""}``: closed then), for every channel without hours of
    its own, or for ``channel`` only. The edit is validated, as
    :meth:`~servicelevel.ServiceLevelPolicy.with_hours` is. ``metric`` is the
    metric whose deadlines and due days are compared (one that starts at
    receipt); compliance compares every metric, grouped ``by``. Dask frames in
    give pandas frames out (the answers are small).

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicelevel import policy_for
        >>> from servicelevel.synthetic import generate_contacts
        >>> contacts, events = generate_contacts(400, seed=3)
        >>> at = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
        >>> change = what_if(contacts, policy_for("retail", "b2c"), {"sat": "10:00-14:00"}, at,
        ...                  events=events)
        >>> change.deadlines["moved"].min() < pd.Timedelta(0)  # earlier deadlines
        True
    """
    edited = _edited(before, after, channel)
    wanted = Metric(metric)
    options: dict[str, Any] = {"columns": columns, "tz": tz}
    first = deadlines(contacts, before, metrics=[wanted], **options)[f"{wanted}_deadline"]
    second = deadlines(contacts, edited, metrics=[wanted], **options)[f"{wanted}_deadline"]
    if _is_dask(first):  # the answers are small: per contact one deadline, per day a count
        from dask.base import compute

        run: Any = compute
        first, second = run(first, second)
    moved = pd.DataFrame({"before": first, "after": second, "moved": second - first})
    found = [
        statuses(contacts, policy, at, events=events, event_columns=event_columns, **options)
        for policy in (before, edited)
    ]
    tables = [compliance(result, by=by) for result in found]
    shares = ["cycles", "share_met", "share_breached"]
    table = pd.concat([t[shares] for t in tables], axis=1, keys=["before", "after"])
    table[("change", "share_met")] = table[("after", "share_met")] - table[("before", "share_met")]
    due = pd.DataFrame({"before": _per_day(first), "after": _per_day(second)})
    if len(due):  # every day from the first to the last, those without deadlines too
        due = due.reindex(pd.date_range(due.index.min(), due.index.max(), name="due"))
    due = due.fillna(0).astype(np.int64)
    due["change"] = due["after"] - due["before"]
    return WhatIf(moved, table, due, before, edited)


def _per_day(deadlines: pd.Series[Any]) -> pd.Series[Any]:
    local = deadlines.dropna().dt.tz_localize(None).dt.normalize()
    counts: pd.Series[Any] = local.value_counts().sort_index().rename_axis("due")
    return counts


def _edited(
    before: Policy, after: Policy | BusinessHours | Mapping[str, str], channel: Channel | str | None
) -> Policy:
    if isinstance(after, ServiceLevelPolicy | PolicySet):
        return after
    if isinstance(before, PolicySet):
        rules = [rule.replace(policy=_edited(rule.policy, after, channel)) for rule in before.rules]
        return before.replace(rules=rules)
    if isinstance(after, BusinessHours):
        return before.with_hours(after, channel)
    if isinstance(after, Mapping):
        from servicelevel._intervals import expand_week

        hours = before.hours if channel is None else before.hours_for(Channel(channel))
        week = hours.week.replace(**expand_week(after))
        return before.with_hours(hours.replace(week=week), channel)
    raise ArgumentTypeError.for_argument(
        "after",
        "a policy, a policy set, BusinessHours or weekly hours such as {'sat': '10:00-14:00'}",
        after,
    )


# -- Dask ----------------------------------------------------------------------------------


def _from_pandas(frame: pd.DataFrame) -> Any:
    import dask.dataframe as dd

    convert: Any = dd.from_pandas
    return convert(frame, npartitions=1)


def _dask_deadlines(contacts: Any, policy: Policy, **options: Any) -> Any:
    """:func:`deadlines` per partition (the meta from the empty frame)."""
    meta = deadlines(contacts._meta, policy, **options)
    return contacts.map_partitions(deadlines, policy, meta=meta, **options)


def _dask_statuses(contacts: Any, policy: Policy, at: datetime, **options: Any) -> Statuses:
    """:func:`statuses` per partition; the three frames share each partition's work.

    With events, the contacts must be indexed by their ``contact_id`` with known
    divisions: the events go to the partition of their contact."""
    import dask.config
    import dask.dataframe as dd
    from dask.delayed import delayed

    events = options.pop("events")
    contact_parts = contacts.to_delayed()
    event_parts: list[Any] = [None] * len(contact_parts)
    meta_events = None
    if events is not None:
        name = _columns(options.get("event_columns"), EVENT_COLUMNS)["contact_id"]
        if not contacts.known_divisions:
            raise ArgumentTypeError(
                "statuses over Dask frames with events needs the contacts indexed by "
                "contact_id, with known divisions: contacts.set_index('contact_id') (sorted) "
                "first, so that each contact's events go to its partition."
            )
        if isinstance(events, pd.DataFrame):
            events = _from_pandas(events)
        events = events.set_index(name, divisions=list(contacts.divisions)).reset_index()
        event_parts = events.to_delayed()
        meta_events = events._meta
    meta = statuses(contacts._meta, policy, at, events=meta_events, **options)
    parts = [
        delayed(statuses)(part, policy, at, events=found, **options)
        for part, found in zip(contact_parts, event_parts, strict=True)
    ]
    with dask.config.set({"dataframe.convert-string": False}):  # keep the dtypes of pandas
        return Statuses(
            dd.from_delayed(
                [part.frame for part in parts], meta=meta.frame, divisions=contacts.divisions
            ),
            dd.from_delayed([part.cycles for part in parts], meta=meta.cycles),
            dd.from_delayed([part.errors for part in parts], meta=meta.errors),
        )
