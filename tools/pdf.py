"""Build the PDF edition: the whole book as one PDF, printed by headless Chromium from Jupyter Book's singlehtml build.

Usage: python tools/pdf.py   (``make pdf``)

1. ``jupyter-book build . --builder singlehtml`` from the outputs stored in the notebooks (the same switch as
   ``tools/build_book.py --stored``: execution off), into ``_build/pdf/src``. ``tools/singlehtml_handlers.py`` lets
   nodes registered for HTML only render in that builder.
2. Debian's Chromium (``/usr/bin/chromium`` or ``$CHROMIUM``), driven by Playwright, prints the page with the print
   stylesheet below: A4, no header or footer, solutions unfolded, navigation and folded code cells hidden (as on the
   site, code stays folded: the PDF is the reader's edition), no network request. Figures are SVG, so they stay
   vector; numbered figures and tables, the bibliography and the Chinese text (fonts-noto-cjk) come with the page.
3. The PDF's volatile fields (creation and modification dates, document id, the DOM node numbers in the tagged PDF's
   structure ids) are replaced in place by values derived from the content (same byte length, so the cross-reference
   table stays valid): two runs on the same book give the same bytes.
4. The PDF is written to ``_build/pdf/book.pdf``. When the HTML book exists (``_build/html/index.html``), it is copied
   to ``_build/html/book.pdf`` and the placeholder paragraph ``<p id="pdf-edition" hidden>`` of the landing page is
   turned into a link to it, so the site links the PDF only when the PDF is there.
"""
from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "pdf"
SRC = OUT / "src"
PDF = OUT / "book.pdf"
HTML = ROOT / "_build" / "html"
LANDING = HTML / "book" / "index.html"
PLACEHOLDER = '<p id="pdf-edition" hidden></p>'
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from sitecheck import find_chromium, missing_browser_message  # noqa: E402

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-article, .bd-header-article,
.prev-next-area, .toggle-button, details.hide, .headerlink, #pst-back-to-top, .skip-link { display: none !important; }
.toggle-hidden > :not(.admonition-title) { display: block !important; visibility: visible !important; }
html { font-size: 13px !important; }
/* Shadows would be printed as raster images: none, with enough specificity to beat the theme's !important ones. */
* , html body div.admonition, html body .admonition, html body .sd-card, html body .topic, html body aside {
  box-shadow: none !important; text-shadow: none !important; filter: none !important; }
