"""The frames :mod:`servicelevel.frames` returns: the wide status frame, the long cycles
frame, and the result types :class:`Statuses` and :class:`WhatIf`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel._frames_read import _OBJECT, Ints, Objects, _blank, _Contacts, _is_dask
from servicelevel._frames_select import Policy
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._vocabulary import Channel, Metric, Priority


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


def _column(values: npt.NDArray[Any], index: pd.Index[Any]) -> pd.Series[Any]:
    """A column of objects (None stays None: no inference of a text dtype)."""
    column: pd.Series[Any] = pd.Series(values, index=index, dtype=_OBJECT)
    return column


def _mask(size: int, rows: Ints) -> npt.NDArray[np.bool_]:
    mask = np.zeros(size, dtype=bool)
    mask[rows] = True
    return mask


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


def _per_day(deadlines: pd.Series[Any]) -> pd.Series[Any]:
    local = deadlines.dropna().dt.tz_localize(None).dt.normalize()
    counts: pd.Series[Any] = local.value_counts().sort_index().rename_axis("due")
    return counts
