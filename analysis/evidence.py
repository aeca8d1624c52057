"""Grades of facts derived from the origins of their sources, on two axes.

Intelligence grading separates how reliable a source is from how credible the information is (the NATO or
Admiralty system). This module does the same for the case facts:

- **Corroboration** is computed from the distinct *origins* of a fact's sources: two reposts of one official
  notice are one origin. ``confirmed`` needs two or more independent origins; one origin gives ``single-source``.
  A fact may be graded lower than its sources' origins allow (its content goes back to one original even where
  its sources also carry independent reporting), when its note says so; never higher.
  ``disputed`` stays a judgement (the sources disagree) and needs a note.
- **Authority** comes from the kind of the origins: an official record (notice, investigation report, court
  judgment), independent press (press investigation, wire report), testimony (interview, social media), or
  commentary.
- A fact that reports what someone said (``statement_of``) is a *statement attributed to its origin*: its
  sources show that it was said, not that the underlying event happened.

A case whose sources have not been examined yet (an imported sheet) keeps the grades the sheet states, shown as
"origins not examined".

Example
-------
>>> import pandas as pd
>>> facts = pd.DataFrame({"fact_id": ["A-01", "A-02"], "source_ids": [("S1", "S2"), ("S1", "S3")],
...                       "confidence": ["confirmed", "confirmed"], "statement_of": [pd.NA, pd.NA]})
>>> sources = pd.DataFrame({"source_id": ["S1", "S2", "S3"], "origin_id": ["A-O1", "A-O1", "A-O2"]})
>>> origins = pd.DataFrame({"origin_id": ["A-O1", "A-O2"], "kind": ["official_notice", "wire_report"]})
>>> g = fact_grades(facts, sources, origins).set_index("fact_id")
>>> int(g.loc["A-01", "origins"]), g.loc["A-01", "derived"], g.loc["A-01", "authority"]
(1, 'single-source', 'official record')
>>> int(g.loc["A-02", "origins"]), g.loc["A-02", "derived"], bool(g.loc["A-02", "agrees"])
(2, 'confirmed', True)
"""
from __future__ import annotations

import pandas as pd

AUTHORITY = {"official_notice": "official record", "investigation_report": "official record",
             "court_judgment": "official record", "press_investigation": "independent press",
             "wire_report": "independent press", "interview_testimony": "testimony", "social_media": "testimony",
             "commentary": "commentary", "other": "commentary"}
#: Authority levels from highest to lowest.
AUTHORITY_ORDER = ("official record", "independent press", "testimony", "commentary")


def derive_grade(n_origins: int) -> str:
    """Corroboration from the number of distinct origins: ``confirmed`` from two, else ``single-source``."""
    return "confirmed" if n_origins >= 2 else "single-source"


def fact_grades(facts: pd.DataFrame, sources: pd.DataFrame, origins: pd.DataFrame) -> pd.DataFrame:
    """Per fact: its distinct origins, the grade they give, whether the stated grade agrees, and its authority.

    Columns: ``fact_id``, ``stated`` (the grade in ``facts.csv``), ``examined`` (every cited source has an origin),
    ``origins`` (number of distinct origins, ``<NA>`` when not examined), ``origin_ids``, ``derived`` (``<NA>`` when
    not examined), ``agrees`` (``True`` also for disputed facts, which stay a judgement), ``authority`` (highest
    authority among the origins), ``statement`` (whether the fact reports what someone said).
    """
    origin_of = dict(zip(sources["source_id"], sources["origin_id"]))
    kind_of = dict(zip(origins["origin_id"], origins["kind"]))
    rows = []
    for rec in facts.itertuples():
        ids = [origin_of.get(s) for s in rec.source_ids]
        examined = bool(ids) and all(isinstance(i, str) and i for i in ids)
        distinct = sorted(set(ids)) if examined else []
        derived = derive_grade(len(distinct)) if examined else pd.NA
        levels = [AUTHORITY.get(kind_of.get(o, "other"), "commentary") for o in distinct]
        authority = min(levels, key=AUTHORITY_ORDER.index) if levels else pd.NA
        note = getattr(rec, "note", pd.NA)
        downgraded = bool(examined and rec.confidence == "single-source" and derived == "confirmed"
                          and isinstance(note, str) and note.strip())
        agrees = True if (not examined or rec.confidence == "disputed" or downgraded) else (rec.confidence == derived)
        statement = getattr(rec, "statement_of", pd.NA)
        rows.append({"fact_id": rec.fact_id, "stated": rec.confidence, "examined": examined,
                     "origins": len(distinct) if examined else pd.NA, "origin_ids": tuple(distinct),
                     "derived": derived, "agrees": agrees, "authority": authority,
                     "statement": isinstance(statement, str) and bool(statement)})
    return pd.DataFrame(rows)


def mark(confidence: str, statement: bool) -> str | None:
    """The mark a citation of a fact gets: ``disputed``, ``statement``, ``single`` or none (confirmed)."""
    if confidence == "disputed":
        return "disputed"
    if statement:
        return "statement"
    if confidence == "single-source":
        return "single"
    return None


#: Mark -> (glyph shown after the id, tooltip text, legend text).
MARKS = {
    "single": ("\u00b9", "single origin: one original report, however often relayed", "rests on a single origin"),
    "statement": ("\u201d", "reports what its origin said or found: the sources carry that origin's account, and do not "
                  "corroborate it independently; the facts table gives its grade", "reports what its origin said or found"),
    "disputed": ("?", "disputed: the sources disagree; the facts table shows both readings", "disputed"),
}
