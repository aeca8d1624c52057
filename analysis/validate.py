"""Validate the data package against ``datapackage.json`` and the cross-table rules.

Every problem is collected and reported at once, as ``file:row:column: message``.
Rows are counted as in a spreadsheet: the header is row 1, the first record row 2.

Example
-------
>>> from analysis.validate import validate_package
>>> problems = validate_package()          # the project's data/
>>> problems
[]
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:|\bon[a-z]+\s*=\s*[\"']", re.IGNORECASE)
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TRUE_FALSE = {"true": True, "false": False}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located by file, row and column, with the stable code of the rule it breaks.

    >>> str(Problem("data/x.csv", 3, "date", "'2018-02-30' is not a real date", "date"))
    "data/x.csv:3:date: '2018-02-30' is not a real date [date]"
    """

    file: str
    row: int
    column: str
    message: str
    code: str = "schema"

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message} [{self.code}]"


#: Every rule the validator applies: stable code -> what it requires. Tests assert codes, not wording.
RULES: dict[str, str] = {
    # reading and the schema of datapackage.json
    "file": "Every file a resource lists exists, is UTF-8 without a byte-order mark, is well-formed CSV and has a header row.",
    "row": "Every row has as many cells as the header and is not blank.",
    "columns": "A table has exactly the columns that datapackage.json declares, each once.",
    "required": "A required field is not empty.",
    "whitespace": "A value has no leading or trailing whitespace.",
    "type": "A value has its field's type (integer, number, boolean true/false).",
    "range": "A number lies within its field's minimum and maximum.",
    "enum": "A value is one of its field's allowed values.",
    "pattern": "A value (an id, for example) matches its field's pattern in datapackage.json.",
    "date": "A date is a real ISO date of year, month or day precision (YYYY, YYYY-MM, YYYY-MM-DD).",
    "list": "A list cell separates items by ';' with no empty, malformed or repeated items.",
    "markup": "Free text is plain text: no HTML tags, script or event handlers.",
    "primary-key": "Primary keys are unique within their table.",
    "foreign-key": "Every id a cell refers to exists in the table it points to (in the same case for case tables).",
    "datapackage-paths": "The case resources of datapackage.json list exactly the case folders (run `python -m analysis datapackage`).",
    # cases
    "case-row": "case.csv has exactly one row and its case_id equals the folder name.",
    "display-name": "Display names of cases are unique.",
    "date-order": "A case's date_end is not before its date_start (partial dates compared as ranges).",
    "table-empty": "Every case has at least one fact and one source; a thesis case also at least one actor, relation and coded judgement.",
    "thesis-complete": "A thesis case sets place, start date, purchaser, provider and arrangement, a sector for every actor, a phase for every relation, a repost flag for every source, a unit for every figure, and codes every problem type and cause dimension for party all.",
    "id-prefix": "All ids of a case share its fact-id prefix (HF- for HF-05), and no two cases share a prefix.",
    "evidence": "Actors and relations cite at least one fact; a measure cites a fact or a policy.",
    "self-relation": "A relation joins two different actors.",
    # grading and coding
    "grade-sources": "A fact graded confirmed cites at least two sources.",
    "grade-origins": "Where a case's sources have been examined, a fact's grade agrees with its distinct origins: confirmed needs two or more; single-source with two or more origins needs a note saying why the fact rests on one original all the same (disputed stays a judgement).",
    "origins-examined": "A case's sources are examined all together: either every source names its origin and basis, or none does yet.",
    "disputed-note": "A fact graded disputed has a note saying how the sources disagree.",
    "coding-facts": "A judgement with strength above 0 cites at least one fact; nothing is coded without facts.",
    "scale-evidence": "The scale's evidence rule (codebook/scale.csv): once a case's origins are examined, a 2 needs the cited facts to go back to two or more independent origins or to an official record, and a 3 needs both; before that, a 2 needs one confirmed fact and a 3 two.",
    "adjudication": "Where a case was coded twice, every judgement of coding.csv has one adjudication row (coding.csv stays the coding in force, so that a reader can challenge it).",
    "coding-unique": "A case codes each (category, party) at most once.",
    "coding-scope": "Judgements cite facts about the case itself, not about alternative candidate incidents.",
    "coding-category": "Judgements code problems, dimensions or Bozeman criteria, never strategies; measures name a strategy or none.",
    "strategy-answers": "A strategy of the codebook answers a cause dimension.",
    # claims
    "claims-rule": "A claim with a computed rule rests on categories the rule can use and has no typed verdict; a claim judged by hand has a verdict and a reason.",
    "claims-statistic": "A statistic reference such as {T026} in a claim's reason names a row of context/statistics.csv.",
    # literature and text
    "bibliography": "Corpus keys, category references and references.bib agree, with no duplicate BibTeX keys.",
    "corpus-vocabulary": "Schools and themes of the corpus come from corpus_codebook.csv.",
    "latin": "Data text uses no Latin abbreviations (for example, that is, and others instead of e.g., i.e., etc.).",
}


