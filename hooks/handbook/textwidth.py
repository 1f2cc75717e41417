"""A font-independent width model for chart labels, and line wrapping that respects it.

The charts are drawn without access to the reader's font, so text is measured with a model that
errs on the wide side: CJK and other full-width characters take 1 em, Latin letters and digits
about 0.55 em (capitals and ``m``/``w`` more, ``i``/``l`` and punctuation less). Labels wrapped to a
width under this model fit their boxes in any common CJK sans-serif font.

Wrapping follows the Chinese rules that matter in a box: a line may break between any two CJK
characters, but not inside a Latin word or number, never before closing punctuation (，。、）》…)
and never after opening punctuation (（《“…). Lines are balanced: the wrapper uses the fewest lines
possible, then the narrowest width that still needs no more lines, so a label never ends with a
lonely character when it could be evened out.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Characters that must not begin a line (they stick to the character before them).
CLOSING = set("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}")
#: Characters that must not end a line (they stick to the character after them).
OPENING = set("（《「『【〔〈“‘([{")
#: Characters that continue a Latin word or number (``30min``, ``023-6000``, ``A/0``, ``3.5``).
WORD_JOINERS = set("-/.:_+#@&'%")

_NARROW = set("il.,:;!|'`ɪ")
_SEMI_NARROW = set("fjrt()[]{}/\\-\"*")
_WIDE = set("mwMW@%&")


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """The advance of one character in em under the model."""
    if ch == " ":
        return 0.3
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0  # ideographs, full-width punctuation, and ambiguous ones (…, —, ·, ×) drawn wide
    if ch in _NARROW:
        return 0.3
    if ch in _SEMI_NARROW:
        return 0.4
    if ch in _WIDE:
        return 0.9
    if ch.isupper():
        return 0.7
    return 0.55


def text_width(text: str, size: float) -> float:
    """The width of ``text`` set at font size ``size`` (px), under the model."""
    return sum(char_em(ch) for ch in text) * size


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in WORD_JOINERS)


def tokens(text: str) -> list[str]:
    """Split ``text`` into unbreakable pieces; a piece may end with the space that follows it."""
    pieces: list[str] = []
    i = 0
    text = " ".join(text.split())
    while i < len(text):
        ch = text[i]
        if ch == " ":
            if pieces:
                pieces[-1] += " "
            i += 1
            continue
        if _is_word_char(ch):
            j = i
            while j < len(text) and _is_word_char(text[j]):
                j += 1
            piece = text[i:j]
            i = j
        else:
            piece = ch
            i += 1
        if pieces and (pieces[-1][-1] in OPENING or piece[0] in CLOSING) and not pieces[-1].endswith(" "):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _split_long(piece: str, width: float, size: float) -> list[str]:
    """Break a piece wider than the line into character runs that fit (last resort)."""
    parts: list[str] = []
    current = ""
    for ch in piece:
        if current and text_width(current + ch, size) > width:
            parts.append(current)
            current = ch
        else:
            current += ch
    if current:
        parts.append(current)
    return parts


def _greedy(pieces: list[str], width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if text_width(piece.rstrip(), size) > width:
            if current.rstrip():
                lines.append(current.rstrip())
            parts = _split_long(piece.rstrip(), width, size)
            lines.extend(parts[:-1])
            current = parts[-1] + (" " if piece.endswith(" ") else "")
            continue
        if current and text_width((current + piece).rstrip(), size) > width:
            lines.append(current.rstrip())
            current = piece
        else:
            current += piece
    if current.rstrip():
        lines.append(current.rstrip())
    return lines


def wrap(text: str, width: float, size: float) -> list[str]:
    """Wrap ``text`` into balanced lines no wider than ``width`` px at font size ``size``.

    ``width`` must be at least one em, so that any single character fits.
    """
    if width < size:
        raise ValueError(f"width {width} is narrower than one character at size {size}")
    pieces = tokens(text)
    if not pieces:
        return []
    count = len(_greedy(pieces, width, size))
    low, high = 0.0, width
    for _ in range(24):  # bisection: the narrowest width that still gives ``count`` lines
        middle = (low + high) / 2
        if middle >= size and len(_greedy(pieces, middle, size)) <= count:
            high = middle
        else:
            low = middle
    return _greedy(pieces, high, size)
