"""Guards for every internal of MkDocs, Material, jieba and watchdog the adapter touches.

Each test names the attribute, signature or shape that ``hooks/handbook_mkdocs/internals/``
relies on and fails loudly when an upgrade changes it: the adapter has no silent fallback, so
this is where an upgrade is caught, before a stale page or a slow serve is.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from handbook_mkdocs.internals import jieba as jieba_internals
from handbook_mkdocs.internals import material as material_internals
from handbook_mkdocs.internals import mkdocs as mkdocs_internals

from helpers import mini_project


# ---------------------------------------------------------------------- MkDocs


def test_page_render_takes_config_and_files() -> None:
    from mkdocs.structure.pages import Page

    assert list(inspect.signature(Page.render).parameters) == ["self", "config", "files"]


def test_a_conversion_leaves_title_anchors_and_links_on_the_page(tmp_path: Path) -> None:
    """``_title_from_render``, ``present_anchor_ids`` and ``links_to_anchors``: set by render."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# 标题一\n\n## 小节 {#s}\n\n[链接](b.md#x)\n", encoding="utf-8")
    (docs / "b.md").write_text("# B\n\n## X {#x}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [attr_list, toc]\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files([File(n, str(docs), str(tmp_path / "site"), True) for n in ("a.md", "b.md")])
    page = Page(None, files.get_file_from_path("a.md"), config)
    page.read_source(config)
    page.render(config, files)
    done = mkdocs_internals.converted(page)
    assert done.title == "标题一"
    assert done.anchors is not None and "s" in done.anchors
    assert done.links == {"b.md": {"x": "b.md#x"}}
    other = Page(None, files.get_file_from_path("a.md"), config)
    other.read_source(config)
    other.markdown = "no heading here"
    mkdocs_internals.set_converted(other, done, files)
    assert other.title == "标题一"
    assert other.present_anchor_ids == set(done.anchors)
    assert other.links_to_anchors == {files.get_file_from_path("b.md"): {"x": "b.md#x"}}


def test_anchor_links_are_made_from_title_id_and_level() -> None:
    from mkdocs.structure.toc import AnchorLink

    assert list(inspect.signature(AnchorLink.__init__).parameters) == ["self", "title", "id", "level"]
    link = mkdocs_internals.anchor_link("t", "i", 2, True, [])
    assert (link.title, link.id, link.level, link.url, link.children) == ("t", "i", 2, "#i", [])


def test_the_theme_renders_a_page_as_template_render_of_the_context() -> None:
    from mkdocs.commands import build
    from mkdocs.utils.templates import TemplateContext

    assert "template.render(context)" in inspect.getsource(build._build_page)
    assert set(TemplateContext.__annotations__) == mkdocs_internals.TEMPLATE_CONTEXT_KEYS


def test_the_live_reload_server_keeps_its_watches_and_a_polling_observer(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path), recursive=False)
        assert mkdocs_internals.watches(server) == {str(tmp_path): (1, False)}
        from handbook_mkdocs.internals import watchdog

        assert watchdog.is_idle_poller(mkdocs_internals.observer(server))
        assert {"watch", "unwatch"} <= set(dir(server))
    finally:
        server.server_close()


def test_the_generator_is_named_by_the_module_in_mkdocs_place() -> None:
    assert mkdocs_internals.generator() == "mkdocs"  # ProperDocs: "properdocs" (test_properdocs.py)


# ---------------------------------------------------------------------- Material


def test_the_search_index_has_the_methods_the_cache_replaces() -> None:
    index = material_internals.SearchIndex()
    assert list(inspect.signature(index.add_entry_from_context).parameters) == ["page"]
    assert list(inspect.signature(index._segment_chinese).parameters) == ["data"]
    assert material_internals.entries(index) == [] and isinstance(material_internals.index_config(index), dict)


def test_material_segments_each_run_with_the_pattern_copied_from_it() -> None:
    source = inspect.getsource(material_internals.SearchIndex._segment_chinese)
    assert r'bre.compile(r"(\p{script: Han}+)", bre.UNICODE)' in source
    from backrefs import bre

    assert material_internals.HAN_RUN.pattern == bre.compile(r"(\p{script: Han}+)", bre.UNICODE).pattern
    segment = material_internals.segmenter(material_internals.SearchIndex())
    assert segment("客户投诉") == "客户\u200b投诉" and segment("a 投诉 b") == "a \u200b投诉\u200b b"


