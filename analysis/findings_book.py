"""The registered findings of the book, grouped by the chapter that states them.

Each predicate takes a :class:`analysis.findings.Data` and returns ``(holds, values)``: whether the statement is
still true of the data, and the values it looked at (shown when it breaks). Findings speak of the thesis cases
unless their statement says otherwise, so that an extension case cannot silently change them.
"""
from __future__ import annotations

import pandas as pd

from .findings import _col, finding
from . import coding, network


def _case(d, name):
    return next(c for c in d.cases.values() if c.name == name)


def _only(series: pd.Series, value) -> list[str]:
    return [k for k, v in series.items() if not pd.isna(v) and v == value]


# ---------------------------------------------------------------- cross-case: evidence base

def _cited_confirmed_share(case) -> float:
    prof = coding.evidence_profile(case.coding, case.facts)
    return float(prof["confirmed"].sum() / prof["facts"].sum()) if len(prof) and prof["facts"].sum() else float("nan")


@finding("reposts-majority", "cross-case", "In every thesis case most sources are reposts or mirrors of an original outlet.")
def _reposts(d):
    shares = {d.cases[c].name: round(float(d.cases[c].sources["is_repost"].fillna(False).mean()), 2) for c in d.ids("thesis")}
    return all(s > 0.5 for s in shares.values()), {"share of sources that are reposts": shares}


@finding("hefei-thinnest-record", "cross-case",
         "Among the thesis cases, Hefei has the lowest share of confirmed facts among those its judgements cite, "
         "and Shijiazhuang the highest.")
def _thinnest(d):
    shares = {d.cases[c].name: round(_cited_confirmed_share(d.cases[c]), 2) for c in d.ids("thesis")}
    return (min(shares, key=shares.get) == "Hefei" and max(shares, key=shares.get) == "Shijiazhuang"), \
        {"share of cited facts confirmed": shares}


# ---------------------------------------------------------------- cross-case: problems and causes

@finding("goal-loss-everywhere", "cross-case",
         "Loss of the purchasing goal is coded 3 in every thesis case, and it is the only problem type that is.")
def _goal_loss(d):
    m = d.matrix("problem")
    everywhere = [c for c in m.columns if (m[c] == 3).all()]
    return everywhere == ["goal_loss"], {"problem types coded 3 in every thesis case": everywhere, "goal loss": m["goal_loss"]}


@finding("misconduct-divides", "cross-case",
         "Ethical misconduct is coded 2 or more in Xinfeng and Shijiazhuang and at most 1 in Hefei.")
def _misconduct(d):
    s = _col(d, "ethical_misconduct")
    return s["Xinfeng"] >= 2 and s["Shijiazhuang"] >= 2 and s["Hefei"] <= 1, {"ethical misconduct": s}


@finding("participation-weak", "cross-case",
         "Lack of social participation is coded 1 in two thesis cases and 2 in one, and no thesis case is coded 3.")
def _participation(d):
    s = _col(d, "participation_gap")
    counts = s.value_counts().to_dict()
    return counts == {1: 2, 2: 1}, {"lack of social participation": s}


@finding("capability-everywhere", "cross-case",
         "Capability is the only cause dimension coded 3 in every thesis case; providers are coded 3 on capability in "
         "every thesis case, and in Xinfeng the regulators as high as the provider.")
def _capability(d):
    m = d.matrix("dimension")
    everywhere = [c for c in m.columns if (m[c] == 3).all()]
    prov = _col(d, "capability", party="provider")
    reg = _col(d, "capability", party="regulator")
    ok = everywhere == ["capability"] and (prov == 3).all() and reg["Xinfeng"] == prov["Xinfeng"]
    return ok, {"dimensions coded 3 everywhere": everywhere, "provider capability": prov, "regulator capability": reg}


@finding("value-strong-only-xinfeng", "cross-case",
         "The value dimension is coded 3 in Xinfeng and Shijiazhuang and at most 1 in Hefei; in Shijiazhuang the purchaser "
         "is coded 0 on value and the provider higher.")
def _value(d):
    s = _col(d, "value")
    pur, prov = _col(d, "value", party="purchaser"), _col(d, "value", party="provider")
    ok = sorted(_only(s, 3)) == ["Shijiazhuang", "Xinfeng"] and s["Hefei"] <= 1 and pur["Shijiazhuang"] == 0 \
        and prov["Shijiazhuang"] > 0
    return ok, {"value": s, "value of the purchaser": pur, "value of the provider": prov}


@finding("support-ordering", "cross-case",
         "The support dimension is coded 3 in Xinfeng, 2 in Hefei and 1 in Shijiazhuang.")
def _support(d):
    s = _col(d, "support")
    return (s["Xinfeng"], s["Hefei"], s["Shijiazhuang"]) == (3, 2, 1), {"support": s}


