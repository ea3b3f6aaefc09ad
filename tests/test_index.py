"""The compiled index: cost follows the years asked for, answers never depend on
earlier questions, every search is bounded, caches are bounded and let go of
dropped schedules, and the fast conversions equal the general ones."""

from __future__ import annotations

import gc
import itertools
import weakref
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Closure,
    HolidayCalendarRangeError,
    LimitExceededError,
    NeverClosesError,
    NoOpeningHoursError,
    OpeningInterval,
    OutOfRangeError,
    SpecialDay,
    _timeline,
    add_business_time,
    business_time_between,
    describe_hours,
    is_open,
    load_policy,
    next_close,
    next_open,
    next_opening_after,
    previous_close,
    previous_open,
)
from servicelevel._hours import MAX_CLOSURES
from servicelevel._instants import from_us, to_us
from servicelevel._timeline import Timeline
from servicelevel.strategies import aware_datetimes, business_hours

from .common import AMS, OFFICE, OFFICE_NL, at, hours

WEEK = {"mon-fri": "09:00-17:00"}


_UNIQUE = itertools.count()


def unique_schedule(*closed: Closure) -> BusinessHours:
    """Office hours that no other test shares, so that their index starts empty."""
    marker = Closure(start=date(1600, 1, 1), reason=f"test {next(_UNIQUE)}")
    return BusinessHours.weekly(WEEK, tz="Europe/Amsterdam", closed=[marker, *closed])


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The years compiled while the test runs."""
    years: list[int] = []
    original = _timeline.compile_years

    def spy(schedule: BusinessHours, first: int, last: int) -> _timeline.Snapshot:
        years.extend(range(first, last + 1))
        return original(schedule, first, last)

    monkeypatch.setattr(_timeline, "compile_years", spy)
    return years


class TestCostFollowsTheYearsAskedFor:
    def test_a_far_question_compiles_only_its_own_year(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        assert is_open(schedule, at("2025-03-03 10:00"))
        assert is_open(schedule, at("2090-03-03 10:00"))
        assert compiled == [2025, 2090]

    def test_year_9000_then_2025(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        next_open(schedule, at("9000-06-03 20:00"))
        add_business_time(schedule, at("2025-06-03 20:00"), hours(-3))
        assert compiled == [9000, 2025]

    def test_a_long_deadline_compiles_the_years_it_passes_once(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        deadline = add_business_time(schedule, at("2025-03-03 10:00"), hours(8 * 261 * 3))
        assert deadline.year == 2028
        assert compiled == [2025, 2026, 2027, 2028]

    def test_between_compiles_each_year_between_once(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        business_time_between(schedule, at("2025-01-06 09:00"), at("2090-01-06 09:00"))
        assert sorted(compiled) == list(range(2025, 2091))

    def test_a_closure_of_the_whole_calendar_is_answered_at_once(self, compiled: list[int]) -> None:
        everything = Closure(start=date(1, 1, 1), end=date(9999, 12, 31))
        schedule = unique_schedule(everything)
        assert not is_open(schedule, at("2025-03-03 10:00"))
        with pytest.raises(NoOpeningHoursError, match="20 years"):
            next_open(schedule, at("2025-03-03 10:00"))
        assert business_time_between(schedule, at("2025-01-01 00:00"), at("9000-01-01 00:00")) == (
            timedelta(0)
        )
        assert sorted(compiled) == [2025, 9000]  # the years in between are known empty

    def test_a_year_is_compiled_in_milliseconds_not_seconds(self) -> None:
        # Not a timing assertion: the work per year is a fixed number of days.
        schedule = unique_schedule()
        chunk = Timeline(schedule).chunk(2090)
        assert chunk.days is not None
        assert chunk.days.day_count == 365
        assert len(chunk.starts) == 260  # the weekdays of 2090


class TestEverySearchIsBounded:
    def test_special_days_only_never_open_enough(self) -> None:
        schedule = BusinessHours(
            tz="UTC", special_days=[SpecialDay(date=date(2025, 1, 6), hours="09:00-17:00")]
        )
        with pytest.raises(NoOpeningHoursError, match=r"only on special days.*8:00:00"):
            add_business_time(schedule, at("2025-01-01 00:00"), hours(100))
        with pytest.raises(NoOpeningHoursError, match="only on special days"):
            add_business_time(schedule, at("2025-02-01 00:00"), hours(-100))
        assert add_business_time(schedule, at("2025-01-01 00:00"), hours(8)) == at(
            "2025-01-06 18:00"
        )

    def test_special_days_far_apart_are_reached(self) -> None:
        schedule = BusinessHours(
            tz="UTC",
            special_days=[
                SpecialDay(date=date(2025, 1, 6), hours="09:00-17:00"),
                SpecialDay(date=date(2030, 1, 7), hours="09:00-17:00"),
            ],
        )
        deadline = add_business_time(schedule, at("2025-01-06 09:00", UTC), hours(12))
        assert deadline == datetime(2030, 1, 7, 13, tzinfo=ZoneInfo("UTC"))

    def test_a_duration_beyond_the_calendar_fails_before_compiling_it(
        self, compiled: list[int]
    ) -> None:
        schedule = unique_schedule()
        with pytest.raises(OutOfRangeError, match="1-9999"):
            add_business_time(schedule, at("2025-01-06 09:00"), timedelta(days=3_000_000))
        with pytest.raises(OutOfRangeError, match="1-9999"):
            add_business_time(schedule, at("2025-01-06 09:00"), -timedelta(days=3_000_000))
        assert compiled == [2025]

    @pytest.mark.parametrize(
        ("search", "closed", "moment", "message"),
        [
            (next_open, "2025-01-01/2045-03-31", "2025-01-06 10:00", "20 years after"),
            (next_opening_after, "2025-01-01/2045-03-31", "2025-01-06 10:00", "20 years after"),
            (previous_close, "2024-10-01/2045-06-30", "2044-11-15 10:00", "20 years before"),
            (previous_open, "2024-10-01/2045-06-30", "2044-11-15 10:00", "20 years before"),
        ],
    )
    def test_searches_look_twenty_years_not_twenty_calendar_years(
        self,
        search: Callable[[BusinessHours, datetime], datetime],
        closed: str,
        moment: str,
        message: str,
    ) -> None:
        # The year of the next (or last) opening is within reach, the opening in it
        # lies a little more than 20 years away.
        first, last = (date.fromisoformat(text) for text in closed.split("/"))
        closure = Closure(start=first, end=last)
        schedule = BusinessHours.weekly(WEEK, tz="Europe/Amsterdam", closed=[closure])
        with pytest.raises(NoOpeningHoursError, match=message):
            search(schedule, at(moment))

    def test_next_close_of_a_closed_schedule_is_no_opening(self) -> None:
        closed = unique_schedule(Closure(start=date(2025, 1, 1), end=date(2070, 1, 1)))
        with pytest.raises(NoOpeningHoursError, match="20 years after"):
            next_close(closed, at("2025-06-01 12:00"))

    def test_next_close_of_24_7_gives_up_after_twenty_years(self) -> None:
        with pytest.raises(NeverClosesError, match="20 years"):
            next_close(BusinessHours.always(tz="Pacific/Apia"), at("2025-06-01 12:00"))

    @pytest.mark.parametrize("days", [367, 2_000_000, -1])
    def test_describe_hours_lists_at_most_a_year(self, days: int) -> None:
        with pytest.raises(LimitExceededError, match="between 0 and 366"):
            describe_hours(OFFICE_NL, "en", upcoming_from=date(2025, 1, 1), days=days)

    def test_a_night_shift_from_a_year_the_calendar_does_not_know(self) -> None:
        # NL's calendar starts in 1966: office hours of early 1966 do not need 1965's
        # holidays, a night shift that began on 31 December 1965 does.
        office = BusinessHours.weekly(WEEK, tz="Europe/Amsterdam", holidays="NL")
        assert is_open(office, at("1966-01-03 10:00"))
        nights = BusinessHours.weekly(
            {"daily": "22:00-06:00"}, tz="Europe/Amsterdam", holidays="NL"
        )
        with pytest.raises(HolidayCalendarRangeError, match="1965"):
            is_open(nights, at("1966-01-01 03:00"))

    def test_describe_hours_lists_a_whole_year(self) -> None:
        text = describe_hours(OFFICE_NL, "en", upcoming_from=date(2025, 1, 1), days=366)
        assert "Dec 25 closed" in text


def _answers(line: Timeline, question: tuple[str, int, int]) -> object:
    """The answer to one question, or the type of the error it raises."""
    kind, first, second = question
    calls: dict[str, Callable[[], object]] = {
        "add": lambda: line.add(first, second)[0],
        "between": lambda: line.between(first, second),
        "is_open": lambda: line.is_open(first),
        "next_open": lambda: line.next_open(first)[0],
        "next_close": lambda: line.next_close(first)[0],
    }
    try:
        return calls[kind]()
    except (NoOpeningHoursError, NeverClosesError, OutOfRangeError) as error:
        return type(error)


def _us(text: str) -> int:
    return to_us(at(text), "at")


HOUR_US = 3_600_000_000
CLOSED_35_YEARS = BusinessHours.weekly(
    WEEK, tz="Europe/Amsterdam", closed=[Closure(start=date(2025, 1, 1), end=date(2059, 12, 31))]
)


class TestAnswersNeverDependOnEarlierQuestions:
    @pytest.mark.parametrize(
        ("schedule", "question", "earlier"),
        [
            # The cases: across a 35-year closure, after an unrelated question.
            (CLOSED_35_YEARS, ("next_open", _us("2025-06-01 12:00"), 0), [("is_open", _us("2061-01-03 10:00"), 0)]),
            (CLOSED_35_YEARS, ("add", _us("2025-06-01 12:00"), HOUR_US), [("is_open", _us("2061-01-03 10:00"), 0)]),
            (CLOSED_35_YEARS, ("add", _us("2061-06-01 12:00"), -HOUR_US), [("is_open", _us("2030-01-03 10:00"), 0)]),
            # A backward deadline after a forward one.
            (OFFICE_NL, ("add", _us("2025-01-06 10:00"), -2_000 * HOUR_US), [("add", _us("2025-01-06 10:00"), 2_000 * HOUR_US)]),
            # Questions in 2090 after 2025 and the other way round.
            (OFFICE_NL, ("between", _us("2025-01-06 10:00"), _us("2090-01-06 10:00")), [("is_open", _us("2090-05-05 10:00"), 0)]),
            (OFFICE_NL, ("next_close", _us("2090-12-31 23:00"), 0), [("between", _us("2025-01-01 00:00"), _us("2027-01-01 00:00"))]),
            (BusinessHours.always(tz="America/New_York"), ("next_close", _us("2025-12-31 23:30"), 0), [("is_open", _us("2030-01-01 00:00"), 0)]),
        ],
    )  # fmt: skip
    def test_the_same_answer_fresh_and_after_other_questions(
        self,
        schedule: BusinessHours,
        question: tuple[str, int, int],
        earlier: list[tuple[str, int, int]],
    ) -> None:
        fresh = _answers(Timeline(schedule), question)
        warmed = Timeline(schedule)
        for other in earlier:
            _answers(warmed, other)
        assert _answers(warmed, question) == fresh

    def test_across_a_35_year_closure_the_answer_is_always_no_opening(self) -> None:
        start = _us("2025-06-01 12:00")
        warmed = Timeline(CLOSED_35_YEARS)
        warmed.is_open(_us("2061-01-03 10:00"))
        assert _answers(warmed, ("next_open", start, 0)) is NoOpeningHoursError

    @given(st.data())
    def test_any_order_of_questions(self, data: st.DataObject) -> None:
        schedule = data.draw(business_hours())
        instants = st.builds(
            lambda moment, years: to_us(moment, "at") + years * 365 * 24 * HOUR_US,
            aware_datetimes(schedule),
            st.integers(-30, 60),
        )
        questions = st.tuples(
            st.sampled_from(["add", "between", "is_open", "next_open", "next_close"]),
            instants,
            st.integers(-3_000, 3_000).map(lambda n: n * HOUR_US // 3),
        ).map(lambda q: (q[0], q[1], q[1] + q[2] if q[0] == "between" else q[2]))
        question = data.draw(questions)
        earlier = data.draw(st.lists(questions, max_size=4))
        warmed = Timeline(schedule)
        for other in earlier:
            _answers(warmed, other)
        assert _answers(warmed, question) == _answers(Timeline(schedule), question)


class TestCachesAreBoundedAndLetGo:
    def test_dropped_schedules_and_their_indexes_are_collected(self) -> None:
        refs: list[weakref.ref[BusinessHours]] = []
        for n in range(200):
            schedule = BusinessHours.weekly(
                {"mon-fri": f"09:{n % 60:02d}-17:00"},
                tz="Europe/Amsterdam",
                special={date(2025, 1, 1) + timedelta(days=n): "10:00-12:00"},
            )
            assert is_open(schedule, at("2025-09-03 12:00"))
            refs.append(weakref.ref(schedule))
        del schedule
        gc.collect()
        assert [ref for ref in refs if ref() is not None] == []
        assert len(_timeline._CACHE.by_value) <= _timeline._CACHE.size

    def test_the_cache_by_value_holds_a_copy_not_the_callers_object(self) -> None:
        schedule = unique_schedule()
        line = _timeline.timeline(schedule)
        assert all(key is not schedule for key in _timeline._CACHE.by_value)
        copy = BusinessHours.model_validate_json(schedule.model_dump_json())
        assert _timeline.timeline(copy) is line

    def test_an_index_keeps_a_bounded_number_of_years(self) -> None:
        line = Timeline(OFFICE)
        for year in range(2000, 2100):
            line.is_open(to_us(datetime(year, 6, 3, 12, tzinfo=AMS), "at"))
        assert len(line.by_year) == _timeline.CHUNKS_PER_SCHEDULE
        assert sorted(line.by_year) == list(range(2100 - _timeline.CHUNKS_PER_SCHEDULE, 2100))


class TestFastConversionsEqualTheGeneralOnes:
    @given(st.data())
    def test_instant_and_datetime_match_to_us_and_from_us(self, data: st.DataObject) -> None:
        schedule = data.draw(business_hours())
        line = _timeline.timeline(schedule)
        moment = data.draw(aware_datetimes(schedule))
        value = to_us(moment, "at")
        line.chunk(line.year_at(value))  # so that the table is there
        assert line.instant(moment, "at") == value
        expected = from_us(value, schedule.zone)
        found = line.datetime_at(value, line.chunk(line.year_at(value)))
        assert (found, found.fold, found.tzinfo) == (expected, expected.fold, expected.tzinfo)

    @given(st.data())
    def test_the_deadline_fast_path_equals_the_general_path(self, data: st.DataObject) -> None:
        schedule = data.draw(business_hours())
        start = data.draw(aware_datetimes(schedule))
        duration = data.draw(st.timedeltas(timedelta(hours=-300), timedelta(hours=300)))
        line = Timeline(schedule)
        general = from_us(
            line.add(to_us(start, "start"), duration // timedelta(microseconds=1))[0], schedule.zone
        )
        fast = add_business_time(schedule, start, duration)
        assert (fast, fast.fold, fast.tzinfo) == (general, general.fold, general.tzinfo)

    @pytest.mark.parametrize("tz", ["Europe/Amsterdam", "America/Havana", "Pacific/Apia"])
    def test_dst_days_take_the_general_path(self, tz: str) -> None:
        zone = ZoneInfo(tz)
        line = Timeline(BusinessHours.always(tz=tz))
        for hour in range(0, 24 * 366 * 2, 5):
            value = to_us(datetime(2011, 1, 1, tzinfo=UTC), "at") + hour * HOUR_US
            line.chunk(line.year_at(value))
            expected = from_us(value, zone)
            assert line.datetime_at(value, line.chunk(line.year_at(value))) == expected
            assert line.instant(expected, "at") == value


class TestEdgeSemantics:
    def test_an_interval_that_ends_at_its_start_is_ambiguous(self) -> None:
        with pytest.raises(ValidationError, match=r"24-hour shift .* no opening at all"):
            BusinessHours.weekly({"mon": "09:00-09:00"}, tz="UTC")
        with pytest.raises(ValidationError, match="ambiguous"):
            OpeningInterval.model_validate({"start": "09:00", "end": "09:00"})
        assert OpeningInterval.parse("00:00-24:00").length_us == 24 * HOUR_US
        assert OpeningInterval.model_validate({"start": "09:00", "end": "17:00"}).length_us == (
            8 * HOUR_US
        )

    def test_intervals_on_leaves_out_an_interval_swallowed_by_a_dst_gap(self) -> None:
        schedule = BusinessHours.weekly({"sun": "02:30-03:00, 10:00-12:00"}, tz="Europe/Amsterdam")
        spring = date(2025, 3, 30)
        assert [str(iv) for iv in schedule.intervals_on(spring)] == ["10:00-12:00"]
        assert len(schedule.intervals_on(spring + timedelta(days=7))) == 2
        assert business_time_between(schedule, at("2025-03-30 00:00"), at("2025-03-31 00:00")) == (
            hours(2)
        )


class TestLimits:
    def test_a_policy_file_over_the_limit_is_a_clear_error(
        self, tmp_path: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pathlib import Path

        from servicelevel import _files

        monkeypatch.setattr(_files, "MAX_POLICY_BYTES", 1_000)
        path = Path(str(tmp_path)) / "policy.json"
        path.write_text("{" + " " * 2_000 + "}")
        with pytest.raises(LimitExceededError, match="larger than 1,000 bytes"):
            load_policy(path)

    def test_too_many_closures_is_a_validation_error_naming_the_field(self) -> None:
        closures = [{"start": "2025-01-01"}] * (MAX_CLOSURES + 1)
        with pytest.raises(ValidationError) as caught:
            BusinessHours.model_validate({"tz": "UTC", "closures": closures})
        assert caught.value.errors()[0]["type"] == "too_long"
        assert caught.value.errors()[0]["loc"] == ("closures",)


class TestTheWindowApi:
    """``covering``/``grow``/``_give_up``: windows of whole years built from the chunks."""

    def test_a_window_answers_like_the_index(self) -> None:
        line = Timeline(OFFICE_NL)
        first, last = _us("2025-12-30 10:00"), _us("2027-01-04 10:00")
        window = line.covering(first, last)
        assert (window.first_year, window.last_year) == (2025, 2027)
        assert window.lo <= first
        assert last < window.hi
        assert window.cumulative(last) - window.cumulative(first) == line.between(first, last)
        assert window.period_at(_us("2026-06-02 10:00")) >= 0

    def test_a_window_joins_periods_cut_at_new_year(self) -> None:
        line = Timeline(BusinessHours.always(tz="America/New_York"))
        assert len(line.chunk(2025).starts) == 1
        window = line.window(2025, 2027)
        assert len(window.starts) == 1
        assert window.after[-1] == window.hi - window.lo

    def test_grow_and_give_up_end_a_search(self) -> None:
        line = Timeline(CLOSED_35_YEARS)
        origin = _us("2025-06-01 12:00")
        window = line.covering(origin)

        def search() -> None:
            nonlocal window
            while True:
                _timeline._give_up(window, origin, forward=True, found=bool(window.starts))
                window = line.grow(window, forward=True)

        with pytest.raises(NoOpeningHoursError, match="20 years"):
            search()
        assert window.last_year - window.first_year <= 2 * (_timeline.SEARCH_YEARS + 2)


class TestTheIntegerApi:
    """The functions over UTC microseconds that the rest of the package builds on."""

    def test_they_answer_like_the_public_functions(self) -> None:
        start, end = at("2025-01-10 16:00"), at("2025-01-13 10:00")
        start_us, end_us = to_us(start, "start"), to_us(end, "end")
        assert _timeline.add(OFFICE, start_us, 0) == start_us
        assert _timeline.add(OFFICE, start_us, 2 * HOUR_US) == to_us(
            add_business_time(OFFICE, start, hours(2)), "at"
        )
        assert _timeline.between(OFFICE, start_us, end_us) == 2 * HOUR_US
        assert _timeline.is_open(OFFICE, start_us)
        assert _timeline.next_open(OFFICE, end_us) == end_us
        assert _timeline.next_close(OFFICE, end_us) == to_us(at("2025-01-13 17:00"), "at")
        assert _timeline.previous_open(OFFICE, start_us) == to_us(at("2025-01-10 09:00"), "at")
        assert _timeline.previous_close(OFFICE, end_us) == to_us(at("2025-01-10 17:00"), "at")
        assert _timeline.next_opening_after(OFFICE, end_us) == to_us(at("2025-01-14 09:00"), "at")

    def test_compile_years_joins_the_years(self) -> None:
        line = Timeline(OFFICE)
        joined = _timeline.compile_years(OFFICE, 2025, 2026)
        window = line.window(2025, 2026)
        assert (joined.starts, joined.after) == (window.starts, window.after)
        assert line.window(2025, 2026) is window  # cached
        assert joined.covers(window.lo)
        assert not joined.covers(window.hi)

    def test_grow_backward(self) -> None:
        line = Timeline(OFFICE)
        grown = line.grow(line.window(2025, 2025), forward=False)
        assert (grown.first_year, grown.last_year) == (2023, 2025)

    def test_instants_outside_the_calendar(self) -> None:
        from servicelevel._instants import MAX_US, MIN_US, year_of

        assert (year_of(MIN_US - 1), year_of(MAX_US + 1)) == (0, 10_000)
        with pytest.raises(OutOfRangeError, match="1-9999"):
            _timeline.is_open(OFFICE, MIN_US - 1)

    def test_a_start_that_is_not_a_datetime(self) -> None:
        with pytest.raises(TypeError, match=r"start must be a datetime\.datetime"):
            add_business_time(OFFICE, date(2025, 1, 6), hours(1))  # type: ignore[arg-type]


class TestArraysOverEmptyYears:
    def test_a_closed_year_has_no_business_time(self) -> None:
        import numpy as np

        from servicelevel.arrays import add_business_time_array, business_time_between_array

        closed = unique_schedule(Closure(start=date(2024, 12, 1), end=date(2026, 1, 31)))
        starts = np.array(["2025-03-03T10:00", "2025-06-03T10:00"], dtype="datetime64[us]")
        ends = np.array(["2025-04-03T10:00", "2026-02-02T10:00"], dtype="datetime64[us]")
        elapsed = business_time_between_array(closed, starts, ends)
        assert list(elapsed) == [np.timedelta64(0, "us"), np.timedelta64(7_200_000_000, "us")]
        deadlines = add_business_time_array(closed, starts, timedelta(hours=1))
        assert str(deadlines[0]) == "2026-02-02T09:00:00.000000"  # 10:00 in Amsterdam
