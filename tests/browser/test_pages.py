"""Every page of the built book in real Chromium: accessibility (axe), links and anchors, solution toggles, no
horizontal overflow on a phone, and tables that fit their column at desktop width.

Run by ``make test`` (last step) and ``make browser-test``; ``tests/browser/conftest.py`` serves the site and
starts the browser. Each test runs once per HTML page of ``_build/html``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sitecheck import DESKTOP, NO_BOOK, PHONE, link_problem, site_pages, target_of

# axe impacts that fail a page: issue 10 asks for 0 violations of impact serious or critical.
FAILING_IMPACTS = ("serious", "critical")

AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}))
  }));
}"""

# The page's width against the viewport, and when it overflows, the element that makes it overflow: among the
# elements neither fixed nor clipped by a scrolling or hidden-overflow ancestor (a wide table inside a scroll
# container does not widen the page), the innermost one whose right edge reaches furthest; named by tag, id, classes and text.
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth, scrollWidth = doc.scrollWidth;
  if (scrollWidth <= width) return {width, scrollWidth, widest: null};
  // Fixed elements (off-canvas sidebars) do not widen the page either, nor does anything inside them.
  const clips = el => { const s = getComputedStyle(el); return s.overflowX !== 'visible' || s.position === 'fixed'; };
  const clipped = new Map();
  const isClipped = el => {
    const p = el.parentElement;
    if (!p || p === document.body || p === doc) return false;
    if (clipped.has(p)) return clipped.get(p);
    const c = clips(p) || isClipped(p);
    clipped.set(p, c);
    return c;
  };
  let best = null, bestRight = -1;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if ((r.width === 0 && r.height === 0) || isClipped(el) || getComputedStyle(el).position === 'fixed') continue;
    const right = r.right + window.scrollX;
    if (right > width && right >= bestRight) { best = el; bestRight = right; }
  }
  if (!best) return {width, scrollWidth, widest: null};
  const label = (e, n) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].slice(0, n).map(c => '.' + c).join('');
  const ancestors = [];
  for (let a = best.parentElement; a && a !== document.body && ancestors.length < 3; a = a.parentElement) ancestors.push(label(a, 2));
  return {width, scrollWidth, widest: {name: label(best, 4), right: Math.round(bestRight),
          width: Math.round(best.getBoundingClientRect().width),
          text: (best.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80), inside: ancestors.join(' < ')}};
}"""

# Solution boxes and dropdowns: sphinx-exercise solutions with the dropdown class and other admonitions that
# sphinx-togglebutton folds (a button in the title toggles them), and <details> elements (opened by their summary).
TOGGLES = ".admonition.dropdown, .admonition.toggle, details"


def _skip_if_no_book(page: str) -> None:
    if page == NO_BOOK:
        pytest.fail("no built book in _build/html: run `make book` (or `make test`) first", pytrace=False)


def test_axe_no_serious_or_critical_violations(page, site, base_url, desktop, axe_source):
    _skip_if_no_book(page)
    tab = desktop.new_page()
    try:
        tab.goto(base_url + page, wait_until="load")
        tab.add_script_tag(content=axe_source)
        violations = tab.evaluate(AXE_RUN_JS)
    finally:
        tab.close()
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    lines = [f"{page}: {v['impact']} {v['id']} ({v['help']}) at {n['target']}: {n['summary']}"
             for v in failing for n in v["nodes"]]
    assert not failing, f"axe: {len(lines)} serious or critical violation(s) on {page}:\n" + "\n".join(lines)


def test_internal_links_and_anchors_resolve(page, site, base_url, page_facts):
    _skip_if_no_book(page)
    broken = []
    for tag, attr, url, raw in page_facts(page)["links"]:
        target = target_of(site, base_url, url)
        if target is None:
            continue
        rel, fragment = target
        problem = link_problem(site, rel, fragment, lambda r: page_facts(r)["ids"])
        if problem:
            broken.append(f"{page}: <{tag} {attr}=\"{raw}\">: {problem}")
    broken = sorted(set(broken))
    assert not broken, f"{len(broken)} broken internal link(s) on {page}:\n" + "\n".join(broken)


def test_solution_toggles_open_when_clicked(page, site, base_url, desktop):
    _skip_if_no_book(page)
    tab = desktop.new_page()
    failures = []
    try:
        tab.goto(base_url + page, wait_until="load")
        toggles = tab.locator(TOGGLES)
        for i in range(toggles.count()):
            box = toggles.nth(i)
            label = box.get_attribute("id") or f"toggle {i + 1} ({box.evaluate('e => e.className')})"
            if box.evaluate("e => e.tagName") == "DETAILS":
                box.locator("summary").first.click()
                if not box.evaluate("e => e.open"):
                    failures.append(f"{label}: <details> did not open when its summary was clicked")
                continue
            body = box.locator(":scope > :not(.admonition-title)").first
            if body.count() == 0:
                failures.append(f"{label}: nothing to show under the title")
                continue
            if body.is_visible():
                failures.append(f"{label}: content shown before the toggle was clicked (the toggle is not folded)")
                continue
            # The reader's control: the toggle button sphinx-togglebutton puts in the title, else the title itself.
            button = box.locator(".toggle-button").first
            if button.count() == 0:
                button = box.locator(".admonition-title").first
            button.click()
            if not _shows(body):
                failures.append(f"{label}: content still hidden after clicking {button.evaluate('e => e.className')}")
    finally:
        tab.close()
    assert not failures, f"solution toggles that do not open on {page}:\n" + "\n".join(failures)


def _shows(locator) -> bool:
    try:
        locator.wait_for(state="visible", timeout=2000)
        return True
    except Exception:
        return False


def test_the_book_has_solution_toggles(site):
    """Guards the toggle test against becoming empty: the book's exercises have folded solutions."""
    pages = [p for p in site_pages(site) if 'class="solution dropdown' in (site / p).read_text(encoding="utf-8")]
    assert pages, "no page of the built book has a folded solution (class 'solution dropdown'); the toggle test checks nothing"


