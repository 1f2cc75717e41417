"""Document control as a person meets it: a repository with dated revisions, built with MkDocs and read
in Chromium on days before and after the revisions take effect.

The repository (``tests/history_repo.py``) is made in the test: the handbook and two procedures in
force, one pending revision, two stacked ones. It is built once with ``mkdocs build --strict`` as
read on 2026-06-01 (``HANDBOOK_TODAY``); the browser's clock is set by an init script that
replaces ``Date`` before any page script runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from browser import serve_folder
from history_repo import SECOND, TODAY, make_repo

pytestmark = pytest.mark.build


def build(project: Path, site: Path, day: date = TODAY, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_TODAY=day.isoformat())
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site), *extra], capture_output=True, text=True, env=env, cwd=project)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build(repo, out)
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The article's text (tags dropped), to look for words a reader sees."""
    body = html.split('<article', 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def banner(html: str) -> str:
    match = re.search(r'<div class="admonition [a-z]+ version-banner.*?</div>', html, re.S)
    assert match, "no version banner"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


# ---------------------------------------------------------------- the built pages


def test_the_page_in_force_shows_the_text_in_force_and_links_the_pending_ones(site: Path) -> None:
    repair = page(site, "sops/repair")
    assert "受理报修并登记房号" not in text_of(repair).split("修订记录")[0]
    assert "受理报修" in text_of(repair)
    words = banner(repair)
    assert "现行版本 A/0（2026-01-01 起执行）" in words and "新版 A/1 自 2026-07-01 起执行" in words
    assert 'href="2026-07-01/"' in repair and 'href="2026-07-01/#what-changed"' in repair
    complaint = page(site, "sops/complaint")
    assert "电话联系客户" not in text_of(complaint).split("修订记录")[0]
    assert 'href="2026-07-01/"' in complaint and 'href="2026-09-01/"' in complaint  # both stacked revisions


def test_each_pending_page_shows_its_own_text(site: Path) -> None:
    first = page(site, "sops/complaint/2026-07-01")
    second = page(site, "sops/complaint/2026-09-01")
    assert "电话联系客户" in text_of(first) and "处理并答复" in text_of(first) and "处理并书面答复" not in text_of(first)
    assert "电话联系客户" in text_of(second) and "处理并书面答复" in text_of(second)
    assert "待生效：本程序 A/1 自 2026-07-01 起执行" in banner(first)
    assert "本页的版本执行到 2026-09-01 为止" in banner(first)
    assert 'data-hb-until="2026-09-01"' in first and 'data-hb-until' not in second
    assert "待生效：本程序 A/2 自 2026-09-01 起执行" in banner(second)
    assert "pending-watermark" in first and "stamp-pending" in first
    # the checklist of the pending text carries the mark on its sheet
    assert "sheet-pending" in page(site, "checklists/repair/2026-07-01")
    # the pending page links back to the text in force
    assert 'href="../"' in page(site, "sops/repair/2026-07-01")


def test_the_navigation_lists_only_the_pages_in_force(site: Path) -> None:
    nav = page(site, "sops/repair").split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "2026-07-01" not in nav and "2026-09-01" not in nav and "待生效" not in nav


def test_the_revision_log_says_what_is_in_force_when(site: Path) -> None:
    log = page(site, "appendix/revisions")
    rows = re.findall(r"<tr>.*?</tr>", log, re.S)[1:]
    flat = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)) for r in rows]
    assert len(flat) == 7
    assert "2026-09-01 手册" in flat[0] and "待生效 2026-09-01 起执行" in flat[0]
    assert any("投诉处理程序 A/1 待生效 2026-07-01 起执行" in r for r in flat)
    assert any("报修处理程序 A/0 现行 2026-01-01 起执行" in r for r in flat)
    assert 'href="../../sops/complaint/2026-09-01/"' in log and 'href="../../training/signoff/2026-07-01/"' in log


def test_sign_off_sheets_per_revision_and_role(site: Path) -> None:
    sheet = page(site, "training/signoff/2026-07-01")
    sheets = re.findall(r'<div class="training-sheet signoff-sheet" id="role-([a-z-]+)"', sheet)
    assert sheets == ["clerk", "fixer"]
    clerk = sheet.split('id="role-clerk"')[1].split('id="role-fixer"')[0]
    assert "《报修处理程序》" in clerk and "第 1 步、检查单" in clerk and "《投诉处理程序》" in clerk
    assert "本人签字" in clerk and "带教人签字" in clerk and "待生效 · 自 2026-07-01 起执行" in clerk
    assert "本岗位说明书" in page(site, "training/signoff/2026-09-01")
    # linked from the cover's door for managers and beside each role's training path
    assert 'href="training/signoff/2026-07-01/"' in page(site, "")
    assert 'href="../signoff/2026-09-01/#role-clerk"' in page(site, "training/clerk")
    assert 'href="signoff/2026-07-01/"' in page(site, "training")


