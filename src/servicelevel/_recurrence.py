"""Recurring closures and special hours, by an RFC 5545 recurrence rule (RRULE).

A rule picks dates: ``"FREQ=MONTHLY;BYDAY=1MO"`` is every first Monday,
``"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"`` every 31 December. It is the text
of an iCalendar ``RRULE`` value, expanded with `python-dateutil`; the times of
day are given separately, as intervals. ``start`` is the rule's DTSTART (the
first date it may pick); without one the rule has always applied, which is
allowed only for rules whose dates do not depend on where they start.

Dates are expanded per year asked, never further: the cost of a year does not
grow with its distance from ``start``.

Example:
    >>> from datetime import date
    >>> training = RecurringClosure(rule="FREQ=MONTHLY;BYDAY=1MO", hours="09:00-11:00",
    ...                             reason="training")
    >>> training
    RecurringClosure(FREQ=MONTHLY;BYDAY=1MO 09:00-11:00, reason='training')
    >>> sorted(training.dates(2025))[:3]
    [datetime.date(2025, 1, 6), datetime.date(2025, 2, 3), datetime.date(2025, 3, 3)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Self

from pydantic import ConfigDict, Field, field_validator, model_validator

from servicelevel._editing import Editable
from servicelevel._errors import reject, reject_at
from servicelevel._intervals import (
    Intervals,
    OpeningInterval,
    check_hours_overlap,
    split_intervals,
)

__all__ = [
    "RecurringClosure",
    "RecurringSpecialDay",
    "check_closure_hours",
    "normalise_rule",
    "rule_dates",
]

_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
    "WKST",
)
#: The parts that pin a rule's dates; without one, dateutil takes them from the start.
_DATE_PARTS = frozenset({"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY"})
# The Gregorian calendar repeats every 400 years (146 097 days, whole weeks).
_CYCLE = 400
_LAST_YEAR = 9997  # the last year the index computes; rules are expanded up to it
_INTEGER = re.compile(r"^[+-]?\d{1,6}$")
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{4})(\d{2})(\d{2})(T\d{6}(Z?))?$")
_EXAMPLES = "e.g. 'FREQ=MONTHLY;BYDAY=1MO' or 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31'"


class _RuleError(ValueError):
    """What is wrong with a rule, in words; the validator adds the rule itself."""


def normalise_rule(text: str) -> str:
    """The rule in upper case, without spaces or an ``RRULE:`` prefix.

    Example:
        >>> normalise_rule(" rrule:freq=monthly; byday=1mo ")
        'FREQ=MONTHLY;BYDAY=1MO'
    """
    body = text.strip().upper()
    if body.startswith("RRULE:"):
        body = body[len("RRULE:") :]
    return ";".join(part.strip() for part in body.split(";"))


def _parts(text: str) -> dict[str, str]:
    """The parts of a normalised rule, each checked against RFC 5545."""
    if not text:
        raise _RuleError("it is empty")
    if any(word in text for word in ("\n", "\r", "DTSTART", "RDATE", "EXDATE", "EXRULE", ":")):
        raise _RuleError(
            "give one RRULE value only; the first date goes in start=, and DTSTART, RDATE, "
            "EXDATE and EXRULE are not supported"
        )
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            raise _RuleError(f"{part!r} is not NAME=VALUE")
        if name in parts:
            raise _RuleError(f"{name} is given twice")
        _check_name(name)
        parts[name] = value
    if "FREQ" not in parts:
        raise _RuleError("FREQ is missing (YEARLY, MONTHLY, WEEKLY or DAILY)")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _RuleError("COUNT and UNTIL cannot both be given (RFC 5545); keep one")
    for name, value in parts.items():
        _check_value(name, value, parts)
    if "BYSETPOS" in parts and not parts.keys() & {*_DATE_PARTS, "BYMONTH"}:
        raise _RuleError("BYSETPOS needs another BY part to choose from")
    return parts


def _check_name(name: str) -> None:
    if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        raise _RuleError(
            f"{name} picks times of day, but a rule picks dates; give the times in hours="
        )
    if name == "BYEASTER":
        raise _RuleError("BYEASTER is not part of RFC 5545; use a holiday calendar for Easter")
    if name not in _PARTS:
        raise _RuleError(f"{name} is not a rule part; use {', '.join(_PARTS)}")


def _numbers(name: str, value: str, low: int, high: int, *, signed: bool) -> list[int]:
    numbers: list[int] = []
    for item in value.split(","):
        number = int(item) if _INTEGER.match(item) else None
        if number is None or not low <= abs(number) <= high or (number < 0 and not signed):
            sign = "+/-" if signed else ""
            raise _RuleError(f"{name}={value} must list whole numbers {sign}{low} to {high}")
        numbers.append(number)
    return numbers


def _check_value(name: str, value: str, parts: dict[str, str]) -> None:
    freq = parts["FREQ"]
    if name == "FREQ":
        if value in ("HOURLY", "MINUTELY", "SECONDLY"):
            raise _RuleError(
                f"FREQ={value} repeats within a day, but a rule picks dates; use DAILY"
            )
        if value not in _FREQUENCIES:
            raise _RuleError(f"FREQ={value} is not one of {', '.join(_FREQUENCIES)}")
    elif name in ("INTERVAL", "COUNT"):
        _numbers(name, value, 1, 999_999, signed=False)
    elif name == "UNTIL":
        _until(value)
    elif name == "BYMONTH":
        _numbers(name, value, 1, 12, signed=False)
    elif name == "BYMONTHDAY":
        _only_with(name, freq, ("YEARLY", "MONTHLY", "DAILY"))
        _numbers(name, value, 1, 31, signed=True)
    elif name in ("BYYEARDAY", "BYWEEKNO"):
        _only_with(name, freq, ("YEARLY",))
        _numbers(name, value, 1, 366 if name == "BYYEARDAY" else 53, signed=True)
    elif name == "BYSETPOS":
        _numbers(name, value, 1, 366, signed=True)
    elif name == "WKST":
        if value not in _WEEKDAYS:
            raise _RuleError(f"WKST={value} is not a weekday ({', '.join(_WEEKDAYS)})")
    else:
        _check_days(value, parts)


def _only_with(name: str, freq: str, allowed: tuple[str, ...]) -> None:
    if freq not in allowed:
        raise _RuleError(f"{name} cannot be used with FREQ={freq} (RFC 5545)")


def _check_days(value: str, parts: dict[str, str]) -> None:
    freq = parts["FREQ"]
    for item in value.split(","):
        match = _DAY.match(item)
        if match is None:
            raise _RuleError(f"BYDAY={value}: {item!r} is not a weekday such as MO, 1MO or -1FR")
        if match[1] is None:
            continue
        limit = 5 if freq == "MONTHLY" else 53
        if freq not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in parts:
            raise _RuleError(
                f"BYDAY={value}: a numbered weekday ({item}) needs FREQ=MONTHLY or FREQ=YEARLY "
                "without BYWEEKNO (RFC 5545)"
            )
        if not 1 <= abs(int(match[1])) <= limit:
            raise _RuleError(f"BYDAY={value}: {item} counts beyond {limit} weeks")


def _until(value: str) -> date:
    match = _UNTIL.match(value)
    if match is None:
        raise _RuleError(f"UNTIL={value} is not a date; write the last date as UNTIL=YYYYMMDD")
    if match[5]:
        raise _RuleError(
            f"UNTIL={value} is a UTC time, but a rule picks local dates; write the last date "
            "as UNTIL=YYYYMMDD"
        )
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise _RuleError(f"UNTIL={value} is not a date on the calendar") from None


def _needs_start(parts: dict[str, str]) -> str | None:
    """Why the rule's dates depend on its start, or None when they do not."""
    if "COUNT" in parts:
        return "COUNT counts from it"
    if int(parts.get("INTERVAL", "1")) > 1:
        return "its INTERVAL counts from it"
    if parts["FREQ"] != "DAILY" and not parts.keys() & _DATE_PARTS:
        return "without BYDAY or BYMONTHDAY the day is taken from it"
    return None


