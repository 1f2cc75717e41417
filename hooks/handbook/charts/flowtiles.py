"""A tall flowchart on paper: cut into page-high tiles at a readable scale.

The swimlane charts are 240–938 units wide (``flowcolumns`` keeps them within A4 landscape at this
scale) and up to 3,000 tall, with labels of 10–12.5 units.
Scaled to fit one A4 page their labels come out near 4 pt. On paper they are printed instead at a
fixed scale (:data:`PT_PER_UNIT`, so the smallest label is 8 pt and step text 9.6 pt) and cut into
tiles, one per page, each cut in a gap between the shapes (a box, an arrowhead or a label is never
split; only lines cross a cut). Every tile after the first repeats the lane header, so each page
reads on its own.

Where to cut is read from the chart's geometry (``flowlayout.Layout``: the shapes, the arrowheads,
the branch labels, the header's height), and each tile is drawn from it by the functions that draw
the chart itself (``flowchart.pool`` and ``flowchart.body``), seen through a window on its part.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from handbook.charts.chartsvg import STYLE, esc, num
from handbook.charts.flowchart import ARROW_LENGTH, Chart, Window, body, pool
from handbook.charts.flowlayout import Box, Connector, Layout

#: Points per chart unit on paper: the smallest label (10 units) prints at 8 pt.
PT_PER_UNIT = 0.8
#: Room kept above and below a shape when choosing a cut (units).
CLEARANCE = 4.0
#: How far past its window a tile draws the lines crossing its edge (units): the clip cuts them there.
MARGIN = 2.0
#: Width and height (pt) a tile may take on A4 portrait and on A4 landscape, in the PDF and in
#: the browser's print (margins of 12–15 mm, the running head or stamp, the heading or 续 line).
PORTRAIT_AREA = (510.0, 690.0)
LANDSCAPE_AREA = (751.0, 450.0)


@dataclass(frozen=True)
class Tile:
    """One page's part of a chart: chart units ``top`` to ``bottom``, and the SVG to print."""

    top: float
    bottom: float
    svg: str


@dataclass(frozen=True)
class Paper:
    """A chart as it goes on paper: on A4 landscape or portrait, at ``scale`` points per unit,
    in ``tiles`` of one page each."""

    landscape: bool
    scale: float
    tiles: tuple[Tile, ...]


def on_paper(chart: Chart, *, titled: bool = True) -> Paper:
    """``chart`` cut into page-high tiles for A4, portrait or landscape as its width needs. The
    tiles carry the chart's title (and the first its description) when ``titled``: not where the
    page shows the chart too, with the tiles hidden from assistive technology."""
    landscape, scale, units = paper_layout(chart.layout)
    return Paper(landscape, scale, tuple(tiles(chart, units, scale=scale, titled=titled)))


def paper_layout(layout: Layout) -> tuple[bool, float, float]:
    """How a chart goes on paper: landscape or not, points per unit, chart units per tile."""
    landscape = layout.width * PT_PER_UNIT > PORTRAIT_AREA[0]
    area_w, area_h = LANDSCAPE_AREA if landscape else PORTRAIT_AREA
    scale = min(PT_PER_UNIT, area_w / layout.width)  # only a chart wider than A4 landscape is shrunk
    return landscape, scale, area_h / scale


def blocked(layout: Layout) -> list[tuple[float, float]]:
    """Vertical ranges no cut may cross: every shape with its text, arrowhead and branch label."""
    ranges = [(0.0, layout.header_h)]
    for box in layout.boxes:  # with its tag, when that stands above it
        ranges.append((box.top - CLEARANCE, box.y + box.h + CLEARANCE))
    for c in layout.connectors:
        (_, ay), (_, by) = c.points[-2:]
        tip = by - (ARROW_LENGTH if by > ay else -ARROW_LENGTH)
        ranges.append((min(by, tip) - CLEARANCE / 2, max(by, tip) + CLEARANCE / 2))
        if c.label is not None:
            ranges.append((c.label.y - CLEARANCE / 2, c.label.y + c.label.h + CLEARANCE / 2))
    return sorted(ranges)


def _free_lines(ranges: list[tuple[float, float]]) -> list[float]:
    """The ends of the blocked stretches (overlapping ranges merged), in order: the lines a cut
    may take."""
    stretches: list[list[float]] = []
    for a, b in ranges:  # sorted by start
        if stretches and a < stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], b)
        else:
            stretches.append([a, b])
    return [y for stretch in stretches for y in stretch]


