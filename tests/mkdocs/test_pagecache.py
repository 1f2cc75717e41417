"""A remembered conversion is used only while the files it read are unchanged (a snippet)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook_mkdocs.memo import Generations, file_digest
from handbook_mkdocs.pagecache import Rendered, cache_render


def test_a_conversion_that_pasted_a_snippet_is_redone_when_the_snippet_changes(tmp_path: Path) -> None:
    docs, snippets = tmp_path / "docs", tmp_path / "snippets"
    docs.mkdir()
    snippets.mkdir()
    (docs / "a.md").write_text('# 页\n\n--8<-- "note.md"\n', encoding="utf-8")
    note = snippets / "note.md"
    note.write_text("旧的说明\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['{snippets}']\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files([File("a.md", str(docs), str(tmp_path / "site"), True)])
    kept: Generations[Rendered] = Generations()

    def convert() -> str:
        page = Page(None, files.get_file_from_path("a.md"), config)
        page.read_source(config)
        cache_render(page, kept, lambda: "the same key", file_digest)
        page.render(config, files)
        assert page.content is not None
        return page.content

    assert "旧的说明" in convert()
    (entry,) = kept.used().values()
    assert entry.reads == ((str(note), file_digest(str(note))),)  # the snippet, and nothing of Python's
    assert "旧的说明" in convert() and kept.hits == 1  # unchanged: reused
    note.write_text("新的说明\n", encoding="utf-8")
    assert "新的说明" in convert()  # changed: converted again, under the same key
    assert kept.misses == 2 and kept.hits == 1
