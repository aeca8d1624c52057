"""Timelines: partial ISO dates, dated case facts, and the policy/statistics/incident context.

Data functions (:func:`parse_partial_date`, :func:`partial_date_span`, :func:`dated_facts`,
:func:`undated_facts`, :func:`context_timeline`) return plain values or DataFrames; drawing
functions (``draw_*``) return a :class:`matplotlib.figure.Figure` and never show or save it.

Dates in the data package carry the precision the sources support (``2018``, ``2018-01`` or
``2018-01-04``). A date of year or month precision is placed at the midpoint of its period
(floored to the day) and drawn as a hollow marker with a bar spanning the period.

Example
-------
>>> import pandas as pd
>>> facts = pd.DataFrame({"fact_id": ["A-02", "A-01", "A-03"], "date": ["2018-01-04", "2017", None],
...                       "claim": ["b", "a", "c"], "confidence": ["confirmed"] * 3, "scope": ["case"] * 3})
>>> dated_facts(facts)[["fact_id", "precision"]].values.tolist()
[['A-01', 'year'], ['A-02', 'day']]
"""
from __future__ import annotations

import datetime as dt
import re

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from .style import CONFIDENCE_COLOURS, CONFIDENCE_MARKERS, OKABE_ITO, add_note, require_columns

PRECISIONS = ("year", "month", "day")
CONFIDENCE_ORDER = ("confirmed", "single-source", "disputed")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FACT_COLUMNS = ("fact_id", "date", "when", "precision", "confidence", "scope", "claim")
_KIND_ORDER = {"incident": 0, "policy": 1, "statistic": 2}
_TITLE_SIZE = 11.5
_SMALL = 11


# ----------------------------------------------------------------------------- helpers

def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return isinstance(value, str) and value.strip() == ""




def _natural_key(value: str) -> tuple:
    """Sort key that orders ``HF-9`` before ``HF-10``."""
    parts = re.split(r"(\d+)", str(value))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _num(ts: pd.Timestamp) -> float:
    return float(mdates.date2num(ts.to_pydatetime()))


def _add_note(ax, text: str, offset_points: float = -34) -> None:
    """Footnote under the axes at a fixed distance in points (independent of figure height)."""
    add_note(ax, text, offset_points, _SMALL)


# ----------------------------------------------------------------------------- dates

