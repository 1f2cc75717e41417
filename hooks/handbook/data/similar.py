"""Which texts could be similar, found without comparing every text with every other one.

``difflib.SequenceMatcher(None, a, b).ratio()`` is ``2·M / (len(a) + len(b))`` where ``M`` counts
matching characters, so a pair can only reach a ratio ``r`` when the two texts share at least
``M ≥ r/2 · (len(a) + len(b))`` characters (counted with repetition), which in turn needs their
lengths within ``r / (2 − r)`` of each other, so each text shares at least ``⌊len · r/(2 − r)⌋``
characters with the other. Comparing all pairs is quadratic: 1,000 procedures carry thousands
of timed texts. The standard prefix filter of similarity joins finds the same pairs from an
index: order the characters rarest first; two texts that share ``t`` characters share one among
the first ``len − t + 1`` characters of each. Only those pairs are compared, and of them only
those passing difflib's own cheap upper bounds; no pair that reaches ``r`` is ever left out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

Token = tuple[str, int]  # a character and which occurrence of it in the text (1, 2 …)


def _tokens(text: str) -> list[Token]:
    seen: Counter[str] = Counter()
    out = []
    for char in text:
        seen[char] += 1
        out.append((char, seen[char]))
    return out


def candidates(texts: Iterable[str], ratio: float) -> dict[str, set[str]]:
    """For each text, the other texts whose ``SequenceMatcher.ratio()`` with it may reach ``ratio``.

    Symmetric, and a superset of the pairs that reach ``ratio`` in either order (for
    ``0 < ratio ≤ 1``); identical texts are not paired.
    """
    distinct = sorted(set(texts))
    tokens = {text: _tokens(text) for text in distinct}
    frequency: Counter[Token] = Counter(t for ts in tokens.values() for t in ts)
    shared_at_least = ratio / (2 - ratio)
    index: dict[Token, list[str]] = {}
    for text in distinct:
        ordered = sorted(tokens[text], key=lambda t: (frequency[t], t))
        # floor, less one: a larger prefix than needed, so that float rounding never loses a pair
        must_share = max(math.floor(len(ordered) * shared_at_least) - 1, 0)
        for token in ordered[: len(ordered) - must_share + 1] if ordered else []:
            index.setdefault(token, []).append(text)
    counts = {text: Counter(text) for text in distinct}
    pairs: dict[str, set[str]] = {text: set() for text in distinct}
    for posting in index.values():
        for i, a in enumerate(posting):
            for b in posting[i + 1:]:
                if b not in pairs[a] and _may_reach(a, b, counts, ratio):
                    pairs[a].add(b)
                    pairs[b].add(a)
    return pairs


def _may_reach(a: str, b: str, counts: dict[str, Counter[str]], ratio: float) -> bool:
    """difflib's own upper bounds of ``ratio()``, computed as difflib does, without a matcher:
    ``real_quick_ratio`` (the lengths) and ``quick_ratio`` (the characters in common)."""
    length = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / length < ratio:
        return False
    return 2.0 * sum((counts[a] & counts[b]).values()) / length >= ratio
