"""The change notice: a :class:`~handbook.changes.diff.Digest` worded as a manager would send it.

Plain text, in Chinese, to paste into a mail or a chat: a summary, each changed procedure with
its revision and what changed step by step, the commitments, job descriptions and forms, who
must re-read what, and which printouts to replace. Problems for the editor are marked ⚠.
"""

from __future__ import annotations

from handbook.changes.diff import Digest
from handbook.changes.diff_sop import WHOLE, SopDigest, one, title
from handbook.manual.numbering import chinese_number
from handbook.changes.snapshot import Snapshot

WARN = "⚠ "


def _version(snap: Snapshot) -> str:
    """Which version: where it was read, then the handbook's revision and the day it takes effect
    (never a commit's subject: what a version is, is its revision and date)."""
    hb = snap.handbook
    if hb is None:
        return one(snap.label)
    return f"手册 {hb.revision}，{hb.effective_date.isoformat()} 起执行（{one(snap.label)}）"


def parts_text(parts: set[int | str]) -> str:
    if WHOLE in parts:
        return WHOLE
    steps = sorted(p for p in parts if isinstance(p, int))
    words = sorted(p for p in parts if isinstance(p, str))
    out = []
    if steps:
        out.append("第 " + "、".join(str(s) for s in steps) + " 步")
    return "、".join(out + words)


def _sop_heading(d: SopDigest) -> str:
    code = d.code_new or d.code_old or ""
    head = f"{code} {title(d.title)}".strip()
    if d.status == "added":
        return f"{head}（新增；版号/改次 {d.revision_new}，{d.effective_new} 起生效）"
    if d.status == "removed":
        return f"{head}（废止）"
    if d.status == "unreadable":
        return f"{head}（未能比较）"
    if d.revision_old != d.revision_new:
        revision = f"版号/改次 {d.revision_old} → {d.revision_new}"
    else:
        revision = f"版号/改次仍为 {d.revision_new}"
    if d.effective_old != d.effective_new:
        revision += f"，{d.effective_new} 起生效"
    return f"{head}（{revision}）"


def _summary(d: Digest) -> list[str]:
    count = {s: sum(1 for x in d.sops if x.status == s) for s in
             ("changed", "added", "removed", "control", "unchanged", "unreadable")}
    words = [("修改", "changed"), ("新增", "added"), ("废止", "removed"), ("只更新了复审日期或修订记录", "control"),
             ("未能比较", "unreadable")]
    parts = [f"{w} {count[k]} 个" for w, k in words if count[k]]
    lines = [f"程序共 {len(d.sops)} 个：" + "，".join(parts + [f"其余 {count['unchanged']} 个没有变化"]) + "。"]
    whole = [(len(d.commitments), "服务承诺", "项"), (len(d.roles), "岗位说明书", "个"), (len(d.forms), "表格", "张"),
             (len(d.laws), "法律法规清单", "条")]
    if any(n for n, _, _ in whole):
        lines.append("；".join(f"{w}变更 {n} {u}" for n, w, u in whole if n) + "。")
    n_warn = len(d.warnings) + sum(len(x.warnings) for x in d.sops)
    if n_warn:
        lines.append(f"{WARN}有 {n_warn} 处需要编写人先处理（见标 ⚠ 的各条）。")
    return lines


def _sop_sections(d: Digest) -> list[str]:
    out: list[str] = []
    shown = [x for x in d.sops if x.status in ("changed", "added", "removed", "unreadable")]
    for i, sop in enumerate(shown, 1):
        out.append(f"（{chinese_number(i)}）{_sop_heading(sop)}")
        out += [f"    {n}. {c}" for n, c in enumerate(sop.changes, 1)]
        out += [f"    说明：{note}" for note in sop.notes]
        out += [f"    {WARN}{w}" for w in sop.warnings]
        out.append("")
    control = [x for x in d.sops if x.status == "control"]
    if control:
        out.append("以下程序内容没有变化，只更新了复审日期或修订记录：")
        out += [f"    {title(x.title)}：" + "；".join(x.notes) for x in control]
        out.append("")
    return out


