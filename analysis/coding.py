"""Coded judgements: case x category matrices, the evidence behind a cell, verdicts, heatmaps.

Example
-------
>>> import pandas as pd
>>> coding = pd.DataFrame({"judgement_id": ["A-C01", "A-C02"], "category_id": ["goal_loss", "value"],
...     "party": ["all", "all"], "strength": pd.array([3, 1], dtype="Int64"),
...     "fact_ids": [("A-01",), ("A-02",)], "rationale": ["x", "y"]})
>>> coding_matrix({"case-a": coding}, ["goal_loss", "participation_gap"]).loc["case-a"].tolist()
[3, <NA>]
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch, Rectangle

from .verdicts import verdict_from_strengths

PARTIES = ("all", "purchaser", "provider", "regulator", "users")
#: Sequential, colour-blind-safe steps for strengths 0-3 (light to dark).
STRENGTH_COLOURS = ("#f7f7f7", "#c6dbef", "#6baed6", "#08519c")


def category_ids(categories: pd.DataFrame, kind: str) -> list[str]:
    """Category ids of one ``kind`` (problem, dimension, strategy, bozeman_criterion) in codebook order."""
    ids = categories.loc[categories["kind"] == kind, "category_id"].tolist()
    if not ids:
        raise ValueError(f"the codebook has no categories of kind {kind!r}")
    return ids


def coding_matrix(codings: dict[str, pd.DataFrame], categories: list[str], party: str = "all") -> pd.DataFrame:
    """Strengths as a case x category matrix (``Int64``; ``<NA>`` where a case was not coded on a category).

    ``codings`` maps case ids to coding tables. Raises ``ValueError`` when a case codes the same
    category and party twice, since the cell would be ambiguous.
    """
    matrix = pd.DataFrame(index=pd.Index(list(codings), name="case_id"), columns=list(categories), dtype="Int64")
    for case_id, coding in codings.items():
        rows = coding[(coding["party"] == party) & coding["category_id"].isin(categories)]
        dup = rows["category_id"][rows["category_id"].duplicated()].tolist()
        if dup:
            raise ValueError(f"case {case_id} codes {', '.join(sorted(set(dup)))} more than once for party {party!r}")
        for rec in rows.itertuples():
            matrix.loc[case_id, rec.category_id] = rec.strength
    return matrix


def party_matrix(coding: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
    """For one case: party x category strengths (rows in the order all, purchaser, provider, regulator, users).

    Parties with no coded cell are left out, except ``all``, which is always present (all ``<NA>`` when the case
    is not coded yet).
    """
    out = pd.DataFrame(index=pd.Index(list(PARTIES), name="party"), columns=list(categories), dtype="Int64")
    for rec in coding[coding["category_id"].isin(categories)].itertuples():
        out.loc[rec.party, rec.category_id] = rec.strength
    keep = out.notna().any(axis=1)
    keep["all"] = True                     # the all-parties row is always shown, hatched where not coded
    return out[keep]


def evidence_table(coding: pd.DataFrame, facts: pd.DataFrame, category_id: str, party: str = "all") -> pd.DataFrame:
    """The evidence behind one cell: one row per supporting fact, with the judgement's strength and rationale.

    A judgement that cites no fact (strength 0, facts silent) gives one row with empty fact columns.
    Returns an empty table when the cell was not coded.
    """
    cols = ["judgement_id", "strength", "rationale", "fact_id", "date", "confidence", "claim"]
    judgements = coding[(coding["category_id"] == category_id) & (coding["party"] == party)]
    by_id = facts.set_index("fact_id")
    rows = []
    for rec in judgements.itertuples():
        ids = list(rec.fact_ids) or [None]
        for fid in ids:
            if fid is not None and fid not in by_id.index:
                raise KeyError(f"judgement {rec.judgement_id} cites unknown fact {fid}")
            fact = by_id.loc[fid] if fid is not None else None
            rows.append({"judgement_id": rec.judgement_id, "strength": rec.strength, "rationale": rec.rationale,
                         "fact_id": fid, "date": None if fact is None else fact["date"],
                         "confidence": None if fact is None else fact["confidence"],
                         "claim": None if fact is None else fact["claim"]})
    return pd.DataFrame(rows, columns=cols)


def evidence_profile(coding: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Per judgement: strength and how many cited facts are confirmed, single-source or disputed."""
    conf = facts.set_index("fact_id")["confidence"]
    rows = []
    for rec in coding.itertuples():
        levels = [conf.get(f) for f in rec.fact_ids]
        rows.append({"judgement_id": rec.judgement_id, "category_id": rec.category_id, "party": rec.party,
                     "strength": rec.strength, "facts": len(levels),
                     "confirmed": levels.count("confirmed"), "single_source": levels.count("single-source"),
                     "disputed": levels.count("disputed")})
    return pd.DataFrame(rows)


