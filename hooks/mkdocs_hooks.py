"""MkDocs adapter for the handbook engine: a few events, no logic of its own.

MkDocs puts this file's folder on ``sys.path`` only while importing it, so the core package is
imported here at the top. The module is not reloaded by ``mkdocs serve``; the data is read anew in
``on_config`` on every build (``watch: [procedures]`` in mkdocs.yml triggers the rebuilds).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.check import check
from handbook.guide import GUIDE_MARKER, field_reference
from handbook.manual import Manual
from handbook.pages import navigation, page_sources, render_pages
from handbook.problems import errors, report, warnings
from handbook.search import segmenter_words

log = logging.getLogger("mkdocs.plugins.handbook")
_state: dict[str, Manual] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = Path(config.config_file_path).parent / "procedures"
    manual, problems = check(data_dir)
    for problem in warnings(problems):
        log.warning(problem.format())  # fatal under --strict
    if errors(problems) or manual is None:
        raise PluginError("手册数据有错误，未生成页面：\n" + report(problems))
    _state["manual"] = manual
    # The manual's pages come first, in the data's order; pages listed in mkdocs.yml follow.
    config.nav = navigation(manual, extra=list(config.nav or []))
    try:
        import jieba
    except ImportError:
        log.warning("未安装 jieba：中文搜索将无法分词。运行 make serve 会自动安装。")
    else:
        for word in segmenter_words(manual):
            jieba.add_word(word)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    manual = _state["manual"]
    sources = page_sources(manual)
    for path, text in render_pages(manual).items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            raise PluginError(f"docs/{path} 与生成的页面同名：请删除或改名该文件")
        file = File.generated(config, path, content=text)
        if path in sources:
            file.edit_uri = "../procedures/" + sources[path]  # edit links point at the YAML
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if GUIDE_MARKER in markdown:
        markdown = markdown.replace(GUIDE_MARKER, field_reference())
    return markdown
