"""Every id the book's prose cites exists in the data, and single-source facts are marked where they are used.

Prose cites case facts as [HF-05], judgements as (HF-C14), policies as [P20] and statistics as [T023].
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import load

ROOT = Path(__file__).resolve().parent.parent
FACT = re.compile(r"\b([A-Z]{2})-(ALT-)?(\d{2})\b")
JUDGEMENT = re.compile(r"\b([A-Z]{2})-C(\d{2})\b")
MEASURE = re.compile(r"\b([A-Z]{2})-M(\d{2})\b")
POLICY = re.compile(r"\bP(\d{2})\b")
STAT = re.compile(r"\bT(\d{3})\b")


def pages():
    for p in sorted((ROOT / "book").glob("*")):
        if p.suffix == ".ipynb":
            nb = json.loads(p.read_text(encoding="utf-8"))
            text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        elif p.suffix == ".md":
            text = p.read_text(encoding="utf-8")
        else:
            continue
        yield p.name, text


def case_index():
    facts, judgements, measures = {}, set(), set()
    for c in load.list_cases():
        case = load.load_case(c)
        for rec in case.facts.itertuples():
            facts[rec.fact_id] = rec.confidence
        judgements |= set(case.coding["judgement_id"])
        measures |= set(case.measures["measure_id"])
    return facts, judgements, measures


FACTS, JUDGEMENTS, MEASURES = case_index()
POLICIES = set(load.load_policy_timeline()["policy_id"])
STATS = set(load.load_statistics()["stat_id"])
PAGES = list(pages())


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_cited_ids_exist(name, text):
    missing = []
    for m in FACT.finditer(text):
        fid = m.group(0)
        if fid not in FACTS:
            missing.append(fid)
    missing += [m.group(0) for m in JUDGEMENT.finditer(text) if m.group(0) not in JUDGEMENTS]
    missing += [m.group(0) for m in MEASURE.finditer(text) if m.group(0) not in MEASURES]
    missing += [m.group(0) for m in POLICY.finditer(text) if m.group(0) not in POLICIES]
    missing += [m.group(0) for m in STAT.finditer(text) if m.group(0) not in STATS]
    assert not missing, f"{name} cites ids that are not in the data: {sorted(set(missing))}"


def test_the_fact_pattern_would_catch_an_unknown_id():
    assert "HF-99" not in FACTS and FACT.search("the roofs fell [HF-99]").group(0) == "HF-99"


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_single_source_facts_are_marked_where_used(name, text):
    """A sentence (one per line) that cites a single-source fact in brackets says so on the same line."""
    unmarked = []
    for line in text.splitlines():
        if line.lstrip().startswith(("|", "-", "*")):      # tables and lists of open questions state gaps, not facts
            continue
        cited = {m.group(0) for br in re.findall(r"\[([^\]]+)\]", line) for m in FACT.finditer(br)}
        single = sorted(f for f in cited if FACTS.get(f) == "single-source")
        if single and not re.search(r"single[- ]source", line):
            unmarked.append(f"{', '.join(single)}: {line.strip()[:90]}")
    assert not unmarked, f"{name}: single-source facts used without the mark:\n" + "\n".join(unmarked)


LATIN = re.compile(r"(?<![A-Za-z])(e\.g\.|i\.e\.|etc\.|incl\.|viz\.|cf\.)", re.IGNORECASE)


@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_no_latin_abbreviations_in_prose(name, text):
    hits = [line.strip()[:80] for line in text.splitlines() if LATIN.search(line)]
    assert not hits, f"{name}: write 'for example', 'that is', 'and others' instead:\n" + "\n".join(hits)


def test_no_latin_abbreviations_in_data_text():
    hits = []
    for path in sorted((ROOT / "data").rglob("*.csv")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LATIN.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{n}")
    assert not hits, "Latin abbreviations in data text: " + ", ".join(hits)


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