# ---------------------------------------------------------------- in the browser, on the reader's day


CLOCK = """(() => {
  const fixed = new Date("%sT09:30:00").getTime();
  const Real = Date;
  class Fixed extends Real {
    constructor(...args) { if (args.length) { super(...args); } else { super(fixed); } }
    static now() { return fixed; }
  }
  window.Date = Fixed;
})();"""


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def reader(browser, served: str):  # type: ignore[no-untyped-def]
    contexts = []

    def open_on(day: date, path: str, **options: object):  # type: ignore[no-untyped-def]
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768}, **options)
        context.add_init_script(CLOCK % day.isoformat())
        contexts.append(context)
        tab = context.new_page()
        tab.goto(f"{served}/{path}", wait_until="load")
        tab.wait_for_selector("[data-hb-version]")
        return tab

    yield open_on
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_before_the_day_the_pages_say_pending_and_link_the_new_one(reader) -> None:  # type: ignore[no-untyped-def]
    tab = reader(date(2026, 6, 15), "sops/repair/")
    assert "现行版本 A/0" in tab.inner_text(".version-banner")
    assert "version-flipped" not in (tab.get_attribute(".version-banner", "class") or "")
    tab.click("text=查看新版")
    tab.wait_for_url("**/sops/repair/2026-07-01/")
    assert "待生效：本程序 A/1 自 2026-07-01 起执行" in tab.inner_text(".version-banner")


@pytest.mark.browser
def test_after_the_day_the_old_page_is_superseded_and_the_new_one_in_force(reader) -> None:  # type: ignore[no-untyped-def]
    old = reader(date(2026, 7, 15), "sops/repair/")
    words = old.inner_text(".version-banner")
    assert "本页已不是现行版本" in words and "2026-07-01" in words
    old.click(".version-today a")
    old.wait_for_url("**/sops/repair/2026-07-01/")
    new = reader(date(2026, 7, 15), "sops/repair/2026-07-01/")
    assert "现行：本页的版本自 2026-07-01 起执行" in new.inner_text(".version-banner")
    assert new.locator(".pending-watermark").count() == 0
    # a stacked revision: the first is in force until the second's day, then superseded too
    stacked = reader(date(2026, 9, 2), "sops/complaint/2026-07-01/")
    assert "又已于 2026-09-01 被更新的版本取代" in stacked.inner_text(".version-banner")
    latest = reader(date(2026, 9, 2), "sops/complaint/")
    latest.click(".version-today a")
    latest.wait_for_url("**/sops/complaint/2026-09-01/")


@pytest.mark.browser
def test_a_printed_pending_page_carries_the_watermark_and_the_mark(reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = reader(date(2026, 6, 15), "sops/repair/2026-07-01/")
    tab.emulate_media(media="print")
    assert tab.locator(".pending-watermark").is_visible()
    pdf = tmp_path / "pending.pdf"
    pdf.write_bytes(tab.pdf(format="A4", print_background=True))
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))  # type: ignore[union-attr]
    for n in range(1, count + 1):
        words = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
        assert "待生效" in words, f"page {n} of the printed pending page has no 待生效"
    # after the day the same print is the text in force: no watermark
    after = reader(date(2026, 7, 2), "sops/repair/2026-07-01/")
    after.emulate_media(media="print")
    assert after.locator(".pending-watermark").count() == 0


# ---------------------------------------------------------------- the pending book


def test_the_pdf_of_the_pending_book_says_pending_on_every_page(repo: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "pdf"
    env = dict(os.environ, PYTHONPATH=str(repo / "hooks"))
    done = subprocess.run([sys.executable, "-m", "handbook.cli", "pdf", "--next", "--date", TODAY.isoformat(),
                           "--out", str(out)], capture_output=True, text=True, cwd=repo, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("handbook.pdf", "checklists.pdf", "forms.pdf"):
        pdf = out / name
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        count = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = text.split("\f")[:count]
        assert all("待生效" in p for p in pages), f"{name}: a page without 待生效"
        assert f"自 {SECOND.isoformat()} 起执行" in text
    # and the book in force (no --next) carries none
    done = subprocess.run([sys.executable, "-m", "handbook.cli", "pdf", "--date", TODAY.isoformat(), "--out",
                           str(tmp_path / "now")], capture_output=True, text=True, cwd=repo, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "now" / "checklists.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "待生效 · 自" not in text and "问清房号和电话" not in text and "问清房号" in text
