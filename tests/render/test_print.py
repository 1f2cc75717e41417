"""Printing: checklists on one A4 sheet each, the binder page, blank forms, clean procedure pages.

The pure parts (addresses, QR codes, densities, form layout) are tested on the data; the printouts
themselves are made by headless Chromium (``page.pdf``, A4, background graphics on) from the real
built handbook and read back with poppler's ``pdfinfo`` / ``pdftotext``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.render.checklist_page import ALL_PAGE
from handbook.render.formlayout import DENSITIES, SHEET_ROOM_MM, form_density, form_orientation, form_sheets, sheet_height
from handbook.manual.manual import Manual
from handbook.manual.numbering import form_code, sop_code, sop_heading
from handbook.render.pages import navigation, render_pages
from handbook.data.placeholders import expand
from handbook.render.printing import checklist_density, live_base, page_url, qr_svg
from handbook.render.stamp import UNCONTROLLED

from conftest import DATA, ROOT, mkdocs_build
from helpers import MINI, TODAY, copy_mini

PUBLIC = "https://handbook.example.cn/manual/"


@pytest.fixture(scope="module")
def manual() -> Manual:
    manual, problems = check(DATA)
    assert manual is not None, problems
    return manual


@pytest.fixture(scope="module")
def mini() -> Manual:
    manual, problems = check(MINI, today=TODAY)
    assert problems == [] and manual is not None
    return manual


# ---------------------------------------------------------------- addresses and QR codes


@pytest.mark.parametrize("site_url", [None, "", "http://127.0.0.1:8000/", "http://localhost/", "ftp://x.cn/", "x.cn"])
def test_no_live_address_without_a_public_site_url(site_url: str | None) -> None:
    assert live_base(site_url) is None
    assert page_url(site_url, "checklists/repair.md") is None


def test_page_urls_follow_directory_urls() -> None:
    assert live_base("https://handbook.example.cn/manual") == PUBLIC
    assert page_url(PUBLIC, "checklists/repair.md") == PUBLIC + "checklists/repair/"
    assert page_url(PUBLIC, "checklists/index.md") == PUBLIC + "checklists/"
    assert page_url(PUBLIC, "index.md") == PUBLIC


def test_qr_code_only_with_site_url(mini: Manual) -> None:
    plain = render_pages(mini)
    assert not any("qr-code" in text for text in plain.values())
    # the 扫码 caption of a printout's code; the 手机扫码访问 poster page is named so, code or not
    assert not any("扫码" in text for path, text in plain.items() if path != "appendix/poster.md")
    local = render_pages(mini, site_url="http://127.0.0.1:8000/")
    assert not any("qr-code" in text for text in local.values())

    pages = render_pages(mini, site_url=PUBLIC)
    # each printout links to its own live page; the SVG is drawn at build time, deterministically
    assert qr_svg(PUBLIC + "checklists/repair/") in pages["checklists/repair.md"]
    assert qr_svg(PUBLIC + "sops/repair/") in pages["sops/repair.md"]
    assert qr_svg(PUBLIC + "forms/repair-order/") in pages["forms/repair-order.md"]
    assert qr_svg(PUBLIC + "checklists/complaint/") in pages[ALL_PAGE]
    assert pages["checklists/repair.md"].count("<svg") == 1  # in the sheet head, not again in the stamp
    assert render_pages(mini, site_url=PUBLIC) == pages
    svg = qr_svg(PUBLIC)
    assert svg.startswith("<svg") and "<title>扫码查看在线版本</title>" in svg and "\n\n" not in svg


# ---------------------------------------------------------------- checklist pages (rendered)


def test_checklist_sheet_content(mini: Manual) -> None:
    page = render_pages(mini)["checklists/repair.md"]
    assert "一、报修处理程序 · 前台检查单" in page
    assert "文件编号 TEST-KF-QP-01 · 版号/改次 A/0 · 生效日期 2026-01-01" in page
    assert "测试花园 · 客户服务中心" in page
    assert page.count('<input type="checkbox"') == 2
    assert '<span class="limit">30 分钟内</span>' in page  # the time limit next to its item
    for label in ("经办人", "复核人", "日期"):
        assert f'<span class="fill-label">{label}</span>' in page
    assert UNCONTROLLED in page


def test_all_checklists_page(mini: Manual) -> None:
    pages = render_pages(mini)
    page = pages[ALL_PAGE]
    assert page.count('class="checklist-sheet') == len(mini.sops)
    assert [m for m in re.findall(r'data-sheet="([a-z-]+)"', page)] == list(mini.sops)
    assert "<input" not in page  # ink only: nothing is ticked or kept in the browser
    assert "data-print" in page
    nav = navigation(mini)
    checklists = next(item["前台检查单"] for item in nav if "前台检查单" in item)
    assert checklists[1] == {"打印全部检查单": ALL_PAGE}
    assert "](all.md)" in pages["checklists/index.md"]


def _long_checklist(data: Path, groups: int, per_group: int) -> None:
    path = data / "sops" / "repair.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("checklist:"), text.index("self_check:")
    items = ["checklist:"]
    for g in range(groups):
        items += [f"  - title: 第{g + 1}组", "    items:"]
        items += [f"      - 核对第{g + 1}组第{i + 1}项资料是否齐全并签字确认" for i in range(per_group)]
    path.write_text(text[:start] + "\n".join(items) + "\n" + text[end:], encoding="utf-8")


def test_longer_checklists_are_set_tighter(tmp_path: Path) -> None:
    seen = []
    for n, (groups, per_group) in enumerate([(1, 4), (3, 5), (4, 5), (7, 6)]):
        data = copy_mini(tmp_path / str(n))
        _long_checklist(data, groups, per_group)
        manual, problems = check(data, today=TODAY)
        assert manual is not None, problems
        seen.append(checklist_density(manual.sops["repair"]))
    assert seen == ["roomy", "normal", "compact", "dense"]


def test_real_checklists_fit_without_the_densest_setting(manual: Manual) -> None:
    assert {checklist_density(sop) for sop in manual.sops.values()} <= {"roomy", "normal", "compact"}


# ---------------------------------------------------------------- form layout


def test_wide_registers_print_landscape(manual: Manual) -> None:
    for form_id, form in manual.forms.items():
        columns = 1 + sum(len(s.fields) for s in form.sections)
        expected = "landscape" if form.rows and columns >= 7 else "portrait"
        assert form_orientation(form) == expected, form_id
    assert form_orientation(manual.forms["visitor-call-log"]) == "landscape"
    assert form_orientation(manual.forms["paid-service-price-list"]) == "portrait"


def test_form_density_is_the_roomiest_that_fits(manual: Manual) -> None:
    for form_id, form in manual.forms.items():
        if form.rows:
            continue
        density = form_density(form)
        normal, compact = (sheet_height(form, d) for d in DENSITIES)
        assert compact < normal, form_id
        if normal <= SHEET_ROOM_MM:
            assert density == "normal", form_id
        elif compact <= SHEET_ROOM_MM:
            assert density == "compact", form_id
        else:  # two sheets anyway: keep the room to write
            assert density == "normal" and form_sheets(form) == 2, form_id
    assert sum(form_sheets(f) == 1 for f in manual.forms.values()) >= len(manual.forms) - 2


def test_form_page_carries_its_print_classes(mini: Manual) -> None:
    page = render_pages(mini)["forms/repair-order.md"]
    assert '<div class="form-sheet portrait density-normal" data-form="repair-order">' in page
    assert "表格编号 TEST-KF-R-01" in page


# ---------------------------------------------------------------- printing in Chromium

POPPLER = ("pdfinfo", "pdftotext")


def require_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} not found: apt-get install poppler-utils")
        pytest.skip(f"{', '.join(missing)} not found (apt-get install poppler-utils)")


def open_page(page, url: str) -> None:
    """Load a page and wait for handbook.js (not for the network to go idle: Material's search
    worker keeps fetching its index for seconds, and printing does not need it)."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-print-date]').textContent.length > 0")


