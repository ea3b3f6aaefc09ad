"""The fast NumPy path gives the scalar answers (and raises the scalar errors) on
generated schedules: single and combined, DST edges, night shifts, durations of
both signs and zero, and the bucketed search itself against ``searchsorted``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    Schedule,
    ServiceLevelError,
    add_business_time,
    business_time_between,
    is_open,
    next_open,
)
from servicelevel import arrays as sla
from servicelevel.strategies import aware_datetimes, business_hours, combined_hours, durations

SCHEDULES: dict[str, st.SearchStrategy[Schedule]] = {
    "business_hours": business_hours(),
    "combined_hours": combined_hours(),
}
#: Long ones (beyond the window: the scalar path), short ones and zero.
DURATIONS = st.one_of(
    durations(max_hours=3_000),
    st.timedeltas(-timedelta(hours=2), timedelta(hours=2)),
    st.just(timedelta(0)),
)


def _naive_utc(values: list[datetime]) -> np.ndarray:
    return np.array(
        [v.astimezone(UTC).replace(tzinfo=None) for v in values], dtype="datetime64[us]"
    )


def _us(value: datetime) -> np.datetime64:
    return np.datetime64(value.astimezone(UTC).replace(tzinfo=None), "us")


def _scalar(call: Callable[..., Any], *args: Any) -> tuple[Any, type[Exception] | None]:
    try:
        return call(*args), None
    except ServiceLevelError as error:
        return None, type(error)


def _deadline(hours: Schedule, start: datetime, duration: timedelta) -> np.datetime64:
    return _us(add_business_time(hours, start, duration))


def _next_open(hours: Schedule, at: datetime) -> np.datetime64:
    return _us(next_open(hours, at))


def _between(hours: Schedule, start: datetime, end: datetime) -> np.timedelta64:
    return np.timedelta64(business_time_between(hours, start, end), "us")


def _check(expected: list[tuple[Any, type[Exception] | None]], call: Callable[[], Any]) -> None:
    """The array call equals the scalar answers, or raises an error one of them raised."""
    errors = tuple({error for _, error in expected if error is not None})
    if errors:
        with pytest.raises(errors):
            call()
        return
    found = call()
    assert found.tolist() == [value for value, _ in expected]


@pytest.mark.parametrize("kind", SCHEDULES)
@given(data=st.data())
def test_deadlines_equal_the_scalar_ones(kind: str, data: st.DataObject) -> None:
    hours: Schedule = data.draw(SCHEDULES[kind])
    starts = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=12))
    spans = data.draw(st.lists(DURATIONS, min_size=len(starts), max_size=len(starts)))
    start_array = _naive_utc(starts)
    expected = [_scalar(_deadline, hours, s, d) for s, d in zip(starts, spans, strict=True)]
    durations_array = np.array([d // timedelta(microseconds=1) for d in spans], "timedelta64[us]")
    _check(expected, lambda: sla.add_business_time_array(hours, start_array, durations_array))
    expected = [_scalar(_deadline, hours, s, spans[0]) for s in starts]
    _check(expected, lambda: sla.add_business_time_array(hours, start_array, spans[0]))


@pytest.mark.parametrize("kind", SCHEDULES)
@given(data=st.data())
def test_open_and_next_open_equal_the_scalar_ones(kind: str, data: st.DataObject) -> None:
    hours: Schedule = data.draw(SCHEDULES[kind])
    instants = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=12))
    array = _naive_utc(instants)
    _check([_scalar(is_open, hours, i) for i in instants], lambda: sla.is_open_array(hours, array))
    expected = [_scalar(_next_open, hours, i) for i in instants]
    _check(expected, lambda: sla.next_open_array(hours, array))


@pytest.mark.parametrize("kind", SCHEDULES)
@given(data=st.data())
def test_business_time_between_equals_the_scalar_one(kind: str, data: st.DataObject) -> None:
    hours: Schedule = data.draw(SCHEDULES[kind])
    starts = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=12))
    ends = data.draw(st.lists(aware_datetimes(hours), min_size=len(starts), max_size=len(starts)))
    expected = [_scalar(_between, hours, s, e) for s, e in zip(starts, ends, strict=True)]
    _check(
        expected,
        lambda: sla.business_time_between_array(hours, _naive_utc(starts), _naive_utc(ends)),
    )


@given(
    keys=st.lists(st.integers(-(10**6), 10**6), unique=True, max_size=60).map(sorted),
    queries=st.lists(st.integers(-(10**6), 10**6), min_size=1, max_size=60),
    strict=st.booleans(),
    most_steps=st.integers(-1, 3),
)
def test_the_bucketed_search_is_searchsorted(
    keys: list[int], queries: list[int], strict: bool, most_steps: int
) -> None:
    """Within the range a table covers, whatever the steps allowed (-1: no table)."""
    key_array = np.array([*keys, np.iinfo(np.int64).max], dtype=np.int64)
    side: Literal["left", "right"] = "left" if strict else "right"
    origin, extent = -(10**6), 2 * 10**6 + 1
    lookup = sla._lookup(key_array[:-1], origin, extent, side)
    if lookup is not None and lookup.steps > most_steps:
        lookup = None
    query_array = np.array(queries, dtype=np.int64)
    out, work = np.empty_like(query_array), np.empty_like(query_array)
    flags = np.empty(query_array.shape, dtype=np.bool_)
    sla._search(lookup, key_array, query_array, out, work, flags, strict=strict)
    assert out.tolist() == np.searchsorted(key_array[:-1], query_array, side=side).tolist()
