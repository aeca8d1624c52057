"""Figure style: non-interactive backend, a colour-blind-safe palette, deterministic SVG output.

Every drawing function in ``analysis`` returns a :class:`matplotlib.figure.Figure`;
:func:`svg_bytes` turns it into SVG bytes that are identical from run to run, and
:func:`show` wraps them for display in a notebook (nbval compares SVG outputs, not PNG).

Example
-------
>>> import matplotlib.pyplot as plt
>>> from analysis.style import svg_bytes
>>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [0, 1])
>>> svg_bytes(fig) == svg_bytes(fig)
True
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

#: Okabe-Ito palette (distinguishable with the common forms of colour-vision deficiency).
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "grey": "#999999", "black": "#000000",
}
SECTOR_COLOURS = {"government": OKABE_ITO["blue"], "market": OKABE_ITO["orange"], "society": OKABE_ITO["bluish_green"],
                  "public": OKABE_ITO["reddish_purple"], "unknown": OKABE_ITO["grey"], "not set": "#cccccc"}
SECTOR_ORDER = ("government", "market", "society", "public", "unknown", "not set")
CONFIDENCE_COLOURS = {"confirmed": OKABE_ITO["blue"], "single-source": OKABE_ITO["orange"], "disputed": OKABE_ITO["vermillion"]}
CONFIDENCE_MARKERS = {"confirmed": "o", "single-source": "s", "disputed": "X"}
PHASE_ORDER = ("contracting", "delivery", "incident", "response")
PHASE_COLOURS = {"not set": OKABE_ITO["black"], "contracting": OKABE_ITO["blue"], "delivery": OKABE_ITO["bluish_green"],
                 "incident": OKABE_ITO["vermillion"], "response": OKABE_ITO["grey"]}

RC = {
    "svg.hashsalt": "gps-public-value",   # fixed ids inside the SVG
    "svg.fonttype": "path",               # glyphs as paths: no dependence on installed fonts when viewing
    "font.family": "DejaVu Sans",         # ships with matplotlib
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "path.simplify": True,
}
plt.rcParams.update(RC)


def svg_bytes(fig) -> bytes:
    """Render ``fig`` as SVG bytes without a date or other volatile metadata."""
    buf = io.BytesIO()
    with plt.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return buf.getvalue()


class SVGFigure:
    """A figure for notebooks: displays as SVG (compared by nbval) and has a short text form."""

    def __init__(self, fig, name: str = "figure"):
        self._svg = svg_bytes(fig).decode("utf-8")
        self.name = name
        plt.close(fig)

    def _repr_svg_(self) -> str:
        return self._svg

    def __repr__(self) -> str:
        return f"<SVG figure '{self.name}'>"


def show(fig, name: str = "figure") -> SVGFigure:
    """Wrap a drawn figure for notebook display as deterministic SVG (and close it)."""
    return SVGFigure(fig, name)


def require_columns(frame, columns, name: str) -> None:
    """Raise ``ValueError`` naming the table and the missing columns when ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks required column(s): {', '.join(missing)}")


def add_note(ax, text: str, offset_points: float = -32, fontsize: float = 7.5) -> None:
    """Write a footnote under the axes (for derived or rounded values and other caveats)."""
    ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, offset_points), textcoords="offset points",
                ha="left", va="top", fontsize=fontsize, color="#333333")
