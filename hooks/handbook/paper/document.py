"""One HTML document per printed book: the whole manual, the binder of checklists, the forms pack.

Every page comes from :func:`handbook.render.pages.render_pages` (what the site shows), converted
from Markdown with the site's extensions. Links between pages become links inside the document;
the site's screen parts (print buttons, source notes, the browser's print stamp) are left out, and
the running heads of the PDF say instead, on every page, which document, revision and date the
page belongs to: a procedure's own revision on its pages, the handbook's elsewhere.

A flowchart is printed on pages of its own at a fixed, readable scale (:mod:`handbook.charts.flowtiles`):
A4 portrait when it fits across, A4 landscape when it is wider, cut between shapes when it is taller
than a page.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date

import markdown

from handbook.charts import flowtiles
from handbook.manual.manual import Manual
from handbook.manual.numbering import form_code, part_title, role_code, role_heading, sop_code, sop_heading
from handbook.render import matrix_page, revisions_page
from handbook.render.checklist_page import checklist_sheet
from handbook.render.form_page import form_sheet
from handbook.render.formlayout import form_orientation
from handbook.render.pages import render_pages, sop_flowchart
from handbook.render.stamp import UNCONTROLLED

#: The Markdown extensions of the site (mkdocs.yml ``markdown_extensions``; a test keeps them equal).
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "toc"]

#: Printed page areas (pt) for flowchart tiles (paper.css: A4, margins of 15 mm at the sides).
PORTRAIT_AREA = flowtiles.PORTRAIT_AREA
LANDSCAPE_AREA = flowtiles.LANDSCAPE_AREA

DISTRIBUTION_ROWS = 12
DISTRIBUTION_HEAD = ("受控编号", "持有部门 / 岗位", "持有人", "发放日期", "发放人", "签收", "收回日期", "备注")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Section:
    """A part of the book that starts on a new page, with the document its pages belong to."""

    anchor: str
    body: str
    title: str  # for the running head
    code: str
    revision: str
    effective: str
    cls: str = ""
    level: int = 0  # its bookmark level (0: none)
    bookmark: str = ""


@dataclass
class Entry:
    """A line of the table of contents (and a PDF bookmark, at the same level)."""

    level: int
    title: str
    anchor: str


@dataclass
class Book:
    """One document: its sections, its table of contents, and what its pages say at the foot."""

    title: str
    head: str  # the running head of every page but the cover
    note: str  # the words at the foot of every page
    sections: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def add(self, section: Section, level: int = 0, entry: str | None = None) -> None:
        """A section; with a level, also a line of the contents and a bookmark."""
        if level:
            section.level, section.bookmark = level, entry or section.title
            self.entries.append(Entry(level, section.bookmark, section.anchor))
        self.sections.append(section)


# ---------------------------------------------------------------- Markdown pages to HTML


def page_anchor(path: str) -> str | None:
    """The anchor of a site page inside the book (``sops/move-in.md`` → ``sop-move-in``)."""
    fixed = {
        "index.md": "cover", "organization/index.md": "part-organization", "sops/index.md": "part-procedures",
        "forms/index.md": "forms", "checklists/index.md": "checklists", "checklists/all.md": "checklists",
        "appendix/glossary.md": "glossary", "appendix/commitments.md": "commitments",
        matrix_page.MATRIX_PAGE: "matrix", revisions_page.PAGE: "revisions",
    }
    if path in fixed:
        return fixed[path]
    match = re.fullmatch(r"(roles|sops|forms|checklists)/([\w-]+)\.md", path)
    if match:
        return {"roles": "role", "sops": "sop", "forms": "form", "checklists": "checklist"}[match.group(1)] \
            + "-" + match.group(2)
    return None


_HREF = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_ID = re.compile(r' id="([^"]+)"')


class Converter:
    """Site pages (Markdown) to HTML fragments of one book, links and ids made book-wide."""

    def __init__(self, pages: dict[str, str], anchors: set[str]) -> None:
        self.pages = pages
        self.anchors = anchors  # the anchors the book really has; links elsewhere become text
        self.md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)

    def page(self, path: str) -> str:
        text = self.pages[path]
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]  # front matter (the page title)
        self.md.reset()
        return self.fragment(path, self.md.convert(text))

    def fragment(self, path: str, body: str) -> str:
        own = page_anchor(path) or "x"
        body = _ID.sub(lambda m: f' id="{own}--{m.group(1)}"', body)

        def link(m: re.Match[str]) -> str:
            href, rest, text = m.group(1), m.group(2), m.group(3)
            if href.startswith(("http://", "https://", "mailto:")):
                return m.group(0)
            target, _, frag = href.partition("#")
            if not target:
                return f'<a href="#{own}--{frag}"{rest}>{text}</a>' if frag else text
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            anchor = page_anchor(resolved)
            if anchor is None or anchor not in self.anchors:
                return f'<span class="was-link">{text}</span>'
            return f'<a href="#{anchor}{"--" + frag if frag else ""}"{rest}>{text}</a>'

        return _HREF.sub(link, body)


# ---------------------------------------------------------------- flowcharts and answers on paper

_FIGURE = re.compile(r'(<h2 id="[^"]*">[^<]*流程图</h2>)\s*<figure class="flowchart">(.*?)</figure>', re.S)
#: The site's own print tiles of the chart (for the browser's print): the book makes its chart pages.
_SITE_TILES = re.compile(r'\s*<aside class="flowchart-print[^"]*"[^>]*>.*?</aside>', re.S)
_DETAILS = re.compile(r'<details class="answer"[^>]*>\s*<summary>参考答案</summary>(.*?)</details>', re.S)


def chart_pages(manual: Manual, sop_id: str, heading: str) -> str:
    """A procedure's flowchart on pages of its own: portrait if it fits across at the printing
    scale, landscape if it is wider; cut into page-high tiles that repeat the lane header."""
    paper = flowtiles.on_paper(sop_flowchart(manual, sop_id))
    title = esc(manual.sops[sop_id].title)
    out = [f'<div class="chart-pages{" landscape" if paper.landscape else ""}" data-sop="{esc(sop_id)}">']
    for i, tile in enumerate(paper.tiles):
        if i == 0:
            out.append(heading)
        else:
            out.append(f'<p class="chart-continued">{title}流程图（续，第 {i + 1} / {len(paper.tiles)} 页）</p>')
        out.append(f'<div class="chart-tile">{tile.svg}</div>')
    out.append("</div>")
    return "".join(out)


def paper_sop(manual: Manual, sop_id: str, body: str) -> str:
    """A procedure page made for paper: the flowchart on its own pages, answers printed open."""
    body = _SITE_TILES.sub("", body, count=1)
    body = _FIGURE.sub(lambda m: chart_pages(manual, sop_id, m.group(1)), body, count=1)
    return _DETAILS.sub(lambda m: f'<div class="answer"><p class="answer-label">参考答案</p>{m.group(1)}</div>', body)


# ---------------------------------------------------------------- cover, distribution, contents


def cover(manual: Manual, printed: date, subtitle: str | None = None) -> str:
    hb = manual.handbook
    est = hb.estate
    rows = [
        ("项目", f"{est.name}（{est.city}）"), ("管理处", est.office), ("文件编号", hb.document_number),
        ("版号/改次", hb.revision), ("生效日期", hb.effective_date.isoformat()), ("签发人", hb.approver),
        ("编制单位", "、".join(hb.prepared_by)), ("评审周期", f"每 {hb.review_cycle_months} 个月"),
        ("服务等级", est.service_level), ("服务电话", est.hotline),
    ]
    control = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    title = hb.title + (f"（{hb.edition}）" if hb.edition else "")
    return (
        f'<p class="cover-estate">{esc(est.name)} · {esc(est.office)}</p>'
        f'<h1 class="cover-title">{esc(title)}</h1>'
        + (f'<p class="cover-subtitle">{esc(subtitle)}</p>' if subtitle else "")
        + f'<table class="cover-control"><caption>文件控制</caption>{control}</table>'
        '<table class="copy-control"><tr><th>受控编号</th><td class="write"></td>'
        '<th>持有人</th><td class="write"></td></tr>'
        '<tr><th>文件状态</th><td colspan="3"><span class="opt"><span class="box"></span>受控</span>'
        '<span class="opt"><span class="box"></span>非受控（仅供参考，不予更新）</span></td></tr></table>'
        f'<p class="cover-note">未填受控编号的打印件为非受控文件，以在线版本为准。打印日期 {printed.isoformat()}</p>'
    )


def distribution(manual: Manual) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in DISTRIBUTION_HEAD)
    rows = "".join("<tr>" + "<td></td>" * len(DISTRIBUTION_HEAD) + "</tr>" for _ in range(DISTRIBUTION_ROWS))
    hb = manual.handbook
    return (
        '<h1 class="plain">文件发放记录</h1>'
        f"<p>本手册（文件编号 {esc(hb.document_number)}，版号/改次 {esc(hb.revision)}）的受控打印件逐本登记。"
        "修订时按本表收回旧版、发放新版；收回的旧版加盖“作废”后留存一份备查，其余销毁。</p>"
        f'<table class="distribution"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        '<table class="approval"><tr><th>编制</th><td></td><th>审核</th><td></td><th>批准</th><td></td></tr>'
        "<tr><th>日期</th><td></td><th>日期</th><td></td><th>日期</th><td></td></tr></table>"
    )


def contents(entries: list[Entry]) -> str:
    items = "".join(
        f'<li class="toc-{e.level}"><a href="#{esc(e.anchor)}">{esc(e.title)}</a></li>' for e in entries
    )
    return f'<h1 class="plain">目录</h1><ul class="toc">{items}</ul>'


# ---------------------------------------------------------------- the books


def _handbook_doc(manual: Manual) -> tuple[str, str, str]:
    hb = manual.handbook
    return hb.document_number, hb.revision, hb.effective_date.isoformat()


def _new_book(manual: Manual, title: str, printed: date, binder: bool = False) -> Book:
    hb = manual.handbook
    head = f"{hb.estate.name} {hb.title} · 手册编号 {hb.document_number}"
    note = UNCONTROLLED + (" · 检查单夹打印日期 " if binder else " · 打印日期 ") + printed.isoformat()
    return Book(title, head, note)


def manual_book(manual: Manual, printed: date) -> Book:
    """The whole manual: cover, distribution record, contents, the parts, the appendices."""
    hb = manual.handbook
    pages = render_pages(manual)
    doc = _handbook_doc(manual)
    book = _new_book(manual, hb.title, printed)
    anchors = {"cover", "distribution", "contents", "part-organization", "part-procedures", "appendix",
               "forms", "checklists", "commitments", "glossary", "matrix", "revisions"}
    anchors |= {f"role-{r}" for r in manual.roles} | {f"sop-{s}" for s in manual.sops}
    anchors |= {f"form-{f}" for f in manual.forms} | {f"checklist-{s}" for s in manual.sops}
    conv = Converter(pages, anchors)

    book.add(Section("cover", cover(manual, printed), hb.title, *doc, cls="cover"))
    book.add(Section("distribution", distribution(manual), "文件发放记录", *doc), 1)
    toc = Section("contents", "", "目录", *doc, cls="contents")
    book.add(toc)

    org_title = part_title(manual, "organization")
    book.add(Section("part-organization", conv.page("organization/index.md"), org_title, *doc, cls="part"), 1)
    for role_id in manual.roles:
        book.add(Section(f"role-{role_id}", conv.page(f"roles/{role_id}.md"), role_heading(manual, role_id),
                         role_code(manual, role_id), hb.revision, hb.effective_date.isoformat(), cls="role"), 2)

    sops_title = part_title(manual, "procedures")
    book.add(Section("part-procedures", conv.page("sops/index.md"), sops_title, *doc, cls="part"), 1)
    for sop_id, sop in manual.sops.items():
        body = paper_sop(manual, sop_id, conv.page(f"sops/{sop_id}.md"))
        book.add(Section(f"sop-{sop_id}", body, sop_heading(manual, sop_id), sop_code(manual, sop_id),
                         sop.revision, sop.effective_date.isoformat(), cls="sop"), 2)

    app_title = part_title(manual, "appendices")
    book.add(Section("appendix", f'<h1 class="part-title">{esc(app_title)}</h1>'
                     "<p>记录表格（空白）、前台检查单、服务承诺一览、术语、岗位职责矩阵和修订记录。</p>",
                     app_title, *doc, cls="part"), 1)
    _forms(manual, book, level=2)
    _checklists(manual, book, level=2)
    for anchor, path, title in (
        ("commitments", "appendix/commitments.md", "服务承诺一览"),
        ("glossary", "appendix/glossary.md", "术语"),
        ("matrix", matrix_page.MATRIX_PAGE, "岗位职责矩阵"),
        ("revisions", revisions_page.PAGE, "修订记录"),
    ):
        book.add(Section(anchor, conv.page(path), title, *doc,
                         cls="appendix-page" + (" landscape" if anchor == "matrix" else "")), 2)
    toc.body = contents(book.entries)
    return book


def _forms(manual: Manual, book: Book, level: int) -> None:
    hb = manual.handbook
    rows = "".join(
        f'<tr><td>{esc(form_code(manual, f))}</td><td><a href="#form-{esc(f)}">{esc(form.title)}</a></td>'
        f"<td>{esc(form.retention)}</td><td>{esc(manual.role_title(form.keeper))}</td></tr>"
        for f, form in manual.forms.items()
    )
    book.add(Section(
        "forms", '<h1 class="appendix-title">记录表格（空白）</h1>'
        '<table class="list"><thead><tr><th>编号</th><th>表格名称</th><th>保存期限</th><th>保管岗位</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>", "记录表格（空白）", *_handbook_doc(manual), cls="appendix-page"), level)
    for form_id, form in manual.forms.items():
        code = form_code(manual, form_id)
        book.add(Section(
            f"form-{form_id}", f'<div class="md-typeset">{form_sheet(manual, form_id)}</div>',
            form.title, code, hb.revision, hb.effective_date.isoformat(),
            cls="form" + (" landscape" if form_orientation(form) == "landscape" else "")),
            level + 1, f"{code} {form.title}")


def _checklists(manual: Manual, book: Book, level: int, binder: bool = False) -> None:
    rows = "".join(
        f'<tr><td>{esc(sop_code(manual, s))}</td><td><a href="#checklist-{esc(s)}">{esc(sop.title)}</a></td>'
        f"<td>{esc(sop.revision)}</td><td>{sop.effective_date.isoformat()}</td>"
        f"<td>{sum(len(g.items) for g in sop.checklist)}</td></tr>"
        for s, sop in manual.sops.items()
    )
    intro = ("每个程序一张，放进前台的检查单夹；每张的页眉页脚印着它所属程序的文件编号、版号和生效日期。"
             if binder else "每个程序一张，格式与前台检查单夹相同。")
    book.add(Section(
        "checklists", f'<h1 class="appendix-title">前台检查单</h1><p>{intro}</p>'
        '<table class="list"><thead><tr><th>文件编号</th><th>检查单</th><th>版号/改次</th><th>生效日期</th>'
        f"<th>检查项</th></tr></thead><tbody>{rows}</tbody></table>",
        "前台检查单", *_handbook_doc(manual), cls="appendix-page"), level)
    for sop_id, sop in manual.sops.items():
        book.add(Section(
            f"checklist-{sop_id}",
            f'<div class="md-typeset">{checklist_sheet(manual, sop_id, interactive=False)}</div>',
            f"{sop.title} · 前台检查单", sop_code(manual, sop_id), sop.revision, sop.effective_date.isoformat(),
            cls="checklist"), level + 1)


def binder_book(manual: Manual, printed: date) -> Book:
    """All checklists, one per sheet, after a list of them; every page carries the binder's print date."""
    book = _new_book(manual, "前台检查单夹", printed, binder=True)
    _checklists(manual, book, level=1, binder=True)
    return book