class DataValidationError(ValueError):
    """Raised by the loaders when the data package is invalid; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in the data package:"
        super().__init__("\n".join([head, *map(str, self.problems)]))


# ---------------------------------------------------------------- descriptor

def read_descriptor(data_dir: Path) -> dict:
    """Read ``datapackage.json`` of ``data_dir``."""
    path = data_dir / paths.DATAPACKAGE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataValidationError([Problem(str(path), 0, "-", "datapackage.json is missing")]) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataValidationError([Problem(str(path), 0, "-", f"datapackage.json is not valid UTF-8 JSON: {exc}")]) from exc


def case_dirs(data_dir: Path) -> list[Path]:
    """The case folders under ``data_dir/cases``, sorted by name (discovered, never listed)."""
    root = data_dir / paths.CASES_SUBDIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def case_resource_paths(data_dir: Path, resource_name: str) -> list[str]:
    """Relative paths a case resource should list: one per discovered case folder."""
    return [f"{paths.CASES_SUBDIR}/{d.name}/{resource_name}.csv" for d in case_dirs(data_dir)]


def sync_datapackage(data_dir: Path | None = None) -> bool:
    """Rewrite the ``path`` lists of the case resources from the case folders.

    Returns True when the file changed. Run it (``python -m analysis datapackage``) after adding a case.
    """
    data_dir = paths.data_dir(data_dir)
    desc = read_descriptor(data_dir)
    changed = False
    for res in desc["resources"]:
        if res.get("x-case-table"):
            want = case_resource_paths(data_dir, res["name"])
            if res.get("path") != want:
                res["path"] = want
                changed = True
    if changed:
        text = json.dumps(desc, ensure_ascii=False, indent=2) + "\n"
        (data_dir / paths.DATAPACKAGE).write_text(text, encoding="utf-8")
    return changed


# ---------------------------------------------------------------- reading

@dataclass
class Table:
    """A parsed CSV file: header and records (dicts of raw strings), with row numbers."""

    file: str
    resource: str
    case: str | None
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _read_csv(path: Path, shown: str, problems: list[Problem]) -> tuple[list[str], list[tuple[int, dict[str, str]]]] | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(shown, 0, "-", "file is missing", "file"))
        return None
    if not raw.strip():
        problems.append(Problem(shown, 1, "-", "file is empty (a header row is required)", "file"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "-", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", "file"))
        return None
    if text.startswith("\ufeff"):
        problems.append(Problem(shown, 1, "-", "file starts with a byte-order mark; save as UTF-8 without BOM", "file"))
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num, "-", f"malformed CSV: {exc}", "file"))
        return None
    header, body = records[0], records[1:]
    rows = []
    for i, rec in enumerate(body, start=2):
        if not any(cell.strip() for cell in rec):
            problems.append(Problem(shown, i, "-", "blank row", "row"))
            continue
        if len(rec) != len(header):
            problems.append(Problem(shown, i, "-", f"has {len(rec)} cells but the header has {len(header)}", "row"))
            continue
        rows.append((i, dict(zip(header, rec))))
    return header, rows


# ---------------------------------------------------------------- field checks

def split_list(value: str) -> list[str]:
    """Split a ``;``-separated list cell; an empty cell is an empty list."""
    return [] if value == "" else value.split(";")


def check_partial_date(value: str) -> str | None:
    """Return an error message when ``value`` is not a real ISO date of year, month or day precision."""
    m = PARTIAL_DATE.match(value)
    if not m:
        return f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return f"'{value}' is not a real date"
    if not 1900 <= int(year) <= 2100:
        return f"'{value}' has an implausible year"
    return None


def check_field(field: dict, value: str) -> list[tuple[str, str]]:
    """Check one cell against its field descriptor; return ``(rule code, message)`` pairs.

    >>> check_field({"name": "strength", "type": "integer", "constraints": {"maximum": 3}}, "4")
    [('range', '4 is above the maximum 3')]
    """
    cons = field.get("constraints", {})
    errors: list[tuple[str, str]] = []
    if value == "":
        if cons.get("required"):
            errors.append(("required", "required value is empty"))
        return errors
    if value != value.strip():
        errors.append(("whitespace", "value has leading or trailing whitespace"))
    ftype = field.get("type", "string")
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return [("type", f"'{value}' is not an integer")]
        num = int(value)
    elif ftype == "number":
        try:
            num = float(value)
        except ValueError:
            return [("type", f"'{value}' is not a number")]
        if num != num or num in (float("inf"), float("-inf")):
            return [("type", f"'{value}' is not a finite number")]
    elif ftype == "boolean":
        if value not in TRUE_FALSE:
            return [("type", f"'{value}' is not a boolean (true or false)")]
        num = None
    else:
        num = None
    if num is not None:
        if "minimum" in cons and num < cons["minimum"]:
            errors.append(("range", f"{value} is below the minimum {cons['minimum']}"))
        if "maximum" in cons and num > cons["maximum"]:
            errors.append(("range", f"{value} is above the maximum {cons['maximum']}"))
    if "enum" in cons and value not in cons["enum"]:
        errors.append(("enum", f"'{value}' is not one of the allowed values: {', '.join(map(str, cons['enum']))}"))
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        errors.append(("pattern", f"'{value}' does not match the pattern {cons['pattern']}"))
    if field.get("x-partial-date"):
        msg = check_partial_date(value)
        if msg:
            errors.append(("date", msg))
    if "x-list-separator" in field:
        items = split_list(value)
        if any(item == "" for item in items):
            errors.append(("list", f"'{value}' has an empty item (use ';' between ids, no spaces)"))
        pat = field.get("x-item-pattern")
        bad = [item for item in items if item and pat and not re.fullmatch(pat, item)]
        if bad:
            errors.append(("list", f"list item(s) {', '.join(repr(b) for b in bad)} do not match {pat}"))
        if len(set(items)) != len(items):
            errors.append(("list", f"'{value}' repeats an item"))
    if ftype == "string" and field.get("format") != "uri" and MARKUP.search(value):
        errors.append(("markup", "contains markup or script text; free text must be plain text"))
    return errors


def date_range(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial ISO date can mean (``None`` when it is not a valid date).

    >>> date_range("2018-02")
    (datetime.date(2018, 2, 1), datetime.date(2018, 2, 28))
    """
    if not value or check_partial_date(value):
        return None
    year, month, day = PARTIAL_DATE.match(value).groups()
    y = int(year)
    if day:
        d = dt.date(y, int(month), int(day))
        return d, d
    if month:
        m = int(month)
        first = dt.date(y, m, 1)
        last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        return first, last
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


