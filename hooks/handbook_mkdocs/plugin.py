"""The MkDocs plugin of the handbook: one object that owns the build's state and configuration.

``plugins: handbook:`` in ``mkdocs.yml`` (registered as a ``mkdocs.plugins`` entry point in
``pyproject.toml``, so ProperDocs finds it too). The options are typed (``config.py``); the estate
comes from the option (``!ENV [ESTATE, ""]`` in ``mkdocs.yml``), never from reading the
environment here. MkDocs keeps one instance per process (``mkdocs serve`` and ``build-all``
reuse it), so the state of the last good build lives on ``self``:

- ``on_config`` checks the data (errors stop ``mkdocs build``; under ``serve`` every address shows
  them, see ``errorpage.py``), builds the :class:`~handbook.site.build.Site` (or recalls it:
  ``built.py``; the plugin reads it only as a :class:`~handbook_mkdocs.built.Built`), gives the estate's
  name to the theme, the handbook's words to jieba, and readies the rebuild cache;
- ``on_files`` adds the generated pages and the PDFs; ``on_page_markdown`` sets each page's search
  weight and sets its drawings aside (``rawblocks.py``), ``on_page_context`` puts them back;
- ``on_post_build`` checks the search index's segmentation and fixes Material's search worker.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook.data.problems import Problem, errors, report, warnings
from handbook.site.build import expand
from handbook.render import urls
from handbook.site.versions import PENDING_BOOST
from handbook.site.search_tables import common_characters, index_characters, packed_pairs, pinyin_table, simplified_table
from handbook_mkdocs.built import Built, engine
from handbook_mkdocs.config import HandbookConfig
from handbook_mkdocs.errorpage import TITLE as ERROR_TITLE, error_page, page_paths
from handbook_mkdocs.internals import jieba, material
from handbook_mkdocs.internals import mkdocs as internals
from handbook_mkdocs.offline import external_scripts
from handbook_mkdocs.rawblocks import Stash, set_aside
from handbook_mkdocs.rebuild import RebuildCache
from handbook_mkdocs.search import forget_runs, segmentation_warning, tidy_segmenter
from handbook_mkdocs.search_worker import fix_workers
from handbook_mkdocs.themecache import theme_stamp
from handbook_mkdocs.watching import poll_faster

log = logging.getLogger("mkdocs.plugins.handbook")


@dataclass(frozen=True)
class Broken:
    """Under serve, while the data has errors: the error page and where it is put."""

    markdown: str
    paths: list[str]


@functools.lru_cache(maxsize=2)  # mkdocs serve builds again in the same process, mostly with the same characters
def sound_table(chars: frozenset[str], first_only: bool = False) -> dict[str, str]:
    """pinyin_table of the index's characters and the common ones."""
    return pinyin_table(set(chars) | set(common_characters()), first_only)


