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
from handbook.site.inforce import editions
from handbook.render.urls import CHECKLISTS_ALL as ALL_PAGE
from handbook.render.formlayout import (
    COLUMN_MM, CONTINUED_HEAD_MM, DENSITIES, HEAD_MM, MIN_ENTRIES, NO_MM, REGISTER_ROOM_MM, REGISTER_WIDTH_MM,
    SHEET_ROOM_MM, column_mm, form_density, form_orientation, form_sheets, label_lines, register_layout, sheet_cuts,
    sheet_height, _section_heights, _sheet_cuts, _split,
)
from handbook.data.model import Form
from handbook.manual.manual import Manual
from handbook.manual.numbering import form_code, sop_code, sop_heading
from handbook.site.build import build_site, render_pages
from handbook.data.placeholders import expand
from handbook.render.printing import DENSITIES as DENSITY_NAMES, checklist_density, live_base, page_url, qr_svg
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
def in_force(manual: Manual) -> Manual:
    """The edition the built site shows today (the browser tests print the site): the text in force,
    from the repository's history."""
    return editions(manual, manual.checked_on).in_force or manual


@pytest.fixture(scope="module")
def site_editions(manual: Manual, in_force: Manual) -> list[Manual]:
    """The editions in the order the site shows a page from: in force, then each pending one."""
    return [in_force, *(edition for _, edition in editions(manual, manual.checked_on).pending), manual]


def shown(eds: list[Manual], kind: str, key: str) -> Manual:
    """The edition whose text a page has at its own address: in force, or for a page new in a
    pending revision, the first edition that has it."""
    return next(edition for edition in eds if key in getattr(edition, kind))


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
    nav = build_site(mini).nav
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


#: The smallest item text a checklist is read from at the desk, at arm's length (as a form's fields).
READABLE_PT = 9.0


