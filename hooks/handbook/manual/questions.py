"""The question bank: multiple-choice questions derived from the procedures (pure derivation).

Every question is made from the data as it is, so a changed procedure changes its questions and no
question can teach a rule the data no longer holds. The kinds, each with its right answer and where
the wrong choices come from (the same data, never invented):

=========  ========================================  =============================================
kind       asks                                      wrong choices
=========  ========================================  =============================================
who        who does step n                           others taking part in the procedure, the center
next       what follows step n                       the neighbouring steps, 流程结束
branch     where a decision's branch leads           the other branches' targets, neighbouring steps
limit      the time limit of step n                  the procedure's other limits, then the nearest
form       which form step n fills in                the procedure's other forms, related ones
purpose    which form records what (its purpose)     the procedure's other forms, related ones
trigger    which procedure applies when (trigger)    procedures of the same group, then neighbours
never      what a key point forbids (不得/严禁 …)      the procedure's own steps (what must be done)
=========  ========================================  =============================================

A question is made only when it has exactly one right answer among distinct choices and at least
:data:`~handbook.manual.multichoice.MIN_WRONG` wrong ones: a step whose action appears twice in its
procedure, a limit no other limit differs from, two procedures with one trigger give no question.
The question itself, the picking of its choices among those tiers and the drawing of a test from
the bank are in ``multichoice``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from handbook.data.memo import ByIdentity, derived
from handbook.data.model import Sop, Step
from handbook.data.placeholders import expand
from handbook.data.timelimit import TimeLimit, parse_time_limit
from handbook.manual import flow
from handbook.manual.manual import Manual
from handbook.manual.multichoice import KINDS, MAX_WRONG, Question, by_distance, choose, rank, shuffled
from handbook.manual.training import training_path

#: The words that make a key point's clause a prohibition, and what may stand before them as its
#: subject or adverb (dropped from the forbidden act: 员工不得私下收费 → 私下收费).
PROHIBITIONS = ("不得", "严禁")
SUBJECTS = ("本中心任何人", "任何员工", "任何人", "员工", "技工", "物业服务人", "管理处", "任何情况下")
ADVERBS = ("一律", "也", "均", "都", "绝对")
#: A forbidden act shorter or longer than this (characters) is not asked about: too bare or too long.
ACT_LENGTH = (6, 40)
#: A form's purpose in a question: its first sentence, cut at a comma to at most this many characters.
PURPOSE_LENGTH = 60

END_TEXT = "流程结束"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def plain(manual: Manual, text: str) -> str:
    """Data text as plain text: placeholders expanded, ``**bold**`` marks removed, one line."""
    return _BOLD.sub(r"\1", expand(text, manual.lookup)).strip().replace("\n", " ")


# --------------------------------------------------------------------------- per procedure


@dataclass(frozen=True)
class _Sop:
    """What the questions of one procedure read, prepared once."""

    sop_id: str
    sop: Sop
    title: str
    actions: tuple[str, ...]  # plain, in step order
    numbers: dict[str, int]  # step id -> 1-based number
    unique: frozenset[str]  # actions that name one step only

    def where(self, step: Step) -> str:
        return f"《{self.title}》第 {self.numbers[step.id]} 步“{plain_action(self, step)}”"


def plain_action(p: _Sop, step: Step) -> str:
    return p.actions[p.numbers[step.id] - 1]


def _prepare(manual: Manual, sop_id: str) -> _Sop:
    sop = manual.sops[sop_id]
    actions = tuple(plain(manual, s.action) for s in sop.steps)
    unique = frozenset(a for a in actions if actions.count(a) == 1)
    return _Sop(sop_id, sop, plain(manual, sop.title), actions, {s.id: i for i, s in enumerate(sop.steps, 1)}, unique)


def _target_text(manual: Manual, p: _Sop, target: str) -> str:
    """What a flow edge leads to, as a choice: a step's action, 流程结束, or 转入《…》."""
    if target == flow.END:
        return END_TEXT
    if target.startswith(flow.HANDOFF):
        other = target[len(flow.HANDOFF):]
        return f"转入《{plain(manual, manual.sops[other].title)}》" if other in manual.sops else ""
    return p.actions[p.numbers[target] - 1]


