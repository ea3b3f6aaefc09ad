"""Opening intervals in local wall time and the weekly schedule built from them.

The text grammar lives here too: ``"09:00-17:00"`` intervals (``24:00`` may
end one), ``"09:00-12:00, 13:00-17:00"`` lists and ``"mon-fri"`` day keys.

Example:
    >>> from servicelevel import OpeningInterval, WeeklyHours
    >>> WeeklyHours(fri=["22:00-06:00"]).fri
    (OpeningInterval('22:00-06:00'),)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import time
from itertools import pairwise
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from servicelevel._editing import Editable
from servicelevel._errors import ArgumentTypeError, InvalidScheduleError, reject, reject_at

__all__ = [
    "DAY_US",
    "WEEKDAYS",
    "Intervals",
    "OpeningInterval",
    "Span",
    "WeeklyHours",
    "check_hours_overlap",
    "check_no_overlap",
    "parse_day_spec",
    "split_intervals",
]

#: Weekday keys in ``date.weekday()`` order.
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DAY_US = 86_400_000_000
_TIME_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*$")
# What a file may hold for an interval ("24:00" and seconds allowed, as the parser does).
_TIME_TEXT = r"\s*\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?\s*"
_INTERVAL_PATTERN = f"^{_TIME_TEXT}[-\u2013]{_TIME_TEXT}$"

_DAY_ALIASES = {
    **{day: index for index, day in enumerate(WEEKDAYS)},
    **{
        name: index
        for index, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}


def _time_of_day_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _parse_time(text: str, *, is_end: bool) -> time:
    match = _TIME_PATTERN.match(text)
    if match is None:
        reject(
            "invalid_time_of_day",
            f"{text!r} is not a time of day; write it as HH:MM, e.g. '09:00'.",
        )
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3] or 0)
    micro = int((match[4] or "0").ljust(6, "0"))
    if hour == 24 and minute == second == micro == 0:
        if not is_end:
            reject("invalid_time_of_day", "24:00 can only end an interval; start the day at 00:00.")
        return time(0)
    if hour > 23 or minute > 59 or second > 59:
        reject(
            "invalid_time_of_day",
            f"{text!r} is not a time of day between 00:00 and 24:00; write it as HH:MM, "
            "e.g. '09:00', or 24:00 for the end of the day.",
        )
    return time(hour, minute, second, micro)


def _format_time(value: time, *, is_end: bool) -> str:
    if is_end and value == time(0):
        return "24:00"
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text


def _check_unambiguous(start: time, end: time, end_text: str) -> None:
    """Reject an interval that ends at its own start ("09:00-09:00"): a 24-hour
    shift to some, no opening at all to others (businesstimedelta)."""
    if start == end and not end_text.strip().startswith("24"):
        at = _format_time(start, is_end=False)
        reject(
            "ambiguous_interval",
            f"'{at}-{at}' is ambiguous: it reads as a 24-hour shift (until {at} the next "
            "day) and as no opening at all. Write '00:00-24:00' for a whole day, split a "
            f"24-hour shift over two days ('{at}-24:00', then '00:00-{at}' the next day), "
            "and leave a closed day out.",
        )


class OpeningInterval(BaseModel):
    """One opening interval in local wall time, half-open ``[start, end)``.

    An ``end`` before ``start`` crosses midnight into the next day; ``end``
    00:00 (written ``24:00``) is midnight at the end of the day. An ``end``
    equal to ``start`` (``"09:00-09:00"``) is rejected as ambiguous, except
    ``00:00-24:00``, the whole day. In JSON an interval is the string
    ``"HH:MM-HH:MM"``.

    Example:
        >>> OpeningInterval.parse("22:00-06:00").crosses_midnight
        True
        >>> OpeningInterval.parse("09:00-17:00").length_us // 3_600_000_000
        8
    """

    model_config = ConfigDict(frozen=True)

    start: time
    end: time

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            start, separator, end = value.replace("\u2013", "-").partition("-")
            if not separator:
                reject(
                    "invalid_interval",
                    f"{value!r} is not an interval; write it as 'HH:MM-HH:MM', e.g. '09:00-17:00'.",
                )
            opening, closing = _parse_time(start, is_end=False), _parse_time(end, is_end=True)
            _check_unambiguous(opening, closing, end)
            return {"start": opening, "end": closing}
        if isinstance(value, Mapping) and isinstance(value.get("end"), str):
            closing = _parse_time(value["end"], is_end=True)
            if isinstance(value.get("start"), str):
                _check_unambiguous(_parse_time(value["start"], is_end=False), closing, value["end"])
            return {**value, "end": closing}
        return value

    @model_validator(mode="after")
    def _not_ambiguous(self) -> Self:
        if self.start != time(0):  # 00:00 to 00:00 is the whole day, 00:00-24:00
            _check_unambiguous(self.start, self.end, str(self.end))
        return self

    @field_validator("start", "end")
    @classmethod
    def _no_time_zone(cls, value: time) -> time:
        if value.tzinfo is not None:
            reject(
                "time_of_day_with_zone",
                f"{value.isoformat()} has a time zone, but opening times are local wall times; "
                "drop the tzinfo and set the schedule's tz instead.",
            )
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The schema of what a file holds: the text ``"HH:MM-HH:MM"``."""
        return {
            "title": "OpeningInterval",
            "type": "string",
            "pattern": _INTERVAL_PATTERN,
            "description": "opening interval 'HH:MM-HH:MM' in local wall time; an end "
            "before the start crosses midnight, '24:00' ends at midnight",
            "examples": ["09:00-17:00", "22:00-06:00", "00:00-24:00"],
        }

    @model_serializer
    def _to_text(self) -> str:
        return str(self)

    @classmethod
    def parse(cls, text: str) -> OpeningInterval:
        """Parse ``"HH:MM-HH:MM"`` (``24:00`` allowed as end)."""
        return cls.model_validate(text)

    @property
    def start_us(self) -> int:
        """Start as microseconds after local midnight."""
        return _time_of_day_us(self.start)

    @property
    def end_us(self) -> int:
        """End as microseconds after the start day's local midnight (up to two days)."""
        end = _time_of_day_us(self.end)
        return end + DAY_US if end <= self.start_us else end

    @property
    def crosses_midnight(self) -> bool:
        """Whether the interval runs past midnight into the next day (``24:00`` does not)."""
        return self.end_us > DAY_US

    @property
    def length_us(self) -> int:
        """Nominal wall-clock length in microseconds (DST changes not applied)."""
        return self.end_us - self.start_us

    def __str__(self) -> str:
        return f"{_format_time(self.start, is_end=False)}-{_format_time(self.end, is_end=True)}"

    def __repr__(self) -> str:
        return f"OpeningInterval({str(self)!r})"

    def _repr_html_(self) -> str:
        from datetime import timedelta

        from servicelevel._display import duration
        from servicelevel._html import fields

        length = duration(timedelta(microseconds=self.length_us))
        note = " (into the next day)" if self.crosses_midnight else ""
        return fields("OpeningInterval", [("open", str(self)), ("length", length + note)])

    def __init__(self, text: str | None = None, /, **data: Any) -> None:
        """``OpeningInterval("09:00-17:00")`` (what the repr shows), or ``start=``, ``end=``."""
        if text is None:
            super().__init__(**data)
        elif data:
            raise ArgumentTypeError("give an interval as text or as start= and end=, not both.")
        else:
            self.__pydantic_validator__.validate_python(text, self_instance=self)


