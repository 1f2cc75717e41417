"""Multiple choice: the question bank's :class:`Question`, how its choices are picked, and a test
drawn from the bank.

What every kind of question shares (``questions`` derives the kinds from the data): one right
answer among distinct choices, the wrong ones taken from tiers of the same data in order
(:func:`choose`), the right one placed by a stable pseudo-random rank of the question's id
(:func:`rank`), so that the same data gives the same question on every machine.

:func:`draw` picks a test from a bank with a seeded generator: the test's number is the seed, so the
same number gives the same test, on screen (``docs/javascripts/training-test.js`` implements the
same generator and the same picking, and a browser test holds the two together) and on paper.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

QuestionKind = Literal["who", "next", "branch", "limit", "form", "purpose", "trigger", "never"]
#: Where on the procedure's page the answer is: a step's row, the lead (适用情形), the key points.
Section = Literal["step", "lead", "key-points"]

#: The kinds in the order a bank lists them.
KINDS: tuple[QuestionKind, ...] = ("who", "next", "branch", "limit", "form", "purpose", "trigger", "never")
#: Wrong choices per question: at most, and at least (fewer: no question).
MAX_WRONG, MIN_WRONG = 3, 2
#: Questions in one test.
TEST_SIZE = 10


@dataclass(frozen=True)
class Question:
    """One multiple-choice question and where the handbook answers it."""

    id: str  # stable: kind/procedure/step[/branch]
    kind: QuestionKind
    sop_id: str  # the procedure that answers it
    step_id: str | None  # the step that answers it (None: the lead or the key points)
    section: Section
    text: str  # plain text (placeholders expanded, no markup): escaped where it is shown
    choices: tuple[str, ...]  # distinct
    answer: int  # index of the right choice
    explanation: str  # the fact from the data that answers it

    @property
    def right(self) -> str:
        return self.choices[self.answer]


def rank(key: str) -> int:
    """A stable pseudo-random number for ``key`` (the same on every machine and Python)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def choose(qid: str, right: str, tiers: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], int] | None:
    """The choices of a question: ``right`` and up to :data:`MAX_WRONG` wrong ones taken from
    ``tiers`` in order (each tier as given), distinct; the right one at a place given by the id.
    None when fewer than :data:`MIN_WRONG` wrong choices are found."""
    wrong: list[str] = []
    for tier in tiers:
        for text in tier:
            if text and text != right and text not in wrong:
                wrong.append(text)
            if len(wrong) == MAX_WRONG:
                break
        if len(wrong) == MAX_WRONG:
            break
    if len(wrong) < MIN_WRONG:
        return None
    place = rank(qid) % (len(wrong) + 1)
    return tuple(wrong[:place] + [right] + wrong[place:]), place


def shuffled(qid: str, items: Iterable[str]) -> list[str]:
    """``items`` in an order fixed by the question (so that not every question offers the same)."""
    return sorted(items, key=lambda t: rank(f"{qid}|{t}"))


def by_distance(items: Sequence[str], index: int) -> list[str]:
    """``items`` nearest to position ``index`` first (before after, at equal distance)."""
    order = sorted(range(len(items)), key=lambda i: (abs(i - index), i > index))
    return [items[i] for i in order if i != index]




# --------------------------------------------------------------------------- drawing a test

_MASK = 0xFFFFFFFF


class Draw:
    """The test's random numbers: mulberry32, seeded by the test number. 32-bit arithmetic
    written out so that JavaScript's ``Math.imul`` version gives the same sequence."""

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK

    def next(self) -> int:
        """The next number, 0 ≤ n < 2**32."""
        self.state = (self.state + 0x6D2B79F5) & _MASK
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & _MASK
        t = (((t + (((t ^ (t >> 7)) * (t | 61)) & _MASK)) & _MASK) ^ t)
        return (t ^ (t >> 14)) & _MASK

    def below(self, n: int) -> int:
        """A number 0 ≤ k < n (``Math.floor(next / 2**32 * n)`` in JavaScript: exact in both)."""
        return (self.next() * n) >> 32


def draw(bank: Sequence[Question], number: int, size: int = TEST_SIZE) -> list[Question]:
    """The test with this number: ``size`` questions of ``bank``, spread over kinds and procedures.

    The bank is shuffled (Fisher–Yates, by :class:`Draw`); a first pass takes questions while
    their kind and their procedure are under their share of the test (``size`` divided by the
    kinds, by the procedures, rounded up), a second fills up with the rest in shuffled order."""
    rand = Draw(number)
    order = list(range(len(bank)))
    for i in range(len(order) - 1, 0, -1):
        j = rand.below(i + 1)
        order[i], order[j] = order[j], order[i]
    size = min(size, len(bank))
    kinds = {q.kind for q in bank}
    sops = {q.sop_id for q in bank}
    cap_kind = math.ceil(size / max(1, len(kinds)))
    cap_sop = math.ceil(size / max(1, len(sops)))
    picked: list[int] = []
    per_kind: dict[str, int] = {}
    per_sop: dict[str, int] = {}
    for i in order:
        if len(picked) == size:
            break
        q = bank[i]
        if per_kind.get(q.kind, 0) < cap_kind and per_sop.get(q.sop_id, 0) < cap_sop:
            picked.append(i)
            per_kind[q.kind] = per_kind.get(q.kind, 0) + 1
            per_sop[q.sop_id] = per_sop.get(q.sop_id, 0) + 1
    for i in order:
        if len(picked) == size:
            break
        if i not in picked:
            picked.append(i)
    return [bank[i] for i in picked]


def fingerprint(bank: Sequence[Question]) -> str:
    """Six hex digits that change whenever any question of the bank does: printed beside the test
    number, so that a trainer can tell whether a number still draws the test it drew."""
    h = hashlib.sha256()
    for q in bank:
        h.update("\x1f".join([q.id, q.text, *q.choices, str(q.answer)]).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:6]
