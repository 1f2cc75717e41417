"""Document control blocks and the stamp every printed page carries."""

from __future__ import annotations

from datetime import date

from handbook.manual.manual import Manual
from handbook.render.markup import Md
from handbook.manual.numbering import KIND_LABEL, sop_code
from handbook.manual.status import review_status
from handbook.render.templating import render

UNCONTROLLED = "打印件为非受控文件，以在线版本为准"


def doc_control(manual: Manual, sop_id: str) -> Md:
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
    rows = [cells[i:i + 3] for i in range(0, len(cells), 3)]
    return render("doc_control.html", rows=rows) + Md("\n")


NO_QR = Md()  # no QR code on the stamp


def print_stamp(
    manual: Manual, code: str | None, revision: str, effective: date, owner: str | None = None, *, qr: Md = NO_QR
) -> Md:
    """Shown only in print, at the foot of every page: handbook and document numbers, revision,
    effective date, owner role if given, approver, the uncontrolled-copy notice, the print date (filled in by
    the browser) and, when given, the QR code of the live page (see :func:`printing.qr_block`)."""
    return render(
        "print_stamp.html", hb=manual.handbook, code=code, revision=revision, effective=effective.isoformat(),
        owner=owner, qr=qr, uncontrolled=UNCONTROLLED,
    ) + Md("\n")


def source_note(rel: str) -> Md:
    return render("source_note.html", rel=rel) + Md("\n")
