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

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

try:
    import numpy as np
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.frames needs pandas and numpy: pip install 'servicelevel[pandas]'"
    ) from error

from servicelevel._columnar import ContactColumns, status_columns
from servicelevel._errors import (
    ServiceLevelError,
    UnknownNameError,
)
from servicelevel._frames_compliance import PERIODS, _summary
from servicelevel._frames_dask import _dask_deadlines, _dask_statuses
from servicelevel._frames_output import (
    Statuses,
    WhatIf,
    _context,
    _cycles,
    _mask,
    _per_day,
    _status_metrics,
    _times,
    _wide,
)
from servicelevel._frames_read import (
    _NAT,
    _OBJECT,
    CONTACT_COLUMNS,
    EVENT_COLUMNS,
    _aware,
    _coded,
    _errors_frame,
    _event_columns,
    _is_dask,
    _note,
    _orphans_frame,
    _pandas,
    _read_contacts,
    _read_events,
)
from servicelevel._frames_select import (
    Policy,
    _condition_attributes,
    _deadlines_us,
    _edited,
    _group_rows,
    _measured,
    _policies,
    _receipt_metrics,
    _select,
)
from servicelevel._hours import BusinessHours
from servicelevel._policy_set import PolicySet
from servicelevel._vocabulary import Channel, Metric

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
