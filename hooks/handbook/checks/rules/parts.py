"""The parts of ``handbook.yaml``: one organization part and one procedures part, which lists every
procedure once (in a list or in groups, not both)."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import PROCEDURE, CheckContext, Where
from handbook.data.model import Handbook, Part
from handbook.data.problems import Problem, shown

REL = "handbook.yaml"


def parts(ctx: CheckContext) -> Iterator[Problem]:
    handbook = ctx.files.handbook
    if handbook is None:
        return
    listed: set[str] = set()
    for p, part in enumerate(handbook.parts):
        yield from _shape(ctx, p, part)
    for where, sop_id in listed_procedures(handbook):
        if sop_id in listed:
            yield ctx.at(REL, where, f"程序 '{sop_id}' 重复列出", "每个程序只列一次", code="list.duplicate")
            continue
        unknown = ctx.ref(REL, where, sop_id, ctx.files.sops, PROCEDURE)
        yield from unknown
        if not unknown:
            listed.add(sop_id)
    kinds = [part.kind for part in handbook.parts]
    for kind in ("organization", "procedures"):
        if kinds.count(kind) != 1:
            yield ctx.at(REL, ("parts",), f"parts 中 kind: {kind} 应恰好出现一次", "每种部分写一个", code="parts.kinds")
    for sop_id in ctx.files.sops:
        if sop_id not in listed:
            yield ctx.whole_file(f"sops/{sop_id}", f"程序 '{sop_id}' 没有列入 handbook.yaml 的程序顺序",
                                 "在 handbook.yaml 中 kind: procedures 部分的 procedures 列表（或某个分组）里加上 " + sop_id, code="procedure.not-in-order")


def listed_procedures(handbook: Handbook) -> list[tuple[Where, str]]:
    """Every procedure id the parts list, where it is written, in the handbook's order."""
    places: list[tuple[Where, str]] = []
    for p, part in enumerate(handbook.parts):
        places += [(("parts", p, "procedures", i), s) for i, s in enumerate(part.procedures)]
        places += [(("parts", p, "groups", g, "procedures", i), s)
                   for g, group in enumerate(part.groups) for i, s in enumerate(group.procedures)]
    return places


def _shape(ctx: CheckContext, p: int, part: Part) -> Iterator[Problem]:
    """Only the procedures part lists procedures, in a list or in groups but not both."""
    if part.kind != "procedures" and part.procedures:
        yield ctx.at(REL, ("parts", p, "procedures"), "只有 kind: procedures 的部分可以列程序", "把程序移到 kind: procedures 的部分", code="parts.shape")
    if part.kind != "procedures" and part.groups:
        yield ctx.at(REL, ("parts", p, "groups"), "只有 kind: procedures 的部分可以分组", "把分组移到 kind: procedures 的部分",
                     key=True, code="parts.shape")
    if part.procedures and part.groups:
        yield ctx.at(REL, ("parts", p, "groups"), "procedures 与 groups 只能写一个",
                     "程序不多时直接列在 procedures 下；要分组时把它们全部移到 groups 的各组里", key=True, code="parts.shape")
    titles: set[str] = set()
    for g, group in enumerate(part.groups):
        if group.title in titles:
            yield ctx.at(REL, ("parts", p, "groups", g, "title"), f"分组标题 '{shown(group.title)}' 重复", "每组用不同的标题", code="list.duplicate")
        titles.add(group.title)
