"""Re-execute book notebooks in place, top to bottom, refreshing the stored outputs (the nbval baseline).

Usage: python tools/execute_notebooks.py book/a.ipynb [book/b.ipynb ...]
Fails (exit 1) on the first cell error, leaving that notebook file unchanged.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:  # keep the stored notebook free of volatile execution metadata
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    for arg in argv:
        seconds = execute(Path(arg))
        print(f"executed {arg} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
