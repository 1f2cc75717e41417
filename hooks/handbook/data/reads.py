"""What a computation read of the handbook's data: recorded as it reads, so that its result can be
reused exactly while those parts are unchanged.

A :class:`Reads` is opened around a computation (:func:`reading`); every read of a recorded
container while it is open is noted in it, and in every other one open around it. A read is where
it was made — the manual (whose ``__getattribute__`` notes its attributes) or one of its
:class:`TrackedDict` fields (shared by the manuals made from it with ``dataclasses.replace``) —
and what was read: an attribute, or one entry, the keys, or every entry of a field. Whoever keeps a result by what it read (:mod:`handbook.site.pagememo`)
compares, before reusing it, each of those parts as the data is now with what it was.

Results remembered by other means while a computation reads (:class:`handbook.data.memo.ByIdentity`)
keep the reads of their first computation and note them again whenever they are reused, so a
remembered answer cannot hide what it was computed from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

#: What is read: (field,) an attribute, (field, key) one entry, (field, KEYS) the keys in order,
#: (field, ALL) every entry.
Read = tuple[Any, ...]
KEYS = "\0keys"
ALL = "\0all"


class Reads:
    """The reads of one computation: (owner, read) pairs, in the order first made."""

    def __init__(self) -> None:
        self.seen: dict[tuple[int, Read], tuple[object, Read]] = {}

    def note(self, owner: object, read: Read) -> None:
        self.seen.setdefault((id(owner), read), (owner, read))

    def pairs(self) -> list[tuple[object, Read]]:
        return list(self.seen.values())


#: The :class:`Reads` open (the manual asks it on every attribute read: kept to one lookup).
OPEN: ContextVar[tuple[Reads, ...]] = ContextVar("handbook_reads_open", default=())


def note(owner: object, read: Read) -> None:
    """Note a read in every :class:`Reads` open (nothing when none is)."""
    for reads in OPEN.get():
        reads.note(owner, read)


@contextmanager
def reading() -> Iterator[Reads]:
    """Within the block, what is read is noted in the :class:`Reads` given (and in those open
    around it)."""
    reads = Reads()
    token = OPEN.set((*OPEN.get(), reads))
    try:
        yield reads
    finally:
        OPEN.reset(token)


class TrackedDict(dict):  # type: ignore[type-arg]
    """A dict field of the manual that notes, in the :class:`Reads` open, which entries are read.

    Reads of one entry (``d[k]``, ``d.get(k)``, ``k in d``) note that entry; iterating, ``len``
    and ``keys()`` note the keys in order; ``values()`` and ``items()`` note every entry. Copies
    (``dict(d)``, ``{**d}``, ``d.copy()``) go through ``keys()`` and ``d[k]`` (Python does so for a
    dict subclass that defines its own ``__iter__``) and are noted too.
    """

    __slots__ = ("field",)

    def __init__(self, field: str, *args: Any) -> None:
        super().__init__(*args)
        self.field = field

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (and digested) as the plain dict it is
        return (dict, (dict(super().items()),))

    def _read(self, what: Any) -> None:
        if OPEN.get():
            note(self, (self.field, what))

    def __getitem__(self, key: Any) -> Any:
        self._read(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._read(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._read(KEYS)
        return super().__iter__()

    def __len__(self) -> int:
        self._read(KEYS)
        return super().__len__()

    def keys(self) -> Any:
        self._read(KEYS)
        return super().keys()

    def values(self) -> Any:
        self._read(ALL)
        return super().values()

    def items(self) -> Any:
        self._read(ALL)
        return super().items()


class Noted:
    """A base for the objects whose attribute reads are noted (the manual, the site's options):
    while a :func:`reading` block is open, every attribute read that is not a method is noted,
    but a :class:`TrackedDict`, which notes its own entries."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if OPEN.get() and name[:2] != "__" and not isinstance(value, TrackedDict) and not callable(value):
            note(self, (name,))
        return value
