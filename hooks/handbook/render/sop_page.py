"""The page of one procedure (``sops/<id>.md``); its front-desk checklist is in :mod:`checklist_page`."""

from __future__ import annotations

from collections.abc import Callable

from handbook.manual import flow
from handbook.manual.manual import Manual
from handbook.render.markup import heading, bullets, inline, table
from handbook.data.model import Sop, Step
from handbook.manual.numbering import KIND_LABEL, form_code, sop_code, sop_heading
from handbook.render.printing import qr_block
from handbook.render.stamp import doc_control, pending_notice, print_stamp, source_note

Section = tuple[str, str]  # (title, body markdown)


def step_numbers(sop: Sop) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(sop.steps, 1)}


def limit_text(manual: Manual, sop: Sop, step: Step) -> str:
    limit = manual.step_limit(sop, step.id)
    if limit is None:
        return ""
    text = inline(limit.label)
    if step.commitment:
        title = manual.commitments[step.commitment].title
        text += f"<br><small>承诺：{inline(title)}</small>"
    return text


def _target_text(manual: Manual, numbers: dict[str, int], target: str) -> str:
    if target == flow.END:
        return "结束"
    if target.startswith(flow.HANDOFF):
        other = target[len(flow.HANDOFF):]
        return f"转入[《{inline(manual.sops[other].title)}》](../sops/{other}.md)"
    return f"第 {numbers[target]} 步"


def route_text(manual: Manual, sop: Sop, step: Step, numbers: dict[str, int]) -> str:
    index = numbers[step.id] - 1
    following = sop.steps[index + 1].id if index + 1 < len(sop.steps) else None
    edges = flow.step_edges(step, following)
    if step.decision is not None:
        branches = "；".join(
            f"{inline(e.label or '')} → {_target_text(manual, numbers, e.target)}" for e in edges
        )
        return f"判断：{inline(step.decision.question)}<br>{branches}"
    if not edges:
        return ""
    target = edges[0].target
    if target == following:
        return "下一步"
    return _target_text(manual, numbers, target)


def _records(manual: Manual, forms: list[str]) -> str:
    return "<br>".join(f"[{inline(manual.forms[f].title)}](../forms/{f}.md)" for f in forms)


def step_table(manual: Manual, sop: Sop) -> str:
    numbers = step_numbers(sop)
    rows = []
    for step in sop.steps:
        who = f"[{inline(manual.role_title(step.role))}](../roles/{step.role}.md)" if step.role in manual.roles \
            else inline(manual.role_title(step.role))
        if step.support:
            who += "<br><small>协助：" + "、".join(inline(manual.role_title(r)) for r in step.support) + "</small>"
        what = f"**{inline(step.action, manual.lookup)}**"
        if step.details:
            what += "<br>" + inline(step.details, manual.lookup)
        rows.append([
            str(numbers[step.id]), who, what, limit_text(manual, sop, step),
            _records(manual, step.records), route_text(manual, sop, step, numbers),
        ])
    # The wrapper lets the screen styles lay each row out as one step to read (handbook.css);
    # the table inside is unchanged, so print keeps its six columns (print.css).
    return table(["序号", "岗位", "工作内容", "时限", "记录", "去向"], rows, cls="steps")


def sop_forms(sop: Sop) -> list[str]:
    """Every form a procedure uses: those of its steps in order, then its extra records."""
    used: list[str] = []
    for step in sop.steps:
        used.extend(f for f in step.records if f not in used)
    used.extend(f for f in sop.records if f not in used)
    return used


def _sections(manual: Manual, sop_id: str, flowchart: Callable[[Manual, str], str] | None) -> list[Section]:
    sop = manual.sops[sop_id]
    lk = manual.lookup
    sections: list[Section] = [
        ("目的", inline(sop.purpose, lk) + "\n"),
        ("适用范围", inline(sop.scope, lk) + "\n"),
        ("职责", table(["岗位", "职责"], [
            [inline(manual.role_title(r.role)), inline(r.duty, lk)] for r in sop.responsibilities
        ])),
    ]
    if sop.definitions:
        sections.append(("定义", table(["术语", "含义"], [
            [f"**{inline(d.term)}**", inline(d.meaning, lk)] for d in sop.definitions
        ])))
    if flowchart is not None:
        sections.append(("流程图", flowchart(manual, sop_id) + "\n"))
    sections.append(("工作程序", f"起点：{inline(sop.trigger, lk)}\n\n" + step_table(manual, sop)))
    items = []
    for group in sop.checklist:
        items.append(f"**{inline(group.title)}**：" + "；".join(inline(i.text, lk) for i in group.items))
    sections.append(("检查单", bullets(items) + f"\n[打印本程序的前台检查单](../checklists/{sop_id}.md)\n"))
    if sop.key_points:
        sections.append(("注意事项", bullets(inline(k, lk) for k in sop.key_points)))
    forms = sop_forms(sop)
    if forms:
        sections.append(("记录", table(["表格编号", "表格名称", "保存期限", "保管岗位"], [
            [form_code(manual, f), f"[{inline(manual.forms[f].title)}](../forms/{f}.md)",
             inline(manual.forms[f].retention), inline(manual.role_title(manual.forms[f].keeper))]
            for f in forms
        ])))
    if sop.related:
        sections.append(("相关文件", bullets(
            f"[{sop_heading(manual, r)}](../sops/{r}.md)（{sop_code(manual, r)}）" for r in sop.related
        )))
    if sop.self_check:
        blocks = []
        for i, q in enumerate(sop.self_check, 1):
            blocks.append(
                f"{i}\\. {inline(q.question, lk)}\n\n"
                f'<details class="answer"><summary>参考答案</summary><p>{inline(q.answer, lk)}</p></details>\n'
            )
        sections.append(("自测题", "\n".join(blocks)))
    sections.append(("修订记录", table(["版号/改次", "日期", "修订内容", "修订人"], [
        [h.revision, h.date.isoformat(), inline(h.summary), inline(h.author or "")] for h in sop.history
    ])))
    return sections


def sop_page(
    manual: Manual, sop_id: str, flowchart: Callable[[Manual, str], str] | None = None, site_url: str | None = None
) -> str:
    sop = manual.sops[sop_id]
    out = [heading(sop_heading(manual, sop_id)), pending_notice(manual, sop_id) + doc_control(manual, sop_id)]
    for n, (title, body) in enumerate(_sections(manual, sop_id, flowchart), 1):
        out.append(f"## {n}.0 {title}\n\n{body}")
    out.append(source_note(f"sops/{sop_id}.yaml"))
    out.append(print_stamp(manual, sop_code(manual, sop_id), sop.revision, sop.effective_date,
                           manual.role_title(sop.owner), qr=qr_block(site_url, f"sops/{sop_id}.md", "print-qr")))
    return "\n".join(out)


def kind_label(sop: Sop) -> str:
    return KIND_LABEL[sop.kind]
