"""Load the validated data package as pandas DataFrames with declared dtypes.

The loaders run the same checks as ``python -m analysis validate`` and raise
:class:`~analysis.validate.DataValidationError` with the same messages: nothing is
silently dropped or coerced.

Example
-------
>>> from analysis import load
>>> "hefei-brt-shelter-collapse" in load.list_cases()
True
>>> case = load.load_case("hefei-brt-shelter-collapse")
>>> case.facts.loc[0, "fact_id"]
'HF-01'
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .validate import DataValidationError, Problem, case_dirs, read_descriptor, split_list, validate_package

_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


_PINNED: dict[Path, list] = {}


@contextmanager
def pinned(data_dir: str | Path | None = None):
    """Within the block, read the data folder's fingerprint once and take the folder as unchanged.

    A computation that calls many loaders (one exhibit, one table of findings) would otherwise stat every data file
    at each call. Blocks nest; the fingerprint is read again after the outermost block ends.
    """
    d = paths.data_dir(data_dir)
    entry = _PINNED.setdefault(d, [None, 0])
    entry[1] += 1
    try:
        yield
    finally:
        entry[1] -= 1
        if entry[1] == 0:
            del _PINNED[d]


def _fingerprint(data_dir: Path) -> tuple:
    """Path, modification time and size of every file under the data folder: the key of every cache here."""
    entry = _PINNED.get(data_dir)
    if entry is not None:
        if entry[0] is None:
            entry[0] = _scan(data_dir)
        return entry[0]
    return _scan(data_dir)


def _scan(data_dir: Path) -> tuple:
    out = []
    stack = [str(data_dir)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file():
                    st = e.stat()
                    out.append((e.path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))


#: Environment variable through which a build that has just validated the data tells the notebook kernels so.
PREVALIDATED_ENV = "ANALYSIS_VALIDATED_DATA"


def fingerprint_digest(data_dir: str | Path | None = None) -> str:
    """SHA-256 of :func:`_fingerprint` (path, modification time and size of every data file).

    ``tools/build_book.py`` validates the package, then sets ``ANALYSIS_VALIDATED_DATA`` to this digest for the
    notebooks it executes: a loader that sees the same digest knows the package it is about to read is the one
    just validated, and does not read every table again. This keeps the record of the files each notebook reads
    (which decides what a later build re-executes) down to the tables the notebook really uses.
    """
    d = paths.data_dir(data_dir)
    return hashlib.sha256(repr(_fingerprint(d)).encode()).hexdigest()


@lru_cache(maxsize=8)
def _checked(data_dir: Path, fingerprint: tuple) -> dict:
    digest = hashlib.sha256(repr(fingerprint).encode()).hexdigest()
    if os.environ.get(PREVALIDATED_ENV) != digest:
        problems = validate_package(data_dir)
        if problems:
            raise DataValidationError(problems)
    return read_descriptor(data_dir)


def check(data_dir: str | Path | None = None) -> dict:
    """Validate the package (cached until a file changes) and return its descriptor.

    Raises :class:`DataValidationError` listing every problem when the data is invalid.
    """
    d = paths.data_dir(data_dir)
    return _checked(d, _fingerprint(d))


def _schema(desc: dict, resource: str) -> dict:
    for res in desc["resources"]:
        if res["name"] == resource:
            return res["schema"]
    raise KeyError(f"datapackage.json has no resource named {resource!r}")


def read_table(path: Path, schema: dict) -> pd.DataFrame:
    """Read one CSV with the dtypes its schema declares; list fields become tuples of strings.

    Empty cells are missing values (``pd.NA``); every other cell keeps its text exactly. The file is parsed with
    the ``csv`` module (the tables are small, and this is several times faster than ``pandas.read_csv`` on them);
    the values have been checked against the schema by the validator before any table is read.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    header, body = records[0], records[1:]
    position = {name: i for i, name in enumerate(header)}
    out = {}
    for f in schema["fields"]:
        i = position[f["name"]]
        col = [r[i] if i < len(r) else "" for r in body]
        kind = f.get("type")
        if "x-list-separator" in f:
            out[f["name"]] = pd.Series([tuple(split_list(v)) for v in col], dtype=object)
        elif kind == "boolean":
            out[f["name"]] = pd.array([{"true": True, "false": False}.get(v) for v in col], dtype="boolean")
        elif kind == "integer":
            out[f["name"]] = pd.array([int(v) if v != "" else None for v in col], dtype="Int64")
        elif kind == "number":
            out[f["name"]] = pd.array([float(v) if v != "" else None for v in col], dtype="Float64")
        else:
            out[f["name"]] = pd.array([v if v != "" else None for v in col], dtype="string")
    return pd.DataFrame(out, index=pd.RangeIndex(len(body)))


