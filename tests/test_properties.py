"""Properties of the business-time engine, and a comparison with the reference."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicelevel import (
    BusinessHours,
    HolidayCalendarRangeError,
    add_business_time,
    business_time_between,
    is_open,
    next_close,
    next_open,
)
from servicelevel.strategies import aware_datetimes, business_hours, durations

from . import reference
from .common import utc


def more_examples(factor: int) -> settings:
    """``factor`` times the profile's examples, for the comparisons with the reference."""
    return settings(max_examples=factor * settings().max_examples)


def deadline_of(hours: BusinessHours, start: datetime, duration: timedelta) -> datetime:
    """``add_business_time``, or no example when a schedule open a few minutes a week
    runs the deadline past the years its holiday calendar knows (2100 for most)."""
    try:
        return add_business_time(hours, start, duration)
    except HolidayCalendarRangeError:
        assume(False)
        raise


@st.composite
def cases(draw: st.DrawFn, max_hours: int = 2_000) -> tuple[BusinessHours, datetime, timedelta]:
    hours = draw(business_hours())
    return hours, draw(aware_datetimes(hours)), draw(durations(max_hours=max_hours))


@given(cases())
def test_between_inverts_add(case: tuple[BusinessHours, datetime, timedelta]) -> None:
    hours, start, duration = case
    deadline = deadline_of(hours, start, duration)
    assert business_time_between(hours, start, deadline) == duration


@given(cases(), durations(max_hours=500, allow_negative=False))
def test_add_is_monotonic_in_duration(
    case: tuple[BusinessHours, datetime, timedelta], extra: timedelta
) -> None:
    hours, start, duration = case
    # Compared as instants: datetimes of one zone compare by wall time, fold ignored.
    shorter = utc(deadline_of(hours, start, duration))
    longer = utc(deadline_of(hours, start, duration + extra))
    assert shorter <= longer
    if extra:
        assert shorter < longer


@given(st.data())
def test_add_is_monotonic_in_start(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    first, second = sorted(
        (data.draw(aware_datetimes(hours)), data.draw(aware_datetimes(hours))), key=utc
    )
    duration = data.draw(durations())
    assert utc(deadline_of(hours, first, duration)) <= utc(deadline_of(hours, second, duration))


@given(cases(max_hours=1_000), durations(max_hours=1_000))
def test_add_is_additive(case: tuple[BusinessHours, datetime, timedelta], other: timedelta) -> None:
    hours, start, duration = case
    # Additivity holds when both steps go the same way; backwards from a closed
    # instant the first step already snaps to an opening boundary.
    assume((duration >= timedelta(0)) == (other >= timedelta(0)))
    step = deadline_of(hours, start, duration)
    two_steps = deadline_of(hours, step, other)
    one_step = deadline_of(hours, start, duration + other)
    assert utc(two_steps) == utc(one_step)


@given(st.data())
def test_between_never_exceeds_wall_time(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    start, end = data.draw(aware_datetimes(hours)), data.draw(aware_datetimes(hours))
    elapsed = business_time_between(hours, start, end)
    real = utc(end) - utc(start)
    assert abs(elapsed) <= abs(real)
    assert (elapsed >= timedelta(0)) == (real >= timedelta(0)) or elapsed == timedelta(0)
    assert business_time_between(hours, end, start) == -elapsed


@given(cases(), durations(allow_negative=False))
def test_add_then_subtract_returns_to_the_next_opening(
    case: tuple[BusinessHours, datetime, timedelta], duration: timedelta
) -> None:
    hours, start, _ = case
    assume(duration > timedelta(0))
    there = deadline_of(hours, start, duration)
    back = deadline_of(hours, there, -duration)
    assert utc(back) == utc(next_open(hours, start))


@given(st.data())
def test_open_and_close_agree(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    moment = data.draw(aware_datetimes(hours))
    opening = next_open(hours, moment)
    assert is_open(hours, opening)
    assert utc(opening) >= utc(moment)
    assert (utc(opening) == utc(moment)) == is_open(hours, moment)
    closing = next_close(hours, opening) if hours.week != BusinessHours.always().week else None
    if closing is not None and not hours.holidays and not hours.closures:
        return
    if closing is not None:
        assert not is_open(hours, closing)
        assert utc(closing) > utc(opening)


@more_examples(4)  # the ci profile: 600 examples
@given(cases(max_hours=300))
def test_add_matches_the_reference(case: tuple[BusinessHours, datetime, timedelta]) -> None:
    hours, start, duration = case
    expected = reference.add(hours, start, duration, days=400)
    assume(expected is not None)
    assert utc(add_business_time(hours, start, duration)) == utc(expected)


@more_examples(4)  # the ci profile: 600 examples
@given(st.data())
def test_between_matches_the_reference(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    start = data.draw(aware_datetimes(hours))
    end = start + data.draw(durations(max_hours=400))
    assert business_time_between(hours, start, end) == reference.between(hours, start, end)
