"""The front-desk checklists: one A4 sheet per procedure (``checklists/<id>.md``) and the page that
prints them all, one per sheet, for the binder at the desk (``checklists/all.md``).

A sheet carries its own header (estate, procedure number and title, document number, revision,
effective date, and a QR code to the live page when the site has a public address), the fill-in
fields of the procedure, the items with real boxes and their time limits, and the sign-off lines.
"""

from __future__ import annotations

from handbook.manual.manual import Manual
from handbook.render.markup import attr, heading, inline
from handbook.manual.numbering import sop_code, sop_heading
from handbook.render.printing import checklist_density, qr_block
from handbook.render.stamp import pending_notice, print_stamp
from handbook.data.timelimit import parse_time_limit

ALL_PAGE = "checklists/all.md"
ALL_TITLE = "打印全部检查单"
SIGN_OFF = ("经办人", "复核人", "日期")


def _fill(label: str) -> str:
    return f'<span class="fill"><span class="fill-label">{attr(label)}</span><span class="fill-line"></span></span>'


def _item_limit(manual: Manual, time_limit: str | None, commitment: str | None) -> str | None:
    if time_limit:
        return parse_time_limit(time_limit).label
    if commitment:
        return manual.lookup("commitment", commitment)
    return None


def _box(n: int, interactive: bool) -> str:
    """A box to tick: on a single checklist a real checkbox (kept per page), in the binder only ink."""
    box = '<span class="box" aria-hidden="true"></span>'
    if interactive:
        return f'<input type="checkbox" data-item="{n}">' + box
    return box


def checklist_sheet(manual: Manual, sop_id: str, *, site_url: str | None = None, interactive: bool = True) -> str:
    """The sheet itself, as one raw HTML block."""
    sop = manual.sops[sop_id]
    lk = manual.lookup
    estate = manual.handbook.estate
    ident = f' data-checklist="{attr(sop_id)}"' if interactive else f' data-sheet="{attr(sop_id)}"'
    html = [f'<div class="checklist-sheet density-{checklist_density(sop)}"{ident}>']
    html.append(
        '<div class="sheet-head"><div class="sheet-id">'
        f'<span class="sheet-estate">{attr(estate.name)} · {attr(manual.organization.center)}</span>'
        f'<span class="sheet-title">{inline(sop_heading(manual, sop_id))} · 前台检查单</span>'
        f'<span class="sheet-code">文件编号 {attr(sop_code(manual, sop_id))} · 版号/改次 {attr(sop.revision)}'
        f" · 生效日期 {sop.effective_date.isoformat()}</span></div>"
        f"{qr_block(site_url, f'checklists/{sop_id}.md', 'sheet-qr')}</div>"
    )
    html.append('<div class="sheet-fields">' + "".join(_fill(f) for f in sop.checklist_fields) + "</div>")
    html.append('<div class="checklist-groups">')
    n = 0
    for group in sop.checklist:
        html.append(f'<div class="checklist-group"><p class="group-title">{inline(group.title)}</p><ul class="checklist">')
        for item in group.items:
            n += 1
            limit = _item_limit(manual, item.time_limit, item.commitment)
            badge = f'<span class="limit">{attr(limit)}</span>' if limit else ""
            html.append(
                f"<li><label>{_box(n, interactive)}"
                f'<span class="item-text">{inline(item.text, lk)}</span>{badge}</label></li>'
            )
        html.append("</ul></div>")
    html.append("</div>")
    html.append('<div class="sheet-sign">' + "".join(_fill(label) for label in SIGN_OFF) + "</div>")
    html.append("</div>")
    return "\n".join(html) + "\n"


def checklist_page(manual: Manual, sop_id: str, site_url: str | None = None) -> str:
    """A one-page A4 checklist: header, fill-in fields, boxes to tick, sign-off, stamp."""
    sop = manual.sops[sop_id]
    return "\n".join(part for part in [
        heading(f"{sop.title} · 检查单"),
        pending_notice(manual, sop_id),  # on screen: printing keeps the sheet alone (print.css)
        checklist_sheet(manual, sop_id, site_url=site_url),
        f"[返回程序：{inline(sop_heading(manual, sop_id))}](../sops/{sop_id}.md) · "
        f"[{ALL_TITLE}](all.md)\n{{: .screen-only }}\n",
        print_stamp(manual, sop_code(manual, sop_id), sop.revision, sop.effective_date, manual.role_title(sop.owner)),
    ] if part)


def all_checklists_page(manual: Manual, site_url: str | None = None) -> str:
    """Every checklist, one per A4 sheet (CSS page breaks), for the binder at the front desk."""
    hb = manual.handbook
    count = len(manual.sops)
    intro = (
        f'<div class="print-intro screen-only"><p>下面是全部 {count} 张前台检查单，打印时每张一页，共 {count} 页。'
        "请用 A4 纸、默认页边距打印，并勾选“背景图形”。</p>"
        f'<p><button type="button" class="md-button md-button--primary" data-print>{ALL_TITLE}</button></p></div>\n'
    )
    sheets = "".join(
        checklist_sheet(manual, sop_id, site_url=site_url, interactive=False) for sop_id in manual.sops
    )
    return "\n".join([
        heading(ALL_TITLE),
        intro,
        f'<div class="checklist-binder">\n{sheets}</div>\n',
        print_stamp(manual, None, hb.revision, hb.effective_date),
    ])
