"""Characters that text in the data may not contain: control characters and bidirectional controls.

YAML lets an editor write any character as an escape in a double-quoted string (``"\\0"``,
``"\\e"``, ``"\\x85"``, ``"\\u202E"``), and PyYAML reads a few of them (NEL, the bidirectional
controls) even when they are written as they are. None of them belongs in a handbook: a NUL or an
ESC is invisible on the page and breaks the sitemap's XML, and U+202E (RIGHT-TO-LEFT OVERRIDE)
shows the text after it backwards, so a page could say something other than what its file says.
Tab and line break are the only control characters allowed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from handbook.data.document import Document
from handbook.data.problems import Problem

#: C0 controls except tab and line feed, DEL, C1 controls, the line and paragraph separators
#: (U+2028, U+2029: a line break for editors, log viewers and Python's ``splitlines``, so a value
#: holding one could forge a line of a report), and the bidirectional formatting characters
#: (marks, embeddings, overrides, isolates) that reorder or hide text on screen.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x0c": "FF", "\x0d": "CR", "\x1b": "ESC",
    "\x7f": "DEL", "\x85": "NEL",
}

HINT = "删去这个字符：它在页面上看不见，或会改变文字的显示方向（U+202E 会让后面的字倒着显示）；从别处复制来的文字请重新输入"


def describe(char: str) -> str:
    """``U+001B（ESC）`` for a forbidden character."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f"（{name}）" if name else "（控制字符）")


Path_ = tuple[str | int, ...]


def _texts(value: Any, path: Path_) -> list[tuple[Path_, str, bool]]:
    """(path, text, whether the text is a mapping key) for every string in ``value``."""
    if isinstance(value, str):
        return [(path, value, False)]
    if isinstance(value, dict):
        found: list[tuple[Path_, str, bool]] = []
        for key, item in value.items():
            if isinstance(key, str):
                found.append((path + (key,), key, True))
            found += _texts(item, path + (key,))
        return found
    if isinstance(value, list):
        return [t for i, item in enumerate(value) for t in _texts(item, path + (i,))]
    return []


def control_problems(doc: Document) -> list[Problem]:
    """One located error for each text (value or key) of ``doc`` that holds a forbidden character."""
    problems = []
    for path, text, is_key in _texts(doc.data, ()):
        match = FORBIDDEN.search(text)
        if match is None:
            continue
        count = len(FORBIDDEN.findall(text))
        more = f"，共 {count} 处" if count > 1 else ""
        message = f"文字中含有不允许的字符 {describe(match.group())}（第 {match.start() + 1} 个字符{more}）"
        problems.append(doc.problem(path, message, HINT, key=is_key, code="text.control-character"))
    return problems
