"""Walking the plain data of a YAML document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def strings(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in ``data`` (dicts and lists nested), with the path of keys and indexes to it."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, path + (i,))