def _explicit(parts: dict[str, str], start: date) -> str:
    """The rule without COUNT and UNTIL, with the dates dateutil would take from ``start``
    written out, so that it can start again at any later period and pick the same dates."""
    explicit = {name: value for name, value in parts.items() if name not in ("COUNT", "UNTIL")}
    if not parts.keys() & _DATE_PARTS:
        freq = parts["FREQ"]
        if freq == "YEARLY":
            explicit.setdefault("BYMONTH", str(start.month))
            explicit["BYMONTHDAY"] = str(start.day)
        elif freq == "MONTHLY":
            explicit["BYMONTHDAY"] = str(start.day)
        elif freq == "WEEKLY":
            explicit["BYDAY"] = _WEEKDAYS[start.weekday()]
    return ";".join(f"{name}={value}" for name, value in explicit.items())


def _shifted(day: date, years: int) -> datetime:
    # Whole 400-year cycles keep every weekday, leap day and week number. Naive: a rule
    # picks local dates, and dateutil compares its start with UNTIL, which is naive too.
    return datetime(day.year + years, day.month, day.day)  # noqa: DTZ001


@dataclass(frozen=True, slots=True)
class _Rule:
    """A validated rule, ready to expand: no COUNT (turned into ``until``), explicit dates."""

    text: str
    freq: str
    interval: int
    wkst: int
    start: date
    until: date | None


