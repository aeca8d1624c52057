"""The book configuration: strict build flags, table of contents complete, nothing orphaned."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_book  # noqa: E402


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            files.append(ch["file"])
            files += [s["file"] for s in ch.get("sections", [])]
    return files


def test_toc_entries_exist():
    missing = [f for f in toc_files() if not any((ROOT / f"{f}{ext}").is_file() for ext in (".md", ".ipynb"))]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_book_page_is_in_the_toc():
    listed = set(toc_files())
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").rglob("*") if p.suffix in (".md", ".ipynb")
             and ".ipynb_checkpoints" not in p.parts and "narratives" not in p.parts}   # narratives are included
    assert not (pages - listed), f"pages not in _toc.yml (they would not be built): {sorted(pages - listed)}"


def test_no_page_exists_in_two_formats():
    stems = [p.with_suffix("") for p in (ROOT / "book").rglob("*") if p.suffix in (".md", ".ipynb")]
    dup = sorted({str(s) for s in stems if stems.count(s) > 1})
    assert not dup, f"pages with both .md and .ipynb: {dup}"


def test_book_is_built_strictly():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\.SHELLFLAGS := -eo pipefail -c$", make, re.MULTILINE), "Makefile recipes must run under set -eo pipefail"
    cmd = build_book.build_command("/venv/bin/python", Path("/tmp/staging"))
    assert cmd[:3] == ["/venv/bin/jupyter-book", "build", "."]
    assert all(f in cmd for f in ("--warningiserror", "--nitpick", "--keep-going"))


def test_config_reexecutes_notebooks_and_fails_on_errors():
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["execute"]["execute_notebooks"] == "force", "stale outputs could be published"
    assert cfg["execute"]["allow_errors"] is False
    assert cfg["only_build_toc_files"] is True


def test_no_placeholder_text_in_the_book():
    bad = re.compile(r"\b(TODO|TBD|FIXME|lorem ipsum|to be written|placeholder)\b|<!-- CELL", re.IGNORECASE)
    hits = []
    for p in (ROOT / "book").rglob("*"):
        if p.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in p.parts:
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if bad.search(line):
                    hits.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()[:80]}")
    assert not hits, "placeholder text:\n" + "\n".join(hits)


def test_build_key_covers_every_input(tmp_path):
    """The book is rebuilt when a notebook, a data file, the code, the lock file or the mode changes, and only then."""
    for tree in build_book.TREES:
        (tmp_path / tree).mkdir()
    (tmp_path / "book" / "a.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "data" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "requirements.lock").write_text("pandas==1\n", encoding="utf-8")
    key = build_book.build_key("execute", tmp_path)
    assert build_book.build_key("execute", tmp_path) == key
    assert build_book.build_key("stored", tmp_path) != key
    for path, text in (("data/x.csv", "a\n2\n"), ("book/a.ipynb", "{ }"), ("requirements.lock", "pandas==2\n"),
                       ("analysis/new.py", "x = 1\n")):
        (tmp_path / path).write_text(text, encoding="utf-8")
        new = build_book.build_key("execute", tmp_path)
        assert new != key, path
        key = new
    (tmp_path / "book" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "book" / ".ipynb_checkpoints" / "a.ipynb").write_text("{}", encoding="utf-8")
    assert build_book.build_key("execute", tmp_path) == key          # editor checkpoints are not inputs


def test_a_failed_build_publishes_nothing(tmp_path, monkeypatch):
    html = tmp_path / "_build" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text("previous book", encoding="utf-8")
    monkeypatch.setattr(build_book, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(build_book, "HTML", html)
    monkeypatch.setattr(build_book, "KEY_FILE", html / ".build-key")
    calls = []

    def fake_run(cmd):
        calls.append(cmd)
        if "jupyter-book" in cmd[0]:
            raise SystemExit(1)
    monkeypatch.setattr(build_book, "run", fake_run)
    with pytest.raises(SystemExit):
        build_book.main([])
    assert (html / "index.html").read_text(encoding="utf-8") == "previous book"
    assert not (html / ".build-key").exists() and any("jupyter-book" in c[0] for c in calls)
