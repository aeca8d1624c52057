"""The browser suite's wiring and its browser-free helpers (tests/browser/sitecheck.py), checked without a browser."""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("sitecheck", ROOT / "tests" / "browser" / "sitecheck.py")
sitecheck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sitecheck)


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "index.html").write_text('<!DOCTYPE html><html><body><p id="top">x</p></body></html>')
    (tmp_path / "book" / "a.html").write_text('<html><body><h1 id="intro">A</h1></body></html>')
    (tmp_path / "_static" / "macros.html").write_text("{% macro head() %}{% endmacro %}")
    (tmp_path / "data.zip").write_bytes(b"PK")
    return tmp_path


def test_site_pages_lists_documents_not_template_fragments(site):
    assert sitecheck.site_pages(site) == ["book/a.html", "index.html"]


BASE = "http://127.0.0.1:8000/"


@pytest.mark.parametrize("href, expected", [
    (BASE + "book/a.html#intro", ("book/a.html", "intro")),
    (BASE, ("index.html", "")),
    (BASE + "book/", ("book/index.html", "")),
    (BASE + "book/a%20b.html", ("book/a b.html", "")),
    ("https://example.org/book/a.html", None),
    ("mailto:someone@example.org", None),
    ("http://127.0.0.1:9999/book/a.html", None),
])
def test_target_of(site, href, expected):
    assert sitecheck.target_of(site, BASE, href) == expected


def test_link_problem_accepts_existing_targets(site):
    ids = {"book/a.html": {"intro"}, "index.html": {"top"}}
    assert sitecheck.link_problem(site, "book/a.html", "intro", ids.__getitem__) is None
    assert sitecheck.link_problem(site, "index.html", "", ids.__getitem__) is None
    assert sitecheck.link_problem(site, "data.zip", "", ids.__getitem__) is None


def test_link_problem_names_a_missing_page_and_a_missing_anchor(site):
    ids = {"book/a.html": {"intro"}}
    assert sitecheck.link_problem(site, "book/b.html", "", ids.__getitem__) == "target file book/b.html does not exist"
    assert sitecheck.link_problem(site, "book/a.html", "nowhere", ids.__getitem__) == (
        "no element with id 'nowhere' in book/a.html")
    assert "does not exist" in sitecheck.link_problem(site, "../outside.html", "", ids.__getitem__)


def test_find_chromium_honours_the_override_and_reports_what_it_looked_for(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert sitecheck.find_chromium({"CHROMIUM": str(fake)}) == (str(fake), f"$CHROMIUM={fake}")
    missing = str(tmp_path / "none")
    path, looked_for = sitecheck.find_chromium({"CHROMIUM": missing})
    assert path is None and missing in looked_for
    message = sitecheck.missing_browser_message(looked_for)
    assert missing in message and "apt-get install chromium" in message


@pytest.mark.parametrize("value, expected", [("true", True), ("TRUE", True), ("1", True), ("", False), ("false", False)])
def test_is_ci(value, expected):
    assert sitecheck.is_ci({"CI": value}) is expected


def _run_browser_suite_without_browser(ci: str, site: Path) -> subprocess.CompletedProcess:
    """The axe test of a one-page site (so the result does not depend on whether the book has been built)."""
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("<!DOCTYPE html><html lang='en'><title>t</title><p>t</p></html>", encoding="utf-8")
    env = {**os.environ, "CHROMIUM": "/nonexistent/chromium", "CI": ci, "BROWSER_TEST_SITE": str(site)}
    return subprocess.run([sys.executable, "-m", "pytest", "tests/browser", "-q", "-p", "no:cacheprovider",
                           "-k", "axe"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_missing_browser_skips_loudly_outside_ci(tmp_path):
    proc = _run_browser_suite_without_browser("", tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "skipped" in proc.stdout and "failed" not in proc.stdout
    assert "BROWSER TESTS NOT RUN" in proc.stdout and "/nonexistent/chromium" in proc.stdout
    assert "apt-get install chromium" in proc.stdout


def test_missing_browser_fails_under_ci(tmp_path):
    proc = _run_browser_suite_without_browser("true", tmp_path / "site")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "CI=true: BROWSER TESTS NOT RUN" in proc.stdout


def test_first_pytest_run_ignores_the_browser_suite_and_make_test_runs_it_last():
    """What make test would run (make -n): the browser suite last, after the build from stored outputs."""
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--ignore=tests/browser" in addopts.split()
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    commands = [line for line in dry.replace("\\\n", " ").splitlines() if "python" in line]
    assert "tools/build_book.py --stored" in commands[-2], commands
    assert "-m pytest" in commands[-1] and "tests/browser" in commands[-1].split(), commands
    assert not any("tests/browser" in c.split() for c in commands[:-1]), commands
    dry = subprocess.run(["make", "-n", "browser-test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert [c for c in dry.splitlines() if "python" in c][-1] == commands[-1]