"""Revisions: the 版号/改次 order, the checks on each file's history, and the 修订记录 page.

A revision is written ``A/0``: the letter is the edition (版号), raised when a document is
rewritten; the number is the amendment (改次), raised for each change within an edition. ``A/3``
comes before ``B/0``. The current revision of a document must be the newest entry of its history,
and the document cannot take effect before that revision was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .load import Document
from .manual import Manual
from .markup import heading, inline, table
from .model import HistoryEntry
from .numbering import sop_code
from .problems import Problem
from .stamp import print_stamp

PAGE = "appendix/revisions.md"


def revision_key(revision: str) -> tuple[str, int]:
    """Sort key of ``A/0``-style revisions: edition letter first, then amendment number."""
    letter, _, number = revision.partition("/")
    return letter, int(number) if number.isdigit() else -1


def newest(history: list[HistoryEntry]) -> HistoryEntry | None:
    """The entry with the highest revision (the order entries are written in does not matter)."""
    return max(history, key=lambda h: revision_key(h.revision), default=None)


def _history_problems(doc: Document, revision: str, effective: date,
                      history: list[HistoryEntry]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(history):
        if entry.revision in seen:
            problems.append(doc.problem(
                ("history", i, "revision"), f"修订记录中版号 {entry.revision} 出现两次",
                "每次修订升一次改次（如 A/0 → A/1），同一版号只记一条", severity="warning"))
        seen.setdefault(entry.revision, i)
    ordered = sorted(history, key=lambda h: revision_key(h.revision))
    for earlier, later in zip(ordered, ordered[1:]):
        if later.date < earlier.date:
            i = history.index(later)
            problems.append(doc.problem(
                ("history", i, "date"),
                f"修订记录日期颠倒：{later.revision} 的日期 {later.date.isoformat()} 早于 "
                f"{earlier.revision} 的 {earlier.date.isoformat()}",
                "检查日期或版号是否写错", severity="warning"))
    latest = newest(history)
    if latest is None:
        return problems
    if revision_key(revision) != revision_key(latest.revision):
        if revision in seen:
            message = f"版号 {revision} 不是修订记录中最新的一条（最新为 {latest.revision}）"
            hint = f"把 revision 改为 {latest.revision}，或删去多写的修订记录"
        else:
            message = f"版号 {revision} 在修订记录中没有对应的一条"
            hint = f"在 history 中加一条 revision: {revision}，写明日期和修订内容"
        problems.append(doc.problem(("revision",), message, hint, severity="warning"))
    elif effective < latest.date:
        problems.append(doc.problem(
            ("effective_date",),
            f"生效日期 {effective.isoformat()} 早于本版（{latest.revision}）的修订日期 {latest.date.isoformat()}",
            "修订后把 effective_date 改为新版开始执行的日期", severity="warning"))
    return problems


def revision_problems(manual: Manual) -> list[Problem]:
    """Warnings for the handbook and every procedure whose revision and history disagree."""
    problems: list[Problem] = []
    hb = manual.handbook
    if "handbook.yaml" in manual.docs:
        problems += _history_problems(manual.docs["handbook.yaml"], hb.revision, hb.effective_date, hb.history)
    for sop_id, sop in manual.sops.items():
        doc = manual.docs.get(f"sops/{sop_id}.yaml")
        if doc is not None:
            problems += _history_problems(doc, sop.revision, sop.effective_date, sop.history)
    return problems


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class LogEntry:
    """One line of the handbook's revision log."""

    date: date
    document: str  # Markdown: the document's number and title, linked where it has a page
    revision: str
    summary: str
    author: str
    order: int  # the handbook first, then procedures in the handbook's order


def log_entries(manual: Manual) -> list[LogEntry]:
    """Every revision of the handbook and of each procedure, newest first."""
    hb = manual.handbook
    entries = [
        LogEntry(h.date, f"手册（{inline(hb.document_number)}）", h.revision, h.summary, h.author or "", 0)
        for h in hb.history
    ]
    for n, (sop_id, sop) in enumerate(manual.sops.items(), 1):
        name = f"[{sop_code(manual, sop_id)} {inline(sop.title)}](../sops/{sop_id}.md)"
        entries += [LogEntry(h.date, name, h.revision, h.summary, h.author or "", n) for h in sop.history]
    # Newest first; on the same day the handbook before the procedures, a higher revision first.
    entries.sort(key=lambda e: revision_key(e.revision), reverse=True)
    entries.sort(key=lambda e: (-e.date.toordinal(), e.order))
    return entries


def revisions_page(manual: Manual) -> str:
    hb = manual.handbook
    entries = log_entries(manual)
    rows = [[e.date.isoformat(), e.document, e.revision, inline(e.summary, manual.lookup), inline(e.author)]
            for e in entries]
    intro = (
        f"手册及各程序的全部修订，最新的在前；共 {len(entries)} 条。"
        "本页由手册（handbook.yaml）和各程序数据文件中的修订记录（history）汇总生成；"
        "修改某个程序时，在该程序文件的 history 中加一条记录，并同时更新 revision 和 effective_date。\n\n"
        "版号/改次写作 A/0：字母为版号（整体改版时升级，如 A → B），数字为改次（每次局部修订加 1）。\n\n"
    )
    return (
        heading("修订记录") + "\n" + intro
        + table(["日期", "文件", "版号/改次", "修订内容", "修订人"], rows) + "\n"
        + print_stamp(manual, None, hb.revision, hb.effective_date)
    )
