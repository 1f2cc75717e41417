"""The page of one job description (``roles/<id>.md``).

A new employee opens it to learn what they do, in which procedures and within what time. The page
therefore starts with a summary box derived from the procedures (every procedure the role takes
part in, its part in it, the steps it owns and their time limits), then gives the job description
as written, then the details: steps with limits, forms, and the hand-offs to and from other roles.
"""

from __future__ import annotations

from handbook.manual.derive import (
    INFORMED, SUPPORTS, Handoff, OwnedStep, Participation, compress_numbers, forms_filled, handoff_partners,
    owned_steps, procedures_of,
)
from collections.abc import Iterator

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import data_source, form_link, limit_text, role_link, sop_link
from handbook.render.markup import Md, bullets, inline, numbered, table
from handbook.manual.numbering import form_code, part_title, role_code, role_heading
from handbook.render.spec import BookPlace, Doc, PageSpec, SiteOptions
from handbook.render.stamp import print_stamp, source_note
from handbook.render.templating import render


def supervises(manual: Manual, role_id: str) -> list[str]:
    """Roles that report to this one (derived: each role says only whom it reports to)."""
    return [r for r, role in manual.roles.items() if role.reports_to == role_id]


def unit_of(manual: Manual, role_id: str) -> str:
    for unit in manual.organization.units:
        if any(p.role == role_id for p in unit.positions):
            return unit.name
    return ""


def marks_text(part: Participation) -> str:
    """The role's part in a procedure, e.g. ``负责·批准（归口）``."""
    return "·".join(part.marks) + ("（归口）" if part.is_owner else "")


def limits_text(manual: Manual, role_id: str, sop_id: str) -> Md:
    """The role's time-limited steps in one procedure: ``action：limit`` for each, shortest first."""
    steps = sorted((s for s in owned_steps(manual, role_id, sop_id) if s.limit is not None),
                   key=lambda s: (s.limit, s.number))
    return Md("；").join(Md("{} <strong>{}</strong>").format(inline(s.action, manual.lookup), inline(s.limit.label))
                        for s in steps if s.limit is not None)


def steps_text(steps: list[OwnedStep]) -> str:
    """``负责第 1–3、5 步；批准第 4 步`` for the role's steps in one procedure."""
    done = [s.number for s in steps if not s.approval]
    approved = [s.number for s in steps if s.approval]
    parts = [f"{verb}第 {compress_numbers(n)} 步" for verb, n in (("负责", done), ("批准", approved)) if n]
    return "；".join(parts)


def summary_box(manual: Manual, role_id: str) -> Md:
    """The box at the top: the procedures, the role's part, its steps and their time limits."""
    parts = procedures_of(manual, role_id)
    steps = owned_steps(manual, role_id)
    limited = sum(1 for s in steps if s.limit is not None)
    forms = [f for f in forms_filled(manual, role_id) if f.steps]
    rows = []
    for part in parts:
        mine = owned_steps(manual, role_id, part.sop_id)
        if mine:
            rows.append([
                sop_link(manual, part.sop_id) + ("（归口）" if part.is_owner else ""), steps_text(mine),
                limits_text(manual, role_id, part.sop_id),
            ])
    owning = sum(1 for p in parts if p.owned)
    lines = [
        Md("**参与 {} 个程序，在其中 {} 个程序里负责 {} 个步骤（{} 步有时限），填写 {} 种表格。**").format(
            len(parts), owning, len(steps), limited, len(forms)),
        Md(),
    ]
    if rows:
        lines.append(table(["程序", "本岗位的步骤", "有时限的步骤"], rows))
    for mark, label in ((SUPPORTS, "只协助的程序"), (INFORMED, "只知会的程序")):  # no step of the role: one line
        others = [p for p in parts if not p.owned and mark in p.marks]
        if others:
            lines.append(Md("{}：{}\n").format(label, Md("、").join(sop_link(manual, p.sop_id) for p in others)))
    lines.append(Md("学习顺序见{}；“负责、批准、协助、知会”的含义见{}。\n").format(
        urls.link("本岗位的培训路径", urls.training(role_id)), urls.link("岗位职责矩阵", urls.MATRIX)))
    return render("role_summary.html", body=Md("\n").join(lines)) + Md("\n")


def _duties(manual: Manual, role_id: str) -> Md:
    items = []
    for duty in manual.roles[role_id].duties:
        text = inline(duty.text, manual.lookup)
        known = [s for s in duty.procedures if s in manual.sops]
        if known:
            text += Md("<br><small>执行程序：{}</small>").format(
                Md("、").join(sop_link(manual, s, numbered=False) for s in known))
        elif duty.no_procedure:
            text += Md("<br><small>无对应程序：{}</small>").format(inline(duty.no_procedure, manual.lookup))
        items.append(text)
    return numbered(items)


def _participation_table(manual: Manual, role_id: str) -> Md:
    rows = [[sop_link(manual, p.sop_id), marks_text(p), inline(p.duty or "", manual.lookup)]
            for p in procedures_of(manual, role_id)]
    return table(["程序", "本岗位", "在本程序中的职责"], rows)


def _steps_table(manual: Manual, role_id: str) -> Md:
    rows: list[list[str]] = []
    last = None
    for step in owned_steps(manual, role_id):
        sop = manual.sops[step.sop_id]
        forms = Md("<br>").join(form_link(manual, f) for f in step.records if f in manual.forms)
        rows.append([
            sop_link(manual, step.sop_id) if step.sop_id != last else "",
            Md("{}\\. {}").format(step.number, inline(step.action, manual.lookup)),
            limit_text(manual, sop, sop.steps[step.number - 1]), forms,
        ])
        last = step.sop_id
    return table(["程序", "步骤", "时限", "记录"], rows)


