"""The question bank (handbook.manual.questions and multichoice): every question's right answer is
the data's, its wrong choices are wrong by the data, and a test is fixed by its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.data.timelimit import parse_time_limit
from handbook.manual import flow
from handbook.manual.derive import participation
from handbook.manual.multichoice import MAX_WRONG, MIN_WRONG, TEST_SIZE, draw, fingerprint
from handbook.manual.questions import END_TEXT, forbidden_act, plain, purpose_text, question_bank, role_bank
from handbook.manual.training import training_path

from conftest import DATA
from helpers import TODAY, copy_mini, edit


@pytest.fixture(scope="module")
def real():
    manual, _ = check(DATA)
    assert manual is not None
    return manual


def _mini(tmp_path: Path, *edits: tuple[str, str, str]):
    """The mini fixture with one more commitment (so that a limit has two others to be confused
    with) and the given edits."""
    data = copy_mini(tmp_path)
    edit(data, "commitments.yaml", "  - id: yearly", "  - id: callback\n    title: 回电\n    time_limit: 2h\n"
         "    promise: 2 小时内回电。\n  - id: yearly")
    for rel, old, new in edits:
        edit(data, rel, old, new)
    manual, problems = check(data, today=TODAY)
    assert manual is not None, problems
    return manual


def _target(manual, sop, target: str) -> str:
    """What a flow edge leads to, worked out here again from the data."""
    if target == flow.END:
        return END_TEXT
    if target.startswith(flow.HANDOFF):
        return f"转入《{manual.sops[target[len(flow.HANDOFF):]].title}》"
    return plain(manual, next(s for s in sop.steps if s.id == target).action)


# --------------------------------------------------------------------------- the bank


def test_every_question_has_one_right_answer_among_distinct_choices(real) -> None:
    bank = question_bank(real)
    assert len(bank) > 500
    assert len({q.id for q in bank}) == len(bank)
    kinds = {q.kind for q in bank}
    assert kinds == {"who", "next", "branch", "limit", "form", "purpose", "trigger", "never"}
    places = set()
    for q in bank:
        assert MIN_WRONG + 1 <= len(q.choices) <= MAX_WRONG + 1, q.id
        assert len(set(q.choices)) == len(q.choices), q.id
        assert all(c.strip() for c in q.choices), q.id
        assert 0 <= q.answer < len(q.choices)
        assert "{{" not in q.text + "".join(q.choices) and "**" not in q.text + "".join(q.choices)
        places.add(q.answer)
    assert places == {0, 1, 2, 3}  # the right answer is not always in one place


def test_the_right_answer_is_the_data_and_no_wrong_choice_is_right(real) -> None:
    limits = {lim.label: lim.minutes for lim in (parse_time_limit(t) for t in
              [c.time_limit for c in real.commitments.values() if c.time_limit]
              + [s.time_limit for sop in real.sops.values() for s in sop.steps if s.time_limit]
              + [i.time_limit for sop in real.sops.values() for g in sop.checklist for i in g.items if i.time_limit])}
    for q in question_bank(real):
        sop = real.sops[q.sop_id]
        steps = {s.id: s for s in sop.steps}
        step = steps.get(q.step_id) if q.step_id else None
        wrong = [c for i, c in enumerate(q.choices) if i != q.answer]
        if q.kind == "who":
            assert q.right == real.role_title(step.role)
            assert not {real.role_title(r) for r in (step.role, *step.support)} & set(wrong), q.id
        elif q.kind in ("next", "branch"):
            ids = [s.id for s in sop.steps]
            index = ids.index(step.id)
            edges = flow.step_edges(step, ids[index + 1] if index + 1 < len(ids) else None)
            edge = edges[0] if q.kind == "next" else edges[int(q.id.rsplit("/", 1)[1]) - 1]
            if q.kind == "branch":
                assert f"“{plain(real, edge.label)}”" in q.text
            assert q.right == _target(real, sop, edge.target), q.id
            assert _target(real, sop, edge.target) not in wrong
        elif q.kind == "limit":
            limit = real.step_limit(sop, step.id)
            assert q.right == limit.label
            assert all(limits[w] != limit.minutes for w in wrong), q.id  # 1 天内 is not wrong for 24 小时内
        elif q.kind == "form":
            titles = [real.forms[f].title for f in step.records]
            assert q.right in titles and not set(titles) & set(wrong)
        elif q.kind == "purpose":
            form_id = q.id.rsplit("/", 1)[1]
            assert form_id in step.records and q.right == real.forms[form_id].title
            assert purpose_text(plain(real, real.forms[form_id].purpose)) in q.text
            by_title = {f.title: f for f in real.forms.values()}
            assert all(purpose_text(plain(real, by_title[w].purpose)) not in q.text for w in wrong), q.id
        elif q.kind == "trigger":
            assert q.right == sop.title and plain(real, sop.trigger) in q.text
            others = {s.title: s for s in real.sops.values()}
            assert all(others[w].trigger != sop.trigger for w in wrong)
        elif q.kind == "never":
            points = [plain(real, k.text) for k in sop.key_points]
            assert q.right in [forbidden_act(k) for k in points]
            actions = {plain(real, s.action) for s in sop.steps}
            assert set(wrong) <= actions, q.id  # what the procedure prescribes: never forbidden
            assert q.right not in actions


def test_the_answering_step_is_named(real) -> None:
    for q in question_bank(real):
        if q.step_id is not None:
            number = [s.id for s in real.sops[q.sop_id].steps].index(q.step_id) + 1
            assert f"第 {number} 步" in q.explanation and q.section == "step"
        else:
            assert q.section == ("key-points" if q.kind == "never" else "lead")


def test_a_changed_commitment_changes_its_questions(tmp_path: Path) -> None:
    before = {q.id: q for q in question_bank(_mini(tmp_path / "a"))}
    q = before["limit/repair/go"]
    assert q.right == "30 分钟内" and set(q.choices) == {"30 分钟内", "2 小时内", "24 小时内"}
    assert "服务承诺“急修到场”" in q.explanation
    after = {q.id: q for q in question_bank(_mini(tmp_path / "b", ("commitments.yaml", "time_limit: 30min",
                                                                    "time_limit: 20min")))}
    q = after["limit/repair/go"]
    assert q.right == "20 分钟内" and "30 分钟内" not in q.choices and "20 分钟内" in q.explanation


def test_a_changed_step_changes_its_questions(tmp_path: Path) -> None:
    before = {q.id: q for q in question_bank(_mini(tmp_path / "a"))}
    assert before["who/repair/go"].right == "维修技工"
    assert before["next/repair/receive"].right == "判断是否急修"
    after = {q.id: q for q in question_bank(_mini(
        tmp_path / "b", ("sops/repair.yaml", "  - id: go\n    role: fixer", "  - id: go\n    role: clerk"),
        ("sops/repair.yaml", "action: 判断是否急修", "action: 判断是否属于急修"),
    ))}
    assert after["who/repair/go"].right == "客服助理"
    assert after["next/repair/receive"].right == "判断是否属于急修"
    assert "判断是否急修" not in after["next/repair/receive"].choices


def test_a_step_named_twice_is_not_asked_about(tmp_path: Path) -> None:
    manual = _mini(tmp_path, ("sops/complaint.yaml", "action: 处理并答复", "action: 受理投诉"))
    ids = {q.id for q in question_bank(manual)}
    assert not {"who/complaint/receive", "who/complaint/handle", "next/complaint/receive"} & ids


@pytest.mark.parametrize(("point", "act"), [
    ("员工不得以个人名义私下承接特约服务或收取费用，一经发现，按严重违纪论处。", "以个人名义私下承接特约服务或收取费用"),
    ("严格按“先讲价、后开单、再派工”的顺序办理，客户没有同意价格之前不得动工。", "客户没有同意价格之前动工"),
    ("任何情况下不得以停水、停电等方式强制整改。", "以停水、停电等方式强制整改"),
    ("严禁私自复制钥匙，严禁未经登记把钥匙带离客服中心。", "私自复制钥匙"),
    ("交班人一律不得离岗。", None),  # 交班人离岗: too bare to ask
    ("除禁止行为外，不得拒绝登记。", None),
    ("无效投诉同样要登记，不能置之不理。", None),  # 不能 is not read as a prohibition
])
def test_what_a_key_point_forbids(point: str, act: str | None) -> None:
    assert forbidden_act(point) == act


# --------------------------------------------------------------------------- a role's bank and its tests


def test_a_roles_questions_are_about_its_own_part(real) -> None:
    for role_id in real.roles:
        path = [lesson.sop_id for lesson in training_path(real, role_id)]
        bank = role_bank(real, role_id)
        assert bank and {q.sop_id for q in bank} <= set(path)
        for q in bank:
            part = participation(real, role_id, q.sop_id)
            if q.step_id is None:
                continue
            if q.kind == "who":
                assert q.step_id not in part.owned  # who does your own step: always you
            else:
                assert q.step_id in part.owned + part.supported
        purposes = [q.right for q in bank if q.kind == "purpose"]
        assert len(purposes) == len(set(purposes))


def test_a_test_is_fixed_by_its_number(real) -> None:
    bank = role_bank(real, "cs-assistant")
    test = draw(bank, 1234)
    assert test == draw(bank, 1234)
    assert len(test) == TEST_SIZE and len({q.id for q in test}) == TEST_SIZE
    assert len({q.sop_id for q in test}) == TEST_SIZE  # 19 procedures: one question each
    assert len({q.kind for q in test}) >= 5
    tests = {tuple(q.id for q in draw(bank, n)) for n in range(1000, 1050)}
    assert len(tests) == 50  # two trainees, two numbers, two tests
    overlap = {q.id for q in test} & {q.id for q in draw(bank, 1235)}
    assert len(overlap) <= 3


def test_a_small_bank_gives_all_its_questions(tmp_path: Path) -> None:
    manual = _mini(tmp_path)
    bank = role_bank(manual, "clerk")
    assert len(bank) < TEST_SIZE
    assert sorted(q.id for q in draw(bank, 7)) == sorted(q.id for q in bank)


def test_the_fingerprint_follows_the_questions(tmp_path: Path) -> None:
    a = role_bank(_mini(tmp_path / "a"), "clerk")
    b = role_bank(_mini(tmp_path / "b", ("commitments.yaml", "time_limit: 30min", "time_limit: 20min")), "clerk")
    assert fingerprint(a) == fingerprint(role_bank(_mini(tmp_path / "c"), "clerk"))
    assert fingerprint(a) != fingerprint(b) and len(fingerprint(a)) == 6
