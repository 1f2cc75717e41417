"""``build_site``: the handbook as one typed bundle that every generator and the PDF consume.

A :class:`Site` holds the pages (each with its address, title, kind, search policy, data source and
Markdown), the navigation, the assets to copy (the PDFs of ``make pdf``), the words the search
needs, and the expansion of the hand-written pages' markers. The MkDocs adapter, the Zensical
adapter, ``handbook pages`` and the PDF all start here; none re-derives a page's address, title or
search weight on its own.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, partial
from pathlib import Path

from handbook.manual.manual import Manual
from handbook.manual.numbering import sop_code
from handbook.manual.timeline import Timeline
from handbook.render import urls
from handbook.render.guide import GUIDE_MARKER, field_reference
from handbook.render.markup import Md, heading
from handbook.render.signoff_page import Rereading, signoff_specs
from handbook.render.spec import BANNER_SLOT, PageSpec, SiteOptions
from handbook.site.inforce import HANDBOOK, Editions
from handbook.site.pagememo import PAGES
from handbook.site.registry import NavItem, navigation, page_specs
from handbook.site.versions import (
    PENDING_BOOST, VERSIONED, EditionLinks, Neutral, document_of, newer_banner, pending_banner, pending_title,
    unknown_banner,
)
from handbook.site.search_words import SearchWords, search_words

#: The printed handbook (``make pdf``), by kind: its file name in the estate's PDF folder.
PDF_FILES = {"handbook": "handbook.pdf", "checklists": "checklists.pdf", "forms": "forms.pdf"}
#: The search weight of hand-written pages (the generated pages' is their kind's).
HAND_WRITTEN_BOOST = {urls.GUIDE: 0.3}


def pdf_folder(root: Path, estate_id: str | None) -> Path:
    """Where ``make pdf`` puts an estate's PDFs (``pdf/<id>/``; ``pdf/`` for a one-estate
    handbook), and where the site build looks for them: each estate's site links its own."""
    return root / estate_id if estate_id else root


@dataclass(frozen=True)
class Page:
    spec: PageSpec
    markdown: str

    @property
    def path(self) -> str:
        return self.spec.path


@dataclass(frozen=True)
class Asset:
    """A file copied into the site as it is: ``path`` under the site root, read from the same path
    under ``root`` (the project folder)."""

    path: str
    root: Path

    @property
    def source(self) -> Path:
        return self.root / self.path


@dataclass(frozen=True)
class Site:
    manual: Manual
    pages: tuple[Page, ...]
    nav: list[NavItem]
    assets: tuple[Asset, ...] = ()
    search: SearchWords = field(default_factory=SearchWords)
    editions: Editions | None = None

    @property
    def name(self) -> str:
        """The site's name: the estate's and the handbook's, HTML-escaped (a theme puts it into
        ``<title>``, the header and ``<meta>`` as it is)."""
        hb = self.manual.handbook
        return html.escape(f"{hb.estate.name} {hb.title}")

    @property
    def author(self) -> str:
        """The site's author, the company, HTML-escaped (it goes into an attribute: quotes too)."""
        return html.escape(self.manual.handbook.company)

    def page(self, path: str) -> Page | None:
        return self._by_path.get(path)

    @cached_property
    def _by_path(self) -> Mapping[str, Page]:
        return {p.path: p for p in self.pages}

    def sources(self) -> dict[str, str]:
        """Page address → the data file it is generated from (for edit links)."""
        return {p.path: p.spec.source for p in self.pages if p.spec.source is not None}


def expand(markdown: str) -> str:
    """A hand-written page with its markers replaced (the guide's field tables from the models)."""
    if GUIDE_MARKER in markdown:
        markdown = markdown.replace(GUIDE_MARKER, field_reference())
    return markdown


def render_page(spec: PageSpec, linker: urls.Linker | None = None, pending_from: date | None = None,
                banner: Callable[[], Md] | None = None) -> Md:
    """The Markdown of one page: its front matter and title from the spec, then (a version banner
    and) its body, with links relative to its own address unless ``linker`` says otherwise."""
    with urls.reading(spec.path, linker, pending_from=pending_from):
        body = spec.render()
        top = banner() if banner is not None else Md("")
    if BANNER_SLOT in body:  # the page says where its banner goes (the cover: after the doors)
        return heading(spec.title, searchable=spec.searchable) + Md("\n") + Md(body.replace(BANNER_SLOT, top, 1))
    return heading(spec.title, searchable=spec.searchable) + Md("\n") + top + body


