"""The 测验 on a phone (360×740), in headless Chromium: the test its number draws (the same as
``manual.multichoice.draw``), answered by tapping, scored on 交卷, each wrong answer explained with a
link to the step; then printed: the result sheet on one A4 sheet read back from the PDF, the blank
paper test and its key. The day is pinned (2026-12-07)."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook.manual.multichoice import draw

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DAY = datetime(2026, 12, 7, 10, 30)
ROLE = "cs-assistant"
TEST = f"/training/{ROLE}/test/"


@pytest.fixture
def phone(browser, site_url: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.clock.set_fixed_time(DAY)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        yield page
        assert errors == []
        assert [u for u in requests if not u.startswith(site_url) and not u.startswith(("data:", "blob:"))] == []
    finally:
        context.close()


def bank(page) -> dict:
    return page.evaluate("() => JSON.parse(document.querySelector('script[data-quiz-bank]').textContent)")


def python_draw(data: dict, number: int) -> list[str]:
    """The test ``manual.multichoice.draw`` gives for this number, from the page's own bank."""
    questions = [SimpleNamespace(id=q["id"], kind=q["kind"], sop_id=q["sop"]) for q in data["questions"]]
    return [q.id for q in draw(questions, number, data["size"])]  # type: ignore[arg-type]


def shown(page) -> list[str]:
    return page.eval_on_selector_all(".quiz-q", "items => items.map(li => li.dataset.q)")


def answer(page, data: dict, right: int, skip: frozenset[int] = frozenset()) -> list[dict]:
    """Tap the right choice of the first ``right`` questions and a wrong one of the rest (none of
    those in ``skip``)."""
    by_id = {q["id"]: q for q in data["questions"]}
    asked = [by_id[i] for i in shown(page)]
    for n, q in enumerate(asked):
        if n in skip:
            continue
        k = q["answer"] if n < right else (q["answer"] + 1) % len(q["choices"])
        page.locator(".quiz-q").nth(n).locator(".quiz-choice").nth(k).tap()
    return asked


def test_a_number_draws_the_same_test_on_the_page_as_in_python(phone, site_url: str) -> None:
    tests = {}
    for number in (1, 1234, 4321, 99999):
        phone.goto(f"{site_url}{TEST}#n={number}", wait_until="load")
        data = bank(phone)
        ids = shown(phone)
        assert ids == python_draw(data, number)
        assert len(ids) == data["size"] == 10 and len(set(ids)) == 10
        assert phone.input_value("[data-quiz-number]") == str(number)
        tests[number] = ids
    assert len({tuple(t) for t in tests.values()}) == 4  # two trainees, two numbers, two tests
    phone.goto(f"{site_url}{TEST}", wait_until="load")  # no number: a new one, shown and in the address
    number = int(phone.input_value("[data-quiz-number]"))
    assert 1000 <= number <= 9999 and f"#n={number}" in phone.url
    assert shown(phone) == python_draw(bank(phone), number)
    phone.fill("[data-quiz-number]", "1234")  # the trainer's number, typed
    phone.press("[data-quiz-number]", "Enter")
    phone.locator("[data-quiz-number]").blur()
    assert shown(phone) == tests[1234]


def test_answered_by_tapping_and_scored_on_a_phone(phone, site_url: str) -> None:
    phone.goto(f"{site_url}{TEST}#n=2468", wait_until="load")
    data = bank(phone)
    assert phone.is_hidden("[data-quiz-score]")
    heights = phone.eval_on_selector_all(".quiz-choice", "ls => ls.map(l => l.getBoundingClientRect().height)")
    assert min(heights) >= 44  # a tap target
    asked = answer(phone, data, right=7)
    phone.tap("[data-quiz-submit]")
    assert phone.is_visible("[data-quiz-score]")
    assert phone.inner_text("[data-quiz-points]") == "7" and phone.inner_text("[data-quiz-total]") == "10"
    assert re.sub(r"\s+", "", phone.inner_text("[data-quiz-score]")).startswith("得分7/10")
    assert phone.locator(".quiz-q.is-right").count() == 7 and phone.locator(".quiz-q.is-wrong").count() == 3
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for n, q in enumerate(asked[7:], 7):
        item = phone.locator(".quiz-q").nth(n)
        text = item.inner_text()
        assert f"正确答案：{'ABCD'[q['answer']]} {q['choices'][q['answer']]}" in text
        assert q["why"] in text and "✗ 所选答案" in text and "✓ 正确答案" in text
        link = item.locator("a.quiz-link")
        assert link.inner_text() == "查看" + q["where"]
        assert link.get_attribute("href") == f"../../../sops/{q['sop']}/" + (f"#{q['anchor']}" if q["anchor"] else "")
    assert phone.is_disabled(".quiz-choice input >> nth=0")
    assert re.search(r"#n=2468&a=[0-3]{10}&d=2026-12-07$", phone.url)
    # the link of a wrong answer opens the procedure at the step that answers it
    wrong = next(q for q in asked[7:] if q["anchor"].startswith("step-"))
    with phone.expect_navigation(wait_until="load"):
        phone.locator(".quiz-q").nth(asked.index(wrong)).locator("a.quiz-link").tap()
    assert phone.url.endswith(f"/sops/{wrong['sop']}/#{wrong['anchor']}")
    target = phone.evaluate("() => { const t = document.querySelector(':target'); const r = t.closest('tr')"
                            ".getBoundingClientRect(); return [t.id, r.top >= 0 && r.top < innerHeight]; }")
    assert target == [wrong["anchor"], True]


