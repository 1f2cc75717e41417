"""The columns of a swimlane flowchart: the order of its lanes and how wide each is drawn.

Across, a chart is a loop channel, the lanes, a loop channel. A lane is its boxes' width with a
margin on either side, wide enough for the lines that run down it there (the channels of
``flowroute``, :data:`TRACK` apart); an outer lane also keeps room for a branch label beside a side
exit, which must not stick out of the chart. ``flowlayout`` places the shapes in these columns.

**The width budget.** Charts print at a fixed scale (``flowtiles``: 0.8 pt per unit), so that a
chart up to :data:`MAX_WIDTH` units fits A4 landscape across. A chart is drawn at its natural width
when that fits: boxes 104–168 units wide (the fewer the lanes, the wider), wider in a lane whose
time-limit tags need it (a decision's tag sits inside the diamond, which holds it when about 1.6
times as wide). A chart that would be wider is fitted, in steps, each taken only when the one
before is not enough (:func:`fit`):

1. tighter gaps: a margin with no line in it is :data:`TIGHT_MARGIN` instead of :data:`MARGIN`,
   and a branch label beside a side exit of an outer lane is wrapped to four characters;
2. decisions carry their time-limit tag above the diamond, on the line into it, so that no lane
   widens for them;
3. the boxes narrow, down to :data:`MIN_BOX` and never below what a lane's tags need, where it
   costs the least height: their text wraps onto more lines, and they grow taller instead of
   wider. A lane with few shapes, or whose text wraps no worse, gives up its width first.

A chart still too wide at the narrowest stays so (the paper then shrinks it to the page).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from handbook.charts.flowlabels import LABEL_FONT, LABEL_MAX, label_lines
from handbook.charts.flowroute import LEFT, LOOP_LEFT, LOOP_RIGHT, RIGHT, Cell, Channel, Plan, Route
from handbook.charts.textwidth import text_width
from handbook.data.model import Sop

#: Margin beside a lane's boxes with no line in it (tight: when the chart must narrow), the
#: distance between lines running side by side, the room beside the outermost lanes for loops.
MARGIN, TIGHT_MARGIN, TRACK, LOOP_PAD = 16.0, 12.0, 8.0, 10.0
TARGET_WIDTH = 680.0  # lanes share this width when there are many (a page column, A4 portrait)
#: The widest chart A4 landscape takes at the paper's fixed scale (``flowtiles``: 751 pt across,
#: 0.8 pt per unit), and the narrowest boxes a chart narrows to for it.
MAX_WIDTH, MIN_BOX = 938.0, 80.0
#: How wide a branch label beside a side exit of an outer lane is wrapped when the gaps are tight
#: (four characters): the room it keeps beside the chart's lanes.
EDGE_LABEL_MAX = 48.0


def even(value: float) -> float:
    return float(2 * math.ceil(value / 2))


def reading_order(sop: Sop, lanes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The lanes as drawn: in the order given (the organization's), or mirrored when the chart
    would otherwise read from right to left, that is when it starts (in its first step's lane)
    right of where its steps lie on average. Mirrored, the order of the roles is kept, only read
    the other way: the chart then starts left of its middle and the work moves to the right."""
    index = {role: i for i, (role, _) in enumerate(lanes)}
    places = [index[step.role] for step in sop.steps if step.role in index]
    if places and places[0] * len(places) > sum(places):
        return lanes[::-1]
    return lanes


@dataclass(frozen=True)
class Widths:
    """How a chart is drawn across: each lane's box width, whether the gaps are tight, and whether
    decisions carry their time-limit tag above the diamond."""

    boxes: tuple[float, ...]
    tight: bool = False
    tags_above: bool = False

    def margin(self, tracks: int) -> float:
        """The margin beside a lane's boxes with ``tracks`` lines running down it."""
        return max(TIGHT_MARGIN if self.tight else MARGIN, 2 * TRACK + (tracks - 1) * TRACK)

    def label_max(self, route: Route, lane: int, lanes: int) -> float:
        """How wide the branch label of ``route`` (leaving a shape in ``lane``) is wrapped."""
        return EDGE_LABEL_MAX if self.tight and _outward(route, lane, lanes) else LABEL_MAX


def _outward(route: Route, lane: int, lanes: int) -> bool:
    """True when ``route`` leaves an outer lane sideways towards the chart's edge, with a label
    beside its exit (not a fork off a shared exit)."""
    edge_lane = 0 if route.exit == LEFT else lanes - 1
    return route.exit in (LEFT, RIGHT) and lane == edge_lane and not route.shared_exit


def box_widths(need: Sequence[float]) -> list[float]:
    """The natural box width of each lane: a common one for the number of lanes, widened where
    ``need`` (what the lane's time-limit tags need) is more."""
    count = len(need)
    base = min(168.0, max(104.0, even((TARGET_WIDTH - 2 * LOOP_PAD - 2 * MARGIN * count) / count - 1)))
    return [max(base, n) for n in need]