def build_day() -> date | None:
    """``HANDBOOK_TODAY=2026-12-15``: build the handbook as it is read on that day (which revision
    is in force, review status); default today."""
    value = os.environ.get("HANDBOOK_TODAY")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"HANDBOOK_TODAY={value!r} 不是日期：写作 YYYY-MM-DD") from None


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    def __init__(self) -> None:
        self.serving = False
        self.cache: RebuildCache | None = None  # from on_startup: memory under serve, and on disk
        self.site: Built | None = None  # the site of the build under way
        self.broken: Broken | None = None
        self.known_pages: set[str] = set()  # the generated pages of the last good build
        self.drawings: dict[str, Stash] = {}  # per generated page: its SVG, kept out of Markdown and search

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"  # the disk cache: after the first build, then when serve stops
        self.cache = RebuildCache(serving=self.serving, generator=internals.generator())

    def on_shutdown(self) -> None:
        if self.cache is not None:
            self.cache.flush()

    def _caching(self) -> RebuildCache | None:
        """The rebuild cache, except while the error page is built: the cache (in memory and on
        disk) keeps the good pages' work and must not learn the error page."""
        return None if self.broken is not None else self.cache

    def _stop(self, problems: list[Problem], paths: list[str], config: MkDocsConfig) -> MkDocsConfig:
        if not self.serving:  # mkdocs build fails
            raise PluginError("手册数据有错误，未生成页面：\n" + report(problems))
        # mkdocs serve would wait for a good build and leave every request hanging: serve a page
        # that lists the problems instead, and build the handbook again on the next save.
        log.error("手册数据有错误，浏览器中显示错误清单：\n" + report(problems))
        self.broken = Broken(error_page(problems), paths)
        config.nav = [{ERROR_TITLE: urls.COVER}]
        return config

    @event_priority(-50)  # after every other plugin's (search builds its index, offline sets its polyfills)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        data_dir = root / self.config.data_dir
        store = root / self.config.cache_dir if self.config.cache else None
        # The data checked, the text in force today and the revisions not yet in force (from the
        # repository's history), the pages: from scratch, or recalled when nothing they are made
        # from changed (built.py). Under serve a rebuild follows an edit: it recalls, never keeps.
        site, problems, notes = engine(data_dir, root, build_day(), self.config.estate or None, config.site_url,
                                       list(config.nav or []), self.config.cache_dir if self.config.cache else None,
                                       remember=not (self.serving and self.site is not None), say=log.info)
        for problem in warnings(problems):
            log.warning(problem.format())  # fatal under --strict
        if errors(problems) or site is None:
            return self._stop(problems, page_paths(data_dir, self.known_pages), config)
        for note in notes:
            log.warning("版本控制：" + note)  # fatal under --strict: a pending revision's page would be wrong
        taken = [p.path for p in site.pages if (Path(config.docs_dir) / p.path).exists()]
        if taken:
            docs = Path(os.path.relpath(config.docs_dir, root)).as_posix()
            clashes = [Problem(f"{docs}/{path}", 0, 0, f"{docs}/{path} 与生成的页面同名", "请删除或改名该文件",
                               code="site.page-taken") for path in taken]
            if not self.serving:
                raise PluginError(f"{docs}/{taken[0]} 与生成的页面同名：请删除或改名该文件")
            return self._stop(clashes, sorted(set(page_paths(data_dir, self.known_pages)) | set(taken)), config)
        self.broken = None
        self.site = site
        config.site_name, config.site_author = site.name, site.author  # the estate's, never another's
        config.nav = site.nav  # the manual's pages first, in the data's order; mkdocs.yml's follow
        self._prepare_search(config, list(site.search.words), root, store)
        scripts = list(config.extra.get("polyfills") or []) + [str(s) for s in config.extra_javascript]
        for url in external_scripts(scripts):  # e.g. the offline plugin's CDN worker shim
            log.warning(f"脚本 {url} 来自互联网：手册不得加载外部资源，请改用 docs/javascripts/ 中的本地文件")
        return config

    def _prepare_search(self, config: MkDocsConfig, words: list[str], root: Path, store: Path | None) -> None:
        module = jieba.module()
        if module is None:
            log.warning("未安装 jieba：中文搜索将无法分词。运行 make serve 会自动安装。")
        else:
            jieba.speed_up_dictionary(module)  # before add_word loads the dictionary
            if jieba.add_words(module.dt, words):
                forget_runs()  # segmented with other words
        search = material.search_plugin(config)
        dictionaries = material.dictionaries(search) if search is not None else []
        if dictionaries:
            forget_runs()  # Material loads those dictionaries again on every build
        if search is not None:
            index = material.search_index(search)
            material.set_segmenter(index, tidy_segmenter(material.bounded(material.segmenter(index)), simplified_table()))
        cache = self._caching()
        if cache is not None:
            cache.store, cache.root = store, root
            cache.start_build(config, words, dictionaries)
            if search is not None:
                cache.wrap_search(material.search_index(search))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.broken is not None:
            for path in self.broken.paths:
                existing = files.get_file_from_path(path)
                if existing is not None:
                    files.remove(existing)  # a hand-written file in a generated page's place
                files.append(File.generated(config, path, content=self.broken.markdown))
            # the navigation holds the error page alone: the other pages are left out of it on
            # purpose, and MkDocs's list of them (one line a page) would bury the problems
            for file in files.documentation_pages():
                if file.src_uri != urls.COVER:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
            return files
        assert self.site is not None
        root = Path(config.config_file_path).parent
        for asset in self.site.assets:  # this estate's PDFs (make pdf), copied as they are
            files.append(File(asset, src_dir=str(root), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))
        for page in self.site.pages:
            file = File.generated(config, page.path, content=page.markdown)
            if page.source is not None:
                file.edit_uri = "../procedures/" + page.source  # edit links point at the YAML
            if not page.listed:  # reached by links only, by design (a pending revision's page …)
                file.inclusion = InclusionLevel.NOT_IN_NAV  # not one line each in MkDocs's list of pages left out
            files.append(file)
            self.known_pages.add(page.path)
        cache = self._caching()
        if cache is not None:
            cache.files_ready(files)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        cache = self._caching()
        if cache is not None:  # a page's themed HTML, while nothing it shows changed (reuse_theme)
            cache.wrap_theme(env, theme_stamp(config) if self.config.reuse_theme else "")
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        cache = self._caching()
        if cache is not None:
            cache.wrap_render(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is None:
            markdown = expand(markdown)  # a hand-written page's markers (the guide's field tables)
        if self.broken is not None or self.site is None:
            return markdown
        boost = self.site.boost(page.file.src_uri)
        if boost is not None:
            page.meta.setdefault("search", {}).setdefault("boost", boost)
        if page.file.generated_by is not None:  # the engine's pages only (rawblocks.py)
            markdown, self.drawings[page.file.src_uri] = set_aside(markdown)
        return markdown

    @event_priority(-100)  # after the search plugin has indexed the page, before the theme writes it
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        stash = self.drawings.pop(page.file.src_uri, None)
        if stash is not None and page.content is not None:
            page.content, lost = stash.restore(page.content)
            if lost:
                log.warning(f"{page.file.src_uri}：{lost} 幅流程图在 Markdown 转换后找不到原位（占位注释被转义或移动），"
                            "页面缺图：请把 SVG 放在 HTML 块（<figure>、<aside>、<div>）中生成（hooks/handbook_mkdocs/rawblocks.py）")
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        poll_faster(server)  # a saved procedure is noticed in 0.1 s, not 0.5 s (watching.py)
        return server

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.broken is not None:  # an address that is no page answers with the error page too
            if (site_dir / "index.html").is_file():
                (site_dir / "404.html").write_bytes((site_dir / "index.html").read_bytes())
            return
        index = site_dir / "search" / "search_index.json"
        chars: set[str] = set()
        if index.is_file():
            written = json.loads(index.read_text(encoding="utf-8"))
            warning = segmentation_warning(written)
            if warning:
                log.warning(warning)
            chars = index_characters(written)
        assert self.site is not None
        words = self.site.search
        # The browser's tables, from the characters of this index (handbook.site.search_tables).
        tables = {"t2s": packed_pairs(simplified_table(chars)), "pinyin": sound_table(frozenset(chars)),
                  "first": sound_table(frozenset(chars), first_only=True), "titles": words.titles,
                  "origins": words.origins, "descriptions": words.descriptions, "pending": PENDING_BOOST}
        for problem in fix_workers(site_dir, words.aliases, words.pages, tables):  # Material's query segmenter
            log.warning(problem)
        cache = self._caching()
        if cache is not None:
            cache.end_build()
