"""Every page's address, written once, and links between pages made from them.

A page's address is its Markdown path under the site root (``sops/move-in.md``; MkDocs serves it at
``sops/move-in/``). The functions and constants here are the only place the core writes one: the
page registry (:mod:`handbook.site.registry`) states each page with its address from here, and a
renderer links to another page with :func:`link`, never with a typed path.

A link depends on where it is read. On the site it is relative to the page that carries it
(``../forms/key-loan-register.md``, which MkDocs turns into the right URL); in the printed book it is
an anchor inside the one document (``#form-key-loan-register``), or plain text when the page is not
in the book. The registry renders each page inside :func:`reading`, which says which of the two
(:class:`SiteLinks` or a book's own :class:`Linker`) applies: a renderer cannot forget it, and a
renderer called outside a page fails loudly instead of writing a wrong link.
"""

from __future__ import annotations

import contextlib
import functools
import posixpath
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from handbook.render.markup import Md

# ---------------------------------------------------------------- the fixed pages

COVER = "index.md"
ORGANIZATION = "organization/index.md"
SOPS_INDEX = "sops/index.md"
FORMS_INDEX = "forms/index.md"
CHECKLISTS_INDEX = "checklists/index.md"
CHECKLISTS_ALL = "checklists/all.md"
GLOSSARY = "appendix/glossary.md"
COMMITMENTS = "appendix/commitments.md"
LAWS = "appendix/laws.md"
STATUS = "appendix/status.md"
REVISIONS = "appendix/revisions.md"
TIME_LIMITS = "appendix/time-limits.md"
MATRIX = "appendix/matrix.md"
COVERAGE = "appendix/coverage.md"
POSTER = "appendix/poster.md"
DEVIATIONS = "appendix/deviations.md"
TRAINING_INDEX = "training/index.md"
#: The folder of the 修订学习签收表 pages, one per revision (``training/signoff/2026-12-15.md``).
SIGNOFF = "training/signoff"
#: The maintainers' guide, written by hand in ``docs/`` (not generated).
GUIDE = "guide.md"

#: The folder of each kind of page made per item of the data (``sops/<id>.md`` ...).
SOPS, CHECKLISTS, FORMS, ROLES, TRAINING = "sops", "checklists", "forms", "roles", "training"

#: The sheets of each role's training (``training/<role>/<sheet>.md``): the path, the scored test
#: (测验), the onboarding record, the self-check quiz sheet and its answer key. (A revision's
#: 修订学习签收表 joins them here and in ``training_pages.SHEETS``.)
TrainingSheet = Literal["index", "test", "record", "quiz", "answers"]


def sop(sop_id: str) -> str:
    return f"{SOPS}/{sop_id}.md"


def checklist(sop_id: str) -> str:
    return f"{CHECKLISTS}/{sop_id}.md"


def form(form_id: str) -> str:
    return f"{FORMS}/{form_id}.md"


def role(role_id: str) -> str:
    return f"{ROLES}/{role_id}.md"


def training(role_id: str, sheet: TrainingSheet = "index") -> str:
    return f"{TRAINING}/{role_id}/{sheet}.md"


def signoff(day: date) -> str:
    """The page of 修订学习签收表 of the revision that takes effect on ``day``."""
    return f"{SIGNOFF}/{day.isoformat()}.md"


def served(page: str) -> str:
    """The address a page is served at, relative to the site root, with ``use_directory_urls``
    (``sops/move-in.md`` → ``sops/move-in/``, ``index.md`` → ``""``)."""
    path = page[:-3] if page.endswith(".md") else page
    if path == "index" or path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"


def pending(page: str, day: date) -> str:
    """The address of a page's text that applies from ``day`` (not yet in force):
    ``sops/move-in.md`` → ``sops/move-in/2027-01-01.md``; the cover's → ``2027-01-01.md``."""
    folder = page[:-3] if page.endswith(".md") else page
    if folder == "index":
        folder = ""
    elif folder.endswith("/index"):
        folder = folder[: -len("/index")]
    return f"{folder}/{day.isoformat()}.md" if folder else f"{day.isoformat()}.md"


