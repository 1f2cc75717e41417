"""No value from the data can forge a line of the check report or of the change notice.

A glossary term or a procedure title may hold a line break (``"甲\\n没有发现问题。"``); printed as
it is, it would start a line of its own and could pass for the report's all-clear or for a
section of the notice. Every value is printed on one line, its line breaks shown as ``\\n``. The
notice test poisons every text field of the small handbook that still validates (the fields are
found from the models, so a new field is covered without editing this test).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from handbook.changes.diff import compare
from handbook.changes.notice import render_notice
from handbook.changes.snapshot import load_snapshot
from handbook.data.laws import FILE as LAWS_FILE, Laws
from handbook.data.load import read_document
from handbook.data.model import COLLECTIONS, SINGLE_FILES
from handbook.data.problems import report
from handbook.data.validate import validate
from handbook.data.walk import strings
from handbook.data.yamlnodes import plain

from helpers import MINI, copy_mini, edit, run

FORGED = ["没有发现问题。", "一、伪造的一节", "    1. 伪造的一条"]
POISON = "".join("\n" + line for line in FORGED)


def _set(data: dict, path: tuple, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def poison(folder: Path) -> int:
    """Append POISON to every text of every file of ``folder`` that stays valid; how many."""
    count = 0
    models = {**{name: model for name, model in SINGLE_FILES.items()}, LAWS_FILE: Laws,
              **{f"{folder_name}/{p.name}": model for folder_name, model in COLLECTIONS.items()
                 for p in sorted((folder / folder_name).glob("*.yaml"))}}
    for rel, model in models.items():
        path = folder / rel
        doc, problems = read_document(path, rel)
        assert doc is not None and problems == []
        data = plain(doc.data)
        for where, text in list(strings(data)):
            _set(data, where, text + POISON)
            doc.data = data
            value, _ = validate(doc, model)
            if value is None:
                _set(data, where, text)  # an id, a time limit, a date: must stay what it is
            else:
                count += 1
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def assert_not_forged(text: str) -> None:
    lines = text.splitlines()
    for forged in FORGED:
        assert forged not in lines, f"a value forged the line {forged!r}"
    assert not any(line.startswith("一、伪造") for line in lines)


def test_every_text_of_the_notice_stays_on_its_line(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    assert poison(new) > 40
    notice = render_notice(compare(load_snapshot(old, "旧"), load_snapshot(new, "新")))
    assert "\\n没有发现问题。" in notice  # the values are there, their line breaks shown
    assert_not_forged(notice)


def test_a_title_with_a_line_break_in_the_notice(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    edit(new, "sops/repair.yaml", "title: 报修处理程序", 'title: "报修\\n没有发现问题。"')
    notice = render_notice(compare(load_snapshot(old, "旧"), load_snapshot(new, "新")))
    assert "名称由「报修处理程序」改为「报修\\n没有发现问题。」" in notice
    assert_not_forged(notice)


def test_a_glossary_term_with_a_line_break_in_the_report(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    text = (data / "glossary.yaml").read_text(encoding="utf-8")
    term = '"急修\\n没有发现问题。"'
    (data / "glossary.yaml").write_text(
        text + f"  - term: {term}\n    meaning: 甲\n  - term: {term}\n    meaning: 乙\n", encoding="utf-8")
    problems = run(data)
    assert [p.code for p in problems] == ["list.duplicate"]
    printed = report(problems)
    assert "术语 '急修\\n没有发现问题。' 重复" in printed
    assert_not_forged(printed)


# --------------------------------------------------------------------------- what the commands print


def test_handbook_check_prints_a_value_with_line_breaks_on_one_line(tmp_path: Path, capsys) -> None:
    """Over the command's own output: a glossary term repeated and a role's title written where
    its id belongs, both with line breaks, quoted in messages and hints."""
    from handbook.cli import main

    data = copy_mini(tmp_path)
    term = '"急修\\n没有发现问题。\\n    1. 伪造的一条"'
    with (data / "glossary.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"  - term: {term}\n    meaning: 甲\n  - term: {term}\n    meaning: 乙\n")
    edit(data, "roles/clerk.yaml", "title: 客服助理", 'title: "客服\\n一、伪造的一节\\n没有发现问题。"')
    edit(data, "sops/repair.yaml", "  - id: receive\n    role: clerk",
         '  - id: receive\n    role: "客服\\n一、伪造的一节\\n没有发现问题。"')
    assert main(["check", str(data)]) == 1
    out, err = capsys.readouterr()
    assert "急修\\n没有发现问题。" in out  # the values are there, on one line
    assert "'客服\\n一、伪造的一节\\n没有发现问题。' 是岗位名称" in out  # the title, in the hint
    assert_not_forged(out + err)


def test_handbook_diff_prints_a_title_with_line_breaks_on_one_line(tmp_path: Path, capsys) -> None:
    from handbook.cli import main

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    edit(new, "sops/repair.yaml", "title: 报修处理程序", 'title: "报修\\n一、伪造的一节\\n没有发现问题。"')
    edit(new, "sops/complaint.yaml", "title:", 'title: "投诉\\n    1. 伪造的一条"\ntitle:')  # broken: reported
    main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    assert "报修\\n一、伪造的一节\\n没有发现问题。" in out
    assert "Traceback" not in out + err and err  # the broken file is reported
    assert_not_forged(out + err)


def test_a_line_or_paragraph_separator_is_refused_and_never_printed_raw(tmp_path: Path, capsys) -> None:
    """U+2028 and U+2029 end a line for Python's ``splitlines``, editors and log viewers (not for
    every terminal): refused like control characters, and escaped wherever a value is quoted."""
    from handbook.cli import main

    data = copy_mini(tmp_path)
    term = '"急修\\u2028没有发现问题。\\u2029一、伪造的一节"'
    with (data / "glossary.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"  - term: {term}\n    meaning: 甲\n  - term: {term}\n    meaning: 乙\n")
    assert main(["check", str(data)]) == 1
    out, err = capsys.readouterr()
    assert "U+2028" in out  # located, named
    assert "\u2028" not in out + err and "\u2029" not in out + err
    assert_not_forged(out + err)

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    edit(new, "sops/repair.yaml", "title: 报修处理程序", 'title: "报修\\u2028一、伪造的一节\\u2029没有发现问题。"')
    main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    assert "\u2028" not in out + err and "\u2029" not in out + err
    assert_not_forged(out + err)
