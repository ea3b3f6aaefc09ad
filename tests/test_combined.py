"""Schedules across time zones: unions (follow-the-sun) and intersections.

The expected values are worked out by hand from the two teams' local hours:
Amsterdam 09:00-17:00 (CET = UTC+1, CEST = UTC+2) with Dutch holidays, New
York 09:00-17:00 (EST = UTC-5, EDT = UTC-4) with US holidays. In 2025 the US
moves to summer time on 9 March and back on 2 November, the EU on 30 March
and back on 26 October.
"""

from __future__ import annotations

import gc
import tomllib
import weakref
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from servicelevel import (
    ArgumentTypeError,
    BusinessHours,
    CombinedHours,
    NeverClosesError,
    NoOpeningHoursError,
    Schedule,
    add_business_time,
    add_working_days,
    business_time_between,
    describe_hours,
    end_of_working_day,
    is_open,
    next_close,
    next_open,
    next_opening_after,
    previous_close,
    previous_open,
    start_of_working_day,
    working_day,
    working_days_between,
)
from servicelevel.arrays import add_business_time_array
from servicelevel.strategies import (
    aware_datetimes,
    closures,
    combined_hours,
    durations,
    special_days,
    weekly_hours,
)
from tests import reference
from tests.common import AMS, NY, UTC, assert_deadline, at, hours, utc

AMSTERDAM = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL")
NEW_YORK = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="America/New_York", holidays="US")
DESK = AMSTERDAM | NEW_YORK


# -- follow-the-sun ---------------------------------------------------------------


def test_a_winter_day_runs_from_amsterdam_morning_to_new_york_evening() -> None:
    # 17:00 in New York (EST) is 23:00 in Amsterdam (CET): 14 hours in one stretch.
    assert is_open(DESK, at("2025-01-13 22:59"))
    assert not is_open(DESK, at("2025-01-13 23:00"))
    assert next_close(DESK, at("2025-01-13 12:00")) == at("2025-01-13 23:00")
    assert business_time_between(DESK, at("2025-01-13 00:00"), at("2025-01-14 00:00")) == hours(14)


def test_new_york_hours_follow_new_yorks_dst_not_amsterdams() -> None:
    # 12 March 2025: New York is on EDT already, Amsterdam still on CET, so New York
    # closes at 22:00 Amsterdam time; written in Amsterdam time it would say 23:00.
    assert next_close(DESK, at("2025-03-12 12:00")) == at("2025-03-12 22:00")
    assert not is_open(DESK, at("2025-03-12 22:30"))
    # 2 April 2025: both on summer time again, 17:00 EDT is 23:00 CEST.
    assert next_close(DESK, at("2025-04-02 12:00")) == at("2025-04-02 23:00")


def test_a_holiday_on_one_side_leaves_the_other_teams_hours() -> None:
    # 4 July 2025 (a Friday): only Amsterdam works.
    assert next_close(DESK, at("2025-07-04 10:00")) == at("2025-07-04 17:00")
    assert next_open(DESK, at("2025-07-04 17:00")) == at("2025-07-07 09:00")
    # Easter Monday, 21 April 2025: only New York works, 09:00 EDT = 15:00 CEST.
    assert next_open(DESK, at("2025-04-21 08:00")) == at("2025-04-21 15:00")


def test_a_holiday_on_both_sides_is_closed() -> None:
    assert next_open(DESK, at("2025-12-25 08:00")) == at("2025-12-26 15:00", AMS)


def test_a_deadline_passes_from_one_team_to_the_next_day() -> None:
    # Friday 22:00 CET: one hour left of New York's day, then Monday from 09:00.
    assert_deadline(DESK, at("2025-01-10 22:00"), hours(2), at("2025-01-13 10:00"))
    assert_deadline(DESK, at("2025-01-13 10:00"), hours(14), at("2025-01-14 10:00"))


def test_looking_backwards_and_around() -> None:
    moment = at("2025-01-14 08:00")
    assert previous_close(DESK, moment) == at("2025-01-13 23:00")
    assert previous_open(DESK, moment) == at("2025-01-13 09:00")
    assert next_opening_after(DESK, at("2025-01-13 10:00")) == at("2025-01-14 09:00")


def test_results_are_in_the_zone_of_the_first_member_by_default() -> None:
    assert DESK.zone is AMS
    result = add_business_time(DESK, at("2025-01-13 10:00", UTC), hours(1))
    assert result.tzinfo is AMS


