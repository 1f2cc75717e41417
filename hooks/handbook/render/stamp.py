"""Document control blocks and the stamp every printed page carries."""

from __future__ import annotations

from datetime import date

from handbook.manual.manual import Manual
from handbook.data.model import HistoryEntry
from handbook.render.markup import attr, inline
from handbook.manual.numbering import KIND_LABEL, sop_code
from handbook.manual.status import review_status

UNCONTROLLED = "打印件为非受控文件，以在线版本为准"


def doc_control(manual: Manual, sop_id: str) -> str:
    """The document control table at the top of a procedure page."""
    sop = manual.sops[sop_id]
    cells = [
        ("文件编号", sop_code(manual, sop_id)),
        ("版号/改次", sop.revision),
        ("生效日期", sop.effective_date.isoformat()),
        ("类别", KIND_LABEL[sop.kind]),
        ("归口岗位", manual.role_title(sop.owner)),
        ("批准人", manual.handbook.approver),
        ("最近评审", sop.last_reviewed.isoformat()),
        ("下次复审", manual.next_review(sop).isoformat()),
        ("状态", review_status(manual, sop_id).label),
    ]
    rows = []
    for i in range(0, len(cells), 3):
        rows.append("<tr>" + "".join(f"<th>{attr(k)}</th><td>{attr(v)}</td>" for k, v in cells[i:i + 3]) + "</tr>")
    return '<table class="doc-control">' + "".join(rows) + "</table>\n"


def pending_notice(manual: Manual, sop_id: str | None) -> str:
    """待生效: the banner on the pages of a revision whose effective date has not come (a procedure,
    or the handbook when ``sop_id`` is None), empty otherwise.

    The data keeps the text of the current revision only, and the revision record of every one
    before it. Until the date, the revision in force is the previous one: the banner names it, says
    from when it applies, and lists what the new revision changes (its revision record entry), so
    a clerk can read the text in force as this page without those changes. The guide asks that a
    revision published ahead of its date describe every change in its record entry.
    """
    if sop_id is None:
        doc = manual.handbook
        what = "本手册"
    else:
        doc = manual.sops[sop_id]
        what = "本程序"
    today = manual.checked_on
    if doc.effective_date <= today:
        return ""
    history: list[HistoryEntry] = list(doc.history)
    mine = [h for h in history if h.revision == doc.revision]
    earlier = [h for h in history if h.revision != doc.revision and h.date <= today]
    change = "；".join(inline(h.summary.strip().rstrip("。；")) for h in mine) or "（修订记录中没有这一改次的说明，请向归口岗位了解）"
    title = f"待生效：{what} {doc.revision} 自 {doc.effective_date.isoformat()} 起执行"
    if earlier:
        prev = max(earlier, key=lambda h: h.date)
        body = (
            f"{doc.effective_date.isoformat()} 之前仍执行 **{attr(prev.revision)}**（{prev.date.isoformat()} 起）。"
            f"{doc.revision} 改动的是：{change}。\n\n"
            f"生效前，上述改动暂不执行；{what}其余内容与 {attr(prev.revision)} 相同，照本页执行。"
        )
    else:
        body = f"{what}此前没有生效的版本；生效前如何办理，请向归口岗位确认。{doc.revision} 的内容：{change}。"
    body = "\n".join("    " + line if line else "" for line in body.split("\n"))
    return f'!!! warning "{attr(title)}"\n\n{body}\n\n'


def print_stamp(
    manual: Manual, code: str | None, revision: str, effective: date, owner: str | None = None, *, qr: str = ""
) -> str:
    """Shown only in print, at the foot of every page: handbook and document numbers, revision,
    effective date, owner role if given, approver, the uncontrolled-copy notice, the print date (filled in by
    the browser) and, when given, the QR code of the live page (see :func:`printing.qr_block`)."""
    hb = manual.handbook
    parts = [f"{attr(hb.estate.name)} {attr(hb.title)}", f"手册编号 {attr(hb.document_number)}"]
    if code:
        parts.append(f"文件编号 {attr(code)}")
    parts += [f"版号/改次 {attr(revision)}", f"生效日期 {effective.isoformat()}"]
    if owner:
        parts.append(f"归口岗位 {attr(owner)}")
    parts.append(f"批准 {attr(hb.approver)}")
    return (
        f'<div class="print-stamp">{qr}<span class="stamp-text">'
        f'<span class="stamp-doc">{" · ".join(parts)}</span>'
        f'<strong class="stamp-uncontrolled">{UNCONTROLLED}</strong></span>'
        '<span class="print-date">打印日期 <span data-print-date></span></span></div>\n'
    )


def maint_note(body: str) -> str:
    """Words for the handbook's maintainers (files, fields, commands), folded under 维护说明 so
    that a clerk reading the page does not have to read them. ``body`` is safe Markdown."""
    return f'<details class="maint" markdown>\n<summary>维护说明</summary>\n\n{body.strip()}\n\n</details>\n'


def source_note(rel: str, extra: str = "") -> str:
    """The folded 维护说明 naming the data file a page is generated from (see :func:`maint_note`)."""
    return maint_note(f"本页由数据文件 <code>procedures/{attr(rel)}</code> 生成；修改内容请编辑该文件，"
                      f"方法见《编写与维护指南》。{extra}")
