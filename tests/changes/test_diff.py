"""``handbook diff``: the change notice between two versions (folders, or git revisions read-only)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.cli import main
from handbook.changes.diff import compare
from handbook.changes.notice import render_notice
from handbook.changes.snapshot import SnapshotError, load_snapshot, open_version
from handbook.data.problems import display_path

from conftest import ROOT
from helpers import MINI, edit


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the small handbook: ``old`` stays, a test edits ``new``."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    return old, new


def notice(old: Path, new: Path) -> str:
    return render_notice(compare(load_snapshot(old, "旧"), load_snapshot(new, "新")))


def section(text: str, head: str) -> str:
    """The lines of the numbered section whose heading ends with ``head``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("、" + head))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] in "一二三四五六七八九" and "、" in lines[i][:3]),
               len(lines))
    return "\n".join(lines[start + 1:end])


def bump(data: Path, sop: str, revision: str, day: str, summary: str) -> None:
    edit(data, f"sops/{sop}.yaml", "revision: A/0", f"revision: {revision}")
    edit(data, f"sops/{sop}.yaml", "effective_date: 2026-01-01", f"effective_date: {day}")
    edit(data, f"sops/{sop}.yaml", "    summary: 首版",
         f"    summary: 首版\n  - revision: {revision}\n    date: {day}\n    summary: {summary}")


def test_identical_versions(pair: tuple[Path, Path]) -> None:
    text = notice(*pair)
    assert text.splitlines()[:2] == ["手册变更通知", "测试花园 测试手册"]
    assert "两个版本的手册内容没有差别。" in text
    assert "⚠" not in text


