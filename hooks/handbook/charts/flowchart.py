"""Swimlane flowcharts of procedures, drawn at build time as inline SVG (no JavaScript, no CDN).

:func:`draw` gives a :class:`Chart`: the geometry from ``flowlayout.layout`` (tested on its own)
and the SVG this module writes from it. The print tiles (``flowtiles``) are cut from the same
geometry and drawn by the same functions (:func:`pool`, :func:`body`), so the paper never has to
read the SVG back. The organization chart lives in ``orgchart`` and is re-exported here so that
both charts come from one place.

Example::

    chart = draw(sop, [("cs-assistant", "客服助理"), ("customer", "业主/住户")],
                 limits={"dispatch": "30 分钟内"}, handoff_titles={}, title="特约服务流程")
    chart.figure  # <figure class="flowchart"><svg …>…</svg><figcaption>…</figcaption></figure>
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from handbook.charts.chartsvg import chart_id, esc, figure, num, svg_open, text_line
from handbook.charts.flowcolumns import reading_order
from handbook.charts.flowlabels import LABEL_LINE
from handbook.charts.flowlayout import LINE, TAG_GAP, TAG_H, TAG_ICON, TAG_PAD, Box, Connector, Layout, layout
from handbook.data.model import Sop
from handbook.charts.orgchart import render_org_chart

__all__ = ["Chart", "draw", "render_org_chart", "describe"]

ARROW_LENGTH, ARROW_HALF = 8.0, 3.8
#: A vertical window of a chart (top, bottom), in chart units.
Window = tuple[float, float]
EVERYWHERE: Window = (float("-inf"), float("inf"))


@dataclass(frozen=True)
class Chart:
    """A procedure's flowchart: where everything is (``layout``) and the drawing (``svg``).

    ``svg`` is one accessible ``<svg>`` element (``<title>`` and ``<desc>`` named by
    ``aria-labelledby``, ``role="img"``) with the text escaped; ``ident`` prefixes its ids."""

    layout: Layout
    title: str
    desc: str
    ident: str
    svg: str

    @property
    def figure(self) -> str:
        """The chart in a ``<figure class="flowchart">`` with its title as the caption: one HTML
        block without blank lines, so that it can stand in Markdown as it is."""
        return figure(self.svg.split("\n"), self.title, "flowchart")


def describe(sop: Sop, lanes: list[tuple[str, str]], title: str) -> str:
    """The one-sentence summary in the chart's <desc>; the step table is the full text alternative."""
    decisions = sum(1 for step in sop.steps if step.decision is not None)
    roles = "、".join(name for _, name in lanes)
    who = f"由{roles}分工完成" if len(lanes) > 1 else f"由{roles}完成"
    parts = [f"{title}：从“{sop.trigger}”开始，共 {len(sop.steps)} 步，{who}"]
    if decisions:
        parts.append(f"含 {decisions} 个判断")
    return "，".join(parts) + "；各步骤的文字说明见本页步骤表。"


def draw(
    sop: Sop,
    lanes: list[tuple[str, str]],
    *,
    limits: dict[str, str],
    handoff_titles: dict[str, str],
    title: str,
) -> Chart:
    """The swimlane flowchart of ``sop``.

    ``lanes``: (role id, lane title) for every role that owns a step, in organization order (drawn
    in that order, or mirrored so that the chart reads from left to right: ``reading_order``);
    ``limits``: step id -> time-limit wording shown on that step (e.g. ``30 分钟内``);
    ``handoff_titles``: procedure id -> title, for the "转入《…》" terminators.
    Raises ``ValueError`` for a step whose role has no lane or whose next step does not exist.
    """
    geometry = layout(sop, lanes, limits=limits, handoff_titles=handoff_titles)
    ident = chart_id("fc", title, sop.trigger, *(step.id for step in sop.steps))
    desc = describe(sop, reading_order(sop, lanes), title)
    svg = svg_open(geometry.width, geometry.height, ident, title, desc)
    svg += pool(geometry)
    svg += body(geometry.boxes, geometry.connectors, [c for c in geometry.connectors if c.label is not None])
    svg.append("</svg>")
    return Chart(geometry, title, desc, ident, "\n".join(svg))


