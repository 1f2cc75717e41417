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
