"""Bounds on the size of the data, far above any real handbook.

What no handbook needs (10,000 steps in one procedure, a text of a megabyte) is refused while a
file is read, before it is validated: the checker, and every build after it, only ever sees data
of a sensible size, and no check or layout whose cost grows with the square of the steps can run
for minutes or exhaust memory. Each bound is about ten times the largest the real handbook has
(measured 2026-12, revision D/0, in the comment beside it); the hint says both.

The number of files in ``sops/``, ``forms/`` and ``roles/`` is bounded where a folder is read
(``checks.reading``); everything else here, on a parsed document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from handbook.data.document import Document
from handbook.data.problems import Problem

#: The longest text of any field. Real: 2,387 characters (a revision summary in handbook.yaml).
MAX_TEXT = 20_000
#: Steps of one procedure. Real: 15 (special-service).
MAX_STEPS = 200
#: Branches of one decision. Real: 6 (owner-records).
MAX_BRANCHES = 50
#: Checklist items of one procedure, all groups together. Real: 28 (renovation).
MAX_CHECKLIST_ITEMS = 300
#: Characters of one checklist item. Real: 59 (repair-request). The bound is the longest item
#: proven to print, in the binder and the book and in Chromium, cut across sheets
#: (tests/paper/test_long_checklist_print.py); an item of 3,000 did not finish WeasyPrint's layout
#: of the book in ten minutes.
MAX_CHECKLIST_ITEM = 1_000
#: Fields of one form, all sections together. Real: 67 (maintenance-fund-application).
MAX_FORM_FIELDS = 500
#: Files in a folder of the data. Real: 38 procedures, 70 forms, 8 roles; the benchmarks build
#: 1,000 procedures.
MAX_FILES = {"sops": 2_000, "forms": 10_000, "roles": 1_000}
#: What the files of each folder are called in messages, and how many the real handbook has.
FILE_WORDS = {"sops": ("程序", 38), "forms": ("表格", 70), "roles": ("岗位", 8)}


def size_problems(doc: Document, model: str) -> list[Problem]:
    """What in ``doc`` (a file of the model named ``model``: ``Sop``, ``Form``, …) is beyond the
    bounds, each located at the list's key or at the text."""
    data = doc.data
    problems = [
        doc.problem(path, f"文字有 {len(text)} 个字符，超过上限 {MAX_TEXT}",
                    "手册中最长的一段文字约 2,400 字（上限是它的 8 倍）：把它分成几段，或拆到几个字段、几个步骤里",
                    code="size.text")
        for path, text in _long_texts(data, ())
    ]
    if not isinstance(data, dict):
        return problems
    if model == "Sop":
        steps = _list(data.get("steps"))
        if len(steps) > MAX_STEPS:
            problems.append(doc.problem(
                ("steps",), f"程序有 {len(steps)} 个步骤，超过上限 {MAX_STEPS}",
                "一个程序用不到这么多步骤（现有的程序最多 15 步）：把它拆成几个程序，用 handoff 衔接",
                code="size.steps", key=True))
        for i, step in enumerate(steps):
            decision = step.get("decision") if isinstance(step, dict) else None
            branches = _list(decision.get("branches")) if isinstance(decision, dict) else []
            if len(branches) > MAX_BRANCHES:
                problems.append(doc.problem(
                    ("steps", i, "decision", "branches"), f"判断有 {len(branches)} 个分支，超过上限 {MAX_BRANCHES}",
                    "一个判断用不到这么多分支（现有的判断最多 6 个）：拆成几个先后的判断", code="size.branches", key=True))
        items = sum(len(_list(g.get("items"))) for g in _list(data.get("checklist")) if isinstance(g, dict))
        if items > MAX_CHECKLIST_ITEMS:
            problems.append(doc.problem(
                ("checklist",), f"检查单有 {items} 项，超过上限 {MAX_CHECKLIST_ITEMS}",
                "检查单要能打印在一页纸上（现有的程序最多 28 项）：只留前台必须逐项核对的，其余写进步骤",
                code="size.checklist", key=True))
        for g, group in enumerate(_list(data.get("checklist"))):
            for i, entry in enumerate(_list(group.get("items")) if isinstance(group, dict) else []):
                text = entry.get("text") if isinstance(entry, dict) else entry
                if isinstance(text, str) and MAX_CHECKLIST_ITEM < len(text) <= MAX_TEXT:
                    path = ("checklist", g, "items", i) + (("text",) if isinstance(entry, dict) else ())
                    problems.append(doc.problem(
                        path, f"检查项有 {len(text)} 个字符，超过上限 {MAX_CHECKLIST_ITEM}",
                        "检查项是前台逐项打勾的一句话（现有的最长 59 字）：只留要核对的动作，说明写进步骤的工作内容",
                        code="size.checklist-item"))
    elif model == "Form":
        fields = sum(len(_list(s.get("fields"))) for s in _list(data.get("sections")) if isinstance(s, dict))
        if fields > MAX_FORM_FIELDS:
            problems.append(doc.problem(
                ("sections",), f"表格有 {fields} 个栏目，超过上限 {MAX_FORM_FIELDS}",
                "一张表格用不到这么多栏目（现有的表格最多 67 个）：拆成几张表格", code="size.form-fields", key=True))
    return problems


def too_many_files(folder: str, count: int) -> tuple[str, str] | None:
    """(message, hint) when the folder ``folder`` (``sops``…) holds more files than its bound."""
    bound = MAX_FILES.get(folder)
    if bound is None or count <= bound:
        return None
    word, real = FILE_WORDS[folder]
    return (f"有 {count} 个{word}文件，超过上限 {bound}，只读取了前 {bound} 个",
            f"现有的手册有 {real} 个{word}，上限远高于任何手册：文件这么多，多半是放错了目录")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _long_texts(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _long_texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _long_texts(item, (*path, i))
