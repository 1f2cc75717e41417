"""Revisions: the 版号/改次 order, and the checks on each file's history (the 修订记录 page is render/revisions_page.py).

A revision is written ``A/0``: the letter is the edition (版号), raised when a document is
rewritten; the number is the amendment (改次), raised for each change within an edition. ``A/3``
comes before ``B/0``. The current revision of a document must be the newest entry of its history,
and the document cannot take effect before that revision was made. The entries are written oldest
first, and their dates never go backwards (errors); the days on which earlier revisions took
effect are in the repository's history and are checked by :mod:`handbook.changes.history_check`.
"""

from __future__ import annotations

from datetime import date

from handbook.data.document import Document
from handbook.manual.manual import Manual
from handbook.data.model import HistoryEntry
from handbook.data.problems import Problem



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
                "每次修订升一次改次（如 A/0 → A/1），同一版号只记一条", severity="warning", code="revision.repeated"))
        seen.setdefault(entry.revision, i)
    # Written oldest first: a later revision after an earlier one. Out of order is an error: the
    # log, the banners and the editions read the entries as the order the revisions came in.
    for i, (earlier, later) in enumerate(zip(history, history[1:]), 1):
        if revision_key(later.revision) < revision_key(earlier.revision):
            problems.append(doc.problem(
                ("history", i, "revision"),
                f"修订记录顺序颠倒：{later.revision} 写在 {earlier.revision} 之后",
                "修订记录按改次从旧到新排列：把这一条移到正确的位置，或改正版号", code="revision.history-order"))
    ordered = sorted(history, key=lambda h: revision_key(h.revision))
    for earlier, later in zip(ordered, ordered[1:]):
        if later.date < earlier.date and later.revision != earlier.revision:
            i = history.index(later)
            problems.append(doc.problem(
                ("history", i, "date"),
                f"修订记录日期倒退：{later.revision} 的日期 {later.date.isoformat()} 早于 "
                f"{earlier.revision} 的 {earlier.date.isoformat()}",
                "较晚的改次不能早于较早的改次：检查日期或版号是否写错", code="revision.date-order"))
    latest = newest(history)
    if latest is None:
        return problems
    if revision_key(revision) != revision_key(latest.revision):
        if revision in seen:
            message = f"版号 {revision} 不是修订记录中最新的一条（最新为 {latest.revision}）"
            hint = f"把 revision 改为 {latest.revision}，或删去多写的修订记录"
            code = "revision.not-latest"
        else:
            message = f"版号 {revision} 在修订记录中没有对应的一条"
            hint = f"在 history 中加一条 revision: {revision}，写明日期和修订内容"
            code = "revision.no-entry"
        problems.append(doc.problem(("revision",), message, hint, severity="warning", code=code))
    elif effective < latest.date:
        problems.append(doc.problem(
            ("effective_date",),
            f"生效日期 {effective.isoformat()} 早于本版（{latest.revision}）的修订日期 {latest.date.isoformat()}",
            "修订后把 effective_date 改为新版开始执行的日期", severity="warning", code="revision.effective-early"))
    return problems


def revision_problems(manual: Manual) -> list[Problem]:
    """Warnings for the handbook and every procedure whose revision and history disagree."""
    problems: list[Problem] = []
    hb = manual.handbook
    rel = "handbook.yaml"
    own = manual.company.estates.get(manual.estate_id or "") if manual.company is not None else None
    if own is not None and own.history:  # an estate that keeps its own revisions
        rel = f"estates/{manual.estate_id}/estate.yaml"
    if rel in manual.docs:
        problems += _history_problems(manual.docs[rel], hb.revision, hb.effective_date, hb.history)
    for sop_id, sop in manual.sops.items():
        doc = manual.docs.get(f"sops/{sop_id}.yaml")
        if doc is not None:
            problems += _history_problems(doc, sop.revision, sop.effective_date, sop.history)
    return problems