def test_results_are_in_the_zone_the_combination_names() -> None:
    desk = CombinedHours.union(AMSTERDAM, NEW_YORK, tz="America/New_York")
    result = next_close(desk, at("2025-01-13 12:00"))
    assert result.tzinfo is NY
    assert result == at("2025-01-13 17:00", NY)


def test_a_period_over_the_combinations_new_year_is_one_period() -> None:
    # A New York night shift 17:00-02:00 starts at 23:00 Amsterdam time on New Year's
    # Eve: the Amsterdam-zoned index cuts it at its year seam and must join it again.
    night = BusinessHours.weekly({"mon-sun": "17:00-02:00"}, tz="America/New_York")
    desk = AMSTERDAM | night
    assert previous_open(desk, at("2026-01-01 00:30")) == at("2025-12-31 23:00")
    assert next_close(desk, at("2025-12-31 23:30")) == at("2026-01-01 08:00")
    assert business_time_between(desk, at("2025-12-31 22:00"), at("2026-01-01 09:00")) == hours(9)


def test_around_the_clock_on_one_side_never_closes() -> None:
    desk = AMSTERDAM | BusinessHours.always(tz="America/New_York")
    assert is_open(desk, at("2025-12-25 03:00"))
    with pytest.raises(NeverClosesError):
        next_close(desk, at("2025-12-25 03:00"))


# -- working days ----------------------------------------------------------------------


def test_a_working_day_is_a_date_on_which_either_team_works() -> None:
    # Christmas closes both teams; Boxing Day only Amsterdam (New York works 15:00-23:00).
    received = at("2025-12-24 20:00")
    assert add_working_days(DESK, received, 1) == at("2025-12-26 20:00")
    assert working_days_between(DESK, date(2025, 12, 22), date(2026, 1, 5)) == 8
    assert working_days_between(AMSTERDAM, date(2025, 12, 22), date(2026, 1, 5)) == 7
    assert start_of_working_day(DESK, date(2025, 12, 26)) == at("2025-12-26 15:00")


def test_the_working_day_of_one_team_follows_its_own_holidays() -> None:
    assert start_of_working_day(DESK, date(2025, 7, 4)) == at("2025-07-04 09:00")
    assert end_of_working_day(DESK, date(2025, 7, 4)) == at("2025-07-04 17:00")
    assert end_of_working_day(DESK, date(2025, 4, 21)) == at("2025-04-21 23:00")


def test_an_opening_over_local_midnight_counts_in_both_dates() -> None:
    # New York 17:00-20:00 is 23:00-02:00 in Amsterdam: Saturday 00:00-02:00 is open,
    # so Saturday is a working day of the combination (in Amsterdam dates).
    evening = BusinessHours.weekly({"fri": "17:00-20:00"}, tz="America/New_York")
    desk = AMSTERDAM | evening
    assert working_day(desk, date(2025, 1, 11)) == date(2025, 1, 11)
    assert start_of_working_day(desk, date(2025, 1, 11)) == at("2025-01-11 00:00")


# -- intersections ---------------------------------------------------------------


def test_team_hours_within_building_hours() -> None:
    team = BusinessHours.weekly({"mon-sun": "07:00-23:00"}, tz="Europe/London")
    building = BusinessHours.weekly({"mon-fri": "08:00-18:00"}, tz="Europe/Amsterdam")
    open_ = team & building
    # London 07:00 is 08:00 in Amsterdam: the building decides both ends.
    assert next_open(open_, at("2025-01-11 12:00")) == at("2025-01-13 08:00")
    assert next_close(open_, at("2025-01-13 08:00")) == at("2025-01-13 18:00")
    assert_deadline(open_, at("2025-01-13 17:00"), hours(2), at("2025-01-14 09:00"))


def test_an_intersection_of_two_zones_keeps_only_the_shared_hours() -> None:
    both = AMSTERDAM & NEW_YORK
    # 09:00 EST is 15:00 CET: one shared hour on an ordinary winter day...
    assert business_time_between(both, at("2025-01-13 00:00"), at("2025-01-14 00:00")) == hours(2)
    # ... and three in the weeks New York is on summer time and Amsterdam is not.
    assert business_time_between(both, at("2025-03-12 00:00"), at("2025-03-13 00:00")) == hours(3)


