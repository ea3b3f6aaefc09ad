"""The NumPy engine equals the reference (breach_status per row) on every answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from servicelevel import Metric

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from servicelevel._columnar import (  # noqa: E402
    ContactColumns,
    EventColumns,
    StatusColumns,
    status_columns,
    status_columns_scalar,
)
from servicelevel.synthetic import generate_contacts  # noqa: E402

from .test_columnar import DESK, POLICY, columns_from_frames  # noqa: E402


def same_array(found: Any, expected: Any, name: str) -> None:
    """Equal arrays: NaT and nan equal themselves, objects compared by value."""
    assert found.dtype == expected.dtype, name
    assert found.shape == expected.shape, name
    if found.dtype.kind in "mMf":
        assert np.array_equal(found, expected, equal_nan=True), name
    else:
        difference = [i for i, (a, b) in enumerate(zip(found, expected, strict=True)) if a != b]
        assert not difference, (
            f"{name}: rows {difference[:5]}: {found[difference[:5]]} != {expected[difference[:5]]}"
        )


def assert_same(found: StatusColumns, expected: StatusColumns) -> None:
    same_array(found.errors.row, expected.errors.row, "errors.row")
    same_array(found.errors.reason, expected.errors.reason, "errors.reason")
    for name in ("measured_as", "priority", "policy"):
        same_array(getattr(found, name), getattr(expected, name), name)
    for metric in Metric:
        for name in (
            "state", "deadline", "elapsed", "remaining", "fraction_used", "level",
            "next_level_at", "cycles", "late_cycles",
        ):  # fmt: skip
            same_array(
                getattr(found.metrics[metric], name),
                getattr(expected.metrics[metric], name),
                f"{metric}.{name}",
            )
    for name in (
        "contact",
        "metric",
        "cycle",
        "started_at",
        "stopped_at",
        "deadline",
        "state",
        "elapsed",
    ):
        same_array(getattr(found.cycles, name), getattr(expected.cycles, name), f"cycles.{name}")


@pytest.fixture(scope="module")
def year() -> tuple[ContactColumns, EventColumns]:
    contacts, events = generate_contacts(600, seed=17, bad_rows=0.03)
    return columns_from_frames(contacts, events)


@pytest.mark.parametrize("policy", [DESK, POLICY], ids=["desk", "retail"])
@pytest.mark.parametrize(
    "at",
    [
        datetime(2025, 3, 30, 1, 30, tzinfo=UTC),
        datetime(2025, 7, 1, 12, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),
    ],
    ids=["dst", "summer", "new year"],
)
def test_the_engine_equals_the_reference_without_events(
    year: tuple[ContactColumns, EventColumns], policy: Any, at: datetime
) -> None:
    contacts, _ = year
    assert_same(status_columns(policy, contacts, at), status_columns_scalar(policy, contacts, at))


@pytest.mark.parametrize("policy", [DESK, POLICY], ids=["desk", "retail"])
def test_the_engine_equals_the_reference_with_events(
    year: tuple[ContactColumns, EventColumns], policy: Any
) -> None:
    contacts, events = year
    at = datetime(2025, 9, 1, tzinfo=UTC)
    assert_same(
        status_columns(policy, contacts, at, events),
        status_columns_scalar(policy, contacts, at, events),
    )