# ---------------------------------------------------------------- package

def _resource_files(data_dir: Path, res: dict, problems: list[Problem]) -> list[tuple[str | None, Path]]:
    """(case name or None, path) for every part of a resource."""
    if res.get("x-case-table"):
        listed = res.get("path") or []
        want = case_resource_paths(data_dir, res["name"])
        dp = str(data_dir / paths.DATAPACKAGE)
        for p in sorted(set(want) - set(listed)):
            problems.append(Problem(dp, 0, res["name"], f"resource does not list {p}; run `python -m analysis datapackage`", "datapackage-paths"))
        for p in sorted(set(listed) - set(want)):
            problems.append(Problem(dp, 0, res["name"], f"resource lists {p} but there is no such case folder", "datapackage-paths"))
        return [(Path(p).parent.name, data_dir / p) for p in want]
    path = res.get("path")
    return [(None, data_dir / path)]


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def read_package(data_dir: Path | None = None) -> tuple[dict, dict[str, list[Table]], list[Problem]]:
    """Read every CSV resource and check each cell; return (descriptor, tables by resource, problems)."""
    data_dir = paths.data_dir(data_dir)
    problems: list[Problem] = []
    desc = read_descriptor(data_dir)
    if not (data_dir / paths.CASES_SUBDIR).is_dir() or not case_dirs(data_dir):
        problems.append(Problem(_display(data_dir / paths.CASES_SUBDIR), 0, "-", "no case folders found", "file"))
    tables: dict[str, list[Table]] = {}
    for res in desc.get("resources", []):
        if res.get("format") != "csv":
            for _, p in _resource_files(data_dir, res, problems):
                if not p.is_file():
                    problems.append(Problem(_display(p), 0, "-", "file is missing", "file"))
            continue
        schema = res["schema"]
        fields = {f["name"]: f for f in schema["fields"]}
        names = [f["name"] for f in schema["fields"]]
        for case, path in _resource_files(data_dir, res, problems):
            shown = _display(path)
            parsed = _read_csv(path, shown, problems)
            if parsed is None:
                continue
            header, rows = parsed
            for col in names:
                if col not in header:
                    problems.append(Problem(shown, 1, col, "required column is missing", "columns"))
            for col in header:
                if col not in fields:
                    problems.append(Problem(shown, 1, col, "unexpected column (not in datapackage.json)", "columns"))
            if len(set(header)) != len(header):
                problems.append(Problem(shown, 1, "-", "duplicate column names in header", "columns"))
            for rownum, rec in rows:
                for col in names:
                    if col in rec:
                        for code, msg in check_field(fields[col], rec[col]):
                            problems.append(Problem(shown, rownum, col, msg, code))
            pk = schema.get("primaryKey", [])
            seen: dict[tuple, int] = {}
            for rownum, rec in rows:
                if not all(k in rec for k in pk):
                    continue
                key = tuple(rec[k] for k in pk)
                if key in seen:
                    problems.append(Problem(shown, rownum, ",".join(pk), f"duplicate key {'/'.join(key)} (first at row {seen[key]})", "primary-key"))
                else:
                    seen[key] = rownum
            tables.setdefault(res["name"], []).append(Table(shown, res["name"], case, header, rows))
    return desc, tables, problems


