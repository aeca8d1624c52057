"""make serve: the built book is served over HTTP from _build/html (the rebuild loop uses build_book's key)."""
from __future__ import annotations

import socket
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_book  # noqa: E402
import serve  # noqa: E402


def test_the_book_is_served_from_the_build_folder(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<p>the book</p>", encoding="utf-8")
    monkeypatch.setattr(build_book, "HTML", tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = serve.serve(port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
            assert response.read().decode() == "<p>the book</p>"
    finally:
        server.shutdown()
        server.server_close()
