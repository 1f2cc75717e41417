"""A long run of Chinese characters is given to jieba in pieces, so a build stays linear in the
text's length (jieba's HMM copies its path at every character: a step action of 150,000
characters took minutes), and every run of the real handbook is segmented exactly as before."""

from __future__ import annotations

import random

from handbook.checks.check import check
from handbook.site.build import render_pages
from handbook_mkdocs.internals.material import HAN_RUN, LONGEST_RUN, SearchIndex, bounded, segmenter

from conftest import DATA


def test_the_real_pages_are_segmented_as_before() -> None:
    manual, _ = check(DATA)
    assert manual is not None
    segment = segmenter(SearchIndex())
    lines = [line for text in render_pages(manual).values() for line in text.splitlines()
             if "<svg" not in line and HAN_RUN.search(line)]
    longest = max(len(m.group(0)) for line in lines for m in HAN_RUN.finditer(line))
    assert longest < LONGEST_RUN / 4, f"a run of {longest} characters: the bound would cut a real page's text"
    cut = bounded(segment)
    sample = lines[::7][:1500]
    assert len(sample) > 500
    assert [cut(line) for line in sample] == [segment(line) for line in sample]


def test_a_run_of_150000_characters_reaches_jieba_in_bounded_pieces() -> None:
    rng = random.Random(7)
    run = "".join(chr(0x4E00 + rng.randrange(2500)) for _ in range(150_000))
    pieces: list[str] = []

    def segment(text: str) -> str:
        pieces.append(text)
        return "\u200b".join(text)  # each character a word: what matters is what reaches jieba

    out = bounded(segment)("开头 " + run + " 结尾")
    assert max(len(p) for p in pieces) <= LONGEST_RUN
    assert "".join(pieces).replace(" ", "") == "开头" + run + "结尾"
    assert out.replace("\u200b", "") == "开头 " + run + " 结尾"
