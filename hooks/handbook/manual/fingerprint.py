"""What a :class:`Manual` was made from, as a digest: two manuals with the same digest render the same.

A manual made by ``check`` is a function of the bytes of the files it read, the day it was checked
on and the estate chosen; :func:`register` records that digest for the object (``check`` does it
for every manual it returns). A manual made from another by :func:`replaced` gets the digest of
the other and of the changes. Any other manual — one made with ``dataclasses.replace``, or by
hand in a test — has none, and whoever remembers work by digest (the page memo of
:mod:`handbook.site.build`) must then do the work again: forgetting to register can only cost
time, never give a page of other data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from handbook.manual.manual import Manual

#: Manuals with a digest, by identity. Each entry keeps its manual alive, so no other object can
#: take its id while the entry exists; beyond the bound, those asked for least recently go first
#: (a build makes a few; an edition taken from history is made once and asked for in every build).
_KNOWN: dict[int, tuple[Manual, str]] = {}
LIMIT = 64


def digest(*parts: object) -> str | None:
    """A digest of plain values (strings, numbers, dates, tuples, lists, dicts, dataclasses and
    models of them); None when a part cannot be pickled (then nothing may be remembered by it)."""
    try:
        raw = pickle.dumps(parts, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(raw).hexdigest()


def of_reads(reads: Iterable[tuple[Path, bytes]], root: Path, today: date, estate: str | None) -> str:
    """The digest of a check: the files read (by their place under ``root`` and the SHA-256 of the
    very bytes read), the day and the estate."""
    h = hashlib.sha256(f"{today.isoformat()}\0{estate}\0".encode("utf-8", "surrogateescape"))
    for rel, sha in sorted((_relative(path, root), sha) for path, sha in reads):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + sha + b"\0")
    return h.hexdigest()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def register(manual: Manual, value: str) -> None:
    _KNOWN.pop(id(manual), None)
    _KNOWN[id(manual)] = (manual, value)
    while len(_KNOWN) > LIMIT:
        del _KNOWN[next(iter(_KNOWN))]


def of(manual: Manual | None) -> str | None:
    """The manual's digest, or None when it has none (or is None)."""
    if manual is None:
        return None
    known = _KNOWN.get(id(manual))
    if known is None or known[0] is not manual:
        return None
    _KNOWN[id(manual)] = _KNOWN.pop(id(manual))  # the most recently asked for go last
    return known[1]


def replaced(manual: Manual, **changes: Any) -> Manual:
    """``dataclasses.replace(manual, **changes)``, with a digest when ``manual`` has one and the
    changes can be digested."""
    new = dataclasses.replace(manual, **changes)
    base = of(manual)
    if base is not None:
        value = digest(base, sorted(changes.items()))
        if value is not None:
            register(new, value)
    return new
