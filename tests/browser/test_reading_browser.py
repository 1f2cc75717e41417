"""Reading the built handbook on a 360×740 phone and a 1366×768 desk screen, in headless Chromium.

Every page of the built site (every page in force and of every pending revision) is opened at both
sizes and must not be wider than the screen. On the procedure pages the box holding a step's
instructions (工作内容) must leave room to read (≥ 280 px on the phone, ≥ 420 px at the desk), and
every flowchart label must render at 10 CSS px or more on the phone: measured as the text's font
size times the scale the SVG is drawn at (its screen transform). The pages are walked once, for
these tests and the accessibility tests together (``tests/site_walk.py``, fixture ``walked``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import PENDING_PAGE, built_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}

#: The smallest width of the instructions box of every step, per screen.
MIN_STEP_WIDTH = {"phone": 280, "desk": 420}
MIN_LABEL_PX = 10.0


@pytest.fixture(scope="module")
def measured(walked) -> dict[str, dict[str, dict]]:
    """{screen: {page path: layout}} for every page of the site."""
    errors = {path: r["error"] for pages in walked.values() for path, r in pages.items() if "error" in r}
    assert errors == {}
    return {screen: {path: result["layout"] for path, result in pages.items() if path != "/404.html"}
            for screen, pages in walked.items()}


def test_every_page_of_the_site_is_measured(measured, built_site: Path) -> None:
    pages = built_pages(built_site)
    assert len(pages) > 400 and "/sops/renovation/" in pages and "/" in pages
    assert any(PENDING_PAGE.search(p) for p in pages)
    for screen in ("phone", "desk"):
        assert set(measured[screen]) == set(pages)


@pytest.mark.parametrize("screen", ["phone", "desk"])
def test_no_page_is_wider_than_the_screen(measured, screen: str) -> None:
    too_wide = {path: (m["scrollWidth"], m["wide"]) for path, m in measured[screen].items()
                if m["scrollWidth"] > m["innerWidth"]}
    assert too_wide == {}


@pytest.mark.parametrize("screen", ["phone", "desk"])
def test_the_instructions_of_every_step_get_room_to_read(measured, screen: str) -> None:
    procedures = {p: m for p, m in measured[screen].items() if p.startswith("/sops/") and p != "/sops/"}
    assert len(procedures) >= 20
    narrow = {p: round(min(m["steps"])) for p, m in procedures.items()
              if not m["steps"] or min(m["steps"]) < MIN_STEP_WIDTH[screen]}
    assert narrow == {}


def test_flowchart_labels_are_readable_on_the_phone(measured) -> None:
    charts = {p: m["labels"] for p, m in measured["phone"].items() if m["labels"]}
    assert len(charts) >= 20  # every procedure has its chart
    small = {p: round(min(labels), 1) for p, labels in charts.items() if min(labels) < MIN_LABEL_PX}
    assert small == {}


def test_a_wide_flowchart_scrolls_and_opens_full_screen(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sops/renovation/", wait_until="load")
        figure = page.locator("figure.flowchart")
        assert figure.evaluate("f => f.scrollWidth > f.clientWidth")  # drawn wider than the phone
        assert page.locator(".chart-hint").is_visible()
        # it opens scrolled to its start, not on lanes where nothing has happened yet
        start = page.locator("figure.flowchart .fc-start rect").bounding_box()
        assert start is not None and 0 <= start["x"] and start["x"] + start["width"] <= PHONE["width"]
        # scrolling down through the chart, its lane names stay under the page header
        page.evaluate("() => { const f = document.querySelector('figure.flowchart');"
                      " window.scrollTo(0, f.getBoundingClientRect().top + scrollY + 700); }")
        head = page.locator(".chart-head-box").bounding_box()
        chart = figure.bounding_box()
        assert head is not None and chart is not None
        assert chart["y"] < -500 and 0 <= head["y"] <= 60 and head["height"] > 20
        page.evaluate("() => window.scrollTo(0, 0)")
        page.locator(".chart-tools button").click()
        viewer = page.locator(".chart-viewer")
        assert viewer.is_visible()

        def size() -> float:
            return float(viewer.locator("svg:not(.chart-viewer-head)").evaluate("s => s.getBoundingClientRect().width"))

        before = size()
        viewer.get_by_role("button", name="放大").click()
        assert size() > before * 1.2
        viewer_head = viewer.locator("svg.chart-viewer-head")
        viewer.locator(".chart-viewer-body").evaluate("b => b.scrollTo(0, 800)")
        assert viewer_head.evaluate("h => h.getBoundingClientRect().top") < 120  # lane names stay in view
        page.keyboard.press("Escape")
        assert page.locator(".chart-viewer").count() == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_a_wide_table_says_it_scrolls(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/appendix/status/", wait_until="load")
        page.wait_for_selector(".scroll-hint", state="visible")
        assert "左右滑动" in page.locator(".scroll-hint").first.inner_text()
    finally:
        context.close()


def test_the_cover_shows_the_three_doors_on_the_first_phone_screen(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/", wait_until="load")
        doors = page.locator(".doors .door")
        assert doors.count() == 3
        bottoms = [doors.nth(i).evaluate("d => d.getBoundingClientRect().bottom") for i in range(3)]
        assert max(bottoms) <= PHONE["height"]
    finally:
        context.close()
