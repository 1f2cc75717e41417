"""Problems found in the data, and how they are reported.

A problem names the file, line and column, says what is wrong and, where it can, what to do.
Each carries a stable machine code (``ref.unknown-role``, ``file.refused``), printed after the
message as ruff and mypy print theirs: code that must know what a problem is asks its code, never
its wording. Checks collect problems; only the reporter decides how they are printed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_LABEL = {"error": "错误", "warning": "警告"}

#: Characters that must never reach a terminal as they are: C0 and C1 controls (ESC starts the
#: ANSI sequences that recolour or clear a terminal), DEL, and the bidirectional controls that
#: reorder what is shown. Messages show them as ``\x1b``, ``\u202e``.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: How much of a value a message quotes: enough to recognise it, never a whole file.
SHOWN_MAX = 60


def visible(text: str) -> str:
    """``text`` with every control character written as an escape, safe to print."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def one_line(value: object) -> str:
    """``value`` on one line: line breaks and tabs written as ``\\n``, ``\\r``, ``\\t``, every other
    control character escaped. Whatever a value holds, it cannot start a line of its own."""
    return visible(str(value)).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """A value as a message quotes it: on one line (see ``one_line``), cut to ``limit`` characters."""
    text = one_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: os.PathLike[str] | str) -> str:
    """The path as the user should see it: relative to the working directory (``../data/x.yaml``
    when the command runs beside the data), whether it was named absolutely or not; absolute when
    the two share nothing but the root (``/tmp/x`` seen from ``/home/me``)."""
    try:
        here = os.getcwd()
        absolute = os.path.abspath(path)
        common = os.path.commonpath([absolute, here])
    except (OSError, ValueError):  # the working folder is gone; another drive on Windows
        return str(path)
    if os.path.dirname(common) == common and common != here:
        return absolute.replace(os.sep, "/")
    return os.path.relpath(absolute, here).replace(os.sep, "/")


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path as shown to the user, relative to the working directory where possible
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    column: int  # 1-based; 0 when unknown
    message: str
    hint: str | None = field(default=None, compare=False)
    severity: Severity = field(default="error", compare=False)
    #: What kind of problem this is, for programs (``id.invalid``): stable while the wording changes.
    code: str = field(kw_only=True, compare=False)
    #: The value the problem is about, where a program may need it (the text that is not an id).
    subject: str | None = field(default=None, kw_only=True, compare=False)

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{max(self.column, 1)}"

    def format(self) -> str:
        """The problem as printed: one line, then its hint on one line. Each part is made one line
        (``one_line``), so no value quoted in a message can forge a line of the report."""
        text = f"{one_line(self.location)}: {SEVERITY_LABEL[self.severity]}: {one_line(self.message)}  [{one_line(self.code)}]"
        if self.hint:
            text += f"\n    提示：{one_line(self.hint)}"
        return text


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


def report(problems: Iterable[Problem]) -> str:
    """All problems grouped by file (files in name order, problems in line order), then a total."""
    ordered = sorted(problems)
    if not ordered:
        return "没有发现问题。"
    lines: list[str] = []
    current: str | None = None
    for problem in ordered:
        if problem.file != current:
            if current is not None:
                lines.append("")
            lines.append(f"== {one_line(problem.file)}")
            current = problem.file
        lines.append(problem.format())
    n_err, n_warn = len(errors(ordered)), len(warnings(ordered))
    files = len({p.file for p in ordered})
    lines.append("")
    lines.append(f"共 {n_err} 个错误、{n_warn} 个警告，涉及 {files} 个文件。")
    return "\n".join(lines)
