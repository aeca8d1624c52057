"""The data package is valid by the Frictionless standard's own validator, and it agrees with the project's
validator that broken inputs of the schema are invalid.

The project's validator (``python -m analysis validate``) also checks what the standard cannot express: foreign keys on
list-valued cells (``x-list-foreign-keys``), keys scoped to one case, partial dates and the cross-table rules.
"""
from __future__ import annotations

import pytest

from analysis.validate import validate_package
from helpers import drop_column, edit, rows, write

frictionless = pytest.importorskip("frictionless")
HEFEI = "cases/hefei-brt-shelter-collapse"


def standard_report(data):
    return frictionless.validate(str(data / "datapackage.json"))


def test_the_package_is_valid_by_the_standard():
    from analysis import paths
    report = standard_report(paths.DATA_DIR)
    errors = [f"{t.name}: {e.type}: {e.note}" for t in report.tasks for e in t.errors]
    assert report.valid, "\n".join(errors[:20])


def _missing_column(data):
    drop_column(data / HEFEI / "facts.csv", "confidence")


def _duplicate_source(data):
    path = data / HEFEI / "sources.csv"
    recs = rows(path)
    recs[4]["source_id"] = recs[1]["source_id"]
    write(path, recs)


BROKEN = {
    "wrong type": lambda d: edit(d, f"{HEFEI}/coding.csv", 4, "strength", "strong"),
    "out of range": lambda d: edit(d, f"{HEFEI}/coding.csv", 5, "strength", "4"),
    "not in the vocabulary": lambda d: edit(d, f"{HEFEI}/relations.csv", 2, "phase", "aftermath"),
    "id pattern": lambda d: edit(d, f"{HEFEI}/facts.csv", 2, "fact_id", "hf 01"),
    "required value empty": lambda d: edit(d, f"{HEFEI}/facts.csv", 3, "claim", ""),
    "duplicate key": _duplicate_source,
    "dangling reference": lambda d: edit(d, f"{HEFEI}/relations.csv", 3, "target", "nobody_at_all"),
    "missing column": _missing_column,
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_both_validators_reject_a_broken_input(data_copy, name):
    BROKEN[name](data_copy)
    assert validate_package(data_copy), f"the project's validator accepts: {name}"
    assert not standard_report(data_copy).valid, f"the standard's validator accepts: {name}"
