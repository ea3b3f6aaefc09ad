"""Opening hours as the text a company publishes, localised with Babel.

Example:
    >>> from servicelevel import BusinessHours, describe_hours
    >>> hours = BusinessHours.weekly(
    ...     {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"}, tz="Europe/Amsterdam", holidays="NL"
    ... )
    >>> describe_hours(hours, "nl")
    'ma t/m vr 09:00-17:00, za 10:00-14:00, gesloten op feestdagen'
    >>> describe_hours(hours, "en")
    'Mon-Fri 9:00 AM-5:00 PM, Sat 10:00 AM-2:00 PM, closed on public holidays'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel.dates import (
    format_skeleton,
    format_time,
    format_timedelta,
    get_day_names,
)
from babel.lists import format_list

from servicelevel._combined import CombinedHours, Schedule
from servicelevel._day_rules import DayPlan, DayRules, DaySource
from servicelevel._errors import ArgumentTypeError, LimitExceededError
from servicelevel._holidays import holiday_language, kept_names
from servicelevel._hours import BusinessHours
from servicelevel._intervals import OpeningInterval, WeeklyHours
from servicelevel._templates import ReplyTemplates, plain_spaces, templates_for

__all__ = [
    "closed_day_text",
    "describe_hours",
    "format_duration_up",
    "format_moment",
    "holiday_name",
    "usual_hours_text",
]


#: ``describe_hours(..., days=...)`` lists at most this many upcoming days (a year).
MAX_UPCOMING_DAYS = 366


def _time(value: time, templates: ReplyTemplates, *, is_end: bool) -> str:
    if is_end and value == time(0):
        return templates.midnight
    return format_time(value, "short", locale=templates.locale)


def _intervals(intervals: tuple[OpeningInterval, ...], templates: ReplyTemplates) -> str:
    return format_list(
        [
            templates.render(
                "interval",
                start=_time(iv.start, templates, is_end=False),
                end=_time(iv.end, templates, is_end=True),
            )
            for iv in intervals
        ],
        locale=templates.locale,
    )


def _is_around_the_clock(week: WeeklyHours) -> bool:
    whole_day = OpeningInterval.parse("00:00-24:00")
    return all(week.for_weekday(day) == (whole_day,) for day in range(7))


@lru_cache(maxsize=256)
def _usual_week(
    week: WeeklyHours, on_holidays: bool, left_out: tuple[str, ...], templates: ReplyTemplates
) -> str:
    """The usual week in words (the same for every reply of a team: kept, bounded);
    ``left_out`` names the holidays the team works on."""
    parts = [templates.around_the_clock] if _is_around_the_clock(week) else _weekly(week, templates)
    if not parts:
        parts = [templates.closed]
    if on_holidays and left_out:
        listed = format_list(list(left_out), locale=templates.locale)
        parts.append(templates.render("closed_on_holidays_except", holidays=listed))
    elif on_holidays:
        parts.append(templates.closed_on_holidays)
    return ", ".join(parts)


def _left_out(hours: BusinessHours, locale: str) -> tuple[str, ...]:
    """The holidays a calendar of ``hours`` leaves out and no other keeps, in
    ``locale``: the holidays on which the team works."""
    left: set[str] = set()
    kept: set[str] = set()
    for calendar in hours.holidays:
        language = holiday_language(calendar.country, locale)
        left.update(calendar.left_out(language))
        kept.update(kept_names(calendar, language))
    return tuple(sorted(left - kept))


def _weekly(week: WeeklyHours, templates: ReplyTemplates) -> list[str]:
    names = get_day_names("abbreviated", locale=templates.locale)
    parts: list[str] = []
    first = 0
    while first < 7:
        intervals = week.for_weekday(first)
        last = first
        while last + 1 < 7 and week.for_weekday(last + 1) == intervals:
            last += 1
        if intervals:
            if last == first:
                days = names[first]
            elif last == first + 1:
                days = format_list([names[first], names[last]], locale=templates.locale)
            else:
                days = templates.render("day_range", first=names[first], last=names[last])
            parts.append(f"{days} {_intervals(intervals, templates)}")
        first = last + 1
    return parts


def holiday_name(hours: BusinessHours, day: date, locale: str) -> str | None:
    """The name of the public holiday on ``day`` in ``locale`` (from `holidays`), or None.

    Example:
        >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS
        >>> holiday_name(DUTCH_OFFICE_HOURS, date(2025, 12, 25), "nl")
        'Eerste kerstdag'
    """
    for calendar in hours.holidays:
        name = calendar.names(day.year, holiday_language(calendar.country, locale)).get(day)
        if name is not None:
            return name
    return None


def _exceptions(
    hours: BusinessHours, templates: ReplyTemplates, start: date, days: int
) -> list[str]:
    """Days in ``[start, start + days)`` whose hours differ from the usual week."""
    found: list[str] = []
    rules = DayRules(hours, start.year, (start + timedelta(days=days)).year)
    for offset in range(days):
        plan = rules.plan(start + timedelta(days=offset))
        if plan.is_usual:
            continue
        label = format_skeleton("MMMd", plan.day, locale=templates.locale)
        if plan.intervals:
            cut = plan.closure.reason if plan.closure is not None else None  # closed some hours
            found.append(
                f"{label} {_intervals(plan.intervals, templates)}" + (f" ({cut})" if cut else "")
            )
            continue
        reason = closed_day_text(hours, plan, templates.locale)
        found.append(f"{label} {templates.closed}" + (f" ({reason})" if reason else ""))
    return found


def closed_day_text(hours: BusinessHours, plan: DayPlan, locale: str) -> str | None:
    """Why a closed day is closed, in words: the closure's reason, the special day's
    name or the holiday's name in ``locale`` (None when nothing names it)."""
    if plan.source is DaySource.HOLIDAY:
        return holiday_name(hours, plan.day, locale)
    return plan.closure_text


