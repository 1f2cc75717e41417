"""Comparing one procedure between two versions: its steps, roles, limits, forms and checklist.

Every change is worded for a change notice, in Chinese, and says whose work it touches
(:class:`Readers`). Steps are matched by their ``id``, so a step that was reworded, moved or
given to another role is reported as changed, not as removed and added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from handbook.changes.mentions import Mention, mention, pieces
from handbook.checks.limits import limit_key, normalize
from handbook.data.model import Branch, Sop, Step
from handbook.manual.numbering import KIND_LABEL
from handbook.checks.revisions import revision_key
from handbook.changes.snapshot import Snapshot
from handbook.data.problems import one_line
from handbook.data.rules import applicable_limit
from handbook.data.timelimit import TimeLimit

Status = Literal["added", "removed", "changed", "control", "unchanged", "unreadable"]
CONTROL_FIELDS = {"revision", "effective_date", "last_reviewed", "history"}
WHOLE = "全文"


@dataclass
class Readers:
    """Who must re-read what: role id -> document -> parts (step numbers, or names like 检查单)."""

    by_role: dict[str, dict[str, set[int | str]]] = field(default_factory=dict)

    def add(self, roles: Iterable[str | None], document: str, part: int | str) -> None:
        for role in roles:
            if role:
                self.by_role.setdefault(role, {}).setdefault(document, set()).add(part)


@dataclass
class SopDigest:
    sop_id: str
    title: str
    status: Status
    code_old: str | None = None
    code_new: str | None = None
    revision_old: str | None = None
    revision_new: str | None = None
    effective_old: str | None = None
    effective_new: str | None = None
    changes: list[str] = field(default_factory=list)
    #: Each change of the text, and what in a history entry names it (see :mod:`mentions`).
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # history and review dates: nothing to do
    warnings: list[str] = field(default_factory=list)
    reprint: bool = False  # the printed checklist and procedure are out of date


def one(value: object) -> str:
    """A value from the data as a notice prints it: on one line, line breaks shown as ``\\n``, so
    that no title or label can forge a line of the notice."""
    return one_line(value)


def quote(text: str) -> str:
    return f"「{one_line(text)}」"


def title(text: str) -> str:
    """A document's title as the notice names it: 《…》, on one line."""
    return f"《{one_line(text)}》"


def short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dump(model: BaseModel | list[Any] | None, exclude: set[str] | None = None) -> Any:
    """Plain data of a model (or a list of models) for comparing versions."""
    if isinstance(model, list):
        return [dump(m) for m in model]
    return None if model is None else model.model_dump(mode="json", exclude=exclude)


def field_label(model: type[BaseModel], name: str) -> str:
    """A field's name for the reader: the start of its description (岗位职责, 保存期限 …)."""
    info = model.model_fields.get(name)
    text = (info.description if info is not None else None) or name
    for mark in "：，（,:(":
        text = text.split(mark, 1)[0]
    return text.strip() or name


def changed_fields(old: BaseModel, new: BaseModel, skip: Iterable[str] = ()) -> list[str]:
    """Names (for the reader) of the fields whose values differ."""
    a, b, skipped = dump(old), dump(new), set(skip)
    return [field_label(type(new), k) for k in type(new).model_fields if k not in skipped and a.get(k) != b.get(k)]


def next_revision(revision: str) -> str:
    letter, number = revision_key(revision)
    return f"{letter}/{number + 1}"