def partial_date_span(s) -> tuple[pd.Timestamp, pd.Timestamp, str] | None:
    """First day, first day of the next period, and precision of a partial ISO date.

    Input: ``'YYYY'``, ``'YYYY-MM'`` or ``'YYYY-MM-DD'`` (surrounding blanks ignored); empty/None/NA.
    Output: ``(start, end, precision)`` with ``end`` exclusive, or ``None`` for an empty value.
    Raises ``ValueError`` for text that is not such a date or names an impossible day.

    >>> partial_date_span("2018-02")
    (Timestamp('2018-02-01 00:00:00'), Timestamp('2018-03-01 00:00:00'), 'month')
    """
    if _is_missing(s):
        return None
    text = str(s).strip()
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise ValueError(f"'{s}' is not an ISO partial date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if not pd.Timestamp.min.year < year < pd.Timestamp.max.year:
        raise ValueError(f"'{s}' has a year outside the range pandas can represent")
    try:
        start = dt.date(year, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"'{s}' is an impossible date: {exc}") from None
    if day is not None:
        end, precision = start + dt.timedelta(days=1), "day"
    elif month is not None:
        end = dt.date(year + (start.month == 12), start.month % 12 + 1, 1)
        precision = "month"
    else:
        end, precision = dt.date(year + 1, 1, 1), "year"
    return pd.Timestamp(start), pd.Timestamp(end), precision


def parse_partial_date(s) -> tuple[pd.Timestamp, str] | None:
    """Parse a partial ISO date into a point on a time axis and its precision.

    Input: ``'YYYY'``, ``'YYYY-MM'`` or ``'YYYY-MM-DD'``; empty string, None or NA give ``None``.
    Output: ``(timestamp, precision)``; a day is itself, a month or year is placed at the
    midpoint of its period floored to the day (month: day 15 or 16; year: 2 July, 1 July in
    leap years). Raises ``ValueError`` naming the value when it is malformed or impossible
    (for example ``'2018-02-30'`` or ``'2018-13'``).

    >>> parse_partial_date("2018-01-04")
    (Timestamp('2018-01-04 00:00:00'), 'day')
    >>> parse_partial_date("2018")
    (Timestamp('2018-07-02 00:00:00'), 'year')
    >>> parse_partial_date("") is None
    True
    """
    span = partial_date_span(s)
    if span is None:
        return None
    start, end, precision = span
    if precision == "day":
        return start, precision
    return start + pd.Timedelta(days=(end - start).days // 2), precision


# ----------------------------------------------------------------------------- facts


def _parse_labelled(value, label: str):
    """:func:`parse_partial_date`, with ``label`` (for example ``fact HF-05``) prefixed to any error message."""
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from None

def dated_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts that have a date, placed on a time axis.

    Input: a facts table with columns fact_id, date, claim, confidence, scope.
    Output: DataFrame with columns fact_id, date (as given), when (Timestamp, see
    :func:`parse_partial_date`), precision ('year'|'month'|'day'), confidence, scope, claim;
    sorted by ``when`` then fact id (natural order, HF-9 before HF-10); undated facts dropped.
    Raises ``ValueError`` when a date is malformed (the message names the fact).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"fact_id": ["X-1", "X-2"], "date": ["2017-03", ""], "claim": ["a", "b"],
    ...                   "confidence": ["disputed", "confirmed"], "scope": ["case", "case"]})
    >>> dated_facts(f)[["fact_id", "when"]].values.tolist()
    [['X-1', Timestamp('2017-03-16 00:00:00')]]
    """
    require_columns(facts, ("fact_id", "date", "claim", "confidence", "scope"), "facts")
    rows = []
    for rec in facts.to_dict("records"):
        parsed = _parse_labelled(rec["date"], f"fact {rec['fact_id']}")
        if parsed is None:
            continue
        rows.append({"fact_id": str(rec["fact_id"]), "date": str(rec["date"]).strip(), "when": parsed[0],
                     "precision": parsed[1], "confidence": str(rec["confidence"]), "scope": str(rec["scope"]),
                     "claim": str(rec["claim"])})
    rows.sort(key=lambda r: (r["when"], _natural_key(r["fact_id"])))
    out = pd.DataFrame(rows, columns=list(_FACT_COLUMNS))
    out["when"] = pd.to_datetime(out["when"]).astype("datetime64[ns]")
    return out.reset_index(drop=True)


def undated_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts without a date (empty, None or NA), all columns kept, sorted by fact id.

    Input: a facts table with at least fact_id and date. Output: the undated rows, new index.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"fact_id": ["X-2", "X-1", "X-3"], "date": [None, "", "2019"]})
    >>> undated_facts(f)["fact_id"].tolist()
    ['X-1', 'X-2']
    """
    require_columns(facts, ("fact_id", "date"), "facts")
    mask = [_is_missing(v) for v in facts["date"]]
    out = facts.loc[mask]
    order = sorted(range(len(out)), key=lambda i: _natural_key(out["fact_id"].iloc[i]))
    return out.iloc[order].reset_index(drop=True)


# ----------------------------------------------------------------------------- draw: case

