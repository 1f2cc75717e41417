"""One HTML document per printed book: the whole manual, the binder of checklists, the forms pack.

A book is made from the site model (:func:`handbook.site.build.build_site`'s page specs): every
page that has a place in the book (:class:`~handbook.render.spec.BookPlace`) is rendered again for
paper — inside :func:`handbook.render.urls.reading` with the medium ``book`` — so that its links
are anchors inside the one document (or plain text where the page is not in the book), its
flowchart comes as page-high tiles at a fixed printing scale, and the answers of the self-check
questions print open. Nothing is taken apart afterwards: no page's HTML is searched or edited.

The running heads of the PDF say, on every page, which document, revision and date the page
belongs to: a procedure's own revision on its pages, the handbook's elsewhere (the section's
``data-*`` attributes, read by ``paper.css``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import markdown
from markdown.extensions.toc import slugify

from handbook.charts import flowtiles
from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import handbook_doc
from handbook.render.markup import Md, inline
from handbook.render.spec import Doc, PageSpec, SiteOptions
from handbook.render.stamp import UNCONTROLLED
from handbook.render.templating import render
from handbook.site.registry import page_specs

#: The Markdown extensions of the site (mkdocs.yml ``markdown_extensions``; a test keeps them equal).
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "toc"]

#: Printed page areas (pt) for flowchart tiles (paper.css: A4, margins of 15 mm at the sides).
PORTRAIT_AREA = flowtiles.PORTRAIT_AREA
LANDSCAPE_AREA = flowtiles.LANDSCAPE_AREA

DISTRIBUTION_ROWS = 12
DISTRIBUTION_HEAD = ("受控编号", "持有部门 / 岗位", "持有人", "发放日期", "发放人", "签收", "收回日期", "备注")

#: Where the appendix part opens among the book places (``BookPlace.order``): what comes after it.
APPENDIX_ORDER = 30


@dataclass
class Section:
    """A part of the book that starts on a new page, with the document its pages belong to."""

    anchor: str
    body: Md
    title: str  # for the running head
    doc: Doc
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
    pending_from: date | None = None  # the day this text takes effect, when it is not yet in force
    sections: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def add(self, section: Section, level: int = 0, entry: str | None = None) -> None:
        """A section; with a level, also a line of the contents and a bookmark."""
        if level:
            section.level, section.bookmark = level, entry or section.title
            self.entries.append(Entry(level, section.bookmark, section.anchor))
        self.sections.append(section)


# ---------------------------------------------------------------- pages for paper


@dataclass(frozen=True)
class BookLinks:
    """Links inside one book: a page of the book becomes its anchor (and a heading in it
    ``<page anchor>--<heading id>``); a page the book does not carry becomes plain text."""

    anchors: dict[str, str]

    def href(self, target: str, anchor: str | None = None) -> str | None:
        own = self.anchors.get(target)
        if own is None:
            return None
        return f"#{own}--{anchor}" if anchor else f"#{own}"


def _converter(anchor: str) -> markdown.Markdown:
    """Python-Markdown with the site's extensions; heading ids made unique in the book by the
    page's anchor (``sop-move-in--1``)."""
    def prefixed(value: str, separator: str) -> str:
        return f"{anchor}--{slugify(value, separator)}"

    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs={"toc": {"slugify": prefixed}})


def paper_page(spec: PageSpec, links: BookLinks, pending_from: date | None = None) -> Md:
    """The HTML of one page of the site as the book prints it."""
    assert spec.book is not None
    with urls.reading(spec.path, links, medium="book", pending_from=pending_from):
        body = spec.render()
    text = (Md("# {}\n\n").format(inline(spec.title)) + body) if spec.book.titled else body
    return Md(_converter(spec.book.anchor).convert(str(text)))


# ---------------------------------------------------------------- the books


def _new_book(manual: Manual, title: str, printed: date, binder: bool = False,
              pending_from: date | None = None) -> Book:
    hb = manual.handbook
    head = f"{hb.estate.name} {hb.title} · 手册编号 {hb.document_number}"
    if pending_from is not None:
        head += f" · 待生效 · 自 {pending_from.isoformat()} 起执行"
    note = UNCONTROLLED + (" · 检查单夹打印日期 " if binder else " · 打印日期 ") + printed.isoformat()
    return Book(title, head, note, pending_from)


def _placed(specs: Iterable[PageSpec], keep: Callable[[PageSpec], bool]) -> list[PageSpec]:
    """The specs with a place in the book that ``keep`` accepts, in the book's order."""
    chosen = [s for s in specs if s.book is not None and keep(s)]
    return sorted(chosen, key=lambda s: s.book.order if s.book is not None else 0)  # stable: registry order within


