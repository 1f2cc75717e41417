"""What changed in the register of laws (laws.yaml), and which procedures to check again.

An entry whose status, titles, dates or verification changed, and an article whose text
(``says``) or verification changed, was added or removed, is reported with the procedures (and
their steps or key points) that rely on it in the new version (or, for what was removed, in the
old): each is to be checked against the register again. A review date alone is a note.
"""

from __future__ import annotations

from typing import Any

from handbook.changes.diff_sop import dump, one, quote, short, title
from handbook.changes.snapshot import Snapshot
from handbook.data.laws import STATUS_LABEL, Law, article_text
from handbook.manual.laws import LawUse, Reliance, index

#: Fields of an entry whose change touches everything that relies on it, with their names.
ENTRY_FIELDS = {"title": "全称", "short": "简称", "also": "其他写法", "kind": "类别", "issuer": "制定机关",
                "number": "文号", "effective": "施行日期", "amended": "修改日期", "verified": "核对记录"}


def law_changes(old: Snapshot, new: Snapshot) -> tuple[list[str], list[str]]:
    """The lines of the notice about the register, and its notes (review dates only)."""
    a_laws, b_laws = old.laws.laws, new.laws.laws
    relied_new = {u.law.id: u for u in index(new.laws, new.sops)}
    relied_old = {u.law.id: u for u in index(old.laws, old.sops)}
    lines: list[str] = []
    notes: list[str] = []
    for law_id in [*b_laws, *(k for k in a_laws if k not in b_laws)]:
        a, b = a_laws.get(law_id), b_laws.get(law_id)
        if a is None and b is not None:
            lines.append(f"新增{title(b.name)}（{one(b.title)}）")
            continue
        if b is None and a is not None:
            lines.append(f"删去{title(a.name)}" + _recheck(relied_old.get(law_id), None, old))
            continue
        assert a is not None and b is not None
        changes, touched = _entry(a, b, new)
        for no in [*(x.no for x in b.articles), *(x.no for x in a.articles if b.article(x.no) is None)]:
            found = _article(a, b, no)
            if found:
                changes.append(f"{article_text(no)}：{found}")
                touched.add(no)
        if changes:
            lines.append(f"{title(b.name)}：" + "；".join(changes)
                         + _recheck(relied_new.get(law_id), touched, new)
                         + _recheck_removed(relied_old.get(law_id), b, touched, old))
        elif a.reviewed != b.reviewed:
            notes.append(f"{title(b.name)}已复核：{a.reviewed.isoformat()} → {b.reviewed.isoformat()}")
    return lines, notes


def _entry(a: Law, b: Law, new: Snapshot) -> tuple[list[str], set[str | None]]:
    """The changes of the entry itself; None in ``touched`` stands for every reliance on it."""
    changes: list[str] = []
    if a.status != b.status or a.superseded_by != b.superseded_by:
        successor = new.laws.laws.get(b.superseded_by) if b.superseded_by else None
        changes.append(f"效力 {STATUS_LABEL[a.status]} → {STATUS_LABEL[b.status]}"
                       + (f"（由{title(successor.name)}取代）" if successor is not None else ""))
    for name, label in ENTRY_FIELDS.items():
        va, vb = _plain(getattr(a, name)), _plain(getattr(b, name))
        if va != vb:
            changes.append(f"{label}改为 {_shown(vb)}" if vb not in (None, []) else f"删去{label}")
    return changes, ({None} if changes else set())


def _article(a: Law, b: Law, no: str) -> str:
    old, new = a.article(no), b.article(no)
    if old is None and new is not None:
        return f"新增，{quote(short(new.says))}"
    if new is None:
        return "删去"
    assert old is not None
    parts = []
    if old.says != new.says:
        parts.append(f"内容改为{quote(short(new.says))}")
    if dump(old.verified) != dump(new.verified):
        parts.append("核对记录有变化（" + ("已核对原文" if new.verified is not None else "改为未核对：不能再按条号引用") + "）")
    return "；".join(parts)


def _recheck(use: LawUse | None, touched: set[str | None] | None, snap: Snapshot) -> str:
    """``；请复核依据它的程序：《甲》（第 3 步）…`` for the reliances on what was touched
    (``touched`` None or holding None: on anything of the law)."""
    if use is None:
        return ""
    chosen = [r for u in use.uses if touched is None or None in touched or u.no in touched for r in u.reliances]
    return _procedures(chosen, "请复核依据它的程序", snap)


def _recheck_removed(use: LawUse | None, b: Law, touched: set[str | None], old: Snapshot) -> str:
    """Reliances in the old version on an article the new register no longer lists."""
    if use is None:
        return ""
    gone = [r for u in use.uses if u.no is not None and u.no in touched and b.article(u.no) is None for r in u.reliances]
    return _procedures(gone, "原来依据已删去条款的程序", old)


def _procedures(reliances: list[Reliance], head: str, snap: Snapshot) -> str:
    by_sop: dict[str, list[str]] = {}
    for r in reliances:
        by_sop.setdefault(r.sop_id, [])
        if r.place not in by_sop[r.sop_id]:
            by_sop[r.sop_id].append(r.place)
    if not by_sop:
        return ""

    def name(sop_id: str) -> str:
        sop = snap.sops.get(sop_id)
        return title(sop.title) if sop is not None else sop_id

    return f"；{head}：" + "、".join(f"{name(s)}（{'、'.join(places)}）" for s, places in by_sop.items())


def _plain(value: Any) -> Any:
    return dump(value) if hasattr(value, "model_dump") else value


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(one(v) for v in value)
    if isinstance(value, dict):
        return "、".join(one(v) for v in value.values())
    return one(value.isoformat() if hasattr(value, "isoformat") else value)
