"""An interactive network explorer per case: plain SVG, vanilla JavaScript and the case's data in one HTML fragment.

The explorer is generated from the same network as the case's network figure (:func:`analysis.network.actor_network`,
alternative candidates left out), with positions from :func:`analysis.network.band_layout` (fixed, computed here, no
layout in the browser) and degrees and ties by phase from networkx. It needs no network request: the script, the
styles and the data are inline, so the fragment works from ``file://`` and from any static host.

A reader filters the ties by phase and the actors by sector, selects an actor (a button; Enter or Space) to highlight
its ties, and reads the facts behind each tie, each linked to its row in the facts table of the same chapter
(``#fact-hf-05``, the anchor of :func:`analysis.ids.anchor_for`). A table gives the same content without the drawing.

DOM contract (for browser tests; ``<case>`` is the case id):

- root: ``[data-network-explorer="<case>"]``, with ``id="explorer-<case>"``; ``data-explorer-ready="1"`` once the
  script has run;
- filters: ``select[data-explorer-phase]`` and ``select[data-explorer-sector]`` (value ``""`` means all);
- actors: ``button[data-actor="<actor id>"]`` with ``aria-pressed`` (``true`` for the selected actor); the button's
  list item is ``hidden`` when a filter leaves the actor out;
- ties of the selected actor: ``[data-explorer-ties]`` holds one ``li[data-tie="<relation id>"]`` per tie shown,
  with one ``a[data-fact="<fact id>"]`` per fact (``href="#fact-..."``);
- status: ``[data-explorer-status]`` (``aria-live``) says how many actors and ties are shown;
- drawing: ``svg [data-node]`` and ``svg [data-tie]``, classes ``nx-hidden``, ``nx-dim``, ``nx-on``;
- table alternative: ``table[data-explorer-table]``, one row per actor.

Example
-------
>>> data = explorer_data("hefei-brt-shelter-collapse")
>>> len(data["actors"]) > 0 and len(data["ties"]) > 0
True
>>> data["facts"]["HF-03"]["href"]
'#fact-hf-03'
"""
from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

from . import ids, load, network
from .style import PHASE_COLOURS, PHASE_ORDER, SECTOR_COLOURS, SECTOR_ORDER

ASSETS = Path(__file__).resolve().parent / "assets"
#: Upper bound on the size of one case's explorer, everything included (bytes of UTF-8).
MAX_BYTES = 150 * 1024

#: Drawing geometry in SVG user units: width, side margin, top, actors per row, row height, gap between sectors.
WIDTH, MARGIN_X, TOP, PER_ROW, ROW, GAP = 760, 70, 40, 5, 96, 44
NODE_R, FONT = 8, 13
DASHES = {"contracting": "", "delivery": "8 3", "incident": "2 3", "response": "7 3 2 3", network.NOT_SET: "1 4"}


def layout(G) -> dict[str, tuple[float, float]]:
    """Fixed positions in SVG units.

    The sector bands and the order of :func:`analysis.network.band_layout` (sectors top to bottom, actors by their
    earliest phase, then id), re-flowed into centred rows of five and four actors in turn, so that the rows interleave
    and labels of 13 units do not collide.
    """
    pos = network.band_layout(G)
    order = sorted(G.nodes, key=lambda n: (-pos[n][1], pos[n][0], n))
    step = (WIDTH - 2 * MARGIN_X) / (PER_ROW - 1)
    out, y = {}, float(TOP)
    for sector in SECTOR_ORDER:
        members = [n for n in order if G.nodes[n].get("sector") == sector]
        r = 0
        while members:
            row, members = members[:PER_ROW - r % 2], members[PER_ROW - r % 2:]
            for i, n in enumerate(row):
                out[n] = (round(WIDTH / 2 + (i - (len(row) - 1) / 2) * step, 1), round(y, 1))
            y += ROW
            r += 1
        if r:
            y += GAP
    return out


def label_lines(name: str, width: int = 18) -> list[str]:
    """The label of a node: the name before any parenthesis or comma, wrapped, at most four lines."""
    return textwrap.wrap(name.split(" (")[0].split(", ")[0], width=width, max_lines=4, placeholder="...") or [name]


def _text(value) -> str:
    """A cell as text, ``""`` when it is missing (``None``, ``NaN`` or ``pd.NA``)."""
    return "" if network._missing(value) else str(value)


