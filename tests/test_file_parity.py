"""Every feature reads the same from JSON, from TOML and from the Python.

Each pair of files in ``tests/files/`` is written by hand as a user would
(day ranges, durations with units, intervals as text) and must give exactly
the model built here in Python.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, ValidationError

from servicelevel import (
    BusinessHours,
    Clock,
    CombinedHours,
    Conditions,
    Contact,
    HolidayCalendar,
    InvalidPolicyFileError,
    PolicyRule,
    PolicySet,
    RecurringClosure,
    RecurringSpecialDay,
    ServiceLevelPolicy,
    Target,
    WarningLevel,
    load_policy,
    load_policy_set,
    response_deadline,
)

FILES = Path(__file__).parent / "files"
OFFICE = {"mon-fri": "09:00-17:00"}


def _week_and_durations() -> ServiceLevelPolicy:
    return ServiceLevelPolicy(
        name="Web shop",
        channels=["email", "live_chat"],
        hours=BusinessHours.weekly(
            {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"}, tz="Europe/Amsterdam", holidays="NL"
        ),
        targets=[
            Target(metric="first_response", channel="email", duration=timedelta(hours=8)),
            Target(metric="first_response", channel="live_chat", duration=timedelta(minutes=3)),
            Target(metric="first_response", priority="urgent", duration=timedelta(minutes=90)),
        ],
    )


def _follow_the_sun() -> CombinedHours:
    amsterdam = BusinessHours.weekly(OFFICE, tz="Europe/Amsterdam", holidays="NL")
    new_york = BusinessHours.weekly(OFFICE, tz="America/New_York", holidays="US")
    return CombinedHours.union(amsterdam, new_york, tz="Europe/Amsterdam")


def _team(name: str, hours: BusinessHours) -> ServiceLevelPolicy:
    eight = Target(metric="first_response", duration=timedelta(hours=8))
    return ServiceLevelPolicy(name=name, channels=["email"], hours=hours, targets=[eight])


def _teams_by_region() -> PolicySet:
    bavaria = BusinessHours.weekly({"mon-fri": "08:00-16:00"}, tz="Europe/Berlin", holidays="DE-BY")
    netherlands = BusinessHours.weekly(OFFICE, tz="Europe/Amsterdam", holidays="NL")
    return PolicySet(
        name="Support",
        rules=[
            PolicyRule(
                when=Conditions(attributes={"region": ["DE-BY"]}),
                policy=_team("Bavarian team", bavaria),
            ),
            PolicyRule(policy=_team("Dutch team", netherlands)),
        ],
    )


def _hours_rules() -> BusinessHours:
    return BusinessHours.weekly(
        OFFICE,
        tz="UTC+01:00",
        holidays=HolidayCalendar(country="NL", exclude=("Good Friday",)),
        recurring_closures=[
            RecurringClosure(rule="FREQ=MONTHLY;BYDAY=1MO", hours="09:00-11:00", reason="training")
        ],
        recurring_special_days=[
            RecurringSpecialDay(rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", hours="09:00-15:00")
        ],
    )


def _targets_levels_days_groups() -> ServiceLevelPolicy:
    hours = BusinessHours.weekly(OFFICE, tz="Europe/Amsterdam", holidays="NL")
    return ServiceLevelPolicy(
        name="Support",
        channels=["email"],
        hours=hours,
        targets=[
            Target(
                metric="first_response",
                channel="email",
                duration=timedelta(hours=8),
                warnings=[WarningLevel(share=0.5), WarningLevel(left=timedelta(minutes=15))],
                escalations=[timedelta(0), timedelta(hours=1), timedelta(hours=4)],
            ),
            Target(metric="resolution", duration=timedelta(days=2), clock=Clock.WORKING_DAYS),
            Target(
                metric="next_response", duration=timedelta(days=1), clock=Clock.END_OF_WORKING_DAY
            ),
            Target(metric="first_response", duration=timedelta(hours=4), group="billing"),
        ],
    )


FEATURES: dict[str, tuple[type[BaseModel], Callable[[], BaseModel]]] = {
    "week_and_durations": (ServiceLevelPolicy, _week_and_durations),
    "follow_the_sun": (CombinedHours, _follow_the_sun),
    "teams_by_region": (PolicySet, _teams_by_region),
    "hours_rules": (BusinessHours, _hours_rules),
    "targets_levels_days_groups": (ServiceLevelPolicy, _targets_levels_days_groups),
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_the_file_gives_the_python_form(feature: str, suffix: str) -> None:
    model, build = FEATURES[feature]
    text = (FILES / f"{feature}.{suffix}").read_text(encoding="utf-8")
    data = tomllib.loads(text) if suffix == "toml" else json.loads(text)
    assert model.model_validate(data) == build()


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_what_the_library_writes_reads_back(feature: str) -> None:
    model, build = FEATURES[feature]
    built = build()
    assert model.model_validate_json(built.model_dump_json()) == built


@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_load_policy_reads_both_files(suffix: str) -> None:
    assert load_policy(FILES / f"week_and_durations.{suffix}") == _week_and_durations()


@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_load_policy_set_reads_both_files(suffix: str) -> None:
    assert load_policy_set(FILES / f"teams_by_region.{suffix}") == _teams_by_region()


def test_a_policy_file_is_not_a_policy_set() -> None:
    with pytest.raises(ValidationError) as raised:
        load_policy_set(FILES / "week_and_durations.toml")
    assert raised.value.errors()[0]["loc"] == ("rules",)


class TestPolicySetFileErrors:
    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidPolicyFileError, match=r"desk\.toml: no such file"):
            load_policy_set(tmp_path / "desk.toml")

    def test_unknown_suffix_names_a_policy_set(self, tmp_path: Path) -> None:
        path = tmp_path / "desk.yaml"
        path.write_text("rules: []")
        with pytest.raises(InvalidPolicyFileError, match=r"a policy set file must end in \.json"):
            load_policy_set(path)

    @pytest.mark.parametrize(
        ("name", "text", "expected"),
        [
            ("desk.toml", "[[rules]\n", r"not valid TOML: .*line 1"),
            ("desk.json", '{"rules": [', r"not valid JSON: .*line 1"),
        ],
    )
    def test_bad_syntax(self, tmp_path: Path, name: str, text: str, expected: str) -> None:
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(InvalidPolicyFileError, match=expected):
            load_policy_set(path)

    def test_absurd_nesting(self, tmp_path: Path) -> None:
        path = tmp_path / "desk.json"
        path.write_text("[" * 100_000 + "]" * 100_000)
        with pytest.raises(InvalidPolicyFileError, match="nested too deeply to be a policy set"):
            load_policy_set(path)

    def test_invalid_content_names_the_field(self, tmp_path: Path) -> None:
        path = tmp_path / "desk.toml"
        path.write_text((FILES / "teams_by_region.toml").read_text().replace('"8h"', '"8 parsecs"'))
        with pytest.raises(ValidationError) as raised:
            load_policy_set(path)
        assert "duration" in raised.value.errors()[0]["loc"]


def test_every_file_has_its_pair_and_a_python_form() -> None:
    stems = {path.stem for path in FILES.iterdir() if path.suffix in (".toml", ".json")}
    assert stems == set(FEATURES)
    for stem in stems:
        assert (FILES / f"{stem}.toml").exists()
        assert (FILES / f"{stem}.json").exists()


def test_the_region_routes_a_contact_to_its_team_and_its_holidays() -> None:
    teams = _teams_by_region()
    received = datetime(2025, 6, 19, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # Corpus Christi
    bavarian = Contact(channel="email", received_at=received, attributes={"region": "DE-BY"})
    dutch = Contact(channel="email", received_at=received, attributes={"region": "NL"})
    assert teams.select(bavarian).name == "Bavarian team"
    assert teams.select(dutch).name == "Dutch team"
    # Corpus Christi is a Bavarian holiday only: the Bavarian clock starts on Friday.
    assert response_deadline(bavarian, teams.select(bavarian)) == datetime(
        2025, 6, 20, 16, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )
    assert response_deadline(dutch, teams.select(dutch)) == datetime(
        2025, 6, 20, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")
    )