def test_step_changes_limits_roles_and_rereading(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    time_limit: 1h\n")
    edit(new, "sops/repair.yaml", "    role: fixer\n    action: 到场维修", "    role: clerk\n    action: 到场维修")
    edit(new, "sops/repair.yaml", "  - id: sign\n", "  - id: explain\n    role: fixer\n    action: 向客户说明维修结果\n"
                                                  "  - id: sign\n")
    edit(new, "sops/complaint.yaml", "items: [记录投诉内容]", "items: [记录投诉内容, 告知答复时限]")
    text = notice(old, new)
    changes = section(text, "各程序的变更")
    assert "（一）TEST-KF-QP-01 《报修处理程序》（版号/改次仍为 A/0）" in changes
    assert "第 1 步「受理报修」：新增时限 1 小时内" in changes
    assert "第 3 步「到场维修」：负责岗位 维修技工 → 客服助理" in changes
    assert "新增第 4 步「向客户说明维修结果」（维修技工）" in changes
    assert "⚠ 内容有修改，但版号/改次未升（仍为 A/0）：请升为 A/1" in changes
    assert "（二）TEST-KF-QP-02 《投诉处理程序》（版号/改次仍为 A/0）" in changes
    assert "检查单：新增 1 项「告知答复时限」" in changes
    readers = section(text, "请以下岗位重新学习")
    assert "客服助理：《报修处理程序》（第 1、3 步）；《投诉处理程序》（检查单）" in readers
    assert "维修技工：《报修处理程序》（第 3、4 步）" in readers
    assert ("前台检查单和程序打印件（收回旧版，打印新版）：TEST-KF-QP-01《报修处理程序》、TEST-KF-QP-02《投诉处理程序》"
            in section(text, "需要更换的打印件"))
    assert "程序共 2 个：修改 2 个，其余 0 个没有变化。" in text
    assert "⚠ 有 2 处需要编写人先处理" in text


def test_removed_step_and_changed_route(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "sops/complaint.yaml", "          next: handle", "          handoff: repair")
    edit(new, "sops/complaint.yaml", "  - id: handle\n    role: clerk\n    action: 处理并答复\n", "")
    bump(new, "complaint", "A/1", "2026-03-01", "不满意的转报修处理")
    changes = section(notice(old, new), "各程序的变更")
    assert "TEST-KF-QP-02 《投诉处理程序》（版号/改次 A/0 → A/1，2026-03-01 起生效）" in changes
    assert "删去原第 2 步「处理并答复」（客服助理）" in changes
    assert "第 2 步「评价结果」（原第 3 步）：去向改为：判断「满意吗？」：满意 → 结束；不满意 → 转入《报修处理程序》" in changes
    assert "说明：修订说明（A/1，2026-03-01）：不满意的转报修处理" in changes
    assert "⚠" not in changes


def test_revision_raised_without_date_or_history(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "sops/repair.yaml", "purpose: 及时修好。", "purpose: 及时、一次修好。")
    edit(new, "sops/repair.yaml", "revision: A/0", "revision: A/1")
    changes = section(notice(old, new), "各程序的变更")
    assert "目的改为：及时、一次修好。" in changes
    assert "⚠ 版号/改次已升为 A/1，但生效日期仍为 2026-01-01" in changes
    assert "⚠ 修订记录中没有 A/1 的说明，请补上" in changes


def test_review_only_is_not_a_content_change(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "sops/repair.yaml", "last_reviewed: 2026-01-01", "last_reviewed: 2026-05-01")
    text = notice(old, new)
    assert "程序共 2 个：只更新了复审日期或修订记录 1 个，其余 1 个没有变化。" in text
    assert "《报修处理程序》：已复审：最近评审日期 2026-01-01 → 2026-05-01" in text
    assert "⚠" not in text and "需要更换的打印件" not in text


def test_commitment_change_reaches_every_step_that_uses_it(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "commitments.yaml", "time_limit: 30min", "time_limit: 20min")
    text = notice(old, new)
    assert "第 3 步「到场维修」：时限 30 分钟内 → 20 分钟内（因服务承诺调整）" in text
    assert "检查单：「急修到场」的时限 30 分钟内 → 20 分钟内" in text
    whole = section(text, "服务承诺、岗位说明书、表格及手册")
    assert "「急修到场」：时限 30 分钟内 → 20 分钟内" in whole
    assert "对客户公示的承诺有变化" in whole
    assert "⚠ 服务承诺、岗位说明书、表格或架构有修改，但手册版号/改次未升（仍为 A/0）" in whole
    assert "维修技工：《报修处理程序》（第 3 步、检查单）；服务承诺「急修到场」（承诺）" in section(text, "请以下岗位重新学习")
    # The procedure file itself did not change: no demand to raise its revision.
    assert "版号/改次未升（仍为 A/0）：请升为 A/1" not in text


def test_roles_forms_and_handbook(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "roles/fixer.yaml", "hours: 08:00–17:00", "hours: 08:00–18:00")
    edit(new, "forms/repair-order.yaml", "retention: 2 年", "retention: 3 年")
    edit(new, "handbook.yaml", "revision: A/0", "revision: A/1")
    edit(new, "handbook.yaml", "hotline: 000-0000", "hotline: 000-1111")
    text = notice(old, new)
    whole = section(text, "服务承诺、岗位说明书、表格及手册")
    assert "「维修技工」的岗位说明书：工作时间或班次有修改" in whole
    assert "《维修工作单》：保存期限有修改" in whole
    assert "版号/改次 A/0 → A/1" in whole and "项目信息：24 小时服务电话 000-0000 → 000-1111" in whole
    assert "⚠" not in whole
    readers = section(text, "请以下岗位重新学习")
    assert "维修技工：本岗位说明书（工作时间或班次）" in readers
    assert "客服助理：表格《维修工作单》（新版表格）" in readers
    assert "空白表格（按新版重新印制，旧表用完即停）：《维修工作单》" in text


def test_procedure_added_and_removed(pair: tuple[Path, Path]) -> None:
    old, new = pair
    (new / "sops" / "complaint.yaml").rename(new / "sops" / "grievance.yaml")
    edit(new, "handbook.yaml", "procedures: [repair, complaint]", "procedures: [repair, grievance]")
    edit(new, "sops/repair.yaml", "handoff: complaint", "handoff: grievance")
    edit(new, "sops/repair.yaml", "related: [complaint]", "related: [grievance]")
    text = notice(old, new)
    changes = section(text, "各程序的变更")
    assert "TEST-KF-QP-02 《投诉处理程序》（新增；版号/改次 A/0，2026-01-01 起生效）" in changes
    assert "新发布的制度，共 3 步" in changes
    assert "TEST-KF-QP-02 《投诉处理程序》（废止）" in changes
    assert "客服助理：《报修处理程序》（第 2 步）；《投诉处理程序》（全文）" in section(text, "请以下岗位重新学习")
    assert "收回作废：TEST-KF-QP-02《投诉处理程序》" in text


def test_renumbering_is_reported(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "handbook.yaml", "procedures: [repair, complaint]", "procedures: [complaint, repair]")
    text = notice(old, new)
    assert "文件编号 TEST-KF-QP-01 → TEST-KF-QP-02（程序的顺序或类别有调整）" in text
    assert "程序的先后顺序有调整" in text


def test_shifted_form_numbers_are_reported_for_reprinting(pair: tuple[Path, Path]) -> None:
    """A form filled in earlier than the others moves their numbers, which every blank form
    carries: the notice names the old and new number and asks for new printouts."""
    old, new = pair
    (new / "forms" / "intake-slip.yaml").write_text(
        "title: 报修登记条\npurpose: 电话报修时先记下要点。\nretention: 1 年\nkeeper: clerk\n"
        "sections:\n  - fields:\n      - label: 房号\n", encoding="utf-8")
    edit(new, "sops/repair.yaml", "    records: [repair-order]", "    records: [intake-slip, repair-order]")
    text = notice(old, new)
    whole = section(text, "服务承诺、岗位说明书、表格及手册")
    assert "新增表格《报修登记条》" in whole
    assert "《维修工作单》：表格编号 TEST-KF-R-01 → TEST-KF-R-02（表格的先后顺序有调整）" in whole
    assert not any("维修工作单" in line and "有修改" in line for line in whole.splitlines())  # same content
    assert "空白表格（按新版重新印制，旧表用完即停）：《报修登记条》、《维修工作单》" in text


def test_a_broken_file_is_not_reported_as_removed(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new, "sops/complaint.yaml", "kind: policy", "kind: polcy")
    text = notice(old, new)
    assert "废止" not in text
    assert "⚠ 新版本中的 sops/complaint.yaml 有数据错误，未能比较" in text
    assert "⚠ 新版本的数据有 1 个错误" in text


# --------------------------------------------------------------------------- the command and git


def test_cli_with_two_folders(pair: tuple[Path, Path], capsys) -> None:
    old, new = pair
    edit(new, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    time_limit: 1h\n")
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("手册变更通知\n") and "新增时限 1 小时内" in out


def test_cli_bad_version_is_a_message_not_a_traceback(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # not a git repository
    assert main(["diff", "no-such-dir", "procedures"]) == 1
    err = capsys.readouterr().err
    assert "错误：'no-such-dir' 不是目录，当前目录也不在 git 仓库中" in err
    assert "Traceback" not in err


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway repository with two commits of the small handbook, and uncommitted work."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "procedures")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    edit(repo / "procedures", "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    time_limit: 1h\n")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "second")
    edit(repo / "procedures", "sops/complaint.yaml", "action: 处理并答复", "action: 处理并书面答复")
    return repo


def test_git_revisions_are_read_without_touching_the_working_tree(repo: Path) -> None:
    before = git(repo, "status", "--porcelain")
    files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    with open_version("HEAD~1", repo) as old, open_version("HEAD", repo) as new:
        # the version is named by where it was read and its commit, never by the commit's subject
        assert old.label.startswith("HEAD~1（提交 ") and "first" not in old.label
        text = render_notice(compare(old, new))
    assert "旧版本：手册 A/0，2026-01-01 起执行（HEAD~1（提交 " in text
    assert "第 1 步「受理报修」：新增时限 1 小时内" in text
    assert "处理并书面答复" not in text  # uncommitted work is not in HEAD
    with open_version("HEAD", repo) as old, open_version("procedures", repo) as new:
        assert "工作内容由「处理并答复」改为「处理并书面答复」" in render_notice(compare(old, new))
    with open_version("HEAD~1:procedures", repo) as old:
        assert set(old.sops) == {"repair", "complaint"}
    assert git(repo, "status", "--porcelain") == before
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts} == files


def test_unknown_revision(repo: Path) -> None:
    with pytest.raises(SnapshotError) as caught:
        with open_version("HEAD~5", repo):
            pass
    assert "'HEAD~5' 既不是目录，也不是含有数据目录的 git 版本（HEAD~5:procedures）" in str(caught.value)
    assert "HEAD~1" in (caught.value.hint or "")


def _real_history() -> list[str]:
    if shutil.which("git") is None or subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD~1"],
                                                     capture_output=True).returncode != 0:
        pytest.skip("not a git checkout with history (a shallow clone?)")
    return git(ROOT, "log", "--format=%H", "--reverse", "--", "procedures/sops").split()


def test_real_revisions_head_parent(capsys, monkeypatch) -> None:
    _real_history()
    monkeypatch.chdir(ROOT)
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    # one notice per estate, the first estate first
    assert out.startswith("【项目 lnxc：鲁能·星城】\n手册变更通知\n鲁能·星城 客户服务中心操作手册\n旧版本：手册 ")
    assert re.search(r"\n旧版本：手册 [A-Z]/\d+，\d{4}-\d\d-\d\d 起执行（HEAD~1（提交 [0-9a-f]+））\n", out)
    assert "\n【项目 hkyz：海客瀛洲】\n手册变更通知\n海客瀛洲 客户服务中心操作手册\n" in out
    assert "Traceback" not in out


def test_real_revisions_when_the_procedures_arrived(capsys, monkeypatch) -> None:
    """The commit that first brought procedures/sops, against its parent: every procedure is new."""
    first = _real_history()[0]
    monkeypatch.chdir(ROOT)
    assert main(["diff", f"{first}~1", first]) == 0
    out = capsys.readouterr().out
    with open_version(first, ROOT) as snap:
        count = len(snap.sops)
        title = snap.sops[snap.procedure_order[0]].title
    assert f"新增 {count} 个" in out
    assert f"LNXC-KF-QP-01 《{title}》（新增；版号/改次 A/0" in out
    assert "客服助理（前台接待及热线）：" in out


# --------------------------------------------------------------------------- hostile versions


def _tree(folder: Path) -> dict[str, bytes | str]:
    return {p.relative_to(folder).as_posix(): (f"link {p.readlink()}" if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()}


def test_a_git_version_with_a_symbolic_link(repo: Path, capsys, monkeypatch) -> None:
    (repo / "procedures" / "sops" / "passwd.yaml").symlink_to("/etc/passwd")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "link")
    monkeypatch.chdir(repo)
    before = _tree(repo)
    assert main(["diff", "HEAD", "procedures"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "root:" not in out + err
    assert out.startswith("手册变更通知\n")
    assert err.splitlines()[:3] == [
        "== HEAD:procedures/sops/passwd.yaml",
        "HEAD:procedures/sops/passwd.yaml: 错误: 这个版本中的符号链接，未读取  [file.refused]",
        "    提示：数据目录里只放普通的 .yaml 文件",
    ]
    assert "procedures/sops/passwd.yaml: 错误: 这是指向数据目录之外的符号链接（快捷方式），未读取  [file.refused]" in err.splitlines()
    assert _tree(repo) == before


def test_a_file_too_big_to_read_fails_the_diff_either_way(repo: Path, capsys, monkeypatch) -> None:
    """A file refused unread for its size made ``diff HEAD procedures`` exit 0 (the working data
    says file.too-big) and the other way round 1 (the git version says file.refused)."""
    (repo / "procedures" / "sops" / "huge.yaml").write_bytes(b"title: x\n" + b"#" * 1_000_001)
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD", "procedures"]) == 1
    assert "[file.too-big]" in capsys.readouterr().err
    git(repo, "add", "procedures/sops/huge.yaml")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "huge")
    assert main(["diff", "HEAD", "HEAD~1"]) == 1
    assert "[file.refused]" in capsys.readouterr().err


@pytest.mark.parametrize("version", ["HEAD:", "HEAD:procedures/sops", "empty"])
def test_a_version_without_handbook_yaml_is_refused(version: str, repo: Path, capsys, monkeypatch) -> None:
    (repo / "empty").mkdir()
    monkeypatch.chdir(repo)
    before = _tree(repo)
    assert main(["diff", version, "procedures"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"错误：'{version}' 不是手册的数据目录：其中没有 handbook.yaml",
        "    提示：给出数据目录本身，如 procedures、HEAD~1（即 HEAD~1:procedures）或 main:procedures",
    ]
    assert _tree(repo) == before


def test_a_character_yaml_forbids_is_located_not_a_traceback(pair: tuple[Path, Path], capsys) -> None:
    old, new = pair
    edit(new, "sops/repair.yaml", "purpose: 及时修好。", "purpose: 及时\x0b修好。")
    assert main(["diff", str(old), str(new)]) == 0  # a slip in the data: the notice marks it ⚠
    out, err = capsys.readouterr()
    assert "⚠ 新版本中的 sops/repair.yaml 有数据错误，未能比较" in out
    # the path as the report shows it, relative to the working folder when they share one (a
    # checkout under /tmp sees the test's folder as ../pytest-of-…)
    shown = display_path(new / "sops" / "repair.yaml")
    assert f"{shown}:7:12: 错误: 不允许的字符 U+000B：垂直制表符（Word 的手动换行符 Shift+Enter）  [yaml.character]" \
        in err.splitlines()
    assert "Traceback" not in out + err


def test_a_new_step_field_reaches_the_notice_without_new_code(pair: tuple[Path, Path]) -> None:
    """The notice compares a step field by field as its model declares them: a field added to a
    model subclass here is worded from its description, with no change to the notice's code."""
    from pydantic import Field

    from handbook.data.fields import Text
    from handbook.data.model import Step

    class PhotoStep(Step):
        photo: Text | None = Field(default=None, description="现场照片：完工后拍下的样子")
        tools: list[Text] = Field(default_factory=list, description="带齐的工具")

    old, new = pair
    before, after = load_snapshot(old, "旧"), load_snapshot(new, "新")

    def with_photo(snap, **values) -> None:  # type: ignore[no-untyped-def]
        sop = snap.sops["repair"]
        steps = [PhotoStep.model_validate({**s.model_dump(), **values}) if s.id == "go" else s for s in sop.steps]
        snap.sops["repair"] = sop.model_copy(update={"steps": steps})

    with_photo(before, tools=["扳手"])
    with_photo(after, photo="完工照片.jpg", tools=["扳手", "电笔"])
    changes = section(render_notice(compare(before, after)), "各程序的变更")
    assert "第 3 步「到场维修」：新增现场照片：「完工照片.jpg」；带齐的工具：增加「电笔」" in changes
    assert "维修技工：《报修处理程序》（第 3 步）" in section(render_notice(compare(before, after)), "请以下岗位重新学习")


def test_a_changed_register_entry_names_the_procedures_to_check_again(pair: tuple[Path, Path]) -> None:
    old, new = pair
    for data in (old, new):  # both versions rely on the register in the same places
        edit(data, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    basis: [civil-code:944]\n")
        edit(data, "sops/complaint.yaml", "purpose: 处理投诉。", "purpose: 处理投诉（《物业管理条例》第四十六条）。")
    edit(new, "laws.yaml", "        says: 业主应当按约定支付物业费；物业服务人不得以停水、停电等方式催交。",
         "        says: 业主应当按约定支付物业费；物业服务人不得以停止供水、供电、供热、供燃气等方式催交。")
    edit(new, "laws.yaml", '    reviewed: "2026-01-01"\n    articles:\n      - no: "46"',
         '    reviewed: "2026-02-01"\n    articles:\n      - no: "46"')
    edit(new, "laws.yaml", "    status: amended\n", "    status: repealed\n")
    text = notice(old, new)
    laws = section(text, "法律法规及其他要求")
    assert ("1. 《民法典》：第九百四十四条：内容改为「业主应当按约定支付物业费；物业服务人不得以停止供水、供电、供热、供燃气等方式催交。」；"
            "请复核依据它的程序：《报修处理程序》（第 1 步）") in laws
    assert "2. 《物业管理条例（2003 年）》：效力 已修订 → 已废止（由《物业管理条例》取代）" in laws  # nothing relies on it
    assert "复核依据它的程序：《投诉处理程序》" not in laws  # 物业管理条例 was only reviewed
    assert "《物业管理条例》已复核：2026-01-01 → 2026-02-01" in text
    assert "法律法规清单变更 2 条" in text


def test_an_article_no_longer_verified_is_named_with_its_procedures(pair: tuple[Path, Path]) -> None:
    old, new = pair
    for data in (old, new):
        edit(data, "sops/complaint.yaml", "purpose: 处理投诉。", "purpose: 处理投诉（《物业管理条例》第四十六条）。")
    edit(new, "laws.yaml", "        says: 对违反治安、环保、装修等规定的行为，物业服务企业应当制止并及时报告有关部门。\n"
                           "        verified: {source: 测试用的来源, date: \"2026-01-01\"}\n",
         "        says: 对违反治安、环保、装修等规定的行为，物业服务企业应当制止并及时报告有关部门。\n")
    laws = section(notice(old, new), "法律法规及其他要求")
    assert ("《物业管理条例》：第四十六条：核对记录有变化（改为未核对：不能再按条号引用）；"
            "请复核依据它的程序：《投诉处理程序》（目的）") in laws


def test_a_large_committed_file_is_never_held_in_memory(repo: Path) -> None:
    """A committed file of 256 MiB of zeros (a few hundred KB in .git) is refused by its size
    before it is read: the diff's peak memory stays far below the file's size."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("no /proc/self/status to read the peak memory from")
    size = 256 * 1024 * 1024
    with open(repo / "procedures" / "huge.bin", "wb") as handle:
        handle.truncate(size)  # sparse: no disk space, and git stores it compressed
    git(repo, "add", "procedures/huge.bin")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "huge")
    # The peak resident memory of the diff's own process: VmHWM, of this process image only
    # (getrusage's maxrss would include what the forking test process held before the exec).
    probe = ("import sys\n"
             "from handbook.cli import main\n"
             "code = main(['diff', 'HEAD~1', 'HEAD'])\n"
             "peak = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
             "print(f'maxrss={peak[0]}', file=sys.stderr)\n"
             "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=repo, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "HEAD:procedures/huge.bin: 错误: 文件过大（268435456 字节，上限 1000000），未读取  [file.refused]" \
        in done.stderr.splitlines()
    peak = int(done.stderr.rsplit("maxrss=", 1)[1].split()[0]) * 1024  # kilobytes on Linux
    assert peak < size / 2, f"peak memory {peak / 2**20:.0f} MiB for a file of {size / 2**20:.0f} MiB"


def test_a_name_that_is_both_a_file_and_a_folder_in_a_git_tree(repo: Path, capsys, monkeypatch) -> None:
    """A hand-made tree (git mktree) may hold ``sops`` as a file and as a folder: a located
    refusal, not a message about write permissions."""
    blob = subprocess.run(["git", "-C", str(repo), "hash-object", "-w", "--stdin"], input="x: 1\n",
                       capture_output=True, text=True, check=True).stdout.strip()
    listing = git(repo, "ls-tree", "HEAD:procedures")
    forged = listing + f"100644 blob {blob}\tsops\n"
    tree = subprocess.run(["git", "-C", str(repo), "mktree"], input=forged, capture_output=True, text=True,
                          check=True).stdout.strip()
    monkeypatch.chdir(repo)
    assert main(["diff", f"{tree}:", "procedures"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "写入权限" not in out + err
    assert any(line.endswith("[file.refused]") and "既是文件又是文件夹" in line for line in err.splitlines()), err