class SopComparison:
    """One procedure present (and readable) in both versions."""

    def __init__(self, old: Snapshot, new: Snapshot, sop_id: str, readers: Readers) -> None:
        self.old, self.new, self.sop_id, self.readers = old, new, sop_id, readers
        o, n = old.sops[sop_id], new.sops[sop_id]
        assert o is not None and n is not None
        self.o, self.n = o, n
        self.doc = title(n.title)
        self.num_old = {s.id: i for i, s in enumerate(o.steps, 1)}
        self.num_new = {s.id: i for i, s in enumerate(n.steps, 1)}
        self.changes: list[str] = []
        self.mentions: list[Mention] = []

    def change(self, text: str, steps: Iterable[int] = (), words: Iterable[str] = ()) -> None:
        """A change, in the notice's words, and what in a history entry names it."""
        self.changes.append(text)
        self.mentions.append(mention(text, steps, words))

    # ------------------------------------------------------------------ helpers

    def who(self, role: str) -> str:
        return one(self.new.role_title(role) or self.old.role_title(role) or role)

    def form(self, form_id: str) -> str:
        form = self.new.forms.get(form_id) or self.old.forms.get(form_id)
        return title(form.title if form is not None else form_id)

    def role_words(self, role: str) -> tuple[str, ...]:
        """What names a role in a summary: its title without the note in brackets."""
        return (self.who(role).split("（")[0],)

    def involved(self) -> set[str]:
        """Every role that takes part in the procedure, in either version."""
        roles = {self.o.owner, self.n.owner}
        for sop in (self.o, self.n):
            roles |= {r.role for r in sop.responsibilities}
            for step in sop.steps:
                roles |= {step.role, *step.support}
        return roles

    def step_roles(self) -> set[str]:
        return {s.role for s in self.n.steps} | {r for s in self.n.steps for r in s.support}

    def _target(self, step: Step | Branch) -> str:
        if step.end:
            return "结束"
        if step.handoff:
            other = self.new.sops.get(step.handoff)
            return f"转入{title(other.title if other is not None else step.handoff)}"
        if step.next:
            return f"第 {self.num_new[step.next]} 步" if step.next in self.num_new else step.next
        return "下一步"

    def route(self, step: Step) -> str:
        if step.decision is None:
            return self._target(step)
        branches = "；".join(f"{one(b.label)} → {self._target(b)}" for b in step.decision.branches)
        return f"判断{quote(step.decision.question)}：{branches}"

    # ------------------------------------------------------------------ steps

    def steps(self) -> None:
        old_ids, new_ids = set(self.num_old), set(self.num_new)
        for step in self.n.steps:
            k = self.num_new[step.id]
            if step.id not in old_ids:
                limit = self.new.step_limit(step)
                extra = f"，{limit.label}" if limit else ""
                if step.records:
                    extra += "，填写" + "、".join(self.form(f) for f in step.records)
                self.change(f"新增第 {k} 步{quote(self.new.text(step.action))}（{self.who(step.role)}{extra}）",
                            [k], pieces(self.new.text(step.action)))
                self.readers.add([step.role, *step.support], self.doc, k)
            else:
                self.step(self.o.steps[self.num_old[step.id] - 1], step)
        for step in self.o.steps:
            if step.id not in new_ids:
                k = self.num_old[step.id]
                self.change(f"删去原第 {k} 步{quote(self.old.text(step.action))}（{self.who(step.role)}）",
                            [k], pieces(self.old.text(step.action)))
                self.readers.add([step.role], self.doc, f"原第 {k} 步已删去")
        common_old = [s.id for s in self.o.steps if s.id in new_ids]
        common_new = [s.id for s in self.n.steps if s.id in old_ids]
        if common_old != common_new:
            self.change("步骤的先后顺序有调整，请按新的流程图执行", (), ("顺序", "流程图", "先后", "流程"))
            self.readers.add(self.step_roles(), self.doc, "流程图")
        else:
            self.renumbered(common_new)

    def renumbered(self, common: list[str]) -> None:
        """After a step was inserted or removed, the later steps have new numbers: said once, as
        runs (原第 4—8 步现为第 5—9 步), so that a printout or a note that cites a step by its number
        is read again. Not a change of text: nothing for a history entry to name."""
        runs: list[list[tuple[int, int]]] = []
        for sid in common:
            was, now = self.num_old[sid], self.num_new[sid]
            if was == now:
                continue
            last = runs[-1][-1] if runs else None
            if last is not None and was == last[0] + 1 and now == last[1] + 1:
                runs[-1].append((was, now))
            else:
                runs.append([(was, now)])
        if not runs:
            return

        def span(a: int, b: int) -> str:
            return f"第 {a} 步" if a == b else f"第 {a}—{b} 步"

        said = "，".join(f"原{span(r[0][0], r[-1][0])}现为{span(r[0][1], r[-1][1])}" for r in runs)
        self.changes.append(f"因增删步骤，其后的步骤编号顺延：{said}（内容未改的只是编号变了；按编号引用步骤的打印件和笔记请相应更正）")
    def step(self, so: Step, sn: Step) -> None:
        """A step in both versions, compared field by field as the model declares them: the fields
        of STEP_WORDING in their words, every other field (a subclass's too) from its description."""
        model = type(sn)
        worded = {name for fields, _ in STEP_WORDING for name in fields} | {"id"}  # steps are matched by id
        others = [d for name in model.model_fields if name not in worded
                  for d in field_change(model, name, getattr(so, name, None), getattr(sn, name), self.new.text)]
        diffs = [d for fields, word in STEP_WORDING if fields != ROUTE for d in word(self, so, sn)] + others
        diffs += [d for fields, word in STEP_WORDING if fields == ROUTE for d in word(self, so, sn)]  # the route last
        if diffs:
            k, was = self.num_new[sn.id], self.num_old[so.id]
            moved = f"（原第 {was} 步）" if was != k else ""
            self.change(f"第 {k} 步{quote(self.new.text(sn.action))}{moved}：" + "；".join(diffs),
                        {k, was}, pieces(self.old.text(so.action), self.new.text(sn.action)))
            self.readers.add({so.role, sn.role, *so.support, *sn.support}, self.doc, k)

    def role(self, so: Step, sn: Step) -> list[str]:
        return [f"负责岗位 {self.who(so.role)} → {self.who(sn.role)}"] if so.role != sn.role else []

    def support(self, so: Step, sn: Step) -> list[str]:
        added = [r for r in sn.support if r not in so.support]
        dropped = [r for r in so.support if r not in sn.support]
        return (["增加协助岗位 " + "、".join(self.who(r) for r in added)] if added else []) + \
            (["不再由 " + "、".join(self.who(r) for r in dropped) + " 协助"] if dropped else [])

    def action(self, so: Step, sn: Step) -> list[str]:
        if so.action == sn.action:
            return []
        return [f"工作内容由{quote(self.old.text(so.action))}改为{quote(self.new.text(sn.action))}"]

    def details(self, so: Step, sn: Step) -> list[str]:
        if so.details == sn.details:
            return []
        return [f"做法改为：{short(self.new.text(sn.details))}"] if sn.details else ["删去了做法说明"]

    def records(self, so: Step, sn: Step) -> list[str]:
        added = [f for f in sn.records if f not in so.records]
        dropped = [f for f in so.records if f not in sn.records]
        return (["增填 " + "、".join(self.form(f) for f in added)] if added else []) + \
            (["不再填写 " + "、".join(self.form(f) for f in dropped)] if dropped else [])

    def next_step(self, so: Step, sn: Step) -> list[str]:
        def route(step: Step) -> Any:
            return (step.next, step.end, step.handoff, dump(step.decision))

        return [f"去向改为：{self.route(sn)}"] if route(so) != route(sn) else []

    def limit(self, so: Step, sn: Step) -> list[str]:
        """Asked even when the step is unchanged: the commitment it names may have a new limit."""
        la, lb = self.old.step_limit(so), self.new.step_limit(sn)
        if (la and limit_key(la)) != (lb and limit_key(lb)):
            if la is not None and lb is not None:
                why = "（因服务承诺调整）" if (so.commitment, so.time_limit) == (sn.commitment, sn.time_limit) else ""
                return [f"时限 {la.label} → {lb.label}{why}"]
            if lb is not None:
                return [f"新增时限 {lb.label}"]
            assert la is not None
            return [f"取消时限（原为 {la.label}）"]
        if so.commitment != sn.commitment:
            if sn.commitment and sn.commitment in self.new.commitments:
                return [f"改为引用服务承诺{quote(self.new.commitments[sn.commitment].title)}（时限不变）"]
            return ["不再引用服务承诺（时限不变）"]
        return []

    # ------------------------------------------------------------------ the rest of the procedure

    def texts(self) -> None:
        o, n = self.o, self.n
        if o.title != n.title:
            self.change(f"名称由{quote(o.title)}改为{quote(n.title)}", (), ("名称", "更名", *pieces(n.title)))
        if o.kind != n.kind:
            self.change(f"类别由{KIND_LABEL[o.kind]}改为{KIND_LABEL[n.kind]}", (), ("类别", KIND_LABEL[n.kind]))
        if o.owner != n.owner:
            self.change(f"归口岗位 {self.who(o.owner)} → {self.who(n.owner)}", (), ("归口", *self.role_words(n.owner)))
            self.readers.add([o.owner, n.owner], self.doc, "归口管理")
        for name in ("purpose", "scope", "trigger"):
            if getattr(o, name) != getattr(n, name):
                label = field_label(Sop, name)
                text = f"{label}改为：{short(self.new.text(getattr(n, name)))}"
                if name == "purpose":  # why, not what anyone does: no mention asked
                    self.changes.append(text)
                else:
                    self.change(text, (), (label, *SECTION_WORDS.get(name, ())))
                self.readers.add(self.involved(), self.doc, label)
        old_duty = {r.role: r.duty for r in o.responsibilities}
        new_duty = {r.role: r.duty for r in n.responsibilities}
        for role, duty in new_duty.items():
            if role not in old_duty:
                self.change(f"{self.who(role)} 增加职责：{short(self.new.text(duty))}", (), ("职责", *self.role_words(role)))
            elif old_duty[role] != duty:
                self.change(f"{self.who(role)} 的职责改为：{short(self.new.text(duty))}", (),
                            ("职责", *self.role_words(role)))
            else:
                continue
            self.readers.add([role], self.doc, "职责")
        for role in old_duty:
            if role not in new_duty:
                self.change(f"{self.who(role)} 在本程序中不再承担职责", (), ("职责", *self.role_words(role)))
                self.readers.add([role], self.doc, "职责")
        self.listed("定义", [d.term for d in o.definitions], [d.term for d in n.definitions],
                    {d.term: d.meaning for d in o.definitions}, {d.term: d.meaning for d in n.definitions})
        self.listed("注意事项", [k.text for k in o.key_points], [k.text for k in n.key_points],  # a new basis: 修改
                    {k.text: " ".join(k.basis) for k in o.key_points}, {k.text: " ".join(k.basis) for k in n.key_points})
        if dump(o.self_check) != dump(n.self_check):
            self.changes.append(f"自测题有修改（现有 {len(n.self_check)} 题）")  # follows the text: no mention asked
        extra_added = [f for f in n.records if f not in o.records]
        extra_dropped = [f for f in o.records if f not in n.records]
        if extra_added or extra_dropped:
            parts = (["增加 " + "、".join(self.form(f) for f in extra_added)] if extra_added else []) + \
                    (["不再保存 " + "、".join(self.form(f) for f in extra_dropped)] if extra_dropped else [])
            self.change("另需保存的记录：" + "；".join(parts), (),
                        ("记录", *pieces(*(self.form(f) for f in extra_added + extra_dropped))))
        self.listed("相关文件", [self._title(s) for s in o.related], [self._title(s) for s in n.related])
        if o.entry != n.entry:  # the order of training, not what anyone does: no mention asked
            self.changes.append("新员工培训中" + ("列为入门程序" if n.entry else "不再列为入门程序"))
        handled = {"title", "kind", "owner", "purpose", "scope", "trigger", "responsibilities", "definitions",
                   "key_points", "self_check", "records", "related", "steps", "checklist", "checklist_fields", "entry"}
        others = changed_fields(o, n, skip=handled | CONTROL_FIELDS)
        if others:
            self.change("其他内容有修改：" + "、".join(others), (), others)

    def _title(self, sop_id: str) -> str:
        sop = self.new.sops.get(sop_id) or self.old.sops.get(sop_id)
        return title(sop.title) if sop is not None else sop_id

    def listed(self, label: str, old: list[str], new: list[str],
               old_text: dict[str, str] | None = None, new_text: dict[str, str] | None = None) -> None:
        """Items added, removed or (by key) reworded in a list such as 注意事项 or 定义."""
        show_new = [self.new.text(x) for x in new]
        show_old = [self.old.text(x) for x in old]
        added = [quote(short(t, 30)) for x, t in zip(new, show_new) if x not in old]
        dropped = [quote(short(t, 30)) for x, t in zip(old, show_old) if x not in new]
        reworded = [quote(x) for x in new if x in old and old_text and new_text and old_text[x] != new_text[x]]
        parts = (["新增" + "、".join(added)] if added else []) + (["删去" + "、".join(dropped)] if dropped else []) \
            + (["修改" + "、".join(reworded)] if reworded else [])
        if parts:
            items = [t for x, t in zip(new, show_new) if x not in old] + [t for x, t in zip(old, show_old) if x not in new]
            items += [self.new.text(x) for x in new if x in old and old_text and new_text and old_text[x] != new_text[x]]
            if label == "相关文件":  # links: no mention asked
                self.changes.append(f"{label}：" + "；".join(parts))
            else:
                self.change(f"{label}：" + "；".join(parts), (), (label, *SECTION_WORDS.get(label, ()), *pieces(*items)))
            if label != "相关文件":
                self.readers.add(self.involved(), self.doc, label)

    def checklist(self) -> bool:
        def items(snap: Snapshot, sop: Sop) -> dict[str, tuple[str, TimeLimit | None]]:
            out = {}
            for group in sop.checklist:
                for item in group.items:
                    limit = applicable_limit(snap.commitments, item.time_limit, item.commitment)
                    out[normalize(item.text)] = (snap.text(item.text), limit)
            return out

        a, b = items(self.old, self.o), items(self.new, self.n)
        parts = []
        added = [quote(t) for k, (t, _) in b.items() if k not in a]
        dropped = [quote(t) for k, (t, _) in a.items() if k not in b]
        if added:
            parts.append(f"新增 {len(added)} 项" + "、".join(added))
        if dropped:
            parts.append(f"删去 {len(dropped)} 项" + "、".join(dropped))
        for k, (text, lb) in b.items():
            if k in a:
                la = a[k][1]
                if (la and limit_key(la)) != (lb and limit_key(lb)):
                    parts.append(f"{quote(text)}的时限 {la.label if la else '无'} → {lb.label if lb else '无'}")
        if list(a) == list(b) and not parts and [g.title for g in self.o.checklist] != [g.title for g in self.n.checklist]:
            parts.append("分组有调整")
        if self.o.checklist_fields != self.n.checklist_fields:
            parts.append("填写栏改为 " + "、".join(one(f) for f in self.n.checklist_fields))
        if parts:
            touched = [text for k, (text, _) in b.items() if k not in a] + [text for k, (text, _) in a.items() if k not in b]
            self.change("检查单：" + "；".join(parts), (), ("检查单", "检查项", *pieces(*touched)))
            self.readers.add(self.step_roles(), self.doc, "检查单")
        return bool(parts)


