"""Chinese search in headless Chromium on the served handbook: two or three characters find the procedure.

Each query is typed into Material's search box (see ``searchbox``) and the first result group
must be the right page. Nothing in the results is arranged for the test: the ranking comes from
jieba's segmentation with the handbook's own words, the per-page boosts in
``handbook_mkdocs.search.search_boost`` and the fixed query segmenter (``handbook.search_worker``).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from handbook.checks.check import check

from conftest import DATA
from searchbox import search

pytestmark = pytest.mark.browser

MANUAL, _ = check(DATA)

# What front-desk staff type, and the procedure they are looking for.
STAFF_QUERIES = {
    "投诉": "sops/complaint-handling/",
    "特约服务": "sops/special-service/",
    "钥匙": "sops/key-management/",
    "回访": "sops/follow-up-visits/",
    # The procedure's word is 装修保证金; it says that owners call it 装修押金.
    "装修押金": "sops/renovation/",
}




@pytest.mark.parametrize("query, expected", STAFF_QUERIES.items(), ids=list(STAFF_QUERIES))
def test_a_staff_query_puts_the_procedure_first(home, query: str, expected: str) -> None:
    hits = search(home, query, "/")
    assert hits, f"{query}: no results"
    assert hits[0].path == expected, f"{query}: {[h.path for h in hits[:5]]}"


def test_a_colloquial_word_is_matched_in_the_procedure_itself(home) -> None:
    """装修押金 finds the renovation procedure by the said word on its page (常用说法, from
    procedures/search.yaml) and by the handbook's own word it stands for (保证金)."""
    hits = search(home, "装修押金", "/")
    assert hits[0].path == "sops/renovation/"
    assert "装修押金" in hits[0].marks and "保证金" in hits[0].marks


def test_a_two_character_query_is_searched_as_one_word(home) -> None:
    """回访 must not be cut down to 回 (every word starting with 回: 回复, 回执, 回收…); it is
    found inside longer words too (投诉回访, 上门回访)."""
    hits = search(home, "回访", "/")
    marks = {m for h in hits for m in h.marks}
    assert marks and all("回访" in m for m in marks), sorted(marks)
    assert any(not m.startswith("回访") for m in marks), sorted(marks)


def test_a_query_with_no_match_says_so(home) -> None:
    # 潜水艇 found nothing before the bigram fallback; its 水 is the handbook's, so now it finds
    # pages (test_search_recall). Characters the handbook never uses still find nothing.
    assert search(home, "鲸鳄", "/") == []
    assert home.locator(".md-search-result__meta").inner_text() == "没有找到符合条件的结果"


@pytest.mark.parametrize("role_id", list(MANUAL.roles))
def test_a_role_title_finds_the_role_page(home, role_id: str) -> None:
    title = MANUAL.roles[role_id].title.split("（")[0]  # 客服助理（前台接待及热线） → 客服助理
    hits = search(home, title, "/")
    assert hits[0].path == f"roles/{role_id}/", f"{title}: {[h.path for h in hits[:5]]}"


@pytest.mark.parametrize("sop_id", list(MANUAL.sops))
def test_a_procedure_title_finds_the_procedure(home, sop_id: str) -> None:
    title = MANUAL.sops[sop_id].title
    hits = search(home, title, "/")
    assert hits[0].path == f"sops/{sop_id}/", f"{title}: {[h.path for h in hits[:5]]}"


def test_browsing_and_searching_request_nothing_from_another_host(page, site_url: str) -> None:
    """Several kinds of page, a search and a click on a result: every request stays on 127.0.0.1."""
    p = page.page
    for path in ["", "sops/complaint-handling/", "roles/cs-supervisor/", "forms/key-loan-register/",
                 "checklists/key-management/", "appendix/glossary/", "guide/"]:
        p.goto(f"{site_url}/{path}", wait_until="networkidle")
    hits = search(p, "钥匙", "/")
    p.locator(".md-search-result__item a").first.click()
    p.wait_for_url(f"{site_url}/{hits[0].path}**")
    p.wait_for_load_state("networkidle")
    loaded = " ".join(page.requests)
    for needed in ("search/search_index.json", "workers/search.", "lunr.zh.min.js", "handbook.css"):
        assert needed in loaded, f"{needed} was never requested: the recording missed something"
    assert page.external_requests() == []


@pytest.mark.parametrize("query", ["丢快递", "送快递", "丢包裹"])
def test_a_one_character_verb_in_front_of_a_known_word_still_finds_it(home, query: str) -> None:
    """Not one of the aliases: the query is cut into the index's words wherever they start, and the
    verb left over is dropped (Material's segmenter searched the whole query as one word: 0 results)."""
    hits = search(home, query, "/")
    assert hits and hits[0].path == "sops/mail-and-parcels/", [h.path for h in hits[:5]]
    assert any(m in ("快递", "包裹") for m in hits[0].marks)


