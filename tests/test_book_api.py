"""Every public function of analysis.book returns a captioned table or an SVG figure, with unique labels."""
from __future__ import annotations

import inspect

import pytest

from analysis import book, load
from analysis.display import Table
from analysis.style import SVGFigure

FUNCTIONS = [(n, f) for n, f in inspect.getmembers(book, inspect.isfunction)
             if not n.startswith("_") and f.__module__ == "analysis.book" and n != "figure_registry"]


def call(name, fn, case_id):
    params = list(inspect.signature(fn).parameters)
    if params and params[0] == "case_id":
        return fn(case_id, "support") if name == "case_evidence" else fn(case_id)
    if params and params[0] == "kind":
        return fn("dimension")
    return fn()


@pytest.mark.parametrize("name,fn", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_returns_table_or_figure(name, fn):
    out = call(name, fn, load.list_cases()[0])
    assert isinstance(out, (Table, SVGFigure)), f"{name} returned {type(out).__name__}"
    if isinstance(out, Table):
        assert out.caption.endswith(".") and out.name.startswith("tbl-")
        md = out._repr_markdown_()
        assert md.startswith("```{table}") and f":name: {out.name}" in md
        assert "<table" in out._repr_html_()
    else:
        assert out._repr_svg_().lstrip().startswith("<?xml")


def test_table_labels_are_unique_across_cases():
    names = []
    for case_id in load.list_cases():
        for name, fn in FUNCTIONS:
            out = call(name, fn, case_id)
            if isinstance(out, Table) and (inspect.signature(fn).parameters and
                                           list(inspect.signature(fn).parameters)[0] == "case_id"):
                names.append(out.name)
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_empty_table_renders_a_note():
    import pandas as pd
    t = Table(pd.DataFrame({"a": []}), "Empty.", "tbl-empty")
    assert "This table is empty" in t._repr_markdown_() and "This table is empty" in t._repr_html_()
    with pytest.raises(ValueError, match="must start with 'tbl-'"):
        Table(pd.DataFrame({"a": [1]}), "Bad.", "bad-name")
