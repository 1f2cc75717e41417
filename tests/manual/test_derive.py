"""What the data implies about roles: participation, steps, forms, hand-offs, the matrix, the
training order and the coverage warnings — on the small fixture, synthetic manuals and the real data."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from handbook.checks.check import check
from handbook.checks.coverage import coverage_problems, duty_coverage, idle_roles, without_self_check
from handbook.manual.derive import (
    APPROVES, INFORMED, RESPONSIBLE, SUPPORTS, compress_numbers, distinct_limits, forms_filled, handoff_partners,
    handoffs, is_approval, matrix_columns, owned_steps, participation, procedures_of, responsibility_matrix,
)
from handbook.manual.manual import Manual
from handbook.data.model import Role, Sop
from handbook.manual.training import (
    ASSISTS, ENTRY, HANDED_IN, NAMED, OWNS, entry_procedures, lesson_reason, routes_into, training_path,
)

from conftest import DATA
from helpers import MINI, TODAY, brief, copy_mini, edit, run


@pytest.fixture(scope="module")
def mini() -> Manual:
    manual, problems = check(MINI, today=TODAY)
    assert problems == [] and manual is not None
    return manual


@pytest.fixture(scope="module")
def real() -> Manual:
    manual, problems = check(DATA)
    assert manual is not None, problems
    return manual


def with_sop(manual: Manual, sop_id: str, changes: dict[str, Any], first: bool = False) -> Manual:
    """A synthetic manual: one procedure changed (or added) through its data, validated by the model."""
    base = manual.sops.get(sop_id) or next(iter(manual.sops.values()))
    sop = Sop.model_validate({**base.model_dump(exclude_none=True), **changes})
    sops = {k: v for k, v in manual.sops.items() if k != sop_id}
    sops = {sop_id: sop, **sops} if first else {**sops, sop_id: sop}
    return dataclasses.replace(manual, sops=sops)


def with_role(manual: Manual, role_id: str, changes: dict[str, Any]) -> Manual:
    role = Role.model_validate({**manual.roles[role_id].model_dump(exclude_none=True), **changes})
    return dataclasses.replace(manual, roles={**manual.roles, role_id: role})


def step(id: str, role: str, action: str, **more: Any) -> dict[str, Any]:
    return {"id": id, "role": role, "action": action, **more}


# --------------------------------------------------------------------------- participation and marks


def test_participation_on_the_fixture(mini: Manual) -> None:
    clerk = participation(mini, "clerk", "repair")
    assert clerk is not None
    assert clerk.owned == ("receive", "urgent") and clerk.approvals == () and clerk.supported == ()
    assert clerk.duty == "受理和派单。" and clerk.is_owner and clerk.marks == (RESPONSIBLE,)
    assert participation(mini, "fixer", "repair").owned == ("go",)
    assert participation(mini, "customer", "repair").marks == (RESPONSIBLE,)  # partners too
    assert participation(mini, "fixer", "complaint") is None
    assert [p.sop_id for p in procedures_of(mini, "clerk")] == ["repair", "complaint"]
    assert [p.sop_id for p in procedures_of(mini, "fixer")] == ["repair"]


def test_approval_support_and_informed_marks(mini: Manual) -> None:
    steps = [
        step("receive", "clerk", "受理报修", support=["boss"]),
        step("approve", "boss", "审批维修费用", decision={"question": "同意吗？", "branches": [
            {"label": "同意", "next": "go"}, {"label": "不同意", "end": True}]}),
        step("go", "fixer", "到场维修", end=True),
    ]
    manual = with_sop(mini, "repair", {"steps": steps, "responsibilities": [
        {"role": "clerk", "duty": "受理。"}, {"role": "fixer", "duty": "维修。"}, {"role": "customer", "duty": "配合。"}]})
    assert is_approval(manual.sops["repair"].steps[1]) and not is_approval(manual.sops["repair"].steps[0])
    assert participation(manual, "boss", "repair").marks == (APPROVES,)  # owns only the approval
    assert participation(manual, "boss", "repair").supported == ("receive",)  # assisted as well
    assert participation(manual, "customer", "repair").marks == (INFORMED,)  # only named in 职责
    assert participation(manual, "clerk", "repair").marks == (RESPONSIBLE,)
    # an approval in the decision's question alone counts, and 负责 and 批准 can share a cell
    steps[0] = step("receive", "boss", "受理", decision={"question": "经理批准了吗？", "branches": [
        {"label": "是", "next": "approve"}, {"label": "否", "end": True}]})
    steps.insert(0, step("first", "boss", "登记"))
    manual = with_sop(mini, "repair", {"steps": steps})
    assert participation(manual, "boss", "repair").marks == (RESPONSIBLE, APPROVES)
    # a role that only assists
    manual = with_sop(mini, "repair", {"steps": [step("a", "clerk", "受理", support=["fixer"], end=True)]})
    assert participation(manual, "fixer", "repair").marks == (SUPPORTS,)


# --------------------------------------------------------------------------- steps, limits, forms


def test_owned_steps_with_limits(mini: Manual) -> None:
    mine = owned_steps(mini, "clerk")
    assert [(s.sop_id, s.number, s.action) for s in mine] == [
        ("repair", 1, "受理报修"), ("repair", 2, "判断是否急修"), ("complaint", 1, "受理投诉"), ("complaint", 2, "处理并答复")]
    receive = mine[2]
    assert receive.limit is not None and receive.limit.label == "24 小时内" and receive.commitment == "reply"
    assert mine[0].records == ("repair-order",) and mine[0].limit is None
    fixer = owned_steps(mini, "fixer", "repair")
    assert [(s.number, s.limit.label) for s in fixer] == [(3, "30 分钟内")]
    assert [l.label for l in distinct_limits(mine + fixer)] == ["30 分钟内", "24 小时内"]


def test_forms_filled_and_kept(mini: Manual) -> None:
    uses = forms_filled(mini, "clerk")
    assert [(u.form_id, u.steps, u.keeps) for u in uses] == [("repair-order", (("repair", 1),), True)]
    assert forms_filled(mini, "fixer") == []
    manual = with_sop(mini, "repair", {"steps": [step("a", "fixer", "维修", records=["repair-order"], end=True)]})
    assert [(u.form_id, u.steps, u.keeps) for u in forms_filled(manual, "fixer")] == [
        ("repair-order", (("repair", 1),), False)]


# --------------------------------------------------------------------------- hand-offs


def test_handoffs_follow_the_flow_edges(mini: Manual) -> None:
    found = [(h.sop_id, h.source, h.giver, h.target_sop, h.target, h.taker, h.label) for h in handoffs(mini)]
    assert found == [
        ("repair", "urgent", "clerk", "repair", "go", "fixer", "是"),
        ("repair", "go", "fixer", "repair", "sign", "customer", None),
        ("complaint", "handle", "clerk", "complaint", "satisfied", "customer", None),
        ("complaint", "satisfied", "customer", "complaint", "handle", "clerk", "不满意"),
    ]  # same-role edges, ends and the handoff into complaint (whose first step is the clerk's) are not hand-offs
    gives, receives = handoff_partners(mini, "clerk")
    assert list(gives) == ["customer", "fixer"]  # lane order: the customer first
    assert [h.numbers(mini) for h in gives["fixer"]] == [(2, 3)]
    assert list(receives) == ["customer"]


def test_handoff_into_another_procedure_goes_to_its_first_owner(mini: Manual) -> None:
    complaint = mini.sops["complaint"].model_dump(exclude_none=True)
    complaint["steps"][0]["role"] = "boss"
    manual = with_sop(mini, "complaint", {"steps": complaint["steps"]})
    cross = [h for h in handoffs(manual) if h.target_sop != h.sop_id]
    assert [(h.sop_id, h.source, h.giver, h.target_sop, h.target, h.taker) for h in cross] == [
        ("repair", "urgent", "clerk", "complaint", "receive", "boss")]
    assert cross[0].numbers(manual) == (2, 1)
    assert "clerk" in handoff_partners(manual, "boss")[1]


# --------------------------------------------------------------------------- the matrix


def test_matrix_columns_and_cells(mini: Manual) -> None:
    assert matrix_columns(mini) == ["clerk", "fixer", "customer"]  # boss takes part in nothing
    matrix = responsibility_matrix(mini)
    assert list(matrix) == ["repair", "complaint"]
    assert {r: p.marks for r, p in matrix["repair"].items()} == {
        "clerk": (RESPONSIBLE,), "fixer": (RESPONSIBLE,), "customer": (RESPONSIBLE,)}
    assert set(matrix["complaint"]) == {"clerk", "customer"}


def test_real_matrix(real: Manual) -> None:
    matrix = responsibility_matrix(real)
    assert matrix["key-management"]["cs-manager"].marks == (APPROVES,)  # 审批动用托管钥匙
    assert matrix["renovation"]["engineering"].marks == (RESPONSIBLE, APPROVES)  # 审核方案和图纸
    assert matrix["owner-records"]["cs-assistant"].marks == (SUPPORTS,)
    assert matrix["goods-release"]["archivist"].marks == (INFORMED,)
    assert all(row[sop.owner].is_owner for sop_id, row in matrix.items() for sop in [real.sops[sop_id]])
    columns = matrix_columns(real)
    assert columns[:len(real.roles)] == list(real.roles) and "customer" in columns


@pytest.mark.parametrize("numbers, text", [
    ([1, 2, 3, 5, 7, 8], "1–3、5、7–8"), ([4], "4"), ([3, 1, 2, 2], "1–3"), ([], ""),
])
def test_compress_numbers(numbers: list[int], text: str) -> None:
    assert compress_numbers(numbers) == text


# --------------------------------------------------------------------------- training order


def _front_desk(mini: Manual) -> Manual:
    """The fixture plus a front-desk procedure that routes into both others (an entry procedure)."""
    steps = [
        step("greet", "clerk", "接待客户"),
        step("sort", "clerk", "判断事项", decision={"question": "哪一类？", "branches": [
            {"label": "报修", "handoff": "repair"}, {"label": "投诉", "handoff": "complaint"},
            {"label": "咨询", "end": True}]}),
    ]
    return with_sop(mini, "desk", {"title": "前台接待规范", "steps": steps, "self_check": [],
                                   "responsibilities": [{"role": "clerk", "duty": "接待。"}]})


def test_entry_procedures_come_first(mini: Manual) -> None:
    assert entry_procedures(mini) == [] and routes_into(mini, "repair") == ["complaint"]
    manual = _front_desk(mini)
    assert routes_into(manual, "desk") == ["repair", "complaint"] and entry_procedures(manual) == ["desk"]
    path = training_path(manual, "clerk")
    assert [(l.sop_id, l.group) for l in path] == [("desk", ENTRY), ("repair", HANDED_IN), ("complaint", HANDED_IN)]
    assert lesson_reason(manual, path[0]) == "入口程序：客户的事项从这里分转到其他 2 个程序；本岗位负责其中 2 个步骤"
    assert lesson_reason(manual, path[1]) == "由《前台接待规范》转入；本岗位负责其中 2 个步骤"
    # the fixer takes no part in the desk: it is not on the fixer's path, and nothing was handed in
    assert [(l.sop_id, l.group) for l in training_path(manual, "fixer")] == [("repair", OWNS)]


def test_training_groups_and_order_within_a_group(mini: Manual) -> None:
    steps = [step("a", "fixer", "受理", support=["clerk"]), step("b", "fixer", "维修", end=True)]
    manual = with_sop(mini, "repair", {"steps": steps})
    complaint = manual.sops["complaint"].model_dump(exclude_none=True)["steps"]
    complaint.insert(0, step("log", "fixer", "登记"))
    complaint.insert(0, step("log0", "fixer", "预登记"))
    complaint.insert(0, step("log1", "fixer", "再登记"))
    manual = with_sop(manual, "complaint", {"steps": complaint})
    assert [(l.sop_id, l.group) for l in training_path(manual, "fixer")] == [("complaint", OWNS), ("repair", OWNS)]
    assert [(l.sop_id, l.group) for l in training_path(manual, "clerk")] == [("complaint", OWNS), ("repair", ASSISTS)]
    manual = with_sop(manual, "repair", {"steps": [step("a", "fixer", "受理", end=True)]})
    path = training_path(manual, "clerk")
    assert [(l.sop_id, l.group) for l in path] == [("complaint", OWNS), ("repair", NAMED)]
    assert lesson_reason(manual, path[1]) == "本岗位在该程序的职责中列名（知会），了解即可"


def test_real_front_desk_path(real: Manual) -> None:
    path = [l.sop_id for l in training_path(real, "cs-assistant")]
    assert path[:2] == ["front-desk-telephone", "one-stop-service"]
    assert set(path) == {p.sop_id for p in procedures_of(real, "cs-assistant")}
    # the clubhouse assistant also sets up the clubhouse for community activities
    assert [l.sop_id for l in training_path(real, "clubhouse-assistant")] == ["clubhouse", "community-activities"]


# --------------------------------------------------------------------------- coverage


def test_real_data_is_covered(real: Manual) -> None:
    assert coverage_problems(real) == []
    assert idle_roles(real) == [] and without_self_check(real) == []
    statuses = {d.status for d in duty_coverage(real)}
    assert statuses <= {"linked", "known-gap"}
    gaps = [d for d in duty_coverage(real) if d.status == "known-gap"]
    assert gaps and all(d.reason for d in gaps)  # every gap states why; the coverage page lists them


def test_coverage_of_synthetic_manuals(mini: Manual) -> None:
    assert coverage_problems(mini) == []
    manual = with_role(mini, "fixer", {"duties": ["按工单维修。", {"text": "巡查。", "procedures": ["complaint"]},
                                               {"text": "参加培训。", "no_procedure": "由工程部组织。"}]})
    manual = with_sop(manual, "repair", {"steps": [step("a", "clerk", "受理", end=True)]})
    manual = dataclasses.replace(with_sop(manual, "complaint", {"self_check": []}), docs={})  # built in memory
    assert idle_roles(manual) == ["fixer"] and without_self_check(manual) == ["complaint"]
    cover = {d.index: d for d in duty_coverage(manual, "fixer")}
    assert (cover[0].status, cover[1].status, cover[2].status) == ("missing", "missing", "known-gap")
    assert cover[1].strays == ("complaint",) and cover[2].reason == "由工程部组织。"
    problems = coverage_problems(manual)
    assert all(p.severity == "warning" and p.line == 0 for p in problems)  # no files: no lines
    assert [(p.file, p.message) for p in problems] == [
        ("roles/fixer.yaml", "岗位 'fixer' 在所有程序中都不负责任何步骤"),
        ("roles/fixer.yaml", "第 1 项职责没有落到任何程序上"),
        ("roles/fixer.yaml", "第 2 项职责关联的程序 'complaint' 中没有本岗位的步骤或职责"),
        ("sops/complaint.yaml", "程序 'complaint' 没有自测题，新员工无法自测"),
    ]


def test_coverage_warnings_are_located_in_the_data(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "roles/fixer.yaml", "  - text: 按工单维修。\n    procedures: [repair]\n",
         "  - 按工单维修。\n  - text: 投诉。\n    procedures: [complaint]\n  - text: 培训。\n    no_procedure: 工程部组织。\n")
    edit(data, "sops/complaint.yaml", "self_check:", "self_chek_removed: 1\nx_self_check:")
    assert brief(run(data))[0].endswith("未知字段 'self_chek_removed'")  # errors first: no coverage noise
    edit(data, "sops/complaint.yaml", "self_chek_removed: 1\nx_self_check:", "self_check: []\nx:")
    edit(data, "sops/complaint.yaml", "x:\n  - question: 投诉多久答复？\n    answer: \"{{commitment.reply}}。\"\n", "")
    problems = run(data)
    assert [p.severity for p in problems] == ["warning"] * 3
    assert brief(problems) == [
        "roles/fixer.yaml:6:5: 第 1 项职责没有落到任何程序上",
        "roles/fixer.yaml:8:18: 第 2 项职责关联的程序 'complaint' 中没有本岗位的步骤或职责",
        "sops/complaint.yaml:1:8: 程序 'complaint' 没有自测题，新员工无法自测",
    ]
    assert problems[0].hint is not None and "no_procedure" in problems[0].hint


def test_duty_links_are_checked_references(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "roles/fixer.yaml", "procedures: [repair]", "procedures: [repiar]")
    problems = run(data)
    assert brief(problems) == ["roles/fixer.yaml:7:18: 未知的程序 'repiar'"]
    assert problems[0].hint == "是否想写 'repair'？"
    edit(data, "roles/fixer.yaml", "procedures: [repiar]", "procedures: [repair]\n    no_procedure: 不需要。")
    assert "procedures 与 no_procedure 只能写一个" in brief(run(data))[0]