def _empty_axes(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=11, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def draw_case_timeline(facts: pd.DataFrame, title: str, include_alternative: bool = False):
    """Draw a case's dated facts on a time axis, one row per fact in date order.

    Input: a facts table (see :func:`dated_facts`), a title (English), and whether to include
    facts of scope 'alternative' (excluded by default). Output: a Figure with one marker per
    dated fact; colour and marker shape both show the confidence grade; day-precision dates are
    filled markers, month/year-precision dates are hollow markers at the period midpoint with a
    bar spanning the period; each marker is labelled with its fact id and its date as given (so the
    precision is also readable as text); a footnote counts undated facts.
    With no dated facts the figure says 'no dated facts'.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"fact_id": ["X-1"], "date": ["2019-01-30"], "claim": ["a"],
    ...                   "confidence": ["confirmed"], "scope": ["case"]})
    >>> fig = draw_case_timeline(f, "Example")
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['X-1  2019-01-30']
    """
    require_columns(facts, ("fact_id", "date", "claim", "confidence", "scope"), "facts")
    shown = facts if include_alternative else facts[facts["scope"].astype(str) != "alternative"]
    n_alt_hidden = len(facts) - len(shown)
    d = dated_facts(shown)
    n_undated = len(shown) - len(d)
    unknown = sorted(set(d["confidence"]) - set(CONFIDENCE_ORDER))
    if unknown:
        raise ValueError(f"unknown confidence grade(s): {', '.join(unknown)}")

    n = len(d)
    height = max(2.6, min(0.17 * n + 1.6, 9.5))
    fig, ax = plt.subplots(figsize=(7.2, height))
    ax.set_title(title, fontsize=_TITLE_SIZE, loc="left")
    ax.set_xlabel("Date")
    ax.set_ylabel("Facts (earliest at top)")

    notes = []
    if n_undated:
        notes.append(f"{n_undated} undated fact(s) not shown.")
    if n_alt_hidden:
        notes.append(f"{n_alt_hidden} fact(s) about alternative candidate incidents not shown.")

    if n == 0:
        _empty_axes(ax, "no dated facts")
        if notes:
            _add_note(ax, " ".join(notes), offset_points=-30)
        return fig

    spans = [partial_date_span(v) for v in d["date"]]
    starts = [_num(s[0]) for s in spans]
    ends = [_num(s[1]) for s in spans]
    xs = [_num(w) for w in d["when"]]
    ys = list(range(n))
    lo, hi = min(starts), max(ends)
    pad = max((hi - lo) * 0.04, 3.0)
    ax.set_xlim(lo - pad, hi + pad * 3.5)
    ax.set_ylim(n - 0.4, -0.8)

    ax.hlines(ys, [lo - pad] * n, xs, colors="#e6e6e6", linewidths=0.6, zorder=0)
    exact = d["precision"] == "day"
    span_idx = [i for i in range(n) if not exact.iloc[i]]
    if span_idx:
        ax.hlines([ys[i] for i in span_idx], [starts[i] for i in span_idx], [ends[i] for i in span_idx],
                  colors=[CONFIDENCE_COLOURS.get(d["confidence"].iloc[i], OKABE_ITO["grey"]) for i in span_idx],
                  linewidths=1.6, alpha=0.55, zorder=1)
    for conf in CONFIDENCE_ORDER:
        colour, marker = CONFIDENCE_COLOURS[conf], CONFIDENCE_MARKERS[conf]
        for is_exact in (True, False):
            idx = [i for i in range(n) if d["confidence"].iloc[i] == conf and bool(exact.iloc[i]) == is_exact]
            if idx:
                ax.scatter([xs[i] for i in idx], [ys[i] for i in idx], s=34, marker=marker, zorder=3,
                           facecolors=colour if is_exact else "white", edgecolors=colour, linewidths=1.3)

    x_right = hi + pad * 3.5
    for i in range(n):
        label = f"{d['fact_id'].iloc[i]}  {d['date'].iloc[i]}"
        near_right = ends[i] > x_right - (x_right - lo) * 0.22
        colour = OKABE_ITO["grey"] if d["scope"].iloc[i] == "alternative" else "#222222"
        ax.annotate(label, xy=(starts[i] if near_right else ends[i], ys[i]),
                    xytext=(-5 if near_right else 5, 0), textcoords="offset points",
                    ha="right" if near_right else "left", va="center", fontsize=11, color=colour)

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)

    present = [c for c in CONFIDENCE_ORDER if c in set(d["confidence"])]
    handles = [Line2D([], [], linestyle="none", marker=CONFIDENCE_MARKERS[c], markersize=6,
                      markerfacecolor=CONFIDENCE_COLOURS[c], markeredgecolor=CONFIDENCE_COLOURS[c], label=c)
               for c in present]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="#444444",
                          markeredgecolor="#444444", label="exact day (filled)"))
    if span_idx:
        handles.append(Line2D([0, 1], [0, 0], color="#444444", linewidth=1.6, alpha=0.55, marker="o", markersize=6,
                              markerfacecolor="white", markeredgecolor="#444444", markevery=[0],
                              label="month or year only\n(hollow; bar spans period)"))
    ax.legend(handles=handles, title="Confidence / date precision", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=_SMALL, title_fontsize=_SMALL, frameon=False, borderaxespad=0.0)
    if (d["scope"] == "alternative").any():
        notes.insert(0, "Grey labels: facts about an alternative candidate incident.")
    if span_idx:
        notes.insert(0, "Month- or year-precision dates are placed at the midpoint of the period (derived position).")
    if notes:
        _add_note(ax, "\n".join(notes))
    return fig


