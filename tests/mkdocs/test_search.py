"""Search without a browser: the segmenter's words, page boosts, the index check, the worker fix."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.checks.aliases import model_text
from handbook.checks.check import check
from handbook.site.build import build_site
from handbook.site.inforce import editions
from handbook.site.search_words import alias_pages, page_descriptions, page_origins, query_aliases, segmenter_words
from handbook_mkdocs.built import Built
from handbook_mkdocs.internals.jieba import add_words
from handbook_mkdocs.internals.material import worker_files
from handbook_mkdocs.search import (
    HAN, MAX_WORD, PUNCT, _has_unsegmented_run, segmentation_warning, tidy_segmented, unsegmented_pages,
)
from handbook_mkdocs.search_worker import PRELUDE, TABLE_SLOTS, add_prelude, fix_query_segmenter, fix_workers

from conftest import DATA
from helpers import mini_project

ZW = "\u200b"
# Found in the installed package, whatever the venv or Python version: never a skip.
MATERIAL_WORKERS = [str(p) for p in worker_files()]


def test_segmenter_words_are_the_short_terms_of_the_real_handbook() -> None:
    manual, _ = check(DATA)
    words = segmenter_words(manual)
    # glossary terms, role titles (outside the brackets), defined terms, short title words
    for word in ["特约服务", "客服主管", "会所", "会所助理", "收银员", "押金", "回访"]:
        assert word in words, word
    assert all(2 <= len(w) <= 4 for w in words)
    # long titles are left to jieba, so their parts stay searchable (投诉 in 客户投诉处理程序)
    assert "客户投诉处理程序" not in words and "钥匙管理规程" not in words
    # the desk's words of search.yaml are kept whole too, but not the input method's slips
    assert {"噪音", "丢钥匙", "退押金", "开发票", "水管爆了"} <= set(words)
    assert "装璜" not in words and "要是" not in words


def test_the_worker_gets_each_said_word_with_its_handbook_word_and_page() -> None:
    manual, _ = check(DATA)
    words, pages = query_aliases(manual), alias_pages(manual)
    assert words["开发票"] == ["开票"] and pages["开发票"] == ["sops/fee-collection"]
    assert words["退押金"] == ["保证金"] and pages["退押金"] == ["sops/renovation"]
    assert words["噪音"] == ["噪声"] and pages["噪音"] == ["sops/neighbour-matters"]
    assert "水龙头" not in words and pages["水龙头"] == ["sops/repair-request"]  # no written word
    # what the desk calls a role or a form leads to its page (people kind: 一把手, 收钱的)
    assert pages["一把手"] == ["roles/cs-manager"] and pages["收钱的"] == ["roles/cashier"]
    assert pages["派工单"] == ["forms/repair-order"] and "工单" not in pages  # 工单 is any work order
    assert words["要是"] == ["钥匙"] and "要是" not in pages  # a slip only swaps the word


def test_roles_and_forms_are_described_by_what_they_do_and_pending_procedures_by_their_origin() -> None:
    manual, _ = check(DATA)
    described = page_descriptions(manual)
    # a role: its summary, its duties and the titles of the procedures it performs, Chinese only
    cashier = described["roles/cashier"]
    assert "收银员" in cashier and "日结" in cashier and "费用收取及催缴程序" in cashier
    assert not re.search(r"[A-Za-z0-9{}\[\]]", cashier)
    # a form: its purpose and the titles of the procedures that fill it in
    assert "首问负责" in described["forms/visitor-call-log"]
    # and what the desk calls them (search.yaml's said words with role: or form:), slips left out
    assert "水电工" in described["roles/repair-technician"] and "收钱的" in cashier
    assert "出门单" in described["forms/goods-release-pass"] and "派工单" in described["forms/repair-order"]
    assert set(described) == {f"roles/{k}" for k in manual.roles} | {f"forms/{k}" for k in manual.forms}
    # a procedure that its first revision says was taken out of another, and that one's title
    origins = page_origins(manual)
    assert origins["sops/dogs-and-pets"] == "租户登记、宠物管理与邻里纠纷调解程序"
    assert "sops/neighbour-matters" not in origins and "sops/key-management" not in origins


@pytest.fixture(scope="module")
def real_site():
    manual, _ = check(DATA)
    assert manual is not None
    return build_site(manual)


def test_search_boost_ranks_procedures_above_their_checklists(real_site) -> None:
    search_boost = Built.of(real_site).boost  # the weight the plugin gives Material
    assert search_boost("sops/complaint-handling.md") > search_boost("roles/cs-supervisor.md") > 1
    assert search_boost("checklists/complaint-handling.md") < 1
    assert search_boost("sops/index.md") < 1
    assert search_boost("forms/key-loan-register.md") is None
    # training pages, appendix tables, the guide and the cover come after every kind of page
    # that answers a desk query
    after = [search_boost(p) for p in ("training/cs-manager/quiz.md", "appendix/time-limits.md", "guide.md", "index.md")]
    assert all(b is not None and b < search_boost("checklists/complaint-handling.md") for b in after)


def _index(*docs: tuple[str, str, str]) -> dict:
    return {"config": {}, "docs": [{"location": loc, "title": t, "text": x} for loc, t, x in docs]}


def segmented(text: str) -> str:
    """``text`` as Material's search plugin writes it when jieba is installed."""
    import jieba

    runs = re.compile(f"[{HAN}]+")
    return runs.sub(lambda m: ZW + ZW.join(jieba.cut(m.group())) + ZW, text).strip(ZW)


