"""The per-year holiday caches are bounded, safe under threads, and never change an answer."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from servicelevel import BusinessHours, HolidayCalendar
from servicelevel import _holidays as module
from servicelevel._holidays import MAX_CACHED_NAME_YEARS, MAX_CACHED_YEARS

#: Calendars that know about 300 years each: together more years than a cache keeps.
WIDE = ("DK", "US", "PT", "CH")


def calendars(*countries: str) -> list[HolidayCalendar]:
    return [HolidayCalendar(country=code, beyond_known_years="no_holidays") for code in countries]


@pytest.fixture
def switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_every_year_of_wide_calendars_keeps_the_date_caches_bounded() -> None:
    chosen = calendars(*WIDE)
    asked_first = {calendar.country: calendar.dates(2025) for calendar in chosen}
    misses = module._holiday_dates.cache_info().misses
    for calendar in chosen:
        for year in range(2, 9998):
            calendar.dates(year)
    assert module._holiday_dates.cache_info().misses - misses > MAX_CACHED_YEARS  # it filled up
    for cached in (module._holiday_dates, module._lists):
        info = cached.cache_info()
        assert info.maxsize == MAX_CACHED_YEARS
        assert info.currsize <= MAX_CACHED_YEARS
    # 2025 was evicted and is computed again, to the same dates.
    assert {calendar.country: calendar.dates(2025) for calendar in chosen} == asked_first


def test_every_year_of_names_keeps_the_name_cache_bounded() -> None:
    (calendar,) = calendars("DK")
    asked_first = calendar.names(2025, "en_US")
    misses = module._holiday_names.cache_info().misses
    for year in range(2, 9998):
        calendar.names(year, "en_US")
    info = module._holiday_names.cache_info()
    assert info.misses - misses > MAX_CACHED_NAME_YEARS
    assert info.maxsize == MAX_CACHED_NAME_YEARS
    assert info.currsize <= MAX_CACHED_NAME_YEARS
    assert calendar.names(2025, "en_US") == asked_first


def test_years_a_calendar_does_not_know_are_not_cached() -> None:
    (calendar,) = calendars("NL")
    first, last = calendar.known_years
    before = module._holiday_dates.cache_info()
    for year in [*range(2, first), *range(last + 1, 9998)]:
        assert calendar.dates(year) == frozenset()
    after = module._holiday_dates.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)


@pytest.mark.usefixtures("switch_often")
def test_threads_asking_across_the_bound_get_the_single_threaded_answers() -> None:
    chosen = calendars(*WIDE)
    years = list(range(1790, 2101))  # with WIDE: more (calendar, year) pairs than kept
    assert len(years) * len(chosen) > MAX_CACHED_YEARS
    expected = {(c.country, year): c.dates(year) for c in chosen for year in years}
    hours = BusinessHours.always(tz="UTC", holidays=chosen)

    def ask(offset: int) -> dict[tuple[str, int], frozenset[date]]:
        found = {}
        for year in years[offset:] + years[:offset]:  # each thread in its own order
            for calendar in chosen:
                found[calendar.country, year] = calendar.dates(year)
            hours.holiday_dates(year)
        return found

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(ask, range(0, 300, 75)))
    assert all(answer == expected for answer in answers)
    assert module._holiday_dates.cache_info().currsize <= MAX_CACHED_YEARS
