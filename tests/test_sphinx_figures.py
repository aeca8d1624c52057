"""Figures reach the HTML page as inline SVG: their text is in the page, ids stay unique, captions and labels stay."""
from __future__ import annotations

import collections
import re

import pytest

from analysis import book

sphinx = pytest.importorskip("sphinx.application")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    """A small Sphinx build of one page showing two real figures, as the notebooks show them."""
    tmp = tmp_path_factory.mktemp("figs")
    src = tmp / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['myst_parser', 'analysis.sphinxext']\nnumfig = True\n", encoding="utf-8")
    figures = [book.coding_heatmap("problem"), book.coding_heatmap("dimension")]
    text = "# Figures\n\n" + "\n".join(f._repr_markdown_() for f in figures) + "\nSee {numref}`fig-heatmap-problem`.\n"
    (src / "index.md").write_text(text, encoding="utf-8")
    out = tmp / "out"
    app = sphinx.Sphinx(str(src), str(src), str(out), str(tmp / "doctrees"), "html", status=None, warning=None,
                        freshenv=True, warningiserror=True)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8")


def test_figure_text_is_in_the_page_not_in_a_data_uri(page):
    assert "data:image/svg+xml" not in page
    assert len(re.findall(r'<svg id="[^"]+" role="img"', page)) == 2
    assert "<style type=\"text/css\">*{" not in page                  # matplotlib's stylesheet is scoped to its figure
    assert re.search(r"<text[^>]*>Problem types by case</text>", page)
    assert re.search(r"<text[^>]*>Cause dimensions by case</text>", page)


def test_figure_keeps_its_label_number_caption_and_alt_text(page):
    assert 'id="fig-heatmap-problem"' in page and "Fig. 1" in page
    assert "Coded strength (0-3) of the problem types" in page
    alt = book.coding_heatmap("problem").alt
    assert f'aria-label="{alt}"' in page


def test_no_id_appears_twice_on_the_page(page):
    counts = collections.Counter(re.findall(r'\bid="([^"]+)"', page))
    assert not {i: n for i, n in counts.items() if n > 1}
    # matplotlib names the same parts of both figures alike; prefixing keeps them apart, and references follow
    assert 'id="fig-heatmap-problem-figure_1"' in page and 'id="fig-heatmap-dimension-figure_1"' in page
    refs = re.findall(r'url\(#([^)]+)\)', page)
    assert refs and all(f'id="{r}"' in page for r in refs)


def test_a_figure_never_shrinks_below_legible_text(page):
    """Each figure has a min-width at which its smallest text is 11 px; a narrower column scrolls the figure's box."""
    from analysis import style
    for svg in re.findall(r'<svg id=.*?</svg>', page, re.S):
        width = float(re.search(r'style="min-width: (\d+)px"', svg).group(1))
        view = float(re.search(r'viewBox="[-\d. ]+? [-\d. ]+? ([\d.]+)', svg).group(1))
        smallest = min(size for size, _f, _t in style.text_items(svg))
        assert smallest * width / view >= style.MIN_TEXT_PX - 0.05
    assert page.count('<div class="compendium-svg-box" tabindex="0">') == 2
