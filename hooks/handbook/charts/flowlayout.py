"""The geometry of a swimlane flowchart: lanes, shapes, connectors, all in SVG user units.

Vertical swimlanes (one column per role, flow from top to bottom and, as far as the organization's
order of the lanes allows, from left to right; the lanes' order and widths are ``flowcolumns``'s,
which keeps a chart within A4 landscape at the paper's fixed scale). Row 0 is the start
terminator; then every step has a row of its own, in the order of the step list, in its role's
column, followed by the end or hand-off terminators it leads to. One shape per row means no
two shapes can overlap, and lets connectors cross lanes at a shape's height (see ``flowroute``).

:func:`layout` returns plain frozen dataclasses so that tests can check the geometry directly;
``flowchart`` serialises them to SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from handbook.manual.flow import END, Edge, edges
from handbook.charts.flowcolumns import TRACK, Columns, even, fit, reading_order
from handbook.charts.flowroute import (
    BOTTOM, CHANNEL, ELBOW, GUTTER_CHANNEL, LEFT, RIGHT, STRAIGHT, ZED, Cell, Channel, Plan, Route, plan_routes,
)
from handbook.charts.flowlabels import (
    LABEL_FONT, LABEL_LINE, BranchLabel, Rect, clear, initial_label, label_lines, settle_label,
)
from handbook.data.model import Sop, Step
from handbook.charts.textwidth import text_width, wrap

FONT, LINE = 12.0, 16.0  # shape labels
HEAD_FONT, HEAD_LINE = 12.5, 16.0  # lane headers (bold: measured 6 % wider)
TAG_FONT, TAG_H, TAG_GAP, TAG_ICON, TAG_PAD = 10.0, 15.0, 4.0, 13.0, 6.0  # time-limit tag
#: How far a tag above a diamond keeps from its top (the arrowhead into it, and a little line).
TAG_RISE = 14.0
PAD_X, PAD_Y, TERM_INSET = 8.0, 8.0, 14.0
GUTTER_MIN, TOP_GAP = 28.0, 16.0
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
    tag_above: bool = False  # a decision's tag above the diamond, on the line into it (narrow lanes)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def text_h(self) -> float:
        """Height of the text block: the lines and the tag (when it is inside)."""
        return len(self.lines) * LINE + (TAG_GAP + TAG_H if self.limit and not self.tag_above else 0.0)

    @property
    def raised_tag(self) -> Rect | None:
        """The tag above the diamond (x, y, width, height), or None when the tag is inside."""
        if not self.tag_above:
            return None
        return (self.cx - self.tag_w / 2, self.y - TAG_RISE - TAG_H, self.tag_w, TAG_H)

    @property
    def top(self) -> float:
        """The top of what the shape draws: its tag when it is above."""
        return self.y - TAG_RISE - TAG_H if self.tag_above else self.y


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


def number_width(number: str) -> float:
    """Width of a step number (bold: measured 6 % wider)."""
    return text_width(number, FONT * 1.06)


def _tag_width(limit: str) -> float:
    return even(TAG_ICON + text_width(limit, TAG_FONT) + 2 * TAG_PAD) if limit else 0.0


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
    tag_above: bool = False


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


def _size(node: _Node, bw: float, tags_above: bool = False) -> _Size:
    """Wrap the label and size the shape of ``node`` for a lane whose boxes are ``bw`` wide (with
    ``tags_above``, a decision's tag goes above the diamond instead of inside)."""
    tag_w = _tag_width(node.limit)
    tag_h = TAG_GAP + TAG_H if node.limit else 0.0
    if node.kind == "process":
        lines = tuple(wrap(f"{node.number} {node.text}", bw - 2 * PAD_X, FONT)) or ("",)
        h = max(44.0, even(2 * PAD_Y + len(lines) * LINE + tag_h))
        return _Size(bw, h, lines, bw - 2 * PAD_X, tag_w)
    if node.kind == "decision":  # text in the inscribed rectangle; the number outside, top left
        above = tags_above and bool(node.limit)
        lines = tuple(wrap(node.text, bw / 2 - 4, FONT)) or ("",)
        tw = max([0.0 if above else tag_w] + [text_width(line, FONT) for line in lines])
        block = len(lines) * LINE + (0.0 if above else tag_h) + 6
        corner = 12 / (1 - (2 + number_width(node.number)) / (bw / 2))
        h = max(60.0, even(block / (1 - tw / bw)), even(2 * corner))
        return _Size(bw, h, lines, tw, tag_w, above)
    bold = FONT * 1.06  # terminators are lettered in bold: measured 6 % wider
    lines = tuple(wrap(node.text, bw - 2 * TERM_INSET, bold)) or ("",)
    h = max(32.0, even(len(lines) * LINE + 12)) + (10.0 if node.kind == "handoff" else 0.0)
    if node.kind == "start":
        return _Size(bw, h, lines, bw - 2 * TERM_INSET)
    w = min(bw, max(72.0, even(max(text_width(line, bold) for line in lines) + 2 * TERM_INSET)))
    return _Size(w, h, lines, w - 2 * TERM_INSET)


def _tag_needs(nodes: list[_Node], count: int) -> tuple[list[float], list[float]]:
    """The box width each lane's time-limit tags need: with decisions' tags inside the diamond
    (whose text area is about half its width) and with them above it."""
    inside, above = [0.0] * count, [0.0] * count
    for node in nodes:
        tag = _tag_width(node.limit)
        if tag:
            decision = node.kind == "decision"
            inside[node.lane] = max(inside[node.lane], even(tag * (1.6 if decision else 1.0) + 2 * PAD_X))
            above[node.lane] = max(above[node.lane], tag if decision else even(tag + 2 * PAD_X))
    return inside, above


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

    labels = [w.label for w in wires]
    in_lane = [[node for node in nodes if node.lane == lane] for lane in range(len(lanes))]
    widths, cols = fit(*_tag_needs(nodes, len(lanes)), lambda w: Columns.place(plan.routes, labels, cells, plan, w),
                       lambda lane, bw: sum(_size(node, bw, True).h for node in in_lane[lane]))
    bws = widths.boxes
    wraps = [widths.label_max(route, cells[route.source].lane, len(lanes)) for route in plan.routes]
    sizes = [_size(node, bws[node.lane], widths.tags_above) for node in nodes]
    header_lines = [tuple(wrap(title, cols.lane_w[i] - 12, HEAD_FONT * 1.06)) or ("",)
                    for i, (_, title) in enumerate(lanes)]
    header_h = even(max(len(lines) for lines in header_lines) * HEAD_LINE + 14)
    row_y, gutter_y, height = _rows(nodes, sizes, routed, wraps, plan, header_h + TOP_GAP)

    boxes = [
        Box(
            id=node.id, kind=node.kind, row=row, lane=node.lane,
            x=cols.box_x[node.lane] + (bws[node.lane] - size.w) / 2,
            y=row_y[row], w=size.w, h=size.h, lines=size.lines, text_width=size.text_width,
            number=node.number, limit=node.limit, tag_w=size.tag_w, tag_above=size.tag_above,
        )
        for row, (node, size) in enumerate(zip(nodes, sizes))
    ]  # fmt: skip
    by_id = {box.id: box for box in boxes}
    connectors = [_connector(route, wire, by_id, plan, gutter_y, cols.track_x) for route, wire in routed]
    connectors = _place_labels(connectors, routed, wraps, boxes, (cols.width, header_h, height))

    lane_boxes = []
    for i, (role, _) in enumerate(lanes):  # the outer lanes' bands reach the chart's edges
        x, w = cols.lane_x[i], cols.lane_w[i]
        left, right = (0.0 if i == 0 else x), (cols.width if i == len(lanes) - 1 else x + w)
        lane_boxes.append(Lane(role, header_lines[i], left, right - left, w - 12, x + w / 2))
    return Layout(cols.width, height, header_h, tuple(lane_boxes), tuple(boxes), tuple(connectors),
                  (cols.lanes_left, cols.lanes_right))


def _rows(nodes: list[_Node], sizes: list[_Size], routed: list[tuple[Route, _Wire]], wraps: list[float], plan: Plan,
          top: float) -> tuple[list[float], list[list[float]], float]:
    """Vertical positions: the top of each row, the tracks of the gutter below it, the height.

    Below each row a gutter holds, from the top: the labels of a bottom exit, the runs leaving the
    row, the labels of forks off that bus, runs entering the row below, and the tag of the row
    below when it stands above its diamond. ``wraps``: how wide each route's label is wrapped.
    """
    labelled: dict[str, list[tuple[Route, int]]] = {}
    for (r, w), wrap_w in zip(routed, wraps):
        if w.label:
            labelled.setdefault(r.source, []).append((r, len(label_lines(w.label, wrap_w))))
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
        if row + 1 < len(nodes) and sizes[row + 1].tag_above:  # the tag, TAG_RISE above the diamond
            needed += TAG_H + TAG_RISE - 6
        y += max(GUTTER_MIN if row + 1 < len(nodes) else TOP_GAP, even(needed))
    return row_y, gutter_y, y


def _place_labels(connectors: list[Connector], routed: list[tuple[Route, _Wire]], wraps: list[float],
                  boxes: list[Box], frame: tuple[float, float, float]) -> list[Connector]:
    """Branch labels, placed clear of shapes (and tags above them), connectors and the labels
    placed before them; each wrapped as ``wraps`` says or, where there is no room for it so (as
    between the lines of narrow lanes), narrower, a character at a time down to four, within the
    chart's ``frame`` (its width, the bottom of the lane header, its height).

    A label slides only sideways, so it can only meet what shares its height: the obstacles are
    kept in bands of the chart's height, and a label is tried against those of its own bands."""
    width, top, bottom = frame
    bands: dict[int, list[Rect]] = {}

    def add(rect: Rect) -> None:
        for band in range(int(rect[1] // _BAND), int((rect[1] + rect[3]) // _BAND) + 1):
            bands.setdefault(band, []).append(rect)

    def near(label: BranchLabel, but: tuple[Rect, ...] = ()) -> list[Rect]:
        return [o for band in range(int(label.y // _BAND), int((label.y + label.h) // _BAND) + 1)
                for o in bands.get(band, []) if o not in but]

    for b in boxes:
        add((b.x, b.y, b.w, b.h))
        if b.raised_tag is not None:
            add(b.raised_tag)
    runs = [tuple((min(ax, bx) - 1.5, min(ay, by) - 1.5, abs(bx - ax) + 3, abs(by - ay) + 3)
                  for (ax, ay), (bx, by) in zip(c.points, c.points[1:])) for c in connectors]
    for rects in runs:
        for rect in rects:
            add(rect)
    placed = list(connectors)
    for index, (c, (route, wire), wrap_w) in enumerate(zip(connectors, routed, wraps)):
        if wire.label:
            first, direction = initial_label(wire.label, route.exit, route.shared_exit, c.points, wrap_w)
            label = settle_label(first, direction, near(first), width)
            narrower = wrap_w - LABEL_FONT  # a label may touch its own line (a fork's sits on its bus)
            while not clear(label, near(label, runs[index])) and narrower >= 4 * LABEL_FONT:
                first, direction = initial_label(wire.label, route.exit, route.shared_exit, c.points, narrower)
                tried = settle_label(first, direction, near(first), width)
                if clear(tried, near(tried, runs[index])) and top <= tried.y and tried.y + tried.h <= bottom:
                    label = tried
                narrower -= LABEL_FONT
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
