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
from servicelevel._combined import Schedule
from servicelevel._errors import ArgumentTypeError, InvalidArrayError, OutOfRangeError
from servicelevel._instants import ONE_US
from servicelevel._timeline import Snapshot, Timeline

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


def _as_arrays(snapshot: Snapshot) -> dict[str, Int64Array]:
    return {
        name: np.asarray(getattr(snapshot, name), dtype=np.int64)
        for name in ("starts", "ends", "before", "after")
    }


def _arrays(snapshot: Snapshot) -> dict[str, Int64Array]:
    """The snapshot's lists as NumPy arrays, converted once per snapshot."""
    return snapshot.derived("numpy", _as_arrays)


def _local_years(line: Timeline, instants: Int64Array) -> Int64Array:
    """The local year (the index chunk) of each instant."""
    utc_years = instants.astype("datetime64[us]").astype("datetime64[Y]").astype(np.int64) + 1970
    unique, inverse = np.unique(utc_years, return_inverse=True)
    for year in (int(unique[0]), int(unique[-1])):
        _timeline.check_year(year)
    starts = np.array([line.year_start(int(y)) for y in unique], dtype=np.int64)
    following = np.array([line.year_start(int(y) + 1) for y in unique], dtype=np.int64)
    inverse = inverse.reshape(instants.shape)
    result: Int64Array = utc_years - (instants < starts[inverse]) + (instants >= following[inverse])
    return result


def _cumulative(arrays: dict[str, Int64Array], instants: Int64Array) -> Int64Array:
    if not len(arrays["starts"]):
        return np.zeros_like(instants)
    index = np.searchsorted(arrays["starts"], instants, side="right") - 1
    safe = np.maximum(index, 0)
    inside = np.minimum(instants, arrays["ends"][safe]) - arrays["starts"][safe]
    result: Int64Array = np.where(index >= 0, arrays["before"][safe] + inside, 0)
    return result


def _add_in_chunk(
    arrays: dict[str, Int64Array], start_us: Int64Array, duration_us: Int64Array
) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """Deadlines that fall in the chunk of their start, and which ones do."""
    target = _cumulative(arrays, start_us) + duration_us
    count = len(arrays["after"])
    if not count:
        return target, np.zeros(target.shape, dtype=bool)
    ahead = np.searchsorted(arrays["after"], target, side="left")
    behind = np.searchsorted(arrays["before"], target, side="right") - 1
    ahead_safe, behind_safe = np.minimum(ahead, count - 1), np.maximum(behind, 0)
    forward = duration_us > 0
    value: Int64Array = np.where(
        forward,
        arrays["ends"][ahead_safe] - (arrays["after"][ahead_safe] - target),
        arrays["starts"][behind_safe] + (target - arrays["before"][behind_safe]),
    )
    done = np.where(forward, ahead < count, target >= 0)
    return value, done


def add_business_time_array(
    hours: Schedule, starts: npt.ArrayLike, durations: timedelta | npt.ArrayLike
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


def _add(hours: Schedule, start_us: Int64Array, duration_us: Int64Array) -> Int64Array:
    """The deadlines of one-dimensional arrays, in UTC microseconds."""
    result = start_us.copy()
    todo = np.flatnonzero(duration_us)
    if not todo.size:
        return result
    line = _timeline.timeline(hours)
    todo_start, todo_duration = start_us[todo], duration_us[todo]
    years = _local_years(line, todo_start)
    for year in np.unique(years):
        group = np.flatnonzero(years == year)
        arrays = _arrays(line.chunk(int(year)))
        value, done = _add_in_chunk(arrays, todo_start[group], todo_duration[group])
        result[todo[group[done]]] = value[done]
        # Deadlines in other years: the scalar path walks the years for them.
        for position in todo[group[~done]]:
            result[position] = line.add(int(start_us[position]), int(duration_us[position]))[0]
    return result


def business_time_between_array(
    hours: Schedule, starts: npt.ArrayLike, ends: npt.ArrayLike
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
    line = _timeline.timeline(hours)
    start_years, end_years = _local_years(line, start_us), _local_years(line, end_us)
    first = int(min(start_years.min(), end_years.min()))
    last = int(max(start_years.max(), end_years.max()))
    prefix = [0]  # business time from the start of ``first`` to the start of each year
    for year in range(first, last):
        prefix.append(prefix[-1] + line.total(year))
    elapsed = _running(line, end_us, end_years, first, prefix) - _running(
        line, start_us, start_years, first, prefix
    )
    return elapsed.astype("timedelta64[us]")


def _running(
    line: Timeline, instants: Int64Array, years: Int64Array, first: int, prefix: list[int]
) -> Int64Array:
    """Business time from the start of local year ``first`` up to each instant."""
    result = np.zeros(instants.shape, dtype=np.int64)
    for year in np.unique(years):
        mask = years == year
        cumulative = _cumulative(_arrays(line.chunk(int(year))), instants[mask])
        result[mask] = prefix[int(year) - first] + cumulative
    return result
