"""The NumPy path gives exactly the scalar answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessHours, add_business_time, business_time_between
from servicelevel.arrays import add_business_time_array, business_time_between_array
from servicelevel.strategies import aware_datetimes, business_hours, durations

from .common import OFFICE_NL


def _to_numpy(values: list[datetime]) -> np.ndarray:
    return np.array(
        [v.astimezone(UTC).replace(tzinfo=None) for v in values], dtype="datetime64[us]"
    )


def _from_numpy(value: np.datetime64) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(value.astype(np.int64)))


@given(st.data())
def test_vector_equals_scalar(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    starts = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=20))
    duration = data.draw(durations(max_hours=3_000))
    vector = add_business_time_array(hours, _to_numpy(starts), duration)
    for start, result in zip(starts, vector, strict=True):
        assert _from_numpy(result) == add_business_time(hours, start, duration).astimezone(UTC)


@given(st.data())
def test_vector_between_equals_scalar(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    starts = data.draw(st.lists(aware_datetimes(hours), min_size=1, max_size=10))
    ends = data.draw(st.lists(aware_datetimes(hours), min_size=len(starts), max_size=len(starts)))
    vector = business_time_between_array(hours, _to_numpy(starts), _to_numpy(ends))
    for start, end, elapsed in zip(starts, ends, vector, strict=True):
        assert elapsed == np.timedelta64(business_time_between(hours, start, end), "us")


def test_per_element_durations_and_zero() -> None:
    starts = _to_numpy([datetime(2025, 1, 10, 15, tzinfo=UTC)] * 3)
    durations_ = np.array([0, 3_600_000_000, -3_600_000_000], dtype="timedelta64[us]")
    result = add_business_time_array(OFFICE_NL, starts, durations_)
    assert [_from_numpy(value).isoformat() for value in result] == [
        "2025-01-10T15:00:00+00:00",
        "2025-01-10T16:00:00+00:00",
        "2025-01-10T14:00:00+00:00",
    ]


def test_empty_input() -> None:
    empty = np.array([], dtype="datetime64[us]")
    assert add_business_time_array(OFFICE_NL, empty, timedelta(hours=1)).shape == (0,)
    assert business_time_between_array(OFFICE_NL, empty, empty).shape == (0,)


def test_wrong_dtype_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="datetime64"):
        add_business_time_array(BusinessHours.always(), np.array([1, 2]), timedelta(hours=1))
    with pytest.raises(TypeError, match="timedelta"):
        add_business_time_array(
            BusinessHours.always(), np.array(["2025-01-01"], dtype="datetime64[us]"), np.array([1])
        )
