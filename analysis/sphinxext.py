"""Sphinx extension: ids become links, data values are computed, and registered findings are checked.

Three things happen when the book is built:

- **Ids link to their rows.** Prose cites facts as ``[HF-05]``, judgements as ``(HF-C14)``, measures, open
  questions, policies ``[P04]`` and statistics ``[T026]``. Id formats come from ``datapackage.json``
  (:mod:`analysis.ids`). The registry of exhibits (:mod:`analysis.exhibits`) names the table whose rows anchor
  each kind of id; Sphinx knows which page shows that table's label. Every id that exists in the data is linked
  to its row; unknown ids stay plain text (the tests check that every cited id exists).
- **Values come from the data.** The role ``{datum}`key``` is replaced by the value of a registered quantity
  (:mod:`analysis.findings`), for example ``{datum}`n-cases:thesis```.
- **Findings are checked.** The directive ``{finding}`` wraps the paragraph(s) that state a registered finding.
  When its predicate no longer holds for the current data, the paragraph is marked as stale in the HTML, with the
  values that broke it. The build does not fail: ``make findings`` and ``make test`` do.

Enabled in ``_config.yml`` (``sphinx.extra_extensions``).
"""
from __future__ import annotations

import base64
import html
import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from . import exhibits, ids

SKIP = (nodes.literal, nodes.literal_block, nodes.reference, nodes.raw, nodes.title, nodes.FixedTextElement,
        nodes.target, nodes.caption)


# ---------------------------------------------------------------- ids -> rows

def known_ids(data_dir=None) -> dict[str, tuple[str, str | None]]:
    """Every id that has a row in a book table -> (kind, case id or None)."""
    from . import book, load  # noqa: F401  (importing book registers the exhibits)
    out: dict[str, tuple[str, str | None]] = {}
    for pid in load.load_policy_timeline(data_dir)["policy_id"]:
        out[str(pid)] = ("policy", None)
    for sid in load.load_statistics(data_dir)["stat_id"]:
        out[str(sid)] = ("statistic", None)
    for case_id in load.list_cases(data_dir):
        case = load.load_case(case_id, data_dir)
        for kind, column, table in (("fact", "fact_id", case.facts), ("judgement", "judgement_id", case.coding),
                                    ("measure", "measure_id", case.measures), ("question", "question_id", case.open_questions),
                                    ("source", "source_id", case.sources)):
            for item in table[column]:
                out[str(item)] = (kind, case_id)
    return out


def id_targets(label_pages: dict[str, str], data_dir=None) -> dict[str, str]:
    """Id -> docname of the page whose table anchors its row, given label -> docname from Sphinx."""
    targets = {}
    for item, (kind, case_id) in known_ids(data_dir).items():
        label = exhibits.anchoring_label(kind, case_id)
        if label and label in label_pages:
            targets[item] = label_pages[label]
    return targets


def fact_marks(data_dir=None) -> dict[str, str]:
    """Fact id -> its mark (``single``, ``statement`` or ``disputed``) from the data; confirmed facts have none."""
    from . import load
    from .evidence import mark
    out = {}
    for case_id in load.list_cases(data_dir):
        facts = load.load_case(case_id, data_dir).facts
        for rec in facts.itertuples():
            m = mark(rec.confidence, isinstance(rec.statement_of, str) and bool(rec.statement_of))
            if m:
                out[str(rec.fact_id)] = m
    return out