def cuts(layout: Layout, page_units: float) -> list[float]:
    """Where the chart is cut: the lowest free line within each page's reach, top to bottom. The
    empty strip under the last shape does not get a page of its own: when only that strip is left
    over, the last tile ends where its page does."""
    height = layout.height
    ranges = blocked(layout)
    lines = _free_lines(ranges)
    content_end = min(height, max((b for _, b in ranges), default=height))

    def room(top: float) -> float:
        return page_units - (layout.header_h if top > 0 else 0)

    out = [0.0]
    while content_end - out[-1] > room(out[-1]):
        top = out[-1]
        reach = top + room(top)
        index = bisect_right(lines, reach) - 1
        cut = lines[index] if index >= 0 and lines[index] > top + 1 else reach  # no gap: cut at the page's end
        out.append(cut)
    out.append(min(height, out[-1] + room(out[-1])))
    return out


def tiles(chart: Chart, page_units: float, scale: float = PT_PER_UNIT, titled: bool = True) -> list[Tile]:
    """The chart as tiles of at most ``page_units`` chart units each (lane header included),
    printed at ``scale`` points per unit; when ``titled``, the first with the chart's title and
    description, the others with the title and their place (续，第 2 / 3 页).

    Each tile draws only what lies in its part: its shapes and labels, and the pieces of the lines
    that cross it. Only the lanes, the header and the styles are repeated, a few kB a tile, so a
    chart's tiles together weigh about twice the chart, however long it is."""
    layout = chart.layout
    bounds = cuts(layout, page_units)
    count = len(bounds) - 1
    boxes: list[list[Box]] = [[] for _ in range(count)]
    lines: list[list[Connector]] = [[] for _ in range(count)]
    labels: list[list[Connector]] = [[] for _ in range(count)]

    def meets(top: float, bottom: float) -> range:
        """The tiles that the stretch ``top``–``bottom`` of the chart reaches into."""
        first = max(0, bisect_left(bounds, top - MARGIN) - 1)
        return range(first, min(count - 1, bisect_right(bounds, bottom + MARGIN) - 1) + 1)

    for box in layout.boxes:
        for i in meets(box.top, box.y + box.h):
            boxes[i].append(box)
    for c in layout.connectors:
        ys = [y for _, y in c.points]
        for i in meets(min(ys), max(ys)):
            lines[i].append(c)
        if c.label is not None:
            for i in meets(c.label.y, c.label.y + c.label.h):
                labels[i].append(c)
    lanes = ("".join(pool(layout)), "".join(pool(layout, header=False)))
    out: list[Tile] = []
    for i, (top, bottom) in enumerate(zip(bounds, bounds[1:])):
        parts = body(boxes[i], lines[i], labels[i], (top - MARGIN, bottom + MARGIN))
        named = ""
        if titled:  # what the tile shows, for a reader that does not see it
            named = (f"<title>{esc(chart.title)}</title><desc>{esc(chart.desc)}</desc>" if i == 0 else
                     f"<title>{esc(chart.title)}（续，第 {i + 1} / {count} 页）</title>")
        out.append(Tile(top, bottom, _tile(layout, (top, bottom), lanes, parts, f"{chart.ident}-tile-{i}", scale, named)))
    return out


def _tile(layout: Layout, window: Window, lanes: tuple[str, str], parts: list[str], clip: str, scale: float,
          named: str) -> str:
    """One tile's SVG: the chart's part ``window`` (clipped to it: a PDF renderer need not clip an
    inline SVG to its box, and a line must not spill over the repeated header), under a copy of
    the lane header when the part is not the chart's top. ``lanes``: the lanes drawn with and
    without the header (the part below the header has no lane names, not even clipped away:
    a PDF's text would hold them)."""
    top, bottom = window
    head = layout.header_h if top > 0 else 0.0
    width, height = layout.width, head + bottom - top
    paper = f'<rect class="fc-paper" width="{num(width)}" height="{num(layout.height)}"/>'
    clips = f'<clipPath id="{clip}"><rect x="0" y="{num(top)}" width="{num(width)}" height="{num(bottom - top)}"/></clipPath>'
    parts_svg = "".join(parts)
    drawing = (f'<g transform="translate(0 {num(head - top)})"><g clip-path="url(#{clip})">'
               f"{paper}{lanes[1] if head else lanes[0]}{parts_svg}</g></g>")
    if head:  # the header again, drawn last so that its lower rule lies over the part below
        clips += f'<clipPath id="{clip}h"><rect x="0" y="0" width="{num(width)}" height="{num(head + 0.5)}"/></clipPath>'
        drawing += f'<g clip-path="url(#{clip}h)">{paper}{lanes[0]}</g>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart fc-tile" viewBox="0 0 {num(width)} {num(height)}"'
        f' width="{width * scale:.1f}pt" height="{height * scale:.1f}pt" role="img" data-search-exclude="">'
        f"{named}<style>{STYLE}</style><defs>{clips}</defs>{drawing}</svg>"
    )