def scale_violations(coding: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Judgements whose strength the cited evidence cannot carry under the scale's anchors.

    Strength 2 or 3 needs at least one confirmed fact; strength 3 needs at least two.
    Returns the offending rows of :func:`evidence_profile` (empty when the coding respects the scale).
    """
    prof = evidence_profile(coding, facts)
    bad = ((prof["strength"] >= 2) & (prof["confirmed"] < 1)) | ((prof["strength"] == 3) & (prof["confirmed"] < 2))
    return prof[bad].reset_index(drop=True)


#: A heatmap with more categories than this is drawn transposed (categories as rows), so that it fits the column.
MAX_COLUMNS = 6


def draw_heatmap(matrix: pd.DataFrame, title: str = "", row_labels: dict | None = None, col_labels: dict | None = None,
                 split_after: int | None = None, ax=None):
    """Heatmap of a strength matrix (0-3) with the value written in each cell; uncoded cells are hatched.

    ``split_after`` draws a line after that many rows (thesis cases above, extension cases below).
    With more than :data:`MAX_COLUMNS` columns the matrix is drawn transposed (the line then separates columns).
    Labels wrap on word boundaries only.
    """
    transpose = matrix.shape[1] > MAX_COLUMNS
    if transpose:
        matrix = matrix.T
        row_labels, col_labels = col_labels, row_labels
    n_rows, n_cols = matrix.shape
    if ax is None:
        width = max(1.3 + (1.0 if transpose else 1.25) * n_cols, 5.0)
        fig, ax = plt.subplots(figsize=(width, 0.9 + (0.5 if transpose else 0.55) * max(n_rows, 1)))
    fig = ax.figure
    cmap = ListedColormap(STRENGTH_COLOURS)
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], cmap.N)
    values = matrix.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for i in range(n_rows):
        for j in range(n_cols):
            v = values[i, j]
            if np.isnan(v):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#999999", lw=0))
                ax.text(j, i, "not coded", ha="center", va="center", fontsize=9.5, color="#444444")
            else:
                ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=10.5, fontweight="bold",
                        color="white" if v >= 2.5 else "black")
    ax.set_xticks(range(n_cols), [textwrap_label((col_labels or {}).get(c, c), 12 if transpose else 14)
                                  for c in matrix.columns], fontsize=9.5)
    ax.set_yticks(range(n_rows), [textwrap_label((row_labels or {}).get(r, r), 30) if transpose
                                  else (row_labels or {}).get(r, r) for r in matrix.index], fontsize=9.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    handles = [Patch(facecolor=c, edgecolor="#999999", label=f"{i} {lab}")
               for i, (c, lab) in enumerate(zip(STRENGTH_COLOURS, ("absent", "weak", "moderate", "strong")))]
    if split_after is not None and 0 < split_after < (n_cols if transpose else n_rows):
        (ax.axvline if transpose else ax.axhline)(split_after - 0.5, color="#333333", linewidth=1.6)
    # the key sits between the title and the cells, so that it does not widen the figure
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, fontsize=9.5, frameon=False,
              borderaxespad=0.2, handlelength=1.2, columnspacing=1.0)
    ax.set_title(title, loc="left", fontsize=11, pad=26)
    return fig


def textwrap_label(text: str, width: int = 14) -> str:
    """Wrap a category label for an axis, on word boundaries only (a long word stays whole).

    >>> textwrap_label("Substitutability of the provider", 14).splitlines()
    ['Substitutability', 'of the', 'provider']
    """
    import textwrap
    return textwrap.fill(str(text), width=width, break_long_words=False, break_on_hyphens=False)


def verdict_sensitivity(matrix: pd.DataFrame) -> pd.DataFrame:
    """How fragile each category's verdict is to a one-step change of a single coded cell.

    For every category (column of a case x category ``matrix``), try raising and lowering each coded cell by one
    level (within 0-3) and record the verdicts :func:`verdict_from_strengths` would then give.
    Columns: ``verdict``, ``flips`` (number of single one-step changes that change the verdict),
    ``pivotal_cells`` (which case and direction, for example ``hefei-x +1``), ``reachable`` (other verdicts reachable).
    """
    rows = []
    for cat in matrix.columns:
        col = matrix[cat]
        base = verdict_from_strengths(col)
        pivots, reachable = [], set()
        for case in matrix.index:
            value = col[case]
            if pd.isna(value):
                continue
            for step in (-1, 1):
                new = int(value) + step
                if not 0 <= new <= 3:
                    continue
                trial = col.copy()
                trial[case] = new
                verdict = verdict_from_strengths(trial)
                if verdict != base:
                    pivots.append(f"{case} {step:+d}")
                    reachable.add(verdict)
        rows.append({"category_id": cat, "verdict": base, "flips": len(pivots),
                     "pivotal_cells": "; ".join(pivots), "reachable": "; ".join(sorted(reachable))})
    return pd.DataFrame(rows)