def test_a_segmented_index_passes() -> None:
    index = _index(
        ("sops/complaint-handling/", segmented("二、客户投诉处理程序"), segmented("接到投诉，24 小时内答复（电话：023-1234）")),
        ("sops/key-management/#10", segmented("1.0 目的"), segmented("钥匙借用须登记。Keys must be signed for.")),
        ("appendix/glossary/", "钥匙", ""),  # a title that is one word has no boundary to mark
        ("guide/", "Guide", "plain English text"),
    )
    assert ZW in index["docs"][0]["text"]
    assert unsegmented_pages(index) == []
    assert segmentation_warning(index) is None


def test_chinese_indexed_without_jieba_is_reported_by_page() -> None:
    index = _index(
        ("sops/complaint-handling/", "二、客户投诉处理程序", "接到投诉，24 小时内答复"),
        ("sops/complaint-handling/#60", "6.0 工作程序", "受理投诉"),
        ("sops/key-management/#10", segmented("1.0 目的"), segmented("钥匙借用须登记")),
        ("roles/cs-supervisor/#20", "客服主管", "负责 投诉 处理"),
        ("appendix/glossary/", "本客户服务中心对外服务的承诺一览表", ""),  # 17 characters in one run: longer than any word of jieba's
    )
    assert unsegmented_pages(index) == ["sops/complaint-handling/", "roles/cs-supervisor/", "appendix/glossary/"]
    warning = segmentation_warning(index)
    assert warning is not None
    assert "sops/complaint-handling/、roles/cs-supervisor/" in warning and "jieba" in warning


def test_warning_names_five_pages_and_counts_the_rest() -> None:
    index = _index(*[(f"forms/f{i}/", "表格", "未分词的中文 整页都是") for i in range(8)])
    warning = segmentation_warning(index)
    assert warning is not None and "forms/f4/" in warning and "forms/f5/" not in warning
    assert "等 8 个页面" in warning


LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
# The two other places the prelude needs, as Material 9.8.2 writes them.
CALL = 'e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))'
MATCHED = "for(let o of r)e[s].startsWith(o.term)&&(n[o.term]=!0,r.delete(o))"


def test_worker_fix_changes_only_the_loop_bound() -> None:
    script = f"function fe(t,e){{let n=new Uint16Array(t.length);for(let s=0;s<t.length;s++){LOOP};return n}}"
    fixed = fix_query_segmenter(script)
    assert fixed == script.replace("o<t.length;o++", "o<=t.length;o++")
    assert fix_query_segmenter(fixed) == fixed  # already fixed (upstream, or a second build)
    assert fix_query_segmenter("function fe(t,e){return t}") is None  # unknown code: warn


def test_worker_fix_recognises_the_installed_material() -> None:
    assert len(MATERIAL_WORKERS) == 1, "Material's search worker not found in the installed package"
    script = Path(MATERIAL_WORKERS[0]).read_text(encoding="utf-8")
    fixed = fix_query_segmenter(script)
    assert fixed is not None and fixed != script and len(fixed) == len(script) + 1


