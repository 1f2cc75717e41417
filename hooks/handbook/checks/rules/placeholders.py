"""Placeholders: every ``{{namespace.name}}`` in the data names an entry of the handbook's table of
placeholders (``Manual.placeholders``), no ``{{`` or ``}}`` is left over, and the estate's own
values, which the placeholders stand for, contain none."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import CheckContext
from handbook.data.placeholders import find, has_stray_braces
from handbook.data.problems import Problem, shown
from handbook.data.walk import strings

#: What each namespace takes, for the hint of a placeholder that names nothing.
NAMESPACES = {
    "estate": "estate 后写项目信息的字段名",
    "commitment": "commitment 后写服务承诺 id（须有时限）",
    "law": "law 后写法规清单中的 id，可加条号，如 {{law.civil-code:944}}",
}


def placeholders(ctx: CheckContext) -> Iterator[Problem]:
    manual = ctx.manual
    if manual is None:
        return
    table = manual.placeholders
    for rel, doc in ctx.docs.items():
        for path, text in strings(doc.data):
            for namespace, name, whole in find(text):
                if namespace == "law":
                    continue  # judged with every other citation of the register: rules.laws
                if (namespace, name) not in table:
                    yield ctx.at(rel, path, f"无法识别的引用 {shown(whole)}", _hint(namespace, table), code="placeholder.unknown")
            if has_stray_braces(text):
                yield ctx.at(rel, path, "文字中有不成对的 {{ 或 }}", "引用写成 {{estate.hotline}} 或 {{commitment.<id>}}",
                             code="placeholder.stray-braces")


def estate_values(ctx: CheckContext) -> Iterator[Problem]:
    """The estate's values are what ``{{estate.…}}`` stands for: a placeholder inside one would
    stand for itself (``hotline: "{{estate.hotline}}"``), or print as written."""
    rel = ctx.estates.rel if ctx.estates.chosen is not None else "handbook.yaml"
    doc = ctx.docs.get(rel)
    estate = doc.data.get("estate") if doc is not None and isinstance(doc.data, dict) else None
    if doc is None or not isinstance(estate, dict):
        return
    for key, value in estate.items():
        for _, _, whole in find(value) if isinstance(value, str) else []:
            yield ctx.at(rel, ("estate", key), f"项目信息 {key} 中写了引用 {shown(whole)}：项目信息就是引用所代表的值",
                         f"直接写出 {key} 的值，不要再写 {{{{…}}}}", code="placeholder.in-value")


def _hint(namespace: str, table: dict[tuple[str, str], str]) -> str:
    names = [f"{ns}.{name}" for ns, name in table if ns == namespace]
    if namespace == "estate" and names:
        return "可用：" + "、".join(names)
    if namespace in NAMESPACES:
        return NAMESPACES[namespace]
    return "只能引用 " + "、".join(f"{ns}.<…>" for ns in NAMESPACES)
