"""The Markdown of pages rendered by an earlier build of this process, reused while what each read is unchanged.

Under ``mkdocs serve`` a save changes one file, and most pages do not show what changed. A page's
Markdown is a function of

- what its renderer read of the manual and of the site's options: noted while it renders
  (:mod:`handbook.data.reads`) — each attribute of the manual and each option, each entry of the
  manual's dict fields (a procedure, a form, a role …), the keys of a field when it went through
  them, what the remembered computations it used read, and the results of the derived values it
  used (:class:`handbook.data.memo.Derived`: a role's training path and questions, compared by
  their digest, so an edit elsewhere that leaves them the same leaves the page);
- the values its render function holds besides the manual and the options (a procedure's id, a
  sign-off's revision and day; a data model held there counts by its content), the page's own
  description (every field of its :class:`PageSpec` but its render function), how its links are
  written (the linker), the day its links read pending texts from, and its version banner (a
  function and its arguments).

The second go into the key; for the first, the memo keeps each part's digest as it was, and reuses
the page only when every part read is, in the manual and options being built, what it was. A page
that read another manual (or other options) than its own is not kept; a value the key cannot hold
(a function with state) leaves the page rendered every time. Where the data folder lies is not a
part: pages name data files relative to it (an edition is made in a temporary folder of its own).

``tests/mkdocs/test_rebuild.py`` builds under serve after edits with and without history and
compares every file with a build from scratch; ``tests/site/test_page_memo.py`` changes, for every
page, everything it did not read, and finds the page the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FunctionType
from typing import Any

from pydantic import BaseModel

from handbook.data.memo import DERIVED, REGISTRY, ByIdentity, Recent
from handbook.data.reads import ALL, KEYS, Read, TrackedDict, reading
from handbook.manual import fingerprint
from handbook.manual.manual import Manual
from handbook.render.spec import PageSpec, SiteOptions

#: Characters of Markdown kept (two builds of the real handbook with its pending editions).
LIMIT = 80_000_000
#: Renderings kept for one key (one for each edition that has the page differently).
PER_KEY = 6
#: A rendering: the parts of the manual it read, their digests then, and its Markdown.
Entry = tuple[tuple[Read, ...], tuple[str, ...], str]
#: The key's stand-ins for the manual and the options a page's render function holds (what it reads
#: of them is noted instead); OPTIONS also marks a read of an option: (OPTIONS, name).
_MANUAL, OPTIONS = "\0manual", "\0options"


class Unkeyable(TypeError):
    """A value a page's key cannot hold (another manual held by the render function, a callable
    object with state): the page is rendered every time."""


def digest(*parts: object) -> str:
    found = fingerprint.digest(*parts)
    if found is None:
        raise Unkeyable("a part cannot be pickled")
    return found


def spec_key(spec: PageSpec) -> tuple[Any, ...]:
    """Every field of the page's description but the function that renders it (a field added to
    :class:`PageSpec` is in the key the day it is added)."""
    return tuple((f.name, getattr(spec, f.name)) for f in dataclasses.fields(spec) if f.name != "render")


def held(value: Any, manual: Manual, options: SiteOptions | None) -> Any:
    """``value`` (what a render function holds, or a banner's argument) as plain data for a key."""
    if value is manual:
        return _MANUAL
    if options is not None and value is options:
        return OPTIONS
    if isinstance(value, Manual):
        raise Unkeyable("holds another manual")
    if isinstance(value, BaseModel):  # held, not read through the manual: by its content
        return ("model", _model_digest(value))
    if isinstance(value, PageSpec):
        return ("spec", spec_key(value))
    if isinstance(value, partial):
        return ("call", held(value.func, manual, options), tuple(held(a, manual, options) for a in value.args),
                tuple(sorted((k, held(v, manual, options)) for k, v in value.keywords.items())))
    if isinstance(value, FunctionType):
        cells = tuple(held(c.cell_contents, manual, options) for c in value.__closure__ or ())
        defaults = tuple(held(d, manual, options) for d in value.__defaults__ or ())
        kw = tuple(sorted((k, held(v, manual, options)) for k, v in (value.__kwdefaults__ or {}).items()))
        return ("function", value.__module__, value.__qualname__, value.__code__.co_firstlineno, cells, defaults, kw)
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(held(v, manual, options) for v in value))
    if callable(value) and not isinstance(value, type):
        raise Unkeyable(f"holds a callable {type(value).__name__}")
    return value


def _field(manual: Manual, name: str) -> Any:
    return object.__getattribute__(manual, name)