# ----------------------------------------------------------------------------- context

_CONTEXT_COLUMNS = ("kind", "id", "label", "date", "when", "precision", "level", "measure", "value", "unit",
                    "confidence", "derived", "rounded")
CONTEXT_MEASURES = ("procurement_total", "procurement_total_comparable")


def context_timeline(policies: pd.DataFrame, statistics: pd.DataFrame, incidents: pd.DataFrame,
                     measures=CONTEXT_MEASURES) -> pd.DataFrame:
    """Policies, selected statistics and the incidents as rows on one time axis.

    Inputs: ``policies`` (policy_id, date_issued, date_effective, level, title_en, confidence),
    ``statistics`` (stat_id, year, measure, value, unit, confidence, derived, rounded; only rows whose
    measure is in ``measures`` are used), ``incidents`` (case_id, label, date_start).
    Output: DataFrame with columns kind ('incident'|'policy'|'statistic'), id, label, date (as given),
    when, precision, level (policies only), measure/value/unit (statistics only), confidence, derived,
    rounded; sorted by when, kind, id. A policy is dated by date_issued, else date_effective; policies
    with neither are left out (see :func:`undated_policies`). A statistic's year is placed at mid-year.

    >>> import pandas as pd
    >>> pol = pd.DataFrame({"policy_id": ["P1"], "date_issued": ["2013-09"], "date_effective": [None],
    ...                     "level": ["national"], "title_en": ["Guidance"], "confidence": ["confirmed"]})
    >>> st = pd.DataFrame({"stat_id": ["T1"], "year": [2013], "measure": ["procurement_total"], "value": [16381.1],
    ...                    "unit": ["100m_cny"], "confidence": ["confirmed"], "derived": [False], "rounded": [False]})
    >>> inc = pd.DataFrame({"case_id": ["c"], "label": ["Incident"], "date_start": ["2018-01-04"]})
    >>> context_timeline(pol, st, inc)[["kind", "id"]].values.tolist()
    [['statistic', 'T1'], ['policy', 'P1'], ['incident', 'c']]
    """
    require_columns(policies, ("policy_id", "date_issued", "date_effective", "level", "title_en", "confidence"), "policies")
    require_columns(statistics, ("stat_id", "year", "measure", "value", "unit", "confidence", "derived", "rounded"),
             "statistics")
    require_columns(incidents, ("case_id", "label", "date_start"), "incidents")
    rows = []
    for rec in policies.to_dict("records"):
        date = rec["date_issued"] if not _is_missing(rec["date_issued"]) else rec["date_effective"]
        parsed = _parse_labelled(date, f"policy {rec['policy_id']}")
        if parsed is None:
            continue
        rows.append({"kind": "policy", "id": str(rec["policy_id"]), "label": str(rec["title_en"]),
                     "date": str(date).strip(), "when": parsed[0], "precision": parsed[1], "level": str(rec["level"]),
                     "confidence": str(rec["confidence"])})
    wanted = set(measures)
    for rec in statistics.to_dict("records"):
        if str(rec["measure"]) not in wanted:
            continue
        year = int(rec["year"])
        when, precision = parse_partial_date(f"{year:04d}")
        rows.append({"kind": "statistic", "id": str(rec["stat_id"]), "label": str(rec["measure"]), "date": str(year),
                     "when": when, "precision": precision, "measure": str(rec["measure"]), "value": float(rec["value"]),
                     "unit": str(rec["unit"]), "confidence": str(rec["confidence"]), "derived": bool(rec["derived"]),
                     "rounded": bool(rec["rounded"])})
    for rec in incidents.to_dict("records"):
        parsed = _parse_labelled(rec["date_start"], f"incident {rec['case_id']}")
        if parsed is None:
            raise ValueError(f"incident {rec['case_id']} has no date_start")
        rows.append({"kind": "incident", "id": str(rec["case_id"]), "label": str(rec["label"]),
                     "date": str(rec["date_start"]).strip(), "when": parsed[0], "precision": parsed[1]})
    rows.sort(key=lambda r: (r["when"], _KIND_ORDER[r["kind"]], _natural_key(r["id"])))
    out = pd.DataFrame(rows, columns=list(_CONTEXT_COLUMNS))
    out["when"] = pd.to_datetime(out["when"]).astype("datetime64[ns]")
    out["value"] = out["value"].astype("float64")
    for col in ("derived", "rounded"):
        out[col] = out[col].astype("boolean")
    return out.reset_index(drop=True)


