"""The 时限一览 page: every time limit grouped by commitment, internal limits, and the conflicts."""

from __future__ import annotations

from handbook.checks.limits import (
    LimitUse,
    checklist_without_step,
    different_limits,
    limit_key,
    limit_uses,
    near_identical,
    unreferenced,
)
from handbook.manual.manual import Manual
from collections.abc import Iterator

from handbook.render import urls
from handbook.render.fragments import appendix_nav
from handbook.render.markup import Md, inline, table
from handbook.manual.numbering import sop_code
from handbook.render.spec import PageSpec, SiteOptions
from handbook.render.stamp import maint_note, print_stamp

TITLE = "时限一览"

EXPLANATION = Md(
    "**怎样判断**：同一段文字（步骤的工作内容或检查项）在手册中出现两次以上而时限不同，员工会收到两个说法，"
    "列为**警告**，须统一后才能发布。"
    "其余三类列为**提示**，不影响生成：内部时限恰好等于某项承诺的时限，常常只是巧合"
    "（“立即”“当日”是通用要求，不参与比较）；文字相近而时限不同、检查单的时限在本程序步骤中找不到，"
    "值得编写人看一眼，但不一定有错。"
    "步骤自己的时限与所引用承诺不一致，检查器早已作为错误拦下，不会出现在这里。\n"
)


def _doc_link(manual: Manual, use: LimitUse) -> Md:
    target = urls.sop(use.sop_id) if use.is_step else urls.checklist(use.sop_id)
    title = manual.sops[use.sop_id].title
    return urls.link(Md("{} {}").format(sop_code(manual, use.sop_id), inline(title)), target)


def _role(manual: Manual, use: LimitUse) -> Md:
    return inline(manual.role_title(use.role)) if use.role is not None else Md("（检查单）")


def _where(manual: Manual, use: LimitUse) -> Md:
    return Md("{} {}").format(_doc_link(manual, use), use.place)


def _commitment_sections(manual: Manual, uses: list[LimitUse]) -> Md:
    out = []
    n = 0
    for c in manual.commitments.values():
        if not c.time_limit:
            continue
        n += 1
        mine = [u for u in uses if u.commitment == c.id]
        label = manual.lookup("commitment", c.id) or ""
        body = inline(c.promise, manual.lookup)
        if c.basis:
            body += Md("（依据：{}）").format(inline(c.basis))
        if mine:
            body += Md("\n\n") + table(["程序", "位置", "岗位", "内容"], [
                [_doc_link(manual, u), u.place, _role(manual, u), inline(u.text, manual.lookup)] for u in mine
            ])
        else:
            body += Md("\n\n尚无步骤或检查项引用这项承诺。\n")
        out.append(Md("### {}. {}：{}\n\n{}").format(n, inline(c.title), inline(label), body))
    without = [inline(c.title) for c in manual.commitments.values() if not c.time_limit]
    if without:
        out.append(Md("没有具体时限的承诺不列在这里：{}，见{}。\n").format(
            Md("、").join(without), urls.link("服务承诺一览", urls.COMMITMENTS)))
    return Md("\n").join(out)


def _internal_table(manual: Manual, uses: list[LimitUse]) -> Md:
    internal = sorted((u for u in uses if u.commitment is None), key=lambda u: u.limit.minutes)
    if not internal:
        return Md("没有内部时限：所有时限都引用服务承诺。\n")
    return table(["时限", "程序", "位置", "岗位", "内容"], [
        [inline(u.limit.label), _doc_link(manual, u), u.place, _role(manual, u), inline(u.text, manual.lookup)]
        for u in internal
    ])


