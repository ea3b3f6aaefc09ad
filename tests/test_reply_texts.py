"""Registers, conversations, self-service, help centre, working days and usual waits in replies.

The golden texts in ``tests/golden`` hold the full wording; these tests name each rule.
"""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest
from pydantic import ValidationError

from servicelevel import (
    BUILT_IN_TEMPLATES,
    FORMAL_SECTORS,
    BusinessHours,
    Channel,
    Contact,
    Register,
    Sector,
    ServiceLevelPolicy,
    Target,
    UnknownNameError,
    auto_reply,
    policy_for,
    response_deadline,
)
from servicelevel._auto_reply import _VIEWS
from servicelevel._defaults import DUTCH_OFFICE_HOURS
from servicelevel._describe import format_moment
from servicelevel._frozen import FrozenDict

from .common import at, in_threads

SHOP = policy_for("retail", "b2c")
BANK = policy_for("finance", "b2c")
WEDNESDAY = at("2025-03-12 11:00")


class TestRegisters:
    @pytest.mark.parametrize("sector", list(Sector))
    def test_the_sector_decides_the_default_register(self, sector: Sector) -> None:
        reply = auto_reply("email", WEDNESDAY, SHOP, sector=sector)
        formal = sector in (Sector.FINANCE, Sector.GOVERNMENT, Sector.HEALTH)
        assert reply.formality is (Register.FORMAL if formal else Register.INFORMAL)
        assert ("U krijgt" in reply.body) is formal
        assert ("Je krijgt" in reply.body) is not formal
        assert (sector in FORMAL_SECTORS) is formal

    def test_without_a_sector_dutch_is_informal(self) -> None:
        reply = auto_reply("email", WEDNESDAY, BANK)
        assert reply.formality is Register.INFORMAL
        assert reply.subject.startswith("Ontvangen: je krijgt")

    @pytest.mark.parametrize(
        ("register", "sector", "greeting", "pronoun"),
        [
            ("informal", "finance", "Hallo,", "je"),
            (Register.FORMAL, "retail", "Beste klant,", "u"),
            ("formal", None, "Beste klant,", "u"),
        ],
    )
    def test_the_caller_overrides_the_sector(
        self, register: Register | str, sector: str | None, greeting: str, pronoun: str
    ) -> None:
        reply = auto_reply("email", WEDNESDAY, SHOP, register=register, sector=sector)
        assert reply.body.startswith(f"{greeting}\n")
        assert reply.subject.startswith(f"Ontvangen: {pronoun} krijgt")

    def test_formal_dutch_says_u_throughout(self) -> None:
        reply = auto_reply(
            "messaging", WEDNESDAY, SHOP, register="formal", contact_details={Channel.PHONE: "020"}
        )
        words = reply.body.replace(",", " ").replace(".", " ").split()
        assert "je" not in words
        assert "Je" not in words
        assert "jouw" not in words
        assert "uw bericht" in reply.body
        assert "kunnen we u helaas niet helpen" in reply.body

    def test_the_locale_key_nl_formal_is_formal_too(self) -> None:
        reply = auto_reply("email", WEDNESDAY, SHOP, locale="nl-formal")
        assert reply.formality is Register.FORMAL
        assert reply.locale == "nl-formal"

    @pytest.mark.parametrize("locale", ["en", "en-GB", "en-US"])
    def test_english_has_no_register(self, locale: str) -> None:
        formal = auto_reply("email", WEDNESDAY, SHOP, locale=locale, register="formal")
        informal = auto_reply("email", WEDNESDAY, SHOP, locale=locale, register="informal")
        assert formal.body == informal.body
        assert formal.formality is None

    def test_an_unknown_register_names_the_choices(self) -> None:
        with pytest.raises(UnknownNameError, match="'formal', 'informal'"):
            auto_reply("email", WEDNESDAY, SHOP, register="polite")

    def test_own_templates_per_register(self) -> None:
        english = BUILT_IN_TEMPLATES["en"]
        du = english.replace(locale="de", greeting="Hallo,")
        sie = english.replace(locale="de", greeting="Sehr geehrte Damen und Herren,")
        templates = {**BUILT_IN_TEMPLATES, "de": du, "de-formal": sie}
        formal = auto_reply(
            "email", WEDNESDAY, SHOP, locale="de", sector="health", templates=templates
        )
        informal = auto_reply("email", WEDNESDAY, SHOP, locale="de", templates=templates)
        assert formal.body.startswith("Sehr geehrte Damen und Herren,")
        assert informal.body.startswith("Hallo,")

    @pytest.mark.parametrize(
        ("locale", "register", "sign_off"),
        [
            ("nl", "informal", "Hartelijke groet,\nSanne\n"),
            ("nl", "formal", "Met vriendelijke groet,\nSanne\n"),
            ("en-GB", None, "Kind regards,\nSanne\n"),
        ],
    )
    def test_signed_by_a_named_person_in_each_register(
        self, locale: str, register: str | None, sign_off: str
    ) -> None:
        reply = auto_reply(
            "email", WEDNESDAY, SHOP, locale=locale, register=register, signed_by="Sanne"
        )
        assert reply.body.endswith(f"\n\n{sign_off}")


