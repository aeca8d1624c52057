"""Id formats of the data package, read from one place: the field patterns of ``datapackage.json``.

The Sphinx linker, the citation checks and the book all find ids in text with :func:`id_regex` and
classify them with :func:`kind_of`, so an id such as ``HF-100`` or a three-letter prefix such as
``ABC-01`` works everywhere as soon as the data package allows it.

Example
-------
>>> kind_of("HF-C04"), kind_of("SJ-ALT-03"), kind_of("P20"), kind_of("T026"), kind_of("ABC-100"), kind_of("HF-S12")
('judgement', 'fact', 'policy', 'statistic', 'fact', 'source')
>>> find_ids("as HF-05 and (HF-C14) show, unlike ISO-8601 or COVID-19", prefixes={"HF", "XF"})
['HF-05', 'HF-C14']
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import paths
from .validate import read_descriptor

#: kind of id -> (resource, field) whose pattern defines it; the order is the order of classification.
ID_FIELDS = {
    "judgement": ("coding", "judgement_id"),
    "measure": ("measures", "measure_id"),
    "question": ("open_questions", "question_id"),
    "relation": ("relations", "relation_id"),
    "source": ("sources", "source_id"),
    "fact": ("facts", "fact_id"),
    "policy": ("policy_timeline", "policy_id"),
    "statistic": ("statistics", "stat_id"),
}


@lru_cache(maxsize=4)
def patterns(data_dir=None) -> dict[str, str]:
    """Kind of id -> the regular expression of its field in ``datapackage.json`` (without anchors)."""
    desc = read_descriptor(paths.data_dir(data_dir))
    fields = {(r["name"], f["name"]): f for r in desc["resources"] for f in r.get("schema", {}).get("fields", [])}
    out = {}
    for kind, key in ID_FIELDS.items():
        pattern = fields[key]["constraints"]["pattern"]
        out[kind] = pattern.removeprefix("^").removesuffix("$")
    return out


def kind_of(item_id: str, data_dir=None) -> str | None:
    """The kind of an id (``fact``, ``judgement``, ``measure``, ``question``, ``relation``, ``policy``,
    ``statistic``), or ``None`` when it matches no pattern."""
    for kind, pattern in patterns(data_dir).items():
        if re.fullmatch(pattern, item_id):
            return kind
    return None


@lru_cache(maxsize=4)
def id_regex(data_dir=None) -> re.Pattern:
    """One regular expression that finds every kind of id in running text (not inside longer words)."""
    body = "|".join(f"(?:{p})" for p in patterns(data_dir).values())
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def find_ids(text: str, prefixes: set[str] | None = None, data_dir=None) -> list[str]:
    """Every id in ``text``, in order. With ``prefixes``, case-level ids count only when their prefix is the
    prefix of a known case, so that ``COVID-19`` is not taken for a fact id."""
    found = []
    for m in id_regex(data_dir).finditer(text):
        prefix = case_prefix(m.group(0))
        if prefixes is None or prefix is None or prefix in prefixes:
            found.append(m.group(0))
    return found


def case_prefix(item_id: str) -> str | None:
    """The case prefix of a case-level id (``HF`` for ``HF-C04``), or ``None`` for policies and statistics."""
    kind = kind_of(item_id)
    return item_id.split("-")[0] if kind not in (None, "policy", "statistic") else None


def anchor_for(item_id: str) -> str:
    """HTML anchor of an id's table row: ``HF-05`` -> ``fact-hf-05``, ``HF-C14`` -> ``judgement-hf-c14``,
    ``P04`` -> ``policy-p04``, ``T026`` -> ``statistic-t026``, ``HF-S12`` -> ``source-hf-s12``."""
    return f"{kind_of(item_id)}-{item_id.lower()}"
