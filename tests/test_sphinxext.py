"""Fact and judgement ids in the text become links to their table rows."""
from __future__ import annotations

from pathlib import Path

from docutils import nodes

from analysis import load
from analysis.sphinxext import anchor_for, case_pages, id_targets, link_ids

ROOT = Path(__file__).resolve().parent.parent


def test_anchor_names():
    assert anchor_for("HF-05") == "fact-hf-05"
    assert anchor_for("SJ-ALT-03") == "fact-sj-alt-03"
    assert anchor_for("XF-C14") == "judgement-xf-c14"
    assert anchor_for("P04") == "policy-p04"


def test_link_ids_splits_text_and_skips_unknown_ids_and_code():
    para = nodes.paragraph("", "")
    para += nodes.Text("Roofs fell [HF-13, HF-99] and HF-C01 says so.")
    code = nodes.literal("", "HF-13")
    para += code
    doc = nodes.document(None, None)
    doc += para
    made = link_ids(doc, {"HF-13": "book/case-hefei", "HF-C01": "book/case-hefei"}, lambda d: d.split("/")[1] + ".html")
    assert made == 2
    refs = list(doc.findall(nodes.reference))
    assert [r.astext() for r in refs] == ["HF-13", "HF-C01"]
    assert refs[0]["refuri"] == "case-hefei.html#fact-hf-13" and refs[1]["refuri"] == "case-hefei.html#judgement-hf-c01"
    assert para.astext() == "Roofs fell [HF-13, HF-99] and HF-C01 says so.HF-13"   # text unchanged, HF-99 left alone
    assert code.astext() == "HF-13" and not list(code.findall(nodes.reference))


def test_every_case_fact_and_judgement_has_a_page():
    pages = case_pages(ROOT / "book")
    assert pages and set(pages) <= set(load.list_cases())      # a new case may not have a chapter yet
    targets = id_targets(ROOT / "book")
    for case_id in pages:
        case = load.load_case(case_id)
        missing = [i for i in [*case.facts["fact_id"], *case.coding["judgement_id"]] if i not in targets]
        assert not missing, (case_id, missing[:5])


def test_policy_ids_link_to_the_policy_chapter():
    targets = id_targets(ROOT / "book")
    policies = set(load.load_policy_timeline()["policy_id"])
    assert policies <= set(targets) and {targets[p] for p in policies} == {"book/policy"}
