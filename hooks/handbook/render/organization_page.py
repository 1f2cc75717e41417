"""Part one's opening page (``organization/index.md``): the center's structure and staffing, its
duties, and the list of job descriptions."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.charts import flowchart as _flowchart
from handbook.manual.manual import Manual
from handbook.manual.numbering import part_title, role_heading
from handbook.render import urls
from handbook.render.markup import Md, inline, numbered, table
from handbook.render.fragments import handbook_doc
from handbook.render.spec import BookPlace, PageSpec, SiteOptions
from handbook.render.stamp import source_note

#: The navigation title of the page within its part.
NAV_TITLE = "架构、编制及工作职责"


def organization_page(manual: Manual) -> Md:
    org = manual.organization
    lk = manual.lookup
    rows = []
    for unit in org.units:
        for pos in unit.positions:
            role = manual.roles[pos.role]
            rows.append([
                inline(unit.name), urls.link(inline(role_heading(manual, pos.role)), urls.role(pos.role)),
                f"{pos.headcount}", inline(manual.role_title(role.reports_to)), inline(pos.rule or "", lk),
            ])
    total = sum(p.headcount for u in org.units for p in u.positions)
    rows.append([Md("**合计**"), "", Md("**{}**").format(total), "", ""])
    chart = Md(_flowchart.render_org_chart(
        org, {r: manual.role_title(r) for r in manual.lane_order()},
        {r: manual.headcount(r) for r in manual.roles},
    )) + Md("\n\n")  # SVG drawn by charts, which escapes the text it writes
    roles = numbered(Md("{}：{}").format(urls.link(inline(role_heading(manual, r)), urls.role(r)),
                                        inline(manual.roles[r].summary, lk))
                     for r in manual.roles_by_number())
    center = inline(org.center)
    return (
        Md("## 一、{}架构及编制\n\n{}\n\n{}").format(center, inline(org.overview, lk), chart)
        + Md("{}\n").format(table(["组别", "岗位", "编制（人）", "直接上级", "定编依据"], rows))
        + Md("**编制测算规则**：{}\n\n").format(inline(org.staffing_rule, lk))
        + Md("## 二、{}工作职责\n\n{}\n").format(center, numbered(inline(d, lk) for d in org.duties))
        + Md("## 三、{}各岗位工作职责\n\n{}\n").format(center, roles)
        + source_note("organization.yaml")
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    title = part_title(manual, "organization")
    yield PageSpec(urls.ORGANIZATION, title, "part", lambda: organization_page(manual), nav=(title,),
                   nav_title=NAV_TITLE, source="organization.yaml",
                   book=BookPlace(10, "part-organization", handbook_doc(manual), level=1, cls="part"))
