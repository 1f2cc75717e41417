"""The front-desk checklists: one A4 sheet per procedure (``checklists/<id>.md``) and the page that
prints them all, one per sheet, for the binder at the desk (``checklists/all.md``).

A sheet carries its own header (estate, procedure number and title, document number, revision,
effective date, and a QR code to the live page when the site has a public address), the fill-in
fields of the procedure, the items with real boxes and their time limits, and the sign-off lines.
"""

from __future__ import annotations

from handbook.manual.manual import Manual
from handbook.render.markup import Md, heading, inline
from handbook.manual.numbering import sop_code, sop_heading
from handbook.render.printing import checklist_density, qr_block
from handbook.render.stamp import NO_STAMP, pending_notice, print_stamp, sheet_stamp
from handbook.render.templating import render
from handbook.data.rules import applicable_limit

ALL_PAGE = "checklists/all.md"
ALL_TITLE = "打印全部检查单"
SIGN_OFF = ("经办人", "复核人", "日期")


def _item_limit(manual: Manual, time_limit: str | None, commitment: str | None) -> str | None:
    limit = applicable_limit(manual.commitments, time_limit, commitment)
    return limit.label if limit else None


def checklist_sheet(manual: Manual, sop_id: str, *, site_url: str | None = None, interactive: bool = True) -> Md:
    """The sheet itself, as one raw HTML block. On a single checklist each box is a real checkbox
    (ticks belong to one run, see handbook.js); in the binder (``interactive=False``) only ink, and
    the sheet's own stamp at its foot."""
    sop = manual.sops[sop_id]
    groups = []
    n = 0
    for group in sop.checklist:
        items = []
        for item in group.items:
            n += 1
            items.append((n, item.text, _item_limit(manual, item.time_limit, item.commitment)))
        groups.append((group.title, items))
    return render(
        "checklist_sheet.html", density=checklist_density(sop), interactive=interactive, sop_id=sop_id,
        estate=manual.handbook.estate.name, center=manual.organization.center, heading=sop_heading(manual, sop_id),
        code=sop_code(manual, sop_id), revision=sop.revision, effective=sop.effective_date.isoformat(),
        qr=qr_block(site_url, f"checklists/{sop_id}.md", "sheet-qr"), fields=sop.checklist_fields,
        groups=groups, lookup=manual.lookup, sign_off=SIGN_OFF,
        # in the binder each sheet carries its own revision at its foot
        stamp=NO_STAMP if interactive else sheet_stamp(
            manual, sop_code(manual, sop_id), sop.revision, sop.effective_date, manual.role_title(sop.owner)),
    ) + Md("\n")


def checklist_page(manual: Manual, sop_id: str, site_url: str | None = None) -> Md:
    """A one-page A4 checklist: header, fill-in fields, boxes to tick, sign-off, stamp."""
    sop = manual.sops[sop_id]
    return Md("\n").join(part for part in [
        heading(f"{sop.title} · 检查单"),
        pending_notice(manual, sop_id),  # on screen: printing keeps the sheet alone (print.css)
        checklist_sheet(manual, sop_id, site_url=site_url),
        Md("[返回程序：{}](../sops/{}.md) · [{}](all.md)\n{{: .screen-only }}\n").format(
            inline(sop_heading(manual, sop_id)), sop_id, ALL_TITLE),
        print_stamp(manual, sop_code(manual, sop_id), sop.revision, sop.effective_date, manual.role_title(sop.owner),
                    button=False),
    ] if part)


def all_checklists_page(manual: Manual, site_url: str | None = None) -> Md:
    """Every checklist, one per A4 sheet (CSS page breaks), for the binder at the front desk.

    The sheets have no boxes to tick on screen (ticks belong to one run of one checklist), and no
    stamp fixed at the page foot: each sheet's own foot gives its procedure's revision and the
    binder's print date."""
    sheets = Md("").join(
        checklist_sheet(manual, sop_id, site_url=site_url, interactive=False) for sop_id in manual.sops
    )
    return Md("\n").join([
        heading(ALL_TITLE),
        render("checklist_binder.html", count=len(manual.sops), title=ALL_TITLE, sheets=sheets) + Md("\n"),
    ])
