"""One YAML file's data, with the line and column of every key and value in it.

What the loader (``handbook.data.load``) returns, and what every located problem is made from:
:meth:`Document.problem` turns a path of keys and indexes (``("steps", 3, "role")``) into a
:class:`~handbook.data.problems.Problem` at that place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from handbook.data.problems import Problem, Severity

Path_ = tuple[str | int, ...]
_REACH = 200  # how many lines a text value may run over


def position(mark: yaml.Mark | None) -> tuple[int, int]:
    """The 1-based line and column of a PyYAML mark ((1, 1) without one)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


@dataclass
class Document:
    """One file's data, plus where each value (and each mapping key) was written."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: Lines inside a multi-line text value that read like ``key:`` (line, column, key, colon):
    #: usually a key indented one level too deep, swallowed by the text above it.
    keylike: dict[Path_, list[tuple[int, int, str, str]]] = field(default_factory=dict)
    #: The file's lines, to find where inside a value a word was written (``locate``).
    lines: list[str] = field(default_factory=list, repr=False)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path`` (of its key when ``key``), or of its nearest ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = False

    def locate(self, path: Path_, needle: str) -> tuple[int, int]:
        """Line and column of ``needle`` inside the value at ``path`` (a folded text runs over
        several lines); the value's own position when it is not found there as written."""
        line, column = self.where(path)
        for n in range(max(line, 1) - 1, min(len(self.lines), line + _REACH)):
            at = self.lines[n].find(needle, column - 1 if n == line - 1 else 0)
            if at >= 0:
                return n + 1, at + 1
        return line, column

    def problem(self, path: Path_, message: str, hint: str | None = None, *,
                code: str, key: bool = False, severity: Severity = "error", subject: str | None = None) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, message, hint, severity, code=code, subject=subject)

