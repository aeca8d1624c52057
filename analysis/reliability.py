"""Inter-coder reliability of the coding: Krippendorff's alpha (ordinal) with a bootstrap interval.

Every judgement was coded twice: by the first coder and, blind to that coding, by a second coder; disagreements
were adjudicated (``adjudication.csv`` of each case holds both raw strengths, the adjudicated one and the reason).
Alpha is computed with the ``krippendorff`` package, whose ordinal alpha reproduces the worked example of
Krippendorff (2011), checked in the tests.

Example
-------
>>> alpha([1, 2, 3, 3], [1, 2, 3, 2])
0.79
>>> agreement([1, 2, 3, 3], [1, 2, 3, 2])
0.75
"""
from __future__ import annotations

import numpy as np
import pandas as pd

KINDS = ("problem types (party all)", "cause dimensions (party all)", "cause dimensions per party",
         "Bozeman criteria (party all)")


def row_kind(category_kind: str, party: str) -> str:
    """The reliability group of a judgement: problems, dimensions for all parties, per-party rows, Bozeman."""
    if category_kind == "problem":
        return KINDS[0]
    if category_kind == "dimension":
        return KINDS[1] if party == "all" else KINDS[2]
    return KINDS[3]


def alpha(first, second, level: str = "ordinal") -> float:
    """Krippendorff's alpha of two coders over the same units (values 0-3), rounded to three places.

    ``nan`` when the units show no variation at all (alpha is undefined then).
    """
    import krippendorff
    data = np.array([list(first), list(second)], dtype=float)
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return float("nan")
    return round(float(krippendorff.alpha(reliability_data=data, level_of_measurement=level)), 3)


def agreement(first, second) -> float:
    """Share of units on which the two coders gave the same value."""
    a, b = np.asarray(first), np.asarray(second)
    return round(float((a == b).mean()), 3) if len(a) else float("nan")


def ordinal_alpha_from_pairs(pairs: np.ndarray, levels: int = 4) -> np.ndarray:
    """Krippendorff's ordinal alpha for two coders and complete data, from counts of (first, second) value pairs.

    ``pairs`` has shape (..., levels, levels); the result has the leading shape. This closed form (coincidence matrix
    and ordinal distances) is what the bootstrap uses, since it handles thousands of resamples at once; the tests check
    it against the ``krippendorff`` package.
    """
    pairs = np.asarray(pairs, dtype=float)
    coincidence = pairs + np.swapaxes(pairs, -1, -2)                     # each unit gives both ordered pairs
    n_c = coincidence.sum(axis=-1)                                         # marginal counts per value
    n = n_c.sum(axis=-1, keepdims=True)
    cum = np.cumsum(n_c, axis=-1)
    c = np.arange(levels)
    lo, hi = np.minimum.outer(c, c), np.maximum.outer(c, c)
    # ordinal distance: (sum of n_g for g between c and k, minus half of n_c and n_k) squared
    between = np.take(cum, hi, axis=-1) - np.where(lo > 0, np.take(cum, np.maximum(lo - 1, 0), axis=-1), 0)
    delta = (between - (n_c[..., :, None] + n_c[..., None, :]) / 2) ** 2
    observed = (coincidence * delta).sum(axis=(-1, -2))
    expected = (n_c[..., :, None] * n_c[..., None, :] * delta).sum(axis=(-1, -2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1 - (n[..., 0] - 1) * observed / expected


def bootstrap_interval(first, second, level: str = "ordinal", draws: int = 2000, seed: int = 0,
                       level_ci: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ordinal alpha, resampling units (judgements) with replacement; seeded.

    Resampling ``n`` units with replacement and counting their (first, second) pairs is the same as drawing the 16
    pair counts from a multinomial with ``n`` trials and the observed pair shares, which is how the draws are made.
    """
    if level != "ordinal":
        raise ValueError("the bootstrap is implemented for ordinal alpha")
    a, b = np.asarray(first, dtype=int), np.asarray(second, dtype=int)
    rng = np.random.default_rng(seed)
    observed = np.bincount(a * 4 + b, minlength=16)                       # pair code per unit: first * 4 + second
    counts = rng.multinomial(len(a), observed / len(a), size=draws)
    values = ordinal_alpha_from_pairs(counts.reshape(draws, 4, 4))
    values = values[~np.isnan(values)]
    lo, hi = np.percentile(values, [(1 - level_ci) / 2 * 100, (1 + level_ci) / 2 * 100])
    return round(float(lo), 3), round(float(hi), 3)


def judgements(cases: dict, categories: pd.DataFrame) -> pd.DataFrame:
    """One row per judgement of every case: case, ids, kind, the two raw strengths and the adjudicated one."""
    kinds = categories.set_index("category_id")["kind"]
    frames = []
    for case in cases.values():
        adj = case.extra.get("adjudication")
        if adj is None or not len(adj):
            continue
        merged = case.coding[["judgement_id", "category_id", "party"]].merge(adj, on="judgement_id")
        merged.insert(0, "case", case.name)
        merged.insert(1, "role", case.role)
        merged["kind"] = [row_kind(kinds[c], p) for c, p in zip(merged["category_id"], merged["party"])]
        frames.append(merged)
    cols = ["case", "role", "judgement_id", "category_id", "party", "kind", "first", "second", "adjudicated",
            "second_fact_ids", "second_rationale", "reason"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def reliability_table(j: pd.DataFrame, draws: int = 2000) -> pd.DataFrame:
    """Alpha (ordinal) with its 95% bootstrap interval and the raw agreement, overall and per kind."""
    rows = []
    groups = [("all judgements", j)] + [(k, j[j["kind"] == k]) for k in KINDS]
    for name, g in groups:
        if not len(g):
            continue
        first, second = g["first"].astype(int).tolist(), g["second"].astype(int).tolist()
        lo, hi = bootstrap_interval(first, second, draws=draws)
        rows.append({"judgements": name, "units": len(g), "agreement": agreement(first, second),
                     "alpha (ordinal)": alpha(first, second), "95% interval": f"{lo:.3f} to {hi:.3f}",
                     "disagreements": int((g["first"] != g["second"]).sum())})
    return pd.DataFrame(rows)
