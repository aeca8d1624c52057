"""Build the HTML book strictly, publish it only on success, and redo only the work whose inputs changed.

Usage: python tools/build_book.py [--stored] [--jobs N]

Three levels of reuse, each keyed on content, never on time stamps, so outputs never lag behind their inputs:

1. The whole book. Its inputs are every file under ``book/``, ``data/``, ``analysis/``, ``tools/`` and ``_static/``,
   plus ``_config.yml``, ``_toc.yml``, ``requirements.lock``, ``pyproject.toml`` and the commit of the checkout.
   When ``_build/html/.build-key`` holds their SHA-256, the book is up to date and nothing runs.
2. Each notebook. Executed in a fresh kernel, several at once (one per core), and kept in ``_build/.cache/notebooks``
   with a record of its inputs: its cells, the code (``analysis/``, the lock file, the package metadata, the
   executor) and every file and folder under ``data/`` that the run read (seen by an audit hook in the kernel:
   ``tools/execute_notebooks.py``). A notebook executes again only when one of those changed, so editing one case's
   facts re-executes that case's chapter and the chapters that read every case, not the others.
3. The rendering. Sphinx renders every page again on each build (about a quarter of a clean build), because the
   project's extension fills in values from the data (``{datum}``, ``{finding}``, the marks on fact ids).

Before anything executes, the data are validated and the case chapters written from the template
(``tools/chapters.py``). The book is rendered with warnings as errors from a staging copy of the sources that holds
the executed notebooks, into a staging folder that replaces ``_build/html`` only when the build succeeds.

``--stored`` renders the outputs stored in the notebooks instead of executing them. ``make test`` uses it right
after nbval has checked that every stored output equals a fresh execution, so each notebook executes once per test
run and the book shows exactly what nbval checked.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
KEY_FILE = HTML / ".build-key"
CACHE = BUILD / ".cache" / "notebooks"
TREES = ("book", "data", "analysis", "tools", "_static", "_templates", "teaching")
FILES = ("_config.yml", "_toc.yml", "requirements.lock", "pyproject.toml")
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".pytest_cache"}
#: What every notebook's outputs depend on besides its cells and the data it reads.
CODE_INPUTS = ("analysis", "requirements.lock", "pyproject.toml", "tools/execute_notebooks.py")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import execute_notebooks  # noqa: E402
from downloads import build_downloads  # noqa: E402  (tools/downloads.py: the site's downloads and their manifest)


def _files(root: Path, names) -> list[Path]:
    out = []
    for name in names:
        p = root / name
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            out += [q for q in p.rglob("*") if q.is_file() and not SKIP_PARTS & set(q.parts)]
    return sorted(out)


def _digest(root: Path, paths: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def build_key(mode: str, root: Path = ROOT) -> str:
    """SHA-256 over the relative path and bytes of every input file, the commit and the build mode."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    except OSError:
        head = ""
    return _digest(root, _files(root, FILES + TREES), mode + "\0" + head)


def code_key(root: Path = ROOT) -> str:
    """SHA-256 of the code every notebook runs: a change here re-executes every notebook."""
    return _digest(root, _files(root, CODE_INPUTS))


def cells_key(path: Path) -> str:
    """SHA-256 of a notebook's cells (type and source) and kernel: its outputs and metadata are not inputs."""
    nb = nbformat.read(path, as_version=4)
    cells = [(c.cell_type, c.source) for c in nb.cells]
    return hashlib.sha256(json.dumps([cells, nb.metadata.get("kernelspec", {})], sort_keys=True).encode()).hexdigest()


def read_digest(data: Path, kind: str, rel: str) -> str:
    """The current state of one thing a notebook read: a file's SHA-256, or a folder's sorted list of names."""
    p = data / rel
    if kind == "file":
        return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "missing"
    return hashlib.sha256("\0".join(sorted(os.listdir(p))).encode()).hexdigest() if p.is_dir() else "missing"


def _cache_paths(rel: str) -> tuple[Path, Path]:
    stem = rel.replace("/", "__")
    return CACHE / f"{stem}.json", CACHE / f"{stem}.ipynb"


def cached(rel: str, code: str, root: Path = ROOT) -> Path | None:
    """The cached execution of notebook ``rel`` if none of its inputs changed since, else None."""
    record_path, nb_path = _cache_paths(rel)
    if not (record_path.is_file() and nb_path.is_file()):
        return None
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if record.get("code") != code or record.get("cells") != cells_key(root / rel):
        return None
    data = root / "data"
    if any(read_digest(data, kind, p) != digest for kind, p, digest in record["reads"]):
        return None
    return nb_path


def _execute_one(args: tuple[str, str, str]) -> tuple[str, float]:
    rel, code, root = args
    root_path = Path(root)
    nb, seconds, reads = execute_notebooks.execute(root_path / rel, trace_root=root_path / "data")
    data = root_path / "data"
    record = {"notebook": rel, "code": code, "cells": cells_key(root_path / rel),
              "reads": [[kind, p, read_digest(data, kind, p)] for kind, p in reads]}
    record_path, nb_path = _cache_paths(rel)
    nbformat.write(nb, nb_path)
    record_path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return rel, seconds