def test_fix_workers_reports_a_missing_or_unknown_worker(tmp_path: Path) -> None:
    assert "未找到" in fix_workers(tmp_path)[0]
    workers = tmp_path / "assets/javascripts/workers"
    workers.mkdir(parents=True)
    (workers / "search.0000.min.js").write_text("let x=1", encoding="utf-8")
    (workers / "search.1111.min.js").write_text(LOOP, encoding="utf-8")  # loop, but no call to route
    (workers / "search.2222.min.js").write_text(LOOP + ";" + CALL + ";" + MATCHED, encoding="utf-8")
    problems = fix_workers(tmp_path, {"开发票": ["开票"]}, {"开发票": ["sops/fee-collection"]})
    assert len(problems) == 3 and "search.0000.min.js" in problems[0] and "search.1111.min.js" in problems[1]
    assert "丢钥匙" in problems[1]  # says what stops working
    # the third fake has the call but no lunr: pinyin queries would find nothing, and it says so
    assert "search.2222.min.js" in problems[2] and "拼音" in problems[2]
    assert (workers / "search.1111.min.js").read_text(encoding="utf-8") == LOOP.replace("<t.", "<=t.")
    fixed = (workers / "search.2222.min.js").read_text(encoding="utf-8")
    assert fixed.endswith(LOOP.replace("<t.", "<=t.") + ";" + CALL.replace("[...fe(s,", "[...self.handbookSegment(s,")
                          .replace("invertedIndex)]", "invertedIndex,fe)]") + ";" + MATCHED.replace("startsWith", "includes"))
    assert '"开发票":["开票"]' in fixed and '"开发票":["sops/fee-collection"]' in fixed


def test_the_prelude_is_replaced_not_added_again() -> None:
    """Under mkdocs serve the worker may be fixed again: one prelude, with the current aliases."""
    script = LOOP + ";" + CALL + ";" + MATCHED
    once = add_prelude(script, {"噪音": ["噪声"]})
    twice = add_prelude(once, {"扰民": ["噪声"]})
    assert once is not None and twice is not None
    assert twice.count("handbook search prelude") == 2  # the opening comment and the end marker
    assert '"扰民":["噪声"]' in twice and '"噪音":' not in twice
    assert twice.count("handbookSegment(s,") == 1 and twice.count(".includes(o.term)") == 1
    assert add_prelude("let x=1", {}) is None


def test_every_table_the_build_gives_has_its_slot_in_the_prelude_and_fills_it() -> None:
    """A table made at build time (TABLE_SLOTS) that the prelude has no slot for would be dropped
    in silence; one the build does not fill leaves the prelude its empty default."""
    prelude = PRELUDE.read_text(encoding="utf-8")
    script = LOOP + ";" + CALL + ";" + MATCHED
    for name, slot in TABLE_SLOTS.items():
        assert prelude.count(slot) == 1, f"{name}: {slot} is not in search_prelude.js once"
        filled = add_prelude(script, {}, {}, {name: {"marker": "表"}})
        assert filled is not None and slot not in filled and '{"marker":"表"}' in filled, name


def test_the_prelude_fits_the_installed_material() -> None:
    assert len(MATERIAL_WORKERS) == 1, "Material's search worker not found in the installed package"
    script = fix_query_segmenter(Path(MATERIAL_WORKERS[0]).read_text(encoding="utf-8"))
    assert script is not None and add_prelude(script, {}) is not None


def test_no_zero_width_space_is_left_next_to_full_width_punctuation() -> None:
    """A U+200B before a comma lets a result's line break before the comma."""
    assert tidy_segmented("\u200b接到\u200b投诉\u200b，\u200b当日\u200b答复\u200b。") == "\u200b接到\u200b投诉，当日\u200b答复。"
    assert tidy_segmented("A/0\u200b（\u200b试行\u200b）") == "A/0（试行）"
    assert not _has_unsegmented_run(tidy_segmented(segmented("接到投诉，当日答复。")))