def _links(specs: Iterable[PageSpec]) -> BookLinks:
    return BookLinks({s.path: s.book.anchor for s in specs if s.book is not None})


def _add_pages(book: Book, specs: list[PageSpec], links: BookLinks, shift: int = 0) -> None:
    for spec in specs:
        place = spec.book
        assert place is not None
        section = Section(place.anchor, paper_page(spec, links, book.pending_from), spec.title, place.doc,
                          cls=(place.cls + (" landscape" if place.landscape else "")).strip())
        level = max(place.level + shift, 0)
        book.add(section, level, place.bookmark)


def manual_book(manual: Manual, printed: date, pending_from: date | None = None) -> Book:
    """The whole manual: cover, distribution record, contents, the parts, the appendices.
    With ``pending_from``: a revision not yet in force, so stamped on every page."""
    hb = manual.handbook
    doc = handbook_doc(manual)
    specs = _placed(page_specs(manual, SiteOptions()), lambda s: True)
    book = _new_book(manual, hb.title, printed, pending_from=pending_from)
    subtitle = f"待生效 · 自 {pending_from.isoformat()} 起执行" if pending_from is not None else None
    book.add(Section("cover", cover(manual, printed, subtitle), hb.title, doc, cls="cover"))
    book.add(Section("distribution", distribution(manual), "文件发放记录", doc), 1)
    toc = Section("contents", Md(), "目录", doc, cls="contents")
    book.add(toc)
    parts = [s for s in specs if s.book is not None and s.book.order < APPENDIX_ORDER]
    appendix = [s for s in specs if s.book is not None and s.book.order >= APPENDIX_ORDER]
    links = _links(specs)  # a link may point anywhere in the book
    _add_pages(book, parts, links)
    if appendix:
        app_title = next((p.title for p in hb.parts if p.kind == "appendices"), "附录")
        listed = [s.book.bookmark or s.title for s in appendix if s.book is not None and s.book.level == 2]
        lead = "、".join(listed) + "。"
        book.add(Section("appendix", render("book/part.html", title=app_title, lead=lead), app_title, doc,
                         cls="part"), 1)
        _add_pages(book, appendix, links)
    toc.body = render("book/contents.html", entries=book.entries)
    return book


def binder_book(manual: Manual, printed: date, pending_from: date | None = None) -> Book:
    """All checklists, one per sheet, after a list of them; every page carries the binder's print date."""
    book = _new_book(manual, "前台检查单夹", printed, binder=True, pending_from=pending_from)
    specs = _placed(page_specs(manual, SiteOptions()), lambda s: "checklists" in s.sheets)
    _add_pages(book, specs, _links(specs), shift=-1)
    return book


def forms_book(manual: Manual, printed: date, pending_from: date | None = None) -> Book:
    """All record forms, blank, each on its own sheet(s), after a list of them."""
    book = _new_book(manual, "空白记录表格", printed, pending_from=pending_from)
    specs = _placed(page_specs(manual, SiteOptions()), lambda s: "forms" in s.sheets)
    _add_pages(book, specs, _links(specs), shift=-1)
    return book


# ---------------------------------------------------------------- cover, distribution, contents


def cover(manual: Manual, printed: date, subtitle: str | None = None) -> Md:
    hb = manual.handbook
    est = hb.estate
    rows = [
        ("项目", f"{est.name}（{est.city}）"), ("管理处", est.office), ("文件编号", hb.document_number),
        ("版号/改次", hb.revision), ("生效日期", hb.effective_date.isoformat()), ("签发人", hb.approver),
        ("编制单位", "、".join(hb.prepared_by)), ("评审周期", f"每 {hb.review_cycle_months} 个月"),
        ("服务等级", est.service_level), ("服务电话", est.hotline),
    ]
    title = hb.title + (f"（{hb.edition}）" if hb.edition else "")
    return render("book/cover.html", estate=est, title=title, subtitle=subtitle, rows=rows, printed=printed.isoformat())


def distribution(manual: Manual) -> Md:
    hb = manual.handbook
    return render("book/distribution.html", number=hb.document_number, revision=hb.revision,
                  head=DISTRIBUTION_HEAD, rows=DISTRIBUTION_ROWS)


# ---------------------------------------------------------------- the document


def to_html(manual: Manual, book: Book, printed: date) -> str:
    """The book as one HTML document (the style sheets are given to WeasyPrint separately)."""
    hb = manual.handbook
    pending = f"待生效 · 自 {book.pending_from.isoformat()} 起执行" if book.pending_from is not None else ""
    return str(render("book/document.html", book=book, company=hb.company, printed=printed.isoformat(),
                      description=f"{hb.estate.name} {hb.title} {hb.document_number}", pending=pending))
