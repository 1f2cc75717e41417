"""Every generated page of the handbook as ``{path: markdown}``, and the navigation.

This is the one entry point the MkDocs hook (or any other generator) needs: ``render_pages``
gives the pages, ``navigation`` the order they are shown in, ``page_sources`` which YAML file
each page comes from (for edit links).
"""

from __future__ import annotations

import html
import json
import re
from collections import OrderedDict
from datetime import date
from typing import Any

from handbook.render.form_page import form_page
from handbook.manual.manual import Manual
from handbook.render.markup import doc_no, heading, bullets, inline, numbered, table
from handbook.manual.numbering import form_code, part_title, role_heading, sop_code, sop_heading
from handbook.render.role_page import role_page
from handbook.render.checklist_page import ALL_PAGE, ALL_TITLE, all_checklists_page, checklist_page
from handbook.render.sop_page import sop_page
from handbook.render.stamp import pending_notice, source_note
from handbook.render import limits_page, revisions_page, status_page
from handbook.render import matrix_page, poster_page, training_pages

try:  # the flowchart module is optional while it is being written
    from handbook.charts import flowchart as _flowchart
except ImportError:  # pragma: no cover
    _flowchart = None  # type: ignore[assignment]


def sop_flowchart(manual: Manual, sop_id: str) -> str:
    sop = manual.sops[sop_id]
    owners = {s.role for s in sop.steps}
    lanes = [(r, manual.role_title(r)) for r in manual.lane_order() if r in owners]
    limits = {}
    for step in sop.steps:
        limit = manual.step_limit(sop, step.id)
        if limit is not None:
            limits[step.id] = limit.label
    handoffs = {s.handoff: manual.sops[s.handoff].title for s in sop.steps if s.handoff}
    for step in sop.steps:
        if step.decision:
            handoffs.update({b.handoff: manual.sops[b.handoff].title for b in step.decision.branches if b.handoff})
    title = f"{sop.title}流程图"
    # Laying out a chart is the costliest part of rendering; the same inputs give the same SVG,
    # so a rebuild under ``mkdocs serve`` redraws only the charts whose inputs changed.
    key = json.dumps([sop.model_dump(mode="json"), lanes, limits, handoffs, title],
                     ensure_ascii=False, sort_keys=True)
    svg = _CHARTS.get(key)
    if svg is None:
        svg = _flowchart.render_flowchart(sop, lanes, limits=limits, handoff_titles=handoffs, title=title)
        _CHARTS[key] = svg
        if len(_CHARTS) > 2_000:
            _CHARTS.popitem(last=False)
    else:
        _CHARTS.move_to_end(key)
    return svg


_CHARTS: OrderedDict[str, str] = OrderedDict()


def _emergency_sop(manual: Manual) -> str | None:
    """The procedure for emergencies, if the handbook has one (by its id or title)."""
    for sop_id, sop in manual.sops.items():
        if sop_id.startswith("emergenc") or "突发" in sop.title or "紧急" in sop.title:
            return sop_id
    return None


def _tel(hotline: str) -> str | None:
    """``tel:`` address of a hotline written as ``023-6000 0000（24 小时）``, if it starts with digits."""
    match = re.match(r"[\d\s\-+]+", hotline)
    digits = re.sub(r"[^\d+]", "", match.group(0)) if match else ""
    return f"tel:{digits}" if len(digits) >= 5 else None


def _door(cls: str, title: str, lead: str, links: list[str]) -> str:
    return (f'<div class="door door-{cls}" markdown>\n<p class="door-title">{title}</p>\n'
            f'<p class="door-lead">{lead}</p>\n\n{bullets(links)}\n</div>\n')


def cover_doors(manual: Manual) -> str:
    """Where each kind of reader starts: 新员工, 前台值班, 主管/经理 (first on the cover)."""
    hb = manual.handbook
    desk = ["[前台检查单](checklists/index.md)"]
    emergency = _emergency_sop(manual)
    if emergency:
        desk.append(f"[{inline(manual.sops[emergency].title)}](sops/{emergency}.md)")
    tel = _tel(hb.estate.hotline)
    hotline = inline(hb.estate.hotline)
    desk.append(f"服务电话 [{hotline}]({tel})" if tel else f"服务电话 {hotline}")
    return (
        '<div class="doors" markdown>\n'
        + _door("new", "新员工", "先看自己的岗位做什么，再按培训路径逐课学。",
                [f"[我的岗位]({'organization/index.md'})", "[我的培训路径](training/index.md)"])
        + _door("desk", "前台值班", "点页面顶部的搜索，输入两三个字（如“投诉”“钥匙”）即可找到程序。", desk)
        + _door("lead", "主管/经理", "程序是否有效、改了什么、谁负责什么。",
                ["[文件状态](appendix/status.md)", "[修订记录](appendix/revisions.md)",
                 "[岗位职责矩阵](appendix/matrix.md)", "[时限一览](appendix/time-limits.md)"])
        + "</div>\n"
    )


