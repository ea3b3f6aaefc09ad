"""Statuses of many contacts at once, as columns (NumPy arrays): the contract and the reference.

The pandas layer (:mod:`servicelevel.frames`) turns frames into
:class:`ContactColumns` and :class:`EventColumns`, asks :func:`status_columns`
and turns the :class:`StatusColumns` back into frames. This module holds the
column types, the checks of every row, and :func:`status_columns_scalar`, the
reference: :func:`~servicelevel.breach_status` per contact. The NumPy engine
(:mod:`servicelevel._columnar_engine`) gives the same answer for every row.

Rows:

* A contact without a receipt (``NaT``) is a missing answer, not an error: every
  metric's state is None and the row is not in the errors.
* A bad row (an unknown channel or priority, an event before receipt or of an
  unknown kind, a channel the policy promises nothing for, a contact received
  after ``at``, a problem found upstream such as a naive timestamp) is an error
  row: its answers are missing and :class:`ErrorColumns` says why, in one line.
  One bad row never fails the batch.
* Events come in any order (a long table keyed by contact); each contact's are
  taken in time order, ties in the order given. Only events at or before ``at``
  count, as in :func:`~servicelevel.breach_status`.

Any object column may also be given as :class:`Coded` (integer codes into
categories, as a pandas ``Categorical`` holds them): the engine then never
looks at the values row by row.

Example:
    >>> import numpy as np
    >>> from datetime import UTC, datetime, timedelta
    >>> from servicelevel import Metric
    >>> from servicelevel._defaults import policy_for
    >>> contacts = ContactColumns(
    ...     received_at=np.array(["2025-01-06T09:00", "NaT", "2025-01-06T09:00"], "datetime64[us]"),
    ...     channel=np.array(["email", "email", "fax"], dtype=object),
    ...     priority=np.array(["normal", "normal", "normal"], dtype=object),
    ... )
    >>> found = status_columns_scalar(policy_for("retail", "b2c"), contacts,
    ...                               datetime(2025, 1, 6, 16, tzinfo=UTC))
    >>> found.metrics[Metric.FIRST_RESPONSE].state.tolist()
    [<SlaState.AT_RISK: 'at_risk'>, None, None]
    >>> found.errors.row.tolist(), found.errors.reason[0][-11:]
    ([2], "(got 'fax')")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from servicelevel._contact import Contact
from servicelevel._errors import InvalidArrayError, ServiceLevelError
from servicelevel._instants import ONE_US, from_us, to_us
from servicelevel._policy import MAX_LEVELS, ServiceLevelPolicy
from servicelevel._policy_set import PolicySet
from servicelevel._status import MetricStatus, SlaState, SlaStatus, breach_status
from servicelevel._vocabulary import Channel, Metric, Priority

__all__ = [
    "Coded",
    "ContactColumns",
    "CycleColumns",
    "ErrorColumns",
    "EventColumns",
    "MetricColumns",
    "StatusColumns",
    "status_columns",
    "status_columns_scalar",
]

Objects = npt.NDArray[np.object_]
Instants = npt.NDArray[np.datetime64]
Durations = npt.NDArray[np.timedelta64]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

NAT = np.iinfo(np.int64).min  # NaT as an int64


@dataclass(frozen=True, slots=True)
class Coded:
    """An object column as integer codes into ``categories`` (-1: missing), as a pandas
    ``Categorical`` holds it; accepted wherever an object column is."""

    codes: npt.NDArray[np.integer[Any]]
    categories: Sequence[object]

    def __len__(self) -> int:
        return len(self.codes)

    def values(self) -> Objects:
        """The column as an object array (None where missing)."""
        table = np.array([*self.categories, None], dtype=object)
        return table[np.where(self.codes < 0, len(self.categories), self.codes)]


Column = Objects | Coded


def values_of(column: Column | None, size: int) -> Objects:
    """An object column as an object array (a missing column: all None)."""
    if column is None:
        return np.full(size, None, dtype=object)
    return column.values() if isinstance(column, Coded) else np.asarray(column, dtype=object)


@dataclass(frozen=True, slots=True)
class ContactColumns:
    """One row per contact, arrays of equal length.

    ``received_at`` is ``datetime64`` (UTC; ``NaT``: missing); ``channel`` and
    ``priority`` hold members or names; ``attributes`` the free attributes the
    conditions of a policy set read (a value is given when it is a non-empty
    string). ``problems`` holds a reason found upstream (a naive timestamp, say)
    per row, None where there is none: such a row is an error row.
    """

    received_at: Instants
    channel: Column
    priority: Column
    attributes: Mapping[str, Column] = field(default_factory=dict)
    problems: Objects | None = None

    def __len__(self) -> int:
        return len(self.received_at)


@dataclass(frozen=True, slots=True)
class EventColumns:
    """A long table of events, one row per event, in any order.

    ``contact`` is the row of the contact in :class:`ContactColumns`; ``kind``
    an :class:`~servicelevel.EventKind` (or its name); ``at`` ``datetime64`` UTC.
    ``priority`` (priority_changed), ``reason`` (cancelled), ``group`` (assigned),
    ``metric`` and ``due`` (due_date_set) and ``attributes`` (attributes_changed:
    a mapping) hold the field of the kinds that need it, None elsewhere; a column
    that is not given is None throughout.
    """

    contact: Ints
    kind: Column
    at: Instants
    priority: Column | None = None
    reason: Column | None = None
    group: Column | None = None
    metric: Column | None = None
    due: Instants | None = None
    attributes: Objects | None = None

    def __len__(self) -> int:
        return len(self.contact)


#: The states, in the order of their codes (-1: none).
STATES: tuple[SlaState, ...] = tuple(SlaState)
STATE_CODE = {state: code for code, state in enumerate(STATES)}
#: Every level name, in the order of their codes (-1: none).
LEVELS: tuple[str, ...] = (
    "ok",
    *(f"warning {n}" for n in range(1, MAX_LEVELS + 1)),
    "breached",
    *(f"escalation {n}" for n in range(1, MAX_LEVELS + 1)),
)
LEVEL_CODE = {name: code for code, name in enumerate(LEVELS)}
CHANNELS: tuple[Channel, ...] = tuple(Channel)
PRIORITIES: tuple[Priority, ...] = tuple(Priority)
METRICS: tuple[Metric, ...] = tuple(Metric)


def decode(codes: npt.NDArray[np.integer[Any]], names: Sequence[object]) -> Objects:
    """Codes as an object array of ``names`` (None at -1)."""
    table = np.array([*names, None], dtype=object)
    return table[np.where(codes < 0, len(names), codes)]


@dataclass(frozen=True, eq=False)
class MetricColumns:
    """One metric's status per contact (contact order), as :class:`~servicelevel.MetricStatus`.

    Missing for error rows and contacts without a receipt: ``state`` and ``level``
    None, times ``NaT``, ``fraction_used`` nan, counts 0. ``state`` and ``level``
    are object arrays made on first use from ``state_codes`` (into :data:`STATES`)
    and ``level_codes`` (into :data:`LEVELS`), -1 for None: a pandas layer may take
    the codes as they are (``pd.Categorical.from_codes``).
    """

    state_codes: npt.NDArray[np.int8]
    deadline: Instants
    elapsed: Durations
    remaining: Durations
    fraction_used: Floats
    level_codes: npt.NDArray[np.int8]
    next_level_at: Instants
    cycles: Ints
    late_cycles: Ints

    @cached_property
    def state(self) -> Objects:
        """:class:`~servicelevel.SlaState` members (None: no answer)."""
        return decode(self.state_codes, STATES)

    @cached_property
    def level(self) -> Objects:
        """``"ok"``, ``"warning 1"``, ..., ``"breached"``, ``"escalation 1"``, ... or None."""
        return decode(self.level_codes, LEVELS)


@dataclass(frozen=True, eq=False)
class CycleColumns:
    """One row per cycle: by contact, then metric (in :class:`~servicelevel.Metric`
    order), then cycle (1-based). ``metric`` and ``state`` are made on first use
    from their codes (into :data:`METRICS` and :data:`STATES`)."""

    contact: Ints
    metric_codes: npt.NDArray[np.int8]
    cycle: Ints
    started_at: Instants
    stopped_at: Instants
    deadline: Instants
    state_codes: npt.NDArray[np.int8]
    elapsed: Durations

    @cached_property
    def metric(self) -> Objects:
        """:class:`~servicelevel.Metric` members."""
        return decode(self.metric_codes, METRICS)

    @cached_property
    def state(self) -> Objects:
        """:class:`~servicelevel.SlaState` members."""
        return decode(self.state_codes, STATES)


@dataclass(frozen=True, slots=True)
class ErrorColumns:
    """One row per bad contact (ascending): its row and why, in one line."""

    row: Ints
    reason: Objects


@dataclass(frozen=True, eq=False)
class StatusColumns:
    """Every metric's status per contact, the cycles, and the error rows.

    ``measured_as``, ``priority`` and ``policy`` are object arrays made on first
    use from their codes (into :data:`CHANNELS`, :data:`PRIORITIES` and
    ``policy_names``; -1: None); ``cycles``, the long table, is built on first use.
    """

    metrics: Mapping[Metric, MetricColumns]
    measured_as_codes: npt.NDArray[np.int8]
    priority_codes: npt.NDArray[np.int8]
    policy_codes: npt.NDArray[np.int16]
    policy_names: tuple[str, ...]
    errors: ErrorColumns
    build_cycles: Callable[[], CycleColumns] = field(repr=False)

    @cached_property
    def measured_as(self) -> Objects:
        """The channel whose hours and targets measured each contact."""
        return decode(self.measured_as_codes, CHANNELS)

    @cached_property
    def priority(self) -> Objects:
        """The priority in force at ``at``."""
        return decode(self.priority_codes, PRIORITIES)

    @cached_property
    def policy(self) -> Objects:
        """The name of the policy applied at ``at``."""
        return decode(self.policy_codes, self.policy_names)

    @cached_property
    def cycles(self) -> CycleColumns:
        """Every cycle of every metric, one row each."""
        return self.build_cycles()


# -- checks -------------------------------------------------------------------------


def check_columns(contacts: ContactColumns, events: EventColumns | None) -> None:
    """Raise :class:`~servicelevel.InvalidArrayError` for columns that do not fit together
    (a mistake of the caller, not of a row)."""
    size = len(contacts)
    named = {"channel": contacts.channel, "priority": contacts.priority}
    named.update({f"attributes[{name!r}]": column for name, column in contacts.attributes.items()})
    if contacts.problems is not None:
        named["problems"] = contacts.problems
    for name, column in named.items():
        if len(column) != size:
            raise InvalidArrayError(
                f"contacts.{name} has {len(column)} rows and received_at {size}; "
                "give every contact column one value per contact."
            )
    if events is None:
        return
    for name in ("kind", "at", "priority", "reason", "group", "metric", "due", "attributes"):
        column = getattr(events, name)
        if column is not None and len(column) != len(events):
            raise InvalidArrayError(
                f"events.{name} has {len(column)} rows and events.contact {len(events)}; "
                "give every event column one value per event."
            )
    rows = np.asarray(events.contact)
    if rows.size and (rows.min() < 0 or rows.max() >= size):
        raise InvalidArrayError(
            f"events.contact holds rows outside 0..{size - 1}; it is the position of the "
            "contact in the contact columns (not its id)."
        )


def event_order(events: EventColumns) -> Ints:
    """The events by contact, then time (NaT last), ties in the order given."""
    at = np.asarray(events.at).astype("datetime64[us]").view(np.int64)
    # NaT is the least int64: sort it last, as it has no time.
    at = np.where(at == NAT, np.iinfo(np.int64).max, at)
    return np.lexsort((at, np.asarray(events.contact, dtype=np.int64)))


def instants(values: npt.ArrayLike, name: str) -> Ints:
    """``datetime64`` values as int64 microseconds (range-checked, NaT kept)."""
    from servicelevel.arrays import _instants

    return _instants(values, name)


def one_line(error: Exception) -> str:
    """The reason of a bad row in one line: the field and what was wrong."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
        )
        text = f"{where.lstrip('.')}: {first['msg']}" if where else first["msg"]
        if isinstance(first.get("input"), str | int | float):
            text += f" (got {first['input']!r})"
    else:
        text = str(error)
    return " ".join(text.split())


