"""Placeholders in text: ``{{estate.hotline}}``, ``{{commitment.complaint-reply}}`` and
``{{law.civil-code:944}}``.

Facts that belong to the estate, time limits the center promises and the laws relied on are
written once; the procedures refer to them. What each placeholder stands for is a table of data
(``data.rules.placeholder_table``); the checker reports those it lacks, the renderer expands them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\.([A-Za-z0-9_-]+(?::[0-9]+(?:-[0-9]+)?)?)\s*\}\}")
STRAY = re.compile(r"\{\{|\}\}")


def find(text: str) -> list[tuple[str, str, str]]:
    """(namespace, name, whole match) of every placeholder in ``text``."""
    return [(m.group(1), m.group(2), m.group(0)) for m in PLACEHOLDER.finditer(text)]


def has_stray_braces(text: str) -> bool:
    """True when ``{{`` or ``}}`` remains after removing well-formed placeholders."""
    return bool(STRAY.search(PLACEHOLDER.sub("", text)))


def expand(text: str, lookup: Callable[[str, str], str | None]) -> str:
    """Replace placeholders by ``lookup(namespace, name)``; unknown ones are left as written."""

    def replace(match: re.Match[str]) -> str:
        value = lookup(match.group(1), match.group(2))
        return match.group(0) if value is None else value

    return PLACEHOLDER.sub(replace, text)
