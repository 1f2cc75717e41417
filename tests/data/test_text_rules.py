"""Control characters and bidirectional controls in data text are refused, located, in Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handbook.data.load import parse_document
from handbook.data.text_rules import control_problems

from helpers import ROOT, brief, copy_mini, edit, run


def problems_of(text: str) -> list[str]:
    doc, problems = parse_document(text.encode("utf-8"), "x.yaml")
    assert problems == [] and doc is not None
    return [f"{p.line}:{p.column}: {p.message}" for p in control_problems(doc)]


@pytest.mark.parametrize(("escape", "shown"), [
    ("\\0", "U+0000（NUL）"),
    ("\\e", "U+001B（ESC）"),
    ("\\a", "U+0007（BEL）"),
    ("\\r", "U+000D（CR）"),
    ("\\x7f", "U+007F（DEL）"),
    ("\\x85", "U+0085（NEL）"),
    ("\\x9b", "U+009B（控制字符）"),
    ("\\u202E", "U+202E（RIGHT-TO-LEFT OVERRIDE）"),
    ("\\u2066", "U+2066（LEFT-TO-RIGHT ISOLATE）"),
    ("\\u200F", "U+200F（RIGHT-TO-LEFT MARK）"),
])
def test_escapes_in_double_quotes_are_refused(escape: str, shown: str) -> None:
    assert problems_of(f'a: 1\ntitle: "报修{escape}处理"\n') == [
        f"2:8: 文字中含有不允许的字符 {shown}（第 3 个字符）"
    ]


def test_tab_and_line_breaks_are_text() -> None:
    assert problems_of('a: "甲\\t乙\\n丙"\nb: |\n  第一行\n  第二行\n') == []


def test_every_place_is_found_keys_list_items_and_nested() -> None:
    text = 'steps:\n  - id: a\n    action: "受理\\e\\0"\n    list: [ok, "x\\u202Ey"]\n"k\\ey": 1\n'
    assert problems_of(text) == [
        "3:13: 文字中含有不允许的字符 U+001B（ESC）（第 3 个字符，共 2 处）",
        "4:16: 文字中含有不允许的字符 U+202E（RIGHT-TO-LEFT OVERRIDE）（第 2 个字符）",
        "5:1: 文字中含有不允许的字符 U+001B（ESC）（第 2 个字符）",
    ]


def test_rlo_written_as_it_is_is_refused_too(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "roles/clerk.yaml", "summary: 受理客户的各类事项。", "summary: 受理客户的\u202e各类事项。")
    assert brief(run(data)) == ["roles/clerk.yaml:2:10: 文字中含有不允许的字符 U+202E（RIGHT-TO-LEFT OVERRIDE）（第 6 个字符）"]


def test_check_refuses_the_file_located_with_a_hint_and_no_traceback(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "title: 报修处理程序", 'title: "报修\\e处理\\0程序"')
    result = subprocess.run(
        [sys.executable, "-m", "handbook.cli", "check", str(data)],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "sops/repair.yaml:1:8: 错误: 文字中含有不允许的字符 U+001B（ESC）（第 3 个字符，共 2 处）" in result.stdout
    assert "提示：删去这个字符" in result.stdout


def test_the_real_handbook_has_none() -> None:
    assert [p for p in run(ROOT / "procedures") if "不允许的字符" in p.message] == []
