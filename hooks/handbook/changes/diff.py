"""What changed between two versions of the handbook's data: the digest behind a change notice.

``compare(old, new)`` returns a :class:`Digest`: one :class:`SopDigest` per procedure (see
``diff_sop.py``), the revision checks (content changed but 版号/改次 not raised), the changes to
commitments, job descriptions, forms and the handbook itself, and who must re-read what.
``notice.py`` turns it into the text a manager sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handbook.changes.diff_sop import (
    CONTROL_FIELDS,
    WHOLE,
    Readers,
    SopComparison,
    SopDigest,
    changed_fields,
    dump,
    field_label,
    next_revision,
    one,
    quote,
    short,
    title,
)
from handbook.changes.diff_laws import law_changes
from handbook.changes.mentions import Mention, mention, pieces
from handbook.data.model import Estate, Handbook, Sop
from handbook.data.rules import commitment_limit, participants
from handbook.manual.numbering import KIND_LABEL
from handbook.checks.revisions import revision_key
from handbook.changes.snapshot import Snapshot


@dataclass
class Digest:
    old: Snapshot
    new: Snapshot
    sops: list[SopDigest] = field(default_factory=list)
    handbook: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # organization, glossary
    laws: list[str] = field(default_factory=list)  # the register of laws, with the procedures to check again
    notes: list[str] = field(default_factory=list)  # the handbook's revision history
    warnings: list[str] = field(default_factory=list)  # about the handbook as a whole
    readers: Readers = field(default_factory=Readers)
    reprint_forms: list[str] = field(default_factory=list)
    #: The changes to what the handbook's own revision controls (everything but the procedures'
    #: texts), each with what in the handbook's history entry names it (see :mod:`mentions`).
    mentions: list[Mention] = field(default_factory=list)

    def note(self, lines: list[str], text: str, words: tuple[str, ...]) -> None:
        lines.append(text)
        self.mentions.append(mention(text, (), words))

    @property
    def changed(self) -> bool:
        return any(d.status != "unchanged" for d in self.sops) or any(
            (self.handbook, self.commitments, self.roles, self.forms, self.other, self.laws))


def _revision_checks(d: SopDigest, o: Sop, n: Sop) -> None:
    content_changed = dump(o, CONTROL_FIELDS) != dump(n, CONTROL_FIELDS)
    ko, kn = revision_key(o.revision), revision_key(n.revision)
    if kn < ko:
        d.warnings.append(f"版号/改次倒退：{o.revision} → {n.revision}，请改正")
    elif content_changed and kn == ko:
        d.warnings.append(
            f"内容有修改，但版号/改次未升（仍为 {n.revision}）：请升为 {next_revision(n.revision)}，"
            "更新生效日期，并在修订记录中写明改了什么")
    elif kn > ko:
        if not content_changed:
            d.notes.append("只升了版号/改次，内容没有变化")
        if n.effective_date == o.effective_date:
            d.warnings.append(f"版号/改次已升为 {n.revision}，但生效日期仍为 {n.effective_date.isoformat()}")
        if not any(h.revision == n.revision for h in n.history):
            d.warnings.append(f"修订记录中没有 {n.revision} 的说明，请补上")
    if o.effective_date != n.effective_date and kn == ko:
        d.notes.append(f"生效日期 {o.effective_date.isoformat()} → {n.effective_date.isoformat()}")
    if o.last_reviewed != n.last_reviewed:
        d.notes.append(f"已复审：最近评审日期 {o.last_reviewed.isoformat()} → {n.last_reviewed.isoformat()}")
    known = {h.revision for h in o.history}
    for h in n.history:
        if h.revision not in known:
            d.notes.append(f"修订说明（{h.revision}，{h.date.isoformat()}）：{one(h.summary)}")


def compare_sop(old: Snapshot, new: Snapshot, sop_id: str, readers: Readers) -> SopDigest:
    o, n = old.sops.get(sop_id), new.sops.get(sop_id)
    either = n or o
    d = SopDigest(sop_id, either.title if either is not None else sop_id, "unchanged",
                  code_old=old.sop_code(sop_id), code_new=new.sop_code(sop_id))
    if (sop_id in old.sops and o is None) or (sop_id in new.sops and n is None):
        which = "旧" if o is None and sop_id in old.sops else "新"
        d.status = "unreadable"
        d.warnings.append(f"{which}版本中的 sops/{sop_id}.yaml 有数据错误，未能比较（用 handbook check 查看）")
        return d
    if o is not None:
        d.revision_old, d.effective_old = o.revision, o.effective_date.isoformat()
    if n is not None:
        d.revision_new, d.effective_new = n.revision, n.effective_date.isoformat()
    if o is None and n is not None:
        d.status, d.reprint = "added", True
        d.changes.append(f"新发布的{KIND_LABEL[n.kind]}，共 {len(n.steps)} 步，归口 "
                         f"{one(new.role_title(n.owner) or n.owner)}，{n.effective_date.isoformat()} 起生效")
        readers.add(participants(n), title(n.title), WHOLE)
        return d
    if n is None and o is not None:
        d.status = "removed"
        d.changes.append("本程序已废止：请收回所有打印件，不再执行")
        readers.add(participants(o), title(o.title), "已废止")
        return d
    assert o is not None and n is not None
    comparison = SopComparison(old, new, sop_id, readers)
    comparison.texts()
    comparison.steps()
    checklist_changed = comparison.checklist()
    d.changes = comparison.changes
    d.mentions = comparison.mentions
    if d.code_old and d.code_new and d.code_old != d.code_new:
        d.changes.insert(0, f"文件编号 {d.code_old} → {d.code_new}（程序的顺序或类别有调整）")
    _revision_checks(d, o, n)
    d.reprint = bool(d.changes) or checklist_changed or o.revision != n.revision
    if d.changes or d.warnings:
        d.status = "changed"
    elif d.notes:
        d.status = "control"
    return d


# --------------------------------------------------------------------------- the handbook as a whole


def _by_id(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Ids in the new version's order, then those only the old version has."""
    return list(new) + [k for k in old if k not in new]


