"""Every file the library writes is valid under the JSON Schema it publishes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from servicelevel import SCHEMA_KINDS, UnknownNameError, json_schema, policy_for
from servicelevel._cli import main
from tests.test_hashing import MODEL_STRATEGIES

SCHEMA_DIR = Path(__file__).parent.parent / "schema"


@pytest.mark.parametrize("model", list(MODEL_STRATEGIES), ids=lambda model: model.__name__)
@settings(
    max_examples=max(4, settings().max_examples // 10), suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_the_schema_accepts_what_the_model_writes(
    model: type[BaseModel], data: st.DataObject
) -> None:
    instance = data.draw(MODEL_STRATEGIES[model](), label=model.__name__)
    validator = jsonschema.Draft202012Validator(model.model_json_schema(mode="validation"))
    written = json.loads(instance.model_dump_json())
    assert [error.message for error in validator.iter_errors(written)] == []


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_published_schema_files_are_current(kind: str) -> None:
    published = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(kind), f"regenerate: python -m servicelevel schema {kind}"  # type: ignore[arg-type]


def test_a_built_in_policy_validates_against_the_published_file() -> None:
    schema = json.loads((SCHEMA_DIR / "service-level-policy.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    written = json.loads(policy_for("retail", "b2c").model_dump_json())
    jsonschema.validate(written, schema)


def test_the_schema_rejects_a_broken_interval() -> None:
    schema = json_schema("business-hours")
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        jsonschema.validate({"tz": "UTC", "week": {"mon": ["9 to 5"]}}, schema)


def test_an_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(UnknownNameError, match="'service-level-policy'"):
        json_schema("policy")  # type: ignore[arg-type]


def test_the_command_line_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "business-hours"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema("business-hours")


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_descriptions_leave_out_the_docstring_examples(kind: str) -> None:
    text = json.dumps(json_schema(kind))  # type: ignore[arg-type]
    assert "Example:" not in text
    assert ">>>" not in text
    assert '"description": "' in text  # the descriptions themselves stay
