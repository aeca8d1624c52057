"""One call per figure or table: the functions the book's notebooks use.

Each function loads the validated data, computes with the topic modules and returns either an
:class:`~analysis.style.SVGFigure` (deterministic SVG, compared by nbval) or a captioned
:class:`~analysis.display.Table`. Narrative stays in the book; logic stays in the topic modules.

The :data:`FIGURES` registry maps file names to figure builders; ``python -m analysis figures OUT_DIR``
writes them all.

Example
-------
>>> from analysis import book
>>> book.case_facts("hefei-brt-shelter-collapse").name
'tbl-hefei-brt-shelter-collapse-facts'
"""
from __future__ import annotations

import html
import json

import pandas as pd

from . import coding, load, network, paths
from .display import Table
from .style import show


# ---------------------------------------------------------------- helpers

def _short(case_id: str) -> str:
    return case_id.split("-")[0].capitalize()


def _case_names(data_dir=None) -> dict[str, str]:
    return {c: _short(c) for c in load.list_cases(data_dir)}


def _labels(kind: str, data_dir=None) -> dict[str, str]:
    cats = load.load_categories(data_dir)
    cats = cats[cats["kind"] == kind]
    return dict(zip(cats["category_id"], cats["label_en"]))


def _spaced(text) -> str:
    """A ';'-separated free-text list shown with a space after each separator."""
    return "" if pd.isna(text) else "; ".join(part.strip() for part in str(text).split(";"))


def _ids(values) -> str:
    return ", ".join(values) if isinstance(values, tuple) else ("" if pd.isna(values) else str(values))


# ---------------------------------------------------------------- one case

def case_overview(case_id: str, data_dir=None) -> Table:
    """Key facts of a case: place, dates, what was bought from whom and how, and the size of the record."""
    case = load.load_case(case_id, data_dir)
    main = case.main()
    actors = case.actors.set_index("actor_id")["name_en"]
    conf = main.facts["confidence"].value_counts()
    rows = [
        ("Place", f"{case.meta['place_en']} ({case.meta['place_zh']})"),
        ("Incident dates", f"{case.meta['date_start']} to {case.meta['date_end'] or case.meta['date_start']}"),
        ("Purchaser(s)", "; ".join(actors[a] for a in case.meta["purchaser_actor_ids"])),
        ("Provider(s)", "; ".join(actors[a] for a in case.meta["provider_actor_ids"])),
        ("What was bought", case.meta["service_purchased"]),
        ("How it was bought", case.meta["purchase_arrangement"]),
        ("Facts about the case", f"{len(main.facts)} ({conf.get('confirmed', 0)} confirmed, {conf.get('single-source', 0)} single-source, "
                                 f"{conf.get('disputed', 0)} disputed)"),
        ("Facts about alternative candidates", str(len(case.facts) - len(main.facts))),
        ("Actors and relations", f"{len(main.actors)} actors, {len(main.relations)} relations"),
        ("Sources", f"{len(case.sources)} ({int(case.sources['is_repost'].sum())} reposts or mirrors)"),
        ("Framing caveat", case.meta["framing_caveat"] or "none recorded"),
    ]
    return Table(pd.DataFrame(rows, columns=["item", "value"]), f"The {_short(case_id)} case at a glance.",
                 f"tbl-{case_id}-overview")


def case_timeline(case_id: str, data_dir=None):
    """Timeline of the dated facts of a case, marked by confidence."""
    from .timeline import draw_case_timeline
    case = load.load_case(case_id, data_dir)
    return show(draw_case_timeline(case.facts, title=f"{_short(case_id)}: dated facts by confidence"), f"{case_id}-timeline")


def case_network(case_id: str, data_dir=None):
    """The actor network of a case in sector bands, ties coloured by phase."""
    case = load.load_case(case_id, data_dir)
    G = network.actor_network(case)
    return show(network.draw_network(G, title=f"{_short(case_id)}: actors by sector and their ties by phase"), f"{case_id}-network")


def case_network_metrics(case_id: str, data_dir=None) -> Table:
    """Network size, density, components, central actors and public participation, by phase."""
    case = load.load_case(case_id, data_dir)
    m = network.metrics_by_phase(network.actor_network(case)).reset_index()
    m = m[["phase", "actors", "ties", "density", "components", "most_ties", "top_broker",
           "share_involving_public", "share_public_acting"]]
    m = m.rename(columns={"most_ties": "actor with most ties", "top_broker": "top broker",
                          "share_involving_public": "share of ties with the public", "share_public_acting": "share with the public acting"})
    return Table(m, f"Network metrics of the {_short(case_id)} case by phase. Density is that of the simple directed graph. "
                    "The top broker is the actor with the highest betweenness, left blank when no actor lies between two others. "
                    "The public shares count ties with a service user, family or member of the public at either end, "
                    "and ties in which such an actor is the one who acts.", f"tbl-{case_id}-metrics")


