"""Placeholders: every ``{{namespace.name}}`` in the data stands for something, and no ``{{`` or
``}}`` is left over."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import CheckContext
from handbook.data.placeholders import find, has_stray_braces
from handbook.data.problems import Problem
from handbook.data.walk import strings


def placeholders(ctx: CheckContext) -> Iterator[Problem]:
    manual = ctx.manual
    if manual is None:
        return
    for rel, doc in ctx.docs.items():
        for path, text in strings(doc.data):
            for namespace, name, whole in find(text):
                if manual.lookup(namespace, name) is None:
                    if namespace == "commitment":
                        hint = "commitment 后写服务承诺 id（须有时限）"
                    elif namespace == "estate":
                        hint = "可用：estate.name、estate.hotline、estate.front_desk_hours、estate.households、estate.office"
                    else:
                        hint = "只能引用 estate.<字段> 或 commitment.<承诺 id>"
                    yield ctx.at(rel, path, f"无法识别的引用 {whole}", hint, code="placeholder.unknown")
            if has_stray_braces(text):
                yield ctx.at(rel, path, "文字中有不成对的 {{ 或 }}", "引用写成 {{estate.hotline}} 或 {{commitment.<id>}}", code="placeholder.stray-braces")
