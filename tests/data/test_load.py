"""Reading YAML safely: encodings, line ends, YAML 1.1 surprises, tags, aliases and nesting."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.data.yamlnodes import MAX_DEPTH
from handbook.data.load import read_document

from helpers import brief, copy_mini, run


def read(tmp_path: Path, content: str | bytes):
    path = tmp_path / "x.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return read_document(path, "x.yaml")


def located(problems) -> list[str]:
    return [f"{p.line}:{p.column}: {p.message}" for p in problems]


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "a: 1\nlist:\n  - x: 文字\n    y: 2\n")
    assert problems == []
    assert doc.data == {"a": 1, "list": [{"x": "文字", "y": 2}]}
    assert doc.where(("list", 0, "y")) == (4, 8)
    assert doc.where(("list", 0, "y"), key=True) == (4, 5)
    assert doc.where(("list", 0, "missing")) == (3, 5)  # falls back to the nearest ancestor


def test_core_schema_scalars(tmp_path: Path) -> None:
    doc, problems = read(
        tmp_path,
        "a: no\nb: yes\nc: on\nd: 2008-03-06\ne: 1.10\nf: true\ng: null\nh: 010\ni: 0x1F\nj: '1.10'\nk: ~\n",
    )
    assert problems == []
    assert doc.data == {
        "a": "no", "b": "yes", "c": "on", "d": "2008-03-06", "e": 1.1, "f": True, "g": None,
        "h": 10, "i": 31, "j": "1.10", "k": None,
    }


def test_utf8_bom_and_crlf_accepted(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, b"\xef\xbb\xbftitle: \xe5\xae\xa2\xe6\x9c\x8d\r\nn: 1\r\n")
    assert problems == []
    assert doc.data == {"title": "客服", "n": 1}
    assert doc.where(("n",)) == (2, 4)


def test_gbk_refused_with_advice(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "a: 1\ntitle: 客户服务中心\n".encode("gbk"))
    (problem,) = problems
    assert (problem.line, problem.column) == (2, 8)
    assert problem.message == (
        "文件不是 UTF-8 编码（第 2 行有无法识别的字节 0xBF）。看起来是 GBK/GB18030 编码（中文 Windows 的默认编码）。"
    )
    assert "UTF-8" in problem.hint


def test_duplicate_key(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert located(problems) == ["4:3: 重复的键 'c'（第 3 行已经写过）"]


@pytest.mark.parametrize("text, expected", [
    ("a: !!python/object:os.system x\n", "1:4: 不允许的标签 !!python/object:os.system"),
    ("a: !custom x\n", "1:4: 不允许的标签 !custom"),
    ("a: !!binary aGVsbG8=\n", "1:4: 不允许的标签 !!binary"),
    ("a: !!set {x}\n", "1:4: 不允许的标签 !!set"),
])
def test_tags_refused(tmp_path: Path, text: str, expected: str) -> None:
    _, problems = read(tmp_path, text)
    assert located(problems) == [expected]


def test_merge_key_refused(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "base: &b {x: 1}\nother:\n  <<: *b\n")
    assert located(problems) == ["3:3: 不支持合并键 <<"]


def test_non_text_key(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "1: a\n")
    assert located(problems) == ["1:1: 键 '1' 必须是文字"]


def test_alias_bomb_is_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    _, problems = read(tmp_path, "\n".join(lines) + "\n")
    assert len(problems) == 1
    assert problems[0].message.startswith("嵌套层数过深或别名（alias）展开过多")


def test_recursive_alias_is_bounded(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "a: &a [*a]\n")
    assert len(problems) == 1 and problems[0].message.startswith("嵌套层数过深")


def test_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert len(problems) == 1 and problems[0].message.startswith("嵌套层数过深")
    _, ok = read(tmp_path, "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n")
    assert ok == []


def test_syntax_error_located(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "title: a\nsteps:\n  - id: x\n   role: y\n")
    (problem,) = problems
    assert (problem.line, problem.column) == (4, 4)
    assert problem.message.startswith("YAML 语法错误：")


def test_tab_indentation_hint(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "a:\n\tb: 1\n")
    (problem,) = problems
    assert (problem.line, problem.column) == (2, 1)
    assert problem.hint == "缩进只能用空格，不能用 Tab 键"


def test_empty_file(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "# only a comment\n")
    assert located(problems) == ["1:1: 文件是空的"]


def test_bom_and_crlf_in_real_layout(tmp_path: Path) -> None:
    """A file saved by Windows Notepad (BOM + CRLF) passes the whole check."""
    data = copy_mini(tmp_path)
    path = data / "sops" / "repair.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert run(data) == []


def test_gbk_in_real_layout(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    path = data / "roles" / "fixer.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert brief(run(data)) == [
        # 维 is CE AC in GBK, which happens to be valid UTF-8: the first invalid byte comes next
        "roles/fixer.yaml:1:10: 文件不是 UTF-8 编码（第 1 行有无法识别的字节 0xD0）。看起来是 GBK/GB18030 编码（中文 Windows 的默认编码）。",
    ]  # and nothing else: the role is unreadable, not unknown, so references to it stay quiet


def test_folded_lines_join_chinese_without_space(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "a: >-\n  第一行，\n  第二行 and\n  English\nb: 单行 中间 有空格\n")
    assert problems == []
    assert doc.data == {"a": "第一行，第二行 and English", "b": "单行 中间 有空格"}