def _foreign_keys(desc: dict, tables: dict[str, list[Table]], problems: list[Problem]) -> None:
    for res in desc.get("resources", []):
        schema = res.get("schema", {})
        for fk in [*schema.get("foreignKeys", []), *schema.get("x-list-foreign-keys", [])]:
            (col,) = fk["fields"]
            ref_res = fk["reference"]["resource"]
            (ref_col,) = fk["reference"]["fields"]
            field = next(f for f in res["schema"]["fields"] if f["name"] == col)
            for table in tables.get(res["name"], []):
                if fk.get("x-scope") == "case":
                    refs = [t for t in tables.get(ref_res, []) if t.case == table.case]
                else:
                    refs = tables.get(ref_res, [])
                known = {rec.get(ref_col) for t in refs for _, rec in t.rows}
                where = f"{ref_res}" + (f" of case {table.case}" if fk.get("x-scope") == "case" else "")
                for rownum, rec in table.rows:
                    value = rec.get(col, "")
                    items = split_list(value) if "x-list-separator" in field else ([value] if value else [])
                    for item in items:
                        if item and item not in known:
                            problems.append(Problem(table.file, rownum, col, f"'{item}' is not a known {ref_col} in {where}", "foreign-key"))


def _rows(tables: dict[str, list[Table]], name: str):
    for t in tables.get(name, []):
        for rownum, rec in t.rows:
            yield t, rownum, rec


LATIN = re.compile(r"(?<![A-Za-z])(e\.g\.|i\.e\.|etc\.|incl\.|viz\.|cf\.)", re.IGNORECASE)
STAT_PLACEHOLDER = re.compile(r"\{(T[0-9]+)\}")


@dataclass
class Package:
    """What the cross-table rules read: the descriptor, the parsed tables and the data directory."""

    desc: dict
    tables: dict[str, list[Table]]
    data_dir: Path

    def rows(self, name: str):
        """(table, row number, record) for every record of a resource, over all its parts."""
        return _rows(self.tables, name)

    def case_rows(self, name: str, case: str):
        """(table, row number, record) for every record of one case's table (reads that case's table only)."""
        return [(t, n, r) for t in self.tables.get(name, []) if t.case == case for n, r in t.rows]

    def case_meta(self) -> dict[str, dict]:
        """Case folder name -> its case.csv record (first row)."""
        return {t.case: t.rows[0][1] for t in self.tables.get("case", []) if t.rows}

    def thesis_cases(self) -> set[str]:
        return {c for c, rec in self.case_meta().items() if rec.get("role") == "thesis"}

    def categories(self) -> dict[str, dict]:
        return {rec["category_id"]: rec for _, _, rec in self.rows("categories") if rec.get("category_id")}


CHECKS: list = []


def check(code: str):
    """Register a cross-table rule; the decorated function yields :class:`Problem` objects (code filled in)."""
    if code not in RULES:
        raise KeyError(f"rule code {code!r} is not documented in RULES")

    def register(fn):
        def run(pkg: Package):
            for p in fn(pkg):
                yield Problem(p.file, p.row, p.column, p.message, code)
        run.code, run.__doc__, run.__name__ = code, fn.__doc__, fn.__name__
        CHECKS.append(run)
        return fn
    return register


def _p(file, row, column, message) -> Problem:
    return Problem(file, row, column, message)


@check("case-row")
def _case_row(pkg):
    """case.csv: one row whose id is the folder name."""
    for t in pkg.tables.get("case", []):
        if len(t.rows) != 1:
            yield _p(t.file, 2, "-", f"case.csv must have exactly one row, found {len(t.rows)}")
    for t, rownum, rec in pkg.rows("case"):
        if rec.get("case_id") and rec["case_id"] != t.case:
            yield _p(t.file, rownum, "case_id", f"'{rec['case_id']}' differs from the folder name '{t.case}'")


@check("display-name")
def _display_names(pkg):
    seen: dict[str, str] = {}
    for t, rownum, rec in pkg.rows("case"):
        name = rec.get("display_name", "").strip().lower()
        if name and name in seen:
            yield _p(t.file, rownum, "display_name", f"'{rec['display_name']}' is already the display name of {seen[name]}")
        elif name:
            seen[name] = t.case


