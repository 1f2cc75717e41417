"""What the data implies about each role: pure derivations, no Markdown.

A job description says what a role is for; the procedures say what it does. From the steps (who
owns a step, who assists), the decisions, each procedure's responsibilities and the flow edges
this module derives, for any role or partner id:

- the procedures it takes part in, and in what capacity (负责 / 批准 / 协助 / 知会);
- the steps it owns, with their time limits, and the forms those steps fill in;
- the hand-offs: to whom it passes work and from whom it receives it;
- the responsibility matrix (role × procedure).

The pages (role pages, the matrix, the training paths) only format what is derived here.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.manual import flow
from handbook.manual.manual import Manual
from handbook.data.memo import ByIdentity
from handbook.data.model import Sop, Step
from handbook.data.rules import participants
from handbook.data.timelimit import TimeLimit

RESPONSIBLE = "负责"
APPROVES = "批准"
SUPPORTS = "协助"
INFORMED = "知会"

#: A step is an approval when its action (or its decision's question) contains one of these words.
APPROVAL_WORDS = ("审批", "批准", "审核", "审定", "核准")


def is_approval(step: Step) -> bool:
    text = step.action + (step.decision.question if step.decision else "")
    return any(word in text for word in APPROVAL_WORDS)


@dataclass(frozen=True)
class Participation:
    """How one role (or partner) takes part in one procedure."""

    sop_id: str
    owned: tuple[str, ...]  # ids of the steps it owns, in step order
    approvals: tuple[str, ...]  # those of ``owned`` that are approvals
    supported: tuple[str, ...]  # ids of the steps it assists in (and does not own)
    duty: str | None  # its line in the procedure's 职责 table
    is_owner: bool  # the procedure's 归口岗位

    @property
    def marks(self) -> tuple[str, ...]:
        """负责 and/or 批准 for owned steps; else 协助 for assisted ones; else 知会."""
        marks = []
        if len(self.owned) > len(self.approvals):
            marks.append(RESPONSIBLE)
        if self.approvals:
            marks.append(APPROVES)
        if not marks and self.supported:
            marks.append(SUPPORTS)
        if not marks:
            marks.append(INFORMED)
        return tuple(marks)


def participation(manual: Manual, role_id: str, sop_id: str) -> Participation | None:
    """How ``role_id`` takes part in the procedure; ``None`` if it does not appear in it at all."""
    sop = manual.sops[sop_id]
    return _PARTICIPATION.get((sop,), (sop_id, role_id), lambda: _participation(sop, role_id, sop_id))


_PARTICIPATION = ByIdentity(limit=65_536)


def _participation(sop: Sop, role_id: str, sop_id: str) -> Participation | None:
    owned = tuple(s.id for s in sop.steps if s.role == role_id)
    approvals = tuple(s.id for s in sop.steps if s.role == role_id and is_approval(s))
    supported = tuple(s.id for s in sop.steps if role_id in s.support and s.role != role_id)
    duties = [r.duty for r in sop.responsibilities if r.role == role_id]
    is_owner = sop.owner == role_id
    if not (owned or supported or duties or is_owner):
        return None
    return Participation(sop_id, owned, approvals, supported, "；".join(duties) or None, is_owner)


def procedures_of(manual: Manual, role_id: str) -> list[Participation]:
    """Every procedure the role takes part in, in the handbook's order."""
    found = (participation(manual, role_id, s) for s in manual.sops)
    return [p for p in found if p is not None]


# --------------------------------------------------------------------------- steps and forms


@dataclass(frozen=True)
class OwnedStep:
    sop_id: str
    step_id: str
    number: int  # 1-based position in the procedure
    action: str
    limit: TimeLimit | None
    commitment: str | None  # the commitment id the limit comes from, if any
    records: tuple[str, ...]  # form ids the step fills in
    approval: bool


def owned_steps(manual: Manual, role_id: str, sop_id: str | None = None) -> list[OwnedStep]:
    """The steps the role owns (in one procedure, or in all of them in the handbook's order)."""
    rows: list[OwnedStep] = []
    for sid in [sop_id] if sop_id else list(manual.sops):
        rows.extend(_owned_in(manual, role_id, sid))
    return rows


# A step's limit depends on its procedure and the commitments only.
_OWNED = ByIdentity(limit=65_536)


def _owned_in(manual: Manual, role_id: str, sop_id: str) -> tuple[OwnedStep, ...]:
    sop, commitments = manual.sops[sop_id], manual.commitments
    return _OWNED.get((sop, commitments), (sop_id, role_id), lambda: tuple(
        OwnedStep(
            sop_id, step.id, number, step.action, manual.step_limit(sop, step.id),
            step.commitment if step.commitment in commitments else None,
            tuple(step.records), is_approval(step),
        )
        for number, step in enumerate(sop.steps, 1) if step.role == role_id
    ))


