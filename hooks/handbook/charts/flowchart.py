"""Swimlane flowcharts of procedures, drawn at build time as inline SVG (no JavaScript, no CDN).

``render_flowchart`` is what pages use; the geometry comes from ``flowlayout.layout`` (tested on
its own), this module only writes it out. The organization chart lives in ``orgchart`` and is
re-exported here so that both charts come from one place.

Example::

    html = render_flowchart(sop, [("cs-assistant", "客服助理"), ("customer", "业主/住户")],
                            limits={"dispatch": "30 分钟内"}, handoff_titles={}, title="特约服务流程")
"""

from __future__ import annotations

from handbook.charts.chartsvg import chart_id, esc, figure, num, svg_open, text_line
from handbook.charts.flowlabels import LABEL_LINE
from handbook.charts.flowlayout import LINE, TAG_GAP, TAG_H, TAG_ICON, TAG_PAD, Box, Connector, Layout, layout
from handbook.data.model import Sop
from handbook.charts.orgchart import render_org_chart

__all__ = ["render_flowchart", "render_org_chart", "describe"]

ARROW_LENGTH, ARROW_HALF = 8.0, 3.8


def describe(sop: Sop, lanes: list[tuple[str, str]], title: str) -> str:
    """The one-sentence summary in the chart's <desc>; the step table is the full text alternative."""
    decisions = sum(1 for step in sop.steps if step.decision is not None)
    roles = "、".join(name for _, name in lanes)
    who = f"由{roles}分工完成" if len(lanes) > 1 else f"由{roles}完成"
    parts = [f"{title}：从“{sop.trigger}”开始，共 {len(sop.steps)} 步，{who}"]
    if decisions:
        parts.append(f"含 {decisions} 个判断")
    return "，".join(parts) + "；各步骤的文字说明见本页步骤表。"


def render_flowchart(
    sop: Sop,
    lanes: list[tuple[str, str]],
    *,
    limits: dict[str, str],
    handoff_titles: dict[str, str],
    title: str,
) -> str:
    """A ``<figure class="flowchart">`` with the swimlane flowchart of ``sop`` and a caption.

    ``lanes``: (role id, lane title) for every role that owns a step, in organization order;
    ``limits``: step id -> time-limit wording shown on that step (e.g. ``30 分钟内``);
    ``handoff_titles``: procedure id -> title, for the "转入《…》" terminators.
    The result has no blank lines, so it can stand in Markdown as one raw HTML block.
    """
    chart = layout(sop, lanes, limits=limits, handoff_titles=handoff_titles)
    ident = chart_id("fc", title, sop.trigger, *(step.id for step in sop.steps))
    svg = svg_open(chart.width, chart.height, ident, title, describe(sop, lanes, title))
    svg += _lanes(chart)
    svg.append('<g class="fc-edges">')
    for connector in chart.connectors:
        svg += _connector(connector)
    svg.append("</g>")
    svg.append('<g class="fc-nodes">')
    for box in chart.boxes:
        svg += _box(box)
    svg.append("</g>")
    labels = [c for c in chart.connectors if c.label is not None]
    if labels:
        svg.append('<g class="fc-labels">')
        for connector in labels:
            svg += _branch_label(connector)
        svg.append("</g>")
    svg.append("</svg>")
    return figure(svg, title, "flowchart")


def _lanes(chart: Layout) -> list[str]:
    out = ['<g class="fc-pool">']
    for index, lane in enumerate(chart.lanes):
        if index % 2:
            size = f'width="{num(lane.w)}" height="{num(chart.height)}"'
            out.append(f'<rect class="fc-band" x="{num(lane.x)}" y="0" {size}/>')
    out.append(f'<rect class="fc-head" x="0" y="0" width="{num(chart.width)}" height="{num(chart.header_h)}"/>')
    for lane in chart.lanes:
        top = (chart.header_h - len(lane.lines) * LINE) / 2
        for i, line in enumerate(lane.lines):
            out.append(text_line(lane.x + lane.w / 2, top + i * LINE + 12, line, cls="fc-lane"))
    path = "".join(f"M{num(lane.x)} 0V{num(chart.height)}" for lane in chart.lanes[1:])
    path += f"M0 {num(chart.header_h)}H{num(chart.width)}"
    out.append(f'<path class="fc-sep" d="{path}"/>')
    size = f'width="{num(chart.width - 1.2)}" height="{num(chart.height - 1.2)}"'
    out.append(f'<rect class="fc-frame" x="0.6" y="0.6" {size}/>')
    out.append("</g>")
    return out


def _connector(connector: Connector) -> list[str]:
    points = list(connector.points)
    (ax, ay), (bx, by) = points[-2], points[-1]
    dx = (bx > ax) - (bx < ax)
    dy = (by > ay) - (by < ay)
    points[-1] = (bx - dx * (ARROW_LENGTH - 1), by - dy * (ARROW_LENGTH - 1))
    d = f"M{num(points[0][0])} {num(points[0][1])}"
    for (_, py), (qx, qy) in zip(points, points[1:]):
        d += f"H{num(qx)}" if py == qy else f"V{num(qy)}"
    base_x, base_y = bx - dx * ARROW_LENGTH, by - dy * ARROW_LENGTH
    wing_x, wing_y = dy * ARROW_HALF, dx * ARROW_HALF
    arrow = (
        f"{num(bx)},{num(by)} {num(base_x + wing_x)},{num(base_y + wing_y)} "
        f"{num(base_x - wing_x)},{num(base_y - wing_y)}"
    )
    kind = " fc-loop" if connector.back else ""
    ends = f'data-from="{esc(connector.source)}" data-to="{esc(connector.target)}"'
    return [
        f'<path class="fc-edge{kind}" d="{d}" {ends}/>',
        f'<polygon class="fc-arrow" points="{arrow}"/>',
    ]


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
        tag_y = top + len(box.lines) * LINE + TAG_GAP
        mid = tag_y + TAG_H / 2
        clock_x = tag_x + TAG_PAD + 4
        out += [
            f'<rect class="fc-tag" x="{num(tag_x)}" y="{num(tag_y)}" width="{num(box.tag_w)}"'
            f' height="{num(TAG_H)}" rx="{num(TAG_H / 2)}"/>',
            f'<circle class="fc-tag" cx="{num(clock_x)}" cy="{num(mid)}" r="4"/>',
            f'<path class="fc-tag" d="M{num(clock_x)} {num(mid - 2.6)}V{num(mid)}H{num(clock_x + 2)}"/>',
            text_line(tag_x + TAG_PAD + TAG_ICON, mid + 3.5, box.limit, anchor="start", cls="fc-small"),
        ]
    out.append("</g>")
    return out


def _branch_label(connector: Connector) -> list[str]:
    label = connector.label
    assert label is not None
    return [
        text_line(label.x, label.y + i * LABEL_LINE + 10.5, line, anchor="start", cls="fc-branch")
        for i, line in enumerate(label.lines)
    ]
