"""Benchmark: time, in one run, the stages users wait for. Prints a table and writes bench/results/bench.json.

Stages:
  execute_notebooks  execute every book notebook once (copies in a temporary folder; the book is untouched)
  clean_build        jupyter-book build into an empty output folder (executes all notebooks, renders HTML)
  rebuild_no_change  a second strict build into a fresh folder, which re-executes every notebook; `make book` itself
                     now skips the build when no input changed (tools/build_book.py), so this stage measures
                     the cost of a rebuild after a change
  sphinx_incremental the same build into the previous output folder; Sphinx skips unchanged pages, which is why
                     `make book` does not rely on it (a data change would not reach the book)
  test_suite         pytest tests/ and the analysis doctests, plus nbval over the notebooks (the strict build is timed above)
  scale              bench/scale.py: validation, loading and every cross-case table on 10, 30 and 100 synthetic cases
No timing is asserted anywhere; this script only measures.
"""
from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(label: str, cmd: list[str], cwd: Path = ROOT) -> dict:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"benchmark stage {label} failed (exit {proc.returncode})")
    return {"stage": label, "seconds": round(seconds, 2)}


def main() -> int:
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "book").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for nb in notebooks:
            dst = Path(tmp) / nb.replace("/", "__")
            shutil.copy(ROOT / nb, dst)
            copies.append(str(dst))
        # the notebooks import `analysis`, which is installed in the venv, so they run from any folder
        results.append(timed("execute_notebooks", [sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), *copies]))
        out = Path(tmp) / "build"
        build = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out), "--warningiserror", "--nitpick", "--keep-going"]
        results.append(timed("clean_build", build))
        fresh = [*build[:4], str(Path(tmp) / "build2"), *build[5:]]
        results.append(timed("rebuild_no_change", fresh))
        results.append(timed("sphinx_incremental", build))
    results.append(timed("test_suite", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", "analysis"]))
    results[-1]["stage"] = "test_suite (pytest tests/ + doctests)"
    nbval = timed("nbval", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                            "--sanitize-with", "tests/sanitize.cfg", *notebooks])
    nbval["stage"] = "test_suite (nbval notebooks)"
    results.append(nbval)
    sys.path.insert(0, str(ROOT / "bench"))
    import scale
    scale_rows = scale.main([10, 30, 100])
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": __import__("os").cpu_count(),
            "notebooks": len(notebooks), "date": time.strftime("%Y-%m-%d")}
    width = max(len(r["stage"]) for r in results)
    print(f"{'stage'.ljust(width)}  seconds")
    for r in results:
        print(f"{r['stage'].ljust(width)}  {r['seconds']:7.2f}")
    print(f"({meta['notebooks']} notebooks, Python {meta['python']}, {meta['cpus']} CPUs)")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps({"meta": meta, "results": results, "scale": scale_rows,
                                                             "scale_growth_exponent": scale.growth_exponent(scale_rows)},
                                                            indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
