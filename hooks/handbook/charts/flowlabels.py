"""Branch labels of decisions: next to the exit they belong to, clear of everything else.

A label first goes beside its exit: above the connector for a side exit (on the side away from
the diamond), to the right of it below a bottom exit, and for the fourth and later branches of a
decision (which share the bottom exit) below the bus where the branch turns off. If that spot
covers a shape, a connector or another label, the label slides a little along its connector,
away from the diamond, to the first free spot; failing that it stays put and its halo (a patch of
paper under the text, the size of the label: see ``flowchart.branch_label``) keeps it legible over
the line beneath.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from handbook.charts.flowroute import BOTTOM, RIGHT
from handbook.charts.textwidth import text_width, wrap

LABEL_FONT, LABEL_LINE, LABEL_MAX = 11.0, 13.0, 84.0
LABEL_SLIDE = 48.0  # how far a label may slide along its connector
Rect = tuple[float, float, float, float]  # x, y, width, height


@dataclass(frozen=True)
class BranchLabel:
    """A branch label's lines and the rectangle they occupy."""

    lines: tuple[str, ...]
    x: float
    y: float
    w: float
    h: float


def label_lines(text: str, width: float = LABEL_MAX) -> tuple[str, ...]:
    """A branch label wrapped to at most ``width`` wide (``LABEL_MAX`` or less)."""
    return tuple(wrap(text, width, LABEL_FONT)) or ("",)


def initial_label(
    text: str, exit: str, shared_exit: bool, points: tuple[tuple[float, float], ...], width: float = LABEL_MAX
) -> tuple[BranchLabel, int]:
    """Where a label (wrapped to ``width``) goes first, and which way it may slide (+1 right, -1 left)."""
    lines = label_lines(text, width)
    w = float(2 * math.ceil(max(text_width(line, LABEL_FONT) for line in lines) / 2))
    h = len(lines) * LABEL_LINE
    x0, y0 = points[0]
    if shared_exit:  # below the bus, just before the point where the branch turns off it
        turn_x, bus_y = points[2]
        if turn_x > x0:
            return BranchLabel(lines, turn_x - 4 - w, bus_y + 1, w, h), -1
        return BranchLabel(lines, turn_x + 4, bus_y + 1, w, h), 1
    if exit == BOTTOM:
        return BranchLabel(lines, x0 + 5, y0 + 1, w, h), 1
    if exit == RIGHT:
        return BranchLabel(lines, x0 + 5, y0 - 2 - h, w, h), 1
    return BranchLabel(lines, x0 - 5 - w, y0 - 2 - h, w, h), -1


def settle_label(label: BranchLabel, step: int, obstacles: list[Rect], width: float) -> BranchLabel:
    """Slide ``label`` in direction ``step`` until it covers none of ``obstacles`` (a little only)."""
    x = min(max(label.x, 2.0), width - 2 - label.w)
    start = x
    while abs(x - start) <= LABEL_SLIDE and 2 <= x <= width - 2 - label.w:
        hits = [o for o in obstacles if _hit((x, label.y, label.w, label.h), o)]
        if not hits:
            return replace(label, x=x)
        x = max(o[0] + o[2] for o in hits) + 2 if step > 0 else min(o[0] for o in hits) - 2 - label.w
    return replace(label, x=start)


def clear(label: BranchLabel, obstacles: list[Rect]) -> bool:
    """True when ``label`` covers none of ``obstacles``."""
    return not any(_hit((label.x, label.y, label.w, label.h), o) for o in obstacles)


def _hit(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
