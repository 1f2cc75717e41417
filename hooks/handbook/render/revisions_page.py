"""The 修订记录 page: every revision of the handbook and of each procedure, newest first, each with
what it is on the day the page is read: in force, pending from its day, or superseded.

The revisions come from the :class:`~handbook.manual.timeline.Timeline` (the working data's
history, with the days the earlier revisions took effect read from the repository's history), so
the page lists the revisions not yet in force as well, whichever edition carries it. A revision
links to the page of its text where the site has one (the page in force, or the page of a pending
revision), and to its 修订学习签收表.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from handbook.checks.revisions import revision_key
from handbook.manual.manual import Manual
from handbook.manual.numbering import sop_code
from handbook.manual.timeline import HANDBOOK, Controlled, Status, Timeline, Version, timeline_of
from handbook.render import urls
from handbook.render.fragments import appendix_nav, handbook_doc
from handbook.render.markup import Md, doc_no, inline, table
from handbook.render.spec import BookPlace, PageSpec, SiteOptions
from handbook.render.stamp import maint_note, print_stamp

TITLE = "修订记录"


@dataclass(frozen=True)
class LogEntry:
    """One line of the handbook's revision log."""

    written: date | None  # the history entry's date (None: a revision without an entry)
    effective: date
    document: Md  # the document's number and title, linked to the text of this revision where it has a page
    revision: str
    summary: str
    author: str
    status: Status
    state: Md  # what the revision is today, in words, with its links
    order: int  # the handbook first, then procedures in the handbook's order


def _page_of(key: str) -> str:
    return urls.COVER if key == HANDBOOK else urls.sop(key.split("/", 1)[1])


def _code(manual: Manual, timeline: Timeline, doc: Controlled, version: Version) -> str:
    found = timeline.codes.get((doc.key, version.revision))
    if found:
        return found
    if doc.key == HANDBOOK:
        return manual.handbook.document_number
    sop_id = doc.key.split("/", 1)[1]
    return sop_code(manual, sop_id) if sop_id in manual.sops else ""


def _link_day(status: Status, version: Version) -> date | None:
    return None if status == "in-force" else version.effective


def _state(timeline: Timeline, doc: Controlled, version: Version, status: Status) -> Md:
    """In force / pending from its day / superseded by which, with the links that exist."""
    page = _page_of(doc.key)
    day = version.effective.isoformat()
    if status == "superseded":
        later = doc.after(version)
        by = f"{later.effective.isoformat()} 起由 {later.revision} 取代" if later is not None else "已失效"
        return Md('<span class="rev-state rev-superseded">已被取代</span><br>{}').format(by)
    links = []
    if status == "pending":
        words = Md('<span class="rev-state rev-pending">待生效</span> {} 起执行').format(day)
        label, address = "查看新版", urls.href_on(page, version.effective)
    else:
        words = Md('<span class="rev-state rev-in-force">现行</span> {} 起执行').format(day)
        label, address = "查看", urls.href_on(page, None)
    if address is not None:  # the site has the page of this text
        links.append(Md("[{}]({})").format(label, Md(address)))
    if timeline.signoffs.get(version.effective):
        links.append(urls.link("学习签收表", urls.signoff(version.effective)))
    return words + (Md("<br>") + Md(" · ").join(links) if links else Md(""))


def log_entries(manual: Manual, timeline: Timeline | None = None) -> list[LogEntry]:
    """Every revision of the handbook and of each procedure, newest first."""
    timeline = timeline or timeline_of(manual)
    hb = manual.handbook
    entries: list[LogEntry] = []
    for order, doc in enumerate(timeline.docs.values()):
        for version in doc.versions:
            status = doc.status(version, timeline.today)
            day = _link_day(status, version)
            code = _code(manual, timeline, doc, version)
            if doc.key == HANDBOOK:
                name: Md = Md("手册（{}）").format(doc_no(code) if code else inline(hb.document_number))
            else:
                name = Md("{} {}").format(doc_no(code) if code else "", inline(doc.title))
            if status != "superseded":
                name = urls.link_on(name, _page_of(doc.key), day)
            entries.append(LogEntry(version.written, version.effective, name, version.revision, version.summary,
                                    version.author, status, _state(timeline, doc, version, status), order))
    # Newest first (by the day it takes effect); on the same day the handbook before the
    # procedures, a higher revision first.
    entries.sort(key=lambda e: revision_key(e.revision), reverse=True)
    entries.sort(key=lambda e: (-e.effective.toordinal(), e.order))
    return entries


def revisions_page(manual: Manual, options: SiteOptions | None = None) -> Md:
    hb = manual.handbook
    timeline = (options.timeline if options is not None else None) or timeline_of(manual)
    entries = log_entries(manual, timeline)
    rows = []
    for e in entries:
        written = [f"修订于 {e.written.isoformat()}"] if e.written else []
        written += [f"修订人 {e.author}"] if e.author else []
        by = Md('<br><span class="rev-written">{}</span>').format("，".join(written)) if written else Md("")
        rows.append([Md('<span class="signoff-date">{}</span>').format(e.effective.isoformat()), e.document,
                     e.revision, e.state, inline(e.summary, manual.lookup) + by])
    pending = [e for e in entries if e.status == "pending"]
    today = timeline.today.isoformat()
    if pending:
        days = sorted({e.effective for e in pending})
        now = Md("今天（{}）之后还有 {} 个改次待生效，分别自 {} 起执行；生效之前仍执行现行的改次。").format(
            today, len(pending), "、".join(d.isoformat() for d in days))
    else:
        now = Md("今天（{}）没有待生效的修订。").format(today)
    where = Md("") if timeline.from_history else Md(
        "（较早改次的执行日期取自修订记录的日期：这份手册不是从完整的仓库历史生成的。）")
    intro = Md(
        "手册及各程序的全部修订，按执行日期排列，最新的在前；共 {} 条。{}{}"
        "版号/改次写作 A/0：字母为版号（整体改版时升级，如 A → B），数字为改次（每次局部修订加 1）。"
        "“状态”一栏写明每一改次今天是现行、待生效还是已被取代，并链接到该改次的文本和修订学习签收表。\n\n"
    ).format(len(entries), now, where)
    maint = maint_note(Md(
        "本页由手册（`handbook.yaml`）和各程序数据文件中的修订记录（`history`）汇总生成；"
        "较早改次的文本和执行日期取自仓库历史中带有该改次的最后一次提交。"
        "修改某个程序时，在该程序文件的 `history` 中加一条记录（写明改了哪几步、检查单、注意事项或表格），"
        "并同时更新 `revision` 和 `effective_date`。"))
    headers = ["执行日期", "文件", "版号/改次", "状态", "修订内容"]
    return (
        intro
        + table(headers, rows, cls="revision-log") + Md("\n") + maint + Md("\n")
        + print_stamp(manual, None, hb.revision, hb.effective_date)
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    yield PageSpec(urls.REVISIONS, TITLE, "appendix", lambda: revisions_page(manual, options), nav=appendix_nav(manual),
                   book=BookPlace(80, "revisions", handbook_doc(manual), level=2, cls="appendix-page"))
