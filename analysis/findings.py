"""Statements the book makes about the data: computed values and registered findings.

Two kinds of sentence in the book depend on the data.

**Values** (numbers, counts, lists of cases, coded strengths, verdicts) are never typed. The prose writes
``{datum}`key``` and the Sphinx extension puts in the value computed when the book is built (:func:`quantity`).

**Findings** are interpretive sentences that assert something checkable about the data, such as "loss of the
purchasing goal is coded 3 in every thesis case". Each is registered here with an id, the chapter that states it,
the statement in words and a predicate over the data. In the prose, the paragraph that states it is wrapped in a
``{finding}`` directive with the same id. When a predicate fails, ``make findings`` lists the finding with the
values that broke it and exits 1, ``make test`` fails naming it, and ``make book`` still publishes, marking the
paragraph as stale.

Example
-------
>>> quantity("n-cases:thesis"), quantity("cases:thesis")
('three', 'Xinfeng, Hefei and Shijiazhuang')
>>> quantity("strength:HF-C04"), quantity("verdict:C07")
('1', 'supported')
>>> bool(evaluate().set_index("finding_id").loc["goal-loss-everywhere", "holds"])
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import pandas as pd

from . import coding, load, network

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """A count in words up to ten, in digits above: ``3`` -> ``three``, ``12`` -> ``12``."""
    return WORDS[n] if 0 <= n < len(WORDS) else str(n)


def join_names(names) -> str:
    """``['A', 'B', 'C']`` -> ``'A, B and C'``; an empty list gives ``'none'``."""
    names = list(names)
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Data:
    """The data a finding or a value is computed from, loaded once (thesis and extension cases, matrices, networks)."""

    def __init__(self, data_dir=None):
        self.data_dir = data_dir

    @cached_property
    def cases(self) -> dict[str, load.Case]:
        return dict(load.load_cases(self.data_dir))

    def ids(self, role: str | None = None) -> list[str]:
        return [c for c, k in self.cases.items() if role in (None, "all") or k.role == role]

    def names(self, role: str | None = None) -> list[str]:
        return [self.cases[c].name for c in self.ids(role)]

    @cached_property
    def categories(self) -> pd.DataFrame:
        return load.load_categories(self.data_dir)

    def matrix(self, kind, role: str | None = "thesis", party: str = "all") -> pd.DataFrame:
        """Case x category strengths, rows named by display name (thesis cases by default)."""
        kinds = [kind] if isinstance(kind, str) else list(kind)
        ids = [i for k in kinds for i in coding.category_ids(self.categories, k)]
        codings = {self.cases[c].name: self.cases[c].coding for c in self.ids(role)}
        return coding.coding_matrix(codings, ids, party=party)

    def network(self, case_id: str):
        return network.actor_network(self.cases[case_id])

    @cached_property
    def verdicts(self) -> pd.DataFrame:
        from . import book
        return book.claim_verdicts(self.data_dir).set_index("claim_id")

    def judgement(self, judgement_id: str) -> pd.Series:
        for case in self.cases.values():
            row = case.coding[case.coding["judgement_id"] == judgement_id]
            if len(row):
                return row.iloc[0]
        raise KeyError(f"no judgement {judgement_id}")


# ---------------------------------------------------------------- values

QUANTITIES: dict[str, Callable] = {}


def value(key: str):
    """Register a value family; the function takes (data, argument or None) and returns text."""
    def register(fn):
        QUANTITIES[key] = fn
        return fn
    return register


def quantity(key: str, data: Data | None = None) -> str:
    """The text of a value for the prose: ``family`` or ``family:argument``, for example ``strength:HF-C04``."""
    family, _, arg = key.partition(":")
    if family not in QUANTITIES:
        raise KeyError(f"no value family {family!r}; known: {', '.join(sorted(QUANTITIES))}")
    return str(QUANTITIES[family](data or _default_data(), arg or None))


_DEFAULT: dict = {}


def _default_data() -> Data:
    """One :class:`Data` per state of ``data/`` (reloaded when a file changes)."""
    from .load import _fingerprint, paths
    key = _fingerprint(paths.data_dir(None))
    if key not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[key] = Data()
    return _DEFAULT[key]


@value("cases")
def _cases(d: Data, role):
    return join_names(d.names(role))


@value("n-cases")
def _n_cases(d: Data, role):
    return number_word(len(d.ids(role)))


@value("strength")
def _strength(d: Data, judgement_id):
    return str(int(d.judgement(judgement_id)["strength"]))


@value("verdict")
def _verdict(d: Data, claim_id):
    return d.verdicts.loc[claim_id, "verdict"]


@value("n-claims")
def _n_claims(d: Data, verdict):
    v = d.verdicts
    if verdict == "computed":
        return number_word(int(v["computed"].sum()))
    return number_word(len(v) if verdict is None else int((v["verdict"] == verdict).sum()))


@value("n-rows")
def _n_rows(d: Data, table):
    """Rows of a table over every case (facts, sources, actors, relations, coding) or of a context table."""
    if table in ("facts", "sources", "actors", "relations", "coding", "measures", "open_questions"):
        return str(sum(len(getattr(c, table)) for c in d.cases.values()))
    loaders = {"policies": load.load_policy_timeline, "statistics": load.load_statistics, "works": load.load_corpus}
    return str(len(loaders[table](d.data_dir)))


@value("n-problem-verdicts")
def _n_problem_verdicts(d: Data, verdict):
    """Computed verdicts on problem and cause claims tied to one category, with the given verdict."""
    v = d.verdicts
    v = v[v["rule"] == "each_thesis_case_2plus"]
    return number_word(len(v) if verdict is None else int((v["verdict"] == verdict).sum()))


@value("verdict-categories")
def _verdict_categories(d: Data, verdict):
    """Labels of the categories whose computed claim has this verdict, for example the supported ones."""
    v = d.verdicts
    v = v[(v["rule"] == "each_thesis_case_2plus") & (v["verdict"] == verdict)]
    labels = d.categories.set_index("category_id")["label_en"]
    return join_names([labels[c[0]].split(":")[0].lower() for c in v["categories"]])


@value("coded")
def _coded(d: Data, arg):
    """``coded:CATEGORY@NAME`` -> the strength of a category (party all) in the case with that display name."""
    category, _, name = arg.partition("@")
    m = d.matrix(coding_kind(d, category), role=None)
    v = m.loc[name, category]
    return "not coded" if pd.isna(v) else str(int(v))


def coding_kind(d: Data, category: str) -> str:
    return d.categories.set_index("category_id").loc[category, "kind"]


@value("stat")
def _stat(d: Data, stat_id):
    from .book import format_statistic
    rec = load.load_statistics(d.data_dir).set_index("stat_id").loc[stat_id]
    return format_statistic(float(rec["value"]), str(rec["unit"]))


@value("cited")
def _cited(d: Data, arg):
    """``cited:HF-C14:single-source`` -> the facts a judgement cites that have that grade, as a list in words."""
    jid, _, grade = arg.partition(":")
    j = d.judgement(jid)
    case = next(c for c in d.cases.values() if jid in set(c.coding["judgement_id"]))
    conf = case.facts.set_index("fact_id")["confidence"]
    return join_names([f for f in j["fact_ids"] if conf.get(f) == grade])


@value("statv")
def _statv(d: Data, stat_id):
    """A statistic as the sources report it: ``16381.1 亿元``, ``49.9 万``, ``9.4 per cent`` or a plain count."""
    rec = load.load_statistics(d.data_dir).set_index("stat_id").loc[stat_id]
    v = float(rec["value"])
    text = f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    suffix = {"100m_cny": " 亿元", "10k_orgs": " 万", "percent": " per cent"}.get(str(rec["unit"]), "")
    return text + suffix


@value("share-single-source")
def _share_single(d: Data, name):
    """Share of a case's facts (scope case) that are single-source, as a rounded per cent."""
    case = next(c for c in d.cases.values() if c.name == name).main()
    return f"{round(100 * (case.facts['confidence'] == 'single-source').mean())} per cent"


