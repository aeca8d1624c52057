"""Write every book figure as SVG (``python -m analysis figures OUT_DIR``).

Two runs give byte-identical files: the figures are drawn from sorted data with fixed layouts and
saved without dates (see :mod:`analysis.style`).
"""
from __future__ import annotations

from pathlib import Path

from . import book


def write_all(out_dir, data_dir=None) -> list[Path]:
    """Write each figure of :func:`analysis.book.figure_registry` into ``out_dir``; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (builder, arg) in book.figure_registry(data_dir).items():
        fig = builder(arg, data_dir=data_dir) if arg is not None else builder(data_dir=data_dir)
        path = out / name
        path.write_text(fig._repr_svg_(), encoding="utf-8")
        written.append(path)
    return written
