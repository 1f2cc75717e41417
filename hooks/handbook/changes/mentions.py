"""Does a history entry mention each change its revision makes? The rule, written once.

Comparing two versions (:mod:`diff_sop`, :mod:`diff`) gives, beside the notice's words, one
:class:`Mention` per change: the change as the notice words it, and what in a history entry's
summary counts as naming it. The rule is meant to be fair to a person writing a summary in their
own words, and explainable in one sentence each:

- a **step** is named by its number (``第 3 步``, ``第3、5步``, ``第三步``, ranges ``第 3 至 6 步``;
  a removed step by its old number, a moved one by either) or by four characters in a row of its
  action (``核对身份`` names 核对业主身份证件); an action shorter than that by the whole action;
- a **section** (检查单, 注意事项, 定义, 职责, 自测题, 相关文件 …) by its name or by four characters
  in a row of an item that changed in it;
- a **form, role, commitment or term** by its name (or four characters of it), or the kind of
  document (表格, 岗位, 服务承诺, 术语);
- an entry that says the text was **rewritten** (重写, 重新编写, 全面修订, 全文修订) names every change.

Not asked for: the purpose, the self-check questions, the related documents and the training-entry flag (nobody works
differently by them), and new step numbers alone (the notice says when steps were renumbered).

Spaces and the bold marks of the data are ignored on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Four characters in a row name a thing (two or three are too often someone else's words).
PIECE = 4
#: Words that say the whole text was rewritten: every change is then named.
REWRITTEN = ("重写", "重新编写", "全面修订", "全文修订", "全面改写")

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_DIGITS = "0-9０-９零〇一二两三四五六七八九十百"
_STEP_RUN = re.compile(f"第\\s*([{_DIGITS}][{_DIGITS}\\s、，,和及与至到~～—–-]*)\\s*步")
_NUMBER = re.compile(f"[{_DIGITS}]+")
_RANGE = re.compile(f"([{_DIGITS}]+)\\s*[至到~～—–-]\\s*([{_DIGITS}]+)")
_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Mention:
    """One change, and what in a history entry names it: a step number, or any of the words."""

    what: str  # the change, as the notice says it
    steps: frozenset[int] = frozenset()
    words: tuple[str, ...] = ()


def pieces(*texts: str) -> tuple[str, ...]:
    """What names a text: every four characters in a row of its Chinese (a shorter text whole)."""
    out: list[str] = []
    for text in texts:
        plain = _plain(text)
        runs = _HAN_RUN.findall(plain)
        if sum(len(r) for r in runs) < PIECE:
            if plain:
                out.append(plain)
            continue
        for run in runs:
            out += [run[i:i + PIECE] for i in range(len(run) - PIECE + 1)]
    return tuple(dict.fromkeys(p for p in out if p))


def mention(what: str, steps: Iterable[int] = (), words: Iterable[str] = ()) -> Mention:
    return Mention(what, frozenset(steps), tuple(dict.fromkeys(w for w in words if w)))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("**", ""))


def _number(text: str) -> int | None:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN[c]
    return total + current


def step_numbers(summary: str) -> set[int]:
    """The step numbers a summary names: 第 3 步, 第3、5步, 第三步, 第 3 至 6 步 (3, 4, 5, 6)."""
    found: set[int] = set()
    for run in _STEP_RUN.findall(summary):
        for a, b in _RANGE.findall(run):
            start, end = _number(a), _number(b)
            if start is not None and end is not None and start <= end <= start + 50:
                found.update(range(start, end + 1))
        for token in _NUMBER.findall(run):
            n = _number(token)
            if n is not None:
                found.add(n)
    return found


def rewritten(summary: str) -> bool:
    return any(word in summary for word in REWRITTEN)


def unmentioned(mentions: Iterable[Mention], summary: str) -> list[Mention]:
    """The changes ``summary`` does not name (none when it says the text was rewritten)."""
    text = _plain(summary)
    if rewritten(text):
        return []
    numbers = step_numbers(summary)
    return [m for m in mentions if not (m.steps & numbers) and not any(w in text for w in m.words)]
