"""Every path the project uses, in one place (absolute ``pathlib`` paths)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
BOOK_DIR = ROOT / "book"
BUILD_DIR = ROOT / "_build"
DATAPACKAGE = "datapackage.json"
CASES_SUBDIR = "cases"


def data_dir(path: str | Path | None = None) -> Path:
    """Return ``path`` as an absolute data directory, defaulting to the project's ``data/``."""
    return DATA_DIR if path is None else Path(path).resolve()