def _load(resource: str, data_dir: str | Path | None, relpath: str | None = None) -> pd.DataFrame:
    d = paths.data_dir(data_dir)
    desc = check(d)
    res = next(r for r in desc["resources"] if r["name"] == resource)
    return read_table(d / (relpath or res["path"]), res["schema"])


@dataclass
class Case:
    """One case: metadata and its tables."""

    case_id: str
    meta: dict
    facts: pd.DataFrame
    figures: pd.DataFrame
    actors: pd.DataFrame
    relations: pd.DataFrame
    sources: pd.DataFrame
    origins: pd.DataFrame
    open_questions: pd.DataFrame
    measures: pd.DataFrame
    coding: pd.DataFrame
    extra: dict = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        """The id prefix of the case, for example ``HF`` (the validator checks that every id of a case uses it)."""
        return str(self.facts["fact_id"].iloc[0]).split("-")[0] if len(self.facts) else ""

    @property
    def name(self) -> str:
        """The display name of the case, for example ``Hefei`` (``case.csv``, unique across cases)."""
        return str(self.meta["display_name"])

    @property
    def role(self) -> str:
        """``thesis`` for one of the thesis's own cases, ``extension`` for a case this project added."""
        return str(self.meta["role"])

    @property
    def is_coded(self) -> bool:
        """Whether any judgement has been coded yet (an imported case starts uncoded)."""
        return len(self.coding) > 0

    def main(self) -> "Case":
        """The case without rows about alternative candidate incidents (``scope == 'alternative'``)."""
        keep = lambda df: df[df["scope"] == "case"].reset_index(drop=True) if "scope" in df else df
        facts = keep(self.facts)
        ids = set(facts["fact_id"])
        return Case(self.case_id, self.meta, facts, self.figures[self.figures["fact_id"].isin(ids)].reset_index(drop=True),
                    keep(self.actors), keep(self.relations), self.sources, self.origins, self.open_questions, self.measures,
                    self.coding, self.extra)

    @property
    def origins_examined(self) -> bool:
        """Whether every source of the case names its origin (an imported case starts unexamined)."""
        return len(self.sources) > 0 and bool(self.sources["origin_id"].notna().all())


CASE_TABLES = ("case", "facts", "figures", "actors", "relations", "sources", "origins", "open_questions", "measures", "coding")
#: Case tables loaded into ``Case.extra``: the second coding and its adjudication.
EXTRA_TABLES = ("adjudication",)


def list_cases(data_dir: str | Path | None = None, role: str | None = None) -> list[str]:
    """Ids of the cases, discovered from the folders under ``data/cases``: thesis cases first, then extensions.

    Within each role, cases are ordered by the start date of the incident (undated last), then by id.
    ``role`` (``"thesis"`` or ``"extension"``) keeps only the cases of that role.

    >>> list_cases(role="thesis")
    ['xinfeng-lianxi-care-centre', 'hefei-brt-shelter-collapse', 'shijiazhuang-vaccine-incident']
    """
    d = paths.data_dir(data_dir)
    check(d)
    metas = case_metadata(d)
    order = sorted(metas, key=lambda c: (metas[c]["role"] != "thesis", metas[c]["date_start"] or "9999", c))
    return [c for c in order if role is None or metas[c]["role"] == role]


def case_metadata(data_dir: str | Path | None = None) -> dict[str, dict]:
    """Case id -> the one row of its ``case.csv`` as a dict (missing values as ``None``)."""
    d = paths.data_dir(data_dir)
    desc = check(d)
    return _case_metadata(d, _fingerprint(d), json.dumps(_schema(desc, "case")))


@lru_cache(maxsize=8)
def _case_metadata(d: Path, fingerprint: tuple, schema: str) -> dict[str, dict]:
    out = {}
    for folder in case_dirs(d):
        row = read_table(folder / "case.csv", json.loads(schema)).iloc[0]
        out[folder.name] = {k: (None if pd.isna(v) else v) for k, v in row.items()}
    return out