def _who(manual: Manual, p: _Sop) -> Iterator[Question]:
    # who takes part in the procedure (its lanes, those assisting, those with a duty), then the center
    involved = list(dict.fromkeys([*(s.role for s in p.sop.steps), *(r for s in p.sop.steps for r in s.support),
                                   *(r.role for r in p.sop.responsibilities)]))
    involved = [r for r in involved if r in manual.roles or r in manual.partners]
    for step in p.sop.steps:
        if plain_action(p, step) not in p.unique:
            continue
        qid = f"who/{p.sop_id}/{step.id}"
        taking_part = {step.role, *step.support}
        same = [manual.role_title(r) for r in involved if r not in taking_part]
        others = [manual.role_title(r) for r in manual.roles if r not in taking_part and r not in involved]
        right = manual.role_title(step.role)
        # a title shared with someone who takes part would be a second right answer
        shared = {manual.role_title(r) for r in taking_part}
        made = choose(qid, right, [shuffled(qid, [t for t in same if t not in shared]),
                                    shuffled(qid, [t for t in others if t not in shared])])
        if made:
            yield Question(qid, "who", p.sop_id, step.id, "step", f"{p.where(step)}由谁负责？", *made,
                           f"{p.where(step)}由{right}负责。")


def _next(manual: Manual, p: _Sop) -> Iterator[Question]:
    ids = [s.id for s in p.sop.steps]
    for index, step in enumerate(p.sop.steps):
        if plain_action(p, step) not in p.unique:
            continue
        following = ids[index + 1] if index + 1 < len(ids) else None
        edges = flow.step_edges(step, following)
        near = [a for a in by_distance(p.actions, index) if a in p.unique]
        if step.decision is None:
            if len(edges) != 1:
                continue
            right = _target_text(manual, p, edges[0].target)
            if not right or (not edges[0].target.startswith("@") and right not in p.unique):
                continue
            qid = f"next/{p.sop_id}/{step.id}"
            made = choose(qid, right, [near[:2], [END_TEXT], near[2:]])
            if made:
                yield Question(qid, "next", p.sop_id, step.id, "step", f"{p.where(step)}之后，接下来做什么？", *made,
                               f"{p.where(step)}之后：{right}。")
            continue
        question = plain(manual, step.decision.question)
        targets = [_target_text(manual, p, e.target) for e in edges]
        for n, edge in enumerate(edges):
            right = targets[n]
            label = plain(manual, edge.label or "")
            if not right or (not edge.target.startswith("@") and right not in p.unique):
                continue
            qid = f"branch/{p.sop_id}/{step.id}/{n + 1}"
            # another branch leading to the same place would be right too
            others = [t for t in targets if t != right]
            made = choose(qid, right, [others, near[:2], [END_TEXT], near[2:]])
            if made:
                yield Question(qid, "branch", p.sop_id, step.id, "step",
                               f"{p.where(step)}判断“{question}”，结果为“{label}”时，接下来做什么？", *made,
                               f"{p.where(step)}判断“{question}”：{label} → {right}。")


def _limits_of(manual: Manual) -> list[TimeLimit]:
    """Every time limit the handbook states (commitments, steps, checklist items), one per wording."""
    found: dict[str, TimeLimit] = {}
    texts = [c.time_limit for c in manual.commitments.values() if c.time_limit]
    for sop in manual.sops.values():
        texts += [s.time_limit for s in sop.steps if s.time_limit]
        texts += [i.time_limit for g in sop.checklist for i in g.items if i.time_limit]
    for text in texts:
        limit = parse_time_limit(text)
        found.setdefault(limit.label, limit)
    return sorted(found.values())


def _limit(manual: Manual, p: _Sop, pool: list[TimeLimit]) -> Iterator[Question]:
    own = [manual.step_limit(p.sop, s.id) for s in p.sop.steps]
    for step, limit in zip(p.sop.steps, own):
        if limit is None or plain_action(p, step) not in p.unique:
            continue
        qid = f"limit/{p.sop_id}/{step.id}"
        # a limit as long as the right one, worded otherwise (1 天内 / 24 小时内), would be right too
        same = [lim.label for lim in own if lim is not None and lim.minutes != limit.minutes]
        nearest = sorted((lim for lim in pool if lim.minutes != limit.minutes),
                         key=lambda lim: (abs(math.log1p(lim.minutes) - math.log1p(limit.minutes)), lim.minutes))
        made = choose(qid, limit.label, [shuffled(qid, dict.fromkeys(same)), [lim.label for lim in nearest]])
        if made is None:
            continue
        # the commitment by its title only: its promise is free text, which may word the limit itself
        promise = ""
        if step.commitment and step.commitment in manual.commitments and not step.time_limit:
            promise = f"（服务承诺“{plain(manual, manual.commitments[step.commitment].title)}”）"
        yield Question(qid, "limit", p.sop_id, step.id, "step", f"{p.where(step)}的时限是多少？", *made,
                       f"{p.where(step)}的时限：{limit.label}{promise}")


