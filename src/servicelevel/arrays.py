"""Vectorised business-time arithmetic over NumPy arrays (needs the ``numpy`` extra).

The same compiled index as the scalar functions, searched with
``numpy.searchsorted``, so scalar and vector answers are identical. Instants
are ``datetime64`` values read as UTC (NumPy has no time zones); results are
``datetime64[us]`` in UTC. From pandas, pass
``series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")``.

Example:
    >>> import numpy as np
    >>> from datetime import timedelta
    >>> from servicelevel import BusinessHours
    >>> from servicelevel.arrays import add_business_time_array
    >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    >>> starts = np.array(["2025-01-10T16:00", "2025-01-11T12:00"], dtype="datetime64[us]")
    >>> add_business_time_array(hours, starts, timedelta(hours=2))
    array(['2025-01-13T10:00:00.000000', '2025-01-13T11:00:00.000000'],
          dtype='datetime64[us]')
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

try:
    import numpy as np
    import numpy.typing as npt
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.arrays needs numpy: pip install 'servicelevel[numpy]'"
    ) from error

from servicelevel import _timeline
from servicelevel._hours import BusinessHours
from servicelevel._instants import ONE_US
from servicelevel._timeline import Snapshot

__all__ = ["add_business_time_array", "business_time_between_array"]

Int64Array = npt.NDArray[np.int64]


def _instants(values: npt.ArrayLike) -> Int64Array:
    array = np.asarray(values)
    if array.dtype.kind != "M":
        raise TypeError(
            f"expected datetime64 values (UTC), got dtype {array.dtype}; convert aware "
            "pandas data with .dt.tz_convert('UTC').dt.tz_localize(None)."
        )
    result: Int64Array = array.astype("datetime64[us]").astype(np.int64)
    return result


def _durations(values: timedelta | npt.ArrayLike, shape: tuple[int, ...]) -> Int64Array:
    if isinstance(values, timedelta):
        return np.full(shape, values // ONE_US, dtype=np.int64)
    array = np.asarray(values)
    if array.dtype.kind != "m":
        raise TypeError(f"expected a timedelta or timedelta64 values, got dtype {array.dtype}.")
    result: Int64Array = np.broadcast_to(
        array.astype("timedelta64[us]").astype(np.int64), shape
    ).copy()
    return result


def _arrays(snapshot: Snapshot) -> dict[str, Int64Array]:
    """The snapshot's lists as NumPy arrays, converted once per snapshot."""
    arrays: dict[str, Int64Array] | None = snapshot.extras.get("numpy")
    if arrays is None:
        arrays = {
            name: np.asarray(getattr(snapshot, name), dtype=np.int64)
            for name in ("starts", "ends", "before", "after")
        }
        snapshot.extras["numpy"] = arrays
    return arrays


def _cumulative(arrays: dict[str, Int64Array], instants: Int64Array) -> Int64Array:
    index = np.searchsorted(arrays["starts"], instants, side="right") - 1
    safe = np.maximum(index, 0)
    if not len(arrays["starts"]):
        return np.zeros_like(instants)
    inside = np.minimum(instants, arrays["ends"][safe]) - arrays["starts"][safe]
    result: Int64Array = np.where(index >= 0, arrays["before"][safe] + inside, 0)
    return result


def add_business_time_array(
    hours: BusinessHours, starts: npt.ArrayLike, durations: timedelta | npt.ArrayLike
) -> npt.NDArray[Any]:
    """:func:`servicelevel.add_business_time` for many starts (and durations) at once.

    ``starts`` are ``datetime64`` UTC instants; ``durations`` a ``timedelta``
    or ``timedelta64`` values broadcast against ``starts``. Returns
    ``datetime64[us]`` UTC instants.
    """
    start_us = _instants(starts)
    duration_us = _durations(durations, start_us.shape)
    result = start_us.copy()
    if not start_us.size:
        return result.astype("datetime64[us]")
    todo = np.flatnonzero(duration_us)
    if not todo.size:
        return result.astype("datetime64[us]")
    todo_start, todo_duration = start_us[todo], duration_us[todo]
    snapshot = _timeline.timeline(hours).covering(int(todo_start.min()), int(todo_start.max()))
    arrays = _arrays(snapshot)
    target = _cumulative(arrays, todo_start) + todo_duration
    count = len(arrays["after"])
    ahead = np.searchsorted(arrays["after"], target, side="left")
    behind = np.searchsorted(arrays["before"], target, side="right") - 1
    ahead_safe, behind_safe = np.minimum(ahead, max(count - 1, 0)), np.maximum(behind, 0)
    forward = todo_duration > 0
    if count:
        value = np.where(
            forward,
            arrays["ends"][ahead_safe] - (arrays["after"][ahead_safe] - target),
            arrays["starts"][behind_safe] + (target - arrays["before"][behind_safe]),
        )
        done = np.where(
            forward,
            (ahead < count) & (value <= snapshot.hi),
            (target >= 0) & (value >= snapshot.lo),
        )
    else:
        value, done = target, np.zeros(target.shape, dtype=bool)
    result[todo[done]] = value[done]
    # Deadlines beyond the compiled years: the scalar path grows the index for them.
    for position in todo[~done]:
        result[position] = _timeline.add(hours, int(start_us[position]), int(duration_us[position]))
    return result.astype("datetime64[us]")


def business_time_between_array(
    hours: BusinessHours, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[Any]:
    """:func:`servicelevel.business_time_between` for many pairs at once (``timedelta64[us]``)."""
    start_us, end_us = np.broadcast_arrays(_instants(starts), _instants(ends))
    if not start_us.size:
        return np.zeros(start_us.shape, dtype="timedelta64[us]")
    low = int(min(start_us.min(), end_us.min()))
    high = int(max(start_us.max(), end_us.max()))
    arrays = _arrays(_timeline.timeline(hours).covering(low, high))
    elapsed = _cumulative(arrays, end_us) - _cumulative(arrays, start_us)
    return elapsed.astype("timedelta64[us]")
