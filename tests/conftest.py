"""Shared fixtures: the project's root and a writable copy of the data package."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project's data/ that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst
