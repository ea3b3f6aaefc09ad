"""The index under threads: many threads asking about equal and different
schedules, with the interpreter switching threads as often as it can, get
exactly the answers of a single-threaded run."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicelevel import (
    BusinessHours,
    Closure,
    NeverClosesError,
    NoOpeningHoursError,
    _timeline,
    add_business_time,
    business_time_between,
    is_open,
    next_close,
    next_open,
)
from servicelevel._instants import from_us, to_us
from tests.common import in_threads

THREADS = 16
QUESTIONS_PER_THREAD = 60

Question = tuple[str, int, datetime, datetime, timedelta]


@pytest.fixture
def switch_often(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Switch threads every microsecond, and keep the caches tiny so that they
    evict while other threads read them."""
    monkeypatch.setattr(_timeline, "CHUNKS_PER_SCHEDULE", 3)
    monkeypatch.setattr(_timeline._CACHE, "size", 2)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _schedules() -> list[BusinessHours]:
    """Schedules no other test uses (their indexes start empty), one closed for years."""
    marker = Closure(start=date(1700, 1, 1), reason=f"concurrency {random.random()}")
    return [
        BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL", closed=[marker]
        ),
        BusinessHours.weekly({"fri": "22:00-06:00", "sat": "10:00-14:00"}, tz="America/New_York",
                             closed=[marker]),
        BusinessHours.always(tz="Australia/Lord_Howe", holidays="GB-SCT", closed=[marker]),
        BusinessHours.weekly(
            {"daily": "08:00-20:00"},
            tz="Pacific/Apia",
            closed=[marker, Closure(start=date(2031, 1, 1), end=date(2040, 12, 31))],
        ),
    ]  # fmt: skip


def _questions(count: int, seed: int, kinds: int) -> list[Question]:
    rng = random.Random(seed)
    utc = ZoneInfo("UTC")
    questions: list[Question] = []
    for _ in range(count):
        year = rng.choice([2024, 2025, 2026, 2035, 2061, 2090])
        moment = datetime(year, 1, 1, tzinfo=utc) + timedelta(seconds=rng.randrange(366 * 86400))
        other = moment + timedelta(hours=rng.randrange(-20_000, 20_000))
        duration = timedelta(minutes=rng.randrange(-60_000, 60_000))
        kind = rng.choice(["add", "between", "is_open", "next_open", "next_close"])
        questions.append((kind, rng.randrange(kinds), moment, other, duration))
    return questions


def _ask(schedule: BusinessHours, question: Question) -> object:
    kind, _, moment, other, duration = question
    calls: dict[str, Callable[[], object]] = {
        "add": lambda: add_business_time(schedule, moment, duration),
        "between": lambda: business_time_between(schedule, moment, other),
        "is_open": lambda: is_open(schedule, moment),
        "next_open": lambda: next_open(schedule, moment),
        "next_close": lambda: next_close(schedule, moment),
    }
    try:
        answer = calls[kind]()
    except (NoOpeningHoursError, NeverClosesError) as error:
        return type(error)
    return (answer, answer.fold, answer.tzinfo) if isinstance(answer, datetime) else answer


def _expected(line: _timeline.Timeline, question: Question) -> object:
    """The single-threaded answer, from a private index (the shared caches stay cold)."""
    kind, _, moment, other, duration = question
    zone = line.zone
    try:
        if kind == "add":
            value = line.add(to_us(moment, "start"), duration // timedelta(microseconds=1))[0]
        elif kind == "between":
            return timedelta(microseconds=line.between(to_us(moment, "a"), to_us(other, "b")))
        elif kind == "is_open":
            return line.is_open(to_us(moment, "at"))
        elif kind == "next_open":
            value = line.next_open(to_us(moment, "at"))[0]
        else:
            value = line.next_close(to_us(moment, "at"))[0]
    except (NoOpeningHoursError, NeverClosesError) as error:
        return type(error)
    answer = from_us(value, zone)
    return (answer, answer.fold, answer.tzinfo)


def test_threads_get_the_single_threaded_answers(switch_often: None) -> None:
    schedules = _schedules()
    per_thread = [_questions(QUESTIONS_PER_THREAD, seed, len(schedules)) for seed in range(THREADS)]
    private = [_timeline.Timeline(schedule) for schedule in schedules]
    expected = [[_expected(private[q[1]], q) for q in questions] for questions in per_thread]
    answers: list[list[object]] = [[] for _ in range(THREADS)]

    def work(number: int) -> None:
        for question in per_thread[number]:
            schedule = schedules[question[1]]
            if number % 2:  # an equal schedule, as if loaded from JSON per request
                schedule = schedule.model_copy()
            answers[number].append(_ask(schedule, question))

    assert in_threads(THREADS, work) == []
    assert answers == expected


def test_the_index_look_up_under_threads(switch_often: None) -> None:
    # Equal schedules created and looked up from many threads at once: the
    # look-up every public call goes through (it once crashed the interpreter).
    base = _schedules()

    def work(number: int) -> None:
        for round_ in range(600):
            schedule = base[(number + round_) % len(base)].model_copy()
            line = _timeline.timeline(schedule)
            assert line is _timeline.timeline(schedule)
            assert line.zone is schedule.zone

    assert in_threads(THREADS, work) == []
    assert len(_timeline._CACHE.by_value) <= 2