def test_the_search_plugin_keeps_its_index_and_jieba_dictionaries() -> None:
    from material.plugins.search.config import SearchConfig
    from material.plugins.search.plugin import SearchPlugin

    assert {"jieba_dict", "jieba_dict_user"} <= set(SearchConfig._schema_keys) if hasattr(
        SearchConfig, "_schema_keys") else {"jieba_dict", "jieba_dict_user"} <= set(vars(SearchConfig))
    source = inspect.getsource(SearchPlugin.on_config)
    assert "self.search_index = SearchIndex(**self.config)" in source
    assert "jieba.set_dictionary(path)" in source and "jieba.load_userdict(path)" in source
    assert "os.path.normpath(self.config.jieba_dict" in source  # relative to the working folder


def test_material_ships_one_search_worker() -> None:
    workers = material_internals.worker_files()
    assert len(workers) == 1 and workers[0].is_file(), workers


def test_navigation_prune_is_drawn_as_the_cache_models_it() -> None:
    """Material's nav-item partial draws a pruned section as its title and first page."""
    partial = material_internals.package_files("material") / "templates" / "partials" / "nav-item.html"
    text = partial.read_text(encoding="utf-8")
    assert '"navigation.prune" in features' in text
    assert material_internals.prunes({"navigation.prune"})
    assert not material_internals.prunes({"navigation.prune", "navigation.tabs"})


# ---------------------------------------------------------------------- jieba


def test_the_tokenizer_has_the_word_table_the_adapter_edits() -> None:
    jieba = pytest.importorskip("jieba")
    tokenizer = jieba.Tokenizer()
    tokenizer.check_initialized()
    assert isinstance(tokenizer.FREQ, dict) and isinstance(tokenizer.total, int)
    assert list(inspect.signature(tokenizer.add_word).parameters) == ["word", "freq", "tag"]
    assert jieba_internals.add_words(tokenizer, ["会所预订"]) and tokenizer.FREQ["会所预订"] > 0
    assert jieba_internals.add_words(tokenizer, []) and tokenizer.FREQ["会所预订"] == 0


def test_jieba_reads_its_dictionary_cache_with_the_marshal_it_imported() -> None:
    jieba = pytest.importorskip("jieba")
    source = inspect.getsource(jieba.Tokenizer.initialize)
    assert "marshal.load(cf)" in source and "marshal.dump(" in source
    assert jieba.dt.dictionary is None or jieba_internals.dictionary(jieba) is None


def test_long_runs_are_given_to_jieba_in_pieces_and_short_ones_whole() -> None:
    calls: list[str] = []

    def segment(text: str) -> str:
        calls.append(text)
        return "\u200b".join(text)

    bounded = material_internals.bounded(segment, longest=4)
    assert bounded("客户投诉") == "客\u200b户\u200b投\u200b诉" and calls == ["客户投诉"]
    calls.clear()
    assert bounded("a客户投诉处理b") == "a\u200b客\u200b户\u200b投\u200b诉\u200b处\u200b理\u200bb"
    assert calls == ["a", "客户投诉", "处理", "b"]


# ---------------------------------------------------------------------- watchdog


def test_the_polling_observer_takes_its_interval_as_timeout(tmp_path: Path) -> None:
    from watchdog.observers.api import ObservedWatch
    from watchdog.observers.polling import PollingObserver

    assert "timeout" in inspect.signature(PollingObserver.__init__).parameters
    assert ObservedWatch(str(tmp_path), recursive=True).is_recursive is True
    assert ObservedWatch(str(tmp_path), recursive=False).is_recursive is False


def test_every_internal_module_is_guarded_here() -> None:
    here = Path(__file__).read_text(encoding="utf-8")
    folder = Path(mkdocs_internals.__file__).parent
    for module in sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__"):
        assert re.search(rf"# -+ {module}\b", here, re.IGNORECASE), f"internals/{module}.py has no guards here"


def test_the_mini_project_is_available() -> None:
    assert callable(mini_project)
