"""Make a rebuild under ``mkdocs serve`` redo only what a saved edit changed.

``mkdocs serve`` rebuilds the whole site on every save: every page is converted from Markdown
again, indexed for search again (with jieba segmenting all of its Chinese again), and every theme
template compiled again. An edit to one procedure changes a handful of pages; the rest come out
exactly as before. This module remembers, for the life of the ``serve`` process:

- each page's Markdown conversion (``page.render``), keyed by the page's final Markdown, its
  address, every file of the site (links resolve against them) and the Markdown configuration;
- each page's search entries, keyed by the page's HTML, its table of contents, title and search
  metadata, the search configuration and the words added to jieba's dictionary; and, for a page
  that did change, jieba's segmentation of each title and text that did not (an edited
  procedure title changes a few dozen pages, but only a line or two on most of them);
- the theme's compiled templates (Jinja's own bytecode cache, which checks the template source);
- each page's themed HTML (``main.html`` rendered around it), keyed by everything the template
  reads: the page (address, title, content, table of contents, metadata, edit and canonical
  links, neighbours), the navigation as drawn on that page (with ``navigation.prune``, the other
  sections are only their titles and first pages), the site's configuration (theme and plugin
  settings included), the site's files and the theme's templates (version, and each template
  file's size and time). A saved step leaves the navigation as it was, so 164 of 166 pages come
  out of this instead of Jinja; a saved title changes the pages of its own section (and those
  naming it). Kept in memory, under ``serve`` only; a page whose context holds a value the key
  cannot see (an object known only by its type) is themed afresh every time.

A key that matches means the same input to the same code, so the output is the same; the test
``tests/mkdocs/test_rebuild.py`` builds twice under ``serve`` with an edit in between and compares the
site with a fresh build, byte for byte. Warnings logged while a page was converted are logged
again when the conversion is reused, so the terminal shows the same problems on every rebuild.
Entries a rebuild did not use are dropped after it, so memory stays at one site's worth.

The same entries are kept on disk between processes (``diskcache.py``, under ``.cache/handbook/``):
``mkdocs build`` after a small edit, a ``git pull`` or a switch of branch converts and indexes only
the pages that changed. ``tests/mkdocs/test_rebuild.py`` also builds cold, then warm from the disk
cache, and compares every file with a build without any cache. Under ``mkdocs serve`` the disk file
is written after the first build and then when serve stops with Ctrl-C (``on_shutdown``), not
after every save; a serve killed by a signal leaves the first build's entries, which stay valid.
This module works on the objects MkDocs passes to the hook.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from handbook_mkdocs import diskcache


class _Generations:
    """A dict whose entries live as long as each build uses them."""

    def __init__(self) -> None:
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any:
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._used.add(key)

    def seed(self, entries: dict[str, Any]) -> None:
        """Entries read from disk: available to this build, dropped after it unless used."""
        for key, value in entries.items():
            self._entries.setdefault(key, value)

    def used(self) -> dict[str, Any]:
        return {k: v for k, v in self._entries.items() if k in self._used}

    def end_build(self) -> None:
        """Forget what this build did not use (pages removed or changed since)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


def stable_repr(value: Any) -> str:
    """A representation of configuration values that is the same in every process and build.

    Functions and classes are named by module and qualified name; objects whose ``repr`` is
    only an address are named by their type (their settings cannot be seen, so a change to them
    needs a restart of ``mkdocs serve``).
    """
    if isinstance(value, dict):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [stable_repr(v) for v in value]
        if isinstance(value, (set, frozenset)):
            parts.sort()
        return "[" + ",".join(parts) + "]"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
    shown = repr(value)
    if " at 0x" in shown:
        return f"<{type(value).__module__}.{type(value).__qualname__}>"
    return shown


