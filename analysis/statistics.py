"""National procurement scale and social-organisation counts from ``context/statistics.csv``.

Data functions (:func:`procurement_series`, :func:`services_share_computed`,
:func:`social_organisation_series`) return DataFrames; drawing functions (``draw_*``) return a
:class:`matplotlib.figure.Figure` and never show or save it. Values stay in the units of the
table (100m CNY, i.e. yi yuan) in the data functions; figures convert to trillion CNY and say so.

Example
-------
>>> import pandas as pd
>>> st = pd.DataFrame({"stat_id": ["T1", "T2", "T3"], "year": [2015, 2015, 2015],
...                    "measure": ["procurement_total", "procurement_services", "procurement_services_share"],
...                    "value": [21070.5, 3343.9, 15.9], "unit": ["100m_cny", "100m_cny", "percent"],
...                    "confidence": ["confirmed"] * 3, "derived": [False] * 3, "rounded": [False] * 3})
>>> round(float(services_share_computed(procurement_series(st)).loc[2015, "services_share_computed"]), 2)
15.87
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import CONFIDENCE_MARKERS, OKABE_ITO, add_note, require_columns

#: column of the wide series -> (measure as reported, measure on a comparable basis or None)
PROCUREMENT_MEASURES = {
    "total": ("procurement_total", "procurement_total_comparable"),
    "goods": ("procurement_goods", None),
    "works": ("procurement_works", None),
    "services": ("procurement_services", "procurement_services_comparable"),
    "services_share": ("procurement_services_share", None),
}
SPLIT = ("goods", "works", "services")
SPLIT_COLOURS = {"goods": OKABE_ITO["sky_blue"], "works": OKABE_ITO["orange"], "services": OKABE_ITO["bluish_green"]}
SOCIAL_ORG_MEASURES = ("social_organisations_total", "social_organisations_platform_count")
SOCIAL_ORG_LABELS = {"social_organisations_total": "MCA statistics (total registered)",
                     "social_organisations_platform_count": "Information-platform counts"}
SOCIAL_ORG_COLOURS = {"social_organisations_total": OKABE_ITO["blue"],
                      "social_organisations_platform_count": OKABE_ITO["orange"]}
_UNIT_TO_10K = {"10k_orgs": 1.0, "orgs": 1e-4}
_REQUIRED = ("stat_id", "year", "measure", "value", "unit", "confidence", "derived", "rounded")
_SMALL = 11.5
_TITLE_SIZE = 11.5




def _add_note(ax, text: str, offset_points: float = -32) -> None:
    add_note(ax, text, offset_points, _SMALL)


# ----------------------------------------------------------------------------- procurement data

def _procurement_cells(statistics: pd.DataFrame) -> dict[int, tuple[dict[str, dict], bool]]:
    """year -> ({column: the statistics row used}, whether a comparable-basis figure was used)."""
    require_columns(statistics, _REQUIRED, "statistics")
    wanted = {m: (col, kind) for col, pair in PROCUREMENT_MEASURES.items()
              for kind, m in zip(("reported", "comparable"), pair) if m}
    cells: dict[int, dict[tuple[str, str], dict]] = {}
    for rec in statistics.to_dict("records"):
        measure = str(rec["measure"])
        if measure not in wanted:
            continue
        year = int(rec["year"])
        key = wanted[measure]
        slot = cells.setdefault(year, {})
        if key in slot:
            raise ValueError(f"year {year} has two rows for {measure}: {slot[key]['stat_id']} and {rec['stat_id']}")
        slot[key] = rec
    out = {}
    for year, slot in cells.items():
        chosen = {}
        for col in PROCUREMENT_MEASURES:
            rec = slot.get((col, "comparable")) or slot.get((col, "reported"))
            if rec is not None:
                chosen[col] = rec
        out[year] = (chosen, any(kind == "comparable" for _, kind in slot))
    return out


_SERIES_COLUMNS = ["total", "goods", "works", "services", "services_share", "basis", "derived_any", "rounded_any",
                   "derived_ids", "rounded_ids", "stat_ids"]


def procurement_series(statistics: pd.DataFrame) -> pd.DataFrame:
    """National procurement by year, wide: total, goods, works, services (100m CNY), services share (%).

    Input: the statistics table (stat_id, year, measure, value, unit, confidence, derived, rounded).
    Output: DataFrame indexed by ``year`` (sorted) with columns total, goods, works, services,
    services_share (float, NaN when not reported), basis ('comparable' when a comparable-basis
    figure - procurement_total_comparable / procurement_services_comparable - replaced the headline
    one, else 'reported'), derived_any / rounded_any (bool: any figure used is derived / rounded),
    derived_ids / rounded_ids / stat_ids (tuples of the stat ids used). Years with none of the
    measures are absent. Raises ``ValueError`` when one year has two rows for one measure.

    >>> import pandas as pd
    >>> st = pd.DataFrame({"stat_id": ["T1", "T2"], "year": [2016, 2016],
    ...                    "measure": ["procurement_total", "procurement_total_comparable"],
    ...                    "value": [31089.8, 25731.4], "unit": ["100m_cny"] * 2, "confidence": ["confirmed"] * 2,
    ...                    "derived": [False] * 2, "rounded": [False] * 2})
    >>> row = procurement_series(st).loc[2016]
    >>> float(row["total"]), row["basis"], row["stat_ids"]
    (25731.4, 'comparable', ('T2',))
    """
    cells = _procurement_cells(statistics)
    rows = []
    for year in sorted(cells):
        chosen, comparable = cells[year]
        row: dict = {"year": year}
        used = []
        for col in PROCUREMENT_MEASURES:
            rec = chosen.get(col)
            row[col] = float(rec["value"]) if rec is not None else float("nan")
            if rec is not None:
                used.append(rec)
        used.sort(key=lambda r: str(r["stat_id"]))
        row["basis"] = "comparable" if comparable else "reported"
        row["derived_ids"] = tuple(str(r["stat_id"]) for r in used if bool(r["derived"]))
        row["rounded_ids"] = tuple(str(r["stat_id"]) for r in used if bool(r["rounded"]))
        row["derived_any"] = bool(row["derived_ids"])
        row["rounded_any"] = bool(row["rounded_ids"])
        row["stat_ids"] = tuple(str(r["stat_id"]) for r in used)
        rows.append(row)
    out = pd.DataFrame(rows, columns=["year", *_SERIES_COLUMNS]).set_index("year")
    out.index = out.index.astype("int64")
    for col in PROCUREMENT_MEASURES:
        out[col] = out[col].astype("float64")
    for col in ("derived_any", "rounded_any"):
        out[col] = out[col].astype(bool)
    return out


def services_share_computed(series: pd.DataFrame) -> pd.DataFrame:
    """Recompute the services share (services / total * 100) and compare it with the reported share.

    Input: the output of :func:`procurement_series`. Output: DataFrame indexed by year, for years
    with a reported share or with both services and total, columns services_share_reported,
    services_share_computed (NaN unless both services and total exist) and difference
    (computed - reported, percentage points; NaN unless both exist).

    >>> import pandas as pd
    >>> s = pd.DataFrame({"total": [200.0], "services": [50.0], "services_share": [24.0]},
    ...                  index=pd.Index([2020], name="year"))
    >>> services_share_computed(s).loc[2020].tolist()
    [24.0, 25.0, 1.0]
    """
    require_columns(series, ("total", "services", "services_share"), "series")
    computed = series["services"].astype("float64") / series["total"].astype("float64") * 100.0
    reported = series["services_share"].astype("float64")
    out = pd.DataFrame({"services_share_reported": reported, "services_share_computed": computed,
                        "difference": computed - reported}, index=series.index)
    keep = out["services_share_reported"].notna() | out["services_share_computed"].notna()
    return out.loc[keep].sort_index()


def full_split_years(series: pd.DataFrame) -> list[int]:
    """Years of :func:`procurement_series` with goods, works and services all present (sorted).

    >>> import pandas as pd
    >>> s = pd.DataFrame({"goods": [1.0, None], "works": [2.0, 2.0], "services": [3.0, 3.0]}, index=[2019, 2020])
    >>> full_split_years(s)
    [2019]
    """
    require_columns(series, SPLIT, "series")
    mask = series[list(SPLIT)].notna().all(axis=1)
    return sorted(int(y) for y in series.index[mask])


# ----------------------------------------------------------------------------- social organisations data

def social_organisation_series(statistics: pd.DataFrame) -> pd.DataFrame:
    """Counts of social organisations in 10,000 organisations, long format.

    Input: the statistics table. Output: DataFrame with columns stat_id, year, measure (one of
    social_organisations_total, social_organisations_platform_count), value_10k (value converted
    to 10k organisations; 'orgs' divided by 10,000), unit_reported, converted (bool), confidence,
    disputed (confidence == 'disputed'), derived, rounded; sorted by measure, year, stat_id.
    Raises ``ValueError`` for a unit that cannot be converted.

    >>> import pandas as pd
    >>> st = pd.DataFrame({"stat_id": ["T9"], "year": [2020], "measure": ["social_organisations_total"],
    ...                    "value": [900000.0], "unit": ["orgs"], "confidence": ["single-source"],
    ...                    "derived": [False], "rounded": [True]})
    >>> row = social_organisation_series(st).loc[0]
    >>> float(row["value_10k"]), bool(row["converted"])
    (90.0, True)
    """
    require_columns(statistics, _REQUIRED, "statistics")
    rows = []
    for rec in statistics.to_dict("records"):
        if str(rec["measure"]) not in SOCIAL_ORG_MEASURES:
            continue
        unit = str(rec["unit"])
        if unit not in _UNIT_TO_10K:
            raise ValueError(f"{rec['stat_id']}: unit {unit!r} cannot be converted to 10k organisations")
        rows.append({"stat_id": str(rec["stat_id"]), "year": int(rec["year"]), "measure": str(rec["measure"]),
                     "value_10k": float(rec["value"]) * _UNIT_TO_10K[unit], "unit_reported": unit,
                     "converted": unit != "10k_orgs", "confidence": str(rec["confidence"]),
                     "disputed": str(rec["confidence"]) == "disputed", "derived": bool(rec["derived"]),
                     "rounded": bool(rec["rounded"])})
    rows.sort(key=lambda r: (SOCIAL_ORG_MEASURES.index(r["measure"]), r["year"], r["stat_id"]))
    out = pd.DataFrame(rows, columns=["stat_id", "year", "measure", "value_10k", "unit_reported", "converted",
                                      "confidence", "disputed", "derived", "rounded"])
    out["year"] = out["year"].astype("int64")
    out["value_10k"] = out["value_10k"].astype("float64")
    for col in ("converted", "disputed", "derived", "rounded"):
        out[col] = out[col].astype(bool)
    return out


# ----------------------------------------------------------------------------- drawing

def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def draw_procurement(statistics: pd.DataFrame):
    """Stacked bars of goods / works / services by year with the services share on a second axis.

    Input: the statistics table. Output: a Figure. Only years with a full goods/works/services split
    get a bar (trillion CNY, converted from 100m CNY). Bars whose goods/works/services figures are
    derived or rounded are hatched and their year label carries an asterisk; a dagger marks
    comparable-basis years. The services share (right axis, %) is the reported share; a hollow
    marker shows a share that is derived, rounded or (where none is reported) recomputed as
    services / total x 100; the line is dashed across missing years. A footnote names the stat
    ids concerned. A dotted line marks the State Council guidance of September 2013. With no
    full split the figure says so.

    >>> import pandas as pd
    >>> st = pd.DataFrame({"stat_id": ["T1", "T2", "T3"], "year": [2019] * 3,
    ...                    "measure": ["procurement_goods", "procurement_works", "procurement_services"],
    ...                    "value": [1.0, 2.0, 3.0], "unit": ["100m_cny"] * 3, "confidence": ["confirmed"] * 3,
    ...                    "derived": [False] * 3, "rounded": [False] * 3})
    >>> len(draw_procurement(st).axes[0].patches)
    3
    """
    series = procurement_series(statistics)
    cells = _procurement_cells(statistics)
    years = full_split_years(series) if len(series) else []
    fig, ax = plt.subplots(figsize=(6.0, 4.3))
    ax.set_title("National government procurement by type, and the services share", fontsize=_TITLE_SIZE, loc="left")
    ax.set_xlabel("Year")
    ax.set_ylabel("Procurement (trillion CNY)")
    if not years:
        _empty(ax, "no year with a full goods / works / services split")
        return fig

    def flagged_ids(year, cols):
        recs = [cells[year][0][c] for c in cols if c in cells[year][0]]
        return ([str(r["stat_id"]) for r in recs if bool(r["derived"])],
                [str(r["stat_id"]) for r in recs if bool(r["rounded"])])

    sub = series.loc[years]
    bar_flags = {y: flagged_ids(y, SPLIT) for y in years}
    share_flags = {y: flagged_ids(y, ("services_share",)) for y in years}
    bottom = [0.0] * len(years)
    for part in SPLIT:
        vals = [v / 10000 for v in sub[part]]
        ax.bar(years, vals, bottom=bottom, width=0.62, color=SPLIT_COLOURS[part], edgecolor="white", linewidth=0.6,
               label=part, zorder=2)
        bottom = [b + v for b, v in zip(bottom, vals)]
    hatched = [y for y in years if bar_flags[y][0] or bar_flags[y][1]]
    for y in hatched:  # hatching over the whole stack
        ax.bar([y], [bottom[years.index(y)]], width=0.62, facecolor="none", edgecolor="#333333", hatch="////",
               linewidth=0, zorder=3)
    comparable = [y for y in years if sub.loc[y, "basis"] == "comparable"]
    ticklabels = [f"{y}{'*' if y in hatched else ''}{chr(8224) if y in comparable else ''}" for y in years]
    ax.set_xticks(years, ticklabels, fontsize=11.5, rotation=90)
    ax.set_ylim(0, max(bottom) * 1.18)
    ax.set_xlim(min(years) - 0.7, max(years) + 0.7)

    shares = services_share_computed(series).reindex(years)
    reported = shares["services_share_reported"]
    use = reported.where(reported.notna(), shares["services_share_computed"])
    hollow = [y for y in years if pd.isna(reported.loc[y]) or share_flags[y][0] or share_flags[y][1]]
    ax2 = ax.twinx()
    ax2.spines["right"].set_visible(True)
    for y0, y1 in zip(years, years[1:]):
        ax2.plot([y0, y1], [use.loc[y0], use.loc[y1]], color=OKABE_ITO["black"], zorder=5,
                 linewidth=1.2 if y1 - y0 == 1 else 0.8, linestyle="-" if y1 - y0 == 1 else "--")
    solid = [y for y in years if y not in hollow]
    ax2.scatter(solid, [use.loc[y] for y in solid], s=20, color=OKABE_ITO["black"], zorder=6)
    if hollow:
        ax2.scatter(hollow, [use.loc[y] for y in hollow], s=24, facecolors="white", edgecolors=OKABE_ITO["black"],
                    linewidths=1.2, zorder=6)
    ax2.set_ylabel("Services share of total (%)")
    ax2.set_ylim(0, max(45.0, float(use.max()) * 1.25))

    guidance = 2013.5
    if min(years) < guidance < max(years):
        ax.axvline(guidance, color=OKABE_ITO["grey"], linestyle=":", linewidth=1.2, zorder=1)
        ax.annotate("Sept 2013: State Council\nguidance (P10)", xy=(guidance, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(-4, -2), textcoords="offset points", ha="right", va="top", fontsize=11.5, color="#555555")

    handles = [Patch(facecolor=SPLIT_COLOURS[p], label=p) for p in reversed(SPLIT)]
    handles.append(Line2D([], [], color="black", marker="o", markersize=4, label="services share (right axis)"))
    if hollow:
        handles.append(Line2D([], [], color="black", marker="o", markersize=4, markerfacecolor="white",
                              linestyle="none", label="share derived, rounded\nor recomputed"))
    if hatched:
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="////", label="* split derived or rounded"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.1, 1.0), fontsize=_SMALL, frameon=False,
              borderaxespad=0.0)

    def describe(derived, rounded):
        parts = (["derived " + ", ".join(derived)] if derived else []) + (["rounded " + ", ".join(rounded)]
                                                                          if rounded else [])
        return "; ".join(parts)

    notes = []
    for y in hatched:
        notes.append(f"* {y}: split {describe(*bar_flags[y])}.")
    for y in hollow:
        if pd.isna(reported.loc[y]):
            notes.append(f"Share {y}: none reported; recomputed as services / total x 100.")
        else:
            notes.append(f"Share {y}: {describe(*share_flags[y])}.")
    if comparable:
        notes.append(chr(8224) + " " + ", ".join(map(str, comparable)) + ": comparable basis (excludes construction "
                     "projects booked as services).")
    both = [y for y in years if pd.notna(shares.loc[y, "difference"])]
    if both:
        worst = max(both, key=lambda y: abs(shares.loc[y, "difference"]))
        notes.append(f"In the years drawn, reported and recomputed shares differ by at most {abs(shares.loc[worst, 'difference']):.2f} "
                     f"points ({worst}). Values converted from 100m CNY to trillion CNY.")
    skipped = [int(y) for y in series.index if int(y) not in years]
    if skipped:
        notes.append("Years without a full split not drawn: " + ", ".join(map(str, skipped)) + ".")
    _add_note(ax, "\n".join(notes), offset_points=-70)
    return fig


def draw_social_organisations(statistics: pd.DataFrame):
    """Registered social organisations (MCA statistics) and information-platform counts by year.

    Input: the statistics table. Output: a Figure with the MCA series as a line and the platform
    counts as separate points; colour shows the series, marker shape the confidence grade
    (disputed points are crosses and labelled with their stat id); rounded values are hollow and
    derived ones carry an asterisk; a footnote lists both. With no rows the figure says so.

    >>> import pandas as pd
    >>> st = pd.DataFrame({"stat_id": ["T1"], "year": [2012], "measure": ["social_organisations_total"],
    ...                    "value": [49.9], "unit": ["10k_orgs"], "confidence": ["single-source"],
    ...                    "derived": [False], "rounded": [False]})
    >>> len(draw_social_organisations(st).axes[0].collections)
    1
    """
    so = social_organisation_series(statistics)
    fig, ax = plt.subplots(figsize=(6.2, 4.0))
    ax.set_title("Registered social organisations: two counts that disagree", fontsize=_TITLE_SIZE, loc="left")
    ax.set_xlabel("Year")
    ax.set_ylabel("Social organisations (10,000)")
    if not len(so):
        _empty(ax, "no social-organisation counts")
        return fig

    # platform points share years with each other; a small fixed offset keeps them apart
    offsets = {"social_organisations_total": 0.0, "social_organisations_platform_count": 0.12}
    for measure in SOCIAL_ORG_MEASURES:
        sub = so[so["measure"] == measure]
        if not len(sub):
            continue
        colour = SOCIAL_ORG_COLOURS[measure]
        xs = [y + offsets[measure] for y in sub["year"]]
        if measure == "social_organisations_total":
            vals = sub["value_10k"].tolist()
            for i in range(len(xs) - 1):  # solid between consecutive years, dashed across gaps
                gap = xs[i + 1] - xs[i] > 1
                ax.plot(xs[i:i + 2], vals[i:i + 2], color=colour, linewidth=0.9 if gap else 1.3,
                        linestyle="--" if gap else "-", zorder=2)
        for conf in ("confirmed", "single-source", "disputed"):
            for rounded in (False, True):
                m = (sub["confidence"] == conf) & (sub["rounded"] == rounded)
                if m.any():
                    ax.scatter([x for x, k in zip(xs, m) if k], sub.loc[m, "value_10k"].tolist(), s=42,
                               marker=CONFIDENCE_MARKERS[conf], facecolors="white" if rounded else colour,
                               edgecolors=colour, linewidths=1.3, zorder=3)
        for x, rec in zip(xs, sub.to_dict("records")):
            label = rec["stat_id"] if rec["disputed"] else ""
            if rec["derived"]:
                label = (label + "*").strip()
            if label:  # platform points: label to the right; MCA points: label above
                right = measure == "social_organisations_platform_count"
                ax.annotate(label, xy=(x, rec["value_10k"]), xytext=(6, 0) if right else (0, 7),
                            textcoords="offset points", ha="left" if right else "center",
                            va="center" if right else "bottom", fontsize=11.5, color="#333333",
                            bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none",
                                  "alpha": 0.85})
    years = sorted(set(so["year"]))
    ax.set_xticks(range(min(years), max(years) + 1))
    ax.tick_params(axis="x", labelsize=11.5, labelrotation=90)
    ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
    ax.set_ylim(0, float(so["value_10k"].max()) * 1.15)

    handles = [Line2D([], [], color=SOCIAL_ORG_COLOURS[m], linestyle="-" if m == SOCIAL_ORG_MEASURES[0] else "none",
                      marker="o", markersize=5, label=SOCIAL_ORG_LABELS[m]) for m in SOCIAL_ORG_MEASURES
               if (so["measure"] == m).any()]
    for conf in ("confirmed", "single-source", "disputed"):
        if (so["confidence"] == conf).any():
            handles.append(Line2D([], [], linestyle="none", marker=CONFIDENCE_MARKERS[conf], markersize=6,
                                  color="#555555", label=conf))
    if so["rounded"].any():
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="white",
                              markeredgecolor="#555555", label="rounded (hollow)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=_SMALL, frameon=False,
              borderaxespad=0.0, title="Series / confidence", title_fontsize=_SMALL)

    notes = []
    if so["derived"].any():
        notes.append("* derived from other reported figures: " + ", ".join(so.loc[so["derived"], "stat_id"]) + ".")
    if so["rounded"].any():
        notes.append("Rounded or approximate ('passed ...', 'over ...'): "
                     + ", ".join(so.loc[so["rounded"], "stat_id"]) + ".")
    if so["converted"].any():
        notes.append("Converted from organisations to 10,000: " + ", ".join(so.loc[so["converted"], "stat_id"]) + ".")
    notes.append("Labelled points are disputed; platform points are shifted slightly right of their year; "
                 "dashed line: years without a value.")
    _add_note(ax, "\n".join(notes), offset_points=-56)
    return fig
