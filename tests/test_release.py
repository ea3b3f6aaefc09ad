"""The release: the sdist and wheel pass ``twine check``, and the wheel works where it is installed.

The wheel goes into a fresh virtual environment that sees this environment's
packages (the dependencies) but not the checkout, and is installed with
``--no-deps --no-index``: no network. Marked ``release``; deselect it with
``-m "not release"`` where ``build`` or ``hatchling`` cannot be installed.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.release

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

SCRIPT = """
import sys
from datetime import datetime, timedelta
from importlib.metadata import entry_points, version
from pathlib import Path
from zoneinfo import ZoneInfo

import servicelevel as sl
from hypothesis import given, settings, strategies as st

home = Path(sl.__file__).parent
assert home.is_relative_to(sys.prefix), f"imported from {home}, not from the wheel"
assert (home / "py.typed").is_file()
assert sl.__version__ == version("servicelevel") == sys.argv[1]
assert "servicelevel" in {point.name for point in entry_points(group="hypothesis")}

at = datetime(2025, 12, 24, 16, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
print(sl.add_business_time(sl.DUTCH_OFFICE_HOURS, at, timedelta(hours=8)).isoformat())


@settings(max_examples=5, deadline=None, database=None)
@given(st.from_type(sl.BusinessHours))
def drawn_through_the_entry_point(hours):
    assert isinstance(hours, sl.BusinessHours)


drawn_through_the_entry_point()
"""


def _run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    return out


def _wheel(dist: Path) -> Path:
    return dist / f"servicelevel-{VERSION}-py3-none-any.whl"


def test_the_distributions_pass_twine_check(dist: Path) -> None:
    pytest.importorskip("twine")
    sdist = dist / f"servicelevel-{VERSION}.tar.gz"
    assert "PASSED" in _run(sys.executable, "-m", "twine", "check", "--strict", sdist, _wheel(dist))


def test_the_distributions_carry_the_licence_types_and_entry_points(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        names = set(wheel.namelist())
        info = f"servicelevel-{VERSION}.dist-info"
        points = wheel.read(f"{info}/entry_points.txt").decode()
        metadata = wheel.read(f"{info}/METADATA").decode()
    assert {f"{info}/licenses/LICENSE", "servicelevel/py.typed"} <= names
    assert not any(name.startswith(("tests/", "docs/")) for name in names)
    assert "servicelevel = servicelevel._hypothesis_plugin:_hypothesis_setup_hook" in points
    assert "servicelevel = servicelevel._cli:main" in points
    extras = set(re.findall(r"^Provides-Extra: (\S+)$", metadata, re.M))
    assert {"numpy", "pandas", "plot", "dask", "testing", "all"} <= extras
    assert "Classifier: Typing :: Typed" in metadata
    with tarfile.open(dist / f"servicelevel-{VERSION}.tar.gz") as sdist:
        members = set(sdist.getnames())
    root = f"servicelevel-{VERSION}"
    assert {f"{root}/LICENSE", f"{root}/README.md", f"{root}/src/servicelevel/py.typed"} <= members


def _fresh_environment(where: Path) -> Path:
    """A virtual environment that sees this one's packages (the dependencies), not the checkout."""
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(where)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    # When this environment is itself a venv, its packages are not the system's: name them.
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(purelib, "_outer_environment.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def _readme_first_command() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)\n```", readme, re.S)
    assert first is not None
    command = first.group(1).split(" && ")[-1]
    assert command.startswith("servicelevel ")
    return shlex.split(command)


def test_the_wheel_installs_and_runs_the_readme_command_and_a_script(
    dist: Path, tmp_path: Path
) -> None:
    python = _fresh_environment(tmp_path / "venv")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
         "--no-index", _wheel(dist))  # fmt: skip
    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    shown = _run(*_readme_first_command(), env=env)
    assert "2025-12-29" in shown
    assert "16:00" in shown
    script = tmp_path / "script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    assert _run(python, "-I", script, VERSION, env=env).strip() == "2025-12-29T16:00:00+01:00"
