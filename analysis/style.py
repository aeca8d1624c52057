"""Figure style: non-interactive backend, a colour-blind-safe palette, deterministic SVG output.

Every drawing function in ``analysis`` returns a :class:`matplotlib.figure.Figure`;
:func:`svg_bytes` turns it into SVG bytes that are identical from run to run, and
:func:`show` wraps them for display in a notebook (nbval compares SVG outputs, not PNG).
Text is written as SVG ``<text>`` with the font stack :data:`FONT_STACK`, so it can be searched and selected;
:func:`smallest_text_px` measures the smallest text as the book shows it (at most :data:`COLUMN_PX` wide), and the
tests require at least :data:`MIN_TEXT_PX` for every figure.

Example
-------
>>> import matplotlib.pyplot as plt
>>> from analysis.style import svg_bytes
>>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [0, 1])
>>> svg_bytes(fig) == svg_bytes(fig)
True
"""
from __future__ import annotations

import html
import io
import re
import warnings

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

#: Fonts named in every SVG, in order: DejaVu Sans (the metrics used for layout, shipped with matplotlib), then
#: fonts that browsers commonly have and that cover Chinese, then the generic family.
FONT_STACK = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC")

RC = {
    "svg.hashsalt": "gps-public-value",   # fixed ids inside the SVG
    "svg.fonttype": "none",               # real <text>: searchable and selectable in the page
    "font.family": ["sans-serif"],        # the stack written into the SVG: FONT_STACK, then the generic family
    "font.sans-serif": list(FONT_STACK),  # DejaVu Sans ships with matplotlib, so layout never depends on the machine
    "font.size": 10,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "axes.labelsize": 10.5,
    "legend.fontsize": 10,
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
    with plt.rc_context(RC), warnings.catch_warnings():
        # Text is written as <text>, so the browser draws Chinese glyphs from a CJK font of FONT_STACK.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
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


def add_note(ax, text: str, offset_points: float = -32, fontsize: float = 9.5, width: int = 80) -> None:
    """Write a footnote under the axes (for derived or rounded values and other caveats), each line wrapped on word
    boundaries at ``width`` characters so that the note never widens the figure."""
    import textwrap
    text = "\n".join(textwrap.fill(line, width=width, break_long_words=False) for line in text.split("\n"))
    ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, offset_points), textcoords="offset points",
                ha="left", va="top", fontsize=fontsize, color="#333333")


# ---------------------------------------------------------------- legibility where the figure is shown

#: Width in CSS px of the book's text column at desktop width (the theme's article column).
COLUMN_PX = 784
#: Smallest text, in CSS px as rendered in the column, that the book allows in a figure (body text is 16 px).
MIN_TEXT_PX = 11.0
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bviewBox="([-\d. ]+)"')
_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
_FONT_FAMILY = re.compile(r"font-family:\s*([^;\"]+)")


def display_scale(svg: str, column_px: float = COLUMN_PX) -> float:
    """CSS px per SVG user unit when the figure is shown at min(its natural width, the column width).

    The SVG's ``width`` is in pt (1 pt = 4/3 px); its ``viewBox`` sets the user units that font sizes are given in.

    >>> display_scale('<svg width="600pt" height="10pt" viewBox="0 0 600 10">')
    1.3066666666666666
    >>> display_scale('<svg width="300pt" height="10pt" viewBox="0 0 300 10">')
    1.3333333333333333
    """
    m = _SVG_SIZE.search(svg)
    if not m:
        raise ValueError("SVG has no width in pt and viewBox")
    width_pt, view_width = float(m.group(1)), float(m.group(2).split()[2])
    shown_px = min(width_pt * 4 / 3, column_px)
    return shown_px / view_width


def text_items(svg: str) -> list[tuple[float, str, str]]:
    """Every ``<text>`` element of an SVG as (font size in user units, font family, text)."""
    out = []
    for attrs, body in _TEXT.findall(svg):
        if "scale(" in attrs:
            raise ValueError(f"text {body!r} is scaled by its transform; its rendered size cannot be read from font-size")
        size = _FONT_SIZE.search(attrs)
        family = _FONT_FAMILY.search(attrs)
        out.append((float(size.group(1)) if size else float("nan"), family.group(1).strip() if family else "",
                    html.unescape(re.sub(r"<[^>]+>", "", body))))
    return out


def smallest_text_px(svg: str, column_px: float = COLUMN_PX) -> tuple[float, str]:
    """The smallest text of an SVG figure in CSS px as shown in the column, and that text."""
    items = text_items(svg)
    if not items:
        raise ValueError("SVG has no <text> elements")
    size, _family, text = min(items, key=lambda t: (t[0], t[2]))
    return size * display_scale(svg, column_px), text