def link_ids(doctree, targets: dict[str, str], uri_for, marks: dict[str, str] | None = None) -> int:
    """Replace known ids in text nodes by references; ``uri_for(docname)`` gives the page URI. Returns links made.

    A fact id with a mark in ``marks`` (:func:`fact_marks`) gets a small glyph after it and a tooltip saying what
    the mark means (:data:`analysis.evidence.MARKS`); the marks follow the grades in the data.
    """
    from .evidence import MARKS
    marks = marks or {}
    pattern = ids.id_regex()
    made = 0
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or any(isinstance(a, SKIP) for a in _ancestors(text)):
            continue
        value = str(text)
        pieces, pos = [], 0
        for m in pattern.finditer(value):
            docname = targets.get(m.group(0))
            if docname is None:
                continue
            pieces.append(nodes.Text(value[pos:m.start()]))
            ref = nodes.reference("", m.group(0), refuri=f"{uri_for(docname)}#{ids.anchor_for(m.group(0))}",
                                  internal=True, classes=["fact-link"])
            kind = marks.get(m.group(0))
            if kind:
                glyph, tip, _legend = MARKS[kind]
                ref["reftitle"] = f"{m.group(0)}: {tip}"
                ref["classes"].append(f"fact-{kind}")
                ref += nodes.inline("", glyph, classes=["fact-mark", f"fact-mark-{kind}"])
            pieces.append(ref)
            pos = m.end()
            made += 1
        if pieces:
            pieces.append(nodes.Text(value[pos:]))
            parent.replace(text, [p for p in pieces if not (isinstance(p, nodes.Text) and not str(p))])
    return made


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _label_pages(env) -> dict[str, str]:
    std = env.domaindata.get("std", {})
    pages = {label: docname for label, (docname, *_rest) in std.get("anonlabels", {}).items()}
    pages.update({label: docname for label, (docname, *_rest) in std.get("labels", {}).items()})
    return pages


# ---------------------------------------------------------------- {datum} and {finding}

class DatumRole(SphinxRole):
    """``{datum}`key``` -> the value of a registered quantity, computed from the data at build time."""

    def run(self):
        from . import findings
        try:
            value = findings.quantity(self.text)
        except KeyError as exc:
            msg = self.inliner.reporter.error(f"unknown datum {self.text!r}: {exc}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [nodes.inline(self.rawtext, value, classes=["datum"])], []


class finding_node(nodes.General, nodes.Element):
    """A paragraph group stating a registered finding."""


class FindingDirective(Directive):
    """``{finding} ID``: the content states the registered finding ``ID``; it is marked when the finding is stale."""

    required_arguments = 1
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        from . import findings
        env = self.state.document.settings.env
        fid = self.arguments[0]
        registry = findings.REGISTRY
        if fid not in registry:
            raise self.error(f"finding {fid!r} is not registered in analysis/findings.py")
        results = _finding_results(env)
        holds, values = results[fid]
        node = finding_node(classes=["finding", "finding-holds" if holds else "finding-stale"], ids=[f"finding-{fid}"])
        node["finding_id"] = fid
        if not holds:
            warn = nodes.admonition(classes=["warning", "finding-stale-note"])
            warn += nodes.title(text=f"Stale finding {fid}")
            warn += nodes.paragraph(text="This statement no longer holds for the current data. "
                                         f"The check ({registry[fid].statement}) found: {findings.format_values(values)}. "
                                         "Run make findings for the full list.")
            node += warn
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _finding_results(env) -> dict:
    cache = getattr(env, "compendium_findings", None)
    if cache is None:
        from . import findings
        table = findings.evaluate()
        cache = env.compendium_findings = {r.finding_id: (bool(r.holds), r.values) for r in table.itertuples()}
    return cache


def _visit_finding(self, node):
    self.body.append(self.starttag(node, "div", CLASS=" ".join(node["classes"])))


def _depart_finding(self, node):
    self.body.append("</div>\n")


def _visit_finding_other(self, node):
    pass


def _depart_finding_other(self, node):
    pass


# ---------------------------------------------------------------- figures: inline SVG

SVG_URI = "data:image/svg+xml;base64,"
_ID_ATTR = re.compile(r'\bid="([^"]+)"')
_ID_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """The SVG of a figure ready to sit inside an HTML page: no XML prolog, every id prefixed with ``prefix`` (and
    every reference to one), its stylesheet scoped to itself, ``role="img"`` with ``label`` as its accessible name,
    and a class that the book's CSS sizes to fit the column.

    >>> inline_svg('<?xml version="1.0"?>\\n<svg width="10pt" viewBox="0 0 10 10"><g id="a" clip-path="url(#a)"/></svg>',
    ...            "fig-x", 'A "b"')
    '<svg id="fig-x-svg" role="img" aria-label="A &quot;b&quot;" class="compendium-svg" width="10pt" viewBox="0 0 10 10"><g id="fig-x-a" clip-path="url(#fig-x-a)"/></svg>'
    """
    start = svg.find("<svg")
    if start < 0:
        raise ValueError(f"figure {prefix}: the image is not an SVG document")
    body = svg[start:]
    body = _ID_ATTR.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = _ID_REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)
    # matplotlib's stylesheet applies to every element (``*{...}``): scope it to this figure, not the whole page
    body = body.replace('<style type="text/css">*{', f'<style type="text/css">#{prefix}-svg *{{')
    attrs = f'<svg id="{prefix}-svg" role="img" aria-label="{html.escape(label, quote=True)}" class="compendium-svg"'
    return attrs + _min_width(svg) + body[len("<svg"):]


