"""Sphinx extension for the published site: downloads, unique ids, accessible roles and page metadata.

- **Downloads.** ``tools/downloads.py`` writes the files a reader can download (the data package as a zip, every
  table as CSV, every chapter notebook and an archive of the source) and a ``manifest.json`` with the size and
  SHA-256 of each. The directive ``{downloads}`` renders a table of them from that manifest when the book is built,
  so the checksums never sit in stored notebook outputs; the files are copied into ``downloads/`` of the HTML output.
- **Unique ids.** sphinx-exercise gives every exercise body the id ``exercise-content`` and every solution body
  ``solution-content``; each is renamed after its exercise or solution (``ex-hf-1-content``), so ids are unique.
- **Accessible roles.** docutils marks a bibliography as ``role="list"`` with ``role="doc-biblioentry"`` items, which
  axe reports as a critical ARIA error (a list must hold list items); the items become ``role="listitem"``.
- **Page weight.** sphinx-design's stylesheet (55 KB) and tab script are left out of pages that use none of its
  components (none does today); a page that uses one keeps them. sphinx-thebe's assets are left out when the
  book's launch buttons do not offer thebe (``_config.yml``); its inline configuration was added twice and
  declared the same constant twice, an error in the console of every page.
- **Metadata.** Every page gets a ``<meta name="description">`` from its first paragraph of prose, after its title;
  a paragraph inside a container of class ``no-description`` (the template note of the case chapters) is skipped.

Enabled in ``_config.yml`` (``sphinx.extra_extensions``); the favicon and the template that leaves out the icon
font script are set there too (``_templates/layout.html``).

Example
-------
>>> description_from_text("  A first   sentence.  " * 3, limit=40)
'A first sentence. A first sentence. A…'
>>> unique_content_ids(['a', 'ex-1-content'], 'ex-1', 'exercise')
'ex-1-content-2'
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives

MANIFEST = "manifest.json"
KINDS = ("data", "tables", "notebooks", "source")
#: Pages with no prose of their own.
FIXED_DESCRIPTIONS = {"genindex": "Index of terms in {title}.", "search": "Search the text of {title}."}


# ---------------------------------------------------------------- helpers (pure, tested directly)

def description_from_text(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters from ``text``, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def unique_content_ids(taken, owner_id: str, kind: str) -> str:
    """An id for the content section of exercise or solution ``owner_id`` that is not in ``taken``."""
    base = f"{owner_id}-content" if owner_id else f"{kind}-content"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def downloads_dir(srcdir, setting: str) -> Path:
    """The folder of the downloads: ``setting`` as an absolute path, or relative to the source folder, or (when the
    book is rendered from a staging copy of the sources) relative to the working folder of the build."""
    candidates = [Path(setting)] if Path(setting).is_absolute() else [Path(srcdir) / setting, Path.cwd() / setting]
    for folder in candidates:
        if (folder / MANIFEST).is_file():
            return folder
    return candidates[0]


def read_manifest(folder: Path) -> dict:
    """The manifest written by ``tools/downloads.py``; a clear error when it is missing."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no downloads manifest; `make book` writes it (tools/build_book.py calls "
                                "tools/downloads.py before Sphinx runs), or run `python tools/downloads.py`")
    return json.loads(path.read_text(encoding="utf-8"))


