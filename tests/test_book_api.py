"""The registry of exhibits: every figure and table, its label, caption, builder and inputs."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import book, exhibits, load
from analysis.display import Figure, Table
from analysis.explorer import Explorer

ROOT = Path(__file__).resolve().parent.parent
INSTANCES = exhibits.instances()


@pytest.mark.parametrize("inst", INSTANCES, ids=[i.label for i in INSTANCES])
def test_every_exhibit_builds_with_its_registered_label_and_caption(inst):
    out = inst.build()
    assert out.name == inst.label
    assert out.caption.endswith(".") and "${" not in out.caption and "$" not in out.caption
    if inst.spec.kind == "table":
        assert isinstance(out, Table) and inst.label.startswith("tbl-")
        md = out._repr_markdown_()
        assert md.startswith("```{table}") and f":name: {out.name}" in md
        assert "<table" in out._repr_html_()
    elif inst.spec.kind == "explorer":
        assert isinstance(out, Explorer) and inst.label.startswith("explorer-")
        assert f'data-network-explorer="{inst.case}"' in out._repr_html_() and not hasattr(out, "_repr_markdown_")
    else:
        assert isinstance(out, Figure) and inst.label.startswith("fig-")
        assert out.svg.lstrip().startswith("<?xml") and out.alt and "${" not in out.alt
        md = out._repr_markdown_()
        assert md.startswith("```{figure} data:image/svg+xml;base64,") and f":name: {out.name}" in md


def test_labels_are_unique():
    labels = [i.label for i in INSTANCES]
    assert len(labels) == len(set(labels)), sorted(lab for lab in labels if labels.count(lab) > 1)


def test_every_case_has_every_per_case_exhibit():
    per_case = [s for s in exhibits.REGISTRY.values() if s.per == "case"]
    for case_id in load.list_cases():
        for spec in per_case:
            assert spec.label_for(case=case_id) in {i.label for i in INSTANCES}


# Code cells that print a command's report instead of showing an exhibit, by notebook: the instructor's guide runs
# the coding-practice command on the shipped sample (book/guide/coding-practice.ipynb).
NOT_EXHIBITS = {
    "guide/coding-practice.ipynb":
        'print(agreement.run(paths.ROOT / "teaching" / "sample-coding-hefei.csv", "hefei-brt-shelter-collapse"))',
}


def test_the_cells_that_are_not_exhibits_are_where_they_are_listed():
    for rel, last in NOT_EXHIBITS.items():
        cells = json.loads((ROOT / "book" / rel).read_text(encoding="utf-8"))["cells"]
        assert last in ["".join(c["source"]).strip().splitlines()[-1] for c in cells if c["cell_type"] == "code"]


def _shown_in_book() -> list[str]:
    """Calls to book builders in the hand-written and generated notebooks, as labels."""
    calls = []
    for nb in sorted((ROOT / "book").rglob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                last = "".join(cell["source"]).strip().splitlines()[-1]
                if NOT_EXHIBITS.get(nb.relative_to(ROOT / "book").as_posix()) != last:
                    calls.append(last)
    return calls


def test_every_exhibit_is_shown_exactly_once_in_the_book():
    calls = _shown_in_book()
    want = []
    for i in INSTANCES:
        arg = i.case or i.arg
        want.append(f'book.{i.spec.key}("{arg}")' if arg else f"book.{i.spec.key}()")
    missing = [w for w in want if calls.count(w) == 0]
    twice = [w for w in want if calls.count(w) > 1]
    assert not missing and not twice, {"not shown": missing, "shown twice": twice}
    unknown = [c for c in calls if c not in want]
    assert not unknown, f"notebook cells that are not registered exhibits: {unknown}"


def test_exhibits_declare_the_resources_they_read():
    names = {r["name"] for r in load.load_descriptor()["resources"]}
    for spec in exhibits.REGISTRY.values():
        assert set(spec.reads) <= names, (spec.key, set(spec.reads) - names)


def test_a_case_not_coded_yet_shows_in_every_exhibit(data_copy):
    """An imported case with no coding, no phases and no sectors still builds every exhibit."""
    from analysis.scaffold import new_case
    from helpers import rows, write
    hefei = data_copy / "cases" / "hefei-brt-shelter-collapse"
    folder = new_case("zz-uncoded-case", data_copy)
    for table, edit in (("facts", {"statement_of": ""}),
                        ("sources", {"is_repost": "", "origin_id": "", "origin_basis": "", "origin_note": ""}),
                        ("actors", {"sector": ""}),
                        ("relations", {"phase": ""}), ("open_questions", {})):
        recs = rows(hefei / f"{table}.csv")
        for r in recs:
            for key in [k for k in r if k.endswith("_id") or k in ("fact_ids", "source_ids")]:
                r[key] = r[key].replace("HF-", "ZZ-")
            r.update(edit)
        write(folder / f"{table}.csv", recs)
    case = rows(hefei / "case.csv")[0]
    case.update(case_id="zz-uncoded-case", display_name="Uncoded", role="extension", date_start="", place_en="")
    write(folder / "case.csv", [case])
    from analysis.validate import validate_package
    assert validate_package(data_copy) == []
    built = {i.label: i.build(data_copy) for i in exhibits.instances(data_copy)}
    overview = built["tbl-zz-uncoded-case-overview"].frame.set_index("item")["value"]
    assert overview["Coded judgements"] == book.NOT_CODED and overview["Place"] == book.NOT_SET
    assert "phase not set for" in overview["Actors and relations"]
    matrix = built["tbl-matrix-problem"].frame
    assert matrix.loc["Uncoded", "role"] == "extension" and (matrix.loc["Uncoded"].iloc[1:] == book.NOT_CODED).all()
    assert list(matrix.index[:3]) == ["Xinfeng", "Hefei", "Shijiazhuang"]       # thesis cases first
    assert "Uncoded (extension)" in built["tbl-network-comparison"].frame["case"].tolist()
    # the thesis verdicts do not move
    v = book.claim_verdicts(data_copy).set_index("claim_id")["verdict"]
    assert v.equals(book.claim_verdicts().set_index("claim_id")["verdict"])


def test_empty_table_renders_a_note():
    t = Table(pd.DataFrame({"a": []}), "Empty.", "tbl-empty")
    assert "This table is empty" in t._repr_markdown_() and "This table is empty" in t._repr_html_()
    with pytest.raises(ValueError, match="must start with 'tbl-'"):
        Table(pd.DataFrame({"a": [1]}), "Bad.", "bad-name")
