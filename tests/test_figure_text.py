"""Every registered figure is legible where the book shows it, is real SVG text with a declared font stack, carries
alt text computed from its data, and draws to the same bytes twice.

Figures are drawn once per test session (drawing all of them takes a while).
"""
from __future__ import annotations

import re

import pytest

from analysis import book, exhibits, style  # noqa: F401  (importing book registers the exhibits)


@pytest.fixture(scope="session")
def drawn() -> dict:
    """Label -> (instance, first draw, second draw) for every figure of the book."""
    out = {}
    for inst in exhibits.instances():
        if inst.spec.kind == "figure":
            out[inst.label] = (inst, inst.build(), inst.build())
    assert out, "no figures registered"
    return out


def test_smallest_text_is_legible_at_the_column_width(drawn):
    """At min(natural width, 784 px), no text of any figure is under 11 px (the issue measured 6.7 px before)."""
    too_small = {}
    for label, (_inst, fig, _again) in drawn.items():
        px, text = style.smallest_text_px(fig.svg)
        if px < style.MIN_TEXT_PX:
            too_small[label] = (round(px, 1), text)
    assert not too_small, f"text under {style.MIN_TEXT_PX} px as shown in the column: {too_small}"


def test_text_is_real_svg_text_with_a_font_stack(drawn):
    for label, (_inst, fig, _again) in drawn.items():
        items = style.text_items(fig.svg)
        assert items, f"{label}: no <text> elements (glyphs drawn as paths?)"
        families = {family for _size, family, _text in items}
        for family in families:
            names = [f.strip().strip("'\"") for f in family.split(",")]
            assert names[0] == "DejaVu Sans" and names[-1] == "sans-serif", f"{label}: font stack {family!r}"
            assert "Noto Sans CJK SC" in names, f"{label}: no CJK-capable font in {family!r}"


def test_title_text_is_in_the_svg(drawn):
    """A figure's title can be found as text: the network's title names the case."""
    fig = drawn["fig-hefei-brt-shelter-collapse-network"][1]
    assert "Hefei: actors and their ties by phase" in [t for _s, _f, t in style.text_items(fig.svg)]


def test_two_draws_give_identical_bytes(drawn):
    different = [label for label, (_inst, a, b) in drawn.items() if a.svg != b.svg]
    assert not different, f"figures differ between two draws: {different}"


def test_alt_text_mentions_a_number_computed_from_the_data(drawn):
    """Every alt text has a number that its template does not contain: the number was filled in from the data."""
    for label, (inst, fig, _again) in drawn.items():
        assert fig.alt.strip(), f"{label}: no alt text"
        numbers = set(re.findall(r"\d+(?:\.\d+)?", fig.alt))
        typed = set(re.findall(r"\d+(?:\.\d+)?", inst.spec.alt))
        assert numbers - typed, f"{label}: alt text has no computed number: {fig.alt!r}"


def test_network_alt_text_counts_match_the_data(drawn):
    from analysis import load, network
    case = load.load_case("hefei-brt-shelter-collapse")
    G = network.actor_network(case)
    alt = drawn["fig-hefei-brt-shelter-collapse-network"][1].alt
    assert f"{G.number_of_nodes()} actors and {G.number_of_edges()} ties" in alt


def test_network_labels_are_numbers_keyed_to_full_names(drawn):
    """The network draws every actor's full English name in its key, never a truncated one."""
    from analysis import load, network
    case = load.load_case("shijiazhuang-vaccine-incident")
    key = network.actor_key(network.actor_network(case))
    texts = " ".join(t for _s, _f, t in style.text_items(drawn["fig-shijiazhuang-vaccine-incident-network"][1].svg))
    flat = " ".join(texts.split())
    for rec in key.itertuples():
        assert " ".join(rec.name_en.split()) in flat, f"full name of {rec.actor_id} is not in the key"
    assert "..." not in flat and "…" not in flat


def test_display_scale_uses_the_column_width():
    wide = '<svg width="900pt" height="10pt" viewBox="0 0 900 10"><text style="font-size: 9px">a</text></svg>'
    narrow = '<svg width="300pt" height="10pt" viewBox="0 0 300 10"><text style="font-size: 9px">a</text></svg>'
    assert style.smallest_text_px(wide)[0] == pytest.approx(9 * 784 / 900)
    assert style.smallest_text_px(narrow)[0] == pytest.approx(12.0)
    with pytest.raises(ValueError, match="no <text>"):
        style.smallest_text_px('<svg width="300pt" height="10pt" viewBox="0 0 300 10"><path d="M0 0"/></svg>')


def test_heatmap_labels_wrap_on_word_boundaries_only():
    from analysis.coding import textwrap_label
    assert "Substitutability" in textwrap_label("Substitutability of the provider", 14).splitlines()
