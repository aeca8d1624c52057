"""Build the HTML book strictly, publish it only on success, and skip the build when no input changed.

Usage: python tools/build_book.py [--stored]

- The inputs of the book are every file under ``book/``, ``data/``, ``analysis/``, ``tools/`` and ``_static/``, plus
  ``_config.yml``, ``_toc.yml``, ``requirements.lock``, ``pyproject.toml`` and the commit of the checkout. Their
  SHA-256 is the build key. When ``_build/html/.build-key`` holds the same key, the book is up to date and nothing
  runs, so outputs never lag behind the notebooks, the data, the code or the lock file.
- Otherwise the data are validated, the case chapters written from the template (``tools/chapters.py``), and the
  book built with warnings as errors into a staging folder, which replaces ``_build/html`` only when the build
  succeeds.
- ``--stored`` builds from the outputs stored in the notebooks instead of executing them again. ``make test`` uses
  it right after nbval has checked that every stored output equals a fresh execution, so each notebook executes
  once per test run and the book shows exactly what nbval checked.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from downloads import build_downloads  # tools/downloads.py: the site's downloads and their manifest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
KEY_FILE = HTML / ".build-key"
TREES = ("book", "data", "analysis", "tools", "_static", "_templates")
FILES = ("_config.yml", "_toc.yml", "requirements.lock", "pyproject.toml")
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".pytest_cache"}


def build_key(mode: str, root: Path = ROOT) -> str:
    """SHA-256 over the relative path and bytes of every input file, the commit and the build mode."""
    h = hashlib.sha256(mode.encode())
    paths = [root / f for f in FILES if (root / f).is_file()]
    paths += [p for t in TREES for p in (root / t).rglob("*") if p.is_file()]
    for p in sorted(paths):
        if SKIP_PARTS & set(p.parts):
            continue
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    except OSError:
        head = ""
    h.update(head.encode())
    return h.hexdigest()


def build_command(python: str, staging: Path) -> list[str]:
    """The strict Jupyter Book build: warnings are errors, references are checked, every problem is reported."""
    return [str(Path(python).parent / "jupyter-book"), "build", ".", "--path-output", str(staging),
            "--warningiserror", "--nitpick", "--keep-going"]


def run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(proc.returncode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", action="store_true", help="use the outputs stored in the notebooks (after nbval)")
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
    build_downloads(ROOT, BUILD / "downloads")
    staging = BUILD / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    cmd = build_command(py, staging)
    with tempfile.TemporaryDirectory() as tmp:
        if args.stored:
            config = (ROOT / "_config.yml").read_text(encoding="utf-8")
            if "execute_notebooks: force" not in config:
                raise SystemExit("_config.yml does not set execute_notebooks: force; cannot switch to stored outputs")
            stored = Path(tmp) / "_config.yml"
            stored.write_text(config.replace("execute_notebooks: force", "execute_notebooks: 'off'"), encoding="utf-8")
            cmd += ["--config", str(stored)]
        run(cmd)
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