def print_pdf(page, url: str, out: Path) -> Path:
    """Print ``url`` as the browser's print dialog does with A4, default margins, backgrounds on."""
    require_poppler()
    open_page(page, url)
    page.emulate_media(media="print")
    page.pdf(path=str(out), format="A4", print_background=True)
    return out


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    """Size (width, height in pt) of every page."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, check=True)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)]


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text of the PDF (or of one page), with all white space removed: pdftotext puts spaces
    between CJK characters and breaks wrapped lines. Raw order (the order the text was drawn,
    that is the page's order) keeps a table cell's wrapped label together."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def plain(text: str, manual: Manual) -> str:
    """Data text as it reads on paper: placeholders filled in, bold marks gone, no white space."""
    return re.sub(r"\s+", "", expand(text, manual.lookup).replace("**", ""))


def assert_stamp(text: str, code: str | None) -> None:
    assert UNCONTROLLED in text
    assert re.search(r"打印日期\d{4}-\d{2}-\d{2}", text), "print date not filled in"
    if code:
        assert f"文件编号{code}" in text


A4_PORTRAIT = (595.9, 842.9)


def is_a4(size: tuple[float, float], landscape: bool = False) -> bool:
    width, height = size if not landscape else size[::-1]
    return abs(width - A4_PORTRAIT[0]) < 2 and abs(height - A4_PORTRAIT[1]) < 2


SOP_IDS = [p.stem for p in sorted((DATA / "sops").glob("*.yaml"))]
FORM_IDS = [p.stem for p in sorted((DATA / "forms").glob("*.yaml"))]


@pytest.mark.browser
@pytest.mark.parametrize("sop_id", SOP_IDS)
def test_checklist_prints_on_one_a4_page(page, site_url: str, manual: Manual, sop_id: str, tmp_path: Path) -> None:
    pdf = print_pdf(page.page, f"{site_url}/checklists/{sop_id}/", tmp_path / "checklist.pdf")
    sizes = pdf_pages(pdf)
    assert len(sizes) == 1, f"{sop_id}: {len(sizes)} pages"
    assert is_a4(sizes[0])
    text = pdf_text(pdf)
    sop = manual.sops[sop_id]
    assert plain(sop_heading(manual, sop_id), manual) + "·前台检查单" in text
    assert f"文件编号{sop_code(manual, sop_id)}·版号/改次{sop.revision}·生效日期{sop.effective_date}" in text
    for field in sop.checklist_fields:
        assert plain(field, manual) in text
    for group in sop.checklist:
        assert plain(group.title, manual) in text
        for item in group.items:
            assert plain(item.text, manual) in text, (sop_id, item.text)
    for label in ("经办人", "复核人"):
        assert label in text
    assert_stamp(text, sop_code(manual, sop_id))
    assert "第1页/共1页" in text
    assert "返回程序" not in text and "清除勾选" not in text  # screen-only parts stay off paper
    # real boxes to tick: one per item, drawn as a solid black border (not a pale icon)
    boxes = page.page.evaluate("""() => [...document.querySelectorAll('.checklist-sheet li .box')].map(b => {
        const s = getComputedStyle(b); return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderTopColor]; })""")
    assert len(boxes) == sum(len(g.items) for g in sop.checklist)
    assert all(style == "solid" and width >= 1 and colour == "rgb(0, 0, 0)" for style, width, colour in boxes)
    assert page.external_requests() == []


@pytest.mark.browser
def test_all_checklists_print_one_per_sheet(page, site_url: str, manual: Manual, tmp_path: Path) -> None:
    pdf = print_pdf(page.page, f"{site_url}/checklists/all/", tmp_path / "all.pdf")
    sizes = pdf_pages(pdf)
    assert len(sizes) == len(manual.sops)
    for number, (sop_id, sop) in enumerate(manual.sops.items(), 1):
        text = pdf_text(pdf, number)
        assert plain(sop_heading(manual, sop_id), manual) + "·前台检查单" in text, number
        last = sop.checklist[-1].items[-1].text
        assert plain(last, manual) in text, (sop_id, "last item not on its own sheet")
        assert_stamp(text, None)
        assert f"第{number}页/共{len(manual.sops)}页" in text


@pytest.mark.browser
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_form_prints_as_a_blank_sheet(page, site_url: str, manual: Manual, form_id: str, tmp_path: Path) -> None:
    form = manual.forms[form_id]
    pdf = print_pdf(page.page, f"{site_url}/forms/{form_id}/", tmp_path / "form.pdf")
    sizes = pdf_pages(pdf)
    assert len(sizes) == form_sheets(form), f"{form_id}: {len(sizes)} pages, expected {form_sheets(form)}"
    landscape = form_orientation(form) == "landscape"
    assert all(is_a4(size, landscape) for size in sizes), sizes
    text = pdf_text(pdf)
    assert text.count(plain(form.title, manual)) == 1  # the sheet's title, not the page's too
    assert plain(form.purpose, manual)[:12] not in text  # the explanation stays on screen
    assert f"表格编号{form_code(manual, form_id)}" in text
    for section in form.sections:
        for field in section.fields:
            assert plain(field.label, manual) in text, (form_id, field.label)
    assert_stamp(text, form_code(manual, form_id))


@pytest.mark.browser
def test_procedure_page_prints_cleanly(page, site_url: str, manual: Manual, tmp_path: Path) -> None:
    sop_id = "complaint-handling"
    pdf = print_pdf(page.page, f"{site_url}/sops/{sop_id}/", tmp_path / "sop.pdf")
    count = len(pdf_pages(pdf))
    assert 2 <= count <= 10
    for number in range(1, count + 1):
        text = pdf_text(pdf, number)
        assert_stamp(text, sop_code(manual, sop_id))  # on every page
        assert f"第{number}页/共{count}页" in text
    text = pdf_text(pdf)
    for chrome in ("编写与维护指南", "跳转至", "搜索", "本页由数据文件"):
        assert chrome not in text, chrome  # navigation, header, search and the source note stay off
    # the layout rules that keep shapes and rows whole, checked on the laid-out page
    p = page.page
    figure = p.evaluate("""() => { const f = document.querySelector('figure.flowchart');
        return [getComputedStyle(f).breakInside, f.getBoundingClientRect().height]; }""")
    assert figure[0] == "avoid"
    assert figure[1] * 25.4 / 96 < 297 - 12 - 11 - 13  # fits one page area, so it is never cut
    rows = p.evaluate("() => [...document.querySelectorAll('article table tr')].map(r => getComputedStyle(r).breakInside)")
    assert rows and set(rows) == {"avoid"}


@pytest.mark.browser
def test_stamp_never_covers_the_text(page, site_url: str) -> None:
    """The stamp is fixed at the foot of each page; the room kept there must hold it."""
    for path in ("sops/renovation/", "checklists/move-in/", "forms/complaint-record/"):
        open_page(page.page, f"{site_url}/{path}")
        page.page.emulate_media(media="print")
        stamp, room = page.page.evaluate("""() => [
            document.querySelector('.print-stamp').getBoundingClientRect().height,
            parseFloat(getComputedStyle(document.querySelector('.md-content__inner')).paddingBottom)]""")
        assert 0 < stamp <= room, (path, stamp, room)


@pytest.mark.browser
def test_dark_scheme_prints_on_white(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        p = context.new_page()
        open_page(p, f"{site_url}/checklists/move-in/")
        assert p.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        p.emulate_media(media="print", color_scheme="dark")
        colours = p.evaluate("""() => [getComputedStyle(document.documentElement).colorScheme,
            getComputedStyle(document.body).backgroundColor,
            getComputedStyle(document.querySelector('.item-text')).color,
            getComputedStyle(document.querySelector('.box')).borderTopColor]""")
        assert colours == ["light", "rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    finally:
        context.close()


@pytest.mark.browser
def test_ticks_are_kept_per_page_and_cleared(page, site_url: str) -> None:
    p = page.page
    url = f"{site_url}/checklists/move-in/"
    open_page(p, url)
    boxes = p.locator(".checklist-sheet input[type=checkbox]")
    assert boxes.count() > 3
    p.locator(".checklist-sheet li label").nth(0).click()
    p.locator(".checklist-sheet li label").nth(2).click()
    p.reload(wait_until="load")
    p.wait_for_selector(".checklist-sheet[data-ready]", state="attached")
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, False, True, False]
    # another checklist keeps its own ticks
    open_page(p, f"{site_url}/checklists/renovation/")
    assert p.locator(".checklist-sheet input:checked").count() == 0
    open_page(p, url)
    assert p.locator(".checklist-sheet input:checked").count() == 2
    p.get_by_role("button", name="清除勾选").click()
    assert p.locator(".checklist-sheet input:checked").count() == 0
    p.reload(wait_until="load")
    p.wait_for_selector(".checklist-sheet[data-ready]", state="attached")
    assert p.locator(".checklist-sheet input:checked").count() == 0
    assert p.get_by_role("button", name="打印本页").count() == 1


# ---------------------------------------------------------------- a site with site_url and long lists


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small fixture handbook with ``site_url`` set and two long checklists, built and served."""
    root = tmp_path_factory.mktemp("public")
    project = root / "project"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(f"site_url: {PUBLIC}\n" + config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MINI, project / "procedures")
    _long_checklist(project / "procedures", groups=7, per_group=6)  # dense: two columns
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.build
@pytest.mark.browser
def test_long_checklist_with_qr_code_still_fits_one_page(page, public_site: str, tmp_path: Path) -> None:
    pdf = print_pdf(page.page, f"{public_site}/checklists/repair/", tmp_path / "long.pdf")
    assert len(pdf_pages(pdf)) == 1
    text = pdf_text(pdf)
    for g in range(7):
        for i in range(6):
            assert f"核对第{g + 1}组第{i + 1}项资料是否齐全并签字确认" in text  # compacted, nothing hidden
    assert "扫码查看在线版本" in text
    assert page.page.locator(".checklist-sheet.density-dense .sheet-qr svg").count() == 1
    pdf = print_pdf(page.page, f"{public_site}/sops/repair/", tmp_path / "sop.pdf")
    assert page.page.locator(".print-stamp .print-qr svg").count() == 1
    assert "扫码查看在线版本" in pdf_text(pdf, 1)
