"""What the loaders read: one case's chapter depends on that case alone, and validation is not repeated needlessly."""
from __future__ import annotations

import pytest

from analysis import load
from analysis.validate import DataValidationError
from helpers import edit


def test_load_case_reads_only_its_own_case(data_copy, monkeypatch):
    read = []
    original = load.read_table
    monkeypatch.setattr(load, "read_table", lambda path, schema: read.append(path) or original(path, schema))
    load.load_case("hefei-brt-shelter-collapse", data_copy)
    folders = {p.parent.name for p in read}
    assert folders == {"hefei-brt-shelter-collapse"}, folders
    read.clear()
    load.load_cases(data_copy)
    assert {p.parent.name for p in read} >= set(load.list_cases(data_copy)) - {"hefei-brt-shelter-collapse"}


def test_validation_is_skipped_only_for_the_package_the_build_validated(data_copy, monkeypatch):
    edit(data_copy, "cases/hefei-brt-shelter-collapse/facts.csv", 2, "fact_id", "not an id")
    monkeypatch.setenv(load.PREVALIDATED_ENV, "0" * 64)               # some other state of the data
    with pytest.raises(DataValidationError):
        load.load_case("hefei-brt-shelter-collapse", data_copy)
    monkeypatch.setenv(load.PREVALIDATED_ENV, load.fingerprint_digest(data_copy))
    calls = []
    monkeypatch.setattr(load, "validate_package", lambda d: calls.append(d) or [])
    load._checked.cache_clear()
    load.check(data_copy)
    assert calls == []                                                 # trusted: this exact state was validated
    edit(data_copy, "cases/hefei-brt-shelter-collapse/facts.csv", 3, "fact_id", "also not an id")
    load.check(data_copy)                                              # the data changed since: validated again
    assert calls == [data_copy]