def fit(inside: Sequence[float], above: Sequence[float], columns: Callable[[Widths], Columns],
        height: Callable[[int, float], float]) -> tuple[Widths, Columns]:
    """The widths a chart is drawn at and its columns: the natural ones when they fit in
    :data:`MAX_WIDTH`, else the first step of the budget that fits (see the module's text).

    ``inside`` and ``above``: the box width each lane's time-limit tags need with decisions' tags
    inside the diamond and above it; ``columns`` places the columns for given widths; ``height``:
    the height of a lane's shapes (tags above) when its boxes are so wide."""
    natural = Widths(tuple(box_widths(inside)))
    for widths in (natural, replace(natural, tight=True), Widths(tuple(box_widths(above)), True, True)):
        cols = columns(widths)
        if cols.width <= MAX_WIDTH:
            return widths, cols
    widths = replace(widths, boxes=_narrowed(widths.boxes, above, cols.width - MAX_WIDTH, height))
    return widths, columns(widths)


def _narrowed(boxes: Sequence[float], need: Sequence[float], excess: float,
              height: Callable[[int, float], float]) -> tuple[float, ...]:
    """``boxes`` narrowed by ``excess`` in all, in steps of 2 units, each lane down to
    :data:`MIN_BOX` or what its tags ``need``: the narrowing that adds the least height to the
    lanes' shapes, and among those the most even widths (all lanes at their narrowest when even
    that is not enough)."""
    steps = math.ceil(excess / 2)
    # best[s]: (added height, sum of squared widths, widths) of the lanes so far, narrowed s steps
    best: dict[int, tuple[float, float, tuple[float, ...]]] = {0: (0.0, 0.0, ())}
    for lane, (wide, floor) in enumerate(zip(boxes, need)):
        most = int((wide - max(MIN_BOX, floor)) // 2)
        base = height(lane, wide)
        options = [(k, height(lane, wide - 2 * k) - base, (wide - 2 * k) ** 2) for k in range(max(0, most) + 1)]
        after: dict[int, tuple[float, float, tuple[float, ...]]] = {}
        for done, (added, spread, chosen) in best.items():
            for k, more, square in options:
                total = min(steps, done + k)
                candidate = (added + more, spread + square, (*chosen, wide - 2 * k))
                if total not in after or candidate[:2] < after[total][:2]:
                    after[total] = candidate
        best = after
    return best[max(best)][2]


@dataclass(frozen=True)
class Columns:
    """Horizontal positions: loop channel, lanes with their margins, loop channel."""

    lane_x: list[float]
    lane_w: list[float]
    box_x: list[float]
    lanes_left: float
    lanes_right: float
    width: float

    @classmethod
    def place(cls, routes: Sequence[Route], labels: Sequence[str | None], cells: dict[str, Cell], plan: Plan,
              widths: Widths) -> Columns:
        """The columns for ``widths``; ``labels``: each route's branch label, if any."""
        count = len(widths.boxes)
        # Branch labels beside a side exit in the first or last lane must not stick out of the chart.
        overhang = {LEFT: 0.0, RIGHT: 0.0}
        for route, label in zip(routes, labels):
            lane = cells[route.source].lane
            if label and _outward(route, lane, count):
                lines = label_lines(label, widths.label_max(route, lane, count))
                label_w = max(text_width(line, LABEL_FONT) for line in lines)
                overhang[route.exit] = max(overhang[route.exit], even(label_w + 5 + 4 - widths.margin(0)))

        def loop_width(channel: Channel) -> float:
            tracks = plan.channel_tracks.get(channel, 0)
            return 2 * LOOP_PAD + (tracks - 1) * TRACK if tracks else 0.0

        lanes_left = x = max(overhang[LEFT], loop_width(LOOP_LEFT))
        lane_x: list[float] = []
        lane_w: list[float] = []
        box_x: list[float] = []
        for index, bw in enumerate(widths.boxes):
            lane_x.append(x)
            left = widths.margin(plan.channel_tracks.get(("left", index), 0))
            box_x.append(x + left)
            lane_w.append(left + bw + widths.margin(plan.channel_tracks.get(("right", index), 0)))
            x += lane_w[-1]
        width = x + max(overhang[RIGHT], loop_width(LOOP_RIGHT))
        return cls(lane_x, lane_w, box_x, lanes_left, x, width)

    def track_x(self, channel: Channel, track: int) -> float:
        side, index = channel
        if channel == LOOP_RIGHT:
            return self.lanes_right + LOOP_PAD + track * TRACK
        if channel == LOOP_LEFT:
            return self.lanes_left - LOOP_PAD - track * TRACK
        if side == "left":
            return self.lane_x[index] + TRACK + track * TRACK
        return self.lane_x[index] + self.lane_w[index] - TRACK - track * TRACK