class TestConversations:
    """Phone and in person are answered in the conversation: no written answer is promised."""

    @pytest.mark.parametrize("locale", ["nl", "nl-formal", "en-GB"])
    @pytest.mark.parametrize("received", ["2025-03-12 23:00", "2025-03-12 11:00"])
    def test_a_call_is_promised_no_written_reply(self, locale: str, received: str) -> None:
        reply = auto_reply("phone", at(received), SHOP, locale=locale)
        assert reply.deadline is None
        assert "bericht via" not in reply.body
        assert "message via" not in reply.body
        assert "1 minu" not in reply.body  # the phone's 20 s target is no promise in writing

    def test_a_call_at_night_says_when_we_are_back_and_what_writing_gets(self) -> None:
        reply = auto_reply("phone", at("2025-03-12 23:00"), SHOP, locale="en-GB")
        assert "will be back on Thursday, 13 March 2025 at 09:00" in reply.body
        email = Contact(channel="email", received_at=at("2025-03-12 23:00"))
        by = format_moment(response_deadline(email, SHOP), "en-GB")
        assert f"Via email, we will reply by {by}." in reply.body
        assert "urgent" not in reply.body  # the other channels are listed already

    def test_a_call_while_open_invites_the_caller_to_call_again(self) -> None:
        reply = auto_reply(
            "phone", WEDNESDAY, SHOP, contact_details={Channel.PHONE: "020 123 45 67"}
        )
        assert "Neem gerust opnieuw contact met ons op via de telefoon (020 123 45 67)." in (
            reply.body
        )

    def test_a_visit_to_a_closed_desk_points_to_the_phone_and_email(self) -> None:
        health = policy_for("health", "b2c")
        reply = auto_reply("in_person", at("2025-12-25 10:00"), health, sector="health")
        assert reply.subject == "U heeft contact met ons gezocht via onze balie"
        assert "Via de telefoon zijn we bereikbaar vanaf maandag 29 december 2025 om 09:00." in (
            reply.body
        )
        assert "Via e-mail krijgt u uiterlijk maandag 29 december 2025 om 17:00 antwoord." in (
            reply.body
        )


