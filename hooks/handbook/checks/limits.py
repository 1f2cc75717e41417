"""One register of time limits: every limit of every step and checklist item, and their conflicts.

A limit either comes from a service commitment (``commitment:``, the promise made to customers,
written once in commitments.yaml) or is internal to a procedure (``time_limit:`` alone). The
checker already refuses a step whose own limit contradicts the commitment it names. What it cannot
see from one file is found here, across the handbook:

- the same action or checklist text with different limits (a warning: staff are told two things);
- an internal limit equal to a commitment's limit, which may be the same duty written twice
  (information: equal numbers are often a coincidence);
- near-identical texts with different limits, and checklist limits that no step of the same
  procedure carries (information: worth a look, not necessarily wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from handbook.manual.manual import Manual
from handbook.data.problems import Problem
from handbook.data.similar import candidates
from handbook.data.rules import applicable_limit, commitment_limit
from handbook.data.timelimit import KEYWORDS, TimeLimit

Path_ = tuple[str | int, ...]

NEAR_RATIO = 0.8  # texts at least this similar (difflib ratio) count as "near-identical"
LIKELY_OVERLAP = 0.3  # share of a text's character pairs found in a commitment's wording


@dataclass(frozen=True)
class LimitUse:
    """One time limit, where it is written and what it applies to."""

    sop_id: str
    path: Path_  # inside sops/<sop_id>.yaml
    place: str  # 第 3 步 / 检查单第 2 项
    role: str | None  # the step's role; None for a checklist item
    text: str  # the step's action or the checklist item's text
    limit: TimeLimit
    commitment: str | None

    @property
    def is_step(self) -> bool:
        return self.role is not None


def limit_key(limit: TimeLimit) -> tuple[object, ...]:
    """Limits that mean the same: 1d = 24h, but 3d ≠ 3wd, and 12h ≠ 当日 (a keyword is its own kind)."""
    if limit.source in KEYWORDS:
        return (limit.source,)
    return (limit.minutes, limit.source.endswith("wd"))


def normalize(text: str) -> str:
    """Text compared for sameness: without spaces, punctuation and bold markers."""
    return re.sub(r"[\W_]+", "", text)


def limit_uses(manual: Manual) -> list[LimitUse]:
    """Every time limit in the handbook, in the handbook's order (steps, then the checklist)."""
    uses: list[LimitUse] = []
    for sop_id, sop in manual.sops.items():
        for i, step in enumerate(sop.steps):
            limit = manual.step_limit(sop, step.id)
            if limit is not None:
                uses.append(LimitUse(sop_id, ("steps", i), f"第 {i + 1} 步", step.role, step.action,
                                     limit, step.commitment))
        n = 0
        for g, group in enumerate(sop.checklist):
            for k, item in enumerate(group.items):
                n += 1
                limit = applicable_limit(manual.commitments, item.time_limit, item.commitment)
                if limit is not None:
                    uses.append(LimitUse(sop_id, ("checklist", g, "items", k), f"检查单第 {n} 项", None,
                                         item.text, limit, item.commitment))
    return uses


# --------------------------------------------------------------------------- conflicts


def different_limits(uses: list[LimitUse]) -> list[list[LimitUse]]:
    """Groups of uses with the same text but more than one limit (a warning)."""
    groups: dict[str, list[LimitUse]] = {}
    for use in uses:
        groups.setdefault(normalize(use.text), []).append(use)
    return [g for g in groups.values() if len({limit_key(u.limit) for u in g}) > 1]


def _pairs(text: str) -> set[str]:
    t = normalize(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} or {t}


def overlap(text: str, other: str) -> float:
    """Share of ``text``'s character pairs that also occur in ``other`` (0–1)."""
    mine = _pairs(text)
    return len(mine & _pairs(other)) / len(mine)


@dataclass(frozen=True)
class Unreferenced:
    use: LimitUse
    commitments: list[str]  # ids of commitments with the same limit, most similar first
    likely: bool  # the text resembles the first commitment's wording


def unreferenced(manual: Manual, uses: list[LimitUse]) -> list[Unreferenced]:
    """Internal limits equal to a commitment's limit (立即 and 当日 are too common to count)."""
    found: list[Unreferenced] = []
    for use in uses:
        if use.commitment is not None or use.limit.source in KEYWORDS:
            continue
        same = []
        for c in manual.commitments.values():
            limit = commitment_limit(manual.commitments, c.id)
            if limit is not None and limit_key(limit) == limit_key(use.limit):
                same.append((overlap(use.text, c.title + c.promise), c.id))
        if same:
            same.sort(key=lambda s: -s[0])
            found.append(Unreferenced(use, [c for _, c in same], same[0][0] >= LIKELY_OVERLAP))
    return found


def near_identical(uses: list[LimitUse]) -> list[tuple[LimitUse, LimitUse, float]]:
    """Pairs of different but very similar texts with different limits (information).

    The pairs, in order, of comparing every use with every later one; only the pairs of texts
    that ``similar.candidates`` finds are compared, so a big handbook is not quadratic.
    """
    texts = [normalize(u.text) for u in uses]
    keys = [limit_key(u.limit) for u in uses]
    maybe = candidates(texts, NEAR_RATIO)
    at: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        at.setdefault(text, []).append(i)
    ratios: dict[tuple[str, str], float] = {}
    pairs = []
    for i, a in enumerate(uses):
        for j in sorted(j for other in maybe[texts[i]] for j in at[other] if j > i):
            if keys[i] == keys[j]:
                continue
            pair = (texts[i], texts[j])
            if pair not in ratios:
                ratios[pair] = SequenceMatcher(None, *pair).ratio()
            if ratios[pair] >= NEAR_RATIO:
                pairs.append((a, uses[j], ratios[pair]))
    return pairs


def checklist_without_step(uses: list[LimitUse]) -> list[LimitUse]:
    """Checklist limits that no step of the same procedure has (information)."""
    step_keys: dict[str, set[tuple[object, ...]]] = {}
    for use in uses:
        if use.is_step:
            step_keys.setdefault(use.sop_id, set()).add(limit_key(use.limit))
    return [u for u in uses if not u.is_step and limit_key(u.limit) not in step_keys.get(u.sop_id, set())]


def limit_problems(manual: Manual) -> list[Problem]:
    """A warning at each place where the same text carries a different limit than its first use."""
    problems: list[Problem] = []
    for group in different_limits(limit_uses(manual)):
        first = group[0]
        for use in group[1:]:
            if limit_key(use.limit) == limit_key(first.limit):
                continue
            doc = manual.docs.get(f"sops/{use.sop_id}.yaml")
            if doc is None:
                continue
            where = "本程序" if use.sop_id == first.sop_id else f"《{manual.sops[first.sop_id].title}》"
            problems.append(doc.problem(
                use.path,
                f"「{use.text}」的时限为 {use.limit.label}，而{where}{first.place}同样的内容时限为 {first.limit.label}",
                "同一件事只应有一个时限：统一两处；若是对客户的承诺，在 commitments.yaml 中设一条承诺，两处都用 commitment 引用",
                severity="warning", code="limit.conflict",
            ))
    return problems
