"""The downloads the published book offers, written before Sphinx runs (one call from ``tools/build_book.py``).

``build_downloads(root, out)`` writes into ``out``:

- ``compendium-data.zip``: the data package, every file under ``data/`` with ``data/datapackage.json``;
- ``tables/<path>.csv``: every table of the data package (the paths of ``datapackage.json``), linked from the data
  dictionary page;
- ``notebooks/<path>.ipynb``: every chapter notebook under ``book/``, with its stored outputs;
- ``compendium-source.tar.gz``: ``git archive`` of the commit HEAD (committed files only), gzip without name or
  time stamp (as ``gzip -n``); left out, with a note in the book, when ``root`` is not a git checkout;
- ``manifest.json``: the commit and, for each file, its name, site path, kind, title, size and SHA-256.

The Sphinx extension :mod:`analysis.sphinxsite` renders the manifest as tables (``{downloads}``) at build time, so
the checksums never sit in stored notebook outputs, and copies the files into ``downloads/`` of the HTML output.

Every archive is deterministic: entries sorted, time stamps fixed (1980-01-01 in the zip; the commit time inside
the tar, as ``git archive`` writes it; 0 in the gzip header), permissions fixed. The same commit gives the same bytes.

Usage: python tools/downloads.py [OUT]   (default ``_build/downloads``)
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".pytest_cache"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SITE_DIR = "downloads"


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted by relative path, without caches and hidden files."""
    out = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if p.is_file() and not (SKIP_PARTS & set(rel.parts)) and not any(part.startswith(".") for part in rel.parts):
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def deterministic_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, bytes)`` entries, sorted by name, with fixed time stamps and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def source_archive(root: Path) -> tuple[bytes, str] | None:
    """``git archive`` of HEAD as .tar.gz bytes and the commit; ``None`` when ``root`` is not a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        tar = subprocess.run(["git", "archive", "--format=tar", f"--prefix=compendium-{head[:12]}/", head],
                             cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(tar)
    return buf.getvalue(), head


def _table_paths(root: Path) -> list[str]:
    """Every CSV path named by ``data/datapackage.json``, relative to ``data/``, sorted."""
    package = root / "data" / "datapackage.json"
    try:
        desc = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"{package}: cannot read the data package descriptor: {exc}")
    paths = set()
    for res in desc.get("resources", []):
        for p in ([res["path"]] if isinstance(res.get("path"), str) else res.get("path", [])):
            if not (root / "data" / p).is_file():
                raise SystemExit(f"{package}: resource {res.get('name')!r} names {p}, which does not exist under data/")
            paths.add(p)
    return sorted(paths)


def build_downloads(root: Path = ROOT, out: Path = ROOT / "_build" / "downloads") -> list[dict]:
    """Write every download and ``manifest.json`` into ``out`` (emptied first); return the manifest entries.

    Each entry has ``name`` (file name shown), ``path`` (relative to the site root), ``kind`` (``data``, ``tables``,
    ``notebooks`` or ``source``), ``title``, ``bytes`` and ``sha256``.
    """
    root, out = Path(root), Path(out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    items: list[dict] = []

    def put(rel: str, data: bytes, kind: str, title: str, name: str | None = None) -> None:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        items.append({"name": name or rel, "path": f"{SITE_DIR}/{rel}", "kind": kind, "title": title,
                      "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    data_dir = root / "data"
    entries = [("data/" + p.relative_to(data_dir).as_posix(), p.read_bytes()) for p in _files(data_dir)]
    put("compendium-data.zip", deterministic_zip(entries), "data",
        f"The data package: the {len(entries)} files under data/, with data/datapackage.json")
    for p in _table_paths(root):
        put(f"tables/{p}", (data_dir / p).read_bytes(), "tables", f"data/{p}", name=p)
    for nb in _files(root / "book"):
        if nb.suffix == ".ipynb":
            rel = nb.relative_to(root / "book").as_posix()
            put(f"notebooks/{rel}", nb.read_bytes(), "notebooks", f"book/{rel}, with its stored outputs", name=rel)
    archive = source_archive(root)
    commit = None
    if archive is not None:
        data, commit = archive
        put("compendium-source.tar.gz", data, "source",
            f"The source at the commit HEAD that built this book ({commit}): git archive of the committed files")
    (out / "manifest.json").write_text(json.dumps({"commit": commit, "files": items}, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return items


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else ROOT / "_build" / "downloads"
    items = build_downloads(ROOT, out)
    print(f"{len(items)} downloads, {sum(i['bytes'] for i in items)} bytes, in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