def explorer_data(case_id: str, data_dir=None) -> dict:
    """Everything the explorer shows for one case, as plain JSON-able values (sorted, so deterministic).

    ``actors``: id, English name, short label lines, type, sector, degree (ties of the multigraph, as
    ``networkx`` counts them), ties by phase and the drawing position; ``ties``: id, source, target, relation,
    phase, note and fact ids; ``facts``: fact id -> claim and the anchor of its row in the facts table.
    """
    case = load.load_case(case_id, data_dir)
    G = network.actor_network(case)
    pos = layout(G)
    phases = [p for p in (*PHASE_ORDER, network.NOT_SET) if any(d == p for _, _, d in G.edges(data="phase"))]
    sectors = [s for s in SECTOR_ORDER if any(d == s for _, d in G.nodes(data="sector"))]
    by_phase = {p: network.phase_network(G, p) for p in phases}
    actors = []
    for n, d in sorted(G.nodes(data=True)):
        x, y = pos[n]
        name = _text(d.get("name_en")) or n
        actors.append({"id": n, "name": name, "label": label_lines(name),
                       "type": _text(d.get("type")), "sector": d["sector"], "degree": int(G.degree(n)),
                       "phases": {p: int(by_phase[p].degree(n)) if n in by_phase[p] else 0 for p in phases},
                       "x": x, "y": y})
    ties, cited = [], set()
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
        facts = [str(f) for f in (d.get("fact_ids") if isinstance(d.get("fact_ids"), tuple) else ())]
        cited.update(facts)
        ties.append({"id": k, "source": u, "target": v, "relation": _text(d.get("relation")),
                     "phase": d["phase"], "note": _text(d.get("note")), "facts": facts})
    claims = dict(zip(case.facts["fact_id"].astype(str), case.facts["claim"].astype(str)))
    unknown = sorted(cited - set(claims))
    if unknown:
        raise ValueError(f"data/cases/{case_id}/relations.csv: fact_ids not in facts.csv: {', '.join(unknown)}")
    facts = {f: {"claim": claims[f], "href": "#" + ids.anchor_for(f)} for f in sorted(cited)}
    return {"case": case_id, "name": case.name, "phases": phases, "sectors": sectors, "actors": actors, "ties": ties,
            "facts": facts}


# ---------------------------------------------------------------- rendering