def _digest(*parts: str) -> str:
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        sha.update(len(data).to_bytes(8, "little"))
        sha.update(data)
    return sha.hexdigest()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class _Rendered:
    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    links: dict[str, dict[str, str]] | None  # target src_uri -> {anchor: link as written}
    records: tuple[logging.LogRecord, ...]

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content, "toc": diskcache.toc_to_json(self.toc), "title": self.title,
                "anchors": sorted(self.anchors) if self.anchors is not None else None,
                "links": self.links, "records": [diskcache.record_to_json(r) for r in self.records]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Rendered:
        return cls(content=data["content"], toc=diskcache.toc_from_json(data["toc"]), title=data["title"],
                   anchors=frozenset(data["anchors"]) if data["anchors"] is not None else None,
                   links=data["links"], records=tuple(diskcache.record_from_json(r) for r in data["records"]))


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each against its template's source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class RebuildCache:
    """What one ``mkdocs serve`` process keeps from one build to the next."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store  # folder of the disk cache, or None for memory only
        self._profile: Path | None = None  # the disk file of the current site configuration
        # Under serve, a profile is written after its first build and then only when serve stops
        # (``flush``): writing 6 MB after every save would add 0.05 s to each rebuild.
        self.serving = False
        self._written: set[Path] = set()
        self._unwritten: tuple[Path, dict[str, Any]] | None = None
        self.pages = _Generations()
        self.search = _Generations()
        self.segments = _Generations()
        self.templates = _MemoryBytecode()
        self.themed = _Generations()
        self._theme_key: str | None = None  # the site's part of the theme key, once per build
        self._prune = False  # Material draws only the current page's sections (navigation.prune)
        self._nav_items: dict[int, str] = {}  # each navigation item's own part of the theme key
        self._markdown_key = ""
        self._search_key = ""
        self._site_files = ""
        self.last: dict[str, tuple[int, int]] = {}  # the last build's (reused, computed) by kind

    # ------------------------------------------------------------------ per build

    def start_build(self, config: Any, search_words: Iterable[str]) -> None:
        """Call at the start of every build (``on_config``) with the build's configuration."""
        self._markdown_key = stable_repr([
            config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
            config["validation"], config["docs_dir"],
        ])
        self._search_key = stable_repr(sorted(search_words))
        self._site_files = ""
        self._theme_key = None
        self._nav_items = {}
        if self.store is not None:
            name = _digest(self._markdown_key, str(config["site_name"]))[:20] + ".json"  # one per site
            if self._profile != self.store / name:
                self.flush()  # what the previous configuration's builds left unwritten
                self._profile = self.store / name
                self._load(diskcache.read(self._profile))

    def _load(self, entries: dict[str, dict[str, Any]]) -> None:
        try:
            pages = {k: _Rendered.from_json(v) for k, v in entries.get("pages", {}).items()}
            search = {k: v for k, v in entries.get("search", {}).items() if isinstance(v, list)}
            segments = {k: v for k, v in entries.get("segments", {}).items() if isinstance(v, str)}
        except (KeyError, TypeError, ValueError) as exc:
            diskcache.log.warning("构建缓存 %s 内容不完整（%s），已忽略；本次构建后重建。", self._profile, exc)
            return
        self.pages.seed(pages)
        self.search.seed(search)
        self.segments.seed(segments)

    def files_ready(self, files: Iterable[Any]) -> None:
        """Call once the site's files are known (``on_files``, after the generated pages)."""
        self._site_files = stable_repr(sorted((f.src_uri, f.dest_uri, f.url) for f in files))

    def end_build(self) -> None:
        """Call after every build (``on_post_build``): drop what the build did not use."""
        self.last = {name: (kept.hits, kept.misses) for name, kept in
                     (("pages", self.pages), ("search", self.search), ("segments", self.segments),
                      ("theme", self.themed))}
        if self._profile is not None:
            entries = {"pages": self.pages.used(), "search": self.search.used(), "segments": self.segments.used()}
            self._unwritten = (self._profile, entries)
            if not self.serving or self._profile not in self._written:
                self.flush()
        self.pages.end_build()
        self.search.end_build()
        self.segments.end_build()
        self.themed.end_build()

    def flush(self) -> None:
        """Write what the last build left unwritten to the disk cache (under serve: call when it
        stops, ``on_shutdown``)."""
        if self._unwritten is None:
            return
        profile, entries = self._unwritten
        self._unwritten = None
        diskcache.write(profile, {"pages": {k: v.to_json() for k, v in entries["pages"].items()},
                                  "search": entries["search"], "segments": entries["segments"]})
        self._written.add(profile)

    # ------------------------------------------------------------------ Markdown conversion

    def wrap_render(self, page: Any) -> None:
        """Replace ``page.render`` (on this page object only) with a cached conversion."""
        original: Callable[[Any, Any], None] = page.render

        def render(config: Any, files: Any) -> None:
            key = _digest("page", self._markdown_key, self._site_files, page.file.src_uri,
                          page.markdown or "")
            hit: _Rendered | None = self.pages.get(key)
            if hit is None:
                hit = self._render(page, original, config, files)
                self.pages.put(key, hit)
                return
            page.content = hit.content
            page.toc = copy.deepcopy(hit.toc)
            if hasattr(page, "_title_from_render"):
                page._title_from_render = hit.title
            page.present_anchor_ids = set(hit.anchors) if hit.anchors is not None else None
            if hit.links is not None:
                page.links_to_anchors = {
                    target: dict(links)
                    for uri, links in hit.links.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
            for record in hit.records:  # the same warnings as a fresh conversion
                logging.getLogger(record.name).handle(record)

        page.render = render

    @staticmethod
    def _render(page: Any, original: Callable[[Any, Any], None], config: Any, files: Any) -> _Rendered:
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            original(config, files)
        finally:
            logger.removeHandler(collect)
        links = getattr(page, "links_to_anchors", None)
        anchors = getattr(page, "present_anchor_ids", None)
        return _Rendered(
            content=page.content,
            toc=copy.deepcopy(page.toc),
            title=getattr(page, "_title_from_render", None),
            anchors=frozenset(anchors) if anchors is not None else None,
            links={f.src_uri: dict(v) for f, v in links.items()} if links is not None else None,
            records=tuple(r for r in collect.records if r.levelno >= logging.INFO),
        )

    # ------------------------------------------------------------------ themed pages

    def wrap_theme(self, env: jinja2.Environment, theme_stamp: str) -> None:
        """Make the templates ``env`` loads (call in ``on_env``, before any is loaded) reuse a
        page's themed HTML when nothing it depends on changed. ``theme_stamp``: what identifies
        the theme's templates (``theme_stamp()``); empty turns the reuse off."""
        if not theme_stamp or not self.serving:  # one build reuses nothing: no keys to compute
            return
        cache = self

        class ThemedTemplate(jinja2.Template):
            def render(self, *args: Any, **kwargs: Any) -> str:
                context = args[0] if len(args) == 1 and not kwargs and isinstance(args[0], dict) else {}
                page = context.get("page")
                if page is None or getattr(page, "file", None) is None or "nav" not in context:
                    return super().render(*args, **kwargs)  # not a page of the site (404.html, sitemap)
                others = {k: v for k, v in context.items() if k not in _THEME_CONTEXT_KEYED}
                if not all(_seen_whole(v) for v in others.values()):
                    return super().render(*args, **kwargs)  # e.g. a plugin's object: its state is unseen
                site = cache._site_theme_key(context)  # sets cache._prune for this build
                key = _digest("theme", self.name or "", theme_stamp, site,
                              _nav_repr(context["nav"], cache._prune, cache._nav_items), _page_repr(page),
                              stable_repr(others))
                output: str | None = cache.themed.get(key)
                if output is None:
                    output = super().render(*args, **kwargs)
                    cache.themed.put(key, output)
                return output

        env.template_class = ThemedTemplate

    def _site_theme_key(self, context: dict[str, Any]) -> str:
        """The part of a themed page's key that is the same for every page of a build."""
        if self._theme_key is None:
            config = context["config"]
            # nav: the titles of every page, drawn as _nav_repr sees them on each page
            settings = {k: v for k, v in config.items() if k not in ("theme", "plugins", "nav")}
            theme = dict(config["theme"].items())
            plugins = {name: dict(plugin.config.items()) if hasattr(plugin, "config") else name
                       for name, plugin in config["plugins"].items()}  # hooks are modules
            homepage = context["nav"].homepage
            self._theme_key = _digest(stable_repr(settings), stable_repr(theme), stable_repr(plugins),
                                      self._site_files, homepage.url if homepage is not None else "")
            features = set(theme.get("features") or [])
            self._prune = "navigation.prune" in features and not features & {"navigation.tabs", "navigation.sections"}
        return self._theme_key

    # ------------------------------------------------------------------ search index

    def wrap_search(self, index: Any) -> None:
        """Cache Material's search entries per page (``index``: the plugin's ``search_index``)."""
        original: Callable[[Any], None] = index.add_entry_from_context

        def add_entry_from_context(page: Any) -> None:
            meta = {k: page.meta.get(k) for k in ("title", "search", "tags")}
            key = _digest("search", self._search_key, stable_repr(index.config), page.url,
                          str(page.title), stable_repr(meta), _toc_repr(page.toc), page.content or "")
            entries: list[dict[str, Any]] | None = self.search.get(key)
            if entries is None:
                before = len(index.entries)
                original(page)
                self.search.put(key, copy.deepcopy(index.entries[before:]))
            else:
                index.entries.extend(copy.deepcopy(entries))

        index.add_entry_from_context = add_entry_from_context
        segment: Callable[[str], str] | None = getattr(index, "_segment_chinese", None)
        if segment is not None:  # Material's jieba step, for the pages that changed

            def segment_chinese(text: str) -> str:
                key = _digest("segment", self._search_key, text)
                done: str | None = self.segments.get(key)
                if done is None:
                    done = segment(text)
                    self.segments.put(key, done)
                return done

            index._segment_chinese = segment_chinese


# The template context's entries the theme key covers otherwise: the page and navigation (their
# own parts), the configuration and the site's files (``pages``: once per build), what MkDocs
# derives from the configuration and the page's address (``base_url``, ``extra_css``,
# ``extra_javascript``), and the build's date and time, which Material's templates do not show
# (``theme_stamp`` turns the reuse off for a template that does).
_THEME_CONTEXT_KEYED = frozenset({"page", "nav", "config", "pages", "base_url", "extra_css",
                                  "extra_javascript", "build_date_utc"})


def theme_stamp(config: Any) -> str:
    """What identifies the theme's templates: the theme package's version, and the path, size and
    time of every file in its folders (``custom_dir`` first), except the thousands of icons, which
    change only with the version (``mkdocs serve --watch-theme`` rebuilds after a template edit).
    Empty when a template could show something outside the cache's key (one that prints
    ``build_date_utc``)."""
    from importlib.metadata import PackageNotFoundError, version

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
    return _digest(*parts)


_BUILD_DATE: dict[str, bool] = {}  # template file (path, size, time) -> prints build_date_utc


def _shows_build_date(stamp: str, path: str) -> bool:
    known = _BUILD_DATE.get(stamp)
    if known is None:
        with open(path, encoding="utf-8", errors="replace") as file:
            known = _BUILD_DATE[stamp] = "build_date_utc" in file.read()
    return known


def _seen_whole(value: Any) -> bool:
    """Whether ``stable_repr`` shows all of ``value`` (plain data), not just its type."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_seen_whole(v) for v in value)
    if isinstance(value, dict):
        return all(_seen_whole(k) and _seen_whole(v) for k, v in value.items())
    return False


def _nav_repr(items: Iterable[Any], prune: bool, seen: dict[int, str]) -> str:
    """The navigation as the theme renders it for the page being built (``item.active`` is set
    on it and its sections): every item's title, address and the metadata the theme shows next
    to it; with Material's ``navigation.prune`` (and neither tabs nor sections) a section the page
    is not in is drawn as its title and a link to its first page, so only that is counted.
    ``seen``: each item's own part, computed once per build (the items live as long as it)."""
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


def _page_repr(page: Any) -> str:
    neighbours = [(str(p.title), p.url, stable_repr(p.meta)) if p is not None else None
                  for p in (page.previous_page, page.next_page)]
    return stable_repr([
        page.file.src_uri, page.url, str(page.title), page.content or "", _toc_repr(page.toc),
        page.meta, page.edit_url, page.canonical_url, page.abs_url, page.is_homepage, neighbours,
        [str(a.title) for a in page.ancestors],
    ])


def _toc_repr(toc: Iterable[Any]) -> str:
    return stable_repr([(item.id, item.url, item.title, item.level, _toc_repr(item.children))
                        for item in toc])