class TestSelfService:
    def test_a_portal_message_is_pointed_to_the_people_with_their_waits(self) -> None:
        reply = auto_reply("self_service", at("2025-03-15 11:00"), SHOP, locale="en-GB")
        assert reply.deadline is None
        assert "If you cannot find what you need, our team is happy to help." in reply.body
        for channel in (Channel.EMAIL, Channel.LIVE_CHAT, Channel.SOCIAL_MEDIA):
            contact = Contact(channel=channel, received_at=at("2025-03-15 11:00"))
            by = format_moment(response_deadline(contact, SHOP), "en-GB")
            name = BUILT_IN_TEMPLATES["en-GB"].channel_names[channel]
            assert f"Via {name}, we will reply by {by}." in reply.body
        assert "You can reach us via phone from Monday, 17 March 2025 at 09:00." in reply.body

    def test_a_channel_without_a_target_is_not_offered_with_a_wait(self) -> None:
        policy = ServiceLevelPolicy(
            name="Portal and mail",
            hours=DUTCH_OFFICE_HOURS,
            channels=["self_service", "email", "social_media"],
            targets=[Target(metric="first_response", channel="email", duration="8h")],
        )
        reply = auto_reply("self_service", WEDNESDAY, policy, locale="en")
        assert "Via email, we will reply by" in reply.body
        assert "social media" not in reply.body


HELP = "https://www.example.nl/klantenservice/veelgestelde-vragen"


class TestHelpCentre:
    @pytest.mark.parametrize(
        ("locale", "sentence"),
        [
            ("nl", "Misschien vind je het antwoord al in ons helpcentrum: "),
            ("nl-formal", "Misschien vindt u het antwoord al in ons helpcentrum: "),
            ("en-GB", "You may find the answer in our help centre: "),
            ("en-US", "You may find the answer in our help center: "),
        ],
    )
    def test_the_link_has_a_paragraph_of_its_own(self, locale: str, sentence: str) -> None:
        reply = auto_reply("email", WEDNESDAY, SHOP, locale=locale, help_centre=HELP)
        assert f"\n\n{sentence}{HELP}\n\n" in reply.body
        assert f"{sentence}{HELP}" in reply.body_markdown
        assert reply.help_centre == HELP

    def test_no_link_no_sentence(self) -> None:
        reply = auto_reply("email", WEDNESDAY, SHOP)
        assert "helpcentrum" not in reply.body
        assert reply.help_centre is None

    @pytest.mark.parametrize(
        "url", ["www.example.nl/help", "ftp://example.nl/help", "javascript:alert(1)", ""]
    )
    def test_only_a_web_address_is_accepted(self, url: str) -> None:
        with pytest.raises(ValidationError) as raised:
            auto_reply("email", WEDNESDAY, SHOP, help_centre=url)
        assert raised.value.errors()[0]["loc"][0] == "help_centre"


def working_days_policy(duration: str) -> ServiceLevelPolicy:
    return ServiceLevelPolicy(
        name="Back office",
        hours=DUTCH_OFFICE_HOURS,
        channels=["email"],
        targets=[Target(metric="first_response", channel="email", duration=duration)],
    )


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("duration", "locale", "within"),
        [
            ("1 working day", "nl", "Je krijgt binnen 1 werkdag een antwoord van ons"),
            ("1 working day", "nl-formal", "U krijgt binnen 1 werkdag een antwoord van ons"),
            ("2 working days", "nl", "Je krijgt binnen 2 werkdagen een antwoord van ons"),
            ("1 working day", "en-GB", "You will receive a reply within one working day"),
            ("2 working days", "en-GB", "You will receive a reply within 2 working days"),
            ("1 working day", "en-US", "You will receive a reply within one business day"),
        ],
    )
    def test_a_working_day_target_is_said_in_working_days(
        self, duration: str, locale: str, within: str
    ) -> None:
        policy = working_days_policy(duration)
        received = at("2025-12-24 14:00")
        reply = auto_reply("email", received, policy, locale=locale)
        deadline = response_deadline(Contact(channel="email", received_at=received), policy)
        assert reply.deadline == deadline
        assert f"{within}, " in reply.body
        assert format_moment(deadline, locale) in reply.body  # plus the latest moment

    def test_the_latest_moment_is_never_before_the_deadline(self) -> None:
        policy = working_days_policy("1 working day")
        received = at("2025-03-12 10:00:30")
        reply = auto_reply("email", received, policy, locale="en-GB")
        assert reply.deadline == at("2025-03-13 10:00:30")
        assert "within one working day, by Thursday, 13 March 2025 at 10:01" in reply.body

    def test_end_of_working_day_is_said_as_a_moment(self) -> None:
        reply = auto_reply(
            "email", at("2025-03-12 18:00"), working_days_policy("end of next working day")
        )
        assert "werkdag" not in reply.body
        assert "uiterlijk vrijdag 14 maart 2025 om 17:00" in reply.body


