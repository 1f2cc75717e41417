"""The cover (``index.md``): where each kind of reader starts, the handbook's document control, how
to use it, and its contents."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handbook.manual.manual import Manual
from handbook.manual.numbering import part_title
from handbook.render import urls
from handbook.render.fragments import downloads_block
from handbook.render.markup import Md, bullets, doc_no, inline, numbered, table
from handbook.render.spec import BANNER_SLOT, PageSpec, SiteOptions
from handbook.render.stamp import source_note
from handbook.render.training_pages import signoff_links


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


def cover_doors(manual: Manual, options: SiteOptions | None = None) -> Md:
    """Where each kind of reader starts: 新员工, 前台值班, 主管/经理 (first on the cover)."""
    hb = manual.handbook
    desk = [urls.link("前台检查单", urls.CHECKLISTS_INDEX)]
    emergency = _emergency_sop(manual)
    if emergency:
        desk.append(urls.link(inline(manual.sops[emergency].title), urls.sop(emergency)))
    lead = [urls.link("文件状态", urls.STATUS), urls.link("修订记录", urls.REVISIONS),
            urls.link("岗位职责矩阵", urls.MATRIX), urls.link("时限一览", urls.TIME_LIMITS)]
    signoffs = signoff_links(options.timeline.signoffs) if options is not None and options.timeline else Md("")
    if signoffs:
        lead.append(Md("修订学习签收表：{}").format(signoffs))
    tel = _tel(hb.estate.hotline)
    hotline = inline(hb.estate.hotline)
    desk.append(Md("服务电话 [{}]({})").format(hotline, tel) if tel else Md("服务电话 {}").format(hotline))
    return (
        Md('<div class="doors" markdown>\n')
        + _door("new", "新员工", "先看自己的岗位做什么，再按培训路径逐课学。",
                [urls.link("我的岗位", urls.ORGANIZATION), urls.link("我的培训路径", urls.TRAINING_INDEX)])
        + _door("desk", "前台值班", "点页面顶部的搜索，输入两三个字（如“投诉”“钥匙”）即可找到程序。", desk)
        + _door("lead", "主管/经理", "程序是否有效、改了什么、谁负责什么。", lead)
        + Md("</div>\n")
    )


def cover_page(manual: Manual, options: SiteOptions) -> Md:
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
    contents = [urls.link(inline(part_title(manual, "organization")), urls.ORGANIZATION),
                urls.link(inline(part_title(manual, "procedures")), urls.SOPS_INDEX),
                Md("附录：{} · {} · {} · {}").format(
                    urls.link("记录表格", urls.FORMS_INDEX), urls.link("前台检查单", urls.CHECKLISTS_INDEX),
                    urls.link("服务承诺一览", urls.COMMITMENTS), urls.link("术语", urls.GLOSSARY)),
                Md("文件控制：{} · {} · {}").format(
                    urls.link("文件状态", urls.STATUS), urls.link("修订记录", urls.REVISIONS),
                    urls.link("时限一览", urls.TIME_LIMITS)),
                urls.link("编写与维护指南", urls.GUIDE)]
    use = bullets(Md(item) for item in [
        "**新员工**：岗位页的“本岗位一览”列出本岗位参与的程序、负责的步骤和时限；培训路径中每课附自测题。",
        "**前台值班**：每个程序都有可打印的一页检查单；程序页的“工作程序”逐步写明谁做、做什么、时限、记录和去向。",
        "**打印**：打印件会自动带上文件编号、版号和生效日期，并注明“打印件为非受控文件，以在线版本为准”。",
    ])
    return (
        Md('<p class="cover-estate">「{}」 {}</p>\n\n').format(inline(est.name), inline(est.city))
        + cover_doors(manual, options) + Md("\n") + Md(BANNER_SLOT)
        + downloads_block(options.downloads, ("handbook", "checklists", "forms"))
        + Md("## 文件控制\n\n{}\n## 如何使用本手册\n\n{}\n## 目录\n\n{}\n").format(
            control, use, numbered(contents))
        + source_note("handbook.yaml")
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    hb = manual.handbook
    title = hb.title + (f"（{hb.edition}）" if hb.edition else "")
    yield PageSpec(urls.COVER, title, "cover", lambda: cover_page(manual, options), nav=(), nav_title="封面",
                   source="handbook.yaml")
