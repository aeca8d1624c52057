"""Import a researched fact sheet (YAML) as a new extension case (``python -m analysis import-sheet``).

A fact sheet is the raw material a case is built from: a YAML file with top-level ``case_id``,
``title_en``, ``title_zh``, ``identification``, ``summary``, ``service_purchased`` and the lists
``facts``, ``actors``, ``relations``, ``sources`` and ``open_questions`` (the format of the sheets
the thesis cases were built from). The importer turns it into the nine case tables that
``datapackage.json`` declares (``x-case-table``) under ``data/cases/<case_id>/``, registers the folder
and validates the whole package.

The project's rule governs every column: what the sheet lacks is marked as not done yet, never guessed.

* Read from the sheet: ids, titles, summary, identification, service purchased, fact dates, claims,
  grades, source lists, figures, actors with their types and roles, relations with their notes,
  sources with outlet, title, date, URL and language, and the open questions. ``place_en``,
  ``place_zh``, ``date_start``, ``date_end``, ``purchase_arrangement``, ``alternatives`` and
  ``framing_caveat`` are read only when the sheet has top-level keys of exactly those names.
* Derived mechanically: ``role`` is always ``extension``; purchaser and provider ids are the actors
  the sheet itself types ``government_purchaser`` or ``provider_firm``, ``provider_social_org``,
  ``subcontractor`` (leaving out actors of an alternative candidate incident); a fact whose id
  contains ``-ALT-`` has scope ``alternative``, and an actor or relation has that scope when every
  fact it cites has; relation and question ids are numbered in sheet order (``HF-R01``, ``HF-Q01``); whitespace of block scalars is folded to single spaces; the
  Latin abbreviations the validator rejects are written out (``e.g.`` as ``for example``, ``i.e.`` as
  ``that is``, ``etc.`` as ``and others``, ``incl.`` as ``including``), which changes no meaning.
* Left empty (not set yet): the display name unless given (``--name`` or a top-level
  ``display_name`` key; it is never made up from the title), actor sectors, relation phases, repost
  flags of sources, units of figures; ``measures.csv`` and ``coding.csv`` hold only their headers.

Vocabulary is never mapped: actor types, relations, languages and grades must be exact values of the
enums in ``datapackage.json``. Every problem is reported at once as ``FILE:LINE: message``, with the
line of the sheet it comes from, and nothing is written while any problem remains. When the written
case fails validation, its folder is removed and ``datapackage.json`` restored byte for byte.

See Also
--------
analysis.scaffold.new_case : start an empty case folder by hand.
analysis.validate.validate_package : the checks the imported case must pass.

Examples
--------
From the shell (it writes files, so it is not run as a doctest)::

    python -m analysis import-sheet sheets/wuhan-elderly-care.yml --name Wuhan

Whitespace is folded and Latin abbreviations written out:

>>> from analysis.importsheet import fold
>>> fold('''  Two lines
...   e.g. folded  ''')
'Two lines for example folded'
"""
from __future__ import annotations

import csv
import math
import re
import shutil
from pathlib import Path

import yaml

from . import paths
from .validate import Problem, check_field, read_descriptor, sync_datapackage, validate_package

CASE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PURCHASER_TYPES = ("government_purchaser",)
PROVIDER_TYPES = ("provider_firm", "provider_social_org", "subcontractor")
#: Case fields read from the sheet only when it has a top-level key of exactly this name.
OPTIONAL_CASE_KEYS = ("place_en", "place_zh", "date_start", "date_end", "purchase_arrangement", "alternatives",
                      "framing_caveat")
TEXT_CASE_KEYS = ("title_en", "title_zh", "summary", "identification", "service_purchased")
LATIN = {"e.g.": "for example", "i.e.": "that is", "etc.": "and others", "incl.": "including"}
_LATIN_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(k) for k in LATIN) + r")", re.IGNORECASE)