class TestUsualWaits:
    def test_a_sooner_usual_wait_is_said_before_the_promise(self) -> None:
        reply = auto_reply(
            "email",
            WEDNESDAY,
            SHOP,
            locale="en-GB",
            usual_waits={Channel.EMAIL: timedelta(hours=2)},
        )
        assert "We usually reply within 2 hours. You will receive a reply within 24 hours, by" in (
            reply.body
        )
        assert reply.usually_by == at("2025-03-12 13:00")
        assert reply.deadline == at("2025-03-13 11:00")

    @pytest.mark.parametrize("register", ["informal", "formal"])
    def test_dutch_in_both_registers(self, register: str) -> None:
        reply = auto_reply(
            "email",
            WEDNESDAY,
            SHOP,
            register=register,
            usual_waits={Channel.EMAIL: timedelta(hours=2)},
        )
        pronoun = "krijgt u" if register == "formal" else "krijg je"
        assert f"Meestal {pronoun} binnen 2 uur antwoord." in reply.body

    def test_business_time_waits_end_after_a_closed_night(self) -> None:
        # Wednesday 16:00 + 2 business hours: Thursday 10:00, sooner than Thursday 16:00.
        reply = auto_reply(
            "email", at("2025-03-12 16:00"), SHOP, usual_waits={Channel.EMAIL: timedelta(hours=2)}
        )
        assert reply.usually_by == at("2025-03-13 10:00")
        assert "Meestal krijg je binnen 18 uur antwoord." in reply.body

    def test_a_calendar_target_takes_its_wait_in_calendar_time(self) -> None:
        # The built-in chat target counts business time; a calendar chat target, calendar time.
        policy = SHOP.with_target(
            Target(
                metric="first_response",
                channel="live_chat",
                priority="normal",
                duration="10min",
                clock="calendar",
            )
        )
        reply = auto_reply(
            "live_chat", WEDNESDAY, policy, usual_waits={Channel.LIVE_CHAT: timedelta(minutes=2)}
        )
        assert reply.usually_by == at("2025-03-12 11:02")
        assert "Meestal krijg je binnen 2 minuten antwoord." in reply.body

    def test_usual_waits_beyond_a_day_are_said_as_a_moment(self) -> None:
        reply = auto_reply(
            "email", at("2025-04-25 16:00"), SHOP, usual_waits={Channel.EMAIL: timedelta(hours=2)}
        )
        assert "Meestal heb je op maandag 28 april 2025 om 10:00 al antwoord." in reply.body

    @pytest.mark.parametrize(
        "wait",
        [timedelta(hours=8), timedelta(hours=9), timedelta(hours=7, minutes=59, seconds=30)],
        ids=["equal", "later", "same-minute"],
    )
    def test_a_usual_wait_no_sooner_than_the_promise_is_not_said(self, wait: timedelta) -> None:
        reply = auto_reply("email", WEDNESDAY, SHOP, locale="en", usual_waits={Channel.EMAIL: wait})
        assert "usually" not in reply.body
        assert reply.usually_by is None
        assert reply.deadline == at("2025-03-13 11:00")

    def test_the_same_span_in_words_is_not_said_twice(self) -> None:
        # 23 h 30 min and 24 h both read "24 hours": saying it twice would promise nothing more.
        always = BusinessHours.always(tz="Europe/Amsterdam")
        policy = ServiceLevelPolicy(
            name="Always",
            hours=always,
            channels=["email"],
            targets=[Target(metric="first_response", channel="email", duration="24h")],
        )
        wait = {Channel.EMAIL: timedelta(hours=23, minutes=30)}
        reply = auto_reply("email", WEDNESDAY, policy, locale="en", usual_waits=wait)
        assert "usually" not in reply.body

    def test_a_chat_measured_as_email_uses_the_email_wait(self) -> None:
        # Offline fallback: a chat left at night is promised (and usually answered) as e-mail.
        policy = SHOP.replace(offline_fallback={"live_chat": "email"})
        waits = {Channel.EMAIL: timedelta(hours=1), Channel.LIVE_CHAT: timedelta(minutes=1)}
        reply = auto_reply("live_chat", at("2025-03-12 20:00"), policy, usual_waits=waits)
        assert reply.deadline == at("2025-03-13 17:00")  # 8 business hours of e-mail
        assert reply.usually_by == at("2025-03-13 10:00")  # 1 business hour of e-mail

    def test_another_channel_s_wait_is_not_used(self) -> None:
        reply = auto_reply(
            "email", WEDNESDAY, SHOP, usual_waits={Channel.LIVE_CHAT: timedelta(minutes=1)}
        )
        assert "Meestal" not in reply.body

    @pytest.mark.parametrize("wait", [timedelta(0), timedelta(hours=-1)])
    def test_a_wait_must_be_positive(self, wait: timedelta) -> None:
        with pytest.raises(ValidationError) as raised:
            auto_reply("email", WEDNESDAY, SHOP, usual_waits={Channel.EMAIL: wait})
        error = raised.value.errors()[0]
        assert error["type"] == "non_positive_duration"
        assert error["loc"][0] == "usual_waits"


