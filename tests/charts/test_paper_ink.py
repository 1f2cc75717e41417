"""Every word of a chart is visible on paper: the tiles laid out by WeasyPrint (as in the book),
rasterised by pdftoppm, and each word's box (pdftotext -bbox) checked for dark ink.

A word can be in the PDF's text and still not be seen: painted over by a white halo (WeasyPrint
ignores ``paint-order`` and paints a text's stroke over its fill), or clipped away (a repeated lane
header cut short). Text extraction finds both; only the pixels tell.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flowchart_checks import chain
from handbook.charts import flowtiles
from handbook.charts.flowchart import draw

DPI = 100
#: The page's margins (pt).
MARGIN_PT = 34
#: A pixel this dark (of 255) is ink; the charts' ink is black on paper, their greys are light.
DARK = 110
#: The share of each half of a word's box that its ink covers at the least: a CJK character at
#: 8–10 pt inks 5 % of either half or more (a lone digit "1" at 8 pt: 4 %), a white patch under 1 %.
MIN_INK = 0.03

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _weasyprint() -> object:
    for tool in ("pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is missing (apt-get install poppler-utils)")
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        pytest.skip(f"weasyprint is missing ({exc})")
    return weasyprint


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and grey pixels of a binary PGM."""
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    return int(width), int(height), pixels


def _words(pdf: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Each page's words with their boxes in points."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = out.split("<page ")[1:]
    return [[(html.unescape(m[4]), (float(m[0]), float(m[1]), float(m[2]), float(m[3]))) for m in _WORD.findall(page)]
            for page in pages]


def _ink(pdf: Path, page: int) -> tuple[int, int, bytes]:
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    return _pgm(pgm)


def _inked(pixels: bytes, width: int, xs: range, rows: range) -> float:
    """The share of dark pixels in columns ``xs`` and rows ``rows`` of a page."""
    box = [(x, y) for y in rows for x in xs]
    return sum(1 for x, y in box if pixels[y * width + x] < DARK) / max(1, len(box))


def invisible_words(pdf: Path) -> list[tuple[int, str, float]]:
    """(page, word, share inked) for every word too faint to be read: the least inked of the
    upper and the lower half of its box (a word cut in half by a clip has one half blank), 0 for
    a word outside its page."""
    faint = []
    for number, words in enumerate(_words(pdf), 1):
        width, height, pixels = _ink(pdf, number)
        for text, (x0, y0, x1, y1) in words:
            xs = range(round(x0 * DPI / 72), round(x1 * DPI / 72))
            top, bottom = round(y0 * DPI / 72), round(y1 * DPI / 72)
            middle = (top + bottom) // 2
            if xs.start < 0 or top < 0 or xs.stop > width or bottom > height:
                faint.append((number, text, 0.0))
                continue
            least = min(_inked(pixels, width, xs, range(top, middle)), _inked(pixels, width, xs, range(middle, bottom)))
            if least < MIN_INK:
                faint.append((number, text, round(least, 3)))
    return faint


def test_every_word_of_a_chart_has_ink_on_paper(tmp_path: Path) -> None:
    weasyprint = _weasyprint()
    sop, lanes = chain(45, 5)  # five lanes: 客服助理（前台接待及热线） takes two lines of the header
    chart = draw(sop, lanes, limits={"s3": "2 小时内"}, handoff_titles={}, title="长流程流程图")
    assert max(len(lane.lines) for lane in chart.layout.lanes) == 2
    paper = flowtiles.on_paper(chart)
    assert len(paper.tiles) >= 3 and sum(1 for c in chart.layout.connectors if c.label) >= 8
    size = "A4 landscape" if paper.landscape else "A4"
    page = (f"<style>@page {{ size: {size}; margin: {MARGIN_PT}pt }} body {{ margin: 0 }} div {{ break-after: page }}"
            " svg { display: block; margin: 0 auto }</style>")
    page += "".join(f"<div>{tile.svg}</div>" for tile in paper.tiles)
    pdf = tmp_path / "chart.pdf"
    weasyprint.HTML(string=page).write_pdf(pdf)  # type: ignore[attr-defined]
    words = [w for page_words in _words(pdf) for w, _ in page_words]
    assert "合格" in words and "不合格，返工" in words and "接待及热线）" in words
    assert invisible_words(pdf) == []
    # the lane header of every tile after the first is the first one's, pixel for pixel (no line
    # of a lane name cut short: a word cut in half still has ink)
    rows = int((MARGIN_PT + chart.layout.header_h * paper.scale - 1) * DPI / 72)
    width, _, first = _ink(pdf, 1)
    for number in range(2, len(paper.tiles) + 1):
        assert _ink(pdf, number)[2][: width * rows] == first[: width * rows], number
