"""Verdicts derived from the coding: the rules on hand-made data, and the claims of the project."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import book, verdicts
from helpers import edit, rows, set_strength


@pytest.mark.parametrize("values,verdict", [([3, 2, 2], "supported"), ([3, 1, 0], "partly supported"),
                                            ([1, 1, 0], "not supported"), ([pd.NA, pd.NA], "not testable"),
                                            ([2, pd.NA], "supported")])
def test_each_case_rule(values, verdict):
    assert verdicts.verdict_from_strengths(values) == verdict
    frame = pd.DataFrame({"c": pd.array(values, dtype="Int64")})
    assert verdicts.rule_verdict("each_thesis_case_2plus", frame) == verdict


@pytest.mark.parametrize("cells,verdict", [({"a": [3, 0], "b": [0, 0]}, "partly supported"),
                                           ({"a": [1, 0], "b": [1, 1]}, "not supported"),
                                           ({"a": [pd.NA, pd.NA], "b": [pd.NA, pd.NA]}, "not testable"),
                                           ({"a": [3, 3], "b": [3, 3]}, "partly supported")])
def test_capped_rule_is_never_supported(cells, verdict):
    frame = pd.DataFrame({k: pd.array(v, dtype="Int64") for k, v in cells.items()})
    assert verdicts.rule_verdict("any_problem_capped", frame) == verdict


def test_unknown_rule_and_wrong_category_count_are_errors():
    frame = pd.DataFrame({"a": pd.array([1], dtype="Int64"), "b": pd.array([1], dtype="Int64")})
    with pytest.raises(ValueError, match="exactly one category"):
        verdicts.rule_verdict("each_thesis_case_2plus", frame)
    with pytest.raises(ValueError, match="not computed"):
        verdicts.rule_verdict("judgement", frame)


def test_project_verdicts_are_computed_where_a_rule_applies():
    v = book.claim_verdicts().set_index("claim_id")
    computed = v[v["computed"]]
    assert set(computed["rule"]) == {"each_thesis_case_2plus", "any_problem_capped"}
    assert (v.loc[~v["computed"], "rule"] == "judgement").all()
    assert set(v["verdict"]) <= set(verdicts.VERDICTS)
    # evidence of a computed verdict names every thesis case with its judgement id
    assert "Hefei" in v.loc["C07", "evidence"] and "HF-C01" in v.loc["C07", "evidence"]


def test_a_recoded_cell_changes_the_verdict_and_the_counts(data_copy):
    before = book.verdict_counts(data_copy).frame.set_index("part")
    set_strength(data_copy, "hefei-brt-shelter-collapse", "value", "all", 2)
    v = book.claim_verdicts(data_copy).set_index("claim_id")
    assert v.loc["C10", "verdict"] == "supported"
    after = book.verdict_counts(data_copy).frame.set_index("part")
    assert after.loc["cause", "supported"] == before.loc["cause", "supported"] + 1
    table = book.claims_table(data_copy).frame.set_index("claim_id")
    assert table.loc["C10", "verdict"] == "supported (computed)" and "Hefei 2 (HF-C04)" in table.loc["C10", "evidence"]


def test_extension_cases_do_not_enter_the_verdicts(data_copy):
    edit(data_copy, "cases/hefei-brt-shelter-collapse/case.csv", 2, "role", "extension")
    v = book.claim_verdicts(data_copy).set_index("claim_id")
    assert "Hefei" not in v.loc["C09", "evidence"]
    assert v.loc["C09", "verdict"] == "supported"          # Xinfeng 3 and Shijiazhuang 3 remain


def test_statistics_fill_the_reasons():
    t = book.claims_table().frame.set_index("claim_id")
    assert "{T026}" not in t.loc["C03", "evidence"] and "[T026]" in t.loc["C03", "evidence"]
    assert "trillion yuan" in t.loc["C03", "evidence"]


def test_typed_verdicts_stay_typed(data_copy):
    recs = rows(data_copy / "claims" / "claims.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["claim_id"] == "C05")
    edit(data_copy, "claims/claims.csv", row, "verdict", "supported")
    assert book.claim_verdicts(data_copy).set_index("claim_id").loc["C05", "verdict"] == "supported"
