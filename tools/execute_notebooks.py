"""Execute book notebooks, in parallel, recording which data files each one reads.

Usage: python tools/execute_notebooks.py [--jobs N] book/a.ipynb [book/b.ipynb ...]
Re-executes the notebooks in place, top to bottom, refreshing the stored outputs (the nbval baseline used by
`make baseline`). Fails (exit 1) on the first cell error, leaving that notebook file unchanged.

As a library, :func:`execute` runs one notebook in a fresh kernel and returns the executed notebook together with the
files and folders it read under a given root. Reads are seen by a Python audit hook installed in the kernel
before the first cell runs, silently (no output, no execution count), so the stored notebook is exactly what a plain
execution gives. ``tools/build_book.py`` uses the record to re-execute only the notebooks whose inputs changed.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

# Installed in the kernel before any cell runs: remembers every file opened and every folder listed.
_TRACE = """
def __compendium_trace():
    import os, sys
    seen = set()
    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            seen.add(("file", os.path.abspath(os.fsdecode(args[0]))))
        elif event in ("os.listdir", "os.scandir"):
            path = args[0] if args and args[0] is not None else "."
            if isinstance(path, (str, bytes, os.PathLike)):
                seen.add(("dir", os.path.abspath(os.fsdecode(path))))
    sys.addaudithook(hook)
    return seen
__compendium_seen = __compendium_trace()
del __compendium_trace
"""
_REPORT = "__import__('json').dumps(sorted(__compendium_seen))"


class TracingClient(NotebookClient):
    """A notebook client that records the files and folders the kernel reads while the cells run."""

    reads: list[tuple[str, str]] = []

    async def async_execute(self, reset_kc: bool = False, **kwargs):
        if reset_kc and self.owns_km:
            await self._async_cleanup_kernel()
        self.reset_execution_trackers()
        async with self.async_setup_kernel(**kwargs):
            await self._silent(_TRACE)
            msg_id = await _ensure(self.kc.kernel_info())
            info = await self.async_wait_for_reply(msg_id)
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(self.nb.cells):
                await self.async_execute_cell(cell, index, execution_count=self.code_cells_executed + 1)
            reply = await self._silent("", user_expressions={"reads": _REPORT})
            value = reply["content"]["user_expressions"]["reads"]
            if value.get("status") != "ok":
                raise RuntimeError(f"could not read the record of files read: {value}")
            self.reads = [tuple(x) for x in json.loads(ast.literal_eval(value["data"]["text/plain"]))]
        return self.nb

    execute = run_sync(async_execute)

    async def _silent(self, code: str, **kwargs):
        msg_id = self.kc.execute(code, silent=True, store_history=False, **kwargs)
        reply = await self.async_wait_for_reply(msg_id)
        if reply is None or reply["content"].get("status") != "ok":
            raise RuntimeError(f"silent kernel call failed: {reply and reply['content']}")
        return reply


async def _ensure(value):
    return await value if hasattr(value, "__await__") else value


def execute(path: Path, trace_root: Path | None = None) -> tuple[nbformat.NotebookNode, float, list[tuple[str, str]]]:
    """Execute the notebook at ``path`` in a fresh kernel, from its own folder.

    Returns the executed notebook (execution metadata removed, so the bytes depend only on the outputs), the seconds
    the run took, and the sorted ``(kind, path)`` pairs read under ``trace_root`` (``kind`` is ``file`` or ``dir``,
    ``path`` relative to ``trace_root``); all reads when ``trace_root`` is None.
    """
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = TracingClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(Path(path).resolve().parent)}})
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    reads = client.reads
    if trace_root is not None:
        root = str(Path(trace_root).resolve())
        reads = sorted({(kind, os.path.relpath(p, root)) for kind, p in reads
                        if p == root or p.startswith(root + os.sep)})
    return nb, elapsed, reads


def _execute_in_place(arg: str) -> tuple[str, float]:
    path = Path(arg)
    nb, seconds, _ = execute(path)
    nbformat.write(nb, path)
    return arg, seconds


def default_jobs() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-execute notebooks in place (the nbval baseline).")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="notebooks executed at once (default: cores)")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.jobs == 1:
        results = map(_execute_in_place, args.notebooks)
    else:
        pool = ProcessPoolExecutor(max_workers=args.jobs)
        results = pool.map(_execute_in_place, args.notebooks)
    for name, seconds in results:
        print(f"executed {name} in {seconds:.1f} s")
    print(f"{len(args.notebooks)} notebooks in {time.perf_counter() - start:.1f} s with {args.jobs} worker(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
