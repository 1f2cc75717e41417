"""Remembered results of pure functions of the data models, for rendering.

Rendering asks the same questions thousands of times (the edges of a procedure's flow, a role's
part in it, the steps it owns). The models are frozen, so the same objects give the same answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from handbook.data.reads import OPEN, Read, note, reading

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


#: A read of a derived value (:class:`Derived`), noted on the manual: (DERIVED, name, *arguments).
DERIVED = "\0derived"


class Derived(Generic[T]):
    """A pure function of a manual and plain values whose result is read as one part.

    A page that uses it depends on the result, not on everything the function read: the read
    noted is ``(DERIVED, name, *arguments)`` on the manual, and whoever keeps work by what it read
    (:mod:`handbook.site.pagememo`) compares the result computed for the manual being built with
    the one it had, by digest. A role's training test reads every procedure to find its questions;
    an edit to a procedure the role has no part in leaves its questions, so its pages, the same.
    What the function reads is not noted around it (its result stands for it); :meth:`reads`
    gives it, for the tests that prove the notes complete. A list result is given as a new list
    each time (a caller may change it)."""

    def __init__(self, name: str, compute: Callable[..., T], limit: int) -> None:
        self.name = name
        self._compute = compute
        self._memo = ByIdentity(limit)
        if REGISTRY.setdefault(name, self) is not self:
            raise ValueError(f"two derived values are called {name}")

    def __call__(self, manual: object, *arguments: Hashable) -> T:
        note(manual, (DERIVED, self.name, *arguments))
        return self.value(manual, *arguments)

    def value(self, manual: object, *arguments: Hashable) -> T:
        """The result for ``manual``, without noting a read."""
        token = OPEN.set(())  # its own reads stay inside: the result stands for them
        try:
            result = self._memo.get((manual,), arguments, lambda: self._compute(manual, *arguments))
        finally:
            OPEN.reset(token)
        return list(result) if isinstance(result, list) else result  # type: ignore[return-value]

    def reads(self, manual: object, *arguments: Hashable) -> list[tuple[object, Read]]:
        """What computing the result reads (derived values it uses, as their own reads)."""
        token = OPEN.set(())
        try:
            with reading() as found:
                self._compute(manual, *arguments)
        finally:
            OPEN.reset(token)
        return found.pairs()


#: Every derived value, by name (a read names it; the page memo finds it here).
REGISTRY: dict[str, Derived[Any]] = {}


def derived(limit: int) -> Callable[[Callable[..., T]], Derived[T]]:
    """Make a function of a manual and plain values a :class:`Derived` named after it."""
    def make(compute: Callable[..., T]) -> Derived[T]:
        return Derived(f"{compute.__module__}.{compute.__qualname__}", compute, limit)
    return make


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
