"""Vectorised business-time arithmetic over NumPy arrays (needs the ``numpy`` extra).

The same compiled index as the scalar functions, so scalar and vector answers
are identical. Instants are ``datetime64`` values read as UTC (NumPy has no
time zones); results are ``datetime64[us]`` in UTC. From pandas, pass
``series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")``.

Missing values pass through as missing: a ``NaT`` start, end or duration
gives ``NaT`` in the result (and ``False`` from :func:`is_open_array`, as
NumPy compares ``NaT``). Input that the scalar functions reject is an error
here too, never a wrong answer: an instant or a deadline outside the years the
index covers raises :class:`~servicelevel.OutOfRangeError`, like the scalar path.

How it is fast: the years the input touches are joined into one window of the
index; each element finds its opening period through a lookup table by bucket
(of time, or of business time for a deadline) and a step or two, instead of a
binary search; and the work goes in blocks of a few ten thousand elements, so
that every temporary stays in the processor's cache and memory does not grow
with the input beyond the result. Elements whose answer lies outside the
window (a duration of years, say) take the scalar path.

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

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any, NamedTuple

try:
    import numpy as np
    import numpy.typing as npt
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.arrays needs numpy: pip install 'servicelevel[numpy]'"
    ) from error

from servicelevel import _timeline
from servicelevel._combined import Schedule
from servicelevel._errors import (
    ArgumentTypeError,
    InvalidArrayError,
    OutOfRangeError,
    ServiceLevelError,
)
from servicelevel._instants import ONE_US
from servicelevel._timeline import Snapshot, Timeline

__all__ = [
    "add_business_time_array",
    "business_time_between_array",
    "is_open_array",
    "next_open_array",
]

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: No duration longer than this leads to an instant ``datetime`` can hold.
_SPAN_US = (date.max - date.min + timedelta(days=1)) // ONE_US
_NAT = int(np.iinfo(np.int64).min)  # NaT as an int64
_LAST = int(np.iinfo(np.int64).max)  # a sentinel no key or instant reaches
#: Elements processed at once: the temporaries of one block stay in the cache.
_BLOCK = 1 << 15
#: Years joined into one window (farther apart, the input goes in groups).
_WINDOW_YEARS = 8
#: Lookup tables hold at most this many buckets, and allow this many steps after one.
_MAX_BUCKETS = 1 << 16
_MAX_STEPS = 3


# -- input -------------------------------------------------------------------------


def _instants(values: npt.ArrayLike, name: str) -> Int64Array:
    array = np.asarray(values)
    if array.dtype.kind != "M":
        raise ArgumentTypeError.for_dtype(
            name,
            "datetime64 values (UTC)",
            array.dtype,
            "convert aware pandas data with .dt.tz_convert('UTC').dt.tz_localize(None).",
        )
    unit = np.datetime_data(array.dtype)[0]
    if unit in ("Y", "M", "W", "D", "h", "m", "s", "ms"):
        # Coarser than microseconds: out-of-range values would wrap silently when cast.
        first, last = (np.array(day, dtype=array.dtype) for day in ("0001-01-01", "9999-12-31"))
        outside = (array < first) | (array > last)
        if outside.any():
            year = int(array[outside].flat[0].astype("datetime64[Y]").astype(np.int64)) + 1970
            raise OutOfRangeError.for_year(year, _timeline._MIN_YEAR, _timeline._MAX_YEAR)
    return _as_us(array)


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
    if array.dtype == np.dtype("timedelta64[us]"):
        bounds = _bounds(array.view(np.int64))  # no copy for the usual unit
        if bounds is None or max(-bounds[0], bounds[1]) <= _SPAN_US:
            return array.view(np.int64)
    unit, count = np.datetime_data(array.dtype)
    if unit not in _UNIT_US:
        raise ArgumentTypeError.for_dtype(
            "durations",
            "timedelta64 values of a fixed length (weeks or shorter)",
            array.dtype,
            "months and years have no fixed length; convert them to days first.",
        )
    # Check in floating point, on the values as stored, before any conversion: NumPy's
    # own conversion to microseconds wraps silently past the int64 limit.
    raw = array.view(np.int64)
    too_long = (np.abs(raw * (_UNIT_US[unit] * count)) > _SPAN_US) & (raw != _NAT)
    if too_long.any():
        raise OutOfRangeError.for_duration("durations", array[too_long].flat[0])
    return _as_us(array)


#: Microseconds per unit of timedelta64 (the generic unit counts as microseconds, as
#: NumPy casts it).
_UNIT_US = {
    "W": 7 * 86_400e6,
    "D": 86_400e6,
    "h": 3_600e6,
    "m": 60e6,
    "s": 1e6,
    "ms": 1e3,
    "us": 1.0,
    "ns": 1e-3,
    "ps": 1e-6,
    "fs": 1e-9,
    "as": 1e-12,
    "generic": 1.0,
}


#: Units finer than a microsecond, and how many of them make one.
_PER_US = {"ns": 10**3, "ps": 10**6, "fs": 10**9, "as": 10**12}


def _as_us(array: npt.NDArray[Any]) -> Int64Array:
    """``datetime64``/``timedelta64`` values (range-checked) as int64 microseconds.

    Finer units are divided here, flooring as NumPy does: NumPy's own cast flips
    the sign of values within a microsecond of the int64 limit."""
    unit, count = np.datetime_data(array.dtype)
    per_us = _PER_US.get(unit)
    if per_us is None or per_us % count:
        kind = "datetime64" if array.dtype.kind == "M" else "timedelta64"
        result: Int64Array = array.astype(f"{kind}[us]", copy=False).view(np.int64)
        return result
    values = array.view(np.int64)
    divided: Int64Array = np.floor_divide(values, per_us // count)
    divided[values == _NAT] = _NAT
    return divided


def _broadcast(
    name: str, values: Int64Array, other: str, other_values: Int64Array
) -> tuple[tuple[int, ...], Int64Array, Int64Array]:
    """The broadcast shape and both inputs flat; a 0-d one stays 0-d (no copy)."""
    try:
        shape = np.broadcast_shapes(values.shape, other_values.shape)
    except ValueError:
        raise InvalidArrayError.for_shapes(name, values.shape, other, other_values.shape) from None

    def flat(array: Int64Array) -> Int64Array:
        if array.ndim == 0 or array.shape == shape:
            return array.reshape(-1) if array.ndim else array
        return np.broadcast_to(array, shape).reshape(-1)

    return shape, flat(values), flat(other_values)


# -- lookup tables per window of the index -------------------------------------------


class _Lookup(NamedTuple):
    """``searchsorted(keys, q)`` by bucket: ``first[(q - origin) >> shift]``, then
    at most ``steps`` steps of one (the most keys inside one bucket)."""

    origin: int
    shift: int
    first: Int64Array
    steps: int


def _lookup(keys: Int64Array, origin: int, extent: int, side: str) -> _Lookup | None:
    """The coarsest table over ``[origin, origin + extent)`` that needs at most one
    step (or the fewest steps within the size limit); None when steps stay many."""
    best: _Lookup | None = None
    shift = max(
        (extent // max(len(keys), 1)).bit_length() - 1,  # about a key a bucket
        extent.bit_length() - _MAX_BUCKETS.bit_length() + 1,  # within the size limit
        0,
    )
    while shift >= 0 and (extent >> shift) < _MAX_BUCKETS:
        edges = origin + (np.arange((extent >> shift) + 2, dtype=np.int64) << shift)
        first = np.searchsorted(keys, edges, side=side).astype(np.int64)  # type: ignore[call-overload]
        steps = int(np.diff(first).max(initial=0))
        if best is None or steps < best.steps:
            best = _Lookup(origin, shift, first, steps)
        if steps <= 1:
            break
        shift -= 1
    return best if best is not None and best.steps <= _MAX_STEPS else None


class _Tables(NamedTuple):
    """A window's periods as NumPy arrays with one sentinel entry each, and lookups.

    ``ends``/``after``/``before_keys`` end with a value no query reaches (a search
    never steps past the last period); ``starts`` ends with ``hi`` and ``before``
    with the total, so that the cumulative time after the last period is right.
    """

    lo: int
    hi: int
    total: int
    periods: int
    starts: Int64Array
    ends: Int64Array
    before: Int64Array
    after: Int64Array
    before_keys: Int64Array
    end_less_after: Int64Array  # a forward deadline in period k is this + target
    start_less_before: Int64Array  # a backward one, by the count of periods that start by it
    at: _Lookup | None  # over ends, by instant
    forward: _Lookup | None  # over after, by business time
    backward: _Lookup | None  # over before, by business time


def _tables(snapshot: Snapshot) -> _Tables:
    def padded(values: list[int], last: int) -> Int64Array:
        return np.array([*values, last], dtype=np.int64)

    total = snapshot.total
    starts, ends = padded(snapshot.starts, snapshot.hi), padded(snapshot.ends, _LAST)
    before, after = padded(snapshot.before, total), padded(snapshot.after, _LAST)
    end_less_after = ends - after
    end_less_after[-1] = 0
    start_less_before = np.concatenate(([0], (starts - before)[:-1]))
    count, span = len(snapshot.starts), snapshot.hi - snapshot.lo
    return _Tables(
        lo=snapshot.lo,
        hi=snapshot.hi,
        total=total,
        periods=count,
        starts=starts,
        ends=ends,
        before=before,
        after=after,
        before_keys=padded(snapshot.before, _LAST),
        end_less_after=end_less_after,
        start_less_before=start_less_before,
        at=_lookup(ends[:-1], snapshot.lo, span, "right"),
        forward=_lookup(after[:-1], 0, total + 1, "left"),
        backward=_lookup(before[:-1], 0, total + 1, "right"),
    )


def _tables_of(snapshot: Snapshot) -> _Tables:
    """The tables of a window, built once per snapshot."""
    return snapshot.derived("arrays.tables", _tables)


# -- windows: which years of the index the input needs ---------------------------------


def _bounds(values: Int64Array) -> tuple[int, int] | None:
    """The least and greatest instant that is not NaT; None when all are."""
    if not values.size:
        return None
    least = int(values.min())
    if least != _NAT:
        return least, int(values.max())
    present = values != _NAT
    if not present.any():
        return None
    return int(values.min(where=present, initial=_LAST)), int(values.max())


def _local_years(line: Timeline, instants: Int64Array) -> Int64Array:
    """The local year (the index chunk) of each instant (none of them NaT)."""
    utc_years = instants.astype("datetime64[us]").astype("datetime64[Y]").astype(np.int64) + 1970
    unique, inverse = np.unique(utc_years, return_inverse=True)
    for year in (int(unique[0]), int(unique[-1])):
        _timeline.check_year(year)
    starts = np.array([line.year_start(int(y)) for y in unique], dtype=np.int64)
    following = np.array([line.year_start(int(y) + 1) for y in unique], dtype=np.int64)
    inverse = inverse.reshape(instants.shape)
    result: Int64Array = utc_years - (instants < starts[inverse]) + (instants >= following[inverse])
    return result


Group = tuple[int, int, Int64Array | None]


def _groups(line: Timeline, instants: Int64Array) -> Iterator[Group]:
    """Local years ``(first, last)`` at most :data:`_WINDOW_YEARS` apart, and the
    elements in them (None for all of them); nothing when every element is NaT.

    Raises :class:`~servicelevel.OutOfRangeError`, as the scalar path does, for an
    instant outside the years the index covers."""
    bounds = _bounds(instants)
    if bounds is None:
        return
    first, last = line.year_at(bounds[0]), line.year_at(bounds[1])
    if last - first < _WINDOW_YEARS:
        yield first, last, None
        return
    present = np.flatnonzero(instants != _NAT)
    years = _local_years(line, instants[present])
    unique = np.unique(years)
    while unique.size:
        first = int(unique[0])
        last = int(unique[unique < first + _WINDOW_YEARS][-1])
        yield first, last, present[(years >= first) & (years <= last)]
        unique = unique[unique > last]


def _window(line: Timeline, first: int, last: int, back: int, ahead: int) -> _Tables:
    """The tables of local years ``first - back`` to ``last + ahead``, or of
    ``first`` to ``last`` when the years around cannot be compiled."""
    wide = (max(first - back, _timeline._MIN_YEAR), min(last + ahead, _timeline._MAX_YEAR))
    try:
        return _tables_of(line.window(*wide))
    except ServiceLevelError:
        if wide == (first, last):
            raise
    return _tables_of(line.window(first, last))


# -- the searches, one block at a time ---------------------------------------------------


class _Buffers:
    """Temporaries of one block, allocated once per call."""

    def __init__(self, size: int) -> None:
        size = min(size, _BLOCK)
        self.index = np.empty(size, dtype=np.int64)
        self.value = np.empty(size, dtype=np.int64)
        self.work = np.empty(size, dtype=np.int64)
        self.other = np.empty(size, dtype=np.int64)
        self.flags = np.empty(size, dtype=np.bool_)

    def take(self, size: int) -> tuple[Int64Array, Int64Array, Int64Array, BoolArray]:
        return self.index[:size], self.value[:size], self.work[:size], self.flags[:size]


def _blocks(size: int) -> Iterator[slice]:
    return (slice(at, min(at + _BLOCK, size)) for at in range(0, size, _BLOCK))


def _search(
    lookup: _Lookup | None,
    keys: Int64Array,
    queries: Int64Array,
    out: Int64Array,
    work: Int64Array,
    flags: BoolArray,
    *,
    strict: bool,
) -> None:
    """``out = searchsorted(keys[:-1], queries, "left" if strict else "right")``."""
    if lookup is None:
        out[...] = np.searchsorted(keys[:-1], queries, side="left" if strict else "right")
        return
    if lookup.origin:
        np.subtract(queries, lookup.origin, out=work)
        np.right_shift(work, lookup.shift, out=work)
    else:
        np.right_shift(queries, lookup.shift, out=work)
    np.take(lookup.first, work, out=out, mode="clip")
    compare = np.less if strict else np.less_equal
    for _ in range(lookup.steps):
        np.take(keys, out, out=work, mode="clip")
        compare(work, queries, out=flags)
        np.add(out, flags, out=out)


def _cumulative(
    tables: _Tables,
    instants: Int64Array,
    out: Int64Array,
    index: Int64Array,
    work: Int64Array,
    flags: BoolArray,
) -> None:
    """``out`` = business time from the window's start to each instant; ``index`` =
    the first period that ends after it."""
    _search(tables.at, tables.ends, instants, index, work, flags, strict=False)
    np.take(tables.starts, index, out=work, mode="clip")
    np.subtract(instants, work, out=work)
    np.maximum(work, 0, out=work)
    np.take(tables.before, index, out=out, mode="clip")
    np.add(out, work, out=out)


def _forward(
    tables: _Tables,
    targets: Int64Array,
    out: Int64Array,
    index: Int64Array,
    work: Int64Array,
    flags: BoolArray,
) -> None:
    """``out`` = the instants at which the window's business time reaches ``targets``
    (right for targets in ``(0, total]``)."""
    _search(tables.forward, tables.after, targets, index, work, flags, strict=True)
    np.take(tables.end_less_after, index, out=out, mode="clip")
    np.add(out, targets, out=out)


def _backward(
    tables: _Tables,
    targets: Int64Array,
    out: Int64Array,
    index: Int64Array,
    work: Int64Array,
    flags: BoolArray,
) -> None:
    """``out`` = the latest instants at which the window's business time is ``targets``
    (right for targets in ``[0, total]``)."""
    _search(tables.backward, tables.before_keys, targets, index, work, flags, strict=False)
    np.take(tables.start_less_before, index, out=out, mode="clip")
    np.add(out, targets, out=out)


# -- many questions from the same instants (the columnar engine) -----------------------


class _Offsets:
    """Business time from the start of one window of the index to each of ``instants``
    (UTC microseconds, none NaT), kept to answer many questions about them: the
    business time to one instant, and the instants some business time after them.

    Only when the instants fit in one window (:data:`_WINDOW_YEARS`): else
    :func:`_offsets` gives None and the caller takes the public functions.
    """

    def __init__(self, line: Timeline, tables: _Tables, instants: Int64Array) -> None:
        self.line, self.tables, self.instants = line, tables, instants
        self.values = np.empty(instants.size, dtype=np.int64)
        buffers = _Buffers(instants.size)
        for block in _blocks(instants.size):
            index, _, work, flags = buffers.take(block.stop - block.start)
            _cumulative(tables, instants[block], self.values[block], index, work, flags)

    def until(self, end: int) -> Int64Array | None:
        """Business time from each instant to ``end`` (None: ``end`` is outside the window)."""
        tables = self.tables
        if not tables.lo <= end < tables.hi:
            return None
        ends = np.array([end], dtype=np.int64)
        found = np.empty(1, dtype=np.int64)
        work = np.empty(1, dtype=np.int64)
        _cumulative(tables, ends, found, np.empty(1, dtype=np.int64), work, np.empty(1, bool))
        result: Int64Array = int(found[0]) - self.values
        return result

    def add(self, rows: Int64Array | None, amounts: Int64Array) -> Int64Array:
        """The instants ``amounts`` (positive) of business time after ``instants[rows]``."""
        tables, line = self.tables, self.line
        starts = self.instants if rows is None else self.instants[rows]
        targets = (self.values if rows is None else self.values[rows]) + amounts
        out = np.empty(targets.size, dtype=np.int64)
        buffers = _Buffers(targets.size)
        for block in _blocks(targets.size):
            index, _, work, flags = buffers.take(block.stop - block.start)
            _forward(tables, targets[block], out[block], index, work, flags)
        for position in np.flatnonzero(targets > tables.total):  # beyond the window
            out[position] = line.add(int(starts[position]), int(amounts[position]))[0]
        return out


def _offsets(hours: Schedule, instants: Int64Array) -> _Offsets | None:
    """The :class:`_Offsets` of ``instants`` (none NaT), or None when they span more
    years than one window holds. Raises :class:`~servicelevel.OutOfRangeError` for
    an instant outside the years the index covers."""
    line = _timeline.timeline(hours)
    groups = list(_groups(line, instants))
    if len(groups) != 1 or groups[0][2] is not None:
        return None
    first, last, _ = groups[0]
    return _Offsets(line, _window(line, first, last, 0, 1), instants)


# -- deadlines -----------------------------------------------------------------------


def add_business_time_array(
    hours: Schedule, starts: npt.ArrayLike, durations: timedelta | npt.ArrayLike
) -> npt.NDArray[Any]:
    """:func:`servicelevel.add_business_time` for many starts (and durations) at once.

    ``starts`` are ``datetime64`` UTC instants; ``durations`` a ``timedelta``
    or ``timedelta64`` values, broadcast together as NumPy does (any shape; a
    0-d input gives a scalar). Returns ``datetime64[us]`` UTC instants, ``NaT``
    where the start or the duration is ``NaT``. Raises
    :class:`~servicelevel.ArgumentTypeError` for other dtypes,
    :class:`~servicelevel.InvalidArrayError` for shapes that do not broadcast,
    and whatever the scalar function raises for an element (such as
    :class:`~servicelevel.OutOfRangeError` for a deadline outside the years it
    covers).

    Example:
        >>> import numpy as np
        >>> from servicelevel import BusinessHours
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> starts = np.array(["2025-01-10T15:00", "NaT"], dtype="datetime64[us]")
        >>> found = add_business_time_array(hours, starts, np.array([2, -2], dtype="timedelta64[h]"))
        >>> np.datetime_as_string(found, unit="m").tolist()
        ['2025-01-13T09:00', 'NaT']
    """
    shape, start_us, duration_us = _broadcast(
        "starts", _instants(starts, "starts"), "durations", _durations(durations)
    )
    line = _timeline.timeline(hours)
    start_us = _full(start_us, shape)
    out = np.empty(start_us.shape, dtype=np.int64)
    if duration_us.ndim == 0 and int(duration_us) in (0, _NAT):
        for first, last, _ in _groups(line, start_us):  # the checks of the scalar path
            _window(line, first, last, 0, 0)
        out[...] = start_us if int(duration_us) == 0 else _NAT
    else:
        _add(line, start_us, duration_us, out)
    return out.reshape(shape).view("datetime64[us]")[()]


def _full(values: Int64Array, shape: tuple[int, ...]) -> Int64Array:
    """``values`` flat in the broadcast shape (a copy only when it must be)."""
    if values.ndim == 0 and shape:
        return np.broadcast_to(values, shape).reshape(-1)
    return values.reshape(-1)


def _add(line: Timeline, start_us: Int64Array, duration_us: Int64Array, out: Int64Array) -> None:
    """The deadlines of flat ``start_us`` (``duration_us`` flat or 0-d) into ``out``."""
    signs = (int(duration_us.min()), int(duration_us.max())) if duration_us.size else (0, 0)
    back, ahead = int(signs[0] < 0), int(signs[1] > 0)
    groups = list(_groups(line, start_us))
    if len(groups) != 1 or groups[0][2] is not None:
        out.fill(_NAT)  # the elements in no group: NaT starts
    for first, last, chosen in groups:
        tables = _window(line, first, last, back, ahead)
        if chosen is None:
            _add_blocks(tables, line, start_us, duration_us, out)
        else:
            part = np.empty(chosen.size, dtype=np.int64)
            durations = duration_us if duration_us.ndim == 0 else duration_us[chosen]
            _add_blocks(tables, line, start_us[chosen], durations, part)
            out[chosen] = part


def _add_blocks(
    tables: _Tables, line: Timeline, start_us: Int64Array, duration_us: Int64Array, out: Int64Array
) -> None:
    buffers = _Buffers(start_us.size)
    scalar = duration_us.ndim == 0
    for block in _blocks(start_us.size):
        durations = duration_us if scalar else duration_us[block]
        _add_block(tables, line, start_us[block], durations, out[block], buffers)


def _add_block(
    tables: _Tables,
    line: Timeline,
    starts: Int64Array,
    durations: Int64Array,
    out: Int64Array,
    buffers: _Buffers,
) -> None:
    """Deadlines of one block; those outside the window by the scalar path."""
    missing = _missing(starts, durations)
    if missing is not None:
        starts = np.where(missing, tables.lo, starts)
        durations = np.where(missing, 0, durations)
    index, targets, work, flags = buffers.take(starts.size)
    _cumulative(tables, starts, targets, index, work, flags)
    np.add(targets, durations, out=targets)
    least, most = (int(durations.min()), int(durations.max())) if durations.size else (0, 0)
    if least > 0:
        _forward(tables, targets, out, index, work, flags)
        np.greater(targets, tables.total, out=flags)
    elif most < 0:
        _backward(tables, targets, out, index, work, flags)
        np.less(targets, 0, out=flags)
    else:  # durations of both signs, or zero
        _forward(tables, targets, out, index, work, flags)
        behind = buffers.other[: out.size]
        _backward(tables, targets, behind, index, work, flags)
        np.copyto(out, behind, where=durations < 0)
        np.copyto(out, starts, where=durations == 0)
        np.copyto(flags, np.where(durations < 0, targets < 0, targets > tables.total))
        flags &= durations != 0
    if missing is not None:
        flags &= ~missing
    for position in np.flatnonzero(flags):  # deadlines outside the window
        duration = int(durations if durations.ndim == 0 else durations[position])
        out[position] = line.add(int(starts[position]), duration)[0]
    if missing is not None:
        out[missing] = _NAT


def _missing(*arrays: Int64Array) -> BoolArray | None:
    """Where any of ``arrays`` (broadcast) is NaT; None when none is (the common case)."""
    if all(array.size == 0 or int(array.min()) != _NAT for array in arrays):
        return None
    found: BoolArray = arrays[0] == _NAT
    for array in arrays[1:]:
        found = found | (array == _NAT)
    return found


# -- the other questions, one instant at a time --------------------------------------

Block = Callable[[_Tables, Int64Array, npt.NDArray[Any], _Buffers], None]


def _per_window(
    line: Timeline, instants: Int64Array, out: npt.NDArray[Any], block: Block, ahead: int = 0
) -> None:
    """``block`` over each block of flat ``instants`` and ``out``, with the tables of
    the window of its group (``ahead`` years more); ``out`` stays as it is at NaT."""
    for first, last, chosen in _groups(line, instants):
        tables = _window(line, first, last, 0, ahead)
        values = instants if chosen is None else instants[chosen]
        part = out if chosen is None else out[chosen]
        buffers = _Buffers(values.size)
        for at in _blocks(values.size):
            block(tables, values[at], part[at], buffers)
        if chosen is not None:
            out[chosen] = part


def _present(tables: _Tables, instants: Int64Array) -> tuple[Int64Array, BoolArray | None]:
    """``instants`` with NaT replaced by an instant of the window, and where NaT was."""
    missing = _missing(instants)
    if missing is None:
        return instants, None
    return np.where(missing, tables.lo, instants), missing


def is_open_array(hours: Schedule, instants: npt.ArrayLike) -> BoolArray:
    """:func:`servicelevel.is_open` for many instants at once (any shape).

    ``instants`` are ``datetime64`` UTC instants; the answer is a bool array
    of their shape (a NumPy bool for 0-d input), ``False`` at ``NaT``.

    Example:
        >>> import numpy as np
        >>> from servicelevel import BusinessHours
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> at = np.array(["2025-01-10T08:30", "2025-01-10T16:00", "NaT"], dtype="datetime64[us]")
        >>> is_open_array(hours, at)
        array([ True, False, False])
    """
    values = _instants(instants, "instants")
    line = _timeline.timeline(hours)
    out = np.zeros(values.size, dtype=np.bool_)
    _per_window(line, values.reshape(-1), out, _open_block)
    found: BoolArray = out.reshape(values.shape)[()]
    return found


def _open_block(
    tables: _Tables, instants: Int64Array, out: npt.NDArray[Any], buffers: _Buffers
) -> None:
    instants, missing = _present(tables, instants)
    index, _, work, flags = buffers.take(instants.size)
    _search(tables.at, tables.ends, instants, index, work, flags, strict=False)
    np.take(tables.starts, index, out=work, mode="clip")
    np.less_equal(work, instants, out=out)
    if missing is not None:
        out[missing] = False


def next_open_array(hours: Schedule, instants: npt.ArrayLike) -> npt.NDArray[Any]:
    """:func:`servicelevel.next_open` for many instants at once (any shape).

    ``instants`` are ``datetime64`` UTC instants; returns ``datetime64[us]`` UTC
    instants, each the instant itself when open, ``NaT`` at ``NaT``. Raises what
    the scalar function raises for an element (such as
    :class:`~servicelevel.NoOpeningHoursError` when nothing opens within 20 years).

    Example:
        >>> import numpy as np
        >>> from servicelevel import BusinessHours
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> at = np.array(["2025-01-10T10:00", "2025-01-11T12:00"], dtype="datetime64[us]")
        >>> next_open_array(hours, at)
        array(['2025-01-10T10:00:00.000000', '2025-01-13T08:00:00.000000'],
              dtype='datetime64[us]')
    """
    values = _instants(instants, "instants")
    line = _timeline.timeline(hours)
    out = np.full(values.size, _NAT, dtype=np.int64)

    def block(
        tables: _Tables, instants: Int64Array, out: npt.NDArray[Any], buffers: _Buffers
    ) -> None:
        instants, missing = _present(tables, instants)
        index, _, work, flags = buffers.take(instants.size)
        _search(tables.at, tables.ends, instants, index, work, flags, strict=False)
        np.take(tables.starts, index, out=out, mode="clip")
        np.maximum(out, instants, out=out)  # open: the instant; closed: the next start
        np.greater_equal(index, tables.periods, out=flags)  # no opening left in the window
        if missing is not None:
            flags &= ~missing
            out[missing] = _NAT
        for position in np.flatnonzero(flags):
            out[position] = line.next_open(int(instants[position]))[0]

    _per_window(line, values.reshape(-1), out, block, ahead=1)
    return out.reshape(values.shape).view("datetime64[us]")[()]


# -- business time between -------------------------------------------------------------


def business_time_between_array(
    hours: Schedule, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[Any]:
    """:func:`servicelevel.business_time_between` for many pairs at once (``timedelta64[us]``).

    ``starts`` and ``ends`` broadcast together as NumPy does; ``NaT`` where
    either is ``NaT``; errors as for :func:`add_business_time_array`.

    Example:
        >>> import numpy as np
        >>> from servicelevel import BusinessHours
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
        >>> starts = np.array(["2025-01-10T14:00", "NaT"], dtype="datetime64[us]")
        >>> elapsed = business_time_between_array(hours, starts, np.datetime64("2025-01-13T10:00"))
        >>> elapsed / np.timedelta64(1, "h")  # Friday 15:00-17:00 and Monday 09:00-11:00
        array([ 4., nan])
    """
    shape, start_us, end_us = _broadcast(
        "starts", _instants(starts, "starts"), "ends", _instants(ends, "ends")
    )
    line = _timeline.timeline(hours)
    start_us, end_us = _full(start_us, shape), _full(end_us, shape)
    out = np.full(start_us.shape, _NAT, dtype=np.int64)
    bounds = [_bounds(start_us), _bounds(end_us)]
    if bounds[0] is not None and bounds[1] is not None:
        first = line.year_at(min(bounds[0][0], bounds[1][0]))
        last = line.year_at(max(bounds[0][1], bounds[1][1]))
        if last - first < _WINDOW_YEARS:
            _between_blocks(_tables_of(line.window(first, last)), start_us, end_us, out)
        else:
            elapsed = _absolute(line, end_us, first) - _absolute(line, start_us, first)
            missing = _missing(start_us, end_us)
            out[...] = elapsed if missing is None else np.where(missing, _NAT, elapsed)
    return out.reshape(shape).view("timedelta64[us]")[()]


def _between_blocks(
    tables: _Tables, start_us: Int64Array, end_us: Int64Array, out: Int64Array
) -> None:
    buffers = _Buffers(start_us.size)
    for block in _blocks(start_us.size):
        starts, ends, elapsed = start_us[block], end_us[block], out[block]
        missing = _missing(starts, ends)
        if missing is not None:
            starts = np.where(missing, tables.lo, starts)
            ends = np.where(missing, tables.lo, ends)
        index, _, work, flags = buffers.take(starts.size)
        other = buffers.other[: starts.size]
        _cumulative(tables, ends, elapsed, index, work, flags)
        _cumulative(tables, starts, other, index, work, flags)
        np.subtract(elapsed, other, out=elapsed)
        if missing is not None:
            elapsed[missing] = _NAT


def _absolute(line: Timeline, instants: Int64Array, first_year: int) -> Int64Array:
    """Business time from the start of local year ``first_year`` to each instant
    (0 at NaT), for instants spread over many years."""
    out = np.zeros(instants.shape, dtype=np.int64)
    totals: dict[int, int] = {first_year: 0}  # business time before each year

    def block(
        tables: _Tables, values: Int64Array, part: npt.NDArray[Any], buffers: _Buffers
    ) -> None:
        values, _ = _present(tables, values)
        index, _, work, flags = buffers.take(values.size)
        _cumulative(tables, values, part, index, work, flags)
        year = line.year_at(tables.lo)
        for earlier in range(max(totals), year):
            totals[earlier + 1] = totals[earlier] + line.total(earlier)
        part += totals[year]

    _per_window(line, instants, out, block)
    return out