def distinct_limits(steps: list[OwnedStep]) -> list[TimeLimit]:
    """The different time limits among ``steps``, shortest first (one per wording)."""
    seen: dict[str, TimeLimit] = {}
    for step in steps:
        if step.limit is not None:
            seen.setdefault(step.limit.label, step.limit)
    return sorted(seen.values())


@dataclass(frozen=True)
class FormUse:
    form_id: str
    steps: tuple[tuple[str, int], ...]  # (procedure id, step number) where the role fills it in
    keeps: bool  # the role is the form's keeper (保管岗位)


def forms_filled(manual: Manual, role_id: str) -> list[FormUse]:
    """Forms the role's own steps fill in (in the forms' order), and forms it keeps."""
    uses: dict[str, list[tuple[str, int]]] = {}
    for step in owned_steps(manual, role_id):
        for form_id in step.records:
            uses.setdefault(form_id, []).append((step.sop_id, step.number))
    return [
        FormUse(f, tuple(uses.get(f, ())), form.keeper == role_id)
        for f, form in manual.forms.items()
        if f in uses or form.keeper == role_id
    ]


# --------------------------------------------------------------------------- hand-offs


@dataclass(frozen=True)
class Handoff:
    """Work passing from one role's step to another role's step (a flow edge between lanes)."""

    sop_id: str  # the procedure the edge belongs to
    source: str  # step id
    giver: str  # role or partner id
    target_sop: str  # ``sop_id``, or the procedure a ``handoff`` leads into
    target: str  # step id in ``target_sop``
    taker: str
    label: str | None  # the decision branch, if any

    def numbers(self, manual: Manual) -> tuple[int, int]:
        src = [s.id for s in manual.sops[self.sop_id].steps].index(self.source) + 1
        dst = [s.id for s in manual.sops[self.target_sop].steps].index(self.target) + 1
        return src, dst


def _roles(sop: Sop) -> dict[str, str]:
    return {s.id: s.role for s in sop.steps}


def handoffs(manual: Manual, sop_id: str | None = None) -> list[Handoff]:
    """Every edge whose two ends belong to different roles; a ``handoff`` into another procedure
    counts as passing the work to the owner of that procedure's first step."""
    found = []
    for sid in [sop_id] if sop_id else list(manual.sops):
        sop = manual.sops[sid]
        owner = _roles(sop)
        for edge in flow.edges(sop):
            if edge.target == flow.END:
                continue
            if edge.handoff is not None:
                if edge.handoff not in manual.sops:
                    continue
                target_sop = edge.handoff
                target = manual.sops[target_sop].steps[0]
                taker, target_id = target.role, target.id
            else:
                target_sop, target_id, taker = sid, edge.target, owner.get(edge.target, "")
            giver = owner[edge.source]
            if taker and taker != giver:
                found.append(Handoff(sid, edge.source, giver, target_sop, target_id, taker, edge.label))
    return found


def handoff_partners(manual: Manual, role_id: str) -> tuple[dict[str, list[Handoff]], dict[str, list[Handoff]]]:
    """(to whom the role passes work, from whom it receives work), each keyed by the other role
    in the order lanes are shown, with the hand-offs in the handbook's order."""
    order = {r: i for i, r in enumerate(manual.lane_order())}
    gives: dict[str, list[Handoff]] = {}
    receives: dict[str, list[Handoff]] = {}
    for h in handoffs(manual):
        if h.giver == role_id:
            gives.setdefault(h.taker, []).append(h)
        if h.taker == role_id:
            receives.setdefault(h.giver, []).append(h)
    def ordered(d: dict[str, list[Handoff]]) -> dict[str, list[Handoff]]:
        return {k: d[k] for k in sorted(d, key=lambda r: order.get(r, len(order)))}
    return ordered(gives), ordered(receives)


# --------------------------------------------------------------------------- the matrix


def matrix_columns(manual: Manual) -> list[str]:
    """The center's roles (organization order), then the partners that take part in anything."""
    involved = {r for s in manual.sops.values() for r in participants(s)}
    partners = [r for r in manual.lane_order() if r not in manual.roles and r in involved]
    return list(manual.roles) + partners


def responsibility_matrix(manual: Manual) -> dict[str, dict[str, Participation]]:
    """procedure id -> {role id: participation}, for every column that takes part."""
    columns = matrix_columns(manual)
    matrix: dict[str, dict[str, Participation]] = {}
    for sop_id in manual.sops:
        row: dict[str, Participation] = {}
        for role_id in columns:
            found = participation(manual, role_id, sop_id)
            if found is not None:
                row[role_id] = found
        matrix[sop_id] = row
    return matrix


def compress_numbers(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1–3、5、7–8'."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
