"""The examples in docs/ (every page, subfolders included) run, and their TOML reads as the model it shows.

- A ```` ```python ```` block runs on its own, in a fresh namespace.
- The ```` ```pycon ```` blocks of one page are one doctest, run in order in one
  namespace: the prompts a reader types and the output they see, checked.
- A ```` ```toml ```` block validates as the model it shows; one whose first line is
  ``# file: NAME`` is also saved as NAME in the directory the page's code runs in.
"""

from __future__ import annotations

import doctest
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from servicelevel import BusinessHours, CombinedHours, PolicySet, ServiceLevelPolicy

ROOT = Path(__file__).parent.parent / "docs"
DOCS = sorted(ROOT.rglob("*.md"))
# Modules a page may import that the dev extra does not install (the dask extra).
OPTIONAL = ("dask", "pandas", "matplotlib")


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for page in DOCS:
        blocks = re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        found += [(f"{_name(page)}:{index}", block) for index, block in enumerate(blocks)]
    return found


def _skip_without_optional_imports(code: str) -> None:
    for module in OPTIONAL:
        if re.search(rf"^\s*(import|from) {module}\b", code, re.M):
            pytest.importorskip(module)


def _write_named_files(where: str, directory: Path) -> None:
    """Write the page's TOML blocks that start ``# file: NAME`` into ``directory``, as a reader saves them."""
    page = ROOT / where.rsplit(":", 1)[0]
    for block in re.findall(r"```toml\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        if named := re.match(r"# file: (\S+)\n", block):
            (directory / named.group(1)).write_text(block, encoding="utf-8")


@pytest.fixture
def reader_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pages_are_found_in_subfolders() -> None:
    assert any("/" in _name(page) for page in DOCS)


@pytest.mark.parametrize(("where", "code"), _blocks("python"), ids=lambda value: value[:40])
def test_python_examples_run(where: str, code: str, reader_directory: Path) -> None:
    if where.startswith("analytics.md"):  # the pandas and plot extras
        pytest.importorskip("pandas")
        pytest.importorskip("matplotlib")
    _skip_without_optional_imports(code)
    _write_named_files(where, reader_directory)
    exec(compile(code, where, "exec"), {})


def _pycon_pages() -> list[tuple[str, str]]:
    pages = []
    for page in DOCS:
        blocks = re.findall(r"```pycon\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        if blocks:
            pages.append((_name(page), "\n".join(blocks)))
    return pages


@pytest.mark.parametrize(("where", "session"), _pycon_pages(), ids=lambda value: value[:40])
def test_interactive_examples_show_their_output(
    where: str, session: str, reader_directory: Path
) -> None:
    _skip_without_optional_imports(session.replace(">>> ", ""))
    _write_named_files(where, reader_directory)
    test = doctest.DocTestParser().get_doctest(session, {}, where, where, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


def _validate(data: dict[str, Any]) -> object:
    if "rules" in data:
        return PolicySet.model_validate(data)
    if "targets" in data:
        return ServiceLevelPolicy.model_validate(data)
    if "mode" in data:
        return CombinedHours.model_validate(data)
    # A fragment of a policy file: the [hours] table without the rest.
    return BusinessHours.model_validate({"tz": "UTC", **data["hours"]})


@pytest.mark.parametrize(("where", "text"), _blocks("toml"), ids=lambda value: value[:40])
def test_toml_examples_are_valid_files(where: str, text: str) -> None:
    assert _validate(tomllib.loads(text)) is not None