def _whole_sections(d: Digest) -> list[str]:
    out: list[str] = []
    for head, lines in (("服务承诺", d.commitments), ("岗位说明书", d.roles), ("记录表格", d.forms),
                         ("手册", d.handbook), ("其他", d.other)):
        if lines:
            out.append(f"    {head}：")
            out += [f"        {n}. {line}" for n, line in enumerate(lines, 1)]
            if lines is d.commitments:
                out.append("        对客户公示的承诺有变化：请同步更新公告栏、服务指南和对外宣传材料。")
    out += [f"    说明：{note}" for note in d.notes]
    out += [f"    {WARN}{w}" for w in d.warnings]
    return out


def role_order(d: Digest) -> list[str]:
    order: list[str] = []
    for snap in (d.new, d.old):
        if snap.organization is not None:
            order += [p.role for u in snap.organization.units for p in u.positions if p.role not in order]
    return order + sorted(r for r in d.readers.by_role if r not in order)


def _readers(d: Digest) -> list[str]:
    staff: list[str] = []
    partners: list[str] = []
    for role in role_order(d):
        docs = d.readers.by_role.get(role)
        if not docs or role == "customer":
            continue
        who = one(d.new.role_title(role) or d.old.role_title(role) or role)
        line = f"    {who}：" + "；".join(f"{doc}（{parts_text(parts)}）" for doc, parts in docs.items())
        (staff if d.new.is_staff(role) or d.old.is_staff(role) else partners).append(line)
    out = staff or ["    无。"]
    if partners:
        out += ["  请告知相关部门："] + partners
    return out


def _reprints(d: Digest) -> list[str]:
    out = []
    reprint = [x for x in d.sops if x.reprint and x.status in ("changed", "added", "control")]
    if reprint:
        out.append("    前台检查单和程序打印件（收回旧版，打印新版）：" + "、".join(
            f"{x.code_new or ''}{title(x.title)}" for x in reprint))
    removed = [x for x in d.sops if x.status == "removed"]
    if removed:
        out.append("    收回作废：" + "、".join(f"{x.code_old or ''}{title(x.title)}" for x in removed))
    if d.reprint_forms:
        out.append("    空白表格（按新版重新印制，旧表用完即停）：" + "、".join(title(t) for t in d.reprint_forms))
    return out


def render_notice(d: Digest, schedule: list[str] | None = None) -> str:
    """The notice; ``schedule`` the lines of its 执行时间 section (which revision is in force when)."""
    hb = d.new.handbook or d.old.handbook
    name = f"{one(hb.estate.name)} {one(hb.title)}" if hb is not None else "客户服务中心操作手册"
    lines = ["手册变更通知", name, f"旧版本：{_version(d.old)}", f"新版本：{_version(d.new)}", ""]
    if not d.changed:
        lines.append("两个版本的手册内容没有差别。")
        lines += [f"{WARN}{w}" for w in d.warnings]
        if schedule:
            lines += ["", "执行时间", *schedule]
        return "\n".join(lines) + "\n"
    sections: list[tuple[str, list[str]]] = [("概要", [f"    {s}" for s in _summary(d)])]
    if schedule:
        sections.append(("执行时间", schedule))
    sops = _sop_sections(d)
    if sops:
        sections.append(("各程序的变更", sops))
    whole = _whole_sections(d)
    if whole:
        sections.append(("服务承诺、岗位说明书、表格及手册", whole))
    if d.laws:
        recheck = any("请复核" in line for line in d.laws)
        sections.append(("法律法规及其他要求", [f"    {n}. {line}" for n, line in enumerate(d.laws, 1)]
                         + (["    所列程序请由归口岗位对照新的清单复核：条款内容变了，程序是否仍然相符。"] if recheck else [])))
    sections.append(("请以下岗位重新学习", _readers(d)))
    reprints = _reprints(d)
    if reprints:
        sections.append(("需要更换的打印件", reprints))
    for n, (head, body) in enumerate(sections, 1):
        lines.append(f"{chinese_number(n)}、{head}")
        lines += [line.rstrip() for line in body]
        if body and body[-1] != "":
            lines.append("")
    lines.append("以上变更以在线手册为准；打印件上的版号/改次应与在线版本一致。")
    return "\n".join(lines) + "\n"
