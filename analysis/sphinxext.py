"""Sphinx extension: turn fact and judgement ids in the book's text into links to their table rows.

Prose cites case facts as ``[HF-05]``, coded judgements as ``(HF-C14)`` and policy documents as ``[P04]``.
The case chapters show the facts and coding tables, and the policy chapter the policy timeline, with an HTML
anchor on each row (``fact-hf-05``, ``judgement-hf-c14``, ``policy-p04``; see :func:`analysis.book.case_facts`). This extension finds the chapter that shows each case's tables and
links every known id, in any page, to its row. Unknown ids are left as plain text; the test suite
checks separately that every cited id exists.

Enabled in ``_config.yml`` (``sphinx.extra_extensions``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

ID = re.compile(r"\b[A-Z]{2}-(?:ALT-)?(?:C)?\d{2}\b|\bP\d{2}\b")
SKIP = (nodes.literal, nodes.literal_block, nodes.reference, nodes.raw, nodes.title, nodes.FixedTextElement,
        nodes.target, nodes.caption)


def anchor_for(item_id: str) -> str:
    """HTML anchor of a row: ``HF-05`` -> ``fact-hf-05``, ``HF-C14`` -> ``judgement-hf-c14``, ``P04`` -> ``policy-p04``."""
    if re.fullmatch(r"P\d{2}", item_id):
        return f"policy-{item_id.lower()}"
    kind = "judgement" if re.fullmatch(r"[A-Z]{2}-C\d{2}", item_id) else "fact"
    return f"{kind}-{item_id.lower()}"


def case_pages(book_dir: Path) -> dict[str, str]:
    """Case id -> docname of the chapter whose cells show that case's facts table."""
    pages = {}
    for nb in sorted(book_dir.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            m = re.search(r'case_facts\("([a-z0-9-]+)"\)', "".join(cell["source"])) if cell["cell_type"] == "code" else None
            if m:
                pages[m.group(1)] = f"{book_dir.name}/{nb.stem}"
    return pages


def policy_page(book_dir: Path) -> str | None:
    """Docname of the chapter whose cells show the policy timeline table, if any."""
    for nb in sorted(book_dir.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        if any(c["cell_type"] == "code" and "book.policy_table()" in "".join(c["source"]) for c in cells):
            return f"{book_dir.name}/{nb.stem}"
    return None


def id_targets(book_dir: Path, data_dir=None) -> dict[str, str]:
    """Every known fact, judgement and policy id -> docname of the chapter that holds its row."""
    from analysis import load
    targets = {}
    page = policy_page(book_dir)
    if page:
        for pid in load.load_policy_timeline(data_dir)["policy_id"]:
            targets[str(pid)] = page
    for case_id, docname in case_pages(book_dir).items():
        case = load.load_case(case_id, data_dir)
        for item in [*case.facts["fact_id"], *case.coding["judgement_id"]]:
            targets[str(item)] = docname
    return targets


def link_ids(doctree, targets: dict[str, str], uri_for) -> int:
    """Replace known ids in text nodes by references; ``uri_for(docname)`` gives the page URI. Returns links made."""
    made = 0
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or any(isinstance(a, SKIP) for a in _ancestors(text)):
            continue
        value = str(text)
        pieces, pos = [], 0
        for m in ID.finditer(value):
            docname = targets.get(m.group(0))
            if docname is None:
                continue
            pieces.append(nodes.Text(value[pos:m.start()]))
            pieces.append(nodes.reference("", m.group(0), refuri=f"{uri_for(docname)}#{anchor_for(m.group(0))}",
                                          internal=True, classes=["fact-link"]))
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


def _on_builder_inited(app):
    root = Path(app.srcdir)
    app.env.compendium_id_targets = id_targets(root / "book")


def _on_doctree_resolved(app, doctree, docname):
    if app.builder.format != "html":
        return
    targets = getattr(app.env, "compendium_id_targets", None)
    if targets is None:
        targets = app.env.compendium_id_targets = id_targets(Path(app.srcdir) / "book")
    link_ids(doctree, targets, lambda target: app.builder.get_relative_uri(docname, target))


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