def case_brokers(case_id: str, data_dir=None) -> Table:
    """Actors that broker between sectors in a case, strongest first."""
    case = load.load_case(case_id, data_dir)
    b = network.brokers(network.actor_network(case)).rename(
        columns={"actor_id": "actor", "name_en": "name", "cross_sector_brokerage": "cross-sector brokerage"})
    return Table(b, f"Cross-sector brokers in the {_short(case_id)} case: share of shortest paths between actors of different "
                    "sectors that pass through each actor.", f"tbl-{case_id}-brokers")


def case_coding(case_id: str, data_dir=None) -> Table:
    """The coded judgements of a case with strength, supporting facts and rationale."""
    case = load.load_case(case_id, data_dir)
    cats = load.load_categories(data_dir).set_index("category_id")
    t = case.coding.copy()
    t.insert(1, "category", [cats.loc[c, "label_en"] for c in t["category_id"]])
    t.insert(2, "kind", [cats.loc[c, "kind"].replace("_", " ") for c in t["category_id"]])
    t["fact_ids"] = t["fact_ids"].map(_ids)
    t["judgement_id"] = t["judgement_id"].map(lambda i: _row_anchor("judgement", i))
    t = t[["judgement_id", "kind", "category", "party", "strength", "fact_ids", "rationale"]]
    return Table(t, f"Coded judgements for the {_short(case_id)} case (strength 0-3, see the scale in the framework chapter).",
                 f"tbl-{case_id}-coding")


def case_party_heatmap(case_id: str, data_dir=None):
    """Heatmap of a case's value and capability codes per party."""
    case = load.load_case(case_id, data_dir)
    cats = load.load_categories(data_dir)
    ids = coding.category_ids(cats, "problem") + coding.category_ids(cats, "dimension")
    m = coding.party_matrix(case.coding, ids)
    return show(coding.draw_heatmap(m, f"{_short(case_id)}: coded strength by party", col_labels={**_labels("problem"), **_labels("dimension")}),
                f"{case_id}-party-heatmap")


def _row_anchor(prefix: str, item_id: str) -> str:
    return f'<span id="{prefix}-{item_id.lower()}"></span>{item_id}'


def _source_links(case: "load.Case", ids) -> str:
    tag = case.prefix.lower()
    return ", ".join(f'<a href="#source-{tag}-{s.lower()}">{s}</a>' for s in ids)


def case_facts(case_id: str, data_dir=None) -> Table:
    """All facts of a case with date, confidence, scope and sources.

    Each row carries an HTML anchor (``fact-hf-05``) that fact ids elsewhere in the book link to
    (see :mod:`analysis.sphinxext`), and each source id links to its row in :func:`case_sources`.
    """
    case = load.load_case(case_id, data_dir)
    f = case.facts.copy()
    f["fact_id"] = f["fact_id"].map(lambda i: _row_anchor("fact", i))
    f["source_ids"] = f["source_ids"].map(lambda ids: _source_links(case, ids))
    f = f[["fact_id", "date", "confidence", "scope", "source_ids", "claim", "note"]]
    return Table(f, f"All facts of the {_short(case_id)} case. Confidence: confirmed (two or more independent sources agree), "
                    "single-source, or disputed (the note says how sources disagree).", f"tbl-{case_id}-facts")


def case_sources(case_id: str, data_dir=None) -> Table:
    """The sources of a case."""
    case = load.load_case(case_id, data_dir)
    s = case.sources[["source_id", "outlet", "title", "date", "language", "is_repost", "url"]].copy()
    s["source_id"] = s["source_id"].map(lambda i: _row_anchor(f"source-{case.prefix.lower()}", i))
    s["url"] = s["url"].map(lambda u: "" if pd.isna(u) else f'<a href="{html.escape(str(u), quote=True)}">{html.escape(str(u))}</a>')
    s["is_repost"] = s["is_repost"].map({True: "yes", False: "no"})
    return Table(s, f"Sources of the {_short(case_id)} case. Reposts and mirrors name the original outlet.", f"tbl-{case_id}-sources")