@check("date-order")
def _date_order(pkg):
    for t, rownum, rec in pkg.rows("case"):
        start, end = date_range(rec.get("date_start", "")), date_range(rec.get("date_end", ""))
        if start and end and end[1] < start[0]:
            yield _p(t.file, rownum, "date_end", f"{rec['date_end']} is before date_start {rec['date_start']}")


@check("table-empty")
def _tables_not_empty(pkg):
    thesis = pkg.thesis_cases()
    for name, what, always in (("facts", "fact", True), ("sources", "source", True), ("actors", "actor", False),
                               ("relations", "relation", False), ("coding", "coded judgement", False)):
        for t in pkg.tables.get(name, []):
            if not t.rows and (always or t.case in thesis):
                scope = "a case" if always else "a thesis case"
                yield _p(t.file, 1, "-", f"no rows: {scope} needs at least one {what}")


@check("thesis-complete")
def _thesis_complete(pkg):
    thesis = pkg.thesis_cases()
    for t, rownum, rec in pkg.rows("case"):
        if t.case in thesis:
            for col in ("place_en", "place_zh", "date_start", "purchaser_actor_ids", "provider_actor_ids", "purchase_arrangement"):
                if col in rec and rec[col] == "":
                    yield _p(t.file, rownum, col, "empty, but a thesis case must set it")
    for name, col, what in (("actors", "sector", "a sector"), ("relations", "phase", "a phase"),
                            ("sources", "is_repost", "a repost flag"), ("figures", "unit", "a unit")):
        for t, rownum, rec in pkg.rows(name):
            if t.case in thesis and rec.get(col, None) == "":
                yield _p(t.file, rownum, col, f"empty, but every row of a thesis case needs {what}")
    cats = pkg.categories()
    needed = [c for c, rec in cats.items() if rec.get("kind") in ("problem", "dimension")]
    for t in pkg.tables.get("coding", []):
        if t.case in thesis and t.rows:
            coded = {rec.get("category_id") for _, rec in t.rows if rec.get("party") == "all"}
            missing = [c for c in needed if c not in coded]
            if missing:
                yield _p(t.file, 1, "category_id", f"a thesis case is coded on every problem type and cause dimension for party all; missing: {', '.join(missing)}")


def _prefix(item_id: str) -> str:
    return item_id.split("-")[0]


@check("id-prefix")
def _id_prefix(pkg):
    owner: dict[str, str] = {}
    for t in pkg.tables.get("facts", []):
        prefixes = sorted({_prefix(rec["fact_id"]) for _, rec in t.rows if rec.get("fact_id")})
        if len(prefixes) > 1:
            counts = {p: sum(_prefix(r.get("fact_id", "")) == p for _, r in t.rows) for p in prefixes}
            main = max(prefixes, key=lambda p: counts[p])
            for rownum, rec in t.rows:
                if rec.get("fact_id") and _prefix(rec["fact_id"]) != main:
                    yield _p(t.file, rownum, "fact_id", f"'{rec['fact_id']}' does not use the case's prefix {main}-")
        if prefixes:
            main = max(prefixes, key=lambda p: sum(_prefix(r.get("fact_id", "")) == p for _, r in t.rows))
            if main in owner:
                yield _p(t.file, 2, "fact_id", f"prefix {main}- is already used by case {owner[main]}")
            else:
                owner[main] = t.case
    prefix_of = {case: p for p, case in owner.items()}
    for name, col in (("coding", "judgement_id"), ("relations", "relation_id"), ("measures", "measure_id"),
                      ("open_questions", "question_id"), ("sources", "source_id"), ("origins", "origin_id")):
        for t, rownum, rec in pkg.rows(name):
            want = prefix_of.get(t.case)
            if want and rec.get(col) and _prefix(rec[col]) != want:
                yield _p(t.file, rownum, col, f"'{rec[col]}' does not use the case's prefix {want}-")


@check("evidence")
def _evidence(pkg):
    for name in ("actors", "relations"):
        for t, rownum, rec in pkg.rows(name):
            if rec.get("fact_ids", None) == "":
                yield _p(t.file, rownum, "fact_ids", f"{name[:-1]} cites no fact")
    for t, rownum, rec in pkg.rows("measures"):
        if rec.get("fact_ids", None) == "" and rec.get("policy_ids", None) == "":
            yield _p(t.file, rownum, "fact_ids", "measure cites neither a fact nor a policy")


@check("self-relation")
def _self_relation(pkg):
    for t, rownum, rec in pkg.rows("relations"):
        if rec.get("source") and rec.get("source") == rec.get("target"):
            yield _p(t.file, rownum, "target", "a relation must join two different actors")


