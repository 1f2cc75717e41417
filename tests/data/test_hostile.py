"""Hostile or careless input: each case gets a located message in Chinese, exit status 1 (or a
warning where nothing is lost yet), no traceback, and the data folder is never touched."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from handbook.cli import main
from handbook.data.read import MAX_BYTES
from handbook.data.load import parse_document
from handbook.data.problems import SHOWN_MAX, Problem, shown

from helpers import PinnedDate, copy_mini, edit

R = "sops/repair.yaml"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("handbook.checks.check.date", PinnedDate)


def tree(folder: Path) -> dict[str, object]:
    """Everything in ``folder``, links not followed: what a command must leave exactly as it was."""
    found: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            mode = os.lstat(path).st_mode
            rel = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                found[rel] = path.read_bytes()
            else:
                found[rel] = stat.S_IFMT(mode)
    return found


def check(data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
          *, status: int = 1) -> list[str]:
    """Run ``handbook check`` on ``data`` from its parent; its output lines (the data unchanged)."""
    monkeypatch.chdir(data.parent)
    before = tree(data)
    assert main(["check", data.name]) == status
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert tree(data) == before
    return out.splitlines()


# --------------------------------------------------------------------------- characters YAML forbids


@pytest.mark.parametrize(("char", "name"), [
    ("\x0b", "垂直制表符（Word 的手动换行符 Shift+Enter）"),
    ("\x08", "退格符"),
    ("\x0c", "换页符（Word 的分页符）"),
    ("\x7f", "删除符 DEL"),
    ("\ufffe", "非字符 U+FFFE"),
])
def test_a_character_yaml_forbids_is_located(char: str, name: str, tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "purpose: 及时修好。", f"purpose: 及时{char}修好。")
    assert check(data, capsys, monkeypatch)[:3] == [
        "== data/sops/repair.yaml",
        f"data/sops/repair.yaml:7:12: 错误: 不允许的字符 U+{ord(char):04X}：{name}  [yaml.character]",
        "    提示：删去这个看不见的字符：从 Word 或网页复制来的文字常带有它；粘贴时选“只保留文本”，"
        "或在 VS Code 中把光标移到此处删除",
    ]


def test_a_forbidden_character_in_a_comment(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "steps:\n", "steps:  # 见\x0b附表\n")
    lines = check(data, capsys, monkeypatch)
    assert lines[1] == "data/sops/repair.yaml:15:12: 错误: 不允许的字符 U+000B：垂直制表符（Word 的手动换行符 Shift+Enter）  [yaml.character]"


def test_a_binary_file_gets_twenty_messages_and_a_total() -> None:
    problems = parse_document(b"a: \x01\x02\n" * 30, "x.yaml")
    assert len(problems[1]) == 21
    assert problems[1][-1].message == "共有 60 个不允许的字符（只列出前 20 个）"


# --------------------------------------------------------------------------- links, FIFOs, devices, sizes


def test_a_link_out_of_the_data_folder_is_refused_unread(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "sops" / "passwd.yaml").symlink_to("/etc/passwd")
    lines = check(data, capsys, monkeypatch)
    assert lines[:3] == [
        "== data/sops/passwd.yaml",
        "data/sops/passwd.yaml: 错误: 这是指向数据目录之外的符号链接（快捷方式），未读取  [file.refused]",
        "    提示：把文件本身复制到数据目录中，不要用链接",
    ]
    assert "root:" not in "\n".join(lines)


def test_a_linked_folder_out_of_the_data_folder_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "forms").rename(tmp_path / "elsewhere")
    (data / "forms").symlink_to(tmp_path / "elsewhere")
    lines = check(data, capsys, monkeypatch)
    assert "data/forms: 错误: 这是指向数据目录之外的符号链接（快捷方式），未读取  [file.refused]" in lines


def test_a_link_inside_the_data_folder_is_read(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "roles" / "clerk.yaml").rename(data / "roles" / ".clerk-source.yaml")
    (data / "roles" / "clerk.yaml").symlink_to(".clerk-source.yaml")
    assert "没有发现问题。" in check(data, capsys, monkeypatch, status=0)


def test_a_fifo_does_not_hang_the_checker(tmp_path: Path, capsys, monkeypatch) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    data = copy_mini(tmp_path)
    os.mkfifo(data / "sops" / "pipe.yaml")
    assert check(data, capsys, monkeypatch)[:3] == [
        "== data/sops/pipe.yaml",
        "data/sops/pipe.yaml: 错误: 不是普通文件，而是命名管道（FIFO），未读取  [file.refused]",
        "    提示：数据目录里只放普通的 .yaml 文本文件；把它移走",
    ]


def test_a_link_to_dev_zero_is_not_read(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "sops" / "zero.yaml").symlink_to("/dev/zero")
    assert check(data, capsys, monkeypatch)[1] == (
        "data/sops/zero.yaml: 错误: 这是指向数据目录之外的符号链接（快捷方式），未读取  [file.refused]"
    )


def test_a_device_or_a_folder_in_place_of_a_file_is_not_read(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "sops" / "folder.yaml").mkdir()
    (data / "glossary.yaml").unlink()
    (data / "glossary.yaml").symlink_to("sops/folder.yaml")  # inside the folder, but not a file
    lines = check(data, capsys, monkeypatch)
    assert "data/sops/folder.yaml: 错误: 不是普通文件，而是目录，未读取  [file.refused]" in lines
    assert "data/glossary.yaml: 错误: 不是普通文件，而是目录，未读取  [file.refused]" in lines


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    with open(data / "sops" / "huge.yaml", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    assert check(data, capsys, monkeypatch)[1:3] == [
        f"data/sops/huge.yaml: 错误: 文件过大（{MAX_BYTES + 1} 字节，上限 {MAX_BYTES}）  [file.too-big]",
        "    提示：把内容拆成多个文件",
    ]


def test_an_unreadable_folder_is_a_message(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    sops = data / "sops"
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self == Path("data/sops"):  # as if chmod 000 (the tests may run as root, which reads anyway)
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    lines = check(data, capsys, monkeypatch)
    assert sops.is_dir()
    at = lines.index("== data/sops")
    assert lines[at + 1:at + 3] == [
        "data/sops: 错误: 无法读取目录：Permission denied  [file.unreadable]",
        "    提示：检查这个文件夹的读取权限",
    ]


# --------------------------------------------------------------------------- quoted values, terminals


def test_a_quoted_value_is_cut_to_a_sensible_length(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, "handbook.yaml", "households: ", "households: " + "很长的文字" * 40 + " #")
    line = check(data, capsys, monkeypatch)[1]
    assert line == "data/handbook.yaml:9:15: 错误: 应为整数，这里是文字 " + ("很长的文字" * 12)[:SHOWN_MAX - 1] + "…  [field.type]"


def test_ansi_escapes_never_reach_the_terminal(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    role: customer\n", '    role: "cust\\e[2J\\e[31m"\n')
    lines = check(data, capsys, monkeypatch)
    assert lines[1] == "data/sops/repair.yaml:36:11: 错误: 'cust\\x1b[2J\\x1b[31m' 不是合法的 id  [id.invalid]"
    assert not any("\x1b" in line for line in lines)


def test_every_control_character_is_escaped_when_printed() -> None:
    problem = Problem("a\x1b.yaml", 1, 1, "x\u202ey\x9b", "\x07", code="test.code")
    assert problem.format() == "a\\x1b.yaml:1:1: 错误: x\\u202ey\\x9b  [test.code]\n    提示：\\x07"
    assert shown("2h\n") == "2h\\n"


# --------------------------------------------------------------------------- ids and patterns


@pytest.mark.parametrize("name", ["con", "nul", "aux", "com1", "lpt1", "prn"])
def test_windows_device_names_are_refused_as_file_names(name: str, tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "sops" / "repair.yaml").rename(data / "sops" / f"{name}.yaml")
    edit(data, "handbook.yaml", "[repair,", f"[{name},")
    lines = check(data, capsys, monkeypatch)
    at = lines.index(f"== data/sops/{name}.yaml")
    assert lines[at + 1:at + 3] == [
        f"data/sops/{name}.yaml: 错误: 文件名 '{name}' 是 Windows 的保留设备名，这个文件在 Windows 上无法存在  [file.reserved-name]",
        f"    提示：换一个 id（例如加上具体内容：{name}-items.yaml）；否则在 Windows 上无法克隆仓库，离线版也无法复制到 U 盘",
    ]


def test_windows_device_names_are_refused_as_ids(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "  - id: go\n", "  - id: aux\n")
    edit(data, R, "next: go", "next: aux")
    assert "data/sops/repair.yaml:31:9: 错误: 'aux' 是 Windows 的保留设备名，不能用作 id：换一个，例如 aux-items  [field.invalid]" \
        in check(data, capsys, monkeypatch)


def test_a_trailing_line_break_does_not_pass_for_the_end(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    action: 受理报修\n", '    action: 受理报修\n    time_limit: "2h\\n"\n')
    edit(data, R, "  - id: urgent\n", '  - id: "urgent\\n"\n')
    lines = check(data, capsys, monkeypatch)
    assert "data/sops/repair.yaml:19:17: 错误: 时限 '2h\\n' 无法识别：写成 30min、2h、1d、3wd（工作日），或 " \
           "immediate（立即）、same-day（当日）  [field.invalid]" in lines
    assert "data/sops/repair.yaml:22:9: 错误: 'urgent\\n' 不是合法的 id  [id.invalid]" in lines


# --------------------------------------------------------------------------- messages a manager can act on


def test_a_full_width_colon_is_named_at_its_line(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "purpose: 及时修好。", "purpose：及时修好。")
    assert check(data, capsys, monkeypatch)[:3] == [
        "== data/sops/repair.yaml",
        "data/sops/repair.yaml:7:8: 错误: 键 'purpose' 后面是全角冒号“：”  [yaml.full-width-colon]",
        "    提示：键名后的冒号要用英文半角冒号加一个空格：purpose: …（切换到英文输入法再输入冒号）",
    ]


def test_a_full_width_colon_in_a_list_item_is_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "      - 问清房号\n", "      - text：问清房号\n")
    assert check(data, capsys, monkeypatch, status=0)[1:3] == [
        "data/sops/repair.yaml:42:13: 警告: 'text' 后面是全角冒号“：”，整行被读成了一段文字，而不是字段 text  [yaml.full-width-colon]",
        "    提示：键名后的冒号要用英文半角冒号加一个空格：text: …（切换到英文输入法再输入冒号）",
    ]


def test_full_width_digits_in_a_date(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "effective_date: 2026-01-01", "effective_date: ２０２６-01-01")
    assert check(data, capsys, monkeypatch)[1] == (
        "data/sops/repair.yaml:4:17: 错误: 日期 '２０２６-01-01' 中有全角数字或全角符号："
        "请切换到英文输入法，用半角数字写成 YYYY-MM-DD  [field.invalid]"
    )


def test_an_empty_title_asks_for_a_title_not_for_null(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "title: 报修处理程序", "title:")
    assert check(data, capsys, monkeypatch)[1:3] == [
        "data/sops/repair.yaml:1:7: 错误: 不能为空：冒号后没有填写内容  [field.empty]",
        "    提示：在冒号后写上内容（标题，如 客户投诉处理程序）",
    ]


def test_a_role_title_in_place_of_its_id(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    role: fixer\n", "    role: 维修技工\n")
    assert check(data, capsys, monkeypatch)[1:3] == [
        "data/sops/repair.yaml:32:11: 错误: '维修技工' 不是合法的 id  [id.invalid]",
        "    提示：'维修技工' 是岗位名称，这里要写岗位的 id：是否想写 'fixer'？",
    ]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("purpose: 及时修好。", "purpose:\t及时修好。",
     "7:9: 错误: YAML 语法错误：这里有一个 Tab 字符  [yaml.syntax]"),
    ("    action: 受理报修\n", "    action: 受理报修\n   details: x\n",
     "19:4: 错误: YAML 语法错误：缩进不一致：这里出现了一组新的键值（读取这个列表时，从第 16 行开始）  [yaml.syntax]"),
    ("trigger: 客户报修", "trigger: [客户报修",
     "10:17: 错误: YAML 语法错误：方括号 [ ] 列表中应为逗号或“]”，这里是冒号“:”（读取方括号 [ ] 列表时，从第 9 行开始）  [yaml.syntax]"),
    ("trigger: 客户报修", "trigger: @客户",
     "9:10: 错误: YAML 语法错误：字符 '@' 不能作为一个值的开头  [yaml.syntax]"),
])
def test_pyyaml_messages_are_translated(old: str, new: str, expected: str, tmp_path: Path, capsys,
                                        monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, old, new)
    assert check(data, capsys, monkeypatch)[1] == "data/sops/repair.yaml:" + expected


def test_the_repository_root_points_at_procedures(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path).rename(tmp_path / "procedures")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "."]) == 1
    assert capsys.readouterr().out.splitlines()[1:3] == [
        ".: 错误: 这里不是数据目录（没有 handbook.yaml），像是仓库的根目录  [file.no-data]",
        "    提示：数据在 procedures/ 中：handbook check procedures",
    ]


# --------------------------------------------------------------------------- silent loss


def test_a_key_swallowed_by_the_text_above_it_is_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    details: 问清房号，电话 {{estate.hotline}}。\n",
         "    details: >-\n      问清房号，电话 {{estate.hotline}}。\n      time_limit: 12h\n")
    assert check(data, capsys, monkeypatch, status=0)[:3] == [
        "== data/sops/repair.yaml",
        "data/sops/repair.yaml:21:7: 警告: 'time_limit:' 成了 'details' 文字的一部分，不会作为字段读取  [yaml.key-in-text]",
        "    提示：如果这是字段 time_limit，把它与 details 对齐（少缩进一级）；如果确是文字，改写这一行，不要以“键名:”开头",
    ]


def test_a_key_swallowed_right_after_the_indicator(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    details: 问清房号，电话 {{estate.hotline}}。\n", "    details: >-\n      time_limit: 12h\n")
    assert check(data, capsys, monkeypatch, status=0)[1] == (
        "data/sops/repair.yaml:20:7: 警告: 'time_limit:' 成了 'details' 文字的一部分，不会作为字段读取  [yaml.key-in-text]"
    )


def test_a_text_line_that_is_no_key_of_the_model_is_left_alone(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    details: 问清房号，电话 {{estate.hotline}}。\n",
         "    details: |-\n      问清房号。\n      Email: 按 ISO: 9001 登记\n")
    assert "没有发现问题。" in check(data, capsys, monkeypatch, status=0)


def test_a_full_width_colon_far_from_the_error_is_not_blamed() -> None:
    text = "a: |\n  Note：a text line\nb: 1\nc: 2\nd: 3\ne: 4\nf:\tx\n"
    _, problems = parse_document(text.encode("utf-8"), "x.yaml")
    assert [(p.line, p.column, p.message) for p in problems] == [(7, 3, "YAML 语法错误：这里有一个 Tab 字符")]


def test_an_unclosed_brace_is_worded() -> None:
    _, problems = parse_document("a: {b: 1\nc: 2\n".encode("utf-8"), "x.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (2, "YAML 语法错误：花括号 { } 中应为逗号或“}”，这里是冒号“:”"),
    ]


def test_a_key_swallowed_in_a_file_with_crlf_line_ends() -> None:
    from handbook.data.model import Step
    from handbook.data.validate import validate

    text = "id: a\r\nrole: clerk\r\naction: x\r\ndetails: >-\r\n  text\r\n  time_limit: 2h\r\nend: true\r\n"
    doc, problems = parse_document(text.encode("utf-8"), "x.yaml")
    assert problems == [] and doc is not None
    _, found = validate(doc, Step)
    assert [(p.line, p.column, p.severity) for p in found] == [(6, 3, "warning")]


def test_every_translation_of_a_pyyaml_message_formats() -> None:
    from handbook.data.yaml_messages import _YAML_PROBLEMS

    for pattern, chinese in _YAML_PROBLEMS:
        assert "{" not in chinese.format(*["X"] * pattern.groups).replace("{ }", ""), chinese


def test_an_empty_list_item(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, "roles/clerk.yaml", "qualifications: [大专以上]", "qualifications:\n  - 大专以上\n  -\n")
    assert check(data, capsys, monkeypatch)[1:3] == [
        "data/roles/clerk.yaml:6:4: 错误: 不能为空：“- ”后没有填写内容  [field.empty]",
        "    提示：在“- ”后写上内容",
    ]


# --------------------------------------------------------------------------- caches beside the data


def test_the_revision_cache_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    from handbook.data.history import BlobCache

    store = tmp_path / ".cache" / "handbook"
    store.mkdir(parents=True)
    victim = tmp_path / "procedures" / "glossary.yaml"
    victim.parent.mkdir()
    victim.write_text("terms: []\n", encoding="utf-8")
    for name in ("revisions.tmp", "revisions.json.tmp"):
        (store / name).symlink_to(victim)
    cache = BlobCache(store / "revisions.json")
    assert cache.get("a" * 40, lambda: "A/0") == "A/0"
    cache.save()
    assert victim.read_text(encoding="utf-8") == "terms: []\n"
    assert BlobCache(store / "revisions.json").entries == {"a" * 40: "A/0"}


def test_the_revision_cache_never_writes_through_a_linked_folder(tmp_path: Path) -> None:
    from handbook.data.history import BlobCache

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "handbook").symlink_to(tmp_path / "elsewhere")
    cache = BlobCache(tmp_path / ".cache" / "handbook" / "revisions.json")
    cache.get("a" * 40, lambda: "A/0")
    cache.save()
    assert list((tmp_path / "elsewhere").iterdir()) == []


# --------------------------------------------------------------------------- cost grows with the work


def _located(lines: list[str], code: str) -> list[str]:
    return [line for line in lines if line.endswith(f"[{code}]")]


def test_ten_thousand_steps_are_refused_before_any_build(tmp_path: Path, capsys, monkeypatch) -> None:
    """10,000 steps passed the check (in minutes: some checks grow with the square of the steps),
    then the build ran out of memory: the file is refused as it is read, at its ``steps:`` key,
    and nothing of it is validated, checked or built."""
    data = copy_mini(tmp_path)
    many = "".join(f"  - id: s{i}\n    role: clerk\n    action: 第{i}步\n" for i in range(10_000))
    edit(data, R, "steps:\n", "steps:\n" + many)
    lines = check(data, capsys, monkeypatch)
    found = _located(lines, "size.steps")
    assert found == ["data/sops/repair.yaml:15:1: 错误: 程序有 10004 个步骤，超过上限 200  [size.steps]"], lines
    assert lines[lines.index(found[0]) + 1] == (
        "    提示：一个程序用不到这么多步骤（现有的程序最多 15 步）：把它拆成几个程序，用 handoff 衔接")


def test_a_text_of_more_than_twenty_thousand_characters_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "purpose: 及时修好。", "purpose: " + "修" * 20_001)
    assert _located(check(data, capsys, monkeypatch), "size.text") == [
        "data/sops/repair.yaml:7:10: 错误: 文字有 20001 个字符，超过上限 20000  [size.text]"]


def test_checklist_items_decisions_and_form_fields_have_bounds(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "      - 问清房号\n", "".join(f"      - 检查第{i}项\n" for i in range(301)))
    edit(data, R, "        - label: 否\n", "".join(f"        - label: 第{i}种\n          next: go\n" for i in range(50))
         + "        - label: 否\n")
    edit(data, "forms/repair-order.yaml", "      - label: 房号\n", "".join(f"      - label: 第{i}栏\n" for i in range(501)))
    lines = check(data, capsys, monkeypatch)
    assert _located(lines, "size.checklist") == [
        "data/sops/repair.yaml:139:1: 错误: 检查单有 302 项，超过上限 300  [size.checklist]"]
    assert _located(lines, "size.branches") == [
        "data/sops/repair.yaml:26:7: 错误: 判断有 52 个分支，超过上限 50  [size.branches]"]
    assert _located(lines, "size.form-fields") == [
        "data/forms/repair-order.yaml:5:1: 错误: 表格有 504 个栏目，超过上限 500  [size.form-fields]"]


def test_a_checklist_item_longer_than_any_that_prints_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    """An item of 3,000 characters passed the check and never finished WeasyPrint's layout of the
    book; the bound is the longest item the paper tests print (1,000), written or as an object."""
    data = copy_mini(tmp_path)
    edit(data, R, "      - 问清房号\n", "      - " + "问" * 1_001 + "\n      - text: " + "清" * 1_002
         + "\n      - " + "房" * 1_000 + "\n")
    lines = check(data, capsys, monkeypatch)
    found = _located(lines, "size.checklist-item")
    assert [line.split(": ", 1)[1] for line in found] == [
        "错误: 检查项有 1001 个字符，超过上限 1000  [size.checklist-item]",
        "错误: 检查项有 1002 个字符，超过上限 1000  [size.checklist-item]"]
    assert found[0].startswith("data/sops/repair.yaml:") and found[1].split(":")[1] == str(int(found[0].split(":")[1]) + 1)
    assert "现有的最长 59 字" in lines[lines.index(found[0]) + 1]


def test_the_number_of_procedures_has_a_bound(tmp_path: Path, capsys, monkeypatch) -> None:
    import handbook.data.sizes as sizes

    monkeypatch.setitem(sizes.MAX_FILES, "sops", 2)
    data = copy_mini(tmp_path)
    (data / "sops" / "extra.yaml").write_bytes((data / R).read_bytes())
    lines = check(data, capsys, monkeypatch)
    assert _located(lines, "size.files") == ["data/sops: 错误: 有 3 个程序文件，超过上限 2，只读取了前 2 个  [size.files]"]
    assert not [line for line in lines if "ref.unknown-procedure" in line]  # the one not read is there, not unknown


# --------------------------------------------------------------------------- linked folders


@pytest.mark.parametrize("folder", ["sops", "roles", "forms", "estates", "estates/hkyz", "estates/hkyz/sops"])
def test_a_linked_folder_of_the_data_is_refused_the_same_everywhere(folder: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder of the data that is a link out of it is refused where it stands, for every
    collection and the estates' folders; nothing of what lies outside (not even a file's name)
    reaches a message."""
    from datetime import date

    from handbook.checks.check import check as check_data

    from conftest import DATA

    data = tmp_path / "procedures"
    shutil.copytree(DATA, data)
    outside = tmp_path / "outside" / folder.replace("/", "-")
    outside.parent.mkdir(exist_ok=True)
    (data / folder).rename(outside)
    (outside / "secret-outside.yaml").write_text("title: 不该读到\n", encoding="utf-8")
    (data / folder).symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    manual, problems = check_data(Path("procedures"), today=date(2026, 12, 20), estate="hkyz")
    assert manual is None
    assert f"procedures/{folder}" in [p.file for p in problems if p.code == "file.refused"], \
        [p.format() for p in problems if p.code.startswith("file.")]
    assert not [p for p in problems if "secret-outside" in p.format() or "不该读到" in p.format()]


def test_a_dangling_link_in_place_of_search_yaml_is_located_like_laws_yaml(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    (data / "search.yaml").symlink_to("nowhere.yaml")
    assert [line for line in check(data, capsys, monkeypatch) if line.startswith("data/search.yaml")] == [
        "data/search.yaml: 错误: 无法读取文件：No such file or directory  [file.unreadable]"]


def test_the_yaml_files_of_a_linked_folder_are_none(tmp_path: Path) -> None:
    """What lists a data folder's files for page addresses (the error page under serve) gets
    nothing through a link out of the data: not even a name."""
    from handbook.data.read import yaml_files

    data = copy_mini(tmp_path)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text("x: 1\n", encoding="utf-8")
    (data / "sops" / "passwd.yaml").symlink_to("/etc/passwd")
    assert [p.name for p in yaml_files(data, data / "sops")] == ["complaint.yaml", "repair.yaml"]
    shutil.rmtree(data / "forms")
    (data / "forms").symlink_to(tmp_path / "outside")
    assert yaml_files(data, data / "forms") == []