def case_open_questions(case_id: str, data_dir=None) -> Table:
    """What could not be established about a case."""
    case = load.load_case(case_id, data_dir)
    return Table(case.open_questions, f"Open questions about the {_short(case_id)} case: limits of the public record.",
                 f"tbl-{case_id}-open-questions")


def case_evidence(case_id: str, category_id: str, party: str = "all", data_dir=None) -> Table:
    """The facts behind one coded cell of a case."""
    case = load.load_case(case_id, data_dir)
    e = coding.evidence_table(case.coding, case.facts, category_id, party)
    return Table(e, f"Evidence behind the {_short(case_id)} judgement on {category_id.replace('_', ' ')} (party: {party}).",
                 f"tbl-{case_id}-evidence-{category_id.replace('_', '-')}-{party}")


# ---------------------------------------------------------------- across cases

def _matrix(kind: str, data_dir=None) -> pd.DataFrame:
    cats = load.load_categories(data_dir)
    codings = {c: load.load_case(c, data_dir).coding for c in load.list_cases(data_dir)}
    return coding.coding_matrix(codings, coding.category_ids(cats, kind))


def coding_heatmap(kind: str, data_dir=None):
    """Case x category heatmap for one kind of category (problem, dimension or bozeman_criterion)."""
    m = _matrix(kind, data_dir)
    titles = {"problem": "Problem types by case", "dimension": "Cause dimensions by case",
              "bozeman_criterion": "Bozeman's public-value failure criteria by case"}
    return show(coding.draw_heatmap(m, titles.get(kind, kind), row_labels=_case_names(data_dir), col_labels=_labels(kind, data_dir)),
                f"heatmap-{kind}")


def coding_matrix_table(kind: str, data_dir=None) -> Table:
    """Case x category strengths as a table."""
    m = _matrix(kind, data_dir).rename(index=_case_names(data_dir), columns=_labels(kind, data_dir))
    m.index.name = "case"
    return Table(m, f"Coded strength (0-3) by case: {kind.replace('_', ' ')}s (party: all).", f"tbl-matrix-{kind.replace('_', '-')}", index=True)


def participation_figure(data_dir=None):
    """Share of ties involving the public, per phase, for every case."""
    tables = {_short(c): network.participation_by_phase(network.actor_network(load.load_case(c, data_dir)))
              for c in load.list_cases(data_dir)}
    return show(network.draw_participation(tables), "participation")


def network_comparison(data_dir=None) -> Table:
    """Per case: network size and density, brokers, and whether the public took part before the incident."""
    rows = []
    for c in load.list_cases(data_dir):
        G = network.actor_network(load.load_case(c, data_dir))
        m = network.network_metrics(G)
        part = network.participation_by_phase(G)
        before = network.public_tie_before_incident(G)
        top = network.brokers(G)
        rows.append({"case": _short(c), "actors": m["actors"], "ties": m["ties"], "density": m["density"],
                     "components": m["components"], "top broker": network.short_label(top["name_en"].iloc[0], width=200) if len(top) else "",
                     "public share (all ties)": part.loc["all", "share_involving_public"],
                     "public acting (all ties)": part.loc["all", "share_public_acting"],
                     "public tie before incident": "yes" if before["any_tie"] else "no",
                     "public acting before incident": "yes" if before["public_acting"] else "no"})
    return Table(pd.DataFrame(rows), "The three networks compared (scope: the case itself; alternative candidates left out).",
                 "tbl-network-comparison")


def participation_table(data_dir=None) -> Table:
    """Share of ties involving the public and share where the public acts, per case and phase."""
    frames = []
    for c in load.list_cases(data_dir):
        p = network.participation_by_phase(network.actor_network(load.load_case(c, data_dir))).reset_index()
        p.insert(0, "case", _short(c))
        frames.append(p.rename(columns={"ties_involving_public": "ties with the public", "share_involving_public": "share",
                                        "ties_public_acting": "ties with the public acting", "share_public_acting": "share acting"}))
    return Table(pd.concat(frames, ignore_index=True), "Participation by phase: ties with the public at either end, and ties "
                 "in which the public acts.", "tbl-participation")


def claims_table(data_dir=None) -> Table:
    """The thesis's claims, where the book examines them, the evidence and the verdict."""
    c = load.load_claims(data_dir).copy()
    c["category_ids"] = c["category_ids"].map(_ids)
    return Table(c[["claim_id", "part", "claim", "chapter", "evidence", "verdict"]],
                 "Claims of the thesis abstract, paraphrased, with the evidence this book brings and a verdict.", "tbl-claims")