def _form_tiers(manual: Manual, p: _Sop, exclude: set[str], qid: str, names: Mapping[str, str]) -> list[list[str]]:
    """Wrong forms: the procedure's other forms, then its related procedures', then the nearest
    forms in the handbook's order (``names``: every form's title as plain text, by id)."""
    own = [f for s in p.sop.steps for f in s.records] + list(p.sop.records)
    related = [f for r in p.sop.related if r in manual.sops
               for f in [*(x for s in manual.sops[r].steps for x in s.records), *manual.sops[r].records]]
    order = list(manual.forms)
    first = order.index(own[0]) if own and own[0] in order else 0
    near = by_distance(order, first) if order else []

    def titles(ids: Iterable[str]) -> list[str]:
        return [names[f] for f in dict.fromkeys(ids) if f in names and f not in exclude]

    return [shuffled(qid, titles(own)), shuffled(qid, titles(related)), titles(near)]


def _form(manual: Manual, p: _Sop, titles: Mapping[str, str]) -> Iterator[Question]:
    for step in p.sop.steps:
        forms = [f for f in step.records if f in manual.forms]
        if not forms or plain_action(p, step) not in p.unique:
            continue
        qid = f"form/{p.sop_id}/{step.id}"
        names = [titles[f] for f in forms]
        exclude = set(forms)
        tiers = [[t for t in tier if t not in names] for tier in _form_tiers(manual, p, exclude, qid, titles)]
        made = choose(qid, names[0], tiers)
        if made:
            text = "填写哪张表格？" if len(forms) == 1 else "要填写的表格是下列哪一张？"
            yield Question(qid, "form", p.sop_id, step.id, "step", f"{p.where(step)}{text}", *made,
                           f"{p.where(step)}填写{'、'.join(f'《{n}》' for n in names)}。")


def purpose_text(purpose: str) -> str:
    """A form's purpose as a question shows it: the first sentence, cut at a comma when long."""
    head = re.split(r"[。；]", purpose, maxsplit=1)[0]
    if len(head) <= PURPOSE_LENGTH:
        return head
    cut = head.rfind("，", 0, PURPOSE_LENGTH)
    return (head[:cut] if cut > 0 else head[:PURPOSE_LENGTH]) + "……"


def _purpose(manual: Manual, p: _Sop, purposes: dict[str, int], titles: Mapping[str, str]) -> Iterator[Question]:
    seen: set[str] = set()  # a form filled in at two steps is asked about once, at the first
    for step in p.sop.steps:
        for form_id in step.records:
            form = manual.forms.get(form_id)
            if form is None or form_id in seen or plain_action(p, step) not in p.unique:
                continue
            seen.add(form_id)
            what = purpose_text(plain(manual, form.purpose))
            if purposes.get(what, 0) > 1:  # two forms said to record the same: no question
                continue
            qid = f"purpose/{p.sop_id}/{step.id}/{form_id}"
            right = titles[form_id]
            made = choose(qid, right, _form_tiers(manual, p, {form_id}, qid, titles))
            if made:
                yield Question(qid, "purpose", p.sop_id, step.id, "step", f"哪张表格用于“{what}”？", *made,
                               f"《{right}》：{plain(manual, form.purpose)}（{p.where(step)}填写）")


def _trigger(manual: Manual, p: _Sop, triggers: dict[str, int]) -> Iterator[Question]:
    trigger = plain(manual, p.sop.trigger)
    if triggers.get(trigger, 0) > 1:
        return
    qid = f"trigger/{p.sop_id}"
    group = next((ids for _, ids in manual.sop_groups() if p.sop_id in ids), [])
    order = list(manual.sops)
    same = [plain(manual, manual.sops[s].title) for s in group if s != p.sop_id]
    near = [plain(manual, manual.sops[s].title) for s in by_distance(order, order.index(p.sop_id))]
    made = choose(qid, p.title, [shuffled(qid, same)[:MAX_WRONG - 1], near])
    if made:
        yield Question(qid, "trigger", p.sop_id, None, "lead", f"遇到这种情形，按哪个程序办理：“{trigger}”？", *made,
                       f"“{trigger}”时，按《{p.title}》办理。")