def describe_hours(
    hours: Schedule,
    locale: str = "nl",
    *,
    upcoming_from: date | None = None,
    days: int = 14,
    templates: Mapping[str, ReplyTemplates] | None = None,
) -> str:
    """The opening hours as one line: days folded into ranges, night shifts, 24/7,
    and a note on public holidays. With ``upcoming_from``, the special days,
    closures and holidays of the next ``days`` days follow (at most
    :data:`MAX_UPCOMING_DAYS`; more is a :class:`~servicelevel.LimitExceededError`).

    Example:
        >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS
        >>> describe_hours(DUTCH_OFFICE_HOURS, "nl", upcoming_from=date(2025, 12, 22), days=7)
        'ma t/m vr 09:00-17:00, gesloten op feestdagen behalve Goede vrijdag. Afwijkende openingstijden: 25 dec gesloten (Eerste kerstdag) en 26 dec gesloten (Tweede kerstdag).'
    """
    if not 0 <= days <= MAX_UPCOMING_DAYS:
        raise LimitExceededError.for_upcoming_days(days, MAX_UPCOMING_DAYS)
    if isinstance(hours, CombinedHours):
        return _describe_combination(hours, locale, upcoming_from, days, templates)
    chosen = templates_for(locale, templates)
    text = usual_hours_text(hours, chosen)
    if upcoming_from is not None:
        exceptions = _exceptions(hours, chosen, upcoming_from, days)
        if exceptions:
            listed = format_list(exceptions, locale=chosen.locale)
            text += ". " + chosen.render("exceptions", days=listed)
    return plain_spaces(text)


def usual_hours_text(hours: BusinessHours, templates: ReplyTemplates) -> str:
    """The usual week of ``hours`` in words, with the note on public holidays.

    Example:
        >>> from servicelevel._defaults import DUTCH_OFFICE_HOURS
        >>> from servicelevel._templates import BUILT_IN_TEMPLATES
        >>> usual_hours_text(DUTCH_OFFICE_HOURS, BUILT_IN_TEMPLATES["en-GB"])
        'Mon-Fri 09:00-17:00, closed on public holidays except Good Friday'
    """
    left_out = _left_out(hours, templates.locale)
    return plain_spaces(_usual_week(hours.week, bool(hours.holidays), left_out, templates))


def _place(hours: BusinessHours) -> str:
    """The place a schedule's zone names: ``"New York"`` for ``America/New_York``."""
    return hours.tz.split("/")[-1].replace("_", " ")


def _describe_combination(
    hours: CombinedHours,
    locale: str,
    upcoming_from: date | None,
    days: int,
    templates: Mapping[str, ReplyTemplates] | None,
) -> str:
    """A union as its teams' own hours, each after its place: "Amsterdam: Mon-Fri
    9-5; New York: Mon-Fri 9-5". An intersection has no such wording."""
    if hours.mode == "intersection":
        raise ArgumentTypeError(
            "describe_hours cannot word an intersection of schedules (the hours in which "
            "all are open); describe the hours customers can reach you in, e.g. the member "
            "that decides them: describe_hours(combined.schedules[0], ...)."
        )
    parts = [
        ("" if isinstance(member, CombinedHours) else f"{_place(member)}: ")
        + describe_hours(
            member, locale, upcoming_from=upcoming_from, days=days, templates=templates
        )
        for member in hours.schedules
    ]
    if upcoming_from is None:
        return "; ".join(parts)
    return " ".join(part if part.endswith(".") else part + "." for part in parts)


def format_moment(
    moment: datetime, locale: str, templates: Mapping[str, ReplyTemplates] | None = None
) -> str:
    """A day and time as a customer reads it, e.g. 'dinsdag 22 april 2025 om 17:00'.

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> format_moment(datetime(2025, 4, 22, 17, tzinfo=ZoneInfo("Europe/Amsterdam")), "nl")
        'dinsdag 22 april 2025 om 17:00'
    """
    return templates_for(locale, templates).format_moment(moment)


def format_duration_up(duration: timedelta, locale: str) -> str:
    """``duration`` rounded *up* (never promise less than the truth) to whole
    minutes under an hour and whole hours above, in words.

    Example:
        >>> format_duration_up(timedelta(hours=2, minutes=1), "nl")
        '3 uur'
        >>> format_duration_up(timedelta(seconds=45), "en")
        '1 minute'
    """
    minutes = -(-duration // timedelta(minutes=1))
    if minutes < 60:
        return _duration_words(max(1, minutes), "minute", locale)
    return _duration_words(-(-minutes // 60), "hour", locale)


# Keyed by the rounded count, not the duration: every message waits a different
# number of microseconds, but only a few hundred counts are ever said.
@lru_cache(maxsize=1024)
def _duration_words(count: int, unit: str, locale: str) -> str:
    rounded = timedelta(minutes=count) if unit == "minute" else timedelta(hours=count)
    return plain_spaces(
        format_timedelta(rounded, granularity=unit, threshold=1000, locale=locale)  # type: ignore[arg-type]
    )
