"""The 文件状态 page: every procedure's number, revision, dates, review due and status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import appendix_nav, sop_link
from handbook.render.markup import Md, doc_no, inline, table
from handbook.manual.numbering import KIND_LABEL, sop_code
from handbook.render.spec import PageSpec, SiteOptions
from handbook.render.stamp import maint_note, print_stamp
from handbook.manual.status import STATE_LABEL, STATE_MEANING, ReviewStatus, statuses

TITLE = "文件状态"


def _remark(status: ReviewStatus, effective: date) -> str:
    if status.state == "overdue":
        return f"已超期 {-status.days_left} 天"
    if status.state == "due-soon":
        return "今天到期" if status.days_left == 0 else f"还有 {status.days_left} 天"
    if status.state == "pending":
        return f"{effective.isoformat()} 起生效"
    return ""


def status_page(manual: Manual) -> Md:
    hb = manual.handbook
    today = manual.checked_on
    found = statuses(manual)
    counts = {state: sum(1 for s in found if s.state == state) for state in STATE_LABEL}
    summary = "，".join(f"{STATE_LABEL[k]} {n} 个" for k, n in counts.items() if n)
    rows = []
    for st in found:
        sop = manual.sops[st.sop_id]
        label = st.label if st.state in ("valid", "pending") else Md("**{}**").format(st.label)
        # What the page is for comes first (name, status, when to review): on a phone the rest
        # scrolls in the table's box.
        rows.append([
            sop_link(manual, st.sop_id), label,
            _remark(st, sop.effective_date), st.next_review.isoformat(), sop.revision,
            sop.effective_date.isoformat(), doc_no(sop_code(manual, st.sop_id)),
            inline(manual.role_title(sop.owner)), sop.last_reviewed.isoformat(), KIND_LABEL[sop.kind],
        ])
    legend = table(["状态", "含义"], [[STATE_LABEL[k], v] for k, v in STATE_MEANING.items()])
    return (
        Md("手册 {}，版号/改次 {}，{} 生效，签发人 {}；各程序每 {} 个月至少复审一次。\n\n").format(
            inline(hb.document_number), hb.revision, hb.effective_date.isoformat(), inline(hb.approver),
            hb.review_cycle_months)
        + Md("状态按生成本页的日期 **{}** 计算（依据各程序最近一次评审的日期）："
             "共 {} 个程序，{}。\n\n").format(today.isoformat(), len(found), summary)
        + table(["名称", "状态", "说明", "下次复审", "版号/改次", "生效日期", "文件编号", "归口岗位", "最近评审", "类别"], rows)
        + Md("\n") + legend
        + Md("\n") + maint_note(Md(
            "复审后在程序文件中更新 `last_reviewed`；内容有修改的，同时升改次、更新 `effective_date` 并在 "
            "`history` 中加一条修订记录。状态为“已过期”的程序使 `make build` 失败。")) + Md("\n")
        + print_stamp(manual, None, hb.revision, hb.effective_date)
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    yield PageSpec(urls.STATUS, TITLE, "appendix", lambda: status_page(manual), nav=appendix_nav(manual))
