"""Benchmark: time, in one run, the stages users wait for. Prints a table and writes bench/results/bench.json.

Every stage runs in a fresh clone of the current commit in a temporary folder, with the project's ``.venv`` linked
in and ``PYTHONPATH`` pointing at the clone, so the checkout and its ``_build`` are never touched and each build
starts from an empty build folder. Commit before benchmarking: uncommitted changes are not measured.

Stages (``results``):
  execute_serial       every book notebook executed once, one after another (``tools/execute_notebooks.py --jobs 1``)
  clean_build          ``make book`` with an empty ``_build``: validation, chapters, notebooks executed in parallel
                       (one per core), strict rendering
  noop_build           ``make book`` again with nothing changed
  one_case_edit_build  ``make book`` after one fact's claim is edited in one case (the Hefei case's first fact)
  make_test            ``make test``: pytest with doctests and nbval over the notebooks in parallel, then the strict
                       build from the stored outputs, then the browser suite when it is part of ``make test``
Scale (``scale``): bench/scale.py, validation, loading and every cross-case table on 10, 30 and 100 synthetic cases.
No timing is asserted anywhere; this script only measures.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITED_CASE = "hefei-brt-shelter-collapse"


def project_copy(dest: Path) -> Path:
    """A fresh clone of the checkout's current commit in ``dest``, with the project's ``.venv`` linked in.

    Uncommitted changes are not in it: commit before benchmarking.
    """
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(dest)], check=True)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def timed(label: str, cmd: list[str], cwd: Path, env: dict) -> dict:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"benchmark stage {label} failed (exit {proc.returncode})")
    print(f"{label}: {seconds:.1f} s", flush=True)
    return {"stage": label, "seconds": round(seconds, 2), "output_tail": proc.stdout.strip().splitlines()[-3:]}


def edit_one_fact(project: Path) -> str:
    """Change the claim of the first fact of one case (append a sentence); return the fact id."""
    path = project / "data" / "cases" / EDITED_CASE / "facts.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["claim"] += " (Edited by the benchmark.)"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows[0]["fact_id"]


def main() -> int:
    make = shutil.which("make") or "make"
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        project = project_copy(Path(tmp) / "project")
        env = {**os.environ, "PYTHONPATH": str(project), "PYTHONHASHSEED": "0"}
        py = str(project / ".venv" / "bin" / "python")
        notebooks = sorted(str(p.relative_to(project)) for p in (project / "book").rglob("*.ipynb"))
        results.append(timed("execute_serial", [py, "tools/execute_notebooks.py", "--jobs", "1", *notebooks],
                             project, env))
        subprocess.run(["git", "checkout", "--", "book"], cwd=project, check=True)  # the notebooks as committed
        results.append(timed("clean_build", [make, "book"], project, env))
        results.append(timed("noop_build", [make, "book"], project, env))
        fact = edit_one_fact(project)
        stage = timed("one_case_edit_build", [make, "book"], project, env)
        page = (project / "_build" / "html" / "book" / "cases" / f"{EDITED_CASE}.html").read_text(encoding="utf-8")
        stage["check"] = f"{fact} shows the edited claim" if "Edited by the benchmark." in page else \
            f"{fact}: edited claim NOT found in the built page"
        results.append(stage)
        subprocess.run(["git", "checkout", "--", "book", "data"], cwd=project, check=True)  # as committed again
        results.append(timed("make_test", [make, "test"], project, env))
    sys.path.insert(0, str(ROOT / "bench"))
    import scale
    scale_rows = scale.main([10, 30, 100])
    serial = next(r["seconds"] for r in results if r["stage"] == "execute_serial")
    for r in results:
        r["ratio_to_execute_serial"] = round(r["seconds"] / serial, 2)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "notebooks": len(notebooks), "date": time.strftime("%Y-%m-%d"),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()]}
    width = max(len(r["stage"]) for r in results)
    print(f"\n{'stage'.ljust(width)}  seconds  x execute_serial")
    for r in results:
        print(f"{r['stage'].ljust(width)}  {r['seconds']:7.2f}  {r['ratio_to_execute_serial']:5.2f}")
    print(f"({meta['notebooks']} notebooks, Python {meta['python']}, {meta['cpus']} CPUs)")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps({"meta": meta, "results": results, "scale": scale_rows,
                                                     "scale_growth_exponent": scale.growth_exponent(scale_rows)},
                                                    indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
