"""Auto-replies and published opening hours.

The golden texts in ``tests/golden`` were read and judged as a customer would
read them; a change to any of them is a change in what customers are told.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from servicelevel import (
    AutoReply,
    BusinessHours,
    Channel,
    ClosedReason,
    Closure,
    Contact,
    NoTargetError,
    ReplyTemplates,
    ServiceLevelPolicy,
    Target,
    UnsupportedLocaleError,
    auto_reply,
    breach_status,
    describe_hours,
    policy_for,
    response_deadline,
)
from servicelevel._auto_reply import SYNCHRONOUS
from servicelevel._defaults import DUTCH_OFFICE_HOURS
from servicelevel._describe import format_moment
from servicelevel._templates import BUILT_IN_TEMPLATES
from servicelevel.strategies import contacts, policies

from .common import at

GOLDEN = Path(__file__).parent / "golden"
RETAIL = policy_for("retail", "b2c")
SOCIAL_24_7 = ServiceLevelPolicy(
    name="Webcare",
    hours=DUTCH_OFFICE_HOURS,
    channel_hours={"social_media": BusinessHours.always(tz="Europe/Amsterdam")},
    channels=["social_media", "email"],
    targets=[
        Target(metric="first_response", channel="social_media", duration=timedelta(hours=4)),
        Target(metric="first_response", channel="email", duration=timedelta(hours=8)),
    ],
)
PHONE = {Channel.PHONE: "020 123 45 67"}

FINANCE = policy_for("finance", "b2c")
HEALTH = policy_for("health", "b2c")
#: Government with e-mail answered "within one working day" (normal priority).
GOVERNMENT = policy_for("government", "b2c").with_target(
    Target(metric="first_response", channel="email", priority="normal", duration="1 working day")
)
HELP = "https://www.example.nl/help"
TWO_HOURS = {Channel.EMAIL: timedelta(hours=2)}

CASES: dict[str, Callable[[], AutoReply]] = {
    # E-mail, open, before Easter Monday (Good Friday is a working day).
    "email_good_friday_nl_informal": lambda: auto_reply(
        "email",
        at("2025-04-18 16:45"),
        RETAIL,
        signed_by=["Sanne", "Mohammed"],
        contact_details=PHONE,
    ),
    "email_good_friday_en": lambda: auto_reply(
        "email", at("2025-04-18 16:45"), RETAIL, locale="en", signed_by=["Sanne", "Mohammed"]
    ),
    # King's Day on a Monday (2026): a bank, formal, with its help centre.
    "email_kings_day_nl_formal": lambda: auto_reply(
        "email",
        at("2026-04-27 10:00"),
        FINANCE,
        sector="finance",
        signed_by=["Sanne", "Mohammed"],
        help_centre=HELP,
    ),
    "email_kings_day_en_gb": lambda: auto_reply(
        "email",
        at("2026-04-27 10:00"),
        FINANCE,
        locale="en-GB",
        sector="finance",
        signed_by=["Sanne", "Mohammed"],
        help_centre=HELP,
    ),
    # Night hours on a weekday.
    "chat_weekday_night_nl_informal": lambda: auto_reply(
        "live_chat", at("2025-03-12 23:00"), RETAIL
    ),
    "chat_weekday_night_en": lambda: auto_reply(
        "live_chat", at("2025-03-12 23:00"), RETAIL, locale="en"
    ),
    # A weekend night at a bank.
    "chat_saturday_night_nl_formal": lambda: auto_reply(
        "live_chat", at("2025-03-15 23:30"), FINANCE, sector="finance"
    ),
    # Christmas.
    "email_christmas_day_nl_informal": lambda: auto_reply(
        "email", at("2025-12-25 10:00"), RETAIL, team_name="Team Klantcontact van De Winkel"
    ),
    "chat_christmas_eve_en_gb": lambda: auto_reply(
        "live_chat", at("2025-12-24 18:10"), RETAIL, locale="en-GB", signed_by="Sanne"
    ),
    "chat_christmas_eve_en_us": lambda: auto_reply(
        "live_chat", at("2025-12-24 18:10"), RETAIL, locale="en-US", signed_by="Sanne"
    ),
    # Around the clock.
    "social_media_24_7_nl_informal": lambda: auto_reply(
        "social_media", at("2025-03-15 02:30"), SOCIAL_24_7
    ),
    "social_media_24_7_en": lambda: auto_reply(
        "social_media", at("2025-03-15 02:30"), SOCIAL_24_7, locale="en"
    ),
    "social_media_sunday_en_gb": lambda: auto_reply(
        "social_media", at("2025-03-16 14:00"), RETAIL, locale="en-GB"
    ),
    # A channel the shop does not offer.
    "unsupported_channel_nl_informal": lambda: auto_reply(
        "messaging", at("2025-03-12 11:00"), RETAIL
    ),
    "unsupported_channel_en": lambda: auto_reply(
        "messaging", at("2025-03-12 11:00"), RETAIL, locale="en"
    ),
    # Conversations: no written answer promised; when we are back, and the other channels.
    "phone_night_nl_informal": lambda: auto_reply(
        "phone", at("2025-03-12 23:00"), RETAIL, contact_details=PHONE
    ),
    "phone_night_nl_formal": lambda: auto_reply(
        "phone", at("2025-03-12 23:00"), RETAIL, register="formal", contact_details=PHONE
    ),
    "phone_open_en_gb": lambda: auto_reply("phone", at("2025-03-12 11:00"), RETAIL, locale="en-GB"),
    "in_person_christmas_nl_formal": lambda: auto_reply(
        "in_person", at("2025-12-25 10:00"), HEALTH, sector="health", contact_details=PHONE
    ),
    "in_person_christmas_en_us": lambda: auto_reply(
        "in_person", at("2025-12-25 10:00"), HEALTH, locale="en-US", contact_details=PHONE
    ),
    # Self-service: pointed to the people, with their waits.
    "self_service_weekend_nl_informal": lambda: auto_reply(
        "self_service", at("2025-03-15 11:00"), RETAIL, contact_details=PHONE, help_centre=HELP
    ),
    "self_service_weekend_nl_formal": lambda: auto_reply(
        "self_service", at("2025-03-15 11:00"), RETAIL, register="formal", contact_details=PHONE
    ),
    "self_service_weekend_en_gb": lambda: auto_reply(
        "self_service", at("2025-03-15 11:00"), RETAIL, locale="en-GB", contact_details=PHONE
    ),
    # "Within one working day", over Christmas.
    "email_working_day_christmas_eve_nl_formal": lambda: auto_reply(
        "email", at("2025-12-24 14:00"), GOVERNMENT, sector="government"
    ),
    "email_working_day_christmas_eve_en_gb": lambda: auto_reply(
        "email", at("2025-12-24 14:00"), GOVERNMENT, locale="en-GB"
    ),
    "email_working_day_christmas_eve_en_us": lambda: auto_reply(
        "email", at("2025-12-24 14:00"), GOVERNMENT, locale="en-US"
    ),
    # Usual waits before the promise: within hours, and by a moment after a weekend.
    "email_usually_nl_informal": lambda: auto_reply(
        "email", at("2025-04-22 10:15"), RETAIL, usual_waits=TWO_HOURS, signed_by="Sanne"
    ),
    "email_usually_nl_formal": lambda: auto_reply(
        "email", at("2025-04-22 10:15"), FINANCE, sector="finance", usual_waits=TWO_HOURS
    ),
    "email_usually_en_gb": lambda: auto_reply(
        "email", at("2025-04-22 10:15"), RETAIL, locale="en-GB", usual_waits=TWO_HOURS
    ),
    "email_usually_friday_en_us": lambda: auto_reply(
        "email", at("2025-04-25 16:00"), RETAIL, locale="en-US", usual_waits=TWO_HOURS
    ),
    "email_usually_friday_nl_informal": lambda: auto_reply(
        "email", at("2025-04-25 16:00"), RETAIL, usual_waits=TWO_HOURS
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_texts(name: str) -> None:
    reply = CASES[name]()
    text = f"Subject: {reply.subject}\n\n{reply.body}"
    expected = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert text == expected, f"--- {name} now reads:\n{text}"


class TestStructuredFields:
    def test_good_friday_is_a_working_day_at_the_default_office(self) -> None:
        """Few Dutch employers give Good Friday off, so the built-in office works;
        Easter Monday is a day off: 15 minutes on Friday, 7 h 45 min on Tuesday."""
        reply = CASES["email_good_friday_nl_informal"]()
        assert reply.open_now
        assert reply.closed_reason is ClosedReason.OPEN
        assert reply.holiday is None
        assert reply.deadline == at("2025-04-22 16:45")
        assert reply.supported_channels == RETAIL.channels
        assert reply.channel_supported

    def test_english_holiday_name(self) -> None:
        reply = auto_reply("email", at("2025-12-25 10:00"), RETAIL, locale="en")
        assert reply.holiday == "Christmas Day"

    @pytest.mark.parametrize("locale", ["nl", "en"])
    def test_finance_at_3_am_sends_nobody_to_a_closed_phone(self, locale: str) -> None:
        """The built-in finance policy has no 24/7 phone line (the research does not say
        banks staff one), so a 3 am reply may not say the phone is answered now."""
        policy = policy_for("finance", "b2c")
        reply = auto_reply("email", at("2025-03-12 03:00"), policy, locale=locale)
        assert policy.hours_for(Channel.PHONE) == DUTCH_OFFICE_HOURS
        assert "available there now" not in reply.body
        assert "nu bereikbaar" not in reply.body

    def test_retail_answers_social_media(self) -> None:
        reply = auto_reply("social_media", at("2025-03-12 11:00"), RETAIL, locale="en")
        assert reply.channel_supported
        assert reply.deadline == at("2025-03-12 15:00")  # 4 business hours

    def test_open_now(self) -> None:
        reply = auto_reply("email", at("2025-03-12 11:00"), RETAIL)
        assert reply.open_now
        assert reply.closed_reason is ClosedReason.OPEN
        assert "Ons team is nu aan het werk." in reply.body

    def test_day_off(self) -> None:
        reply = auto_reply("email", at("2025-03-15 11:00"), RETAIL, locale="en")
        assert reply.closed_reason is ClosedReason.DAY_OFF
        assert "We are closed on Saturdays and will be back on Monday" in reply.body

    def test_closure_reason(self) -> None:
        hours = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            closed=[Closure(start=date(2025, 3, 12), reason="verhuizing")],
        )
        policy = RETAIL.model_copy(update={"hours": hours})
        reply = auto_reply("email", at("2025-03-12 11:00"), policy)
        assert reply.closed_reason is ClosedReason.CLOSURE
        assert "(verhuizing)" in reply.body

    def test_closed_days_before_reopening_are_named(self) -> None:
        hours = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays="NL",
            closed=[Closure(start=date(2025, 7, 21), end=date(2025, 8, 1), reason="zomersluiting")],
        )
        policy = RETAIL.model_copy(update={"hours": hours})
        reply = auto_reply("email", at("2025-07-18 18:00"), policy)
        assert (
            "Ook op maandag 21 juli 2025 t/m vrijdag 1 augustus 2025 (zomersluiting) zijn we gesloten."
            in reply.body
        )
        assert reply.next_open == at("2025-08-04 09:00")

    def test_unsupported_channel_has_no_promise(self) -> None:
        reply = CASES["unsupported_channel_nl_informal"]()
        assert not reply.channel_supported
        assert reply.deadline is None
        assert "de telefoon, e-mail, de chat, sociale media of ons klantportaal" in reply.body

    def test_supported_channel_without_a_target_promises_nothing(self) -> None:
        reply = auto_reply("self_service", at("2025-03-12 11:00"), RETAIL, locale="en")
        assert reply.channel_supported
        assert reply.deadline is None
        assert reply.subject == "We have received your message via our customer portal"
        assert "answer" not in reply.body

    def test_contact_input(self) -> None:
        contact = Contact(channel="email", priority="urgent", received_at=at("2025-03-12 11:00"))
        reply = auto_reply(contact, contact.received_at, RETAIL)
        assert reply.deadline == response_deadline(contact, RETAIL)
        with pytest.raises(ValueError, match="differs from the contact's receipt"):
            auto_reply(contact, at("2025-03-12 12:00"), RETAIL)

    def test_markdown_body_breaks_the_signature_lines(self) -> None:
        reply = CASES["email_good_friday_nl_informal"]()
        assert reply.body_markdown.endswith("Hartelijke groet,  \nSanne en Mohammed\n")


CHAT_3_MINUTES = Target(
    metric="first_response",
    channel="live_chat",
    duration=timedelta(minutes=3),
    clock="calendar",
)
EMAIL_8_HOURS = Target(metric="first_response", channel="email", duration=timedelta(hours=8))


def chat_to_email(*targets: Target) -> ServiceLevelPolicy:
    """Office hours for both channels; a chat left while the chat is closed counts as e-mail."""
    return ServiceLevelPolicy(
        name="Chat and e-mail",
        hours=DUTCH_OFFICE_HOURS,
        channels=["email", "live_chat"],
        targets=list(targets),
        offline_fallback={"live_chat": "email"},
    )


class TestOfflineFallback:
    """The reply promises the deadline of the channel the clocks measure the contact as."""

    @pytest.mark.parametrize(
        ("targets", "received", "promised"),
        [
            # Monday 20:00, chat closed: 8 business hours of e-mail, Tuesday 09:00-17:00.
            ((CHAT_3_MINUTES, EMAIL_8_HOURS), "2025-01-06 20:00", "2025-01-07 17:00"),
            ((EMAIL_8_HOURS,), "2025-01-06 20:00", "2025-01-07 17:00"),
            ((CHAT_3_MINUTES,), "2025-01-06 20:00", None),  # e-mail promises nothing
            # Monday 10:00, chat open: the chat's own 3 minutes.
            ((CHAT_3_MINUTES, EMAIL_8_HOURS), "2025-01-06 10:00", "2025-01-06 10:03"),
            ((CHAT_3_MINUTES,), "2025-01-06 10:00", "2025-01-06 10:03"),
            ((EMAIL_8_HOURS,), "2025-01-06 10:00", None),  # the open chat promises nothing
        ],
        ids=[
            "closed-both",
            "closed-email-only",
            "closed-chat-only",
            "open-both",
            "open-chat-only",
            "open-email-only",
        ],
    )
    def test_a_chat_reply_promises_the_deadline_the_clocks_measure(
        self, targets: tuple[Target, ...], received: str, promised: str | None
    ) -> None:
        policy = chat_to_email(*targets)
        contact = Contact(channel="live_chat", received_at=at(received))
        reply = auto_reply(contact, contact.received_at, policy, locale="en")
        if promised is None:
            assert reply.deadline is None
            assert "answer" not in reply.body
            with pytest.raises(NoTargetError):
                breach_status(contact, policy, contact.received_at)
            return
        status = breach_status(contact, policy, contact.received_at).first_response
        assert reply.deadline == status.deadline == response_deadline(contact, policy)
        assert reply.deadline == at(promised)
        assert format_moment(at(promised), "en") in reply.subject

    def test_a_chat_left_at_night_is_not_promised_the_chat_target(self) -> None:
        policy = chat_to_email(CHAT_3_MINUTES, EMAIL_8_HOURS)
        reply = auto_reply("live_chat", at("2025-01-06 20:00"), policy, locale="en")
        assert not reply.open_now
        assert reply.next_open == at("2025-01-07 09:00")  # the chat's own hours
        assert reply.deadline != at("2025-01-07 09:03")  # 3 minutes from the chat's opening


class TestLocalesAndTemplates:
    def test_unsupported_locale_lists_the_supported_ones(self) -> None:
        with pytest.raises(UnsupportedLocaleError, match="supported locales: en, en-GB, en-US, nl"):
            auto_reply("email", at("2025-03-12 11:00"), RETAIL, locale="fr")

    def test_unknown_placeholder_is_rejected_at_creation(self) -> None:
        data = BUILT_IN_TEMPLATES["en"].model_dump()
        data["answer_by"] = "We answer by {deadlin}."
        with pytest.raises(
            ValidationError, match=r"'answer_by' uses unknown placeholder\(s\) \{deadlin\}"
        ):
            ReplyTemplates.model_validate(data)

    def test_broken_format_string_is_rejected(self) -> None:
        data = BUILT_IN_TEMPLATES["en"].model_dump()
        data["automated"] = "Automated {"
        with pytest.raises(ValidationError, match="not a valid format string"):
            ReplyTemplates.model_validate(data)

    def test_a_new_locale(self) -> None:
        german = ReplyTemplates.model_validate(
            {
                **BUILT_IN_TEMPLATES["en"].model_dump(),
                "locale": "de",
                "moment": "{date} um {time}",
                "answer_by": "Sie erhalten spätestens am {deadline} eine Antwort.",
            }
        )
        reply = auto_reply(
            "email",
            at("2025-03-12 11:00"),
            RETAIL,
            locale="de",
            templates={**BUILT_IN_TEMPLATES, "de": german},
        )
        assert "Mittwoch, 12. März 2025 um 11:00" in reply.body
        assert reply.opening_hours.startswith("Mo.-Fr. 09:00-17:00")

    def test_unknown_babel_locale(self) -> None:
        with pytest.raises(ValidationError, match="Babel does not know"):
            ReplyTemplates.model_validate(
                {**BUILT_IN_TEMPLATES["en"].model_dump(), "locale": "xx_YY"}
            )


class TestDescribeHours:
    @pytest.mark.parametrize(
        ("schedule", "locale", "expected"),
        [
            (
                {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"},
                "nl",
                "ma t/m vr 09:00-17:00, za 10:00-14:00",
            ),
            ({"mon-fri": "09:00-17:00"}, "en", "Mon-Fri 9:00 AM-5:00 PM"),
            ({"sat,sun": "10:00-16:00"}, "nl", "za en zo 10:00-16:00"),
            ({"fri": "22:00-06:00"}, "nl", "vr 22:00-06:00"),
            ({"mon": "18:00-24:00"}, "nl", "ma 18:00-24:00"),
            ({"mon": "18:00-24:00"}, "en", "Mon 6:00 PM-midnight"),
            ({"mon-fri": "09:00-12:00, 13:00-17:00"}, "nl", "ma t/m vr 09:00-12:00 en 13:00-17:00"),
            ({"daily": "00:00-24:00"}, "nl", "dag en nacht, 7 dagen per week"),
            ({"daily": "00:00-24:00"}, "en", "24 hours a day, 7 days a week"),
        ],
    )
    def test_weekly(self, schedule: dict[str, str], locale: str, expected: str) -> None:
        assert (
            describe_hours(BusinessHours.weekly(schedule, tz="Europe/Amsterdam"), locale)
            == expected
        )

    def test_holiday_note_and_upcoming_days(self) -> None:
        hours = BusinessHours.weekly(
            {"mon-fri": "09:00-17:00"},
            tz="Europe/Amsterdam",
            holidays="NL",
            special={date(2025, 12, 24): "09:00-15:00"},
        )
        assert describe_hours(hours, "en", upcoming_from=date(2025, 12, 20)) == (
            "Mon-Fri 9:00 AM-5:00 PM, closed on public holidays. Changed opening hours: "
            "Dec 24 9:00 AM-3:00 PM, Dec 25 closed (Christmas Day), "
            "Dec 26 closed (Second Day of Christmas), and Jan 1 closed (New Year's Day)."
        )

    def test_closed_schedule(self) -> None:
        assert describe_hours(BusinessHours(tz="UTC"), "en") == "closed"


@given(st.data())
def test_promise_equals_the_deadline_and_is_in_the_text(data: st.DataObject) -> None:
    policy = data.draw(policies())
    contact = data.draw(contacts(policy, max_events=0))
    locale = data.draw(st.sampled_from(["nl", "nl-formal", "en", "en-GB", "en-US"]))
    reply = auto_reply(contact, contact.received_at, policy, locale=locale)
    assert reply.subject
    if contact.channel in SYNCHRONOUS:  # a conversation: no written answer is promised
        assert reply.deadline is None
        return
    deadline = response_deadline(contact, policy)
    assert reply.deadline == deadline
    zone = policy.hours_for(contact.channel).zone
    local = deadline.astimezone(zone)
    shown = local.replace(second=0, microsecond=0)
    if shown < local:  # written times are rounded up, never earlier than the deadline
        shown += timedelta(minutes=1)
    assert format_moment(shown, locale) in reply.body


def test_dates_are_babel_dates() -> None:
    text = auto_reply("email", at("2025-03-12 11:00"), RETAIL, locale="en").body
    assert format_date(date(2025, 3, 12), "full", locale="en") in text


def test_rich_display_in_jupyter() -> None:
    reply = auto_reply("email", at("2025-03-12 11:00"), RETAIL, team_name="<Team & Co>")
    html = reply._repr_html_()
    assert ">Ontvangen: je krijgt" in html.split("<table", 1)[0]  # the subject comes first
    assert "&lt;Team &amp; Co&gt;" in html
    hours_html = DUTCH_OFFICE_HOURS._repr_html_()
    assert ">mon</th>" in hours_html
    assert ">09:00-17:00</td>" in hours_html
    assert ">closed (NL (except Good Friday))</td>" in hours_html
