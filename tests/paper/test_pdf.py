"""The printed handbook (``make pdf``): built once per session with WeasyPrint and read back with
poppler (pdfinfo, pdftotext, pdffonts) and pypdf (the bookmarks).

What is checked is what a reader of the paper sees: the pages, the table of contents against the
pages where each part really starts, the bookmarks, every title, the fonts, Chinese line breaks.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from handbook.checks.check import check
from handbook.manual.manual import Manual
from handbook.manual.numbering import form_code, part_title, role_heading, sop_code, sop_heading
from handbook.paper import document, pdf
from handbook.render.formlayout import form_orientation, form_sheets
from handbook.render.markup import Md
from handbook.render.spec import Doc

import pdf_background
from conftest import DATA, ROOT
from helpers import MINI, TODAY

PRINTED = date(2026, 12, 1)
STYLES = [ROOT / "docs" / "stylesheets" / "handbook.css", ROOT / "docs" / "stylesheets" / "print.css"]
#: Characters that Chinese typesetting never puts at the start of a line.
NO_LINE_START = "，。、；：？！）》」』”’"


def require_tools() -> None:
    missing = [t for t in ("pdfinfo", "pdftotext", "pdffonts") if shutil.which(t) is None]
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        missing.append(f"weasyprint ({exc})")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing: {', '.join(missing)} (apt-get install poppler-utils libpango-1.0-0 "
                        "libpangoft2-1.0-0 libharfbuzz-subset0; pip install weasyprint)")
        pytest.skip(f"missing: {', '.join(missing)}")


@pytest.fixture(scope="session")
def real() -> Manual:
    manual, problems = check(DATA)
    assert manual is not None, problems
    return manual


@pytest.fixture(scope="session")
def pdfs(real: Manual, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pdf.Written]:
    """The three PDFs of the real handbook, made once for the whole session: by the job started
    when the tests were collected (``pdf_background``, the same ``write_all`` of the same data), or
    here when none was started."""
    require_tools()
    try:
        made = pdf_background.wait()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    if made is not None:
        return {name: pdf.Written(path, pages, seconds) for name, (path, pages, seconds) in made.items()}
    out = tmp_path_factory.mktemp("pdf")
    written = pdf.write_all(real, out, PRINTED, STYLES)
    return {w.path.name: w for w in written}


def info_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@functools.lru_cache(maxsize=8)
def page_texts(path: Path) -> list[str]:
    """The text of every page, white space removed (pdftotext spaces out CJK characters)."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in out.split("\f")[:-1]]


def plain(text: str, manual: Manual) -> str:
    from handbook.data.placeholders import expand

    return re.sub(r"\s+", "", expand(text, manual.lookup).replace("**", ""))


def footer(code: str, revision: str) -> str:
    return f"文件编号{code}·版号/改次{revision}·生效日期"


# ---------------------------------------------------------------- the whole manual


