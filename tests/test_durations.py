"""Durations as people write them in policy files, and as pydantic writes them."""

from __future__ import annotations

import json
import tomllib
from datetime import timedelta

import pytest
from pydantic import ValidationError

from servicelevel import Metric, Target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4h", timedelta(hours=4)),
        ("4 hours", timedelta(hours=4)),
        ("4 HRS", timedelta(hours=4)),
        ("30min", timedelta(minutes=30)),
        ("30 minutes", timedelta(minutes=30)),
        ("1h30m", timedelta(minutes=90)),
        ("1h 30min", timedelta(minutes=90)),
        ("1.5 h", timedelta(minutes=90)),
        ("2 days", timedelta(days=2)),
        ("1 week", timedelta(days=7)),
        ("90s", timedelta(seconds=90)),
        ("PT4H", timedelta(hours=4)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("01:30:00", timedelta(minutes=90)),
        (5400, timedelta(minutes=90)),
        (timedelta(hours=8), timedelta(hours=8)),
    ],
)
def test_a_target_duration_reads_what_people_write(text: object, expected: timedelta) -> None:
    target = Target.model_validate({"metric": "first_response", "duration": text})
    assert target.duration == expected


@pytest.mark.parametrize("text", ["5400", "soon", "4 parsecs", "h", "4h and then some", "x" * 100])
def test_text_that_is_no_duration_names_both_spellings(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Target.model_validate({"metric": "first_response", "duration": text})
    (error,) = raised.value.errors()
    assert error["type"] == "invalid_duration"
    assert error["loc"] == ("duration",)
    assert "'4h'" in error["msg"]
    assert "'PT4H'" in error["msg"]


def test_toml_and_json_give_the_python_target() -> None:
    python = Target(metric=Metric.FIRST_RESPONSE, channel="email", duration=timedelta(hours=4))
    toml = tomllib.loads('metric = "first_response"\nchannel = "email"\nduration = "4h"\n')
    assert Target.model_validate(toml) == python
    written = json.loads(python.model_dump_json())
    assert written["duration"] == "PT4H"
    assert Target.model_validate(written) == python
