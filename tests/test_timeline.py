"""Tests of analysis.timeline on small hand-made tables, plus one run on the project data."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from analysis import timeline as tl
from analysis.style import svg_bytes

T = pd.Timestamp


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def facts_frame(rows):
    """rows: (fact_id, date, confidence, scope)."""
    return pd.DataFrame([{"fact_id": f, "date": d, "claim": f"claim {f}", "confidence": c, "scope": s,
                          "source_ids": ("S1",), "note": None} for f, d, c, s in rows])


FACTS = facts_frame([
    ("A-10", "2018-01-04", "confirmed", "case"),
    ("A-2", "2018-01-04", "single-source", "case"),
    ("A-03", "2018-01", "disputed", "case"),
    ("A-04", "2017", "confirmed", "case"),
    ("A-05", None, "confirmed", "case"),
    ("A-06", "", "single-source", "case"),
    ("A-ALT-01", "2016-05-06", "confirmed", "alternative"),
])

POLICIES = pd.DataFrame([
    {"policy_id": "P10", "date_issued": "2013-09", "date_effective": None, "level": "national",
     "title_en": "Guiding opinions", "confidence": "confirmed"},
    {"policy_id": "P01", "date_issued": "1995", "date_effective": "1996-02", "level": "local",
     "title_en": "Luoshan", "confidence": "disputed"},
    {"policy_id": "P04", "date_issued": "2002-06-29", "date_effective": "2003-01-01", "level": "national",
     "title_en": "Procurement Law", "confidence": "confirmed"},
    {"policy_id": "P05", "date_issued": None, "date_effective": "2003-08-01", "level": "national",
     "title_en": "Relief measures", "confidence": "confirmed"},
    {"policy_id": "P18", "date_issued": None, "date_effective": None, "level": "national",
     "title_en": "Undated opinions", "confidence": "confirmed"},
])


def stats_frame(rows):
    """rows: (stat_id, year, measure, value, derived, rounded)."""
    return pd.DataFrame([{"stat_id": i, "year": y, "measure": m, "value": v,
                          "unit": "percent" if m.endswith("share") else "100m_cny", "confidence": "confirmed",
                          "derived": d, "rounded": r} for i, y, m, v, d, r in rows])


STATS = stats_frame([
    ("T1", 2015, "procurement_total", 21070.5, False, False),
    ("T2", 2016, "procurement_total", 31089.8, False, False),
    ("T3", 2016, "procurement_total_comparable", 25731.4, False, False),
    ("T4", 2012, "procurement_total", 13977.7, True, False),
    ("T5", 2015, "procurement_services", 3343.9, False, False),
])

INCIDENTS = pd.DataFrame([
    {"case_id": "hefei", "label": "Hefei", "date_start": "2018-01-04"},
    {"case_id": "xinfeng", "label": "Xinfeng", "date_start": "2016-12-03"},
])


def points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


# ----------------------------------------------------------------------------- parse_partial_date

def test_parse_day_month_year_precision_and_midpoints():
    assert tl.parse_partial_date("2018-01-04") == (T("2018-01-04"), "day")
    assert tl.parse_partial_date("2018-01") == (T("2018-01-16"), "month")   # 31 days // 2 = 15
    assert tl.parse_partial_date("2018-02") == (T("2018-02-15"), "month")   # 28 days // 2 = 14
    assert tl.parse_partial_date("2018") == (T("2018-07-02"), "year")       # 365 // 2 = 182
    assert tl.parse_partial_date("2016") == (T("2016-07-02"), "year")       # 366 // 2 = 183
    assert tl.parse_partial_date(" 2019-12 ") == (T("2019-12-16"), "month")


@pytest.mark.parametrize("empty", ["", "   ", None, pd.NA, float("nan")])
def test_parse_empty_is_none(empty):
    assert tl.parse_partial_date(empty) is None


@pytest.mark.parametrize("bad, fragment", [
    ("2018-02-30", "impossible date"), ("2018-13", "impossible date"), ("2019-02-29", "impossible date"),
    ("2018-00", "impossible date"), ("18-01-04", "not an ISO partial date"), ("2018/01/04", "not an ISO partial date"),
    ("2018-1-4", "not an ISO partial date"), ("January 2018", "not an ISO partial date"),
])
def test_parse_bad_dates_raise_with_the_value_in_the_message(bad, fragment):
    with pytest.raises(ValueError, match=fragment) as err:
        tl.parse_partial_date(bad)
    assert repr(bad)[1:-1] in str(err.value)


def test_partial_date_span():
    assert tl.partial_date_span("2018-12") == (T("2018-12-01"), T("2019-01-01"), "month")
    assert tl.partial_date_span("2020") == (T("2020-01-01"), T("2021-01-01"), "year")
    assert tl.partial_date_span("2020-02-29") == (T("2020-02-29"), T("2020-03-01"), "day")
    assert tl.partial_date_span("") is None


# ----------------------------------------------------------------------------- facts

def test_dated_facts_sorted_by_when_then_natural_id():
    d = tl.dated_facts(FACTS)
    assert list(d.columns) == ["fact_id", "date", "when", "precision", "confidence", "scope", "claim"]
    assert d["fact_id"].tolist() == ["A-ALT-01", "A-04", "A-2", "A-10", "A-03"]
    assert d["precision"].tolist() == ["day", "year", "day", "day", "month"]
    assert d.loc[d["fact_id"] == "A-03", "when"].item() == T("2018-01-16")
    assert d.loc[d["fact_id"] == "A-04", "date"].item() == "2017"


def test_dated_facts_empty_and_all_undated():
    empty = facts_frame([]).reindex(columns=FACTS.columns)
    assert tl.dated_facts(empty).empty
    assert list(tl.dated_facts(empty).columns) == list(tl.dated_facts(FACTS).columns)
    undated = facts_frame([("B-01", None, "confirmed", "case"), ("B-02", "", "disputed", "case")])
    assert tl.dated_facts(undated).empty
    assert tl.undated_facts(undated)["fact_id"].tolist() == ["B-01", "B-02"]


def test_dated_facts_bad_date_names_the_fact():
    bad = facts_frame([("C-01", "2018-02-30", "confirmed", "case")])
    with pytest.raises(ValueError, match="fact C-01: '2018-02-30' is an impossible date"):
        tl.dated_facts(bad)


def test_dated_facts_missing_column():
    with pytest.raises(ValueError, match="lacks required column"):
        tl.dated_facts(FACTS.drop(columns=["scope"]))


def test_undated_facts_keeps_columns_and_sorts():
    u = tl.undated_facts(FACTS)
    assert u["fact_id"].tolist() == ["A-05", "A-06"]
    assert list(u.columns) == list(FACTS.columns)
    assert tl.undated_facts(FACTS.iloc[:0]).empty


# ----------------------------------------------------------------------------- draw_case_timeline

def test_draw_case_timeline_elements():
    fig = tl.draw_case_timeline(FACTS, "Example case")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Example case"
    assert ax.get_xlabel() == "Date"
    assert points(ax) == 4                                        # alternative fact excluded
    labels = sorted(t.get_text() for t in ax.texts if t.get_text().startswith("A-"))
    assert labels == ["A-03  2018-01", "A-04  2017", "A-10  2018-01-04", "A-2  2018-01-04"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"confirmed", "single-source", "disputed"} <= set(legend)
    notes = " ".join(t.get_text() for t in ax.texts)
    assert "2 undated fact(s) not shown" in notes and "1 fact(s) about alternative" in notes
    assert "midpoint" in notes
    # hollow markers for month/year precision: two collections with white faces
    hollow = [c for c in ax.collections if isinstance(c, PathCollection)
              and tuple(c.get_facecolor()[0]) == (1.0, 1.0, 1.0, 1.0)]
    assert sum(len(c.get_offsets()) for c in hollow) == 2


def test_draw_case_timeline_include_alternative():
    fig = tl.draw_case_timeline(FACTS, "With alternative", include_alternative=True)
    ax = fig.axes[0]
    assert points(ax) == 5
    assert any(t.get_text().startswith("A-ALT-01") for t in ax.texts)


def test_draw_case_timeline_no_dated_facts():
    undated = facts_frame([("B-01", None, "confirmed", "case"), ("B-02", "", "disputed", "case")])
    fig = tl.draw_case_timeline(undated, "Nothing dated")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "no dated facts" in texts
    assert points(ax) == 0
    assert any("2 undated" in t for t in texts)
    empty = tl.draw_case_timeline(facts_frame([]).reindex(columns=FACTS.columns), "Empty")
    assert "no dated facts" in [t.get_text() for t in empty.axes[0].texts]


def test_draw_case_timeline_deterministic():
    assert svg_bytes(tl.draw_case_timeline(FACTS, "x")) == svg_bytes(tl.draw_case_timeline(FACTS, "x"))
    undated = facts_frame([("B-01", None, "confirmed", "case")])
    assert svg_bytes(tl.draw_case_timeline(undated, "y")) == svg_bytes(tl.draw_case_timeline(undated, "y"))


# ----------------------------------------------------------------------------- context

def test_context_timeline_rows_and_order():
    c = tl.context_timeline(POLICIES, STATS, INCIDENTS)
    assert c["kind"].value_counts().to_dict() == {"policy": 4, "statistic": 4, "incident": 2}
    assert "P18" not in set(c["id"])                                         # no date at all
    assert c.loc[c["id"] == "P05", "date"].item() == "2003-08-01"            # falls back to date_effective
    assert c.loc[c["id"] == "P01", ["when", "precision", "level"]].values.tolist() == [[T("1995-07-02"), "year",
                                                                                        "local"]]
    assert c["when"].is_monotonic_increasing
    same_year = c[c["when"] == T("2016-07-02")]
    assert same_year["id"].tolist() == ["T2", "T3"]
    assert "T5" not in set(c["id"])                                          # measure not selected
    assert bool(c.loc[c["id"] == "T4", "derived"].item()) is True
    assert c.loc[c["id"] == "hefei", "when"].item() == T("2018-01-04")
    assert tl.undated_policies(POLICIES) == ["P18"]


def test_context_timeline_empty_inputs():
    c = tl.context_timeline(POLICIES.iloc[:0], STATS.iloc[:0], INCIDENTS.iloc[:0])
    assert c.empty and "kind" in c.columns


def test_context_timeline_incident_errors():
    bad = pd.DataFrame([{"case_id": "x", "label": "X", "date_start": "2018-02-31"}])
    with pytest.raises(ValueError, match="incident x: '2018-02-31' is an impossible date"):
        tl.context_timeline(POLICIES, STATS, bad)
    missing = pd.DataFrame([{"case_id": "x", "label": "X", "date_start": ""}])
    with pytest.raises(ValueError, match="incident x has no date_start"):
        tl.context_timeline(POLICIES, STATS, missing)


def test_draw_context_timeline_elements():
    fig = tl.draw_context_timeline(POLICIES, STATS, INCIDENTS)
    assert isinstance(fig, Figure)
    ax_p, ax_s = fig.axes
    assert ax_p.get_title(loc="left").startswith("Policy documents")
    assert points(ax_p) == 4
    texts = [t.get_text() for t in ax_p.texts]
    assert {"P01", "P04", "P05", "P10"} <= set(texts)
    assert "Hefei (2018-01-04)" in texts and "Xinfeng (2016-12-03)" in texts
    assert [t.get_text() for t in ax_p.get_yticklabels()] == ["Local", "National"]
    # bottom panel: one line of 3 reported totals (2012, 2015, 2016) and one comparable marker
    totals_line = [ln for ln in ax_s.lines if len(ln.get_xdata()) == 3]
    assert len(totals_line) == 1
    assert list(totals_line[0].get_ydata()) == pytest.approx([1.39777, 2.10705, 3.10898])
    assert points(ax_s) == 4
    assert len([ln for ln in ax_s.lines if ln.get_linestyle() == "--"]) == 2           # incident lines
    notes = " ".join(t.get_text() for t in ax_s.texts)
    assert "T4 (2012, derived)" in notes and "P18" in notes and "2016 comparable basis" in notes


def test_draw_context_timeline_empty_and_deterministic():
    fig = tl.draw_context_timeline(POLICIES.iloc[:0], STATS.iloc[:0], INCIDENTS.iloc[:0])
    assert "no procurement totals" in [t.get_text() for t in fig.axes[1].texts]
    a = svg_bytes(tl.draw_context_timeline(POLICIES, STATS, INCIDENTS))
    b = svg_bytes(tl.draw_context_timeline(POLICIES, STATS, INCIDENTS))
    assert a == b


# ----------------------------------------------------------------------------- project data

def test_project_data_timelines():
    from analysis import load
    cases = load.list_cases()
    incidents = []
    for case_id in cases:
        case = load.load_case(case_id)
        dated, undated = tl.dated_facts(case.facts), tl.undated_facts(case.facts)
        assert len(dated) + len(undated) == len(case.facts)
        assert dated["when"].is_monotonic_increasing
        assert set(dated["precision"]) <= {"year", "month", "day"}
        fig = tl.draw_case_timeline(case.facts, case_id)
        main = case.facts[case.facts["scope"] == "case"]
        assert points(fig.axes[0]) == len(tl.dated_facts(main))
        if case.meta["date_start"]:                  # an imported case may have no incident date set yet
            incidents.append({"case_id": case_id, "label": case_id, "date_start": case.meta["date_start"]})
        plt.close(fig)
    hefei = tl.dated_facts(load.load_case("hefei-brt-shelter-collapse").facts)
    assert hefei.loc[hefei["fact_id"] == "HF-11", ["date", "precision"]].values.tolist() == [["2018-01-04", "day"]]
    ctx = tl.context_timeline(load.load_policy_timeline(), load.load_statistics(), pd.DataFrame(incidents))
    assert (ctx["kind"] == "incident").sum() == len(incidents) >= len(load.list_cases(role="thesis"))
    assert ctx.loc[ctx["id"] == "P04", "when"].item() == T("2002-06-29")
    assert ctx.loc[ctx["id"] == "T039", "value"].item() == pytest.approx(25731.4)
