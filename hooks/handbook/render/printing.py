"""Print helpers: the live address of a page and its QR code, and how densely a checklist is set.

The QR code is drawn at build time by segno as inline SVG (no script, no request). It is only made
when the handbook has a public ``site_url``: a printout whose code points at ``127.0.0.1`` (what
``mkdocs serve`` sets) would send the reader nowhere.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import segno

from handbook.charts import flowtiles
from handbook.charts.flowchart import Chart
from handbook.data.model import Sop
from handbook.render import urls
from handbook.render.markup import Md
from handbook.render.templating import render

#: Hosts that only mean something on the machine that built the site.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
QR_CAPTION = "扫码查看在线版本"

#: Checklist density classes, from roomy to tight: the sheet is set tighter as its content grows,
#: so every checklist stays on one A4 page without leaving anything out.
DENSITIES = ("roomy", "normal", "compact", "dense")
#: Upper bound of estimated lines for each density but the last (see :func:`checklist_lines`),
#: measured in Chromium on A4 with the sizes in print.css: a line takes 10 mm roomy, 8.6 mm
#: normal, 7.3 mm compact; dense sets two columns of 9 pt and holds about 55 lines, beyond which
#: a checklist would spill onto a second sheet.
DENSITY_LIMITS = (18, 22, 26)
#: Characters of item text that fit on one printed line of a checklist (10.5 pt on A4 portrait,
#: minus box and time-limit badge), used only to estimate how many lines an item takes.
CHARS_PER_LINE = 38


def live_base(site_url: str | None) -> str | None:
    """``site_url`` with a trailing slash, or None when there is no usable public address."""
    if not site_url:
        return None
    parts = urlsplit(site_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.hostname in LOCAL_HOSTS:
        return None
    base = site_url.strip()
    return base if base.endswith("/") else base + "/"


def page_url(site_url: str | None, page: str) -> str | None:
    """The live address of a generated page (``checklists/move-in.md`` → ``…/checklists/move-in/``).

    The handbook is built with ``use_directory_urls: true``, so ``x/index.md`` is served at ``x/``
    and ``x/y.md`` at ``x/y/``.
    """
    base = live_base(site_url)
    if base is None:
        return None
    return base + quote(urls.served(page))


@functools.lru_cache(maxsize=1024)
def qr_svg(url: str) -> Md:
    """A QR code of ``url`` as inline SVG that scales with its box (deterministic output).

    Remembered per address for the process: a page's pending editions and the comparisons of
    editions draw the same address again, and segno chooses the best of eight masks each time.

    segno draws the modules as one path and writes only our constant caption as text, so the
    SVG carries nothing of the data but the (encoded) address."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr-code", lineclass=None, title=QR_CAPTION)
    return Md(svg.strip())


def qr_block(site_url: str | None, page: str, cls: str) -> Md:
    """The QR code of a page with its caption, or nothing without a public ``site_url``."""
    url = page_url(site_url, page)
    if url is None:
        return Md()
    return render("qr.html", cls=cls, svg=qr_svg(url), caption=QR_CAPTION)


def checklist_lines(sop: Sop) -> float:
    """Estimated printed lines of a checklist's items and group titles."""
    lines = 0.0
    for group in sop.checklist:
        lines += 1.3
        for item in group.items:
            lines += 1 + (len(item.text) - 1) // CHARS_PER_LINE
    return lines


def checklist_density(sop: Sop) -> str:
    """How tightly the sheet is set: roomy for short lists, dense for the longest that still fit
    one sheet, ``long`` for a list that needs more sheets (see :func:`checklist_sheets`)."""
    lines = checklist_lines(sop)
    longest = max((item_lines(item.text) for group in sop.checklist for item in group.items), default=0)
    if lines > DENSE_LIMIT or longest > DENSE_ITEM_LIMIT:
        return LONG
    for name, limit in zip(DENSITIES, DENSITY_LIMITS):
        if lines <= limit:
            return name
    return DENSITIES[-1]


