"""Coding practice: score a student's blind coding of a case against the book's adjudicated coding.

A student codes a case in a CSV file with the columns ``category_id``, ``party`` and ``strength`` (0-3, see
``data/codebook/scale.csv``), and optionally ``fact_ids`` and ``rationale``.
Rows are matched to ``data/cases/<CASE_ID>/coding.csv`` by (category, party).
Over the matched cells the score is Krippendorff's alpha (ordinal), computed by :func:`analysis.reliability.alpha`,
the same function that gives the book's own inter-coder reliability, with the raw agreement and the number of units.
Every cell where the two differ is listed with the book's evidence for its strength (judgement, facts, rationale).
Cells only the student coded, and book cells the student left out, are listed apart and are not part of alpha.

Lines of the student file whose first cell starts with ``#`` before the header are comments.
Rows are numbered as a spreadsheet shows them: the first line of the file is row 1.

Example
-------
>>> book = [BookCell("X-C01", "goal_loss", "all", 3, "X-01;X-02", "Two records show it."),
...         BookCell("X-C02", "value", "all", 1, "X-03", "Indirect only."),
...         BookCell("X-C03", "value", "users", 0, "", "Nothing shows it.")]
>>> student = [StudentCell(2, "goal_loss", "all", 3), StudentCell(3, "value", "all", 2),
...            StudentCell(4, "support", "all", 1)]
>>> result = compare(student, book)
>>> len(result.matched), result.agreement, [(d.category_id, d.student, d.book) for d in result.differences]
(2, 0.5, [('value', 2, 1)])
>>> [(s.category_id, s.party) for s in result.student_only], [b.judgement_id for b in result.book_only]
([('support', 'all')], ['X-C03'])
"""
from __future__ import annotations

import csv
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .reliability import agreement, alpha

REQUIRED = ("category_id", "party", "strength")
OPTIONAL = ("fact_ids", "rationale")
PARTIES = ("all", "purchaser", "provider", "regulator", "users")
STRENGTHS = ("0", "1", "2", "3")
#: Characters kept of the book's rationale under a differing cell (``full=True`` keeps it whole), and the line width.
RATIONALE_CHARS = 200
LINE_WIDTH = 90


class AgreementError(ValueError):
    """Bad input: carries every problem found, each as ``FILE:ROW:COLUMN: message`` (or ``FILE: message``)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class StudentCell:
    """One row of a student's coding; ``row`` is its row number in the file (the first line is row 1)."""

    row: int
    category_id: str
    party: str
    strength: int
    fact_ids: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class BookCell:
    """One adjudicated judgement of the book's ``coding.csv``."""

    judgement_id: str
    category_id: str
    party: str
    strength: int
    fact_ids: str
    rationale: str


@dataclass(frozen=True)
class Difference:
    """A matched cell where the student's strength differs from the book's."""

    category_id: str
    party: str
    student: int
    book: int
    evidence: BookCell


@dataclass
class Comparison:
    """The result of :func:`compare`: matched pairs, differences, unmatched cells on each side, alpha and agreement."""

    matched: list[tuple[StudentCell, BookCell]] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    student_only: list[StudentCell] = field(default_factory=list)
    book_only: list[BookCell] = field(default_factory=list)
    alpha: float = math.nan
    agreement: float = math.nan


