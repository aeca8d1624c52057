"""Every id the book's prose cites exists in the data, single-source facts are marked where used, and each case
chapter cites only its own case outside an explicit comparison.

Prose cites case facts as [HF-05], judgements as (HF-C14), measures, open questions, policies as [P20] and
statistics as [T023]. Id formats come from datapackage.json (analysis.ids).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import ids, load

ROOT = Path(__file__).resolve().parent.parent


def pages():
    """(name, text) of every page of prose: hand-written chapters, generated case chapters and case narratives."""
    for p in sorted((ROOT / "book").rglob("*")):
        if p.suffix == ".ipynb" and ".ipynb_checkpoints" not in p.parts:
            nb = json.loads(p.read_text(encoding="utf-8"))
            text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        elif p.suffix == ".md":
            text = p.read_text(encoding="utf-8")
        else:
            continue
        yield str(p.relative_to(ROOT / "book")), text


def index():
    known, confidence, prefix_of = set(), {}, {}
    for c in load.list_cases():
        case = load.load_case(c)
        prefix_of[c] = case.prefix
        for rec in case.facts.itertuples():
            confidence[rec.fact_id] = rec.confidence
        for table, col in ((case.facts, "fact_id"), (case.coding, "judgement_id"), (case.measures, "measure_id"),
                           (case.open_questions, "question_id"), (case.relations, "relation_id"),
                           (case.sources, "source_id")):
            known |= set(table[col])
    known |= set(load.load_policy_timeline()["policy_id"]) | set(load.load_statistics()["stat_id"])
    return known, confidence, prefix_of


KNOWN, CONFIDENCE, PREFIX_OF = index()
PREFIXES = set(PREFIX_OF.values())
PAGES = list(pages())


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_cited_ids_exist(name, text):
    missing = [i for i in ids.find_ids(text, PREFIXES) if i not in KNOWN]
    assert not missing, f"{name} cites ids that are not in the data: {sorted(set(missing))}"


def test_the_id_pattern_would_catch_an_unknown_id_of_any_width():
    assert "HF-99" not in KNOWN and ids.find_ids("the roofs fell [HF-99]", PREFIXES) == ["HF-99"]
    assert ids.find_ids("a new case [HF-100] and (HF-C100)", PREFIXES) == ["HF-100", "HF-C100"]
    assert ids.find_ids("ABC-01 in a case with a three-letter prefix", {"ABC"}) == ["ABC-01"]


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_grade_words_in_the_prose_agree_with_the_data(name, text):
    """Marks of single-origin, statement and disputed facts are rendered from the data (analysis.sphinxext); prose
    that still names a grade next to one fact id must agree with that fact's grade."""
    wrong = []
    for line in text.splitlines():
        cited = [i for i in ids.find_ids(line, PREFIXES) if i in CONFIDENCE]
        if len(set(cited)) != 1:
            continue
        grade = CONFIDENCE[cited[0]]
        if re.search(r"single[- ]source", line) and grade == "confirmed":
            wrong.append(f"{cited[0]} is confirmed: {line.strip()[:100]}")
        if re.search(r"\bconfirmed\b", line) and grade == "single-source" and "not confirmed" not in line:
            wrong.append(f"{cited[0]} is single-source: {line.strip()[:100]}")
    assert not wrong, f"{name}: grade words that disagree with the data:\n" + "\n".join(wrong)


def test_marks_follow_the_grades():
    from analysis.evidence import MARKS
    from analysis.sphinxext import fact_marks
    marks = fact_marks()
    assert set(marks.values()) <= set(MARKS)
    for fid, grade in CONFIDENCE.items():
        if grade == "disputed":
            assert marks[fid] == "disputed"
        elif grade == "confirmed":
            assert marks.get(fid) in (None, "statement")
        else:
            assert marks[fid] in ("single", "statement")


LATIN = re.compile(r"(?<![A-Za-z])(e\.g\.|i\.e\.|etc\.|incl\.|viz\.|cf\.)", re.IGNORECASE)


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_no_latin_abbreviations_in_prose(name, text):
    hits = [line.strip()[:80] for line in text.splitlines() if LATIN.search(line)]
    assert not hits, f"{name}: write 'for example', 'that is', 'and others' instead:\n" + "\n".join(hits)


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_every_prose_table_has_a_caption(name, text):
    """Pipe tables written in the prose sit inside a ```{table} directive, so they are numbered and captioned."""
    inside, bare = False, []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```{table}"):
            inside = True
        elif stripped.startswith("```") and inside:
            inside = False
        elif stripped.startswith("|---") and not inside:
            bare.append(n)
    assert not bare, f"{name}: uncaptioned tables at markdown lines {bare}; wrap them in a {{table}} directive"


def foreign_citations(text: str, own_prefix: str) -> list[str]:
    """Ids of other cases cited outside an explicit comparison block (a directive with ``:class: comparison``)."""
    out, depth_comparison = [], 0
    lines = text.splitlines()
    stack = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        opening = re.match(r"^(:{3,}|`{3,})\{", stripped)
        if opening:
            is_comparison = any(lines[j].strip() == ":class: comparison" for j in range(i + 1, min(i + 4, len(lines))))
            stack.append((opening.group(1), is_comparison))
            continue
        if stack and stripped == stack[-1][0]:
            stack.pop()
            continue
        depth_comparison = any(c for _, c in stack)
        if not depth_comparison:
            out += [x for x in ids.find_ids(line, PREFIXES) if ids.case_prefix(x) not in (None, own_prefix)]
    return out


def test_case_narratives_cite_only_their_own_case_outside_a_comparison():
    bad = {}
    for folder in sorted((ROOT / "book" / "narratives").iterdir()):
        own = PREFIX_OF.get(folder.name)
        assert own, f"book/narratives/{folder.name} belongs to no case of data/cases"
        for p in sorted(folder.glob("*.md")):
            hits = foreign_citations(p.read_text(encoding="utf-8"), own)
            if hits:
                bad[str(p.relative_to(ROOT))] = sorted(set(hits))
    assert not bad, f"case narratives cite other cases' ids outside a comparison block: {bad}"


def test_the_comparison_check_can_fail():
    plain = "The roofs fell [HF-13], as in Xinfeng [XF-12]."
    assert foreign_citations(plain, "HF") == ["XF-12"]
    boxed = ":::{admonition} Compare Xinfeng\n:class: comparison\nAs in Xinfeng [XF-12].\n:::\nBack home [HF-13]."
    assert foreign_citations(boxed, "HF") == []
