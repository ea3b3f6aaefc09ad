"""Properties of the clocks over generated event histories (servicelevel.strategies).

Stated exceptions, from docs/policies.md:

* a cancellation turns a running cycle, late or not, into ``cancelled`` (the
  contact should never have been measured: spam, duplicates, abandoned calls);
* reopening *continues* a resolution clock (requester wait, agent work,
  resolution, total resolution) unless its target starts a new cycle, so the
  outcome of the last such cycle is open again after a reopening.

Priority changes and due dates never change a finished cycle, and never undo
a deadline that has passed; they are not exceptions.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from servicelevel import (
    Contact,
    EventKind,
    MetricCycle,
    ServiceLevelPolicy,
    SlaState,
    SlaStatus,
    breach_status,
)
from servicelevel.strategies import contacts, policies

from .common import utc

RANK = {SlaState.ON_TRACK: 0, SlaState.AT_RISK: 1, SlaState.BREACHED: 2}
FINISHED = (SlaState.MET, SlaState.MET_LATE, SlaState.CANCELLED)


@st.composite
def histories(draw: st.DrawFn) -> tuple[ServiceLevelPolicy, Contact]:
    policy = draw(policies())
    return policy, draw(contacts(policy, max_events=8))


def moments(item: Contact, extra: timedelta) -> list[datetime]:
    """Receipt, every event instant, and a moment ``extra`` after the last."""
    found = [utc(item.received_at), *(utc(event.at) for event in item.events)]
    return [*sorted(set(found)), max(found) + extra]


def same(first: MetricCycle, second: MetricCycle) -> bool:
    return (first.state, first.started_at, first.stopped_at, first.deadline, first.elapsed) == (
        second.state,
        second.started_at,
        second.stopped_at,
        second.deadline,
        second.elapsed,
    )


@given(histories(), st.timedeltas(timedelta(0), timedelta(days=20)), st.data())
def test_status_never_goes_back_as_now_advances_without_events(
    case: tuple[ServiceLevelPolicy, Contact], later: timedelta, data: st.DataObject
) -> None:
    policy, item = case
    last = moments(item, timedelta(0))[-1]
    earlier = data.draw(st.timedeltas(timedelta(0), later))
    before, after = (breach_status(item, policy, last + delta) for delta in (earlier, later))
    for old, new in zip(before.metrics, after.metrics, strict=True):
        assert len(old.cycles) == len(new.cycles)
        for first, second in zip(old.cycles, new.cycles, strict=True):
            assert second.elapsed >= first.elapsed
            if first.state in FINISHED:
                assert same(first, second)
            elif first.state is SlaState.PAUSED:
                assert second.state in (SlaState.PAUSED, SlaState.BREACHED)
                assert second.elapsed == first.elapsed
            else:
                assert RANK[first.state] <= RANK[second.state]
            if first.deadline is not None:
                assert second.deadline == first.deadline


@given(histories(), st.timedeltas(timedelta(0), timedelta(days=20)))
def test_a_late_cycle_is_never_hidden_and_a_finished_one_never_changes(
    case: tuple[ServiceLevelPolicy, Contact], extra: timedelta
) -> None:
    policy, item = case
    statuses = [breach_status(item, policy, now) for now in moments(item, extra)]
    for before, after in itertools.pairwise(statuses):
        for old, new in zip(before.metrics, after.metrics, strict=True):
            assert len(new.cycles) >= len(old.cycles)  # cycles are kept
            for index, (first, second) in enumerate(zip(old.cycles, new.cycles, strict=False)):
                if first.breached:  # late stays late, unless the contact was cancelled
                    assert second.breached or second.state is SlaState.CANCELLED
                if first.state in FINISHED and not same(first, second):
                    # Only a reopening changes a finished cycle: it continues the last one.
                    assert old.metric.measures_resolution
                    assert index == len(old.cycles) - 1
                    assert first.state is not SlaState.CANCELLED
            late = [c for c in new.cycles if c.breached or c.state is SlaState.CANCELLED]
            assert len(late) >= old.late_cycles


@given(histories(), st.timedeltas(timedelta(0), timedelta(days=20)))
def test_elapsed_never_exceeds_wall_time(
    case: tuple[ServiceLevelPolicy, Contact], extra: timedelta
) -> None:
    policy, item = case
    now = moments(item, extra)[-1]
    for metric in breach_status(item, policy, now).metrics:
        for cycle in metric.cycles:
            until = now if cycle.stopped_at is None else utc(cycle.stopped_at)
            assert timedelta(0) <= cycle.elapsed <= until - utc(cycle.started_at)


@given(histories(), st.timedeltas(timedelta(0), timedelta(days=20)))
def test_states_agree_with_deadlines(
    case: tuple[ServiceLevelPolicy, Contact], extra: timedelta
) -> None:
    policy, item = case
    now = moments(item, extra)[-1]
    result = breach_status(item, policy, now)
    for metric in result.metrics:
        assert (metric.state is SlaState.NOT_APPLICABLE) == (not metric.cycles)
        assert metric.breached == any(c.state.is_late for c in metric.cycles)
        for cycle in metric.cycles[:-1]:
            assert cycle.stopped_at is not None  # only the latest cycle can run
        for cycle in metric.cycles:
            deadline = None if cycle.deadline is None else utc(cycle.deadline)
            stop = None if cycle.stopped_at is None else utc(cycle.stopped_at)
            if cycle.state is SlaState.BREACHED:
                assert deadline is not None
                assert now > deadline
                assert stop is None
            elif cycle.state is SlaState.MET:
                assert deadline is not None
                assert stop is not None
                assert stop <= deadline
            elif cycle.state is SlaState.MET_LATE:
                assert deadline is not None
                assert stop is not None
                assert stop > deadline
            elif cycle.state is not SlaState.CANCELLED:
                assert stop is None
                assert deadline is None or now <= deadline
    assert result.breached == any(metric.breached for metric in result.metrics)


@given(histories(), st.timedeltas(timedelta(0), timedelta(days=5)))
def test_statuses_round_trip_through_json(
    case: tuple[ServiceLevelPolicy, Contact], extra: timedelta
) -> None:
    policy, item = case
    result = breach_status(item, policy, moments(item, extra)[-1])
    text = result.model_dump_json()
    # Compare the JSON: a datetime in a repeated hour never equals one in another zone.
    assert SlaStatus.model_validate_json(text).model_dump_json() == text


@given(histories(), st.timedeltas(timedelta(0), timedelta(days=5)))
def test_nothing_runs_after_a_cancellation(
    case: tuple[ServiceLevelPolicy, Contact], gap: timedelta
) -> None:
    policy, item = case
    assume(all(event.kind is not EventKind.CANCELLED for event in item.events))
    last = moments(item, timedelta(0))[-1]
    cancelled = item.with_event("cancelled", last + gap, reason="spam")
    result = breach_status(cancelled, policy, last + gap + timedelta(days=1))
    for metric in result.metrics:
        for cycle in metric.cycles:
            assert cycle.stopped_at is not None
            if cycle.state is SlaState.CANCELLED:
                assert utc(cycle.stopped_at) == last + gap