def human_bytes(n: int) -> str:
    """``1536`` -> ``'1.5 KB'`` (powers of 1024, one decimal)."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


# ---------------------------------------------------------------- {downloads}

class DownloadsDirective(Directive):
    """``{downloads}``: a table of the downloads of this build, read from the manifest.

    Option ``:kind:`` keeps one kind (``data``, ``tables``, ``notebooks`` or ``source``); ``:checksums:`` adds the
    size and SHA-256 columns.
    """

    has_content = False
    option_spec = {"kind": lambda v: directives.choice(v, KINDS), "checksums": directives.flag}

    def run(self):
        env = self.state.document.settings.env
        folder = downloads_dir(env.app.srcdir, env.config.compendium_downloads)
        try:
            manifest = read_manifest(folder)
        except FileNotFoundError as exc:
            raise self.error(str(exc))
        env.compendium_download_docs = getattr(env, "compendium_download_docs", set()) | {env.docname}
        kind = self.options.get("kind")
        items = [i for i in manifest["files"] if kind is None or i["kind"] == kind]
        if not items:
            note = "This build has no source archive: it was not built from a git checkout." if kind == "source" \
                else "This build offers no downloads of this kind."
            return [nodes.paragraph(text=note)]
        checks = "checksums" in self.options
        up = "../" * env.docname.count("/")
        heads = ["File", "What it holds"] + (["Size", "SHA-256"] if checks else [])
        table = nodes.table(classes=["compendium-table", "downloads-table"])
        group = nodes.tgroup(cols=len(heads))
        table += group
        for _ in heads:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        group += thead
        thead += self._row([nodes.Text(h) for h in heads])
        body = nodes.tbody()
        group += body
        for item in items:
            link = nodes.reference("", item["name"], refuri=up + item["path"], classes=["download-link"])
            cells = [link, nodes.Text(item["title"])]
            if checks:
                cells += [nodes.Text(human_bytes(item["bytes"])), nodes.literal("", item["sha256"], classes=["sha256"])]
            body += self._row(cells)
        return [table]

    @staticmethod
    def _row(cells):
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            para = nodes.paragraph()
            para += content
            entry += para
            row += entry
        return row


def _outdated(app, env, added, changed, removed):
    """Pages with a downloads table are re-read on every build: the manifest changes with every commit."""
    return sorted(getattr(env, "compendium_download_docs", set()) - set(removed))


def _copy_downloads(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder = downloads_dir(app.srcdir, app.config.compendium_downloads)
    if not (folder / MANIFEST).is_file():
        return
    manifest = read_manifest(folder)
    target = Path(app.outdir) / "downloads"
    for item in manifest["files"]:
        src = folder / item["path"].removeprefix("downloads/")
        dst = Path(app.outdir) / item["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    shutil.copyfile(folder / MANIFEST, target / MANIFEST)


# ---------------------------------------------------------------- ids, descriptions

def _fix_exercise_ids(app, doctree, docname):
    taken = {i for node in doctree.findall(nodes.Element) for i in node.get("ids", [])}
    for node in doctree.findall(nodes.section):
        for kind in ("exercise", "solution"):
            fixed = f"{kind}-content"
            if fixed in node["ids"]:
                owner = node.parent
                owner_id = owner["ids"][0] if owner is not None and owner.get("ids") else ""
                new = unique_content_ids(taken, owner_id, kind)
                node["ids"] = [new if i == fixed else i for i in node["ids"]]
                taken.add(new)


def _first_paragraph(doctree) -> str:
    skip = (nodes.admonition, nodes.Admonition, nodes.caption, nodes.table, nodes.figure, nodes.field_list,
            nodes.citation, nodes.footnote, nodes.literal_block, nodes.sidebar, nodes.topic)
    for para in doctree.findall(nodes.paragraph):
        node, inside = para.parent, False
        while node is not None:
            if isinstance(node, skip) or {"cell_output", "no-description"} & set(node.get("classes", [])):
                inside = True
                break
            node = node.parent
        text = para.astext().strip()
        if not inside and len(text) > 30:
            return text
    return ""


def _store_description(app, doctree, docname):
    if not hasattr(app.env, "compendium_descriptions"):
        app.env.compendium_descriptions = {}
    app.env.compendium_descriptions[docname] = description_from_text(_first_paragraph(doctree))


def _page_context(app, pagename, templatename, context, doctree):
    title = app.config.html_title or app.config.project
    descriptions = getattr(app.env, "compendium_descriptions", {})
    text = descriptions.get(pagename) or FIXED_DESCRIPTIONS.get(pagename, "{title}: " + pagename).format(title=title)
    if pagename in descriptions and pagename != app.config.root_doc and context.get("title"):
        page_title = re.sub(r"<[^>]+>", "", context["title"])
        text = description_from_text(f"{html.unescape(page_title)}: {text}")
    context["metatags"] = context.get("metatags", "") + \
        f'\n<meta name="description" content="{html.escape(text, quote=True)}" />'
    body = context.get("body") or ""
    if body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    drop = []
    if not uses_sphinx_design(body):
        drop.append(_is_design_asset)
    if not (app.config.html_theme_options or {}).get("launch_buttons", {}).get("thebe"):
        drop.append(_is_thebe_asset)
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [f for f in context[key] if not any(test(f) for test in drop)]


def uses_sphinx_design(body: str) -> bool:
    """Whether a page body holds a sphinx-design component (its classes start with ``sd-``).

    >>> uses_sphinx_design('<div class="sd-tab-set docutils">'), uses_sphinx_design('<p class="x">sd-</p>')
    (True, False)
    """
    return re.search(r'class="(?:[^"]*\s)?sd-', body) is not None


def _is_thebe_asset(asset) -> bool:
    """sphinx-thebe's script, stylesheet and inline configuration (added twice, a console error on every page)."""
    name = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return name.removeprefix("_static/").startswith("sphinx-thebe") or body.startswith("const THEBE_JS_URL")


def _is_design_asset(asset) -> bool:
    name = str(getattr(asset, "filename", asset) or "")
    return name.removeprefix("_static/").startswith(("sphinx-design", "design-tabs"))


def setup(app):
    app.add_config_value("compendium_downloads", "_build/downloads", "env")
    app.add_directive("downloads", DownloadsDirective)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _fix_exercise_ids)
    app.connect("doctree-resolved", _store_description)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
