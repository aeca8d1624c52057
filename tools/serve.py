"""Serve the book and rebuild it when an input changes: ``make serve`` for authors.

Usage: python tools/serve.py [--port 8000]

The book in ``_build/html`` is served on http://127.0.0.1:PORT/ (standard library only, no network access).
Once a second the inputs of the book (the same content hash ``tools/build_book.py`` uses: notebooks, narratives,
data, code, configuration) are checked; when they changed, ``tools/build_book.py`` runs, which re-executes only the
notebooks whose inputs changed and renders the pages again. Reload the page in the browser to see the result.
A failed build leaves the last good book in place and prints why. Stop with Ctrl-C.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_book  # noqa: E402


def serve(port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(build_book.HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between checks of the inputs")
    args = parser.parse_args(argv)
    build = [sys.executable, str(Path(build_book.__file__))]
    subprocess.run(build, cwd=build_book.ROOT)
    serve(args.port)
    print(f"Serving _build/html on http://127.0.0.1:{args.port}/ ; rebuilding when an input changes (Ctrl-C stops)")
    last = build_book.build_key("execute")
    try:
        while True:
            time.sleep(args.interval)
            key = build_book.build_key("execute")
            if key != last:
                print("an input changed: rebuilding", flush=True)
                done = subprocess.run(build, cwd=build_book.ROOT)
                print("rebuilt: reload the page" if done.returncode == 0 else "build failed: the last good book is served")
                last = build_book.build_key("execute")
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