def _commitments(digest: Digest) -> None:
    old, new = digest.old, digest.new
    for cid in _by_id(old.commitments, new.commitments):
        a, b = old.commitments.get(cid), new.commitments.get(cid)
        users = {s.role for snap in (old, new) for sop in snap.sops.values() if sop is not None
                 for s in sop.steps if s.commitment == cid}
        if a is None and b is not None:
            limit = commitment_limit(new.commitments, cid)
            digest.note(digest.commitments, f"新增承诺{quote(b.title)}{'（' + limit.label + '）' if limit else ''}："
                        f"{new.text(b.promise)}", ("服务承诺", *pieces(b.title)))
        elif b is None and a is not None:
            digest.note(digest.commitments, f"取消承诺{quote(a.title)}", ("服务承诺", *pieces(a.title)))
            digest.readers.add(users, f"服务承诺{quote(a.title)}", "已取消")
        elif a is not None and b is not None and dump(a) != dump(b):
            parts = []
            la, lb = commitment_limit(old.commitments, cid), commitment_limit(new.commitments, cid)
            if a.time_limit != b.time_limit:
                parts.append(f"时限 {la.label if la else '无'} → {lb.label if lb else '无'}")
            if a.promise != b.promise:
                parts.append(f"承诺改为：{new.text(b.promise)}")
            others = changed_fields(a, b, skip={"time_limit", "promise"})
            if others:
                parts.append("、".join(others) + "有修改")
            digest.note(digest.commitments, f"{quote(b.title)}：" + "；".join(parts), ("服务承诺", *pieces(b.title)))
            digest.readers.add(users, f"服务承诺{quote(b.title)}", "承诺")


def _roles(digest: Digest) -> None:
    old, new = digest.old, digest.new
    for rid in _by_id(old.roles, new.roles):
        a, b = old.roles.get(rid), new.roles.get(rid)
        if (rid in old.roles and a is None) or (rid in new.roles and b is None):
            digest.warnings.append(f"roles/{rid}.yaml 有数据错误，未能比较")
        elif a is None and b is not None:
            digest.note(digest.roles, f"新设岗位{quote(b.title)}", ("岗位", *pieces(b.title.split("（")[0])))
            digest.readers.add([rid], "本岗位说明书", WHOLE)
        elif b is None and a is not None:
            digest.note(digest.roles, f"撤销岗位{quote(a.title)}", ("岗位", *pieces(a.title.split("（")[0])))
        elif a is not None and b is not None and dump(a) != dump(b):
            fields = changed_fields(a, b)
            digest.note(digest.roles, f"{quote(b.title)}的岗位说明书：" + "、".join(fields) + "有修改",
                        ("岗位说明书", "岗位职责", *pieces(b.title.split("（")[0])))
            digest.readers.add([rid], "本岗位说明书", "、".join(fields))


def _forms(digest: Digest) -> None:
    old, new = digest.old, digest.new
    for fid in _by_id(old.forms, new.forms):
        a, b = old.forms.get(fid), new.forms.get(fid)
        if (fid in old.forms and a is None) or (fid in new.forms and b is None):
            digest.warnings.append(f"forms/{fid}.yaml 有数据错误，未能比较")
        elif a is None and b is not None:
            digest.note(digest.forms, f"新增表格{title(b.title)}", ("表格", *pieces(b.title)))
            digest.reprint_forms.append(b.title)
        elif b is None and a is not None:
            digest.note(digest.forms, f"停用表格{title(a.title)}：请收回空白表", ("表格", *pieces(a.title)))
        elif a is not None and b is not None:
            code_a, code_b = old.form_code(fid), new.form_code(fid)
            renumbered = code_a is not None and code_b is not None and code_a != code_b
            if dump(a) != dump(b):
                digest.note(digest.forms, f"{title(b.title)}：" + "、".join(changed_fields(a, b)) + "有修改",
                            ("表格", *pieces(b.title)))
                fillers = {s.role for sop in new.sops.values() if sop is not None for s in sop.steps
                           if fid in s.records}
                digest.readers.add(fillers | {b.keeper}, f"表格{title(b.title)}", "新版表格")
            if renumbered:  # the number is printed on every blank form
                digest.forms.append(f"{title(b.title)}：表格编号 {code_a} → {code_b}（表格的先后顺序有调整）")
            if dump(a) != dump(b) or renumbered:
                digest.reprint_forms.append(b.title)


