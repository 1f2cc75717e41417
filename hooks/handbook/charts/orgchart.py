"""The organization chart (架构图): superior → centre → units → positions with headcounts, as SVG.

A top-down tree: the centre's superior (``organization.reports_to``) on top, the centre below it,
its units side by side, and under each unit its positions as an indented list hanging from a spine,
each with its headcount. Plain lines (reporting lines have no direction to show), the same style
sheet and colour rules as the flowcharts (see ``chartsvg``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from handbook.charts.chartsvg import chart_id, figure, num, svg_open, text_line
from handbook.data.model import Organization
from handbook.charts.textwidth import wrap

FONT, LINE, PAD = 12.0, 16.0, 8.0
COL_W, COL_GAP, INDENT = 128.0, 20.0, 18.0
LEVEL_GAP, ITEM_GAP, MARGIN = 30.0, 10.0, 12.0


@dataclass(frozen=True)
class OrgBox:
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]  # the wrapped name, then the headcount line if any
    strong: bool = False
    name_lines: int = 1

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


def _box(x: float, y: float, w: float, text: str, extra: str, strong: bool = False) -> OrgBox:
    name = wrap(text, w - 2 * PAD, FONT * 1.06)  # names are bold
    lines = name + ([extra] if extra else [])
    return OrgBox(x, y, w, 2 * PAD + len(lines) * LINE, tuple(lines), strong, len(name))


def _draw(box: OrgBox) -> list[str]:
    cls = "fc-shape fc-term" if box.strong else "fc-shape"
    out = [f'<rect class="{cls}" x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" height="{num(box.h)}" rx="3"/>']
    for i, line in enumerate(box.lines):
        cls = "fc-strong" if i < box.name_lines else "fc-small"
        out.append(text_line(box.cx, box.y + PAD + i * LINE + 12, line, cls=cls))
    return out


@dataclass(frozen=True)
class OrgLayout:
    width: float
    height: float
    boxes: tuple[OrgBox, ...]
    lines: str  # the path data of all reporting lines
    total: int
    superior: str


def org_layout(org: Organization, titles: Mapping[str, str], headcounts: Mapping[str, int] | None = None) -> OrgLayout:
    """Place the boxes and reporting lines of the chart (see :func:`render_org_chart`)."""
    names = {p.id: p.title for p in org.partners} | dict(titles)
    counts = dict(headcounts or {})

    def count(role: str, default: int) -> int:
        return counts.get(role, default)

    total = sum(count(p.role, p.headcount) for u in org.units for p in u.positions)
    width = 2 * MARGIN + len(org.units) * COL_W + (len(org.units) - 1) * COL_GAP
    top_w = min(COL_W * 1.4, width - 2 * MARGIN)
    superior = names.get(org.reports_to, org.reports_to)
    boss = _box((width - top_w) / 2, MARGIN, top_w, superior, "")
    center = _box((width - top_w) / 2, boss.y + boss.h + LEVEL_GAP, top_w, org.center, f"编制 {total} 人", True)
    unit_y = center.y + center.h + LEVEL_GAP
    units = []
    for i, unit in enumerate(org.units):
        people = sum(count(p.role, p.headcount) for p in unit.positions)
        units.append(_box(MARGIN + i * (COL_W + COL_GAP), unit_y, COL_W, unit.name, f"{people} 人"))
    unit_h = max(u.h for u in units)
    units = [replace(u, h=unit_h) for u in units]

    bus_y = center.y + center.h + LEVEL_GAP / 2
    path = f"M{num(boss.cx)} {num(boss.y + boss.h)}V{num(center.y)}"
    path += f"M{num(center.cx)} {num(center.y + center.h)}V{num(bus_y)}"
    path += f"M{num(units[0].cx)} {num(bus_y)}H{num(units[-1].cx)}"
    boxes = [boss, center, *units]
    bottom = unit_y + unit_h
    for unit, box in zip(org.units, units):
        path += f"M{num(box.cx)} {num(bus_y)}V{num(box.y)}"
        y = box.y + box.h + ITEM_GAP
        spine = box.x + INDENT / 2
        mid = y
        for position in unit.positions:
            name = names.get(position.role, position.role)
            item = _box(box.x + INDENT, y, COL_W - INDENT, name, f"{count(position.role, position.headcount)} 人")
            boxes.append(item)
            mid = item.y + item.h / 2
            path += f"M{num(spine)} {num(mid)}H{num(item.x)}"
            y = item.y + item.h + ITEM_GAP
        path += f"M{num(spine)} {num(box.y + box.h)}V{num(mid)}"
        bottom = max(bottom, y - ITEM_GAP)
    return OrgLayout(width, bottom + MARGIN, tuple(boxes), path, total, superior)


def render_org_chart(
    org: Organization,
    titles: Mapping[str, str],
    headcounts: Mapping[str, int] | None = None,
    *,
    title: str | None = None,
) -> str:
    """A ``<figure class="orgchart">`` with the structure chart of the centre.

    ``titles``: role or partner id -> display title (partners missing here use their own
    ``title`` from the organization, anything else its id); ``headcounts``: role id -> headcount,
    overriding ``Position.headcount`` (e.g. figures recomputed from the number of households);
    ``title``: caption and accessible name, by default "<centre>组织架构图".
    """
    chart = org_layout(org, titles, headcounts)
    caption = title or f"{org.center}组织架构图"
    positions = sum(len(u.positions) for u in org.units)
    desc = (
        f"{chart.superior}领导{org.center}，中心下设{'、'.join(u.name for u in org.units)}，"
        f"共 {positions} 个岗位、编制 {chart.total} 人。"
    )
    svg = svg_open(chart.width, chart.height, chart_id("oc", caption, org.center), caption, desc)
    svg.append(f'<path class="fc-edge" d="{chart.lines}"/>')
    for box in chart.boxes:
        svg += _draw(box)
    svg.append("</svg>")
    return figure(svg, caption, "orgchart")
