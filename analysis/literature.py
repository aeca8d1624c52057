"""The coded literature corpus: counts by year, school and language, and the theme co-occurrence network.

Data functions return DataFrames or a :class:`networkx.Graph`; drawing functions (``draw_*``)
return a :class:`matplotlib.figure.Figure` and never show or save it.

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"key": ["a", "b"], "year": [2001, 2003], "language": ["en", "zh"],
...                        "school": ["x", "y"], "themes": [("t1", "t2"), ("t2",)]})
>>> G = theme_cooccurrence(corpus)
>>> sorted(G.nodes(data="count")), list(G.edges(data="weight"))
([('t1', 1), ('t2', 2)], [('t1', 't2', 1)])
"""
from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import OKABE_ITO, add_note, require_columns

#: fixed colour order for schools (Okabe-Ito); schools are ordered by size, then name
SCHOOL_PALETTE = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"],
                  OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"], OKABE_ITO["yellow"], OKABE_ITO["grey"],
                  OKABE_ITO["black"])
_HATCHES = ("", "//", "..", "xx")
_ABBREVIATIONS = {"npm": "NPM", "nps": "NPS"}
_SMALL = 9.5
_TITLE_SIZE = 11.5




def _themes(value) -> tuple[str, ...]:
    """Themes of one work as a sorted tuple without duplicates (accepts a tuple/list or a ';' string)."""
    if isinstance(value, str):
        items = [v for v in value.split(";") if v]
    elif value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)):
        items = []
    else:
        items = [str(v) for v in value if str(v)]
    return tuple(sorted(set(items)))


