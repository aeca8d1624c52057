"""One call per figure or table: the builders the book's notebooks use.

Every builder is registered in :mod:`analysis.exhibits` with its label, caption and the resources it reads.
It loads the validated data, computes with the topic modules and returns a captioned, labelled
:class:`~analysis.display.Figure` (deterministic SVG) or :class:`~analysis.display.Table`.
Narrative stays in the book; logic stays in the topic modules.

Cases are named by their ``display_name`` (``case.csv``), ordered thesis cases first and then extension cases
(:func:`analysis.load.list_cases`). Cross-case exhibits show every case and keep extension cases apart.

Example
-------
>>> from analysis import book
>>> book.case_facts("hefei-brt-shelter-collapse").name
'tbl-hefei-brt-shelter-collapse-facts'
>>> book.coding_heatmap("problem").name
'fig-heatmap-problem'
"""
from __future__ import annotations

import html
import re

import pandas as pd

from . import coding, load, network, verdicts
from .exhibits import exhibit

CASE_TABLES = ("case", "facts", "actors", "relations", "sources", "coding")
NOT_SET = "not set yet"
NOT_CODED = "not coded yet"
RULE_LABELS = {"each_thesis_case_2plus": "2 or more in each thesis case", "any_problem_capped": "any problem, capped",
               "judgement": "judgement"}


# ---------------------------------------------------------------- helpers

def _names(data_dir=None) -> dict[str, str]:
    return load.display_names(data_dir)


def _row_label(case_id: str, data_dir=None) -> str:
    """Display name, marked when the case is an extension."""
    return _row_labels(data_dir)[case_id]


def _row_labels(data_dir=None) -> dict[str, str]:
    """Case id -> display name, marked when the case is an extension (in case order)."""
    return {c: k.name + (" (extension)" if k.role == "extension" else "") for c, k in load.load_cases(data_dir).items()}


def _labels(kind: str, data_dir=None) -> dict[str, str]:
    cats = load.load_categories(data_dir)
    cats = cats[cats["kind"] == kind]
    return dict(zip(cats["category_id"], cats["label_en"]))


def _spaced(text) -> str:
    """A ';'-separated free-text list shown with a space after each separator."""
    return "" if pd.isna(text) else "; ".join(part.strip() for part in str(text).split(";"))


def _ids(values) -> str:
    return ", ".join(values) if isinstance(values, tuple) else ("" if pd.isna(values) else str(values))


def _or_not_set(value) -> str:
    return NOT_SET if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) or value == "" else str(value)


def _row_anchor(prefix: str, item_id: str) -> str:
    return f'<span id="{prefix}-{item_id.lower()}"></span>{item_id}'


def _source_links(case: "load.Case", ids) -> str:
    """Source ids as plain text: the book's Sphinx extension links each to its row of the sources table.

    (An HTML link here would be nested inside the link the extension makes, leaving an empty link behind.)
    """
    return ", ".join(ids)


def _case_data(case_id: str, *tables: str) -> str:
    return f"data/cases/{case_id}/" + (" and ".join(f"{t}.csv" for t in tables))


# ---------------------------------------------------------------- one case