# -- the reference: breach_status per contact ---------------------------------------------


class Output:
    """The answer columns, filled row by row (the scalar path) or by blocks (the engine)."""

    def __init__(self, size: int) -> None:
        self.size = size
        # Allocated empty: rows nobody writes get their missing values in result().
        self.state = {m: np.empty(size, dtype=np.int8) for m in Metric}
        self.level = {m: np.empty(size, dtype=np.int8) for m in Metric}
        self.deadline = {m: np.empty(size, dtype=np.int64) for m in Metric}
        self.elapsed = {m: np.empty(size, dtype=np.int64) for m in Metric}
        self.remaining = {m: np.empty(size, dtype=np.int64) for m in Metric}
        self.next_level = {m: np.empty(size, dtype=np.int64) for m in Metric}
        self.fraction = {m: np.empty(size) for m in Metric}
        self.cycles = {m: np.empty(size, dtype=np.int64) for m in Metric}
        self.late = {m: np.empty(size, dtype=np.int64) for m in Metric}
        self.measured_as = np.empty(size, dtype=np.int8)
        self.priority = np.empty(size, dtype=np.int8)
        self.policy = np.empty(size, dtype=np.int16)
        #: The rows written (by put, or by the engine, which sets this itself).
        self.written = np.zeros(size, dtype=np.bool_)
        #: Rows whose every cycle is one running from receipt (``received``), as their
        #: metric columns say: their cycle rows are made from those, on first use.
        self.from_receipt = np.zeros(size, dtype=np.bool_)
        self.received = np.empty(0, dtype=np.int64)
        self.policy_names: dict[str, int] = {}
        self.errors: dict[int, str] = {}
        #: Cycles by parts, per metric: contact, cycle, started, stopped, deadline,
        #: state code, elapsed. A part's contacts ascend, and a contact's cycles of
        #: one metric are in one part, in order.
        self.cycle_parts: dict[Metric, list[tuple[Ints, Ints, Ints, Ints, Ints, Any, Ints]]] = {
            m: [] for m in Metric
        }

    def fail(self, row: int, reason: str) -> None:
        self.errors[row] = reason

    def policy_code(self, name: str) -> int:
        return self.policy_names.setdefault(name, len(self.policy_names))

    def put(self, row: int, status: SlaStatus) -> None:
        """One contact's status (the scalar path)."""
        self.written[row] = True
        self.measured_as[row] = CHANNELS.index(status.measured_as)
        self.priority[row] = PRIORITIES.index(status.priority)
        self.policy[row] = -1 if status.policy is None else self.policy_code(status.policy)
        for metric in Metric:
            self._put_metric(row, metric, status[metric])

    def _put_metric(self, row: int, metric: Metric, found: MetricStatus) -> None:
        self.state[metric][row] = STATE_CODE[found.state]
        self.level[metric][row] = -1 if found.level is None else LEVEL_CODE[found.level]
        self.deadline[metric][row] = _us(found.deadline)
        self.elapsed[metric][row] = _span(found.elapsed)
        self.remaining[metric][row] = NAT if found.remaining is None else _span(found.remaining)
        self.fraction[metric][row] = np.nan if found.fraction_used is None else found.fraction_used
        self.next_level[metric][row] = _us(found.next_level_at)
        self.cycles[metric][row] = len(found.cycles)
        self.late[metric][row] = found.late_cycles
        if found.cycles:
            count = len(found.cycles)
            self.cycle_parts[metric].append(
                (
                    np.full(count, row, dtype=np.int64),
                    np.arange(1, count + 1, dtype=np.int64),
                    np.array([_us(c.started_at) for c in found.cycles], dtype=np.int64),
                    np.array([_us(c.stopped_at) for c in found.cycles], dtype=np.int64),
                    np.array([_us(c.deadline) for c in found.cycles], dtype=np.int64),
                    np.array([STATE_CODE[c.state] for c in found.cycles], dtype=np.int8),
                    np.array([_span(c.elapsed) for c in found.cycles], dtype=np.int64),
                )
            )

    def result(self) -> StatusColumns:
        for row in self.errors:
            self.written[row] = False
        missing = np.flatnonzero(~self.written)
        if missing.size:
            self._blank(missing)
        rows = np.array(sorted(self.errors), dtype=np.int64)
        reasons = np.array([self.errors[int(row)] for row in rows], dtype=object)
        metrics = {
            metric: MetricColumns(
                state_codes=self.state[metric],
                deadline=_instant_array(self.deadline[metric]),
                elapsed=_duration_array(self.elapsed[metric]),
                remaining=_duration_array(self.remaining[metric]),
                fraction_used=self.fraction[metric],
                level_codes=self.level[metric],
                next_level_at=_instant_array(self.next_level[metric]),
                cycles=self.cycles[metric],
                late_cycles=self.late[metric],
            )
            for metric in Metric
        }
        return StatusColumns(
            metrics=metrics,
            measured_as_codes=self.measured_as,
            priority_codes=self.priority,
            policy_codes=self.policy,
            policy_names=tuple(self.policy_names),
            errors=ErrorColumns(row=rows, reason=reasons),
            build_cycles=self._cycles,
        )

    def _blank(self, row: Ints) -> None:
        """Rows without an answer (error rows, contacts without a receipt): every
        answer missing."""
        self.measured_as[row] = self.priority[row] = self.policy[row] = -1
        for metric in Metric:
            self.state[metric][row] = self.level[metric][row] = -1
            for times in (self.deadline, self.elapsed, self.remaining, self.next_level):
                times[metric][row] = NAT
            self.fraction[metric][row] = np.nan
            self.cycles[metric][row] = self.late[metric][row] = 0

    def _from_receipt(self, metric: Metric) -> list[tuple[Ints, Ints, Ints, Ints, Ints, Any, Ints]]:
        """The cycles of the rows in ``from_receipt``, from their metric columns (views
        where the rows are contiguous, and constants broadcast: only read)."""
        rows = np.flatnonzero(self.from_receipt & (self.cycles[metric] == 1))
        if not rows.size:
            return []
        where = place(rows)
        return [
            (
                rows,
                np.broadcast_to(np.int64(1), rows.shape),
                self.received[where],
                np.broadcast_to(np.int64(NAT), rows.shape),
                self.deadline[metric][where],
                self.state[metric][where],
                self.elapsed[metric][where],
            )
        ]

    def _cycles(self) -> CycleColumns:
        """The long table, each part put in its place: no sort (a contact's rows start
        after those of the contacts before it, a metric's after its metrics before).
        Contacts go :data:`_CYCLE_BLOCK` at a time, every metric's parts for them
        before the next: the rows written stay in the cache."""
        counts = np.zeros(self.size, dtype=np.int64)
        for metric in Metric:
            counts += self.cycles[metric]
        total = int(counts.sum())
        offset = np.zeros(self.size, dtype=np.int64)
        if self.size:
            offset[1:] = np.cumsum(counts)[:-1]
        starts = {}  # where each metric's rows of a contact start
        for metric in Metric:
            starts[metric] = offset.copy()
            offset += self.cycles[metric]
        columns: list[Any] = [np.empty(total, dtype=np.int64) for _ in range(7)]
        columns[5] = np.empty(total, dtype=np.int8)
        metric_codes = np.empty(total, dtype=np.int8)
        parts = {
            metric: [*found, *self._from_receipt(metric)]
            for metric, found in self.cycle_parts.items()
        }
        errors = np.array(sorted(self.errors), dtype=np.int64)
        for first in range(0, self.size, _CYCLE_BLOCK):
            last = first + _CYCLE_BLOCK
            for code, (metric, found) in enumerate(parts.items()):
                for part in found:
                    contact = part[0]
                    chosen = slice(*np.searchsorted(contact, (first, last)).tolist())
                    if chosen.start == chosen.stop:
                        continue
                    contact, cycle = contact[chosen], part[1][chosen]
                    at = starts[metric][contact] + cycle - 1
                    keep: Any = slice(None)
                    if errors.size:
                        keep = ~np.isin(contact, errors)
                        at = at[keep]
                    metric_codes[at] = code
                    for column, values in zip(columns, part, strict=True):
                        column[at] = values[chosen][keep]
        contact, cycle, started, stopped, deadline, state, elapsed = columns
        return CycleColumns(
            contact=contact,
            metric_codes=metric_codes,
            cycle=cycle,
            started_at=_instant_array(started),
            stopped_at=_instant_array(stopped),
            deadline=_instant_array(deadline),
            state_codes=state,
            elapsed=_duration_array(elapsed),
        )


