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
    cmd = build_book.build_command("/venv/bin/python", Path("/tmp/src"), Path("/tmp/staging"))
    assert cmd[:3] == ["/venv/bin/jupyter-book", "build", "/tmp/src"]
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
    monkeypatch.setattr(build_book, "execute_stale", lambda notebooks, jobs: {})
    monkeypatch.setattr(build_book, "build_downloads", lambda root, out: [])
    monkeypatch.setattr(build_book, "stage_sources", lambda executed, staging: staging)
    with pytest.raises(SystemExit):
        build_book.main([])
    assert (html / "index.html").read_text(encoding="utf-8") == "previous book"
    assert not (html / ".build-key").exists() and any("jupyter-book" in c[0] for c in calls)


def test_a_notebook_executes_again_only_when_something_it_read_changed(tmp_path, monkeypatch):
    """The per-notebook cache: reused while its cells, the code and the data files it read are unchanged."""
    import nbformat
    (tmp_path / "book").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "read.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "data" / "other.csv").write_text("b\n2\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(open('../data/read.csv').read().split()[1])")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "book" / "a.ipynb")
    monkeypatch.setattr(build_book, "CACHE", tmp_path / "cache")

    def run_once():
        out = build_book.execute_stale(["book/a.ipynb"], 1, tmp_path)
        return nbformat.read(out["book/a.ipynb"], as_version=4).cells[0].outputs[0]["text"].strip()

    assert run_once() == "1"
    record = next((tmp_path / "cache").glob("*.json")).read_text(encoding="utf-8")
    assert '"read.csv"' in record and "other.csv" not in record        # what it read, and only that
    code = build_book.code_key(tmp_path)
    assert build_book.cached("book/a.ipynb", code, tmp_path) is not None
    (tmp_path / "data" / "other.csv").write_text("b\n3\n", encoding="utf-8")
    assert build_book.cached("book/a.ipynb", code, tmp_path) is not None  # a file it did not read
    (tmp_path / "data" / "read.csv").write_text("a\n5\n", encoding="utf-8")
    assert build_book.cached("book/a.ipynb", code, tmp_path) is None      # a file it read
    assert run_once() == "5"
    assert build_book.cached("book/a.ipynb", "other code", tmp_path) is None
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="stale\n")]
    nbformat.write(nb, tmp_path / "book" / "a.ipynb")                    # outputs are not inputs
    assert build_book.cached("book/a.ipynb", code, tmp_path) is not None
    nb.cells[0].source += "  # changed"
    nbformat.write(nb, tmp_path / "book" / "a.ipynb")
    assert build_book.cached("book/a.ipynb", code, tmp_path) is None


def test_staged_sources_carry_the_executed_notebooks_and_switch_execution_off(tmp_path):
    root = tmp_path / "root"
    (root / "book").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "book" / "a.ipynb").write_text("stored", encoding="utf-8")
    (root / "book" / "b.md").write_text("# B", encoding="utf-8")
    (root / "_config.yml").write_text("execute:\n  execute_notebooks: force\n", encoding="utf-8")
    executed = tmp_path / "a-executed.ipynb"
    executed.write_text("executed", encoding="utf-8")
    src = build_book.stage_sources({"book/a.ipynb": executed}, tmp_path / "src", root)
    assert (src / "book" / "a.ipynb").read_text(encoding="utf-8") == "executed"
    assert (src / "book" / "b.md").read_text(encoding="utf-8") == "# B"
    assert (root / "book" / "a.ipynb").read_text(encoding="utf-8") == "stored"          # sources untouched
    assert "execute_notebooks: 'off'" in (src / "_config.yml").read_text(encoding="utf-8")
    assert (src / "data").resolve() == (root / "data").resolve()
