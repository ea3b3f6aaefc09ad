"""The tour notebook runs: every cell of docs/notebooks/tour.ipynb executes without error.

The committed notebook holds the outputs of a full year (100,000 contacts); here it
runs on fewer (SERVICELEVEL_TOUR_CONTACTS), so that the default test run stays quick.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

TOUR = Path(__file__).parent.parent / "docs" / "notebooks" / "tour.ipynb"


def test_every_cell_of_the_tour_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SERVICELEVEL_TOUR_CONTACTS", "4000")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(TOUR, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    codes = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in codes)
    errors = [o for cell in codes for o in cell.outputs if o.output_type == "error"]
    assert errors == []


def test_the_committed_tour_shows_a_full_year_and_its_pictures() -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    codes = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in codes), "run the notebook before committing"
    text = "".join(
        o.get("text", "") for cell in codes for o in cell.outputs if o.output_type == "stream"
    )
    assert "100,000 contacts" in text
    pictures = [o for cell in codes for o in cell.outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 4
