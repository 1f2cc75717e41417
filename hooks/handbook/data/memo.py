"""Remembered results of pure functions of the data models, for rendering.

Rendering asks the same questions thousands of times (the edges of a procedure's flow, a role's
part in it, the steps it owns). The models are frozen, so the same objects give the same answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from handbook.data.reads import Read, note, reading

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByIdentity:
    """Results keyed by some objects' identity and some plain values.

    Each entry keeps its objects alive, so no other object can take their ids while it exists;
    beyond ``limit`` entries the oldest go first.
    """

    def __init__(self, limit: int) -> None:
        self._entries: dict[tuple[Any, ...], tuple[tuple[object, ...], Any, list[tuple[object, Read]]]] = {}
        self._limit = limit

    def get(self, objects: tuple[object, ...], values: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """The result for these objects and values; what its computation read of the data
        (:mod:`handbook.data.reads`) is noted again each time it is given."""
        key = (tuple(id(o) for o in objects), values)
        known = self._entries.get(key)
        if known is not None:
            for owner, read in known[2]:
                note(owner, read)
            return known[1]  # type: ignore[no-any-return]
        with reading() as reads:
            result = compute()
        self._entries[key] = (objects, result, reads.pairs())
        if len(self._entries) > self._limit:
            del self._entries[next(iter(self._entries))]
        return result

    def __len__(self) -> int:
        return len(self._entries)


class Recent(Generic[K, V]):
    """Values kept by key for the process, the least recently used dropped first once their
    weight (``weigh``, 1 each unless given: a count) passes ``limit``; the newest is always kept.
    For values that depend only on their key (a blob by its id, a parse by the file's digest)."""

    def __init__(self, limit: int, weigh: Callable[[V], int] = lambda value: 1) -> None:
        self.limit = limit
        self.weigh = weigh
        self.kept: OrderedDict[K, V] = OrderedDict()
        self.size = 0

    def get(self, key: K) -> V | None:
        value = self.kept.get(key)
        if value is not None:
            self.kept.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        old = self.kept.pop(key, None)
        if old is not None:
            self.size -= self.weigh(old)
        self.kept[key] = value
        self.size += self.weigh(value)
        while self.size > self.limit and len(self.kept) > 1:
            self.size -= self.weigh(self.kept.popitem(last=False)[1])
