"""The examples in docs/*.md run, and their TOML reads as the model it shows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from servicelevel import BusinessHours, CombinedHours, ServiceLevelPolicy

DOCS = sorted((Path(__file__).parent.parent / "docs").glob("*.md"))


def _blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for page in DOCS:
        blocks = re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        found += [(f"{page.name}:{index}", block) for index, block in enumerate(blocks)]
    return found


@pytest.mark.parametrize(("where", "code"), _blocks("python"), ids=lambda value: value[:30])
def test_python_examples_run(where: str, code: str) -> None:
    if where.startswith("analytics.md"):  # the pandas and plot extras
        pytest.importorskip("pandas")
        pytest.importorskip("matplotlib")
    exec(compile(code, where, "exec"), {})


def _validate(data: dict[str, Any]) -> object:
    if "targets" in data:
        return ServiceLevelPolicy.model_validate(data)
    if "mode" in data:
        return CombinedHours.model_validate(data)
    # A fragment of a policy file: the [hours] table without the rest.
    return BusinessHours.model_validate({"tz": "UTC", **data["hours"]})


@pytest.mark.parametrize(("where", "text"), _blocks("toml"), ids=lambda value: value[:30])
def test_toml_examples_are_valid_files(where: str, text: str) -> None:
    assert _validate(tomllib.loads(text)) is not None
