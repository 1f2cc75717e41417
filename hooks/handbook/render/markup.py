"""Turning data text into safe Markdown, and small Markdown building blocks.

Text from YAML may use one inline Markdown feature, ``**bold**``. Everything else is shown
exactly as written: HTML is escaped (a title ``<script>`` shows as text), and characters that
Markdown or its extensions would read as syntax are written as character references, so a
``|`` cannot break a table and a leading ``1.`` cannot start a list.
"""

from __future__ import annotations

import functools

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# Characters with an inline meaning in Python-Markdown and the extensions we enable.
_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_[]{}|<>"}
_SPECIAL["&"] = "&amp;"
# What would start a block (heading, list, quote) at the beginning of a text.
_BLOCK_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")

Lookup = Callable[[str, str], "str | None"]


_ESCAPE = str.maketrans(_SPECIAL)  # one pass in C: inline() runs tens of thousands of times


def _escape(text: str) -> str:
    return text.translate(_ESCAPE)


def _block_safe(text: str) -> str:
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    marker = match.group(2)
    safe = marker[:-1] + f"&#{ord(marker[-1])};"
    return match.group(1) + safe + text[match.end():]


def inline(text: str, lookup: Lookup | None = None) -> str:
    """Data text as one line of safe Markdown (line breaks become ``<br>``)."""
    if lookup is not None:
        from handbook.data.placeholders import expand

        text = expand(text, lookup)
    return _inline(text)


@functools.lru_cache(maxsize=16384)  # the same titles and labels recur on many pages
def _inline(text: str) -> str:
    text = text.strip()
    parts: list[str] = []
    last = 0
    for match in _BOLD.finditer(text):
        parts.append(_escape(text[last:match.start()]))
        parts.append(f"<strong>{_escape(match.group(1))}</strong>")
        last = match.end()
    parts.append(_escape(text[last:]))
    lines = "".join(parts).split("\n")
    return "<br>".join(_block_safe(line) for line in lines)


def front_matter(title: str) -> str:
    """YAML front matter giving the page its title, HTML-escaped: the theme inserts it unescaped."""
    return "---\ntitle: " + json.dumps(html.escape(title, quote=False), ensure_ascii=False) + "\n---\n\n"


def heading(title: str) -> str:
    """The start of a page: front matter with its title, then the H1."""
    return front_matter(title) + f"# {inline(title)}\n"


def attr(text: str) -> str:
    """Text for an HTML attribute value or element content inside raw HTML blocks."""
    return html.escape(text, quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str | None = None) -> str:
    """A Markdown table; cells must already be safe Markdown (see :func:`inline`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    text = "\n".join(lines) + "\n"
    if cls:  # md_in_html: a wrapper that styles can address
        text = f'<div class="{cls}" markdown>\n\n{text}\n</div>\n'
    return text


def bullets(items: Iterable[str]) -> str:
    return "".join(f"- {item}\n" for item in items)


def numbered(items: Iterable[str]) -> str:
    return "".join(f"{i}. {item}\n" for i, item in enumerate(items, 1))


def doc_no(code: str) -> str:
    """A document number (``LNXC-KF-QP-01``) that never breaks across lines on screen."""
    return f'<span class="doc-no">{attr(code)}</span>'
