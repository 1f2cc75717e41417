"""A checklist longer than a sheet prints on as many sheets as it needs, each after the first headed 续,
with every item's text on the paper: 90 ordinary items of 30 characters, and one item of 1,000.

Printed by WeasyPrint (``make pdf``'s binder and book) and by Chromium (the browser's print of the
checklist page and of 打印全部检查单), read back with pdftotext. How long it takes is measured in
``bench/long_checklists.py``, never here.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.manual.manual import Manual
from handbook.render.printing import LONG, checklist_density

from browser import serve_folder
from conftest import ROOT, mkdocs_build
from helpers import TODAY, mini_project

WORDS = "核对业主身份证件与房号是否一致并在登记表上写明办理时间和经办人姓名及联系电话再请业主签字确认后交回前台存档备查"


def item(n: int, length: int) -> str:
    text = f"第{n}项"
    while len(text) < length:
        text += WORDS
    return text[:length]


ITEMS = [item(n, 30) for n in range(1, 91)]
LONG_ITEM = item(1, 1000).replace("第1项", "长项", 1)


def _replace_checklist(data: Path, sop: str, groups: list[list[str]]) -> None:
    path = data / "sops" / f"{sop}.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("checklist:"), text.index("self_check:")
    lines = ["checklist:"]
    for g, items in enumerate(groups, 1):
        lines += [f"  - title: 第{g}组", "    items:"] + [f"      - {x}" for x in items]
    path.write_text(text[:start] + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = mini_project(tmp_path_factory.mktemp("long"))
    data = project / "procedures"
    _replace_checklist(data, "repair", [ITEMS[:30], ITEMS[30:60], ITEMS[60:]])
    _replace_checklist(data, "complaint", [[LONG_ITEM]])
    return project


@pytest.fixture(scope="module")
def manual(project: Path) -> Manual:
    manual, problems = check(project / "procedures", today=TODAY)
    assert manual is not None, [p.format() for p in problems]
    return manual


def pages_of(pdf: Path) -> list[str]:
    """Each page's text, without spaces or line breaks (a long item breaks across lines)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:count]]


def assert_printed(pages: list[str], title: str, items: list[str], min_sheets: int) -> None:
    """The sheets of one checklist: its pages (from its head to the last 续), 续 on each after the
    first, every item's text somewhere on them."""
    first = next(i for i, p in enumerate(pages) if f"{title}·前台检查单" in p and "续" not in p.split(title)[1][:20])
    own = [first] + [i for i in range(first + 1, len(pages)) if f"{title}·前台检查单（续" in pages[i]]
    assert own == list(range(first, first + len(own))), "the 续 sheets follow the first"
    assert len(own) >= min_sheets, f"{title}: {len(own)} sheets"
    text = "".join(pages[i] for i in own)
    missing = [x for x in items if re.sub(r"\s+", "", x) not in text]
    assert missing == [], f"{len(missing)} items not on the paper, the first: {missing[:1]}"


def test_the_layout_cuts_the_long_list_and_keeps_the_short_one(manual: Manual) -> None:
    assert checklist_density(manual.sops["repair"]) == LONG
    assert checklist_density(manual.sops["complaint"]) == LONG  # one item too long for two columns


def test_weasyprint_prints_the_binder_and_the_book(manual: Manual, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from handbook.paper import document
    from handbook.paper.pdf import write_book

    styles = [ROOT / "docs/stylesheets" / n for n in ("handbook.css", "print.css", "versions.css")]
    printed = date(2026, 6, 1)
    binder = write_book(manual, document.binder_book(manual, printed), tmp_path / "checklists.pdf", printed, styles)
    pages = pages_of(binder.path)
    assert_printed(pages, "一、报修处理程序", ITEMS, 3)
    assert_printed(pages, "二、投诉处理程序", [LONG_ITEM], 1)
    # the whole book carries the same sheets
    book = write_book(manual, document.manual_book(manual, printed), tmp_path / "handbook.pdf", printed, styles)
    assert_printed(pages_of(book.path), "一、报修处理程序", ITEMS, 3)


@pytest.mark.build
@pytest.mark.browser
def test_chromium_prints_the_page_and_the_binder(project: Path, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr[-3000:]
    context = browser.new_context(locale="zh-CN")
    try:
        tab = context.new_page()
        with serve_folder(site) as url:
            for path, title, items, sheets in (("checklists/repair/", "一、报修处理程序", ITEMS, 3),
                                               ("checklists/complaint/", "二、投诉处理程序", [LONG_ITEM], 1)):
                tab.goto(f"{url}/{path}", wait_until="load")
                assert tab.locator(".sheet-more").first.is_hidden() if tab.locator(".sheet-more").count() else True
                pdf = tmp_path / (path.strip("/").replace("/", "-") + ".pdf")
                pdf.write_bytes(tab.pdf(format="A4", print_background=True))
                assert_printed(pages_of(pdf), title, items, sheets)
            tab.goto(f"{url}/checklists/all/", wait_until="load")
            pdf = tmp_path / "all.pdf"
            pdf.write_bytes(tab.pdf(format="A4", print_background=True))
            pages = pages_of(pdf)
            assert_printed(pages, "一、报修处理程序", ITEMS, 3)
            assert_printed(pages, "二、投诉处理程序", [LONG_ITEM], 1)
    finally:
        context.close()
