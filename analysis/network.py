"""Actor networks of a case: build, measure by phase, find brokers, measure participation, draw.

A case's actors are nodes and its relations are directed edges of a :class:`networkx.MultiDiGraph`
(one edge per relation, keyed by ``relation_id``), with every column kept as an attribute.

Example
-------
>>> import pandas as pd
>>> actors = pd.DataFrame({"actor_id": ["gov", "firm", "users"], "name_en": ["Bureau", "Firm", "Users"],
...     "type": ["government_purchaser", "provider_firm", "service_user"],
...     "sector": ["government", "market", "public"], "scope": ["case"] * 3})
>>> relations = pd.DataFrame({"relation_id": ["R1", "R2"], "source": ["gov", "firm"], "target": ["firm", "users"],
...     "relation": ["contracts", "delivers_service_to"], "phase": ["contracting", "delivery"], "scope": ["case"] * 2})
>>> G = build_network(actors, relations)
>>> G.number_of_nodes(), G.number_of_edges()
(3, 2)
>>> float(participation_by_phase(G).loc["delivery", "share_involving_public"])
1.0
"""
from __future__ import annotations

import textwrap
from collections import deque

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from .style import OKABE_ITO, PHASE_COLOURS, PHASE_ORDER, SECTOR_COLOURS, SECTOR_ORDER

PHASE_STYLES = {"contracting": "solid", "delivery": (0, (5, 2)), "incident": (0, (1, 1.5)), "response": (0, (4, 1.5, 1, 1.5)),
                "not set": (0, (0.5, 2.5))}
PUBLIC_SECTOR = "public"
#: Sector of an actor or phase of a tie that has not been coded yet (an imported case).
NOT_SET = "not set"


def build_network(actors: pd.DataFrame, relations: pd.DataFrame, include_alternative: bool = False) -> nx.MultiDiGraph:
    """Directed multigraph of actors (nodes) and relations (edges keyed by ``relation_id``).

    Rows with ``scope == 'alternative'`` are left out unless ``include_alternative`` is true.
    Every column of ``actors`` and ``relations`` becomes a node or edge attribute. A missing sector or phase
    (an imported case not coded yet) becomes ``"not set"``; ``G.graph["unphased"]`` counts such ties.
    Raises ``ValueError`` when a relation names an actor that is not in ``actors``.
    """
    if not include_alternative and "scope" in actors:
        actors = actors[actors["scope"] != "alternative"]
    if not include_alternative and "scope" in relations:
        relations = relations[relations["scope"] != "alternative"]
    G = nx.MultiDiGraph()
    for rec in actors.sort_values("actor_id").to_dict("records"):
        if _missing(rec.get("sector")):
            rec["sector"] = NOT_SET
        G.add_node(rec["actor_id"], **{k: v for k, v in rec.items() if k != "actor_id"})
    unphased = 0
    for rec in relations.sort_values("relation_id").to_dict("records"):
        if _missing(rec.get("phase")):
            rec["phase"] = NOT_SET
            unphased += 1
        for end in ("source", "target"):
            if rec[end] not in G:
                raise ValueError(f"relation {rec['relation_id']}: {end} '{rec[end]}' is not an actor of this network")
        G.add_edge(rec["source"], rec["target"], key=rec["relation_id"],
                   **{k: v for k, v in rec.items() if k not in ("source", "target", "relation_id")})
    G.graph["unphased"] = unphased
    return G


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def actor_network(case, include_alternative: bool = False) -> nx.MultiDiGraph:
    """The actor network of a loaded :class:`~analysis.load.Case`."""
    G = build_network(case.actors, case.relations, include_alternative=include_alternative)
    G.graph["case_id"] = case.case_id
    return G


def phase_network(G: nx.MultiDiGraph, phase: str | None) -> nx.MultiDiGraph:
    """The ties of one phase and the actors they join (``phase=None``: the whole network, isolates included)."""
    if phase is None:
        return G.copy()
    edges = [(u, v, k) for u, v, k, p in G.edges(keys=True, data="phase") if p == phase]
    return G.edge_subgraph(edges).copy()