#: Contacts whose cycle rows are written at once: a few MiB of the long table.
_CYCLE_BLOCK = 1 << 15


def place(rows: Ints) -> Ints | slice:
    """Ascending distinct ``rows`` as a slice when they are contiguous: reading or
    writing a slice is a copy at most, at indices a gather or a scatter."""
    if rows.size and int(rows[-1]) - int(rows[0]) + 1 == rows.size:
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


def _us(value: datetime | None) -> int:
    return NAT if value is None else to_us(value, "value")


def _span(value: timedelta) -> int:
    return value // ONE_US


def _instant_array(values: Ints) -> Instants:
    return values.view("datetime64[us]")


def _duration_array(values: Ints) -> Durations:
    return values.view("timedelta64[us]")


def status_columns_scalar(
    policy: ServiceLevelPolicy | PolicySet,
    contacts: ContactColumns,
    at: datetime,
    events: EventColumns | None = None,
) -> StatusColumns:
    """Every contact's status at ``at`` through :func:`~servicelevel.breach_status`, one
    contact at a time: the reference the NumPy engine is checked against (and slow).

    Raises :class:`~servicelevel.NaiveDatetimeError` for a naive ``at`` and
    :class:`~servicelevel.InvalidArrayError` for columns that do not fit together;
    a bad row is an error row, never an exception.
    """
    now_us = to_us(at, "at")
    check_columns(contacts, events)
    output = Output(len(contacts))
    for row, data in rows_of(contacts, events, now_us, output.fail):
        try:
            contact = Contact.model_validate(data)
            output.put(row, breach_status(contact, policy, at))
        except (ValidationError, ServiceLevelError) as error:
            output.fail(row, one_line(error))
    return output.result()


