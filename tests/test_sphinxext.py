"""The Sphinx extension: ids link to the rows of the tables the registry names; data values and findings render."""
from __future__ import annotations

from docutils import nodes

from analysis import exhibits, ids, load
from analysis.sphinxext import id_targets, known_ids, link_ids


def test_anchor_names_follow_the_kind_of_id():
    assert ids.anchor_for("HF-05") == "fact-hf-05"
    assert ids.anchor_for("SJ-ALT-03") == "fact-sj-alt-03"
    assert ids.anchor_for("XF-C14") == "judgement-xf-c14"
    assert ids.anchor_for("P04") == "policy-p04"
    assert ids.anchor_for("T026") == "statistic-t026"
    assert ids.anchor_for("HF-M01") == "measure-hf-m01" and ids.anchor_for("HF-Q02") == "question-hf-q02"


def test_id_formats_come_from_the_data_package(data_copy):
    import json
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    facts = next(r for r in desc["resources"] if r["name"] == "facts")
    field = next(f for f in facts["schema"]["fields"] if f["name"] == "fact_id")
    assert ids.kind_of("ABC-100", data_copy) == "fact"                 # three letters, three digits: allowed
    field["constraints"]["pattern"] = "^[A-Z]{2}-[0-9]{2}$"
    (data_copy / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    ids.patterns.cache_clear()
    try:
        assert ids.kind_of("ABC-100", data_copy) is None and ids.kind_of("HF-05", data_copy) == "fact"
    finally:
        ids.patterns.cache_clear()
        ids.id_regex.cache_clear()


def test_link_ids_splits_text_and_skips_unknown_ids_and_code():
    para = nodes.paragraph("", "")
    para += nodes.Text("Roofs fell [HF-13, HF-99] and HF-C01 and ABC-100 say so.")
    code = nodes.literal("", "HF-13")
    para += code
    doc = nodes.document(None, None)
    doc += para
    targets = {"HF-13": "book/cases/hefei", "HF-C01": "book/cases/hefei", "ABC-100": "book/cases/abc"}
    made = link_ids(doc, targets, lambda d: d.split("/")[-1] + ".html")
    assert made == 3
    refs = list(doc.findall(nodes.reference))
    assert [r.astext() for r in refs] == ["HF-13", "HF-C01", "ABC-100"]
    assert refs[0]["refuri"] == "hefei.html#fact-hf-13" and refs[1]["refuri"] == "hefei.html#judgement-hf-c01"
    assert refs[2]["refuri"] == "abc.html#fact-abc-100"
    assert para.astext() == "Roofs fell [HF-13, HF-99] and HF-C01 and ABC-100 say so.HF-13"   # HF-99 left alone
    assert code.astext() == "HF-13" and not list(code.findall(nodes.reference))


def test_every_id_with_a_row_finds_its_table_label():
    """Given the page of each anchoring label, every fact, judgement, measure, question, policy and statistic links."""
    pages = {i.label: f"page-of-{i.label}" for i in exhibits.instances()}
    targets = id_targets(pages)
    known = known_ids()
    assert set(targets) == set(known)
    case = load.load_case("hefei-brt-shelter-collapse")
    assert targets["HF-05"] == "page-of-tbl-hefei-brt-shelter-collapse-facts"
    assert targets[case.coding["judgement_id"].iloc[0]] == "page-of-tbl-hefei-brt-shelter-collapse-coding"
    assert targets["P04"] == "page-of-tbl-policy-timeline" and targets["T026"] == "page-of-tbl-statistics"
    assert targets["HF-M01"] == "page-of-tbl-hefei-brt-shelter-collapse-measures"


def test_ids_of_a_table_not_shown_in_the_book_are_not_linked():
    pages = {i.label: "p" for i in exhibits.instances() if i.label != "tbl-statistics"}
    targets = id_targets(pages)
    assert "T026" not in targets and "HF-05" in targets