def _handbook(digest: Digest) -> None:
    a, b = digest.old.handbook, digest.new.handbook
    if a is None or b is None:
        if b is None:
            digest.warnings.append("新版本的 handbook.yaml 缺失或有错误，手册信息未能比较")
        return
    for name in ("title", "document_number", "revision", "effective_date", "approver", "review_cycle_months"):
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb:
            if name in ("revision", "effective_date"):  # the revision itself: said by the entry being there
                digest.handbook.append(f"{field_label(Handbook, name)} {one(va)} → {one(vb)}")
            else:
                digest.note(digest.handbook, f"{field_label(Handbook, name)} {one(va)} → {one(vb)}",
                            (field_label(Handbook, name), *pieces(str(vb))))
    if dump(a.estate) != dump(b.estate):
        for name in Estate.model_fields:
            va, vb = getattr(a.estate, name), getattr(b.estate, name)
            if va != vb:
                digest.note(digest.handbook, f"项目信息：{field_label(Estate, name)} {short(one(va))} → {short(one(vb))}",
                            ("项目信息", field_label(Estate, name)))
    order_a = [s for p in a.parts if p.kind == "procedures" for s in p.procedure_ids()]
    order_b = [s for p in b.parts if p.kind == "procedures" for s in p.procedure_ids()]
    if [s for s in order_a if s in order_b] != [s for s in order_b if s in order_a]:
        digest.note(digest.handbook, "程序的先后顺序有调整（文件编号随之改变，见各程序）",
                    ("顺序", "编号", "分组", "排列"))
    known = {h.revision for h in a.history}
    digest.notes += [f"手册修订说明（{h.revision}，{h.date.isoformat()}）：{one(h.summary)}"
                     for h in b.history if h.revision not in known]
    whole_changed = digest.commitments or digest.roles or digest.forms or digest.other
    if whole_changed and revision_key(b.revision) <= revision_key(a.revision):
        digest.warnings.append(
            f"服务承诺、岗位说明书、表格或架构有修改，但手册版号/改次未升（仍为 {b.revision}）："
            f"这些文件随手册发布，请在 handbook.yaml 中升为 {next_revision(b.revision)} 并写明修订说明")


def _other(digest: Digest) -> None:
    old, new = digest.old, digest.new
    if old.organization is not None and new.organization is not None and dump(old.organization) != dump(new.organization):
        digest.note(digest.other, "架构及编制：" + "、".join(changed_fields(old.organization, new.organization)) + "有修改",
                    ("架构", "编制", "组织"))
    if old.glossary is not None and new.glossary is not None:
        a = {t.term: dump(t) for t in old.glossary.terms}
        b = {t.term: dump(t) for t in new.glossary.terms}
        parts = []
        for label, terms in (("新增", [t for t in b if t not in a]), ("删去", [t for t in a if t not in b]),
                             ("修改", [t for t in b if t in a and a[t] != b[t]])):
            if terms:
                parts.append(f"{label} " + "、".join(quote(t) for t in terms))
        if parts:
            digest.note(digest.other, "术语：" + "；".join(parts), ("术语", *(t for t in a.keys() ^ b.keys())))


def compare(old: Snapshot, new: Snapshot) -> Digest:
    digest = Digest(old, new)
    order = new.procedure_order + [s for s in old.procedure_order if s not in new.sops]
    for sop_id in order:
        if sop_id in old.sops or sop_id in new.sops:
            digest.sops.append(compare_sop(old, new, sop_id, digest.readers))
    _commitments(digest)
    _roles(digest)
    _forms(digest)
    _other(digest)
    _handbook(digest)
    laws, notes = law_changes(old, new)
    digest.laws += laws
    digest.notes += notes
    for snap, which in ((old, "旧"), (new, "新")):
        errors = [p for p in snap.problems if p.severity == "error"]
        if errors:
            files = sorted({one(p.file) for p in errors})
            digest.warnings.append(f"{which}版本的数据有 {len(errors)} 个错误（{'、'.join(files[:4])}"
                                   f"{'等' if len(files) > 4 else ''}），有错误的文件未作比较")
    return digest
