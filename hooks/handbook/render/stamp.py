"""Document control blocks and the stamp every printed page carries."""

from __future__ import annotations

from datetime import date

from handbook.manual.manual import Manual
from handbook.render.markup import attr
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
    # Not search text: a result's snippet would be 文件编号…版号…生效日期 run together.
    return '<table class="doc-control" data-search-exclude>' + "".join(rows) + "</table>\n"


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
        f'<div class="print-stamp" data-search-exclude>{qr}<span class="stamp-text">'
        f'<span class="stamp-doc">{" · ".join(parts)}</span>'
        f'<strong class="stamp-uncontrolled">{UNCONTROLLED}</strong></span>'
        '<span class="print-date">打印日期 <span data-print-date></span></span></div>\n'
    )


def source_note(rel: str) -> str:
    return f'<p class="source-note" data-search-exclude>本页由数据文件 <code>procedures/{attr(rel)}</code> 生成；修改内容请编辑该文件。</p>\n'
