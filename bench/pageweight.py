"""Page weight and Lighthouse scores of every page of the built book, against the default Jupyter Book template.

Usage: python bench/pageweight.py [--book _build/html] [--only PAGE ...]   (``make bench-pages``)

- The book is ``_build/html`` (``make bench-pages`` builds it from stored outputs first). The template is made by
  ``jupyter-book create`` in a temporary folder and built with ``jupyter-book build``, in the same run, with the same
  Jupyter Book as the book.
- Each site is served by a local ``http.server`` thread (no compression, so transferred bytes equal the bytes of the
  files plus headers). Every HTML page (not the redirect stubs) is measured by Lighthouse (``bench/package.json``
  pins it; ``npm ci`` installs it into ``bench/node_modules``) driving Debian's Chromium (``CHROME_PATH``), with
  Lighthouse's defaults: mobile form factor, simulated throttling, categories performance and accessibility.
- Per page: transferred bytes (Lighthouse's ``total-byte-weight``), number of requests, performance and
  accessibility scores (0-100). Written to ``bench/results/pages.json`` and printed as a table.

Timing-dependent scores (performance) vary from run to run and machine to machine: this is a measurement, never a
test, and nothing asserts on it.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
RESULTS = BENCH / "results" / "pages.json"
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from sitecheck import find_chromium, missing_browser_message, site_pages  # noqa: E402


def ensure_lighthouse() -> str:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=BENCH, check=True)
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True)
    return version.stdout.strip()


def is_redirect_stub(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    return 'http-equiv="Refresh"' in text and len(text) < 1000


class Served:
    """A folder served on 127.0.0.1 at a free port while the block runs."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def lighthouse(url: str, chromium: str) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium}
    cmd = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
           "--only-categories=performance,accessibility",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    audits, cats = report["audits"], report["categories"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    score = lambda c: None if cats[c]["score"] is None else round(cats[c]["score"] * 100)  # noqa: E731
    return {
        "transfer_bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "failed_accessibility_audits": sorted(
            ref["id"] for ref in cats["accessibility"]["auditRefs"]
            if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") not in (None, 1)),
    }


def measure_site(name: str, folder: Path, chromium: str, only: list[str] | None) -> list[dict]:
    pages = [p for p in site_pages(folder) if not is_redirect_stub(folder / p)]
    if only:
        pages = [p for p in pages if p in only]
    rows = []
    with Served(folder) as base:
        for page in pages:
            print(f"  {name}: {page}", file=sys.stderr, flush=True)
            rows.append({"site": name, "page": page, **lighthouse(base + page, chromium)})
    return rows


def build_template(tmp: Path) -> Path:
    jb = str(Path(sys.executable).parent / "jupyter-book")
    subprocess.run([jb, "create", str(tmp / "template")], check=True, capture_output=True)
    proc = subprocess.run([jb, "build", str(tmp / "template")], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"building the default template failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return tmp / "template" / "_build" / "html"


def table(rows: list[dict]) -> str:
    lines = [f"{'site':<9} {'page':<48} {'KB':>7} {'req':>4} {'perf':>4} {'a11y':>4}"]
    for r in rows:
        lines.append(f"{r['site']:<9} {r['page']:<48} {r['transfer_bytes'] / 1024:>7.0f} {r['requests']:>4} "
                     f"{r['performance'] if r['performance'] is not None else '-':>4} "
                     f"{r['accessibility'] if r['accessibility'] is not None else '-':>4}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--only", nargs="*", help="measure only these pages of the book (relative paths)")
    args = parser.parse_args(argv)
    if not (args.book / "index.html").is_file():
        raise SystemExit(f"no built book at {args.book}/index.html: run `make book` first")
    chromium, looked_for = find_chromium()
    if chromium is None:
        raise SystemExit(missing_browser_message(looked_for).replace("BROWSER TESTS NOT RUN", "NO PAGE BENCHMARK"))
    version = ensure_lighthouse()
    chrome_version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
    rows = measure_site("book", args.book, chromium, args.only)
    with tempfile.TemporaryDirectory() as tmp:
        rows += measure_site("template", build_template(Path(tmp)), chromium, None)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "lighthouse": version, "chromium": chrome_version, "machine": platform.machine(),
        "settings": "Lighthouse defaults (mobile, simulated throttling); sites served uncompressed by http.server",
        "pages": rows}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
