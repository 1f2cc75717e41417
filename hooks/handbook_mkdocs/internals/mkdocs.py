"""MkDocs' internals the adapter uses (MkDocs 1.6; ProperDocs 1.6 aliases ``mkdocs.*`` to itself).

- ``Page.render`` is replaced on one page object (the rebuild cache converts a page only when its
  Markdown changed), so what ``render`` leaves on the page is read and written here: ``content``,
  ``toc``, the private ``_title_from_render`` (a title taken from the first heading) and the
  undocumented ``present_anchor_ids`` and ``links_to_anchors`` (MkDocs checks links to anchors
  against them after every page is converted).
- A table of contents is rebuilt from JSON with ``AnchorLink(title, id, level)``.
- The theme's templates are rendered by ``_build_page`` as ``template.render(context)`` with the
  ``TemplateContext`` keys, which the themed-page cache keys on (``themecache.py``).
- The live-reload server keeps its watches in ``_watched_paths`` (path → count) and
  ``_watch_refs`` (path → watchdog's ``ObservedWatch``), and its observer in ``observer``.

``tests/mkdocs/test_internals.py`` checks each of these against the installed MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

Render = Callable[..., None]


@dataclass(frozen=True)
class Converted:
    """What ``Page.render`` leaves on a page besides its HTML and table of contents."""

    title: str | None  # the title taken from the page's first heading, if any
    anchors: frozenset[str] | None  # the anchors the page defines
    links: dict[str, dict[str, str]] | None  # target src_uri -> {anchor: link as written}


def converted(page: Page) -> Converted:
    anchors, links = page.present_anchor_ids, page.links_to_anchors
    return Converted(title=page._title_from_render,
                     anchors=frozenset(anchors) if anchors is not None else None,
                     links={f.src_uri: dict(v) for f, v in links.items()} if links is not None else None)


def set_converted(page: Page, done: Converted, files: Files) -> None:
    """Leave on ``page`` what a conversion that gave ``done`` would have left."""
    page._title_from_render = done.title
    page.present_anchor_ids = set(done.anchors) if done.anchors is not None else None
    if done.links is not None:
        page.links_to_anchors = {target: dict(links) for uri, links in done.links.items()
                                 if (target := files.get_file_from_path(uri)) is not None}


def replace_render(page: Page, render: Render) -> Render:
    """Make ``page.render`` (on this object only) call ``render``; return the original."""
    original: Render = page.render
    page.render = render  # type: ignore[method-assign]
    return original


def table_of_contents(links: list[AnchorLink]) -> TableOfContents:
    return TableOfContents(links)


def anchor_link(title: str, anchor: str, level: int, active: bool, children: list[AnchorLink]) -> AnchorLink:
    link = AnchorLink(title, anchor, level)
    if active:
        link.active = True  # type: ignore[attr-defined]  # set by Material's toc, read by its templates
    link.children = children
    return link


def is_active(item: object) -> bool:
    return bool(getattr(item, "active", False))


#: The template context's keys as MkDocs' ``_build_page`` passes them (``TemplateContext``).
TEMPLATE_CONTEXT_KEYS = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                                   "build_date_utc", "config", "page"})


def set_template_class(env: jinja2.Environment, template_class: type[jinja2.Template]) -> None:
    """Make the theme's templates of ``env`` instances of ``template_class``: MkDocs renders each
    page as ``template.render(context)``, so its ``render`` sees the whole context."""
    env.template_class = template_class


def page_context(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The context of a ``template.render`` call as MkDocs makes it, or None for another call."""
    if len(args) == 1 and not kwargs and isinstance(args[0], dict):
        return args[0]
    return None


def watches(server: LiveReloadServer) -> dict[str, tuple[int, bool]]:
    """The server's watched paths: path -> (times watched, recursive)."""
    refs = server._watch_refs
    return {path: (count, refs[path].is_recursive) for path, count in server._watched_paths.items()}


def observer(server: LiveReloadServer) -> Any:
    """The server's file observer (None for something that is no live-reload server)."""
    return getattr(server, "observer", None)


def set_observer(server: LiveReloadServer, new: Any) -> None:
    server.observer = new


__all__ = ["Converted", "File", "Files", "Page", "anchor_link", "converted", "is_active", "observer",
           "page_context", "replace_render", "set_converted", "set_observer", "set_template_class",
           "table_of_contents", "watches"]


def generator() -> str:
    """Which MkDocs runs: ``mkdocs``, or ``properdocs`` (which puts itself in ``mkdocs``'s place)."""
    import mkdocs

    return mkdocs.__name__
