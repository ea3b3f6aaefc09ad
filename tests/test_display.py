"""Reprs are short and readable; rich displays are escaped, well-formed HTML."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from servicelevel import (
    BUILT_IN_TEMPLATES,
    BusinessHours,
    Closure,
    Conditions,
    Contact,
    ContactEvent,
    HolidayCalendar,
    Market,
    OpeningInterval,
    PolicyRule,
    PolicySet,
    Sector,
    ServiceLevelPolicy,
    SpecialDay,
    Target,
    auto_reply,
    breach_status,
    policy_for,
    sector_profile,
    summarise_compliance,
)
from servicelevel._display import duration, moment, remaining, signed, week
from tests.common import at
from tests.test_hashing import MODEL_STRATEGIES, PUBLIC_MODELS

RETAIL = policy_for("retail", "b2c")
SCRIPT = "<script>alert('x')</script>"
HOURS = BusinessHours.weekly(
    {"mon-fri": "09:00-12:00, 13:00-17:00", "sat": "10:00-14:00"},
    tz="Europe/Amsterdam",
    holidays=["NL", "BE"],
    closed=[Closure(start=date(2025, 12, 29), end=date(2025, 12, 31), reason=SCRIPT)],
    special={date(2025, 12, 24): "09:00-15:00"},
)
EMAIL = Contact(channel="email", received_at=at("2025-01-06 10:00"))
#: The first-response deadline is 2025-01-07 10:00: this is 5 min 38 s after it.
LATE = breach_status(EMAIL, RETAIL, at("2025-01-07 10:05:38"))


class _TagBalance(HTMLParser):
    """Collects tags and checks that every opened tag is closed, in order."""

    VOID = frozenset({"br", "hr", "img", "meta", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _TagBalance:
    """Parse ``html``, asserting it is balanced; the parser keeps tags and text."""
    parser = _TagBalance()
    parser.feed(html)
    parser.close()
    assert parser.open == [], f"unclosed tags: {parser.open}"
    return parser


# -- durations and instants ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(0), "0 s"),
        (timedelta(hours=8), "8 h"),
        (timedelta(minutes=5, seconds=38), "5 min 38 s"),
        (timedelta(minutes=-5, seconds=-38), "5 min 38 s"),
        (timedelta(days=2, hours=3), "2 d 3 h"),
        (timedelta(days=1, seconds=1), "1 d 1 s"),
        (timedelta(seconds=1, microseconds=500_000), "1.5 s"),
        (timedelta(microseconds=1), "0.000001 s"),
    ],
)
def test_durations_read_as_units(value: timedelta, text: str) -> None:
    assert duration(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(timedelta(minutes=-5, seconds=-38), "-5 min 38 s"), (timedelta(hours=1), "1 h")],
)
def test_signed_durations(value: timedelta, text: str) -> None:
    assert signed(value) == text


@pytest.mark.parametrize(
    ("value", "answered", "text"),
    [
        (timedelta(minutes=-5, seconds=-38), False, "5 min 38 s late"),
        (timedelta(minutes=-5, seconds=-38), True, "5 min 38 s late"),
        (timedelta(hours=2), False, "2 h left"),
        (timedelta(hours=2), True, "2 h to spare"),
    ],
)
def test_remaining_time(value: timedelta, answered: bool, text: str) -> None:
    assert remaining(value, answered=answered) == text


def test_moment_shows_seconds_only_when_there_are_any() -> None:
    assert moment(at("2025-01-06 10:00")) == "2025-01-06 10:00+01:00"
    assert moment(at("2025-01-06 10:05:38")) == "2025-01-06 10:05:38+01:00"


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        ({"mon-fri": "09:00-17:00"}, "mon-fri 09:00-17:00"),
        (
            {"mon-fri": "09:00-12:00, 13:00-17:00", "sat": "10:00-14:00"},
            "mon-fri 09:00-12:00 & 13:00-17:00, sat 10:00-14:00",
        ),
        ({"daily": "00:00-24:00"}, "24/7"),
        ({"daily": "08:00-20:00"}, "daily 08:00-20:00"),
        ({"mon,wed": "09:00-17:00"}, "mon 09:00-17:00, wed 09:00-17:00"),
        ({}, "closed all week"),
    ],
)
def test_weeks_group_equal_days(schedule: dict[str, str], text: str) -> None:
    assert week(BusinessHours.weekly(schedule, tz="UTC").week) == text


def test_a_long_week_is_counted() -> None:
    schedule = {
        day: f"0{hour}:00-0{hour}:30"
        for hour, day in enumerate(("mon", "tue", "wed", "thu", "fri", "sat"), start=1)
    }
    assert week(BusinessHours.weekly(schedule, tz="UTC").week, limit=40) == "6 intervals on 6 days"


# -- reprs --------------------------------------------------------------------------------


def test_a_late_status_says_how_late_not_minus_one_day() -> None:
    assert LATE.first_response.remaining == -timedelta(minutes=5, seconds=38)
    for text in (repr(LATE), repr(LATE.first_response), LATE._repr_html_()):
        assert "5 min 38 s late" in text
        assert "day" not in text


@pytest.mark.parametrize(
    ("sector", "market"), [(sector, market) for sector in Sector for market in Market]
)
def test_built_in_policy_reprs_are_short_and_name_the_channels(
    sector: Sector, market: Market
) -> None:
    policy = policy_for(sector, market)
    text = repr(policy)
    assert len(text) < 200
    assert "\n" not in text
    assert f"name={policy.name!r}" in text
    assert f"channels=[{', '.join(policy.channels)}]" in text
    assert f"{len(policy.targets)} targets" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            HOURS,
            "BusinessHours(tz='Europe/Amsterdam', mon-fri 09:00-12:00 & 13:00-17:00, "
            "sat 10:00-14:00, holidays=NL+BE, 1 closure, 1 special day)",
        ),
        (HOURS.week, "WeeklyHours(mon-fri 09:00-12:00 & 13:00-17:00, sat 10:00-14:00)"),
        (BusinessHours.always(), "BusinessHours(tz='UTC', 24/7)"),
        (HolidayCalendar.parse("DE-BY"), "HolidayCalendar(country='DE', subdiv='BY')"),
        (OpeningInterval.parse("22:00-06:00"), "OpeningInterval('22:00-06:00')"),
        (Closure(start=date(2025, 5, 5)), "Closure(2025-05-05)"),
        (
            Closure(start=date(2025, 12, 29), end=date(2025, 12, 31), reason="stocktaking"),
            "Closure(2025-12-29 to 2025-12-31, reason='stocktaking')",
        ),
        (SpecialDay(date=date(2025, 12, 24)), "SpecialDay(2025-12-24 closed)"),
        (
            Target(metric="resolution", duration=timedelta(days=3), clock="calendar", at_risk=0.5),
            "Target(resolution, any channel, any priority, 3 d calendar time, at risk from 50%)",
        ),
        (
            Target(metric="first_response", channel="email", priority="high", duration="PT4H"),
            "Target(first_response, email, high priority, 4 h business time)",
        ),
        (
            ContactEvent(kind="agent_reply", at=at("2025-01-06 11:00")),
            "ContactEvent(agent_reply at 2025-01-06 10:00+00:00)",  # stored in UTC,
        ),
        (EMAIL, "Contact(email, normal priority, received 2025-01-06 09:00+00:00)"),
        (
            EMAIL.with_event("agent_reply", at("2025-01-06 11:00")),
            "Contact(email, normal priority, received 2025-01-06 09:00+00:00, "
            "1 event, last agent_reply at 2025-01-06 10:00+00:00)",
        ),
        (
            LATE,
            "SlaStatus(email, normal priority, now 2025-01-07 10:05:38+01:00: "
            "first_response breached (5 min 38 s late))",
        ),
        (LATE.resolution, "MetricStatus(resolution, not_applicable)"),
        (
            sector_profile("finance").drivers,
            "ExpectationDrivers(product_complexity=unknown, purchase_frequency=unknown, "
            "regulation=high, competitive_pressure=unknown)",
        ),
        (
            BUILT_IN_TEMPLATES["en"],
            "ReplyTemplates(locale='en', greeting='Hello,', 42 templates, 7 channel names)",
        ),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseModel) else "",
)
def test_reprs_say_what_matters(value: BaseModel, expected: str) -> None:
    assert repr(value) == expected
    if not isinstance(value, OpeningInterval | HolidayCalendar):  # those have a str of their own
        assert str(value) == expected


def test_opening_interval_repr_still_evaluates() -> None:
    interval = OpeningInterval.parse("22:00-24:00")
    assert eval(repr(interval), {"OpeningInterval": OpeningInterval}) == interval


def test_auto_reply_repr_names_state_deadline_and_subject() -> None:
    reply = auto_reply("email", at("2025-12-25 10:00"), RETAIL, locale="en")
    text = repr(reply)
    assert text.startswith("AutoReply(locale='en', email, closed (holiday), deadline 2025-12-29")
    assert (
        "subject='We have received your message and will reply by Monday, December 29, 2025 at 5:00 PM'"
        in text
    )
    assert len(text) < 200


def test_sector_profile_and_compliance_reprs_summarise() -> None:
    profile = repr(sector_profile("finance"))
    assert profile.startswith("SectorProfile(finance, preferred=[phone, email, live_chat]")
    assert "targets=[phone 20 s, email 8 h, live_chat 3 min]" in profile
    assert "notes" not in profile
    (row, *_) = summarise_compliance([LATE])
    assert repr(row) == "ComplianceRow(email first_response, 1 contact, 0% met, 100% breached)"


def test_long_collections_are_counted() -> None:
    closures = [Closure(start=date(2025, 1, 1) + timedelta(days=3 * n)) for n in range(300)]
    hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", closed=closures)
    assert repr(hours) == "BusinessHours(tz='UTC', mon-fri 09:00-17:00, 300 closures)"
    html = hours._repr_html_()
    assert "... and 276 more" in html
    assert len(html) < 20_000


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model.__name__)
@settings(max_examples=10)
@given(data=st.data())
def test_every_model_has_a_one_line_repr_and_balanced_html(
    model: type[BaseModel], data: st.DataObject
) -> None:
    instance = data.draw(MODEL_STRATEGIES[model](), label=model.__name__)
    text = repr(instance)
    assert text.startswith(f"{model.__name__}(")
    assert "\n" not in text
    assert len(text) < 300
    html = instance._repr_html_()  # type: ignore[attr-defined]
    assert "<script" not in html
    assert parse(html).tags


# -- rich display -------------------------------------------------------------------------


def test_rich_display_escapes_what_users_wrote() -> None:
    closure = HOURS.closures[0]
    for html in (HOURS._repr_html_(), closure._repr_html_()):
        parser = parse(html)
        assert "<script" not in html
        assert "&lt;script&gt;" in html
        assert SCRIPT in "".join(parser.text)
    reply = auto_reply("email", at("2025-03-12 11:00"), RETAIL, team_name=SCRIPT)
    assert "<script" not in reply._repr_html_()
    assert SCRIPT in "".join(parse(reply._repr_html_()).text)


def test_auto_reply_body_wraps_and_keeps_its_lines() -> None:
    reply = auto_reply("email", at("2025-12-25 10:00"), RETAIL, locale="en", signed_by=["Sanne"])
    html = reply._repr_html_()
    assert "white-space:pre-wrap" in html
    assert "<pre" not in html
    assert reply.body in "".join(parse(html).text)


def test_policy_display_tables_targets_by_channel_and_priority() -> None:
    parser = parse(RETAIL._repr_html_())
    text = " ".join(parser.text)
    assert "first_response and next_response" in text  # same targets: one table
    assert "No target for " in text
    assert "resolution" in text
    for channel in RETAIL.channels:
        assert channel in text
    for priority in ("low", "normal", "high", "urgent"):
        assert priority in text
    assert "8 h" in text  # email, normal priority
    assert "Europe/Amsterdam" in text


DESK = ServiceLevelPolicy(
    name="Desk",
    hours=HOURS,
    channels=["email", "phone"],
    targets=[
        Target(metric="first_response", channel="email", duration="8h"),
        Target(metric="first_response", channel="phone", duration="30min", clock="calendar"),
        Target(
            metric="first_response",
            priority="urgent",
            duration="1h",
            warnings=[{"share": 0.5}, {"left": "15min"}],
            escalations=["0min", "1h", "4h"],
        ),
        Target(metric="resolution", duration="2 working days"),
        Target(metric="total_resolution", duration="end of next working day"),
        Target(metric="first_response", group="first line", duration="2h"),
        Target(metric="agent_work", group="second line", duration="PT30M", clock="calendar"),
    ],
)


@pytest.mark.parametrize(
    "shown",
    [
        "8 h business time",  # email, any priority but urgent
        "30 min calendar time",  # phone
        "1 h business time; warnings at 50%, 15 min left; escalations at breach, +1 h, +4 h",
        "2 working days",
        "end of the working day + 1",
        "group first line: first_response",  # internal targets, per group
        "2 h business time",
        "group second line: agent_work",
        "operational level agreements",
    ],
)
def test_policy_display_shows_clocks_levels_and_internal_targets(shown: str) -> None:
    assert shown in " | ".join(parse(DESK._repr_html_()).text)


def test_policy_display_keeps_internal_targets_apart() -> None:
    text = " | ".join(parse(DESK._repr_html_()).text)
    assert text.index("first_response") < text.index("group first line: first_response")
    assert "group " not in " | ".join(parse(RETAIL._repr_html_()).text)  # none without groups


def test_policy_set_display_lists_the_rules_then_each_policy_once() -> None:
    desk = PolicySet(
        name="Support",
        rules=[
            PolicyRule(when=Conditions(attributes={"tier": "premium"}), policy=DESK),
            PolicyRule(when=Conditions(channels=["email"]), policy=DESK),
            PolicyRule(policy=RETAIL),
        ],
    )
    text = " | ".join(parse(desk._repr_html_()).text)
    assert text.index("tier premium") < text.index("ServiceLevelPolicy 'Desk'")
    assert text.count("ServiceLevelPolicy 'Desk'") == 1
    assert "ServiceLevelPolicy 'retail b2c (built-in)'" in text
    assert "group first line: first_response" in text


def test_status_display_uses_humane_durations() -> None:
    parser = parse(LATE._repr_html_())
    cells = [text for text in parser.text if text.strip()]
    assert "8 h 5 min 38 s" in cells  # elapsed
    assert "5 min 38 s late" in cells
    assert "101%" in cells
    assert not any("day," in cell for cell in cells)


def test_contact_display_lists_its_events() -> None:
    contact = EMAIL.with_event("agent_reply", at("2025-01-06 11:00")).with_event(
        "customer_reply", at("2025-01-06 12:30")
    )
    cells = [text for text in parse(contact._repr_html_()).text if text.strip()]
    assert cells[-4:] == ["1", "customer_message", "2025-01-06 11:30+00:00", "2 h 30 min"]


def test_displays_set_no_colours_and_load_nothing() -> None:
    policy = policy_for("finance", "b2b")
    status = breach_status(EMAIL, policy, datetime.fromisoformat("2025-01-08T12:00+01:00"))
    displays = [
        policy._repr_html_(),
        status._repr_html_(),
        HOURS._repr_html_(),
        sector_profile("health")._repr_html_(),
        BUILT_IN_TEMPLATES["nl"]._repr_html_(),
    ]
    for html in displays:
        parse(html)
        for forbidden in ("background", "color:", "<style", "<link", "<script", "http"):
            assert forbidden not in html
