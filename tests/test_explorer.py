"""The network explorer of each case: complete, consistent with networkx, linked to the facts, small and offline."""
from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

from analysis import book, explorer, ids, load, network

CASES = load.list_cases()


class _Tags(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


@pytest.fixture(scope="module", params=CASES)
def built(request):
    case_id = request.param
    return case_id, book.case_explorer(case_id)


def test_every_actor_and_relation_of_the_case_is_in_the_explorer(built):
    case_id, exp = built
    main = load.load_case(case_id).main()
    assert sorted(a["id"] for a in exp.data["actors"]) == sorted(main.actors["actor_id"])
    assert sorted(t["id"] for t in exp.data["ties"]) == sorted(main.relations["relation_id"])
    rel = main.relations.set_index("relation_id")
    for t in exp.data["ties"]:
        assert (t["source"], t["target"], t["relation"]) == tuple(rel.loc[t["id"], ["source", "target", "relation"]])
        assert t["facts"] == list(rel.loc[t["id"], "fact_ids"])


def test_degrees_and_ties_by_phase_equal_networkx(built):
    case_id, exp = built
    G = network.actor_network(load.load_case(case_id))
    for a in exp.data["actors"]:
        assert a["degree"] == G.degree(a["id"]), a["id"]
        assert sum(a["phases"].values()) == a["degree"], a["id"]
        for phase, n in a["phases"].items():
            sub = network.phase_network(G, phase)
            assert n == (sub.degree(a["id"]) if a["id"] in sub else 0), (a["id"], phase)


def test_every_fact_on_a_tie_exists_and_links_to_its_row_in_the_facts_table(built):
    case_id, exp = built
    facts = set(load.load_case(case_id).facts["fact_id"])
    table = book.case_facts(case_id)._repr_markdown_()
    cited = {f for t in exp.data["ties"] for f in t["facts"]}
    assert cited and cited <= facts
    assert set(exp.data["facts"]) == cited
    for f in cited:
        href = exp.data["facts"][f]["href"]
        assert href == "#" + ids.anchor_for(f)
        assert f'id="{href[1:]}"' in table, f          # the row anchor the link lands on


def test_the_explorer_is_small_and_makes_no_network_request(built):
    case_id, exp = built
    text = exp._repr_html_()
    assert len(text.encode("utf-8")) <= explorer.MAX_BYTES
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I)
    for tag, attrs in _tags(text):
        assert tag not in ("link", "iframe", "img"), tag
        assert "src" not in attrs, (tag, attrs)
    assert "fetch(" not in text and "XMLHttpRequest" not in text and "import(" not in text


def test_the_dom_contract_and_unique_prefixed_ids(built):
    case_id, exp = built
    tags = _tags(exp._repr_html_())
    root = tags[0]
    assert root[0] == "div" and root[1]["data-network-explorer"] == case_id and root[1]["id"] == f"explorer-{case_id}"
    all_ids = [a["id"] for _, a in tags if "id" in a]
    assert len(all_ids) == len(set(all_ids))
    assert all(i.startswith(f"explorer-{case_id}") for i in all_ids), all_ids
    actors = [a["data-actor"] for t, a in tags if t == "button"]
    assert sorted(actors) == sorted(a["id"] for a in exp.data["actors"])
    assert all(a["aria-pressed"] == "false" and a["type"] == "button" for t, a in tags if t == "button")
    selects = {k for t, a in tags if t == "select" for k in a if k.startswith("data-explorer-")}
    assert selects == {"data-explorer-phase", "data-explorer-sector"}
    labels = {a["for"] for t, a in tags if t == "label"}
    assert labels == {a["id"] for t, a in tags if t == "select"}
    assert any("data-explorer-ties" in a for _, a in tags) and any("data-explorer-status" in a for _, a in tags)
    rows = [a["data-actor-row"] for t, a in tags if t == "tr" and "data-actor-row" in a]
    assert sorted(rows) == sorted(actors)
    assert sorted(a["data-tie"] for t, a in tags if t == "path" and "data-tie" in a) == sorted(t["id"] for t in exp.data["ties"])


def test_the_table_alternative_gives_sector_degree_and_ties_by_phase(built):
    case_id, exp = built
    text = exp._repr_html_()
    table = text[text.index("<table"):text.index("</table>")]
    heads = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert heads == ["Actor", "Sector", "Degree (ties)", *[p.capitalize() for p in exp.data["phases"]]]
    for a in exp.data["actors"]:
        row = re.search(rf'<tr data-actor-row="{re.escape(a["id"])}">(.*?)</tr>', table).group(1)
        cells = re.findall(r"<td>([^<]*)</td>", row)
        assert cells == [a["sector"], str(a["degree"]), *[str(a["phases"][p]) for p in exp.data["phases"]]]


def test_the_data_is_safe_inside_its_script_element(built):
    _, exp = built
    text = exp._repr_html_()
    body = text[text.index("data-explorer-json>"):]
    body = body[:body.index("</script>")]
    assert "<" not in body[len("data-explorer-json>"):]


def test_two_builds_give_the_same_bytes():
    case_id = CASES[0]
    assert book.case_explorer(case_id)._repr_html_() == book.case_explorer(case_id)._repr_html_()


def test_positions_are_fixed_and_inside_the_drawing():
    for case_id in CASES:
        G = network.actor_network(load.load_case(case_id))
        pos = explorer.layout(G)
        assert set(pos) == set(G) and len(set(pos.values())) == len(pos)
        assert all(0 < x < explorer.WIDTH for x, _ in pos.values())


def test_a_tie_citing_an_unknown_fact_names_the_file(monkeypatch):
    case_id = "hefei-brt-shelter-collapse"
    case = load.load_case(case_id)
    cited = case.relations["fact_ids"].iloc[0][0]
    broken = dataclasses.replace(case, facts=case.facts[case.facts["fact_id"] != cited].reset_index(drop=True))
    monkeypatch.setattr(explorer.load, "load_case", lambda c, d=None: broken)
    with pytest.raises(ValueError, match=rf"data/cases/{case_id}/relations.csv.*{cited}"):
        explorer.explorer_data(case_id)


def test_a_tie_without_note_still_renders(data_copy):
    from helpers import rows, write
    from analysis.validate import validate_package
    folder = data_copy / "cases" / "hefei-brt-shelter-collapse"
    recs = rows(folder / "relations.csv")
    recs[0]["note"] = ""
    write(folder / "relations.csv", recs)
    assert validate_package(data_copy) == []
    data = explorer.explorer_data("hefei-brt-shelter-collapse", data_copy)
    tie = next(t for t in data["ties"] if t["id"] == recs[0]["relation_id"])
    assert tie["note"] == "" and tie["facts"]
    assert "<table" in explorer.render(data, "A caption.", "explorer-hefei-brt-shelter-collapse")
