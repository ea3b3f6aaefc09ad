"""The claims of `servicelevel.strategies`: what each strategy shrinks to, what every
example satisfies, how bad arguments fail, and the ``st.from_type`` registration."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import entry_points
from itertools import chain
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import servicelevel as sl
from servicelevel import (
    BusinessHours,
    Closure,
    Metric,
    OpeningInterval,
    Target,
)
from servicelevel._hypothesis_plugin import _hypothesis_setup_hook
from servicelevel.strategies import (
    TIME_ZONES,
    aware_datetimes,
    business_hours,
    closures,
    contact_events,
    contacts,
    dst_transitions,
    durations,
    holiday_calendars,
    opening_intervals,
    policies,
    special_days,
    targets,
    weekly_hours,
)

OFFICE_UTC = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")


def _anything(_: object) -> bool:
    return True


def minimal(
    strategy: st.SearchStrategy[Any], condition: Callable[[Any], object] = _anything
) -> Any:
    """The simplest example satisfying ``condition``, the way hypothesis tests its own shrinking."""
    return find(strategy, lambda example: bool(condition(example)))


def crosses_midnight(interval: OpeningInterval) -> bool:
    return time(0) < interval.end <= interval.start


class TestShrinksToTheSimplestCase:
    """The module docstring: examples shrink towards UTC, Monday to Friday 09:00-17:00."""

    def test_business_hours(self) -> None:
        assert minimal(business_hours()) == OFFICE_UTC

    def test_business_hours_that_need_a_zone_and_a_holiday_keep_office_hours(self) -> None:
        found = minimal(business_hours(), lambda hours: hours.tz != "UTC" and hours.holidays)
        assert found == BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz=TIME_ZONES[1], holidays=found.holidays
        )

    def test_weekly_hours(self) -> None:
        assert minimal(weekly_hours()) == OFFICE_UTC.week

    def test_aware_datetimes(self) -> None:
        found = minimal(aware_datetimes())
        assert str(found.tzinfo) == "UTC"
        assert found == datetime(2024, 1, 2, tzinfo=UTC)


class TestGeneratesTheAdvertisedCases:
    """The function docstrings: the kinds of example each strategy promises exist."""

    @pytest.mark.parametrize(
        ("strategy", "condition"),
        [
            (opening_intervals(), crosses_midnight),
            (opening_intervals(), lambda interval: interval.end == time(0) != interval.start),
            (weekly_hours(), lambda week: week == BusinessHours.always().week),
            (
                weekly_hours(),
                lambda week: any(
                    map(crosses_midnight, chain.from_iterable(map(week.for_weekday, range(7))))
                ),
            ),
            (
                weekly_hours(),
                lambda week: any(len(day) > 1 for day in map(week.for_weekday, range(7))),
            ),
            (holiday_calendars(), lambda calendar: calendar.subdiv is not None),
            (special_days(), lambda day: not day.hours),
        ],
        ids=[
            "intervals across midnight",
            "intervals to 24:00",
            "24/7 weeks",
            "night shifts",
            "split days",
            "regional calendars",
            "special days closed all day",
        ],
    )
    def test_exists(
        self, strategy: st.SearchStrategy[Any], condition: Callable[[Any], object]
    ) -> None:
        minimal(strategy, condition)


class TestEveryExample:
    """The function docstrings: what every generated example satisfies."""

    @given(business_hours())
    def test_business_hours_have_weekly_openings(self, hours: BusinessHours) -> None:
        assert any(hours.week.for_weekday(day) for day in range(7))

    @given(st.data())
    def test_aware_datetimes_lie_in_the_zone_and_between_the_dates(
        self, data: st.DataObject
    ) -> None:
        hours = data.draw(business_hours())
        first = data.draw(st.dates(date(2024, 1, 1), date(2027, 12, 1)))
        last = first + timedelta(days=data.draw(st.integers(2, 60)))
        moment = data.draw(aware_datetimes(hours, min_date=first, max_date=last))
        assert str(moment.tzinfo) == hours.tz
        assert first <= moment.date() <= last

    @given(st.data())
    def test_durations_stay_within_max_hours(self, data: st.DataObject) -> None:
        max_hours = data.draw(st.integers(0, 5_000))
        allow_negative = data.draw(st.booleans())
        duration = data.draw(durations(max_hours=max_hours, allow_negative=allow_negative))
        assert abs(duration) <= timedelta(hours=max_hours)
        assert allow_negative or duration >= timedelta(0)

    @given(closures())
    def test_closures_last_one_to_fourteen_days(self, closure: Closure) -> None:
        assert 1 <= (closure.last - closure.start).days + 1 <= 14

    @given(targets())
    def test_targets_last_one_second_to_a_week(self, target: Target) -> None:
        assert timedelta(seconds=1) <= target.duration <= timedelta(days=7)

    @given(policies(hours=OFFICE_UTC))
    def test_policies_have_a_first_response_target_per_channel(
        self, policy: sl.ServiceLevelPolicy
    ) -> None:
        for channel in policy.channels:
            assert any(
                rule.metric is Metric.FIRST_RESPONSE and rule.channel is channel
                for rule in policy.targets
            )
        for hours in policy.channel_hours.values():
            assert hours.week == BusinessHours.always().week

    @given(st.data())
    def test_contacts_use_a_channel_the_policy_supports(self, data: st.DataObject) -> None:
        policy = data.draw(policies(hours=OFFICE_UTC))
        contact = data.draw(contacts(policy))
        assert contact.channel in policy.channels


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("UTC", ()),
        ("Asia/Kolkata", ()),
        (
            "Europe/Amsterdam",
            (datetime(2025, 3, 30, 1, tzinfo=UTC), datetime(2025, 10, 26, 1, tzinfo=UTC)),
        ),
        (
            "America/New_York",
            (datetime(2025, 3, 9, 7, tzinfo=UTC), datetime(2025, 11, 2, 6, tzinfo=UTC)),
        ),
        # Lord Howe moves its clocks by 30 minutes
        (
            "Australia/Lord_Howe",
            (datetime(2025, 4, 5, 15, tzinfo=UTC), datetime(2025, 10, 4, 15, 30, tzinfo=UTC)),
        ),
    ],
)
def test_dst_transitions(tz: str, expected: tuple[datetime, ...]) -> None:
    assert dst_transitions(tz, 2025) == expected


@pytest.mark.parametrize(
    "strategy",
    [
        durations(max_hours=-1),
        durations(max_hours=-1, allow_negative=False),
        closures(min_date=date(2025, 2, 1), max_date=date(2025, 1, 1)),
        special_days(min_date=date(2025, 2, 1), max_date=date(2025, 1, 1)),
        aware_datetimes(min_date=date(2025, 2, 1), max_date=date(2025, 1, 1)),
        contact_events(min_date=date(2025, 2, 1), max_date=date(2025, 1, 1)),
        opening_intervals(step_minutes=2_000),
    ],
    ids=[
        "negative max_hours",
        "negative max_hours, not negative",
        "closures ending before they start",
        "special days ending before they start",
        "datetimes ending before they start",
        "events ending before they start",
        "a step longer than a day",
    ],
)
def test_bad_arguments_are_invalid(strategy: st.SearchStrategy[Any]) -> None:
    with pytest.raises(InvalidArgument):
        minimal(strategy)


@pytest.mark.parametrize("step", [0, -15, 1_441, 7.5, True])
@pytest.mark.parametrize("strategy", [opening_intervals, weekly_hours])
def test_a_step_of_no_whole_minutes_in_a_day_is_invalid_not_a_division_by_zero(
    strategy: Callable[..., st.SearchStrategy[Any]], step: object
) -> None:
    with pytest.raises(InvalidArgument, match=r"step_minutes=.*from 1 to 1440"):
        minimal(strategy(step_minutes=step))


REGISTERED = [
    sl.BusinessHours,
    sl.WeeklyHours,
    sl.OpeningInterval,
    sl.HolidayCalendar,
    sl.Closure,
    sl.SpecialDay,
    sl.Target,
    sl.ServiceLevelPolicy,
    sl.Contact,
    sl.ContactEvent,
    sl.SectorProfile,
    sl.SlaStatus,
]


class TestRegistration:
    """The module docstring: importing hypothesis registers the strategies for ``st.from_type``."""

    def test_the_entry_point_is_the_setup_hook(self) -> None:
        (entry,) = [
            point for point in entry_points(group="hypothesis") if point.name == "servicelevel"
        ]
        assert entry.load() is _hypothesis_setup_hook

    @pytest.mark.parametrize("kind", REGISTERED, ids=lambda kind: kind.__name__)
    def test_from_type_draws_every_model(self, kind: type[Any]) -> None:
        first = find(st.from_type(kind), lambda _: True, settings=settings(phases=[Phase.generate]))
        assert isinstance(first, kind)

    def test_from_type_works_when_the_strategies_import_hypothesis_first(self) -> None:
        # The hook runs while hypothesis is imported; here that happens inside
        # servicelevel.strategies, which must not be imported back eagerly.
        script = (
            "import servicelevel.strategies\n"
            "from hypothesis import Phase, find, settings, strategies as st\n"
            "from servicelevel import BusinessHours\n"
            "quick = settings(phases=[Phase.generate])\n"
            "print(type(find(st.from_type(BusinessHours), lambda _: True, settings=quick)).__name__)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "BusinessHours"
