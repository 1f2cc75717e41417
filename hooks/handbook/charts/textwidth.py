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

TITLE_MAX = 16  # characters: longer 《titles》 may break anywhere
TITLE_MARK = "\x00"

_NARROW = set("il.,:;!|'`")
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


def tokens(text: str, keep_titles: bool = True) -> list[str]:
    """Split ``text`` into unbreakable pieces; a piece may end with the space that follows it.

    A short book-title group such as 《特约服务工作单》 becomes one piece marked with
    ``TITLE_MARK``; the wrapper breaks it up again only when it is wider than a whole line.
    """
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
        elif keep_titles and ch == "《" and 0 < text.find("》", i) - i <= TITLE_MAX:
            j = text.find("》", i) + 1  # a short 《title》 stays on one line when it can
            piece = TITLE_MARK + text[i:j]
            i = j
        else:
            piece = ch
            i += 1
        if pieces and (pieces[-1][-1] in OPENING or piece[0] in CLOSING) and not pieces[-1].endswith(" "):
            if piece.startswith(TITLE_MARK):  # "（" + "《…》": the group mark goes in front
                pieces[-1] = TITLE_MARK + pieces[-1].lstrip(TITLE_MARK) + piece[1:]
            else:
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


def _atoms(pieces: list[str], width: float, size: float) -> list[str]:
    """Pieces that each fit on a line: wide 《title》 groups opened up, wide words cut."""
    atoms: list[str] = []
    for piece in pieces:
        space = " " if piece.endswith(" ") else ""
        if piece.startswith(TITLE_MARK):
            piece = piece[1:]
            if text_width(piece.rstrip(), size) > width:
                inner = tokens(piece, keep_titles=False)
                inner[-1] = inner[-1].rstrip() + space
                atoms.extend(_atoms(inner, width, size))
                continue
        if text_width(piece.rstrip(), size) > width:
            parts = _split_long(piece.rstrip(), width, size)
            parts[-1] += space
            atoms.extend(parts)
        else:
            atoms.append(piece)
    return atoms


def wrap(text: str, width: float, size: float) -> list[str]:
    """Wrap ``text`` into as few lines as possible, no wider than ``width`` px at font size ``size``,
    and among those the most even ones, preferring breaks after punctuation and spaces.

    ``width`` must be at least one em, so that any single character fits.
    """
    return list(_wrap(text, width, size))


@lru_cache(maxsize=8192)  # a chart redrawn, or the same label on many charts
def _wrap(text: str, width: float, size: float) -> tuple[str, ...]:
    if width < size:
        raise ValueError(f"width {width} is narrower than one character at size {size}")
    atoms = _atoms(tokens(text), width, size)
    if not atoms:
        return ()
    edges = [0.0]
    for atom in atoms:
        edges.append(edges[-1] + text_width(atom, size))
    trailing = [text_width(atom, size) - text_width(atom.rstrip(), size) for atom in atoms]
    soft = [atom.endswith(" ") or atom.rstrip()[-1] in CLOSING for atom in atoms]
    # best[j]: (lines, badness, start of the last line) for the first j atoms.
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)]
    for j in range(1, len(atoms) + 1):
        choice: tuple[int, float, int] | None = None
        for i in range(j - 1, -1, -1):
            used = edges[j] - edges[i] - trailing[j - 1]
            if used > width + 1e-9:
                break
            slack = (width - used) / size
            penalty = 0.0 if j == len(atoms) or soft[j - 1] else 8.0
            candidate = (best[i][0] + 1, best[i][1] + slack * slack + penalty, i)
            if choice is None or candidate[:2] < choice[:2]:
                choice = candidate
        assert choice is not None  # every atom fits on a line by itself
        best.append(choice)
    lines: list[str] = []
    j = len(atoms)
    while j > 0:
        i = best[j][2]
        lines.append("".join(atoms[i:j]).rstrip())
        j = i
    return tuple(lines[::-1])
