"""Change notices per estate: what a change of the standard means in each estate's handbook.

``handbook diff OLD NEW`` on a company with estates compares, for each estate, that estate's
handbook in the two versions (the standard with the estate's overlay), so the notice names that
estate's procedures with its own numbers, who there must re-read and which of its printouts to
replace. It then says where the estate's own departures hide a change of the standard: a
procedure the estate replaced (the standard's new text does not reach it), a commitment it
keeps stricter, and a procedure it does not use.
"""

from __future__ import annotations

from handbook.changes.diff import compare
from handbook.changes.diff_sop import one, title
from handbook.changes.notice import render_notice
from handbook.changes.schedule import Schedule
from handbook.changes.snapshot import Snapshot, load_snapshot
from handbook.checks.estates import estate_ids
from handbook.data.estates import ESTATES_DIR
from handbook.data.model import Sop


def _same(a: Sop | None, b: Sop | None) -> bool:
    return (a.model_dump() if a is not None else None) == (b.model_dump() if b is not None else None)


def hidden_changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Changes of the standard that an estate's departures keep out of its handbook."""
    if after.company is None or after.estate_id is None or after.estate_id not in after.company.estates:
        return []
    ef = after.company.estates[after.estate_id]
    old, new = before.standard_sops, after.standard_sops
    lines = []
    for r in ef.procedures.replaced:
        if r.id in new and not _same(old.get(r.id), new.get(r.id)):
            sop = new[r.id]
            name = sop.title if sop is not None else r.id
            lines.append(f"本项目以自己的文本替换了{title(name)}，公司标准对它的这次修改不会进入本项目手册："
                         f"请核对 {ESTATES_DIR}/{after.estate_id}/sops/{r.id}.yaml 是否要跟着修改。")
    for o in ef.procedures.omitted:
        if o.id in new and not _same(old.get(o.id), new.get(o.id)):
            sop = new[o.id]
            name = sop.title if sop is not None else o.id
            lines.append(f"公司标准修改了{title(name)}；本项目不采用这个程序，无需处理（理由：{one(o.reason)}）")
    if before.company is not None:
        for c in ef.commitments:
            a, b = before.company.commitments.get(c.id), after.company.commitments.get(c.id)
            if a is not None and b is not None and (a.time_limit, a.promise) != (b.time_limit, b.promise):
                what = f"时限 {a.time_limit} → {b.time_limit}" if a.time_limit != b.time_limit else "承诺文字"
                lines.append(f"公司标准修改了服务承诺“{one(b.title)}”（{what}）；本项目的承诺仍是自己更严的 "
                             f"{c.time_limit}" + ("（承诺文字也是本项目自己的）" if c.promise else "")
                             + "：请核对是否要跟着修改，以及是否仍然严于新的公司标准。")
    return lines


def estate_notices(before: Snapshot, after: Snapshot, schedule: Schedule | None = None) -> str | None:
    """One notice per estate; None when neither version has estates (a one-estate handbook)."""
    if before.folder is None or after.folder is None:
        return None
    ids_old, ids_new = estate_ids(before.folder), estate_ids(after.folder)
    if not ids_old and not ids_new:
        return None
    out = []
    for n, estate_id in enumerate(ids_new + [e for e in ids_old if e not in ids_new]):
        if estate_id in ids_old:
            b = load_snapshot(before.folder, before.label, before.shown_as, estate=estate_id)
        elif not ids_old and n == 0:  # the one-estate handbook became the first estate
            b = before
        else:  # a new estate: everything in its handbook is new
            b = Snapshot(label=f"{before.label}（当时还没有这个项目）")
        if estate_id in ids_new:
            a = load_snapshot(after.folder, after.label, after.shown_as, estate=estate_id)
        else:
            a = Snapshot(label=f"{after.label}（这个项目已删除）")
        name = (a.handbook or b.handbook)
        head = f"【项目 {estate_id}：{one(name.estate.name) if name is not None else estate_id}】"
        digest = compare(b, a)
        text = render_notice(digest, schedule(a, digest) if schedule is not None else None)
        hidden = hidden_changes(b, a)
        if hidden:
            text += "\n本项目的偏离与这次修改：\n" + "".join(f"    ⚠ {h}\n" for h in hidden)
        out.append(head + "\n" + text)
    return "\n".join(out)