#: Where a page comes from: the manual its spec was made from, and the site's options it was made
#: with (None for the sign-off sheets, made without).
Source = tuple[Manual, SiteOptions | None]


def _neutral(source: Source, spec: PageSpec) -> str:
    """A page's body with links written as their targets (to compare two editions)."""
    def make() -> str:
        with urls.reading(spec.path, Neutral()):
            return str(spec.render())
    return PAGES.markdown(*source, spec, make, "neutral")


def _page(source: Source, spec: PageSpec, linker: urls.Linker | None = None, pending_from: date | None = None,
          banner: partial[Md] | None = None) -> Page:
    """:func:`render_page`, or the same page as an earlier build rendered it, when nothing it
    read has changed (:mod:`handbook.site.pagememo`)."""
    return Page(spec, PAGES.markdown(*source, spec, lambda: str(render_page(spec, linker, pending_from, banner)),
                                     linker, pending_from, banner))


def _editions_pages(site_specs: list[PageSpec], editions: Editions, options: SiteOptions,
                    rereadings: Sequence[Rereading] = ()) -> list[Page]:
    """The pages of the edition in force (``site_specs``) with their banners, and the pages of the
    texts that take effect later."""
    today = editions.today
    docs = editions.docs
    # which versioned page changes on which later day (compared with the edition before)
    versions: dict[str, list[date]] = {}
    later: list[tuple[date, PageSpec, Source]] = []
    first: dict[str, tuple[date, PageSpec, Source]] = {}  # pages that do not exist in force yet
    assert editions.in_force is not None
    in_force: Source = (editions.in_force, options)
    previous = {s.path: _neutral(in_force, s) for s in site_specs if s.kind in VERSIONED}
    all_paths = {s.path for s in site_specs}
    for day, edition in editions.pending:
        source: Source = (edition, options)
        for spec in page_specs(edition, options):
            all_paths.add(spec.path)
            if spec.kind not in VERSIONED:
                continue
            text = _neutral(source, spec)
            if spec.path not in previous and spec.path not in first:
                first[spec.path] = (day, spec, source)
            elif previous.get(spec.path) != text:
                versions.setdefault(spec.path, []).append(day)
                later.append((day, spec, source))
            previous[spec.path] = text
    emitted = {s.path for s in site_specs} | set(first)
    absent = frozenset(p for p in all_paths if p not in emitted)
    firsts = {path: day for path, (day, _, _) in first.items()}
    pages: list[Page] = []
    for spec in site_specs:
        days = versions.get(spec.path, [])
        banner = partial(newer_banner, spec, docs.get(document_of(spec)), today, days) if days else None
        pages.append(_page(in_force, spec, EditionLinks(spec.path, None, versions, absent, firsts), banner=banner))
    for reading in rereadings:  # the sign-off sheets of each revision, linked to the texts of its day
        edition = editions.edition_on(reading.day) or editions.current
        pending = reading.day > today
        for spec in signoff_specs(edition, [reading], today):
            pages.append(_page((edition, None), spec, EditionLinks(spec.path, reading.day if pending else None,
                                                                   versions, absent, firsts),
                               reading.day if pending else None))
    for path, (day, spec, source) in first.items():  # shown at its own address, marked 待生效 from top to bottom
        doc = docs.get(document_of(spec))
        # no page in force to give way to: it counts in the search as its kind does
        spec = replace(spec, nav=None, title=pending_title(spec.title, day))
        pages.append(_page(source, spec, EditionLinks(path, day, versions, absent, firsts), day,
                           partial(pending_banner, spec, doc, day, today, False, True,
                                   _next(versions.get(path, []), day))))
    for day, spec, source in later:
        doc = docs.get(document_of(spec))
        address = urls.pending(spec.path, day)
        own = replace(spec, path=address, nav=None, title=pending_title(spec.title, day), weight=PENDING_BOOST,
                      book=None, sheets=())
        pages.append(_page(source, own, EditionLinks(address, day, versions, absent, firsts), day,
                           partial(pending_banner, spec, doc, day, today, True, False,
                                   _next(versions.get(spec.path, []), day))))
    return pages


def _next(days: list[date], day: date) -> date | None:
    later = [d for d in days if d > day]
    return min(later) if later else None


