"""Turning data text into safe Markdown, and small Markdown building blocks.

Text from YAML may use one inline Markdown feature, ``**bold**``. Everything else is shown
exactly as written: HTML is escaped (a title ``<script>`` shows as text), and characters that
Markdown or its extensions would read as syntax are written as character references, so a
``|`` cannot break a table and a leading ``1.`` cannot start a list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# Characters with a meaning in Python-Markdown or the pymdown extensions we enable.
_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~^=:<>"}
_SPECIAL["&"] = "&amp;"

Lookup = Callable[[str, str], "str | None"]


def _escape(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def inline(text: str, lookup: Lookup | None = None) -> str:
    """Data text as one line of safe Markdown (line breaks become ``<br>``)."""
    from .placeholders import expand

    if lookup is not None:
        text = expand(text, lookup)
    text = text.strip()
    parts: list[str] = []
    last = 0
    for match in _BOLD.finditer(text):
        parts.append(_escape(text[last:match.start()]))
        parts.append(f"<strong>{_escape(match.group(1))}</strong>")
        last = match.end()
    parts.append(_escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


def attr(text: str) -> str:
    """Text for an HTML attribute value or element content inside raw HTML blocks."""
    return html.escape(text, quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str | None = None) -> str:
    """A Markdown table; cells must already be safe Markdown (see :func:`inline`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    text = "\n".join(lines)
    if cls:
        text += "\n{: ." + cls + " }"
    return text + "\n"


def bullets(items: Iterable[str]) -> str:
    return "".join(f"- {item}\n" for item in items)


def numbered(items: Iterable[str]) -> str:
    return "".join(f"{i}. {item}\n" for i, item in enumerate(items, 1))


CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一 (enough for section numbers < 100)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CN_DIGITS[tens]) + "十"
    if ones:
        text += CN_DIGITS[ones]
    return text


def part_label(n: int) -> str:
    return f"第{chinese_number(n)}部分"


def section_label(n: int) -> str:
    """一、 二、 … for the sections of a part."""
    return f"{chinese_number(n)}、"