def test_unanswered_questions_are_shown_before_they_count(phone, site_url: str) -> None:
    phone.goto(f"{site_url}{TEST}#n=77", wait_until="load")
    data = bank(phone)
    answer(phone, data, right=10, skip=frozenset({8}))
    phone.tap("[data-quiz-submit]")
    assert phone.is_visible("[data-quiz-warning]") and phone.is_hidden("[data-quiz-score]")
    assert phone.inner_text("[data-quiz-open]") == "1" and phone.locator(".quiz-q.is-open").count() == 1
    phone.tap("[data-quiz-submit]")
    assert phone.inner_text("[data-quiz-points]") == "9"
    assert "✗ 未作答" in phone.locator(".quiz-q").nth(8).inner_text()


def test_a_result_reopens_from_its_address(phone, site_url: str) -> None:
    phone.goto(f"{site_url}{TEST}#n=2468", wait_until="load")
    data = bank(phone)
    asked = [next(q for q in data["questions"] if q["id"] == i) for i in shown(phone)]
    answers = "".join(str(q["answer"]) for q in asked[:5]) + "-" * 5
    phone.goto(f"{site_url}{TEST}#n=2468&a={answers}&d=2026-12-01", wait_until="load")  # in the same page
    assert phone.inner_text("[data-quiz-points]") == "5"
    phone.reload(wait_until="load")  # and opened anew
    assert phone.inner_text("[data-quiz-points]") == "5"
    assert phone.inner_text("[data-quiz-date]") == "2026-12-01"
    assert phone.is_hidden("[data-quiz-submit]") and phone.is_visible("[data-quiz-again]")


def _pdf(page, out: Path) -> tuple[int, tuple[float, float], str]:
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # page.pdf() does not send it
    page.emulate_media(media="print")
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return pages, (w, h), text


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("number", [2468, 1, 31337])
def test_the_result_prints_on_one_sheet_with_its_score(phone, site_url: str, tmp_path: Path, number: int) -> None:
    phone.goto(f"{site_url}{TEST}#n={number}", wait_until="load")
    data = bank(phone)
    drawn_from = phone.inner_text(".quiz-bank .quiz-value")  # the handbook's revision and the bank's code
    phone.fill("[data-quiz-name]", "王小明")
    asked = answer(phone, data, right=6)
    phone.tap("[data-quiz-submit]")
    pages, (w, h), text = _pdf(phone, tmp_path / "result.pdf")
    assert pages == 1 and round(w) == 595 and round(h) == 842  # one A4 sheet, portrait
    flat = _flat(text)
    assert "客服助理岗位测验结果单" in flat
    assert "姓名王小明" in flat and "岗位客服助理" in flat and f"试卷号{number}" in flat and "日期2026-12-07" in flat
    assert "得分6/10" in flat and "答错或未答4题" in flat
    assert drawn_from.startswith("手册版号 ") and _flat(drawn_from) in flat
    assert f"校验码{data['fingerprint']}" in flat
    for n, q in enumerate(asked):
        proc = data["procedures"][q["sop"]]
        assert _flat(f"{n + 1}. {q['text']}") in flat
        assert _flat(f"出处：{q['where']}（{proc['code']}，版号 {proc['revision']}）") in flat
        assert _flat(f"{'ABCD'[q['answer']]} {q['choices'][q['answer']]}") in flat
    assert flat.count("✓答对") == 6 and flat.count("✗所选答案") == 4 and flat.count("✓正确答案") == 4
    assert "学员签字" in flat and "带教人签字" in flat and "打印件为非受控文件" in flat
    assert "查看《" not in flat and "题目出处" not in flat  # links and the source list stay on screen


def test_the_blank_paper_test_and_its_key(phone, site_url: str, tmp_path: Path) -> None:
    phone.goto(f"{site_url}{TEST}#n=808", wait_until="load")
    data = bank(phone)
    asked = [next(q for q in data["questions"] if q["id"] == i) for i in shown(phone)]
    phone.locator(".quiz-q").nth(0).locator(".quiz-choice").nth(0).tap()  # a tick on screen stays off paper
    phone.fill("[data-quiz-name]", "王小明")
    phone.evaluate("document.querySelector('.quiz-app').setAttribute('data-print-as', 'blank')")  # 打印空白试卷
    pages, _, text = _pdf(phone, tmp_path / "blank.pdf")
    flat = _flat(text)
    assert pages <= 2 and "客服助理岗位测验试卷" in flat and "试卷号808" in flat
    assert "王小明" not in flat and "✓" not in flat and "✗" not in flat
    for n, q in enumerate(asked):
        assert _flat(f"{n + 1}. {q['text']}") in flat
        for k, choice in enumerate(q["choices"]):
            assert _flat(f"{'ABCD'[k]} {choice}") in flat
    assert "得分" in flat and "阅卷人" in flat and "学员签字" in flat and "勿发给学员" not in flat
    phone.evaluate("document.querySelector('.quiz-app').setAttribute('data-print-as', 'key')")  # 打印参考答案
    pages, _, text = _pdf(phone, tmp_path / "key.pdf")
    flat = _flat(text)
    assert pages == 1 and "客服助理岗位测验参考答案" in flat and "试卷号808" in flat and "勿发给学员" in flat
    for q in asked:
        assert _flat(f"答案：{'ABCD'[q['answer']]} {q['choices'][q['answer']]}") in flat