@finding("users-value-zero", "cross-case",
         "Users are coded 0 on the value dimension in every thesis case, and providers at least as high as purchasers "
         "on value and capability.")
def _users(d):
    users = _col(d, "value", party="users")
    ok = (users == 0).all()
    gaps = {}
    for dim in ("value", "capability"):
        pur, prov = _col(d, dim, party="purchaser"), _col(d, dim, party="provider")
        gaps[dim] = (prov - pur).to_dict()
        ok = ok and bool((prov >= pur).all())
    return ok, {"value of users": users, "provider minus purchaser": gaps}


@finding("bozeman-pattern", "cross-case",
         "Among the thesis cases, threats to subsistence and dignity are coded highest in Xinfeng and Hefei; benefit "
         "hoarding is coded above 0 in Xinfeng and Shijiazhuang and 0 in Hefei; imperfect monopoly is coded highest in "
         "Xinfeng, then Shijiazhuang, and 0 in Hefei.")
def _bozeman(d):
    m = d.matrix("bozeman_criterion")
    sub, ben, mono = m["subsistence_dignity"], m["benefit_hoarding"], m["imperfect_monopoly"]
    ok = (sorted(_only(sub, sub.max())) == ["Hefei", "Xinfeng"] and ben["Hefei"] == 0 and ben["Xinfeng"] > 0
          and ben["Shijiazhuang"] > 0 and mono["Xinfeng"] > mono["Shijiazhuang"] > mono["Hefei"] == 0)
    return ok, {"subsistence and dignity": sub, "benefit hoarding": ben, "imperfect monopoly": mono}


# ---------------------------------------------------------------- cross-case: networks

@finding("networks-sparse-provider-centre", "cross-case",
         "Every thesis case network has a density below 0.1, a provider as its top cross-sector broker, and more ties in "
         "the response phase than in any other phase.")
def _networks(d):
    values, ok = {}, True
    for c in d.ids("thesis"):
        G = d.network(c)
        dens = network.network_metrics(G)["density"]
        top = network.brokers(G)["actor_id"]
        top = top.iloc[0] if len(top) else None
        ties = network.metrics_by_phase(G).loc[["contracting", "delivery", "incident", "response"], "ties"]
        case = d.cases[c]
        good = dens < 0.1 and top in set(case.meta["provider_actor_ids"] or ()) and ties.idxmax() == "response"
        ok = ok and good
        values[case.name] = f"density {dens}, top broker {top}, most ties in {ties.idxmax()}"
    return ok, values


@finding("no-public-acting-before", "cross-case",
         "In no thesis case does a user, family or member of the public act in the contracting or delivery phase.")
def _no_public_before(d):
    acting = {d.cases[c].name: network.public_tie_before_incident(d.network(c))["public_acting"] for c in d.ids("thesis")}
    return not any(acting.values()), {"public acting before the incident": acting}


@finding("media-response-only", "cross-case", "In every thesis case, every tie with a media actor belongs to the response phase.")
def _media(d):
    phases = {}
    for c in d.ids("thesis"):
        G = d.network(c)
        media = {n for n, t in G.nodes(data="type") if t == "media"}
        phases[d.cases[c].name] = sorted({p for u, v, p in G.edges(data="phase") if u in media or v in media})
    return all(set(p) <= {"response"} for p in phases.values()), {"phases of media ties": phases}


# ---------------------------------------------------------------- cross-case: verdicts and robustness

@finding("participation-partly", "cross-case", "The claim of a lack of social participation (C08) is partly supported.")
def _c08(d):
    v = d.verdicts.loc["C08", "verdict"]
    return v == "partly supported", {"C08": v}


@finding("public-value-dimensions-xinfeng", "cross-case",
         "Of the value and support dimensions, only Xinfeng is coded 3 on both, and goal loss and capability are the "
         "supported claims.")
def _distinctive(d):
    m = d.matrix("dimension")
    both = [n for n in m.index if m.loc[n, "value"] == 3 and m.loc[n, "support"] == 3]
    v = d.verdicts
    supported = sorted(c[0] for c in v.loc[(v["rule"] == "each_thesis_case_2plus") & (v["verdict"] == "supported"), "categories"])
    return both == ["Xinfeng"] and supported == ["capability", "goal_loss"], {"coded 3 on value and support": both,
                                                                               "supported categories": supported}


@finding("sensitivity-pattern", "cross-case",
         "Goal loss and capability survive any single one-step recoding; participation turns on Xinfeng -1, ethical "
         "misconduct and value on Hefei +1, and support on Shijiazhuang +1.")
