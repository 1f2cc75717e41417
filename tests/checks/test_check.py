"""The checker: each rule reports the exact file, line, column and message, and never raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.data.problems import errors

from helpers import TODAY, brief, copy_mini, edit, run


def test_fixture_is_valid(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    manual, problems = check(data, today=TODAY)
    assert problems == []
    assert manual is not None
    assert list(manual.sops) == ["repair", "complaint"]  # the order of handbook.yaml, not of files
    assert list(manual.roles) == ["clerk", "fixer"]


CASES = [
    pytest.param(
        "sops/repair.yaml", "steps:\n", "setps:\n",
        ["sops/repair.yaml:1:1: 缺少必填字段 'steps'", "sops/repair.yaml:15:1: 未知字段 'setps'"],
        id="unknown-key-typo",
    ),
    pytest.param(
        "sops/repair.yaml", "    role: fixer\n    action: 到场维修", "    role: fxier\n    action: 到场维修",
        ["sops/repair.yaml:32:11: 未知的岗位 'fxier'"], id="unknown-role",
    ),
    pytest.param(
        "sops/repair.yaml", "kind: procedure\n", "kind: procedure\nkind: policy\n",
        ["sops/repair.yaml:3:1: 重复的键 'kind'（第 2 行已经写过）"], id="duplicate-key",
    ),
    pytest.param(
        "sops/repair.yaml", "revision: A/0\neffective", "revision: 1.10\neffective",
        ["sops/repair.yaml:3:11: 应为文字，这里是数字 1.10"], id="yaml11-float-in-text",
    ),
    pytest.param(
        "sops/repair.yaml", "effective_date: 2026-01-01", "effective_date: 2026-1-1",
        ["sops/repair.yaml:4:17: 日期应写成 YYYY-MM-DD，例如 2008-03-06"], id="malformed-date",
    ),
    pytest.param(
        "sops/repair.yaml", "effective_date: 2026-01-01", "effective_date: 2026-02-30",
        ["sops/repair.yaml:4:17: 日期 '2026-02-30' 不存在，请检查年月日"], id="impossible-date",
    ),
    pytest.param(
        "sops/repair.yaml", "    end: true", "    end: yes",
        ["sops/repair.yaml:38:10: 应为 true，这里是 yes"], id="yaml11-yes-is-not-true",
    ),
    pytest.param(
        "organization.yaml", "        headcount: 2", "        headcount: \"2\"",
        ["organization.yaml:12:20: 应为整数，这里是文字 2"], id="wrong-type",
    ),
    pytest.param(
        "sops/repair.yaml", "title: 报修处理程序", "title: !!python/object/apply:os.system [ls]",
        ["sops/repair.yaml:1:8: 不允许的标签 !!python/object/apply:os.system"], id="unsafe-tag",
    ),
    pytest.param(
        "sops/repair.yaml", "    commitment: arrive\n  - id: sign", "    time_limit: 3天\n  - id: sign",
        ["sops/repair.yaml:34:17: 时限 '3天' 无法识别：写成 30min、2h、1d、3wd（工作日），"
         "或 immediate（立即）、same-day（当日）"],
        id="malformed-time-limit",
    ),
    pytest.param(
        "sops/repair.yaml", "    commitment: arrive\n  - id: sign",
        "    commitment: arrive\n    time_limit: 1h\n  - id: sign",
        ["sops/repair.yaml:35:17: 时限 1h 与服务承诺 'arrive' 的时限 30min 不一致"], id="limit-contradicts-commitment",
    ),
    pytest.param(
        "sops/repair.yaml", "    commitment: arrive\n  - id: sign", "    commitment: yearly\n  - id: sign",
        ["sops/repair.yaml:34:17: 服务承诺 'yearly' 没有时限，不能作为步骤时限引用"], id="commitment-without-limit",
    ),
    pytest.param(
        "sops/repair.yaml", "        - label: 否\n          handoff: complaint\n", "",
        ["sops/repair.yaml:27:9: 至少需要 2 项"], id="decision-one-branch",
    ),
    pytest.param(
        "sops/repair.yaml", "        - label: 否\n", "        - label: \"\"\n",
        ["sops/repair.yaml:29:18: 不能为空"], id="decision-unlabelled-branch",
    ),
    pytest.param(
        "sops/repair.yaml", "        - label: 否\n", "        - label: 是\n",
        ["sops/repair.yaml:29:18: 分支标签 '是' 重复"], id="decision-duplicate-label",
    ),
    pytest.param(
        "sops/repair.yaml", "  - id: go\n", "  - id: receive\n",
        ["sops/repair.yaml:28:17: 未知的步骤 'go'", "sops/repair.yaml:31:9: 重复的步骤 id 'receive'（第 1 步已用）"],
        id="duplicate-step-id",
    ),
    pytest.param(
        "sops/repair.yaml", "          next: go", "          next: sign",
        ["sops/repair.yaml:31:9: 步骤 'go' 从第一步出发无法到达"], id="unreachable-step",
    ),
    pytest.param(
        "sops/complaint.yaml", "          end: true", "          next: receive",
        ["sops/complaint.yaml:14:9: 从步骤 'receive' 出发的路径永远到不了结束",
         "sops/complaint.yaml:18:9: 从步骤 'handle' 出发的路径永远到不了结束",
         "sops/complaint.yaml:21:9: 从步骤 'satisfied' 出发的路径永远到不了结束"],
        id="loop-without-end",
    ),
    pytest.param(
        "sops/repair.yaml", "    end: true\n", "\n",
        ["sops/repair.yaml:35:5: 最后一步 'sign' 没有写去向"], id="last-step-without-exit",
    ),
    pytest.param(
        "sops/repair.yaml", "    items:\n      - 问清房号\n      - text: 急修到场\n        commitment: arrive\n",
        "    items: []\n", ["sops/repair.yaml:41:12: 至少需要 1 项"], id="empty-checklist",
    ),
    pytest.param(
        "sops/repair.yaml", "records: [repair-order]", "records: [repair-ordr]",
        ["sops/repair.yaml:20:15: 未知的表格 'repair-ordr'"], id="unknown-form",
    ),
    pytest.param(
        "sops/repair.yaml", "related: [complaint]", "related: [complain]",
        ["sops/repair.yaml:48:11: 未知的程序 'complain'"], id="unknown-procedure",
    ),
    pytest.param(
        "sops/repair.yaml", "{{estate.hotline}}", "{{estate.phone}}",
        ["sops/repair.yaml:19:14: 无法识别的引用 {{estate.phone}}"], id="unknown-placeholder",
    ),
    pytest.param(
        "organization.yaml", "  - id: boss\n", "  - id: clerk\n",
        ["organization.yaml:2:13: 未知的外部角色 'boss'",
         "organization.yaml:18:9: 'clerk' 已是中心岗位（roles/clerk.yaml）",
         "roles/clerk.yaml:3:13: 未知的岗位 'boss'"],
        id="partner-id-clashes-with-role",
    ),
    pytest.param(
        "handbook.yaml", "procedures: [repair, complaint]", "procedures: [repair]",
        ["sops/complaint.yaml:1:1: 程序 'complaint' 没有列入 handbook.yaml 的程序顺序"], id="procedure-not-in-order",
    ),
    pytest.param(
        "handbook.yaml", "    procedures: [repair, complaint]\n",
        "    procedures: [repair]\n    groups:\n      - title: 甲\n        procedures: [complaint]\n",
        ["handbook.yaml:24:5: procedures 与 groups 只能写一个"], id="procedures-and-groups",
    ),
    pytest.param(
        "handbook.yaml", "    procedures: [repair, complaint]\n",
        "    groups:\n      - title: 甲\n        procedures: [repair]\n"
        "      - title: 甲\n        procedures: [complaint, repair]\n",
        ["handbook.yaml:26:16: 分组标题 '甲' 重复", "handbook.yaml:27:33: 程序 'repair' 重复列出"],
        id="group-title-and-procedure-twice",
    ),
    pytest.param(
        "handbook.yaml", "    procedures: [repair, complaint]\n",
        "    groups:\n      - title: 甲\n        procedures: []\n      - title: 乙\n        procedures: [repair, complaint]\n",
        ["handbook.yaml:25:21: 至少需要 1 项"], id="empty-group",
    ),
]


CODE = re.compile(r"[a-z]+(?:\.[a-z]+(?:-[a-z]+)*)+")


@pytest.mark.parametrize("rel, old, new, expected", CASES)
def test_rule(tmp_path: Path, rel: str, old: str, new: str, expected: list[str]) -> None:
    data = copy_mini(tmp_path)
    edit(data, rel, old, new)
    problems = run(data)
    assert brief(problems) == expected
    assert all(p.severity == "error" for p in problems)
    assert all(CODE.fullmatch(p.code) for p in problems), [p.code for p in problems]


@pytest.mark.parametrize("rel, old, new, codes", [
    ("sops/repair.yaml", "    role: fixer\n    action: 到场维修", "    role: fxier\n    action: 到场维修",
     ["ref.unknown-role"]),
    ("sops/repair.yaml", "records: [repair-order]", "records: [repair-ordr]", ["ref.unknown-form"]),
    ("sops/repair.yaml", "steps:\n", "setps:\n", ["field.missing", "field.unknown"]),
    ("sops/repair.yaml", "    role: fixer\n", "    role: 维修技工\n", ["id.invalid"]),
    ("sops/repair.yaml", "kind: procedure\n", "kind: procedure\nkind: policy\n", ["yaml.duplicate-key"]),
    ("sops/repair.yaml", "          next: go", "          next: sign", ["flow.unreachable"]),
    ("sops/repair.yaml", "{{estate.hotline}}", "{{estate.phone}}", ["placeholder.unknown"]),
])
def test_each_problem_has_a_stable_code(tmp_path: Path, rel: str, old: str, new: str, codes: list[str]) -> None:
    """Programs ask the code, never the wording; the code is printed after the message."""
    data = copy_mini(tmp_path)
    edit(data, rel, old, new)
    problems = run(data)
    assert [p.code for p in problems] == codes
    assert problems[0].format().splitlines()[0].endswith(f"  [{codes[0]}]")


def test_a_role_title_for_an_id_is_recognised_by_code_not_wording(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "    role: fixer\n", "    role: 维修技工\n")
    (problem,) = run(data)
    assert (problem.code, problem.subject) == ("id.invalid", "维修技工")
    assert problem.hint == "'维修技工' 是岗位名称，这里要写岗位的 id：是否想写 'fixer'？"


@pytest.mark.parametrize("name", ["__init__", "__class__", "copy", "model_fields", "model_dump", "__dict__"])
def test_a_placeholder_names_a_declared_estate_field_not_an_attribute(tmp_path: Path, name: str) -> None:
    """``{{estate.x}}`` is looked up in a table of the estate's fields, never as an attribute."""
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "{{estate.hotline}}", f"{{{{estate.{name}}}}}")
    (problem,) = run(data)
    assert brief([problem]) == [f"sops/repair.yaml:19:14: 无法识别的引用 {{{{estate.{name}}}}}"]
    assert problem.code == "placeholder.unknown"
    assert problem.hint is not None and "estate.hotline" in problem.hint and name not in problem.hint