@pytest.mark.build
def test_a_build_without_jieba_warns_that_search_is_unsegmented(tmp_path: Path) -> None:
    """Material skips segmentation without a word when jieba cannot be imported; we do not."""
    blocker = tmp_path / "blocker" / "jieba"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text('raise ImportError("jieba blocked for this test")\n', encoding="utf-8")
    project = mini_project(tmp_path)
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(blocker.parent))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, cwd=project, env=env,
    )
    assert result.returncode == 1
    assert "搜索索引中的中文没有分词" in result.stderr, result.stderr[-3000:]
    assert re.search(r"（[^（）]*/、[^（）]*等 \d+ 个页面）", result.stderr)  # names pages, counts the rest
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ZW not in " ".join(doc["text"] for doc in index["docs"])  # really unsegmented


def _unsegmented_by_runs(text: str) -> bool:
    """The rule spelled out run by run: a Han run longer than a word, or with a neighbour that
    is neither U+200B, full-width punctuation, nor the start or end of the text."""
    for match in re.finditer(f"[{HAN}]+", text):
        before = text[match.start() - 1] if match.start() > 0 else ZW
        after = text[match.end()] if match.end() < len(text) else ZW
        if len(match.group()) > MAX_WORD or before not in ZW + PUNCT or after not in ZW + PUNCT:
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["投", "诉", "处理", "\u200b", " ", "，", "。", ",", "a", "1", "𠀀", "〇"]), max_size=30))
def test_the_unsegmented_text_pattern_follows_the_rule(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _has_unsegmented_run(text) == _unsegmented_by_runs(text)


def test_words_are_added_to_jieba_once_and_taken_back_exactly() -> None:
    jieba = pytest.importorskip("jieba")
    tokenizer = jieba.Tokenizer()  # not jieba.dt: this process's builds are not disturbed
    tokenizer.check_initialized()
    total, known = tokenizer.total, tokenizer.FREQ["投诉"]
    add_words(tokenizer, ["投诉", "会所预订", "报修单据"])
    after_first = (tokenizer.total, dict((w, tokenizer.FREQ[w]) for w in ("投诉", "会所预订", "报修单据")))
    assert tokenizer.FREQ["会所预订"] > 0 and tokenizer.total > total
    add_words(tokenizer, ["投诉", "会所预订", "报修单据"])  # a rebuild with the same data
    assert (tokenizer.total, {w: tokenizer.FREQ[w] for w in after_first[1]}) == after_first
    add_words(tokenizer, [])  # the words left the data
    assert tokenizer.total == total
    assert tokenizer.FREQ["投诉"] == known  # a dictionary word keeps its own frequency
    assert tokenizer.FREQ["会所预订"] == 0 and tokenizer.FREQ["报修单据"] == 0  # no longer words
    assert "会所预订" not in tokenizer.lcut("会所预订")


@pytest.mark.build
def test_flowchart_labels_stay_out_of_the_search_index(built_site: Path) -> None:
    """The chart repeats the step table with its labels cut where lines wrap; only its caption
    is indexed, so a search for a step finds the step table, once."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    manual, _ = check(DATA)
    sop = (editions(manual, manual.checked_on).in_force or manual).sops["complaint-handling"]  # the text in force
    # the page in force (a pending revision's page, sops/complaint-handling/2027-01-01/, has its own)
    charts = [d for d in index["docs"] if re.match(r"sops/complaint-handling/(#|$)", d["location"])
              and "流程图" in d["title"]]
    assert len(charts) == 1
    chart_text = charts[0]["text"].replace(ZW, "")
    assert chart_text == f"{sop.title}流程图"  # the caption
    step_text = "".join(d["text"] for d in index["docs"] if d is not charts[0]
                        and re.match(r"sops/complaint-handling/(#|$)", d["location"])).replace(ZW, "")
    assert all(step.action.replace("**", "") in step_text for step in sop.steps)


def _docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _answer_phrases(manual) -> list[str]:
    """A long run of Chinese from every self-check answer: what a trainee could type to find it."""
    phrases = []
    for sop in manual.sops.values():
        for q in sop.self_check:
            runs = sorted(re.findall(f"[{HAN}]{{6,}}", re.sub(r"\{\{[^}]*\}\}", "", q.answer)), key=len)
            if runs:
                phrases.append(runs[-1])
    return phrases


@pytest.mark.build
def test_no_answer_key_can_be_found_by_search(built_site: Path) -> None:
    manual, _ = check(DATA)
    docs = _docs(built_site)
    assert not [d["location"] for d in docs if re.match(r"training/[^/]+/answers/", d["location"])]
    assert (built_site / "training/cs-manager/answers/index.html").is_file()  # the page itself is there
    phrases = _answer_phrases(manual)
    assert len(phrases) >= 40
    # An answer is found only where it quotes the handbook itself: a step or checklist item of the
    # procedure (several answers quote them; the time-limit register and role pages repeat steps),
    # or the revision history that records a change of it. Never in a training page, and never as
    # an answer of its own (self-check sections are not indexed).
    # every edition built (the one in force and those pending): a pending page quotes its own day's text
    versions = editions(manual, manual.checked_on)
    built = [e for e in (manual, versions.in_force, *(e for _, e in versions.pending)) if e is not None]
    procedure_text = " ".join(model_text(s) for e in built for s in [*e.sops.values(), *e.roles.values()])
    history_text = " ".join(h.summary for e in built for s in e.sops.values() for h in s.history)
    for doc in docs:
        text = (doc["title"] + " " + doc["text"]).replace(ZW, "")
        for phrase in phrases:
            if phrase in text:
                assert not doc["location"].startswith("training/"), (phrase, doc["location"])
                assert phrase in procedure_text or phrase in history_text, (phrase, doc["location"])


@pytest.mark.build
def test_the_quiz_pages_hand_out_no_answers(built_site: Path) -> None:
    manual, _ = check(DATA)
    phrases = _answer_phrases(manual)
    for quiz in sorted(built_site.glob("training/*/quiz/index.html")):
        html = quiz.read_text(encoding="utf-8")
        assert "quiz-q" in html and "quiz-a" not in html
        assert [p for p in phrases if p in html] == [], quiz


@pytest.mark.build
def test_a_procedure_is_indexed_from_its_trigger_not_its_document_control_header(built_site: Path) -> None:
    docs = {d["location"]: d for d in _docs(built_site)}
    for sop_id in ("key-management", "emergencies", "fee-collection"):
        text = docs[f"sops/{sop_id}/"]["text"].replace(ZW, "")
        assert text.startswith("<p>适用情形：") and "常用说法：" in text, text[:80]
        assert "文件编号" not in text and "版号/改次" not in text and "打印件为非受控文件" not in text
    # neither is the print stamp or the data-file note of any page
    assert not [loc for loc, d in docs.items() if "本页由数据文件" in d["text"].replace(ZW, "")]


def _material_segmenter():
    from material.plugins.search.plugin import SearchIndex

    return SearchIndex()._segment_chinese


def test_each_run_segmented_once_gives_what_material_gives() -> None:
    from handbook_mkdocs import search as search_module

    segment = _material_segmenter()
    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return segment(text)

    runs = search_module.remember_runs(counted)
    search_module._RUNS.clear()
    from handbook.site.build import render_pages

    manual, _ = check(DATA)
    assert manual is not None
    texts = [line for text in render_pages(manual).values() for line in text.splitlines()
             if "<svg" not in line][:4000]
    texts += ["", "投诉", "a投诉b", " 报修，回访。", "Ⅱ类 3 号楼", "客服主管" * 3, ZW + "报修" + ZW, "𠀀字"]
    assert len(texts) > 1000
    for text in texts:
        assert runs(text) == segment(text), text
    assert len(calls) == len(set(calls))  # no run segmented twice
    assert len(calls) < sum(len(re.findall(f"[{HAN}]+", t)) for t in texts) / 2


def test_the_remembered_runs_are_forgotten_when_the_words_change() -> None:
    import jieba

    from handbook_mkdocs import search as search_module

    search_module._RUNS.clear()
    search_module._RUNS["会所预订"] = "会所\u200b预订"
    tokenizer = jieba.Tokenizer()
    tokenizer.check_initialized()
    assert not add_words(tokenizer, [])  # the same (no) words: what was segmented stays valid
    assert search_module._RUNS == {"会所预订": "会所\u200b预订"}
    assert add_words(tokenizer, ["会所预订"])  # other words: the plugin then forgets the runs
    search_module.forget_runs()
    assert search_module._RUNS == {}
