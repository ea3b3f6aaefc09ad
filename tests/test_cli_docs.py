"""The commands shown in docs/cli.md run, and print what the page shows.

A ``console`` block holds ``$ servicelevel ...`` lines (a trailing ``\\``
continues one), each followed by its output (stdout, then stderr). The files
the commands read are the page's blocks marked ``<!-- file: NAME -->``.
``python tests/test_cli_docs.py --update`` rewrites the outputs on the page.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

import pytest

from servicelevel._cli import main

PAGE = Path(__file__).parent.parent / "docs" / "cli.md"
_FILE = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.S)
_CONSOLE = re.compile(r"```console\n(.*?)```", re.S)


def _files(page: str) -> dict[str, str]:
    return dict(_FILE.findall(page))


def _parts(block: str) -> list[tuple[list[str], list[str]]]:
    """``(command lines, output lines)`` of a console block, as written."""
    parts: list[tuple[list[str], list[str]]] = []
    continued = False
    for line in block.splitlines():
        if line.startswith("$ ") or continued:
            if not continued:
                parts.append(([], []))
            parts[-1][0].append(line)
            continued = line.endswith("\\")
        elif parts:
            parts[-1][1].append(line)
    return parts


def _commands(block: str) -> list[tuple[str, str]]:
    """``(command, shown output)`` pairs of a console block."""
    return [
        (
            " ".join(line.removeprefix("$ ").rstrip("\\").strip() for line in command),
            "".join(f"{line}\n" for line in output),
        )
        for command, output in _parts(block)
    ]


def _run(command: str) -> str:
    argv = shlex.split(command)
    assert argv[0] == "servicelevel"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(argv[1:])
    return out.getvalue() + err.getvalue()


def _examples() -> list[tuple[str, str]]:
    page = PAGE.read_text(encoding="utf-8")
    return [pair for block in _CONSOLE.findall(page) for pair in _commands(block)]


@pytest.mark.parametrize(("command", "shown"), _examples(), ids=lambda value: value[:60])
def test_documented_command_prints_what_the_page_shows(
    command: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if command.startswith("servicelevel report"):
        pytest.importorskip("pandas")
    for name, content in _files(PAGE.read_text(encoding="utf-8")).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run(command) == shown


def test_every_subcommand_is_documented() -> None:
    documented = {shlex.split(command)[1] for command, _ in _examples()}
    assert documented >= {"hours", "open", "deadline", "status", "reply", "gap", "report"}


def _update() -> None:  # pragma: no cover - a maintenance tool
    page = PAGE.read_text(encoding="utf-8")

    def block(match: re.Match[str]) -> str:
        text = ""
        for lines, _ in _parts(match.group(1)):
            (command, _), *_ = _commands("\n".join(lines))
            text += "\n".join(lines) + "\n" + _run(command)
        return f"```console\n{text}```"

    with tempfile.TemporaryDirectory() as folder:
        for name, content in _files(page).items():
            (Path(folder) / name).write_text(content, encoding="utf-8")
        here = Path.cwd()
        os.chdir(folder)
        try:
            page = _CONSOLE.sub(block, page)
        finally:
            os.chdir(here)
    PAGE.write_text(page, encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:  # pragma: no cover
    _update()