def _display(path: Path) -> str:
    """A path as the user is best shown it: relative to the working directory or the project when inside them."""
    path = Path(path)
    for base in (Path.cwd(), paths.ROOT):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def _read_rows(path: Path, shown: str) -> list[tuple[int, list[str]]]:
    """Every CSV record of ``path`` with its row number (1-based, as a spreadsheet counts them)."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as f:
            return list(enumerate(csv.reader(f), start=1))
    except FileNotFoundError:
        raise AgreementError([f"{shown}: no such file"]) from None
    except OSError as exc:
        raise AgreementError([f"{shown}: cannot be read ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError as exc:
        raise AgreementError([f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except csv.Error as exc:
        raise AgreementError([f"{shown}: not well-formed CSV ({exc})"]) from None


def read_categories(data_dir: str | Path | None = None) -> dict[str, str]:
    """Read the codebook's categories.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data directory (default: the project's ``data/``).

    Returns
    -------
    dict of str to str
        Category id -> kind (``problem``, ``dimension``, ``strategy``, ``bozeman_criterion``).
    """
    path = paths.data_dir(data_dir) / "codebook" / "categories.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {r["category_id"]: r["kind"] for r in csv.DictReader(f)}


def read_student(path: str | Path, categories: dict[str, str]) -> list[StudentCell]:
    """Read and check a student's coding file.

    Checks: the three required columns are present, ``strength`` is an integer 0-3, ``party`` is one of the
    codebook's parties, ``category_id`` is a problem type, cause dimension or Bozeman criterion of
    ``codebook/categories.csv`` (strategies are not coded), and no (category, party) is coded twice.
    Columns other than the five known ones are ignored; comment lines (``#``) may precede the header.

    Parameters
    ----------
    path : str or Path
        The student's CSV file (UTF-8, a byte-order mark as written by spreadsheets is accepted).
    categories : dict of str to str
        Category id -> kind, as returned by :func:`read_categories`.

    Returns
    -------
    list of StudentCell
        One per data row, in the order of the file.

    Raises
    ------
    AgreementError
        With every problem found, each as ``FILE:ROW:COLUMN: message``.
    """
    shown = _display(Path(path))
    body = [(n, r) for n, r in _read_rows(Path(path), shown) if any(c.strip() for c in r)]  # blank rows skipped
    while body and body[0][1][0].lstrip().startswith("#"):
        body.pop(0)
    if not body:
        raise AgreementError([f"{shown}: no header row (expected columns {', '.join(REQUIRED)})"])
    header_row, header = body[0]
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise AgreementError([f"{shown}:{header_row}:{c}: missing column '{c}' (needed: {', '.join(REQUIRED)}; "
                              f"optional: {', '.join(OPTIONAL)})" for c in missing])
    dup = sorted({h for h in header if h in REQUIRED + OPTIONAL and header.count(h) > 1})
    if dup:
        raise AgreementError([f"{shown}:{header_row}:{c}: column '{c}' appears more than once" for c in dup])
    problems: list[str] = []
    cells: list[StudentCell] = []
    seen: dict[tuple[str, str], int] = {}
    for n, rec in body[1:]:
        if len(rec) > len(header):
            problems.append(f"{shown}:{n}:-: the row has {len(rec)} cells but the header has {len(header)}")
            continue
        rec = rec + [""] * (len(header) - len(rec))                          # trailing empty cells may be left out
        r = {h: v.strip() for h, v in zip(header, rec)}
        bad = False
        cat, party, strength = r["category_id"], r["party"], r["strength"]
        if not cat:
            problems.append(f"{shown}:{n}:category_id: empty")
            bad = True
        elif cat not in categories:
            problems.append(f"{shown}:{n}:category_id: unknown category '{cat}' (not in data/codebook/categories.csv)")
            bad = True
        elif categories[cat] == "strategy":
            problems.append(f"{shown}:{n}:category_id: '{cat}' is a strategy; code problem types, cause dimensions "
                            "and Bozeman criteria only")
            bad = True
        if party not in PARTIES:
            problems.append(f"{shown}:{n}:party: '{party}' is not one of {', '.join(PARTIES)}")
            bad = True
        if strength not in STRENGTHS:
            problems.append(f"{shown}:{n}:strength: '{strength}' is not a strength 0, 1, 2 or 3")
            bad = True
        if not bad:
            key = (cat, party)
            if key in seen:
                problems.append(f"{shown}:{n}:category_id: ({cat}, {party}) is coded twice, also in row {seen[key]}")
                continue
            seen[key] = n
            cells.append(StudentCell(n, cat, party, int(strength), r.get("fact_ids", ""), r.get("rationale", "")))
    if problems:
        raise AgreementError(problems)
    return cells


def case_coding_path(case_id: str, data_dir: str | Path | None = None) -> Path:
    """Locate the book's adjudicated coding of a case.

    Parameters
    ----------
    case_id : str
        A case folder under ``data/cases/``.
    data_dir : str or Path, optional
        The data directory (default: the project's ``data/``).

    Returns
    -------
    Path
        ``<data_dir>/cases/<case_id>/coding.csv``.

    Raises
    ------
    AgreementError
        If the case (or its ``coding.csv``) does not exist; the message lists the known cases.
    """
    cases = paths.data_dir(data_dir) / paths.CASES_SUBDIR
    path = cases / case_id / "coding.csv"
    if not (cases / case_id).is_dir() or not path.is_file():
        known = sorted(p.name for p in cases.iterdir() if (p / "coding.csv").is_file()) if cases.is_dir() else []
        raise AgreementError([f"{_display(path)}: unknown case '{case_id}' (known cases: {', '.join(known)})"])
    return path


def read_book(case_id: str, data_dir: str | Path | None = None) -> list[BookCell]:
    """Read the book's adjudicated coding of a case.

    Parameters
    ----------
    case_id : str
        A case folder under ``data/cases/``.
    data_dir : str or Path, optional
        The data directory (default: the project's ``data/``), validated by ``python -m analysis validate``.

    Returns
    -------
    list of BookCell
        One per judgement, in the order of ``coding.csv``.

    Raises
    ------
    AgreementError
        If the case is unknown or not coded yet (an extension case may have an empty ``coding.csv``).
    """
    path = case_coding_path(case_id, data_dir)
    with path.open(encoding="utf-8", newline="") as f:
        cells = [BookCell(r["judgement_id"], r["category_id"], r["party"], int(r["strength"]), r["fact_ids"],
                          r["rationale"]) for r in csv.DictReader(f)]
    if not cells:
        raise AgreementError([f"{_display(path)}: case '{case_id}' is not coded yet, so there is nothing to compare"])
    return cells


def compare(student: list[StudentCell], book: list[BookCell]) -> Comparison:
    """Match the student's cells to the book's by (category, party) and score the matched ones.

    Parameters
    ----------
    student : list of StudentCell
        The student's coding, at most one cell per (category, party).
    book : list of BookCell
        The book's adjudicated coding.

    Returns
    -------
    Comparison
        Alpha (ordinal, :func:`analysis.reliability.alpha`, ``nan`` when the matched cells show no variation) and raw
        agreement over the matched cells; the differences and the matched pairs in the book's order of judgements;
        the student's unmatched cells in file order, the book's in its order.

    Examples
    --------
    >>> b = [BookCell("X-C01", "goal_loss", "all", 3, "X-01", ""), BookCell("X-C02", "value", "all", 0, "", "")]
    >>> r = compare([StudentCell(2, "goal_loss", "all", 2), StudentCell(3, "value", "all", 0)], b)
    >>> r.alpha, r.agreement, len(r.differences)
    (0.833, 0.5, 1)
    """
    by_key = {(b.category_id, b.party): b for b in book}
    coded = {(s.category_id, s.party) for s in student}
    out = Comparison()
    for s in student:
        b = by_key.get((s.category_id, s.party))
        if b is None:
            out.student_only.append(s)
            continue
        out.matched.append((s, b))
        if s.strength != b.strength:
            out.differences.append(Difference(s.category_id, s.party, s.strength, b.strength, b))
    out.book_only = [b for b in book if (b.category_id, b.party) not in coded]
    first = [s.strength for s, _ in out.matched]
    second = [b.strength for _, b in out.matched]
    out.alpha, out.agreement = alpha(first, second), agreement(first, second)
    # list in the book's order of judgements, so the output does not depend on the order of the student's rows
    order = {b.judgement_id: i for i, b in enumerate(book)}
    out.matched.sort(key=lambda p: order[p[1].judgement_id])
    out.differences.sort(key=lambda d: order[d.evidence.judgement_id])
    return out


def _table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: (indent + "  ".join(str(x).ljust(w) for x, w in zip(r, widths))).rstrip()  # noqa: E731
    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]


def format_report(result: Comparison, student_file: str, case_id: str, book_file: str, full: bool = False) -> str:
    """Format a comparison as the text the command prints.

    Parameters
    ----------
    result : Comparison
        As returned by :func:`compare`.
    student_file, case_id, book_file : str
        Shown in the heading.
    full : bool, default False
        Print the book's rationales whole instead of shortened to about ``RATIONALE_CHARS`` characters.

    Returns
    -------
    str
        The scores (one line with the word alpha), a table of the differing cells each followed by the book's
        rationale, and the cells coded by one side only.
    """
    n = len(result.matched)
    same = n - len(result.differences)
    a = "undefined (no variation in the matched cells)" if math.isnan(result.alpha) else f"{result.alpha:.3f}"
    ag = "undefined" if math.isnan(result.agreement) else f"{result.agreement:.3f} ({same} of {n} cells the same)"
    out = [f"Coding practice: {student_file} against the book's coding of {case_id}",
           f"book's adjudicated coding: {book_file}",
           "",
           f"matched units (category, party): {n}",
           f"raw agreement: {ag}",
           f"Krippendorff's alpha (ordinal): {a}",
           ""]
    if result.differences:
        out.append(f"Cells where you and the book differ ({len(result.differences)}); the book's evidence under each:")
        rows = [[d.category_id, d.party, str(d.student), str(d.book), d.evidence.judgement_id,
                 d.evidence.fact_ids or "(none)"] for d in result.differences]
        table = _table(["category", "party", "you", "book", "judgement", "book's facts"], rows)
        out += table[:2]
        for line, d in zip(table[2:], result.differences):
            out.append(line)
            text = d.evidence.rationale if full else textwrap.shorten(d.evidence.rationale, RATIONALE_CHARS,
                                                                      placeholder=" [...]")
            out += textwrap.wrap(text, LINE_WIDTH, initial_indent="      why: ", subsequent_indent="           ")
    else:
        out.append("Cells where you and the book differ: none")
    out.append("")
    if result.student_only:
        out.append(f"Coded by you but not by the book, so not part of alpha ({len(result.student_only)}):")
        out += _table(["row", "category", "party", "you"],
                      [[str(s.row), s.category_id, s.party, str(s.strength)] for s in result.student_only])
    else:
        out.append("Coded by you but not by the book: none")
    out.append("")
    if result.book_only:
        out.append(f"Coded by the book but left out by you, so not part of alpha ({len(result.book_only)}):")
        out += _table(["judgement", "category", "party", "book"],
                      [[b.judgement_id, b.category_id, b.party, str(b.strength)] for b in result.book_only])
    else:
        out.append("Coded by the book but left out by you: none")
    if not full and result.differences:
        out += ["", "Rationales are shortened; add --full to print them whole."]
    return "\n".join(out)


def run(student_file: str | Path, case_id: str, data_dir: str | Path | None = None, full: bool = False) -> str:
    """Run the whole command: read, check, compare and format.

    Parameters
    ----------
    student_file : str or Path
        The student's CSV file.
    case_id : str
        The case to compare with.
    data_dir : str or Path, optional
        The data directory (default: the project's ``data/``).
    full : bool, default False
        Print the book's rationales whole.

    Returns
    -------
    str
        The report; ``python -m analysis agreement`` prints it and exits 0.

    Raises
    ------
    AgreementError
        On bad input; the command prints each problem and exits 2.
    """
    book_path = case_coding_path(case_id, data_dir)
    categories = read_categories(data_dir)
    student = read_student(student_file, categories)
    book = read_book(case_id, data_dir)
    result = compare(student, book)
    return format_report(result, _display(Path(student_file)), case_id, _display(book_path), full=full)