# ---------------------------------------------------------------- findings

@dataclass(frozen=True)
class Finding:
    """A registered finding: id, chapter, statement and predicate (returns ``(holds, values)``)."""

    finding_id: str
    chapter: str
    statement: str
    check: Callable


REGISTRY: dict[str, Finding] = {}


def finding(finding_id: str, chapter: str, statement: str):
    """Register a predicate as a finding stated in ``chapter`` (the docname without ``book/``)."""
    def register(fn):
        if finding_id in REGISTRY:
            raise ValueError(f"finding {finding_id} registered twice")
        REGISTRY[finding_id] = Finding(finding_id, chapter, statement, fn)
        return fn
    return register


def evaluate(data_dir=None) -> pd.DataFrame:
    """Check every registered finding: one row per finding with ``holds`` and the ``values`` it looked at."""
    d = Data(data_dir) if data_dir is not None else _default_data()
    rows = []
    for f in REGISTRY.values():
        holds, values = f.check(d)
        rows.append({"finding_id": f.finding_id, "chapter": f.chapter, "statement": f.statement,
                     "holds": bool(holds), "values": values})
    return pd.DataFrame(rows, columns=["finding_id", "chapter", "statement", "holds", "values"])


def format_values(values) -> str:
    """Values of a finding as ``key = value; ...`` for messages."""
    if isinstance(values, dict):
        return "; ".join(f"{k} = {_fmt(v)}" for k, v in values.items())
    return _fmt(values)


def _fmt(v) -> str:
    if isinstance(v, pd.Series):
        return ", ".join(f"{k} {_fmt(x)}" for k, x in v.items())
    if isinstance(v, dict):
        return ", ".join(f"{k} {_fmt(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple, set)):
        return ", ".join(map(_fmt, v)) or "none"
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "not coded"
    return str(v)


def _col(d: Data, category: str, role="thesis", party="all") -> pd.Series:
    return d.matrix(coding_kind(d, category), role=role, party=party)[category]


# Findings are registered in analysis.findings_book, grouped by chapter; importing it fills the registry.
from . import findings_book  # noqa: E402,F401
