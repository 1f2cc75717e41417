"""Keep the flowcharts' SVG out of Python-Markdown and out of the search plugin's HTML parser.

A procedure page is about 130 kB of Markdown, and 120 kB of it are SVG: the flowchart and its
print tiles, drawn by the engine and finished. Python-Markdown (with ``md_in_html``) parses every
tag of it as raw HTML only to pass it through unchanged, and Material's search plugin parses every
tag again only to skip it (each chart carries ``data-search-exclude``). That was about a third of
a cold build.

So before the conversion each ``<svg …data-search-exclude…>…</svg>`` of a generated page is
replaced by an HTML comment naming its place, and the drawings are put back after the search
plugin has indexed the page (``on_page_context``, last). The engine puts its drawings only inside
raw HTML blocks (``<figure>``, ``<aside>``, ``<div>``), where Python-Markdown passes a comment
through exactly as it passed the SVG, and the search parser ignores comments as it ignored the
excluded SVG: the page's HTML and the search index come out byte for byte as without this
(``tests/mkdocs/test_rawblocks.py`` checks every page of the real handbook, and the disk-cache
tests compare whole sites). Elsewhere the two would differ (in a code span the comment would be
shown as text; in a paragraph it would split it), so ``restore`` reports a placeholder it could
not find, and ``make build --strict`` fails on it. The drawings' own ids (title, description,
clip paths) are not among the anchors MkDocs checks links against; nothing links to them.

Only an SVG whose own start tag carries ``data-search-exclude`` is set aside, so nothing that
search would see changes. The placeholders are the same in every process (``<!--hb-raw-N-->``), so
the disk cache's converted pages and search entries stay valid; text from the data is escaped by
the templates and cannot form an HTML comment, and a placeholder a page did not get from
``set_aside`` (a hand-written one, or a number past its drawings) is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SVG = re.compile(r"<svg\b[^>]*\sdata-search-exclude\b[^>]*>.*?</svg>", re.S)
_PLACEHOLDER = re.compile(r"<!--hb-raw-(\d+)-->")


@dataclass(frozen=True)
class Stash:
    """The drawings taken out of one page, in order."""

    blocks: tuple[str, ...]

    def restore(self, html: str) -> tuple[str, int]:
        """``html`` with every placeholder replaced by its drawing again, and how many drawings
        were not found in it (0 when all went back)."""
        if not self.blocks:
            return html, 0
        found: set[int] = set()

        def put_back(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(self.blocks):
                return match.group(0)
            found.add(index)
            return self.blocks[index]

        return _PLACEHOLDER.sub(put_back, html), len(self.blocks) - len(found)


def set_aside(markdown: str) -> tuple[str, Stash]:
    """``markdown`` with its search-excluded SVG drawings replaced by placeholders, and the stash.

    The placeholders depend only on their order, so the converted page (and its cache key) does
    not change when only a drawing does."""
    blocks: list[str] = []

    def take(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return f"<!--hb-raw-{len(blocks) - 1}-->"

    return _SVG.sub(take, markdown), Stash(tuple(blocks))
