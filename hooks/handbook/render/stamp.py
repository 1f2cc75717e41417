"""Document control blocks and the stamp every printed page carries."""

from __future__ import annotations

from datetime import date

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.markup import Md
from handbook.manual.numbering import KIND_LABEL, sop_code
from handbook.manual.status import review_status
from handbook.render.templating import render

UNCONTROLLED = "打印件为非受控文件，以在线版本为准"
#: The print button of a printable page (screen only; handbook.js makes it print).
PRINT_BUTTON = render("print_button.html") + Md("\n")


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


def pending_mark() -> str:
    """The words a printout of a revision not yet in force carries (empty for the text in force)."""
    day = urls.pending_from()
    return f"待生效 · 自 {day.isoformat()} 起执行" if day is not None else ""


NO_QR = Md()  # no QR code on the stamp
NO_STAMP = Md()  # no stamp of its own on a sheet


def print_stamp(
    manual: Manual, code: str | None, revision: str, effective: date, owner: str | None = None, *, qr: Md = NO_QR,
    button: bool = True,
) -> Md:
    """Shown only in print, at the foot of every page: handbook and document numbers, revision,
    effective date, owner role if given, approver, the uncontrolled-copy notice, the print date (filled in by
    the browser) and, when given, the QR code of the live page (see :func:`printing.qr_block`).

    With ``button`` the page's 打印本页 button comes with it (pages that show it higher up pass False)."""
    stamp = render(
        "print_stamp.html", hb=manual.handbook, code=code, revision=revision, effective=effective.isoformat(),
        owner=owner, qr=qr, uncontrolled=UNCONTROLLED, pending=pending_mark(),
    ) + Md("\n")
    return (PRINT_BUTTON + stamp) if button else stamp


def sheet_stamp(manual: Manual, code: str, revision: str, effective: date, owner: str | None = None) -> Md:
    """The foot of one sheet in a binder of sheets (``checklists/all``): the same words as
    :func:`print_stamp`, but in the flow of its own sheet, so that every sheet carries the revision
    of the procedure it belongs to (a fixed stamp would repeat one revision on every sheet). The
    print date is the binder's: the one date the whole binder was printed on."""
    return render(
        "sheet_stamp.html", hb=manual.handbook, code=code, revision=revision, effective=effective.isoformat(),
        owner=owner, uncontrolled=UNCONTROLLED, pending=pending_mark(),
    )


def maint_note(body: Md) -> Md:
    """Words for the handbook's maintainers (files, fields, commands), folded under 维护说明 so
    that a clerk reading the page does not have to read them, and kept out of the search index.
    ``body`` is safe Markdown (a plain ``str`` is escaped as text)."""
    return render("maint_note.html", body=Md.escape(body).strip()) + Md("\n")


NO_EXTRA = Md()  # nothing after the source note's sentence


def source_note(rel: str, extra: Md = NO_EXTRA) -> Md:
    """The folded 维护说明 naming the data file a page is generated from (see :func:`maint_note`)."""
    return maint_note(render("source_note.html", rel=rel) + extra)
