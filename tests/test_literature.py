"""Tests of analysis.literature on small hand-made corpora, plus one run on the project data."""
from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from analysis import literature as lit
from analysis.style import svg_bytes


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def corpus_frame(rows):
    """rows: (key, year, language, school, themes-tuple)."""
    return pd.DataFrame([{"key": k, "year": y, "language": lang, "entry_type": "article", "school": s, "themes": t,
                          "region": "international", "coding_note": None} for k, y, lang, s, t in rows])


CORPUS = corpus_frame([
    ("a1", 1991, "en", "npm", ("npm",)),
    ("a2", 1998, "en", "npm", ("npm", "accountability")),
    ("a3", 2001, "en", "contracting", ("contracting_out", "npm", "accountability")),
    ("a4", 2001, "zh", "china", ("china_pos", "social_orgs")),
    ("a5", 2012, "zh", "china", ("china_pos", "social_orgs", "accountability")),
    ("a6", 2012, "en", "china", ("social_orgs", "china_pos")),
])
ONE_THEME = corpus_frame([
    ("b1", 2010, "en", "pv", ("public_value",)),
    ("b2", 2011, "en", "pv", ("public_value", "public_value")),
])
EMPTY = CORPUS.iloc[:0]


# ----------------------------------------------------------------------------- counts

def test_corpus_by_year_school():
    t = lit.corpus_by_year_school(CORPUS)
    assert t.index.tolist() == [1991, 1998, 2001, 2012]
    assert t.columns.tolist() == ["china", "contracting", "npm"]
    assert t.loc[2001].tolist() == [1, 1, 0]
    assert t.loc[2012].tolist() == [2, 0, 0]
    assert int(t.to_numpy().sum()) == 6
    assert lit.corpus_by_year_school(EMPTY).empty


def test_corpus_by_period_school_includes_empty_periods():
    t = lit.corpus_by_period_school(CORPUS, width=5)
    assert t.index.tolist() == ["1990-1994", "1995-1999", "2000-2004", "2005-2009", "2010-2014"]
    assert t.loc["2005-2009"].tolist() == [0, 0, 0]
    assert t.loc["2000-2004"].tolist() == [1, 1, 0]
    assert t.loc["1995-1999", "npm"] == 1
    assert lit.corpus_by_period_school(CORPUS, width=10).index.tolist() == ["1990-1999", "2000-2009", "2010-2019"]
    assert lit.corpus_by_period_school(EMPTY).empty
    with pytest.raises(ValueError, match="width must be a positive"):
        lit.corpus_by_period_school(CORPUS, width=0)


def test_corpus_counts_with_totals():
    c = lit.corpus_counts(CORPUS)
    assert c.index.tolist() == ["china", "contracting", "npm", "total"]
    assert c.columns.tolist() == ["en", "zh", "total"]
    assert c.loc["china"].tolist() == [1, 2, 3]
    assert c.loc["npm"].tolist() == [2, 0, 2]
    assert c.loc["total"].tolist() == [4, 2, 6]
    e = lit.corpus_counts(EMPTY)
    assert e.loc["total", "total"] == 0


def test_school_order_and_pretty():
    assert lit.school_order(CORPUS) == ["china", "npm", "contracting"]
    assert lit.pretty("chinese_purchase_of_services") == "Chinese purchase of services"
    assert lit.pretty("npm") == "NPM" and lit.pretty("critique_of_npm") == "Critique of NPM"


# ----------------------------------------------------------------------------- themes

def test_theme_cooccurrence_counts_and_weights():
    G = lit.theme_cooccurrence(CORPUS)
    assert list(G.nodes) == sorted(G.nodes)
    assert dict(G.nodes(data="count")) == {"accountability": 3, "china_pos": 3, "contracting_out": 1, "npm": 3,
                                           "social_orgs": 3}
    assert G["china_pos"]["social_orgs"]["weight"] == 3
    assert G["accountability"]["npm"]["weight"] == 2
    assert G["contracting_out"]["npm"]["weight"] == 1
    assert G.number_of_edges() == 6
    assert not G.has_edge("npm", "social_orgs")


def test_theme_cooccurrence_accepts_strings_and_one_theme():
    G = lit.theme_cooccurrence(ONE_THEME)
    assert dict(G.nodes(data="count")) == {"public_value": 2}                    # duplicate within a work counts once
    assert G.number_of_edges() == 0
    as_text = pd.DataFrame({"themes": ["b;a", "a", ""]})
    H = lit.theme_cooccurrence(as_text)
    assert dict(H.nodes(data="count")) == {"a": 2, "b": 1} and H["a"]["b"]["weight"] == 1
    assert lit.theme_cooccurrence(EMPTY).number_of_nodes() == 0


