"""The fast NumPy path gives the scalar answers (and raises the scalar errors) on
generated schedules: single and combined, DST edges, night shifts, durations of
both signs and zero, and the bucketed search itself against ``searchsorted``."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
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


Scalar = tuple[Callable[..., Any], tuple[Any, ...]]


def _check(call: Callable[[], Any], scalars: list[Scalar]) -> None:
    """The array call equals the scalar answers; when it raises, the scalar call
    of some element raises that error too (the scalar calls run only until then:
    a walk that ends in an error can take long)."""
    try:
        found = call()
    except ServiceLevelError as error:
        for function, args in scalars:
            with suppress(type(error)):
                function(*args)
                continue
            return
        raise AssertionError(f"no scalar call raises {error!r}") from error
    assert found.tolist() == [function(*args) for function, args in scalars]


def _within_a_year(hours: Schedule, spans: list[timedelta]) -> list[timedelta]:
    """``spans`` cut to half the open time of the emptiest year near the starts,
    so that no deadline is years away: a sparse intersection, open minutes a
    year, walks (compiling each year) to the year 9997 before the scalar path
    gives up, which takes minutes. (Generated single schedules open every week.)"""
    try:
        yearly = min(
            business_time_between(
                hours, datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
            )
            for year in range(2023, 2029)
        )
    except ServiceLevelError:  # never open: the errors are the same at any length
        return spans
    return [max(min(span, yearly / 2), -yearly / 2) for span in spans]


def _deadline(hours: Schedule, start: datetime, duration: timedelta) -> np.datetime64:
    return _us(add_business_time(hours, start, duration))


def _next_open(hours: Schedule, at: datetime) -> np.datetime64:
    return _us(next_open(hours, at))


def _between(hours: Schedule, start: datetime, end: datetime) -> np.timedelta64:
    return np.timedelta64(business_time_between(hours, start, end), "us")


@pytest.mark.parametrize("kind", SCHEDULES)
@given(data=st.data())
def test_deadlines_equal_the_scalar_ones(kind: str, data: st.DataObject) -> None:
    hours: Schedule = data.draw(SCHEDULES[kind])
    starts = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=12))
    spans = data.draw(st.lists(DURATIONS, min_size=len(starts), max_size=len(starts)))
    if kind == "combined_hours":
        spans = _within_a_year(hours, spans)
    start_array = _naive_utc(starts)
    expected: list[Scalar] = [
        (_deadline, (hours, s, d)) for s, d in zip(starts, spans, strict=True)
    ]
    durations_array = np.array([d // timedelta(microseconds=1) for d in spans], "timedelta64[us]")
    _check(lambda: sla.add_business_time_array(hours, start_array, durations_array), expected)
    expected = [(_deadline, (hours, s, spans[0])) for s in starts]
    _check(lambda: sla.add_business_time_array(hours, start_array, spans[0]), expected)


@pytest.mark.parametrize("kind", SCHEDULES)
@given(data=st.data())
def test_open_and_next_open_equal_the_scalar_ones(kind: str, data: st.DataObject) -> None:
    hours: Schedule = data.draw(SCHEDULES[kind])
    instants = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=12))
    array = _naive_utc(instants)
    _check(lambda: sla.is_open_array(hours, array), [(is_open, (hours, i)) for i in instants])
    expected: list[Scalar] = [(_next_open, (hours, i)) for i in instants]
    _check(lambda: sla.next_open_array(hours, array), expected)


@pytest.mark.parametrize("kind", SCHEDULES)
@given(data=st.data())
def test_business_time_between_equals_the_scalar_one(kind: str, data: st.DataObject) -> None:
    hours: Schedule = data.draw(SCHEDULES[kind])
    starts = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=12))
    ends = data.draw(st.lists(aware_datetimes(hours), min_size=len(starts), max_size=len(starts)))
    expected: list[Scalar] = [(_between, (hours, s, e)) for s, e in zip(starts, ends, strict=True)]
    _check(
        lambda: sla.business_time_between_array(hours, _naive_utc(starts), _naive_utc(ends)),
        expected,
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