def test_an_intersection_that_never_overlaps_never_opens() -> None:
    mornings = BusinessHours.weekly({"mon-fri": "08:00-10:00"}, tz="Europe/Amsterdam")
    evenings = BusinessHours.weekly({"mon-fri": "18:00-20:00"}, tz="Europe/Amsterdam")
    with pytest.raises(NoOpeningHoursError):
        next_open(mornings & evenings, at("2025-01-13 12:00"))
    with pytest.raises(NoOpeningHoursError):
        add_business_time(mornings & evenings, at("2025-01-13 12:00"), hours(1))


def test_an_intersection_with_a_schedule_that_never_opens_is_rejected() -> None:
    never = BusinessHours(tz="Europe/Amsterdam")
    assert not (AMSTERDAM & never).has_openings
    with pytest.raises(NoOpeningHoursError):
        is_open(AMSTERDAM & never, at("2025-01-13 12:00"))


def test_a_union_with_a_schedule_that_never_opens_is_the_other_schedule() -> None:
    never = BusinessHours(tz="America/New_York")
    moment = at("2025-01-13 12:00")
    assert next_close(AMSTERDAM | never, moment) == next_close(AMSTERDAM, moment)


def test_combinations_nest() -> None:
    building = BusinessHours.weekly({"mon-fri": "08:00-20:00"}, tz="Europe/Amsterdam")
    nested = DESK & building
    assert next_close(nested, at("2025-01-13 12:00")) == at("2025-01-13 20:00")
    assert_deadline(nested, at("2025-01-13 19:00"), hours(2), at("2025-01-14 10:00"))


# -- the model ---------------------------------------------------------------------


def test_operators_and_constructors_agree() -> None:
    assert CombinedHours.union(AMSTERDAM, NEW_YORK) == AMSTERDAM | NEW_YORK
    assert CombinedHours.intersection(AMSTERDAM, NEW_YORK) == AMSTERDAM & NEW_YORK
    assert (DESK | AMSTERDAM).schedules == (DESK, AMSTERDAM)


def test_json_round_trip_and_the_schedule_type() -> None:
    text = DESK.model_dump_json()
    assert CombinedHours.model_validate_json(text) == DESK
    adapter: TypeAdapter[Schedule] = TypeAdapter(Schedule)
    assert adapter.validate_json(text) == DESK
    assert adapter.validate_json(AMSTERDAM.model_dump_json()) == AMSTERDAM


def test_toml_reads_like_the_python() -> None:
    text = """
    mode = "union"
    tz = "Europe/Amsterdam"

    [[schedules]]
    tz = "Europe/Amsterdam"
    holidays = ["NL"]
    week.mon = ["09:00-17:00"]
    week.tue = ["09:00-17:00"]
    week.wed = ["09:00-17:00"]
    week.thu = ["09:00-17:00"]
    week.fri = ["09:00-17:00"]

    [[schedules]]
    tz = "America/New_York"
    holidays = ["US"]
    week.mon = ["09:00-17:00"]
    week.tue = ["09:00-17:00"]
    week.wed = ["09:00-17:00"]
    week.thu = ["09:00-17:00"]
    week.fri = ["09:00-17:00"]
    """
    loaded = CombinedHours.model_validate(tomllib.loads(text))
    assert loaded == CombinedHours.union(AMSTERDAM, NEW_YORK, tz="Europe/Amsterdam")


@pytest.mark.parametrize(
    ("data", "error_type"),
    [
        ({"mode": "union", "schedules": [AMSTERDAM]}, "too_short"),
        ({"mode": "union", "schedules": [AMSTERDAM] * 17}, "too_long"),
        ({"mode": "either", "schedules": [AMSTERDAM, NEW_YORK]}, "literal_error"),
        ({"mode": "union", "schedules": [AMSTERDAM, NEW_YORK], "tz": "Mars/Base"}, None),
    ],
)
def test_invalid_combinations_name_the_field(data: dict[str, object], error_type: str) -> None:
    with pytest.raises(ValidationError) as raised:
        CombinedHours.model_validate(data)
    if error_type is not None:
        assert raised.value.errors()[0]["type"] == error_type
    else:
        assert raised.value.errors()[0]["loc"] == ("tz",)


def test_only_schedules_combine() -> None:
    with pytest.raises(ArgumentTypeError, match="combines BusinessHours or CombinedHours"):
        CombinedHours.union(AMSTERDAM, "09:00-17:00")  # type: ignore[arg-type]


