"""Which revision is in force when: the notice's 执行时间 section.

The new version of a notice may carry several revisions not yet in force, stacked (the handbook
C/0 from 2026-12-15 and D/0 from 2027-01-01, a procedure's A/1 and A/2). For the handbook and for
each procedure the notice names, this says the revision in force today and each pending one with
its day. The days of earlier revisions come from the repository's history (their committed texts
say them); without it, from the history entries, and the section says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from handbook.changes.diff import Digest
from handbook.changes.diff_sop import title
from handbook.changes.snapshot import Snapshot
from handbook.manual.timeline import HANDBOOK, Controlled, Lookup, Timeline, controlled
from handbook.site.inforce import open_register

#: The 执行时间 lines of a notice, from its new version and its digest.
Schedule = Callable[[Snapshot, Digest], list[str]]


def snapshot_timeline(snap: Snapshot, today: date, lookup: Lookup | None) -> Timeline | None:
    """The revisions of the handbook and of each readable procedure of ``snap``."""
    hb = snap.handbook
    if hb is None:
        return None
    rel = "handbook.yaml"
    estate = snap.company.estates.get(snap.estate_id) if snap.company is not None and snap.estate_id else None
    if estate is not None and estate.history:
        rel = f"estates/{snap.estate_id}/estate.yaml"
    docs: dict[str, Controlled] = {
        HANDBOOK: controlled(HANDBOOK, rel, hb.revision, hb.effective_date, hb.history, lookup, hb.title)}
    for sop_id in snap.procedure_order:
        sop = snap.sops.get(sop_id)
        if sop is not None:
            docs[f"sops/{sop_id}"] = controlled(f"sops/{sop_id}", f"sops/{sop_id}.yaml", sop.revision,
                                                sop.effective_date, sop.history, lookup, sop.title)
    return Timeline(today, docs, from_history=lookup is not None)


def _line(doc: Controlled, today: date) -> str:
    now = doc.in_force(today)
    parts = [f"现行 {now.revision}（{now.effective.isoformat()} 起执行）" if now is not None else "尚无生效的改次"]
    waiting = doc.pending(today)
    if waiting:
        parts.append("待生效 " + "、".join(f"{v.revision}（{v.effective.isoformat()} 起）" for v in waiting))
    return "；".join(parts)


def schedule_lines(digest: Digest, timeline: Timeline | None) -> list[str]:
    """The handbook, then each procedure the notice names, and how many others wait."""
    if timeline is None:
        return []
    today = timeline.today
    named = {f"sops/{d.sop_id}" for d in digest.sops if d.status in ("changed", "added", "control")}
    out = []
    others = 0
    for key, doc in timeline.docs.items():
        if key != HANDBOOK and key not in named:
            others += bool(doc.pending(today))
            continue
        who = "手册" if key == HANDBOOK else title(doc.title)
        out.append(f"    {who}：{_line(doc, today)}")
    if others:
        out.append(f"    另有 {others} 个程序有待生效的改次（本通知未涉及），见在线手册的修订记录。")
    if not any(doc.pending(today) for doc in timeline.docs.values()):
        out.append(f"    今天（{today.isoformat()}）没有待生效的改次：以上各改次均已执行。")
    else:
        out.append(f"    按今天（{today.isoformat()}）：待生效的改次到期前仍执行现行改次，到期当天起按新的改次执行；"
                   "在线手册中每一改次都有自己的页面（“查看新版”）。")
    if not timeline.from_history:
        out.append("    （较早改次的执行日期取自修订记录的日期：没有读到仓库历史。）")
    return out


def schedule_for(data_dir: Path | None, today: date) -> Schedule:
    """A function giving the 执行时间 lines of a notice's new version, with the days of earlier
    revisions read from the history of ``data_dir``'s repository (when it has one)."""
    register = open_register(data_dir, None) if data_dir is not None and data_dir.is_dir() else None
    lookup = register.lookup if register is not None and register.history is not None else None

    def lines(snap: Snapshot, digest: Digest) -> list[str]:
        return schedule_lines(digest, snapshot_timeline(snap, today, lookup))

    return lines
