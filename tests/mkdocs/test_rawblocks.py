"""The flowcharts set aside from Python-Markdown and the search parser (rawblocks.py) change nothing.

For every page the engine generates from the real data, converting it with the site's Markdown
settings gives the same HTML with the drawings set aside and put back as without, and Material's
search index gets the same entries from the page with placeholders as from the whole page.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from handbook.checks.check import check
from handbook.site.build import render_pages
from handbook_mkdocs.rawblocks import Stash, set_aside

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site() -> dict[str, Any]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    manual, problems = check(ROOT / "procedures")
    assert manual is not None, problems
    return {"config": config, "pages": render_pages(manual)}


def _convert(config: Any, text: str) -> tuple[str, Any]:
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return md.convert(text), get_toc(getattr(md, "toc_tokens", []))


def _entries(config: Any, html: str, toc: Any) -> list[dict[str, Any]]:
    index = SearchIndex(**config.plugins["material/search"].config)
    index._segment_chinese = lambda text: text  # the same either way; the parse is under test
    index.add_entry_from_context(SimpleNamespace(content=html, toc=toc, url="p/", title="T", meta={}))
    return index.entries


def test_the_real_pages_have_drawings_to_set_aside(site: dict[str, Any]) -> None:
    stashes = {path: set_aside(text)[1] for path, text in site["pages"].items()}
    with_drawings = [path for path, stash in stashes.items() if stash.blocks]
    assert len([p for p in with_drawings if p.startswith("sops/")]) >= 20
    assert "organization/index.md" in with_drawings
    for path, text in site["pages"].items():  # every drawing of the engine is excluded from search
        starts = re.findall(r"<svg\b[^>]*>", text)
        assert all("data-search-exclude" in tag for tag in starts), path
        assert len(stashes[path].blocks) == len(starts), path


def test_every_page_converts_and_indexes_as_without(site: dict[str, Any]) -> None:
    config = site["config"]
    for path, text in site["pages"].items():
        short, stash = set_aside(text)
        if not stash.blocks:
            continue
        assert "<svg" not in short, path
        whole_html, whole_toc = _convert(config, text)
        html, toc = _convert(config, short)
        assert stash.restore(html) == (whole_html, 0), path
        assert _entries(config, html, toc) == _entries(config, whole_html, whole_toc), path


def test_only_excluded_svg_is_set_aside() -> None:
    text = ('<p>a</p><svg class="x" role="img"><text>查得到</text></svg>\n'
            '<svg class="y" data-search-exclude=""><text>查不到</text></svg>')
    short, stash = set_aside(text)
    assert short == '<p>a</p><svg class="x" role="img"><text>查得到</text></svg>\n<!--hb-raw-0-->'
    assert stash.blocks == ('<svg class="y" data-search-exclude=""><text>查不到</text></svg>',)
    assert stash.restore(short) == (text, 0)


def test_a_placeholder_the_page_did_not_get_is_left_alone() -> None:
    _, stash = set_aside('<svg data-search-exclude="">1</svg>')
    assert stash.restore("<!--hb-raw-0--><!--hb-raw-1--><!--hb-raw-x-->") == (
        '<svg data-search-exclude="">1</svg><!--hb-raw-1--><!--hb-raw-x-->', 0)
    assert Stash(()).restore("<!--hb-raw-0-->") == ("<!--hb-raw-0-->", 0)


def test_a_drawing_whose_placeholder_markdown_escaped_is_reported() -> None:
    short, stash = set_aside('`<svg data-search-exclude="">1</svg>`')  # in a code span
    html = markdown.Markdown().convert(short)
    assert stash.restore(html) == (html, 1)  # lost: the hook warns, and --strict fails
