"""Statements the book's prose makes about the data, checked against the data.

If a data change breaks one of these, the prose that states it must be revised too
(cross-case chapter, claims chapter, strategies chapter).
"""
from __future__ import annotations

from analysis import coding, load, network


def cases():
    return {c: load.load_case(c) for c in load.list_cases()}


def matrix(kind):
    cats = load.load_categories()
    return coding.coding_matrix({c: k.coding for c, k in cases().items()}, coding.category_ids(cats, kind))


def test_goal_loss_and_capability_are_coded_3_in_every_case():
    assert (matrix("problem")["goal_loss"] == 3).all()
    assert (matrix("dimension")["capability"] == 3).all()


def test_users_are_coded_0_on_value_everywhere():
    for case_id, case in cases().items():
        row = case.coding[(case.coding["category_id"] == "value") & (case.coding["party"] == "users")]
        assert row["strength"].tolist() == [0], case_id


def test_media_ties_all_belong_to_the_response_phase():
    for case_id, case in cases().items():
        G = network.actor_network(case)
        media = {n for n, t in G.nodes(data="type") if t == "media"}
        phases = {p for u, v, p in G.edges(data="phase") if u in media or v in media}
        assert phases <= {"response"}, (case_id, phases)


def test_a_provider_is_the_top_cross_sector_broker_in_every_case():
    for case_id, case in cases().items():
        top = network.brokers(network.actor_network(case))["actor_id"].iloc[0]
        providers = set(case.meta["provider_actor_ids"])
        assert top in providers, (case_id, top, providers)


def test_most_ties_belong_to_the_response_phase():
    for case_id, case in cases().items():
        t = network.metrics_by_phase(network.actor_network(case))
        phases = t.loc[["contracting", "delivery", "incident", "response"], "ties"]
        assert phases.idxmax() == "response", (case_id, phases.to_dict())


def test_verdict_counts_stated_in_the_claims_chapter():
    c = load.load_claims()
    assert len(c) == 16
    pc = c[c["part"].isin(["problem", "cause"]) & c["category_ids"].map(len).gt(0)]
    assert sorted(pc["verdict"].value_counts().items()) == [("partly supported", 4), ("supported", 2)]
    assert (c.loc[c["part"] == "strategy", "verdict"] == "not testable").all()


def test_no_post_incident_measure_linked_to_an_incident_builds_the_value_basis():
    for case_id, case in cases().items():
        m = case.measures
        linked = m[m["linked_to_incident"] != "none"]
        assert not (linked["strategy_id"] == "public_interest_basis").any(), case_id


def test_evidence_base_statements():
    shares = {}
    for case_id, case in cases().items():
        prof = coding.evidence_profile(case.coding, case.facts)
        shares[case_id.split("-")[0]] = prof["confirmed"].sum() / prof["facts"].sum()
        main = case.main().facts
        reposts = case.sources["is_repost"].mean()
        assert reposts > 0.5, (case_id, reposts)                      # most sources are reposts or mirrors
    hefei = cases()["hefei-brt-shelter-collapse"].facts
    assert 0.45 <= (hefei["confidence"] == "single-source").mean() <= 0.55   # "about half"
    assert 0.6 <= shares["hefei"] <= 0.7                              # "about two thirds"
    assert shares["shijiazhuang"] > 0.8                               # "more than four in five"
    assert shares["hefei"] == min(shares.values())                    # "the thinnest record"


def test_verdict_sensitivity_statements():
    m = matrix("problem").join(matrix("dimension"))
    t = coding.verdict_sensitivity(m).set_index("category_id")
    assert t.loc["goal_loss", "flips"] == 0 and t.loc["capability", "flips"] == 0
    assert t.loc["participation_gap", "pivotal_cells"] == "xinfeng-lianxi-care-centre -1"
    assert t.loc["ethical_misconduct", "pivotal_cells"] == "hefei-brt-shelter-collapse +1"
    assert t.loc["value", "pivotal_cells"] == "hefei-brt-shelter-collapse +1"
    assert t.loc["support", "pivotal_cells"] == "shijiazhuang-vaccine-incident +1"
