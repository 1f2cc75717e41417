"""The ``handbook`` command line: exit codes, grouped output, and no traceback for bad data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.cli import main

from helpers import PinnedDate, copy_mini, edit

HOOKS = Path(__file__).resolve().parent.parent / "hooks"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """``handbook check`` asks for today's date; these tests check on TODAY, whatever the calendar says."""
    monkeypatch.setattr("handbook.checks.check.date", PinnedDate)


def test_check_ok(tmp_path: Path, capsys) -> None:
    data = copy_mini(tmp_path)
    assert main(["check", str(data)]) == 0
    out = capsys.readouterr().out
    assert "没有发现问题。" in out
    assert "已检查：2 个程序、2 个岗位、1 张表格。" in out


def test_check_errors_grouped_by_file(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "records: [repair-order]", "records: [repair-ordr]")
    edit(data, "roles/fixer.yaml", "reports_to: clerk", "reports_to: clerc")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "data"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "== data/roles/fixer.yaml",
        "data/roles/fixer.yaml:3:13: 错误: 未知的岗位 'clerc'  [ref.unknown-role]",
        "    提示：是否想写 'clerk'？",
        "",
        "== data/sops/repair.yaml",
        "data/sops/repair.yaml:20:15: 错误: 未知的表格 'repair-ordr'  [ref.unknown-form]",
        "    提示：是否想写 'repair-order'？",
        "",
        "共 2 个错误、0 个警告，涉及 2 个文件。",
    ]



def test_started_from_another_folder_the_paths_are_relative_to_it(tmp_path: Path, capsys, monkeypatch) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "records: [repair-order]", "records: [repair-ordr]")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main(["check", str(data)]) == 1  # named by its absolute path
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["== ../data/sops/repair.yaml",
                         "../data/sops/repair.yaml:20:15: 错误: 未知的表格 'repair-ordr'  [ref.unknown-form]"]

def test_warnings_do_not_fail_check(tmp_path: Path, capsys) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "last_reviewed: 2026-01-01", "last_reviewed: 2020-01-01")
    assert main(["check", str(data)]) == 0
    assert "警告: 已过复审期" in capsys.readouterr().out


