"""`python -m analysis figures OUT_DIR` writes every figure exhibit, deterministically, named after its label."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis import exhibits
from analysis.figures import write_all

ROOT = Path(__file__).resolve().parent.parent


def test_two_runs_give_identical_bytes_named_after_the_labels(tmp_path):
    a = write_all(tmp_path / "a")
    b = write_all(tmp_path / "b")
    want = sorted(i.label.removeprefix("fig-") + ".svg" for i in exhibits.instances() if i.spec.kind == "figure")
    assert [p.name for p in a] == [p.name for p in b] == want
    different = [p.name for p, q in zip(a, b) if p.read_bytes() != q.read_bytes()]
    assert not different, f"figures differ between two runs: {different}"
    for p in a:
        svg = p.read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>"), p.name
        assert "<dc:date>" not in svg, f"{p.name} embeds a date"


def test_one_name_per_figure():
    """The heatmap of problem types is heatmap-problem everywhere: label, file and builder argument."""
    inst = exhibits.by_label()["fig-heatmap-problem"]
    assert inst.file_name == "heatmap-problem.svg" and inst.arg == "problem"


def test_cli_writes_files(tmp_path):
    out = tmp_path / "figs"
    proc = subprocess.run([sys.executable, "-m", "analysis", "figures", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    n = sum(1 for i in exhibits.instances() if i.spec.kind == "figure")
    assert len(list(out.glob("*.svg"))) == n and n > 0
