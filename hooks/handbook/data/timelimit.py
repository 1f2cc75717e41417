"""Time limits: one syntax in the data, one wording on the page.

The data writes ``30min``, ``2h``, ``1d``, ``3wd`` (working days), ``same-day`` or ``immediate``.
Anything else is refused with a message that shows the accepted forms, so ``3天`` or ``2 hours``
never slips through as free text.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass

from handbook.data.problems import shown

UNITS: dict[str, tuple[str, int]] = {
    # unit: (Chinese wording, minutes per unit; a working day counts as a calendar day for ordering)
    "min": ("分钟", 1),
    "h": ("小时", 60),
    "d": ("天", 24 * 60),
    "wd": ("个工作日", 24 * 60),
}
KEYWORDS: dict[str, tuple[str, int]] = {
    "immediate": ("立即", 0),
    "same-day": ("当日", 12 * 60),
}
_PATTERN = re.compile(r"([1-9][0-9]{0,3})(min|h|d|wd)")  # matched whole (fullmatch)

SYNTAX_HINT = "写成 30min、2h、1d、3wd（工作日），或 immediate（立即）、same-day（当日）"


@dataclass(frozen=True, order=True)
class TimeLimit:
    """A parsed time limit; ``minutes`` orders limits, ``source`` is what the data said."""

    minutes: int
    source: str

    @property
    def label(self) -> str:
        """The wording used on pages and printouts, e.g. ``30 分钟内``."""
        if self.source in KEYWORDS:
            return KEYWORDS[self.source][0]
        match = _PATTERN.fullmatch(self.source)
        assert match is not None  # guaranteed by parse_time_limit
        number, unit = match.groups()
        return f"{number} {UNITS[unit][0]}内"


@functools.lru_cache(maxsize=4096)  # the same few limits are looked up for every step
def parse_time_limit(text: str) -> TimeLimit:
    """Parse the data's syntax; raise ``ValueError`` with a message for the editor otherwise."""
    if text in KEYWORDS:
        return TimeLimit(KEYWORDS[text][1], text)
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise ValueError(f"时限 '{shown(text)}' 无法识别：{SYNTAX_HINT}")
    number, unit = match.groups()
    return TimeLimit(int(number) * UNITS[unit][1], text)