def pool(chart: Layout, *, header: bool = True) -> list[str]:
    """The lanes: bands, separators and the frame, and (with ``header``) the header with the lane
    names."""
    out = ['<g class="fc-pool">']
    for index, lane in enumerate(chart.lanes):
        if index % 2:
            size = f'width="{num(lane.w)}" height="{num(chart.height)}"'
            out.append(f'<rect class="fc-band" x="{num(lane.x)}" y="0" {size}/>')
    if header:
        out.append(f'<rect class="fc-head" x="0" y="0" width="{num(chart.width)}" height="{num(chart.header_h)}"/>')
        for lane in chart.lanes:
            top = (chart.header_h - len(lane.lines) * LINE) / 2
            for i, line in enumerate(lane.lines):
                out.append(text_line(lane.cx, top + i * LINE + 12, line, cls="fc-lane"))
    path = "".join(f"M{num(lane.x)} 0V{num(chart.height)}" for lane in chart.lanes[1:])
    if header:
        path += f"M0 {num(chart.header_h)}H{num(chart.width)}"
    out.append(f'<path class="fc-sep" d="{path}"/>')
    size = f'width="{num(chart.width - 1.2)}" height="{num(chart.height - 1.2)}"'
    out.append(f'<rect class="fc-frame" x="0.6" y="0.6" {size}/>')
    out.append("</g>")
    return out


def body(boxes: Iterable[Box], connectors: Iterable[Connector], labelled: Iterable[Connector],
         window: Window = EVERYWHERE) -> list[str]:
    """The connectors (cut to ``window``), the shapes and the branch labels, in that order."""
    out = ['<g class="fc-edges">']
    for c in connectors:
        out += connector(c, window)
    out.append("</g>")
    out.append('<g class="fc-nodes">')
    for box in boxes:
        out += _box(box)
    out.append("</g>")
    labels = [line for c in labelled for line in branch_label(c)]
    if labels:
        out += ['<g class="fc-labels">', *labels, "</g>"]
    return out


def connector(c: Connector, window: Window = EVERYWHERE) -> list[str]:
    """A connector's line and arrowhead, the line cut to ``window`` (nothing when it misses it)."""
    points = list(c.points)
    (ax, ay), (bx, by) = points[-2], points[-1]
    dx = (bx > ax) - (bx < ax)
    dy = (by > ay) - (by < ay)
    points[-1] = (bx - dx * (ARROW_LENGTH - 1), by - dy * (ARROW_LENGTH - 1))
    d = _path(points, window)
    base_x, base_y = bx - dx * ARROW_LENGTH, by - dy * ARROW_LENGTH
    out = []
    if d:
        kind = " fc-loop" if c.back else ""
        ends = f'data-from="{esc(c.source)}" data-to="{esc(c.target)}"'
        out.append(f'<path class="fc-edge{kind}" d="{d}" {ends}/>')
    if window[0] <= max(by, base_y) and min(by, base_y) <= window[1]:
        wing_x, wing_y = dy * ARROW_HALF, dx * ARROW_HALF
        arrow = (
            f"{num(bx)},{num(by)} {num(base_x + wing_x)},{num(base_y + wing_y)} "
            f"{num(base_x - wing_x)},{num(base_y - wing_y)}"
        )
        out.append(f'<polygon class="fc-arrow" points="{arrow}"/>')
    return out


def _path(points: list[tuple[float, float]], window: Window) -> str:
    """The SVG path of an orthogonal polyline, keeping only what lies within ``window``."""
    top, bottom = window
    d: list[str] = []
    pen: tuple[float, float] | None = None
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        if ay == by:  # across
            if not top <= ay <= bottom:
                continue
            start, end = (ax, ay), (bx, by)
        else:  # up or down, cut to the window
            lo, hi = max(min(ay, by), top), min(max(ay, by), bottom)
            if lo >= hi:
                continue
            start, end = (ax, min(max(ay, lo), hi)), (bx, min(max(by, lo), hi))
        if pen != start:
            d.append(f"M{num(start[0])} {num(start[1])}")
        d.append(f"H{num(end[0])}" if start[1] == end[1] else f"V{num(end[1])}")
        pen = end
    return "".join(d)


