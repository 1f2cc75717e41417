"""The page registry: which page kinds the handbook has, in the order of its navigation.

Each page-kind module states its pages (:class:`~handbook.render.spec.PageSpec`); this module lists
the modules, once, in the order readers meet them: the cover and the checklists first (what the
front desk opens most), then the manual's parts in the order ``handbook.yaml`` gives them, then the
training pages. The navigation is derived from the specs, so a page cannot be forgotten in it, and
an address stated twice is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from handbook.manual.manual import Manual
from handbook.render import (
    checklist_page, cover_page, deviation_page, form_page, limits_page, matrix_page, organization_page, poster_page,
    reference_pages, revisions_page, role_page, sop_page, status_page, training_pages,
)
from handbook.render.markup import theme_text
from handbook.render.spec import PageSpec, SiteOptions

Contributor = Callable[[Manual, SiteOptions], Iterable[PageSpec]]

#: Before the manual's parts: the cover, then the checklists.
BEFORE_PARTS: tuple[Contributor, ...] = (cover_page.pages, checklist_page.pages)
#: The page kinds of each part of the manual (``handbook.yaml``'s ``parts``), in order.
PARTS: dict[str, tuple[Contributor, ...]] = {
    "organization": (organization_page.pages, role_page.pages),
    "procedures": (sop_page.pages,),
    "appendices": (form_page.pages, reference_pages.pages, matrix_page.pages, status_page.pages,
                   revisions_page.pages, limits_page.pages, poster_page.pages, deviation_page.pages),
}
#: After the parts.
AFTER_PARTS: tuple[Contributor, ...] = (training_pages.pages,)


class DuplicatePage(ValueError):
    """Two specs state the same address."""


def page_specs(manual: Manual, options: SiteOptions) -> list[PageSpec]:
    """Every page of the handbook, in navigation order."""
    listed = [part.kind for part in manual.handbook.parts]
    kinds = listed + [k for k in PARTS if k not in listed]  # a part not listed still has its pages
    contributors = [*BEFORE_PARTS, *(c for kind in kinds for c in PARTS[kind]), *AFTER_PARTS]
    specs: list[PageSpec] = []
    seen: set[str] = set()
    for contribute in contributors:
        for spec in contribute(manual, options):
            if spec.path in seen:
                raise DuplicatePage(f"page {spec.path} is stated twice")
            seen.add(spec.path)
            specs.append(spec)
    return specs


NavItem = dict[str, Any]


def navigation(specs: Iterable[PageSpec], extra: Iterable[NavItem] = ()) -> list[NavItem]:
    """The navigation in MkDocs' ``nav`` format, from the specs' ``nav`` sections, then ``extra``
    (the hand-written pages listed in ``mkdocs.yml``). Titles are escaped: the theme inserts them
    as they are."""
    root: list[NavItem] = []
    for spec in specs:
        if spec.nav is None:
            continue
        entries = root
        for section in spec.nav:
            last = entries[-1] if entries else None
            if last is not None and isinstance(last.get(section), list):
                entries = last[section]
            else:
                fresh: list[NavItem] = []
                entries.append({section: fresh})
                entries = fresh
        entries.append({spec.shown_in_nav: spec.path})
    return _escape_titles(root + list(extra))


def _escape_titles(nav: list[Any]) -> list[Any]:
    """The theme inserts navigation titles unescaped: escape them here (a title is data)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append({theme_text(k): _escape_titles(v) if isinstance(v, list) else v
                        for k, v in item.items()})
        else:
            out.append(item)
    return out