def _simple_undirected(G) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    return H


def network_metrics(G: nx.MultiDiGraph) -> dict:
    """Size, density and components of a network.

    ``density`` is that of the simple directed graph (parallel ties counted once), 0 for fewer than two actors.
    """
    n = G.number_of_nodes()
    simple = nx.DiGraph(G)
    return {
        "actors": n,
        "ties": G.number_of_edges(),
        "distinct_pairs": simple.number_of_edges(),
        "density": round(nx.density(simple), 3) if n > 1 else 0.0,
        "components": nx.number_weakly_connected_components(G) if n else 0,
        "isolates": nx.number_of_isolates(G),
    }


def centrality_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Per actor: sector, ties, degree centrality and betweenness (undirected, simple), cross-sector brokerage.

    Sorted by betweenness, then degree, then actor id (all descending except the id).
    """
    cols = ["actor_id", "name_en", "sector", "ties", "degree_centrality", "betweenness", "cross_sector_brokerage", "broker"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    H = _simple_undirected(G)
    deg = nx.degree_centrality(H) if H.number_of_nodes() > 1 else {n: 0.0 for n in H}
    btw = nx.betweenness_centrality(H, normalized=True)
    cross = cross_sector_brokerage(G)
    rows = []
    for node, data in sorted(G.nodes(data=True)):
        rows.append({"actor_id": node, "name_en": data.get("name_en", node), "sector": data.get("sector"),
                     "ties": G.degree(node), "degree_centrality": round(deg[node], 3), "betweenness": round(btw[node], 3),
                     "cross_sector_brokerage": round(cross[node], 3), "broker": cross[node] > 0})
    table = pd.DataFrame(rows, columns=cols)
    return table.sort_values(["betweenness", "ties", "actor_id"], ascending=[False, False, True]).reset_index(drop=True)


def cross_sector_brokerage(G: nx.MultiDiGraph) -> dict:
    """For each actor, the share of shortest paths between actors of *different* sectors that pass through it.

    Computed on the undirected simple graph over all pairs of actors whose sectors differ; 0 for every actor
    when no such pair is connected. An actor with a value above 0 brokers between sectors.
    Each connected pair weighs 1, shared equally among its shortest paths. One breadth-first search per actor
    (Brandes' accumulation, restricted to the pairs whose sectors differ), over actors and ties in sorted order, so
    the sums are always made in the same order.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("a", {"sector": "state"}), ("b", {"sector": "market"}), ("c", {"sector": "society"})])
    >>> G.add_edges_from([("a", "b"), ("b", "c")])
    [0, 0]
    >>> cross_sector_brokerage(G)
    {'a': 0.0, 'b': 0.3333333333333333, 'c': 0.0}
    """
    H = _simple_undirected(G)
    order = sorted(H)
    rank = {n: i for i, n in enumerate(order)}
    sectors = nx.get_node_attributes(H, "sector")
    score = {n: 0.0 for n in order}
    pairs = 0
    for u in order:
        sigma, preds, dist, stack = {u: 1}, {u: []}, {u: 0}, []
        queue = deque([u])
        while queue:                                     # shortest-path counts from u
            x = queue.popleft()
            stack.append(x)
            for y in H[x]:
                if y not in dist:
                    dist[y] = dist[x] + 1
                    sigma[y], preds[y] = 0, []
                    queue.append(y)
                if dist[y] == dist[x] + 1:
                    sigma[y] += sigma[x]
                    preds[y].append(x)
        targets = {v for v in dist if rank[v] > rank[u] and sectors.get(v) != sectors.get(u)}
        pairs += len(targets)
        delta = {x: 0.0 for x in stack}
        for x in reversed(stack):                        # dependencies of u on each actor, farthest first
            weight = (1 if x in targets else 0) + delta[x]
            for p in preds[x]:
                delta[p] += sigma[p] / sigma[x] * weight
            if x != u:
                score[x] += delta[x]
    return {n: (s / pairs if pairs else 0.0) for n, s in score.items()}


def brokers(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Actors that broker between sectors (cross-sector brokerage above 0), strongest first."""
    table = centrality_table(G)
    table = table[table["broker"]].sort_values(["cross_sector_brokerage", "actor_id"], ascending=[False, True])
    return table[["actor_id", "name_en", "sector", "cross_sector_brokerage"]].reset_index(drop=True)


