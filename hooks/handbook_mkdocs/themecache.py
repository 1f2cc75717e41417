"""A page's themed HTML (``main.html`` rendered around it), reused under ``mkdocs serve`` while
nothing the template reads changed.

The key is everything the template reads: the page (address, title, content, table of contents,
metadata, edit and canonical links, neighbours), the navigation as drawn on that page (with
Material's ``navigation.prune`` the other sections are only their titles and first pages), the
site's configuration (theme and plugin settings included), the site's files and the theme's
templates (version, and each template file's size and time). A saved step leaves the navigation as
it was, so nearly every page comes out of this instead of Jinja; a saved title changes the pages of
its own section (and those naming it). Kept in memory, under ``serve`` only, and only with the
plugin's ``reuse_theme`` (the key models what Material's templates read: the guard tests hold it
to the installed Material). A page whose context holds a value the key cannot see (an object
known only by its type) is themed afresh every time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from handbook_mkdocs.internals import material
from handbook_mkdocs.internals import mkdocs as internals
from handbook_mkdocs.memo import Generations, digest, seen_whole, stable_repr

# The template context's entries the key covers otherwise: the page and navigation (their own
# parts), the configuration and the site's files (``pages``: once per build), what MkDocs derives
# from the configuration and the page's address (``base_url``, ``extra_css``,
# ``extra_javascript``), and the build's date and time, which Material's templates do not show
# (``theme_stamp`` turns the reuse off for a template that does).
THEME_CONTEXT_KEYED = frozenset({"page", "nav", "config", "pages", "base_url", "extra_css",
                                 "extra_javascript", "build_date_utc"})


class ThemeCache:
    """The themed pages of one ``serve`` process."""

    def __init__(self) -> None:
        self.themed: Generations[str] = Generations()
        self._site_key: str | None = None  # the site's part of the key, once per build
        self._prune = False
        self._nav_items: dict[int, str] = {}  # each navigation item's own part of the key
        self.site_files = ""

    def start_build(self, site_files: str) -> None:
        self._site_key = None
        self._nav_items = {}
        self.site_files = site_files

    def wrap(self, env: jinja2.Environment, stamp: str) -> None:
        """Make the templates ``env`` loads (call in ``on_env``, before any is loaded) reuse a
        page's themed HTML when nothing it depends on changed; ``stamp``: ``theme_stamp()``."""
        cache = self

        class ThemedTemplate(jinja2.Template):
            def render(self, *args: Any, **kwargs: Any) -> str:
                context = internals.page_context(args, kwargs)
                page = context.get("page") if context is not None else None
                if context is None or page is None or getattr(page, "file", None) is None or "nav" not in context:
                    return super().render(*args, **kwargs)  # not a page of the site (404.html, sitemap)
                others = {k: v for k, v in context.items() if k not in THEME_CONTEXT_KEYED}
                if not all(seen_whole(v) for v in others.values()):
                    return super().render(*args, **kwargs)  # e.g. a plugin's object: its state is unseen
                key = digest("theme", self.name or "", stamp, cache._site(context),
                             _nav_repr(context["nav"], cache._prune, cache._nav_items), _page_repr(page),
                             stable_repr(others))
                output = cache.themed.get(key)
                if output is None:
                    output = super().render(*args, **kwargs)
                    cache.themed.put(key, output)
                return output

        internals.set_template_class(env, ThemedTemplate)

    def _site(self, context: Any) -> str:
        """The part of a themed page's key that is the same for every page of a build."""
        if self._site_key is None:
            config = context["config"]
            settings = {k: v for k, v in config.items() if k not in ("theme", "plugins", "nav")}
            theme = dict(config["theme"].items())
            plugins = {name: dict(plugin.config.items()) if hasattr(plugin, "config") else name
                       for name, plugin in config["plugins"].items()}
            homepage = context["nav"].homepage
            self._site_key = digest(stable_repr(settings), stable_repr(theme), stable_repr(plugins),
                                    self.site_files, homepage.url if homepage is not None else "")
            self._prune = material.prunes(set(theme.get("features") or []))
        return self._site_key


def theme_stamp(config: MkDocsConfig | dict[str, Any]) -> str:
    """What identifies the theme's templates: the theme package's version, and the path, size and
    time of every file in its folders (``custom_dir`` first), except the thousands of icons, which
    change only with the version (``mkdocs serve --watch-theme`` rebuilds after a template edit).
    Empty when a template could show something outside the cache's key (one that prints
    ``build_date_utc``)."""
    theme = config["theme"]
    name = theme.name or ""
    try:
        parts = [name, version(f"mkdocs-{name}" if name == "material" else name)]
    except PackageNotFoundError:
        parts = [name, "?"]
    for folder in getattr(theme, "dirs", None) or [theme.custom_dir]:
        if not folder:
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != ".icons")
            for name in sorted(names):
                path = os.path.join(root, name)
                stat = os.stat(path)
                stamp = f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
                parts.append(stamp)
                if name.endswith(".html") and _shows_build_date(stamp, path):
                    return ""
    return digest(*parts)


_BUILD_DATE: dict[str, bool] = {}  # template file (path, size, time) -> prints build_date_utc


def _shows_build_date(stamp: str, path: str) -> bool:
    known = _BUILD_DATE.get(stamp)
    if known is None:
        with open(path, encoding="utf-8", errors="replace") as file:
            known = _BUILD_DATE[stamp] = "build_date_utc" in file.read()
    return known


def _nav_repr(items: Iterable[Any], prune: bool, seen: dict[int, str]) -> str:
    """The navigation as the theme renders it for the page being built (``item.active`` is set
    on it and its sections): every item's title, address and the metadata the theme shows next
    to it; with ``navigation.prune`` a section the page is not in is drawn as its title and a link
    to its first page, so only that is counted. ``seen``: each item's own part, computed once per
    build (the items live as long as it)."""
    out = []
    for item in items:
        own = seen.get(id(item))
        if own is None:
            own = seen[id(item)] = stable_repr([
                type(item).__name__, str(item.title), getattr(item, "url", None),
                getattr(item, "meta", None), getattr(item, "is_index", None),
                getattr(item, "typeset", None), getattr(item, "encrypted", None)])
        children = getattr(item, "children", None) or []
        if children and prune and not item.active:
            first = children[0]
            while getattr(first, "children", None):
                first = first.children[0]
            out.append(f"{own}>{getattr(first, 'url', None)!r}")
        elif children:
            out.append(f"{own}{'*' if item.active else ''}{_nav_repr(children, prune, seen)}")
        else:
            out.append(f"{own}{'*' if item.active else ''}")
    return "[" + ",".join(out) + "]"


def _page_repr(page: Page) -> str:
    neighbours = [(str(p.title), p.url, stable_repr(p.meta)) if p is not None else None
                  for p in (page.previous_page, page.next_page)]
    return stable_repr([
        page.file.src_uri, page.url, str(page.title), page.content or "", toc_repr(page.toc),
        page.meta, page.edit_url, page.canonical_url, page.abs_url, page.is_homepage, neighbours,
        [str(a.title) for a in page.ancestors],
    ])


def toc_repr(toc: Iterable[AnchorLink]) -> str:
    return stable_repr([(item.id, item.url, item.title, item.level, toc_repr(item.children))
                        for item in toc])
