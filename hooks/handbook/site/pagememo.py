"""The Markdown of pages rendered in an earlier build of this process, reused when nothing it is made from changed.

While a revision is being prepared, the handbook has several editions (the one in force, one for
each later day): under ``mkdocs serve`` a save changes the working text, which is the last edition,
and most pages — those of the edition in force and of the days before the edited revision — are
what they were. A page's Markdown is a function of

- the edition it shows (its :mod:`~handbook.manual.fingerprint`: the bytes read, the day, the
  estate), and what else its page list was made from (the site's options, the sign-off data);
- the page's own description (every field of its :class:`PageSpec` but the function that renders);
- how its links are written (the linker, a dataclass), the day its links read pending texts from,
  and its version banner (a function and its arguments).

All of these go into the key; when any cannot be had (an edition without a fingerprint, a value
that cannot be pickled), the page is rendered and nothing is kept. The memo holds the most recent
pages up to :data:`LIMIT` characters. ``tests/site/test_page_memo.py`` builds after edits with
the memo and from scratch and compares every page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from typing import Any

from handbook.data.memo import Recent
from handbook.manual import fingerprint
from handbook.render.spec import PageSpec

#: Characters of Markdown kept (two builds of the real handbook with its pending editions).
LIMIT = 80_000_000


def spec_key(spec: PageSpec) -> tuple[Any, ...]:
    """Every field of the page's description but the function that renders it (a field added to
    :class:`PageSpec` is in the key the day it is added)."""
    return tuple((f.name, getattr(spec, f.name)) for f in dataclasses.fields(spec) if f.name != "render")


def _plain(value: Any) -> Any:
    """``value`` as something :func:`fingerprint.digest` can take: a page description by its
    fields, a function with bound arguments by its name and arguments."""
    if isinstance(value, PageSpec):
        return ("spec", spec_key(value))
    if isinstance(value, partial):
        return ("call", value.func.__module__, value.func.__qualname__, tuple(_plain(a) for a in value.args),
                tuple(sorted((k, _plain(v)) for k, v in value.keywords.items())))
    if callable(value) and not isinstance(value, type) and not dataclasses.is_dataclass(value):
        raise TypeError("a function without its arguments cannot be keyed")
    return value


class PageMemo:
    def __init__(self, limit: int = LIMIT) -> None:
        self._kept: Recent[str, str] = Recent(limit, weigh=len)
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self._kept = Recent(self._kept.limit, weigh=len)
        self.hits = self.misses = 0

    def source(self, edition: Any, *made_with: Any) -> str | None:
        """The key of a list of pages: the edition's fingerprint and what else the list was made
        from; None (remember nothing) when the edition has no fingerprint."""
        found = fingerprint.of(edition)
        return None if found is None else fingerprint.digest(found, *made_with)

    def markdown(self, source: str | None, spec: PageSpec, make: Callable[[], str], *how: Any) -> str:
        """The page ``spec`` of the list ``source``, rendered by ``make``; ``how``: the linker, the
        banner and whatever else ``make`` uses besides the spec."""
        key = None
        if source is not None:
            try:
                key = fingerprint.digest(source, spec_key(spec), tuple(_plain(h) for h in how))
            except TypeError:
                key = None
        if key is not None:
            found = self._kept.get(key)
            if found is not None:
                self.hits += 1
                return found
        self.misses += 1
        text = make()
        if key is not None:
            self._kept.put(key, text)
        return text


#: The memo of this process (``mkdocs serve`` builds again and again in one).
PAGES = PageMemo()