def test_no_horizontal_overflow_on_a_phone(page, site, base_url, phone):
    _skip_if_no_book(page)
    tab = phone.new_page()
    try:
        tab.goto(base_url + page, wait_until="load")
        result = tab.evaluate(OVERFLOW_JS)
    finally:
        tab.close()
    limit = PHONE["width"]
    widest = result["widest"]
    where = (f"widest element {widest['name']} (inside {widest['inside']}) reaches {widest['right']} px, "
             f"{widest['width']} px wide, text {widest['text']!r}") if widest else "no single element found"
    assert result["scrollWidth"] <= limit, (
        f"{page} is {result['scrollWidth']} px wide on a {limit} px viewport: {where}")


# Tables wider than the column they sit in. The theme puts every table in a horizontally scrolling container, so a
# wide table never widens the page; it makes the reader scroll sideways inside the table instead. At desktop width a
# table must fit its column.
#: A table may be up to this many times as wide as its column at desktop width, scrolling sideways inside its own box:
#: reference tables with many short columns (the data dictionary, the statistics) would otherwise have to break
#: words in the middle. A table beyond it is a wide table, for example the first edition's 3,817 px sources table or
#: a cell with a long unbreakable string, and fails.
WIDE_FACTOR = 1.5
WIDE_TABLES_JS = """() => {
  const out = [];
  for (const t of document.querySelectorAll('article table, main table')) {
    let box = t.parentElement;
    while (box && box !== document.body && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    if (!box || box === document.body) continue;
    const width = Math.round(t.getBoundingClientRect().width), column = box.clientWidth;
    if (width > column * %s) {
      const caption = t.querySelector('caption');
      out.push({id: t.id || '', caption: caption ? caption.textContent.trim().replace(/\\s+/g, ' ').slice(0, 70) : '', width, column});
    }
  }
  return out;
}"""