def cover_page(manual: Manual) -> str:
    hb = manual.handbook
    est = hb.estate
    control = table(["项目", "内容"], [
        ["物业项目", inline(f"{est.name}（{est.city}）")],
        ["管理处", inline(est.office)],
        ["文件编号", doc_no(hb.document_number)],
        ["版号/改次", hb.revision],
        ["生效日期", hb.effective_date.isoformat()],
        ["签发人", inline(hb.approver)],
        ["编制单位", "、".join(inline(p) for p in hb.prepared_by)],
        ["评审周期", f"每 {hb.review_cycle_months} 个月"],
        ["服务等级", inline(est.service_level)],
        ["服务电话", inline(est.hotline)],
    ], cls="cover-control")
    contents = [f"[{inline(part_title(manual, 'organization'))}](organization/index.md)",
                f"[{inline(part_title(manual, 'procedures'))}](sops/index.md)",
                "附录：[记录表格](forms/index.md) · [前台检查单](checklists/index.md) · "
                "[服务承诺一览](appendix/commitments.md) · [术语](appendix/glossary.md)",
                "文件控制：[文件状态](appendix/status.md) · [修订记录](appendix/revisions.md) · "
                "[时限一览](appendix/time-limits.md)",
                "[编写与维护指南](guide.md)"]
    use = bullets([
        "**新员工**：岗位页的“本岗位一览”列出本岗位参与的程序、负责的步骤和时限；培训路径中每课附自测题。",
        "**前台值班**：每个程序都有可打印的一页检查单；程序页的“工作程序”逐步写明谁做、做什么、时限、记录和去向。",
        "**打印**：打印件会自动带上文件编号、版号和生效日期，并注明“打印件为非受控文件，以在线版本为准”。",
    ])
    title = hb.title + (f"（{hb.edition}）" if hb.edition else "")
    return (
        heading(title) + "\n"
        f'<p class="cover-estate">「{inline(est.name)}」 {inline(est.city)}</p>\n\n'
        + cover_doors(manual) + "\n"
        f"## 文件控制\n\n{pending_notice(manual, None)}{control}\n## 如何使用本手册\n\n{use}\n## 目录\n\n{numbered(contents)}\n"
        + source_note("handbook.yaml")
    )


def organization_page(manual: Manual) -> str:
    org = manual.organization
    lk = manual.lookup
    rows = []
    for unit in org.units:
        for pos in unit.positions:
            role = manual.roles[pos.role]
            rows.append([
                inline(unit.name), f"[{inline(role_heading(manual, pos.role))}](../roles/{pos.role}.md)",
                f"{pos.headcount}", inline(manual.role_title(role.reports_to)), inline(pos.rule or "", lk),
            ])
    total = sum(p.headcount for u in org.units for p in u.positions)
    rows.append(["**合计**", "", f"**{total}**", "", ""])
    chart = ""
    if _flowchart is not None and hasattr(_flowchart, "render_org_chart"):
        chart = _flowchart.render_org_chart(
            org, {r: manual.role_title(r) for r in manual.lane_order()},
            {r: manual.headcount(r) for r in manual.roles},
        ) + "\n\n"
    roles = numbered(f"[{inline(role_heading(manual, r))}](../roles/{r}.md)：{inline(manual.roles[r].summary, lk)}"
                     for r in manual.roles)
    return (
        heading(part_title(manual, 'organization')) + "\n"
        f"## 一、{inline(org.center)}架构及编制\n\n{inline(org.overview, lk)}\n\n{chart}"
        f"{table(['组别', '岗位', '编制（人）', '直接上级', '定编依据'], rows)}\n"
        f"**编制测算规则**：{inline(org.staffing_rule, lk)}\n\n"
        f"## 二、{inline(org.center)}工作职责\n\n{numbered(inline(d, lk) for d in org.duties)}\n"
        f"## 三、{inline(org.center)}各岗位工作职责\n\n{roles}\n"
        + source_note("organization.yaml")
    )


def form_groups(manual: Manual) -> list[tuple[str | None, list[str]]]:
    """The forms by the procedure group of the first procedure that uses them (as ``sop_groups``);
    forms no procedure uses come last, under 其他表格."""
    groups = manual.sop_groups()
    if groups[0][0] is None:
        return [(None, list(manual.forms))]
    group_of = {s: title for title, ids in groups for s in ids}
    out: dict[str | None, list[str]] = {title: [] for title, _ in groups}
    out[OTHER_FORMS] = []
    for form_id in manual.forms:
        users = manual.form_users.get(form_id)
        out[group_of[users[0]] if users else OTHER_FORMS].append(form_id)
    return [(title, ids) for title, ids in out.items() if ids]


