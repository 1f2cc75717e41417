"""Coverage: does every job description meet the procedures, and can every procedure be trained?

Three gaps are looked for, each reported as a warning at its place in the data (warnings fail
``mkdocs build --strict``, so a gap is fixed in the data before it reaches the handbook):

- a role of the center that owns no step of any procedure (it has nothing written down to do);
- a duty of a job description that no procedure carries out: a duty names the procedures that
  carry it out (``procedures``); a duty for which there truly is none states why
  (``no_procedure``) and is listed on the coverage page as a known gap; a duty with neither is
  warned about, and so is a link to a procedure in which the role plays no part;
- a procedure without self-check questions (a new employee cannot test what they learned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handbook.manual.derive import owned_steps, participation
from handbook.manual.manual import Manual
from handbook.data.problems import Problem

DutyStatus = Literal["linked", "known-gap", "missing"]


@dataclass(frozen=True)
class DutyCoverage:
    role_id: str
    index: int  # 0-based position in the role's duties
    text: str
    procedures: tuple[str, ...]  # linked procedures in which the role takes part
    strays: tuple[str, ...]  # linked procedures in which the role plays no part
    reason: str | None  # the data's ``no_procedure``

    @property
    def status(self) -> DutyStatus:
        if self.procedures:
            return "linked"
        if self.reason is not None:
            return "known-gap"
        return "missing"


def duty_coverage(manual: Manual, role_id: str | None = None) -> list[DutyCoverage]:
    """Every duty of every role (or of one role), with the procedures that carry it out."""
    found = []
    for rid in [role_id] if role_id else list(manual.roles):
        for i, duty in enumerate(manual.roles[rid].duties):
            known = [s for s in duty.procedures if s in manual.sops]
            takes_part = tuple(s for s in known if participation(manual, rid, s) is not None)
            strays = tuple(s for s in known if s not in takes_part)
            found.append(DutyCoverage(rid, i, duty.text, takes_part, strays, duty.no_procedure))
    return found


def idle_roles(manual: Manual) -> list[str]:
    """Roles of the center that own no step of any procedure."""
    return [r for r in manual.roles if not owned_steps(manual, r)]


def without_self_check(manual: Manual) -> list[str]:
    return [s for s, sop in manual.sops.items() if not sop.self_check]


def _at(manual: Manual, rel: str, path: tuple[str | int, ...], message: str, hint: str, *, code: str) -> Problem:
    doc = manual.docs.get(rel)
    if doc is None:  # a manual built in memory (tests, other generators): no line numbers
        return Problem(rel, 0, 0, message, hint, "warning", code=code)
    return doc.problem(path, message, hint, severity="warning", code=code)


def coverage_problems(manual: Manual) -> list[Problem]:
    """The coverage gaps as warnings, located in the data."""
    problems = []
    for role_id in idle_roles(manual):
        problems.append(_at(
            manual, f"roles/{role_id}.yaml", ("title",),
            f"岗位 '{role_id}' 在所有程序中都不负责任何步骤",
            f"在相关程序的步骤中写 role: {role_id}，或确认该岗位是否仍需设置", code="coverage.idle-role",
        ))
    for duty in duty_coverage(manual):
        rel = f"roles/{duty.role_id}.yaml"
        for sop_id in duty.strays:
            j = manual.roles[duty.role_id].duties[duty.index].procedures.index(sop_id)
            problems.append(_at(
                manual, rel, ("duties", duty.index, "procedures", j),
                f"第 {duty.index + 1} 项职责关联的程序 '{sop_id}' 中没有本岗位的步骤或职责",
                f"在 sops/{sop_id}.yaml 的 responsibilities 或步骤中加上 {duty.role_id}，或改为关联本岗位参与的程序", code="coverage.stray-duty",
            ))
        if duty.status == "missing" and not duty.strays:
            problems.append(_at(
                manual, rel, ("duties", duty.index),
                f"第 {duty.index + 1} 项职责没有落到任何程序上",
                "把这项职责写成 text: …，并用 procedures: [程序 id] 列出执行它的程序；"
                "确实没有程序的，写 no_procedure: 理由（职责覆盖页会列为已知缺口）", code="coverage.duty-without-procedure",
            ))
    for sop_id in without_self_check(manual):
        problems.append(_at(
            manual, f"sops/{sop_id}.yaml", ("title",),
            f"程序 '{sop_id}' 没有自测题，新员工无法自测",
            "加上 self_check：每题写 question 和 answer", code="coverage.no-self-check",
        ))
    return problems
