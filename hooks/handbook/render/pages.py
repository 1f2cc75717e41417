"""Every generated page of the handbook as ``{path: markdown}``, and the navigation.

This is the one entry point the MkDocs hook (or any other generator) needs: ``render_pages``
gives the pages, ``navigation`` the order they are shown in, ``page_sources`` which YAML file
each page comes from (for edit links).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from handbook.render.form_page import form_page
from handbook.manual.manual import Manual
from handbook.render.markup import Md, doc_no, heading, bullets, inline, numbered, table, theme_text
from handbook.manual.numbering import form_code, part_title, role_heading, sop_code, sop_heading
from handbook.render.role_page import role_page
from handbook.render.checklist_page import ALL_PAGE, ALL_TITLE, all_checklists_page, checklist_page
from handbook.render.sop_page import form_link, sop_page
from handbook.render.stamp import pending_notice, source_note
from handbook.render import limits_page, revisions_page, status_page
from handbook.render import deviation_page, matrix_page, poster_page, training_pages

from handbook.charts import flowchart as _flowchart
from handbook.charts.sopchart import sop_chart

#: A procedure's chart (``charts.sopchart``), under the name paper/document.py imports.
sop_flowchart = sop_chart


#: The printed handbook (``make pdf``), by kind: file under the site root and its title.
PDF_TITLES = {"handbook": "整本手册（PDF）", "checklists": "前台检查单夹（PDF，全部检查单）",
              "forms": "空白记录表格（PDF，全部表格）"}


def downloads_block(downloads: dict[str, str] | None, kinds: tuple[str, ...], up: str) -> Md:
    """Links to the PDFs that exist (``make pdf``), or nothing when none was made."""
    links = [Md("[{}]({}{})").format(PDF_TITLES[k], up, downloads[k]) for k in kinds if downloads and k in downloads]
    if not links:
        return Md("")
    return Md("打印版：{}\n{{: .pdf-links }}\n\n").format(Md(" · ").join(links))


def _sop_link(manual: Manual, sop_id: str, title: str, folder: str = "sops") -> Md:
    return Md("[{}](../{}/{}.md)").format(inline(title), folder, sop_id)


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


def _door(cls: str, title: str, lead: str, links: list[Md]) -> Md:
    return Md('<div class="door door-{}" markdown>\n<p class="door-title">{}</p>\n'
              '<p class="door-lead">{}</p>\n\n{}\n</div>\n').format(cls, title, lead, bullets(links))


def cover_doors(manual: Manual) -> Md:
    """Where each kind of reader starts: 新员工, 前台值班, 主管/经理 (first on the cover)."""
    hb = manual.handbook
    desk = [Md("[前台检查单](checklists/index.md)")]
    emergency = _emergency_sop(manual)
    if emergency:
        desk.append(Md("[{}](sops/{}.md)").format(inline(manual.sops[emergency].title), emergency))
    tel = _tel(hb.estate.hotline)
    hotline = inline(hb.estate.hotline)
    desk.append(Md("服务电话 [{}]({})").format(hotline, tel) if tel else Md("服务电话 {}").format(hotline))
    return (
        Md('<div class="doors" markdown>\n')
        + _door("new", "新员工", "先看自己的岗位做什么，再按培训路径逐课学。",
                [Md("[我的岗位](organization/index.md)"), Md("[我的培训路径](training/index.md)")])
        + _door("desk", "前台值班", "点页面顶部的搜索，输入两三个字（如“投诉”“钥匙”）即可找到程序。", desk)
        + _door("lead", "主管/经理", "程序是否有效、改了什么、谁负责什么。",
                [Md("[文件状态](appendix/status.md)"), Md("[修订记录](appendix/revisions.md)"),
                 Md("[岗位职责矩阵](appendix/matrix.md)"), Md("[时限一览](appendix/time-limits.md)")])
        + Md("</div>\n")
    )


def cover_page(manual: Manual, downloads: dict[str, str] | None = None) -> Md:
    hb = manual.handbook
    est = hb.estate
    control = table(["项目", "内容"], [
        ["物业项目", inline(f"{est.name}（{est.city}）")],
        ["管理处", inline(est.office)],
        ["文件编号", doc_no(hb.document_number)],
        ["版号/改次", hb.revision],
        ["生效日期", hb.effective_date.isoformat()],
        ["签发人", inline(hb.approver)],
        ["编制单位", Md("、").join(inline(p) for p in hb.prepared_by)],
        ["评审周期", f"每 {hb.review_cycle_months} 个月"],
        ["服务等级", inline(est.service_level)],
        ["服务电话", inline(est.hotline)],
    ], cls="cover-control")
    contents = [Md("[{}](organization/index.md)").format(inline(part_title(manual, "organization"))),
                Md("[{}](sops/index.md)").format(inline(part_title(manual, "procedures"))),
                Md("附录：[记录表格](forms/index.md) · [前台检查单](checklists/index.md) · "
                "[服务承诺一览](appendix/commitments.md) · [术语](appendix/glossary.md)"),
                Md("文件控制：[文件状态](appendix/status.md) · [修订记录](appendix/revisions.md) · "
                   "[时限一览](appendix/time-limits.md)"),
                Md("[编写与维护指南](guide.md)")]
    use = bullets(Md(item) for item in [
        "**新员工**：岗位页的“本岗位一览”列出本岗位参与的程序、负责的步骤和时限；培训路径中每课附自测题。",
        "**前台值班**：每个程序都有可打印的一页检查单；程序页的“工作程序”逐步写明谁做、做什么、时限、记录和去向。",
        "**打印**：打印件会自动带上文件编号、版号和生效日期，并注明“打印件为非受控文件，以在线版本为准”。",
    ])
    title = hb.title + (f"（{hb.edition}）" if hb.edition else "")
    return (
        heading(title) + Md("\n")
        + Md('<p class="cover-estate">「{}」 {}</p>\n\n').format(inline(est.name), inline(est.city))
        + cover_doors(manual) + Md("\n")
        + downloads_block(downloads, ("handbook", "checklists", "forms"), "")
        + Md("## 文件控制\n\n{}{}\n## 如何使用本手册\n\n{}\n## 目录\n\n{}\n").format(
            pending_notice(manual, None), control, use, numbered(contents))
        + source_note("handbook.yaml")
    )


def organization_page(manual: Manual) -> Md:
    org = manual.organization
    lk = manual.lookup
    rows = []
    for unit in org.units:
        for pos in unit.positions:
            role = manual.roles[pos.role]
            rows.append([
                inline(unit.name), Md("[{}](../roles/{}.md)").format(inline(role_heading(manual, pos.role)), pos.role),
                f"{pos.headcount}", inline(manual.role_title(role.reports_to)), inline(pos.rule or "", lk),
            ])
    total = sum(p.headcount for u in org.units for p in u.positions)
    rows.append([Md("**合计**"), "", Md("**{}**").format(total), "", ""])
    chart = Md(_flowchart.render_org_chart(
        org, {r: manual.role_title(r) for r in manual.lane_order()},
        {r: manual.headcount(r) for r in manual.roles},
    )) + Md("\n\n")  # SVG drawn by charts, which escapes the text it writes
    roles = numbered(Md("[{}](../roles/{}.md)：{}").format(inline(role_heading(manual, r)), r,
                                                         inline(manual.roles[r].summary, lk))
                     for r in manual.roles)
    center = inline(org.center)
    return (
        heading(part_title(manual, "organization")) + Md("\n")
        + Md("## 一、{}架构及编制\n\n{}\n\n{}").format(center, inline(org.overview, lk), chart)
        + Md("{}\n").format(table(["组别", "岗位", "编制（人）", "直接上级", "定编依据"], rows))
        + Md("**编制测算规则**：{}\n\n").format(inline(org.staffing_rule, lk))
        + Md("## 二、{}工作职责\n\n{}\n").format(center, numbered(inline(d, lk) for d in org.duties))
        + Md("## 三、{}各岗位工作职责\n\n{}\n").format(center, roles)
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


def _by_group(groups: list[tuple[str | None, list[str]]], render: Callable[[list[str]], Md]) -> Md:
    """``render(ids)`` for each group, under the group's title when the handbook has groups."""
    if len(groups) == 1 and groups[0][0] is None:
        return render(groups[0][1])
    return Md("\n").join(Md("## {}\n\n{}").format(inline(title or ""), render(ids)) for title, ids in groups)


