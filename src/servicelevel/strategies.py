"""Hypothesis strategies for `servicelevel` types (needs the ``testing`` extra).

Strategies shrink towards the simplest case: UTC, Monday to Friday
09:00-17:00. Importing `hypothesis` with `servicelevel` installed registers
them for ``st.from_type``, through the ``hypothesis`` entry point.

Example:
    >>> from hypothesis import given, strategies as st
    >>> from servicelevel import BusinessHours, add_business_time, business_time_between
    >>> from servicelevel.strategies import aware_datetimes, business_hours, durations
    >>> @given(st.data())
    ... def test_round_trip(data):
    ...     hours = data.draw(business_hours())
    ...     start = data.draw(aware_datetimes(hours))
    ...     duration = data.draw(durations())
    ...     deadline = add_business_time(hours, start, duration)
    ...     assert business_time_between(hours, start, deadline) == duration
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.strategies needs hypothesis: pip install 'servicelevel[testing]'"
    ) from error

from pydantic import ValidationError

from servicelevel import (
    BusinessHours,
    Channel,
    Clock,
    Closure,
    CombinedHours,
    Conditions,
    Contact,
    ContactEvent,
    EventKind,
    HolidayCalendar,
    Market,
    Metric,
    OpeningInterval,
    PolicyRule,
    PolicySet,
    Priority,
    RecurringClosure,
    RecurringSpecialDay,
    Schedule,
    Sector,
    SectorProfile,
    ServiceLevelPolicy,
    SlaStatus,
    SpecialDay,
    Target,
    Wait,
    WarningLevel,
    WeeklyHours,
    breach_status,
    sector_profile,
)
from servicelevel._intervals import WEEKDAYS
from servicelevel._policy import INTERNAL_METRICS
from servicelevel._zones import zone

__all__ = [
    "TIME_ZONES",
    "aware_datetimes",
    "business_hours",
    "closures",
    "combined_hours",
    "conditions",
    "contact_events",
    "contacts",
    "dst_transitions",
    "durations",
    "holiday_calendars",
    "opening_intervals",
    "policies",
    "policy_sets",
    "recurring_closures",
    "recurring_special_days",
    "sector_profiles",
    "sla_statuses",
    "special_days",
    "targets",
    "warning_levels",
    "weekly_hours",
]

#: Zones with traps: DST at 02:00 and at midnight, 30-minute DST, Ramadan
#: offsets, a skipped day, and a fixed offset behind UTC by a half hour (no
#: IANA zone, no DST). UTC first, so examples shrink to it.
TIME_ZONES: tuple[str, ...] = (
    "UTC",
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "Africa/Casablanca",
    "Pacific/Apia",
    "America/Havana",
    "Asia/Kolkata",
    "UTC-09:30",
)
_CALENDARS = ("NL", "DE-BY", "US-CA", "BE", "GB-SCT")
#: The choices a team makes about its holiday calendar, per calendar above.
_CALENDAR_CHOICES: dict[str, tuple[dict[str, object], ...]] = {
    "NL": (
        {"exclude": ("Good Friday",)},
        {"categories": ("public", "optional")},
        {"categories": ("public", "optional"), "exclude": ("goede vrijdag", "Bevrijdingsdag")},
    ),
    "DE-BY": ({"categories": ("public", "catholic")}, {"exclude": ("Fronleichnam",)}),
    "US-CA": ({"exclude": ("Christmas Day (observed)", "Cesar Chavez Day")},),
    "BE": ({"categories": ("public", "bank")}, {"exclude": ("Easter Monday",)}),
    "GB-SCT": ({"exclude": ("Boxing Day", "Boxing Day (observed)")},),
}
#: Rules that pick the same dates wherever they start: ordinals, last days, week
#: numbers, set positions, leap days.
_RULES = (
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=DAILY;BYMONTH=12;BYMONTHDAY=24,31",
)
#: Rules that count from their start.
_STARTED_RULES = (
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
    "FREQ=DAILY;INTERVAL=10",
    "FREQ=MONTHLY;INTERVAL=3",
    "FREQ=YEARLY",
)
_MINUTES_PER_DAY = 1440
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY
_OFFICE = WeeklyHours.model_validate({day: ["09:00-17:00"] for day in WEEKDAYS[:5]})
_FIRST_DAY, _LAST_DAY = date(2024, 1, 1), date(2027, 12, 31)


def _clock(minutes: int) -> time:
    return time((minutes // 60) % 24, minutes % 60)


def _check_step(step_minutes: object) -> int:
    """``step_minutes`` when it is a whole number of minutes in a day, else ``InvalidArgument``
    (raised when the strategy is first drawn from, as hypothesis' own strategies do)."""
    if (
        isinstance(step_minutes, bool)
        or not isinstance(step_minutes, int)
        or not 1 <= step_minutes <= _MINUTES_PER_DAY
    ):
        raise InvalidArgument(
            f"step_minutes={step_minutes!r}: the grid step must be a whole number of "
            f"minutes from 1 to {_MINUTES_PER_DAY} (one day), e.g. 15."
        )
    return step_minutes


def opening_intervals(*, step_minutes: int = 15) -> st.SearchStrategy[OpeningInterval]:
    """Intervals on a ``step_minutes`` grid, including ones across midnight and 24:00.

    A step that is not 1 to 1440 minutes is ``InvalidArgument``."""
    return st.deferred(lambda: _opening_intervals(_check_step(step_minutes)))


def _opening_intervals(step_minutes: int) -> st.SearchStrategy[OpeningInterval]:
    slots = _MINUTES_PER_DAY // step_minutes
    return st.builds(
        lambda start, length: OpeningInterval(
            start=_clock(start * step_minutes),
            end=_clock((start + _length(start, length, slots)) * step_minutes),
        ),
        st.integers(0, slots - 1),
        st.integers(1, slots),
    )


def _length(start: int, length: int, slots: int) -> int:
    # A whole day is 00:00-24:00; from any other start it would be ambiguous.
    return slots - 1 if length == slots and start else length


@st.composite
def _generated_week(draw: st.DrawFn, step_minutes: int) -> WeeklyHours:
    # Non-overlapping spans in minutes of the week; each span belongs to the day it starts on.
    days: dict[str, list[OpeningInterval]] = {day: [] for day in WEEKDAYS}
    position = draw(st.integers(0, _MINUTES_PER_DAY // step_minutes)) * step_minutes
    for _ in range(draw(st.integers(1, 10))):
        length = draw(st.integers(1, _MINUTES_PER_DAY // step_minutes)) * step_minutes
        if position + length > _MINUTES_PER_WEEK:
            break
        start_day, start_minute = divmod(position, _MINUTES_PER_DAY)
        slots = _MINUTES_PER_DAY // step_minutes
        length = _length(start_minute, length // step_minutes, slots) * step_minutes
        days[WEEKDAYS[start_day]].append(
            OpeningInterval(start=_clock(start_minute), end=_clock(start_minute + length))
        )
        position += (
            length + draw(st.integers(0, 3 * _MINUTES_PER_DAY // step_minutes)) * step_minutes
        )
    return WeeklyHours.model_validate(days)


def weekly_hours(*, step_minutes: int = 15) -> st.SearchStrategy[WeeklyHours]:
    """Weekly schedules: office hours, 24/7, night shifts and split days.

    A step that is not 1 to 1440 minutes is ``InvalidArgument``."""
    return st.deferred(
        lambda: st.one_of(
            st.just(_OFFICE),
            st.just(BusinessHours.always().week),
            _generated_week(_check_step(step_minutes)),
        )
    )


def holiday_calendars() -> st.SearchStrategy[HolidayCalendar]:
    """Public-holiday calendars, national and regional."""
    return st.sampled_from(_CALENDARS).map(HolidayCalendar.parse)


@st.composite
def _calendars_with_choices(draw: st.DrawFn) -> HolidayCalendar:
    code = draw(st.sampled_from(_CALENDARS))
    calendar = HolidayCalendar.parse(code)
    choices = dict(draw(st.sampled_from(({}, *_CALENDAR_CHOICES[code]))))
    # Generated schedules answer for any year: a long duration on a sparse schedule may
    # run past 2100, and a property should not fail on HolidayCalendarRangeError, whose
    # own tests are in tests/test_holiday_choices.py.
    choices["beyond_known_years"] = "no_holidays"
    return calendar.model_validate({**calendar.model_dump(), **choices})


def closures(min_date: date = _FIRST_DAY, max_date: date = _LAST_DAY) -> st.SearchStrategy[Closure]:
    """One-off closures of one to fourteen days, whole days or some hours of each."""
    return st.builds(
        lambda start, days, hours: Closure(
            start=start, end=start + timedelta(days=days), hours=hours
        ),
        st.dates(min_date, max_date),
        st.integers(0, 13),
        st.none() | opening_intervals().map(lambda interval: (interval,)),
    )


@st.composite
def _rules(draw: st.DrawFn, min_date: date, max_date: date) -> tuple[str, date | None]:
    """A rule and its start: sometimes with COUNT or UNTIL, no start when it needs none."""
    rule = draw(st.sampled_from((*_RULES, *_STARTED_RULES)))
    start = draw(st.dates(min_date, max_date))
    if rule in _RULES and draw(st.booleans()):
        return rule, None
    end = draw(st.sampled_from(("", "count", "until")))
    if end == "count":
        rule += f";COUNT={draw(st.integers(1, 40))}"
    elif end == "until":
        until = start + timedelta(days=draw(st.integers(0, 1_500)))
        rule += f";UNTIL={until:%Y%m%d}"
    return rule, start


def _recurring(
    model: type[RecurringClosure | RecurringSpecialDay],
    rule: str,
    start: date | None,
    **fields: object,
) -> RecurringClosure | RecurringSpecialDay:
    try:
        return model(rule=rule, start=start, **fields)
    except ValidationError:  # an UNTIL before the rule's first date: keep it open-ended
        return model(rule=rule.rpartition(";UNTIL=")[0], start=start, **fields)


@st.composite
def recurring_closures(
    draw: st.DrawFn, min_date: date = _FIRST_DAY, max_date: date = _LAST_DAY
) -> RecurringClosure:
    """Closures by recurrence rule: whole days, or some hours of each date."""
    rule, start = draw(_rules(min_date, max_date))
    hours = draw(st.none() | opening_intervals().map(lambda interval: (interval,)))
    reason = draw(st.none() | st.sampled_from(("training", "company day")))
    closure = _recurring(RecurringClosure, rule, start, hours=hours, reason=reason)
    assert isinstance(closure, RecurringClosure)
    return closure


@st.composite
def recurring_special_days(
    draw: st.DrawFn, min_date: date = _FIRST_DAY, max_date: date = _LAST_DAY
) -> RecurringSpecialDay:
    """Special hours by recurrence rule (sometimes closed all day)."""
    rule, start = draw(_rules(min_date, max_date))
    interval = draw(st.none() | opening_intervals())
    hours = () if interval is None else (interval,)
    special = _recurring(RecurringSpecialDay, rule, start, hours=hours)
    assert isinstance(special, RecurringSpecialDay)
    return special


def special_days(
    min_date: date = _FIRST_DAY, max_date: date = _LAST_DAY
) -> st.SearchStrategy[SpecialDay]:
    """Special opening hours for one date (sometimes closed all day)."""
    return st.builds(
        lambda day, interval: SpecialDay(date=day, hours=() if interval is None else (interval,)),
        st.dates(min_date, max_date),
        st.none() | opening_intervals(),
    )


@st.composite
def _generated_hours(draw: st.DrawFn, time_zones: tuple[str, ...]) -> BusinessHours:
    specials = draw(st.lists(special_days(), max_size=3, unique_by=lambda day: day.date))
    calendars = _calendars_with_choices()
    return BusinessHours(
        tz=draw(st.sampled_from(time_zones)),
        week=draw(weekly_hours()),
        holidays=tuple(draw(st.lists(calendars, max_size=2, unique_by=lambda c: c.country))),
        closures=tuple(draw(st.lists(closures(), max_size=2))),
        special_days=tuple(specials),
        recurring_closures=tuple(draw(st.lists(recurring_closures(), max_size=2))),
        recurring_special_days=tuple(draw(st.lists(recurring_special_days(), max_size=2))),
    )


def business_hours(*, time_zones: tuple[str, ...] = TIME_ZONES) -> st.SearchStrategy[BusinessHours]:
    """Business hours in tricky time zones with holidays (sometimes with choices:
    categories, excluded holidays), closures (some of a few hours), special days,
    and recurring closures and special days.

    Every generated schedule has weekly openings, so deadlines exist, and its
    holiday calendars answer for any year (``beyond_known_years="no_holidays"``),
    so a long duration never stops at the end of a calendar.
    """
    return _generated_hours(time_zones)


@st.composite
def _generated_combined(
    draw: st.DrawFn, members: st.SearchStrategy[Schedule], time_zones: tuple[str, ...]
) -> CombinedHours:
    return CombinedHours(
        mode=draw(st.sampled_from(("union", "intersection"))),
        schedules=tuple(draw(st.lists(members, min_size=2, max_size=3))),
        tz=draw(st.none() | st.sampled_from(time_zones)),
    )


def combined_hours(
    *,
    members: st.SearchStrategy[Schedule] | None = None,
    time_zones: tuple[str, ...] = TIME_ZONES,
) -> st.SearchStrategy[CombinedHours]:
    """Unions and intersections of two or three schedules (by default
    :func:`business_hours` in the zones ``time_zones``), with the zone of the
    results left to the first member or drawn from ``time_zones``.

    An intersection may never be open (its members' hours need not overlap):
    the business-time functions then raise ``NoOpeningHoursError``.
    """
    chosen = business_hours(time_zones=time_zones) if members is None else members
    return _generated_combined(chosen, time_zones)


def _zone_key(hours: Schedule) -> str:
    if isinstance(hours, CombinedHours):
        return hours.tz if hours.tz is not None else _zone_key(hours.schedules[0])
    return hours.tz


@cache
def dst_transitions(tz: str, year: int) -> tuple[datetime, ...]:
    """Instants (UTC) at which the UTC offset of ``tz`` changes in ``year``."""
    info = zone(tz)
    found: list[datetime] = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    offset = instant.astimezone(info).utcoffset()
    step = timedelta(minutes=30)
    while instant.year == year:
        following = instant + step
        following_offset = following.astimezone(info).utcoffset()
        if following_offset != offset:
            found.append(following)
            offset = following_offset
        instant = following
    return tuple(found)


@st.composite
def aware_datetimes(
    draw: st.DrawFn,
    hours: Schedule | None = None,
    *,
    min_date: date = _FIRST_DAY,
    max_date: date = _LAST_DAY,
) -> datetime:
    """Aware datetimes, biased towards DST transitions and opening boundaries.

    The result is in the time zone of ``hours`` (UTC without ``hours``), and
    its local date lies between ``min_date`` and ``max_date``.
    """
    tz = "UTC" if hours is None else _zone_key(hours)
    info = zone(tz)
    near = st.timedeltas(timedelta(hours=-2), timedelta(hours=2)) | st.sampled_from(
        [timedelta(0), timedelta(microseconds=-1), timedelta(microseconds=1)]
    )
    day = draw(st.dates(min_date + timedelta(days=1), max_date - timedelta(days=1)))
    kind = draw(st.sampled_from(("anywhere", "boundary", "transition")))
    if kind == "boundary" and isinstance(hours, BusinessHours):
        intervals = hours.week.for_weekday(day.weekday())
        if intervals:
            interval = draw(st.sampled_from(intervals))
            moment = draw(st.sampled_from((interval.start, interval.end)))
            local = datetime.combine(day, moment, tzinfo=info)
            return (local + draw(near)).astimezone(info)
    if kind == "transition":
        # Only transitions inside the range, so two hours either side stay inside it too.
        transitions = [
            instant
            for instant in dst_transitions(tz, day.year)
            if min_date < instant.astimezone(info).date() < max_date
        ]
        if transitions:
            instant = draw(st.sampled_from(transitions)) + draw(near)
            return instant.astimezone(info)
    local = datetime.combine(day, draw(st.times()), tzinfo=info).replace(
        fold=draw(st.integers(0, 1))
    )
    return local.astimezone(info)


def durations(
    *, max_hours: int = 2_000, allow_negative: bool = True
) -> st.SearchStrategy[timedelta]:
    """Durations up to ``max_hours``, with microsecond resolution (negative too)."""
    limit = timedelta(hours=max_hours)
    return st.timedeltas(-limit if allow_negative else timedelta(0), limit)


@st.composite
def warning_levels(draw: st.DrawFn, duration: timedelta = timedelta(days=7)) -> WarningLevel:
    """Warning levels: a share of the target, or time left inside ``duration``."""
    if draw(st.booleans()):
        return WarningLevel(share=draw(st.floats(0.05, 1.0)))
    top = max(duration - timedelta(microseconds=1), timedelta(microseconds=1))
    return WarningLevel(left=draw(st.timedeltas(timedelta(microseconds=1), top)))


@st.composite
def targets(
    draw: st.DrawFn, *, metric: Metric | None = None, channel: Channel | None = None
) -> Target:
    """Targets of one second to a week, on any clock (now and then one to three working days), with the metric's default
    pause rules or others, (resolution clocks) new cycles on reopening, and
    sometimes warning and escalation levels."""
    chosen = metric if metric is not None else draw(st.sampled_from(Metric))
    pauses = draw(st.none() | st.lists(st.sampled_from(Wait), unique=True, max_size=2))
    duration = draw(st.timedeltas(timedelta(seconds=1), timedelta(days=7)))
    clock = draw(st.sampled_from((Clock.BUSINESS, Clock.CALENDAR)))
    if draw(st.integers(0, 5)) == 5:  # now and then in working days
        clock = draw(st.sampled_from((Clock.WORKING_DAYS, Clock.END_OF_WORKING_DAY)))
        duration = timedelta(days=draw(st.integers(1, 3)))
    levels: dict[str, Any] = {}
    if draw(st.integers(0, 3)) == 3:
        levels["warnings"] = draw(st.lists(warning_levels(duration), max_size=3))
        after = draw(st.lists(st.timedeltas(timedelta(0), timedelta(days=2)), max_size=3))
        levels["escalations"] = sorted(set(after))
    return Target(
        metric=chosen,
        channel=channel,
        priority=None,
        duration=duration,
        clock=clock,
        at_risk=draw(st.floats(0.05, 1.0)),
        pauses_on=None if pauses is None else tuple(pauses),
        reopen_starts_new_cycle=chosen.measures_resolution and draw(st.booleans()),
        **levels,
    )


_YES_FIRST = st.sampled_from((True, False))  # shrinks to the default, True


@st.composite
def policies(draw: st.DrawFn, hours: BusinessHours | None = None) -> ServiceLevelPolicy:
    """Policies with a first-response target for every channel they support.

    Some channels get their own (24/7) hours; some targets are per priority;
    targets for the other metrics are sometimes there, and so are internal
    targets of the groups :func:`contacts` assigns to; the life-cycle switches
    vary, and a channel sometimes falls back to another while it is closed.
    """
    main_hours = hours if hours is not None else draw(business_hours())
    supported = draw(st.lists(st.sampled_from(Channel), min_size=1, max_size=4, unique=True))
    rules: list[Target] = []
    for channel in supported:
        rules.append(draw(targets(metric=Metric.FIRST_RESPONSE, channel=channel)))
        if draw(st.booleans()):
            urgent = draw(targets(metric=Metric.FIRST_RESPONSE, channel=channel))
            rules.append(urgent.model_copy(update={"priority": Priority.URGENT}))
    others = [metric for metric in Metric if metric is not Metric.FIRST_RESPONSE]
    for metric in draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others))):
        rules.append(draw(targets(metric=metric)))
    if draw(st.integers(0, 2)) == 2:  # now and then internal targets of the groups drawn
        for group in draw(st.lists(st.sampled_from(_GROUPS), min_size=1, max_size=2, unique=True)):
            metric = draw(st.sampled_from(INTERNAL_METRICS))
            internal = draw(targets(metric=metric))
            rules.append(Target.model_validate({**internal.model_dump(), "group": group}))
    always = BusinessHours.always(tz=main_hours.tz)
    around_the_clock = draw(st.lists(st.sampled_from(supported), unique=True, max_size=1))
    fallback: dict[Channel, Channel] = {}
    if len(supported) > 1 and draw(st.booleans()):
        closed, instead = draw(st.permutations(supported))[:2]
        fallback[closed] = instead
    return ServiceLevelPolicy(
        name=draw(st.sampled_from(["Support", "Klantenservice"])),
        hours=main_hours,
        channel_hours=dict.fromkeys(around_the_clock, always),
        channels=tuple(supported),
        targets=tuple(rules),
        customer_message_ends_wait=draw(_YES_FIRST),
        customer_message_reopens=draw(_YES_FIRST),
        offline_fallback=fallback,
    )


@st.composite
def conditions(draw: st.DrawFn) -> Conditions:
    """Conditions on channels, priorities, markets, sectors, tags and the
    attributes :func:`contacts` draw (``product``, ``country``, ``plan``)."""

    def some(values: st.SearchStrategy[Any]) -> tuple[Any, ...]:
        return tuple(draw(st.lists(values, max_size=2, unique=True)))

    return Conditions(
        channels=some(st.sampled_from(Channel)),
        priorities=some(st.sampled_from(Priority)),
        markets=some(st.sampled_from(Market)),
        sectors=some(st.sampled_from(Sector)),
        tags=some(st.sampled_from(("vip", "billing"))),
        attributes=draw(
            st.dictionaries(_NAMES, st.lists(_VALUES, min_size=1, max_size=2), max_size=2)
        ),
    )


@st.composite
def policy_sets(draw: st.DrawFn, *, with_default: bool | None = None) -> PolicySet:
    """Policy sets of one to four rules; the last has no conditions (a default)
    when ``with_default`` is true, never when false, and sometimes when None."""
    hours = draw(business_hours())
    count = draw(st.integers(1, 4))
    rules = [
        PolicyRule(when=draw(conditions()), policy=draw(policies(hours=hours)))
        for _ in range(count)
    ]
    for index, rule in enumerate(rules[:-1]):
        if rule.when.is_empty:  # only the last rule may match every contact
            rules[index] = PolicyRule(when=Conditions(tags=("vip",)), policy=rule.policy)
    default = draw(st.booleans()) if with_default is None else with_default
    last = rules[-1]
    if default:
        rules[-1] = PolicyRule(policy=last.policy)
    elif last.when.is_empty:
        rules[-1] = PolicyRule(when=Conditions(channels=[Channel.EMAIL]), policy=last.policy)
    return PolicySet(name=draw(st.sampled_from(["Support", "Klantenservice"])), rules=rules)


_REASONS = ("spam", "duplicate", "merged", "abandoned")
_GROUPS = ("first line", "second line", "billing")
_NAMES = st.sampled_from(("product", "country", "plan"))
_VALUES = st.sampled_from(("loans", "NL", "BE", "basic", "premium"))
_ATTRIBUTES = st.dictionaries(_NAMES, _VALUES, max_size=2)
_CHANGED_ATTRIBUTES = st.dictionaries(_NAMES, _VALUES, min_size=1, max_size=2)
_K = EventKind
# What may happen next, by the contact's status; the common events first, so
# that examples shrink to plain conversations. A cancellation is drawn apart
# (about one event in 25): spam, duplicates and abandoned calls are rare.
_NEXT_EVENTS: dict[str, tuple[EventKind, ...]] = {
    "open": (
        _K.AGENT_REPLY, _K.CUSTOMER_MESSAGE, _K.INTERNAL_NOTE, _K.WAITING_ON_CUSTOMER,
        _K.RESOLVED, _K.WAITING_ON_THIRD_PARTY, _K.PRIORITY_CHANGED, _K.ASSIGNED,
        _K.DUE_DATE_SET, _K.ATTRIBUTES_CHANGED, _K.OPEN,
    ),
    "waiting": (
        _K.CUSTOMER_MESSAGE, _K.AGENT_REPLY, _K.OPEN, _K.RESOLVED, _K.INTERNAL_NOTE,
        _K.WAITING_ON_CUSTOMER, _K.WAITING_ON_THIRD_PARTY, _K.PRIORITY_CHANGED,
        _K.DUE_DATE_SET,
    ),
    "resolved": (
        _K.CUSTOMER_MESSAGE, _K.REOPENED, _K.AGENT_REPLY, _K.OPEN, _K.WAITING_ON_CUSTOMER,
        _K.INTERNAL_NOTE, _K.PRIORITY_CHANGED, _K.RESOLVED,
    ),
}  # fmt: skip
_STATUS_AFTER = {
    _K.WAITING_ON_CUSTOMER: "waiting",
    _K.WAITING_ON_THIRD_PARTY: "waiting",
    _K.OPEN: "open",
    _K.REOPENED: "open",
    _K.RESOLVED: "resolved",
}


def _event_fields(draw: st.DrawFn, kind: EventKind, moment: datetime) -> dict[str, Any]:
    """The fields ``kind`` needs, drawn."""
    if kind is EventKind.PRIORITY_CHANGED:
        return {"priority": draw(st.sampled_from(Priority))}
    if kind is EventKind.ATTRIBUTES_CHANGED:
        return {"attributes": draw(_CHANGED_ATTRIBUTES)}
    if kind is EventKind.CANCELLED:
        return {"reason": draw(st.sampled_from(_REASONS))}
    if kind is EventKind.DUE_DATE_SET:
        ahead = draw(st.timedeltas(timedelta(0), timedelta(days=5)))
        due = (moment.astimezone(UTC) + ahead).astimezone(moment.tzinfo)  # not wall-clock
        return {"metric": draw(st.sampled_from(Metric)), "due": due}
    if kind is EventKind.ASSIGNED:
        return {"group": draw(st.sampled_from(_GROUPS))}
    return {}


@st.composite
def contacts(
    draw: st.DrawFn,
    policy: ServiceLevelPolicy | None = None,
    *,
    max_events: int = 6,
) -> Contact:
    """Valid contacts with realistic histories: a channel the policy supports,
    messages, replies and notes, waits, resolutions and reopenings, priority
    and attribute changes, assignments, due dates and the odd cancellation,
    in an order a help desk could export (valid by construction)."""
    channel = draw(st.sampled_from(policy.channels if policy is not None else tuple(Channel)))
    hours = policy.hours_for(channel) if policy is not None else None
    received = draw(aware_datetimes(hours))
    events: list[ContactEvent] = []
    status, moment, customer_since = "open", received, False
    for _ in range(draw(st.integers(0, max_events))):
        cancel = draw(st.integers(0, 24)) == 24
        kind = EventKind.CANCELLED if cancel else draw(st.sampled_from(_NEXT_EVENTS[status]))
        if kind is EventKind.RESOLVED and status == "resolved" and not customer_since:
            continue  # resolving a resolved contact needs a customer message in between
        gap = draw(st.timedeltas(timedelta(0), timedelta(hours=72)))
        moment = (moment.astimezone(UTC) + gap).astimezone(received.tzinfo)  # not wall-clock
        events.append(ContactEvent(kind=kind, at=moment, **_event_fields(draw, kind, moment)))
        if kind is EventKind.CANCELLED:
            break
        status = _STATUS_AFTER.get(kind, status)
        if kind is EventKind.CUSTOMER_MESSAGE or kind in _STATUS_AFTER:
            customer_since = kind is EventKind.CUSTOMER_MESSAGE
    return Contact(
        channel=channel,
        priority=draw(st.sampled_from(Priority)),
        received_at=received,
        attributes=draw(_ATTRIBUTES),
        events=tuple(events),
    )


@st.composite
def contact_events(
    draw: st.DrawFn, min_date: date = _FIRST_DAY, max_date: date = _LAST_DAY
) -> ContactEvent:
    """Single events of every kind, each with the fields its kind needs (a valid
    order needs :func:`contacts`)."""
    kind = draw(st.sampled_from(EventKind))
    moment = draw(aware_datetimes(None, min_date=min_date, max_date=max_date))
    return ContactEvent(kind=kind, at=moment, **_event_fields(draw, kind, moment))


def sector_profiles() -> st.SearchStrategy[SectorProfile]:
    """The built-in sector profiles."""
    return st.sampled_from(tuple(Sector)).map(sector_profile)


@st.composite
def sla_statuses(draw: st.DrawFn, policy: ServiceLevelPolicy | None = None) -> SlaStatus:
    """Statuses of generated contacts at a moment after their last event."""
    chosen = policy if policy is not None else draw(policies())
    contact = draw(contacts(chosen))
    last = contact.events[-1].at if contact.events else contact.received_at
    now = last.astimezone(UTC) + draw(st.timedeltas(timedelta(0), timedelta(days=10)))
    return breach_status(contact, chosen, now)