def undated_policies(policies: pd.DataFrame) -> list[str]:
    """Ids of policies with neither date_issued nor date_effective, in natural order.

    >>> import pandas as pd
    >>> undated_policies(pd.DataFrame({"policy_id": ["P2", "P1"], "date_issued": [None, "2001"],
    ...                                "date_effective": ["", None]}))
    ['P2']
    """
    require_columns(policies, ("policy_id", "date_issued", "date_effective"), "policies")
    ids = [str(r["policy_id"]) for r in policies.to_dict("records")
           if _is_missing(r["date_issued"]) and _is_missing(r["date_effective"])]
    return sorted(ids, key=_natural_key)


def _stagger(xs: list[float], widths: list[float], gap: float) -> list[int]:
    """Greedy level assignment so that labels [x, x + width] on one level do not overlap."""
    ends: list[float] = []
    levels = []
    for x, w in zip(xs, widths):
        for lv, end in enumerate(ends):
            if x >= end + gap:
                ends[lv] = x + w
                levels.append(lv)
                break
        else:
            ends.append(x + w)
            levels.append(len(ends) - 1)
    return levels


LEVEL_STYLE = {"national": (OKABE_ITO["blue"], "o"), "local": (OKABE_ITO["orange"], "s")}


def draw_context_timeline(policies: pd.DataFrame, statistics: pd.DataFrame, incidents: pd.DataFrame):
    """Draw policies, the national procurement total and the incidents on one time axis.

    Inputs: as for :func:`context_timeline`. Output: a Figure with two panels sharing the date axis.
    Top: incidents (vertical lines, labelled) and policy documents as markers in a national and a
    local lane, labelled with their ids (P04 ...) and staggered so labels do not overlap; hollow
    markers mean the date is known only to the month or year. Bottom: national procurement total
    (procurement_total, trillion CNY) as a line; the 2016 comparable-basis total as a distinct
    marker; rounded or derived values hollow and listed in a footnote.

    >>> import pandas as pd
    >>> pol = pd.DataFrame({"policy_id": ["P1"], "date_issued": ["2013-09"], "date_effective": [None],
    ...                     "level": ["national"], "title_en": ["Guidance"], "confidence": ["confirmed"]})
    >>> st = pd.DataFrame({"stat_id": ["T1"], "year": [2013], "measure": ["procurement_total"], "value": [16381.1],
    ...                    "unit": ["100m_cny"], "confidence": ["confirmed"], "derived": [False], "rounded": [False]})
    >>> inc = pd.DataFrame({"case_id": ["c"], "label": ["Incident"], "date_start": ["2018-01-04"]})
    >>> len(draw_context_timeline(pol, st, inc).axes)
    2
    """
    tl = context_timeline(policies, statistics, incidents)
    fig, (ax_p, ax_s) = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True,
                                     gridspec_kw={"height_ratios": [1.35, 1.0], "hspace": 0.08})
    pol = tl[tl["kind"] == "policy"].reset_index(drop=True)
    stat = tl[tl["kind"] == "statistic"].reset_index(drop=True)
    inc = tl[tl["kind"] == "incident"].reset_index(drop=True)

    if len(tl):
        lo = _num(tl["when"].min()) - 400
        hi = _num(tl["when"].max()) + 400
    else:
        lo, hi = _num(pd.Timestamp("1995-01-01")), _num(pd.Timestamp("2025-01-01"))
    ax_s.set_xlim(lo, hi)
    # label width in date units for the stagger, from the axes width (about 6.7 in) and 7 pt text
    days_per_inch = (hi - lo) / 6.7
    char_w = 0.062 * days_per_inch

    # --- policies by lane
    lane_base = {"national": 0.0, "local": -2.2}
    step = 0.55
    ymin, ymax = -2.6, 0.5
    for level in ("national", "local"):
        sub = pol[pol["level"] == level].reset_index(drop=True)
        if not len(sub):
            continue
        xs = [_num(w) for w in sub["when"]]
        levels = _stagger(xs, [char_w * (len(i) + 0.6) for i in sub["id"]], gap=0.15 * days_per_inch)
        colour, marker = LEVEL_STYLE.get(level, (OKABE_ITO["grey"], "D"))
        ys = [lane_base[level] + lv * step for lv in levels]
        ymax = max(ymax, max(ys) + 0.5)
        ax_p.vlines(xs, [lane_base[level] - 0.25] * len(xs), ys, colors=colour, linewidths=0.5, alpha=0.5)
        exact = [p == "day" for p in sub["precision"]]
        for is_exact in (True, False):
            idx = [i for i in range(len(sub)) if exact[i] == is_exact]
            if idx:
                ax_p.scatter([xs[i] for i in idx], [ys[i] for i in idx], s=26, marker=marker, zorder=3,
                             facecolors=colour if is_exact else "white", edgecolors=colour, linewidths=1.2)
        for i in range(len(sub)):
            ax_p.annotate(sub["id"].iloc[i], xy=(xs[i], ys[i]), xytext=(3.5, 0), textcoords="offset points",
                          ha="left", va="center", fontsize=11)
    ax_p.set_title("Policy documents, national government procurement and the incidents", fontsize=_TITLE_SIZE,
                   loc="left")
    ax_p.set_yticks([lane_base["local"], lane_base["national"]], ["Local", "National"])
    ax_p.set_ylabel("Policy documents")

    # --- incidents: vertical lines; in the top panel each line stops at its label, labels sit left of
    # their line and rise with date, so no label crosses another incident's line
    band = ymax + 0.25
    inc_step = 0.5
    for i in range(len(inc)):
        x = _num(inc["when"].iloc[i])
        y = band + i * inc_step
        ax_s.axvline(x, color=OKABE_ITO["vermillion"], linewidth=1.0, linestyle="--", zorder=1)
        ax_p.plot([x, x], [ymin, y], color=OKABE_ITO["vermillion"], linewidth=1.0, linestyle="--", zorder=1)
        ax_p.annotate(f"{inc['label'].iloc[i]} ({inc['date'].iloc[i]})", xy=(x, y), xytext=(-3, 0),
                      textcoords="offset points", ha="right",
                      va="center", fontsize=11, color=OKABE_ITO["vermillion"])
    top = band + max(len(inc) - 0.5, 0) * inc_step
    ax_p.set_ylim(ymin, top)

    # --- procurement total
    ax_s.set_ylabel("National procurement\n(trillion CNY)")
    ax_s.set_xlabel("Date (statistics placed at mid-year)")
    notes = []
    totals = stat[stat["measure"] == "procurement_total"].reset_index(drop=True)
    comp = stat[stat["measure"] == "procurement_total_comparable"].reset_index(drop=True)
    if len(totals):
        xs = [_num(w) for w in totals["when"]]
        ys = [v / 10000 for v in totals["value"]]
        flagged = [bool(d) or bool(r) for d, r in zip(totals["derived"], totals["rounded"])]
        ax_s.plot(xs, ys, color=OKABE_ITO["blue"], linewidth=1.3, zorder=2)
        ax_s.scatter([x for x, f in zip(xs, flagged) if not f], [y for y, f in zip(ys, flagged) if not f], s=18,
                     color=OKABE_ITO["blue"], zorder=3)
        if any(flagged):
            ax_s.scatter([x for x, f in zip(xs, flagged) if f], [y for y, f in zip(ys, flagged) if f], s=22,
                         facecolors="white", edgecolors=OKABE_ITO["blue"], linewidths=1.2, zorder=3)
            ids = [f"{t} ({y}, {'derived' if d else 'rounded'})" for t, y, d, f in
                   zip(totals["id"], totals["date"], totals["derived"], flagged) if f]
            notes.append("Hollow: derived or rounded totals: " + ", ".join(ids) + ".")
    if len(comp):
        xs = [_num(w) for w in comp["when"]]
        ys = [v / 10000 for v in comp["value"]]
        ax_s.scatter(xs, ys, s=40, marker="D", color=OKABE_ITO["bluish_green"], zorder=4)
        for x, y, year in zip(xs, ys, comp["date"]):
            ax_s.annotate(f"{year} comparable basis", xy=(x, y), xytext=(7, -3), textcoords="offset points",
                          fontsize=11, color="#006e50", ha="left", va="top",
                          bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    if not len(totals) and not len(comp):
        ax_s.text(0.5, 0.5, "no procurement totals", transform=ax_s.transAxes, ha="center", va="center")
    ax_s.set_ylim(bottom=0)

    locator = mdates.YearLocator(base=5)
    ax_s.xaxis.set_major_locator(locator)
    ax_s.xaxis.set_minor_locator(mdates.YearLocator(base=1))
    ax_s.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))

    handles = [Line2D([], [], linestyle="none", marker=LEVEL_STYLE[lv][1], markersize=5.5, color=LEVEL_STYLE[lv][0],
                      label=f"{lv} policy") for lv in ("national", "local")]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=5.5, markerfacecolor="white",
                          markeredgecolor="#444444", label="month/year only, or\nderived/rounded value"))
    handles.append(Line2D([], [], color=OKABE_ITO["vermillion"], linestyle="--", label="incident (start)"))
    handles.append(Line2D([], [], color=OKABE_ITO["blue"], marker="o", markersize=4, label="total (as reported)"))
    handles.append(Line2D([], [], linestyle="none", marker="D", markersize=5, color=OKABE_ITO["bluish_green"],
                          label="comparable-basis total"))
    ax_p.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=_SMALL, frameon=False,
                borderaxespad=0.0)
    missing = undated_policies(policies)
    if missing:
        notes.append(f"Undated policies not shown: {', '.join(missing)}.")
    notes.append("Values converted from 100m CNY (yi yuan) to trillion CNY; policies with only a month or year "
                 "are placed at the period midpoint.")
    if "2016" in set(comp["date"]) and "2016" in set(totals["date"]):
        notes.append("The 2016 headline total includes construction projects booked as 'purchase of services'.")
    _add_note(ax_s, "\n".join(notes), offset_points=-30)
    return fig