def item_lines(text: str, per_line: int = CHARS_PER_LINE) -> int:
    return 1 + max(len(text) - 1, 0) // per_line


# ---------------------------------------------------------------- checklists longer than a sheet

#: The setting of a checklist that needs more than one sheet: one column (two columns that may
#: not break made WeasyPrint take minutes and left long items unprinted), cut into sheets here,
#: each sheet after the first headed 续 with the title, document number and revision.
LONG = "long"
#: The most estimated lines the dense setting (two columns) takes on one sheet (a list of 51 with a
#: QR code prints on one sheet: test_print),
#: and the longest item it takes (a longer one would fill a column that may not break).
DENSE_LIMIT = 55
DENSE_ITEM_LIMIT = 8
#: The long setting, in millimetres of printed height, estimated on the safe side (print.css,
#: ``.density-long``: 10 pt items, line height 1.4): a line of text, an item's padding and rule, a
#: group title; what a sheet holds for items (A4 less the margins, the stamp and the 续 head), the
#: first sheet less its head and fill-in fields, the sign-off lines at the end.
LONG_CHARS_PER_LINE = 40
LONG_LINE_MM = 5.0
LONG_ITEM_MM = 2.6
LONG_GROUP_MM = 7.5
LONG_SHEET_MM = 222.0
LONG_FIRST_MM = 190.0
LONG_SIGN_MM = 24.0
#: An item longer than this many lines is cut where a sheet ends (its rest under the next 续 head).
LONG_SPLIT_LINES = 6


@dataclass(frozen=True)
class SheetItem:
    number: int
    text: str  # the item's text, or the part of it on this sheet
    limit: str | None
    part: int = 0  # 0: the item (with its box); 1, 2 …: the rest of a cut item, on the next sheets


@dataclass(frozen=True)
class SheetGroup:
    title: str
    items: tuple[SheetItem, ...]
    continued: bool = False  # the group began on an earlier sheet


@dataclass(frozen=True)
class ChecklistSheets:
    """A checklist cut into printed sheets: the groups on each sheet, and whether the sign-off
    lines begin a sheet of their own."""

    sheets: tuple[tuple[SheetGroup, ...], ...]
    sign_alone: bool = False


def checklist_sheets(groups: list[tuple[str, list[tuple[int, str, str | None]]]], long: bool) -> ChecklistSheets:
    """Where a long checklist's sheets end: items are kept whole when they fit the room left (a
    long item is cut and goes on under the next head), a group title never ends a sheet. Short
    checklists are one sheet."""
    if not long:
        return ChecklistSheets((tuple(SheetGroup(t, tuple(SheetItem(n, x, lim) for n, x, lim in items))
                                      for t, items in groups),))
    sheets: list[list[SheetGroup]] = [[]]
    room = LONG_FIRST_MM
    current: list[SheetItem] = []
    title, continued = "", False

    def close_group() -> None:
        nonlocal current
        if current:
            sheets[-1].append(SheetGroup(title, tuple(current), continued))
        current = []

    def new_sheet() -> None:
        nonlocal room, continued
        close_group()
        sheets.append([])
        room = LONG_SHEET_MM - LONG_GROUP_MM  # the group's title is repeated (续)
        continued = True

    for heading, items in groups:
        title, continued = heading, False  # what close_group() files the items under
        if room < LONG_GROUP_MM + LONG_ITEM_MM + LONG_LINE_MM and sheets[-1]:
            new_sheet()
            continued = False
        room -= LONG_GROUP_MM
        for number, text, limit in items:
            lines = item_lines(text, LONG_CHARS_PER_LINE)
            height = LONG_ITEM_MM + lines * LONG_LINE_MM
            if height <= room:
                current.append(SheetItem(number, text, limit))
                room -= height
                continue
            if lines <= LONG_SPLIT_LINES:
                new_sheet()
                current.append(SheetItem(number, text, limit))
                room -= height
                continue
            part = 0
            rest = text
            while rest:
                fits = int((room - LONG_ITEM_MM) // LONG_LINE_MM)
                if fits < 2:
                    new_sheet()
                    continue
                head, rest = cut_text(rest, fits * LONG_CHARS_PER_LINE)
                current.append(SheetItem(number, head, limit if not rest else None, part))
                room -= LONG_ITEM_MM + item_lines(head, LONG_CHARS_PER_LINE) * LONG_LINE_MM
                part += 1
                if rest:
                    new_sheet()
        close_group()
    return ChecklistSheets(tuple(tuple(s) for s in sheets if s), sign_alone=room < LONG_SIGN_MM)


_PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}")
_BOLD = re.compile(r"\*\*")
_STOPS = "。；，、！？：）」”"


