"""The 测验 page of a role (training/<role>/test.md): its bank as JSON the script reads, the links
the script completes to the answering steps, the one path between the training pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.manual.questions import role_bank
from handbook.render import urls
from handbook.site.build import page_markdown, render_pages

from conftest import DATA
from helpers import MINI, TODAY, copy_mini, edit

BANK = re.compile(r'<script type="application/json" data-quiz-bank="([a-z-]+)">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def mini():
    manual, problems = check(MINI, today=TODAY)
    assert problems == [] and manual is not None
    return manual


@pytest.fixture(scope="module")
def real():
    manual, _ = check(DATA)
    assert manual is not None
    return manual


def page_of(manual, role_id: str) -> str:
    return page_markdown(manual, urls.training(role_id, "test"))


def bank_of(page: str) -> tuple[str, dict]:
    (found,) = BANK.findall(page)
    return found[0], json.loads(found[1])


def test_the_page_is_titled_with_the_role_and_left_out_of_search(mini) -> None:
    page = page_of(mini, "clerk")
    assert page.startswith('---\ntitle: "测验 · 客服助理"\nsearch:\n  exclude: true\n---\n\n# 测验 · 客服助理\n')
    assert 'data-quiz="clerk"' in page and "交卷" in page
    assert "TEST-KF-PX-01-E" in page and 'class="print-stamp"' in page
    assert "data-print>" not in page  # its own print buttons, not 打印本页


def test_the_page_carries_the_roles_bank(real) -> None:
    for role_id in real.roles:
        page = page_of(real, role_id)
        role, data = bank_of(page)
        assert role == role_id
        bank = role_bank(real, role_id)
        assert [q["id"] for q in data["questions"]] == [q.id for q in bank]
        for q, given in zip(bank, data["questions"]):
            assert (given["text"], given["choices"], given["answer"], given["why"]) == \
                   (q.text, list(q.choices), q.answer, q.explanation)
        assert data["size"] == 10
        assert set(data["procedures"]) == {q.sop_id for q in bank}
        assert len(page) < 450_000, f"{role_id}: {len(page)} characters"


def test_every_question_links_to_an_anchor_that_exists(real) -> None:
    pages = render_pages(real)
    for role_id in real.roles:
        page = pages[urls.training(role_id, "test")]
        _, data = bank_of(page)
        for sop_id in data["procedures"]:
            assert f'](../../sops/{sop_id}.md){{: data-sop="{sop_id}" }}' in page
        for q in data["questions"]:
            sop_page = pages[urls.sop(q["sop"])]
            if q["anchor"].startswith("step-"):
                assert f'id="{q["anchor"]}"' in sop_page, q["id"]
            elif q["anchor"] == "key-points":
                assert "{ #key-points }" in sop_page
            else:
                assert q["anchor"] == "" and q["kind"] == "trigger"


def test_data_cannot_break_out_of_the_bank(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    evil = "</script><script>alert(1)</script><!-- [x](javascript:alert(1)) *i* {% x %}"
    edit(data, "sops/repair.yaml", "action: 到场维修", f"action: '{evil}'")
    manual, problems = check(data, today=TODAY)
    assert manual is not None, problems
    page = page_of(manual, "clerk")
    _, parsed = bank_of(page)  # the one script element ends where it should
    assert any(evil in q["text"] or evil in q["choices"] for q in parsed["questions"])
    script = BANK.search(page).group(2)
    assert not set("<>&[]*_`{}|") & set(script.replace("{", "").replace("}", "").replace("[", "").replace("]", ""))
    assert "</script><script>" not in page and "](javascript" not in page


def test_one_path_between_the_training_pages(mini) -> None:
    sheets = ("index", "test", "record", "quiz", "answers")
    for sheet in sheets:
        page = page_markdown(mini, urls.training("clerk", sheet))
        for other in sheets:
            assert f"]({other}.md)" in page, (sheet, other)
    path = page_markdown(mini, urls.training("clerk"))
    assert "在手机上做[本岗位的测验](test.md)" in path
    record = page_markdown(mini, urls.training("clerk", "record"))
    assert "学完后的[测验](test.md)" in record
    index = page_markdown(mini, urls.TRAINING_INDEX)
    assert "[测验](clerk/test.md)" in index