def _sensitivity(d):
    from .coding import verdict_sensitivity
    t = verdict_sensitivity(d.matrix(["problem", "dimension"])).set_index("category_id")
    want = {"goal_loss": "", "capability": "", "participation_gap": "Xinfeng -1", "ethical_misconduct": "Hefei +1",
            "value": "Hefei +1", "support": "Shijiazhuang +1"}
    got = {k: t.loc[k, "pivotal_cells"] for k in want}
    return got == want, {"pivotal cells": got}


@finding("hefei-support-cell", "cross-case",
         "Hefei is coded 2 on support (HF-C14), resting on HF-09, HF-27, HF-31, HF-32, HF-19 and HF-25, among them "
         "single-source and confirmed facts.")
def _hefei_support(d):
    j = d.judgement("HF-C14")
    facts = _case(d, "Hefei").facts.set_index("fact_id")["confidence"]
    grades = {f: facts.get(f) for f in j["fact_ids"]}
    ok = int(j["strength"]) == 2 and set(j["fact_ids"]) == {"HF-09", "HF-27", "HF-31", "HF-32", "HF-19", "HF-25"} \
        and {"single-source", "confirmed"} <= set(grades.values())
    return ok, {"HF-C14 strength": int(j["strength"]), "grades of the facts": grades}


# ---------------------------------------------------------------- strategies

def _linked_measures(d, role="thesis"):
    frames = []
    for c in d.ids(role):
        m = d.cases[c].measures
        frames.append(m[m["linked_to_incident"] != "none"].assign(case=d.cases[c].name))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@finding("no-linked-value-measure", "strategies",
         "No measure that a source or timing links to a thesis incident is classed under the first strategy "
         "(public interest as the value basis).")
def _no_value_measure(d):
    m = _linked_measures(d)
    hits = m.loc[m["strategy_id"] == "public_interest_basis", "measure_id"].tolist()
    return not hits, {"linked measures under the first strategy": hits}


@finding("first-strategy-only-p21", "strategies",
         "In every thesis case the only measure under the first strategy is the 2020 national rule on purchasing "
         "services (P21), which is not linked to the incident.")
def _only_p21(d):
    values, ok = {}, True
    for c in d.ids("thesis"):
        m = d.cases[c].measures
        rows = m[m["strategy_id"] == "public_interest_basis"]
        desc = [f"{r.measure_id} ({', '.join(r.policy_ids)}; linked {r.linked_to_incident})" for r in rows.itertuples()]
        good = len(rows) == 1 and rows["policy_ids"].iloc[0] == ("P21",) and rows["linked_to_incident"].iloc[0] == "none"
        ok = ok and good
        values[d.cases[c].name] = desc
    return ok, values


@finding("provider-choice-only-xinfeng", "strategies",
         "Among linked measures of the thesis cases, only Xinfeng's cite XF-36, the instruction to use tendering for "
         "outside care.")
def _provider_choice(d):
    m = _linked_measures(d)
    cites = sorted({r.case for r in m.itertuples() if "XF-36" in r.fact_ids})
    return cites == ["Xinfeng"], {"cases whose linked measures cite XF-36": cites}


# ---------------------------------------------------------------- landing page

@finding("landing-sensitivity", "index",
         "Every partly supported problem or cause verdict has exactly one pivotal one-step recoding.")
def _landing_sensitivity(d):
    from .coding import verdict_sensitivity
    t = verdict_sensitivity(d.matrix(["problem", "dimension"]))
    partly = t[t["verdict"] == "partly supported"]
    flips = dict(zip(partly["category_id"], partly["flips"]))
    return bool(len(partly)) and all(v == 1 for v in flips.values()), {"one-step flips of partly supported verdicts": flips}


@finding("landing-no-public-before", "index",
         "In no thesis case does a user, family or member of the public act in the contracting or delivery phase.")
def _landing_public(d):
    from .findings import REGISTRY
    return REGISTRY["no-public-acting-before"].check(d)


@finding("landing-no-value-measure", "index",
         "No linked measure of a thesis case is classed under the first strategy, and only Xinfeng's linked measures "
         "cite the instruction to tender outside care (XF-36).")
def _landing_measures(d):
    from .findings import REGISTRY
    a, va = REGISTRY["no-linked-value-measure"].check(d)
    b, vb = REGISTRY["provider-choice-only-xinfeng"].check(d)
    return a and b, {**va, **vb}


# ---------------------------------------------------------------- case chapters: the reasoning behind each coded judgement

