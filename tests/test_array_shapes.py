"""NumPy input of any shape that broadcasts: the answers of the one-dimensional path."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from servicelevel.arrays import add_business_time_array, business_time_between_array

from .common import OFFICE_NL

STARTS = np.array(
    ["2025-01-10T15:00", "2025-01-11T12:00", "2025-12-24T16:30", "2025-03-30T01:00"],
    dtype="datetime64[us]",
)
DURATIONS = np.array([1, 8, 24, -3], dtype="timedelta64[h]")


def test_a_zero_dimensional_start_gives_a_scalar() -> None:
    result = add_business_time_array(OFFICE_NL, STARTS[0], timedelta(hours=2))
    assert isinstance(result, np.datetime64)
    assert result == add_business_time_array(OFFICE_NL, STARTS[:1], timedelta(hours=2))[0]


def test_a_zero_dimensional_pair_gives_a_scalar() -> None:
    result = business_time_between_array(OFFICE_NL, STARTS[0], STARTS[2])
    assert result == business_time_between_array(OFFICE_NL, STARTS[:1], STARTS[2:3])[0]


@pytest.mark.parametrize("shape", [(2, 2), (4, 1), (1, 2, 2)])
def test_any_shape_gives_the_flat_answers(shape: tuple[int, ...]) -> None:
    flat = add_business_time_array(OFFICE_NL, STARTS, DURATIONS)
    shaped = add_business_time_array(OFFICE_NL, STARTS.reshape(shape), DURATIONS.reshape(shape))
    assert shaped.shape == shape
    assert (shaped.ravel() == flat).all()
    between = business_time_between_array(OFFICE_NL, STARTS.reshape(shape), shaped)
    assert (between.ravel() == business_time_between_array(OFFICE_NL, STARTS, flat)).all()


def test_starts_and_durations_broadcast_together() -> None:
    result = add_business_time_array(OFFICE_NL, STARTS[:, None], DURATIONS[None, :])
    assert result.shape == (4, 4)
    for row, start in enumerate(STARTS):
        assert (
            result[row] == add_business_time_array(OFFICE_NL, np.repeat(start, 4), DURATIONS)
        ).all()


def test_empty_input_of_any_shape() -> None:
    empty = np.array([], dtype="datetime64[us]").reshape(0, 3)
    assert add_business_time_array(OFFICE_NL, empty, timedelta(hours=1)).shape == (0, 3)
