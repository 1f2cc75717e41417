"""Remembered results of pure functions of the data models, for rendering.

Rendering asks the same questions thousands of times (the edges of a procedure's flow, a role's
part in it, the steps it owns). The models are frozen, so the same objects give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ByIdentity:
    """Results keyed by some objects' identity and some plain values.

    Each entry keeps its objects alive, so no other object can take their ids while it exists;
    beyond ``limit`` entries the oldest go first.
    """

    def __init__(self, limit: int) -> None:
        self._entries: dict[tuple[Any, ...], tuple[tuple[object, ...], Any]] = {}
        self._limit = limit

    def get(self, objects: tuple[object, ...], values: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        key = (tuple(id(o) for o in objects), values)
        known = self._entries.get(key)
        if known is not None:
            return known[1]  # type: ignore[no-any-return]
        result = compute()
        self._entries[key] = (objects, result)
        if len(self._entries) > self._limit:
            del self._entries[next(iter(self._entries))]
        return result

    def __len__(self) -> int:
        return len(self._entries)
