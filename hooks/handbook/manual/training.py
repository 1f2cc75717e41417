"""The order in which a new employee learns the procedures of their role (pure derivation).

The rule, shown on the training pages as well:

1. 入口程序 first: procedures that route the customer's matter into at least
   :data:`ENTRY_MIN_TARGETS` other procedures (the front desk and the one-stop service), if the
   role takes part in them at all — everything else starts there;
2. then the procedures those entry procedures hand work into, where the role owns steps;
3. then the other procedures where the role owns steps;
4. then those where it only assists, and last those where it is only named (知会).

Within each group: the procedure where the role owns more steps first (then assists in more),
then the handbook's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.data.memo import derived
from handbook.manual import flow
from handbook.manual.derive import Participation, procedures_of
from handbook.manual.manual import Manual

#: An entry procedure (``entry: true`` in its file) is where the front desk takes any matter and
#: hands it into another procedure; it must hand work into at least this many (the checker's rule).
ENTRY_MIN_TARGETS = 2

ENTRY, HANDED_IN, OWNS, ASSISTS, NAMED = range(5)


def routes_into(manual: Manual, sop_id: str) -> list[str]:
    """The other procedures a procedure hands work into, in the order of its steps."""
    found: list[str] = []
    for edge in flow.edges(manual.sops[sop_id]):
        target = edge.handoff
        if target is not None and target in manual.sops and target not in found:
            found.append(target)
    return found


def entry_procedures(manual: Manual) -> list[str]:
    """The procedures the data marks as entries (``entry: true``): where the front desk takes any
    matter and hands it on. Counting hand-offs cannot tell them: a procedure about dogs or pests
    hands work on as often as the front desk does."""
    marked = [s for s, sop in manual.sops.items() if sop.entry]
    if marked:
        return marked
    # an older edition, written before procedures said so: those that hand work on widely
    return [s for s in manual.sops if len(routes_into(manual, s)) >= ENTRY_MIN_TARGETS]


@dataclass(frozen=True)
class Lesson:
    part: Participation
    group: int  # ENTRY, HANDED_IN, OWNS, ASSISTS or NAMED
    via: str | None  # for HANDED_IN: the entry procedure that hands work into this one

    @property
    def sop_id(self) -> str:
        return self.part.sop_id


@derived(limit=1024)
def training_path(manual: Manual, role_id: str) -> list[Lesson]:
    """The procedures the role takes part in, in the order to learn them."""
    parts = procedures_of(manual, role_id)
    taking_part = {p.sop_id for p in parts}
    entries = [s for s in entry_procedures(manual) if s in taking_part]
    entry_set = set(entries)
    handed: dict[str, str] = {}
    for entry in entries:
        for target in routes_into(manual, entry):
            handed.setdefault(target, entry)
    lessons = []
    for part in parts:
        via = None
        if part.sop_id in entry_set:
            group = ENTRY
        elif part.owned and part.sop_id in handed:
            group, via = HANDED_IN, handed[part.sop_id]
        elif part.owned:
            group = OWNS
        elif part.supported:
            group = ASSISTS
        else:
            group = NAMED
        lessons.append(Lesson(part, group, via))
    order = {s: i for i, s in enumerate(manual.sops)}
    return sorted(lessons, key=lambda l: (l.group, -len(l.part.owned), -len(l.part.supported), order[l.sop_id]))


def lesson_reason(manual: Manual, lesson: Lesson) -> str:
    """Why the lesson comes where it does, in one phrase (plain text, not yet escaped)."""
    part = lesson.part
    owned = f"本岗位负责其中 {len(part.owned)} 个步骤" if part.owned else ""
    if lesson.group == ENTRY:
        n = len(routes_into(manual, lesson.sop_id))
        text = f"入口程序：客户的事项从这里分转到其他 {n} 个程序"
        return text + (f"；{owned}" if owned else "")
    if lesson.group == HANDED_IN and lesson.via is not None:
        return f"由《{manual.sops[lesson.via].title}》转入；{owned}"
    if lesson.group == OWNS:
        return owned
    if lesson.group == ASSISTS:
        return f"本岗位协助其中 {len(part.supported)} 个步骤"
    return "本岗位在该程序的职责中列名（知会），了解即可"
