"""Fixtures of the browser suite: the built book served over HTTP, and Debian's Chromium driven by Playwright.

- The site is ``_build/html`` (``make test`` builds it just before this suite runs). It is served by a local
  ``http.server`` thread on a free port rather than opened from ``file://``: a reader meets the book on a web host,
  the browser applies its same-origin rules to HTTP pages (scripts, fonts and fetches behave as they do online), and
  every page has one URL from which links resolve exactly as they do for that reader.
- The browser is the system Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``), launched by Playwright with
  ``executable_path``: no browser is ever downloaded (``playwright install`` is never run).
- No Chromium: the suite says so loudly and skips only these tests; with ``CI=true`` it fails instead.
"""
from __future__ import annotations

import functools
import os
import http.server
import threading
from pathlib import Path

import pytest

from sitecheck import DESKTOP, NO_BOOK, PHONE, find_chromium, is_ci, missing_browser_message, site_pages

ROOT = Path(__file__).resolve().parents[2]
# BROWSER_TEST_SITE=/path checks another build (for example a throwaway one); the default is the book of `make book`.
SITE = Path(os.environ.get("BROWSER_TEST_SITE") or ROOT / "_build" / "html").resolve()
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

CHROMIUM, LOOKED_FOR = find_chromium()


def pytest_report_header(config):
    if CHROMIUM is None:
        return [missing_browser_message(LOOKED_FOR)]
    return [f"browser suite: Chromium at {CHROMIUM}, site {SITE}"]


def pytest_terminal_summary(terminalreporter):
    if CHROMIUM is None:
        bar = "!" * 100
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(missing_browser_message(LOOKED_FOR), red=True, bold=True)
        if is_ci():
            terminalreporter.write_line("CI=true: a missing browser is a failure.", red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)


def pytest_generate_tests(metafunc):
    """Every test that takes ``page`` runs once per HTML page of the built book."""
    if "page" in metafunc.fixturenames:
        pages = site_pages(SITE) if (SITE / "index.html").is_file() else []
        metafunc.parametrize("page", pages or [NO_BOOK])


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built book at {SITE}/index.html: run `make book` (or `make test`) first", pytrace=False)
    return SITE


@pytest.fixture(scope="session", autouse=True)
def chromium() -> str:
    """Checked before anything else, so that without a browser every test of this suite skips (or fails under CI)."""
    if CHROMIUM is None:
        message = missing_browser_message(LOOKED_FOR)
        if is_ci():
            pytest.fail("CI=true: " + message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The site served on 127.0.0.1 at a free port, for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # No sandbox: CI runs as root, where Chromium's sandbox cannot start.
        b = pw.chromium.launch(executable_path=chromium, headless=True, chromium_sandbox=False)
        yield b
        b.close()


@pytest.fixture(scope="session")
def desktop(browser):
    """One desktop-width browser context for the whole session (pages are opened and closed per test)."""
    ctx = browser.new_context(viewport=DESKTOP)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def page_facts(desktop, base_url):
    """facts(rel) -> {"ids": set, "links": [(tag, attr, url)]} of a page at desktop width, loaded once and cached."""
    cache: dict[str, dict] = {}

    def facts(rel: str) -> dict:
        if rel not in cache:
            tab = desktop.new_page()
            try:
                tab.goto(base_url + rel, wait_until="load")
                cache[rel] = tab.evaluate(COLLECT_JS)
                cache[rel]["ids"] = set(cache[rel]["ids"])
            finally:
                tab.close()
        return cache[rel]

    return facts


# Ids and <a name> anchors of the page after its scripts ran, and every URL the page links to or loads
# (as the browser resolved it).
COLLECT_JS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id)
    .concat([...document.querySelectorAll('a[name]')].map(e => e.getAttribute('name')));
  const links = [];
  const add = (sel, attr) => document.querySelectorAll(sel).forEach(e => {
    const url = e[attr];
    if (typeof url === 'string' && url) links.push([e.tagName.toLowerCase(), attr, url, e.getAttribute(attr)]);
  });
  add('a[href]', 'href'); add('area[href]', 'href'); add('link[href]', 'href');
  add('img[src]', 'src'); add('script[src]', 'src'); add('source[src]', 'src'); add('iframe[src]', 'src');
  return {ids, links};
}"""