@check("grade-sources")
def _grade_sources(pkg):
    """Confirmed means two or more sources agree (their independence is the next edition's rule)."""
    for t, rownum, rec in pkg.rows("facts"):
        n = len(split_list(rec.get("source_ids", "")))
        if rec.get("confidence") == "confirmed" and n < 2:
            yield _p(t.file, rownum, "confidence", f"graded confirmed but cites {n} source; confirmed needs two or more")


@check("grade-origins")
def _grade_origins(pkg):
    """Grades follow the distinct origins of the cited sources (analysis.evidence), once the origins are examined."""
    for t in pkg.tables.get("facts", []):
        origin_of = {rec.get("source_id"): rec.get("origin_id", "") for _, _, rec in pkg.case_rows("sources", t.case)}
        for rownum, rec in t.rows:
            grade = rec.get("confidence")
            ids = [origin_of.get(s, "") for s in split_list(rec.get("source_ids", ""))]
            if grade == "disputed" or not ids or not all(ids):
                continue
            distinct = sorted(set(ids))
            if grade == "confirmed" and len(distinct) < 2:
                yield _p(t.file, rownum, "confidence", f"graded confirmed but its sources go back to {len(distinct)} "
                         f"origin ({', '.join(distinct)}); confirmed needs two or more independent origins")
            elif grade == "single-source" and len(distinct) >= 2 and not rec.get("note", "").strip():
                yield _p(t.file, rownum, "confidence", f"graded single-source but its sources go back to {len(distinct)} "
                         f"origins ({', '.join(distinct)}); grade it confirmed, or say in the note why this fact rests "
                         "on one original all the same")


@check("origins-examined")
def _origins_examined(pkg):
    for name in ("sources", "context_sources"):
        for t in pkg.tables.get(name, []):
            filled = [(n, r) for n, r in t.rows if r.get("origin_id", "")]
            if filled and len(filled) != len(t.rows):
                for rownum, rec in t.rows:
                    if not rec.get("origin_id", ""):
                        yield _p(t.file, rownum, "origin_id", "no origin, but other sources of this table have one; "
                                 "examine every source (basis undetermined when the origin cannot be told)")
            for rownum, rec in t.rows:
                if bool(rec.get("origin_id", "")) != bool(rec.get("origin_basis", "")):
                    yield _p(t.file, rownum, "origin_basis", "origin_id and origin_basis are set together")


@check("disputed-note")
def _disputed_note(pkg):
    for name in ("facts", "policy_timeline", "statistics"):
        for t, rownum, rec in pkg.rows(name):
            if rec.get("confidence") == "disputed" and not rec.get("note", "").strip():
                yield _p(t.file, rownum, "note", "graded disputed but the note does not say how the sources disagree")


def _fact_grades(pkg, case: str) -> dict[str, tuple[str, str]]:
    return {rec["fact_id"]: (rec.get("confidence", ""), rec.get("scope", "")) for _, _, rec in pkg.case_rows("facts", case)
            if rec.get("fact_id")}


@check("coding-facts")
def _coding_facts(pkg):
    for t, rownum, rec in pkg.rows("coding"):
        strength = rec.get("strength", "")
        if re.fullmatch(r"\d+", strength) and int(strength) > 0 and rec.get("fact_ids", None) == "":
            yield _p(t.file, rownum, "fact_ids", f"strength {strength} but no fact cited: nothing is coded without facts")


OFFICIAL_RECORD = ("official_notice", "investigation_report", "court_judgment")


def _fact_origins(pkg, case: str) -> dict[str, set[str]] | None:
    """Fact id -> the origins of its sources, or ``None`` while the case's sources are not all examined."""
    origin_of = {rec.get("source_id"): rec.get("origin_id", "") for _, _, rec in pkg.case_rows("sources", case)}
    if not origin_of or not all(origin_of.values()):
        return None
    return {rec["fact_id"]: {origin_of.get(s, "") for s in split_list(rec.get("source_ids", ""))} - {""}
            for _, _, rec in pkg.case_rows("facts", case) if rec.get("fact_id")}