def test_theme_network_table_order():
    table = lit.theme_network_table(lit.theme_cooccurrence(CORPUS))
    assert table.columns.tolist() == ["theme_a", "theme_b", "weight"]
    assert table.iloc[0].tolist() == ["china_pos", "social_orgs", 3]
    assert table["weight"].tolist() == [3, 2, 1, 1, 1, 1]
    assert table.iloc[1].tolist() == ["accountability", "npm", 2]
    ones = table[table["weight"] == 1]
    assert list(zip(ones["theme_a"], ones["theme_b"])) == [("accountability", "china_pos"),
                                                           ("accountability", "contracting_out"),
                                                           ("accountability", "social_orgs"),
                                                           ("contracting_out", "npm")]
    assert list(zip(ones["theme_a"], ones["theme_b"])) == sorted(zip(ones["theme_a"], ones["theme_b"]))
    assert (table["theme_a"] < table["theme_b"]).all()
    assert lit.theme_network_table(lit.theme_cooccurrence(ONE_THEME)).empty


def test_circular_positions_sorted_clockwise_from_top():
    pos = lit.circular_positions(["d", "b", "a", "c"])
    assert pos["a"] == (0.0, 1.0) and pos["b"] == (1.0, 0.0)
    assert pos["c"] == (0.0, -1.0) and pos["d"] == (-1.0, 0.0)


# ----------------------------------------------------------------------------- drawing

def test_draw_corpus_by_year_elements():
    fig = lit.draw_corpus_by_year(CORPUS)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Publication period" and ax.get_ylabel() == "Number of works"
    assert len(ax.patches) == 3 * 5                                             # schools x periods
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1990-1994", "1995-1999", "2000-2004", "2005-2009",
                                                            "2010-2014"]
    totals = [t.get_text() for t in ax.texts if t.get_text().isdigit()]
    assert totals == ["1", "1", "2", "0", "2"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["China (3)", "NPM (2)", "Contracting (1)"]
    assert any("6 works published 1991-2012" in t.get_text() for t in ax.texts)


def test_draw_corpus_by_year_empty_and_deterministic():
    assert "no works" in [t.get_text() for t in lit.draw_corpus_by_year(EMPTY).axes[0].texts]
    assert svg_bytes(lit.draw_corpus_by_year(CORPUS)) == svg_bytes(lit.draw_corpus_by_year(CORPUS))


def test_draw_theme_network_elements():
    G = lit.theme_cooccurrence(CORPUS)
    fig = lit.draw_theme_network(G)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(nodes) == 1 and len(nodes[0].get_offsets()) == 5
    sizes = list(nodes[0].get_sizes())
    assert sizes[2] < sizes[0]                                  # contracting_out (1) < accountability (3)
    assert len(ax.lines) == 6                                                   # one line per edge
    widths = {round(line.get_linewidth(), 2) for line in ax.lines}
    assert widths == {round(0.6 + 5.4 / 3, 2), round(0.6 + 5.4 * 2 / 3, 2), 6.0}
    labels = [t.get_text() for t in ax.texts if "(" in t.get_text() and "Node area" not in t.get_text()]
    assert labels == ["Accountability (3)", "China pos (3)", "Contracting out (1)", "NPM (3)", "Social orgs (3)"]
    assert ax.get_legend() is not None


def test_draw_theme_network_one_theme_and_empty():
    fig = lit.draw_theme_network(lit.theme_cooccurrence(ONE_THEME))
    ax = fig.axes[0]
    assert len(ax.lines) == 0 and ax.get_legend() is None
    assert "Public value (2)" in [t.get_text() for t in ax.texts]
    assert "no themes" in [t.get_text() for t in lit.draw_theme_network(nx.Graph()).axes[0].texts]


def test_draw_theme_network_deterministic():
    G = lit.theme_cooccurrence(CORPUS)
    assert svg_bytes(lit.draw_theme_network(G)) == svg_bytes(lit.draw_theme_network(lit.theme_cooccurrence(CORPUS)))


# ----------------------------------------------------------------------------- project data

def test_project_data_literature():
    from analysis import load
    corpus = load.load_corpus()
    counts = lit.corpus_counts(corpus)
    assert counts.loc["total", "total"] == len(corpus)
    assert counts.loc["total"].drop("total").sum() == len(corpus)
    assert int(lit.corpus_by_year_school(corpus).to_numpy().sum()) == len(corpus)
    assert int(lit.corpus_by_period_school(corpus).to_numpy().sum()) == len(corpus)
    G = lit.theme_cooccurrence(corpus)
    codebook = load.load_corpus_codebook()
    assert set(G.nodes) <= set(codebook.loc[codebook["field"] == "theme", "value"])
    assert sum(c for _, c in G.nodes(data="count")) == sum(len(set(t)) for t in corpus["themes"])
    table = lit.theme_network_table(G)
    assert table["weight"].is_monotonic_decreasing
    assert int(table["weight"].sum()) == sum(len(set(t)) * (len(set(t)) - 1) // 2 for t in corpus["themes"])