#: Sheet section -> (table, {sheet key: column}, required keys). Keys not listed are refused (never dropped silently).
SECTIONS = {
    "facts": ("facts", {"id": "fact_id", "date": "date", "claim": "claim", "figures": None, "sources": "source_ids",
                        "confidence": "confidence", "note": "note"}, ("id", "claim", "sources", "confidence")),
    "actors": ("actors", {"id": "actor_id", "name_en": "name_en", "name_zh": "name_zh", "type": "type", "role": "role",
                          "facts": "fact_ids"}, ("id", "name_en", "type", "role", "facts")),
    "relations": ("relations", {"source": "source", "target": "target", "relation": "relation", "note": "note",
                                "facts": "fact_ids"}, ("source", "target", "relation", "facts")),
    "sources": ("sources", {"id": "source_id", "outlet": "outlet", "title": "title", "date": "date", "url": "url",
                            "language": "language", "note": "note"}, ("id", "outlet", "title", "language")),
}
TOP_KEYS = ("case_id", "display_name", *TEXT_CASE_KEYS, *OPTIONAL_CASE_KEYS, "facts", "actors", "relations", "sources",
            "open_questions")
REQUIRED_TOP_KEYS = (*TEXT_CASE_KEYS, "facts", "sources")
#: How a column is named in messages: (table, column) -> words, for example "actor type".
LABELS = {("facts", "fact_id"): "fact id", ("actors", "actor_id"): "actor id", ("sources", "source_id"): "source id",
          ("relations", "relation"): "relation", ("actors", "type"): "actor type", ("facts", "confidence"): "confidence",
          ("sources", "language"): "language", ("facts", "source_ids"): "fact sources",
          ("actors", "fact_ids"): "actor facts", ("relations", "fact_ids"): "relation facts",
          ("facts", "date"): "fact date", ("sources", "date"): "source date", ("sources", "url"): "source url",
          ("figures", "figure"): "figure name"}


class SheetError(ValueError):
    """A sheet could not be imported; ``problems`` lists every reason as a string (``FILE:LINE: message``)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join([f"{len(self.problems)} problem(s); nothing was written:", *self.problems]))


# ---------------------------------------------------------------- reading YAML with line numbers

class LineDict(dict):
    """A YAML mapping that remembers its start line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A YAML sequence that remembers its start line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.ScalarNode, loader: yaml.SafeLoader):
    """Null as None, integers and floats as numbers, anything else as the text written (so dates stay ISO text)."""
    if node.tag.endswith(":null"):
        return None
    if node.tag.endswith((":int", ":float")):
        return loader.construct_object(node, deep=True)
    return node.value


