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

from datetime import date, timedelta
from typing import Any

try:
    import numpy as np
    import numpy.typing as npt
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.arrays needs numpy: pip install 'servicelevel[numpy]'"
    ) from error

from servicelevel import _timeline
from servicelevel._errors import ArgumentTypeError, InvalidArrayError, OutOfRangeError
from servicelevel._hours import BusinessHours
from servicelevel._instants import ONE_US
from servicelevel._timeline import Snapshot

__all__ = ["add_business_time_array", "business_time_between_array"]

Int64Array = npt.NDArray[np.int64]

#: No duration longer than this leads to an instant ``datetime`` can hold.
_SPAN_US = (date.max - date.min + timedelta(days=1)) // ONE_US


def _reject_not_a_time(name: str, array: npt.NDArray[Any]) -> None:
    missing = np.isnat(array)
    if missing.any():
        first = tuple(int(index) for index in np.argwhere(missing)[0])
        raise InvalidArrayError.for_not_a_time(name, int(missing.sum()), first)


def _instants(values: npt.ArrayLike, name: str) -> Int64Array:
    array = np.asarray(values)
    if array.dtype.kind != "M":
        raise ArgumentTypeError.for_dtype(
            name,
            "datetime64 values (UTC)",
            array.dtype,
            "convert aware pandas data with .dt.tz_convert('UTC').dt.tz_localize(None).",
        )
    _reject_not_a_time(name, array)
    result: Int64Array = array.astype("datetime64[us]").astype(np.int64)
    return result


def _durations(values: timedelta | npt.ArrayLike) -> Int64Array:
    if isinstance(values, timedelta):
        if abs(values // ONE_US) > _SPAN_US:
            raise OutOfRangeError.for_duration("durations", values)
        return np.asarray(values // ONE_US, dtype=np.int64)
    array = np.asarray(values)
    if array.dtype.kind != "m":
        raise ArgumentTypeError.for_dtype(
            "durations",
            "a timedelta or timedelta64 values",
            array.dtype,
            "convert numbers with np.asarray(values, dtype='timedelta64[us]').",
        )
    _reject_not_a_time("durations", array)
    # Check in floating point: converting to microseconds first could overflow silently.
    too_long = np.abs(array / np.timedelta64(1, "us")) > _SPAN_US
    if too_long.any():
        raise OutOfRangeError.for_duration("durations", array[too_long].flat[0])
    result: Int64Array = array.astype("timedelta64[us]").astype(np.int64)
    return result


def _broadcast(
    name: str, values: Int64Array, other: str, other_values: Int64Array
) -> tuple[Int64Array, Int64Array]:
    try:
        first, second = np.broadcast_arrays(values, other_values)
    except ValueError:
        raise InvalidArrayError.for_shapes(name, values.shape, other, other_values.shape) from None
    return first, second


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
    or ``timedelta64`` values, broadcast together as NumPy does (any shape; a
    0-d input gives a scalar). Returns ``datetime64[us]`` UTC instants.
    Raises :class:`~servicelevel.ArgumentTypeError` for other dtypes,
    :class:`~servicelevel.InvalidArrayError` for ``NaT`` or shapes that do not
    broadcast, and :class:`~servicelevel.OutOfRangeError` for a deadline
    outside the years 1-9999.
    """
    start_us, duration_us = _broadcast(
        "starts", _instants(starts, "starts"), "durations", _durations(durations)
    )
    shape = start_us.shape
    result = _add(hours, start_us.ravel(), duration_us.ravel())
    return result.reshape(shape).astype("datetime64[us]")[()]


def _add(hours: BusinessHours, start_us: Int64Array, duration_us: Int64Array) -> Int64Array:
    """The deadlines of one-dimensional arrays, in UTC microseconds."""
    result = start_us.copy()
    todo = np.flatnonzero(duration_us)
    if not todo.size:
        return result
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
    return result


def business_time_between_array(
    hours: BusinessHours, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[Any]:
    """:func:`servicelevel.business_time_between` for many pairs at once (``timedelta64[us]``).

    ``starts`` and ``ends`` broadcast together as NumPy does; errors as for
    :func:`add_business_time_array`.
    """
    start_us, end_us = _broadcast(
        "starts", _instants(starts, "starts"), "ends", _instants(ends, "ends")
    )
    if not start_us.size:
        return np.zeros(start_us.shape, dtype="timedelta64[us]")
    low = int(min(start_us.min(), end_us.min()))
    high = int(max(start_us.max(), end_us.max()))
    arrays = _arrays(_timeline.timeline(hours).covering(low, high))
    elapsed = _cumulative(arrays, end_us) - _cumulative(arrays, start_us)
    return elapsed.astype("timedelta64[us]")