#: Other words for a section's name in a summary (the field's own label always counts).
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "scope": ("范围",), "trigger": ("适用情形", "触发"), "purpose": ("目的",),
    "定义": ("术语",), "注意事项": ("注意",), "相关文件": ("相关程序",),
}

ROUTE = ("next", "end", "handoff", "decision")
#: The fields of a step the notice words in its own way, each group with its wording (a time limit
#: comes from time_limit or from the commitment named; the route from next, end, handoff or
#: decision). Any other field of a step is worded by ``field_change`` from its description.
STEP_WORDING: list[tuple[tuple[str, ...], Callable[[SopComparison, Step, Step], list[str]]]] = [
    (("role",), SopComparison.role),
    (("support",), SopComparison.support),
    (("action",), SopComparison.action),
    (("details",), SopComparison.details),
    (("time_limit", "commitment"), SopComparison.limit),
    (("records",), SopComparison.records),
    (ROUTE, SopComparison.next_step),
]


def field_change(model: type[BaseModel], name: str, old: Any, new: Any, text: Callable[[str], str]) -> list[str]:
    """A field's change worded from the model alone: its name for the reader is the start of its
    description (``field_label``), its values are quoted (texts as ``text`` shows them)."""
    if old == new:
        return []
    label = field_label(model, name)

    def show(value: Any) -> str:
        return quote(short(text(value))) if isinstance(value, str) else one(value)

    if isinstance(old, list) and isinstance(new, list) and all(isinstance(v, str) for v in [*old, *new]):
        added, dropped = [v for v in new if v not in old], [v for v in old if v not in new]
        parts = (["增加" + "、".join(show(v) for v in added)] if added else []) + \
            (["删去" + "、".join(show(v) for v in dropped)] if dropped else [])
        return [f"{label}：" + "；".join(parts or ["顺序有调整"])]
    if any(isinstance(v, (BaseModel, list, dict)) for v in (old, new)):
        return [f"{label}有修改"]
    if old is None:
        return [f"新增{label}：{show(new)}"]
    if new is None:
        return [f"删去{label}（原为 {show(old)}）"]
    return [f"{label}由{show(old)}改为{show(new)}"]
