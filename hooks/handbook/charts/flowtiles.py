"""A tall flowchart on paper: cut into page-high tiles at a readable scale.

The swimlane charts are 240–950 units wide and up to 1,900 tall, with labels of 10–12.5 units.
Scaled to fit one A4 page their labels come out near 4 pt. On paper they are printed instead at a
fixed scale (:data:`PT_PER_UNIT`, so the smallest label is 8 pt and step text 9.6 pt) and cut into
tiles, one per page, each cut in a gap between the shapes (a box or a label is never split; only
lines cross a cut). Every tile after the first repeats the lane header, so each page reads on its own.

A tile is the chart's own SVG with another ``viewBox``: the drawing is the same, only the window moves.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

#: Points per chart unit on paper: the smallest label (10 units) prints at 8 pt.
PT_PER_UNIT = 0.8
#: Height of the lane header at the top of a chart (units), repeated on every tile after the first.
HEAD_UNITS = 30.0
#: Room kept above and below a shape when choosing a cut (units).
CLEARANCE = 4.0
#: Width and height (pt) a tile may take on A4 portrait and on A4 landscape, in the PDF and in
#: the browser's print (margins of 12–15 mm, the running head or stamp, the heading or 续 line).
PORTRAIT_AREA = (510.0, 690.0)
LANDSCAPE_AREA = (751.0, 450.0)


def paper_layout(svg: str) -> tuple[bool, float, float]:
    """How a chart goes on paper: landscape or not, points per unit, chart units per tile."""
    width, _ = chart_size(svg)
    landscape = width * PT_PER_UNIT > PORTRAIT_AREA[0]
    area_w, area_h = LANDSCAPE_AREA if landscape else PORTRAIT_AREA
    scale = min(PT_PER_UNIT, area_w / width)  # only a chart wider than A4 landscape is shrunk
    return landscape, scale, area_h / scale

_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_RECT = re.compile(r'<rect class="fc-shape[^"]*"[^>]*? y="([\d.]+)"[^>]*? height="([\d.]+)"')
_POLYGON = re.compile(r'<polygon class="fc-shape[^"]*" points="([^"]+)"')
_TEXT = re.compile(r'<text [^>]*?y="([\d.]+)"')
_SVG_OPEN = re.compile(r"<svg [^>]*>")
_TITLE = re.compile(r"<title[^>]*>.*?</title>|<desc[^>]*>.*?</desc>", re.S)


@dataclass(frozen=True)
class Tile:
    """One page's part of a chart: chart units ``top`` to ``bottom``, and the SVG to print."""

    top: float
    bottom: float
    svg: str


def chart_size(svg: str) -> tuple[float, float]:
    """Width and height of a chart in its own units."""
    match = _VIEWBOX.search(svg)
    if match is None:
        raise ValueError("not a handbook chart: no viewBox 0 0 w h")
    return float(match.group(1)), float(match.group(2))


def blocked(svg: str) -> list[tuple[float, float]]:
    """Vertical ranges no cut may cross: every shape and every line of text."""
    ranges: list[tuple[float, float]] = []
    for y, h in _RECT.findall(svg):
        ranges.append((float(y) - CLEARANCE, float(y) + float(h) + CLEARANCE))
    for points in _POLYGON.findall(svg):
        ys = [float(p.split(",")[1]) for p in points.split()]
        ranges.append((min(ys) - CLEARANCE, max(ys) + CLEARANCE))
    for y in _TEXT.findall(svg):
        ranges.append((float(y) - 13, float(y) + 5))  # ascent and descent of a 12.5-unit label
    return sorted(ranges)


def cuts(svg: str, page_units: float) -> list[float]:
    """Where the chart is cut: the lowest free line within each page's reach, top to bottom. The
    empty strip under the last shape does not get a page of its own: when only that strip is left
    over, the last tile ends where its page does."""
    _, height = chart_size(svg)
    ranges = blocked(svg)
    content_end = min(height, max((b for _, b in ranges), default=height))

    def free(y: float) -> bool:
        return not any(a < y < b for a, b in ranges)

    def room(top: float) -> float:
        return page_units - (HEAD_UNITS if top > 0 else 0)

    out = [0.0]
    while content_end - out[-1] > room(out[-1]):
        top = out[-1]
        reach = top + room(top)
        candidates = sorted({y for a, b in ranges for y in (a, b) if top < y <= reach and free(y)})
        cut = candidates[-1] if candidates else reach  # no gap at all: cut where the page ends
        if cut <= top + 1:
            cut = reach
        out.append(cut)
    out.append(min(height, out[-1] + room(out[-1])))
    return out


def tiles(svg: str, page_units: float, scale: float = PT_PER_UNIT, titled: bool = True) -> list[Tile]:
    """The chart as tiles of at most ``page_units`` chart units each (lane header included),
    printed at ``scale`` points per unit. Each tile carries a copy of the drawing (a ``<use>`` of
    it would lose the chart's styles, which are scoped to ``svg.hb-chart``); the first one also
    the chart's title and description when ``titled`` (not where the page shows the chart too:
    their ids would be there twice)."""
    width, _ = chart_size(svg)
    bounds = cuts(svg, page_units)
    body = _TITLE.sub("", svg[svg.index(">", svg.index("<svg")) + 1: svg.rindex("</svg>")])
    title = _TITLE.findall(svg) if titled else []
    prefix = "fc-" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:10]
    out: list[Tile] = []
    for i, (top, bottom) in enumerate(zip(bounds, bounds[1:])):
        parts = []
        if i > 0:
            parts.append(_window(body, width, 0, HEAD_UNITS, "fc-tile-head", scale, f"{prefix}-clip-{i}h"))
        parts.append(_window(body, width, top, bottom - top, "fc-tile", scale, f"{prefix}-clip-{i}",
                             title[0] if i == 0 and title else ""))
        out.append(Tile(top, bottom, "".join(parts)))
    return out


def _window(body: str, width: float, top: float, height: float, cls: str, scale: float, clip: str,
            title: str = "") -> str:
    """The chart seen through a window: a ``viewBox`` over its part, clipped to it (a PDF renderer
    need not clip an inline SVG to its box, and the drawing must not spill over the lane header)."""
    w, h = width * scale, height * scale
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart {cls}" viewBox="0 {top:g} {width:g} {height:g}" '
        f'width="{w:.1f}pt" height="{h:.1f}pt" role="img" data-search-exclude="">{title}'
        f'<defs><clipPath id="{clip}"><rect x="0" y="{top:g}" width="{width:g}" height="{height:g}"/></clipPath></defs>'
        f'<g clip-path="url(#{clip})">{body}</g></svg>'
    )