@lru_cache(maxsize=1024)
def _compiled(text: str, start: date | None) -> _Rule:
    from dateutil.rrule import rrulestr

    parts = _parts(text)
    reason = _needs_start(parts) if start is None else None
    if reason is not None:
        raise _RuleError(f"its dates depend on the date it starts from ({reason}); give start=")
    begin = date(1, 1, 1) if start is None else start
    until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
    if until is not None and until < begin:
        raise _RuleError(f"UNTIL={parts['UNTIL']} is before its start ({begin})")
    body = _explicit(parts, begin)
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    # Search one cycle in a copy shifted to the end of the calendar, where dateutil stops
    # at year 9999: a rule that never matches (30 February) cannot keep it looping.
    shift = _CYCLE * max(0, (9599 - begin.year) // _CYCLE)
    found, last = 0, None
    for moment in rrulestr(body, dtstart=_shifted(begin, shift)):
        day = moment.date().replace(year=moment.year - shift)
        if until is not None and day > until:
            break
        found, last = found + 1, day
        if count is None or found == count:
            break
    if last is None:
        raise _RuleError(
            "it picks no date in the 400 years after its start, so it never does (a 400-year "
            "span repeats the calendar); check the BY parts, e.g. BYMONTHDAY=30 with BYMONTH=2"
        )
    if count is not None and found < count:
        raise _RuleError(f"its COUNT={count} dates take more than 400 years; use UNTIL instead")
    return _Rule(
        text=body,
        freq=parts["FREQ"],
        interval=int(parts.get("INTERVAL", "1")),
        wkst=_WEEKDAYS.index(parts.get("WKST", "MO")),
        start=begin,
        until=last if count is not None else until,
    )


def _aligned(rule: _Rule, first: date) -> date:
    """The latest start of one of the rule's periods (counted from its start in steps of
    INTERVAL) at or before the period that holds ``first``; the rule's start if none."""
    start, step = rule.start, rule.interval
    if first <= start:
        return start
    if rule.freq == "YEARLY":
        year = first.year - (first.year - start.year) % step
        return max(start, date(year, 1, 1))
    if rule.freq == "MONTHLY":
        month = first.year * 12 + first.month - 1
        month -= (month - (start.year * 12 + start.month - 1)) % step
        return max(start, date(month // 12, month % 12 + 1, 1))
    if rule.freq == "WEEKLY":
        week0 = start.toordinal() - (start.weekday() - rule.wkst) % 7
        week = first.toordinal() - (first.weekday() - rule.wkst) % 7
        week -= 7 * (((week - week0) // 7) % step)
        return start if week <= start.toordinal() else date.fromordinal(week)
    return first - timedelta(days=(first - start).days % step)


@lru_cache(maxsize=1024)
def rule_dates(text: str, start: date | None, year: int) -> frozenset[date]:
    """The dates in ``year`` that the rule picks (on or after ``start``).

    The work is bounded by the year: the expansion starts at the rule's last
    period before the year, and runs in a copy shifted by whole 400-year
    cycles to the end of the calendar, so that even a rule whose next date is
    centuries away stops at dateutil's year 9999.

    Example:
        >>> sorted(rule_dates("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", None, 2102))
        [datetime.date(2102, 12, 31)]
    """
    from dateutil.rrule import rrulestr

    rule = _compiled(text, start)
    if year < rule.start.year or (rule.until is not None and year > rule.until.year):
        return frozenset()
    first = date(year, 1, 1)
    last = date(year, 12, 31) if rule.until is None else min(date(year, 12, 31), rule.until)
    shift = _CYCLE * max(0, (_LAST_YEAR - year) // _CYCLE)
    expanded = rrulestr(rule.text, dtstart=_shifted(_aligned(rule, first), shift))
    window = expanded.between(_shifted(first, shift), _shifted(last, shift), inc=True)
    return frozenset(moment.date().replace(year=moment.year - shift) for moment in window)


def check_rule(text: str, start: date | None) -> None:
    """Reject (in a validator) a rule this library cannot use, saying why."""
    try:
        _compiled(text, start)
    except _RuleError as error:
        reject_at(
            ("rule",),
            text,
            "invalid_recurrence_rule",
            f"recurrence rule {text!r} cannot be used: {error}. Write an RFC 5545 RRULE, "
            f"{_EXAMPLES}.",
        )


def check_closure_hours(hours: tuple[OpeningInterval, ...] | None, where: str) -> None:
    """Reject (in a validator) closed hours that are empty or overlap."""
    if hours is None:
        return
    if not hours:
        reject_at(
            ("hours",),
            hours,
            "empty_closure_hours",
            f"{where}: hours=[] closes nothing; leave hours out to close whole days, or list "
            "the closed intervals, e.g. ['09:00-11:00'].",
        )
    check_hours_overlap(hours, where)


class _Recurring(Editable):
    """What recurring closures and special days share: the rule and its start."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(
        description="an RFC 5545 RRULE value, e.g. 'FREQ=MONTHLY;BYDAY=1MO'", max_length=1000
    )
    start: date | None = Field(
        default=None,
        description="the first date the rule may pick (DTSTART); none: it has always applied",
    )

    @field_validator("rule")
    @classmethod
    def _normalised(cls, rule: str) -> str:
        text = normalise_rule(rule)
        if not text:
            reject(
                "invalid_recurrence_rule",
                f"the recurrence rule is empty. Write an RFC 5545 RRULE, {_EXAMPLES}.",
            )
        return text

    @model_validator(mode="after")
    def _usable(self) -> Self:
        check_rule(self.rule, self.start)
        return self

    def dates(self, year: int) -> frozenset[date]:
        """The dates in ``year`` that the rule picks."""
        return rule_dates(self.rule, self.start, year)

    def occurs_on(self, day: date) -> bool:
        """Whether the rule picks ``day``."""
        return day in self.dates(day.year)

    @property
    def _head(self) -> str:
        return self.rule if self.start is None else f"{self.rule} from {self.start}"


class RecurringClosure(_Recurring):
    """A closure on every date a recurrence rule picks: whole days, or the closed
    ``hours`` of those dates (subtracted from the opening hours).

    Example:
        >>> RecurringClosure(rule="FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3", reason="company day")
        RecurringClosure(FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3, reason='company day')
    """

    hours: tuple[OpeningInterval, ...] | None = Field(
        default=None, description="the closed intervals of each date; none: the whole day"
    )
    reason: str | None = None

    @field_validator("hours", mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        return split_intervals(value)

    @model_validator(mode="after")
    def _closed_hours(self) -> Self:
        check_closure_hours(self.hours, f"recurring closure {self.rule}")
        return self

    def __repr__(self) -> str:
        from servicelevel._display import intervals

        hours = "" if self.hours is None else f" {intervals(self.hours)}"
        reason = "" if self.reason is None else f", reason={self.reason!r}"
        return f"RecurringClosure({self._head}{hours}{reason})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import intervals
        from servicelevel._html import fields

        closed = "whole day" if self.hours is None else intervals(self.hours)
        rows = [("rule", self.rule), ("from", self.start), ("closed", closed)]
        return fields("RecurringClosure", [*rows, ("reason", self.reason)])


class RecurringSpecialDay(_Recurring):
    """Special opening hours on every date a recurrence rule picks; they replace
    the weekly intervals (no intervals: closed), even on a public holiday.

    Example:
        >>> RecurringSpecialDay(rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
        ...                     hours="09:00-15:00", name="New Year's Eve")
        RecurringSpecialDay(FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31 09:00-15:00, name="New Year's Eve")
    """

    hours: Intervals = ()
    name: str | None = None

    @field_validator("hours", mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        return split_intervals(value)

    @model_validator(mode="after")
    def _no_overlaps(self) -> Self:
        check_hours_overlap(self.hours, f"recurring special day {self.rule}")
        return self

    def __repr__(self) -> str:
        from servicelevel._display import intervals

        name = "" if self.name is None else f", name={self.name!r}"
        return f"RecurringSpecialDay({self._head} {intervals(self.hours)}{name})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._display import intervals
        from servicelevel._html import fields

        rows = [("rule", self.rule), ("from", self.start), ("open", intervals(self.hours))]
        return fields("RecurringSpecialDay", [*rows, ("name", self.name)])
