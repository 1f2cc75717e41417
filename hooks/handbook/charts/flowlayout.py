"""The geometry of a swimlane flowchart: lanes, shapes, connectors, all in SVG user units.

Vertical swimlanes (one column per role, flow from top to bottom and, as far as the organization's
order of the lanes allows, from left to right; fit for A4 portrait). Row 0 is
the start terminator; then every step has a row of its own, in the order of the step list, in its
role's column, followed by the end or hand-off terminators it leads to. One shape per row means no
two shapes can overlap, and lets connectors cross lanes at a shape's height (see ``flowroute``).

:func:`layout` returns plain frozen dataclasses so that tests can check the geometry directly;
``flowchart`` serialises them to SVG.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from handbook.manual.flow import END, Edge, edges
from handbook.charts.flowroute import (
    BOTTOM,
    CHANNEL,
    ELBOW,
    GUTTER_CHANNEL,
    LEFT,
    LOOP_LEFT,
    LOOP_RIGHT,
    RIGHT,
    STRAIGHT,
    ZED,
    Cell,
    Channel,
    Plan,
    Route,
    plan_routes,
)
from handbook.charts.flowlabels import LABEL_FONT, LABEL_LINE, BranchLabel, Rect, initial_label, label_lines, settle_label
from handbook.data.model import Sop, Step
from handbook.charts.textwidth import text_width, wrap

FONT, LINE = 12.0, 16.0  # shape labels
HEAD_FONT, HEAD_LINE = 12.5, 16.0  # lane headers (bold: measured 6 % wider)
TAG_FONT, TAG_H, TAG_GAP, TAG_ICON, TAG_PAD = 10.0, 15.0, 4.0, 13.0, 6.0  # time-limit tag
PAD_X, PAD_Y, TERM_INSET = 8.0, 8.0, 14.0
MARGIN, TRACK, LOOP_PAD = 16.0, 8.0, 10.0
GUTTER_MIN, TOP_GAP = 28.0, 16.0
TARGET_WIDTH = 680.0  # lanes share this width when there are many (a page column, A4 portrait)
START = "@start"


@dataclass(frozen=True)
class Box:
    """A shape. ``lines`` each fit ``text_width`` under the width model; so does the tag."""

    id: str  # step id, START, or flow target + "#" + source step id for terminators
    kind: str  # start | process | decision | end | handoff
    row: int
    lane: int
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    text_width: float
    number: str = ""  # the step number that begins the first line, e.g. "3."
    limit: str = ""  # time-limit wording, shown in a tag under the text
    tag_w: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def text_h(self) -> float:
        """Height of the text block: the lines and the tag."""
        return len(self.lines) * LINE + (TAG_GAP + TAG_H if self.limit else 0.0)


@dataclass(frozen=True)
class Connector:
    source: str
    target: str  # a Box id
    flow_target: str  # the target as ``flow.edges`` gives it
    points: tuple[tuple[float, float], ...]
    shape: str
    back: bool
    label: BranchLabel | None = None


@dataclass(frozen=True)
class Lane:
    """A role's lane: its band ``x``..``x + w`` (the outer lanes reach the chart's edges, over the
    loop channels and the room kept for labels there), its name wrapped to ``text_width`` and
    centred at ``cx``, above its column of shapes."""

    role: str
    lines: tuple[str, ...]
    x: float
    w: float
    text_width: float
    cx: float


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    header_h: float
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    lanes_x: tuple[float, float]  # left and right edge of the lanes' columns (loop channels lie outside)


def _even(value: float) -> float:
    return float(2 * math.ceil(value / 2))


def number_width(number: str) -> float:
    """Width of a step number (bold: measured 6 % wider)."""
    return text_width(number, FONT * 1.06)


def _tag_width(limit: str) -> float:
    return _even(TAG_ICON + text_width(limit, TAG_FONT) + 2 * TAG_PAD) if limit else 0.0


def _margin(tracks: int) -> float:
    return max(MARGIN, 2 * TRACK + (tracks - 1) * TRACK)


@dataclass(frozen=True)
class _Node:
    id: str
    kind: str
    lane: int
    text: str
    number: str = ""
    limit: str = ""


@dataclass(frozen=True)
class _Wire:
    source: str  # node ids
    target: str
    flow_target: str
    label: str | None


@dataclass(frozen=True)
class _Size:
    w: float
    h: float
    lines: tuple[str, ...]
    text_width: float
    tag_w: float = 0.0


def _terminal_lane(step: Step, out: list[Edge], lane_of: dict[str, int], roles: dict[str, str], lanes: int) -> int:
    """Terminators stay in their step's lane, unless a decision also goes on in that lane
    (``out``: the step's own edges)."""
    own = lane_of[step.role]
    if step.decision is None:
        return own
    used = {lane_of[roles[e.target]] for e in out if e.target in roles}
    for candidate in (own, own + 1, own - 1, own + 2, own - 2):
        if 0 <= candidate < lanes and candidate not in used:
            return candidate
    return own


def _graph(
    sop: Sop, lane_of: dict[str, int], limits: dict[str, str], handoff_titles: dict[str, str]
) -> tuple[list[_Node], list[_Wire]]:
    """The shapes in row order (start, then each step and its terminators) and the connectors."""
    roles = {step.id: step.role for step in sop.steps}
    flow: dict[str, list[Edge]] = {}
    for edge in edges(sop):
        if not edge.target.startswith("@") and edge.target not in roles:
            raise ValueError(f"step {edge.source}: next step {edge.target} does not exist")
        flow.setdefault(edge.source, []).append(edge)
    first = sop.steps[0]
    nodes = [_Node(START, "start", lane_of[first.role], sop.trigger)]
    wires = [_Wire(START, first.id, first.id, None)]
    for index, step in enumerate(sop.steps):
        kind, text = ("decision", step.decision.question) if step.decision is not None else ("process", step.action)
        nodes.append(_Node(step.id, kind, lane_of[step.role], text, f"{index + 1}.", limits.get(step.id, "")))
        terminals: set[str] = set()
        out = flow.get(step.id, [])
        for edge in out:
            if not edge.target.startswith("@"):
                wires.append(_Wire(step.id, edge.target, edge.target, edge.label))
                continue
            box_id = f"{edge.target}#{step.id}"
            if edge.target not in terminals:  # one terminator per step and destination
                terminals.add(edge.target)
                lane = _terminal_lane(step, out, lane_of, roles, len(lane_of))
                if edge.target == END:
                    nodes.append(_Node(box_id, "end", lane, "结束"))
                else:
                    proc = edge.handoff or ""
                    nodes.append(_Node(box_id, "handoff", lane, f"转入《{handoff_titles.get(proc, proc)}》"))
            wires.append(_Wire(step.id, box_id, edge.target, edge.label))
    return nodes, wires


def _size(node: _Node, bw: float) -> _Size:
    """Wrap the label and size the shape of ``node`` for a lane whose boxes are ``bw`` wide."""
    tag_w = _tag_width(node.limit)
    tag_h = TAG_GAP + TAG_H if node.limit else 0.0
    if node.kind == "process":
        lines = tuple(wrap(f"{node.number} {node.text}", bw - 2 * PAD_X, FONT)) or ("",)
        h = max(44.0, _even(2 * PAD_Y + len(lines) * LINE + tag_h))
        return _Size(bw, h, lines, bw - 2 * PAD_X, tag_w)
    if node.kind == "decision":  # text in the inscribed rectangle; the number outside, top left
        lines = tuple(wrap(node.text, bw / 2 - 4, FONT)) or ("",)
        tw = max([tag_w] + [text_width(line, FONT) for line in lines])
        block = len(lines) * LINE + tag_h + 6
        corner = 12 / (1 - (2 + number_width(node.number)) / (bw / 2))
        return _Size(bw, max(60.0, _even(block / (1 - tw / bw)), _even(2 * corner)), lines, tw, tag_w)
    bold = FONT * 1.06  # terminators are lettered in bold: measured 6 % wider
    lines = tuple(wrap(node.text, bw - 2 * TERM_INSET, bold)) or ("",)
    h = max(32.0, _even(len(lines) * LINE + 12)) + (10.0 if node.kind == "handoff" else 0.0)
    if node.kind == "start":
        return _Size(bw, h, lines, bw - 2 * TERM_INSET)
    w = min(bw, max(72.0, _even(max(text_width(line, bold) for line in lines) + 2 * TERM_INSET)))
    return _Size(w, h, lines, w - 2 * TERM_INSET)


def layout(
    sop: Sop,
    lanes: list[tuple[str, str]],
    *,
    limits: dict[str, str],
    handoff_titles: dict[str, str],
) -> Layout:
    """Place lanes, shapes and connectors (see ``flowchart.draw`` for the arguments); the lanes
    in :func:`reading_order`.

    Raises ``ValueError`` for a step whose role has no lane or whose next step does not exist.
    """
    lanes = reading_order(sop, lanes)
    lane_of = {role: index for index, (role, _) in enumerate(lanes)}
    for step in sop.steps:
        if step.role not in lane_of:
            raise ValueError(f"step {step.id}: role {step.role} has no lane")
    nodes, wires = _graph(sop, lane_of, limits, handoff_titles)
    cells = {node.id: Cell(row, node.lane) for row, node in enumerate(nodes)}
    plan = plan_routes(cells, [(w.source, w.target) for w in wires], len(lanes))
    routed = list(zip(plan.routes, wires))

    bws = _box_widths(nodes, len(lanes))
    sizes = [_size(node, bws[node.lane]) for node in nodes]
    cols = _Columns.place(routed, cells, plan, bws)
    header_lines = [tuple(wrap(title, cols.lane_w[i] - 12, HEAD_FONT * 1.06)) or ("",)
                    for i, (_, title) in enumerate(lanes)]
    header_h = _even(max(len(lines) for lines in header_lines) * HEAD_LINE + 14)
    row_y, gutter_y, height = _rows(nodes, sizes, routed, plan, header_h + TOP_GAP)

    boxes = [
        Box(
            id=node.id, kind=node.kind, row=row, lane=node.lane,
            x=cols.box_x[node.lane] + (bws[node.lane] - size.w) / 2,
            y=row_y[row], w=size.w, h=size.h, lines=size.lines, text_width=size.text_width,
            number=node.number, limit=node.limit, tag_w=size.tag_w,
        )
        for row, (node, size) in enumerate(zip(nodes, sizes))
    ]  # fmt: skip
    by_id = {box.id: box for box in boxes}
    connectors = [_connector(route, wire, by_id, plan, gutter_y, cols.track_x) for route, wire in routed]
    connectors = _place_labels(connectors, routed, boxes, cols.width)

    lane_boxes = []
    for i, (role, _) in enumerate(lanes):  # the outer lanes' bands reach the chart's edges
        x, w = cols.lane_x[i], cols.lane_w[i]
        left, right = (0.0 if i == 0 else x), (cols.width if i == len(lanes) - 1 else x + w)
        lane_boxes.append(Lane(role, header_lines[i], left, right - left, w - 12, x + w / 2))
    return Layout(cols.width, height, header_h, tuple(lane_boxes), tuple(boxes), tuple(connectors),
                  (cols.lanes_left, cols.lanes_right))


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


def _box_widths(nodes: list[_Node], count: int) -> list[float]:
    """A common box width per lane, widened in a lane whose time-limit tags need more."""
    base = min(168.0, max(104.0, _even((TARGET_WIDTH - 2 * LOOP_PAD - 2 * MARGIN * count) / count - 1)))
    bws = [base] * count
    for node in nodes:  # a diamond's text area is about half its width
        need = _tag_width(node.limit) * (1.6 if node.kind == "decision" else 1.0) + 2 * PAD_X
        bws[node.lane] = max(bws[node.lane], _even(need))
    return bws


@dataclass(frozen=True)
class _Columns:
    """Horizontal positions: loop channel, lanes with their margins, loop channel."""

    lane_x: list[float]
    lane_w: list[float]
    box_x: list[float]
    lanes_left: float
    lanes_right: float
    width: float

    @classmethod
    def place(cls, routed: list[tuple[Route, _Wire]], cells: dict[str, Cell], plan: Plan,
              bws: list[float]) -> _Columns:
        count = len(bws)
        # Branch labels beside a side exit in the first or last lane must not stick out of the chart.
        overhang = {LEFT: 0.0, RIGHT: 0.0}
        for route, wire in routed:
            edge_lane = 0 if route.exit == LEFT else count - 1
            if wire.label and route.exit in overhang and cells[route.source].lane == edge_lane and not route.shared_exit:
                label_w = max(text_width(line, LABEL_FONT) for line in label_lines(wire.label))
                overhang[route.exit] = max(overhang[route.exit], _even(label_w + 5 + 4 - MARGIN))

        def loop_width(channel: Channel) -> float:
            tracks = plan.channel_tracks.get(channel, 0)
            return 2 * LOOP_PAD + (tracks - 1) * TRACK if tracks else 0.0

        lanes_left = x = max(overhang[LEFT], loop_width(LOOP_LEFT))
        lane_x: list[float] = []
        lane_w: list[float] = []
        box_x: list[float] = []
        for index in range(count):
            lane_x.append(x)
            left = _margin(plan.channel_tracks.get(("left", index), 0))
            box_x.append(x + left)
            lane_w.append(left + bws[index] + _margin(plan.channel_tracks.get(("right", index), 0)))
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


def _rows(nodes: list[_Node], sizes: list[_Size], routed: list[tuple[Route, _Wire]], plan: Plan,
          top: float) -> tuple[list[float], list[list[float]], float]:
    """Vertical positions: the top of each row, the tracks of the gutter below it, the height.

    Below each row a gutter holds, from the top: the labels of a bottom exit, the runs leaving the
    row, the labels of forks off that bus, runs entering the row below.
    """
    labelled: dict[str, list[tuple[Route, int]]] = {}
    for r, w in routed:
        if w.label:
            labelled.setdefault(r.source, []).append((r, len(label_lines(w.label))))
    row_y: list[float] = []
    gutter_y: list[list[float]] = []
    y = top
    for row, node in enumerate(nodes):
        row_y.append(y)
        y += sizes[row].h
        out = labelled.get(node.id, [])
        below = [n for r, n in out if r.exit == BOTTOM and not r.shared_exit]
        forks = [n for r, n in out if r.shared_exit]
        zone = 4 + max(below) * LABEL_LINE if below else 0.0
        bus_zone = 4 + max(forks) * LABEL_LINE if forks else 0.0
        stubs, approaches = plan.stub_tracks.get(row, 0), plan.approach_tracks.get(row, 0)
        first = y + zone + 10
        gutter_y.append(
            [first + k * TRACK for k in range(stubs)] + [first + bus_zone + (stubs + k) * TRACK for k in range(approaches)]
        )
        tracks = stubs + approaches
        needed = zone + bus_zone + 10 + (tracks - 1) * TRACK + 12 if tracks else zone + 14
        y += max(GUTTER_MIN if row + 1 < len(nodes) else TOP_GAP, _even(needed))
    return row_y, gutter_y, y


def _place_labels(connectors: list[Connector], routed: list[tuple[Route, _Wire]], boxes: list[Box],
                  width: float) -> list[Connector]:
    """Branch labels, placed clear of shapes, connectors and the labels placed before them.

    A label slides only sideways, so it can only meet what shares its height: the obstacles are
    kept in bands of the chart's height, and a label is tried against those of its own bands."""
    bands: dict[int, list[Rect]] = {}

    def add(rect: Rect) -> None:
        for band in range(int(rect[1] // _BAND), int((rect[1] + rect[3]) // _BAND) + 1):
            bands.setdefault(band, []).append(rect)

    for b in boxes:
        add((b.x, b.y, b.w, b.h))
    for c in connectors:
        for (ax, ay), (bx, by) in zip(c.points, c.points[1:]):
            add((min(ax, bx) - 1.5, min(ay, by) - 1.5, abs(bx - ax) + 3, abs(by - ay) + 3))
    placed = list(connectors)
    for index, (c, (route, wire)) in enumerate(zip(connectors, routed)):
        if wire.label:
            first, direction = initial_label(wire.label, route.exit, route.shared_exit, c.points)
            near = [o for band in range(int(first.y // _BAND), int((first.y + first.h) // _BAND) + 1)
                    for o in bands.get(band, [])]
            label = settle_label(first, direction, near, width)
            add((label.x, label.y, label.w, label.h))
            placed[index] = replace(c, label=label)
    return placed


#: The height of the bands that branch labels look for obstacles in (units).
_BAND = 64.0


def _connector(
    route: Route,
    wire: _Wire,
    by_id: dict[str, Box],
    plan: Plan,
    gutter_y: list[list[float]],
    track_x: Callable[[Channel, int], float],
) -> Connector:
    """The points of one connector, from its exit on the source to the top of the target."""
    src, dst = by_id[route.source], by_id[route.target]
    exit_point = {BOTTOM: (src.cx, src.y + src.h), RIGHT: (src.x + src.w, src.cy), LEFT: (src.x, src.cy)}[route.exit]
    points: list[tuple[float, float]] = [exit_point]
    stub_y = gutter_y[route.stub_gutter][route.stub_track] if route.stub_gutter is not None else 0.0
    approach_y = 0.0
    if route.approach_gutter is not None:
        gutter = route.approach_gutter  # runs entering the row below come after those leaving the row above
        approach_y = gutter_y[gutter][plan.stub_tracks.get(gutter, 0) + route.approach_track]
    if route.shape == ELBOW:
        points.append((dst.cx, src.cy))
    elif route.shape == ZED:
        points += [(src.cx, stub_y), (dst.cx, stub_y)]
    elif route.shape in (CHANNEL, GUTTER_CHANNEL):
        assert route.channel is not None
        xc = track_x(route.channel, route.channel_track)
        if route.shape == CHANNEL:
            points.append((xc, src.cy))
        else:
            points += [(src.cx, stub_y), (xc, stub_y)]
        points += [(xc, approach_y), (dst.cx, approach_y)]
    else:
        assert route.shape == STRAIGHT
    points.append((dst.cx, dst.y))
    return Connector(route.source, route.target, wire.flow_target, tuple(points), route.shape, route.back)