@pytest.mark.parametrize("value", ['"{{estate.hotline}}"', '"{{estate.name}}的电话"'])
def test_an_estate_value_holds_no_placeholder(tmp_path: Path, value: str) -> None:
    data = copy_mini(tmp_path)
    edit(data, "handbook.yaml", "  hotline: 000-0000", f"  hotline: {value}")
    problems = run(data)
    assert brief(problems) == [f"handbook.yaml:7:12: 项目信息 hotline 中写了引用 {value[1:value.index('}}') + 2]}：项目信息就是引用所代表的值"]
    assert [p.code for p in problems] == ["placeholder.in-value"]


def test_did_you_mean(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "    role: fixer\n    action: 到场维修", "    role: fxier\n    action: 到场维修")
    (problem,) = run(data)
    assert problem.hint == "是否想写 'fixer'？"


def test_unknown_key_hint_lists_fields(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "roles/clerk.yaml", "duties:", "dutes:")
    problems = run(data)
    unknown = next(p for p in problems if "未知字段" in p.message)
    assert unknown.hint is not None and unknown.hint.startswith("是否想写 'duties'？可用的字段：")


def test_review_overdue_is_a_warning(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "last_reviewed: 2026-01-01", "last_reviewed: 2025-01-01")
    manual, problems = check(data, today=TODAY)
    assert brief(problems) == ["sops/repair.yaml:6:16: 已过复审期：最近评审 2025-01-01，应于 2026-01-01 前复审"]
    assert problems[0].severity == "warning"
    assert manual is not None  # warnings do not stop the handbook


