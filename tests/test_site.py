"""The published site: downloads, readable sources tables, unique ids, page metadata, favicon and page weight.

The tests on the built HTML read ``_build/html`` and skip, saying so, when the book has not been built.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from analysis import book, sphinxsite

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


def _downloads_module():
    spec = importlib.util.spec_from_file_location("downloads", ROOT / "tools" / "downloads.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("downloads", mod)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- downloads (the function)

def test_downloads_are_deterministic_and_complete(tmp_path):
    dl = _downloads_module()
    first = dl.build_downloads(ROOT, tmp_path / "a")
    second = dl.build_downloads(ROOT, tmp_path / "b")
    assert first == second
    for item in first:
        data = (tmp_path / "a" / item["path"].removeprefix("downloads/")).read_bytes()
        assert len(data) == item["bytes"] and hashlib.sha256(data).hexdigest() == item["sha256"]
    kinds = Counter(i["kind"] for i in first)
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {p for r in package["resources"] for p in ([r["path"]] if isinstance(r["path"], str) else r["path"])}
    assert {i["name"] for i in first if i["kind"] == "tables"} == paths
    assert kinds["notebooks"] == len(list((ROOT / "book").rglob("*.ipynb")) ) - len(list((ROOT / "book").rglob(".ipynb_checkpoints/*.ipynb")))
    assert kinds["data"] == 1
    with zipfile.ZipFile(tmp_path / "a" / "compendium-data.zip") as zf:
        names = zf.namelist()
        assert "data/datapackage.json" in names and names == sorted(names)
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if head:
        assert kinds["source"] == 1
        manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
        assert manifest["commit"] == head


def test_downloads_outside_a_git_checkout_leave_out_the_source_archive(tmp_path):
    dl = _downloads_module()
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "book").mkdir()
    (root / "data" / "t.csv").write_text("a\n1\n")
    (root / "data" / "datapackage.json").write_text(json.dumps({"resources": [{"name": "t", "path": "t.csv"}]}))
    (root / "book" / "c.ipynb").write_text("{}")
    items = dl.build_downloads(root, tmp_path / "out")
    assert sorted(i["kind"] for i in items) == ["data", "notebooks", "tables"]
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["commit"] is None


def test_downloads_name_the_descriptor_when_a_table_is_missing(tmp_path):
    dl = _downloads_module()
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "data" / "datapackage.json").write_text(json.dumps({"resources": [{"name": "t", "path": "gone.csv"}]}))
    with pytest.raises(SystemExit, match=r"datapackage.json: resource 't' names gone.csv"):
        dl.build_downloads(root, tmp_path / "out")


# ---------------------------------------------------------------- sources tables

@pytest.mark.parametrize("case_id", ["hefei-brt-shelter-collapse", "xinfeng-lianxi-care-centre", None])
def test_sources_table_headers_are_readable(case_id):
    frame = (book.case_sources(case_id) if case_id else book.context_sources_table()).frame
    assert list(frame.columns) == ["Source", "Outlet", "Title", "Date", "Link", "Repost or mirror", "Origin"]
    for col in frame.columns:
        assert "_" not in col and col[0].isupper(), col
    links = [v for v in frame["Link"] if v]
    assert links and all(re.fullmatch(r'<a href="[^"]+" title="[^"]+">[a-z0-9.-]+</a>', v) for v in links)


def test_short_link_text_is_the_domain():
    assert book.short_link("http://www.Example.org/x?y=1").endswith(">example.org</a>")
    assert book.short_link(None) == "" and book.short_link("") == ""


# ---------------------------------------------------------------- site helpers

def test_description_is_cut_at_a_word():
    text = "word " * 100
    out = sphinxsite.description_from_text(text, limit=50)
    assert len(out) <= 50 and out.endswith("word…")


def test_content_ids_are_unique():
    taken = {"ex-1-content"}
    assert sphinxsite.unique_content_ids(taken, "ex-1", "exercise") == "ex-1-content-2"
    assert sphinxsite.unique_content_ids(taken, "", "solution") == "solution-content"


# ---------------------------------------------------------------- the built site

def _pages():
    if not (HTML / "index.html").is_file():
        pytest.skip("_build/html is absent: run `make book` to test the built site")
    pages = [p for p in HTML.rglob("*.html") if not {"_static", "_sources", "downloads"} & set(p.relative_to(HTML).parts)]
    # Jupyter Book's root index.html only redirects to book/index.html.
    return sorted(p for p in pages if 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:200])


def test_no_page_repeats_an_id():
    for page in _pages():
        ids = Counter(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        dup = sorted(i for i, n in ids.items() if n > 1)
        assert not dup, f"{page.relative_to(HTML)}: duplicate ids {dup[:10]}"


def test_every_page_has_a_distinct_description_and_a_favicon():
    seen = {}
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        m = re.findall(r'<meta name="description" content="([^"]*)"', text)
        assert len(m) == 1 and len(m[0]) >= 20, f"{page.relative_to(HTML)}: meta description {m}"
        assert m[0] not in seen, f"{page.relative_to(HTML)} and {seen.get(m[0])} share the description {m[0]!r}"
        seen[m[0]] = page.relative_to(HTML)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
        assert icon, f"{page.relative_to(HTML)}: no favicon link"
        assert (page.parent / icon.group(1).split("?")[0]).resolve().is_file(), icon.group(1)


def test_pages_do_not_load_the_icon_script_or_the_search_index():
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, page
        if page.name != "search.html":
            assert "searchindex.js" not in text, page


def test_pages_without_design_components_do_not_load_sphinx_design():
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        if not re.search(r'class="(?:[^"]*\s)?sd-', text):
            assert "sphinx-design.min.css" not in text and "design-tabs.js" not in text, page


def test_pages_do_not_load_thebe_when_it_is_off():
    assert "thebe: false" in (ROOT / "_config.yml").read_text(encoding="utf-8")
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        assert "THEBE_JS_URL" not in text and "sphinx-thebe" not in text, page


def test_bibliography_items_are_list_items():
    text = (HTML / "book" / "bibliography.html").read_text(encoding="utf-8") if _pages() else ""
    assert 'role="doc-biblioentry"' not in text
    assert 'role="list"' in text and 'role="listitem"' in text


def test_downloads_exist_and_their_checksums_are_shown():
    _pages()
    manifest = json.loads((HTML / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    repro = (HTML / "book" / "reproducibility.html").read_text(encoding="utf-8")
    dictionary = (HTML / "book" / "data-dictionary.html").read_text(encoding="utf-8")
    assert manifest["files"], "no downloads in the build"
    for item in manifest["files"]:
        data = (HTML / item["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"], item["path"]
        if item["kind"] == "tables":
            assert f'href="../{item["path"]}"' in dictionary, item["path"]
        else:
            assert f'href="../{item["path"]}"' in repro, item["path"]
            assert item["sha256"] in repro, item["path"]


def test_downloads_folder_is_found_from_a_staging_copy(tmp_path, monkeypatch):
    """A book rendered from a staging copy of the sources finds the manifest in the build's working folder."""
    (tmp_path / "_build" / "downloads").mkdir(parents=True)
    (tmp_path / "_build" / "downloads" / "manifest.json").write_text('{"commit": null, "files": []}')
    staging = tmp_path / "_build" / ".src"
    staging.mkdir()
    monkeypatch.chdir(tmp_path)
    assert sphinxsite.downloads_dir(staging, "_build/downloads") == tmp_path / "_build" / "downloads"
    monkeypatch.chdir(staging)
    with pytest.raises(FileNotFoundError, match="manifest.json: no downloads manifest"):
        sphinxsite.read_manifest(sphinxsite.downloads_dir(staging, "_build/downloads"))