@pytest.mark.parametrize("query, expected", [("投诉怎么处理", "sops/complaint-handling/"), ("快递放哪", "sops/mail-and-parcels/")])
def test_a_whole_sentence_still_finds_its_procedure(home, query: str, expected: str) -> None:
    assert search(home, query, "/")[0].path == expected


def test_every_result_link_highlights_its_words_on_arrival(page, site_url: str) -> None:
    """Material linked a page matched only in its sections with an empty ?h= (nothing highlighted);
    the time-limit register is such a page for 停电."""
    p = page.page
    p.goto(f"{site_url}/", wait_until="load")
    search(p, "停电", "/")
    links = p.locator(".md-search-result__item a.md-search-result__link").evaluate_all("as => as.map(a => a.href)")
    assert links and all(parse_qs(urlsplit(link).query).get("h", [""])[0] for link in links), links
    search(p, "丢钥匙", "/")
    p.locator(".md-search-result__item a").first.click()
    p.wait_for_url(f"{site_url}/sops/key-management/**")
    # Material marks the words after the page has loaded; on a busy machine that takes a while.
    p.wait_for_function("""() => {
      const words = new Set([...document.querySelectorAll("article mark[data-md-highlight]")]
        .map(m => m.textContent.replaceAll("\u200b", "")));
      return words.has("丢钥匙") && words.has("钥匙");
    }""", timeout=15_000)
    marked = p.locator("article mark[data-md-highlight]").all_inner_texts()
    words = {m.replace("\u200b", "") for m in marked} - {""}
    assert words == {"丢钥匙", "钥匙"}, marked  # the said word in the lead, the handbook's word throughout


def test_a_word_added_by_an_alias_is_never_shown_as_missing(home) -> None:
    """水管爆了 also searches 跑水 (search.yaml); a result without 跑水 lacks nothing that was typed."""
    hits = search(home, "水管爆了", "/")
    assert hits[0].path == "sops/emergencies/"
    missing = home.locator(".md-search-result__item del").all_inner_texts()
    assert "跑水" not in " ".join(missing), missing
    hits = search(home, "水管 鲸鳄", "/")  # a typed word that is not found is still listed
    assert "鲸鳄" in " ".join(home.locator(".md-search-result__item del").all_inner_texts())


def test_a_word_that_only_asks_is_never_shown_as_missing(home) -> None:
    """物业费怎么又涨了: no page is about 怎么, so no result lists it as missing (此页没有提到);
    a result without 又涨了 (a said word the query holds) still says so."""
    hits = search(home, "物业费怎么又涨了", "/")
    assert hits[0].path == "sops/fee-adjustment/", [h.path for h in hits[:5]]
    missing = " ".join(home.locator(".md-search-result__item del").all_inner_texts())
    assert "怎么" not in missing and "又涨了" in missing, missing


@pytest.mark.parametrize("query, said", [("派工单模板", "派工单"), ("维修单", "维修单")])
def test_a_said_word_is_not_missing_from_the_page_it_was_read_as(home, query: str, said: str) -> None:
    """派工单 and 维修单 are the form 维修工作单 (search.yaml), and 工单 inside 派工单 is a said word
    too: the form's result lacks neither (Material listed 此页没有提到: 派工单 工单 under it). A result
    that is not the form still lacks the said word, and says so."""
    hits = search(home, query, "/")
    assert hits[0].path == "forms/repair-order/", [h.path for h in hits[:5]]
    items = home.locator(".md-search-result__item")
    missing = [set(items.nth(i).locator("del").evaluate_all("ds => ds.map(d => d.textContent)")) for i in range(4)]
    assert not missing[0] & {said, "工单"}, missing[0]
    assert any(said in m for m in missing[1:]), missing
    assert not any("工单" in m for m in missing), missing  # found inside 派工单, never typed


def test_a_section_snippet_is_the_passage_around_its_match(home) -> None:
    """A match deep in a procedure's step table shows that step, not the table from step 1."""
    search(home, "电梯困人", "/")
    texts = home.locator(".md-search-result__article").evaluate_all("""els => els.map(e => {
      const heading = e.querySelector("h1, h2");
      return e.textContent.slice(heading ? heading.textContent.length : 0).replaceAll("\\u200b", "");
    })""")
    assert texts and max(len(t) for t in texts) <= 400, sorted(len(t) for t in texts)
    cut = [t for t in texts if t.startswith("…")]
    assert cut and all("电梯困人" in t[:200] for t in cut), cut
