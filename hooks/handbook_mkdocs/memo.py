"""The pieces every cache of the rebuild shares: entries kept while builds use them, and keys
that are the same in every process (digests of stable representations, never time stamps)."""

from __future__ import annotations

import hashlib
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Generations(Generic[V]):
    """A dict whose entries live as long as each build uses them."""

    def __init__(self) -> None:
        self._entries: dict[str, V] = {}
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> V | None:
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used.add(key)
        return value

    def put(self, key: str, value: V) -> None:
        self._entries[key] = value
        self._used.add(key)

    def drop(self, key: str) -> None:
        """Forget an entry found stale after ``get`` counted it as a hit: count it as a miss."""
        self._entries.pop(key, None)
        self._used.discard(key)
        self.hits -= 1
        self.misses += 1

    def seed(self, entries: dict[str, V]) -> None:
        """Entries read from disk: available to this build, dropped after it unless used."""
        for key, value in entries.items():
            self._entries.setdefault(key, value)

    def used(self) -> dict[str, V]:
        return {k: v for k, v in self._entries.items() if k in self._used}

    def end_build(self) -> None:
        """Forget what this build did not use (pages removed or changed since)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


def stable_repr(value: Any) -> str:
    """A representation of configuration values that is the same in every process and build.

    Functions and classes are named by module and qualified name; objects whose ``repr`` is
    only an address are named by their type (their settings cannot be seen, so a change to them
    needs a restart of ``mkdocs serve``).
    """
    if isinstance(value, dict):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [stable_repr(v) for v in value]
        if isinstance(value, (set, frozenset)):
            parts.sort()
        return "[" + ",".join(parts) + "]"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
    shown = repr(value)
    if " at 0x" in shown:
        return f"<{type(value).__module__}.{type(value).__qualname__}>"
    return shown


def seen_whole(value: Any) -> bool:
    """Whether ``stable_repr`` shows all of ``value`` (plain data), not just its type."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(seen_whole(v) for v in value)
    if isinstance(value, dict):
        return all(seen_whole(k) and seen_whole(v) for k, v in value.items())
    return False


def digest(*parts: str) -> str:
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        sha.update(len(data).to_bytes(8, "little"))
        sha.update(data)
    return sha.hexdigest()


def file_digest(path: str) -> str:
    """The digest of a file's bytes, or ``-`` when it cannot be read (gone, a folder)."""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return "-"
