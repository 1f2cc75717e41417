"""Geometric invariants of a flowchart layout, shared by the example and property tests, and the
real handbook the chart tests draw from."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from handbook.manual.flow import edges
from handbook.charts.flowlabels import LABEL_FONT, LABEL_LINE, LABEL_MAX
from handbook.charts.flowcolumns import TRACK
from handbook.charts.flowlayout import PAD_X, PAD_Y, START, TERM_INSET, Box, Layout, number_width
from handbook.data.model import Sop
from handbook.charts.textwidth import text_width
from handbook.checks.check import check
from handbook.manual.manual import Manual
from helpers import as_of_latest_review

DATA = Path(__file__).resolve().parents[1] / "procedures"
#: The ids of the real procedures.
PROCEDURES = sorted(p.stem for p in (DATA / "sops").glob("*.yaml"))
EPS = 0.01
SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]


#: Roles for synthetic charts, with lane names as long as the real ones.
CHAIN_ROLES = [("cs-assistant", "客服助理（前台接待及热线）"), ("cs-supervisor", "客服主管"), ("engineering", "工程部"),
               ("cs-manager", "客服中心经理"), ("security", "秩序维护部")]


def chain(count: int, lanes: int) -> tuple[Sop, list[tuple[str, str]]]:
    """A long procedure and its lanes: a chain over ``lanes`` roles, a decision every tenth step
    (looping back five steps or skipping ahead three), a time limit every seventh."""
    roles = CHAIN_ROLES[:lanes]
    steps: list[dict[str, Any]] = []
    for i in range(count):
        step: dict[str, Any] = {"id": f"s{i}", "role": roles[(i // 3) % lanes][0], "action": f"办理第 {i + 1} 项并登记"}
        if i % 7 == 3:
            step["time_limit"] = "2h"
        if i % 10 == 9 and i + 1 < count:
            other = f"s{i - 5}" if (i // 10) % 2 == 0 else f"s{min(i + 3, count - 1)}"
            step["decision"] = {"question": "是否合格？", "branches": [{"label": "合格", "next": f"s{i + 1}"},
                                                                  {"label": "不合格，返工", "next": other}]}
        steps.append(step)
    steps[-1]["end"] = True
    sop = Sop.model_validate({
        "title": "长流程", "kind": "procedure", "revision": "A/0", "effective_date": "2026-12-01",
        "owner": "cs-assistant", "last_reviewed": "2026-12-01", "purpose": "测试。", "scope": "测试。",
        "trigger": "客户来电", "responsibilities": [{"role": "cs-assistant", "duty": "受理"}],
        "checklist": [{"title": "受理时", "items": ["核对房号"]}],
        "history": [{"revision": "A/0", "date": "2026-12-01", "summary": "首版"}], "steps": steps,
    })
    return sop, list(roles)


@functools.cache
def real_manual() -> Manual:
    """The real data, read by the project's own loader and checker (once): it must be valid."""
    manual, problems = check(DATA, today=as_of_latest_review(DATA))
    assert manual is not None, [p.format() for p in problems]
    return manual


def on_border(box: Box, point: Point) -> bool:
    """True when ``point`` lies on the outline of ``box`` (on a straight part for rounded shapes)."""
    x, y = point
    if box.kind == "decision":
        dx, dy = abs(x - box.cx) / (box.w / 2), abs(y - box.cy) / (box.h / 2)
        return abs(dx + dy - 1) < EPS
    radius = {"process": 3.0, "start": min(box.h / 2, 14.0), "end": min(box.h / 2, 14.0)}.get(box.kind, 0.0)
    bottom = box.y + box.h - (10 if box.kind == "handoff" else 0)
    on_top_or_bottom = abs(y - box.y) < EPS or (box.kind != "handoff" and abs(y - bottom) < EPS)
    on_sides = abs(x - box.x) < EPS or abs(x - box.x - box.w) < EPS
    if on_top_or_bottom and box.x + radius - EPS <= x <= box.x + box.w - radius + EPS:
        return True
    return on_sides and box.y + radius - EPS <= y <= bottom - radius + EPS


def crosses_interior(box: Box, a: Point, b: Point) -> bool:
    """True when the axis-parallel segment a-b enters the open bounding box of ``box``."""
    (x1, y1), (x2, y2) = a, b
    lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    return lo_x < box.x + box.w - EPS and hi_x > box.x + EPS and lo_y < box.y + box.h - EPS and hi_y > box.y + EPS


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float], gap: float = 0.0) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + gap and bx < ax + aw + gap and ay < by + bh + gap and by < ay + ah + gap


def segments(points: tuple[Point, ...]) -> list[tuple[Point, Point]]:
    return list(zip(points, points[1:]))