def _value_digest(field: str, value: Any, manual: Manual) -> str:
    if field == "data_dir":
        return ""  # never shown: pages name data files relative to it
    if field == "sources" and isinstance(value, Path):
        return digest(value.relative_to(_field(manual, "data_dir")).as_posix()
                      if value.is_relative_to(_field(manual, "data_dir")) else value.as_posix())
    if isinstance(value, BaseModel):
        return _model_digest(value)
    if field == "sources" and isinstance(value, dict):
        return digest(sorted((k, _value_digest("sources", v, manual)) for k, v in dict.items(value)))
    return digest(value)


#: Digests of data models by identity (a model is frozen: the same object, the same digest).
_MODELS = ByIdentity(limit=50_000)


def _model_digest(model: BaseModel) -> str:
    return _MODELS.get((model,), (), lambda: digest(model))


def version(manual: Manual, read: Read) -> str:
    """The digest of what ``read`` reads in ``manual`` (without noting it)."""
    name = read[0]
    if name == DERIVED:  # a derived value, by its result
        return digest(REGISTRY[read[1]].value(manual, *read[2:]))
    value = _field(manual, name)
    if len(read) == 1:
        if isinstance(value, TrackedDict) or not isinstance(value, dict):
            return _value_digest(name, value, manual)
        return digest(sorted((k, _value_digest(name, v, manual)) for k, v in dict.items(value)))
    key = read[1]
    if not isinstance(value, dict):
        return digest("not a dict", type(value).__name__)
    if key == KEYS:
        return digest(list(dict.keys(value)))
    if key == ALL:
        return digest([(k, _value_digest(name, v, manual)) for k, v in dict.items(value)])
    return _value_digest(name, dict.get(value, key), manual) if dict.__contains__(value, key) else "absent"


class PageMemo:
    def __init__(self, limit: int = LIMIT) -> None:
        # by key, the latest renderings (a page of the same address and links can differ from one
        # edition to the next: each edition's is kept)
        self._kept: Recent[str, list[Entry]] = Recent(limit, weigh=lambda es: sum(len(e[2]) for e in es))
        self._versions = ByIdentity(limit=8)  # the parts read of the latest manuals and options, as digests
        self.hits = 0
        self.misses = 0

    def _current(self, manual: Manual, options: SiteOptions | None, read: Read) -> str:
        """The digest of what ``read`` reads now (each computed once per manual, or options)."""
        option = read[0] == OPTIONS
        parts: dict[Read, str] = self._versions.get((options if option else manual,), (), dict)
        found = parts.get(read)
        if found is None:
            if option:
                found = digest(object.__getattribute__(options, read[1])) if options is not None else "none"
            else:
                found = version(manual, read)
            parts[read] = found
        return found

    def markdown(self, manual: Manual, options: SiteOptions | None, spec: PageSpec, make: Callable[[], str],
                 *how: Any) -> str:
        """The page ``spec`` of ``manual``, rendered by ``make``; ``how``: what ``make`` uses
        besides the spec's render function (the linker, the banner, the day links read from)."""
        try:
            known = digest(held(spec.render, manual, options), spec_key(spec),
                           tuple(held(h, manual, options) for h in how))
            key: str | None = known
            for read, versions, kept in self._kept.get(known) or []:
                if all(self._current(manual, options, r) == v for r, v in zip(read, versions)):
                    self.hits += 1
                    return kept
        except Unkeyable:
            key = None
        self.misses += 1
        with reading() as reads:
            text = make()
        parts = self._parts(manual, options, reads.pairs())
        if key is not None and parts is not None:
            try:
                entry = (parts, tuple(self._current(manual, options, r) for r in parts), text)
            except Unkeyable:
                return text
            self._kept.put(key, [entry, *(self._kept.get(key) or [])][:PER_KEY])
        return text

    @staticmethod
    def _parts(manual: Manual, options: SiteOptions | None, pairs: list[tuple[object, Read]]) -> tuple[Read, ...] | None:
        """What the page read of ``manual`` and of the site's ``options`` (those as ``(OPTIONS,
        name)``); None when it read another manual's data or other options."""
        out = []
        for owner, read in pairs:
            if owner is manual or (isinstance(owner, TrackedDict) and _field(manual, owner.field) is owner):
                out.append(read)
            elif options is not None and owner is options:
                out.append((OPTIONS, *read))
            else:
                return None
        return tuple(out)


#: The memo of this process (``mkdocs serve`` builds again and again in one).
PAGES = PageMemo()