def pretty(code: str) -> str:
    """Readable English label for a school or theme code.

    >>> pretty("chinese_purchase_of_services"), pretty("npm")
    ('Chinese purchase of services', 'NPM')
    """
    if code in _ABBREVIATIONS:
        return _ABBREVIATIONS[code]
    words = [_ABBREVIATIONS.get(w, w) for w in str(code).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def school_order(corpus: pd.DataFrame) -> list[str]:
    """Schools by number of works (descending), ties by name.

    >>> school_order(pd.DataFrame({"school": ["b", "a", "b", "c"]}))
    ['b', 'a', 'c']
    """
    require_columns(corpus, ("school",), "corpus")
    counts = corpus["school"].astype(str).value_counts()
    return sorted(counts.index, key=lambda s: (-int(counts[s]), s))


# ----------------------------------------------------------------------------- counts

def corpus_by_year_school(corpus: pd.DataFrame) -> pd.DataFrame:
    """Number of works per publication year and school.

    Input: corpus with columns year, school. Output: DataFrame of int counts, index ``year``
    (years that occur, ascending), columns the schools (alphabetical), zeros where none.

    >>> c = pd.DataFrame({"year": [2001, 2001, 1999], "school": ["b", "a", "a"]})
    >>> corpus_by_year_school(c).to_dict("index")
    {1999: {'a': 1, 'b': 0}, 2001: {'a': 1, 'b': 1}}
    """
    require_columns(corpus, ("year", "school"), "corpus")
    frame = pd.DataFrame({"year": corpus["year"].astype("int64"), "school": corpus["school"].astype(str)})
    table = pd.crosstab(frame["year"], frame["school"])
    table = table.reindex(index=sorted(table.index), columns=sorted(table.columns), fill_value=0).astype("int64")
    table.index.name, table.columns.name = "year", "school"
    return table


def corpus_by_period_school(corpus: pd.DataFrame, width: int = 5) -> pd.DataFrame:
    """Number of works per period of ``width`` years and school.

    Periods start at multiples of ``width`` (1985-1989, 1990-1994, ...) and run without gaps from the
    first to the last year present, so empty periods show as zero rows. Output index: labels like
    '1985-1989' (a single year when width is 1); columns: schools (alphabetical).

    >>> c = pd.DataFrame({"year": [1991, 1999, 1998], "school": ["a", "a", "b"]})
    >>> corpus_by_period_school(c).to_dict("index")
    {'1990-1994': {'a': 1, 'b': 0}, '1995-1999': {'a': 1, 'b': 1}}
    """
    if width < 1:
        raise ValueError(f"width must be a positive number of years, not {width}")
    by_year = corpus_by_year_school(corpus)
    if by_year.empty:
        return pd.DataFrame(columns=by_year.columns, dtype="int64").rename_axis("period")
    first = (int(by_year.index.min()) // width) * width
    last = int(by_year.index.max())
    starts = list(range(first, last + 1, width))
    label = (lambda s: str(s)) if width == 1 else (lambda s: f"{s}-{s + width - 1}")
    rows = {label(s): by_year.loc[(by_year.index >= s) & (by_year.index < s + width)].sum() for s in starts}
    out = pd.DataFrame(rows).T.reindex(columns=by_year.columns, fill_value=0).astype("int64")
    out.index.name, out.columns.name = "period", "school"
    return out


def corpus_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Works by school (rows) and language (columns), with totals.

    Input: corpus with columns school, language. Output: int DataFrame, rows the schools
    (alphabetical) then 'total'; columns the languages (alphabetical) then 'total'.

    >>> c = pd.DataFrame({"school": ["a", "a", "b"], "language": ["en", "zh", "en"]})
    >>> corpus_counts(c).to_dict("index")
    {'a': {'en': 1, 'zh': 1, 'total': 2}, 'b': {'en': 1, 'zh': 0, 'total': 1}, 'total': {'en': 2, 'zh': 1, 'total': 3}}
    """
    require_columns(corpus, ("school", "language"), "corpus")
    frame = pd.DataFrame({"school": corpus["school"].astype(str), "language": corpus["language"].astype(str)})
    table = pd.crosstab(frame["school"], frame["language"])
    table = table.reindex(index=sorted(table.index), columns=sorted(table.columns), fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1).astype("int64")
    table.loc["total"] = table.sum(axis=0).astype("int64")
    table.index.name, table.columns.name = "school", "language"
    return table.astype("int64")


# ----------------------------------------------------------------------------- themes

def theme_cooccurrence(corpus: pd.DataFrame) -> nx.Graph:
    """Graph of themes: nodes are themes, edges join themes that some work has together.

    Input: corpus with a ``themes`` column (tuples of theme codes, or ';'-separated strings).
    Output: :class:`networkx.Graph`; node attribute ``count`` = works with that theme, edge attribute
    ``weight`` = works with both themes. Nodes and edges are added in sorted order, so iteration is
    deterministic. A theme listed twice in one work counts once.

    >>> c = pd.DataFrame({"themes": [("b", "a"), ("a",), ("a", "c", "b")]})
    >>> G = theme_cooccurrence(c)
    >>> dict(G.nodes(data="count")), G["a"]["b"]["weight"]
    ({'a': 3, 'b': 2, 'c': 1}, 2)
    """
    require_columns(corpus, ("themes",), "corpus")
    counts: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for value in corpus["themes"]:
        themes = _themes(value)
        for t in themes:
            counts[t] = counts.get(t, 0) + 1
        for a, b in itertools.combinations(themes, 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    G = nx.Graph()
    for t in sorted(counts):
        G.add_node(t, count=counts[t])
    for (a, b) in sorted(pairs):
        G.add_edge(a, b, weight=pairs[(a, b)])
    return G


def theme_network_table(G: nx.Graph) -> pd.DataFrame:
    """Edges of a theme graph as a table, heaviest first.

    Input: a graph from :func:`theme_cooccurrence`. Output: DataFrame with columns theme_a, theme_b
    (theme_a < theme_b alphabetically) and weight, sorted by weight descending, then theme_a, theme_b.

    >>> G = nx.Graph(); G.add_edge("b", "a", weight=1); G.add_edge("c", "a", weight=2)
    >>> theme_network_table(G).values.tolist()
    [['a', 'c', 2], ['a', 'b', 1]]
    """
    rows = []
    for u, v, w in G.edges(data="weight", default=1):
        a, b = sorted((str(u), str(v)))
        rows.append({"theme_a": a, "theme_b": b, "weight": int(w)})
    rows.sort(key=lambda r: (-r["weight"], r["theme_a"], r["theme_b"]))
    out = pd.DataFrame(rows, columns=["theme_a", "theme_b", "weight"])
    out["weight"] = out["weight"].astype("int64")
    return out


# ----------------------------------------------------------------------------- drawing

def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def draw_corpus_by_year(corpus: pd.DataFrame, width: int = 5):
    """Stacked bars of works per period of ``width`` years (default 5), coloured by school.

    Input: corpus with columns year, school. Output: a Figure; schools are stacked largest first
    (Okabe-Ito colours in a fixed order, hatching added if there are more than 9 schools), the total
    is written above each bar, and a footnote states the binning and the corpus size.
    An empty corpus gives a figure that says 'no works'.

    >>> c = pd.DataFrame({"year": [1991, 1999, 1998], "school": ["a", "a", "b"]})
    >>> len(draw_corpus_by_year(c).axes[0].patches)
    4
    """
    fig, ax = plt.subplots(figsize=(5.6, 3.9))
    ax.set_title("Literature corpus by publication period and school", fontsize=_TITLE_SIZE, loc="left")
    ax.set_xlabel("Publication period")
    ax.set_ylabel("Number of works")
    table = corpus_by_period_school(corpus, width)
    if table.empty:
        _empty(ax, "no works")
        return fig
    order = school_order(corpus)
    x = list(range(len(table)))
    bottom = [0] * len(table)
    handles = []
    for i, school in enumerate(order):
        colour = SCHOOL_PALETTE[i % len(SCHOOL_PALETTE)]
        hatch = _HATCHES[(i // len(SCHOOL_PALETTE)) % len(_HATCHES)] or None
        vals = table[school].tolist()
        ax.bar(x, vals, bottom=bottom, width=0.72, color=colour, edgecolor="white", linewidth=0.5, hatch=hatch,
               zorder=2)
        bottom = [b + v for b, v in zip(bottom, vals)]
        handles.append(Patch(facecolor=colour, edgecolor="white", hatch=hatch,
                             label=f"{pretty(school)} ({int(table[school].sum())})"))
    for xi, total in zip(x, bottom):
        ax.text(xi, total + max(bottom) * 0.015, str(total), ha="center", va="bottom", fontsize=9.5)
    ax.set_xticks(x, list(table.index), fontsize=9.5, rotation=35, ha="right", rotation_mode="anchor")
    ax.set_ylim(0, max(bottom) * 1.12)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6, zorder=0)
    ax.legend(handles=handles, title="School (works)", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=_SMALL, title_fontsize=_SMALL, frameon=False, borderaxespad=0.0)
    years = corpus["year"].astype("int64")
    add_note(ax, f"{len(corpus)} works published {int(years.min())}-{int(years.max())}, counted in {width}-year periods "
             f"by publication year; each work is coded to one school.", -62, _SMALL, width=70)
    return fig


def circular_positions(nodes) -> dict[str, tuple[float, float]]:
    """Positions on the unit circle for nodes in sorted order, starting at the top, clockwise.

    >>> circular_positions(["b", "a"])["a"]
    (0.0, 1.0)
    """
    ordered = sorted(nodes)
    n = len(ordered)
    return {node: (round(math.sin(2 * math.pi * i / n), 12), round(math.cos(2 * math.pi * i / n), 12))
            for i, node in enumerate(ordered)}


def draw_theme_network(G: nx.Graph, title: str = "Co-occurrence of themes in the literature corpus"):
    """Draw a theme graph on a circle (nodes in sorted order, clockwise from the top).

    Input: a graph from :func:`theme_cooccurrence`. Output: a Figure; node area grows with the
    node's ``count``, edge width with its ``weight``; each node is labelled with its readable name
    and count; a legend shows sample edge widths. An empty graph gives a figure saying 'no themes'.

    >>> G = nx.Graph(); G.add_node("a", count=2); G.add_node("b", count=1); G.add_edge("a", "b", weight=1)
    >>> sorted(t.get_text() for t in draw_theme_network(G).axes[0].texts)[:2]
    ['A (2)', 'B (1)']
    """
    fig, ax = plt.subplots(figsize=(7.0, 6.2))
    ax.set_title(title, fontsize=_TITLE_SIZE, loc="left")
    ax.set_aspect("equal")
    ax.set_xlabel("")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if G.number_of_nodes() == 0:
        _empty(ax, "no themes")
        return fig
    pos = circular_positions(G.nodes)
    nodes = sorted(G.nodes)
    counts = [int(G.nodes[n].get("count", 1)) for n in nodes]
    edges = sorted((tuple(sorted((str(u), str(v)))) + (int(w),) for u, v, w in G.edges(data="weight", default=1)),
                   key=lambda e: (e[2], e[0], e[1]))
    max_w = max([e[2] for e in edges], default=1)
    for a, b, w in edges:  # lighter edges first, heavier drawn on top
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color=OKABE_ITO["grey"],
                linewidth=0.6 + 5.4 * w / max_w, alpha=0.55, solid_capstyle="round", zorder=1)
    max_c = max(counts)
    sizes = [40 + 700 * c / max_c for c in counts]
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=sizes, color=OKABE_ITO["blue"],
               edgecolors="white", linewidths=0.8, zorder=2)
    for n, c in zip(nodes, counts):
        x, y = pos[n]
        r = 1.17 if len(nodes) > 1 else 0.0
        ha = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
        lx, ly = (x * r, y * r) if len(nodes) > 1 else (0.0, -0.25)
        ax.text(lx, ly, f"{pretty(n)} ({c})", ha=ha, va="center", fontsize=9.5)
    ax.set_xlim(-1.85, 1.85)
    ax.set_ylim(-1.3, 1.3)
    ax.set_xticks([])
    ax.set_yticks([])
    samples = sorted({1, max(1, round(max_w / 2)), max_w})
    handles = [Line2D([], [], color=OKABE_ITO["grey"], alpha=0.55, linewidth=0.6 + 5.4 * w / max_w,
                      label=f"{w} work{'s' if w != 1 else ''}") for w in samples] if edges else []
    if handles:
        ax.legend(handles=handles, title="Edge width:\nworks sharing\nboth themes", loc="lower left",
                  bbox_to_anchor=(1.0, 0.0), fontsize=_SMALL,
                  title_fontsize=_SMALL, frameon=False)
    add_note(ax, "Node area grows with the number of works coded with the theme (in brackets); "
             "a work can carry several themes.", -6, _SMALL, width=70)
    return fig