OTHER_FORMS = "其他表格"


def _by_group(groups: list[tuple[str | None, list[str]]], render: Any) -> str:
    """``render(ids)`` for each group, under the group's title when the handbook has groups."""
    if len(groups) == 1 and groups[0][0] is None:
        return render(groups[0][1])
    return "\n".join(f"## {inline(title or '')}\n\n{render(ids)}" for title, ids in groups)


def sops_index(manual: Manual) -> str:
    def rows(ids: list[str]) -> str:
        # The title and when to use the procedure (its starting point) first: on a phone the
        # other columns scroll in the table's box.
        return table(["程序 · 何时使用", "文件编号", "版号", "生效日期", "归口岗位", "打印"], [[
            f"[{inline(sop_heading(manual, s))}](../sops/{s}.md)<br><small>{inline(sop.trigger, manual.lookup)}</small>",
            doc_no(sop_code(manual, s)), sop.revision, _effective(manual, sop.effective_date),
            inline(manual.role_title(sop.owner)), f"[检查单](../checklists/{s}.md)",
        ] for s in ids for sop in [manual.sops[s]]], cls="sop-index")

    return (heading(part_title(manual, 'procedures')) + "\n每个程序下面一行是它的起点：遇到这件事，就按这个程序办。\n\n"
            + _by_group(manual.sop_groups(), rows))


def _effective(manual: Manual, day: date) -> str:
    """An effective date, marked 待生效 while it has not come."""
    text = f'<span class="doc-no">{day.isoformat()}</span>'
    return text + "<br><small>待生效</small>" if day > manual.checked_on else text


def forms_index(manual: Manual) -> str:
    users = manual.form_users

    def rows(ids: list[str]) -> str:
        return table(["编号", "表格名称", "保存期限", "使用程序"], [[
            doc_no(form_code(manual, f)), f"[{inline(form.title)}](../forms/{f}.md)", inline(form.retention),
            "、".join(f"[{inline(manual.sops[s].title)}](../sops/{s}.md)" for s in users.get(f, [])),
        ] for f in ids for form in [manual.forms[f]]])

    return heading("记录表格") + "\n每张表格都可以打印为空白表单。\n\n" + _by_group(form_groups(manual), rows)


def checklists_index(manual: Manual) -> str:
    def rows(ids: list[str]) -> str:
        return table(["检查单", "文件编号", "检查项"], [
            [f"[{inline(sop.title)}](../checklists/{s}.md)", doc_no(sop_code(manual, s)),
             str(sum(len(g.items) for g in sop.checklist))]
            for s in ids for sop in [manual.sops[s]]])

    return (heading("前台检查单") + "\n每个程序一页，可在屏幕上勾选，也可打印后手写。"
            f"要放进前台的检查单夹，用[{ALL_TITLE}](all.md)一次打印全部（每张一页）。\n\n"
            + _by_group(manual.sop_groups(), rows))


def glossary_page(manual: Manual) -> str:
    rows = [[f"**{inline(t.term)}**", inline(t.english or ""), inline(t.meaning, manual.lookup)]
            for t in manual.glossary.terms]
    return heading("术语") + "\n" + table(["术语", "英文", "释义"], rows) + "\n" + source_note("glossary.yaml")


def commitments_page(manual: Manual) -> str:
    users: dict[str, list[str]] = {}
    for sop_id, sop in manual.sops.items():
        for step in sop.steps:
            if step.commitment:
                users.setdefault(step.commitment, [])
                if sop_id not in users[step.commitment]:
                    users[step.commitment].append(sop_id)
    rows = []
    for c in manual.commitments.values():
        limit = manual.lookup("commitment", c.id) or ""
        rows.append([
            f"**{inline(c.title)}**", inline(limit), inline(c.promise, manual.lookup), inline(c.basis or ""),
            "、".join(f"[{inline(manual.sops[s].title)}](../sops/{s}.md)" for s in users.get(c.id, [])),
        ])
    return (heading("服务承诺一览") + "\n全手册只有这一套时限；各程序的步骤引用这里的承诺。\n\n"
            + table(["事项", "时限", "承诺", "依据", "引用的程序"], rows) + "\n" + source_note("commitments.yaml"))


