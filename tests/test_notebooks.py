"""Guards around nbval, which passes silently on unexecuted cells and skips PNG images."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def code_cells(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_book_notebooks():
    assert NOTEBOOKS, "no .ipynb under book/: nbval would have nothing to check"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_was_executed_in_order_without_error(path):
    cells = code_cells(path)
    assert cells, f"{path.name} has no code cells; make it a .md page instead"
    unrun = [i for i, c in enumerate(cells) if c.get("execution_count") is None]
    assert not unrun, f"{path.name}: code cells {unrun} were never executed; run `make baseline`"
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: cells were not run top to bottom once ({counts}); run `make baseline`"
    errors = [i for i, c in enumerate(cells) for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: code cells {errors} store an error output"
    stderr = [i for i, c in enumerate(cells) for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not stderr, f"{path.name}: code cells {stderr} store stderr output (warnings); fix their cause"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_stores_an_output(path):
    empty = [i for i, c in enumerate(code_cells(path)) if not c.get("outputs")]
    assert not empty, f"{path.name}: code cells {empty} produce no output, so nbval compares nothing there"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_are_stored_as_svg_which_nbval_compares(path):
    for i, cell in enumerate(code_cells(path)):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            assert "image/png" not in data and "image/jpeg" not in data, (
                f"{path.name}: cell {i} stores a raster image; nbval skips PNG/JPEG, draw figures as SVG")
            if "image/svg+xml" in data:
                svg = "".join(data["image/svg+xml"])
                assert "<dc:date>" not in svg, f"{path.name}: cell {i} SVG embeds a date; figures must be deterministic"
