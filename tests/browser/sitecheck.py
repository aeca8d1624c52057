"""Browser-free helpers of the browser suite: the pages of a built site, link resolution and finding Chromium.

They are plain functions, so that ``tests/test_sitecheck.py`` checks them without a browser.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The browser the suite drives: Debian's Chromium. CHROMIUM=/path overrides it.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "apt-get install chromium"
# The parameter a test receives when there is no built book (the test then fails saying so).
NO_BOOK = "<no built book>"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def find_chromium(environ: dict[str, str] | None = None) -> tuple[str | None, str]:
    """(path or None, what was looked for): $CHROMIUM if set, else /usr/bin/chromium, else `chromium` on PATH."""
    env = os.environ if environ is None else environ
    wanted = env.get("CHROMIUM")
    if wanted:
        return (wanted if os.access(wanted, os.X_OK) else None), f"$CHROMIUM={wanted}"
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, DEFAULT_CHROMIUM
    return shutil.which("chromium"), f"{DEFAULT_CHROMIUM} or `chromium` on PATH"


def missing_browser_message(looked_for: str) -> str:
    return (f"BROWSER TESTS NOT RUN: no Chromium found (looked for {looked_for}). "
            f"Install Debian's Chromium with `{INSTALL_HINT}` (as root), or set CHROMIUM=/path/to/chromium.")


def is_ci(environ: dict[str, str] | None = None) -> bool:
    """CI=true (any case, or 1) makes a missing browser a failure instead of a skip."""
    env = os.environ if environ is None else environ
    return env.get("CI", "").strip().lower() in {"true", "1", "yes"}


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site, as sorted POSIX paths relative to ``root``.

    A page is a ``.html`` file that is a document (it has an ``<html`` element): the theme also copies Jinja macro
    files named ``*.html`` into ``_static/``, which no reader opens.
    """
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if p.is_file() and "_sources" not in p.relative_to(root).parts
                  and "<html" in p.read_text(encoding="utf-8", errors="replace")[:4096].lower())


def target_of(root: Path, base_url: str, href: str) -> tuple[str, str] | None:
    """For a link resolved by the browser to ``href``: (relative path of the file it names, fragment).

    None when the link leaves the site (another origin or scheme, mailto:, javascript:).
    A path ending in ``/`` names its ``index.html``.
    """
    base, link = urlsplit(base_url), urlsplit(href)
    if (link.scheme, link.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(link.path)
    prefix = base.path.rstrip("/") + "/"
    if not path.startswith(prefix) and path != base.path.rstrip("/"):
        return None
    rel = path[len(prefix):] if path.startswith(prefix) else ""
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel, unquote(link.fragment)


def link_problem(root: Path, rel: str, fragment: str, ids_of) -> str | None:
    """Why a link to ``rel#fragment`` does not resolve in the site at ``root``, or None when it does.

    ``ids_of(rel)`` returns the set of ids (and ``<a name>`` values) of the page ``rel``; it is called only when the
    link has a fragment and its target is an HTML page.
    """
    target = root / rel
    if ".." in Path(rel).parts or not target.is_file():
        return f"target file {rel} does not exist"
    if not fragment or fragment.startswith(":~:"):
        return None
    if not rel.endswith(".html"):
        return None
    if fragment not in ids_of(rel):
        return f"no element with id {fragment!r} in {rel}"
    return None
