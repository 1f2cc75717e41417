"""The page of one record form (``forms/<id>.md``): what it is for, and the blank sheet to print."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import (
    appendix_nav, by_group, data_source, downloads_block, form_link, group_nav, group_of, handbook_doc, sop_link,
)
from handbook.render.markup import Md, doc_no, inline, table
from handbook.data.model import Form
from handbook.manual.numbering import form_code
from handbook.render.spec import BookPlace, Doc, PageSpec, SiteOptions
from handbook.render.formlayout import (
    blank_lines, form_density, form_orientation, register_layout, sheet_cuts, sheet_rows,
)
from handbook.render.printing import qr_block
from handbook.render.stamp import PRINT_BUTTON, pending_mark, print_stamp, source_note
from handbook.render.templating import render


def used_by(manual: Manual, form_id: str) -> list[str]:
    """Procedures that fill in this form (in a step or as an extra record)."""
    return list(manual.form_users.get(form_id, []))


def form_sheet(manual: Manual, form_id: str) -> Md:
    """The blank sheet to print: a grid of label / writing space (two fields a row unless a field
    needs the width), or for a register (登记簿) a table whose columns are the fields, with empty
    rows to fill in (:func:`formlayout.register_layout`: as many as fit one sheet, each entry on
    two lines when the columns do not fit across it in one). The form pages and the PDFs print it. A form too long for one sheet runs on to
    more sheets, each from the section :func:`formlayout.sheet_cuts` chooses."""
    form: Form = manual.forms[form_id]
    rows = sheet_rows(form)
    bounds = (0, *sheet_cuts(form), len(rows))
    return render(
        "form_sheet.html", form=form, form_id=form_id, orientation=form_orientation(form),
        density=form_density(form), estate=manual.handbook.estate.name, center=manual.organization.center,
        code=form_code(manual, form_id),
        sheets=[rows[a:b] for a, b in zip(bounds, bounds[1:])], blank_lines=blank_lines, pending=pending_mark(),
        register=register_layout(form) if form.rows else None,
    ) + Md("\n")


def form_page(manual: Manual, form_id: str, site_url: str | None = None) -> Md:
    """The form's page: what it is for, who uses it, the sheet; in the book, the sheet alone."""
    if urls.on_paper():
        return Md('<div class="md-typeset">{}</div>\n').format(form_sheet(manual, form_id))
    form = manual.forms[form_id]
    code = form_code(manual, form_id)
    users = used_by(manual, form_id)
    meta = [f"表格编号 {code}", f"保存期限 {form.retention}", f"保管岗位 {manual.role_title(form.keeper)}"]
    if form.copies:
        meta.append(form.copies)
    out = [
        inline(form.purpose, manual.lookup) + Md("\n"),
        Md('<p class="form-meta">{}</p>\n').format(Md(" · ").join(inline(m) for m in meta)),
    ]
    if users:
        out.append(Md("使用本表的程序：") + Md("、").join(sop_link(manual, s) for s in users) + Md("\n"))
    out.append(PRINT_BUTTON)
    out.append(form_sheet(manual, form_id))
    out.append(source_note(f"forms/{form_id}.yaml"))
    qr = qr_block(site_url, urls.form(form_id), "print-qr")
    out.append(print_stamp(manual, code, manual.handbook.revision, manual.handbook.effective_date, qr=qr,
                           button=False))
    return Md("\n").join(out)


#: The forms no procedure uses, last in the form index.
OTHER_FORMS = "其他表格"
#: The navigation section of the forms, inside the appendices.
SECTION = "记录表格"


def form_groups(manual: Manual) -> list[tuple[str | None, list[str]]]:
    """The forms by the procedure group of the first procedure that uses them (as ``sop_groups``);
    forms no procedure uses come last, under 其他表格."""
    groups = manual.sop_groups()
    if groups[0][0] is None:
        return [(None, list(manual.forms))]
    group_of_sop = {s: title for title, ids in groups for s in ids}
    out: dict[str | None, list[str]] = {title: [] for title, _ in groups}
    out[OTHER_FORMS] = []
    for form_id in manual.forms:
        users = manual.form_users.get(form_id)
        out[group_of_sop[users[0]] if users else OTHER_FORMS].append(form_id)
    return [(title, ids) for title, ids in out.items() if ids]


def forms_index(manual: Manual, downloads: dict[str, str] | None = None) -> Md:
    users = manual.form_users

    def rows(ids: list[str]) -> Md:
        return table(["编号", "表格名称", "保存期限", "使用程序"], [[
            doc_no(form_code(manual, f)), form_link(manual, f), inline(form.retention),
            Md("、").join(sop_link(manual, s, numbered=False) for s in users.get(f, [])),
        ] for f in ids for form in [manual.forms[f]]])

    return (Md("每张表格都可以打印为空白表单。\n\n")
            + downloads_block(downloads or {}, ("forms",))
            + by_group(form_groups(manual), rows))


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    appendix = appendix_nav(manual)
    nav = None if appendix is None else (*appendix, SECTION)
    doc = handbook_doc(manual)
    yield PageSpec(urls.FORMS_INDEX, "记录表格", "index", lambda: forms_index(manual, dict(options.downloads)),
                   nav=nav, nav_title="表格目录", sheets=("forms",),
                   book=BookPlace(30, "forms", doc, level=2, bookmark="记录表格（空白）", cls="appendix-page"))
    groups = form_groups(manual)
    group = group_of(groups)
    for form_id, form in manual.forms.items():
        code = form_code(manual, form_id)
        yield PageSpec(
            urls.form(form_id), form.title, "form",
            lambda form_id=form_id: form_page(manual, form_id, options.site_url),  # type: ignore[misc]
            nav=None if nav is None else (*nav, *group_nav(groups, group[form_id])), nav_title=f"{code} {form.title}",
            source=data_source(manual, "forms", form_id), sheets=("forms",),
            book=BookPlace(31, f"form-{form_id}", Doc(code, doc.revision, doc.effective), level=3,
                           bookmark=f"{code} {form.title}", cls="form", titled=False,
                           landscape=form_orientation(form) == "landscape"))
