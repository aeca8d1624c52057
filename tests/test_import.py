"""Importing a researched fact sheet as a new case (``python -m analysis import-sheet``)."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import load
from analysis.importsheet import SheetError, import_sheet, read_sheet, sheet_to_tables
from analysis.validate import sync_datapackage, validate_package

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "sheets" / "hefei-brt-shelter-collapse.yml"
HEFEI = "hefei-brt-shelter-collapse"


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def without_case(data_dir: Path, case_id: str) -> Path:
    """Remove a curated case from a data copy, so that its sheet can be imported in its place."""
    shutil.rmtree(data_dir / "cases" / case_id)
    sync_datapackage(data_dir)
    return data_dir


# A small extension case written for these tests: a subcontracting chain, an undated fact, an unquoted
# date (YAML reads it as a datetime.date), a figure, an alternative candidate and a Latin abbreviation.
SMALL = """\
case_id: wuhan-test-care
title_en: "A test case of subcontracted home care"
title_zh: 测试案例
identification: >
  Chosen for the tests
  of the importer.
summary: >
  A district bought home care, e.g. meals, from a firm, which passed the work on.
service_purchased: Home care visits.
facts:
  - id: WH-01
    date: 2021-03-04
    claim: The district contracted a firm for home care.
    figures: {contract_value_cny: 120000}
    sources: [S1, S2]
    confidence: confirmed
  - id: WH-02
    date: null
    claim: The firm passed the visits on to a smaller firm.
    sources: [S2]
    confidence: single-source
  - id: WH-ALT-01
    date: "2020"
    claim: Another district had a similar arrangement.
    sources: [S1]
    confidence: single-source
actors:
  - id: district
    name_en: The district civil affairs bureau
    name_zh: 区民政局
    type: government_purchaser
    role: Bought the care.
    facts: [WH-01]
  - id: main_firm
    name_en: The main firm
    name_zh: 主承包公司
    type: provider_firm
    role: Won the contract.
    facts: [WH-01, WH-02]
  - id: small_firm
    name_en: The subcontracted firm
    name_zh: 分包公司
    type: subcontractor
    role: Made the visits.
    facts: [WH-02]
  - id: other_district
    name_en: Another district
    name_zh: 另一区
    type: government_purchaser
    role: Bought similar care.
    facts: [WH-ALT-01]
relations:
  - source: district
    target: main_firm
    relation: contracts
    note: Contract for home care.
    facts: [WH-01]
  - source: main_firm
    target: small_firm
    relation: subcontracts
    facts: [WH-02]
sources:
  - id: S1
    outlet: Test Daily
    title: A report
    date: "2021-03-05"
    url: https://example.org/1
    language: en
  - id: S2
    outlet: 测试日报
    title: 报道
    date: 2021-03
    url: https://example.org/2
    language: zh
    note: A second report.
open_questions:
  - "What did the care cost per visit?"