def render_pages(manual: Manual, site_url: str | None = None) -> dict[str, str]:
    """Every page; with a public ``site_url`` the printouts carry a QR code to their live page."""
    pages: dict[str, str] = {
        "index.md": cover_page(manual),
        "organization/index.md": organization_page(manual),
        "sops/index.md": sops_index(manual),
        "forms/index.md": forms_index(manual),
        "checklists/index.md": checklists_index(manual),
        "appendix/glossary.md": glossary_page(manual),
        "appendix/commitments.md": commitments_page(manual),
        status_page.PAGE: status_page.status_page(manual),
        revisions_page.PAGE: revisions_page.revisions_page(manual),
        limits_page.PAGE: limits_page.limits_page(manual),
        poster_page.PAGE: poster_page.poster_page(manual, site_url),
    }
    flowchart = sop_flowchart if _flowchart is not None else None
    for role_id in manual.roles:
        pages[f"roles/{role_id}.md"] = role_page(manual, role_id)
    for sop_id in manual.sops:
        pages[f"sops/{sop_id}.md"] = sop_page(manual, sop_id, flowchart, site_url)
        pages[f"checklists/{sop_id}.md"] = checklist_page(manual, sop_id, site_url)
    pages[ALL_PAGE] = all_checklists_page(manual, site_url)
    pages[matrix_page.MATRIX_PAGE] = matrix_page.matrix_page(manual)
    pages[matrix_page.COVERAGE_PAGE] = matrix_page.coverage_page(manual)
    pages.update(training_pages.training_pages(manual))
    for form_id in manual.forms:
        pages[f"forms/{form_id}.md"] = form_page(manual, form_id, site_url)
    return pages


def page_sources(manual: Manual) -> dict[str, str]:
    """Page path -> the data file (relative to the data folder) it is generated from."""
    sources = {
        "index.md": "handbook.yaml",
        "organization/index.md": "organization.yaml",
        "appendix/glossary.md": "glossary.yaml",
        "appendix/commitments.md": "commitments.yaml",
    }
    sources.update({f"roles/{r}.md": f"roles/{r}.yaml" for r in manual.roles})
    sources.update({f"sops/{s}.md": f"sops/{s}.yaml" for s in manual.sops})
    sources.update({f"checklists/{s}.md": f"sops/{s}.yaml" for s in manual.sops})
    sources.update({f"forms/{f}.md": f"forms/{f}.yaml" for f in manual.forms})
    return sources


def navigation(manual: Manual, extra: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The navigation in MkDocs' ``nav`` format: the manual's parts, in the data's order."""
    # The checklists are what the front desk opens most: right under the cover, not in the appendix.
    checklists = {"前台检查单": [{"检查单目录": "checklists/index.md"}, {ALL_TITLE: ALL_PAGE}] + _nav_groups(
        manual.sop_groups(), lambda s: {manual.sops[s].title: f"checklists/{s}.md"})}
    nav: list[dict[str, Any]] = [{"封面": "index.md"}, checklists]
    for part in manual.handbook.parts:
        title = part_title(manual, part.kind)
        if part.kind == "organization":
            nav.append({title: [{"架构、编制及工作职责": "organization/index.md"}] + [
                {role_heading(manual, r): f"roles/{r}.md"} for r in manual.roles
            ]})
        elif part.kind == "procedures":
            nav.append({title: [{"程序一览": "sops/index.md"}] + _nav_groups(
                manual.sop_groups(), lambda s: {sop_heading(manual, s): f"sops/{s}.md"})})
        else:
            nav.append({title: [
                {"记录表格": [{"表格目录": "forms/index.md"}] + _nav_groups(
                    form_groups(manual),
                    lambda f: {f"{form_code(manual, f)} {manual.forms[f].title}": f"forms/{f}.md"})},
                {"服务承诺一览": "appendix/commitments.md"},
                {"术语": "appendix/glossary.md"},
                {"岗位职责矩阵": matrix_page.MATRIX_PAGE},
                {"职责覆盖检查": matrix_page.COVERAGE_PAGE},
                {"文件状态": status_page.PAGE},
                {"修订记录": revisions_page.PAGE},
                {"时限一览": limits_page.PAGE},
                {poster_page.TITLE: poster_page.PAGE},
            ]})
    nav.extend(training_pages.training_nav(manual))
    nav.extend(extra or [])
    return _escape_titles(nav)


def _nav_groups(groups: list[tuple[str | None, list[str]]], entry: Any) -> list[dict[str, Any]]:
    """Navigation entries for ids by group: a section per group when the handbook groups its
    procedures. With ``navigation.prune`` a page then carries only its own group's entries, so
    the navigation of each page no longer grows with the whole handbook."""
    if len(groups) == 1 and groups[0][0] is None:
        return [entry(i) for i in groups[0][1]]
    return [{title: [entry(i) for i in ids]} for title, ids in groups if ids]


def _escape_titles(nav: list[Any]) -> list[Any]:
    """The theme inserts navigation titles unescaped: escape them here (a title is data)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append({html.escape(k, quote=False): _escape_titles(v) if isinstance(v, list) else v
                        for k, v in item.items()})
        else:
            out.append(item)
    return out
