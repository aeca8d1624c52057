"""Provenance of a build: the commit, the data checksum and the package versions.

Example
-------
>>> from analysis.provenance import package_versions
>>> "pandas" in set(package_versions()["package"])
True
"""
from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata

import pandas as pd

from . import paths

#: The direct dependencies whose versions the reproducibility page reports.
REPORTED_PACKAGES = ("pandas", "networkx", "matplotlib", "PyYAML", "jupyter-book", "Sphinx", "myst-nb",
                     "sphinxcontrib-bibtex", "sphinx-exercise", "nbval", "pytest")


def package_versions(names=REPORTED_PACKAGES) -> pd.DataFrame:
    """Installed version of each package in ``names`` (``not installed`` when absent)."""
    rows = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append({"package": name, "version": version})
    return pd.DataFrame(rows)


def git_commit(root=paths.ROOT) -> tuple[str, str]:
    """The commit of the checkout and the state of its tracked files: ``(sha, "clean")`` or
    ``(sha, "uncommitted changes")``; ``("not a git checkout", "unknown")`` outside git."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout", "unknown"
    return sha, ("uncommitted changes" if dirty else "clean")


def data_checksum(data_dir=None) -> str:
    """SHA-256 over the relative paths and bytes of every file under ``data/`` (sorted)."""
    root = paths.data_dir(data_dir)
    h = hashlib.sha256()
    for p in sorted(q for q in root.rglob("*") if q.is_file()):
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def build_info(data_dir=None) -> pd.DataFrame:
    """One table with the Python version, the commit and the data checksum of this build."""
    sha, state = git_commit()
    return pd.DataFrame([
        {"item": "Python", "value": platform.python_version()},
        {"item": "commit", "value": sha},
        {"item": "tracked files", "value": state},
        {"item": "data checksum (SHA-256 of data/)", "value": data_checksum(data_dir)},
    ])
