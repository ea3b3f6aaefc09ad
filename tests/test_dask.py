"""The frames entry points over Dask partitions, on a distributed LocalCluster: the in-memory answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicelevel import ArgumentTypeError, policy_for

pd = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

from servicelevel.frames import compliance, deadlines, statuses, what_if  # noqa: E402
from servicelevel.synthetic import generate_contacts  # noqa: E402

POLICY = policy_for("retail", "b2c")
AT = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def frames() -> tuple[Any, Any]:
    contacts, events = generate_contacts(1200, seed=8, bad_rows=0.005)
    return contacts.set_index("contact_id"), events


def test_deadlines_over_partitions_equal_the_in_memory_answer(
    client: Any, frames: tuple[Any, Any]
) -> None:
    contacts, _ = frames
    found = deadlines(dd.from_pandas(contacts, npartitions=3), POLICY, tz="Europe/Amsterdam")
    assert isinstance(found, dd.DataFrame)
    expected = deadlines(contacts, POLICY, tz="Europe/Amsterdam")
    pd.testing.assert_frame_equal(found.compute(), expected)


def test_statuses_over_partitions_equal_the_in_memory_answer(
    client: Any, frames: tuple[Any, Any]
) -> None:
    contacts, events = frames
    lazy = statuses(
        dd.from_pandas(contacts, npartitions=3),
        POLICY,
        AT,
        events=dd.from_pandas(events, npartitions=2),
        tz="Europe/Amsterdam",
    )
    assert isinstance(lazy.frame, dd.DataFrame)
    frame, cycles, errors = dask.compute(lazy.frame, lazy.cycles, lazy.errors)
    expected = statuses(contacts, POLICY, AT, events=events, tz="Europe/Amsterdam")
    pd.testing.assert_frame_equal(frame, expected.frame)
    order = ["contact", "metric", "cycle"]
    pd.testing.assert_frame_equal(
        cycles.sort_values(order, ignore_index=True),
        expected.cycles.sort_values(order, ignore_index=True),
    )
    pd.testing.assert_frame_equal(
        errors.sort_values("row", ignore_index=True),
        expected.errors.sort_values("row", ignore_index=True),
    )
    pd.testing.assert_frame_equal(
        compliance(lazy, by=["quarter", "channel"]), compliance(expected, by=["quarter", "channel"])
    )


def test_events_need_contacts_indexed_by_contact_id(client: Any, frames: tuple[Any, Any]) -> None:
    contacts, events = frames
    unindexed = dd.from_pandas(contacts.reset_index(), npartitions=2).clear_divisions()
    with pytest.raises(ArgumentTypeError, match="set_index"):
        statuses(unindexed, POLICY, AT, events=events, tz="Europe/Amsterdam")


def test_what_if_over_partitions_equals_the_in_memory_answer(
    client: Any, frames: tuple[Any, Any]
) -> None:
    contacts, events = frames
    saturday = {"sat": "10:00-14:00"}
    lazy = what_if(
        dd.from_pandas(contacts, npartitions=2),
        POLICY,
        saturday,
        AT,
        events=dd.from_pandas(events, npartitions=2),
        tz="Europe/Amsterdam",
    )
    expected = what_if(contacts, POLICY, saturday, AT, events=events, tz="Europe/Amsterdam")
    pd.testing.assert_frame_equal(lazy.deadlines, expected.deadlines)
    pd.testing.assert_frame_equal(lazy.compliance, expected.compliance)
    pd.testing.assert_frame_equal(lazy.due_per_day, expected.due_per_day)
