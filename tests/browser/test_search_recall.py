"""Recall that does not depend on foreseeing the word, and text that arrives without a key.

- Any run of the handbook's own characters finds something: random substrings of the indexed
  text (with the full-width punctuation between words) are typed into the box, and none may come
  back empty (the worker searches pairs of characters, or single ones, inside the index's words
  when a run holds no word: ``search_prelude.js``, ``fallback``).
- Traditional and variant characters, misspelt sounds and toneless pinyin find what the
  simplified words find.
- Text pasted (WeChat's long-press menu fires no key) or committed by an input method searches.
- The blind judge sets (``desk_queries_judge_r3.yaml`` of the third pass, ``desk_queries_blind.yaml``
  of the fourth, ``desk_queries_blind5.yaml`` of the fifth, ``desk_queries_blind7.yaml`` of the
  seventh, each copied unread from its round's judge; see README 搜索与离线) must not fall below the figures measured in their round (a regression floor;
  the issue's 95 % right first and 100 % in the top 3 are not met). Only aggregates are printed:
  nobody reads its queries or its misses, so it stays a fair measure for the next round too.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from searchbox import BOX, META, PROMPT, READY_TIMEOUT, search

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
HAN = re.compile(r"[\u3400-\u9fff]")
PUNCT = "，。、；：？！“”（）《》"


def _index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def substrings(index: dict, count: int, seed: int = 20261207) -> list[str]:
    """``count`` random substrings (1 to 8 characters) of the index's text, each with a Han
    character, the U+200B word marks removed: what a person could copy from a page."""
    rng = random.Random(seed)
    texts = []
    for doc in index["docs"]:
        text = re.sub(r"<[^>]*>", " ", doc.get("text") or "").replace("\u200b", "")
        texts += [run for run in re.findall(f"[\u3400-\u9fff{PUNCT}]+", text) if HAN.search(run)]
    out: list[str] = []
    while len(out) < count:
        run = rng.choice(texts)
        size = rng.randint(1, min(8, len(run)))
        start = rng.randint(0, len(run) - size)
        piece = run[start:start + size]
        if HAN.search(piece) and piece not in out:
            out.append(piece)
    return out


def test_no_run_of_the_handbooks_characters_finds_nothing(home, built_site: Path) -> None:
    empty = [q for q in substrings(_index(built_site), 60) if not search(home, q, "/")]
    assert empty == [], f"{len(empty)} of 60 substrings of the handbook's text found nothing: {empty}"


def test_a_digit_or_a_letter_typed_against_the_characters_changes_nothing_found(home, built_site: Path) -> None:
    """3栋, A栋停水: a building's number typed against the words. The segmented words once glued
    to the digit (3*栋, no term at all), so 3栋 found nothing and 3号楼停水 lost its first word."""
    empty = [q for piece in substrings(_index(built_site), 15, seed=20261208)
             for q in (f"3{piece}", f"{piece}B") if not search(home, q, "/")]
    assert empty == [], f"found nothing: {empty}"
    assert search(home, "3号楼停水", "/")[0].path == "sops/planned-outages/"


@pytest.mark.parametrize("query, expected", [
    ("鑰匙寄放", "sops/key-management/"),       # traditional
    ("繳管理費", "sops/fee-collection/"),
    ("領快遞", "sops/mail-and-parcels/"),
    ("電梯困人", "sops/emergencies/"),
    ("入夥收楼", "sops/move-in/"),              # 夥: a variant the data never writes
    ("报秀", "sops/repair-request/"),           # the input method's pick of the same sound
    ("监空录像", "sops/cctv-access/"),
    ("投述物业", "sops/complaint-handling/"),   # 述 for 诉: sh typed for s
    ("tingshui tongzhi", "sops/planned-outages/"),  # toneless pinyin
    ("yezhu weiyuanhui", "sops/owners-committee/"),
])
def test_traditional_misspelt_and_pinyin_queries_find_their_page(home, query: str, expected: str) -> None:
    hits = search(home, query, "/")
    assert hits and hits[0].path == expected, f"{query}: {[h.path for h in hits[:5]]}"


@pytest.mark.parametrize("query, expected", [
    ("档案管理员", "roles/archivist/"),
    ("钥匙借用登记表", "forms/key-loan-register/"),
    ("收费员", "roles/cashier/"),
    ("出门单", "forms/goods-release-pass/"),
    ("维修工作单", "forms/repair-order/"),     # a form's whole title, over a role's said word in it (维修工)
    ("派工单模板", "forms/repair-order/"),     # 模板 asks for the blank form
    ("存放业主钥匙的台账", "forms/key-deposit-register/"),  # a register asked: not its neighbour, the 委托书
    ("钥匙托管委托书", "forms/key-deposit-authorization/"),
    ("水电工职责", "roles/repair-technician/"),  # what the desk calls a role (search.yaml, people)
    ("客服部一把手职责", "roles/cs-manager/"),
    ("门禁卡发放记录", "forms/access-card-register/"),  # a register asked for by its topic
    ("业主来前台骂人要投诉 怎么登记", "sops/complaint-handling/"),  # ... not when told to register
    ("游泳池健身房那边的助理做什么", "roles/clubhouse-assistant/"),  # a person: what does she do
    ("着火了客服这边要做什么", "sops/emergencies/"),  # an event: what to do, the procedure
    ("各项办理期限汇总", "appendix/time-limits/"),  # the whole table asked for: the appendix
    ("丢钥匙", "sops/key-management/"),      # no role or form asked: the procedure
    ("入伙资料签收", "forms/move-in-document-receipt/"),  # a receipt asked for by its topic
    ("客服中心下面有几个岗位", "organization/"),  # questions about the center and the handbook
    ("新来的员工先学哪几课", "training/"),
    ("能不能用手机扫码看手册", "appendix/poster/"),
    ("这版手册什么时候生效 谁签发的", "appendix/status/"),
])
def test_a_query_that_names_a_role_or_a_form_leads_to_it(home, query: str, expected: str) -> None:
    hits = search(home, query, "/")
    assert hits and hits[0].path == expected, f"{query}: {[h.path for h in hits[:5]]}"


@pytest.mark.parametrize("query, expected", [
    ("电梯又坏了我家老人下不了楼", "sops/lift-outage/"),     # a said word (电梯坏了) with 又 inside it
    ("下大雨了 前台能借把伞不", "sops/convenience-services/"),  # 借伞 with a measure word inside
    ("搬家具出去", "sops/goods-release/"),                  # 具出去 is not 租出去: 租 is read zu, not ju
    ("想借个梯子用一下", "sops/convenience-services/"),      # 一下 is not read as the word 以下
    ("家里油烟机想请人洗一下", "sops/special-service/"),     # owners' words, kind things
    ("我想把房子租出去要办什么手续", "sops/tenant-registration/"),
    ("欠费的业主催了几次还不交怎么办", "sops/fee-collection/"),  # 业主 is in 38 % of sections
    ("业主委员会", "sops/owners-committee/"),                # ... and still finds its own page
    ("被3栋那条金毛咬了一口", "sops/dogs-and-pets/"),         # a breed is a dog (animals)
    ("物业费怎么又涨了", "sops/fee-adjustment/"),             # not the fee collection
    ("电梯卡在两层中间 里面有人", "sops/emergencies/"),        # someone trapped: not an outage
    ("不归客服管的事能让业主去别的部门吗", "sops/one-stop-service/"),
])
def test_an_owners_own_phrasing_finds_its_procedure(home, query: str, expected: str) -> None:
    hits = search(home, query, "/")
    assert hits and hits[0].path == expected, f"{query}: {[h.path for h in hits[:5]]}"


def test_every_table_the_build_makes_reaches_the_search_worker(built_site: Path) -> None:
    """The real build fills each table slot of the prelude (search_worker.TABLE_SLOTS): none keeps
    its empty default, or a pinyin, traditional or misspelt query would quietly find less."""
    from handbook_mkdocs.search_worker import TABLE_SLOTS, WORKER_GLOB

    workers = sorted(built_site.glob(WORKER_GLOB))
    assert workers
    for worker in workers:
        script = worker.read_text(encoding="utf-8")
        left = [name for name, slot in TABLE_SLOTS.items() if slot in script and name != "pending"]
        assert left == [], f"{worker.name}: tables left empty: {left}"


def _ready(page) -> None:
    from playwright.sync_api import expect

    box = page.locator(BOX)
    box.fill("")
    box.dispatch_event("keyup")
    expect(page.locator(META)).to_have_text(PROMPT, timeout=READY_TIMEOUT)


def test_pasted_text_searches_without_a_key(home) -> None:
    """A paste (WeChat's long-press menu) fires paste and input events and no key: it searches."""
    from playwright.sync_api import expect

    _ready(home)
    home.locator(BOX).evaluate("""(box, text) => {
      box.focus();
      const data = new DataTransfer();
      data.setData("text/plain", text);
      box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
      box.value = text;
      box.dispatchEvent(new InputEvent("input", {inputType: "insertFromPaste", data: text, bubbles: true}));
    }""", "【业主】3栋2单元 马桶堵了，麻烦 派个人")
    expect(home.locator(META)).to_contain_text("结果")
    first = home.locator(".md-search-result__item a.md-search-result__link").first
    assert "/sops/repair-request/" in (first.get_attribute("href") or "")


def test_text_committed_by_an_input_method_searches(home) -> None:
    """An input method's commit: composition events and inserted text, no key release after it."""
    from playwright.sync_api import expect

    _ready(home)
    box = home.locator(BOX)
    box.evaluate("""box => {
      box.focus();
      box.dispatchEvent(new CompositionEvent("compositionstart", {data: "", bubbles: true}));
      box.value = "diushi";
      box.dispatchEvent(new InputEvent("input", {isComposing: true, inputType: "insertCompositionText", bubbles: true}));
      box.value = "丢钥匙";
      box.dispatchEvent(new CompositionEvent("compositionend", {data: "丢钥匙", bubbles: true}));
    }""")
    expect(home.locator(META)).to_contain_text("结果")
    first = home.locator(".md-search-result__item a.md-search-result__link").first
    assert "/sops/key-management/" in (first.get_attribute("href") or "")


def _load(name: str) -> list[dict[str, str]]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["queries"]


#: Each round's blind judge set, copied unread from its writer, and the floor under it: the figures
#: measured in its round after that round's changes, rounded down by a point or two. A floor
#: against regressions, not the issue's bar (95 % right first, 100 % in the top 3). A set measured
#: against is no longer blind for the rounds after it; each round adds a fresh one.
JUDGE_SETS = {
    # third pass (2026-12-07): 73.8 % right first, 86.9 % in the top 3
    "desk_queries_judge_r3.yaml": (0.72, 0.85),
    # fourth pass, 221 queries (2026-12-07): 76.0 % / 90.0 % (75.6 % in a second run: one query's
    # order is not always the same)
    "desk_queries_blind.yaml": (0.745, 0.885),
    # fifth pass, 130 queries in five kinds (2026-12-07, measured once before and once after that
    # pass's one ranking change, a tie-break of the query's cut: 83.8 % / 99.2 % both times)
    "desk_queries_blind5.yaml": (0.82, 0.975),
    # seventh set, 130 queries in five kinds (2026-12-07, written from titles and scope lines by a
    # helper who saw nothing else; measured before that pass's changes, 80.0 % / 91.5 %, and after
    # them, 81.5 % / 93.1 %; after the eighth pass, 2026-12-08: 83.1 % / 95.4 %)
    "desk_queries_blind7.yaml": (0.82, 0.94),
}


def _judge(home, name: str, first_floor: float, top3_floor: float) -> None:
    """Type every query of a judge set; assert and print its aggregates only. In the top 3 counts
    the wanted page or one of the query's ``also`` pages, as ``bench/search_eval.py`` counts."""
    queries = _load(name)
    first = top3 = 0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for entry in queries:
        pages = [h.path for h in search(home, entry["q"], "/")[:3]]
        right = pages[:1] == [entry["want"]]
        first += right
        top3 += any(p in pages for p in [entry["want"], *(entry.get("also") or [])])
        kinds[entry.get("kind", "-")][0] += right
        kinds[entry.get("kind", "-")][1] += 1
    n = len(queries)
    summary = f"{name}: {n} queries, right first {first / n:.1%}, top 3 {top3 / n:.1%}; " + ", ".join(
        f"{k} {v[0] / v[1]:.0%}" for k, v in sorted(kinds.items()))
    print("\n" + summary)
    assert first / n >= first_floor and top3 / n >= top3_floor, summary
    if first / n < 0.95 or top3 < n:  # said, not hidden: the bar is still ahead
        print("the issue's target (95 % right first, 100 % in the top 3) is not met")


@pytest.mark.parametrize("name", list(JUDGE_SETS))
def test_a_blind_judge_set_does_not_fall_below_its_measured_floor(home, name: str) -> None:
    """A regression floor, not the issue's bar, which is NOT met (see README, "Search and offline
    use"). Only the aggregates are printed and asserted: no query and no miss is ever shown."""
    _judge(home, name, *JUDGE_SETS[name])
