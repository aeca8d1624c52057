"""Write every book figure as SVG (``python -m analysis figures OUT_DIR``).

The figures are the ``figure`` exhibits of the registry (:mod:`analysis.exhibits`); each file is named after its
label (``fig-heatmap-problem`` -> ``heatmap-problem.svg``). Two runs give byte-identical files: the figures are
drawn from sorted data with fixed layouts and saved without dates (see :mod:`analysis.style`).
"""
from __future__ import annotations

from pathlib import Path

from . import book  # noqa: F401  (importing book registers the exhibits)
from .exhibits import instances


def figure_instances(data_dir=None) -> list:
    """Every figure exhibit of the book, expanded over cases and arguments, sorted by file name."""
    return sorted((i for i in instances(data_dir) if i.spec.kind == "figure"), key=lambda i: i.file_name)


def write_all(out_dir, data_dir=None) -> list[Path]:
    """Write each figure exhibit into ``out_dir`` as ``<label without fig->.svg``; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for inst in figure_instances(data_dir):
        path = out / inst.file_name
        path.write_text(inst.build(data_dir).svg, encoding="utf-8")
        written.append(path)
    return written