#: An interval as microsecond positions, with its label and its location in the model.
Span = tuple[int, int, str, tuple[str | int, ...]]


def check_no_overlap(spans: list[Span], where: str) -> None:
    """Reject overlapping spans (in a validator, at the later one); touching spans are fine."""
    ordered = sorted(spans)
    for (_, end_a, label_a, _), (start_b, _, label_b, loc_b) in pairwise(ordered):
        if start_b < end_a:
            reject_at(
                loc_b,
                label_b.rpartition(" ")[2],
                "overlapping_intervals",
                f"{where}: intervals {label_a} and {label_b} overlap. Merge them into one "
                "interval or fix the times (intervals that only touch are allowed).",
            )


def check_hours_overlap(hours: tuple[OpeningInterval, ...], where: str) -> None:
    """Reject overlapping intervals of one day's ``hours`` field (at ``hours.N``)."""
    spans: list[Span] = [
        (iv.start_us, iv.end_us, str(iv), ("hours", index)) for index, iv in enumerate(hours)
    ]
    check_no_overlap(spans, where)


def split_intervals(value: Any) -> Any:
    """Accept ``"09:00-12:00, 13:00-17:00"`` as well as a list of intervals."""
    if isinstance(value, str):
        return [part for part in (piece.strip() for piece in value.split(",")) if part]
    return value


#: Most intervals one day may hold (a longer list is a ``too_long`` ValidationError).
MAX_INTERVALS_PER_DAY = 48

