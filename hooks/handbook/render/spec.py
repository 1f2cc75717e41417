"""What a page is, stated once: :class:`PageSpec`, contributed by the module of each page kind.

Each page-kind module (``sop_page``, ``role_page``, ``status_page`` ...) has a ``pages(manual,
options)`` function that yields the specs of its pages: address (from :mod:`urls`), title, kind,
place in the navigation and in the printed book, search policy, the data file it comes from, and
how to render it. :mod:`handbook.site.registry` lists those functions in the order of the
navigation, and everything else — the generators' navigation, edit links, search boosts, the
book, the error page's addresses — is derived from the specs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from handbook.data.reads import Noted

from handbook.manual.timeline import Timeline
from handbook.render.markup import Md

#: What kind of page it is: decides its search weight and how the book treats it.
PageKind = Literal[
    "cover", "part", "index", "procedure", "checklist", "binder", "role", "form", "training", "answers",
    "appendix", "reference",
]

#: How much a page counts in the search ranking, by kind (None: the search's default of 1). The
#: procedure (and a role's own page) is what staff look for; a checklist repeats its procedure in
#: short; lists of pages only point elsewhere; training pages repeat the procedures' words as
#: questions, and the appendix tables every procedure's limits and terms.
#: Where a page wants its version banner when not right under its title: the cover puts it after
#: the doors, which must stay on a phone's first screen (the banner lists every later revision).
BANNER_SLOT = "<!-- handbook:version-banner -->\n"

SEARCH_BOOST: Mapping[PageKind, float | None] = {
    "cover": 0.3, "part": None, "index": 0.5, "procedure": 3.0, "checklist": 0.5, "binder": 0.5, "role": 2.0,
    "form": None, "training": 0.2, "answers": 0.2, "appendix": 0.3, "reference": 0.3,
}


@dataclass(frozen=True)
class SiteOptions(Noted):
    """What the pages depend on besides the data: the public address (QR codes on printouts), the
    PDFs that exist (kind → path under the site root; the cover and indexes link to them), and the
    revisions of every controlled document with the day they are read on (None: from the data
    alone, read on the day it was checked; see :mod:`handbook.manual.timeline`). The options a page
    reads are noted (:class:`~handbook.data.reads.Noted`): a page that shows no revision table does
    not depend on the timeline."""

    site_url: str | None = None
    downloads: Mapping[str, str] = field(default_factory=dict)
    timeline: Timeline | None = None


@dataclass(frozen=True)
class Doc:
    """The controlled document a page belongs to, as its printed pages say at the foot."""

    code: str
    revision: str
    effective: str


@dataclass(frozen=True)
class BookPlace:
    """Where a page goes in the printed handbook (``make pdf``).

    ``order`` places it among the book's parts (see :mod:`handbook.paper.book`), the registry's
    order places it within them; ``level`` is its line in the contents and its bookmark (0: none);
    ``anchor`` is its id inside the one document, which links to the page become."""

    order: int
    anchor: str
    doc: Doc
    level: int = 0
    bookmark: str | None = None
    landscape: bool = False
    cls: str = ""
    #: The book prints the page's title above it (False: a sheet that carries its own title).
    titled: bool = True


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    kind: PageKind
    render: Callable[[], Md] = field(compare=False, repr=False)
    #: The navigation sections above the page, from the top (``()``: a top-level entry; None: the
    #: page is reached by links only).
    nav: tuple[str, ...] | None = ()
    nav_title: str | None = None
    #: The data file (relative to the data folder) the page is generated from: its edit link.
    source: str | None = None
    searchable: bool = True
    book: BookPlace | None = None
    #: Books of sheets (``make pdf``'s checklists.pdf, forms.pdf) this page is a sheet of.
    sheets: tuple[str, ...] = ()
    #: Its search weight against others of its kind (a revision not yet in force counts less).
    weight: float = 1.0

    @property
    def boost(self) -> float | None:
        boost = SEARCH_BOOST[self.kind]
        if self.weight == 1.0:
            return boost
        return round((1.0 if boost is None else boost) * self.weight, 3)

    @property
    def shown_in_nav(self) -> str:
        return self.nav_title or self.title
