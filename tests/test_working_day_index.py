"""The working-day index: cost follows the years asked for, answers never depend
on earlier questions (or their order), caches are bounded and let go of dropped
schedules, and threads get the single-threaded answers."""

from __future__ import annotations

import gc
import itertools
import random
import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    BusinessHours,
    Closure,
    NoOpeningHoursError,
    OutOfRangeError,
    _working_days,
    add_working_days,
    end_of_working_day,
    start_of_working_day,
    working_day,
    working_days_between,
)
from servicelevel._schedule_cache import ScheduleCache
from servicelevel.strategies import aware_datetimes, business_hours

from . import reference
from .common import AMS, NY, at, in_threads, utc

WEEK = {"mon-fri": "09:00-17:00"}
_UNIQUE = itertools.count()


def unique_schedule(
    *closed: Closure, week: dict[str, str] = WEEK, holidays: tuple[str, ...] = ("NL",)
) -> BusinessHours:
    """A schedule no other test shares, so that its index starts empty."""
    marker = Closure(start=date(1600, 1, 1), reason=f"working-day index test {next(_UNIQUE)}")
    return BusinessHours.weekly(
        week, tz="Europe/Amsterdam", holidays=holidays, closed=[marker, *closed]
    )


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The years compiled while the test runs."""
    years: list[int] = []
    original = _working_days.compile_year

    def spy(schedule: BusinessHours, year: int) -> _working_days.Days:
        years.append(year)
        return original(schedule, year)

    monkeypatch.setattr(_working_days, "compile_year", spy)
    return years


# A question: (function name, schedule number, arguments after the schedule).
Question = tuple[str, int, tuple[object, ...]]
_FUNCTIONS: dict[str, Callable[..., object]] = {
    "add": add_working_days,
    "between": working_days_between,
    "day": working_day,
    "start": start_of_working_day,
    "end": end_of_working_day,
}


def answer(schedule: BusinessHours, question: Question) -> object:
    """The answer as a comparable value: the instant and its zone, or the error."""
    name, _, arguments = question
    try:
        found = _FUNCTIONS[name](schedule, *arguments)
    except (NoOpeningHoursError, OutOfRangeError) as error:
        return type(error), str(error)
    if isinstance(found, datetime):
        return utc(found), found.tzinfo
    return found


@contextmanager
def isolated() -> Iterator[None]:
    """Caches of indexes of their own: questions inside meet new indexes, and the
    shared caches are left as they were."""
    saved = _working_days._CACHE
    _working_days._CACHE = ScheduleCache(
        _working_days.WorkingDayIndex, saved.size, private=lambda index: index._hours
    )
    try:
        yield
    finally:
        _working_days._CACHE = saved


def fresh_answer(schedule: BusinessHours, question: Question) -> object:
    """The answer of an index that has been asked nothing else."""
    with isolated():
        return answer(schedule, question)


class TestCostFollowsTheYearsAskedFor:
    def test_a_question_in_2090_after_2025_compiles_one_chunk(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        assert add_working_days(schedule, at("2025-03-05 10:00"), 5) == at("2025-03-12 10:00")
        compiled.clear()
        assert add_working_days(schedule, at("2090-03-06 10:00"), 1) == at("2090-03-07 10:00")
        assert compiled == [2090]

    def test_year_9000_then_2025(self, compiled: list[int]) -> None:
        schedule = unique_schedule(holidays=())
        assert working_day(schedule, date(9000, 6, 3), -1) == date(9000, 6, 2)
        assert working_day(schedule, date(2025, 6, 3), 2) == date(2025, 6, 5)
        assert compiled == [9000, 2025]

    def test_moving_across_new_year_compiles_the_next_year(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        assert add_working_days(schedule, at("2025-12-30 11:00"), 3) == at("2026-01-05 11:00")
        assert compiled == [2025, 2026]

    def test_counting_far_apart_dates_compiles_each_year_once(self, compiled: list[int]) -> None:
        schedule = unique_schedule()
        count = working_days_between(schedule, date(2025, 1, 1), date(2091, 1, 1))
        assert count == sum(
            working_days_between(schedule, date(year, 1, 1), date(year + 1, 1, 1))
            for year in range(2025, 2091)
        )
        assert sorted(set(compiled)) == list(range(2025, 2092))
        compiled.clear()
        # The counts of the years between are kept: only the two ends are compiled again.
        assert working_days_between(schedule, date(2025, 3, 1), date(2090, 3, 1)) < count
        assert len(compiled) <= 2

    def test_counting_far_apart_instants_uses_the_counts_of_the_years(
        self, compiled: list[int]
    ) -> None:
        schedule = unique_schedule()
        start, end = at("2025-01-06 10:00"), at("2090-01-06 10:00")
        dates = working_days_between(schedule, start.date(), end.date())
        compiled.clear()
        assert working_days_between(schedule, start, end) == dates
        assert len(compiled) <= 2

    def test_a_search_over_empty_years_stops_after_twenty(self, compiled: list[int]) -> None:
        schedule = unique_schedule(Closure(start=date(2025, 1, 1), end=date(2069, 12, 31)))
        with pytest.raises(NoOpeningHoursError, match="20 years after"):
            working_day(schedule, date(2025, 6, 2))
        assert max(compiled) <= 2025 + 21
        compiled.clear()
        with pytest.raises(NoOpeningHoursError, match="20 years after"):
            working_day(schedule, date(2025, 6, 2))
        assert len(compiled) <= 1  # the empty years are known by their counts

    def test_years_outside_the_calendar(self) -> None:
        schedule = unique_schedule(holidays=())
        with pytest.raises(OutOfRangeError, match="year 9998"):
            working_day(schedule, date(9997, 12, 31), 1)
        with pytest.raises(OutOfRangeError, match="year 1"):
            working_days_between(schedule, date(1, 6, 1), date(2025, 1, 1))


LONG_CLOSURES = BusinessHours.weekly(
    WEEK,
    tz="Europe/Amsterdam",
    closed=[
        Closure(start=date(1995, 1, 1), end=date(2024, 12, 31)),  # 30 years: no answer
        Closure(start=date(2031, 1, 1), end=date(2049, 6, 30)),  # 18.5 years: an answer
    ],
)
NIGHTS = BusinessHours.weekly(
    {"mon-fri": "22:00-06:00", "sat": "20:00-04:00"}, tz="America/New_York"
)
ALWAYS = BusinessHours.always(tz="Australia/Lord_Howe")
SCHEDULES = [LONG_CLOSURES, NIGHTS, ALWAYS]


def _questions() -> list[Question]:
    moments = [
        at("1990-03-05 10:00"),
        at("2025-01-01 10:00"),
        at("2025-12-31 23:30", NY),
        at("2030-12-31 16:00"),
        at("2090-06-04 12:00"),
    ]
    found: list[Question] = []
    for number, moment in itertools.product(range(len(SCHEDULES)), moments):
        found += [("add", number, (moment, days)) for days in (-300, -1, 0, 1)]
        found += [
            ("between", number, (moment, moment + timedelta(days=400))),
            ("between", number, (moment.date(), moment.date() - timedelta(days=40))),
            ("day", number, (moment.date(), -2)),
            ("day", number, (moment, 1)),
            ("start", number, (moment.date(),)),
            ("end", number, (moment,)),
        ]
    return found


QUESTIONS = _questions()


def _moment(question: Question) -> datetime:
    first = question[2][0]
    assert isinstance(first, date)
    if isinstance(first, datetime):
        return first
    return datetime.combine(first, datetime.min.time(), AMS)


@cache
def fresh_answers() -> list[object]:
    """Each question of QUESTIONS asked of an index that has seen no other."""
    return [fresh_answer(SCHEDULES[q[1]], q) for q in QUESTIONS]


class TestAnswersNeverDependOnEarlierQuestions:
    @pytest.mark.parametrize(
        "order",
        ["as listed", "reversed", "forward in time", "backward in time", "shuffled"],
    )
    def test_any_order_gives_the_fresh_answers(self, order: str) -> None:
        positions = list(range(len(QUESTIONS)))
        if order == "reversed":
            positions.reverse()
        elif order == "forward in time":
            positions.sort(key=lambda n: utc(_moment(QUESTIONS[n])))
        elif order == "backward in time":
            positions.sort(key=lambda n: utc(_moment(QUESTIONS[n])), reverse=True)
        elif order == "shuffled":
            random.Random(9).shuffle(positions)
        with isolated():
            answers = {n: answer(SCHEDULES[QUESTIONS[n][1]], QUESTIONS[n]) for n in positions}
        assert [answers[n] for n in range(len(QUESTIONS))] == fresh_answers()

    def test_the_questions_reach_both_ends_of_a_twenty_year_search(self) -> None:
        # Guards the list above: some searches give up, one across 18.5 years answers.
        errors = [found for found in fresh_answers() if isinstance(found, tuple)]
        assert any(error[0] is NoOpeningHoursError for error in errors)
        question: Question = ("add", 0, (at("2030-12-31 16:00"), 1))
        assert question in QUESTIONS
        assert fresh_answer(LONG_CLOSURES, question) == (utc(at("2049-07-01 16:00")), AMS)

    def test_a_backward_move_after_a_forward_one(self) -> None:
        start = at("2025-01-01 10:00")  # the first working day after 30 closed years
        fresh = fresh_answer(LONG_CLOSURES, ("add", 0, (start, -1)))
        with isolated():
            answer(LONG_CLOSURES, ("add", 0, (start, 3_000)))
            assert answer(LONG_CLOSURES, ("add", 0, (start, -1))) == fresh
        assert isinstance(fresh, tuple)
        assert fresh[0] is NoOpeningHoursError

    @given(st.data())
    def test_any_earlier_questions(self, data: st.DataObject) -> None:
        schedule = data.draw(business_hours())
        moments = st.builds(
            lambda moment, years: moment + timedelta(days=365 * years),
            aware_datetimes(schedule, min_date=date(2000, 1, 1), max_date=date(2030, 12, 31)),
            st.integers(-20, 40),
        )
        counts = st.integers(-300, 300)
        questions = st.one_of(
            st.tuples(st.just("add"), st.just(0), st.tuples(moments, counts)),
            st.tuples(st.just("day"), st.just(0), st.tuples(moments, counts)),
            st.tuples(
                st.just("between"),
                st.just(0),
                moments.map(lambda moment: (moment, moment + timedelta(days=500))),
            ),
        )
        question = data.draw(questions)
        earlier = data.draw(st.lists(questions, max_size=3))
        with isolated():
            for other in earlier:
                answer(schedule, other)
            warmed = answer(schedule, question)
        assert warmed == fresh_answer(schedule, question)


class TestCachesAreBoundedAndLetGo:
    def test_dropped_schedules_and_their_indexes_are_collected(self) -> None:
        refs: list[weakref.ref[BusinessHours]] = []
        for n in range(100):
            schedule = unique_schedule(week={"mon-fri": f"09:{n % 60:02d}-17:00"})
            assert add_working_days(schedule, at("2025-09-03 12:00"), 1).day == 4
            assert working_days_between(schedule, date(2025, 1, 1), date(2026, 1, 1)) == 253
            refs.append(weakref.ref(schedule))
        del schedule
        gc.collect()
        assert [ref for ref in refs if ref() is not None] == []
        assert len(_working_days._CACHE.by_value) <= _working_days._CACHE.size

    def test_the_cache_by_value_holds_a_copy_not_the_callers_object(self) -> None:
        schedule = unique_schedule()
        index = _working_days.working_day_index(schedule)
        assert all(key is not schedule for key in _working_days._CACHE.by_value)
        copy = BusinessHours.model_validate_json(schedule.model_dump_json())
        assert _working_days.working_day_index(copy) is index

    def test_the_cache_by_value_is_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_working_days._CACHE, "size", 4)
        schedules = [unique_schedule() for _ in range(10)]
        for schedule in schedules:
            working_day(schedule, date(2025, 3, 3))
        assert len(_working_days._CACHE.by_value) == 4
        assert len(_working_days._CACHE.by_id) >= 10  # while they live, by identity

    def test_an_index_keeps_a_bounded_number_of_years(self) -> None:
        index = _working_days.WorkingDayIndex(unique_schedule())
        for year in range(2000, 2100):
            index.chunk(year)
        limit = _working_days.CHUNKS_PER_SCHEDULE
        assert sorted(index.by_year) == list(range(2100 - limit, 2100))


# Threads: many threads asking about equal and different schedules at once.

THREADS = 16


@pytest.fixture
def switch_often(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Switch threads every microsecond, and keep the caches tiny so that they
    evict while other threads read them."""
    monkeypatch.setattr(_working_days, "CHUNKS_PER_SCHEDULE", 3)
    monkeypatch.setattr(_working_days._CACHE, "size", 2)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _thread_schedules(marker: str) -> list[BusinessHours]:
    """Schedules no other test shares (their indexes start empty)."""
    closed = Closure(start=date(1600, 1, 1), reason=marker)
    return [
        BusinessHours.weekly(WEEK, tz="Europe/Amsterdam", holidays="NL", closed=[closed]),
        BusinessHours.weekly(
            {"mon-fri": "22:00-06:00", "sat": "20:00-04:00"}, tz="America/New_York",
            closed=[closed],
        ),
        BusinessHours.weekly(
            {"daily": "08:00-20:00"},
            tz="Pacific/Apia",
            closed=[closed, Closure(start=date(2031, 1, 1), end=date(2052, 12, 31))],
        ),
    ]  # fmt: skip