def test_yaml11_no_stays_text(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "roles/clerk.yaml", "hours: 两班制", "hours: no")
    manual, problems = check(data, today=TODAY)
    assert problems == [] and manual is not None
    assert manual.roles["clerk"].hours == "no"


def test_bad_file_names(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    (data / "roles" / "fixer.yaml").rename(data / "roles" / "fixer.yml")
    (data / "forms" / "Bad_Name.yaml").write_text("title: x\n", encoding="utf-8")
    (data / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    messages = brief(run(data))
    assert "forms/Bad_Name.yaml:0:0: 文件名 'Bad_Name' 不是合法的 id" in messages
    assert "roles/fixer.yml:0:0: 文件扩展名应为 .yaml：fixer.yml" in messages
    assert "notes.yaml:0:0: 无法识别的文件或目录 notes.yaml" in messages


def test_reserved_ids(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    (data / "sops" / "complaint.yaml").rename(data / "sops" / "all.yaml")
    messages = brief(run(data))
    assert "sops/all.yaml:0:0: 文件名 'all' 与生成的页面地址冲突（sops/all/ 已有他用）" in messages


def test_missing_file(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    (data / "glossary.yaml").unlink()
    manual, problems = check(data, today=TODAY)
    assert manual is None
    assert brief(problems) == ["glossary.yaml:0:0: 缺少文件 glossary.yaml"]


def test_many_problems_reported_at_once(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "records: [repair-order]", "records: [nope]")
    edit(data, "sops/complaint.yaml", "kind: policy", "kind: rule")
    edit(data, "roles/fixer.yaml", "reports_to: clerk", "reports_to: clark")
    manual, problems = check(data, today=TODAY)
    assert manual is None
    assert {p.file.split("data/")[-1] for p in errors(problems)} == {
        "sops/repair.yaml", "sops/complaint.yaml", "roles/fixer.yaml"}


def test_checker_never_writes(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "steps:", "setps:")
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    run(data)
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert before == after


def test_a_file_checked_again_is_read_again_when_it_changed(tmp_path: Path) -> None:
    """Unchanged files are reused between checks in one process (``mkdocs serve``); a saved
    change, and a change back, are always seen."""
    data = copy_mini(tmp_path)
    assert run(data) == []
    first, _ = check(data, today=TODAY)
    again, _ = check(data, today=TODAY)
    assert again is not None and first is not None
    assert again.roles["clerk"] is first.roles["clerk"]  # the same validated file, reused
    edit(data, "sops/repair.yaml", "role: clerk", "role: clerc")
    assert any("未知的岗位 'clerc'" in line for line in brief(run(data)))
    edit(data, "sops/repair.yaml", "role: clerc", "role: clerk")
    assert run(data) == []


def test_position_numbers_are_fixed_unique_and_without_gaps(tmp_path) -> None:
    """W12: numbers once given never shift — every position one, none twice, a gap only as retired."""
    from helpers import copy_mini, edit

    data = copy_mini(tmp_path)
    text = (data / "organization.yaml").read_text(encoding="utf-8")
    roles = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("- role:")]
    assert len(roles) >= 2
    edit(data, "organization.yaml", f"- role: {roles[0]}\n", f"- role: {roles[0]}\n        number: 3\n")
    found = [p for p in check(data, today=TODAY)[1] if p.severity == "error"]
    assert {p.code for p in found} == {"role.number-missing", "role.number-gap"}, found
    edit(data, "organization.yaml", f"- role: {roles[1]}\n", f"- role: {roles[1]}\n        number: 3\n")
    assert "role.number-duplicate" in {p.code for p in check(data, today=TODAY)[1]}
    edit(data, "organization.yaml", f"- role: {roles[1]}\n        number: 3\n", f"- role: {roles[1]}\n        number: 1\n")
    edit(data, "organization.yaml", "units:\n", "retired_numbers: [2]\nunits:\n")
    manual, problems = check(data, today=TODAY)
    assert manual is not None and [p for p in problems if p.severity == "error"] == []
    assert [manual.role_number(r) for r in manual.roles_by_number()] == [1, 3]