def collinear_overlap(s: tuple[Point, Point], t: tuple[Point, Point]) -> bool:
    (a, b), (c, d) = s, t
    if a[1] == b[1] == c[1] == d[1]:  # both horizontal on one line
        return min(max(a[0], b[0]), max(c[0], d[0])) - max(min(a[0], b[0]), min(c[0], d[0])) > 0.5
    if a[0] == b[0] == c[0] == d[0]:
        return min(max(a[1], b[1]), max(c[1], d[1])) - max(min(a[1], b[1]), min(c[1], d[1])) > 0.5
    return False


def check_layout(sop: Sop, chart: Layout) -> None:
    boxes = {box.id: box for box in chart.boxes}
    assert len(boxes) == len(chart.boxes), "box ids are unique"

    # Every step drawn exactly once, in its role's lane, in step order.
    drawn = [box for box in chart.boxes if box.kind in ("process", "decision")]
    assert [box.id for box in drawn] == [step.id for step in sop.steps]
    for box, step in zip(drawn, sop.steps):
        assert box.kind == ("decision" if step.decision else "process")
        assert chart.lanes[box.lane].role == step.role
    assert sum(1 for box in chart.boxes if box.kind == "start") == 1
    # The chart reads from the left: it does not start right of where its steps lie on average.
    places = [box.lane for box in drawn]
    assert places[0] * len(places) <= sum(places), "the chart runs from right to left"

    # Every edge of the flow is drawn once, from its source to its target.
    def norm(text: str | None) -> str | None:
        return None if text is None else "".join(text.split())

    expected = Counter([(START, sop.steps[0].id, None)] + [(e.source, e.target, norm(e.label)) for e in edges(sop)])
    actual = Counter(
        (c.source, c.flow_target, norm("".join(c.label.lines)) if c.label else None) for c in chart.connectors
    )
    assert expected == actual

    # Shapes: inside their lane and the chart, never overlapping, labels inside.
    for box in chart.boxes:
        lane = chart.lanes[box.lane]
        assert lane.x - EPS <= box.x and box.x + box.w <= lane.x + lane.w + EPS
        assert box.top >= chart.header_h and box.y + box.h <= chart.height
        check_text(box)
    for i, a in enumerate(chart.boxes):
        for b in chart.boxes[i + 1 :]:
            assert not overlap((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h), gap=8), (a.id, b.id)
    check_raised_tags(chart)
    for lane in chart.lanes:
        assert all(text_width(line, 12.5 * 1.06) <= lane.text_width + EPS for line in lane.lines)
        assert lane.x - EPS <= lane.cx - lane.text_width / 2 and lane.cx + lane.text_width / 2 <= lane.x + lane.w + EPS
    # The lanes cover the chart from edge to edge: no column of it is outside every lane.
    assert chart.lanes[0].x == 0 and abs(chart.lanes[-1].x + chart.lanes[-1].w - chart.width) < EPS
    assert all(abs(a.x + a.w - b.x) < EPS for a, b in zip(chart.lanes, chart.lanes[1:]))

    # Connectors: orthogonal, from border to border, through no shape, no shared runs.
    for c in chart.connectors:
        src, dst = boxes[c.source], boxes[c.target]
        assert len(c.points) >= 2
        assert on_border(src, c.points[0]), (c.source, c.points[0])
        assert on_border(dst, c.points[-1]), (c.target, c.points[-1])
        for a, b in segments(c.points):
            assert (a[0] == b[0]) != (a[1] == b[1]), f"segment {a}-{b} is not orthogonal"
            for box in chart.boxes:
                assert not crosses_interior(box, a, b), f"{c.source}->{c.target} runs through {box.id}"
        for x, y in c.points:
            assert 0 <= x <= chart.width and chart.header_h < y <= chart.height
        if c.back:
            left, right = chart.lanes_x
            assert any(a[0] == b[0] and not left < a[0] < right for a, b in segments(c.points)), "loops go round the side"
        if c.label:
            check_branch_label(chart, c)
    for i, c in enumerate(chart.connectors):
        for d in chart.connectors[i + 1 :]:
            if c.target == d.target:  # runs into one target are joined, not drawn side by side
                for (a, b) in segments(c.points):
                    for (e, f) in segments(d.points):
                        if a[0] == b[0] and e[0] == f[0] and a[0] != e[0]:
                            along = min(max(a[1], b[1]), max(e[1], f[1])) - max(min(a[1], b[1]), min(e[1], f[1]))
                            assert along <= 0.5 or abs(a[0] - e[0]) > TRACK + EPS, (c.source, d.source, c.target)
            if c.target == d.target or c.points[0] == d.points[0]:
                continue  # joins into one target and forks out of one exit may share a run
            for s in segments(c.points):
                for t in segments(d.points):
                    assert not collinear_overlap(s, t), f"{c.source}->{c.target} and {d.source}->{d.target} overlap"


