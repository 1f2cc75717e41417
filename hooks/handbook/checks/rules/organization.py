"""Who is who: the organization's units and partners, each job description, each form's keeper."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import PARTNER, PROCEDURE, ROLE, CheckContext
from handbook.data.problems import Problem


def organization(ctx: CheckContext) -> Iterator[Problem]:
    org = ctx.files.organization
    if org is None:
        return
    rel = "organization.yaml"
    partner_ids: dict[str, int] = {}
    for i, partner in enumerate(org.partners):
        if partner.id in partner_ids:
            yield ctx.at(rel, ("partners", i, "id"), f"重复的 id '{partner.id}'", "每个外部角色只写一次", code="id.duplicate")
        partner_ids[partner.id] = i
        if partner.id in ctx.files.roles:
            yield ctx.at(rel, ("partners", i, "id"), f"'{partner.id}' 已是中心岗位（roles/{partner.id}.yaml）",
                         "外部角色与中心岗位不能同名；改用别的 id", code="id.clash")
    yield from ctx.ref(rel, ("reports_to",), org.reports_to, partner_ids, PARTNER)
    seen: dict[str, tuple[int, int]] = {}
    unit_ids: set[str] = set()
    for u, unit in enumerate(org.units):
        if unit.id in unit_ids:
            yield ctx.at(rel, ("units", u, "id"), f"重复的 id '{unit.id}'", "每个组只写一次", code="id.duplicate")
        unit_ids.add(unit.id)
        for p, position in enumerate(unit.positions):
            where = ("units", u, "positions", p, "role")
            if position.role in seen:
                yield ctx.at(rel, where, f"岗位 '{position.role}' 重复列出", "每个岗位在架构中只出现一次", code="list.duplicate")
                continue
            seen[position.role] = (u, p)
            yield from ctx.ref(rel, where, position.role, ctx.files.roles, ROLE)
    for role_id in ctx.files.roles:
        if role_id not in seen:
            yield ctx.whole_file(f"roles/{role_id}", f"岗位 '{role_id}' 没有列入 organization.yaml 的架构",
                                 "在 organization.yaml 的某个 units → positions 下加上 role: " + role_id, code="role.not-in-organization")


def numbers(ctx: CheckContext) -> Iterator[Problem]:
    """Position numbers (岗位编号), when the organization gives them: every position one, none twice,
    no gap but a retired number. Written once, they never shift when a position is added or removed."""
    org = ctx.files.organization
    if org is None:
        return
    rel = "organization.yaml"
    places = [(u, p, pos) for u, unit in enumerate(org.units) for p, pos in enumerate(unit.positions)]
    if all(pos.number is None for _, _, pos in places):
        return
    taken: dict[int, str] = {}
    for u, p, pos in places:
        where = ("units", u, "positions", p)
        if pos.number is None:
            yield ctx.at(rel, where, f"岗位 '{pos.role}' 没有编号", "有岗位写了 number，就每个岗位都要写：用下一个空号",
                         code="role.number-missing", key=True)
        elif pos.number in taken:
            yield ctx.at(rel, (*where, "number"), f"编号 {pos.number} 已给了岗位 '{taken[pos.number]}'",
                         "每个编号只用一次；新岗位用下一个空号", code="role.number-duplicate")
        elif pos.number in org.retired_numbers:
            yield ctx.at(rel, (*where, "number"), f"编号 {pos.number} 已撤销（retired_numbers），不能再用",
                         "用下一个空号", code="role.number-retired")
        else:
            taken[pos.number] = pos.role
    used = set(taken) | set(org.retired_numbers)
    missing = [n for n in range(1, max(used, default=0) + 1) if n not in used]
    if missing:
        yield ctx.at(rel, ("units",), "岗位编号跳过了 " + "、".join(f"{n}.0" for n in missing),
                     "撤销岗位时把它的编号写进 retired_numbers，别的岗位不改号", code="role.number-gap", key=True)


def roles(ctx: CheckContext) -> Iterator[Problem]:
    for role_id, role in ctx.roles.items():
        rel = f"roles/{role_id}.yaml"
        if role.reports_to == role_id:
            yield ctx.at(rel, ("reports_to",), "岗位不能向自己汇报", "写上级岗位的 id", code="ref.self")
        else:
            yield from ctx.ref(rel, ("reports_to",), role.reports_to, ctx.everyone, ROLE)
        for i, duty in enumerate(role.duties):  # the procedures that carry out each duty
            for j, sop_id in enumerate(duty.procedures):
                yield from ctx.ref(rel, ("duties", i, "procedures", j), sop_id, ctx.files.sops, PROCEDURE)


def forms(ctx: CheckContext) -> Iterator[Problem]:
    for form_id, form in ctx.forms.items():
        yield from ctx.ref(f"forms/{form_id}.yaml", ("keeper",), form.keeper, ctx.everyone, ROLE)