def _min_width(svg: str) -> str:
    """A ``style`` attribute that keeps the figure at least as wide as its smallest text needs to be
    :data:`analysis.style.MIN_TEXT_PX`; in a narrower column (a phone) the figure scrolls sideways in its box."""
    from .style import MIN_TEXT_PX, display_scale, text_items
    sizes = [size for size, _family, _text in text_items(svg)]
    if not sizes:
        return ""
    natural = display_scale(svg, column_px=float("inf"))             # px per user unit at the natural width
    width_px = natural * float(re.search(r'viewBox="[-\d. ]+? [-\d. ]+? ([\d.]+)', svg).group(1))
    need = width_px * MIN_TEXT_PX / (min(sizes) * natural)
    return f' style="min-width: {min(need, width_px):.0f}px"'



class InlineSVG(SphinxPostTransform):
    """Replace a figure's image given as an SVG data URI by the SVG itself, so that its text is part of the page
    (searchable and selectable); the figure keeps its number, caption and label."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs):
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if not uri.startswith(SVG_URI):
                continue
            svg = base64.b64decode(uri[len(SVG_URI):]).decode("utf-8")
            figure = image.parent
            names = (figure.get("ids") or figure.get("names") or []) if isinstance(figure, nodes.figure) else []
            prefix = names[0] if names else f"svg-{len(svg)}"
            box = f'<div class="compendium-svg-box" tabindex="0">{inline_svg(svg, prefix, image.get("alt", ""))}</div>'
            image.replace_self(nodes.raw("", box, format="html"))


# ---------------------------------------------------------------- wiring

def _on_env_purge(app, env):
    for attr in ("compendium_findings", "compendium_id_targets", "compendium_marks"):
        if hasattr(env, attr):
            delattr(env, attr)


def _on_doctree_resolved(app, doctree, docname):
    if app.builder.format != "html":
        return
    targets = getattr(app.env, "compendium_id_targets", None)
    if targets is None:
        targets = app.env.compendium_id_targets = id_targets(_label_pages(app.env))
        app.env.compendium_marks = fact_marks()
    link_ids(doctree, targets, lambda target: app.builder.get_relative_uri(docname, target),
             getattr(app.env, "compendium_marks", None))


def setup(app):
    app.add_role("datum", DatumRole())
    app.add_node(finding_node, html=(_visit_finding, _depart_finding), latex=(_visit_finding_other, _depart_finding_other),
                 text=(_visit_finding_other, _depart_finding_other))
    app.add_directive("finding", FindingDirective)
    app.connect("env-before-read-docs", lambda app, env, docnames: _on_env_purge(app, env))
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.add_post_transform(InlineSVG)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