def _forms_table(manual: Manual, role_id: str) -> Md:
    rows = []
    for use in forms_filled(manual, role_id):
        where: dict[str, list[int]] = {}
        for sop_id, number in use.steps:
            where.setdefault(sop_id, []).append(number)
        rows.append([
            form_link(manual, use.form_id) + Md("<br><small>{}</small>").format(form_code(manual, use.form_id)),
            Md("<br>").join(Md("{} 第 {} 步").format(sop_link(manual, s, numbered=False), compress_numbers(n))
                            for s, n in where.items()),
            "保管" if use.keeps else "",
        ])
    return table(["表格", "在哪一步填写", "保管"], rows)


def handoff_text(manual: Manual, items: list[Handoff]) -> Md:
    """Hand-offs grouped by procedure, ``《…》第 3→4、6→7 步``; one into another procedure is shown
    as ``《…》第 6 步转入《…》``."""
    within: dict[str, list[tuple[int, int]]] = {}
    lines: list[Md] = []
    for h in items:
        src, dst = h.numbers(manual)
        if h.target_sop == h.sop_id:
            pairs = within.setdefault(h.sop_id, [])
            if (src, dst) not in pairs:
                pairs.append((src, dst))
        else:
            line = Md("{} 第 {} 步转入{}").format(
                sop_link(manual, h.sop_id, numbered=False), src, sop_link(manual, h.target_sop, numbered=False))
            if line not in lines:
                lines.append(line)
    grouped = [
        Md("{} 第 {} 步").format(sop_link(manual, s, numbered=False), "、".join(f"{a}→{b}" for a, b in sorted(pairs)))
        for s, pairs in within.items()
    ]
    return Md("<br>").join(grouped + lines)


def _handoffs(manual: Manual, role_id: str) -> Md:
    gives, receives = handoff_partners(manual, role_id)
    out = []
    if gives:
        out.append(Md("**交出工作**（本岗位的步骤完成后，由对方接着做）\n\n") + table(
            ["交给", "程序与步骤"], [[role_link(manual, r), handoff_text(manual, h)] for r, h in gives.items()]))
    if receives:
        out.append(Md("**接收工作**（对方的步骤完成后，由本岗位接着做）\n\n") + table(
            ["来自", "程序与步骤"], [[role_link(manual, r), handoff_text(manual, h)] for r, h in receives.items()]))
    return Md("\n").join(out) if out else Md("本岗位的步骤不与其他岗位交接。\n")


def role_page(manual: Manual, role_id: str) -> Md:
    role = manual.roles[role_id]
    lk = manual.lookup
    below = supervises(manual, role_id)
    facts = table(["项目", "内容"], [
        ["所属", inline(unit_of(manual, role_id))],
        ["编制", f"{manual.headcount(role_id)} 人"],
        ["直接上级", role_link(manual, role.reports_to)],
        ["直接下级", Md("、").join(role_link(manual, r) for r in below) or "无"],
        ["工作时间", inline(role.hours, lk)],
        ["文件编号", f"{role_code(manual, role_id)}（版号/改次 {manual.handbook.revision}，"
                 f"{manual.handbook.effective_date.isoformat()} 生效，随手册发布）"],
    ])
    out = [inline(role.summary, lk) + Md("\n"), summary_box(manual, role_id)]
    sections: list[tuple[str, Md]] = [
        ("基本情况", facts),
        ("任职资格", bullets(inline(q, lk) for q in role.qualifications)),
        ("岗位职责", _duties(manual, role_id)),
    ]
    if role.authority:
        sections.append(("工作权限", bullets(inline(a, lk) for a in role.authority)))
    if role.kpis:
        sections.append(("考核指标", table(["指标", "目标"], [[inline(k.indicator), inline(k.target, lk)] for k in role.kpis])))
    if procedures_of(manual, role_id):
        sections.append(("参与的程序", _participation_table(manual, role_id)))
    if owned_steps(manual, role_id):
        sections.append(("负责的步骤及时限", _steps_table(manual, role_id)))
    if forms_filled(manual, role_id):
        sections.append(("填写和保管的表格", _forms_table(manual, role_id)))
    sections.append(("工作交接", _handoffs(manual, role_id)))
    if role.note:
        sections.append(("编写说明", inline(role.note, lk) + Md("\n")))
    for n, (title, body) in enumerate(sections, 1):
        out.append(Md("## {}.0 {}\n\n{}").format(n, title, body))
    out.append(source_note(f"roles/{role_id}.yaml"))
    hb = manual.handbook
    out.append(print_stamp(manual, role_code(manual, role_id), hb.revision, hb.effective_date))
    return Md("\n").join(out)


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    part = part_title(manual, "organization")
    hb = manual.handbook
    for role_id in manual.roles_by_number():
        title = role_heading(manual, role_id)
        yield PageSpec(
            urls.role(role_id), title, "role", lambda role_id=role_id: role_page(manual, role_id),  # type: ignore[misc]
            nav=(part,), source=data_source(manual, "roles", role_id),
            book=BookPlace(11, f"role-{role_id}", Doc(role_code(manual, role_id), hb.revision,
                                                      hb.effective_date.isoformat()), level=2, cls="role"))