def sops_index(manual: Manual) -> Md:
    def rows(ids: list[str]) -> Md:
        # The title and when to use the procedure (its starting point) first: on a phone the
        # other columns scroll in the table's box.
        return table(["程序 · 何时使用", "文件编号", "版号", "生效日期", "归口岗位", "打印"], [[
            Md("{}<br><small>{}</small>").format(_sop_link(manual, s, sop_heading(manual, s)),
                                                 inline(sop.trigger, manual.lookup)),
            doc_no(sop_code(manual, s)), sop.revision, _effective(manual, sop.effective_date),
            inline(manual.role_title(sop.owner)), Md("[检查单](../checklists/{}.md)").format(s),
        ] for s in ids for sop in [manual.sops[s]]], cls="sop-index")

    return (heading(part_title(manual, "procedures"))
            + Md("\n每个程序下面一行是它的起点：遇到这件事，就按这个程序办。\n\n")
            + _by_group(manual.sop_groups(), rows))


def _effective(manual: Manual, day: date) -> Md:
    """An effective date, marked 待生效 while it has not come."""
    text = doc_no(day.isoformat())
    return text + Md("<br><small>待生效</small>") if day > manual.checked_on else text


def forms_index(manual: Manual, downloads: dict[str, str] | None = None) -> Md:
    users = manual.form_users

    def rows(ids: list[str]) -> Md:
        return table(["编号", "表格名称", "保存期限", "使用程序"], [[
            doc_no(form_code(manual, f)), form_link(manual, f), inline(form.retention),
            Md("、").join(_sop_link(manual, s, manual.sops[s].title) for s in users.get(f, [])),
        ] for f in ids for form in [manual.forms[f]]])

    return (heading("记录表格") + Md("\n每张表格都可以打印为空白表单。\n\n") + downloads_block(downloads, ("forms",), "../")
            + _by_group(form_groups(manual), rows))