def test_missing_folder(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 1
    assert "找不到数据目录" in capsys.readouterr().out


def test_no_traceback_from_the_console(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    (data / "sops" / "repair.yaml").write_bytes(b"\xff\xfe" + "title: 坏".encode("utf-16-le"))
    result = subprocess.run(
        [sys.executable, "-m", "handbook.cli", "check", str(data)],
        capture_output=True, text=True, env={"PYTHONPATH": str(HOOKS), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "文件不是 UTF-8 编码" in result.stdout


def test_pages_command_writes_markdown(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    out = tmp_path / "out"
    assert main(["pages", str(out), "--data-dir", str(data)]) == 0
    assert "\n# 一、报修处理程序\n" in (out / "sops" / "repair.md").read_text(encoding="utf-8")
    assert (out / "checklists" / "complaint.md").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("argv", "expected"), [
    (["pages", "README.md", "--data-dir", "data"],
     ["错误：输出位置 README.md 是一个已有的文件，不能把页面写到这里",
      "    提示：给出一个新的或专用的目录，例如 handbook pages build/pages"]),
    (["pages", "data", "--data-dir", "data"],
     ["错误：输出位置 data 是数据目录 data 或在其中，不能把页面写到数据里",
      "    提示：给出一个新的或专用的目录，例如 handbook pages build/pages"]),
    (["pages", "data/sops/out", "--data-dir", "data"],
     ["错误：输出位置 data/sops/out 是数据目录 data 或在其中，不能把页面写到数据里",
      "    提示：给出一个新的或专用的目录，例如 handbook pages build/pages"]),
    (["schema", "--out", "README.md"],
     ["错误：输出位置 README.md 是一个已有的文件，不能把 JSON Schema 写到这里",
      "    提示：给出一个新的或专用的目录，默认是 schema"]),
    (["schema", "--out", "procedures"],
     ["错误：输出位置 procedures 是数据目录 procedures 或在其中，不能把 JSON Schema 写到数据里",
      "    提示：给出一个新的或专用的目录，默认是 schema"]),
])
def test_outputs_never_overwrite_a_file_or_the_data(argv: list[str], expected: list[str], tmp_path: Path,
                                                    capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    shutil.copytree(tmp_path / "data", tmp_path / "procedures")
    (tmp_path / "README.md").write_text("# 自述\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == expected
    assert _tree(tmp_path) == before


# --------------------------------------------------------------------------- where the bytes land


def _everything(folder: Path) -> dict[str, object]:
    """Every entry under ``folder`` (links by their text, not followed)."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = ("link", str(path.readlink())) if path.is_symlink() else \
            path.read_bytes() if path.is_file() else "dir"
    return found


def _refused(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run ``argv`` from ``tmp_path``: it fails, with no traceback and nothing under tmp_path changed."""
    before = _everything(tmp_path)
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert _everything(tmp_path) == before
    return err.splitlines()


def test_pages_never_overwrite_a_data_file_through_a_link_in_out(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out" / "sops").mkdir(parents=True)
    (tmp_path / "out" / "sops" / "repair.md").symlink_to(tmp_path / "data" / "sops" / "repair.yaml")
    err = _refused(["pages", "out", "--data-dir", "data"], tmp_path, capsys)
    assert err[0] == ("out/sops/repair.md: 错误: 写到这里会落在数据目录 data 中（data/sops/repair.yaml）：它经由链接 "
                      "out/sops/repair.md 指向那里，未写入  [output.into-data]")
    assert err[1].startswith("    提示：删去这个链接")


def test_pages_never_write_into_the_data_through_a_linked_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sops").symlink_to(tmp_path / "data" / "sops")
    err = _refused(["pages", "out", "--data-dir", "data"], tmp_path, capsys)
    assert err[0].startswith("out/sops/") and err[0].endswith("[output.into-data]")
    assert "经由链接 out/sops 指向那里" in err[0]


def test_pages_never_write_through_a_link_leading_out_of_out(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "roles").symlink_to(tmp_path / "elsewhere")
    err = _refused(["pages", "out", "--data-dir", "data"], tmp_path, capsys)
    assert err[0] == ("out/roles/clerk.md: 错误: 写到这里会落在输出目录 out 之外（elsewhere/clerk.md）：它经由链接 "
                      "out/roles 指向那里，未写入  [output.link-out]")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_pages_follow_a_link_that_stays_in_out(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out" / "real-forms").mkdir(parents=True)
    (tmp_path / "out" / "forms").symlink_to("real-forms")
    assert main(["pages", "out", "--data-dir", "data"]) == 0
    assert (tmp_path / "out" / "real-forms" / "repair-order.md").is_file()


def test_schema_never_writes_into_a_data_folder_named_from_elsewhere(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")  # no procedures/ here: the data is ../data
    err = _refused(["schema", "--out", "../data/schema"], tmp_path, capsys)
    assert err[0].endswith("[output.into-data]") and "数据目录 ../data" in err[0]


def test_schema_never_writes_through_a_link_into_the_data(tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "sop.schema.json").symlink_to(tmp_path / "data" / "sops" / "repair.yaml")
    err = _refused(["schema", "--out", "schema"], tmp_path, capsys)
    assert err[0].startswith("schema/sop.schema.json: 错误: 写到这里会落在数据目录 data 中")


@pytest.mark.parametrize("out", ["data/pdf", "linked"])
def test_pdf_never_writes_into_the_data(out: str, tmp_path: Path, capsys, monkeypatch) -> None:
    copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "handbook.pdf").symlink_to(tmp_path / "data" / "glossary.yaml")
    err = _refused(["pdf", "--data-dir", "data", "--out", out, "--css"], tmp_path, capsys)
    assert err[0].endswith("[output.into-data]")
