"""Actor networks on small hand-made data, plus the project's cases."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import load, network
from analysis.style import svg_bytes


def make(actors, relations):
    a = pd.DataFrame(actors, columns=["actor_id", "name_en", "sector", "scope"])
    r = pd.DataFrame(relations, columns=["relation_id", "source", "target", "relation", "phase", "scope"])
    return network.build_network(a, r)


@pytest.fixture()
def small():
    # gov contracts firm; firm serves users; users complain to gov; media reports on firm (response); an isolate.
    return make(
        [("gov", "Bureau", "government", "case"), ("firm", "Firm Ltd (builder)", "market", "case"),
         ("users", "Users", "public", "case"), ("media", "Paper", "society", "case"),
         ("lonely", "Isolated office", "government", "case"), ("alt", "Other incident", "market", "alternative")],
        [("R1", "gov", "firm", "contracts", "contracting", "case"),
         ("R2", "firm", "users", "delivers_service_to", "delivery", "case"),
         ("R3", "firm", "users", "harms", "incident", "case"),
         ("R4", "users", "gov", "complains_to", "response", "case"),
         ("R5", "media", "firm", "reports_on", "response", "case"),
         ("R6", "gov", "alt", "other", "response", "alternative")])


def test_build_keeps_attributes_and_drops_alternatives(small):
    assert sorted(small.nodes) == ["firm", "gov", "lonely", "media", "users"]
    assert small.number_of_edges() == 5
    assert small.edges["firm", "users", "R3"]["relation"] == "harms"
    assert small.nodes["firm"]["sector"] == "market"


def test_alternatives_can_be_included():
    G = make([("a", "A", "government", "case"), ("b", "B", "market", "alternative")],
             [("R1", "a", "b", "other", "response", "alternative")])
    assert G.number_of_edges() == 0
    a = pd.DataFrame([("a", "A", "government", "case"), ("b", "B", "market", "alternative")], columns=["actor_id", "name_en", "sector", "scope"])
    r = pd.DataFrame([("R1", "a", "b", "other", "response", "alternative")], columns=["relation_id", "source", "target", "relation", "phase", "scope"])
    assert network.build_network(a, r, include_alternative=True).number_of_edges() == 1


def test_dangling_endpoint_raises():
    with pytest.raises(ValueError, match="relation R1: target 'ghost' is not an actor"):
        make([("a", "A", "government", "case")], [("R1", "a", "ghost", "other", "response", "case")])


def test_metrics_of_the_whole_network(small):
    m = network.network_metrics(small)
    # 5 actors, 5 ties on 4 distinct ordered pairs (firm->users twice); density 4 / (5*4) = 0.2
    assert m == {"actors": 5, "ties": 5, "distinct_pairs": 4, "density": 0.2, "components": 2, "isolates": 1}


def test_metrics_by_phase(small):
    t = network.metrics_by_phase(small)
    assert t.loc["contracting", "actors"] == 2 and t.loc["contracting", "ties"] == 1
    assert t.loc["contracting", "density"] == 0.5
    assert t.loc["response", "actors"] == 4 and t.loc["response", "components"] == 2
    assert t.loc["response", "share_public_acting"] == 0.5
    assert t.loc["all", "top_broker"] == "firm"


def test_empty_network():
    G = make([], [])
    assert network.network_metrics(G) == {"actors": 0, "ties": 0, "distinct_pairs": 0, "density": 0.0, "components": 0, "isolates": 0}
    assert network.centrality_table(G).empty
    p = network.participation_by_phase(G)
    assert p["ties"].sum() == 0 and p["share_involving_public"].isna().all()
    assert network.public_tie_before_incident(G) == {"any_tie": False, "public_acting": False}
    nodes, edges = network.network_layout(G)
    assert [t.get_text() for t in network.draw_network(nodes, edges, network.shown_phases(G)).axes[0].texts] == ["no actors"]


def test_isolated_actor_has_no_centrality(small):
    t = network.centrality_table(small).set_index("actor_id")
    assert t.loc["lonely", "ties"] == 0 and t.loc["lonely", "betweenness"] == 0 and not t.loc["lonely", "broker"]


def test_participation_shares(small):
    p = network.participation_by_phase(small)
    assert p.loc["contracting", "share_involving_public"] == 0.0
    assert p.loc["delivery", "share_involving_public"] == 1.0 and p.loc["delivery", "share_public_acting"] == 0.0
    assert p.loc["response", "ties_involving_public"] == 1 and p.loc["response", "ties"] == 2
    assert p.loc["all", "share_involving_public"] == 0.6       # R2, R3, R4 of 5
    assert p.loc["all", "share_public_acting"] == 0.2          # R4 of 5
    assert network.public_tie_before_incident(small) == {"any_tie": True, "public_acting": False}


def test_phase_without_ties_has_undefined_share():
    G = make([("a", "A", "government", "case"), ("b", "B", "public", "case")], [("R1", "a", "b", "harms", "incident", "case")])
    p = network.participation_by_phase(G)
    assert math.isnan(p.loc["delivery", "share_involving_public"])
    assert p.loc["incident", "share_involving_public"] == 1.0


def test_cross_sector_brokerage(small):
    b = network.cross_sector_brokerage(small)
    # Undirected: media-firm-users, gov-firm, users-gov. Cross-sector pairs among the connected component of 4
    # actors (all sectors differ): 6 pairs. Paths through firm: media-users (via firm only), media-gov (via firm):
    # 2 of 6 pairs -> 1/3. gov-users is a direct tie, gov-firm direct, firm-users direct, media-firm direct.
    assert b["firm"] == pytest.approx(2 / 6)
    assert b["gov"] == 0 and b["lonely"] == 0
    assert network.brokers(small)["actor_id"].tolist() == ["firm"]


def test_band_layout_is_banded_and_deterministic(small):
    pos = network.band_layout(small)
    assert pos["gov"][1] == pos["lonely"][1] == 0          # government band on top
    assert pos["users"][1] < pos["media"][1] < pos["firm"][1] < pos["gov"][1]
    assert pos["gov"][0] < pos["lonely"][0]                  # gov has a contracting tie, lonely none
    assert network.band_layout(small) == pos


def test_short_label():
    assert network.short_label("Hefei Public Transport Group (incl. its subsidiary)") == "Hefei Public\nTransport Group"


def test_drawing_is_small_multiples_with_a_numbered_key_and_is_deterministic(small):
    nodes, edges = network.network_layout(small)
    fig = network.draw_network(nodes, edges, network.shown_phases(small), "t")
    panels, key_ax = fig.axes[:4], fig.axes[4]
    assert [ax.get_title(loc="left").split(":")[0] for ax in panels] == ["Contracting", "Delivery", "Incident", "Response"]
    arrows = sum(1 for ax in panels for p in ax.patches if p.__class__.__name__ == "FancyArrowPatch")
    assert arrows == small.number_of_edges() == 5                                    # one arrow per tie, in its phase
    key = "\n".join(t.get_text() for t in key_ax.texts)
    assert " 1  Bureau" in key and "Firm Ltd" in key                                  # government is numbered first
    assert svg_bytes(network.draw_network(nodes, edges, network.shown_phases(small), "t")) == \
        svg_bytes(network.draw_network(nodes, edges, network.shown_phases(small), "t"))


def test_actor_key_numbers_actors_in_figure_order_with_their_phases(small):
    key = network.actor_key(small)
    assert list(key["key"]) == list(range(1, small.number_of_nodes() + 1))
    gov = key.set_index("actor_id").loc["gov"]
    assert gov["key"] == 1 and gov["phases"][0] == "contracting"
    assert key.set_index("actor_id").loc["lonely", "phases"] == ()


def test_phase_panel_draws_on_a_given_axes(small):
    import matplotlib.pyplot as plt
    nodes, edges = network.network_layout(small)
    fig, ax = plt.subplots()
    network.draw_phase_panel(nodes, edges, "contracting", ax)
    numbered = [t.get_text() for t in ax.texts]
    assert numbered and all(t.isdigit() for t in numbered)
    plt.close(fig)


def test_thesis_cases_have_networks_for_every_phase():
    # Data statements such as "nobody from the public acts before the incident" are registered findings
    # (analysis/findings_book.py), checked by tests/test_findings.py; this test checks the metrics' bookkeeping.
    for case_id in load.list_cases(role="thesis"):
        G = network.actor_network(load.load_case(case_id))
        t = network.metrics_by_phase(G)
        assert (t.loc[["contracting", "delivery", "incident", "response"], "ties"] > 0).all(), case_id
        assert t.loc["all", "ties"] == G.number_of_edges()


def test_unset_phase_and_sector_are_kept_and_counted():
    import pandas as pd
    actors = pd.DataFrame({"actor_id": ["a", "b"], "name_en": ["A", "B"], "type": ["other", "other"],
                           "sector": ["government", pd.NA], "scope": ["case", "case"]})
    relations = pd.DataFrame({"relation_id": ["R1", "R2"], "source": ["a", "b"], "target": ["b", "a"],
                              "relation": ["other", "other"], "phase": ["delivery", pd.NA], "scope": ["case", "case"]})
    G = network.build_network(actors, relations)
    assert G.nodes["b"]["sector"] == network.NOT_SET and G.graph["unphased"] == 1
    part = network.participation_by_phase(G)
    assert list(part.index) == ["contracting", "delivery", "incident", "response", network.NOT_SET, "all"]
    assert part.loc[network.NOT_SET, "ties"] == 1 and part.loc["all", "ties"] == 2
    nodes, edges = network.network_layout(G)
    fig = network.draw_network(nodes, edges, network.shown_phases(G), "t")
    assert "Not set: 1 tie, 2 actors" in [ax.get_title(loc="left") for ax in fig.axes]
