"""What the flowcharts and the organization chart share when written out as SVG.

Numbers are written with at most one decimal and no trailing zeros, so the same layout always
gives the same bytes. Every chart is drawn in one dark ink on its own white paper (a background
rectangle), so it reads the same in the light and the dark scheme (where it sits on the page as
a white card) and prints in black on white. Greys are the ink at a low opacity, and meaning never
rests on colour: shapes differ by outline (diamonds, rounded terminators, the off-page pentagon).
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

FONT_FAMILY = '"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif'

#: One style sheet for all charts (an inline SVG's <style> applies to the whole page: every class
#: is prefixed ``fc-`` and scoped to ``svg.hb-chart``; repeated copies are identical). Charts are
#: dark ink on their own white paper, the same on screen in either scheme and on paper.
INK, PAPER = "#1f2328", "#fff"
STYLE = (
    f"svg.hb-chart{{font-family:{FONT_FAMILY};font-size:12px;color:{INK};display:block;margin:0 auto;height:auto}}"
    "svg.hb-chart text{fill:currentColor}"
    f"svg.hb-chart .fc-paper{{fill:{PAPER}}}"
    "svg.hb-chart .fc-frame{fill:none;stroke:currentColor;stroke-width:1.2}"
    "svg.hb-chart .fc-head{fill:currentColor;fill-opacity:.09}"
    "svg.hb-chart .fc-band{fill:currentColor;fill-opacity:.035}"
    "svg.hb-chart .fc-sep{fill:none;stroke:currentColor;stroke-opacity:.45;stroke-width:1}"
    f"svg.hb-chart .fc-shape{{fill:{PAPER};stroke:currentColor;stroke-width:1.4}}"
    "svg.hb-chart .fc-term{stroke-width:2.2}"
    "svg.hb-chart .fc-edge{fill:none;stroke:currentColor;stroke-width:1.3;stroke-linejoin:round}"
    "svg.hb-chart .fc-arrow{fill:currentColor}"
    "svg.hb-chart .fc-tag{fill:none;stroke:currentColor;stroke-width:.9}"
    "svg.hb-chart .fc-lane{font-size:12.5px;font-weight:700}"
    "svg.hb-chart .fc-num{font-weight:700}"
    "svg.hb-chart .fc-branch{font-size:11px;font-weight:700}"
    f"svg.hb-chart .fc-halo{{fill:{PAPER}}}"
    "svg.hb-chart .fc-small{font-size:10px}"
    "svg.hb-chart .fc-strong{font-weight:700}"
    "@media print{svg.hb-chart{color:#000}}"
)


def num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros, never ``-0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def esc(text: str) -> str:
    """Text content or an attribute value, escaped for XML."""
    return escape(text, {'"': "&quot;"})


def chart_id(kind: str, *parts: str) -> str:
    """A stable id prefix for the <title> and <desc> of one chart (unique on a page in practice)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{digest}"


def svg_open(width: float, height: float, ident: str, title: str, desc: str) -> list[str]:
    """The opening of an accessible chart, up to and including its <style>.

    ``--chart-w`` is the drawn width: the screen styles show the chart at that size, so its
    labels stay at 10 px or more, and let it scroll sideways in its figure; print scales it to
    the page.

    ``data-search-exclude`` keeps the chart out of the search index: its labels repeat the
    page's step table, cut where the lines wrap (整改按期完 / 成), and would add a copy of every
    step to the flowchart section's entry. The figure's caption stays searchable.
    """
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart" viewBox="0 0 {num(width)} {num(height)}"'
        f' width="100%" style="max-width:{num(width)}px;--chart-w:{num(width)}px" role="img" data-search-exclude=""'
        f' aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{esc(title)}</title>',
        f'<desc id="{ident}-desc">{esc(desc)}</desc>',
        f"<style>{STYLE}</style>",
        f'<rect class="fc-paper" width="{num(width)}" height="{num(height)}"/>',
    ]


def text_line(x: float, y: float, text: str, *, anchor: str = "middle", cls: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{num(x)}" y="{num(y)}"{anchor_attr}{attrs}>{esc(text)}</text>'


def figure(svg: list[str], caption: str, cls: str) -> str:
    """Wrap the SVG lines in a <figure>: one HTML block without blank lines, for Markdown."""
    lines = [f'<figure class="{cls}">', *svg, f"<figcaption>{esc(caption)}</figcaption>", "</figure>"]
    return "\n".join(line for line in lines if line.strip())