def claims_check_table(data_dir=None) -> Table:
    """Stated verdicts beside the verdicts the coding implies (problem and cause claims)."""
    m = _matrix("problem", data_dir).join(_matrix("dimension", data_dir))
    check = coding.claims_check(load.load_claims(data_dir), m).rename(columns=_case_names(data_dir))
    check["agree"] = check["agree"].map({True: "yes", False: "no"})
    check = check.rename(columns={"verdict_stated": "verdict in the claims table", "verdict_from_coding": "verdict by the rule"})
    return Table(check, "Verdicts on problem and cause claims checked against the coding: supported when every case is coded "
                        "2 or more, partly supported when at least one is, not supported otherwise.", "tbl-claims-check")


def verdict_counts(data_dir=None) -> Table:
    """How many claims received each verdict, by part of the argument."""
    c = load.load_claims(data_dir)
    t = pd.crosstab(c["part"], c["verdict"]).reindex(index=["context", "problem", "cause", "strategy"], fill_value=0)
    t.index.name = "part"
    return Table(t.reset_index(), "Verdicts by part of the thesis's argument.", "tbl-verdict-counts")


# ---------------------------------------------------------------- codebook and data dictionary

def codebook_table(data_dir=None) -> Table:
    """The codebook: problem types, cause dimensions, strategies and Bozeman criteria."""
    c = load.load_categories(data_dir).copy()
    c["reference_keys"] = c["reference_keys"].map(_ids)
    c["indicators"] = c["indicators"].map(_spaced)
    return Table(c[["category_id", "kind", "label_en", "label_zh", "definition", "indicators", "answers"]],
                 "The codebook. Strategies name the cause dimension they answer.", "tbl-codebook")


def codebook_full_table(data_dir=None) -> Table:
    """The codebook with its observable indicators and the literature each category rests on."""
    c = load.load_categories(data_dir).copy()
    c["reference_keys"] = c["reference_keys"].map(_ids)
    c["indicators"] = c["indicators"].map(_spaced)
    return Table(c[["category_id", "kind", "label_en", "indicators", "answers", "reference_keys"]],
                 "Indicators and grounding references of each category (data/codebook/categories.csv).", "tbl-codebook-full")


def scale_table(data_dir=None) -> Table:
    """The 0-3 strength scale with anchors."""
    return Table(load.load_scale(data_dir), "The strength scale and its anchors.", "tbl-scale")


def data_dictionary(data_dir=None) -> Table:
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
    return Table(pd.DataFrame(rows), "Data dictionary, generated from data/datapackage.json.", "tbl-data-dictionary")


def data_tables(data_dir=None) -> Table:
    """The resources of the data package with their paths and primary keys."""
    desc = load.load_descriptor(data_dir)
    rows = []
    for res in desc["resources"]:
        path = res["path"]
        rows.append({"table": res["name"], "title": res.get("title", ""),
                     "files": len(path) if isinstance(path, list) else 1,
                     "path": "cases/CASE-ID/" + res["name"] + ".csv" if isinstance(path, list) else path,
                     "primary key": ", ".join(res.get("schema", {}).get("primaryKey", []))})
    return Table(pd.DataFrame(rows), "Tables of the data package.", "tbl-data-tables")


# ---------------------------------------------------------------- context: policy and scale

def _incidents(data_dir=None) -> pd.DataFrame:
    rows = []
    for c in load.list_cases(data_dir):
        meta = load.load_case(c, data_dir).meta
        rows.append({"case_id": c, "label": _short(c), "date_start": meta["date_start"]})
    return pd.DataFrame(rows)


def policy_timeline_figure(data_dir=None):
    """Policy documents since 1995, national procurement totals and the three incidents on one time axis."""
    from .timeline import draw_context_timeline
    fig = draw_context_timeline(load.load_policy_timeline(data_dir), load.load_statistics(data_dir), _incidents(data_dir))
    return show(fig, "context-timeline")


def policy_table(data_dir=None) -> Table:
    """The policy timeline as a table."""
    p = load.load_policy_timeline(data_dir).copy()
    p["source_ids"] = p["source_ids"].map(_ids)
    p["topic"] = p["topic"].str.replace("_", " ")
    p["policy_id"] = p["policy_id"].map(lambda i: _row_anchor("policy", i))
    p = p[["policy_id", "date_issued", "level", "topic", "body_en", "doc_number", "title_en", "confidence", "source_ids"]]
    return Table(p, "Policy documents on purchasing services and on the sectors of the three cases (data/context/policy_timeline.csv).",
                 "tbl-policy-timeline")