def _thread_questions(count: int, seed: int, kinds: int) -> list[Question]:
    rng = random.Random(seed)
    found: list[Question] = []
    for _ in range(count):
        year = rng.choice([2024, 2025, 2026, 2035, 2061, 2090])
        moment = at(f"{year}-01-01 00:00") + timedelta(seconds=rng.randrange(366 * 86400))
        days = rng.randrange(-300, 300)
        kind = rng.choice(["add", "between", "day", "dates", "end"])
        number = rng.randrange(kinds)
        if kind == "between":
            found.append(("between", number, (moment, moment + timedelta(hours=days * 30))))
        elif kind == "dates":
            found.append(("between", number, (moment.date(), moment.date() + timedelta(days))))
        elif kind == "end":
            found.append(("end", number, (moment,)))
        else:
            found.append((kind, number, (moment, days)))
    return found


def test_threads_get_the_single_threaded_answers(switch_often: None) -> None:
    schedules = _thread_schedules(f"threads {random.random()}")
    single = _thread_schedules(f"single {random.random()}")
    per_thread = [_thread_questions(12, seed, len(schedules)) for seed in range(THREADS)]
    expected = [[answer(single[q[1]], q) for q in questions] for questions in per_thread]
    answers: list[list[object]] = [[] for _ in range(THREADS)]

    def work(number: int) -> None:
        for question in per_thread[number]:
            schedule = schedules[question[1]]
            if number % 2:  # an equal schedule, as if loaded from JSON per request
                schedule = schedule.model_copy()
            answers[number].append(answer(schedule, question))

    assert in_threads(THREADS, work) == []
    assert answers == expected