class TestPolicyViews:
    def test_a_policy_s_view_dies_with_it(self) -> None:
        policy = SHOP.replace(name="Short-lived")
        auto_reply("email", WEDNESDAY, policy)
        key = id(policy)
        ref = _VIEWS[key].policy
        assert ref() is policy
        del policy
        gc.collect()
        assert ref() is None
        assert key not in _VIEWS or _VIEWS[key].policy is not ref  # (an id may be reused)

    def test_a_changed_copy_gets_its_own_targets(self) -> None:
        quick = SHOP.with_target(
            Target(metric="first_response", channel="email", priority="normal", duration="1h")
        )
        assert auto_reply("email", WEDNESDAY, SHOP).deadline == at("2025-03-13 11:00")
        assert auto_reply("email", WEDNESDAY, quick).deadline == at("2025-03-12 12:00")

    def test_the_views_are_bounded(self) -> None:
        policies = [SHOP.replace(name=f"Shop {number}") for number in range(300)]
        for policy in policies:
            auto_reply("email", WEDNESDAY, policy)
        assert len(_VIEWS) <= 256

    def test_replies_in_threads_agree(self) -> None:
        policies = [SHOP.replace(name=f"Shop {number}") for number in range(4)]
        expected = auto_reply("email", WEDNESDAY, SHOP).body

        def work(number: int) -> None:
            for _ in range(50):
                assert auto_reply("email", WEDNESDAY, policies[number % 4]).body == expected

        assert in_threads(8, work) == []


@pytest.mark.parametrize(
    ("key", "found", "present"),
    [(Channel.PHONE, "always", True), (Channel.EMAIL, None, False), ("phone", "always", True)],
)
def test_frozen_dict_lookups_behave_as_a_dict(key: str, found: str | None, present: bool) -> None:
    # get and "in" answer from the dict itself (no KeyError per miss), as dict would.
    mapping: FrozenDict[str, str] = FrozenDict({"phone": "always"})
    assert mapping.get(key) == found
    assert mapping.get(key, "office") == (found or "office")
    assert (key in mapping) is present
    assert mapping == {Channel.PHONE: "always"}
