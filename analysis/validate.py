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
    """One thing wrong with the data, located by file, row and column."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


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
        problems.append(Problem(shown, 0, "-", "file is missing"))
        return None
    if not raw.strip():
        problems.append(Problem(shown, 1, "-", "file is empty (a header row is required)"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "-", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"))
        return None
    if text.startswith("\ufeff"):
        problems.append(Problem(shown, 1, "-", "file starts with a byte-order mark; save as UTF-8 without BOM"))
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num, "-", f"malformed CSV: {exc}"))
        return None
    header, body = records[0], records[1:]
    rows = []
    for i, rec in enumerate(body, start=2):
        if not any(cell.strip() for cell in rec):
            problems.append(Problem(shown, i, "-", "blank row"))
            continue
        if len(rec) != len(header):
            problems.append(Problem(shown, i, "-", f"has {len(rec)} cells but the header has {len(header)}"))
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


def check_field(field: dict, value: str) -> list[str]:
    """Check one cell against its field descriptor; return error messages."""
    cons = field.get("constraints", {})
    errors: list[str] = []
    if value == "":
        if cons.get("required"):
            errors.append("required value is empty")
        return errors
    if value != value.strip():
        errors.append("value has leading or trailing whitespace")
    ftype = field.get("type", "string")
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return [f"'{value}' is not an integer"]
        num = int(value)
    elif ftype == "number":
        try:
            num = float(value)
        except ValueError:
            return [f"'{value}' is not a number"]
        if num != num or num in (float("inf"), float("-inf")):
            return [f"'{value}' is not a finite number"]
    elif ftype == "boolean":
        if value not in TRUE_FALSE:
            return [f"'{value}' is not a boolean (true or false)"]
        num = None
    else:
        num = None
    if num is not None:
        if "minimum" in cons and num < cons["minimum"]:
            errors.append(f"{value} is below the minimum {cons['minimum']}")
        if "maximum" in cons and num > cons["maximum"]:
            errors.append(f"{value} is above the maximum {cons['maximum']}")
    if "enum" in cons and value not in cons["enum"]:
        errors.append(f"'{value}' is not one of the allowed values: {', '.join(map(str, cons['enum']))}")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        errors.append(f"'{value}' does not match the pattern {cons['pattern']}")
    if field.get("x-partial-date"):
        msg = check_partial_date(value)
        if msg:
            errors.append(msg)
    if "x-list-separator" in field:
        items = split_list(value)
        if any(item == "" for item in items):
            errors.append(f"'{value}' has an empty item (use ';' between ids, no spaces)")
        pat = field.get("x-item-pattern")
        bad = [item for item in items if item and pat and not re.fullmatch(pat, item)]
        if bad:
            errors.append(f"list item(s) {', '.join(repr(b) for b in bad)} do not match {pat}")
        if len(set(items)) != len(items):
            errors.append(f"'{value}' repeats an item")
    if ftype == "string" and field.get("format") != "uri" and MARKUP.search(value):
        errors.append("contains markup or script text; free text must be plain text")
    return errors


# ---------------------------------------------------------------- package

def _resource_files(data_dir: Path, res: dict, problems: list[Problem]) -> list[tuple[str | None, Path]]:
    """(case name or None, path) for every part of a resource."""
    if res.get("x-case-table"):
        listed = res.get("path") or []
        want = case_resource_paths(data_dir, res["name"])
        dp = str(data_dir / paths.DATAPACKAGE)
        for p in sorted(set(want) - set(listed)):
            problems.append(Problem(dp, 0, res["name"], f"resource does not list {p}; run `python -m analysis datapackage`"))
        for p in sorted(set(listed) - set(want)):
            problems.append(Problem(dp, 0, res["name"], f"resource lists {p} but there is no such case folder"))
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
        problems.append(Problem(_display(data_dir / paths.CASES_SUBDIR), 0, "-", "no case folders found"))
    tables: dict[str, list[Table]] = {}
    for res in desc.get("resources", []):
        if res.get("format") != "csv":
            for _, p in _resource_files(data_dir, res, problems):
                if not p.is_file():
                    problems.append(Problem(_display(p), 0, "-", "file is missing"))
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
                    problems.append(Problem(shown, 1, col, "required column is missing"))
            for col in header:
                if col not in fields:
                    problems.append(Problem(shown, 1, col, "unexpected column (not in datapackage.json)"))
            if len(set(header)) != len(header):
                problems.append(Problem(shown, 1, "-", "duplicate column names in header"))
            for rownum, rec in rows:
                for col in names:
                    if col in rec:
                        for msg in check_field(fields[col], rec[col]):
                            problems.append(Problem(shown, rownum, col, msg))
            pk = schema.get("primaryKey", [])
            seen: dict[tuple, int] = {}
            for rownum, rec in rows:
                if not all(k in rec for k in pk):
                    continue
                key = tuple(rec[k] for k in pk)
                if key in seen:
                    problems.append(Problem(shown, rownum, ",".join(pk), f"duplicate key {'/'.join(key)} (first at row {seen[key]})"))
                else:
                    seen[key] = rownum
            tables.setdefault(res["name"], []).append(Table(shown, res["name"], case, header, rows))
    return desc, tables, problems


def _foreign_keys(desc: dict, tables: dict[str, list[Table]], problems: list[Problem]) -> None:
    for res in desc.get("resources", []):
        for fk in res.get("schema", {}).get("foreignKeys", []):
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
                            problems.append(Problem(table.file, rownum, col, f"'{item}' is not a known {ref_col} in {where}"))


def _rows(tables: dict[str, list[Table]], name: str):
    for t in tables.get(name, []):
        for rownum, rec in t.rows:
            yield t, rownum, rec


def _rules(desc: dict, tables: dict[str, list[Table]], problems: list[Problem], data_dir: Path) -> None:
    """Cross-table rules that a foreign key cannot express."""
    for t, rownum, rec in _rows(tables, "case"):
        if rec.get("case_id") and rec["case_id"] != t.case:
            problems.append(Problem(t.file, rownum, "case_id", f"'{rec['case_id']}' differs from the folder name '{t.case}'"))
        start, end = rec.get("date_start", ""), rec.get("date_end", "")
        if start and end and not check_partial_date(start) and not check_partial_date(end) and end < start:
            problems.append(Problem(t.file, rownum, "date_end", f"{end} is before date_start {start}"))
    for name, what in (("facts", "fact"), ("sources", "source"), ("actors", "actor"), ("relations", "relation"), ("coding", "coded judgement")):
        for t in tables.get(name, []):
            if not t.rows:
                problems.append(Problem(t.file, 1, "-", f"no rows: a case needs at least one {what}"))
    for t in tables.get("case", []):
        if len(t.rows) != 1:
            problems.append(Problem(t.file, 2, "-", f"case.csv must have exactly one row, found {len(t.rows)}"))
    # Every fact cites at least one source (also a required field; checked here for clarity of message).
    for t, rownum, rec in _rows(tables, "facts"):
        if rec.get("source_ids", None) == "":
            problems.append(Problem(t.file, rownum, "source_ids", "fact cites no source"))
    # Every actor and relation cites at least one fact; a coded judgement above 0 cites at least one fact.
    for name in ("actors", "relations"):
        for t, rownum, rec in _rows(tables, name):
            if rec.get("fact_ids", None) == "":
                problems.append(Problem(t.file, rownum, "fact_ids", f"{name[:-1]} cites no fact"))
    for t, rownum, rec in _rows(tables, "relations"):
        if rec.get("source") and rec.get("source") == rec.get("target"):
            problems.append(Problem(t.file, rownum, "target", "a relation must join two different actors"))
    for t, rownum, rec in _rows(tables, "measures"):
        if rec.get("fact_ids", None) == "" and rec.get("policy_ids", None) == "":
            problems.append(Problem(t.file, rownum, "fact_ids", "measure cites neither a fact nor a policy"))
    categories = {rec["category_id"]: rec for _, _, rec in _rows(tables, "categories") if "category_id" in rec}
    for t, rownum, rec in _rows(tables, "coding"):
        strength = rec.get("strength", "")
        if re.fullmatch(r"\d+", strength) and int(strength) > 0 and rec.get("fact_ids", None) == "":
            problems.append(Problem(t.file, rownum, "fact_ids", f"strength {strength} but no fact cited: nothing is coded without facts"))
        cat = categories.get(rec.get("category_id", ""))
        if cat is not None and cat.get("kind") == "strategy":
            problems.append(Problem(t.file, rownum, "category_id", f"'{rec['category_id']}' is a strategy; code problems, dimensions or Bozeman criteria"))
    for t, rownum, rec in _rows(tables, "measures"):
        sid = rec.get("strategy_id", "")
        if sid and sid != "none" and (categories.get(sid) or {}).get("kind") != "strategy":
            problems.append(Problem(t.file, rownum, "strategy_id", f"'{sid}' is not a strategy of codebook/categories.csv (or none)"))
    for t, rownum, rec in _rows(tables, "categories"):
        if rec.get("kind") == "strategy":
            target = categories.get(rec.get("answers", ""))
            if target is None or target.get("kind") != "dimension":
                problems.append(Problem(t.file, rownum, "answers", "a strategy must answer a cause dimension"))
    # Literature: corpus keys and bibliography keys agree; schools and themes come from the corpus codebook.
    bib = data_dir / "literature" / "references.bib"
    if bib.is_file():
        try:
            keys = re.findall(r"^@\w+\{([^,\s]+),", bib.read_text(encoding="utf-8"), flags=re.MULTILINE)
        except UnicodeDecodeError:
            problems.append(Problem(_display(bib), 0, "-", "not valid UTF-8"))
            keys = []
        bibkeys = set(keys)
        for k in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(Problem(_display(bib), 0, "key", f"duplicate BibTeX key {k}"))
        corpus_keys = set()
        for t, rownum, rec in _rows(tables, "corpus"):
            corpus_keys.add(rec.get("key"))
            if rec.get("key") and rec["key"] not in bibkeys:
                problems.append(Problem(t.file, rownum, "key", f"'{rec['key']}' is not in references.bib"))
        for k in sorted(bibkeys - corpus_keys):
            if tables.get("corpus"):
                problems.append(Problem(tables["corpus"][0].file, 0, "key", f"references.bib entry {k} is not coded in the corpus"))
        for t, rownum, rec in _rows(tables, "categories"):
            for k in split_list(rec.get("reference_keys", "")):
                if k not in bibkeys:
                    problems.append(Problem(t.file, rownum, "reference_keys", f"'{k}' is not in references.bib"))
    allowed = {(rec.get("field"), rec.get("value")) for _, _, rec in _rows(tables, "corpus_codebook")}
    for t, rownum, rec in _rows(tables, "corpus"):
        if rec.get("school") and ("school", rec["school"]) not in allowed:
            problems.append(Problem(t.file, rownum, "school", f"'{rec['school']}' is not a school in corpus_codebook.csv"))
        for theme in split_list(rec.get("themes", "")):
            if ("theme", theme) not in allowed:
                problems.append(Problem(t.file, rownum, "themes", f"'{theme}' is not a theme in corpus_codebook.csv"))


def validate_package(data_dir: str | Path | None = None) -> list[Problem]:
    """Check the whole data package; return every problem found (empty list when valid)."""
    data_dir = paths.data_dir(data_dir)
    try:
        desc, tables, problems = read_package(data_dir)
    except DataValidationError as exc:
        return exc.problems
    _foreign_keys(desc, tables, problems)
    _rules(desc, tables, problems, data_dir)
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