"""


def write(tmp_path: Path, text: str, name: str = "sheet.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of ``text`` that contains ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# ---------------------------------------------------------------- 1. a thesis sheet round trip

def test_thesis_sheet_imports_as_the_curated_case(data_copy):
    """The Hefei sheet, imported in place of the curated Hefei case, gives the curated ids and grades."""
    data_dir = without_case(data_copy, HEFEI)
    folder = import_sheet(FIXTURE, data_dir, name="Hefei")
    assert folder == data_dir / "cases" / HEFEI
    assert validate_package(data_dir) == []
    curated = ROOT / "data" / "cases" / HEFEI

    facts, want = rows(folder / "facts.csv"), rows(curated / "facts.csv")
    # The sheet carries the first edition's grades; facts regraded since then are listed with their old grade.
    regraded = {r["item_id"]: r["before"] for r in rows(ROOT / "data" / "changes" / "second-edition.csv")
                if r["case_id"] == HEFEI and r["field"] == "confidence"}
    assert [(r["fact_id"], r["confidence"]) for r in facts] == [
        (r["fact_id"], regraded.get(r["fact_id"], r["confidence"])) for r in want]
    assert [(r["fact_id"], r["date"], r["source_ids"]) for r in facts] == [
        (r["fact_id"], r["date"], r["source_ids"]) for r in want]
    assert [r["source_id"] for r in rows(folder / "sources.csv")] == [r["source_id"] for r in rows(curated / "sources.csv")]

    # The curated case renamed the one actor id built from a person's surname (actual_contractor_sun);
    # the importer keeps the sheet's ids as they are, so the comparison maps that one rename.
    renamed = {"actual_contractor_sun": "actual_contractor"}
    actors = rows(folder / "actors.csv")
    assert [renamed.get(r["actor_id"], r["actor_id"]) for r in actors] == [r["actor_id"] for r in rows(curated / "actors.csv")]

    # Every relation of the sheet is one relation of the curated case (none was added or split there):
    # 22 relations, all of scope case (the curated Hefei case has no alternative relations).
    relations, want_rel = rows(folder / "relations.csv"), rows(curated / "relations.csv")
    assert len(relations) == sum(r["scope"] in ("case", "alternative") for r in want_rel) == 22
    assert [r["relation_id"] for r in relations] == [f"HF-R{i:02d}" for i in range(1, 23)]
    triple = lambda r: (renamed.get(r["source"], r["source"]), renamed.get(r["target"], r["target"]), r["relation"])
    assert [triple(r) for r in relations] == [triple(r) for r in want_rel]

    figures = rows(folder / "figures.csv")
    assert [(r["fact_id"], r["figure"], float(r["value"])) for r in figures] == [
        (r["fact_id"], r["figure"], float(r["value"])) for r in rows(curated / "figures.csv")]
    assert len(rows(folder / "open_questions.csv")) == len(rows(curated / "open_questions.csv")) == 13

    # What the sheet does not give is left empty (not set yet), never filled in.
    assert {r["phase"] for r in relations} == {""}
    assert {r["sector"] for r in actors} == {""}
    assert {r["unit"] for r in figures} == {""}
    assert {r["is_repost"] for r in rows(folder / "sources.csv")} == {""}
    assert rows(folder / "coding.csv") == [] and rows(folder / "measures.csv") == []
    (case,) = rows(folder / "case.csv")
    assert (case["role"], case["display_name"]) == ("extension", "Hefei")
    assert all(case[k] == "" for k in ("place_en", "place_zh", "date_start", "date_end", "purchase_arrangement",
                                      "alternatives", "framing_caveat"))
    # Purchaser and providers are the actors the sheet itself types so (here the curated lists too).
    assert case["purchaser_actor_ids"] == "hefei_key_project_bureau"
    assert case["provider_actor_ids"] == "chuangyu;ah_building_research_institute;zj_xinan_consulting"

    # The sheet's "incl." is written out, which the validator's no-Latin rule requires.
    names = {r["actor_id"]: r["name_en"] for r in actors}
    assert names["hefei_bus_group"] == "Hefei Public Transport Group (including its bus-stop sign subsidiary)"


def test_csv_format(data_copy):
    """UTF-8, '\\n' line ends, header in schema order, minimal quoting (csv.writer's default)."""
    data_dir = without_case(data_copy, HEFEI)
    folder = import_sheet(FIXTURE, data_dir, name="Hefei")
    raw = (folder / "relations.csv").read_bytes()
    assert b"\r" not in raw
    assert raw.decode("utf-8").splitlines()[0] == "relation_id,source,target,relation,phase,note,fact_ids,scope"
    assert raw.decode("utf-8").splitlines()[1].startswith("HF-R01,hefei_key_project_bureau,chuangyu,contracts,,Open tender")


# ---------------------------------------------------------------- 2. a small extension case

def test_small_extension_case(tmp_path, data_copy):
    path = write(tmp_path, SMALL)
    folder = import_sheet(path, data_copy, name="Wuhan")
    assert validate_package(data_copy) == []
    cases = load.list_cases(data_copy)
    extension = load.list_cases(data_copy, role="extension")
    assert "wuhan-test-care" in extension and cases[-len(extension):] == extension   # extensions after thesis cases
    case = load.load_case("wuhan-test-care", data_copy)
    assert not case.is_coded
    assert (case.name, case.role, case.prefix) == ("Wuhan", "extension", "WH")

    facts = rows(folder / "facts.csv")
    assert [(r["fact_id"], r["date"], r["scope"]) for r in facts] == [
        ("WH-01", "2021-03-04", "case"), ("WH-02", "", "case"), ("WH-ALT-01", "2020", "alternative")]
    actors = {r["actor_id"]: r for r in rows(folder / "actors.csv")}
    assert actors["small_firm"]["type"] == "subcontractor"
    assert actors["other_district"]["scope"] == "alternative" and actors["district"]["scope"] == "case"
    relations = rows(folder / "relations.csv")
    assert [(r["relation_id"], r["relation"], r["note"]) for r in relations] == [
        ("WH-R01", "contracts", "Contract for home care."), ("WH-R02", "subcontracts", "")]
    (meta,) = rows(folder / "case.csv")
    # the alternative candidate's purchaser is not a purchaser of this case
    assert meta["purchaser_actor_ids"] == "district"
    assert meta["provider_actor_ids"] == "main_firm;small_firm"
    assert meta["identification"] == "Chosen for the tests of the importer."
    assert meta["summary"] == "A district bought home care, for example meals, from a firm, which passed the work on."
    assert rows(folder / "sources.csv")[1]["date"] == "2021-03"
    assert rows(folder / "open_questions.csv") == [{"question_id": "WH-Q01", "question": "What did the care cost per visit?"}]
    assert rows(folder / "figures.csv") == [{"fact_id": "WH-01", "figure": "contract_value_cny", "value": "120000", "unit": ""}]


def test_display_name_from_the_sheet(tmp_path, data_copy):
    path = write(tmp_path, "display_name: Wuhan test\n" + SMALL)
    folder = import_sheet(path, data_copy)
    assert rows(folder / "case.csv")[0]["display_name"] == "Wuhan test"


def test_case_id_option(tmp_path, data_copy):
    folder = import_sheet(write(tmp_path, SMALL), data_copy, case_id="wuhan-other", name="Wuhan")
    assert folder.name == "wuhan-other" and rows(folder / "case.csv")[0]["case_id"] == "wuhan-other"
    assert validate_package(data_copy) == []


def test_sheet_to_tables_reads_plain_yaml_dates():
    """A sheet read by yaml.safe_load has datetime.date objects; they are written back as ISO text."""
    import yaml
    sheet = yaml.safe_load(SMALL)
    tables = sheet_to_tables(sheet, "wuhan-test-care", "Wuhan")
    assert tables["facts"][0]["date"] == "2021-03-04"
    assert set(tables) == {"case", "facts", "figures", "actors", "relations", "sources", "open_questions",
                           "measures", "coding"}


# ---------------------------------------------------------------- 3. bad sheets

BAD = [
    ("type: provider_firm", "type: ngo", "actor type 'ngo' is not one of"),
    ("relation: subcontracts", "relation: hands_over", "relation 'hands_over' is not one of"),
    ("date: 2021-03-04", "date: 04/03/2021", "'04/03/2021' is not an ISO date"),
    ("sources: [S2]", "sources: [S9]", "fact cites unknown source 'S9'"),
    ("    target: small_firm", "    target: tiny_firm", "relation target names unknown actor 'tiny_firm'"),
]


def assert_nothing_written(data_dir: Path, before: bytes, case_id: str = "wuhan-test-care") -> None:
    assert not (data_dir / "cases" / case_id).exists()
    assert (data_dir / "datapackage.json").read_bytes() == before


@pytest.mark.parametrize("old,new,message", BAD, ids=["actor-type", "relation", "date", "source", "actor"])
def test_bad_sheet_reports_file_and_line(tmp_path, data_copy, old, new, message):
    assert SMALL.count(old) == 1
    text = SMALL.replace(old, new)
    path = write(tmp_path, text)
    before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(SheetError) as err:
        import_sheet(path, data_copy, name="Wuhan")
    want = f"{path}:{line_of(text, new)}: "
    assert any(p.startswith(want) and message in p for p in err.value.problems), err.value.problems
    assert_nothing_written(data_copy, before)


def test_every_problem_reported_at_once(tmp_path, data_copy):
    text = SMALL
    for old, new, _ in BAD:
        text = text.replace(old, new)
    text = text.replace("  - id: S2\n", "  - id: S1\n")  # a duplicate source id
    path = write(tmp_path, text)
    before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(SheetError) as err:
        import_sheet(path, data_copy, name="Wuhan")
    problems = err.value.problems
    for _, new, message in BAD:
        assert any(p.startswith(f"{path}:{line_of(text, new)}: ") and message in p for p in problems), (message, problems)
    dup_line = [i for i, l in enumerate(text.splitlines(), start=1) if l == "  - id: S1"][1]
    assert any(p.startswith(f"{path}:{dup_line}: duplicate source id 'S1'") for p in problems), problems
    assert_nothing_written(data_copy, before)


def test_missing_keys_and_unknown_facts(tmp_path):
    text = SMALL.replace("    confidence: single-source\n  - id: WH-ALT-01", "  - id: WH-ALT-01").replace(
        "facts: [WH-02]\n  - id: other_district", "facts: [WH-99]\n  - id: other_district")
    path = write(tmp_path, text)
    _, problems = read_sheet(path)
    assert f"{path}:{line_of(text, '  - id: WH-02')}: fact has no 'confidence'" in problems
    assert f"{path}:{line_of(text, 'facts: [WH-99]')}: actor cites unknown fact 'WH-99'" in problems


def test_unknown_keys_are_refused_not_dropped(tmp_path):
    text = SMALL.replace("    relation: subcontracts\n", "    relation: subcontracts\n    phase: delivery\n")
    path = write(tmp_path, text)
    _, problems = read_sheet(path)
    assert any(p.startswith(f"{path}:{line_of(text, 'phase: delivery')}: unknown key 'phase'") for p in problems)


def test_invalid_yaml_names_the_line(tmp_path, data_copy):
    text = SMALL.replace("service_purchased: Home care visits.", "service_purchased: [unclosed")
    path = write(tmp_path, text)
    with pytest.raises(SheetError) as err:
        import_sheet(path, data_copy, name="Wuhan")
    assert any(p.startswith(f"{path}:") and "not valid YAML" in p for p in err.value.problems)


def test_validation_failure_is_rolled_back_and_located(tmp_path, data_copy):
    """A sheet that passes the sheet checks but not the validator leaves nothing behind."""
    text = SMALL.replace("    sources: [S2]\n    confidence: single-source", "    sources: [S2]\n    confidence: confirmed")
    path = write(tmp_path, text)
    before = (data_copy / "datapackage.json").read_bytes()
    assert read_sheet(path, data_copy)[1] == []
    with pytest.raises(SheetError) as err:
        import_sheet(path, data_copy, name="Wuhan")
    line = [i for i, l in enumerate(text.splitlines(), start=1) if l == "    confidence: confirmed"][1]
    assert any(p.startswith(f"{path}:{line}: facts.csv confidence:") and "[grade-sources]" in p
               for p in err.value.problems), err.value.problems
    assert_nothing_written(data_copy, before)


def test_display_name_clash_is_rolled_back(tmp_path, data_copy):
    before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(SheetError) as err:
        import_sheet(write(tmp_path, SMALL), data_copy, name="Hefei")
    assert any("[display-name]" in p for p in err.value.problems), err.value.problems
    assert_nothing_written(data_copy, before)


# ---------------------------------------------------------------- 4. refusals

def test_refuses_an_existing_case_folder(data_copy):
    folder = data_copy / "cases" / HEFEI
    snapshot = {p.name: p.read_bytes() for p in folder.iterdir()}
    before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(SheetError, match="exists already"):
        import_sheet(FIXTURE, data_copy, name="Hefei 2")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == snapshot
    assert (data_copy / "datapackage.json").read_bytes() == before


def test_refuses_without_a_display_name(tmp_path, data_copy):
    before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(SheetError, match="--name"):
        import_sheet(write(tmp_path, SMALL), data_copy)
    assert_nothing_written(data_copy, before)


# ---------------------------------------------------------------- 5. the command line

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "import-sheet", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_cli_success(tmp_path, data_copy):
    done = run_cli(str(write(tmp_path, SMALL)), "--data-dir", str(data_copy), "--name", "Wuhan")
    assert done.returncode == 0, done.stderr
    assert "imported" in done.stdout and "a phase for " in done.stdout and "the coding (coding.csv)" in done.stdout
    assert (data_copy / "cases" / "wuhan-test-care" / "case.csv").is_file()


def test_cli_failure(tmp_path, data_copy):
    text = SMALL.replace("type: provider_firm", "type: ngo")
    path = write(tmp_path, text)
    done = run_cli(str(path), "--data-dir", str(data_copy), "--name", "Wuhan")
    assert done.returncode == 1
    assert f"{path}:{line_of(text, 'type: ngo')}: actor type 'ngo' is not one of" in done.stderr
    assert "nothing was written" in done.stderr and done.stdout == ""
    done = run_cli(str(write(tmp_path, SMALL, "other.yml")), "--data-dir", str(data_copy))
    assert done.returncode == 1 and "--name" in done.stderr
    assert not (data_copy / "cases" / "wuhan-test-care").exists()