def timeline_of_editions(editions: Editions, rereadings: Sequence[Rereading] = ()) -> Timeline:
    """The timeline the pages read: every revision's status today, its document number as it is
    in the edition of that revision, and the days that have 修订学习签收表."""
    timeline = editions.timeline()
    codes: dict[tuple[str, str], str] = {}
    for key, doc in editions.docs.items():
        for version in doc.versions:
            edition = (editions.edition_on(version.effective) if version.effective > editions.today
                       else editions.in_force) or editions.current
            if key == HANDBOOK:
                codes[(key, version.revision)] = edition.handbook.document_number
            elif (sop_id := key.split("/", 1)[1]) in edition.sops:
                codes[(key, version.revision)] = sop_code(edition, sop_id)
    return replace(timeline, codes=codes, signoffs={r.day: frozenset(r.roles) for r in rereadings})


def build_site(manual: Manual, *, site_url: str | None = None, root: Path | None = None,
               extra_nav: Iterable[NavItem] = (), editions: Editions | None = None,
               rereadings: Sequence[Rereading] = ()) -> Site:
    """Every page of ``manual``. With ``root`` (the project folder), the PDFs found in its
    ``pdf/<estate>/`` become assets and the pages link to them; ``extra_nav`` (the hand-written
    pages of ``mkdocs.yml``'s ``nav``) follows the generated navigation. With ``editions`` the
    pages show the text in force on their day (:mod:`handbook.site.inforce`), the texts of
    revisions not yet in force get pages of their own (:mod:`handbook.site.versions`), and each
    revision of ``rereadings`` a page of 修订学习签收表 (:mod:`handbook.render.signoff_page`)."""
    assets: list[Asset] = []
    downloads: dict[str, str] = {}
    if root is not None:
        folder = pdf_folder(Path("pdf"), manual.estate_id)  # this estate's PDFs, never another's
        for kind, name in PDF_FILES.items():
            rel = (folder / name).as_posix()
            if (root / rel).is_file():
                assets.append(Asset(rel, root))
                downloads[kind] = rel
    if editions is None:
        options = SiteOptions(site_url=site_url, downloads=downloads)
        specs = page_specs(manual, options)
        pages = tuple(_page((manual, options), spec) for spec in specs)
        return Site(manual, pages, navigation(specs, extra_nav), tuple(assets), search_words(manual))
    options = SiteOptions(site_url=site_url, downloads=downloads, timeline=timeline_of_editions(editions, rereadings))
    if editions.in_force is None:  # nothing in force yet, or its text cannot be had: the working text
        return Site(manual, tuple(_working_pages(manual, editions, options, rereadings)),
                    navigation(page_specs(manual, options), extra_nav), tuple(assets), search_words(manual), editions)
    specs = page_specs(editions.in_force, options)
    return Site(manual, tuple(_editions_pages(specs, editions, options, rereadings)), navigation(specs, extra_nav),
                tuple(assets), search_words(manual), editions)


def _working_pages(manual: Manual, editions: Editions, options: SiteOptions,
                   rereadings: Sequence[Rereading]) -> list[Page]:
    """The working text when no edition is in force: 待生效 from top to bottom on the pages of every
    document with a revision not yet in force; when a revision is in force but its text cannot be
    had (no history), those pages say so and what to run, never pretending to be the text in force."""
    today = editions.today
    unknown = editions.unknown
    problem = "；".join(editions.problems) or "无法读取历史版本"
    pages = []
    for spec in page_specs(manual, options):
        doc = editions.docs.get(document_of(spec)) if spec.kind in VERSIONED else None
        waiting = doc.pending(today) if doc is not None else ()
        if not waiting:
            pages.append(_page((manual, options), spec))
            continue
        day = waiting[-1].effective
        if unknown and doc is not None and doc.in_force(today) is not None:
            banner = partial(unknown_banner, spec, doc, today, problem)
        else:
            banner = partial(pending_banner, spec, doc, day, today, False, True)
        pages.append(_page((manual, options), spec, pending_from=day, banner=banner))
    for reading in rereadings:
        for spec in signoff_specs(manual, [reading], today):
            pages.append(_page((manual, None), spec, pending_from=reading.day if reading.day > today else None))
    return pages


def render_pages(manual: Manual, site_url: str | None = None) -> dict[str, str]:
    """Every page's Markdown by address (what ``handbook pages`` writes)."""
    return {p.path: p.markdown for p in build_site(manual, site_url=site_url).pages}


def page_markdown(manual: Manual, path: str, site_url: str | None = None) -> str:
    """The Markdown of the one page at ``path`` (rendering no other)."""
    for spec in page_specs(manual, SiteOptions(site_url=site_url)):
        if spec.path == path:
            return str(render_page(spec))
    raise KeyError(path)
