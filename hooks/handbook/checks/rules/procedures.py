"""Each procedure: its references (roles, forms, commitments, procedures), its time limits, its
flow (every step reachable, every path reaching an end) and its review date."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import COMMITMENT, FORM, PROCEDURE, ROLE, STEP, CheckContext, Where
from handbook.data.model import Branch, Sop, Step
from handbook.data.problems import Problem, shown
from handbook.data.timelimit import parse_time_limit
from handbook.manual import flow
from handbook.manual.manual import add_months


def references(ctx: CheckContext) -> Iterator[Problem]:
    for sop_id, sop in ctx.sops.items():
        rel = f"sops/{sop_id}.yaml"
        yield from ctx.ref(rel, ("owner",), sop.owner, ctx.everyone, ROLE)
        for i, resp in enumerate(sop.responsibilities):
            yield from ctx.ref(rel, ("responsibilities", i, "role"), resp.role, ctx.everyone, ROLE)
        step_ids = _step_ids(sop)
        for i, step in enumerate(sop.steps):
            base: Where = ("steps", i)
            yield from ctx.ref(rel, base + ("role",), step.role, ctx.everyone, ROLE)
            for j, role in enumerate(step.support):
                yield from ctx.ref(rel, base + ("support", j), role, ctx.everyone, ROLE)
            for j, form in enumerate(step.records):
                yield from ctx.ref(rel, base + ("records", j), form, ctx.files.forms, FORM)
            for where, target in _targets(base, step):
                if target.next is not None and target.next != step.id:
                    yield from ctx.ref(rel, where + ("next",), target.next, step_ids, STEP)
                if target.handoff is not None and target.handoff != sop_id:
                    yield from ctx.ref(rel, where + ("handoff",), target.handoff, ctx.files.sops, PROCEDURE)
        for i, form in enumerate(sop.records):
            yield from ctx.ref(rel, ("records", i), form, ctx.files.forms, FORM)
        for i, other in enumerate(sop.related):
            if other == sop_id:
                yield ctx.at(rel, ("related", i), "相关程序不能是本程序自身", "删去这一项", code="ref.self")
            else:
                yield from ctx.ref(rel, ("related", i), other, ctx.files.sops, PROCEDURE)


def time_limits(ctx: CheckContext) -> Iterator[Problem]:
    """A limit taken from a commitment must name one that has a limit, and say the same."""
    for sop_id, sop in ctx.sops.items():
        rel = f"sops/{sop_id}.yaml"
        places: list[tuple[Where, str | None, str | None]] = [
            (("steps", i), step.time_limit, step.commitment) for i, step in enumerate(sop.steps)]
        places += [(("checklist", g, "items", k), item.time_limit, item.commitment)
                   for g, group in enumerate(sop.checklist) for k, item in enumerate(group.items)]
        for base, limit, commitment in places:
            if commitment is None:
                continue
            unknown = ctx.ref(rel, base + ("commitment",), commitment, ctx.commitments, COMMITMENT)
            if unknown:
                yield from unknown
                continue
            promised = ctx.commitments[commitment].time_limit
            if promised is None:
                yield ctx.at(rel, base + ("commitment",), f"服务承诺 '{commitment}' 没有时限，不能作为步骤时限引用",
                             "在正文中引用它，或给该承诺加上 time_limit", code="limit.no-limit")
            elif limit is not None and parse_time_limit(limit).minutes != parse_time_limit(promised).minutes:
                yield ctx.at(rel, base + ("time_limit",),
                             f"时限 {limit} 与服务承诺 '{commitment}' 的时限 {promised} 不一致",
                             "删去这里的 time_limit（以承诺为准），或修改 commitments.yaml 中的承诺", code="limit.mismatch")


def flows(ctx: CheckContext) -> Iterator[Problem]:
    for sop_id, sop in ctx.sops.items():
        rel = f"sops/{sop_id}.yaml"
        step_ids = _step_ids(sop)
        for i, step in enumerate(sop.steps):
            if step_ids[step.id] != i:
                yield ctx.at(rel, ("steps", i, "id"), f"重复的步骤 id '{step.id}'（第 {step_ids[step.id] + 1} 步已用）",
                             "每一步的 id 在本程序内必须唯一", code="id.duplicate")
            labels: set[str] = set()
            for where, target in _targets(("steps", i), step):
                if isinstance(target, Branch):
                    if target.label in labels:
                        yield ctx.at(rel, where + ("label",), f"分支标签 '{shown(target.label)}' 重复",
                                     "每个分支用不同的标签", code="list.duplicate")
                    labels.add(target.label)
                if target.next == step.id:
                    yield ctx.at(rel, where + ("next",), "步骤不能指向自己", "改为指向前一步（循环）或后一步", code="ref.self")
                if target.handoff == sop_id:
                    yield ctx.at(rel, where + ("handoff",), "不能转入本程序自身", "用 next 指向本程序的步骤", code="ref.self")
        if len(step_ids) == len(sop.steps):  # with repeated ids the graph would be ambiguous
            yield from _paths(ctx, rel, sop)


def review_dates(ctx: CheckContext) -> Iterator[Problem]:
    cycle = ctx.files.handbook.review_cycle_months if ctx.files.handbook is not None else 12
    for sop_id, sop in ctx.sops.items():
        rel = f"sops/{sop_id}.yaml"
        due = add_months(sop.last_reviewed, cycle)
        if due < ctx.today:
            yield ctx.at(rel, ("last_reviewed",),
                         f"已过复审期：最近评审 {sop.last_reviewed.isoformat()}，应于 {due.isoformat()} 前复审",
                         "复审后更新 last_reviewed；如有修改，同时在 history 中加一条修订记录", severity="warning", code="review.overdue")
        if sop.last_reviewed > ctx.today:
            yield ctx.at(rel, ("last_reviewed",), f"评审日期 {sop.last_reviewed.isoformat()} 晚于今天", "检查日期是否写错", code="review.future")


def _step_ids(sop: Sop) -> dict[str, int]:
    """Each step id at its first place."""
    ids: dict[str, int] = {}
    for i, step in enumerate(sop.steps):
        ids.setdefault(step.id, i)
    return ids


def _targets(base: Where, step: Step) -> list[tuple[Where, Step | Branch]]:
    """Where a step goes from: the step itself, and each branch of its decision."""
    found: list[tuple[Where, Step | Branch]] = [(base, step)]
    if step.decision is not None:
        found += [(base + ("decision", "branches", b), branch) for b, branch in enumerate(step.decision.branches)]
    return found


def _paths(ctx: CheckContext, rel: str, sop: Sop) -> Iterator[Problem]:
    falls_off = flow.falls_off(sop)
    if falls_off:
        yield ctx.at(rel, ("steps", len(sop.steps) - 1), f"最后一步 '{sop.steps[-1].id}' 没有写去向",
                     "在最后一步写 end: true（结束）、handoff: <程序 id>（转入其他程序）或 next: <步骤 id>", code="flow.no-exit")
    reachable = flow.reachable(sop)
    ending = flow.reaches_end(sop)
    for i, step in enumerate(sop.steps):
        if step.id not in reachable:
            yield ctx.at(rel, ("steps", i, "id"), f"步骤 '{step.id}' 从第一步出发无法到达",
                         "让前面某一步用 next 或判断分支指向它，或删去这一步", code="flow.unreachable")
        elif step.id not in ending and not falls_off:
            yield ctx.at(rel, ("steps", i, "id"), f"从步骤 '{step.id}' 出发的路径永远到不了结束",
                         "检查循环：至少有一个分支要走向 end: true 或 handoff", code="flow.no-end")
