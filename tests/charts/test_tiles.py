"""A flowchart on paper: page-high tiles cut from the chart's geometry (``flowtiles``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from flowchart_checks import PROCEDURES, SVG, chain, check_halos, check_ink, real_manual
from handbook.charts import flowtiles
from handbook.charts.chartsvg import STYLE
from handbook.charts.flowchart import draw
from handbook.charts.sopchart import sop_chart


def _path_ys(d: str) -> list[float]:
    """The heights a path of ``M x y``, ``H x`` and ``V y`` commands passes through."""
    ys: list[float] = []
    for command, args in re.findall(r"([MHV])([^MHV]*)", d):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            ys.append(numbers[1])
        elif command == "V":
            ys.append(numbers[0])
    return ys


@pytest.mark.parametrize("sop_id", PROCEDURES)
def test_flowchart_tiles(sop_id: str) -> None:
    """A chart is cut only between shapes, every part of it is on some tile, the lane header is
    repeated whole, and its smallest label prints at 8 pt or more."""
    chart = sop_chart(real_manual(), sop_id)
    layout = chart.layout
    paper = flowtiles.on_paper(chart)
    area_w, area_h = flowtiles.LANDSCAPE_AREA if paper.landscape else flowtiles.PORTRAIT_AREA
    assert paper.landscape == (layout.width * flowtiles.PT_PER_UNIT > flowtiles.PORTRAIT_AREA[0])
    tiles, scale, height = paper.tiles, paper.scale, layout.height
    ranges = flowtiles.blocked(layout)
    steps: Counter[str | None] = Counter()
    assert tiles[0].top == 0 and tiles[-1].bottom <= height
    # every shape and label is on a tile: only the empty strip under the last shape may be left off
    assert max(b for _, b in ranges) <= tiles[-1].bottom or tiles[-1].bottom == height
    assert len(tiles) == 1 or max(b for _, b in ranges) > tiles[-1].top + 1  # no empty last tile
    assert all(a.bottom == b.top for a, b in zip(tiles, tiles[1:]))
    for i, tile in enumerate(tiles):
        shown = tile.bottom - tile.top + (layout.header_h if tile.top else 0)
        assert shown * scale <= area_h + 0.5
        for a, b in ranges:
            assert not (a < tile.bottom < b) or tile.bottom == height, (tile.bottom, a, b)
        svg = ET.fromstring(tile.svg)
        assert tile.svg.count("<svg") == 1 and svg.get("role") == "img"
        check_ink(svg)  # black and white, like the chart
        check_halos(svg)
        assert svg.get("viewBox") == f"0 0 {layout.width:g} {shown:g}"
        assert float(svg.get("height", "").removesuffix("pt")) == pytest.approx(shown * scale, abs=0.06)
        clips = {c.get("id"): c.find(f"{SVG}rect") for c in svg.iter(f"{SVG}clipPath")}
        if tile.top:  # the lane header, whole: the clip of the repeated header holds all of it
            (head,) = [rect for ident, rect in clips.items() if ident and ident.endswith("h")]
            assert head is not None and float(head.get("height", "0")) >= layout.header_h
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")  # each says what it is
        assert title is not None and title.text == chart.title + (f"（续，第 {i + 1} / {len(tiles)} 页）" if i else "")
        assert (desc is not None and desc.text == chart.desc) == (i == 0)
        assert "<title" not in flowtiles.on_paper(chart, titled=False).tiles[i].svg
        # a tile draws its own part only: the pieces of lines within its window, its own shapes
        for path in svg.iter(f"{SVG}path"):
            if "fc-edge" in (path.get("class") or ""):
                ys = _path_ys(path.get("d", ""))
                assert tile.top - flowtiles.MARGIN <= min(ys) and max(ys) <= tile.bottom + flowtiles.MARGIN
        steps.update(g.get("data-step") for g in svg.iter(f"{SVG}g") if g.get("data-step"))
    assert steps == Counter(step.id for step in real_manual().sops[sop_id].steps), "every step on one tile"
    sizes = [float(s) for s in re.findall(r"font-size:([\d.]+)px", STYLE)]
    assert min(sizes) * scale >= 8
    assert layout.width * scale <= area_w + 0.5


def test_the_header_of_a_two_line_lane_name_is_repeated_whole() -> None:
    """客服助理（前台接待及热线） takes two lines in a narrow lane: a continuation tile shows both."""
    charts = [sop_chart(real_manual(), sop_id) for sop_id in PROCEDURES]
    two_lines = [c for c in charts if max(len(lane.lines) for lane in c.layout.lanes) == 2]
    assert two_lines
    for chart in two_lines:
        layout = chart.layout
        for tile in flowtiles.on_paper(chart).tiles[1:]:
            svg = ET.fromstring(tile.svg)
            (head,) = [g for g in svg.iter(f"{SVG}g") if (g.get("clip-path") or "").endswith("h)")]
            lines = [t for t in head.iter(f"{SVG}text") if t.get("class") == "fc-lane"]
            assert [t.text for t in lines] == [line for lane in layout.lanes for line in lane.lines]
            assert all(float(t.get("y", "0")) + 4 <= layout.header_h for t in lines)  # baseline and descent


def test_tiles_weigh_about_what_the_chart_weighs() -> None:
    """Each tile draws its own part: the tiles of a 300-step chart together are a small multiple
    of the chart (2.0 times today; when every tile copied the whole drawing, its 44 tiles were 44
    times the chart)."""
    sop, lanes = chain(300, 3)
    chart = draw(sop, lanes, limits={}, handoff_titles={}, title="长流程流程图")
    tiles = flowtiles.on_paper(chart).tiles
    assert len(tiles) >= 30
    total = sum(len(tile.svg) for tile in tiles)
    assert total <= 2.5 * len(chart.svg), (total, len(chart.svg))
    steps = Counter(g.get("data-step") for tile in tiles for g in ET.fromstring(tile.svg).iter(f"{SVG}g")
                    if g.get("data-step"))
    assert steps == Counter(step.id for step in sop.steps)