@exhibit("table", "tbl-{case}-overview", "The ${name} case at a glance.", reads=CASE_TABLES, per="case")
def case_overview(case_id: str, data_dir=None):
    """Key facts of a case: role, place, dates, what was bought from whom and how, and the size of the record.

    The identification and the framing caveat are in :func:`case_identification`.
    """
    case = load.load_case(case_id, data_dir)
    main = case.main()
    actors = case.actors.set_index("actor_id")["name_en"]
    conf = main.facts["confidence"].value_counts()
    meta = case.meta
    dates = NOT_SET if not meta["date_start"] else f"{meta['date_start']} to {meta['date_end'] or meta['date_start']}"
    place = NOT_SET if not meta["place_en"] else f"{meta['place_en']} ({meta['place_zh'] or NOT_SET})"
    unphased = int(main.relations["phase"].isna().sum())
    unsectored = int(main.actors["sector"].isna().sum())
    rows = [
        ("Role in this book", "one of the thesis's cases" if case.role == "thesis" else "an extension case added by this project"),
        ("Place", place),
        ("Incident dates", dates),
        ("Purchaser(s)", "; ".join(actors[a] for a in (meta["purchaser_actor_ids"] or ())) or NOT_SET),
        ("Provider(s)", "; ".join(actors[a] for a in (meta["provider_actor_ids"] or ())) or NOT_SET),
        ("What was bought", _or_not_set(meta["service_purchased"])),
        ("How it was bought", _or_not_set(meta["purchase_arrangement"])),
        ("Facts about the case", f"{len(main.facts)} ({conf.get('confirmed', 0)} confirmed, {conf.get('single-source', 0)} single-source, "
                                 f"{conf.get('disputed', 0)} disputed)"),
        ("Facts about alternative candidates", str(len(case.facts) - len(main.facts))),
        ("Actors and relations", f"{len(main.actors)} actors, {len(main.relations)} relations"
                                 + (f"; sector not set for {unsectored} actors" if unsectored else "")
                                 + (f"; phase not set for {unphased} relations" if unphased else "")),
        ("Sources", f"{len(case.sources)} ({int(case.sources['is_repost'].fillna(False).sum())} reposts or mirrors"
                    + (f", {int(case.sources['is_repost'].isna().sum())} not yet examined" if case.sources['is_repost'].isna().any() else "")
                    + ")"),
        ("Coded judgements", str(len(case.coding)) if case.is_coded else NOT_CODED),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


@exhibit("table", "tbl-{case}-identification",
         "Why the ${name} case: for a thesis case, why it is the incident the thesis names; for an extension case, why it "
         "was chosen. Data: case.csv.", reads=("case",), per="case")
def case_identification(case_id: str, data_dir=None):
    """Identification of a case, the alternatives considered and the framing caveat, from ``case.csv``."""
    meta = load.case_metadata(data_dir)[case_id]
    question = "Why this is the incident the thesis names" if meta["role"] == "thesis" else "Why this case was chosen"
    rows = [(question, _or_not_set(meta["identification"])),
            ("Alternatives considered", meta["alternatives"] or "none recorded"),
            ("Framing caveat", meta["framing_caveat"] or "none recorded"),
            ("Summary", _or_not_set(meta["summary"]))]
    return pd.DataFrame(rows, columns=["question", "answer"])


@exhibit("figure", "fig-{case}-timeline",
         "Dated facts of the ${name} case on one time axis. Colour and marker shape give the confidence grade "
         "(confirmed, single-source, disputed); labels are fact ids, listed in the facts table of this chapter. "
         "Undated facts are not shown. Data: data/cases/${case}/facts.csv.",
         reads=("facts",), per="case",
         alt="Timeline chart of the ${n_dated} dated facts (of ${n_facts}) of the ${name} case, one marker per fact, labelled with "
             "fact ids and shaped by confidence.")
def case_timeline(case_id: str, data_dir=None):
    """Timeline of the dated facts of a case, marked by confidence."""
    from .timeline import draw_case_timeline
    case = load.load_case(case_id, data_dir)
    fig = draw_case_timeline(case.facts, title=f"{case.name}: dated facts by confidence")
    dated = case.facts["date"].notna() & (case.facts["date"].astype(str).str.strip() != "")
    return fig, {"n_dated": int(dated.sum()), "n_facts": len(case.facts)}


@exhibit("figure", "fig-{case}-network",
         "Actors of the ${name} case and their ties, one panel per phase (contracting, delivery, incident, response, "
         "and not set yet where a tie has no phase). Every actor keeps its place in every panel, in horizontal bands by "
         "sector (government, market, society, public; unknown where no source says who owns or runs an actor); a numbered "
         "circle marks an actor with a tie in that phase, and arrows point from the actor who acts. The numbers are keyed "
         "under the panels and in the actors table of this chapter. Alternative candidates are left out. "
         "Data: data/cases/${case}/actors.csv and relations.csv.",
         reads=("actors", "relations"), per="case",
         alt="Network of ${n_actors} actors and ${n_ties} ties of the ${name} case, drawn in ${n_phases} phase panels "
             "with ties; the actor with most ties is ${top_actor}.")
def case_network(case_id: str, data_dir=None):
    """The actor network of a case as small multiples by phase, with numbered actors and a key."""
    case = load.load_case(case_id, data_dir)
    G = network.actor_network(case)
    nodes, edges = network.network_layout(G)
    fig = network.draw_network(nodes, edges, network.shown_phases(G), title=f"{case.name}: actors and their ties by phase")
    return fig, network.network_summary(G)


@exhibit("table", "tbl-{case}-actors",
         "Actors of the ${name} case: the number that keys each actor in the network figure, its full name, sector and "
         "the phases in which it has a tie. Alternative candidates are left out. Data: data/cases/${case}/actors.csv.",
         reads=("actors", "relations"), per="case")
def case_actors(case_id: str, data_dir=None):
    """The actors of a case with their number in the network figure, sector and phases."""
    case = load.load_case(case_id, data_dir)
    key = network.actor_key(network.actor_network(case))
    key["phases"] = key["phases"].map(lambda ps: ", ".join(ps) if ps else "no tie")
    return key.rename(columns={"key": "no.", "actor_id": "actor id", "name_en": "actor", "phases": "phases with a tie"})


@exhibit("explorer", "explorer-{case}",
         "The same network as the figure above. Filter the ties by phase and the actors by sector, then select an actor "
         "to highlight its ties and list the facts behind each tie; each fact id links to its row in the facts table "
         "of this chapter. The table at the end gives the same content without the drawing.",
         reads=("actors", "relations", "facts"), per="case")
def case_explorer(case_id: str, data_dir=None):
    """An interactive explorer of the actor network of a case (:mod:`analysis.explorer`)."""
    from .explorer import explorer_data
    return explorer_data(case_id, data_dir)


@exhibit("table", "tbl-{case}-metrics",
         "Network metrics of the ${name} case by phase. Density is that of the simple directed graph. "
         "The top broker is the actor with the highest betweenness, left blank when no actor lies between two others. "
         "The public shares count ties with a service user, family or member of the public at either end, "
         "and ties in which such an actor is the one who acts.", reads=("actors", "relations"), per="case")
def case_network_metrics(case_id: str, data_dir=None):
    """Network size, density, components, central actors and public participation, by phase."""
    case = load.load_case(case_id, data_dir)
    m = network.metrics_by_phase(network.actor_network(case)).reset_index()
    m = m[["phase", "actors", "ties", "density", "components", "most_ties", "top_broker",
           "share_involving_public", "share_public_acting"]]
    return m.rename(columns={"most_ties": "actor with most ties", "top_broker": "top broker",
                             "share_involving_public": "share of ties with the public",
                             "share_public_acting": "share with the public acting"})


@exhibit("table", "tbl-{case}-brokers",
         "Cross-sector brokers in the ${name} case: share of shortest paths between actors of different "
         "sectors that pass through each actor.", reads=("actors", "relations"), per="case")
def case_brokers(case_id: str, data_dir=None):
    """Actors that broker between sectors in a case, strongest first."""
    case = load.load_case(case_id, data_dir)
    return network.brokers(network.actor_network(case)).rename(
        columns={"actor_id": "actor", "name_en": "name", "cross_sector_brokerage": "cross-sector brokerage"})


@exhibit("figure", "fig-{case}-party-heatmap",
         "Coded strength (0-3) of the problem types and the cause dimensions in the ${name} case, for all parties together "
         "and, where coded, per party. Hatched cells were not coded. Each value is a row of the coding table of this chapter.",
         reads=("coding", "categories"), per="case",
         alt="Heatmap of ${n_cells} coded strengths for the ${name} case by party and category (${n_rows} rows, ${n_cols} "
             "categories), with the number written in each cell.")
def case_party_heatmap(case_id: str, data_dir=None):
    """Heatmap of a case's problem and dimension codes per party."""
    case = load.load_case(case_id, data_dir)
    cats = load.load_categories(data_dir)
    ids = coding.category_ids(cats, "problem") + coding.category_ids(cats, "dimension")
    m = coding.party_matrix(case.coding, ids)
    labels = {**_labels("problem", data_dir), **_labels("dimension", data_dir)}
    title = f"{case.name}: coded strength by party" + ("" if case.is_coded else " (not coded yet)")
    return coding.draw_heatmap(m, title, col_labels=labels), {"n_cells": int(m.notna().sum().sum()), "n_rows": m.shape[0],
                                                                "n_cols": m.shape[1]}


@exhibit("table", "tbl-{case}-coding",
         "Coded judgements for the ${name} case (strength 0-3, see the scale in the framework chapter), with the facts each "
         "rests on and how many of them are confirmed.", reads=("coding", "facts", "categories"), per="case", rows="judgement")
def case_coding(case_id: str, data_dir=None):
    """The coded judgements of a case with strength, supporting facts and rationale."""
    case = load.load_case(case_id, data_dir)
    if not case.is_coded:
        return pd.DataFrame({"judgement_id": [NOT_CODED], "kind": [""], "category": [""], "party": [""], "strength": [""],
                             "fact_ids": [""], "confirmed": [""], "rationale": ["No judgement has been coded for this case yet."]})
    cats = load.load_categories(data_dir).set_index("category_id")
    conf = case.facts.set_index("fact_id")["confidence"]
    t = case.coding.copy()
    t.insert(1, "category", [cats.loc[c, "label_en"] for c in t["category_id"]])
    t.insert(2, "kind", [cats.loc[c, "kind"].replace("_", " ") for c in t["category_id"]])
    t["confirmed"] = [f"{sum(conf.get(f) == 'confirmed' for f in ids)} of {len(ids)}" if ids else "" for ids in t["fact_ids"]]
    t["fact_ids"] = t["fact_ids"].map(_ids)
    t["judgement_id"] = t["judgement_id"].map(lambda i: _row_anchor("judgement", i))
    return t[["judgement_id", "kind", "category", "party", "strength", "fact_ids", "confirmed", "rationale"]]


@exhibit("table", "tbl-{case}-measures",
         "What was done after the ${name} incident, by the strategy each measure comes closest to "
         "(data/cases/${case}/measures.csv). Linked: stated when a source ties the measure to the incident, inferred when "
         "only timing and topic do.", reads=("measures", "categories"), per="case", rows="measure")
def case_measures(case_id: str, data_dir=None):
    """Post-incident measures of one case."""
    case = load.load_case(case_id, data_dir)
    cats = load.load_categories(data_dir).set_index("category_id")
    m = case.measures.copy()
    if m.empty:
        return pd.DataFrame({"measure_id": ["none recorded yet"], "date": [""], "level": [""], "measure": [""], "strategy": [""],
                             "linked": [""], "evidence": [""]})
    m["strategy"] = [cats.loc[s, "label_en"] if s in cats.index else "none of the three" for s in m["strategy_id"]]
    m["evidence"] = [", ".join([*f, *p]) for f, p in zip(m["fact_ids"], m["policy_ids"])]
    m["measure_id"] = m["measure_id"].map(lambda i: _row_anchor("measure", i))
    return m[["measure_id", "date", "level", "measure", "strategy", "linked_to_incident", "evidence"]].rename(
        columns={"linked_to_incident": "linked"})


@exhibit("table", "tbl-{case}-facts",
         "All facts of the ${name} case. Confidence: confirmed (the sources go back to two or more independent origins), "
         "single-source (one origin), or disputed (the note says how sources disagree); statement marks a fact that reports "
         "what someone said. Authority is the highest kind among its origins.", reads=("facts", "sources", "origins"),
         per="case", rows="fact")
def case_facts(case_id: str, data_dir=None):
    """All facts of a case with date, confidence, scope and sources.

    Each row carries an HTML anchor (``fact-hf-05``) that fact ids elsewhere in the book link to
    (see :mod:`analysis.sphinxext`), and each source id links to its row in :func:`case_sources`.
    """
    case = load.load_case(case_id, data_dir)
    f = case.facts.copy()
    g = fact_grades(case_id, data_dir).set_index("fact_id")
    f["origins"] = [("not examined" if not g.loc[i, "examined"] else str(int(g.loc[i, "origins"])))
                    for i in f["fact_id"]]
    f["authority"] = [g.loc[i, "authority"] if isinstance(g.loc[i, "authority"], str) else "" for i in f["fact_id"]]
    f["confidence"] = [c + (" (statement)" if isinstance(s, str) and s else "")
                       for c, s in zip(f["confidence"], f["statement_of"])]
    f["fact_id"] = f["fact_id"].map(lambda i: _row_anchor("fact", i))
    f["source_ids"] = f["source_ids"].map(lambda ids: _source_links(case, ids))
    return f[["fact_id", "date", "confidence", "origins", "authority", "scope", "source_ids", "claim", "note"]]


@exhibit("table", "tbl-{case}-sources",
         "Sources of the ${name} case: outlet, title, date and a link named by its web address's domain (the full "
         "address is in data/cases/${case}/sources.csv). Reposts and mirrors name the original outlet; the origin is the "
         "original a source goes back to.", reads=("sources",), per="case", rows="source")
def case_sources(case_id: str, data_dir=None):
    """The sources of a case: id, outlet, title, date, a short link, repost flag and origin, with readable headers.

    >>> list(case_sources("hefei-brt-shelter-collapse").frame.columns)
    ['Source', 'Outlet', 'Title', 'Date', 'Link', 'Repost or mirror', 'Origin']
    """
    return _sources_frame(load.load_case(case_id, data_dir).sources, "source")


def _sources_frame(s: pd.DataFrame, anchor: str) -> pd.DataFrame:
    """A sources table as shown in the book: readable headers, the domain as link text."""
    return pd.DataFrame({
        "Source": s["source_id"].map(lambda i: _row_anchor(anchor, i)),
        "Outlet": s["outlet"],
        "Title": s["title"],
        "Date": s["date"].fillna("undated"),
        "Link": s["url"].map(short_link),
        "Repost or mirror": s["is_repost"].map(lambda v: "not examined" if pd.isna(v) else ("yes" if v else "no")),
        "Origin": s["origin_id"].fillna("not examined"),
    }).reset_index(drop=True)


def short_link(url) -> str:
    """An HTML link to ``url`` whose text is its domain (without ``www.``); empty when there is no address.

    >>> short_link("https://www.example.org/a/very/long/path?id=1")
    '<a href="https://www.example.org/a/very/long/path?id=1" title="https://www.example.org/a/very/long/path?id=1">example.org</a>'
    """
    if url is None or pd.isna(url) or not str(url).strip():
        return ""
    from urllib.parse import urlsplit
    url = str(url).strip()
    host = urlsplit(url).hostname or url
    host = host.removeprefix("www.")
    attr = html.escape(url, quote=True)
    return f'<a href="{attr}" title="{attr}">{html.escape(host)}</a>'


@exhibit("table", "tbl-{case}-open-questions", "Open questions about the ${name} case: limits of the public record.",
         reads=("open_questions",), per="case", rows="question")
def case_open_questions(case_id: str, data_dir=None):
    """What could not be established about a case."""
    case = load.load_case(case_id, data_dir)
    q = case.open_questions.copy()
    q["question_id"] = q["question_id"].map(lambda i: _row_anchor("question", i))
    return q


def case_evidence(case_id: str, category_id: str, party: str = "all", data_dir=None):
    """The facts behind one coded cell of a case (a helper for readers and exercises; not a book exhibit).

    >>> case_evidence("hefei-brt-shelter-collapse", "support")["judgement_id"].iloc[0]
    'HF-C14'
    """
    case = load.load_case(case_id, data_dir)
    return coding.evidence_table(case.coding, case.facts, category_id, party)


# ---------------------------------------------------------------- across cases

def _codings(data_dir=None, role: str | None = None) -> dict[str, pd.DataFrame]:
    return {c: k.coding for c, k in load.load_cases(data_dir).items() if role is None or k.role == role}


def _matrix(kinds, data_dir=None, role: str | None = None) -> pd.DataFrame:
    cats = load.load_categories(data_dir)
    ids = [i for k in ([kinds] if isinstance(kinds, str) else kinds) for i in coding.category_ids(cats, k)]
    return coding.coding_matrix(_codings(data_dir, role), ids)


def coding_matrix(kind: str, data_dir=None, role: str | None = None) -> pd.DataFrame:
    """Case x category strengths (party all) for one kind of category; ``role`` keeps thesis or extension cases only.

    >>> int(coding_matrix("problem", role="thesis").loc["hefei-brt-shelter-collapse", "goal_loss"])
    3
    """
    return _matrix(kind, data_dir, role)


def _group_split(data_dir=None) -> int:
    """Number of thesis cases, which come first in every cross-case exhibit."""
    return len(load.list_cases(data_dir, role="thesis"))


@exhibit("figure", "fig-heatmap-{arg}",
         "Coded strength (0-3) of the ${what} in each case, for all parties together; thesis cases first, extension cases "
         "below the line. Hatched cells are not coded yet. Each cell is one row of the case's coding table, where the facts "
         "behind it are listed.", reads=("coding", "categories"), per="arg", args=("problem", "dimension", "bozeman_criterion"),
         alt="Heatmap of ${n_cases} cases and ${n_cats} ${what}, ${n_cells} coded cells, the strength written in each cell.")
def coding_heatmap(kind: str, data_dir=None):
    """Case x category heatmap for one kind of category (problem, dimension or bozeman_criterion)."""
    m = _matrix(kind, data_dir)
    titles = {"problem": "Problem types by case", "dimension": "Cause dimensions by case",
              "bozeman_criterion": "Bozeman's public-value failure criteria by case"}
    what = {"problem": "problem types", "dimension": "cause dimensions (value, capability, support)",
            "bozeman_criterion": "Bozeman's public-value failure criteria, a second lens on the same facts"}[kind]
    labels = _row_labels(data_dir)
    rows = {c: labels[c] for c in m.index}
    fig = coding.draw_heatmap(m, titles[kind], row_labels=rows, col_labels=_labels(kind, data_dir),
                              split_after=_group_split(data_dir))
    return fig, {"what": what, "n_cases": m.shape[0], "n_cats": m.shape[1], "n_cells": int(m.notna().sum().sum())}


@exhibit("table", "tbl-matrix-{arg}", "Coded strength (0-3) by case: ${what} (party: all).",
         reads=("coding", "categories", "case"), per="arg", args=("problem", "dimension", "bozeman_criterion"))
def coding_matrix_table(kind: str, data_dir=None):
    """Case x category strengths as a table, with the case's role."""
    m = _matrix(kind, data_dir)
    t = m.astype(object).where(m.notna(), NOT_CODED).rename(columns=_labels(kind, data_dir))
    metas = load.case_metadata(data_dir)
    t.insert(0, "role", [metas[c]["role"] for c in t.index])
    t.index = [metas[c]["display_name"] for c in t.index]
    t.index.name = "case"
    return t, {"index": True, "what": {"problem": "problem types", "dimension": "cause dimensions",
                                       "bozeman_criterion": "Bozeman's criteria"}[kind]}


@exhibit("figure", "fig-participation",
         "Share of ties in each phase that involve the public (light bars: a service user, family or member of the public at "
         "either end; hatched: the public actor is the one who acts), for every case. Computed from each case's "
         "relations.csv; phases without ties are labelled.", reads=("actors", "relations", "case"),
         alt="Grouped bar chart of the public's share of ties per phase for ${n_cases} cases (${n_ties} ties in all); "
             "the highest share, ${top_share}, is in the ${top_where}.")
def participation_figure(data_dir=None):
    """Share of ties involving the public, per phase, for every case."""
    labels = _row_labels(data_dir)
    tables = {labels[c]: network.participation_by_phase(network.actor_network(k)) for c, k in load.load_cases(data_dir).items()}
    best = max(((t.loc[p, "share_involving_public"], p, c) for c, t in tables.items() for p in network.PHASE_ORDER
                if t.loc[p, "ties"] > 0), default=(0.0, "none", "none"))
    extra = {"n_cases": len(tables), "n_ties": int(sum(t.loc["all", "ties"] for t in tables.values())),
             "top_share": f"{best[0]:.2f}", "top_where": f"{best[1]} phase of {best[2]}"}
    return network.draw_participation(tables), extra


@exhibit("table", "tbl-network-comparison",
         "The case networks compared (scope: the case itself; alternative candidates left out). Before the incident means "
         "the contracting and delivery phases.", reads=("actors", "relations", "case"))
def network_comparison(data_dir=None):
    """Per case: network size and density, brokers, and whether the public took part before the incident."""
    rows = []
    labels = _row_labels(data_dir)
    for c, case in load.load_cases(data_dir).items():
        G = network.actor_network(case)
        m = network.network_metrics(G)
        part = network.participation_by_phase(G)
        before = network.public_tie_before_incident(G)
        top = network.brokers(G)
        rows.append({"case": labels[c], "actors": m["actors"], "ties": m["ties"], "density": m["density"],
                     "components": m["components"],
                     "top broker": network.short_label(top["name_en"].iloc[0], width=200) if len(top) else "",
                     "public share (all ties)": part.loc["all", "share_involving_public"],
                     "public acting (all ties)": part.loc["all", "share_public_acting"],
                     "ties with phase not set": int(G.graph.get("unphased", 0)),
                     "public tie before incident": "yes" if before["any_tie"] else "no",
                     "public acting before incident": "yes" if before["public_acting"] else "no"})
    return pd.DataFrame(rows)


@exhibit("table", "tbl-participation",
         "Participation by phase, for every case: ties with the public at either end, and ties in which the public acts.",
         reads=("actors", "relations", "case"))
def participation_table(data_dir=None):
    """Share of ties involving the public and share where the public acts, per case and phase."""
    frames = []
    labels = _row_labels(data_dir)
    for c, case in load.load_cases(data_dir).items():
        p = network.participation_by_phase(network.actor_network(case)).reset_index()
        p.insert(0, "case", labels[c])
        frames.append(p.rename(columns={"ties_involving_public": "ties with the public", "share_involving_public": "share",
                                        "ties_public_acting": "ties with the public acting", "share_public_acting": "share acting"}))
    return pd.concat(frames, ignore_index=True)


def claim_verdicts(data_dir=None) -> pd.DataFrame:
    """Every claim of the thesis with its verdict: computed over the thesis cases, or typed where no rule decides.

    >>> v = claim_verdicts().set_index("claim_id")
    >>> v.loc["C07", "verdict"], bool(v.loc["C07", "computed"])
    ('supported', True)
    """
    thesis = _codings(data_dir, role="thesis")
    names = {c: n for c, n in _names(data_dir).items() if c in thesis}
    return verdicts.claim_verdicts(load.load_claims(data_dir), thesis, names)


def _fill_statistics(text: str, data_dir=None) -> str:
    """Replace ``{T026}`` placeholders in a reason with the statistic's value and unit, followed by its id."""
    if not text or "{" not in text:
        return text
    stats = load.load_statistics(data_dir).set_index("stat_id")

    def fill(m):
        rec = stats.loc[m.group(1)]
        return f"{format_statistic(float(rec['value']), str(rec['unit']))} [{m.group(1)}]"
    return re.sub(r"\{(T[0-9]+)\}", fill, text)


def format_statistic(value: float, unit: str) -> str:
    """A statistic in words: ``100m_cny`` (亿元) as billion or trillion yuan, ``percent`` as per cent.

    >>> format_statistic(12000, "100m_cny"), format_statistic(1534.4, "100m_cny"), format_statistic(9.4, "percent")
    ('1.2 trillion yuan', '153.44 billion yuan', '9.4 per cent')
    """
    def num(x):
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    if unit == "100m_cny":
        return f"{num(value / 10000)} trillion yuan" if value >= 10000 else f"{num(value / 10)} billion yuan"
    if unit == "percent":
        return f"{num(value)} per cent"
    if unit == "10k_orgs":
        return f"{num(value * 10000 / 1e6)} million organisations" if value >= 100 else f"{num(value)} ten thousand organisations"
    return f"{num(value)} {unit}"


@exhibit("table", "tbl-claims",
         "Claims of the thesis abstract, paraphrased, with the rule that decides each verdict and the evidence. Verdicts "
         "marked computed follow from the coding of the thesis cases when the book is built; the others are reasoned "
         "judgements, since no rule over the data can decide them.", reads=("claims", "coding", "case", "statistics"))
def claims_table(data_dir=None):
    """The thesis's claims, where the book examines them, the evidence and the verdict."""
    v = claim_verdicts(data_dir)
    v["verdict"] = [f"{verdict} (computed)" if comp else verdict for verdict, comp in zip(v["verdict"], v["computed"])]
    v["evidence"] = [(_fill_statistics(e, data_dir).rstrip(".") + "." + (f" {n}" if isinstance(n, str) and n else ""))
                     for e, n in zip(v["evidence"], v["note"])]
    v["rule"] = v["rule"].map(RULE_LABELS)
    v["chapter"] = v["chapter"].map(lambda c: f"{{doc}}`{c}`")
    return v[["claim_id", "part", "claim", "chapter", "rule", "evidence", "verdict"]]


@exhibit("table", "tbl-verdict-counts", "Verdicts by part of the thesis's argument, as computed for this build.",
         reads=("claims", "coding", "case"))
def verdict_counts(data_dir=None):
    """How many claims received each verdict, by part of the argument."""
    return verdicts.verdict_counts(claim_verdicts(data_dir)).reset_index()


@exhibit("table", "tbl-claims-check",
         "Verdicts on the problem and cause claims, computed from the coding of the thesis cases (party all): "
         "${rule}. Extension cases do not enter the verdicts.", reads=("claims", "coding", "case", "categories"))
def claims_check_table(data_dir=None):
    """Each computed claim with the thesis cases' codes and the verdict the rule gives."""
    v = claim_verdicts(data_dir)
    v = v[v["rule"] == "each_thesis_case_2plus"]
    m = _matrix(["problem", "dimension"], data_dir, role="thesis")
    names = _names(data_dir)
    labels = {**_labels("problem", data_dir), **_labels("dimension", data_dir)}
    rows = []
    for rec in v.itertuples():
        cat = rec.categories[0]
        rows.append({"claim": rec.claim_id, "category": labels[cat],
                     **{names[c]: (NOT_CODED if pd.isna(m.loc[c, cat]) else int(m.loc[c, cat])) for c in m.index},
                     "verdict": rec.verdict})
    return pd.DataFrame(rows), {"rule": verdicts.RULE_TEXT["each_thesis_case_2plus"]}


# ---------------------------------------------------------------- codebook and data dictionary

@exhibit("table", "tbl-codebook", "The codebook. Strategies name the cause dimension they answer.", reads=("categories",))
def codebook_table(data_dir=None):
    """The codebook: problem types, cause dimensions, strategies and Bozeman criteria."""
    c = load.load_categories(data_dir).copy()
    c["reference_keys"] = c["reference_keys"].map(_ids)
    c["indicators"] = c["indicators"].map(_spaced)
    return c[["category_id", "kind", "label_en", "label_zh", "definition", "indicators", "answers"]]


@exhibit("table", "tbl-codebook-full",
         "Indicators and grounding references of each category (data/codebook/categories.csv).", reads=("categories",))
def codebook_full_table(data_dir=None):
    """The codebook with its observable indicators and the literature each category rests on."""
    c = load.load_categories(data_dir).copy()
    c["reference_keys"] = c["reference_keys"].map(_ids)
    c["indicators"] = c["indicators"].map(_spaced)
    return c[["category_id", "kind", "label_en", "indicators", "answers", "reference_keys"]]


@exhibit("table", "tbl-scale", "The strength scale and its anchors.", reads=("scale",))
def scale_table(data_dir=None):
    """The 0-3 strength scale with anchors."""
    return load.load_scale(data_dir)


@exhibit("table", "tbl-data-dictionary", "Data dictionary, generated from data/datapackage.json.", reads=())
def data_dictionary(data_dir=None):
    """Every table and field of the data package, generated from ``datapackage.json``."""
    desc = load.load_descriptor(data_dir)
    rows = []
    for res in desc["resources"]:
        for f in res.get("schema", {}).get("fields", []):
            cons = f.get("constraints", {})
            allowed = ", ".join(map(str, cons["enum"])) if "enum" in cons else (
                f"{cons['minimum']} to {cons['maximum']}" if "minimum" in cons else "")
            kind = f["type"] + (" list (;)" if "x-list-separator" in f else "") + (" date (partial ISO)" if f.get("x-partial-date") else "")
            rows.append({"table": res["name"], "field": f["name"], "type": kind, "required": "yes" if cons.get("required") else "no",
                         "allowed values": allowed, "description": f.get("description", "")})
    return pd.DataFrame(rows)


@exhibit("table", "tbl-data-tables", "Tables of the data package.", reads=())
def data_tables(data_dir=None):
    """The resources of the data package with their paths and primary keys."""
    desc = load.load_descriptor(data_dir)
    rows = []
    for res in desc["resources"]:
        path = res["path"]
        rows.append({"table": res["name"], "title": res.get("title", ""),
                     "files": len(path) if isinstance(path, list) else 1,
                     "path": "cases/CASE-ID/" + res["name"] + ".csv" if isinstance(path, list) else path,
                     "primary key": ", ".join(res.get("schema", {}).get("primaryKey", []))})
    return pd.DataFrame(rows)


@exhibit("table", "tbl-validation-rules",
         "The rules `python -m analysis validate` applies, each with the stable code it reports after `file:row:column`.",
         reads=())
def validation_rules_table(data_dir=None):
    """Every validation rule with its code."""
    from .validate import RULES
    return pd.DataFrame([{"code": f"`{k}`", "rule": v} for k, v in RULES.items()])


# ---------------------------------------------------------------- context: policy and scale

def _incidents(data_dir=None) -> pd.DataFrame:
    rows = []
    for c, meta in load.case_metadata(data_dir).items():
        if meta["date_start"]:
            rows.append({"case_id": c, "label": meta["display_name"], "date_start": meta["date_start"]})
    return pd.DataFrame(rows, columns=["case_id", "label", "date_start"])


@exhibit("figure", "fig-context-timeline",
         "Policy documents since 1995 (markers labelled with policy ids, by national or local level), the national government "
         "procurement total, and the dates of the dated incidents of the cases. The 2016 total is shown on both the headline "
         "and the comparable basis. Data: data/context/policy_timeline.csv and statistics.csv, case.csv of each case.",
         reads=("policy_timeline", "statistics", "case"),
         alt="Timeline of ${n_policies} policy documents with a line of national procurement totals below and vertical lines "
             "at the ${n_incidents} dated incidents.")
def policy_timeline_figure(data_dir=None):
    """Policy documents since 1995, national procurement totals and the incidents on one time axis."""
    from .timeline import draw_context_timeline
    policies, incidents = load.load_policy_timeline(data_dir), _incidents(data_dir)
    return (draw_context_timeline(policies, load.load_statistics(data_dir), incidents),
            {"n_policies": len(policies), "n_incidents": len(incidents)})


@exhibit("table", "tbl-policy-timeline",
         "Policy documents on purchasing services and on the sectors of the cases (data/context/policy_timeline.csv).",
         reads=("policy_timeline",), rows="policy")
def policy_table(data_dir=None):
    """The policy timeline as a table."""
    p = load.load_policy_timeline(data_dir).copy()
    p["source_ids"] = p["source_ids"].map(_ids)
    p["topic"] = p["topic"].str.replace("_", " ")
    p["policy_id"] = p["policy_id"].map(lambda i: _row_anchor("policy", i))
    return p[["policy_id", "date_issued", "level", "topic", "body_en", "doc_number", "title_en", "confidence", "source_ids"]]


@exhibit("figure", "fig-procurement",
         "National government procurement split into goods, works and services (bars, in trillion yuan, converted from 亿元) "
         "and the services share (line), for the years with a full split. Derived or rounded values are marked and named in "
         "the footnote; 2016 uses the comparable basis. Data: data/context/statistics.csv.", reads=("statistics",),
         alt="Stacked bars of goods, works and services procurement for ${n_years} years (${first_year} to ${last_year}) "
             "with a line for the services share.")
def procurement_figure(data_dir=None):
    """National government procurement by goods, works and services, with the services share."""
    from .statistics import draw_procurement, full_split_years, procurement_series
    stats = load.load_statistics(data_dir)
    years = full_split_years(procurement_series(stats))
    extra = {"n_years": len(years), "first_year": min(years) if years else "none", "last_year": max(years) if years else "none"}
    return draw_procurement(stats), extra


@exhibit("table", "tbl-procurement",
         "Services share of national government procurement by year: as reported, as recomputed from the "
         "services and total amounts, and the difference. Years with neither are left out.", reads=("statistics",))
def procurement_table(data_dir=None):
    """National procurement by year: totals, split, services share reported and recomputed, flags."""
    from .statistics import procurement_series, services_share_computed
    t = services_share_computed(procurement_series(load.load_statistics(data_dir))).reset_index()
    return t.rename(columns={"services_share_reported": "services share reported (%)",
                             "services_share_computed": "services share recomputed from the split (%)",
                             "difference": "difference (points)"})


@exhibit("figure", "fig-social-organisations",
         "Registered social organisations (万个, ten thousands): the civil-affairs series and the counts taken from the "
         "information platform, which disagree. Disputed points are marked. Data: data/context/statistics.csv.",
         reads=("statistics",),
         alt="Line chart of registered social organisations over time (${n_points} values), with a second series of platform "
             "counts that diverges.")
def social_organisations_figure(data_dir=None):
    """Registered social organisations: the civil-affairs bulletin series and the conflicting platform counts."""
    from .statistics import SOCIAL_ORG_MEASURES, draw_social_organisations
    stats = load.load_statistics(data_dir)
    return draw_social_organisations(stats), {"n_points": int(stats["measure"].isin(SOCIAL_ORG_MEASURES).sum())}


@exhibit("table", "tbl-statistics",
         "Every statistic of the context data (data/context/statistics.csv), in 亿元 (100 million yuan), per cent or counts as "
         "the unit column says; derived and rounded values are flagged.", reads=("statistics",), rows="statistic")
def statistics_table(data_dir=None):
    """All statistics rows, each anchored so that ``[T026]`` in the text links to it."""
    s = load.load_statistics(data_dir).copy()
    s["stat_id"] = s["stat_id"].map(lambda i: _row_anchor("statistic", i))
    s["source_ids"] = s["source_ids"].map(_ids)
    s["measure"] = s["measure"].str.replace("_", " ")
    s["derived or rounded"] = [", ".join(w for w, flag in (("derived", d), ("rounded", r)) if flag is True)
                               for d, r in zip(s["derived"], s["rounded"])]
    return s[["stat_id", "year", "measure", "value", "unit", "scope_note", "confidence", "derived or rounded",
              "source_ids", "note"]]


@exhibit("table", "tbl-context-sources",
         "Sources of the policy and statistics data, cited by id (S1, S2 and so on) in the two tables above: outlet, "
         "title, date and a link named by its web address's domain (the full address is in data/context/sources.csv). "
         "Reposts and mirrors name the original outlet; the origin is the original a source goes back to "
         "(data/context/origins.csv).", reads=("context_sources",))
def context_sources_table(data_dir=None):
    """The sources of the context data, formatted like the sources table of a case.

    >>> context_sources_table().frame.columns[0]
    'Source'
    """
    return _sources_frame(load.load_context_sources(data_dir), "context-source")


# ---------------------------------------------------------------- literature

@exhibit("figure", "fig-corpus-by-year",
         "Works in the verified corpus by period of publication, coloured by school. The corpus is a selective list of "
         "${n_works} verified works, so the figure shows the shape of this list, not of the field. "
         "Data: data/literature/corpus.csv.", reads=("corpus",),
         alt="Stacked bar chart of the ${n_works} corpus works per period, coloured by school of thought.")
def corpus_year_figure(data_dir=None):
    """Works of the corpus by period of publication, coloured by school."""
    from .literature import draw_corpus_by_year
    corpus = load.load_corpus(data_dir)
    return draw_corpus_by_year(corpus), {"n_works": len(corpus)}


@exhibit("figure", "fig-theme-network",
         "Co-occurrence of themes in the verified corpus: node size counts the works coded with a theme, line width the works "
         "coded with both themes. Data: data/literature/corpus.csv; coding rules in corpus_codebook.csv.",
         reads=("corpus", "corpus_codebook"),
         alt="Network of ${n_themes} literature themes and ${n_pairs} theme pairs, with larger circles for frequent themes "
             "and thicker lines for frequent pairs.")
def theme_network_figure(data_dir=None):
    """Co-occurrence network of the corpus themes."""
    from .literature import draw_theme_network, theme_cooccurrence
    G = theme_cooccurrence(load.load_corpus(data_dir))
    return draw_theme_network(G), {"n_themes": G.number_of_nodes(), "n_pairs": G.number_of_edges()}


@exhibit("table", "tbl-corpus-counts", "Works in the verified corpus by school and language (data/literature/corpus.csv).",
         reads=("corpus",))
def corpus_counts_table(data_dir=None):
    """Works by school and language, with totals."""
    from .literature import corpus_counts
    return corpus_counts(load.load_corpus(data_dir)), {"index": True}


@exhibit("table", "tbl-theme-pairs", "The twelve most frequent theme pairs in the corpus (works coded with both themes).",
         reads=("corpus",))
def theme_pairs_table(data_dir=None):
    """The strongest theme pairs of the corpus."""
    from .literature import theme_cooccurrence, theme_network_table
    return theme_network_table(theme_cooccurrence(load.load_corpus(data_dir))).head(12)


# ---------------------------------------------------------------- strategies

def _strategy_label(cats, sid) -> str:
    return cats.loc[sid, "label_en"] if sid in cats.index else "none of the three"


@exhibit("table", "tbl-strategies-measures",
         "Measures taken after the incidents of every case, grouped by the strategy each comes closest to "
         "(data/cases/*/measures.csv).", reads=("measures", "categories", "case"))
def strategies_table(data_dir=None):
    """Each strategy, the cause dimension it answers, and the measures taken after each incident that resemble it."""
    cats = load.load_categories(data_dir).set_index("category_id")
    rows = []
    labels = _row_labels(data_dir)
    for c, case in load.load_cases(data_dir).items():
        m = case.measures
        for rec in m.itertuples():
            sid = rec.strategy_id
            rows.append({"strategy": _strategy_label(cats, sid),
                         "answers": cats.loc[sid, "answers"] if sid in cats.index else "",
                         "case": labels[c], "measure_id": rec.measure_id, "date": rec.date, "level": rec.level,
                         "measure": rec.measure, "linked to incident": rec.linked_to_incident,
                         "evidence": ", ".join([*rec.fact_ids, *rec.policy_ids])})
    order = {label: i for i, label in enumerate(cats.loc[cats["kind"] == "strategy", "label_en"])}
    t = pd.DataFrame(rows)
    t = t.sort_values(by=["strategy", "case", "measure_id"], key=lambda s: s.map(order).fillna(len(order)) if s.name == "strategy" else s)
    return t.reset_index(drop=True)


@exhibit("table", "tbl-strategy-counts",
         "Measures taken after each incident and linked to it by a source (stated) or by timing and topic "
         "(inferred), by the strategy they come closest to. General national rules that no source ties to an "
         "incident are listed in the next table but not counted here.", reads=("measures", "categories", "case"))
def strategy_counts(data_dir=None):
    """How many post-incident measures that a source links to the incident (stated or inferred) resemble each strategy."""
    cats = load.load_categories(data_dir).set_index("category_id")
    strategies = [*cats.index[cats["kind"] == "strategy"], "none"]
    frames = []
    labels = _row_labels(data_dir)
    for c, case in load.load_cases(data_dir).items():
        m = case.measures
        m = m[m["linked_to_incident"] != "none"]
        frames.append(pd.DataFrame({"case": labels[c], "strategy": m["strategy_id"].astype(str)}))
    both = pd.concat(frames, ignore_index=True)
    t = pd.crosstab(both["strategy"], both["case"]).reindex(index=strategies,
                                                               columns=list(labels.values()),
                                                               fill_value=0)
    t.index = [_strategy_label(cats, s) for s in t.index]
    t.index.name = "strategy"
    t.columns.name = None
    return t, {"index": True}


# ---------------------------------------------------------------- reproducibility

@exhibit("table", "tbl-build-info", "This build: interpreter, commit, state of the tracked files and checksum of data/.",
         reads=())
def build_info_table(data_dir=None):
    """The Python version, commit, state of the checkout and data checksum of this build."""
    from .provenance import build_info
    return build_info(data_dir)


@exhibit("table", "tbl-package-versions", "Versions of the main packages (the full set is pinned in requirements.lock).",
         reads=())
def package_versions_table(data_dir=None):
    """Versions of the main packages used by this build."""
    from .provenance import package_versions
    return package_versions()


# ---------------------------------------------------------------- robustness and evidence base

def verdict_sensitivity(data_dir=None) -> pd.DataFrame:
    """Per problem type and cause dimension: the verdict over the thesis cases and the one-step recodings that flip it.

    >>> int(verdict_sensitivity().set_index("category_id").loc["goal_loss", "flips"])
    0
    """
    m = _matrix(["problem", "dimension"], data_dir, role="thesis")
    return coding.verdict_sensitivity(m.rename(index=_names(data_dir)))


@exhibit("table", "tbl-verdict-sensitivity",
         "Robustness of the verdicts: the one-step changes to a single thesis case's code (raise or lower by one level) "
         "that would change each verdict. A verdict with no pivotal cell survives any single one-step disagreement with "
         "the coding.", reads=("coding", "categories", "case"))
def verdict_sensitivity_table(data_dir=None):
    """For each problem type and cause dimension: how many one-step recodings of a single case would flip the verdict."""
    t = verdict_sensitivity(data_dir)
    labels = {**_labels("problem", data_dir), **_labels("dimension", data_dir)}
    t.insert(1, "category", t["category_id"].map(labels))
    t["pivotal_cells"] = t["pivotal_cells"].replace("", "none")
    t["reachable"] = t["reachable"].replace("", "none")
    t = t.rename(columns={"flips": "one-step changes that alter it", "pivotal_cells": "pivotal cells",
                          "reachable": "verdicts reachable"})
    return t.drop(columns="category_id")


def evidence_base(data_dir=None) -> pd.DataFrame:
    """Per case (id as index): sources, reposts, fact grades and the share of cited facts that are confirmed."""
    rows = []
    labels = _row_labels(data_dir)
    for c, case in load.load_cases(data_dir).items():
        main = case.main()
        prof = coding.evidence_profile(case.coding, case.facts)
        cited = int(prof["facts"].sum()) if len(prof) else 0
        rows.append({"case_id": c, "case": labels[c], "sources": len(case.sources),
                     "reposts or mirrors": int(case.sources["is_repost"].fillna(False).sum()),
                     "undated sources": int(case.sources["date"].isna().sum()),
                     "facts (case)": len(main.facts),
                     "confirmed": int((main.facts["confidence"] == "confirmed").sum()),
                     "single-source": int((main.facts["confidence"] == "single-source").sum()),
                     "disputed": int((main.facts["confidence"] == "disputed").sum()),
                     "judgements coded 2-3": int((prof["strength"] >= 2).sum()) if len(prof) else 0,
                     "share of cited facts confirmed": round(int(prof["confirmed"].sum()) / cited, 2) if cited else float("nan")})
    return pd.DataFrame(rows).set_index("case_id")


@exhibit("table", "tbl-evidence-base",
         "The evidence base of each case: sources, fact grades, and the share of the facts cited by coded judgements that "
         "are confirmed (their sources go back to two or more independent origins); empty where a case is not coded yet.", reads=("facts", "sources", "coding", "case"))
def evidence_base_table(data_dir=None):
    """Per case: sources, reposts, fact grades, and how much of the coding rests on confirmed facts."""
    return evidence_base(data_dir).reset_index(drop=True)


# ---------------------------------------------------------------- evidence: origins, reliability, changes

@exhibit("table", "tbl-{case}-origins",
         "The originals the ${name} sources go back to, with their kind and authority. A fact is confirmed only when its "
         "sources go back to two or more of them (data/cases/${case}/origins.csv).", reads=("origins", "sources"), per="case")
def case_origins(case_id: str, data_dir=None):
    """The origins of a case's sources: originator, kind, authority, date and the sources that relay each."""
    from .evidence import AUTHORITY
    case = load.load_case(case_id, data_dir)
    if not len(case.origins):
        return pd.DataFrame({"origin": ["not examined yet"], "originator": [""], "kind": [""], "authority": [""],
                             "date": [""], "sources": [""]})
    o = case.origins.copy()
    relays = case.sources.groupby("origin_id")["source_id"].agg(lambda s: ", ".join(s))
    o["sources"] = o["origin_id"].map(relays).fillna("none (origin of a reported statement)")
    o["authority"] = o["kind"].map(AUTHORITY)
    o["kind"] = o["kind"].str.replace("_", " ")
    return o[["origin_id", "originator", "kind", "authority", "date", "sources"]].rename(columns={"origin_id": "origin"})


def _judgements(data_dir=None) -> pd.DataFrame:
    from .reliability import judgements
    cases = load.load_cases(data_dir)
    return judgements(cases, load.load_categories(data_dir))


@exhibit("table", "tbl-reliability",
         "Agreement between the first and the blind second coding of every judgement: share of identical codes and "
         "Krippendorff's alpha (ordinal, 0-3) with a 95% percentile bootstrap interval over judgements (2,000 draws, "
         "seeded), overall and by kind of judgement, for all ${n_cases} cases.", reads=("adjudication", "coding", "categories"))
def reliability_table(data_dir=None):
    """Krippendorff's alpha of the two codings, overall and per kind of judgement."""
    from .reliability import reliability_table as table
    return table(_judgements(data_dir))


@exhibit("table", "tbl-adjudication",
         "Every judgement on which the two coders disagreed, the adjudicated strength (the one the book uses) and the "
         "reason (data/cases/*/adjudication.csv).", reads=("adjudication", "coding", "categories"))
def adjudication_table(data_dir=None):
    """The adjudication log: disagreements between the coders and how each was resolved."""
    j = _judgements(data_dir)
    d = j[j["first"] != j["second"]].copy()
    d["category_id"] = d["category_id"].str.replace("_", " ")
    return d[["case", "judgement_id", "category_id", "party", "first", "second", "adjudicated", "reason"]].rename(
        columns={"judgement_id": "judgement", "category_id": "category"})


@exhibit("table", "tbl-changes",
         "What changed from the first edition: facts regraded from the origins of their sources, and judgements recoded "
         "after the blind second coding (data/changes/second-edition.csv).", reads=("changes",))
def changes_table(data_dir=None):
    """Every fact regraded and every judgement recoded since the first edition, with the reason."""
    c = load._load("changes", data_dir).copy()
    names = load.display_names(data_dir)
    c["case"] = c["case_id"].map(names)
    c["item_id"] = c["item_id"]
    return c[["change_id", "case", "item_id", "field", "before", "after", "reason"]].rename(columns={"item_id": "item"})


def fact_grades(case_id: str, data_dir=None) -> pd.DataFrame:
    """Per fact of a case: its origins, the grade they give and its authority (:mod:`analysis.evidence`)."""
    from .evidence import fact_grades as grades
    case = load.load_case(case_id, data_dir)
    return grades(case.facts, case.sources, case.origins)