def test_no_table_is_far_wider_than_its_column_at_desktop_width(page, site, base_url, desktop):
    _skip_if_no_book(page)
    tab = desktop.new_page()
    try:
        tab.goto(base_url + page, wait_until="load")
        wide = tab.evaluate(WIDE_TABLES_JS % WIDE_FACTOR)
    finally:
        tab.close()
    lines = [f"{page}: table {w['id'] or '(no id)'} {w['caption']!r} is {w['width']} px wide in a {w['column']} px column"
             for w in wide]
    assert not wide, (f"{len(wide)} table(s) more than {WIDE_FACTOR} times as wide as their column at "
                      f"{DESKTOP['width']} px on {page}:\n" + "\n".join(lines))


# --- Network explorer, keyboard use (issue 10, item 6) -------------------------------------------------------------
# The explorer's DOM contract is documented in analysis/explorer.py.

def explorer_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "book" / "cases").glob("*.html")
                  if "data-network-explorer=" in p.read_text(encoding="utf-8"))


def test_every_case_page_has_an_explorer(site):
    cases = sorted(p.stem for p in (site / "book" / "cases").glob("*.html"))
    assert cases and [Path(p).stem for p in explorer_pages(site)] == cases


def test_the_explorer_works_from_the_keyboard(site, base_url, desktop):
    """Tab reaches an actor, Enter selects it and lists its ties with links to facts on the page, Space deselects it,
    and the phase filter changes with the arrow keys, hiding the actors without a tie in that phase."""
    pages = explorer_pages(site)
    assert pages, "no page with a network explorer in the built book"
    for rel in pages:
        tab = desktop.new_page()
        try:
            tab.goto(base_url + rel, wait_until="load")
            root = tab.locator("[data-network-explorer]")
            assert root.get_attribute("data-explorer-ready") == "1", f"{rel}: the explorer's script did not run"
            tab.locator("select[data-explorer-phase]").focus()
            for _ in range(6):                                  # the sector filter, then the first actor button
                tab.keyboard.press("Tab")
                if tab.evaluate("document.activeElement.matches('button[data-actor]')"):
                    break
            actor = tab.evaluate("document.activeElement.getAttribute('data-actor')")
            assert actor, f"{rel}: Tab from the filters does not reach an actor button"
            tab.keyboard.press("Enter")
            button = tab.locator(f'button[data-actor="{actor}"]')
            assert button.get_attribute("aria-pressed") == "true", f"{rel}: Enter does not select actor {actor}"
            ties = tab.locator("[data-explorer-ties] li[data-tie]")
            assert ties.count() > 0, f"{rel}: selecting {actor} lists no ties"
            hrefs = tab.eval_on_selector_all("[data-explorer-ties] a[data-fact]", "els => els.map(e => e.getAttribute('href'))")
            missing = [h for h in hrefs if not tab.evaluate("id => !!document.getElementById(id)", h.lstrip("#"))]
            assert hrefs and not missing, f"{rel}: fact links of {actor}'s ties lead nowhere: {missing}"
            tab.keyboard.press("Space")
            assert button.get_attribute("aria-pressed") == "false", f"{rel}: Space does not deselect actor {actor}"
            shown = tab.locator("li:has(> button[data-actor]):not([hidden])").count()
            tab.locator("select[data-explorer-phase]").focus()
            tab.keyboard.press("ArrowDown")                     # the first phase instead of all phases
            value = tab.eval_on_selector("select[data-explorer-phase]", "s => s.value")
            assert value, f"{rel}: the phase filter does not change from the keyboard"
            filtered = tab.locator("li:has(> button[data-actor]):not([hidden])").count()
            assert filtered < shown, f"{rel}: filtering on phase {value!r} still shows all {shown} actors"
        finally:
            tab.close()
