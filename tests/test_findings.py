"""Registered findings: each holds for the project's data, each is stated once in its chapter, and each can fail.

A finding that no longer holds fails here with its id and the values that broke it; `make findings` lists them all.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import findings
from helpers import set_strength

ROOT = Path(__file__).resolve().parent.parent
RESULTS = findings.evaluate()
FINDING_DIRECTIVE = re.compile(r"^\s*:::+\{finding\}\s+(\S+)\s*$", re.MULTILINE)
DATUM = re.compile(r"\{datum\}`([^`]+)`")


def book_texts() -> dict[str, str]:
    """Docname (as in _toc.yml, without book/) -> Markdown text, narratives included in their case chapter."""
    out = {}
    for p in sorted((ROOT / "book").glob("*.md")):
        out[p.stem] = p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "book").rglob("*.ipynb")):
        nb = json.loads(p.read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        out[str(p.relative_to(ROOT / "book").with_suffix(""))] = text
    for folder in sorted((ROOT / "book" / "narratives").iterdir()):
        key = f"cases/{folder.name}"
        out[key] = out.get(key, "") + "\n" + "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))
    return out


TEXTS = book_texts()


@pytest.mark.parametrize("finding_id", RESULTS["finding_id"].tolist())
def test_finding_holds(finding_id):
    rec = RESULTS.set_index("finding_id").loc[finding_id]
    assert rec["holds"], (f"finding {finding_id} (chapter {rec['chapter']}) no longer holds: {rec['statement']} "
                          f"Values: {findings.format_values(rec['values'])}. Revise the prose or the data.")


def test_every_finding_is_stated_once_in_its_chapter():
    where = {}
    for doc, text in TEXTS.items():
        for fid in FINDING_DIRECTIVE.findall(text):
            where.setdefault(fid, []).append(doc)
    registered = {f.finding_id: f.chapter for f in findings.REGISTRY.values()}
    unregistered = sorted(set(where) - set(registered))
    assert not unregistered, f"{{finding}} directives with no registered finding: {unregistered}"
    for fid, chapter in registered.items():
        assert where.get(fid) == [chapter], f"finding {fid} is registered for {chapter} but stated in {where.get(fid)}"


def test_every_datum_in_the_book_resolves():
    bad = []
    for doc, text in TEXTS.items():
        for key in DATUM.findall(text):
            try:
                findings.quantity(key)
            except Exception as exc:  # noqa: BLE001 - any failure is a broken value in the prose
                bad.append(f"{doc}: {key}: {exc}")
    assert not bad, "\n".join(bad)


def test_values_are_computed():
    from analysis import load
    assert findings.quantity("n-cases:thesis") == "three"
    ext = [load.case_metadata()[c]["display_name"] for c in load.list_cases(role="extension")]
    assert findings.quantity("cases:extension") == (findings.join_names(ext) if ext else "none")
    assert findings.quantity("n-cases:extension") == findings.number_word(len(ext))
    assert findings.number_word(0) == "zero" and findings.join_names(["A", "B", "C"]) == "A, B and C"
    assert findings.quantity("statv:T023").endswith("亿元") and findings.quantity("statv:T027") == "9.4 per cent"
    assert findings.join_names(["A"]) == "A" and findings.number_word(12) == "12"


def test_goal_loss_set_to_zero_breaks_the_findings_that_state_it(data_copy):
    """The issue's trial: goal loss (party all) 0 in every thesis case."""
    for case in ("hefei-brt-shelter-collapse", "xinfeng-lianxi-care-centre", "shijiazhuang-vaccine-incident"):
        set_strength(data_copy, case, "goal_loss", "all", 0)
    table = findings.evaluate(data_copy).set_index("finding_id")
    stale = set(table.index[~table["holds"]])
    assert {"goal-loss-everywhere", "public-value-dimensions-xinfeng",
            "hf-goal-loss-reasoning", "xf-goal-loss-reasoning", "sj-problems-reasoning"} <= stale
    assert "support-ordering" not in stale
    from analysis import book
    verdicts = book.claim_verdicts(data_copy).set_index("claim_id")["verdict"]
    assert verdicts["C07"] == "not supported"


def test_one_cell_changed_breaks_only_what_depends_on_it(data_copy):
    set_strength(data_copy, "hefei-brt-shelter-collapse", "value", "all", 2)        # HF-C04 from 1 to 2
    table = findings.evaluate(data_copy).set_index("finding_id")
    stale = set(table.index[~table["holds"]])
    assert stale == {"hf-dimensions-reasoning", "sensitivity-pattern", "public-value-dimensions-xinfeng",
                     "value-strong-only-xinfeng"}, stale
    assert findings.quantity("verdict:C10", findings.Data(data_copy)) == "supported"


def test_cli_exit_codes(data_copy):
    ok = subprocess.run([sys.executable, "-m", "analysis", "findings"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "0 no longer hold" in ok.stdout, ok.stdout + ok.stderr
    set_strength(data_copy, "hefei-brt-shelter-collapse", "support", "all", 3)
    bad = subprocess.run([sys.executable, "-m", "analysis", "findings", "--data-dir", str(data_copy)], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "STALE  support-ordering  (chapter cross-case)" in bad.stdout and "Hefei 3" in bad.stdout