def forbidden_act(key_point: str) -> str | None:
    """What a key point forbids, as an act: the first clause with 不得 or 严禁, without that word
    and without a bare subject before it (员工不得私下收费 → 私下收费; 客户同意价格之前不得动工 →
    客户同意价格之前动工). None when no clause gives an act of a sensible length."""
    for clause in re.split(r"[，；。：！？,;]", key_point):
        for word in PROHIBITIONS:
            at = clause.find(word)
            if at < 0:
                continue
            before, after = clause[:at].strip(), clause[at + len(word):].strip()
            for adverb in ADVERBS:
                before = before.removesuffix(adverb)
            if any(before.endswith(s) for s in SUBJECTS):
                before = ""
            act = (before + after).strip()
            if ACT_LENGTH[0] <= len(act) <= ACT_LENGTH[1] and not re.search(r"不得|严禁", act):
                return act
    return None


def _never(manual: Manual, p: _Sop) -> Iterator[Question]:
    for n, point in enumerate(p.sop.key_points, 1):
        text = plain(manual, point.text)
        act = forbidden_act(text)
        if act is None or act in p.actions:
            continue
        qid = f"never/{p.sop_id}/{n}"
        # what the procedure prescribes, closest in length to the act first: none of it is forbidden
        steps = sorted(dict.fromkeys(p.actions), key=lambda a: (abs(len(a) - len(act)), rank(f"{qid}|{a}")))
        made = choose(qid, act, [steps])
        if made:
            yield Question(qid, "never", p.sop_id, None, "key-points",
                           f"按《{p.title}》的注意事项，下列哪一种做法是不允许的？", *made,
                           f"《{p.title}》注意事项：{text}")


# --------------------------------------------------------------------------- the bank


def question_bank(manual: Manual) -> list[Question]:
    """Every question the handbook gives, procedure by procedure in the handbook's order, each
    procedure's by kind (:data:`KINDS`)."""
    return list(_BANK.get((manual,), (), lambda: tuple(_bank(manual))))


_BANK = ByIdentity(limit=64)


def _bank(manual: Manual) -> list[Question]:
    pool = _limits_of(manual)
    triggers: dict[str, int] = {}
    for sop in manual.sops.values():
        t = plain(manual, sop.trigger)
        triggers[t] = triggers.get(t, 0) + 1
    purposes: dict[str, int] = {}
    for form in manual.forms.values():
        t = purpose_text(plain(manual, form.purpose))
        purposes[t] = purposes.get(t, 0) + 1
    titles = {form_id: plain(manual, form.title) for form_id, form in manual.forms.items()}  # asked 50,000 times
    out: list[Question] = []
    for sop_id in manual.sops:
        p = _prepare(manual, sop_id)
        made = [*_who(manual, p), *_next(manual, p), *_limit(manual, p, pool), *_form(manual, p, titles),
                *_purpose(manual, p, purposes, titles), *_trigger(manual, p, triggers), *_never(manual, p)]
        out += sorted(made, key=lambda q: KINDS.index(q.kind))  # stable: step order within a kind
    return out


@derived(limit=1024)
def role_bank(manual: Manual, role_id: str) -> list[Question]:
    """The questions of the procedures a role takes part in, about its own part, in the order of
    its training path:

    - every procedure's trigger and key points;
    - what follows, the time limit and the forms of the steps the role owns or assists in;
    - who does the steps next to the role's own (to whom it hands work, from whom it gets it) and
      those it assists in (who does its own steps would always be the role itself).

    A form's purpose is asked once (in the first procedure of the path that fills it in)."""
    by_sop: dict[str, list[Question]] = {}
    for q in question_bank(manual):
        by_sop.setdefault(q.sop_id, []).append(q)
    out: list[Question] = []
    asked: set[str] = set()
    for lesson in training_path(manual, role_id):
        part = lesson.part
        mine = {*part.owned, *part.supported}
        near: set[str] = set(part.supported)
        for edge in flow.edges(manual.sops[lesson.sop_id]):
            if edge.source in mine and not edge.target.startswith("@"):
                near.add(edge.target)
            if edge.target in mine:
                near.add(edge.source)
        for q in by_sop.get(lesson.sop_id, []):
            if q.step_id is not None:
                if q.step_id not in (near - set(part.owned) if q.kind == "who" else mine):
                    continue
            if q.kind == "purpose":
                if q.right in asked:
                    continue
                asked.add(q.right)
            out.append(q)
    return out