def checklists_index(manual: Manual, downloads: dict[str, str] | None = None) -> Md:
    def rows(ids: list[str]) -> Md:
        return table(["检查单", "文件编号", "检查项"], [
            [_sop_link(manual, s, sop.title, "checklists"), doc_no(sop_code(manual, s)),
             str(sum(len(g.items) for g in sop.checklist))]
            for s in ids for sop in [manual.sops[s]]])

    return (heading("前台检查单") + Md("\n每个程序一页，可在屏幕上勾选，也可打印后手写。"
            "要放进前台的检查单夹，用[{}](all.md)一次打印全部（每张一页）。\n\n").format(ALL_TITLE)
            + downloads_block(downloads, ("checklists",), "../")
            + _by_group(manual.sop_groups(), rows))


def glossary_page(manual: Manual) -> Md:
    rows = [[Md("**{}**").format(inline(t.term)), inline(t.english or ""), inline(t.meaning, manual.lookup)]
            for t in manual.glossary.terms]
    out = heading("术语") + Md("\n") + table(["术语", "英文", "释义"], rows) + Md("\n") + source_note("glossary.yaml")
    if manual.aliases:
        out += Md("\n") + aliases_section(manual)
    return out


def aliases_section(manual: Manual) -> Md:
    """The desk's words (``search.yaml``) and what the handbook calls them: read by staff, and what
    the search box understands."""
    rows = []
    for alias in manual.aliases:
        said = Md("、").join(inline(w) for w in alias.said) + ("（常见误输）" if alias.slip else "")
        where = Md("")
        if alias.procedure is not None and alias.procedure in manual.sops:
            where = Md("[{}](../sops/{}.md)").format(inline(manual.sops[alias.procedure].title), alias.procedure)
        rows.append([said, inline(alias.written or ""), where])
    return (Md("## 常用说法\n\n客户和同事常用的说法与手册用词的对照。在搜索框输入左列的说法，"
               "也能找到手册用词和对应的程序。\n\n")
            + table(["常用说法", "手册用词", "对应程序"], rows) + Md("\n") + source_note("search.yaml"))


