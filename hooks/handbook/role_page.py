"""The page of one job description (``roles/<id>.md``): the description, then what the data implies."""

from __future__ import annotations

from .manual import Manual
from .markup import heading, bullets, inline, numbered, table
from .numbering import role_heading, sop_heading
from .sop_page import limit_text, step_numbers


def supervises(manual: Manual, role_id: str) -> list[str]:
    """Roles that report to this one (derived: each role says only whom it reports to)."""
    return [r for r, role in manual.roles.items() if role.reports_to == role_id]


def unit_of(manual: Manual, role_id: str) -> str:
    for unit in manual.organization.units:
        if any(p.role == role_id for p in unit.positions):
            return unit.name
    return ""


def _role_link(manual: Manual, role_id: str) -> str:
    if role_id in manual.roles:
        return f"[{inline(manual.role_title(role_id))}](../roles/{role_id}.md)"
    return inline(manual.role_title(role_id))


def owned_steps(manual: Manual, role_id: str) -> list[list[str]]:
    """Rows: procedure, step number and action, time limit — every step this role owns."""
    rows = []
    for sop_id, sop in manual.sops.items():
        numbers = step_numbers(sop)
        for step in sop.steps:
            if step.role == role_id:
                rows.append([
                    f"[{inline(sop_heading(manual, sop_id))}](../sops/{sop_id}.md)",
                    f"{numbers[step.id]}. {inline(step.action, manual.lookup)}",
                    limit_text(manual, sop, step),
                ])
    return rows


def role_page(manual: Manual, role_id: str) -> str:
    role = manual.roles[role_id]
    lk = manual.lookup
    below = supervises(manual, role_id)
    facts = table(["项目", "内容"], [
        ["所属", inline(unit_of(manual, role_id))],
        ["编制", f"{manual.headcount(role_id)} 人"],
        ["直接上级", _role_link(manual, role.reports_to)],
        ["直接下级", "、".join(_role_link(manual, r) for r in below) or "无"],
        ["工作时间", inline(role.hours, lk)],
    ])
    out = [heading(role_heading(manual, role_id)), inline(role.summary, lk) + "\n", facts]
    sections: list[tuple[str, str]] = [
        ("任职资格", bullets(inline(q, lk) for q in role.qualifications)),
        ("岗位职责", numbered(inline(d, lk) for d in role.duties)),
    ]
    if role.authority:
        sections.append(("工作权限", bullets(inline(a, lk) for a in role.authority)))
    if role.kpis:
        sections.append(("考核指标", table(["指标", "目标"], [[inline(k.indicator), inline(k.target, lk)] for k in role.kpis])))
    steps = owned_steps(manual, role_id)
    if steps:
        sections.append(("本岗位负责的程序步骤", table(["程序", "步骤", "时限"], steps)))
    if role.note:
        sections.append(("编写说明", inline(role.note, lk) + "\n"))
    for n, (title, body) in enumerate(sections, 1):
        out.append(f"## {n}.0 {title}\n\n{body}")
    from .stamp import source_note

    out.append(source_note(f"roles/{role_id}.yaml"))
    return "\n".join(out)