@check("scale-evidence")
def _scale_evidence(pkg):
    """The scale on two axes (codebook/scale.csv). Once a case's origins are examined: a 2 needs the cited facts to
    go back to two or more independent origins, or to an official record; a 3 needs both. Before that, the grades
    stand in: a 2 needs one confirmed fact, a 3 two."""
    grades, origins, kinds = {}, {}, {}
    for t, rownum, rec in pkg.rows("coding"):
        strength = rec.get("strength", "")
        if not re.fullmatch(r"[23]", strength):
            continue
        cited = split_list(rec.get("fact_ids", ""))
        if t.case not in origins:
            origins[t.case] = _fact_origins(pkg, t.case)
            kinds[t.case] = {r.get("origin_id"): r.get("kind") for _, _, r in pkg.case_rows("origins", t.case)}
        fo = origins[t.case]
        if fo is not None:
            union = sorted(set().union(*(fo.get(f, set()) for f in cited))) if cited else []
            official = sorted(o for o in union if kinds[t.case].get(o) in OFFICIAL_RECORD)
            ok = (len(union) >= 2 and official) if strength == "3" else (len(union) >= 2 or official)
            if not ok:
                need = ("two or more independent origins and an official record" if strength == "3"
                        else "two or more independent origins or an official record")
                yield _p(t.file, rownum, "strength",
                         f"strength {strength} needs {need} among the cited facts; found {len(union)} origin(s)"
                         + (f" ({', '.join(union)})" if union else "") + f", official: {', '.join(official) or 'none'} "
                         "(codebook/scale.csv)")
            continue
        if t.case not in grades:
            grades[t.case] = _fact_grades(pkg, t.case)
        g = grades[t.case]
        confirmed = [f for f in cited if g.get(f, ("",))[0] == "confirmed"]
        need = 2 if strength == "3" else 1
        if len(confirmed) < need:
            yield _p(t.file, rownum, "strength",
                     f"strength {strength} needs at least {need} confirmed fact(s) among those cited; found {len(confirmed)}"
                     + (f" ({', '.join(confirmed)})" if confirmed else "") + " (codebook/scale.csv)")


@check("adjudication")
def _adjudication(pkg):
    for t in pkg.tables.get("adjudication", []):
        coded = {rec.get("judgement_id"): n for _, n, rec in pkg.case_rows("coding", t.case)}
        seen = {rec.get("judgement_id") for _, rec in t.rows}
        if t.rows:
            for jid, n in sorted(coded.items()):
                if jid not in seen:
                    yield _p(t.file, 1, "judgement_id", f"{jid} (coding.csv row {n}) has no adjudication row")


@check("coding-unique")
def _coding_unique(pkg):
    for t in pkg.tables.get("coding", []):
        seen: dict[tuple, tuple[int, str]] = {}
        for rownum, rec in t.rows:
            key = (rec.get("category_id"), rec.get("party"))
            if key in seen:
                yield _p(t.file, rownum, "category_id", f"{key[0]} is already coded for party {key[1]} "
                         f"({seen[key][1]}, row {seen[key][0]}); one judgement per category and party")
            else:
                seen[key] = (rownum, rec.get("judgement_id", ""))


@check("coding-scope")
def _coding_scope(pkg):
    grades = {}
    for t, rownum, rec in pkg.rows("coding"):
        if t.case not in grades:
            grades[t.case] = _fact_grades(pkg, t.case)
        g = grades[t.case]
        alt = [f for f in split_list(rec.get("fact_ids", "")) if g.get(f, ("", ""))[1] == "alternative"]
        if alt:
            yield _p(t.file, rownum, "fact_ids", f"cites facts about an alternative candidate incident: {', '.join(alt)}")


@check("coding-category")
def _coding_category(pkg):
    categories = pkg.categories()
    for t, rownum, rec in pkg.rows("coding"):
        cat = categories.get(rec.get("category_id", ""))
        if cat is not None and cat.get("kind") == "strategy":
            yield _p(t.file, rownum, "category_id", f"'{rec['category_id']}' is a strategy; code problems, dimensions or Bozeman criteria")
    for t, rownum, rec in pkg.rows("measures"):
        sid = rec.get("strategy_id", "")
        if sid and sid != "none" and (categories.get(sid) or {}).get("kind") != "strategy":
            yield _p(t.file, rownum, "strategy_id", f"'{sid}' is not a strategy of codebook/categories.csv (or none)")


@check("strategy-answers")
def _strategy_answers(pkg):
    categories = pkg.categories()
    for t, rownum, rec in pkg.rows("categories"):
        if rec.get("kind") == "strategy":
            target = categories.get(rec.get("answers", ""))
            if target is None or target.get("kind") != "dimension":
                yield _p(t.file, rownum, "answers", "a strategy must answer a cause dimension")