def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _curve(a: dict, b: dict, bend: float, cap: float) -> str:
    """A quadratic curve from actor ``a`` to ``b`` whose control point lies ``bend`` times its length to the side
    (at most ``cap`` units), ending at the rim of ``b`` so that the arrowhead stays visible."""
    (x1, y1), (x2, y2) = (a["x"], a["y"]), (b["x"], b["y"])
    dx, dy = x2 - x1, y2 - y1
    length = max((dx * dx + dy * dy) ** 0.5, 1.0)
    side = max(-cap, min(cap, bend * length)) / length
    cx, cy = (x1 + x2) / 2 - dy * side, (y1 + y2) / 2 + dx * side
    rim = max(((x2 - cx) ** 2 + (y2 - cy) ** 2) ** 0.5, 1.0)
    ex, ey = x2 - (x2 - cx) / rim * (NODE_R + 3), y2 - (y2 - cy) / rim * (NODE_R + 3)
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def _svg(data: dict, uid: str) -> str:
    actors = {a["id"]: a for a in data["actors"]}
    height = max((a["y"] + NODE_R + (FONT + 1) * len(a["label"]) + 14 for a in data["actors"]), default=TOP)
    out = [f'<svg class="nx-svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-labelledby="{uid}-svg-title" '
           f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, \'Noto Sans\', Arial, sans-serif" font-size="{FONT}">',
           f'<title id="{uid}-svg-title">Actors of the {_e(data["name"])} case in bands by sector, and their ties; '
           f'the table below gives the same content.</title>', "<defs>"]
    for p in data["phases"]:
        out.append(f'<marker id="{uid}-arrow-{p.replace(" ", "-")}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                   f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{PHASE_COLOURS[p]}"/></marker>')
    out.append("</defs>")
    for s in data["sectors"]:
        members = [a for a in data["actors"] if a["sector"] == s]
        top = min(a["y"] for a in members) - 34
        bottom = max(a["y"] + NODE_R + (FONT + 1) * len(a["label"]) + 10 for a in members)
        out.append(f'<g class="nx-band"><rect x="0" y="{top:.1f}" width="{WIDTH}" height="{bottom - top:.1f}" '
                   f'fill="{SECTOR_COLOURS[s]}" fill-opacity="0.08"/>'
                   f'<text x="6" y="{top + 14:.1f}" font-weight="bold" fill="currentColor">{_e(s.capitalize())}</text></g>')
    out.append('<g class="nx-ties">')
    seen: dict[tuple, int] = {}
    for t in data["ties"]:
        pair = tuple(sorted((t["source"], t["target"])))
        i = seen.get(pair, 0)
        seen[pair] = i + 1
        a, b = actors[t["source"]], actors[t["target"]]
        bend = 0.12 + 0.12 * i
        if a is b:  # a tie of an actor to itself: a small loop above it
            d = f"M{a['x'] - 4:.1f},{a['y'] - NODE_R:.1f} C{a['x'] - 22:.1f},{a['y'] - 40:.1f} {a['x'] + 22:.1f},{a['y'] - 40:.1f} {a['x'] + 4:.1f},{a['y'] - NODE_R - 2:.1f}"
        else:
            d = _curve(a, b, bend if t["source"] < t["target"] else -bend, 60.0 * (i + 1))
        dash = DASHES.get(t["phase"], "")
        out.append(f'<path data-tie="{_e(t["id"])}" data-phase="{_e(t["phase"])}" data-source="{_e(t["source"])}" '
                   f'data-target="{_e(t["target"])}" d="{d}" fill="none" stroke="{PHASE_COLOURS[t["phase"]]}" stroke-width="1.6"'
                   + (f' stroke-dasharray="{dash}"' if dash else "")
                   + f' marker-end="url(#{uid}-arrow-{t["phase"].replace(" ", "-")})"><title>{_e(t["id"])}: '
                   f'{_e(a["name"])} {_e(t["relation"].replace("_", " "))} {_e(b["name"])} ({_e(t["phase"])})</title></path>')
    out.append('</g><g class="nx-nodes">')
    for a in data["actors"]:
        lines = "".join(f'<tspan x="{a["x"]:.1f}" dy="{0 if j == 0 else FONT + 1}">{_e(line)}</tspan>'
                        for j, line in enumerate(a["label"]))
        out.append(f'<g data-node="{_e(a["id"])}" data-sector="{_e(a["sector"])}">'
                   f'<title>{_e(a["name"])} ({_e(a["sector"])}, {a["degree"]} ties)</title>'
                   f'<circle cx="{a["x"]:.1f}" cy="{a["y"]:.1f}" r="{NODE_R}" fill="{SECTOR_COLOURS[a["sector"]]}" '
                   f'stroke="#fff" stroke-width="1.5"/>'
                   f'<text x="{a["x"]:.1f}" y="{a["y"] + NODE_R + FONT + 1:.1f}" text-anchor="middle" fill="currentColor" '
                   f'class="nx-label">{lines}</text></g>')
    out.append("</g></svg>")
    return "".join(out)


def _legend(data: dict) -> str:
    items = []
    for s in data["sectors"]:
        items.append(f'<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill="{SECTOR_COLOURS[s]}"/>'
                     f'</svg> {_e(s)}</li>')
    for p in data["phases"]:
        dash = DASHES.get(p, "")
        items.append(f'<li><svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" '
                     f'stroke="{PHASE_COLOURS[p]}" stroke-width="2.2"' + (f' stroke-dasharray="{dash}"' if dash else "")
                     + f'/></svg> {_e(p)} tie</li>')
    return f'<ul class="nx-legend" aria-label="Key: node colour is the sector, line colour and dashes the phase">{"".join(items)}</ul>'


def _table(data: dict, uid: str, caption: str) -> str:
    head = "".join(f'<th scope="col">{_e(p.capitalize())}</th>' for p in data["phases"])
    rows = []
    for a in sorted(data["actors"], key=lambda a: (-a["degree"], a["name"], a["id"])):
        cells = "".join(f"<td>{a['phases'][p]}</td>" for p in data["phases"])
        rows.append(f'<tr data-actor-row="{_e(a["id"])}"><th scope="row">{_e(a["name"])}</th><td>{_e(a["sector"])}</td>'
                    f'<td>{a["degree"]}</td>{cells}</tr>')
    return (f'<details class="nx-table-box"><summary>Table of the actors: sector, degree and ties by phase</summary>'
            f'<div class="nx-scroll" tabindex="0" role="region" aria-labelledby="{uid}-table-caption">'
            f'<table class="nx-table" data-explorer-table><caption id="{uid}-table-caption">{_e(caption)}</caption>'
            f'<thead><tr><th scope="col">Actor</th><th scope="col">Sector</th><th scope="col">Degree (ties)</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></details>')