def _build(node: yaml.Node, loader: yaml.SafeLoader, where, problems: list[str]):
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.key_lines = _line(node), {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else str(knode.value)
            if key in out:
                problems.append(where(_line(knode), f"key '{key}' appears twice in the same mapping"))
            out[key] = _build(vnode, loader, where, problems)
            out.key_lines[key] = _line(knode)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LineList(_build(n, loader, where, problems) for n in node.value)
        seq.line, seq.item_lines = _line(node), [_line(n) for n in node.value]
        return seq
    return _scalar(node, loader)


def _compose(text: str, where, problems: list[str]):
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(node, loader, where, problems)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problems.append(where(mark.line + 1 if mark else 0, f"not valid YAML: {getattr(exc, 'problem', None) or exc}"))
        return None
    finally:
        loader.dispose()


# ---------------------------------------------------------------- cell text

def fold(value) -> str:
    """Cell text of a sheet value: whitespace folded to single spaces, Latin abbreviations written out."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return _LATIN_RE.sub(lambda m: _same_case(m.group(0), LATIN[m.group(0).lower()]), text)


def _same_case(original: str, words: str) -> str:
    return words[0].upper() + words[1:] if original[0].isupper() else words


def date_text(value) -> str:
    """A sheet date as ISO text: ``""`` for null, a ``datetime.date`` as ``YYYY-MM-DD``, quotes stripped."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip().strip("'\"").strip()


def number_text(value) -> str:
    """A figure value as cell text (a number as YAML read it; anything else as written, for the checks to refuse)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value).strip()


def id_list(values) -> str:
    """A list of ids as a ``;``-list cell."""
    if not isinstance(values, list):
        return "" if values is None else str(values).strip()
    return ";".join(str(v).strip() for v in values)


def fact_scope(fact_id: str) -> str:
    """``alternative`` for a fact about an alternative candidate incident (id contains ``-ALT-``), else ``case``."""
    return "alternative" if "-ALT-" in fact_id else "case"


def cited_scope(fact_ids: list[str]) -> str:
    """``alternative`` when every fact cited is about an alternative candidate incident, else ``case``."""
    return "alternative" if fact_ids and all(fact_scope(f) == "alternative" for f in fact_ids) else "case"


def fact_prefix(sheet: dict) -> str:
    """The id prefix of the case: the part of the first fact id before its first ``-`` (``HF`` for ``HF-05``)."""
    for fact in _items(sheet, "facts"):
        if fact.get("id"):
            return str(fact["id"]).split("-")[0]
    return ""


# ---------------------------------------------------------------- sheet -> tables (pure)

def _cell(section: str, key: str, value) -> str:
    if key in ("sources", "facts"):
        return id_list(value)
    if key == "date":
        return date_text(value)
    if key in ("id", "type", "relation", "confidence", "language", "source", "target", "url"):
        return "" if value is None else str(value).strip()
    return fold(value)


def _items(sheet: dict, section: str) -> list[dict]:
    seq = sheet.get(section)
    return [item for item in seq if isinstance(item, dict)] if isinstance(seq, list) else []


def _fact_rows(sheet: dict) -> tuple[list[dict], list[dict]]:
    facts, figures = [], []
    for fact in _items(sheet, "facts"):
        fid = _cell("facts", "id", fact.get("id"))
        facts.append({"fact_id": fid, "date": _cell("facts", "date", fact.get("date")),
                      "claim": fold(fact.get("claim")), "confidence": _cell("facts", "confidence", fact.get("confidence")),
                      "source_ids": id_list(fact.get("sources")), "scope": fact_scope(fid), "note": fold(fact.get("note"))})
        for figure, value in (fact.get("figures") or {}).items():
            figures.append({"fact_id": fid, "figure": str(figure).strip(), "value": number_text(value), "unit": ""})
    return facts, figures


def _actor_rows(sheet: dict) -> list[dict]:
    return [{"actor_id": _cell("actors", "id", a.get("id")), "name_en": fold(a.get("name_en")),
             "name_zh": fold(a.get("name_zh")), "type": _cell("actors", "type", a.get("type")), "sector": "",
             "role": fold(a.get("role")), "fact_ids": id_list(a.get("facts")),
             "scope": cited_scope([str(f) for f in a.get("facts") or []])}
            for a in _items(sheet, "actors")]


def _relation_rows(sheet: dict, prefix: str) -> list[dict]:
    return [{"relation_id": f"{prefix}-R{i:02d}", "source": _cell("relations", "source", r.get("source")),
             "target": _cell("relations", "target", r.get("target")),
             "relation": _cell("relations", "relation", r.get("relation")), "phase": "", "note": fold(r.get("note")),
             "fact_ids": id_list(r.get("facts")), "scope": cited_scope([str(f) for f in r.get("facts") or []])}
            for i, r in enumerate(_items(sheet, "relations"), start=1)]


def _source_rows(sheet: dict) -> list[dict]:
    return [{"source_id": _cell("sources", "id", s.get("id")), "outlet": fold(s.get("outlet")),
             "title": fold(s.get("title")), "date": date_text(s.get("date")), "url": _cell("sources", "url", s.get("url")),
             "language": _cell("sources", "language", s.get("language")), "is_repost": "", "note": fold(s.get("note"))}
            for s in _items(sheet, "sources")]


def _case_row(sheet: dict, case_id: str, name: str) -> dict:
    actors = [a for a in _items(sheet, "actors") if cited_scope([str(f) for f in a.get("facts") or []]) == "case"]
    typed = lambda types: ";".join(str(a.get("id")).strip() for a in actors if a.get("type") in types)
    row = {"case_id": case_id, "display_name": fold(name), "role": "extension",
           "purchaser_actor_ids": typed(PURCHASER_TYPES), "provider_actor_ids": typed(PROVIDER_TYPES)}
    for key in TEXT_CASE_KEYS:
        row[key] = fold(sheet.get(key))
    for key in OPTIONAL_CASE_KEYS:
        row[key] = date_text(sheet.get(key)) if key.startswith("date_") else fold(sheet.get(key))
    return row


def sheet_to_tables(sheet: dict, case_id: str, name: str) -> dict[str, list[dict]]:
    """Turn a checked sheet into the rows of the nine case tables.

    Pure: reads only its arguments and writes nothing. Columns the sheet does not give are ``""``
    (not set yet).

    Parameters
    ----------
    sheet : dict
        The sheet as :func:`read_sheet` returns it (or as ``yaml.safe_load`` reads it; dates that YAML
        turned into ``datetime.date`` are written back as ISO text).
    case_id : str
        The case id, also the folder name.
    name : str
        The display name of the case.

    Returns
    -------
    dict of str to list of dict
        Table name (``case``, ``facts``, ``figures``, ``actors``, ``relations``, ``sources``,
        ``open_questions``, ``measures``, ``coding``) -> rows, each a dict of column -> cell text.

    Examples
    --------
    >>> sheet = {"title_en": "T", "title_zh": "题", "summary": "S", "identification": "I",
    ...          "service_purchased": "P", "sources": [{"id": "S1", "outlet": "O", "title": "T",
    ...          "language": "en", "url": "https://example.org"}],
    ...          "facts": [{"id": "AB-01", "claim": "C", "sources": ["S1"], "confidence": "single-source",
    ...                     "figures": {"deaths": 2}}]}
    >>> tables = sheet_to_tables(sheet, "ab-case", "Ab")
    >>> tables["case"][0]["role"], tables["figures"][0]["value"], tables["coding"]
    ('extension', '2', [])
    """
    facts, figures = _fact_rows(sheet)
    prefix = fact_prefix(sheet)
    scoped = lambda sid: f"{prefix}-{sid}" if sid else sid          # S12 -> HF-S12: source ids are scoped by case
    for f in facts:
        f["source_ids"] = ";".join(scoped(x) for x in f["source_ids"].split(";") if x)
    sources = [dict(s, source_id=scoped(s["source_id"])) for s in _source_rows(sheet)]
    questions = [{"question_id": f"{prefix}-Q{i:02d}", "question": fold(q)}
                 for i, q in enumerate(sheet.get("open_questions") or [], start=1)]
    return {"case": [_case_row(sheet, case_id, name)], "facts": facts, "figures": figures,
            "actors": _actor_rows(sheet), "relations": _relation_rows(sheet, prefix), "sources": sources,
            "open_questions": questions, "measures": [], "coding": []}


# ---------------------------------------------------------------- checking the sheet

def case_schemas(data_dir: str | Path | None = None) -> dict[str, dict]:
    """Case table name -> its schema in ``datapackage.json``, in the order the descriptor lists them."""
    desc = read_descriptor(paths.data_dir(data_dir))
    return {res["name"]: res["schema"] for res in desc["resources"] if res.get("x-case-table")}


def _field(schemas: dict, table: str, column: str) -> dict:
    return next(f for f in schemas[table]["fields"] if f["name"] == column)


def _key_line(mapping, key) -> int:
    return getattr(mapping, "key_lines", {}).get(key, getattr(mapping, "line", 0))


#: Sheets number their sources S1, S2 ...; the importer scopes them by the case prefix (HF-S1), as the data package
#: requires, so these columns are checked against the sheet's own id format.
SHEET_SOURCE_ID = "^S[0-9]+$"


def _check_cell(schemas, table, column, cell, where, line) -> list[str]:
    label = LABELS.get((table, column), column)
    field = _field(schemas, table, column)
    if (table, column) == ("sources", "source_id"):
        field = {**field, "constraints": {**field.get("constraints", {}), "pattern": SHEET_SOURCE_ID}}
    elif (table, column) == ("facts", "source_ids"):
        field = {**field, "x-item-pattern": SHEET_SOURCE_ID}
    return [where(line, f"{label} {msg}" if msg.startswith("'") else f"{label}: {msg}")
            for _, msg in check_field(field, cell)]


def _check_mapping(item, section: str, known: dict, required: tuple, where) -> list[str]:
    if not isinstance(item, dict):
        return [where(0, f"an entry of {section} is not a mapping")]
    out = [where(item.line, f"{section[:-1]} has no '{k}'") for k in required
           if item.get(k) is None or item.get(k) == "" or item.get(k) == []]
    out += [where(_key_line(item, k), f"unknown key '{k}' in {section[:-1]} (the importer reads only: "
                                      f"{', '.join(known)}); remove it or add it to the tables after import")
            for k in item if k not in known]
    return out


def _check_items(sheet, section, schemas, where) -> list[str]:
    table, known, required = SECTIONS[section]
    seq = sheet.get(section) or []
    if not isinstance(seq, list):
        return [where(_key_line(sheet, section), f"'{section}' must be a list")]
    lines = getattr(seq, "item_lines", [0] * len(seq))
    out = []
    for item, line in zip(seq, lines):
        if not isinstance(item, dict):
            out.append(where(line, f"an entry of {section} is not a mapping"))
            continue
        out += _check_mapping(item, section, known, required, where)
        for key, column in known.items():
            if column and item.get(key) not in (None, "", []):
                if key in ("sources", "facts") and not isinstance(item[key], list):
                    out.append(where(_key_line(item, key), f"'{key}' must be a list of ids"))
                    continue
                out += _check_cell(schemas, table, column, _cell(section, key, item[key]), where, _key_line(item, key))
    return out


def _check_ids(sheet, section, what, where) -> tuple[set, list[str]]:
    seen, out = {}, []
    for item in _items(sheet, section):
        ident = item.get("id")
        if ident is None:
            continue
        ident = str(ident).strip()
        if ident in seen:
            out.append(where(_key_line(item, "id"), f"duplicate {what} id '{ident}' (first at line {seen[ident]})"))
        else:
            seen[ident] = _key_line(item, "id")
    return set(seen), out


def _check_refs(sheet, section, key, known: set, what, where) -> list[str]:
    """Every id that ``section[*][key]`` names but ``known`` lacks, at the line of the id."""
    label = {"sources": "cites", "facts": "cites", "source": "source names", "target": "target names"}[key]
    out = []
    for item in _items(sheet, section):
        values = item.get(key)
        listed = values if isinstance(values, list) else ([values] if values not in (None, "") else [])
        lines = getattr(values, "item_lines", None) or [_key_line(item, key)] * len(listed)
        for value, line in zip(listed, lines):
            if str(value).strip() not in known:
                out.append(where(line, f"{section[:-1]} {label} unknown {what} '{value}'"))
    return out


def _check_figures(sheet, schemas, where) -> list[str]:
    out = []
    for fact in _items(sheet, "facts"):
        figures = fact.get("figures")
        if figures is None:
            continue
        if not isinstance(figures, dict):
            out.append(where(_key_line(fact, "figures"), "'figures' must be a mapping of name: number"))
            continue
        for key, value in figures.items():
            line = _key_line(figures, key)
            out += _check_cell(schemas, "figures", "figure", str(key), where, line)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                out.append(where(line, f"figure '{key}': value {value!r} is not a finite number"))
    return out


def _check_top(sheet, schemas, where) -> list[str]:
    out = [where(sheet.line, f"the sheet has no '{k}'") for k in REQUIRED_TOP_KEYS if sheet.get(k) in (None, "", [])]
    out += [where(_key_line(sheet, k), f"unknown top-level key '{k}' (the importer reads only: {', '.join(TOP_KEYS)})")
            for k in sheet if k not in TOP_KEYS]
    if sheet.get("case_id") is not None and not CASE_ID.fullmatch(str(sheet["case_id"])):
        out.append(where(_key_line(sheet, "case_id"), f"case_id '{sheet['case_id']}' must be lowercase words joined by '-'"))
    for key in (*TEXT_CASE_KEYS, *OPTIONAL_CASE_KEYS, "display_name"):
        if isinstance(sheet.get(key), (dict, list)):
            out.append(where(_key_line(sheet, key), f"'{key}' must be text"))
        elif sheet.get(key) is not None:
            value = date_text(sheet[key]) if key.startswith("date_") else fold(sheet[key])
            out += _check_cell(schemas, "case", key, value, where, _key_line(sheet, key))
    questions = sheet.get("open_questions") or []
    if not isinstance(questions, list):
        out.append(where(_key_line(sheet, "open_questions"), "'open_questions' must be a list of strings"))
    else:
        for q, line in zip(questions, getattr(questions, "item_lines", [0] * len(questions))):
            if not isinstance(q, str) or not q.strip():
                out.append(where(line, "an open question must be a non-empty string"))
            else:
                out += _check_cell(schemas, "open_questions", "question", fold(q), where, line)
    return out


def _check_prefix(sheet, where) -> list[str]:
    prefix = fact_prefix(sheet)
    return [where(_key_line(f, "id"), f"fact id '{f['id']}' does not use the case's prefix {prefix}- (taken from the first fact)")
            for f in _items(sheet, "facts") if f.get("id") is not None and str(f["id"]).split("-")[0] != prefix]


def check_sheet(sheet, file: str, schemas: dict) -> list[str]:
    """Every problem of a parsed sheet, as ``FILE:LINE: message`` strings (empty when it can be imported)."""
    where = lambda line, msg: f"{file}:{line}: {msg}"
    if not isinstance(sheet, dict):
        return [where(getattr(sheet, "line", 1), "the sheet must be a mapping of top-level keys")]
    out = _check_top(sheet, schemas, where)
    for section in SECTIONS:
        out += _check_items(sheet, section, schemas, where)
    facts, dup_f = _check_ids(sheet, "facts", "fact", where)
    actors, dup_a = _check_ids(sheet, "actors", "actor", where)
    sources, dup_s = _check_ids(sheet, "sources", "source", where)
    out += dup_f + dup_a + dup_s + _check_prefix(sheet, where) + _check_figures(sheet, schemas, where)
    out += _check_refs(sheet, "facts", "sources", sources, "source", where)
    out += _check_refs(sheet, "actors", "facts", facts, "fact", where)
    out += _check_refs(sheet, "relations", "facts", facts, "fact", where)
    out += _check_refs(sheet, "relations", "source", actors, "actor", where)
    out += _check_refs(sheet, "relations", "target", actors, "actor", where)
    return out


def read_sheet(path: str | Path, data_dir: str | Path | None = None) -> tuple[dict, list[str]]:
    """Parse a fact sheet and check it against the vocabulary of ``datapackage.json``.

    Parameters
    ----------
    path : str or Path
        The YAML fact sheet.
    data_dir : str or Path, optional
        The data package whose enums and patterns apply (default: the project's ``data/``).

    Returns
    -------
    sheet : dict
        The sheet as nested dicts and lists; mappings are :class:`LineDict` and sequences
        :class:`LineList`, which remember their lines. Dates stay ISO text as written; only integers
        and floats become numbers. Empty when the file cannot be read or parsed.
    problems : list of str
        Every problem as ``FILE:LINE: message``; empty when the sheet can be imported.
    """
    file = str(path)
    where = lambda line, msg: f"{file}:{line}: {msg}"
    problems: list[str] = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [where(0, f"cannot read the sheet: {exc}")]
    sheet = _compose(text, where, problems)
    if sheet is None and not problems:
        problems.append(where(1, "the sheet is empty"))
    if sheet is not None:
        problems += check_sheet(sheet, file, case_schemas(data_dir))
    problems.sort(key=lambda p: int(p[len(file) + 1:].split(":", 1)[0] or 0))  # in sheet order, stable
    return (sheet if isinstance(sheet, dict) else {}), problems


# ---------------------------------------------------------------- writing and validating

def write_tables(folder: Path, tables: dict[str, list[dict]], schemas: dict[str, dict]) -> None:
    """Write each table as UTF-8 CSV with ``\\n`` line ends, the header in schema order, minimal quoting."""
    folder.mkdir(parents=True)
    for name, schema in schemas.items():
        names = [f["name"] for f in schema["fields"]]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(names)
            for row in tables.get(name, []):
                writer.writerow([row.get(n, "") for n in names])


def row_lines(sheet: dict) -> dict[str, list[tuple[int, dict]]]:
    """Table name -> for each row in order, (line of its sheet entry, {column: line of its sheet key})."""
    def entries(section):
        seq = sheet.get(section) or []
        keys = SECTIONS[section][1]
        return [(line, {col: _key_line(item, key) for key, col in keys.items() if col})
                for item, line in zip(seq, getattr(seq, "item_lines", [0] * len(seq))) if isinstance(item, dict)]
    out = {s: entries(s) for s in SECTIONS}
    out["figures"] = []
    for fact in _items(sheet, "facts"):
        figures = fact.get("figures")
        if isinstance(figures, dict):
            out["figures"] += [(_key_line(figures, k), {}) for k in figures]
    qs = sheet.get("open_questions") or []
    out["open_questions"] = [(line, {}) for line in getattr(qs, "item_lines", [0] * len(qs))]
    case_cols = {k: _key_line(sheet, k) for k in (*TEXT_CASE_KEYS, *OPTIONAL_CASE_KEYS, "case_id", "display_name") if k in sheet}
    out["case"] = [(getattr(sheet, "line", 1), {**case_cols, "purchaser_actor_ids": _key_line(sheet, "actors"),
                                                 "provider_actor_ids": _key_line(sheet, "actors")})]
    return out


def _problem_path(p: Problem) -> Path:
    path = Path(p.file)
    return (path if path.is_absolute() else paths.ROOT / path).resolve()


def locate(problem: Problem, folder: Path, lines: dict, file: str) -> str:
    """A validator problem in the new case folder, restated at the sheet line it comes from."""
    path = _problem_path(problem)
    if path.parent != folder.resolve():
        return str(problem)
    rows = lines.get(path.stem, [])
    if 2 <= problem.row < 2 + len(rows):
        line, cols = rows[problem.row - 2]
        line = cols.get(problem.column, line)
    else:
        line = 0
    return f"{file}:{line}: {path.stem}.csv {problem.column}: {problem.message} [{problem.code}]"


def _restore(folder: Path, dp: Path, saved: bytes) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    if dp.read_bytes() != saved:
        dp.write_bytes(saved)


def import_sheet(path: str | Path, data_dir: str | Path | None = None, case_id: str | None = None,
                 name: str | None = None) -> Path:
    """Import a fact sheet as ``DATA_DIR/cases/<case_id>/``, register it and validate the package.

    Parameters
    ----------
    path : str or Path
        The YAML fact sheet.
    data_dir : str or Path, optional
        The data package to add the case to (default: the project's ``data/``).
    case_id : str, optional
        The case id (default: the sheet's ``case_id``).
    name : str, optional
        The display name (default: the sheet's ``display_name``); one of the two is required.

    Returns
    -------
    Path
        The new case folder.

    Raises
    ------
    SheetError
        Listing every problem: of the sheet (with its lines), a missing display name or case id, an
        existing case folder, or a failed validation of the written case (problems the package had
        before are not the new case's). Nothing is left behind: the folder is removed and
        ``datapackage.json`` restored byte for byte.
    """
    data_dir = paths.data_dir(data_dir)
    sheet, problems = read_sheet(path, data_dir)
    case_id = case_id or (str(sheet["case_id"]).strip() if sheet.get("case_id") is not None else None)
    name = name if name is not None else sheet.get("display_name")
    if not sheet:
        raise SheetError(problems)
    if not case_id:
        problems.append(f"{path}:1: no case id: give the sheet a top-level case_id or pass --case-id")
    elif not CASE_ID.fullmatch(case_id) and case_id != sheet.get("case_id"):  # the sheet's own id is checked above
        problems.append(f"{path}:1: case id '{case_id}' must be lowercase words joined by '-'")
    if name is None or not fold(name):
        problems.append(f"{path}:1: no display name: pass --name NAME (a short name such as a city) "
                        "or add a top-level display_name key; it is never made up from the title")
    folder = data_dir / paths.CASES_SUBDIR / (case_id or "")
    if case_id and folder.exists():
        problems.append(f"{folder}: the case folder exists already; choose another --case-id or remove it first")
    if problems:
        raise SheetError(problems)
    schemas = case_schemas(data_dir)
    tables = sheet_to_tables(sheet, case_id, name)
    before = {str(p) for p in validate_package(data_dir)}
    dp = data_dir / paths.DATAPACKAGE
    saved = dp.read_bytes()
    try:
        write_tables(folder, tables, schemas)
        sync_datapackage(data_dir)
        new = [p for p in validate_package(data_dir) if str(p) not in before]
    except BaseException:
        _restore(folder, dp, saved)
        raise
    if new:
        lines = row_lines(sheet)
        _restore(folder, dp, saved)
        raise SheetError([locate(p, folder, lines, str(path)) for p in new])
    return folder


def still_to_set(folder: Path) -> list[str]:
    """What an imported case still lacks, read from the tables written (for the command line's closing message)."""
    def read(name):
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    todo = []
    for table, column, what in (("actors", "sector", "a sector"), ("relations", "phase", "a phase"),
                                ("sources", "is_repost", "a repost flag"), ("figures", "unit", "a unit")):
        rows = read(table)
        empty = sum(1 for r in rows if r[column] == "")
        if empty:
            todo.append(f"{what} for {empty} of {len(rows)} rows ({table}.csv)")
    for table, what in (("measures", "the measures taken after the incident"), ("coding", "the coding")):
        if not read(table):
            todo.append(f"{what} ({table}.csv)")
    case = read("case")[0]
    missing = [k for k in OPTIONAL_CASE_KEYS if case.get(k, "") == ""]
    if missing:
        todo.append(f"case.csv fields the sheet did not give: {', '.join(missing)}")
    return todo
