"""Accessibility of the built handbook in Chromium: axe-core on every page, keyboard, words.

**axe-core** (WCAG 2.1 A and AA rules; pinned in ``tests/a11y/package-lock.json``, installed by
``make test`` with ``npm ci``, put into each page from disk with Playwright's
``add_init_script``: nothing is fetched) runs on every page of the built site, and on its 404
page, at the front-desk screen (1366×768) in the light scheme. The dark scheme (the desk's page
switched with Material's palette toggle, ``slate``; the rules that depend on colour) and the phone
(360×740) are audited on every kind of page, each by its shortest and its longest page
(``sample_pages``): what differs there comes from the shared CSS and JS. Auditing all three views
of every page took over 15 minutes on a loaded 2-core machine; the phone still loads every page
to measure its scrolling boxes. No audited page may have a serious or critical violation. One
browser; two tabs for the desk and two for the phone; while axe runs in some, others load.

The rest checks what axe cannot: a keyboard reaches every kind of scrolling box and scrolls it
with the arrow keys; a "scroll sideways" hint only where the overflow is real; the 404 page and
the footer in Chinese; the phone's jump list (本页目录); the accessibility tree of a procedure
page (one chart image with its text alternative, in reading order); a printed procedure page
without its flowchart's heading alone on a page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from browser import visited_pages
from conftest import ROOT

pytestmark = pytest.mark.browser

A11Y = ROOT / "tests" / "a11y"
AXE = A11Y / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}
#: The views: at the desk in Material's light scheme (``default``) and dark scheme (``slate``), and
#: on a phone. The dark view is the desk's page switched with Material's own palette toggle, as
#: staff switch it: the same page, laid out the same, in other colours; it runs the rules whose
#: outcome depends on colour (every other rule gives what it gave on the same page in light).
VIEWS = {"desk-light": "default", "desk-dark": "slate", "phone": "default"}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
#: Overflow (CSS px) from which a box is worth a "scroll sideways" hint (reading.js SLACK).
SLACK = 24


def require_axe() -> None:
    """axe-core as pinned in package-lock.json, or skip (outside CI) / fail (in CI)."""
    lock = json.loads((A11Y / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    installed = AXE.parent / "package.json"
    problem = None
    if not AXE.exists():
        problem = f"{AXE.relative_to(ROOT)} is missing"
    elif json.loads(installed.read_text(encoding="utf-8"))["version"] != pinned:
        problem = f"axe-core {json.loads(installed.read_text(encoding='utf-8'))['version']} installed, {pinned} pinned"
    if problem:
        message = f"{problem}: run `npm ci --prefix tests/a11y` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def site_pages(site: Path) -> list[str]:
    return visited_pages(site) + ["/404.html"]  # every page in force; pending ones by section and day


def page_kind(path: str) -> str:
    """A page's kind: its section, and whether it is the section's index (/sops/) or one of its
    pages (/sops/renovation/); the cover, the guide and the 404 page are kinds of their own."""
    parts = path.strip("/").split("/")
    return parts[0] + ("" if len(parts) == 1 else "/*")


def sample_pages(site: Path) -> set[str]:
    """Every kind of page, each by its shortest and its longest page: the pages the dark scheme and
    the phone are audited on. Their differences from the desk's light view come from the shared
    CSS and JS, which these pages put to use (every page is audited at the desk, and every page's
    scrolling boxes are measured on the phone)."""
    kinds: dict[str, list[tuple[int, str]]] = {}
    for path in site_pages(site):
        html = site / path.strip("/") if path.endswith(".html") else site / path.strip("/") / "index.html"
        kinds.setdefault(page_kind(path), []).append((html.stat().st_size, path))
    return {p for pages in kinds.values() for p in (min(pages)[1], max(pages)[1])}


# Started in the page and not awaited (the function returns at once; the result is polled from
# window.__audit): while axe runs in one tab's renderer another tab loads its next page.
# reading.js finishes its layout 300 ms after DOMContentLoaded (after Material has wrapped the
# tables); axe starts after that. With ``run`` false only the scrolling boxes are measured.
START_AUDIT = """({tags, colourRules, dark, run}) => { window.__audit = null; (async () => {
  const ready = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd + 400;
  await new Promise(r => setTimeout(r, Math.max(0, ready - performance.now())));
  const report = r => r.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: (n.failureSummary || '').slice(0, 300)})),
  }));
  const boxes = () => [...document.querySelectorAll('.md-typeset__scrollwrap, figure.flowchart, figure.orgchart, .form-sheet')]
    .map(box => ({
      overflow: box.scrollWidth - box.clientWidth,
      hint: !!(box._hbHint && !box._hbHint.hidden && box._hbHint.offsetParent),
      tabStop: box.tabIndex >= 0 && box.hasAttribute('tabindex'),
      scrolls: /auto|scroll/.test(getComputedStyle(box).overflowX),
      what: box.tagName.toLowerCase() + '.' + box.className,
    }));
  const scheme = () => document.body.getAttribute('data-md-color-scheme');
  // Material's toggle: the visible button of the header's palette form, as a person clicks it
  const toggle = async want => {
    document.querySelector('form[data-md-component=palette] label:not([hidden])').click();
    for (let i = 0; i < 100 && (scheme() !== want || document.body.hasAttribute('data-md-color-switching')); i++)
      await new Promise(r => setTimeout(r, 20));
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
  };
  try {
    const out = {light: {scheme: scheme(), boxes: boxes(), audited: run,
      violations: run ? report(await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})) : []}};
    if (dark) {
      await toggle('slate');
      out.dark = {scheme: scheme(),
        violations: report(await axe.run(document, {runOnly: {type: 'rule', values: colourRules}, resultTypes: ['violations']}))};
      await toggle('default');  // Material keeps the choice for the next page
    }
    window.__audit = out;
  } catch (e) {
    window.__audit = {error: String(e)};
  }
})(); }"""


#: Tabs auditing at once, per screen: two each keep both cores busy while a tab loads its next page.
TABS = 2


@pytest.fixture(scope="module")
def audited(browser, site_url: str, built_site: Path) -> dict[str, dict[str, dict]]:
    """{view: {page path: {scheme, violations[, boxes]}}} for every page of the site."""
    require_axe()
    # the search index (2 MB, indexed by each page's worker) plays no part in the checks; an
    # empty one keeps Material's scripts as they are (a failed request stops some of them)
    config = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    empty_index = json.dumps({"config": config, "docs": []})
    out: dict[str, dict[str, dict]] = {view: {} for view in VIEWS}
    queue = {"desk": site_pages(built_site), "phone": site_pages(built_site)}
    sample = sample_pages(built_site)
    tabs = []
    running: dict[int, str] = {}
    try:
        for screen, viewport in (("desk", DESK), ("phone", PHONE)):
            for _ in range(TABS):
                # a context each: the palette toggle of one desk tab must not colour another's page
                context = browser.new_context(viewport=viewport, locale="zh-CN", color_scheme="light")
                context.route("**/search/search_index.json",
                              lambda route: route.fulfill(body=empty_index, content_type="application/json"))
                # axe-core from disk into every page before its own scripts (add_script_tag would
                # send and compile its 560 kB again for each page: a third more time)
                context.add_init_script(path=str(AXE))
                tabs.append((screen, context.new_page()))

        def start(i: int) -> None:
            screen, tab = tabs[i]
            path = queue[screen].pop(0)
            tab.goto(site_url + path, wait_until="load")
            sampled = path in sample
            tab.evaluate(START_AUDIT, {"tags": TAGS, "colourRules": COLOUR_RULES,
                                       "dark": screen == "desk" and sampled, "run": screen == "desk" or sampled})
            running[i] = path

        for i, (screen, _) in enumerate(tabs):
            if queue[screen]:
                start(i)
        while running:
            for i, path in list(running.items()):
                screen, tab = tabs[i]
                result = tab.evaluate("() => window.__audit")
                if result is None:
                    continue
                del running[i]
                if "error" in result:
                    result = {"light": result, "dark": result}
                if screen == "phone":
                    out["phone"][path] = result["light"]
                else:
                    out["desk-light"][path] = result["light"]
                    if "dark" in result:
                        out["desk-dark"][path] = result["dark"]
                if queue[screen]:
                    start(i)
            if running:
                tabs[next(iter(running))][1].wait_for_timeout(30)
    finally:
        for _, tab in tabs:
            tab.context.close()
    return out


def test_every_page_is_audited_in_every_view(audited, built_site: Path) -> None:
    pages = site_pages(built_site)
    sample = sample_pages(built_site)
    assert len(pages) > 100 and "/sops/renovation/" in pages and "/404.html" in pages
    # every kind of page is in the sample of the dark scheme and the phone
    assert {page_kind(p) for p in sample} == {page_kind(p) for p in pages}
    for view, scheme in VIEWS.items():
        assert set(audited[view]) == (sample if view == "desk-dark" else set(pages))
        errors = {p: r["error"] for p, r in audited[view].items() if "error" in r}
        assert errors == {}
        wrong = {p for p, r in audited[view].items() if r["scheme"] != scheme}
        assert wrong == set(), f"{view}: not in Material's {scheme} scheme"
    axed = {p for p, r in audited["phone"].items() if r["audited"]}
    assert axed == sample


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_serious_or_critical_axe_violation(audited, view: str) -> None:
    found: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    for path, result in audited[view].items():
        for v in result.get("violations", []):
            if v["impact"] in BLOCKING:
                counts[v["id"]] += 1
                node = v["nodes"][0]
                found.setdefault(v["id"], []).append(
                    f"{path} ({len(v['nodes'])}×) {node['target']}: {node['html']} — {node['summary']}")
    report = "\n".join(f"{rule}: {counts[rule]} pages\n    " + "\n    ".join(lines[:5])
                       for rule, lines in found.items())
    assert counts == Counter(), f"{view}:\n{report}"


@pytest.mark.parametrize("view", ["desk-light", "phone"])
def test_every_scrolling_box_is_a_tab_stop_and_hints_only_real_overflow(audited, view: str) -> None:
    """A box that scrolls sideways can be reached with Tab (reading.js); its hint ("左右滑动")
    shows only when more than SLACK px are hidden (a 12 px overflow is set tighter instead)."""
    no_stop, false_hint, no_hint = [], [], []
    scrolling = 0
    for path, result in audited[view].items():
        for box in result.get("boxes", []):
            if box["scrolls"] and box["overflow"] > 1:
                scrolling += 1
                if not box["tabStop"]:
                    no_stop.append((path, box["what"], box["overflow"]))
            if box["hint"] and box["overflow"] <= SLACK:
                false_hint.append((path, box["what"], box["overflow"]))
            if box["scrolls"] and box["overflow"] > SLACK and not box["hint"]:
                no_hint.append((path, box["what"], box["overflow"]))
    if view == "phone":
        assert scrolling > 20  # the wide charts and tables of the phone are all here
    assert no_stop == [] and false_hint == [] and no_hint == []


# ---------------------------------------------------------------- keyboard


def _tab_until(page, predicate: str, limit: int = 60) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return True
    return False


@pytest.mark.parametrize(("path", "box", "start"), [
    ("/sops/renovation/", "figure.flowchart", ".chart-tools button"),        # a chart wider than the phone
    ("/appendix/status/", ".md-typeset__scrollwrap.is-scrollable", "h1 .headerlink"),  # a wide table
    ("/forms/access-card-register/", ".form-sheet", "h1 .headerlink"),      # a ten-column register
])
def test_the_keyboard_reaches_and_scrolls_a_scrolling_box(browser, site_url: str, path: str, box: str, start: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(site_url + path, wait_until="load")
        page.wait_for_timeout(400)  # reading.js's second pass
        target = page.locator(box).first
        assert target.evaluate("b => b.scrollWidth > b.clientWidth + 24")
        page.locator(start).first.focus()
        assert _tab_until(page, f"el.matches({json.dumps(box)})"), f"Tab never reached {box}"
        name = target.evaluate("b => b.getAttribute('aria-label') || (b.querySelector('figcaption') || {}).textContent")
        assert name and name.strip()
        before = target.evaluate("b => b.scrollLeft")
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)  # smooth scrolling
        after, end = target.evaluate("b => [b.scrollLeft, b.scrollWidth - b.clientWidth]")
        assert after > before + 40 or (after > before and after >= end - 1)
    finally:
        context.close()


def test_the_full_screen_chart_is_scrolled_by_keyboard(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sops/renovation/", wait_until="load")
        page.locator(".chart-tools button").click()
        body = page.locator(".chart-viewer-body")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "关闭全屏"
        assert _tab_until(page, "el.classList.contains('chart-viewer-body')", limit=8)
        assert page.locator(".chart-viewer svg[role=img]:not([aria-hidden])").get_attribute("aria-label") == "装饰装修管理程序流程图"
        before = body.evaluate("b => b.scrollTop")
        for _ in range(4):
            page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)
        assert body.evaluate("b => b.scrollTop") > before + 40
    finally:
        context.close()


# ---------------------------------------------------------------- words


def test_the_404_page_and_the_footer_speak_chinese(page, site_url: str) -> None:
    p = page.page
    p.goto(f"{site_url}/404.html", wait_until="load")
    assert p.title().startswith("找不到这一页")
    assert p.locator("article h1").inner_text() == "找不到这一页"
    footer = p.locator(".md-copyright").inner_text()
    assert "本站由 MkDocs 和 Material for MkDocs 生成" in footer
    text = p.locator("body").inner_text()
    for english in ("Not found", "Made with", "404 -"):
        assert english not in text
    assert p.locator(".md-copyright a").count() == 0  # no link out of the intranet
    p.locator("article").get_by_role("link", name="操作流程及制度", exact=True).click()
    p.wait_for_load_state("load")
    assert p.url == f"{site_url}/sops/"
    p.goto(f"{site_url}/404.html", wait_until="load")
    p.locator("article").get_by_role("link", name="回到手册首页", exact=True).click()
    p.wait_for_load_state("load")
    assert p.url == f"{site_url}/"
    assert page.external_requests() == []
    # the headings' ¶ links are titled in Chinese too (toc.permalink_title)
    p.goto(f"{site_url}/sops/renovation/", wait_until="load")
    assert set(p.locator(".headerlink").evaluate_all("as => as.map(a => a.title)")) == {"本节链接"}


def test_links_in_text_are_underlined_on_screen_only(browser, site_url: str) -> None:
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/appendix/time-limits/", wait_until="load")
        link = page.locator("article p a").first
        assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")
        page.emulate_media(media="print")
        assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    finally:
        context.close()


def test_search_results_say_plainly_what_a_page_lacks_and_where_cells_end(home) -> None:
    from searchbox import search

    search(home, "水管 鳄鱼", "/")  # 鳄 is nowhere in the handbook
    terms = home.locator(".md-search-result__terms").first
    assert terms.inner_text().startswith("此页没有提到")
    assert terms.locator("del").first.evaluate("d => getComputedStyle(d).textDecorationLine") == "none"
    # a role's duties are a table: its cells are shown apart
    search(home, "受理装修登记", "/")
    gaps = home.locator(".md-search-result__article .cell-gap")
    assert gaps.count() > 0
    assert gaps.first.evaluate("g => getComputedStyle(g, '::before').content").strip('"').strip() == "｜"


# ---------------------------------------------------------------- reading on a phone


def test_a_phone_gets_a_jump_list_at_the_top(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sops/renovation/", wait_until="load")
        jump = page.locator("nav.page-jump")
        box = jump.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"]  # on the first screen
        page.get_by_role("navigation", name="本页目录").get_by_role("link", name="6.0 工作程序").click()
        page.wait_for_timeout(300)
        top = page.locator("h2[id='60']").evaluate("h => h.getBoundingClientRect().top")
        assert 0 <= top <= 120  # under the page header
        # the long role page and a training path (27 lessons, folded) get theirs too
        page.goto(f"{site_url}/roles/cs-assistant/", wait_until="load")
        assert page.locator("nav.page-jump a").count() >= 8
        page.goto(f"{site_url}/training/cs-assistant/", wait_until="load")
        assert page.locator("nav.page-jump details:not([open])").count() == 1
        # the cover's three doors stay on the first screen: no list there
        page.goto(f"{site_url}/", wait_until="load")
        assert page.locator("nav.page-jump").count() == 0
    finally:
        context.close()
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    try:  # at the desk Material's table of contents stands beside the text
        page.goto(f"{site_url}/sops/renovation/", wait_until="load")
        assert page.locator("nav.page-jump").count() == 1 and not page.locator("nav.page-jump").is_visible()
    finally:
        context.close()


# ---------------------------------------------------------------- accessibility tree


def test_a_procedure_page_reads_in_order_with_one_chart_image(browser, site_url: str) -> None:
    """Chromium's accessibility tree of a procedure page: the headings in the order they are seen,
    the jump list after the title, one image for the flowchart named by its title and described
    (the sticky copy of the lane names and the print tiles are hidden from it)."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sops/renovation/", wait_until="load")
        page.wait_for_timeout(400)
        tree = page.locator("article").aria_snapshot()
        headings = re.findall(r'heading "([^"]+?) ¶" \[level=2\]', tree)
        seen = page.locator("article > h2").evaluate_all(
            "hs => hs.filter(h => h.offsetParent).sort((a, b) => a.getBoundingClientRect().top"
            " - b.getBoundingClientRect().top).map(h => h.textContent.replace('¶', '').trim())")
        assert headings == seen and headings[5] == "6.0 工作程序"
        assert tree.index('navigation "本页目录"') < tree.index('heading "1.0 目的')
        images = re.findall(r'- img "([^"]*)"', tree)
        assert len(images) == 1 and images[0].startswith("装饰装修管理程序流程图")
        assert tree.index('figure "装饰装修管理程序流程图"') < tree.index('heading "6.0 工作程序')
    finally:
        context.close()


# ---------------------------------------------------------------- print


def test_a_printed_procedure_has_no_heading_alone_on_a_page(browser, site_url: str, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not found (apt-get install poppler-utils)")
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sops/renovation/", wait_until="load")
        page.wait_for_timeout(400)  # reading.js has framed the chart
        assert page.locator(".chart-frame figure.flowchart").count() == 1
        pdf = tmp_path / "renovation.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        context.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets = [s for s in text.split("\f") if s.strip()]
    assert not any("5.0 流程图" in s for s in sheets)
    stamp = re.compile(r"打印件为非受控文件|文件编号|第 \d+ 页|打印日期|^\s*$")
    bare = [i + 1 for i, s in enumerate(sheets) if len([line for line in s.splitlines() if not stamp.search(line)]) < 3]
    assert bare == [], f"pages with next to nothing on them: {bare}"