Intervals = Annotated[
    tuple[OpeningInterval, ...], Field(default=(), max_length=MAX_INTERVALS_PER_DAY)
]


class WeeklyHours(Editable):
    """The weekly opening intervals, per weekday (``mon`` ... ``sun``).

    Example:
        >>> week = WeeklyHours(fri=["22:00-06:00"])
        >>> week.for_weekday(4)
        (OpeningInterval('22:00-06:00'),)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mon: Intervals = ()
    tue: Intervals = ()
    wed: Intervals = ()
    thu: Intervals = ()
    fri: Intervals = ()
    sat: Intervals = ()
    sun: Intervals = ()

    @model_validator(mode="before")
    @classmethod
    def _day_ranges(cls, value: Any) -> Any:
        """Keys such as ``"mon-fri"`` in JSON and TOML, as in ``BusinessHours.weekly``."""
        if not isinstance(value, Mapping) or all(key in WEEKDAYS for key in value):
            return value
        try:
            return expand_week(value)
        except InvalidScheduleError as error:
            reject_at((error.key,), value.get(error.key), error.error_type, str(error))

    @field_validator(*WEEKDAYS, mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        return split_intervals(value)

    @model_validator(mode="after")
    def _no_overlaps(self) -> Self:
        week_us = 7 * DAY_US
        spans: list[Span] = []
        for index, day in enumerate(WEEKDAYS):
            for position, interval in enumerate(self.for_weekday(index)):
                start = index * DAY_US + interval.start_us
                end = index * DAY_US + interval.end_us
                label = f"{day} {interval}"
                spans.append((start, end, label, (day, position)))
                if end > week_us:  # Sunday night runs into Monday
                    spans.append((start - week_us, end - week_us, label, (day, position)))
        check_no_overlap(spans, "weekly hours")
        return self

    def for_weekday(self, weekday: int) -> tuple[OpeningInterval, ...]:
        """The intervals that start on ``weekday`` (0 is Monday, as ``date.weekday()``)."""
        result: tuple[OpeningInterval, ...] = getattr(self, WEEKDAYS[weekday])
        return result

    @property
    def is_empty(self) -> bool:
        """Whether no weekday has any interval."""
        return not any(self.for_weekday(index) for index in range(7))

    def __repr__(self) -> str:
        from servicelevel._display import week

        return f"WeeklyHours({week(self)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import box

        return box(self._html_table("WeeklyHours"))

    def _html_table(self, caption: str, extra: Sequence[tuple[str, str]] = ()) -> str:
        from servicelevel._display import intervals
        from servicelevel._html import table

        rows = [(day, intervals(self.for_weekday(index))) for index, day in enumerate(WEEKDAYS)]
        return table(caption, (), [*rows, *extra], row_headers=True)


def expand_week(schedule: Mapping[Any, Any]) -> dict[str, Any]:
    """A mapping keyed by day specs (``"mon-fri"``) as one keyed by weekday.

    A key that names no weekday, or a weekday named twice, raises
    :class:`~servicelevel.InvalidScheduleError`.

    Example:
        >>> expand_week({"mon-wed": "09:00-17:00", "sat": ""})
        {'mon': '09:00-17:00', 'tue': '09:00-17:00', 'wed': '09:00-17:00', 'sat': ''}
    """
    week: dict[str, Any] = {}
    for spec, intervals in schedule.items():
        for index in parse_day_spec(spec):
            day = WEEKDAYS[index]
            if day in week:
                raise InvalidScheduleError.for_repeated_day(day, spec)
            week[day] = intervals
    return week


def parse_day_spec(spec: str) -> list[int]:
    """The weekdays (0 is Monday) a key of ``BusinessHours.weekly`` names.

    Example:
        >>> parse_day_spec("fri-mon")
        [4, 5, 6, 0]
    """
    if not isinstance(spec, str):
        raise InvalidScheduleError.for_day_key(spec)
    days: list[int] = []
    for part in (piece.strip().lower() for piece in spec.split(",")):
        if part in ("daily", "all", "everyday", "every day"):
            days.extend(range(7))
            continue
        if part in ("weekdays", "weekend"):
            days.extend(range(5) if part == "weekdays" else (5, 6))
            continue
        first, separator, last = part.partition("-")
        try:
            start = _DAY_ALIASES[first.strip()]
            stop = _DAY_ALIASES[last.strip()] if separator else start
        except KeyError:
            raise InvalidScheduleError.for_day_key(spec) from None
        days.extend((start + offset) % 7 for offset in range((stop - start) % 7 + 1))
    return days
