"""Verdicts on the thesis's claims, derived from the coding of the thesis cases.

``data/claims/claims.csv`` names, for every claim, the categories it rests on and the ``rule`` that decides it.
Two rules are computed here from the coded strengths (party ``all``) of the thesis cases; the third,
``judgement``, is for claims no rule over the data can decide (context and normative claims), whose verdict
is typed in the table with its reason.

Rules
-----
``each_thesis_case_2plus`` (one problem type or cause dimension)
    ``supported`` when every thesis case is coded 2 or more; ``partly supported`` when at least one is;
    ``not supported`` when every coded case is below 2; ``not testable`` when no thesis case is coded.
``any_problem_capped`` (one or more problem types)
    ``partly supported`` when any thesis case is coded 2 or more on any of the categories; ``not supported``
    when none is; ``not testable`` when nothing is coded. Never ``supported``: cases chosen because they
    failed cannot show that failures recur or what causes them.
``judgement``
    the typed verdict of ``claims.csv``, with its reason.

Example
-------
>>> import pandas as pd
>>> m = pd.DataFrame({"goal_loss": pd.array([3, 3, 2], dtype="Int64"), "value": pd.array([1, 3, 2], dtype="Int64")},
...                  index=["a", "b", "c"])
>>> rule_verdict("each_thesis_case_2plus", m[["goal_loss"]]), rule_verdict("each_thesis_case_2plus", m[["value"]])
('supported', 'partly supported')
>>> rule_verdict("any_problem_capped", m)
'partly supported'
"""
from __future__ import annotations

import pandas as pd

VERDICTS = ("supported", "partly supported", "not supported", "not testable")

RULE_TEXT = {
    "each_thesis_case_2plus": "supported when every thesis case is coded 2 or more, partly supported when at least one is, "
                              "not supported when none is",
    "any_problem_capped": "partly supported when any thesis case is coded 2 or more on any of these problem types, not "
                          "supported when none is; never supported, since cases chosen for failing cannot show recurrence or cause",
    "judgement": "no rule over the data decides; the verdict is a reasoned judgement",
}


def verdict_from_strengths(strengths) -> str:
    """The ``each_thesis_case_2plus`` rule for one category: strengths of the thesis cases -> verdict.

    >>> verdict_from_strengths([3, 1, pd.NA])
    'partly supported'
    """
    values = [int(v) for v in strengths if not pd.isna(v)]
    if not values:
        return "not testable"
    if min(values) >= 2:
        return "supported"
    if max(values) >= 2:
        return "partly supported"
    return "not supported"


def rule_verdict(rule: str, strengths: pd.DataFrame) -> str:
    """Apply a computed ``rule`` to a case x category frame of strengths (thesis cases, party all)."""
    if rule == "each_thesis_case_2plus":
        if strengths.shape[1] != 1:
            raise ValueError(f"rule {rule} takes exactly one category, got {list(strengths.columns)}")
        return verdict_from_strengths(strengths.iloc[:, 0])
    if rule == "any_problem_capped":
        values = [int(v) for v in strengths.to_numpy().ravel() if not pd.isna(v)]
        if not values:
            return "not testable"
        return "partly supported" if max(values) >= 2 else "not supported"
    raise ValueError(f"rule {rule!r} is not computed; known rules: {', '.join(RULE_TEXT)}")


def claim_verdicts(claims: pd.DataFrame, codings: dict[str, pd.DataFrame], names: dict[str, str]) -> pd.DataFrame:
    """Every claim with its verdict, whether it was computed, and the coded evidence it was computed from.

    Parameters
    ----------
    claims
        ``claims.csv`` as loaded (``category_ids`` as tuples).
    codings
        Thesis case id -> coding table. Only these cases decide the verdicts.
    names
        Case id -> display name, for the evidence text.

    Returns
    -------
    DataFrame with ``claim_id``, ``part``, ``claim``, ``chapter``, ``rule``, ``verdict``, ``computed`` (bool)
    and ``evidence``: for a computed rule, each thesis case's code with its judgement id, for example
    ``Hefei 3 (HF-C01)``; for ``judgement``, the typed reason.
    """
    rows = []
    lookup = {k: _all_party(coding) for k, coding in codings.items()}
    for rec in claims.itertuples():
        cats = list(rec.category_ids)
        if rec.rule == "judgement":
            verdict, evidence, computed = rec.verdict, rec.reason, False
        else:
            strengths = pd.DataFrame({c: pd.array([lookup[k].get(c, (pd.NA, None))[0] for k in codings], dtype="Int64")
                                      for c in cats}, index=list(codings))
            verdict, computed = rule_verdict(rec.rule, strengths), True
            evidence = "; ".join(_evidence_text(lookup, names, c, len(cats) > 1) for c in cats)
        rows.append({"claim_id": rec.claim_id, "part": rec.part, "claim": rec.claim, "chapter": rec.chapter,
                     "categories": tuple(cats), "rule": rec.rule, "verdict": verdict, "computed": computed,
                     "evidence": evidence, "note": rec.note})
    return pd.DataFrame(rows)


def _all_party(coding: pd.DataFrame) -> dict[str, tuple]:
    """Category id -> (strength, judgement id) of the case-level (party ``all``) judgements of one coding table."""
    rows = coding[coding["party"] == "all"]
    return {c: (s, j) for c, s, j in zip(rows["category_id"], rows["strength"], rows["judgement_id"])}


def _evidence_text(lookup, names, category, label) -> str:
    parts = []
    for case_id, judgements in lookup.items():
        value, jid = judgements.get(category, (pd.NA, None))
        parts.append(f"{names[case_id]} not coded" if pd.isna(value) else f"{names[case_id]} {int(value)} ({jid})")
    text = ", ".join(parts)
    return f"{category.replace('_', ' ')}: {text}" if label else text


def verdict_counts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """How many claims received each verdict, by part of the argument (rows context, problem, cause, strategy)."""
    t = pd.crosstab(verdicts["part"], verdicts["verdict"]).reindex(
        index=["context", "problem", "cause", "strategy"], columns=list(VERDICTS), fill_value=0)
    t.index.name = "part"
    t.columns.name = None
    return t