def _tie_involves_public(G, u, v) -> bool:
    return G.nodes[u].get("sector") == PUBLIC_SECTOR or G.nodes[v].get("sector") == PUBLIC_SECTOR


def participation_by_phase(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Share of ties per phase that involve service users, families or the public (sector ``public``).

    Columns: ``ties``; ``ties_involving_public`` and ``share_involving_public`` (either end is public);
    ``ties_public_acting`` and ``share_public_acting`` (the public actor is the source of the tie: it complains,
    reports, cooperates, rather than being served or harmed). Share is ``NaN`` for a phase with no ties.
    The last row, ``all``, covers the whole network.
    """
    rows = []
    phases = (*PHASE_ORDER, *([NOT_SET] if G.graph.get("unphased") else []), "all")
    for phase in phases:
        edges = [(u, v) for u, v, p in G.edges(data="phase") if phase == "all" or p == phase]
        involving = sum(_tie_involves_public(G, u, v) for u, v in edges)
        acting = sum(G.nodes[u].get("sector") == PUBLIC_SECTOR for u, v in edges)
        n = len(edges)
        rows.append({"phase": phase, "ties": n, "ties_involving_public": involving,
                     "share_involving_public": round(involving / n, 3) if n else float("nan"),
                     "ties_public_acting": acting, "share_public_acting": round(acting / n, 3) if n else float("nan")})
    return pd.DataFrame(rows).set_index("phase")


def public_tie_before_incident(G: nx.MultiDiGraph) -> dict:
    """Whether the public took part before the incident.

    Returns ``{"any_tie": bool, "public_acting": bool}``: ``any_tie`` is true when a contracting or delivery tie
    involves a public actor at all (for example being served); ``public_acting`` when a public actor is the
    source of such a tie (a voice in the purchase or its delivery).
    """
    before = [(u, v) for u, v, p in G.edges(data="phase") if p in ("contracting", "delivery")]
    return {"any_tie": any(_tie_involves_public(G, u, v) for u, v in before),
            "public_acting": any(G.nodes[u].get("sector") == PUBLIC_SECTOR for u, v in before)}


def metrics_by_phase(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Size, density, components, the most central actor and participation, for each phase and for all ties.

    The most central actor is the one with the highest betweenness (ties broken by degree, then id);
    empty when the phase has no ties.
    """
    part = participation_by_phase(G)
    rows = []
    for phase in part.index:
        sub = phase_network(G, None if phase == "all" else phase)
        m = network_metrics(sub)
        cent = centrality_table(sub)
        top = cent.iloc[0]["actor_id"] if len(cent) and cent.iloc[0]["betweenness"] > 0 else ""
        top_degree = cent.sort_values(["ties", "actor_id"], ascending=[False, True]).iloc[0]["actor_id"] if len(cent) else ""
        rows.append({"phase": phase, **m, "most_ties": top_degree, "top_broker": top,
                     "share_involving_public": part.loc[phase, "share_involving_public"],
                     "share_public_acting": part.loc[phase, "share_public_acting"]})
    return pd.DataFrame(rows).set_index("phase")


# ---------------------------------------------------------------- drawing

def short_label(name: str, width: int = 18) -> str:
    """A compact node label: the English name before any parenthesis, wrapped to ``width`` characters."""
    base = name.split(" (")[0].split(", ")[0] if name else ""
    return textwrap.fill(base, width=width, max_lines=3, placeholder="...")


MAX_PER_ROW = 7
ROW_STEP = 0.62
BAND_GAP = 0.5


def _bands(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Node positions and, per sector, the vertical extent (top, bottom, centre) of its band."""
    first_phase = {}
    for n in G:
        phases = [PHASE_ORDER.index(p) for _, _, p in G.edges(n, data="phase") if p in PHASE_ORDER]
        phases += [PHASE_ORDER.index(p) for _, _, p in G.in_edges(n, data="phase") if p in PHASE_ORDER]
        first_phase[n] = min(phases) if phases else len(PHASE_ORDER)
    present = [s for s in SECTOR_ORDER if any(d.get("sector") == s for _, d in G.nodes(data=True))]
    pos, extents, y = {}, {}, 0.0
    for sector in present:
        members = sorted((n for n, d in G.nodes(data=True) if d.get("sector") == sector), key=lambda n: (first_phase[n], n))
        rows = [members[i:i + MAX_PER_ROW] for i in range(0, len(members), MAX_PER_ROW)]
        top = y
        for r, row in enumerate(rows):
            shift = 0.5 / MAX_PER_ROW if r % 2 else 0.0          # offset alternate rows so arrows and labels interleave
            for i, n in enumerate(row):
                pos[n] = ((i + 0.5) / len(row) * (1 - shift) + shift * 0.5 if len(row) > 1 else 0.5, y)
            y -= ROW_STEP
        bottom = y + ROW_STEP
        extents[sector] = (top + 0.3, bottom - 0.35, (top + bottom) / 2)
        y -= BAND_GAP
    return pos, extents


def band_layout(G: nx.MultiDiGraph) -> dict:
    """Fixed positions: one horizontal band per sector (government at the top, public below, unknown last).

    Within a band, actors are ordered by the earliest phase in which they have a tie, then by id, and laid out
    in rows of at most seven. Deterministic: depends only on the data.
    """
    return _bands(G)[0]


def _first_phase(G: nx.MultiDiGraph) -> dict:
    out = {}
    for n in G:
        phases = [PHASE_ORDER.index(p) for _, _, p in G.edges(n, data="phase") if p in PHASE_ORDER]
        phases += [PHASE_ORDER.index(p) for _, _, p in G.in_edges(n, data="phase") if p in PHASE_ORDER]
        out[n] = min(phases) if phases else len(PHASE_ORDER)
    return out


def shown_phases(G: nx.MultiDiGraph) -> list[str]:
    """The phases drawn as panels: the four phases, and ``not set`` when some ties have no phase yet."""
    return [*PHASE_ORDER, *([NOT_SET] if G.graph.get("unphased") else [])]


def actor_key(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per actor: its number in the network figure (``key``), id, full English name, sector, the phases in
    which it has a tie (in phase order) and its number of ties.

    Actors are numbered in the order of the figure: by sector band (government first), then by the earliest phase
    in which they have a tie, then by id.
    """
    cols = ["key", "actor_id", "name_en", "sector", "phases", "ties"]
    first = _first_phase(G)
    order = sorted(G.nodes, key=lambda n: (SECTOR_ORDER.index(G.nodes[n].get("sector")) if G.nodes[n].get("sector")
                                           in SECTOR_ORDER else len(SECTOR_ORDER), first[n], n))
    rows = []
    for i, n in enumerate(order, start=1):
        phases = {p for _, _, p in G.edges(n, data="phase")} | {p for _, _, p in G.in_edges(n, data="phase")}
        rows.append({"key": i, "actor_id": n, "name_en": str(G.nodes[n].get("name_en", n)),
                     "sector": G.nodes[n].get("sector"), "phases": tuple(p for p in shown_phases(G) if p in phases),
                     "ties": G.degree(n)})
    return pd.DataFrame(rows, columns=cols)


def network_layout(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute what the network figure draws: ``nodes`` (:func:`actor_key` plus band position ``x``, ``y``) and
    ``edges`` (relation id, source, target, phase, and the curvature ``rad`` that keeps parallel ties apart)."""
    key = actor_key(G)
    pos = band_layout(G) if G.number_of_nodes() else {}
    key["x"] = [pos[a][0] for a in key["actor_id"]]
    key["y"] = [pos[a][1] for a in key["actor_id"]]
    rows, seen = [], {}
    for u, v, k, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = (tuple(sorted((u, v))), data.get("phase"))
        i = seen.get(pair, 0)
        seen[pair] = i + 1
        rows.append({"relation_id": k, "source": u, "target": v, "phase": data.get("phase"), "rad": 0.15 + 0.15 * i})
    edges = pd.DataFrame(rows, columns=["relation_id", "source", "target", "phase", "rad"])
    return key, edges


def network_summary(G: nx.MultiDiGraph) -> dict:
    """Numbers for the alt text of the network figure: actors, ties, phases with ties, the actor with most ties."""
    key = actor_key(G)
    phases = sorted({p for _, _, p in G.edges(data="phase")}, key=lambda p: shown_phases(G).index(p)
                    if p in shown_phases(G) else 99)
    top = key.sort_values(["ties", "key"], ascending=[False, True]).iloc[0] if len(key) else None
    return {"n_actors": G.number_of_nodes(), "n_ties": G.number_of_edges(), "n_phases": len(phases),
            "top_actor": f"{top['name_en']} ({int(top['ties'])} ties)" if top is not None else "none"}


NODE_TEXT = 9.5
KEY_TEXT = 9.5
KEY_WIDTH = 44


def draw_phase_panel(nodes: pd.DataFrame, edges: pd.DataFrame, phase: str, ax) -> None:
    """One phase of the network on ``ax``: every actor at its band position, numbered where it has a tie in the
    phase (a small grey dot otherwise), and the phase's ties as arrows."""
    ax.set_axis_off()
    if len(nodes) == 0:
        return
    pos = {r.actor_id: (r.x, r.y) for r in nodes.itertuples()}
    ties = edges[edges["phase"] == phase]
    active = set(ties["source"]) | set(ties["target"])
    for sector in [s for s in SECTOR_ORDER if s in set(nodes["sector"])]:
        ys = nodes.loc[nodes["sector"] == sector, "y"]
        ax.axhspan(ys.min() - 0.3, ys.max() + 0.3, color=SECTOR_COLOURS[sector], alpha=0.08, lw=0)
    for r in ties.itertuples():
        ax.add_patch(FancyArrowPatch(pos[r.source], pos[r.target], connectionstyle=f"arc3,rad={r.rad}", arrowstyle="-|>",
                                     mutation_scale=9, color="#333333", lw=1.0, alpha=0.8, shrinkA=8, shrinkB=8, zorder=1))
    for r in nodes.itertuples():
        if r.actor_id in active:
            ax.scatter([r.x], [r.y], s=260, facecolor="white", edgecolor=SECTOR_COLOURS.get(r.sector, OKABE_ITO["grey"]),
                       linewidth=2.2, zorder=3)
            ax.text(r.x, r.y, str(r.key), ha="center", va="center", fontsize=NODE_TEXT, zorder=4)
        else:
            ax.scatter([r.x], [r.y], s=12, color="#bbbbbb", lw=0, zorder=2)
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(nodes["y"].min() - 0.32, nodes["y"].max() + 0.32)
    n_actors = len(active)
    ax.set_title(f"{phase.capitalize()}: {_count(len(ties), 'tie')}, {_count(n_actors, 'actor')}" if len(ties)
                 else f"{phase.capitalize()}: no ties",
                 loc="left", fontsize=10.5)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _key_lines(nodes: pd.DataFrame) -> list[str]:
    lines = []
    for r in nodes.itertuples():
        wrapped = textwrap.wrap(r.name_en, width=KEY_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
        lines.append(f"{r.key:>2}  {wrapped[0]}")
        lines += [f"    {w}" for w in wrapped[1:]]
    return lines


def draw_network(nodes: pd.DataFrame, edges: pd.DataFrame, phases, title: str = "", fig=None):
    """Small multiples of an actor network, one panel per phase, from :func:`network_layout`.

    Actors keep the same place in every panel (bands by sector); a numbered circle marks an actor with a tie in the
    phase; the key under the panels gives each number's full name. Returns the matplotlib Figure.
    """
    phases = list(phases)
    depth = (nodes["y"].max() - nodes["y"].min() + 0.64) if len(nodes) else 1.0
    panel_rows = (len(phases) + 1) // 2
    lines = _key_lines(nodes)
    half = (len(lines) + 1) // 2
    key_h = 0.2 * max(half, 1) + 0.3
    panel_h = 0.45 + 0.75 * depth
    if fig is None:
        fig = plt.figure(figsize=(7.6, 0.5 + panel_rows * panel_h + key_h))
    grid = fig.add_gridspec(panel_rows + 1, 2, height_ratios=[panel_h] * panel_rows + [key_h], hspace=0.3, wspace=0.06,
                            top=1 - 0.75 / fig.get_figheight(), bottom=0.02, left=0.02, right=0.98)
    if len(nodes) == 0:
        ax = fig.add_subplot(grid[:, :])
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no actors", ha="center", va="center", transform=ax.transAxes)
        fig.suptitle(title, x=0.02, ha="left", fontsize=11.5)
        return fig
    for i, phase in enumerate(phases):
        draw_phase_panel(nodes, edges, phase, fig.add_subplot(grid[i // 2, i % 2]))
    key_ax = fig.add_subplot(grid[panel_rows, :])
    key_ax.set_axis_off()
    for col, chunk in enumerate((lines[:half], lines[half:])):
        key_ax.text(0.0 + 0.5 * col, 1.0, "\n".join(chunk), ha="left", va="top", fontsize=KEY_TEXT, family="sans-serif",
                    transform=key_ax.transAxes, linespacing=1.25)
    present = [s for s in SECTOR_ORDER if s in set(nodes["sector"])]
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=10, markerfacecolor="white",
                      markeredgecolor=SECTOR_COLOURS[s], markeredgewidth=2.2, label=s) for s in present]
    handles.append(Line2D([], [], marker="o", linestyle="none", markersize=3, color="#bbbbbb", label="no tie in the phase"))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.02, 1.0 - 0.45 / fig.get_figheight()), ncol=len(handles),
               frameon=False, fontsize=9.5, handletextpad=0.2, columnspacing=0.9, title="Sector (circle edge)",
               title_fontsize=9.5, alignment="left")
    fig.suptitle(title, x=0.02, y=1.0 + 0.05 / fig.get_figheight(), ha="left", va="bottom", fontsize=11.5)
    return fig


def draw_participation(tables: dict[str, pd.DataFrame], title: str = "Ties involving the public, by phase", ax=None):
    """Grouped bars: for each case (key of ``tables``, a :func:`participation_by_phase` result), the share of ties
    per phase that involve the public, with the share where the public acts shown hatched inside it."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.2, 4.2))
    fig = ax.figure
    cases = list(tables)
    width = 0.8 / max(len(cases), 1)
    palette = [OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "vermillion")]
    for i, case in enumerate(cases):
        t = tables[case].reindex(list(PHASE_ORDER))
        xs = [j + (i - (len(cases) - 1) / 2) * width for j in range(len(PHASE_ORDER))]
        involve = t["share_involving_public"].fillna(0).tolist()
        acting = t["share_public_acting"].fillna(0).tolist()
        colour = palette[i % len(palette)]
        ax.bar(xs, involve, width=width * 0.95, color=colour, alpha=0.45, label=f"{case}: any tie")
        ax.bar(xs, acting, width=width * 0.95, color=colour, hatch="///", edgecolor="white", label=f"{case}: public acting")
        for x, val, ties in zip(xs, involve, t["ties"].tolist()):
            ax.text(x, val + 0.02, "no ties" if ties == 0 else f"{val:.2f}", ha="center", va="bottom", fontsize=9.5, rotation=90)
    ax.set_xticks(range(len(PHASE_ORDER)), [p.capitalize() for p in PHASE_ORDER])
    ax.set_ylim(0, 1.3)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("Share of ties in the phase")
    ax.set_title(title, loc="left", fontsize=11.5)
    ax.legend(fontsize=9.5, frameon=False, ncol=2, loc="upper left", bbox_to_anchor=(0.0, -0.1))
    return fig
