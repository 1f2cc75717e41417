"""Make a build redo only what changed since the last one: in memory under ``mkdocs serve``, on
disk (``diskcache.py``) between processes.

``mkdocs serve`` rebuilds the whole site on every save: every page is converted from Markdown
again, indexed for search again (with jieba segmenting all of its Chinese again), and every theme
template compiled again. An edit to one procedure changes a handful of pages; the rest come out
exactly as before. A ``RebuildCache`` remembers:

- each page's Markdown conversion (``pagecache.py``), keyed by the page's final Markdown, its
  address, every file of the site (links resolve against them) and the Markdown configuration,
  and used only while the files the conversion read (snippets) are unchanged;
- each page's search entries, keyed by the page's HTML, its table of contents, title and search
  metadata, the search configuration, the words added to jieba's dictionary and the bytes of the
  jieba dictionaries Material loads; and, for a page that did change, jieba's segmentation of each
  title and text that did not;
- the theme's compiled templates (Jinja's own bytecode cache, which checks the template source);
- under ``serve`` and with ``reuse_theme``, each page's themed HTML (``themecache.py``).

A key that matches means the same input to the same code, so the output is the same; the tests
(``tests/mkdocs/test_rebuild.py``, ``test_disk_cache.py`` and the property test
``test_cache_differential.py``) compare warm builds with builds without any cache, byte for byte.
Entries a build did not use are dropped after it, so memory stays at one site's worth. Under
``mkdocs serve`` the disk file is written after the first build and then when serve stops
(``flush``), not after every save; a serve killed by a signal leaves the first build's entries.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook_mkdocs import diskcache
from handbook_mkdocs.internals import material
from handbook_mkdocs.internals.material import SearchIndex
from handbook_mkdocs.memo import Generations, digest, file_digest, stable_repr
from handbook_mkdocs.pagecache import Rendered, cache_render
from handbook_mkdocs.themecache import ThemeCache, toc_repr


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


_DECODE: dict[str, Callable[[Any], Any]] = {"pages": Rendered.from_json, "search": diskcache.search_entries,
                                            "segments": diskcache.text}


class RebuildCache:
    """What one process keeps from one build to the next."""

    def __init__(self, store: Path | None = None, *, serving: bool = False, root: Path | None = None,
                 generator: str = "mkdocs") -> None:
        self.store = store  # folder of the disk cache, or None for memory only
        self.root = root or Path.cwd()  # the project folder: nothing is written through a link below it
        self.generator = generator  # which MkDocs runs (mkdocs or properdocs): part of every file's versions
        # Under serve, a profile is written after its first build and then only when serve stops
        # (``flush``): writing 6 MB after every save would add 0.05 s to each rebuild.
        self.serving = serving
        self._profile: Path | None = None  # the disk file of the current site configuration
        self._written: set[Path] = set()
        self._unwritten: tuple[Path, dict[str, dict[str, Any]]] | None = None
        self.pages: Generations[Rendered] = Generations()
        self.search: Generations[list[dict[str, Any]]] = Generations()
        self.segments: Generations[str] = Generations()
        self.templates = _MemoryBytecode()
        self.theme = ThemeCache()
        self._markdown_key = ""
        self._search_key = ""
        self._site_files = ""
        self._digests: dict[str, str] = {}  # files read by conversions: their digest in this build
        self.last: dict[str, tuple[int, int]] = {}  # the last build's (reused, computed) by kind

    # ------------------------------------------------------------------ per build

    def start_build(self, config: MkDocsConfig, search_words: Iterable[str], dictionaries: Sequence[Path] = ()) -> None:
        """Call at the start of every build (``on_config``) with the build's configuration, the
        words added to jieba and the jieba dictionaries the search plugin loads."""
        self._markdown_key = stable_repr([
            config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
            config["validation"], config["docs_dir"],
        ])
        self._search_key = stable_repr([sorted(search_words), [file_digest(str(p)) for p in dictionaries]])
        self._site_files = ""
        self._digests = {}
        if self.store is not None:
            name = digest(self._markdown_key, str(config["site_name"]), self.generator)[:20] + ".json"
            if self._profile != self.store / name:
                self.flush()  # what the previous configuration's builds left unwritten
                self._profile = self.store / name
                self._load(diskcache.read(self._profile, self.generator, _DECODE))

    def _load(self, entries: dict[str, dict[str, Any]]) -> None:
        self.pages.seed(entries.get("pages", {}))
        self.search.seed(entries.get("search", {}))
        self.segments.seed(entries.get("segments", {}))

    def files_ready(self, files: Files) -> None:
        """Call once the site's files are known (``on_files``, after the generated pages)."""
        self._site_files = stable_repr(sorted((f.src_uri, f.dest_uri, f.url) for f in files))
        self.theme.start_build(self._site_files)

    def end_build(self) -> None:
        """Call after every build (``on_post_build``): drop what the build did not use."""
        self.last = {name: (kept.hits, kept.misses) for name, kept in
                     (("pages", self.pages), ("search", self.search), ("segments", self.segments),
                      ("theme", self.theme.themed))}
        if self._profile is not None:
            entries: dict[str, dict[str, Any]] = {
                "pages": self.pages.used(), "search": self.search.used(), "segments": self.segments.used()}
            self._unwritten = (self._profile, entries)
            if not self.serving or self._profile not in self._written:
                self.flush()
        for kept in (self.pages, self.search, self.segments, self.theme.themed):
            kept.end_build()

    def flush(self) -> None:
        """Write what the last build left unwritten to the disk cache (under serve: call when it
        stops, ``on_shutdown``)."""
        if self._unwritten is None:
            return
        profile, entries = self._unwritten
        self._unwritten = None
        pages = {k: v.to_json() for k, v in entries["pages"].items()}
        diskcache.write(profile, {**entries, "pages": pages}, self.generator, self.root)
        self._written.add(profile)

    # ------------------------------------------------------------------ the three caches

    def _digest_of(self, path: str) -> str:
        known = self._digests.get(path)
        if known is None:
            known = self._digests[path] = file_digest(path)
        return known

    def wrap_render(self, page: Page) -> None:
        """Replace ``page.render`` (on this page object only) with a cached conversion."""
        cache_render(page, self.pages, lambda: digest("page", self._markdown_key, self._site_files,
                                                      page.file.src_uri, page.markdown or ""), self._digest_of)

    def wrap_theme(self, env: jinja2.Environment, stamp: str) -> None:
        """Reuse themed pages (under serve, when the stamp of the theme is not empty)."""
        env.bytecode_cache = self.templates  # the theme's templates, compiled once per process
        if stamp and self.serving:  # one build reuses nothing: no keys to compute
            self.theme.wrap(env, stamp)

    def wrap_search(self, index: SearchIndex) -> None:
        """Cache Material's search entries per page, and jieba's segmentation per text."""
        original = material.add_entry(index)

        def add_entry_from_context(page: Page) -> None:
            meta = {k: page.meta.get(k) for k in ("title", "search", "tags")}
            key = digest("search", self._search_key, stable_repr(material.index_config(index)), page.url,
                         str(page.title), stable_repr(meta), toc_repr(page.toc), page.content or "")
            kept = self.search.get(key)
            entries = material.entries(index)
            if kept is None:
                before = len(entries)
                original(page)
                self.search.put(key, copy.deepcopy(entries[before:]))
            else:
                entries.extend(copy.deepcopy(kept))

        material.set_add_entry(index, add_entry_from_context)
        segment = material.segmenter(index)

        def segment_chinese(text: str) -> str:
            key = digest("segment", self._search_key, text)
            done = self.segments.get(key)
            if done is None:
                done = segment(text)
                self.segments.put(key, done)
            return done

        material.set_segmenter(index, segment_chinese)
