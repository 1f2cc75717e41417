"""Articles as laws number them, and citations of the register in free text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.data.laws import article_text, find_citations
from handbook.data.numerals import MAX, cn_number, parse_number


@pytest.mark.parametrize(("n", "text"), [
    (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (944, "九百四十四"),
    (1001, "一千零一"), (1010, "一千零一十"), (1254, "一千二百五十四"), (2000, "二千"),
])
def test_chinese_numerals_as_statutes_print_them(n: int, text: str) -> None:
    assert cn_number(n) == text
    assert parse_number(text) == n


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=MAX))
def test_every_number_reads_back(n: int) -> None:
    assert parse_number(cn_number(n)) == n
    assert parse_number(str(n)) == n


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千0123456789", max_size=8))
def test_a_numeral_reads_as_the_number_that_writes_it_or_as_nothing(text: str) -> None:
    n = parse_number(text)
    if n is not None:  # whatever it accepts is a way of writing n
        assert 1 <= n <= MAX
        normal = text.replace("〇", "零").replace("两", "二")
        assert normal in (cn_number(n), "一" + cn_number(n), str(n))


@pytest.mark.parametrize("text", ["", "一二", "十十", "百", "零", "一百十", "一千零十", "二十零", "0944", "10000", "一万"])
def test_what_no_statute_writes_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "title", "articles", "written"), [
    ("依据《民法典》第九百四十五条第二款，业主应当告知。", "民法典", ("945-2",), "《民法典》第九百四十五条第二款"),
    ("《民法典》第九百四十六条至第九百五十条", "民法典", ("946", "947", "948", "949", "950"),
     "《民法典》第九百四十六条至第九百五十条"),
    ("《消防法》第十二条、第十三条和第16条的规定", "消防法", ("12", "13", "16"), "《消防法》第十二条、第十三条和第16条"),
    ("《民法典》第二百八十一条第一款、第二款", "民法典", ("281-1", "281-2"), "《民法典》第二百八十一条第一款、第二款"),
    ("见《管理规约》。", "管理规约", (), "《管理规约》"),
    ("《民法典》第９４４条", "民法典", ("944",), "《民法典》第９４４条"),
    ("《民法典》第一条至第九千条", "民法典", ("1", "9000"), "《民法典》第一条至第九千条"),
])
def test_citations_in_free_text(text: str, title: str, articles: tuple[str, ...], written: str) -> None:
    (c,) = find_citations(text)
    assert (c.title, c.articles, c.written(text)) == (title, articles, written)


def test_a_citation_ends_where_its_articles_end() -> None:
    text = "《民法典》第九百四十四条，《物业管理条例》第四十六条，物业不得停水。"
    assert [(c.title, c.articles) for c in find_citations(text)] == [("民法典", ("944",)), ("物业管理条例", ("46",))]
    (bad,) = find_citations("《民法典》第九九条")
    assert bad.articles == () and bad.bad == ("第九九条",)


def test_article_text() -> None:
    assert article_text("944") == "第九百四十四条"
    assert article_text("945-2") == "第九百四十五条第二款"