def test_repr_is_one_line() -> None:
    assert repr(DESK) == "CombinedHours(union of 2 schedules)"
    assert "BusinessHours (America/New_York)" in DESK._repr_html_()


# -- published hours --------------------------------------------------------------------


def test_a_union_is_published_as_each_teams_hours_after_its_place() -> None:
    assert describe_hours(DESK, "en") == (
        "Amsterdam: Mon-Fri 9:00 AM-5:00 PM, closed on public holidays; "
        "New York: Mon-Fri 9:00 AM-5:00 PM, closed on public holidays"
    )
    nested = CombinedHours.union(DESK, BusinessHours.always(tz="UTC+05:30"))
    assert describe_hours(nested, "nl").startswith("Amsterdam: ma t/m vr 09:00-17:00")
    assert "UTC+05:30: " in describe_hours(nested, "nl")


def test_an_intersection_cannot_be_worded_and_says_what_to_do() -> None:
    with pytest.raises(ArgumentTypeError, match=r"describe_hours\(combined.schedules\[0\]"):
        describe_hours(AMSTERDAM & NEW_YORK, "nl")


# -- the index -----------------------------------------------------------------------


def test_answers_do_not_depend_on_earlier_questions() -> None:
    fresh = AMSTERDAM | NEW_YORK.model_copy(update={"holidays": ()})
    warmed = AMSTERDAM | NEW_YORK.model_copy(update={"holidays": ()})
    moment = at("2025-06-02 10:00")
    next_close(warmed, at("2090-01-02 10:00"))
    assert add_business_time(fresh, moment, hours(300)) == add_business_time(
        warmed, moment, hours(300)
    )


def test_a_dropped_combination_is_not_kept_alive() -> None:
    desk = BusinessHours.weekly({"mon": "10:00-11:00"}, tz="UTC") | NEW_YORK
    is_open(desk, at("2025-01-13 12:00"))
    ref = weakref.ref(desk)
    del desk
    gc.collect()
    assert ref() is None


def test_the_array_path_equals_the_scalar_one() -> None:
    np = pytest.importorskip("numpy")
    starts = [at("2025-01-10 22:00"), at("2025-03-12 21:30"), at("2025-07-04 16:00")]
    naive = np.array([utc(start).replace(tzinfo=None) for start in starts], "M8[us]")
    found = add_business_time_array(DESK, naive, hours(3))
    expected = [add_business_time(DESK, start, hours(3)) for start in starts]
    assert [value.item() for value in found] == [utc(e).replace(tzinfo=None) for e in expected]


# -- properties: the index against the simple reference ---------------------------------

_ZONES = ("UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")


# Lighter members than business_hours() (no holiday calendars, no rules), so that
# the examples go to the combination itself; the members' own rules have their tests.
_MEMBERS = st.builds(
    BusinessHours,
    tz=st.sampled_from(_ZONES),
    week=weekly_hours(),
    closures=st.lists(closures(), max_size=2).map(tuple),
    special_days=st.lists(special_days(), max_size=2, unique_by=lambda day: day.date).map(tuple),
)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[CombinedHours, datetime, timedelta]:
    combined = draw(combined_hours(members=_MEMBERS, time_zones=_ZONES))
    return combined, draw(aware_datetimes(combined)), draw(durations(max_hours=100))


@given(_cases())
def test_add_matches_the_reference(case: tuple[CombinedHours, datetime, timedelta]) -> None:
    combined, start, duration = case
    expected = reference.add(combined, start, duration, days=200)
    assume(expected is not None)
    assert expected is not None
    result = add_business_time(combined, start, duration)
    assert utc(result) == utc(expected)
    assert result.tzinfo is combined.zone


@given(_cases())
def test_between_matches_the_reference(case: tuple[CombinedHours, datetime, timedelta]) -> None:
    combined, start, duration = case
    end = start + duration
    assert business_time_between(combined, start, end) == reference.between(combined, start, end)


@given(_cases())
def test_open_when_any_or_all_members_are(case: tuple[CombinedHours, datetime, timedelta]) -> None:
    combined, start, _ = case
    members = [is_open(member, start) for member in combined.schedules]
    expected = any(members) if combined.mode == "union" else all(members)
    try:
        assert is_open(combined, start) == expected
    except NoOpeningHoursError:
        assert not combined.has_openings