def display_names(data_dir: str | Path | None = None) -> dict[str, str]:
    """Case id -> display name (``case.csv``), in :func:`list_cases` order."""
    metas = case_metadata(data_dir)
    return {c: metas[c]["display_name"] for c in list_cases(data_dir)}


def load_cases(data_dir: str | Path | None = None) -> dict[str, Case]:
    """Every case, loaded once per state of the data folder (validated first), in :func:`list_cases` order.

    The cases are shared between callers until a file under the data folder changes: treat their tables as
    read-only (copy a table before changing it). Cross-case code calls this once instead of loading case by case.
    """
    d = paths.data_dir(data_dir)
    return _cases(d, _fingerprint(d))


@lru_cache(maxsize=4)
def _cases(d: Path, fingerprint: tuple) -> dict[str, Case]:
    desc = _checked(d, fingerprint)
    metas = _case_metadata(d, fingerprint, json.dumps(_schema(desc, "case")))
    order = sorted(metas, key=lambda c: (metas[c]["role"] != "thesis", metas[c]["date_start"] or "9999", c))
    return {c: _case(d, fingerprint, c) for c in order}


@lru_cache(maxsize=512)
def _case(d: Path, fingerprint: tuple, case_id: str) -> Case:
    return _read_case(d, _checked(d, fingerprint), case_id)


def load_case(case_id: str, data_dir: str | Path | None = None) -> Case:
    """Load one case's tables as DataFrames (validated first; shared like :func:`load_cases`).

    Only that case's files are read (after validation), so a chapter about one case depends on that case alone.
    """
    d = paths.data_dir(data_dir)
    if not (d / paths.CASES_SUBDIR / case_id).is_dir():
        folder = d / paths.CASES_SUBDIR / case_id
        raise DataValidationError([Problem(str(folder), 0, "-", f"no case folder named {case_id!r}; known: {', '.join(p.name for p in case_dirs(d))}")])
    return _case(d, _fingerprint(d), case_id)


def _read_case(d: Path, desc: dict, case_id: str) -> Case:
    folder = d / paths.CASES_SUBDIR / case_id
    frames = {name: read_table(folder / f"{name}.csv", _schema(desc, name)) for name in CASE_TABLES}
    meta_row = frames.pop("case").iloc[0]
    meta = {k: (None if pd.isna(v) else v) for k, v in meta_row.items()}
    extra = {name: read_table(folder / f"{name}.csv", _schema(desc, name)) for name in EXTRA_TABLES}
    return Case(case_id=case_id, meta=meta, **frames, extra=extra)


def load_policy_timeline(data_dir=None) -> pd.DataFrame:
    """National and local policy documents (``context/policy_timeline.csv``)."""
    return _load("policy_timeline", data_dir)


def load_statistics(data_dir=None) -> pd.DataFrame:
    """Procurement scale and social organisation counts, long format (``context/statistics.csv``)."""
    return _load("statistics", data_dir)


def load_context_sources(data_dir=None) -> pd.DataFrame:
    """Sources of the policy timeline and the statistics."""
    return _load("context_sources", data_dir)


def load_context_origins(data_dir=None) -> pd.DataFrame:
    """Originals the context sources go back to (``context/origins.csv``)."""
    return _load("context_origins", data_dir)


def load_context_open_questions(data_dir=None) -> pd.DataFrame:
    """Gaps in the policy and statistics data."""
    return _load("context_open_questions", data_dir)


def load_corpus(data_dir=None) -> pd.DataFrame:
    """The coded literature corpus (``literature/corpus.csv``)."""
    return _load("corpus", data_dir)


def load_corpus_codebook(data_dir=None) -> pd.DataFrame:
    """Allowed schools and themes of the corpus, with definitions."""
    return _load("corpus_codebook", data_dir)


def load_categories(data_dir=None) -> pd.DataFrame:
    """Codebook categories: problem types, cause dimensions, strategies, Bozeman criteria."""
    return _load("categories", data_dir)


def load_scale(data_dir=None) -> pd.DataFrame:
    """The 0-3 strength scale with anchors."""
    return _load("scale", data_dir)


def load_claims(data_dir=None) -> pd.DataFrame:
    """The thesis's claims with the chapter, evidence and verdict."""
    return _load("claims", data_dir)


def load_descriptor(data_dir=None) -> dict:
    """The validated ``datapackage.json`` descriptor."""
    return check(data_dir)
