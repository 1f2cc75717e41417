"""What the search needs from the data, and a check that the search index was really segmented.

Material's search splits Chinese text into words with jieba at build time and puts a zero-width
space (U+200B) between them; in the browser a query matches indexed words by their beginning
(``投诉`` finds ``投诉`` and ``投诉单``, never ``客户投诉``).

Which words jieba keeps whole therefore decides what can be found:

- A domain term that jieba cuts into meaningless pieces (会所 → 会 / 所) cannot be searched at
  all, so the handbook's short terms — glossary terms, role and partner titles, defined terms,
  and the short words of procedure, form and commitment titles — go into its dictionary.
- A long title kept whole would hide its parts: with 客户投诉处理程序 as one word, typing 投诉
  would not find the title. Only words of two to four characters are added; jieba splits longer
  titles into their words, helped by the short terms it now knows.

The desk's own words (``procedures/search.yaml``) join them: a said word of two to four
characters is kept whole like a term (the procedure page lists its aliases, so 噪音 is a word of
the complaint procedure's page), and ``query_aliases`` gives the search worker what each said
word also searches (see ``search_worker``).

How a page ranks is set per page kind (``search_boost``): procedures first, then role pages,
forms and checklists; training pages, appendix tables and the guide after them. Answer keys are
not in the index at all (``search: exclude`` in their front matter, see ``render.markup``).

The usual failure is silent: without jieba (or with a theme that stops calling it) the index
holds whole sentences and Chinese queries find nothing. ``unsegmented_pages`` reads the written
index and names the pages whose Chinese text was indexed without word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from handbook.site.search_words import HAN
from handbook_mkdocs.internals.material import HAN_RUN

_HAN_RUN = re.compile(f"[{HAN}]+")
ZWSP = "\u200b"  # what Material puts around and between jieba's words
# Full-width punctuation: a word boundary of its own (mkdocs.yml's search separator lists it), so
# no U+200B is needed next to it; one there lets a result's line break before a comma.
PUNCT = "，。、；：？！“”‘’（）《》【】…—·「」〔〕"
_SPACED_PUNCT = re.compile(f"{ZWSP}*([{PUNCT}]+){ZWSP}*")
# jieba's default dictionary holds words of up to 16 characters (中华人民共和国全国人民代表大会,
# 全国人民代表大会常务委员会, the issuer of many laws in the register); a longer run of Han characters,
# even as a whole title, was never segmented.
MAX_WORD = 16

def tidy_segmented(text: str) -> str:
    """Material's segmented text without U+200B next to full-width punctuation (see ``PUNCT``)."""
    return _SPACED_PUNCT.sub(r"\1", text)


# Each run of Chinese characters segmented, for this process (cleared when jieba's words change).
# A build segments 33,000 runs of which 10,000 differ (headings, roles, forms named on every
# page); a rebuild under serve finds nearly all of them here.
_RUNS: dict[str, str] = {}
_RUNS_MAX = 200_000


def forget_runs() -> None:
    """Forget every remembered segmentation (jieba's dictionary may have changed)."""
    _RUNS.clear()


def remember_runs(segment: Callable[[str], str]) -> Callable[[str], str]:
    """Material's ``_segment_chinese`` (``segment``), segmenting each distinct run of Chinese
    characters once per process. Material puts U+200B around each run's segmentation and strips
    the text's ends, so this gives what ``segment`` gives (``test_search`` compares them)."""
    def segment_chinese(text: str) -> str:
        def replace(match: Any) -> str:
            run: str = match.group(0)
            done = _RUNS.get(run)
            if done is None:
                if len(_RUNS) >= _RUNS_MAX:
                    _RUNS.clear()
                done = _RUNS[run] = segment(run)
            return f"{ZWSP}{done}{ZWSP}"

        result: str = HAN_RUN.sub(replace, text)
        return result.strip(ZWSP)

    return segment_chinese


def tidy_segmenter(segment: Callable[[str], str], simplified: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Material's ``_segment_chinese`` (``segment``, see ``internals.material``) segmenting each
    run once (``remember_runs``) and tidying its jieba output; with ``simplified`` (traditional or
    variant character -> simplified, :mod:`handbook.site.search_tables`), the index's text is
    written in simplified characters, as the browser reads a query."""
    runs = remember_runs(segment)
    table = {ord(k): v for k, v in (simplified or {}).items()}

    def segment_chinese(text: str) -> str:
        return tidy_segmented(runs(text.translate(table) if table else text))

    return segment_chinese


def unsegmented_pages(index: Mapping[str, Any]) -> list[str]:
    """Pages (URL without anchor) whose Chinese text in ``search_index.json`` was not segmented.

    jieba's output, as Material writes it, has a U+200B on both sides of every run of Han
    characters except at the very start or end of a title or text, or next to full-width
    punctuation (``tidy_segmented``). A run with anything else next
    to it (a comma, a space, a letter), or longer than any word, was never cut into words.
    """
    pages: list[str] = []  # in index order
    for doc in index.get("docs", []):
        fields = (doc.get("title") or "", doc.get("text") or "")
        if any(_has_unsegmented_run(text) for text in fields):
            page = str(doc.get("location", "")).split("#", 1)[0] or "/"
            if page not in pages:
                pages.append(page)
    return pages


# A run of Han characters next to anything but U+200B (or the start or end), or longer than any
# word: the run is maximal, so the character before or after it is never Han itself.
_UNSEGMENTED = re.compile(
    f"[^{HAN}{ZWSP}{PUNCT}][{HAN}]|[{HAN}][^{HAN}{ZWSP}{PUNCT}]|[{HAN}]{{{MAX_WORD + 1},}}"
)


def _has_unsegmented_run(text: str) -> bool:
    return _UNSEGMENTED.search(text) is not None


def segmentation_warning(index: Mapping[str, Any]) -> str | None:
    """The build warning when Chinese text went into the search index unsegmented, else None."""
    pages = unsegmented_pages(index)
    if not pages:
        return None
    shown = "、".join(pages[:5]) + (f" 等 {len(pages)} 个页面" if len(pages) > 5 else "")
    return (
        f"搜索索引中的中文没有分词（{shown}）：输入两三个字将搜不到这些页面。"
        "请确认已安装 jieba（make serve 会自动安装），并且 mkdocs.yml 中 search 插件的 lang 为 zh。"
    )
