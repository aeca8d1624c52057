"""Scale benchmark: validation, loading and every cross-case exhibit on 10, 30 and 100 synthetic cases.

Usage: python bench/scale.py [N ...]   (default 10 30 100)

The synthetic cases are copies of the project's real cases, shaped like them (facts, sources, origins, actors,
relations, coding, measures), renamed with their own ids, prefixes and display names, in a temporary data folder.
The script times, for each size, ``validate_package``, loading every case, and computing every table exhibit that is
not per case (matrices, participation, network comparison, claims, sensitivity, evidence base, strategies,
reliability; figures are not drawn), and fits the growth exponent of the total time between the smallest and the
largest size.
It prints a table and returns the results; ``bench/run_bench.py`` writes them into ``bench.json``. Nothing is asserted.
"""
from __future__ import annotations

import csv
import math
import shutil
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _prefix(i: int) -> str:
    letters = string.ascii_uppercase
    return "Z" + letters[i // 26 % 26] + letters[i % 26]


def make_cases(data: Path, n: int) -> None:
    """Replace the cases of ``data`` by ``n`` renamed copies of the real cases."""
    from analysis.validate import sync_datapackage
    real = sorted(p for p in (ROOT / "data" / "cases").iterdir() if p.is_dir())
    shutil.rmtree(data / "cases")
    (data / "cases").mkdir()
    for i in range(n):
        src = real[i % len(real)]
        old = next(csv.DictReader(open(src / "facts.csv", encoding="utf-8")))["fact_id"].split("-")[0]
        new_id, prefix = f"synthetic-case-{i:03d}", _prefix(i)
        dst = data / "cases" / new_id
        dst.mkdir()
        for f in src.glob("*.csv"):
            text = f.read_text(encoding="utf-8").replace(f"{old}-", f"{prefix}-")
            (dst / f.name).write_text(text, encoding="utf-8")
        rows = list(csv.DictReader(open(dst / "case.csv", encoding="utf-8")))
        rows[0].update(case_id=new_id, display_name=f"Synthetic {i:03d}")
        with open(dst / "case.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    sync_datapackage(data)


def time_size(n: int) -> dict:
    from analysis import book, exhibits, load
    from analysis.validate import DataValidationError
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        make_cases(data, n)
        t0 = time.perf_counter()
        try:
            load.check(data)             # validate_package, remembered for this state of the data, as in the book
        except DataValidationError as exc:
            raise SystemExit(f"synthetic data invalid: {exc}")
        t1 = time.perf_counter()
        load.load_cases(data)            # every case, once, as the cross-case code loads them
        t2 = time.perf_counter()
        for inst in exhibits.instances(data):
            if inst.spec.per != "case" and inst.spec.kind == "table":
                inst.build(data)
        t3 = time.perf_counter()
    assert book  # the exhibits are registered by importing analysis.book
    return {"cases": n, "validate": round(t1 - t0, 2), "load": round(t2 - t1, 2), "exhibits": round(t3 - t2, 2),
            "seconds": round(t3 - t0, 2)}


def growth_exponent(rows: list[dict]) -> float:
    """Slope of log(seconds) against log(cases) between the smallest and the largest size."""
    a, b = rows[0], rows[-1]
    return round(math.log(b["seconds"] / a["seconds"]) / math.log(b["cases"] / a["cases"]), 2)


def main(sizes: list[int]) -> list[dict]:
    rows = [time_size(n) for n in sizes]
    print(f"{'cases':>5}  {'validate':>8}  {'load':>6}  {'exhibits':>8}  {'total':>6}")
    for r in rows:
        print(f"{r['cases']:>5}  {r['validate']:>8.2f}  {r['load']:>6.2f}  {r['exhibits']:>8.2f}  {r['seconds']:>6.2f}")
    if len(rows) > 1:
        print(f"growth exponent {growth_exponent(rows)} between {rows[0]['cases']} and {rows[-1]['cases']} cases")
    return rows


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 30, 100])