def forms_book(manual: Manual, printed: date) -> Book:
    """All record forms, blank, each on its own sheet(s), after a list of them."""
    book = _new_book(manual, "空白记录表格", printed)
    _forms(manual, book, level=1)
    return book


# ---------------------------------------------------------------- the document


def to_html(manual: Manual, book: Book, printed: date) -> str:
    """The book as one HTML document (the style sheets are given to WeasyPrint separately)."""
    hb = manual.handbook
    parts = []
    for s in book.sections:
        cls = f"section {s.cls}".strip()
        mark = f' data-level="{s.level}" data-bookmark="{esc(s.bookmark)}"' if s.level else ""
        parts.append(
            f'<section id="{esc(s.anchor)}" class="{cls}" data-title="{esc(s.title)}" data-code="{esc(s.code)}" '
            f'data-rev="{esc(s.revision)}" data-date="{esc(s.effective)}"{mark}>{s.body}</section>'
        )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(book.title)}</title>"
        f'<meta name="author" content="{esc(hb.company)}">'
        f'<meta name="description" content="{esc(hb.estate.name)} {esc(hb.title)} {esc(hb.document_number)}">'
        f'<meta name="dcterms.created" content="{printed.isoformat()}">'
        "</head><body>" + "".join(parts) + "</body></html>"
    )