figure, .admonition { break-inside: avoid; }
h1, h2, h3, caption, figcaption { break-after: avoid; }
.pst-scrollable-table-container { overflow: visible !important; }
td, th { overflow-wrap: break-word; }
td a[href^="http"], td code { word-break: break-all; white-space: normal !important; }
"""


def build_singlehtml() -> Path:
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    if "execute_notebooks: force" not in config or "    - analysis.sphinxext\n" not in config:
        raise SystemExit("_config.yml: expected `execute_notebooks: force` and the analysis.sphinxext extension")
    config = config.replace("execute_notebooks: force", "execute_notebooks: 'off'")
    # Tables are rendered from their MyST Markdown output (numbered, captioned) for the html builder; the same for
    # singlehtml, or the PDF would show the raw HTML tables without numbers.
    mime = '[["html", "text/markdown", 0]]'
    if mime not in config:
        raise SystemExit(f"_config.yml: expected nb_mime_priority_overrides: {mime}")
    config = config.replace(mime, '[["html", "text/markdown", 0], ["singlehtml", "text/markdown", 0]]')
    config = config.replace("    - analysis.sphinxext\n", "    - analysis.sphinxext\n    - singlehtml_handlers\n")
    shutil.rmtree(SRC, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        stored = Path(tmp) / "_config.yml"
        stored.write_text(config, encoding="utf-8")
        cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--builder", "singlehtml",
               "--path-output", str(SRC), "--config", str(stored), "--warningiserror", "--keep-going"]
        env = {**__import__("os").environ, "PYTHONPATH": str(ROOT / "tools")}
        proc = subprocess.run(cmd, cwd=ROOT, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"singlehtml build failed (exit {proc.returncode}): {' '.join(cmd)}")
    out = SRC / "_build" / "singlehtml"
    page = out / "book" / "index.html"
    if not page.is_file():
        raise SystemExit(f"singlehtml build wrote no {page}")
    # The root document is book/index, but singlehtml writes its links and assets relative to the output root
    # (_static/..., book/index.html#id). The printed copy sits at the root, with in-book links made in-page, so that
    # the PDF's cross-references are internal links.
    printed = out / "print.html"
    printed.write_text(page.read_text(encoding="utf-8").replace('href="book/index.html#', 'href="#'), encoding="utf-8")
    return printed


def print_pdf(page: Path, chromium: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, chromium_sandbox=False)
        try:
            tab = browser.new_page()
            # Only local files: nothing from the network (the theme's MathJax CDN script, unused here, is dropped).
            tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            tab.goto(page.as_uri(), wait_until="load")
            tab.add_style_tag(content=PRINT_CSS)
            tab.emulate_media(media="print")
            tab.evaluate("document.fonts.ready.then(() => true)")
            return tab.pdf(format="A4", print_background=True, display_header_footer=False,
                           prefer_css_page_size=True, outline=True, tagged=True)
        finally:
            browser.close()


def normalise(pdf: bytes) -> bytes:
    """Volatile fields replaced in place by same-length values, so that byte offsets (the xref table) stay valid.

    - Structure element ids of the tagged PDF (``(node00000371)``) number DOM nodes, whose numbering shifts from run
      to run; they are renumbered by rank, which keeps their order (and any sorted id tree) and their length.
    - Creation and modification dates become 2000-01-01; the document id becomes a digest of the rest of the file.
    """
    ids = sorted({int(n) for n in re.findall(rb"\(node(\d{8})\)", pdf)})
    rank = {n: k + 1 for k, n in enumerate(ids)}
    pdf = re.sub(rb"\(node(\d{8})\)", lambda m: b"(node%08d)" % rank[int(m.group(1))], pdf)
    digest = hashlib.sha256(re.sub(rb"\(D:[0-9+\-Z']+\)|<[0-9A-Fa-f]{32}>", b"", pdf)).hexdigest().upper()

    def date(m: re.Match) -> bytes:
        fixed = b"D:20000101000000+00'00'"
        return b"(" + fixed[: len(m.group(1))].ljust(len(m.group(1)), b"0") + b")"

    pdf = re.sub(rb"\((D:[0-9+\-Z']+)\)", date, pdf)
    pdf = re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + digest[:32].encode() + b">", pdf)
    return pdf


def link_from_site(pdf: bytes, pages: int) -> str:
    if not LANDING.is_file():
        return "no HTML book in _build/html: the PDF is not linked (run make book, then make pdf)"
    text = LANDING.read_text(encoding="utf-8")
    # The placeholder, or the link an earlier `make pdf` wrote into the same build.
    slot = re.compile(r'<p id="pdf-edition"( hidden)?>.*?</p>', re.DOTALL)
    if not slot.search(text):
        raise SystemExit(f"{LANDING}: no placeholder {PLACEHOLDER!r} to turn into the PDF link (book/index.md)")
    shutil.copyfile(PDF, HTML / "book.pdf")
    sha = hashlib.sha256(pdf).hexdigest()
    link = (f'<p id="pdf-edition">The whole book as one PDF: <a href="../book.pdf">book.pdf</a> '
            f'({pages} pages, {len(pdf) / 1e6:.1f} MB, SHA-256 <code>{html.escape(sha)}</code>).</p>')
    LANDING.write_text(slot.sub(lambda m: link, text, count=1), encoding="utf-8")
    return f"linked from {LANDING.relative_to(ROOT)} as ../book.pdf"


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def main() -> int:
    chromium, looked_for = find_chromium()
    if chromium is None:
        raise SystemExit(missing_browser_message(looked_for).replace("BROWSER TESTS NOT RUN", "NO PDF"))
    page = build_singlehtml()
    pdf = normalise(print_pdf(page, chromium))
    OUT.mkdir(parents=True, exist_ok=True)
    PDF.write_bytes(pdf)
    pages = page_count(pdf)
    print(f"PDF written: {PDF.relative_to(ROOT)} ({pages} pages, {len(pdf)} bytes, sha256 {hashlib.sha256(pdf).hexdigest()})")
    print(link_from_site(pdf, pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