#: The reasoning in each case chapter argues for the strengths it was written for: (finding id, chapter, section,
#: {judgement: strength}). When a judgement is recoded, its finding breaks until the reasoning is revised.
REASONING = [
    ("hf-goal-loss-reasoning", "cases/hefei-brt-shelter-collapse", "Loss of the purchasing goal",
     {'HF-C01': 3}),
    ("hf-participation-gap-reasoning", "cases/hefei-brt-shelter-collapse", "Lack of social participation",
     {'HF-C02': 1}),
    ("hf-ethical-misconduct-reasoning", "cases/hefei-brt-shelter-collapse", "Ethical misconduct",
     {'HF-C03': 1}),
    ("hf-dimensions-reasoning", "cases/hefei-brt-shelter-collapse", "The three cause dimensions by party",
     {'HF-C04': 1, 'HF-C05': 1, 'HF-C06': 1, 'HF-C07': 1, 'HF-C08': 0, 'HF-C09': 3, 'HF-C10': 3, 'HF-C11': 3, 'HF-C12': 1, 'HF-C13': 0, 'HF-C14': 2}),
    ("xf-goal-loss-reasoning", "cases/xinfeng-lianxi-care-centre", "Loss of the purchasing goal",
     {'XF-C01': 3}),
    ("xf-participation-gap-reasoning", "cases/xinfeng-lianxi-care-centre", "Lack of social participation",
     {'XF-C02': 2}),
    ("xf-ethical-misconduct-reasoning", "cases/xinfeng-lianxi-care-centre", "Ethical misconduct",
     {'XF-C03': 3}),
    ("xf-dimensions-reasoning", "cases/xinfeng-lianxi-care-centre", "Causes by party: value, capability, support",
     {'XF-C04': 3, 'XF-C05': 2, 'XF-C06': 3, 'XF-C07': 3, 'XF-C08': 0, 'XF-C09': 3, 'XF-C10': 2, 'XF-C11': 3, 'XF-C12': 3, 'XF-C13': 3, 'XF-C14': 3}),
    ("sj-problems-reasoning", "cases/shijiazhuang-vaccine-incident", "Three problem types",
     {'SJ-C01': 3, 'SJ-C02': 1, 'SJ-C03': 3}),
    ("sj-dimensions-reasoning", "cases/shijiazhuang-vaccine-incident", "Cause dimensions by party",
     {'SJ-C04': 3, 'SJ-C05': 0, 'SJ-C06': 3, 'SJ-C07': 2, 'SJ-C08': 0, 'SJ-C09': 3, 'SJ-C10': 1, 'SJ-C11': 3, 'SJ-C12': 2, 'SJ-C13': 0, 'SJ-C14': 1}),
]


def _codes(d, expected: dict) -> tuple[bool, dict]:
    got = {}
    for jid in expected:
        try:
            got[jid] = int(d.judgement(jid)["strength"])
        except KeyError:
            got[jid] = None
    return got == expected, {"stated": expected, "coded now": got}


for _fid, _chapter, _section, _expected in REASONING:
    finding(_fid, _chapter, f"The reasoning under '{_section}' argues for these strengths: "
            + ", ".join(f"{k} {v}" for k, v in _expected.items()) + ".")(
        lambda d, expected=_expected: _codes(d, expected))


# ---------------------------------------------------------------- literature and policy

@finding("corpus-one-chinese-public-value", "literature",
         "Exactly one Chinese-language work of the corpus is coded with the public value theme.")
def _one_zh_pv(d):
    from . import load
    c = load.load_corpus(d.data_dir)
    keys = c.loc[(c["language"] == "zh") & c["themes"].map(lambda t: "public_value" in t), "key"].tolist()
    return len(keys) == 1, {"Chinese-language works with the public value theme": keys}


@finding("corpus-chinese-before-2013", "literature",
         "Most Chinese-language works of the corpus were published in the five years before 2013.")
def _zh_before_2013(d):
    from . import load
    c = load.load_corpus(d.data_dir)
    years = sorted(int(y) for y in c.loc[c["language"] == "zh", "year"])
    before = [y for y in years if 2008 <= y <= 2012]
    return len(before) > len(years) / 2, {"years of Chinese-language works": years}


@finding("works-largest-share", "policy",
         "In every year with a full goods, works and services split, works is the largest category.")
def _works_largest(d):
    from . import load
    from .statistics import full_split_years, procurement_series
    s = procurement_series(load.load_statistics(d.data_dir))
    years = full_split_years(s)
    largest = {y: max(("goods", "works", "services"), key=lambda k: s.loc[y, k]) for y in years}
    return all(v == "works" for v in largest.values()), {"largest category by year": largest}


@finding("full-split-years", "policy",
         "The years with a full goods, works and services split are 2009 and every year from 2013 on.")
def _full_split(d):
    from . import load
    from .statistics import full_split_years, procurement_series
    s = procurement_series(load.load_statistics(d.data_dir))
    years = full_split_years(s)
    last = max(years) if years else 2013
    return years == [2009, *range(2013, last + 1)], {"years with a full split": years}