def test_page_count(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    book = pdfs[pdf.HANDBOOK_PDF]
    pages = info_pages(book.path)
    assert pages == book.pages
    # at least one page per section, and every procedure has a page for its flowchart besides
    sections = 3 + 1 + len(real.roles) + 1 + len(real.sops) + 1 + 1 + len(real.forms) + 1 + len(real.sops) + 4
    # 402 pages for C/0 (28 procedures, 53 forms); 695 for D/0 (38 procedures, 71 forms, the wide
    # charts narrowed to A4 landscape and cut into up to 7 tiles, long forms on 2-3 sheets): far
    # more would mean a layout fault (a table set one row a page, a chart tile per shape)
    assert sections + len(real.sops) <= pages <= sections + 20 * len(real.sops), pages
    texts = page_texts(book.path)
    assert len(texts) == pages
    for number, text in enumerate(texts[1:], 2):  # every page but the cover: page x of y, the notice
        assert f"第{number}页/共{pages}页" in text, number
        assert "打印件为非受控文件" in text, number


def toc_numbers(path: Path, titles: list[str]) -> dict[str, int]:
    """The page number after each title in the table of contents: one line per entry, the
    title, a dotted leader, the number."""
    out = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "8", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = {}
    for page in out.split("\f"):
        if "目录" not in page.split("\n", 3)[-1][:200] and "目录" not in page[:400]:
            continue
        for line in page.splitlines():
            match = re.fullmatch(r"\s*(.+?)\s*\.{4,}\s*(\d+)\s*", line)
            if match:
                lines[re.sub(r"\s+", "", match.group(1))] = int(match.group(2))
    found = {}
    for title in titles:
        assert title in lines, f"{title} not in the table of contents"
        found[title] = lines[title]
    return found


def test_contents_give_the_pages_where_the_procedures_start(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    texts = page_texts(pdfs[pdf.HANDBOOK_PDF].path)
    headings = {plain(sop_heading(real, s), real): s for s in real.sops}
    numbers = toc_numbers(pdfs[pdf.HANDBOOK_PDF].path, list(headings))
    assert sorted(numbers.values()) == list(numbers.values()), numbers  # in order, as in the book
    for title, sop_id in headings.items():
        sop = real.sops[sop_id]
        mark = footer(sop_code(real, sop_id), sop.revision)
        pages = [n for n, text in enumerate(texts, 1) if mark in text]
        assert pages, sop_id
        assert numbers[title] == pages[0], (title, numbers[title], pages[0])
        run = [n for i, n in enumerate(pages) if n == pages[0] + i]  # its pages run on
        rest = pages[len(run):]
        assert len(rest) == 1 and "前台检查单" in texts[rest[0] - 1]  # and its checklist in the appendix
        start = texts[pages[0] - 1]
        assert title in start and "1.0目的" in start  # the page opens the procedure
        # one revision per page: only this procedure's revision in its running foot
        others = {r.revision for r in real.sops.values()} - {sop.revision}
        for n in pages:
            assert not any(f"版号/改次{r}·" in texts[n - 1] for r in others), (sop_id, n)
            assert f"版号/改次{real.handbook.revision}·" not in texts[n - 1] or real.handbook.revision == sop.revision


def test_contents_for_parts_roles_and_appendices(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    texts = page_texts(pdfs[pdf.HANDBOOK_PDF].path)
    titles = [part_title(real, "organization"), part_title(real, "procedures"), part_title(real, "appendices"),
              *(role_heading(real, r) for r in real.roles), "服务承诺一览", "岗位职责矩阵", "修订记录",
              *(f"{form_code(real, f)}{real.forms[f].title}" for f in real.forms)]
    numbers = toc_numbers(pdfs[pdf.HANDBOOK_PDF].path, [plain(t, real) for t in titles])
    for title, number in numbers.items():
        assert title in texts[number - 1], (title, number)


def test_bookmarks(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdfs[pdf.HANDBOOK_PDF].path)
    texts = page_texts(pdfs[pdf.HANDBOOK_PDF].path)
    outline: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                outline.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    by_title = {title: (level, page) for level, title, page in outline}
    for kind in ("organization", "procedures", "appendices"):
        assert by_title[part_title(real, kind)][0] == 1
    for sop_id, sop in real.sops.items():
        level, page = by_title[sop_heading(real, sop_id)]
        assert level == 2
        assert footer(sop_code(real, sop_id), sop.revision) in texts[page - 1]
        assert footer(sop_code(real, sop_id), sop.revision) not in texts[page - 2]  # where it starts
    for role_id in real.roles:
        assert by_title[role_heading(real, role_id)][0] == 2
    for form_id, form in real.forms.items():
        level, page = by_title[f"{form_code(real, form_id)} {form.title}"]
        assert level == 3 and plain(form.title, real) in texts[page - 1]
    assert sum(1 for level, _, _ in outline if level == 3) == len(real.forms) + len(real.sops)


def test_every_title_is_in_the_book(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    text = "".join(page_texts(pdfs[pdf.HANDBOOK_PDF].path))
    for sop in real.sops.values():
        assert text.count(plain(sop.title, real)) >= 3, sop.title  # contents, its pages, its checklist
    for form in real.forms.values():
        assert plain(form.title, real) in text, form.title
    for role in real.roles.values():
        assert plain(role.title, real) in text
    for term in real.glossary.terms:
        assert plain(term.term, real) in text
    for needed in ("文件控制", "受控编号", "文件发放记录", "持有部门/岗位", "签收", "收回日期",
                   real.handbook.document_number, f"打印日期{PRINTED.isoformat()}"):
        assert needed in text, needed
    # screen controls stay off the paper
    for screen in ("打印本页", "打印本程序的前台检查单", "本页由数据文件", "清除勾选", "开始新一轮"):
        assert screen not in text, screen


def test_fonts_are_embedded(pdfs: dict[str, pdf.Written]) -> None:
    for written in pdfs.values():
        out = subprocess.run(["pdffonts", str(written.path)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, written.path.name
        names = [row.split()[0] for row in rows]
        assert all(" yes " in f" {row} " and row.split()[-5] == "yes" for row in rows), out
        assert any("Noto-Sans-CJK-SC" in n for n in names), names
        # every font is a subset of a font installed here: no fallback fetched from anywhere
        assert all("+" in n for n in names), names


def test_no_missing_glyphs(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    """Every character the book shows is in the font that draws it (no tofu boxes): the text read
    back contains no replacement character, and every character of the data comes back."""
    text = "".join(page_texts(pdfs[pdf.HANDBOOK_PDF].path))
    assert "\ufffd" not in text
    data = "".join(plain(s.title + s.purpose, real) for s in real.sops.values())
    missing = sorted(set(data) - set(text))
    assert missing == []


def test_chinese_line_breaks(pdfs: dict[str, pdf.Written]) -> None:
    """No line starts with a closing mark or a comma (Chinese line-breaking rules)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdfs[pdf.HANDBOOK_PDF].path), "-"],
                         capture_output=True, text=True, check=True).stdout
    starts = [line.strip() for line in out.splitlines() if line.strip()]
    bad = [line for line in starts if line[0] in NO_LINE_START]
    assert len(starts) > 3000
    assert bad == [], bad[:10]


def test_flowcharts_are_vector_and_readable(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    """The flowcharts are drawn, not pasted as pictures, and their text is real text."""
    out = subprocess.run(["pdfimages", "-list", str(pdfs[pdf.HANDBOOK_PDF].path)],
                         capture_output=True, text=True)
    if out.returncode == 0:
        assert len(out.stdout.splitlines()) <= 2, out.stdout[:500]  # no raster image at all
    texts = page_texts(pdfs[pdf.HANDBOOK_PDF].path)
    for sop_id, sop in real.sops.items():
        own = [t for t in texts if footer(sop_code(real, sop_id), sop.revision) in t]
        chart = [t for t in own if re.search(r"\d+\.0流程图", t)]
        assert len(chart) == 1, sop_id
        assert plain(real.role_title(sop.steps[0].role), real) in chart[0]  # the lanes, as text


# ---------------------------------------------------------------- the binder and the forms pack


def test_binder_one_sheet_per_checklist(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    binder = pdfs[pdf.BINDER_PDF]
    texts = page_texts(binder.path)
    first_id = next(iter(real.sops))
    # the binder's cover with its list of checklists by group (two pages since D/0's 38), then one sheet each
    front = next(n for n, t in enumerate(texts) if plain(sop_heading(real, first_id), real) + "·前台检查单" in t)
    assert 1 <= front <= 2
    assert info_pages(binder.path) == binder.pages == front + len(real.sops)
    for number, (sop_id, sop) in enumerate(real.sops.items(), front + 1):
        text = texts[number - 1]
        assert plain(sop_heading(real, sop_id), real) + "·前台检查单" in text
        assert footer(sop_code(real, sop_id), sop.revision) in text
        revisions = {r.revision for r in real.sops.values()} | {real.handbook.revision}
        assert {r for r in revisions if f"版号/改次{r}" in text} == {sop.revision}, sop_id  # one revision
        assert f"检查单夹打印日期{PRINTED.isoformat()}" in text
        assert plain(sop.checklist[-1].items[-1].text, real) in text  # the whole list on its sheet


def test_forms_pack_one_sheet_per_form(pdfs: dict[str, pdf.Written], real: Manual) -> None:
    pack = pdfs[pdf.FORMS_PDF]
    texts = page_texts(pack.path)
    hb = real.handbook
    listed = [n for n, t in enumerate(texts, 1) if footer(hb.document_number, hb.revision) in t]
    assert listed == list(range(1, len(listed) + 1))  # the list of forms first
    assert len(texts) == len(listed) + sum(form_sheets(f) for f in real.forms.values())
    for form_id, form in real.forms.items():
        code = form_code(real, form_id)
        pages = [n for n, t in enumerate(texts, 1) if footer(code, hb.revision) in t]
        assert len(pages) == form_sheets(form), (form_id, pages)
        assert f"表格编号{code}" in texts[pages[0] - 1]
        for n in pages:
            assert plain(form.title, real) in texts[n - 1]  # a second sheet says whose it is (续)
            assert len(texts[n - 1]) > 150, (form_id, n)  # a sheet worth its paper
    # landscape registers on landscape pages
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pack.path)], capture_output=True, text=True,
                           check=True).stdout
    landscape = len(re.findall(r"size:\s+841\.\d+ x 59\d\.\d+", sizes))
    assert landscape == sum(form_sheets(f) for f in real.forms.values() if form_orientation(f) == "landscape") > 0


# ---------------------------------------------------------------- pieces


def _book(body: str) -> document.Book:
    """A book of one section holding ``body`` (HTML)."""
    book = document.Book("t", "head", "note")
    book.add(document.Section("x", Md(body), "t", Doc("C", "A/0", "2026")))
    return book


def test_nothing_is_fetched(tmp_path: Path) -> None:
    """WeasyPrint may read the style sheets and nothing else: a remote address fails the build."""
    require_tools()
    manual, _ = check(MINI, today=TODAY)
    assert manual is not None
    book = _book('<img src="http://example.invalid/logo.png"><p>正文</p>')
    with pytest.raises(pdf.PaperError, match=r"example\.invalid"):
        pdf.write_book(manual, book, tmp_path / "x.pdf", PRINTED, STYLES)
    book.sections[0].body = Md(f'<img src="file://{ROOT}/README.md"><p>正文</p>')
    with pytest.raises(pdf.PaperError, match=r"README\.md"):
        pdf.write_book(manual, book, tmp_path / "x.pdf", PRINTED, STYLES)
    book.sections[0].body = Md("<p>正文</p>")
    assert pdf.write_book(manual, book, tmp_path / "x.pdf", PRINTED, STYLES).pages == 1



@pytest.mark.parametrize("rule", [
    '@import url("https://example.invalid/remote.css");',
    '@import "http://example.invalid/never-applied.css" speech;',  # for another medium: still parsed
    '@font-face { font-family: Remote; src: url(https://example.invalid/remote.woff2); }',
    '@import "file:///etc/passwd";',
])
def test_a_remote_address_in_a_style_sheet_is_a_message_naming_the_sheet(rule: str, tmp_path: Path) -> None:
    """An address in any style sheet is refused while the sheets are read: a message naming the
    sheet and the address, never WeasyPrint's FatalURLFetchingError (a BaseException)."""
    require_tools()
    manual, _ = check(MINI, today=TODAY)
    assert manual is not None
    sheet = tmp_path / "styles" / "extra.css"
    sheet.parent.mkdir()
    sheet.write_text(rule + "\np { color: black; }\n", encoding="utf-8")
    book = _book("<p>正文</p>")
    with pytest.raises(pdf.PaperError) as refused:
        pdf.write_book(manual, book, tmp_path / "x.pdf", PRINTED, [*STYLES, sheet])
    assert "extra.css" in str(refused.value)
    assert "example.invalid" in str(refused.value) or "/etc/passwd" in str(refused.value)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("sheets, expected", [
    ({"a.css": '@import "a.css";'}, "a.css:1:9: 样式表的 @import 绕成了圈：a.css → a.css，未生成"),
    ({"a.css": '@import url(b.css);', "b.css": 'p { color: red }\n@import "a.css";'},
     "b.css:2:9: 样式表的 @import 绕成了圈：a.css → b.css → a.css，未生成"),
    ({"a.css": '@import "missing.css";'}, "a.css:1:9: 样式表导入的文件 missing.css 不存在，未生成"),
])
def test_an_import_circle_or_a_missing_import_is_a_message_before_any_layout(
        sheets: dict[str, str], expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint follows @import without noticing a circle: print.css importing itself ran for
    more than ten minutes. Found while the sheets are read, located, before WeasyPrint sees them."""
    for name, text in sheets.items():
        (tmp_path / name).write_text(text + "\np { color: black; }\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems = pdf.sheet_problems([tmp_path / "a.css"], [tmp_path])
    assert [f"{p.file}:{p.line}:{p.column}: {p.message}" for p in problems] == [expected]


def test_a_local_import_is_read_and_checked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.css").write_text('@import "b.css";\n', encoding="utf-8")
    (tmp_path / "b.css").write_text('@import url("https://example.invalid/x.css");\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [p.code for p in pdf.sheet_problems([tmp_path / "a.css"], [tmp_path])] == ["paper.remote-address"]


def test_handbook_pdf_reports_a_remote_style_sheet_without_a_traceback(tmp_path: Path) -> None:
    require_tools()
    sheet = tmp_path / "extra.css"
    sheet.write_text('@import url("https://example.invalid/remote.css");\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "handbook.cli", "pdf", "--data-dir", str(MINI), "--out", str(tmp_path / "pdf"),
         "--css", *map(str, STYLES), str(sheet)],
        capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "extra.css" in done.stdout + done.stderr and "example.invalid" in done.stdout + done.stderr
    assert not (tmp_path / "pdf").exists()

def test_markdown_extensions_are_the_sites() -> None:
    # the tags of mkdocs.yml are not what is compared: !!python/name values and !ENV read as plain YAML
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#").replace("!ENV ", "")
    config = yaml.safe_load(text)
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names == document.MARKDOWN_EXTENSIONS


def test_links_become_links_inside_the_book(real: Manual) -> None:
    book = document.manual_book(real, PRINTED)
    html = document.to_html(real, book, PRINTED)
    ids = set(re.findall(r' id="([^"]+)"', html))
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert len(hrefs) > 500
    assert [h for h in hrefs if not h.startswith("#")] == []
    assert [h for h in hrefs if h[1:] not in ids] == []  # every link lands somewhere
    assert len(ids) == len(re.findall(r' id="', html))  # ids are unique in the book