def procurement_figure(data_dir=None):
    """National government procurement by goods, works and services, with the services share."""
    from .statistics import draw_procurement
    return show(draw_procurement(load.load_statistics(data_dir)), "procurement")


def procurement_table(data_dir=None) -> Table:
    """National procurement by year: totals, split, services share reported and recomputed, flags."""
    from .statistics import procurement_series, services_share_computed
    t = services_share_computed(procurement_series(load.load_statistics(data_dir))).reset_index()
    t = t.rename(columns={"services_share_reported": "services share reported (%)",
                          "services_share_computed": "services share recomputed from the split (%)",
                          "difference": "difference (points)"})
    return Table(t, "Services share of national government procurement by year: as reported, as recomputed from the "
                    "services and total amounts, and the difference. Years with neither are left out.", "tbl-procurement", index=False)


def social_organisations_figure(data_dir=None):
    """Registered social organisations: the civil-affairs bulletin series and the conflicting platform counts."""
    from .statistics import draw_social_organisations
    return show(draw_social_organisations(load.load_statistics(data_dir)), "social-organisations")


# ---------------------------------------------------------------- literature

def corpus_year_figure(data_dir=None):
    """Works of the corpus by period of publication, coloured by school."""
    from .literature import draw_corpus_by_year
    return show(draw_corpus_by_year(load.load_corpus(data_dir)), "corpus-by-year")


def theme_network_figure(data_dir=None):
    """Co-occurrence network of the corpus themes."""
    from .literature import draw_theme_network, theme_cooccurrence
    return show(draw_theme_network(theme_cooccurrence(load.load_corpus(data_dir))), "theme-network")


def corpus_counts_table(data_dir=None) -> Table:
    """Works by school and language, with totals."""
    from .literature import corpus_counts
    return Table(corpus_counts(load.load_corpus(data_dir)), "Works in the verified corpus by school and language "
                 "(data/literature/corpus.csv).", "tbl-corpus-counts", index=True)


def theme_pairs_table(data_dir=None) -> Table:
    """The strongest theme pairs of the corpus."""
    from .literature import theme_cooccurrence, theme_network_table
    t = theme_network_table(theme_cooccurrence(load.load_corpus(data_dir))).head(12)
    return Table(t, "The twelve most frequent theme pairs in the corpus (works coded with both themes).", "tbl-theme-pairs")


# ---------------------------------------------------------------- strategies

def strategies_table(data_dir=None) -> Table:
    """Each strategy, the cause dimension it answers, and the measures taken after each incident that resemble it."""
    cats = load.load_categories(data_dir).set_index("category_id")
    rows = []
    for c in load.list_cases(data_dir):
        m = load.load_case(c, data_dir).measures
        for rec in m.itertuples():
            sid = rec.strategy_id
            rows.append({"strategy": cats.loc[sid, "label_en"] if sid in cats.index else "none of the three",
                         "answers": cats.loc[sid, "answers"] if sid in cats.index else "",
                         "case": _short(c), "measure_id": rec.measure_id, "date": rec.date, "level": rec.level,
                         "measure": rec.measure, "linked to incident": rec.linked_to_incident,
                         "evidence": ", ".join([*rec.fact_ids, *rec.policy_ids])})
    order = {label: i for i, label in enumerate(cats.loc[cats["kind"] == "strategy", "label_en"])}
    t = pd.DataFrame(rows)
    t = t.sort_values(by=["strategy", "case", "measure_id"], key=lambda s: s.map(order).fillna(len(order)) if s.name == "strategy" else s)
    return Table(t.reset_index(drop=True), "Measures taken after the three incidents, grouped by the strategy each comes closest to "
                 "(data/cases/*/measures.csv).", "tbl-strategies-measures")


def strategy_counts(data_dir=None) -> Table:
    """How many post-incident measures that a source links to the incident (stated or inferred) resemble each strategy."""
    cats = load.load_categories(data_dir).set_index("category_id")
    frames = []
    for c in load.list_cases(data_dir):
        m = load.load_case(c, data_dir).measures
        m = m[m["linked_to_incident"] != "none"]
        frames.append(pd.DataFrame({"case": _short(c), "strategy": m["strategy_id"].astype(str)}))
    both = pd.concat(frames, ignore_index=True)
    t = pd.crosstab(both["strategy"], both["case"])
    t.index = [cats.loc[s, "label_en"] if s in cats.index else "none of the three" for s in t.index]
    t.index.name = "strategy"
    return Table(t, "Measures taken after each incident and linked to it by a source (stated) or by timing and topic "
                    "(inferred), by the strategy they come closest to. General national rules that no source ties to an "
                    "incident are listed in the next table but not counted here.", "tbl-strategy-counts", index=True)


