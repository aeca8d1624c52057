"""Start a new case folder with every table the data package requires (``python -m analysis new-case``).

The tables are written with their header rows, taken from ``datapackage.json``, and ``case.csv`` gets one
row holding only the case id. ``python -m analysis validate`` then lists every value still to be filled in.

Example (from the shell; it writes files, so it is not run as a doctest)::

    python -m analysis new-case wuhan-elderly-care-2020
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from . import paths
from .validate import read_descriptor, sync_datapackage

CASE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def new_case(case_id: str, data_dir: str | Path | None = None) -> Path:
    """Create ``data/cases/<case_id>/`` with header-only tables and register it in ``datapackage.json``.

    Raises ``ValueError`` for an id that is not lowercase words joined by ``-``, and ``FileExistsError``
    when the folder exists already (nothing is overwritten).
    """
    if not CASE_ID.fullmatch(case_id):
        raise ValueError(f"case id {case_id!r} must be lowercase letters and digits joined by '-', for example 'wuhan-elderly-care-2020'")
    data_dir = paths.data_dir(data_dir)
    folder = data_dir / paths.CASES_SUBDIR / case_id
    if folder.exists():
        raise FileExistsError(f"{folder} exists already; choose another case id")
    desc = read_descriptor(data_dir)
    folder.mkdir(parents=True)
    for res in desc["resources"]:
        if not res.get("x-case-table"):
            continue
        names = [f["name"] for f in res["schema"]["fields"]]
        with (folder / f"{res['name']}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(names)
            if res["name"] == "case":
                writer.writerow([case_id if n == "case_id" else "" for n in names])
    sync_datapackage(data_dir)
    return folder
