"""Accessibility of the built handbook in Chromium: axe-core on every page, keyboard, words.

**axe-core** (WCAG 2.1 A and AA rules; pinned in ``tests/a11y/package-lock.json``, installed by
``make test`` with ``npm ci``, put into each page from disk: nothing is fetched) runs on every page
of the built site — every page in force, every page of every pending revision, and the 404 page —
in each view staff read it: at the front-desk screen (1366×768) in Material's light scheme and,
switched with Material's own palette toggle, in its dark scheme (``slate``: the rules whose outcome
depends on colour), and on a phone (360×740). No page may have a serious or critical violation in
any view. The pages are walked once, for these tests and the reading tests together
(``tests/site_walk.py``, fixture ``walked``).

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

from browser import built_pages
from site_walk import A11Y, AXE

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}
#: The views, by the screen walked and the result read: at the desk in Material's light scheme
#: (``default``) and dark scheme (``slate``, the desk's page switched with the palette toggle), and
#: on a phone.
VIEWS = {"desk-light": ("desk", None, "default"), "desk-dark": ("desk", "dark", "slate"),
         "phone": ("phone", None, "default")}
#: Overflow (CSS px) from which a box is worth a "scroll sideways" hint (reading.js SLACK).
SLACK = 24


def require_axe() -> None:
    """axe-core as pinned in package-lock.json, or skip (outside CI) / fail (in CI)."""
    lock = json.loads((A11Y / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    installed = AXE.parent / "package.json"
    problem = None
    if not AXE.exists():
        problem = f"{AXE.relative_to(A11Y.parent.parent)} is missing"
    elif json.loads(installed.read_text(encoding="utf-8"))["version"] != pinned:
        problem = f"axe-core {json.loads(installed.read_text(encoding='utf-8'))['version']} installed, {pinned} pinned"
    if problem:
        message = f"{problem}: run `npm ci --prefix tests/a11y` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def site_pages(site: Path) -> list[str]:
    return built_pages(site) + ["/404.html"]


def view_of(walked: dict[str, dict[str, dict]], view: str) -> dict[str, dict]:
    """{page: {scheme, axe[, boxes]}} of one view (an error stands for the whole page)."""
    screen, part, _ = VIEWS[view]
    return {path: (result if "error" in result else result[part] if part else result)
            for path, result in walked[screen].items()}


@pytest.fixture(scope="module")
def audited(walked) -> dict[str, dict[str, dict]]:
    require_axe()
    return {view: view_of(walked, view) for view in VIEWS}


def test_every_page_is_audited_in_every_view(audited, built_site: Path) -> None:
    pages = site_pages(built_site)
    assert len(pages) > 400 and "/sops/renovation/" in pages and "/404.html" in pages
    assert any(re.search(r"/\d{4}-\d{2}-\d{2}/$", p) for p in pages)  # the pending revisions' pages too
    for view, (_, _, scheme) in VIEWS.items():
        assert set(audited[view]) == set(pages)
        errors = {p: r["error"] for p, r in audited[view].items() if "error" in r}
        assert errors == {}
        wrong = {p for p, r in audited[view].items() if r["scheme"] != scheme}
        assert wrong == set(), f"{view}: not in Material's {scheme} scheme"
        assert all(r["axe"] is not None for r in audited[view].values())


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_serious_or_critical_axe_violation(audited, view: str) -> None:
    found: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    for path, result in audited[view].items():
        for v in result["axe"]:
            if v["impact"] in BLOCKING:
                counts[v["id"]] += 1
                node = v["nodes"][0]
                found.setdefault(v["id"], []).append(
                    f"{path} ({len(v['nodes'])}×) {node['target']}: {node['html']} — {node['summary']}")
    report = "\n".join(f"{rule}: {counts[rule]} pages\n    " + "\n    ".join(lines[:5])
                       for rule, lines in found.items())
    assert counts == Counter(), f"{view}:\n{report}"


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_every_scrolling_box_is_a_tab_stop_and_hints_only_real_overflow(walked, screen: str) -> None:
    """A box that scrolls sideways can be reached with Tab (reading.js); its hint ("左右滑动")
    shows only when more than SLACK px are hidden (a 12 px overflow is set tighter instead)."""
    no_stop, false_hint, no_hint = [], [], []
    scrolling = 0
    for path, result in walked[screen].items():
        for box in result.get("boxes", []):
            if box["scrolls"] and box["overflow"] > 1:
                scrolling += 1
                if not box["tabStop"]:
                    no_stop.append((path, box["what"], box["overflow"]))
            if box["hint"] and box["overflow"] <= SLACK:
                false_hint.append((path, box["what"], box["overflow"]))
            if box["scrolls"] and box["overflow"] > SLACK and not box["hint"]:
                no_hint.append((path, box["what"], box["overflow"]))
    if screen == "phone":
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
