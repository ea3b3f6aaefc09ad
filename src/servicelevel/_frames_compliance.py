"""Compliance from the cycles frame: counts, shares and nearest-rank percentiles per group
(for :func:`servicelevel.frames.compliance`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Keys that group by a period of the local receipt time, and their pandas frequency.
PERIODS: Mapping[str, str] = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


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
