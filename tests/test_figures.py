"""`python -m analysis figures OUT_DIR` writes every book figure, deterministically."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis import book
from analysis.figures import write_all

ROOT = Path(__file__).resolve().parent.parent


def test_two_runs_give_identical_bytes(tmp_path):
    a = write_all(tmp_path / "a")
    b = write_all(tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b] == sorted(book.figure_registry())
    different = [p.name for p, q in zip(a, b) if p.read_bytes() != q.read_bytes()]
    assert not different, f"figures differ between two runs: {different}"


def test_every_case_has_its_figures_and_svgs_are_clean(tmp_path):
    names = {p.name: p for p in write_all(tmp_path)}
    from analysis import load
    for case_id in load.list_cases():
        for kind in ("timeline", "network", "party-heatmap"):
            assert f"{case_id}-{kind}.svg" in names
    for name, path in names.items():
        svg = path.read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>"), name
        assert "<dc:date>" not in svg, f"{name} embeds a date"
        assert "<text" not in svg or "DejaVu" in svg, name   # text is drawn as paths with the bundled font


def test_cli_writes_files(tmp_path):
    out = tmp_path / "figs"
    proc = subprocess.run([sys.executable, "-m", "analysis", "figures", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.glob("*.svg"))) == len(book.figure_registry())