@check("claims-rule")
def _claims_rule(pkg):
    categories = pkg.categories()
    for t, rownum, rec in pkg.rows("claims"):
        rule, cats = rec.get("rule", ""), split_list(rec.get("category_ids", ""))
        kinds = [(categories.get(c) or {}).get("kind") for c in cats]
        if rule == "judgement":
            if not rec.get("verdict"):
                yield _p(t.file, rownum, "verdict", "a claim judged by hand (rule judgement) needs a typed verdict")
            if not rec.get("reason", "").strip():
                yield _p(t.file, rownum, "reason", "a claim judged by hand (rule judgement) needs the reason for its verdict")
        elif rule:
            if rec.get("verdict"):
                yield _p(t.file, rownum, "verdict", f"rule {rule} computes the verdict; leave verdict empty")
            if rule == "each_thesis_case_2plus" and (len(cats) != 1 or kinds[0] not in ("problem", "dimension")):
                yield _p(t.file, rownum, "category_ids", "rule each_thesis_case_2plus needs exactly one problem type or cause dimension")
            if rule == "any_problem_capped" and (not cats or any(k != "problem" for k in kinds)):
                yield _p(t.file, rownum, "category_ids", "rule any_problem_capped needs one or more problem types")


@check("claims-statistic")
def _claims_statistic(pkg):
    stats = {rec.get("stat_id") for _, _, rec in pkg.rows("statistics")}
    for t, rownum, rec in pkg.rows("claims"):
        for sid in STAT_PLACEHOLDER.findall(rec.get("reason", "")):
            if sid not in stats:
                yield _p(t.file, rownum, "reason", f"{{{sid}}} is not a stat_id of context/statistics.csv")


@check("bibliography")
def _bibliography(pkg):
    bib = pkg.data_dir / "literature" / "references.bib"
    if not bib.is_file():
        return
    try:
        keys = re.findall(r"^@\w+\{([^,\s]+),", bib.read_text(encoding="utf-8"), flags=re.MULTILINE)
    except UnicodeDecodeError:
        yield _p(_display(bib), 0, "-", "not valid UTF-8")
        return
    bibkeys = set(keys)
    for k in sorted({k for k in keys if keys.count(k) > 1}):
        yield _p(_display(bib), 0, "key", f"duplicate BibTeX key {k}")
    corpus_keys = set()
    for t, rownum, rec in pkg.rows("corpus"):
        corpus_keys.add(rec.get("key"))
        if rec.get("key") and rec["key"] not in bibkeys:
            yield _p(t.file, rownum, "key", f"'{rec['key']}' is not in references.bib")
    for k in sorted(bibkeys - corpus_keys):
        if pkg.tables.get("corpus"):
            yield _p(pkg.tables["corpus"][0].file, 0, "key", f"references.bib entry {k} is not coded in the corpus")
    for t, rownum, rec in pkg.rows("categories"):
        for k in split_list(rec.get("reference_keys", "")):
            if k not in bibkeys:
                yield _p(t.file, rownum, "reference_keys", f"'{k}' is not in references.bib")


@check("corpus-vocabulary")
def _corpus_vocabulary(pkg):
    allowed = {(rec.get("field"), rec.get("value")) for _, _, rec in pkg.rows("corpus_codebook")}
    for t, rownum, rec in pkg.rows("corpus"):
        if rec.get("school") and ("school", rec["school"]) not in allowed:
            yield _p(t.file, rownum, "school", f"'{rec['school']}' is not a school in corpus_codebook.csv")
        for theme in split_list(rec.get("themes", "")):
            if ("theme", theme) not in allowed:
                yield _p(t.file, rownum, "themes", f"'{theme}' is not a theme in corpus_codebook.csv")


@check("latin")
def _latin(pkg):
    for tables in pkg.tables.values():
        for t in tables:
            for rownum, rec in t.rows:
                for col, value in rec.items():
                    m = LATIN.search(value)
                    if m:
                        yield _p(t.file, rownum, col, f"'{m.group(0)}' is a Latin abbreviation; write 'for example', 'that is' or 'and others'")


def validate_package(data_dir: str | Path | None = None) -> list[Problem]:
    """Check the whole data package; return every problem found (empty list when valid)."""
    data_dir = paths.data_dir(data_dir)
    try:
        desc, tables, problems = read_package(data_dir)
    except DataValidationError as exc:
        return exc.problems
    _foreign_keys(desc, tables, problems)
    pkg = Package(desc, tables, data_dir)
    for run in CHECKS:
        problems.extend(run(pkg))
    return sorted(set(problems), key=lambda p: (p.file, p.row, p.column, p.message))


def summary(data_dir: str | Path | None = None) -> str:
    """One-line summary of a valid package (counts of cases and rows)."""
    data_dir = paths.data_dir(data_dir)
    desc, tables, _ = read_package(data_dir)
    n = {name: sum(len(t.rows) for t in ts) for name, ts in tables.items()}
    return (f"data package valid: {len(case_dirs(data_dir))} cases, {n.get('facts', 0)} facts, "
            f"{n.get('actors', 0)} actors, {n.get('relations', 0)} relations, {n.get('sources', 0)} case sources, "
            f"{n.get('coding', 0)} coded judgements, {n.get('policy_timeline', 0)} policies, "
            f"{n.get('statistics', 0)} statistics, {n.get('corpus', 0)} works")
