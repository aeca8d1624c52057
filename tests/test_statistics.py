"""Tests of analysis.statistics on small hand-made tables, plus one run on the project data."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from analysis import statistics as st
from analysis.style import svg_bytes


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def stats_frame(rows):
    """rows: (stat_id, year, measure, value, unit, confidence, derived, rounded)."""
    return pd.DataFrame([{"stat_id": i, "year": y, "measure": m, "value": v, "unit": u, "confidence": c,
                          "derived": d, "rounded": r, "source_ids": ("S1",), "note": None}
                         for i, y, m, v, u, c, d, r in rows])


def proc(i, year, part, value, derived=False, rounded=False):
    measure = f"procurement_{part}"
    return (i, year, measure, value, "percent" if part == "services_share" else "100m_cny", "confirmed", derived,
            rounded)


STATS = stats_frame([
    proc("T01", 2014, "total", 200.0),
    proc("T02", 2014, "goods", 60.0),
    proc("T03", 2014, "works", 100.0),
    proc("T04", 2014, "services", 40.0),
    proc("T05", 2014, "services_share", 20.4),
    proc("T06", 2015, "total", 400.0, rounded=True),
    proc("T07", 2015, "goods", 100.0),
    proc("T08", 2015, "works", 200.0),
    proc("T09", 2015, "services", 100.0, derived=True),
    proc("T10", 2016, "total", 900.0),
    proc("T11", 2016, "total_comparable", 500.0),
    proc("T12", 2016, "goods", 100.0),
    proc("T13", 2016, "works", 250.0),
    proc("T14", 2016, "services", 550.0),
    proc("T15", 2016, "services_comparable", 150.0),
    proc("T16", 2016, "services_share", 30.0, derived=True),
    proc("T17", 2010, "total", 90.0),
    proc("T18", 2011, "services_share", 8.0),
    ("T19", 2014, "procurement_share_gdp", 2.7, "percent", "confirmed", False, False),
    ("T20", 2012, "social_organisations_total", 49.9, "10k_orgs", "single-source", False, False),
    ("T21", 2012, "social_organisations_platform_count", 41.0, "10k_orgs", "disputed", False, True),
    ("T22", 2012, "social_organisations_platform_count", 32.0, "10k_orgs", "disputed", False, False),
    ("T23", 2021, "social_organisations_total", 902000.0, "orgs", "confirmed", True, False),
    ("T24", 2021, "social_groups", 37.1, "10k_orgs", "confirmed", False, False),
])

NO_SPLIT = stats_frame([
    proc("T01", 2005, "total", 2927.6),
    proc("T02", 2005, "works", 1320.0),
    proc("T03", 2005, "services", 190.0),
    proc("T04", 2005, "services_share", 6.7),
])


def points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


# ----------------------------------------------------------------------------- procurement_series

def test_procurement_series_values_and_basis():
    s = st.procurement_series(STATS)
    assert s.index.tolist() == [2010, 2011, 2014, 2015, 2016]
    assert s.loc[2014, ["total", "goods", "works", "services", "services_share"]].tolist() == [200, 60, 100, 40, 20.4]
    assert s.loc[2016, ["total", "services"]].tolist() == [500.0, 150.0]           # comparable basis used
    assert s.loc[2016, "basis"] == "comparable" and s.loc[2015, "basis"] == "reported"
    assert s.loc[2016, "stat_ids"] == ("T11", "T12", "T13", "T15", "T16")
    assert s.loc[2015, "stat_ids"] == ("T06", "T07", "T08", "T09")
    assert math.isnan(s.loc[2015, "services_share"]) and math.isnan(s.loc[2010, "goods"])
    assert s.loc[2011, "services_share"] == 8.0 and math.isnan(s.loc[2011, "total"])


def test_procurement_series_flags():
    s = st.procurement_series(STATS)
    assert s["derived_any"].tolist() == [False, False, False, True, True]
    assert s["rounded_any"].tolist() == [False, False, False, True, False]
    assert s.loc[2015, "derived_ids"] == ("T09",) and s.loc[2015, "rounded_ids"] == ("T06",)
    assert s.loc[2016, "derived_ids"] == ("T16",)
    assert s["derived_any"].dtype == bool


def test_procurement_series_empty_and_duplicates():
    empty = st.procurement_series(STATS.iloc[:0])
    assert empty.empty and "services_share" in empty.columns
    only_other = st.procurement_series(STATS[STATS["measure"] == "procurement_share_gdp"])
    assert only_other.empty
    dup = stats_frame([proc("T01", 2014, "total", 1.0), proc("T02", 2014, "total", 2.0)])
    with pytest.raises(ValueError, match="year 2014 has two rows for procurement_total: T01 and T02"):
        st.procurement_series(dup)
    with pytest.raises(ValueError, match="lacks required column"):
        st.procurement_series(STATS.drop(columns=["rounded"]))


def test_services_share_computed():
    c = st.services_share_computed(st.procurement_series(STATS))
    assert list(c.columns) == ["services_share_reported", "services_share_computed", "difference"]
    assert c.index.tolist() == [2011, 2014, 2015, 2016]                           # 2010 has neither
    assert c.loc[2014, "services_share_computed"] == pytest.approx(20.0)
    assert c.loc[2014, "difference"] == pytest.approx(-0.4)
    assert c.loc[2016].tolist() == pytest.approx([30.0, 30.0, 0.0])
    assert c.loc[2015, "services_share_computed"] == pytest.approx(25.0)
    assert math.isnan(c.loc[2015, "services_share_reported"]) and math.isnan(c.loc[2015, "difference"])
    assert math.isnan(c.loc[2011, "services_share_computed"])
    assert st.services_share_computed(st.procurement_series(STATS.iloc[:0])).empty


def test_full_split_years():
    assert st.full_split_years(st.procurement_series(STATS)) == [2014, 2015, 2016]
    assert st.full_split_years(st.procurement_series(NO_SPLIT)) == []


# ----------------------------------------------------------------------------- social organisations

def test_social_organisation_series():
    so = st.social_organisation_series(STATS)
    assert so["stat_id"].tolist() == ["T20", "T23", "T21", "T22"]                 # measure, year, id
    assert so["value_10k"].tolist() == pytest.approx([49.9, 90.2, 41.0, 32.0])
    assert so["converted"].tolist() == [False, True, False, False]
    assert so["disputed"].tolist() == [False, False, True, True]
    assert so["derived"].tolist() == [False, True, False, False]
    assert so["rounded"].tolist() == [False, False, True, False]
    assert "social_groups" not in set(so["measure"])
    assert st.social_organisation_series(STATS.iloc[:0]).empty


def test_social_organisation_series_bad_unit():
    bad = stats_frame([("T1", 2012, "social_organisations_total", 5.0, "percent", "confirmed", False, False)])
    with pytest.raises(ValueError, match="T1: unit 'percent' cannot be converted"):
        st.social_organisation_series(bad)


# ----------------------------------------------------------------------------- drawing

def test_draw_procurement_elements():
    fig = st.draw_procurement(STATS)
    assert isinstance(fig, Figure)
    ax, ax2 = fig.axes
    assert ax.get_title(loc="left").startswith("National government procurement")
    assert ax.get_ylabel() == "Procurement (trillion CNY)" and ax2.get_ylabel() == "Services share of total (%)"
    # 3 years x 3 parts + 1 hatched overlay (2015: rounded total is not part of the split, services derived)
    assert len(ax.patches) == 10
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2014", "2015*", "2016\u2020"]
    heights = [p.get_height() for p in ax.patches[:3]]                          # goods 2014-2016
    assert heights == pytest.approx([0.006, 0.01, 0.01])
    assert points(ax2) == 3                                                     # one share point per year
    assert len(ax2.lines) == 2                                                  # 2014-15, 2015-16 segments
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["services", "works", "goods"]
    notes = " ".join(" ".join(t.get_text() for t in ax.texts).split())   # footnote lines are wrapped
    assert "* 2015: split derived T09." in notes
    assert "Share 2015: none reported; recomputed" in notes and "Share 2016: derived T16." in notes
    assert "at most 0.40 points (2014)" in notes


def test_draw_procurement_without_full_split():
    fig = st.draw_procurement(NO_SPLIT)
    ax = fig.axes[0]
    assert "no year with a full goods / works / services split" in [t.get_text() for t in ax.texts]
    assert len(ax.patches) == 0
    assert "no year" in " ".join(t.get_text() for t in st.draw_procurement(STATS.iloc[:0]).axes[0].texts)


def test_draw_procurement_deterministic():
    assert svg_bytes(st.draw_procurement(STATS)) == svg_bytes(st.draw_procurement(STATS))
    assert svg_bytes(st.draw_procurement(NO_SPLIT)) == svg_bytes(st.draw_procurement(NO_SPLIT))


def test_draw_social_organisations_elements():
    fig = st.draw_social_organisations(STATS)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Social organisations (10,000)"
    assert points(ax) == 4
    assert len(ax.lines) == 1                                                   # MCA series: 2012 -> 2021
    assert ax.lines[0].get_linestyle() == "--"                                  # dashed across missing years
    labels = sorted(t.get_text() for t in ax.texts if t.get_text().startswith("T") or t.get_text() == "*")
    assert labels == ["*", "T21", "T22"]                                        # disputed ids + derived mark
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "disputed" in legend and "rounded (hollow)" in legend
    notes = " ".join(t.get_text() for t in ax.texts)
    assert "derived from other reported figures: T23" in notes and "Converted from organisations" in notes


def test_draw_social_organisations_empty_and_deterministic():
    fig = st.draw_social_organisations(NO_SPLIT)
    assert "no social-organisation counts" in [t.get_text() for t in fig.axes[0].texts]
    assert svg_bytes(st.draw_social_organisations(STATS)) == svg_bytes(st.draw_social_organisations(STATS))


# ----------------------------------------------------------------------------- project data

def test_project_data_statistics():
    from analysis import load
    stats = load.load_statistics()
    series = st.procurement_series(stats)
    shares = st.services_share_computed(series)
    assert shares.loc[2015, "services_share_reported"] == pytest.approx(15.9)
    assert shares.loc[2015, "services_share_computed"] == pytest.approx(15.87, abs=0.01)
    assert series.loc[2016, "basis"] == "comparable"
    assert series.loc[2016, "total"] == pytest.approx(25731.4)
    assert (shares["difference"].dropna().abs() < 0.5).all()
    so = st.social_organisation_series(stats)
    assert set(so["measure"]) == {"social_organisations_total", "social_organisations_platform_count"}
    assert so.loc[so["stat_id"] == "T115", "value_10k"].item() == pytest.approx(49.9)
    assert so["disputed"].any()
    fig = st.draw_procurement(stats)
    assert len(fig.axes[0].patches) >= 3 * len(st.full_split_years(series))