def _shape(box: Box) -> str:
    x, y, w, h, cx, cy = box.x, box.y, box.w, box.h, box.cx, box.cy
    if box.kind == "decision":
        points = f"{num(cx)},{num(y)} {num(x + w)},{num(cy)} {num(cx)},{num(y + h)} {num(x)},{num(cy)}"
        return f'<polygon class="fc-shape" points="{points}"/>'
    if box.kind == "handoff":
        points = (
            f"{num(x)},{num(y)} {num(x + w)},{num(y)} {num(x + w)},{num(y + h - 10)} "
            f"{num(cx)},{num(y + h)} {num(x)},{num(y + h - 10)}"
        )
        return f'<polygon class="fc-shape fc-term" points="{points}"/>'
    rx = 3.0 if box.kind == "process" else min(h / 2, 14.0)
    cls = "fc-shape" if box.kind == "process" else "fc-shape fc-term"
    return f'<rect class="{cls}" x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{num(rx)}"/>'


def _box(box: Box) -> list[str]:
    step = f' data-step="{esc(box.id)}"' if box.kind in ("process", "decision") else ""
    out = [f'<g class="fc-node fc-{box.kind}"{step}>', _shape(box)]
    body_h = box.h - 10 if box.kind == "handoff" else box.h
    top = box.y + (body_h - box.text_h) / 2
    if box.kind == "decision":
        edge_x = box.cx - box.w / 2 * 24 / box.h  # the diamond's edge, 12 units below its top
        out.append(text_line(edge_x - 2, box.y + 10, box.number, anchor="end", cls="fc-num"))
    for i, line in enumerate(box.lines):
        y = top + i * LINE + 12
        if i == 0 and box.number and line.startswith(box.number + " "):
            rest = esc(line[len(box.number):])
            out.append(
                f'<text x="{num(box.cx)}" y="{num(y)}" text-anchor="middle">'
                f'<tspan class="fc-num">{esc(box.number)}</tspan>{rest}</text>'
            )
        else:
            out.append(text_line(box.cx, y, line, cls="" if step else "fc-strong"))
    if box.limit:
        tag_x = box.cx - box.tag_w / 2
        tag_y = top + len(box.lines) * LINE + TAG_GAP if box.raised_tag is None else box.raised_tag[1]
        mid = tag_y + TAG_H / 2
        clock_x = tag_x + TAG_PAD + 4
        size = f'x="{num(tag_x)}" y="{num(tag_y)}" width="{num(box.tag_w)}" height="{num(TAG_H)}" rx="{num(TAG_H / 2)}"'
        if box.raised_tag is not None:  # above the diamond, on the line into it: paper under it
            out.append(f'<rect class="fc-paper" {size}/>')
        out += [
            f'<rect class="fc-tag" {size}/>',
            f'<circle class="fc-tag" cx="{num(clock_x)}" cy="{num(mid)}" r="4"/>',
            f'<path class="fc-tag" d="M{num(clock_x)} {num(mid - 2.6)}V{num(mid)}H{num(clock_x + 2)}"/>',
            text_line(tag_x + TAG_PAD + TAG_ICON, mid + 3.5, box.limit, anchor="start", cls="fc-small"),
        ]
    out.append("</g>")
    return out


def branch_label(c: Connector) -> list[str]:
    """A connector's branch label (nothing when it has none): its lines over a halo, a patch of
    paper the size of the label that keeps it legible where it lies over a line. The halo is an
    element of its own, under the text: a stroke around the letters painted first
    (``paint-order: stroke``) is painted over them by engines that ignore ``paint-order``, such
    as WeasyPrint, and the label becomes a white patch on paper."""
    label = c.label
    if label is None:
        return []
    halo = (f'<rect class="fc-halo" x="{num(label.x)}" y="{num(label.y)}" width="{num(label.w)}"'
            f' height="{num(label.h)}"/>')
    return [halo] + [
        text_line(label.x, label.y + i * LABEL_LINE + 10.5, line, anchor="start", cls="fc-branch")
        for i, line in enumerate(label.lines)
    ]