def _conflicts(manual: Manual, uses: list[LimitUse]) -> tuple[Md, int, int]:
    """The checks section, the number of warnings and the number of notes."""
    parts = []
    none = Md("未发现。\n")
    groups = different_limits(uses)
    rows: list[list[str]] = []
    for group in groups:
        for use in group:
            rows.append([Md("「{}」").format(inline(group[0].text)), _where(manual, use), inline(use.limit.label)])
    parts.append(Md("### 警告：同样的内容，时限不同\n\n") + (table(["内容", "位置", "时限"], rows) if rows else none))

    same = unreferenced(manual, uses)
    rows = []
    for item in same:
        titles = [inline(manual.commitments[c].title) for c in item.commitments]
        if item.likely:
            titles[0] = Md("**{}**（文字相近，可能应引用）").format(titles[0])
        rows.append([_where(manual, item.use), inline(item.use.text), inline(item.use.limit.label), Md("、").join(titles)])
    parts.append(
        Md("### 提示：与承诺时限相同，但没有引用承诺\n\n"
        "如果这一步做的正是承诺中的事，应改为引用该承诺，以后承诺调整时这里会随之改变；"
        "如果只是时限碰巧相同，不必处理。\n\n")
        + (table(["位置", "内容", "时限", "时限相同的承诺"], rows) if rows else none)
    )

    near = near_identical(uses)
    rows = [[Md("{}「{}」{}").format(_where(manual, a), inline(a.text), inline(a.limit.label)),
             Md("{}「{}」{}").format(_where(manual, b), inline(b.text), inline(b.limit.label)), f"{ratio:.0%}"]
            for a, b, ratio in near]
    parts.append(Md("### 提示：文字相近，时限不同\n\n")
                 + (table(["一处", "另一处", "相似度"], rows) if rows else none))

    lonely = checklist_without_step(uses)
    rows = [[_where(manual, u), inline(u.text), inline(u.limit.label)] for u in lonely]
    parts.append(
        Md("### 提示：检查单的时限在本程序的步骤中没有对应\n\n"
        "检查单通常是步骤的摘要；找不到同样时限的步骤，可能是修改步骤时漏改了检查单，"
        "也可能是检查单提醒的是其他程序中的承诺。\n\n")
        + (table(["位置", "检查项", "时限"], rows) if rows else none)
    )
    warnings = sum(len(g) for g in groups)
    notes = len(same) + len(near) + len(lonely)
    return Md("\n").join(parts), warnings, notes


def limits_page(manual: Manual) -> Md:
    hb = manual.handbook
    uses = limit_uses(manual)
    promised = sum(1 for u in uses if u.commitment is not None)
    distinct = len({limit_key(u.limit) for u in uses})
    checks, n_warn, n_note = _conflicts(manual, uses)
    intro = Md(
        "手册中每一个步骤和检查项的时限都列在这里，共 {} 处、{} 种时限："
        "引用服务承诺的 {} 处，各程序自定的内部时限 {} 处。"
        "核对结果：警告 {} 处，提示 {} 处（见第三节）。\n\n"
        "服务承诺是对客户公开的时限，全手册只有一套，各程序引用同一条承诺；"
        "内部时限是各程序自定的工作要求。\n\n"
    ).format(len(uses), distinct, promised, len(uses) - promised, n_warn, n_note)
    maint = maint_note(Md(
        "服务承诺只在 `commitments.yaml` 中写一次，步骤用 `commitment: <承诺 id>` 引用；内部时限写在步骤的 "
        "`time_limit:` 中。第三节的警告在生成手册时同样报出，`make build` 会因此失败；提示不影响生成。"))
    return (
        intro
        + Md("## 一、服务承诺的时限\n\n") + _commitment_sections(manual, uses) + Md("\n")
        + Md("## 二、内部时限\n\n程序自定、未对客户公开承诺的时限，由短到长排列。\n\n") + _internal_table(manual, uses) + Md("\n")
        + Md("## 三、时限核对\n\n") + EXPLANATION + Md("\n") + checks + Md("\n") + maint + Md("\n")
        + print_stamp(manual, None, hb.revision, hb.effective_date)
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    yield PageSpec(urls.TIME_LIMITS, TITLE, "appendix", lambda: limits_page(manual), nav=appendix_nav(manual))
