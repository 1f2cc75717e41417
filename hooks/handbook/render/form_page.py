"""The page of one record form (``forms/<id>.md``): what it is for, and the blank sheet to print."""

from __future__ import annotations

from handbook.manual.manual import Manual
from handbook.render.markup import Md, heading, inline
from handbook.data.model import Form
from handbook.manual.numbering import form_code, sop_heading
from handbook.render.formlayout import blank_lines, form_density, form_orientation, sheet_rows
from handbook.render.printing import qr_block
from handbook.render.stamp import print_stamp, source_note
from handbook.render.templating import render


def used_by(manual: Manual, form_id: str) -> list[str]:
    """Procedures that fill in this form (in a step or as an extra record)."""
    return list(manual.form_users.get(form_id, []))


def form_sheet(manual: Manual, form_id: str) -> Md:
    """The blank sheet to print: a grid of label / writing space (two fields a row unless a field
    needs the width), or for a register (登记簿) a table whose columns are the fields, with empty
    rows to fill in."""
    form: Form = manual.forms[form_id]
    return render(
        "form_sheet.html", form=form, form_id=form_id, orientation=form_orientation(form),
        density=form_density(form), estate=manual.handbook.estate.name, center=manual.organization.center,
        code=form_code(manual, form_id), fields=[f for s in form.sections for f in s.fields],
        grid_rows=sheet_rows(form), blank_lines=blank_lines,
    ) + Md("\n")


def form_page(manual: Manual, form_id: str, site_url: str | None = None) -> Md:
    form = manual.forms[form_id]
    code = form_code(manual, form_id)
    users = used_by(manual, form_id)
    meta = [f"表格编号 {code}", f"保存期限 {form.retention}", f"保管岗位 {manual.role_title(form.keeper)}"]
    if form.copies:
        meta.append(form.copies)
    out = [
        heading(form.title),
        inline(form.purpose, manual.lookup) + Md("\n"),
        Md('<p class="form-meta">{}</p>\n').format(Md(" · ").join(inline(m) for m in meta)),
    ]
    if users:
        out.append(Md("使用本表的程序：") + Md("、").join(
            Md("[{}](../sops/{}.md)").format(inline(sop_heading(manual, s)), s) for s in users
        ) + Md("\n"))
    out.append(form_sheet(manual, form_id))
    out.append(source_note(f"forms/{form_id}.yaml"))
    qr = qr_block(site_url, f"forms/{form_id}.md", "print-qr")
    out.append(print_stamp(manual, code, manual.handbook.revision, manual.handbook.effective_date, qr=qr))
    return Md("\n").join(out)