def execute_stale(notebooks: list[str], jobs: int, root: Path = ROOT) -> dict[str, Path]:
    """Execute the notebooks whose inputs changed, ``jobs`` at a time; return every notebook's executed file."""
    CACHE.mkdir(parents=True, exist_ok=True)
    code = code_key(root)
    out = {rel: cached(rel, code, root) for rel in notebooks}
    stale = [rel for rel, path in out.items() if path is None]
    print(f"notebooks: {len(notebooks) - len(stale)} unchanged, {len(stale)} to execute"
          + (f" ({min(jobs, len(stale))} at a time)" if stale else ""))
    start = time.perf_counter()
    if stale:
        work = [(rel, code, str(root)) for rel in stale]
        if jobs == 1 or len(stale) == 1:
            results = map(_execute_one, work)
        else:
            pool = ProcessPoolExecutor(max_workers=min(jobs, len(stale)))
            results = pool.map(_execute_one, work)
        for rel, seconds in results:
            print(f"  executed {rel} in {seconds:.1f} s")
            out[rel] = _cache_paths(rel)[1]
        print(f"  {len(stale)} notebook(s) in {time.perf_counter() - start:.1f} s")
    return out


def book_notebooks(root: Path = ROOT) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "book").rglob("*.ipynb")
                  if not SKIP_PARTS & set(p.parts))


def stage_sources(executed: dict[str, Path], staging: Path, root: Path = ROOT) -> Path:
    """A copy of the book's sources in which every notebook carries the outputs to render.

    ``book/`` is copied (with the executed notebooks in place), every other top-level entry is linked, and the
    configuration switches execution off, since the outputs are already in the notebooks.
    """
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for entry in sorted(root.iterdir()):
        if entry.name in {"book", "_build", ".git", ".venv", "_config.yml"}:
            continue
        (staging / entry.name).symlink_to(entry)
    shutil.copytree(root / "book", staging / "book", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for rel, path in executed.items():
        if path != root / rel:
            shutil.copyfile(path, staging / rel)
    config = (root / "_config.yml").read_text(encoding="utf-8")
    if "execute_notebooks: force" not in config:
        raise SystemExit("_config.yml does not set execute_notebooks: force; cannot switch to stored outputs")
    (staging / "_config.yml").write_text(config.replace("execute_notebooks: force", "execute_notebooks: 'off'"),
                                         encoding="utf-8")
    return staging


def build_command(python: str, source: Path, output: Path) -> list[str]:
    """The strict Jupyter Book build: warnings are errors, references are checked, every problem is reported."""
    return [str(Path(python).parent / "jupyter-book"), "build", str(source), "--path-output", str(output),
            "--warningiserror", "--nitpick", "--keep-going"]


def run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(proc.returncode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", action="store_true", help="use the outputs stored in the notebooks (after nbval)")
    parser.add_argument("--jobs", type=int, default=execute_notebooks.default_jobs(),
                        help="notebooks executed at once (default: one per core)")
    args = parser.parse_args(argv)
    mode = "stored" if args.stored else "execute"
    key = build_key(mode)
    if KEY_FILE.is_file() and KEY_FILE.read_text().strip() == key:
        print("Book up to date: no input changed since the last build (_build/html/index.html)")
        return 0
    py = sys.executable
    run([py, "-m", "analysis", "validate"])
    run([py, "tools/chapters.py"])
    key = build_key(mode)                     # the chapters step may have written new chapters
    notebooks = book_notebooks()
    if args.stored:
        executed = {rel: ROOT / rel for rel in notebooks}
    else:
        from analysis import load
        os.environ[load.PREVALIDATED_ENV] = load.fingerprint_digest()   # just validated: kernels need not re-read
        executed = execute_stale(notebooks, args.jobs)
    build_downloads(ROOT, BUILD / "downloads")
    staging = BUILD / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    source = stage_sources(executed, BUILD / ".src")
    start = time.perf_counter()
    run(build_command(py, source, staging))
    print(f"rendered in {time.perf_counter() - start:.1f} s")
    shutil.rmtree(HTML, ignore_errors=True)
    HTML.parent.mkdir(exist_ok=True)
    shutil.move(str(staging / "_build" / "html"), str(HTML))
    shutil.rmtree(staging, ignore_errors=True)
    KEY_FILE.write_text(key + "\n")
    print("Book built: open _build/html/index.html")
    stale = subprocess.run([py, "-m", "analysis", "findings"], cwd=ROOT, capture_output=True, text=True)
    if stale.returncode != 0:
        print("note: some registered findings no longer hold for the current data; they are marked in red in the book. "
              "`make findings` lists them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
