"""The book configuration: strict build flags, table of contents complete, nothing orphaned."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


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


def test_book_target_builds_strictly():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\.SHELLFLAGS := -eo pipefail -c$", make, re.MULTILINE), "Makefile recipes must run under set -eo pipefail"
    build = [line for line in make.splitlines() if "jupyter-book build" in line]
    assert build and all(f in build[0] for f in ("--warningiserror", "--nitpick", "--keep-going")), build


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


def test_book_is_built_fresh_and_published_only_on_success():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = make.split("\nbook: ")[1].split("\n\n")[0]
    lines = [l.strip() for l in recipe.splitlines()]
    staging = next(i for i, l in enumerate(lines) if l.startswith("rm -rf _build/.staging"))
    build = next(i for i, l in enumerate(lines) if "jupyter-book build" in l)
    publish = next(i for i, l in enumerate(lines) if "mv _build/.staging/_build/html _build/html" in l)
    assert staging < build < publish, "the build must start from an empty staging folder and publish only after success"
    assert "--path-output _build/.staging" in lines[build]
