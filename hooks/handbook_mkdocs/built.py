"""What the MkDocs adapter takes from the engine, as plain data, and the engine's work kept between
builds.

:class:`Built` is every fact of a :class:`~handbook.site.build.Site` the plugin uses (the site's
name and author, the navigation, each page's address, Markdown, data file, place in the navigation
and search weight, the PDFs, the search words) and nothing else: the plugin reads only this, so a
build from scratch and a build that recalls the engine's work go through the same object, and a
fact the plugin starts to use must be added here (where the round trip test covers it).

:func:`engine` runs the engine (check the data, read the history, build the site) or recalls what it
made from the same inputs. It is remembered with the rules of ``handbook check``'s answer
(:func:`handbook.checks.cache.cached_answer`): the key is a digest of every file of the data folder,
the core's code and templates, the day, the estate, the commit checked out, the library versions
that shape the pages and the site's options (address, project folder, ``nav`` of ``mkdocs.yml``,
which PDFs exist); the folder is surveyed before and after and every file read is compared with
the survey, so a save while the engine runs is never remembered; the file
(``.cache/handbook/site.json``; ``site-<digest of the estate>.json`` for an estate asked for, so
that ``make build-all`` keeps one per estate) is sealed with this user's secret and never written
through a link.
An answer with errors is not kept (nothing was built); the warnings and the notes of document
control are kept with the pages and said again by every build that recalls them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Any

from handbook.changes.control import document_control
from handbook.checks.cache import Store, cached_answer, package_versions
from handbook.checks.check import check
from handbook.data.history import head_state
from handbook.data.problems import Problem, errors
from handbook.site.build import HAND_WRITTEN_BOOST, Site, build_site
from handbook.site.search_words import SearchWords
from handbook_mkdocs.memo import stable_repr

#: The libraries whose versions shape the pages beyond the check's (pydantic, PyYAML: in its key):
#: the QR codes and the templates.
SHAPING = ("segno", "jinja2", "markupsafe")
#: The site's pages are a few megabytes of Markdown (the flowcharts' SVG); kept up to this.
MAX_BYTES = 96 * 1024 * 1024
NAME = "site.json"


@dataclass(frozen=True)
class BuiltPage:
    path: str
    markdown: str
    source: str | None  # the data file it is made from (its edit link), or None
    listed: bool  # in the navigation (False: reached by links only, e.g. a pending revision's page)
    boost: float | None  # its search weight


@dataclass(frozen=True)
class Built:
    name: str  # HTML-escaped, as the theme wants it
    author: str
    nav: list[Any]
    pages: tuple[BuiltPage, ...]
    assets: tuple[str, ...]  # the PDFs, relative to the project folder
    search: SearchWords = field(default_factory=SearchWords)

    @classmethod
    def of(cls, site: Site) -> Built:
        pages = tuple(BuiltPage(p.path, p.markdown, p.spec.source, p.spec.nav is not None, p.spec.boost)
                      for p in site.pages)
        return cls(site.name, site.author, site.nav, pages, tuple(a.path for a in site.assets), site.search)

    def boost(self, path: str) -> float | None:
        """The search weight of the page at ``path`` (generated or hand-written), or None."""
        page = self._by_path.get(path)
        return page.boost if page is not None else HAND_WRITTEN_BOOST.get(path)

    @cached_property
    def _by_path(self) -> dict[str, BuiltPage]:
        return {p.path: p for p in self.pages}

    def to_data(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["pages"] = [dataclasses.astuple(p) for p in self.pages]
        data["search"] = dataclasses.asdict(self.search)
        return data

    @classmethod
    def from_data(cls, data: Any) -> Built:
        """The object :meth:`to_data` gave (data that is not one raises ``ValueError``, ``KeyError``
        or ``TypeError``: the caller builds from scratch)."""
        empty = SearchWords()
        words: dict[str, Any] = {f.name: tuple(data["search"][f.name]) if isinstance(getattr(empty, f.name), tuple)
                                 else data["search"][f.name] for f in dataclasses.fields(SearchWords)}
        search = SearchWords(**words)
        return cls(data["name"], data["author"], data["nav"], tuple(BuiltPage(*p) for p in data["pages"]),
                   tuple(data["assets"]), search)


Engine = tuple[Built | None, list[Problem], list[str]]


def run_engine(data_dir: Path, root: Path, day: date | None, estate: str | None, site_url: str | None,
               extra_nav: list[Any], store: Path | None) -> Engine:
    """The engine from scratch: (the built site or None when the data has errors, the problems,
    the notes of document control)."""
    manual, problems = check(data_dir, today=day, estate=estate)
    if manual is None or errors(problems):
        return None, problems, []
    control = document_control(manual, manual.checked_on, store)
    problems = problems + control.problems
    if errors(problems):
        return None, problems, []
    site = build_site(manual, site_url=site_url, root=root, extra_nav=extra_nav,
                      editions=control.editions, rereadings=control.rereadings)
    return Built.of(site), problems, list(control.notes)


def engine(data_dir: Path, root: Path, day: date | None, estate: str | None, site_url: str | None,
           extra_nav: list[Any], cache_dir: str | None, *, remember: bool = True,
           say: Callable[[str], None] | None = None) -> Engine:
    """:func:`run_engine`, or what it gave for the same inputs (``cache_dir``: the cache folder,
    relative to ``root`` or absolute, None for none; ``remember``: keep a new answer, else only
    recall)."""
    if cache_dir is None:
        return run_engine(data_dir, root, day, estate, site_url, extra_nav, None)
    where = Path(cache_dir)
    base, folder = (where.parent, (where.name,)) if where.is_absolute() else (root, where.parts)
    store = base.joinpath(*folder)
    fresh: list[Engine] = []

    def compute() -> tuple[str, int]:
        fresh.append(run_engine(data_dir, root, day, estate, site_url, extra_nav, store))
        built, problems, notes = fresh[0]
        if built is None:
            return "", 1  # errors: nothing built, nothing kept
        kept = {"site": built.to_data(), "problems": [dataclasses.asdict(p) for p in problems], "notes": notes}
        return json.dumps(kept, ensure_ascii=False, separators=(",", ":")), 0

    # The site's options and which PDFs exist (``make pdf``'s, linked from the pages) are inputs
    # as much as the data is.
    pdfs = sorted(p.relative_to(root).as_posix() for p in (root / "pdf").rglob("*.pdf")) if (root / "pdf").is_dir() else []
    extra = stable_repr([head_state(data_dir), str(root.resolve()), site_url, extra_nav, pdfs, package_versions(SHAPING)])
    # one file per estate: make build-all builds each in turn, and each keeps its own
    name = NAME if estate is None else f"site-{hashlib.sha256(estate.encode('utf-8', 'surrogateescape')).hexdigest()[:12]}.json"
    place = Store(base, folder, name, MAX_BYTES, frozenset({0} if remember else ()), "手册构建（mkdocs build）")
    text, _ = cached_answer(data_dir, day or date.today(), compute, estate=estate, warn=say, extra=extra, store=place)
    if fresh:
        return fresh[0]
    try:
        kept = json.loads(text)
        return (Built.from_data(kept["site"]), [Problem(**p) for p in kept["problems"]],
                [str(n) for n in kept["notes"]])
    except (ValueError, KeyError, TypeError, IndexError):
        return run_engine(data_dir, root, day, estate, site_url, extra_nav, store)
