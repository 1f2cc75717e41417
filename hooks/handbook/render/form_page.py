"""The page of one record form (``forms/<id>.md``): what it is for, and the blank sheet to print."""

from __future__ import annotations

from handbook.manual.manual import Manual
from handbook.render.markup import heading, attr, inline
from handbook.data.model import Form, FormField
from handbook.manual.numbering import form_code, sop_heading
from handbook.render.formlayout import blank_lines, form_density, form_orientation, second_sheet, sheet_rows
from handbook.render.printing import qr_block
from handbook.render.stamp import PRINT_BUTTON, print_stamp, source_note


def used_by(manual: Manual, form_id: str) -> list[str]:
    """Procedures that fill in this form (in a step or as an extra record)."""
    return list(manual.form_users.get(form_id, []))


def _blank(field: FormField) -> str:
    if field.kind == "choice":
        return " ".join(f'<span class="opt"><span class="box"></span>{inline(o)}</span>' for o in field.options)
    if field.kind == "date":
        return '<span class="blank-date">年　　月　　日</span>'
    if field.kind == "datetime":
        return '<span class="blank-date">年　　月　　日　　时　　分</span>'
    if field.kind == "time":
        return '<span class="blank-date">时　　分</span>'
    if field.kind == "money":
        return '<span class="blank-money">￥</span>'
    if blank_lines(field):
        return '<span class="blank-lines" style="--lines:%d"></span>' % blank_lines(field)
    return ""


def _cells(row: list[FormField]) -> str:
    if len(row) == 1:
        f = row[0]
        return f'<th>{inline(f.label)}</th><td colspan="3" class="k-{f.kind}">{_blank(f)}</td>'
    return "".join(f'<th>{inline(f.label)}</th><td class="k-{f.kind}">{_blank(f)}</td>' for f in row)


def _grid(sections: list[tuple[str | None, list[list[FormField]]]], cls: str = "form-grid") -> str:
    rows: list[str] = []
    for title, grid in sections:
        if title:
            rows.append(f'<tr class="sec"><th colspan="4">{inline(title)}</th></tr>')
        rows.extend(f"<tr>{_cells(row)}</tr>" for row in grid)
    return f'<table class="{cls}">' + "".join(rows) + "</table>"


def _title_line(form: Form, continued: bool = False) -> str:
    """The form's title with its one serial-number line beside it (on the second sheet: 续)."""
    title = inline(form.title) + ("（续）" if continued else "")
    return (f'<div class="form-title-line"><p class="form-title">{title}</p>'
            '<p class="form-no">编号：<span class="fill-line short"></span></p></div>')


def _sheet_table(form: Form) -> str:
    """A single-sheet form: label / writing space, two fields a row unless a field needs the width.
    A form too long for one sheet is cut between two sections, and its second sheet starts with
    the title (续) and the number line again, so that either sheet can be read on its own."""
    sections = sheet_rows(form)
    split = second_sheet(form)
    if split is None:
        return _grid(sections)
    return (_grid(sections[:split]) + '<div class="form-continued">' + _title_line(form, continued=True)
            + _grid(sections[split:]) + "</div>")


def _register_table(form: Form) -> str:
    """A register (登记簿): the fields are columns, with empty rows to fill in."""
    fields = [f for s in form.sections for f in s.fields]
    head = "".join(f'<th class="k-{f.kind}">{inline(f.label)}</th>' for f in fields)
    body = "".join("<tr>" + "<td></td>" * len(fields) + "</tr>" for _ in range(form.rows))
    return f'<table class="form-register"><thead><tr><th class="no">序号</th>{head}</tr></thead><tbody>' + \
        body.replace("<tr>", '<tr><td class="no"></td>') + "</tbody></table>"


def form_page(manual: Manual, form_id: str, site_url: str | None = None) -> str:
    form = manual.forms[form_id]
    code = form_code(manual, form_id)
    users = used_by(manual, form_id)
    meta = [f"表格编号 {code}", f"保存期限 {form.retention}", f"保管岗位 {manual.role_title(form.keeper)}"]
    if form.copies:
        meta.append(form.copies)
    out = [
        heading(form.title),
        f"{inline(form.purpose, manual.lookup)}\n",
        "<p class=\"form-meta\">" + " · ".join(inline(m) for m in meta) + "</p>\n",
    ]
    if users:
        out.append("使用本表的程序：" + "、".join(
            f"[{inline(sop_heading(manual, s))}](../sops/{s}.md)" for s in users
        ) + "\n")
    out.append(PRINT_BUTTON)
    out.append(form_sheet(manual, form_id) + "\n")
    out.append(source_note(f"forms/{form_id}.yaml"))
    qr = qr_block(site_url, f"forms/{form_id}.md", "print-qr")
    out.append(print_stamp(manual, code, manual.handbook.revision, manual.handbook.effective_date, qr=qr,
                               button=False))
    return "\n".join(out)


def form_sheet(manual: Manual, form_id: str) -> str:
    """The blank sheet of a form, as one raw HTML block (the form page and the PDFs print it)."""
    form = manual.forms[form_id]
    estate = manual.handbook.estate
    sheet = _register_table(form) if form.rows else _sheet_table(form)
    return (
        f'<div class="form-sheet {form_orientation(form)} density-{form_density(form)}" data-form="{attr(form_id)}">'
        f'<div class="sheet-head"><span class="sheet-estate">{attr(estate.name)} · {attr(manual.organization.center)}</span>'
        f'<span class="sheet-code">表格编号 {attr(form_code(manual, form_id))}</span></div>'
        f"{_title_line(form)}{sheet}</div>"
    )