def status_columns(
    policy: ServiceLevelPolicy | PolicySet,
    contacts: ContactColumns,
    at: datetime,
    events: EventColumns | None = None,
) -> StatusColumns:
    """Every contact's status at ``at``, as columns: the same answer as
    :func:`status_columns_scalar` for every row, computed with NumPy.

    Raises as :func:`status_columns_scalar` does; a bad row is an error row.
    """
    from servicelevel._columnar_engine import Engine

    return Engine(policy, contacts, at, events).run()


def rows_of(
    contacts: ContactColumns,
    events: EventColumns | None,
    now_us: int,
    fail: Callable[[int, str], None],
    chosen: Ints | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """The data of a :class:`~servicelevel.Contact` per row (of ``chosen``, or every row)
    that has a receipt and no problem found upstream or here (those go to ``fail``)."""
    size = len(contacts)
    chosen = np.arange(size, dtype=np.int64) if chosen is None else chosen
    received = instants(contacts.received_at, "received_at")
    # Only the chosen rows' values are looked at (the engine sends a few rows here).
    channels = dict(zip(chosen.tolist(), _take(contacts.channel, chosen), strict=True))
    priorities = dict(zip(chosen.tolist(), _take(contacts.priority, chosen), strict=True))
    attributes = {
        name: dict(zip(chosen.tolist(), _take(column, chosen), strict=True))
        for name, column in contacts.attributes.items()
    }
    by_contact = _events_by_contact(events, chosen)
    found = []
    for row in chosen.tolist():
        if contacts.problems is not None and contacts.problems[row] is not None:
            fail(row, " ".join(str(contacts.problems[row]).split()))
            continue
        if received[row] == NAT:
            continue  # a missing receipt: a missing answer
        try:
            received_at = from_us(int(received[row]), UTC)
        except ServiceLevelError as error:
            fail(row, f"received_at: {one_line(error)}")
            continue
        if received[row] > now_us:
            fail(row, f"received_at: {received_at.isoformat()} is after at; ask at a later time.")
            continue
        data = {
            "channel": channels[row],
            "priority": priorities[row],
            "received_at": received_at,
            "attributes": {k: v[row] for k, v in attributes.items() if _given(v[row])},
            "events": by_contact.get(row, ()),
        }
        problem = _event_problem(data["events"])
        if problem is not None:
            fail(row, problem)
            continue
        found.append((row, data))
    return found


def _given(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _event_problem(events: Sequence[dict[str, Any]]) -> str | None:
    for index, event in enumerate(events):
        if event["at"] is None:
            return f"events[{index}] ({event['kind']}) has no time; give every event its 'at'."
        if isinstance(event["at"], str):
            return f"events[{index}].at: {event['at']}"
    return None


_FIELDS = ("priority", "reason", "group", "metric")


def objects(column: Any) -> Objects:
    """A column of objects as a 1-D object array, one value per row (a mapping stays one
    value, whatever NumPy would make of it)."""
    found: Objects = np.asarray(column, dtype=object)
    if found.ndim == 1:
        return found
    flat = np.empty(len(column), dtype=object)
    for index, value in enumerate(column):
        flat[index] = value
    return flat


def _take(column: Column, rows: Ints) -> list[Any]:
    """The values of ``column`` at ``rows``, as objects."""
    if isinstance(column, Coded):
        column = Coded(np.asarray(column.codes)[rows], column.categories).values()
    else:
        column = objects(column)[rows]
    values: list[Any] = column.tolist()
    return values


def _events_by_contact(
    events: EventColumns | None, chosen: Ints
) -> dict[int, list[dict[str, Any]]]:
    """The events of the ``chosen`` contacts as the data of :class:`ContactEvent`, by row."""
    if events is None or not len(events):
        return {}
    order = event_order(events)
    order = order[np.isin(np.asarray(events.contact, dtype=np.int64)[order], chosen)]
    rows = np.asarray(events.contact, dtype=np.int64)[order].tolist()
    kinds = _take(events.kind, order)
    at = instants(events.at, "events.at")[order]
    fields = {
        name: _take(column, order) if (column := getattr(events, name)) is not None else None
        for name in _FIELDS
    }
    due = None if events.due is None else instants(events.due, "events.due")[order]
    changed = None if events.attributes is None else objects(events.attributes)[order]
    grouped: dict[int, list[dict[str, Any]]] = {}
    for position, row in enumerate(rows):
        event: dict[str, Any] = {"kind": kinds[position], "at": _moment(int(at[position]))}
        for name, column in fields.items():
            value = None if column is None else column[position]
            if value is not None and value == value:  # not NaN
                event[name] = value
        if due is not None and due[position] != NAT:
            event["due"] = _moment(int(due[position]))
        if changed is not None and changed[position] is not None:
            event["attributes"] = changed[position]
        grouped.setdefault(row, []).append(event)
    return grouped


def _moment(value: int) -> datetime | str | None:
    """An event's instant as a datetime; None at NaT; the error's text out of range."""
    if value == NAT:
        return None
    try:
        return from_us(value, UTC)
    except ServiceLevelError as error:
        return one_line(error)
