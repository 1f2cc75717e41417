"""Links on the pages of a pending edition (handbook.site.versions.EditionLinks)."""

from __future__ import annotations

from datetime import date

from handbook.render import urls
from handbook.site.versions import EditionLinks

DAY = date(2026, 12, 15)


def test_a_page_that_only_a_later_edition_has_is_named_not_linked() -> None:
    """A role that a pending revision creates gets its role page (versioned), not its training
    path (not versioned): the role page names the path as text instead of a broken link."""
    links = EditionLinks(urls.role("night"), DAY, {}, frozenset({urls.training("night")}))
    assert links.href(urls.training("night")) is None
    with urls.reading(urls.role("night"), links):
        assert urls.link("培训路径", urls.training("night")) == "培训路径"
        assert urls.link("岗位职责矩阵", urls.MATRIX) == "[岗位职责矩阵](../appendix/matrix.md)"


def test_pages_with_a_pending_version_link_to_it() -> None:
    links = EditionLinks(urls.sop("a"), DAY, {urls.sop("b"): [DAY]})
    assert links.href(urls.sop("b")) == "b/2026-12-15.md"