def check_raised_tags(chart: Layout) -> None:
    """A decision's tag above its diamond lies in the diamond's column, clear of every shape and
    every other tag, and no line runs through it but the one into its diamond (under the tag)."""
    for box in chart.boxes:
        tag = box.raised_tag
        if tag is None:
            continue
        x, y, w, _ = tag
        assert box.kind == "decision" and box.limit
        assert box.x - EPS <= x and x + w <= box.x + box.w + EPS and y >= chart.header_h
        for other in chart.boxes:
            assert not overlap(tag, (other.x, other.y, other.w, other.h), gap=4), (box.id, other.id)
            if other is not box and other.raised_tag is not None:
                assert not overlap(tag, other.raised_tag, gap=4), (box.id, other.id)
        for c in chart.connectors:
            for a, b in segments(c.points):
                into = c.target == box.id and a[0] == b[0] == box.cx  # the last run, down into the diamond
                hit = overlap((min(a[0], b[0]), min(a[1], b[1]), abs(b[0] - a[0]), abs(b[1] - a[1])), tag, gap=2)
                assert into or not hit, f"{c.source}->{c.target} runs through the tag of {box.id}"


def check_text(box: Box) -> None:
    """No label line is wider than its box under the width model, and the text block fits."""
    assert box.lines
    for line in box.lines:
        assert text_width(line, 12) <= box.text_width + EPS, (box.id, line)
    if box.tag_above:  # above the diamond (check_raised_tags): no part of its text block
        assert box.kind == "decision" and box.limit and box.tag_w <= box.w
    else:
        assert box.tag_w <= box.text_width + EPS
    if box.kind == "decision":
        assert box.text_width / box.w + (box.text_h + 6) / box.h <= 1 + EPS, box.id
        corner = (2 + number_width(box.number)) / (box.w / 2) + 24 / box.h
        assert corner <= 1 + EPS, "the step number fits in the corner outside the diamond"
    elif box.kind == "process":
        assert box.text_width <= box.w - 2 * PAD_X + EPS and box.text_h <= box.h - 2 * PAD_Y + EPS
    else:
        body = box.h - (10 if box.kind == "handoff" else 0)
        assert box.text_width <= box.w - 2 * TERM_INSET + EPS and box.text_h <= body - 12 + EPS


def check_branch_label(chart: Layout, c) -> None:
    label = c.label
    for line in label.lines:
        assert text_width(line, LABEL_FONT) <= min(LABEL_MAX, label.w) + EPS
    assert label.h == len(label.lines) * LABEL_LINE
    assert 0 <= label.x and label.x + label.w <= chart.width, "branch labels stay inside the chart"
    assert chart.header_h <= label.y and label.y + label.h <= chart.height
    for box in chart.boxes:
        assert not overlap((label.x, label.y, label.w, label.h), (box.x, box.y, box.w, box.h)), (c.source, box.id)
        if box.raised_tag is not None:
            assert not overlap((label.x, label.y, label.w, label.h), box.raised_tag), (c.source, box.id)


def check_svg(html: str) -> ET.Element:
    """The figure parses as XML and carries an accessible, scalable SVG; returns the <svg>."""
    assert html.startswith('<figure class="') and html.endswith("</figure>")
    assert "\n\n" not in html and all(line.strip() for line in html.split("\n"))
    figure = ET.fromstring(html)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None and figure.find("figcaption") is not None
    assert svg.get("role") == "img" and svg.get("width") == "100%" and svg.get("viewBox")
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None and title.text and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    check_halos(svg)
    check_ink(svg)
    return svg


def check_ink(svg: ET.Element) -> None:
    """Black and white: one ink (the text colour, black on paper) on white, greys as the ink at a
    low opacity (light enough for black text on them), no other colour, no pattern or image."""
    paint = [el.text or "" for el in svg.iter(f"{SVG}style")]
    paint += [value for el in svg.iter() for name, value in el.attrib.items()
              if name in ("fill", "stroke", "color", "style", "stop-color")]
    colours = set(re.findall(r"#[0-9a-fA-F]{3,6}\b|rgba?\([^)]*\)|hsla?\([^)]*\)", " ".join(paint)))
    assert colours <= {"#1f2328", "#fff", "#000"}, colours
    assert all(float(o) <= 0.5 for o in re.findall(r"(?:fill|stroke)-opacity:([\d.]+)", " ".join(paint)))
    assert not any(el.tag in (f"{SVG}image", f"{SVG}pattern") or el.tag.endswith("Gradient") for el in svg.iter())


def check_halos(svg: ET.Element) -> None:
    """Each branch label is drawn over its halo, a patch of paper of its own drawn first (never a
    stroke of the text itself: WeasyPrint ignores ``paint-order`` and paints it over the text)."""
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != "fc-labels":
            continue
        halo: ET.Element | None = None
        for child in group:
            if child.get("class") == "fc-halo":
                halo = child
                continue
            assert child.tag == f"{SVG}text" and child.get("class") == "fc-branch" and halo is not None
            x, y = float(child.get("x", "0")), float(child.get("y", "0"))
            hx, hy = float(halo.get("x", "0")), float(halo.get("y", "0"))
            assert hx <= x and hy < y - 8 and y + 2 <= hy + float(halo.get("height", "0")), "the halo covers its text"
    assert "paint-order" not in ET.tostring(svg, encoding="unicode")