def checklist_item_pt(density: str) -> float:
    """The item text size (pt) print.css gives a checklist sheet at a density (the base sheet's
    size unless the density sets its own)."""
    css = (ROOT / "docs" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    base = re.search(r"\n  \.checklist-sheet \{[^}]*--hb-item-size:\s*([\d.]+)pt", css)
    own = re.search(rf"\.checklist-sheet\.density-{density} \{{[^}}]*--hb-item-size:\s*([\d.]+)pt", css)
    assert base is not None
    return float((own or base).group(1))


def test_real_checklists_fit_one_sheet_readably(manual: Manual) -> None:
    """Every real checklist prints on one sheet (the browser test checks the paper) with its items
    at a readable size: the two-column dense setting is fine as long as its text stays at 9 pt or
    more; a list that would need smaller text goes to the long setting (more sheets) instead."""
    for sop_id, sop in manual.sops.items():
        density = checklist_density(sop)
        assert density in DENSITY_NAMES, (sop_id, density)
        assert checklist_item_pt(density) >= READABLE_PT, (sop_id, density)
    assert min(checklist_item_pt(d) for d in DENSITY_NAMES) >= READABLE_PT


# ---------------------------------------------------------------- form layout


def test_wide_registers_print_landscape(manual: Manual) -> None:
    for form_id, form in manual.forms.items():
        columns = 1 + sum(len(s.fields) for s in form.sections)
        expected = "landscape" if form.rows and columns >= 7 else "portrait"
        assert form_orientation(form) == expected, form_id
    assert form_orientation(manual.forms["visitor-call-log"]) == "landscape"
    assert form_orientation(manual.forms["paid-service-price-list"]) == "portrait"


#: Least width (mm) of any column a register is written in by hand, and of one for free text.
SHORT_FIELD_MM = 12.0
TEXT_FIELD_MM = 20.0
#: Most lines a column label may take in the header, as estimated.
LABEL_MOST_LINES = 3


def test_registers_give_every_column_room_to_write(manual: Manual) -> None:
    """A register is one sheet with a fair number of entries, every column as wide as its kind of
    entry needs by hand, the header readable: when the columns do not fit across the sheet in one
    line, each entry takes two (or as few more as fit), the columns shared between the lines in
    order, 序号 spanning them. Sheet, orientation and the rendered table follow the one layout."""
    assert min(COLUMN_MM.values()) >= SHORT_FIELD_MM
    assert COLUMN_MM["text"] >= TEXT_FIELD_MM and COLUMN_MM["textarea"] >= TEXT_FIELD_MM
    pages = render_pages(manual)
    registers = {f: form for f, form in manual.forms.items() if form.rows}
    split = [f for f, form in registers.items() if len(register_layout(form).lines) > 1]
    assert "common-area-income-ledger" in split and "visitor-call-log" not in split  # both cases exercised
    for form_id, form in registers.items():
        layout = register_layout(form)
        orientation = form_orientation(form)
        fields = tuple(f for s in form.sections for f in s.fields)
        assert tuple(f for line in layout.lines for f in line) == fields, form_id  # all, in order
        room = REGISTER_WIDTH_MM[orientation] - NO_MM
        for line, widths in zip(layout.lines, layout.widths):
            assert abs(sum(widths) - room) < 0.01, form_id
            for field, width in zip(line, widths):
                assert width >= column_mm(field) - 0.01, (form_id, field.label, width)
                assert label_lines(field.label, width) <= LABEL_MOST_LINES, (form_id, field.label, width)
        # as few lines an entry as give every column its width: one fewer would not
        count = len(layout.lines)
        assert count == 1 or _split(fields, count - 1, room) is None, form_id
        # one sheet, as many entries as fit it (at most the data's rows), and enough to be worth it
        assert form_sheets(form) == 1 and layout.height <= REGISTER_ROOM_MM[orientation], form_id
        assert MIN_ENTRIES <= layout.entries <= form.rows, form_id
        assert layout.entries == form.rows or (
            layout.height + count * layout.line_mm > REGISTER_ROOM_MM[orientation]), form_id
        # the table printed is that layout
        cols, spans = layout.grid()
        assert abs(sum(cols) - 100) < 0.1 and min(cols) > 0, form_id
        assert all(sum(span for _, span in line) == len(cols) - 1 for line in spans), form_id
        page = pages[f"forms/{form_id}.md"]
        table = page[page.index('<table class="form-register'):page.index("</table>", page.index("form-register"))]
        assert f'class="form-register lines-{count}"' in table, form_id
        assert table.count("<col ") == len(cols), form_id
        head, body = table.split("<tbody>")
        assert head.count("<tr") == count and body.count("<tr") == count * layout.entries, form_id
        assert head.count('<th class="no"') == 1 and body.count('<td class="no"') == layout.entries, form_id


def test_form_density_is_the_roomiest_that_fits(manual: Manual) -> None:
    """A form is set at the roomiest density at which it takes the fewest sheets any density allows:
    one sheet whenever it fits one set tight; a form that needs more sheets keeps the room to write
    unless the tighter setting saves a whole sheet."""
    for form_id, form in manual.forms.items():
        if form.rows:
            continue
        normal, compact = (sheet_height(form, d) for d in DENSITIES)
        assert compact < normal, form_id
        fewest = {d.name: len(_sheet_cuts(form, d) or ()) + 1 for d in DENSITIES}
        assert form_sheets(form) == min(fewest.values()), form_id
        assert form_density(form) == next(d.name for d in DENSITIES if fewest[d.name] == form_sheets(form)), form_id
        if normal <= SHEET_ROOM_MM:
            assert form_density(form) == "normal" and form_sheets(form) == 1, form_id
        elif compact <= SHEET_ROOM_MM:
            assert form_density(form) == "compact" and form_sheets(form) == 1, form_id


def test_one_serial_number_per_form(manual: Manual) -> None:
    """The number line beside the title is the form's serial number; a 编号 field of the data is
    not printed a second time (other numbers, like 钥匙编号, are fields like any other)."""
    pages = render_pages(manual)
    with_field = [f for f, form in manual.forms.items()
                  if any(field.label == "编号" for s in form.sections for field in s.fields)]
    assert len(with_field) >= 10  # the data has them: the rule is exercised
    for form_id, form in manual.forms.items():
        page = pages[f"forms/{form_id}.md"]
        sheets = form_sheets(form)
        assert page.count('<p class="form-no">编号：') == sheets, form_id
        assert "<th>编号</th>" not in page, form_id
    assert "<th>钥匙编号</th>" in pages["forms/key-deposit-authorization.md"]


def _sheet_heights(form: Form, cuts: tuple[int, ...]) -> list[float]:
    """Estimated height of each sheet of a form cut before the sections ``cuts``, heads included."""
    heights = _section_heights(form, next(d for d in DENSITIES if d.name == form_density(form)))
    bounds = (0, *cuts, len(heights))
    return [(HEAD_MM if i == 0 else CONTINUED_HEAD_MM) + sum(heights[a:b])
            for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]


def test_a_form_too_long_for_one_sheet_is_shared_fairly(manual: Manual) -> None:
    """A form that cannot fit one A4 sheet even set tight (客户投诉处理单, 特约服务工作单 …) is cut
    between sections into sheets that each fit, every sheet after the first headed by the title (续)
    and its own number line; the cut is fair: moving any one cut by a section either way would
    overfill a sheet or leave the fullest sheet no emptier (the old layout left two thirds of a
    second sheet empty when a fairer cut was there)."""
    long = [f for f, form in manual.forms.items() if form_sheets(form) > 1]
    assert "complaint-record" in long, long  # the rule is exercised
    pages = render_pages(manual)
    for form_id in long:
        form = manual.forms[form_id]
        assert sheet_height(form, DENSITIES[-1]) > SHEET_ROOM_MM, form_id  # really too long for one sheet
        cuts = sheet_cuts(form)
        assert list(cuts) == sorted(set(cuts)) and 0 < cuts[0] and cuts[-1] < len(form.sections), form_id
        heights = _sheet_heights(form, cuts)
        assert max(heights) <= SHEET_ROOM_MM, (form_id, heights)
        for i in range(len(cuts)):
            for step in (-1, 1):
                moved = (*cuts[:i], cuts[i] + step, *cuts[i + 1:])
                if list(moved) != sorted(set(moved)) or not 0 < moved[i] < len(form.sections):
                    continue
                other = _sheet_heights(form, moved)
                assert max(other) > SHEET_ROOM_MM or max(other) >= max(heights), (form_id, cuts, moved)
        page = pages[f"forms/{form_id}.md"]
        assert page.count('<div class="form-continued">') == len(cuts), form_id
        assert page.count(f"{form.title}（续）") == len(cuts), form_id
    for form_id, form in manual.forms.items():
        if form_id not in long:
            assert sheet_cuts(form) == () and '<div class="form-continued">' not in pages[f"forms/{form_id}.md"]


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
def test_checklist_prints_on_one_a4_page(page, site_url: str, site_editions: list[Manual], sop_id: str,
                                        tmp_path: Path) -> None:
    manual = shown(site_editions, "sops", sop_id)
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
def test_all_checklists_print_one_per_sheet(page, site_url: str, in_force: Manual, tmp_path: Path) -> None:
    manual = in_force
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
def test_form_prints_as_a_blank_sheet(page, site_url: str, site_editions: list[Manual], form_id: str,
                                      tmp_path: Path) -> None:
    manual = shown(site_editions, "forms", form_id)
    form = manual.forms[form_id]
    pdf = print_pdf(page.page, f"{site_url}/forms/{form_id}/", tmp_path / "form.pdf")
    sizes = pdf_pages(pdf)
    assert len(sizes) == form_sheets(form), f"{form_id}: {len(sizes)} pages, expected {form_sheets(form)}"
    landscape = form_orientation(form) == "landscape"
    assert all(is_a4(size, landscape) for size in sizes), sizes
    text = pdf_text(pdf)
    # the sheet's title (again on a second sheet, with 续), not the page's too
    assert text.count(plain(form.title, manual)) == len(sizes)
    for number in range(1, len(sizes) + 1):  # every sheet is worth its paper
        assert len(pdf_text(pdf, number)) > 150, (form_id, number)
    assert "打印本页" not in text
    assert plain(form.purpose, manual)[:12] not in text  # the explanation stays on screen
    assert f"表格编号{form_code(manual, form_id)}" in text
    for section in form.sections:
        for field in section.fields:
            assert plain(field.label, manual) in text, (form_id, field.label)
    assert_stamp(text, form_code(manual, form_id))
    if form.rows:
        assert_register_as_laid_out(page.page, form, landscape)


def assert_register_as_laid_out(p, form: Form, landscape: bool) -> None:
    """A register laid out for print across the page area (the browser's: 273 mm landscape, 186 mm
    portrait): every column at least as wide as its kind needs, every label inside its cell, the
    table as tall as estimated, one header row for each line of an entry."""
    layout = register_layout(form)
    p.set_viewport_size({"width": round((273 if landscape else 186) / 25.4 * 96), "height": 900})
    cells = p.evaluate("""() => [...document.querySelectorAll('table.form-register thead th:not(.no)')].map(th => [
        th.getBoundingClientRect().width * 25.4 / 96, th.scrollWidth <= th.clientWidth + 1,
        th.scrollHeight <= th.clientHeight + 1])""")
    fields = [f for line in layout.lines for f in line]
    assert len(cells) == len(fields)
    for field, (width, fits_across, fits_down) in zip(fields, cells):
        assert width >= column_mm(field) - 0.5 and fits_across and fits_down, (field.label, width)
    rows, height = p.evaluate("""() => { const t = document.querySelector('table.form-register');
        return [t.tHead.rows.length, t.getBoundingClientRect().height * 25.4 / 96]; }""")
    assert rows == len(layout.lines)
    # as estimated, to 3 mm or 3 % (the estimate errs on the safe side: 141.6 mm printed for 145 estimated)
    estimated = layout.height - HEAD_MM
    assert abs(height - estimated) <= max(3, 0.03 * estimated), (height, layout.height)



def dark_share(pdf: Path, number: int) -> float:
    """The share of a printed page's area that is dark (pdftoppm, grey, 20 dpi)."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "20", "-f", str(number), "-l", str(number), str(pdf)],
                         capture_output=True, check=True).stdout
    fields = pgm.split(maxsplit=4)  # P5, width, height, maxval, pixels
    pixels = fields[4]
    return sum(1 for b in pixels if b < 96) / len(pixels)

@pytest.mark.browser
def test_procedure_page_prints_cleanly(page, site_url: str, in_force: Manual, tmp_path: Path) -> None:
    manual = in_force
    sop_id = "complaint-handling"
    pdf = print_pdf(page.page, f"{site_url}/sops/{sop_id}/", tmp_path / "sop.pdf")
    count = len(pdf_pages(pdf))
    assert 2 <= count <= 14
    for number in range(1, count + 1):
        text = pdf_text(pdf, number)
        assert_stamp(text, sop_code(manual, sop_id))  # on every page
        assert f"第{number}页/共{count}页" in text
    text = pdf_text(pdf)
    for chrome in ("编写与维护指南", "跳转至", "搜索", "本页由数据文件"):
        assert chrome not in text, chrome  # navigation, header, search and the source note stay off
    # the layout rules that keep shapes and rows whole, checked on the laid-out page
    p = page.page
    # the flowchart prints as tiles at a readable scale, each within one page, not the screen figure
    tiles = p.evaluate("""() => {
        const fig = document.querySelector('figure.flowchart');
        return [getComputedStyle(fig).display, [...document.querySelectorAll('.flowchart-print .chart-tile svg.fc-tile')]
            .map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height, s.viewBox.baseVal.width])];
    }""")
    assert tiles[0] == "none"
    assert len(tiles[1]) >= 2
    for width, height, units in tiles[1]:
        assert height * 25.4 / 96 < 297 - 12 - 11 - 13  # fits one page area, so it is never cut
        assert 10 * (width / units) * 0.75 >= 8 - 0.01  # the smallest label (10 units) at 8 pt or more
    chart_pages = [n for n in range(1, count + 1) if "客户投诉处理程序流程图" in pdf_text(pdf, n)]
    assert len(chart_pages) == len(tiles[1])
    assert "（续，第2/" in pdf_text(pdf, chart_pages[1])
    # the tiles draw the chart (each its own copy): its step text is on the printed pages, the
    # first step's box (its question, when it is a decision) and the last step's
    chart_text = "".join(pdf_text(pdf, n) for n in chart_pages)
    sop = manual.sops[sop_id]
    assert plain(manual.role_title(sop.steps[0].role), manual) in chart_text
    for step in (sop.steps[0], sop.steps[-1]):
        shown = step.decision.question if step.decision is not None else step.action
        assert plain(shown, manual)[:4] in chart_text, shown
    # and draw it in ink on white, as on screen (a chart drawn by reference lost its styles and
    # printed as a black block)
    for n in chart_pages:
        assert dark_share(pdf, n) < 0.25, (n, dark_share(pdf, n))
    # questions and answers: each question with its answer on one page, printed open
    text = pdf_text(pdf)
    assert text.count("参考答案") == len(sop.self_check)
    for q in sop.self_check:
        pages_q = [n for n in range(1, count + 1) if plain(q.question, manual) in pdf_text(pdf, n)]
        pages_a = [n for n in range(1, count + 1) if plain(q.answer, manual)[-12:] in pdf_text(pdf, n)]
        assert pages_q and pages_q == pages_a[:1] == pages_a[-1:], (q.question, pages_q, pages_a)
    for screen in ("打印本程序的前台检查单", "打印本页"):
        assert screen not in text
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


def _ready(p) -> None:
    p.wait_for_selector(".checklist-sheet[data-ready]", state="attached")


def _raster(pdf: Path, out: Path) -> list[bytes]:
    """Every page of a PDF as a grey image (50 dpi), to compare what is on the paper."""
    out.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf), str(out / "page")], check=True)
    return [image.read_bytes() for image in sorted(out.iterdir())]


@pytest.mark.browser
def test_ticks_belong_to_one_run(page, site_url: str) -> None:
    p = page.page
    url = f"{site_url}/checklists/move-in/"
    open_page(p, url)
    boxes = p.locator(".checklist-sheet input[type=checkbox]")
    assert boxes.count() > 3
    assert "尚未开始" in p.locator(".run-status").inner_text()
    p.locator(".run-by").fill("王小梅")
    p.locator(".checklist-sheet li label").nth(0).click()
    p.locator(".checklist-sheet li label").nth(2).click()
    p.reload(wait_until="load")
    _ready(p)
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, False, True, False]
    status = p.locator(".run-status").inner_text()
    assert re.search(r"本次记录：\d{4}-\d{2}-\d{2} \d{2}:\d{2} 开始 · 执行人 王小梅 · 已勾选 2 / \d+ 项", status), status
    # another checklist has its own run
    open_page(p, f"{site_url}/checklists/renovation/")
    assert p.locator(".checklist-sheet input:checked").count() == 0
    open_page(p, url)
    assert p.locator(".checklist-sheet input:checked").count() == 2
    # a new run starts empty, and stays empty after a reload
    p.get_by_role("button", name="开始新一轮").click()
    assert p.locator(".checklist-sheet input:checked").count() == 0
    p.reload(wait_until="load")
    _ready(p)
    assert p.locator(".checklist-sheet input:checked").count() == 0
    # a run from an earlier day is gone (at the latest the next day), and so are ticks kept by
    # earlier versions of the page, which never expired
    p.evaluate("""() => {
        localStorage.setItem('handbook-checklist-run:move-in', JSON.stringify(
            {day: '2026-11-30', started: '2026-11-30 08:00', by: '李', ticks: {'1': 1, '2': 1}}));
        localStorage.setItem('handbook-checklist:move-in', JSON.stringify({'1': 1}));
    }""")
    p.reload(wait_until="load")
    _ready(p)
    assert p.locator(".checklist-sheet input:checked").count() == 0
    assert p.evaluate("() => [localStorage.getItem('handbook-checklist-run:move-in'), "
                      "localStorage.getItem('handbook-checklist:move-in')]") == [None, None]
    for name in ("打印空白表", "打印本次记录", "开始新一轮"):
        assert p.get_by_role("button", name=name).count() == 1


@pytest.mark.browser
def test_paper_is_blank_unless_the_run_is_asked_for(page, site_url: str, in_force: Manual, tmp_path: Path) -> None:
    manual = in_force  # the binder of the site: the checklists in force
    """Ticks set on screen: the blank sheet and the binder come out with empty boxes, exactly as
    if nothing had been ticked; 打印本次记录 prints the ticks with the run's time and who ran it."""
    p = page.page
    url = f"{site_url}/checklists/move-in/"
    untouched = _raster(print_pdf(p, url, tmp_path / "untouched.pdf"), tmp_path / "untouched")
    p.emulate_media(media="screen")
    p.locator(".run-by").fill("王小梅")
    for i in (0, 1, 3):
        p.locator(".checklist-sheet li label").nth(i).click()
    assert p.locator(".checklist-sheet input:checked").count() == 3
    blank = _raster(print_pdf(p, url, tmp_path / "blank.pdf"), tmp_path / "blank")  # reloads: the ticks stay
    assert p.locator(".checklist-sheet input:checked").count() == 3
    assert blank == untouched  # not one pixel of a tick on the blank sheet
    assert "本次记录" not in pdf_text(tmp_path / "blank.pdf")
    # the binder, printed after the ticks were set: empty boxes, one revision per sheet
    binder = print_pdf(p, f"{site_url}/checklists/all/", tmp_path / "binder.pdf")
    assert p.locator(".checklist-binder input").count() == 0
    ticks = p.evaluate("""() => [...document.querySelectorAll('.checklist-binder .box')]
        .filter(b => getComputedStyle(b, '::after').content !== 'none').length""")
    assert ticks == 0
    revisions = {s.revision for s in manual.sops.values()}
    for number, (sop_id, sop) in enumerate(manual.sops.items(), 1):
        text = pdf_text(binder, number)
        found = {r for r in revisions if f"版号/改次{r}" in text}
        assert found == {sop.revision}, (sop_id, found)
        assert text.count(f"版号/改次{sop.revision}") == 2  # head and foot of the sheet
        assert text.count(f"生效日期{sop.effective_date}") == 2
        assert re.search(r"检查单夹打印日期\d{4}-\d{2}-\d{2}", text)
    # the run, printed on request
    p.emulate_media(media="screen")
    open_page(p, url)
    p.evaluate("() => { window.print = () => {}; }")
    p.get_by_role("button", name="打印本次记录").click()
    p.emulate_media(media="print")
    p.pdf(path=str(tmp_path / "record.pdf"), format="A4", print_background=True)
    record = _raster(tmp_path / "record.pdf", tmp_path / "record")
    assert record != untouched
    text = pdf_text(tmp_path / "record.pdf")
    assert re.search(r"本次记录·开始\d{4}-\d{2}-\d{2}\d{2}:\d{2}·执行人王小梅·已勾选3/\d+项·打印\d{4}-", text), text[:300]
    # after printing, the next print is blank again
    p.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert p.evaluate("() => document.documentElement.classList.contains('print-record')") is False


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
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", project / "overrides")
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


@pytest.mark.browser
def test_date_cells_stay_on_one_line_on_a_phone(browser, site_url: str) -> None:
    """年 月 日 时 分 on one line at a phone's width: each label and its cell get a line of their own."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        p = context.new_page()
        for form in ("complaint-record", "renovation-application", "special-service-order"):
            open_page(p, f"{site_url}/forms/{form}/")
            dates = p.evaluate("""() => [...document.querySelectorAll('.form-sheet .blank-date')].map(d => {
                const r = d.getBoundingClientRect(), lh = parseFloat(getComputedStyle(d).lineHeight) || 20;
                const cell = d.closest('td').getBoundingClientRect();
                return [r.height <= lh * 1.3, r.right <= cell.right + 1, d.textContent]; })""")
            assert dates, form
            assert all(one_line and inside for one_line, inside, _ in dates), (form, dates)
            assert p.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), form
    finally:
        context.close()
