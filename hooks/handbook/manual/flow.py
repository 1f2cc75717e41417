"""The flow of a procedure as a graph: who hands what to whom, and where it ends.

Both the checker (reachability, dead ends) and the flowchart read the flow from here, so the
picture and the checks can never disagree about where a step leads.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.data.memo import ByIdentity
from handbook.data.model import Sop, Step, Target

#: The node every ``end: true`` leads to.
END = "@end"
#: The prefix of the node a ``handoff: <procedure>`` leads to.
HANDOFF = "@handoff:"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str  # a step id, END, or HANDOFF + procedure id
    label: str | None = None  # the branch label of a decision

    @property
    def handoff(self) -> str | None:
        return self.target[len(HANDOFF):] if self.target.startswith(HANDOFF) else None


def _target(target: Target, following: str | None) -> str | None:
    """Where a step or branch goes; ``None`` when it falls off the end of the list."""
    if target.next is not None:
        return target.next
    if target.end:
        return END
    if target.handoff is not None:
        return HANDOFF + target.handoff
    return following


def step_edges(step: Step, following: str | None) -> list[Edge]:
    """The edges out of one step; ``following`` is the id of the next step in the list."""
    if step.decision is not None:
        edges = []
        for branch in step.decision.branches:
            target = _target(branch, following)
            if target is not None:
                edges.append(Edge(step.id, target, branch.label))
        return edges
    target = _target(step, following)
    return [Edge(step.id, target)] if target is not None else []


def edges(sop: Sop) -> list[Edge]:
    """All edges of a procedure, in step order and branch order."""
    return list(_EDGES.get((sop,), (), lambda: tuple(_edges(sop))))


_EDGES = ByIdentity(limit=4096)


def _edges(sop: Sop) -> list[Edge]:
    ids = [s.id for s in sop.steps]
    result: list[Edge] = []
    for index, step in enumerate(sop.steps):
        following = ids[index + 1] if index + 1 < len(ids) else None
        result.extend(step_edges(step, following))
    return result


def falls_off(sop: Sop) -> bool:
    """True when the last step has no explicit way out (it would silently end the flow)."""
    last = sop.steps[-1]
    if last.decision is not None:
        return False
    return last.next is None and not last.end and last.handoff is None


def reachable(sop: Sop) -> set[str]:
    """Step ids reachable from the first step."""
    out: dict[str, list[str]] = {}
    for edge in edges(sop):
        out.setdefault(edge.source, []).append(edge.target)
    seen: set[str] = set()
    stack = [sop.steps[0].id]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(t for t in out.get(node, []) if not t.startswith("@"))
    return seen


def reaches_end(sop: Sop) -> set[str]:
    """Step ids from which some path reaches an end or a handoff."""
    into: dict[str, list[str]] = {}
    for edge in edges(sop):
        into.setdefault(edge.target, []).append(edge.source)
    good: set[str] = set()
    stack = [t for t in into if t.startswith("@")]
    while stack:
        node = stack.pop()
        for source in into.get(node, []):
            if source not in good:
                good.add(source)
                stack.append(source)
    return good
