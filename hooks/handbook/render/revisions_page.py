"""The 修订记录 page: every revision of the handbook and of each procedure, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from handbook.checks.revisions import revision_key
from handbook.manual.manual import Manual
from handbook.manual.numbering import sop_code
from handbook.render import urls
from handbook.render.fragments import appendix_nav, handbook_doc
from handbook.render.markup import Md, inline, table
from handbook.render.spec import BookPlace, PageSpec, SiteOptions
from handbook.render.stamp import maint_note, print_stamp

TITLE = "修订记录"



@dataclass(frozen=True)
class LogEntry:
    """One line of the handbook's revision log."""

    date: date
    document: Md  # the document's number and title, linked where it has a page
    revision: str
    summary: str
    author: str
    order: int  # the handbook first, then procedures in the handbook's order


def log_entries(manual: Manual) -> list[LogEntry]:
    """Every revision of the handbook and of each procedure, newest first."""
    hb = manual.handbook
    entries = [
        LogEntry(h.date, Md("手册（{}）").format(inline(hb.document_number)), h.revision, h.summary, h.author or "", 0)
        for h in hb.history
    ]
    for n, (sop_id, sop) in enumerate(manual.sops.items(), 1):
        name = urls.link(Md("{} {}").format(sop_code(manual, sop_id), inline(sop.title)), urls.sop(sop_id))
        entries += [LogEntry(h.date, name, h.revision, h.summary, h.author or "", n) for h in sop.history]
    # Newest first; on the same day the handbook before the procedures, a higher revision first.
    entries.sort(key=lambda e: revision_key(e.revision), reverse=True)
    entries.sort(key=lambda e: (-e.date.toordinal(), e.order))
    return entries


def revisions_page(manual: Manual) -> Md:
    hb = manual.handbook
    entries = log_entries(manual)
    rows = [[e.date.isoformat(), e.document, e.revision, inline(e.summary, manual.lookup), inline(e.author)]
            for e in entries]
    intro = Md(
        "手册及各程序的全部修订，最新的在前；共 {} 条。"
        "版号/改次写作 A/0：字母为版号（整体改版时升级，如 A → B），数字为改次（每次局部修订加 1）。"
        "日期在今天之后的修订为待生效：生效前仍执行上一改次。\n\n"
    ).format(len(entries))
    maint = maint_note(Md(
        "本页由手册（`handbook.yaml`）和各程序数据文件中的修订记录（`history`）汇总生成；"
        "修改某个程序时，在该程序文件的 `history` 中加一条记录，并同时更新 `revision` 和 `effective_date`。"))
    return (
        intro
        + table(["日期", "文件", "版号/改次", "修订内容", "修订人"], rows) + Md("\n") + maint + Md("\n")
        + print_stamp(manual, None, hb.revision, hb.effective_date)
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    yield PageSpec(urls.REVISIONS, TITLE, "appendix", lambda: revisions_page(manual), nav=appendix_nav(manual),
                   book=BookPlace(80, "revisions", handbook_doc(manual), level=2, cls="appendix-page"))