def pages_of_data_file(rel: str) -> list[str]:
    """The pages a data file (``sops/move-in.yaml``, relative to the data folder) gives when it
    is valid: what the serve error page stands in for while the data has errors."""
    folder, _, name = rel.partition("/")
    stem = name[: -len(".yaml")] if name.endswith(".yaml") else ""
    if not stem or "/" in stem:
        return []
    if folder == SOPS:
        return [sop(stem), checklist(stem)]
    if folder == ROLES:
        return [role(stem)]
    if folder == FORMS:
        return [form(stem)]
    return []


# ---------------------------------------------------------------- links


class Linker(Protocol):
    """How a link to a page is written where it is read: an ``href``, or None for plain text."""

    def href(self, target: str, anchor: str | None = None) -> str | None: ...


@dataclass(frozen=True)
class SiteLinks:
    """Links on the site: relative to the page ``here`` (MkDocs resolves ``*.md`` links)."""

    here: str

    def href(self, target: str, anchor: str | None = None) -> str | None:
        rel = _relative(target, posixpath.dirname(self.here) or ".")
        return rel + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=65_536)
def _relative(target: str, folder: str) -> str:
    """``posixpath.relpath``, remembered: a build asks for the same few thousand pairs tens of
    thousands of times (it depends on the two strings alone)."""
    return posixpath.relpath(target, folder)


#: Where the page being rendered is read: "site" (the web pages) or "book" (the printed book).
Medium = Literal["site", "book"]


@dataclass(frozen=True)
class Reading:
    """The page being rendered, and how it is read: where, on what, and — for the text of a
    revision that is not yet in force — from which day it applies (``pending_from``)."""

    here: str
    linker: Linker
    medium: Medium
    pending_from: date | None = None


_READING: ContextVar[Reading] = ContextVar("handbook_reading")


@contextlib.contextmanager
def reading(here: str, linker: Linker | None = None, medium: Medium = "site",
            pending_from: date | None = None) -> Iterator[Reading]:
    """Render the page ``here`` inside this block (links relative to it unless ``linker`` says
    otherwise); ``pending_from``: the page shows a revision that applies from that day."""
    token = _READING.set(Reading(here, linker or SiteLinks(here), medium, pending_from))
    try:
        yield _READING.get()
    finally:
        _READING.reset(token)


def current() -> Reading:
    """The page being rendered; a renderer called outside :func:`reading` is a programming error."""
    try:
        return _READING.get()
    except LookupError:
        raise RuntimeError("a page is rendered outside urls.reading(): its links would be wrong") from None


def on_paper() -> bool:
    """True while a page is rendered for the printed book (no buttons, no screen-only parts)."""
    return current().medium == "book"


def pending_from() -> date | None:
    """The day from which the text being rendered applies, when that day has not come (None: the
    text in force). Printouts of such a page carry the mark 待生效."""
    return current().pending_from


def href(target: str, anchor: str | None = None) -> str | None:
    """The address of ``target`` as written on the page being rendered (None: no link there)."""
    return current().linker.href(target, anchor)


def href_on(target: str, day: date | None, anchor: str | None = None) -> str | None:
    """The address of ``target``'s text that applies from ``day`` (None: the text in force today),
    or None where what is read has no such page. A linker that knows the pages of revisions not yet
    in force answers it (``href_on``); any other links only the text in force."""
    linker = current().linker
    find = getattr(linker, "href_on", None)
    if find is not None:
        found: str | None = find(target, day, anchor)
        return found
    return href(target, anchor) if day is None else None


def link_on(text: str | Md, target: str, day: date | None, anchor: str | None = None) -> Md:
    """``text`` linked to ``target``'s text that applies from ``day`` (see :func:`href_on`)."""
    address = href_on(target, day, anchor)
    if address is None:
        return Md.escape(text)
    return Md("[{}]({})").format(text, Md(address))


def link(text: str | Md, target: str, anchor: str | None = None) -> Md:
    """``text`` linked to the page ``target``: a Markdown link on the site, an anchor in the book,
    plain text where the target is not part of what is read. Plain ``str`` text is escaped."""
    address = href(target, anchor)
    if address is None:
        return Md.escape(text)
    return Md("[{}]({})").format(text, Md(address))  # addresses are made of ids: nothing to escape