def cut_text(text: str, size: int) -> tuple[str, str]:
    """``text`` cut after at most ``size`` characters, after a punctuation mark where one is near
    the end, never inside ``**bold**`` or a ``{{placeholder}}`` (their markers stay whole and
    paired; a marked span longer than a sheet goes whole to the next one)."""
    if len(text) <= size:
        return text, ""
    spans = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    marks = [m.start() for m in _BOLD.finditer(text)]
    spans += [(a, b + 2) for a, b in zip(marks[0::2], marks[1::2])]

    def safe(i: int) -> bool:
        return not any(a < i < b for a, b in spans)

    cut = next((i for i in range(size, size // 2, -1) if text[i - 1] in _STOPS and safe(i)), size)
    if not safe(cut):
        inside = next(a for a, b in spans if a < cut < b)
        cut = inside if inside > 0 else next(b for a, b in spans if a < cut < b)
    return text[:cut], text[cut:]


def printable_chart(chart: Chart) -> Md:
    """A flowchart figure for the screen plus, for the browser's print, its page-high tiles at a
    readable scale (see :mod:`handbook.charts.flowtiles`): on screen the figure scales to the
    window; on paper the figure is left out and the tiles print, one per page, on A4 landscape
    when the chart is wider than A4 portrait allows at that scale (then the whole printout is
    landscape: Chromium misplaces a fixed stamp on pages of mixed sizes). Each tile draws only its
    own part of the chart, with the chart's styles (a drawing shared by ``<use>`` would lose them:
    they are scoped to ``svg.hb-chart``, which a ``<use>`` shadow tree does not see).
    (No element inside the block has the block's own tag: Material's search parser compares
    elements by tag, and a nested one would end the exclusion from the index early.)

    The chart's SVG is drawn by :mod:`handbook.charts`, which escapes the text it writes; its
    title is data text and is escaped by the template."""
    paper = flowtiles.on_paper(chart, titled=False)
    tiles = paper.tiles
    parts = []
    for i, tile in enumerate(tiles):
        more = f"（续，第 {i + 1} / {len(tiles)} 页）" if i else (f"（共 {len(tiles)} 页）" if len(tiles) > 1 else "")
        parts.append((more, Md(tile.svg)))
    return (Md(chart.figure) + Md("\n")
            + render("chart_print.html", landscape=paper.landscape, title=chart.title, tiles=parts) + Md("\n"))


def paper_chart(sop_id: str, heading: str, chart: Chart) -> Md:
    """A procedure's flowchart in the printed book: on pages of its own, portrait if it fits across
    at the printing scale, landscape if it is wider; cut into page-high tiles that repeat the lane
    header, the first under the section's ``heading``."""
    paper = flowtiles.on_paper(chart)
    tiles = [Md(t.svg) for t in paper.tiles]  # drawn by charts, text escaped there
    return render("book/chart.html", landscape=paper.landscape, sop_id=sop_id, tiles=tiles, title=chart.title,
                  heading=heading) + Md("\n")
