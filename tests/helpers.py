"""Helpers for tests that edit a copy of the data package (rows counted as in validator messages: header is row 1)."""
from __future__ import annotations

import csv
from pathlib import Path


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, records: list[dict], fieldnames=None) -> None:
    fieldnames = fieldnames or list(records[0].keys())
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        w.writerows(records)


def edit(data: Path, rel: str, row: int, column: str, value: str) -> None:
    """Set one cell of ``data/rel``."""
    path = data / rel
    recs = rows(path)
    recs[row - 2][column] = value
    write(path, recs)


def set_strength(data: Path, case: str, category: str, party: str, value: int) -> str:
    """Set the strength of one (category, party) cell of a case's coding; return its judgement id."""
    path = data / "cases" / case / "coding.csv"
    recs = rows(path)
    rec = next(r for r in recs if r["category_id"] == category and r["party"] == party)
    rec["strength"] = str(value)
    write(path, recs)
    return rec["judgement_id"]


def drop_column(path: Path, column: str) -> None:
    """Remove one column from a CSV file (every row)."""
    recs = rows(path)
    for r in recs:
        del r[column]
    write(path, recs)
