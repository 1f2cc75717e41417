"""Document control: numbers and stamps, review status, revision history, the register of time limits."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.checks.limits import limit_uses, near_identical, unreferenced
from handbook.render import urls
from handbook.site.build import build_site, render_pages
from handbook.site.inforce import editions
from handbook.checks.revisions import revision_key
from handbook.render.revisions_page import log_entries
from handbook.manual.status import DUE_SOON_DAYS, review_status

from conftest import DATA, mkdocs_build
from helpers import MINI, TODAY, as_of_latest_review, brief, copy_mini, edit, run, mini_project


def line_of(data: Path, rel: str, text: str) -> int:
    """1-based line of the first line containing ``text`` (the fixture may grow above it)."""
    lines = (data / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def manual_of(data: Path, today: date = TODAY):
    manual, problems = check(data, today=today)
    assert manual is not None, brief(problems)
    return manual


# --------------------------------------------------------------------------- numbers and stamps


def test_procedure_page_carries_number_revision_dates_owner_and_approver() -> None:
    pages = render_pages(manual_of(MINI))
    page = pages["sops/repair.md"]
    for cell in ("<th>文件编号</th><td>TEST-KF-QP-01</td>", "<th>版号/改次</th><td>A/0</td>",
                 "<th>生效日期</th><td>2026-01-01</td>", "<th>归口岗位</th><td>客服助理</td>",
                 "<th>批准人</th><td>测试经理</td>", "<th>最近评审</th><td>2026-01-01</td>",
                 "<th>下次复审</th><td>2027-01-01</td>", "<th>状态</th><td>有效</td>"):
        assert cell in page
    stamp = page[page.index('<div class="print-stamp" data-search-exclude>'):]
    for part in ("手册编号 T-001", "文件编号 TEST-KF-QP-01", "版号/改次 A/0", "生效日期 2026-01-01",
                 "归口岗位 客服助理", "批准 测试经理", "打印件为非受控文件，以在线版本为准"):
        assert part in stamp
    assert "归口岗位 客服助理" in pages["checklists/repair.md"] and "批准 测试经理" in pages["checklists/repair.md"]


def test_role_and_form_pages_carry_numbers_and_stamps() -> None:
    pages = render_pages(manual_of(MINI))
    role = pages["roles/clerk.md"]
    assert "| 文件编号 | TEST-KF-GW-01（版号/改次 A/0，2026-01-01 生效，随手册发布） |" in role
    assert '<div class="print-stamp" data-search-exclude>' in role and "文件编号 TEST-KF-GW-01" in role
    assert "TEST-KF-GW-02" in pages["roles/fixer.md"]
    form = pages["forms/repair-order.md"]
    assert "文件编号 TEST-KF-R-01 · 版号/改次 A/0 · 生效日期 2026-01-01" in form and "批准 测试经理" in form


def test_handbook_pages_stamp_without_a_document_number() -> None:
    pages = render_pages(manual_of(MINI))
    for path in ("appendix/status.md", "appendix/revisions.md", "appendix/time-limits.md"):
        stamp = pages[path][pages[path].index('<div class="print-stamp" data-search-exclude>'):]
        assert "手册编号 T-001 · 版号/改次 A/0" in stamp and "文件编号" not in stamp, path


# --------------------------------------------------------------------------- review status


@pytest.mark.parametrize(("today", "state", "label"), [
    (date(2026, 6, 1), "valid", "有效"),
    (date(2027, 1, 1) - timedelta(days=DUE_SOON_DAYS), "due-soon", "即将到期"),
    (date(2027, 1, 1), "due-soon", "即将到期"),  # due today: not yet overdue (same rule as the warning)
    (date(2027, 1, 2), "overdue", "已过期"),
    (date(2025, 12, 31), "pending", "待生效"),
])
def test_review_status_from_the_data(today: date, state: str, label: str) -> None:
    status = review_status(manual_of(MINI), "repair", today)
    assert (status.state, status.label, status.next_review) == (state, label, date(2027, 1, 1))


def test_status_page_lists_every_procedure_with_its_state(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/complaint.yaml", "last_reviewed: 2026-01-01", "last_reviewed: 2025-05-01")
    manual, problems = check(data, today=date(2026, 6, 1))
    assert brief(problems) == ["sops/complaint.yaml:6:16: 已过复审期：最近评审 2025-05-01，应于 2026-05-01 前复审"]
    page = render_pages(manual)["appendix/status.md"]
    assert "状态按生成本页的日期 **2026-06-01** 计算" in page
    assert "共 2 个程序，有效 1 个，已过期 1 个。" in page
    # name, status and review date first: the point of the page, in view on a phone
    assert ("| [一、报修处理程序](../sops/repair.md) | 有效 |   | 2027-01-01 | A/0 | 2026-01-01 | "
            '<span class="doc-no">TEST-KF-QP-01</span> | 客服助理 | 2026-01-01 | 程序 |') in page
    assert "| **已过期** | 已超期 31 天 | 2026-05-01 | A/0 |" in page


def test_due_soon_is_shown_but_not_warned(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    today = date(2026, 12, 1)  # both procedures are due on 2027-01-01
    manual, problems = check(data, today=today)
    assert problems == []
    page = render_pages(manual)["appendix/status.md"]
    assert "即将到期 2 个" in page and "| **即将到期** | 还有 31 天 |" in page


def test_real_handbook_has_no_overdue_procedure() -> None:
    manual, problems = check(DATA, today=as_of_latest_review(DATA))
    assert manual is not None
    assert [p.format() for p in problems if "复审" in p.message] == []


# --------------------------------------------------------------------------- revisions


def test_revision_order() -> None:
    assert sorted(["B/0", "A/10", "A/2", "A/0"], key=revision_key) == ["A/0", "A/2", "A/10", "B/0"]


def test_revision_without_history_entry_is_a_warning(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "revision: A/0", "revision: A/1")
    problems = run(data)
    assert brief(problems) == ["sops/repair.yaml:3:11: 版号 A/1 在修订记录中没有对应的一条"]
    assert problems[0].severity == "warning"
    assert "history 中加一条 revision: A/1" in (problems[0].hint or "")


def test_effective_date_before_the_revision_is_a_warning(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "revision: A/0", "revision: A/1")
    edit(data, "sops/repair.yaml", "    summary: 首版",
         "    summary: 首版\n  - revision: A/1\n    date: 2026-03-01\n    summary: 改派单时限")
    assert brief(run(data)) == [
        "sops/repair.yaml:4:17: 生效日期 2026-01-01 早于本版（A/1）的修订日期 2026-03-01"]
    edit(data, "sops/repair.yaml", "effective_date: 2026-01-01", "effective_date: 2026-03-01")
    assert run(data) == []


def test_history_out_of_order_and_duplicates_are_warnings(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "    summary: 首版",
         "    summary: 首版\n  - revision: A/0\n    date: 2025-12-01\n    summary: 又一条")
    messages = [p.split(": ", 1)[1] for p in brief(run(data))]
    assert "修订记录中版号 A/0 出现两次" in messages


def test_revision_log_is_newest_first(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/complaint.yaml", "revision: A/0", "revision: A/1")
    edit(data, "sops/complaint.yaml", "effective_date: 2026-01-01", "effective_date: 2026-04-01")
    edit(data, "sops/complaint.yaml", "    summary: 首版",
         "    summary: 首版\n  - revision: A/1\n    date: 2026-04-01\n    summary: 增加回访\n    author: 张三")
    manual = manual_of(data)
    with urls.reading(urls.REVISIONS):
        entries = log_entries(manual)
    # newest first; on one day the handbook (which has no history entry: its revision stands) first
    assert [(e.effective.isoformat(), e.revision, e.status) for e in entries] == [
        ("2026-04-01", "A/1", "in-force"), ("2026-01-01", "A/0", "in-force"), ("2026-01-01", "A/0", "in-force"),
        ("2026-01-01", "A/0", "superseded")]
    page = render_pages(manual)["appendix/revisions.md"]
    assert ('| <span class="signoff-date">2026-04-01</span> | [<span class="doc-no">TEST-KF-QP-02</span> 投诉处理程序]'
            '(../sops/complaint.md) | A/1 | <span class="rev-state rev-in-force">现行</span> 2026-04-01 起执行<br>'
            '[查看](../sops/complaint.md) | 增加回访<br><span class="rev-written">修订于 2026-04-01，修订人 张三</span> |') in page
    assert '<span class="rev-state rev-superseded">已被取代</span><br>2026-04-01 起由 A/1 取代' in page
    assert page.index("增加回访") < page.index("TEST-KF-QP-01</span> 报修处理程序]")


# --------------------------------------------------------------------------- time limits


def test_register_groups_limits_by_commitment() -> None:
    manual = manual_of(MINI)
    uses = limit_uses(manual)
    assert [(u.sop_id, u.place, u.limit.source, u.commitment) for u in uses] == [
        ("repair", "第 3 步", "30min", "arrive"),
        ("repair", "检查单第 2 项", "30min", "arrive"),
        ("complaint", "第 1 步", "24h", "reply"),
    ]
    page = render_pages(manual)["appendix/time-limits.md"]
    assert "### 2. 急修到场：30 分钟内" in page
    assert "| [TEST-KF-QP-01 报修处理程序](../sops/repair.md) | 第 3 步 | 维修技工 | 到场维修 |" in page
    assert "| [TEST-KF-QP-01 报修处理程序](../checklists/repair.md) | 检查单第 2 项 | （检查单） | 急修到场 |" in page
    assert "没有具体时限的承诺不列在这里：满意度调查" in page
    assert "没有内部时限" in page
    assert "核对结果：警告 0 处，提示 0 处" in page


def test_same_text_with_different_limits_is_a_warning(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    time_limit: 1h\n")
    edit(data, "sops/complaint.yaml", "    action: 处理并答复\n", "    action: 受理报修\n    time_limit: 2h\n")
    problems = run(data)
    line = line_of(data, "sops/complaint.yaml", "id: handle")  # where the step starts
    assert brief(problems) == [
        f"sops/complaint.yaml:{line}:5: 「受理报修」的时限为 2 小时内，而《报修处理程序》第 1 步同样的内容时限为 1 小时内"]
    assert problems[0].severity == "warning"
    page = render_pages(check(data, today=TODAY)[0])["appendix/time-limits.md"]
    section = page[page.index("### 警告"):page.index("### 提示")]
    assert "| 「受理报修」 | [TEST-KF-QP-01 报修处理程序](../sops/repair.md) 第 1 步 | 1 小时内 |" in section
    assert "| 「受理报修」 | [TEST-KF-QP-02 投诉处理程序](../sops/complaint.md) 第 2 步 | 2 小时内 |" in section
    assert "核对结果：警告 2 处" in page


def test_checklist_and_step_with_same_text_must_agree(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/complaint.yaml", "items: [记录投诉内容]", "items: [{text: 受理投诉, time_limit: 2h}]")
    line = line_of(data, "sops/complaint.yaml", "text: 受理投诉")
    column = (data / "sops/complaint.yaml").read_text(encoding="utf-8").splitlines()[line - 1].index("{") + 1
    assert brief(run(data)) == [
        f"sops/complaint.yaml:{line}:{column}: 「受理投诉」的时限为 2 小时内，而本程序第 1 步同样的内容时限为 24 小时内"]


def test_limit_equal_to_a_commitment_is_information(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    # An internal 30min step that reads like the commitment "急修到场", and an unrelated 24h step.
    edit(data, "sops/repair.yaml", "    action: 受理报修\n", "    action: 急修人员到场\n    time_limit: 30min\n")
    edit(data, "sops/complaint.yaml", "    action: 处理并答复\n", "    action: 处理并答复\n    time_limit: 1d\n")
    manual, problems = check(data, today=TODAY)
    assert problems == []  # information only
    found = {u.use.text: (u.commitments, u.likely) for u in unreferenced(manual, limit_uses(manual))}
    assert found == {"急修人员到场": (["arrive"], True), "处理并答复": (["reply"], False)}
    page = render_pages(manual)["appendix/time-limits.md"]
    assert "| 急修人员到场 | 30 分钟内 | **急修到场**（文字相近，可能应引用） |" in page
    assert "| 处理并答复 | 1 天内 | 答复 |" in page  # 1d equals 24h
    assert "核对结果：警告 0 处，提示 2 处" in page


def test_keywords_and_working_days_are_not_confused(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "commitments.yaml", "time_limit: 24h", "time_limit: 3d")
    edit(data, "sops/complaint.yaml", "    action: 处理并答复\n", "    action: 处理并答复\n    time_limit: 3wd\n")
    manual = manual_of(data)
    assert unreferenced(manual, limit_uses(manual)) == []  # 3 working days are not 3 days


def test_near_identical_texts_with_different_limits_are_information(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理客户报修并登记\n    time_limit: 1h\n")
    edit(data, "sops/complaint.yaml", "    action: 处理并答复\n", "    action: 受理客户报修和登记\n    time_limit: 2h\n")
    manual, problems = check(data, today=TODAY)
    assert problems == []
    pairs = near_identical(limit_uses(manual))
    assert [(a.text, b.text) for a, b, _ in pairs] == [("受理客户报修并登记", "受理客户报修和登记")]
    assert "### 提示：文字相近，时限不同\n\n| 一处 | 另一处 | 相似度 |" in render_pages(manual)["appendix/time-limits.md"]


def test_checklist_limit_without_a_step_is_information(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/complaint.yaml", "items: [记录投诉内容]", "items: [{text: 三天内回访, time_limit: 3d}]")
    manual, problems = check(data, today=TODAY)
    assert problems == []
    page = render_pages(manual)["appendix/time-limits.md"]
    section = page[page.index("### 提示：检查单的时限"):]
    assert "| [TEST-KF-QP-02 投诉处理程序](../checklists/complaint.md) 检查单第 1 项 | 三天内回访 | 3 天内 |" in section


def test_real_handbook_register() -> None:
    manual, problems = check(DATA)
    assert manual is not None and [p for p in problems if "时限为" in p.message] == []
    uses = limit_uses(manual)
    steps = sum(1 for sop in manual.sops.values() for s in sop.steps if manual.step_limit(sop, s.id))
    assert sum(1 for u in uses if u.is_step) == steps
    page = render_pages(manual)["appendix/time-limits.md"]
    assert f"共 {len(uses)} 处" in page
    for c in manual.commitments.values():
        assert c.title in page


# --------------------------------------------------------------------------- registration


def test_pages_are_in_the_appendix_navigation() -> None:
    manual = manual_of(MINI)
    appendix = next(item["附录"] for item in build_site(manual).nav if "附录" in item)
    titles = [list(item)[0] for item in appendix]
    assert titles[-4:-1] == ["文件状态", "修订记录", "时限一览"] and titles[-1] == "手机扫码访问"
    assert {"appendix/status.md", "appendix/revisions.md", "appendix/time-limits.md"} <= set(render_pages(manual))
    cover = render_pages(manual)["index.md"]
    assert "[文件状态](appendix/status.md)" in cover and "[时限一览](appendix/time-limits.md)" in cover


# --------------------------------------------------------------------------- real builds


@pytest.mark.build
def test_limit_conflict_fails_the_strict_build(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    data = project / "procedures"
    edit(data, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    time_limit: 1h\n")
    edit(data, "sops/complaint.yaml", "    action: 处理并答复\n", "    action: 受理报修\n    time_limit: 2h\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "「受理报修」的时限为 2 小时内，而《报修处理程序》第 1 步同样的内容时限为 1 小时内" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_real_site_has_the_document_control_pages(built_site: Path) -> None:
    manual, _ = check(DATA)
    assert manual is not None
    status = (built_site / "appendix" / "status" / "index.html").read_text(encoding="utf-8")
    in_force = editions(manual, manual.checked_on).in_force or manual  # the status of the edition in force
    assert len(in_force.sops) >= 20
    for sop_id in in_force.sops:
        assert f'href="../../sops/{sop_id}/"' in status
    assert "文件状态" in status and "下次复审" in status
    revisions = (built_site / "appendix" / "revisions" / "index.html").read_text(encoding="utf-8")
    assert revisions.count("<tr>") >= 1 + sum(len(s.history) for s in manual.sops.values())
    limits = (built_site / "appendix" / "time-limits" / "index.html").read_text(encoding="utf-8")
    assert "时限核对" in limits and "内部时限" in limits
    role = (built_site / "roles" / next(iter(manual.roles)) / "index.html").read_text(encoding="utf-8")
    assert "LNXC-KF-GW-01" in role and "print-stamp" in role