def _json(data: dict) -> str:
    """The data for the script, safe inside a ``<script>`` element."""
    slim = {"phases": data["phases"], "facts": data["facts"],
            "actors": {a["id"]: {"name": a["name"], "sector": a["sector"]} for a in data["actors"]},
            "ties": [{k: t[k] for k in ("id", "source", "target", "relation", "phase", "note", "facts")} for t in data["ties"]]}
    text = json.dumps(slim, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(data: dict, caption: str, label: str) -> str:
    """The explorer of one case as one self-contained HTML fragment (no external request)."""
    uid = label
    case = data["case"]
    phase_opts = "".join(f'<option value="{_e(p)}">{_e(p.capitalize())}</option>' for p in data["phases"])
    sector_opts = "".join(f'<option value="{_e(s)}">{_e(s.capitalize())}</option>' for s in data["sectors"])
    buttons = "".join(
        f'<li><button type="button" data-actor="{_e(a["id"])}" data-sector="{_e(a["sector"])}" aria-pressed="false">'
        f'<span class="nx-dot" style="background:{SECTOR_COLOURS[a["sector"]]}" aria-hidden="true"></span>'
        f'{_e(a["name"])} <span class="nx-count">({a["degree"]} {"tie" if a["degree"] == 1 else "ties"})</span></button></li>'
        for a in sorted(data["actors"], key=lambda a: (SECTOR_ORDER.index(a["sector"]), a["name"], a["id"])))
    table_caption = f"Actors of the {data['name']} case: sector, degree (number of ties) and ties by phase."
    css = (ASSETS / "explorer.css").read_text(encoding="utf-8")
    js = (ASSETS / "explorer.js").read_text(encoding="utf-8")
    return (
        f'<div class="network-explorer" id="{uid}" data-network-explorer="{_e(case)}" role="region" '
        f'aria-labelledby="{uid}-title">\n<style>{css}</style>\n'
        f'<p class="nx-title" id="{uid}-title"><strong>Network explorer: {_e(data["name"])}.</strong> {_e(caption)}</p>\n'
        f'<div class="nx-controls">'
        f'<label for="{uid}-phase">Phase of the ties</label> <select id="{uid}-phase" data-explorer-phase>'
        f'<option value="">All phases</option>{phase_opts}</select> '
        f'<label for="{uid}-sector">Sector of the actors</label> <select id="{uid}-sector" data-explorer-sector>'
        f'<option value="">All sectors</option>{sector_opts}</select></div>\n'
        f'{_legend(data)}\n'
        f'<div class="nx-scroll nx-drawing" tabindex="0" role="region" aria-label="Drawing of the network (scrolls sideways on narrow screens)">'
        f'{_svg(data, uid)}</div>\n'
        f'<p class="nx-status" data-explorer-status aria-live="polite">{len(data["actors"])} actors and '
        f'{len(data["ties"])} ties shown.</p>\n'
        f'<div class="nx-panes"><div class="nx-actors"><p class="nx-head" id="{uid}-actors">Actors: select one to see its ties</p>'
        f'<ul class="nx-actor-list" aria-labelledby="{uid}-actors">{buttons}</ul></div>'
        f'<div class="nx-ties-pane"><p class="nx-head" id="{uid}-ties">Ties and the facts behind them</p>'
        f'<div data-explorer-ties aria-labelledby="{uid}-ties"><p>No actor selected.</p></div></div></div>\n'
        f'{_table(data, uid, table_caption)}\n'
        f'<script type="application/json" data-explorer-json>{_json(data)}</script>\n'
        f'<script>{js}</script>\n</div>\n')


class Explorer:
    """The network explorer of one case, shown in a notebook and in the book as raw HTML."""

    def __init__(self, data: dict, caption: str, name: str):
        if not name.startswith("explorer-"):
            raise ValueError(f"explorer label {name!r} must start with 'explorer-'")
        self.data, self.caption, self.name = data, caption, name
        self.html = render(data, caption, name)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<network explorer {self.name}: {len(self.data['actors'])} actors, {len(self.data['ties'])} ties>"
