"""The front-desk checklists: one A4 sheet per procedure (``checklists/<id>.md``) and the page that
prints them all, one per sheet, for the binder at the desk (``checklists/all.md``).

A sheet carries its own header (estate, procedure number and title, document number, revision,
effective date, and a QR code to the live page when the site has a public address), the fill-in
fields of the procedure, the items with real boxes and their time limits, and the sign-off lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import by_group, data_source, downloads_block, group_nav, group_of, handbook_doc
from handbook.render.markup import Md, doc_no, inline, table
from handbook.manual.numbering import sop_code, sop_heading
from handbook.render.printing import LONG, checklist_density, checklist_sheets, qr_block
from handbook.render.spec import BookPlace, Doc, PageSpec, SiteOptions
from handbook.render.stamp import NO_STAMP, pending_mark, print_stamp, sheet_stamp
from handbook.render.templating import render
from handbook.data.rules import applicable_limit

ALL_TITLE = "打印全部检查单"
#: The navigation section of the checklists: right under the cover, what the front desk opens most.
SECTION = "前台检查单"
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
    density = checklist_density(sop)
    cut = checklist_sheets(groups, density == LONG)
    return render(
        "checklist_sheet.html", density=density, interactive=interactive, sop_id=sop_id,
        sheets=cut.sheets, sign_alone=cut.sign_alone,
        estate=manual.handbook.estate.name, center=manual.organization.center, heading=sop_heading(manual, sop_id),
        code=sop_code(manual, sop_id), revision=sop.revision, effective=sop.effective_date.isoformat(),
        qr=qr_block(site_url, urls.checklist(sop_id), "sheet-qr"), fields=sop.checklist_fields,
        lookup=manual.lookup, sign_off=SIGN_OFF, pending=pending_mark(),
        # in the binder each sheet carries its own revision at its foot
        stamp=NO_STAMP if interactive else sheet_stamp(
            manual, sop_code(manual, sop_id), sop.revision, sop.effective_date, manual.role_title(sop.owner)),
    ) + Md("\n")


def checklist_page(manual: Manual, sop_id: str, site_url: str | None = None) -> Md:
    """A one-page A4 checklist: header, fill-in fields, boxes to tick, sign-off, stamp; in the book,
    the sheet as the binder prints it (its own stamp at its foot)."""
    if urls.on_paper():
        return Md('<div class="md-typeset">{}</div>\n').format(checklist_sheet(manual, sop_id, interactive=False))
    sop = manual.sops[sop_id]
    return Md("\n").join(part for part in [
        checklist_sheet(manual, sop_id, site_url=site_url),
        Md("{} · {}\n{{: .screen-only }}\n").format(
            urls.link(Md("返回程序：") + inline(sop_heading(manual, sop_id)), urls.sop(sop_id)),
            urls.link(ALL_TITLE, urls.CHECKLISTS_ALL)),
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
        render("checklist_binder.html", count=len(manual.sops), title=ALL_TITLE, sheets=sheets) + Md("\n"),
    ])


def checklists_index(manual: Manual, downloads: dict[str, str] | None = None) -> Md:
    def rows(ids: list[str]) -> Md:
        return table(["检查单", "文件编号", "检查项"], [
            [urls.link(inline(sop.title), urls.checklist(s)), doc_no(sop_code(manual, s)),
             str(sum(len(g.items) for g in sop.checklist))]
            for s in ids for sop in [manual.sops[s]]])

    return (Md("每个程序一页，可在屏幕上勾选，也可打印后手写。"
            "要放进前台的检查单夹，用{}一次打印全部（每张一页）。\n\n").format(urls.link(ALL_TITLE, urls.CHECKLISTS_ALL))
            + downloads_block(downloads or {}, ("checklists",))
            + by_group(manual.sop_groups(), rows))


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    groups = manual.sop_groups()
    yield PageSpec(urls.CHECKLISTS_INDEX, "前台检查单", "index",
                   lambda: checklists_index(manual, dict(options.downloads)), nav=(SECTION,), nav_title="检查单目录",
                   sheets=("checklists",),
                   book=BookPlace(40, "checklists", handbook_doc(manual), level=2, cls="appendix-page"))
    yield PageSpec(urls.CHECKLISTS_ALL, ALL_TITLE, "binder", lambda: all_checklists_page(manual, options.site_url),
                   nav=(SECTION,))
    group = group_of(groups)
    for sop_id, sop in manual.sops.items():
        yield PageSpec(
            urls.checklist(sop_id), f"{sop.title} · 检查单", "checklist",
            lambda sop_id=sop_id: checklist_page(manual, sop_id, options.site_url),  # type: ignore[misc]
            nav=(SECTION, *group_nav(groups, group[sop_id])), nav_title=sop.title, source=data_source(manual, "sops", sop_id),
            sheets=("checklists",),
            book=BookPlace(41, f"checklist-{sop_id}", Doc(sop_code(manual, sop_id), sop.revision,
                                                          sop.effective_date.isoformat()),
                           level=3, bookmark=f"{sop.title} · 前台检查单", cls="checklist", titled=False))