# ---------------------------------------------------------------- registry of figures for `python -m analysis figures`

def _case_figures(data_dir=None) -> dict:
    out = {}
    for c in load.list_cases(data_dir):
        out[f"{c}-timeline.svg"] = (case_timeline, c)
        out[f"{c}-network.svg"] = (case_network, c)
        out[f"{c}-party-heatmap.svg"] = (case_party_heatmap, c)
    return out


def figure_registry(data_dir=None) -> dict:
    """File name -> (builder, argument or None) for every figure of the book."""
    reg = {
        "context-timeline.svg": (policy_timeline_figure, None),
        "procurement.svg": (procurement_figure, None),
        "social-organisations.svg": (social_organisations_figure, None),
        "corpus-by-year.svg": (corpus_year_figure, None),
        "theme-network.svg": (theme_network_figure, None),
        "heatmap-problems.svg": (coding_heatmap, "problem"),
        "heatmap-dimensions.svg": (coding_heatmap, "dimension"),
        "heatmap-bozeman.svg": (coding_heatmap, "bozeman_criterion"),
        "participation.svg": (participation_figure, None),
    }
    reg.update(_case_figures(data_dir))
    return dict(sorted(reg.items()))


# ---------------------------------------------------------------- reproducibility

def build_info_table(data_dir=None) -> Table:
    """The Python version, commit, state of the checkout and data checksum of this build."""
    from .provenance import build_info
    return Table(build_info(data_dir), "This build: interpreter, commit, state of the tracked files and checksum of data/.",
                 "tbl-build-info")


def package_versions_table() -> Table:
    """Versions of the main packages used by this build."""
    from .provenance import package_versions
    return Table(package_versions(), "Versions of the main packages (the full set is pinned in requirements.lock).",
                 "tbl-package-versions")


# ---------------------------------------------------------------- robustness and evidence base

def verdict_sensitivity_table(data_dir=None) -> Table:
    """For each problem type and cause dimension: how many one-step recodings of a single case would flip the verdict."""
    m = _matrix("problem", data_dir).join(_matrix("dimension", data_dir)).rename(index=_case_names(data_dir))
    t = coding.verdict_sensitivity(m)
    labels = {**_labels("problem", data_dir), **_labels("dimension", data_dir)}
    t.insert(1, "category", t["category_id"].map(labels))
    t = t.rename(columns={"flips": "one-step changes that alter it", "pivotal_cells": "pivotal cells",
                          "reachable": "verdicts reachable"})
    return Table(t.drop(columns="category_id"), "Robustness of the verdicts: the one-step changes to a single case's code "
                 "(raise or lower by one level) that would change each verdict. A verdict with no pivotal cell survives any "
                 "single one-step disagreement with the coding.", "tbl-verdict-sensitivity")


def evidence_base_table(data_dir=None) -> Table:
    """Per case: sources, reposts, fact grades, and how much of the coding rests on confirmed facts."""
    rows = []
    for c in load.list_cases(data_dir):
        case = load.load_case(c, data_dir)
        main = case.main()
        prof = coding.evidence_profile(case.coding, case.facts)
        strong = prof[prof["strength"] >= 2]
        cited = prof["facts"].sum()
        rows.append({"case": _short(c), "sources": len(case.sources),
                     "reposts or mirrors": int(case.sources["is_repost"].sum()),
                     "undated sources": int(case.sources["date"].isna().sum()),
                     "facts (case)": len(main.facts),
                     "confirmed": int((main.facts["confidence"] == "confirmed").sum()),
                     "single-source": int((main.facts["confidence"] == "single-source").sum()),
                     "disputed": int((main.facts["confidence"] == "disputed").sum()),
                     "judgements coded 2-3": len(strong),
                     "share of cited facts confirmed": round(prof["confirmed"].sum() / cited, 2) if cited else float("nan")})
    return Table(pd.DataFrame(rows), "The evidence base of each case: sources, fact grades, and the share of the facts cited "
                 "by coded judgements that are confirmed (two or more independent sources).", "tbl-evidence-base")
