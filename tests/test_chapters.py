"""Case chapters come from one template: every case has one, generated files are current, narratives are per case."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from analysis import load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import chapters  # noqa: E402


def test_every_case_has_a_current_chapter_and_toc_entry():
    proc = subprocess.run([sys.executable, "tools/chapters.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for case_id in load.list_cases():
        assert (ROOT / "book" / "cases" / f"{case_id}.ipynb").is_file(), case_id
        assert f"- file: book/cases/{case_id}" in toc, case_id


def test_every_chapter_has_the_same_sections_in_the_same_order():
    def skeleton(case_id):
        nb = json.loads((ROOT / "book" / "cases" / f"{case_id}.ipynb").read_text(encoding="utf-8"))
        heads = [line for c in nb["cells"] if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()
                 if line.startswith("## ")]
        calls = ["".join(c["source"]).splitlines()[-1].split("(")[0] for c in nb["cells"] if c["cell_type"] == "code"]
        return heads, calls
    shapes = {c: skeleton(c) for c in load.list_cases()}
    first = next(iter(shapes.values()))
    assert all(s == first for s in shapes.values()), shapes
    assert first[0] == ["## Overview", "## Identification", "## Timeline", "## Network and metrics",
                        "## Coding with evidence", "## Facts", "## Sources", "## Open questions",
                        "## Measures after the incident"]


def test_a_case_without_narrative_gets_a_chapter_that_says_so():
    meta = {"display_name": "Nowhere", "title_en": "An incident", "role": "extension"}
    cells = chapters.chapter_cells("zz-no-narrative-yet", meta)
    first = "".join(cells[0]["source"])
    assert "# Nowhere: An incident" in first and "not written yet" in first and "{include}" not in first
    calls = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert 'book.case_overview("zz-no-narrative-yet")' in calls[0] and len(calls) == 15
    labels = [line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()
              if line.startswith("(zz-no-narrative-yet")]
    assert len(labels) == len(set(labels)) == 10                # one label per section, from the case id


def test_regenerating_keeps_executed_outputs_when_sources_are_unchanged():
    case_id = load.list_cases()[0]
    path = ROOT / "book" / "cases" / f"{case_id}.ipynb"
    stored = json.loads(path.read_text(encoding="utf-8"))
    again = json.loads(chapters.notebook_text(case_id, load.case_metadata()[case_id]))
    assert [c.get("outputs") for c in again["cells"]] == [c.get("outputs") for c in stored["cells"]]


def test_the_check_fails_for_a_case_without_chapter(tmp_path, monkeypatch):
    monkeypatch.setattr(chapters, "CHAPTERS", tmp_path)
    assert any("hefei-brt-shelter-collapse" in p for p in chapters.stale())