def test_the_index_look_up_under_threads(switch_often: None) -> None:
    base = _thread_schedules(f"look-up {random.random()}")

    def work(number: int) -> None:
        for round_ in range(400):
            schedule = base[(number + round_) % len(base)].model_copy()
            index = _working_days.working_day_index(schedule)
            assert index is _working_days.working_day_index(schedule)
            assert index.zone is schedule.zone

    assert in_threads(THREADS, work) == []
    assert len(_working_days._CACHE.by_value) <= 2


NEW_YEAR_SCHEDULES = [
    NIGHTS,
    ALWAYS,
    BusinessHours.weekly({"daily": "20:00-24:00, 00:00-03:00"}, tz="Europe/Amsterdam"),
    BusinessHours.weekly(
        {"mon-fri": "09:00-17:00"}, tz="Pacific/Apia", special={date(2025, 12, 31): "22:00-06:00"}
    ),
]


@pytest.mark.parametrize("schedule", NEW_YEAR_SCHEDULES, ids=repr)
def test_across_new_year_the_chunks_answer_like_the_reference(
    schedule: BusinessHours, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Night shifts that run over the seam between two chunks, with one chunk per
    # index so that every step meets a chunk compiled on its own.
    monkeypatch.setattr(_working_days, "CHUNKS_PER_SCHEDULE", 1)
    zone = schedule.zone
    moments = [
        datetime(2025, 12, 31, tzinfo=zone) + timedelta(hours=hour) for hour in range(-30, 60, 5)
    ]
    with isolated():
        for moment, days in itertools.product(moments, (-2, -1, 0, 1, 2)):
            expected = reference.add_working_days(schedule, moment, days)
            assert utc(add_working_days(schedule, moment, days)) == utc(expected)
        for first, second in itertools.combinations(moments[::3], 2):
            expected_count = reference.working_days_between(schedule, first, second)
            assert working_days_between(schedule, first, second) == expected_count
            assert working_days_between(schedule, second, first) == -expected_count
        for moment in moments:
            assert working_day(schedule, moment) == reference.counts_in(schedule, moment)[1]
