"""MkDocs adapter for the handbook engine: a few events, no logic of its own.

MkDocs puts this file's folder on ``sys.path`` only while importing it, so the core package is
imported here at the top. The module is not reloaded by ``mkdocs serve``; the data is read anew in
``on_config`` on every build (``watch: [procedures]`` in mkdocs.yml triggers the rebuilds), and
under ``serve`` a ``RebuildCache`` keeps what an edit did not change (see ``handbook.rebuild``).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.checks.check import check
from handbook.manual.manual import Manual
from handbook.data.problems import errors, report, warnings
from handbook.site.build import Site, build_site, expand
from handbook.site.inforce import editions
from handbook.site.versions import PENDING_BOOST
from handbook.site.search_tables import common_characters, index_characters, packed_pairs, pinyin_table, simplified_table
from handbook_mkdocs.errorpage import TITLE as ERROR_TITLE, error_page, page_paths
from handbook_mkdocs.offline import external_scripts
from handbook_mkdocs.rawblocks import Stash, set_aside
from handbook_mkdocs.estates import apply_estate, chosen_estate
from handbook_mkdocs.fastdict import speed_up_dictionary
from handbook_mkdocs.rebuild import RebuildCache, theme_stamp
from handbook_mkdocs.search import add_words, forget_runs, segmentation_warning, tidy_segmenter
from handbook_mkdocs.search_worker import fix_workers
from handbook_mkdocs.watching import poll_faster

log = logging.getLogger("mkdocs.plugins.handbook")
_state: dict[str, Manual] = {}
_site: dict[str, Site] = {}  # the site of the build under way
_rebuild: list[RebuildCache] = []  # one per process: memory under serve, .cache/handbook/ on disk
_serving: list[bool] = []  # [True] under mkdocs serve
# Under serve, while the data has errors: the error page (Markdown) shown at every address.
_broken: dict[str, str] = {}
_known_pages: set[str] = set()  # the generated pages of the last good build
_drawings: dict[str, Stash] = {}  # per generated page: its SVG, kept out of Markdown and search


def on_startup(command: str, dirty: bool) -> None:
    _rebuild.clear()
    _serving.clear()
    _rebuild.append(RebuildCache())  # its disk folder is known once the configuration is
    if command == "serve":
        _serving.append(True)
        _rebuild[0].serving = True  # the disk cache: after the first build, then when serve stops


def on_shutdown() -> None:
    for cache in _rebuild:
        cache.flush()


def _caches() -> list[RebuildCache]:
    """The rebuild cache, except while the error page is built: the cache (in memory and on disk)
    keeps the good pages' work and must not learn the error page."""
    return [] if _broken else _rebuild


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = Path(config.config_file_path).parent / "procedures"
    manual, problems = check(data_dir, estate=chosen_estate())  # ESTATE=<id>, default the first
    for problem in warnings(problems):
        log.warning(problem.format())  # fatal under --strict
    if errors(problems) or manual is None:
        if not _serving:  # mkdocs build fails, as before
            raise PluginError("手册数据有错误，未生成页面：\n" + report(problems))
        # mkdocs serve would wait for a good build and leave every request hanging: serve a page
        # that lists the problems instead, and build the handbook again on the next save.
        log.error("手册数据有错误，浏览器中显示错误清单：\n" + report(problems))
        _broken["markdown"] = error_page(problems)
        _broken["data_dir"] = str(data_dir)
        config.nav = [{ERROR_TITLE: "index.md"}]
        return config
    _broken.clear()
    _state["manual"] = manual
    apply_estate(config, manual)  # the estate's own name in the title, never another's
    # The manual's pages come first, in the data's order; pages listed in mkdocs.yml follow.
    root = Path(config.config_file_path).parent
    # The text in force today and the revisions not yet in force, from the repository's history.
    store = root / ".cache" / "handbook" if os.environ.get("HANDBOOK_CACHE", "1") != "0" else None
    versions = editions(manual, manual.checked_on, cache_file=store / "revisions.json" if store else None)
    for trouble in versions.problems:
        log.warning("版本控制：" + trouble)  # fatal under --strict: a pending revision's page would be wrong
    site = build_site(manual, site_url=config.site_url, root=root, extra_nav=list(config.nav or []),
                      editions=versions)
    _site["site"] = site
    config.nav = site.nav
    words = list(site.search.words)
    try:
        import jieba
    except ImportError:
        log.warning("未安装 jieba：中文搜索将无法分词。运行 make serve 会自动安装。")
    else:
        speed_up_dictionary(jieba)  # before add_word loads the dictionary
        add_words(jieba.dt, words)
    for plugin in config.plugins.values():  # Material's search plugin, configured just before
        if hasattr(plugin, "search_index"):
            if plugin.config.get("jieba_dict") or plugin.config.get("jieba_dict_user"):
                forget_runs()  # Material loads those dictionaries again on every build
            tidy_segmenter(plugin.search_index, simplified_table())  # before the rebuild cache wraps it
    for cache in _caches():
        if os.environ.get("HANDBOOK_CACHE", "1") != "0":  # HANDBOOK_CACHE=0: build without a disk cache
            cache.store = Path(config.config_file_path).parent / ".cache" / "handbook"
        cache.start_build(config, words)
        for plugin in config.plugins.values():
            if hasattr(plugin, "search_index"):
                cache.wrap_search(plugin.search_index)
    scripts = list(config.extra.get("polyfills") or []) + [str(s) for s in config.extra_javascript]
    for url in external_scripts(scripts):  # e.g. the offline plugin's CDN worker shim
        log.warning(f"脚本 {url} 来自互联网：手册不得加载外部资源，请改用 docs/javascripts/ 中的本地文件")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _broken:
        for path in page_paths(Path(_broken["data_dir"]), _known_pages):
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=_broken["markdown"]))
        return files
    site = _site["site"]
    for asset in site.assets:  # this estate's PDFs (make pdf), copied as they are
        files.append(File(asset.path, src_dir=str(asset.root), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    for page in site.pages:
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise PluginError(f"docs/{page.path} 与生成的页面同名：请删除或改名该文件")
        file = File.generated(config, page.path, content=page.markdown)
        if page.spec.source is not None:
            file.edit_uri = "../procedures/" + page.spec.source  # edit links point at the YAML
        files.append(file)
        _known_pages.add(page.path)
    for cache in _caches():
        cache.files_ready(files)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    for cache in _caches():
        env.bytecode_cache = cache.templates  # the theme's templates, compiled once per serve
        cache.wrap_theme(env, theme_stamp(config))  # a page's themed HTML, while nothing it shows changed
    return env


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    for cache in _caches():
        cache.wrap_render(page)
    return page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is None:
        markdown = expand(markdown)  # a hand-written page's markers (the guide's field tables)
    boost = _site["site"].boost(page.file.src_uri) if "site" in _site and not _broken else None
    if boost is not None:
        page.meta.setdefault("search", {}).setdefault("boost", boost)
    if page.file.generated_by is not None and not _broken:  # the engine's pages only (rawblocks.py)
        markdown, _drawings[page.file.src_uri] = set_aside(markdown)
    return markdown


@event_priority(-100)  # after the search plugin has indexed the page, before the theme writes it
def on_page_context(context: dict[str, object], page: Page, config: MkDocsConfig, nav: object) -> dict[str, object]:
    stash = _drawings.pop(page.file.src_uri, None)
    if stash is not None and page.content is not None:
        page.content, lost = stash.restore(page.content)
        if lost:
            log.warning(f"{page.file.src_uri}：{lost} 幅流程图在 Markdown 转换后找不到原位（占位注释被转义或移动），"
                        "页面缺图：请把 SVG 放在 HTML 块（<figure>、<aside>、<div>）中生成（hooks/handbook_mkdocs/rawblocks.py）")
    return context


def on_serve(server: object, config: MkDocsConfig, builder: object) -> object:
    poll_faster(server)  # a saved procedure is noticed in 0.1 s, not 0.5 s (watching.py)
    return server


_SOUNDS: dict[frozenset[str], dict[str, str]] = {}


def sound_table(chars: set[str]) -> dict[str, str]:
    """pinyin_table of the index's characters and the common ones, once per process for a set."""
    key = frozenset(chars)
    if key not in _SOUNDS:
        _SOUNDS.clear()
        _SOUNDS[key] = pinyin_table(chars | set(common_characters()))
    return _SOUNDS[key]


@event_priority(-50)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    if _broken:  # an address that is no page answers with the error page too (the server's 404)
        site = Path(config.site_dir)
        if (site / "index.html").is_file():
            (site / "404.html").write_bytes((site / "index.html").read_bytes())
        return
    index = Path(config.site_dir) / "search" / "search_index.json"
    chars: set[str] = set()
    if index.is_file():
        written = json.loads(index.read_text(encoding="utf-8"))
        warning = segmentation_warning(written)
        if warning:
            log.warning(warning)
        chars = index_characters(written)
    words = _site["site"].search
    # The browser's tables, from the characters of this index (handbook.site.search_tables).
    tables = {"t2s": packed_pairs(simplified_table(chars)), "pinyin": sound_table(chars), "titles": words.titles,
              "pending": PENDING_BOOST}
    for problem in fix_workers(Path(config.site_dir), words.aliases, words.pages, tables):  # see the module
        log.warning(problem)
    for cache in _caches():
        cache.end_build()
