"""Print helpers: the live address of a page and its QR code, and how densely a checklist is set.

The QR code is drawn at build time by segno as inline SVG (no script, no request). It is only made
when the handbook has a public ``site_url``: a printout whose code points at ``127.0.0.1`` (what
``mkdocs serve`` sets) would send the reader nowhere.
"""

from __future__ import annotations

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


def qr_svg(url: str) -> Md:
    """A QR code of ``url`` as inline SVG that scales with its box (deterministic output).

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
    """How tightly the sheet is set: roomy for short lists, dense for the longest ones."""
    lines = checklist_lines(sop)
    for name, limit in zip(DENSITIES, DENSITY_LIMITS):
        if lines <= limit:
            return name
    return DENSITIES[-1]


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
