"""The validator on the project's data (valid) and on broken copies (each fails with file, row and column)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import load
from analysis.validate import DataValidationError, check_partial_date, validate_package
from helpers import drop_column, edit, rows, write

ROOT = Path(__file__).resolve().parent.parent
HEFEI = "cases/hefei-brt-shelter-collapse"


def messages(data: Path) -> list[str]:
    return [str(p) for p in validate_package(data)]


def assert_reported(data: Path, file: str, row: int, column: str, fragment: str) -> None:
    msgs = messages(data)
    want = f"{file}:{row}:{column}:"
    hits = [m for m in msgs if want in m and fragment in m]
    assert hits, f"expected a problem '{want} ...{fragment}...'; got:\n" + "\n".join(msgs)


def test_project_data_is_valid():
    assert validate_package() == []


def test_cli_exit_codes(data_copy):
    ok = subprocess.run([sys.executable, "-m", "analysis", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"data package valid: {len(load.list_cases())} cases")
    edit(data_copy, f"{HEFEI}/facts.csv", 3, "date", "2018-02-30")
    edit(data_copy, f"{HEFEI}/actors.csv", 2, "sector", "church")
    bad = subprocess.run([sys.executable, "-m", "analysis", "validate", str(data_copy)], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "facts.csv:3:date: '2018-02-30' is not a real date [date]" in bad.stderr
    assert "actors.csv:2:sector: 'church' is not one of the allowed values" in bad.stderr   # all problems at once
    assert "2 problem(s) found" in bad.stderr


# ---- at least twelve distinct broken inputs, each named by file and row

def test_missing_column(data_copy):
    drop_column(data_copy / HEFEI / "facts.csv", "confidence")
    assert_reported(data_copy, "facts.csv", 1, "confidence", "required column is missing")


def test_wrong_type(data_copy):
    edit(data_copy, f"{HEFEI}/coding.csv", 4, "strength", "strong")
    assert_reported(data_copy, "coding.csv", 4, "strength", "'strong' is not an integer")


def test_number_out_of_range(data_copy):
    edit(data_copy, f"{HEFEI}/coding.csv", 5, "strength", "4")
    assert_reported(data_copy, "coding.csv", 5, "strength", "above the maximum 3")


def test_impossible_date(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 6, "date", "2018-13-01")
    assert_reported(data_copy, "facts.csv", 6, "date", "is not a real date")


def test_malformed_date(data_copy):
    edit(data_copy, "context/policy_timeline.csv", 3, "date_issued", "4 Jan 2018")
    assert_reported(data_copy, "policy_timeline.csv", 3, "date_issued", "is not an ISO date")


def test_unknown_category(data_copy):
    edit(data_copy, f"{HEFEI}/relations.csv", 2, "phase", "aftermath")
    assert_reported(data_copy, "relations.csv", 2, "phase", "'aftermath' is not one of the allowed values")


def test_duplicate_id(data_copy):
    path = data_copy / HEFEI / "sources.csv"
    recs = rows(path)
    recs[4]["source_id"] = recs[1]["source_id"]
    write(path, recs)
    assert_reported(data_copy, "sources.csv", 6, "source_id", "duplicate key HF-S2 (first at row 3)")


def test_dangling_relation_endpoint(data_copy):
    edit(data_copy, f"{HEFEI}/relations.csv", 3, "target", "nobody_at_all")
    assert_reported(data_copy, "relations.csv", 3, "target", "'nobody_at_all' is not a known actor_id in actors of case hefei-brt-shelter-collapse")


def test_endpoint_from_another_case_is_dangling(data_copy):
    edit(data_copy, f"{HEFEI}/relations.csv", 2, "source", "lianxi_centre")   # an actor of the Xinfeng case
    assert_reported(data_copy, "relations.csv", 2, "source", "'lianxi_centre' is not a known actor_id")


def test_fact_with_no_source(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 2, "source_ids", "")
    assert_reported(data_copy, "facts.csv", 2, "source_ids", "required value is empty")


def test_fact_citing_unknown_source(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 2, "source_ids", "HF-S1;HF-S999")
    assert_reported(data_copy, "facts.csv", 2, "source_ids", "'HF-S999' is not a known source_id")


def test_judgement_without_facts(data_copy):
    path = data_copy / HEFEI / "coding.csv"
    recs = rows(path)
    row = next(i for i, r in enumerate(recs, start=2) if int(r["strength"]) > 0)
    edit(data_copy, f"{HEFEI}/coding.csv", row, "fact_ids", "")
    assert_reported(data_copy, "coding.csv", row, "fact_ids", "nothing is coded without facts")


def test_judgement_citing_unknown_fact(data_copy):
    edit(data_copy, f"{HEFEI}/coding.csv", 2, "fact_ids", "HF-01;HF-99")
    assert_reported(data_copy, "coding.csv", 2, "fact_ids", "'HF-99' is not a known fact_id")


def test_actor_citing_unknown_fact(data_copy):
    edit(data_copy, f"{HEFEI}/actors.csv", 2, "fact_ids", "HF-77")
    assert_reported(data_copy, "actors.csv", 2, "fact_ids", "'HF-77' is not a known fact_id")


def test_empty_file(data_copy):
    (data_copy / HEFEI / "open_questions.csv").write_text("", encoding="utf-8")
    assert_reported(data_copy, "open_questions.csv", 1, "-", "file is empty")


def test_non_utf8_file(data_copy):
    path = data_copy / HEFEI / "actors.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    assert_reported(data_copy, "actors.csv", 2, "-", "not valid UTF-8")


def test_missing_case_file(data_copy):
    (data_copy / HEFEI / "relations.csv").unlink()
    assert_reported(data_copy, "relations.csv", 0, "-", "file is missing")


def test_markup_in_free_text(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 4, "claim", "A claim <script>alert(1)</script> with script.")
    assert_reported(data_copy, "facts.csv", 4, "claim", "contains markup or script text")


def test_bad_list_separator(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 5, "source_ids", "HF-S1, HF-S5")
    assert_reported(data_copy, "facts.csv", 5, "source_ids", "do not match")


def test_ragged_row(data_copy):
    path = data_copy / HEFEI / "open_questions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ",extra cell"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_reported(data_copy, "open_questions.csv", 3, "-", "cells but the header has 2")


def test_case_id_differs_from_folder(data_copy):
    edit(data_copy, f"{HEFEI}/case.csv", 2, "case_id", "hefei-other")
    assert_reported(data_copy, "case.csv", 2, "case_id", "differs from the folder name")


def test_new_case_folder_not_in_datapackage(data_copy):
    new = data_copy / "cases" / "zz-new-case"
    new.mkdir()
    msgs = messages(data_copy)
    assert any("datapackage.json:0:facts: resource does not list cases/zz-new-case/facts.csv" in m for m in msgs), msgs
    assert any("zz-new-case/facts.csv:0:-: file is missing" in m for m in msgs), msgs


def test_corpus_key_not_in_bibliography(data_copy):
    edit(data_copy, "literature/corpus.csv", 2, "key", "nobody2099nothing")
    assert_reported(data_copy, "corpus.csv", 2, "key", "is not in references.bib")


def test_strategy_must_answer_a_dimension(data_copy):
    path = data_copy / "codebook" / "categories.csv"
    recs = rows(path)
    row = next(i for i, r in enumerate(recs, start=2) if r["kind"] == "strategy")
    edit(data_copy, "codebook/categories.csv", row, "answers", "goal_loss")
    assert_reported(data_copy, "categories.csv", row, "answers", "a strategy must answer a cause dimension")


def test_claim_verdict_outside_vocabulary(data_copy):
    edit(data_copy, "claims/claims.csv", 2, "verdict", "probably")
    assert_reported(data_copy, "claims.csv", 2, "verdict", "'probably' is not one of the allowed values")


def test_problems_are_all_reported_together(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 2, "confidence", "likely")
    edit(data_copy, "context/statistics.csv", 2, "value", "many")
    msgs = messages(data_copy)
    assert any("facts.csv:2:confidence" in m for m in msgs) and any("statistics.csv:2:value" in m for m in msgs), msgs


def test_loader_raises_the_same_messages(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 3, "date", "2018-02-30")
    with pytest.raises(DataValidationError) as err:
        load.load_case("hefei-brt-shelter-collapse", data_copy)
    assert "facts.csv:3:date: '2018-02-30' is not a real date" in str(err.value)
    assert [str(p) for p in err.value.problems] == messages(data_copy)


def test_loader_refuses_unknown_case():
    with pytest.raises(DataValidationError, match="no case folder named 'atlantis'"):
        load.load_case("atlantis")


@pytest.mark.parametrize("value,ok", [("2018", True), ("2018-01", True), ("2018-01-04", True), ("2016-02-29", True),
                                      ("2017-02-29", False), ("2018-1-4", False), ("18-01-04", False), ("1850", False)])
def test_partial_dates(value, ok):
    assert (check_partial_date(value) is None) is ok


def test_loaded_dtypes_are_declared():
    case = load.load_case("hefei-brt-shelter-collapse")
    assert str(case.coding["strength"].dtype) == "Int64"
    assert str(case.sources["is_repost"].dtype) == "boolean"
    assert str(case.facts["claim"].dtype) == "string"
    assert isinstance(case.facts.loc[0, "source_ids"], tuple)
    stats = load.load_statistics()
    assert str(stats["value"].dtype) == "Float64" and str(stats["year"].dtype) == "Int64"


def copy_case(data: Path, source: str, new_id: str, prefix: str, name: str) -> Path:
    """Copy a case under a new id, prefix and display name (a valid new case)."""
    import shutil
    dst = data / "cases" / new_id
    shutil.copytree(data / "cases" / source, dst)
    old = source_prefix = rows(dst / "facts.csv")[0]["fact_id"].split("-")[0]
    for path in dst.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(f"{old}-", f"{prefix}-"), encoding="utf-8")
    edit(data, f"cases/{new_id}/case.csv", 2, "case_id", new_id)
    edit(data, f"cases/{new_id}/case.csv", 2, "display_name", name)
    assert source_prefix
    return dst


def test_cases_are_discovered_from_folders(data_copy):
    from analysis.validate import sync_datapackage
    copy_case(data_copy, HEFEI.split("/")[1], "a-copy-case", "ZC", "Copy")
    assert sync_datapackage(data_copy) is True
    assert validate_package(data_copy) == []
    assert "a-copy-case" in load.list_cases(data_copy, role="thesis")
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    facts = next(r for r in desc["resources"] if r["name"] == "facts")
    assert "cases/a-copy-case/facts.csv" in facts["path"]


def test_two_cases_in_one_city_are_told_apart_by_display_name(data_copy):
    """Case ids that begin with the same word (two cases in one city) do not collide anywhere."""
    from analysis import book
    from analysis.validate import sync_datapackage
    copy_case(data_copy, HEFEI.split("/")[1], "hefei-second-case", "HS", "Hefei second")
    edit(data_copy, "cases/hefei-second-case/case.csv", 2, "role", "extension")
    sync_datapackage(data_copy)
    assert validate_package(data_copy) == []
    t = book.verdict_sensitivity_table(data_copy)          # crashed when cases were named by the first word of the id
    assert len(t.frame) == 6
    names = book.network_comparison(data_copy).frame["case"].tolist()
    assert "Hefei" in names and "Hefei second (extension)" in names


def test_new_case_scaffold_is_registered_and_lists_what_to_fill(data_copy):
    from analysis.scaffold import new_case
    folder = new_case("zz-student-case", data_copy)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["case.csv", "facts.csv", "figures.csv", "actors.csv", "relations.csv", "sources.csv", "origins.csv", "adjudication.csv",
         "open_questions.csv",
         "measures.csv", "coding.csv"])
    msgs = messages(data_copy)
    assert not any("resource does not list" in m for m in msgs), msgs          # registered in datapackage.json
    assert any("zz-student-case/case.csv:2:title_en: required value is empty" in m for m in msgs), msgs
    assert any("zz-student-case/facts.csv:1:-: no rows: a case needs at least one fact" in m for m in msgs), msgs
    with pytest.raises(FileExistsError):
        new_case("zz-student-case", data_copy)
    with pytest.raises(ValueError, match="lowercase"):
        new_case("Bad Case", data_copy)


def test_cli_new_case(data_copy):
    proc = subprocess.run([sys.executable, "-m", "analysis", "new-case", "zz-cli-case", "--data-dir", str(data_copy)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (data_copy / "cases" / "zz-cli-case" / "case.csv").is_file()
    again = subprocess.run([sys.executable, "-m", "analysis", "new-case", "zz-cli-case", "--data-dir", str(data_copy)],
                           cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 1 and "exists already" in again.stderr


# ---- rules that used to be checked only by tests, now in the validator, each with a stable code

def codes(data: Path) -> list[tuple[str, int, str, str]]:
    return [(Path(p.file).name, p.row, p.column, p.code) for p in validate_package(data)]


def test_every_problem_carries_a_documented_code(data_copy):
    from analysis.validate import RULES
    edit(data_copy, f"{HEFEI}/facts.csv", 3, "date", "2018-02-30")
    edit(data_copy, f"{HEFEI}/coding.csv", 2, "strength", "9")
    problems = validate_package(data_copy)
    assert problems and all(p.code in RULES for p in problems)
    assert str(problems[0]).endswith(f"[{problems[0].code}]")


def test_confirmed_fact_needs_two_sources(data_copy):
    recs = rows(data_copy / HEFEI / "facts.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["confidence"] == "confirmed")
    edit(data_copy, f"{HEFEI}/facts.csv", row, "source_ids", recs[row - 2]["source_ids"].split(";")[0])
    assert ("facts.csv", row, "confidence", "grade-sources") in codes(data_copy)


def test_disputed_fact_needs_a_note(data_copy):
    recs = rows(data_copy / HEFEI / "facts.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["confidence"] == "disputed")
    edit(data_copy, f"{HEFEI}/facts.csv", row, "note", "")
    assert ("facts.csv", row, "note", "disputed-note") in codes(data_copy)


def _origin_kinds(data: Path, case: str) -> tuple[dict, dict, dict]:
    kinds = {r["origin_id"]: r["kind"] for r in rows(data / "cases" / case / "origins.csv")}
    origin_of = {r["source_id"]: r["origin_id"] for r in rows(data / "cases" / case / "sources.csv")}
    facts = {r["fact_id"]: r for r in rows(data / "cases" / case / "facts.csv")}
    return kinds, origin_of, facts


def test_scale_evidence_rule_on_two_axes(data_copy):
    """Origins examined: a 2 needs two independent origins or an official record among the cited facts; a 3 both."""
    from analysis.validate import OFFICIAL_RECORD
    kinds, origin_of, facts = _origin_kinds(data_copy, "hefei-brt-shelter-collapse")
    def origins(fid):
        return {origin_of[s] for s in facts[fid]["source_ids"].split(";")}
    press_only = next(f for f, r in facts.items() if r["scope"] == "case" and len(origins(f)) == 1
                      and kinds[next(iter(origins(f)))] not in OFFICIAL_RECORD)
    official = next(f for f, r in facts.items() if r["scope"] == "case" and len(origins(f)) == 1
                    and kinds[next(iter(origins(f)))] in OFFICIAL_RECORD)
    recs = rows(data_copy / HEFEI / "coding.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["strength"] == "1")
    edit(data_copy, f"{HEFEI}/coding.csv", row, "strength", "2")
    edit(data_copy, f"{HEFEI}/coding.csv", row, "fact_ids", press_only)
    problems = [p for p in validate_package(data_copy) if p.code == "scale-evidence"]
    assert [(Path(p.file).name, p.row, p.column) for p in problems] == [("coding.csv", row, "strength")]
    assert "strength 2 needs two or more independent origins or an official record" in problems[0].message
    edit(data_copy, f"{HEFEI}/coding.csv", row, "fact_ids", official)        # one official record: a 2 holds
    assert not [p for p in validate_package(data_copy) if p.code == "scale-evidence"]
    edit(data_copy, f"{HEFEI}/coding.csv", row, "strength", "3")             # but a 3 needs a second origin too
    assert [p.row for p in validate_package(data_copy) if p.code == "scale-evidence"] == [row]


def test_scale_evidence_rule_before_origins_are_examined(data_copy):
    """An imported case whose origins are not examined yet falls back on the grades: a 2 needs a confirmed fact."""
    path = data_copy / HEFEI / "sources.csv"
    write(path, [dict(r, origin_id="", origin_basis="", origin_note="") for r in rows(path)])
    facts = {r["fact_id"]: r["confidence"] for r in rows(data_copy / HEFEI / "facts.csv")}
    single = next(f for f, c in facts.items() if c == "single-source" and not f.startswith("HF-ALT"))
    recs = rows(data_copy / HEFEI / "coding.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["strength"] == "1")
    edit(data_copy, f"{HEFEI}/coding.csv", row, "strength", "2")
    edit(data_copy, f"{HEFEI}/coding.csv", row, "fact_ids", single)
    problems = {p.row: p for p in validate_package(data_copy) if p.code == "scale-evidence"}
    assert row in problems and "strength 2 needs at least 1 confirmed fact" in problems[row].message


def test_confirmed_fact_needs_two_origins(data_copy):
    """The issue's bad input: give the sources of a confirmed fact one origin; the validator names file, row, column."""
    kinds, origin_of, facts = _origin_kinds(data_copy, "hefei-brt-shelter-collapse")
    recs = rows(data_copy / HEFEI / "facts.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["confidence"] == "confirmed")
    cited = recs[row - 2]["source_ids"].split(";")
    one = origin_of[cited[0]]
    path = data_copy / HEFEI / "sources.csv"
    write(path, [dict(r, origin_id=one) if r["source_id"] in cited else r for r in rows(path)])
    proc = subprocess.run([sys.executable, "-m", "analysis", "validate", str(data_copy)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"facts.csv:{row}:confidence: graded confirmed but its sources go back to 1 origin ({one})" in proc.stderr


def test_single_source_with_two_origins_needs_a_note(data_copy):
    kinds, origin_of, facts = _origin_kinds(data_copy, "hefei-brt-shelter-collapse")
    recs = rows(data_copy / HEFEI / "facts.csv")
    row = next(i for i, r in enumerate(recs, start=2) if r["confidence"] == "confirmed")
    edit(data_copy, f"{HEFEI}/facts.csv", row, "confidence", "single-source")
    edit(data_copy, f"{HEFEI}/facts.csv", row, "note", "")
    assert ("facts.csv", row, "confidence", "grade-origins") in codes(data_copy)
    edit(data_copy, f"{HEFEI}/facts.csv", row, "note", "All its sources relay one report for this claim.")
    assert ("facts.csv", row, "confidence", "grade-origins") not in codes(data_copy)


def test_origins_are_examined_for_every_source_or_none(data_copy):
    edit(data_copy, f"{HEFEI}/sources.csv", 3, "origin_id", "")
    got = codes(data_copy)
    assert ("sources.csv", 3, "origin_id", "origins-examined") in got


def test_one_judgement_per_category_and_party(data_copy):
    path = data_copy / HEFEI / "coding.csv"
    recs = rows(path)
    dup = dict(recs[0], judgement_id="HF-C99")
    write(path, recs + [dup])
    assert ("coding.csv", len(recs) + 2, "category_id", "coding-unique") in codes(data_copy)


def test_coding_must_not_cite_alternative_facts(data_copy):
    sj = "cases/shijiazhuang-vaccine-incident"
    alt = next(r["fact_id"] for r in rows(data_copy / sj / "facts.csv") if r["scope"] == "alternative")
    edit(data_copy, f"{sj}/coding.csv", 2, "fact_ids", alt)
    assert ("coding.csv", 2, "fact_ids", "coding-scope") in codes(data_copy)


@pytest.mark.parametrize("start,end,bad", [("2018-05", "2018", False), ("2018-05-20", "2018-05", False),
                                           ("2018", "2017-12-31", True), ("2018-05-02", "2018-05-01", True)])
def test_partial_dates_are_compared_as_ranges(data_copy, start, end, bad):
    edit(data_copy, f"{HEFEI}/case.csv", 2, "date_start", start)
    edit(data_copy, f"{HEFEI}/case.csv", 2, "date_end", end)
    assert (("case.csv", 2, "date_end", "date-order") in codes(data_copy)) is bad


def test_ids_use_the_case_prefix(data_copy):
    edit(data_copy, f"{HEFEI}/coding.csv", 2, "judgement_id", "XX-C01")
    assert ("coding.csv", 2, "judgement_id", "id-prefix") in codes(data_copy)


def test_thesis_case_must_be_complete_but_an_extension_may_wait(data_copy):
    edit(data_copy, f"{HEFEI}/relations.csv", 2, "phase", "")
    edit(data_copy, f"{HEFEI}/actors.csv", 3, "sector", "")
    got = codes(data_copy)
    assert ("relations.csv", 2, "phase", "thesis-complete") in got and ("actors.csv", 3, "sector", "thesis-complete") in got
    edit(data_copy, f"{HEFEI}/case.csv", 2, "role", "extension")
    assert validate_package(data_copy) == []


def test_thesis_case_is_coded_on_every_problem_and_dimension(data_copy):
    path = data_copy / HEFEI / "coding.csv"
    write(path, [r for r in rows(path) if r["category_id"] != "support"])
    assert ("coding.csv", 1, "category_id", "thesis-complete") in codes(data_copy)


def test_display_names_are_unique(data_copy):
    edit(data_copy, f"{HEFEI}/case.csv", 2, "display_name", "Xinfeng")
    assert any(c[3] == "display-name" for c in codes(data_copy))


def test_claims_rules(data_copy):
    recs = rows(data_copy / "claims" / "claims.csv")
    computed = next(i for i, r in enumerate(recs, start=2) if r["rule"] == "each_thesis_case_2plus")
    typed = next(i for i, r in enumerate(recs, start=2) if r["rule"] == "judgement")
    edit(data_copy, "claims/claims.csv", computed, "verdict", "supported")
    edit(data_copy, "claims/claims.csv", typed, "reason", "")
    got = codes(data_copy)
    assert ("claims.csv", computed, "verdict", "claims-rule") in got and ("claims.csv", typed, "reason", "claims-rule") in got


def test_claims_statistic_placeholders(data_copy):
    recs = rows(data_copy / "claims" / "claims.csv")
    row = next(i for i, r in enumerate(recs, start=2) if "{T" in r["reason"])
    edit(data_copy, "claims/claims.csv", row, "reason", recs[row - 2]["reason"] + " And {T999}.")
    assert ("claims.csv", row, "reason", "claims-statistic") in codes(data_copy)


def test_latin_abbreviations_in_data_text(data_copy):
    edit(data_copy, f"{HEFEI}/facts.csv", 4, "note", "Several outlets, e.g. the Paper.")
    assert ("facts.csv", 4, "note", "latin") in codes(data_copy)
