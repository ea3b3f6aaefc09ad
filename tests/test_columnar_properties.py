"""The NumPy engine equals the reference on generated policies, policy sets and histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import Contact, PolicySet, ServiceLevelPolicy
from servicelevel.strategies import contacts, policies, policy_sets

np = pytest.importorskip("numpy")

from servicelevel._columnar import (  # noqa: E402
    ContactColumns,
    EventColumns,
    status_columns,
    status_columns_scalar,
)

from .test_columnar_engine import assert_same  # noqa: E402


def us(value: datetime | None) -> Any:
    if value is None:
        return np.datetime64("NaT", "us")
    return np.datetime64(value.astimezone(UTC).replace(tzinfo=None), "us")


def columns_of(
    found: list[Contact], order: list[int]
) -> tuple[ContactColumns, EventColumns | None]:
    """Contacts as columns; their events as a long table, contact by contact in ``order``."""
    names = sorted({name for contact in found for name in contact.attributes})
    columns = ContactColumns(
        received_at=np.array([us(c.received_at) for c in found], dtype="datetime64[us]"),
        channel=np.array([c.channel for c in found], dtype=object),
        priority=np.array([c.priority for c in found], dtype=object),
        attributes={
            name: np.array([c.attributes.get(name) for c in found], dtype=object) for name in names
        },
    )
    rows = [(row, event) for row in order for event in found[row].events]
    if not rows:
        return columns, None
    events = [event for _, event in rows]

    def column(name: str) -> Any:
        found = np.empty(len(events), dtype=object)  # one mapping per cell, not a row of keys
        for index, event in enumerate(events):
            found[index] = getattr(event, name)
        return found

    return columns, EventColumns(
        contact=np.array([row for row, _ in rows], dtype=np.int64),
        kind=column("kind"),
        at=np.array([us(event.at) for event in events], dtype="datetime64[us]"),
        priority=column("priority"),
        reason=column("reason"),
        group=column("group"),
        metric=column("metric"),
        due=np.array([us(event.due) for event in events], dtype="datetime64[us]"),
        attributes=column("attributes"),
    )


@st.composite
def batches(
    draw: st.DrawFn, max_events: int = 6
) -> tuple[ServiceLevelPolicy | PolicySet, list[Contact], list[int], datetime]:
    """A policy or policy set, a few contacts (some without events), an order of their
    events' blocks, and a moment around the end of one of them."""
    policy: ServiceLevelPolicy | PolicySet = draw(st.one_of(policies(), policy_sets()))
    spanned = (
        [policy] if isinstance(policy, ServiceLevelPolicy) else [r.policy for r in policy.rules]
    )
    found = [
        draw(
            contacts(
                draw(st.sampled_from(spanned)), max_events=draw(st.sampled_from([0, max_events]))
            )
        )
        for _ in range(draw(st.integers(1, 6)))
    ]
    order = draw(st.permutations(range(len(found))))
    chosen = draw(st.sampled_from(found))
    last = chosen.events[-1].at if chosen.events else chosen.received_at
    at = last + draw(st.timedeltas(timedelta(hours=-12), timedelta(days=12)))
    return policy, found, order, at.astimezone(UTC)


@given(batches(max_events=0))
def test_the_engine_equals_the_reference_without_events(batch: Any) -> None:
    policy, found, order, at = batch
    columns, events = columns_of(found, order)
    assert_same(
        status_columns(policy, columns, at, events),
        status_columns_scalar(policy, columns, at, events),
    )


@settings(max_examples=settings().max_examples * 2)
@given(batches())
def test_the_engine_equals_the_reference_with_events(batch: Any) -> None:
    policy, found, order, at = batch
    columns, events = columns_of(found, order)
    assert_same(
        status_columns(policy, columns, at, events),
        status_columns_scalar(policy, columns, at, events),
    )
