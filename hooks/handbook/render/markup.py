"""Turning data text into safe Markdown, and small Markdown building blocks.

Text from YAML may use one inline Markdown feature, ``**bold**``. Everything else is shown
exactly as written: HTML is escaped (a title ``<script>`` shows as text), and characters that
Markdown or its extensions would read as syntax are written as character references, so a
``|`` cannot break a table and a leading ``1.`` cannot start a list.

Safe Markdown has its own type, :class:`Md` (a :class:`markupsafe.Markup`): :func:`inline` returns
it, and so do the building blocks below. They take ``Md`` for anything that is markup and treat
every plain ``str`` as data, escaping it — so a title that reaches :func:`table` or :func:`bullets`
without :func:`inline` is shown as text, never read as HTML or Markdown. Joining and formatting
keep the guarantee: ``Md("{}（{}）").format(title, code)`` and ``Md("<br>").join(parts)``
escape the plain strings among their arguments, while an f-string gives back a plain ``str``.
The HTML fragments are Jinja2 templates (:mod:`handbook.render.templating`), autoescaped the same
way: a ``Markup`` goes in as it is, a ``str`` is escaped.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, SupportsIndex

from markupsafe import Markup

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


_QUOTES = str.maketrans({'"': "&#34;", "'": "&#39;"})


@functools.lru_cache(maxsize=16384)  # table headers, codes and ids recur on every page
def escape_text(text: str) -> str:
    """Text shown exactly as written, safe as Markdown, as HTML element content and as a quoted
    HTML attribute value: one line (line breaks become ``<br>``), no bold, nothing trimmed."""
    lines = _escape(text).translate(_QUOTES).split("\n")
    return "<br>".join(_block_safe(line) for line in lines)


class Md(Markup):
    """Markdown (with the raw HTML it may carry) that is safe to put into a page as it is.

    A ``str`` combined with an ``Md`` by ``+``, ``join``, ``format`` or ``%`` is escaped as
    Markdown text (not merely as HTML), so it can neither open a tag nor a link or an image.
    ``Md(...)`` itself trusts its argument: call it on literals of the code, never on data.
    """

    __slots__ = ()

    def __new__(cls, base: Any = "", encoding: str | None = None, errors: str = "strict") -> "Md":
        # Markup.__new__ without its decoding branch: pages make tens of thousands of these.
        if encoding is not None:
            return super().__new__(cls, base, encoding, errors)
        if type(base) is not str and hasattr(base, "__html__"):
            base = base.__html__()
        return str.__new__(cls, base)

    @classmethod
    def escape(cls, s: Any) -> "Md":
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(escape_text(str(s)))

    def format(self, *args: Any, **kwargs: Any) -> "Md":
        """Like :meth:`str.format`, with every argument escaped first (a format spec therefore
        applies to the escaped text: write ``{}`` and format numbers before)."""
        escape = self.escape
        return Md(str.format(self, *map(escape, args), **{k: escape(v) for k, v in kwargs.items()}))

    def __mul__(self, value: SupportsIndex, /) -> "Md":
        return self.__class__(str.__mul__(self, value))


def md(value: "str | Md") -> Md:
    """``value`` as Markdown: ``Md`` as it is, any other text escaped (see :class:`Md`)."""
    return Md.escape(value)


def inline(text: str, lookup: Lookup | None = None) -> Md:
    """Data text as one line of safe Markdown (line breaks become ``<br>``)."""
    if lookup is not None:
        from handbook.data.placeholders import expand

        text = expand(text, lookup)
    return _inline(text)


@functools.lru_cache(maxsize=16384)  # the same titles and labels recur on many pages
def _inline(text: str) -> Md:
    text = text.strip()
    parts: list[str] = []
    last = 0
    for match in _BOLD.finditer(text):
        parts.append(_escape(text[last:match.start()]))
        parts.append(f"<strong>{_escape(match.group(1))}</strong>")
        last = match.end()
    parts.append(_escape(text[last:]))
    lines = "".join(parts).split("\n")
    return Md("<br>".join(_block_safe(line) for line in lines))


def theme_text(text: str) -> str:
    """Data text for a place where the theme inserts it unescaped (a page title in ``<title>``, the
    navigation and the search results; a navigation entry): HTML-escaped. The theme does not read
    Markdown there, so this is all it needs."""
    return html.escape(text, quote=False)


def front_matter(title: str, *, searchable: bool = True) -> Md:
    """YAML front matter giving the page its title (see :func:`theme_text`). A page that is not
    ``searchable`` is left out of the search index (Material's ``search.exclude``)."""
    out = "---\ntitle: " + json.dumps(theme_text(title), ensure_ascii=False) + "\n"
    if not searchable:
        out += "search:\n  exclude: true\n"
    return Md(out + "---\n\n")


def heading(title: str, *, searchable: bool = True) -> Md:
    """The start of a page: front matter with its title, then the H1."""
    return front_matter(title, searchable=searchable) + Md("# {}\n").format(inline(title))


def _safe(value: "str | Md") -> str:
    """``value`` as safe Markdown text: markup as it is, any other text escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape_text(value)


def table(headers: Sequence[str | Md], rows: Iterable[Sequence[str | Md]], cls: str | None = None) -> Md:
    """A Markdown table; a cell that is not :class:`Md` is escaped as text."""
    lines = ["| " + " | ".join(map(_safe, headers)) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_safe(cell) if cell else " " for cell in row) + " |")
    text = Md("\n".join(lines) + "\n")
    if cls:  # md_in_html: a wrapper that styles can address
        text = Md('<div class="{}" markdown>\n\n{}\n</div>\n').format(cls, text)
    return text


def bullets(items: Iterable[str | Md]) -> Md:
    return Md("".join(f"- {_safe(item)}\n" for item in items))


def numbered(items: Iterable[str | Md]) -> Md:
    return Md("".join(f"{i}. {_safe(item)}\n" for i, item in enumerate(items, 1)))


#: What a string inside JSON in a page may not hold as it is: ``<`` (it could close the element
#: or open a comment), ``>`` and ``&``, what Markdown or its extensions read as syntax (should a
#: generator ever read the block as Markdown), and the two line separators JavaScript source once
#: refused. Each is written as ``\\uXXXX``, which ``JSON.parse`` reads back as the same character.
_JSON_SPECIAL = frozenset("<>&`*_[]{}|\u2028\u2029")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in _JSON_SPECIAL}


def _json_string(match: re.Match[str]) -> str:
    return match.group(0).translate(_JSON_ESCAPES)


def json_data(value: Any) -> Md:
    """``value`` as JSON safe inside ``<script type="application/json">`` in a Markdown page: no
    data text can end the element, open a comment, or become markup or a link, whatever it holds.
    Read it with ``JSON.parse`` and show it with ``textContent``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Md(_JSON_STRING.sub(_json_string, text))


def doc_no(code: str) -> Md:
    """A document number (``LNXC-KF-QP-01``) that never breaks across lines on screen."""
    return Md('<span class="doc-no">{}</span>').format(code)