def commitments_page(manual: Manual) -> Md:
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
            Md("**{}**").format(inline(c.title)), inline(limit), inline(c.promise, manual.lookup), inline(c.basis or ""),
            Md("、").join(_sop_link(manual, s, manual.sops[s].title) for s in users.get(c.id, [])),
        ])
    return (heading("服务承诺一览") + Md("\n全手册只有这一套时限；各程序的步骤引用这里的承诺。\n\n")
            + table(["事项", "时限", "承诺", "依据", "引用的程序"], rows) + Md("\n") + source_note("commitments.yaml"))


def render_pages(
    manual: Manual, site_url: str | None = None, downloads: dict[str, str] | None = None
) -> dict[str, str]:
    """Every page; with a public ``site_url`` the printouts carry a QR code to their live page.
    ``downloads`` gives the PDFs that exist (kind → path under the site root, see PDF_TITLES):
    the cover and the form and checklist indexes link to them.

    The pages are built as :class:`Md` (safe by type) and handed out as plain text: whatever the
    generator does with them next (``str.replace``, concatenation) is then ordinary string work."""
    pages: dict[str, Md] = {
        "index.md": cover_page(manual, downloads),
        "organization/index.md": organization_page(manual),
        "sops/index.md": sops_index(manual),
        "forms/index.md": forms_index(manual, downloads),
        "checklists/index.md": checklists_index(manual, downloads),
        "appendix/glossary.md": glossary_page(manual),
        "appendix/commitments.md": commitments_page(manual),
        status_page.PAGE: status_page.status_page(manual),
        revisions_page.PAGE: revisions_page.revisions_page(manual),
        limits_page.PAGE: limits_page.limits_page(manual),
        poster_page.PAGE: poster_page.poster_page(manual, site_url),
    }
    for role_id in manual.roles:
        pages[f"roles/{role_id}.md"] = role_page(manual, role_id)
    for sop_id in manual.sops:
        pages[f"sops/{sop_id}.md"] = sop_page(manual, sop_id, sop_flowchart, site_url)
        pages[f"checklists/{sop_id}.md"] = checklist_page(manual, sop_id, site_url)
    pages[ALL_PAGE] = all_checklists_page(manual, site_url)
    pages[matrix_page.MATRIX_PAGE] = matrix_page.matrix_page(manual)
    pages[matrix_page.COVERAGE_PAGE] = matrix_page.coverage_page(manual)
    pages.update(training_pages.training_pages(manual))
    for form_id in manual.forms:
        pages[f"forms/{form_id}.md"] = form_page(manual, form_id, site_url)
    if manual.company is not None:  # a handbook of one of the company's estates
        pages[deviation_page.PAGE] = deviation_page.deviation_page(manual)
    return {path: str(text) for path, text in pages.items()}


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
    if manual.estate_id is not None:  # an estate's own procedures and its estate.yaml
        for sop_id in manual.sops:
            path = manual.sources.get(f"sops/{sop_id}")
            if path is not None and path.is_relative_to(manual.data_dir):
                rel = path.relative_to(manual.data_dir).as_posix()
                sources[f"sops/{sop_id}.md"] = sources[f"checklists/{sop_id}.md"] = rel
        sources[deviation_page.PAGE] = f"estates/{manual.estate_id}/estate.yaml"
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
            ] + ([{deviation_page.TITLE: deviation_page.PAGE}] if manual.company is not None else [])})
    nav.extend(training_pages.training_nav(manual))
    nav.extend(extra or [])
    return _escape_titles(nav)


def _nav_groups(groups: list[tuple[str | None, list[str]]], entry: Any) -> list[dict[str, Any]]:
    """Navigation entries for ids by group: a section per group when the handbook groups its
    procedures. With ``navigation.prune`` a page then carries only its own group's entries, so
    the navigation of each page no longer grows with the whole handbook."""
    if len(groups) == 1 and groups[0][0] is None:
        return [entry(i) for i in groups[0][1]]
    return [{title or "": [entry(i) for i in ids]} for title, ids in groups if ids]  # grouped: every title is set


def _escape_titles(nav: list[Any]) -> list[Any]:
    """The theme inserts navigation titles unescaped: escape them here (a title is data)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append({theme_text(k): _escape_titles(v) if isinstance(v, list) else v
                        for k, v in item.items()})
        else:
            out.append(item)
    return out
