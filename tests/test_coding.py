"""Coding matrices, evidence tables, scale checks and verdict rules on hand-made data and on the project data."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import coding
from analysis.style import svg_bytes


def table(rows):
    t = pd.DataFrame(rows, columns=["judgement_id", "category_id", "party", "strength", "fact_ids", "rationale"])
    t["strength"] = t["strength"].astype("Int64")
    return t


FACTS = pd.DataFrame({"fact_id": ["A-01", "A-02", "A-03"], "date": ["2018", None, "2018-01-04"],
                      "confidence": ["confirmed", "single-source", "confirmed"], "claim": ["one", "two", "three"]})
A = table([("A-C01", "goal_loss", "all", 3, ("A-01", "A-03"), "r1"),
           ("A-C02", "value", "all", 0, (), "facts silent"),
           ("A-C03", "value", "provider", 2, ("A-02", "A-03"), "r3")])
B = table([("B-C01", "goal_loss", "all", 1, ("B-01",), "r")])


def test_matrix_values_and_uncoded_cells():
    m = coding.coding_matrix({"a": A, "b": B}, ["goal_loss", "value", "support"])
    assert m.loc["a", "goal_loss"] == 3 and m.loc["a", "value"] == 0 and m.loc["b", "goal_loss"] == 1
    assert pd.isna(m.loc["b", "value"]) and m["support"].isna().all()
    assert str(m.dtypes.iloc[0]) == "Int64"


def test_matrix_rejects_double_coding():
    dup = pd.concat([A, table([("A-C09", "goal_loss", "all", 1, ("A-01",), "again")])])
    with pytest.raises(ValueError, match="codes goal_loss more than once"):
        coding.coding_matrix({"a": dup}, ["goal_loss"])


def test_party_matrix():
    m = coding.party_matrix(A, ["goal_loss", "value"])
    assert list(m.index) == ["all", "provider"]
    assert m.loc["provider", "value"] == 2 and pd.isna(m.loc["provider", "goal_loss"])


def test_party_matrix_of_a_case_not_coded_yet_keeps_the_all_row():
    m = coding.party_matrix(A.iloc[0:0], ["goal_loss", "value"])
    assert list(m.index) == ["all"] and m.isna().all().all()
    fig = coding.draw_heatmap(m, "t")
    assert [t.get_text() for t in fig.axes[0].texts].count("not coded") == 2


def test_heatmap_draws_a_line_between_thesis_and_extension_cases():
    m = coding.coding_matrix({"a": A, "b": B}, ["goal_loss"])
    with_line = coding.draw_heatmap(m, "t", split_after=1)
    without = coding.draw_heatmap(m, "t")
    assert len(with_line.axes[0].lines) == len(without.axes[0].lines) + 1


def test_evidence_table_lists_each_fact():
    e = coding.evidence_table(A, FACTS, "goal_loss")
    assert e["fact_id"].tolist() == ["A-01", "A-03"] and e["claim"].tolist() == ["one", "three"]
    assert (e["strength"] == 3).all()


def test_evidence_table_for_a_cell_with_no_evidence():
    e = coding.evidence_table(A, FACTS, "value", "all")
    assert len(e) == 1 and e.loc[0, "fact_id"] is None and e.loc[0, "rationale"] == "facts silent"
    assert coding.evidence_table(A, FACTS, "support").empty


def test_evidence_table_unknown_fact():
    bad = table([("A-C05", "support", "all", 1, ("A-99",), "r")])
    with pytest.raises(KeyError, match="A-99"):
        coding.evidence_table(bad, FACTS, "support")


def test_scale_violations():
    ok = coding.scale_violations(A, FACTS)
    assert ok.empty
    weak = table([("A-C04", "support", "all", 2, ("A-02",), "single source only"),
                  ("A-C05", "ethical_misconduct", "all", 3, ("A-01", "A-02"), "one confirmed only")])
    v = coding.scale_violations(weak, FACTS)
    assert v["judgement_id"].tolist() == ["A-C04", "A-C05"]


def test_heatmap_annotates_every_cell_and_is_deterministic():
    m = coding.coding_matrix({"a": A, "b": B}, ["goal_loss", "value"])
    fig = coding.draw_heatmap(m, "t")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("not coded") == 1 and "3" in texts and "0" in texts and "1" in texts
    assert svg_bytes(coding.draw_heatmap(m, "t")) == svg_bytes(coding.draw_heatmap(m, "t"))


def test_verdict_sensitivity_finds_pivotal_cells():
    m = pd.DataFrame({"a": pd.array([3, 2, 2], dtype="Int64"), "b": pd.array([3, 1, 0], dtype="Int64"),
                      "c": pd.array([3, 3, 3], dtype="Int64")}, index=["x", "y", "z"])
    t = coding.verdict_sensitivity(m).set_index("category_id")
    # a: supported; lowering y or z to 1 makes it partly supported -> two flips
    assert t.loc["a", "verdict"] == "supported" and t.loc["a", "flips"] == 2
    assert t.loc["a", "pivotal_cells"] == "y -1; z -1" and t.loc["a", "reachable"] == "partly supported"
    # b: partly supported; lowering x to 2 keeps it partly, raising y to 2 keeps it partly: no flip
    assert t.loc["b", "flips"] == 0 and t.loc["b", "pivotal_cells"] == ""
    # c: all 3 -> no single one-step change can drop a case below 2
    assert t.loc["c", "flips"] == 0
