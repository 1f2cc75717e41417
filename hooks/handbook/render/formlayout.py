"""How a blank form is laid out on A4: its rows, which way round it is printed, and how tightly.

A single-sheet form is a grid of label / writing-space pairs, two fields a row unless a field needs
the width (a text area, a choice, several lines). A register (登记簿) is a table whose columns are
the fields; a wide one is printed on A4 landscape. A long single-sheet form is set tighter so that
it still fits one sheet; the height estimate below mirrors the print sizes in print.css (row
heights, the height of one writing line) and is checked against the browser by tests/render/test_print.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from handbook.data.model import Form, FormField

#: A register with this many columns or more (序号 included) is printed on A4 landscape.
LANDSCAPE_COLUMNS = 7

#: Height available to a form sheet on A4 portrait (mm): the page area (297 − 12 − 11) less the
#: room kept at its foot for the print stamp (13), less a safety margin for fonts and rounding.
SHEET_ROOM_MM = 252.0


@dataclass(frozen=True)
class Density:
    """Print sizes of one density of the form grid (mm), as set in print.css."""

    name: str
    row: float  # a row of short fields (td height incl. padding)
    section: float  # a section title row
    choice: float  # a row of choice boxes (one line)
    line: float  # one writing line of a text area
    pad: float  # vertical padding of a cell (top + bottom)
    text_line: float  # one line of label text
    label_chars: int  # characters of a label that fit one line of its cell


DENSITIES = (
    Density("normal", row=8.0, section=7.2, choice=8.1, line=6.5, pad=2.4, text_line=4.7, label_chars=7),
    Density("compact", row=6.6, section=6.0, choice=6.9, line=5.2, pad=1.6, text_line=4.3, label_chars=7),
)
HEAD_MM = 26.5  # sheet head, title and number line above the grid
CHOICE_CHARS = 40  # characters of choice options (plus boxes) that fit one line across the grid


def is_wide(field: FormField) -> bool:
    """A field that takes a whole row of the grid."""
    return field.kind in ("textarea", "choice") or field.lines > 1


def sheet_rows(form: Form) -> list[tuple[str | None, list[list[FormField]]]]:
    """The grid of a single-sheet form: per section its title and its rows of one or two fields."""
    out: list[tuple[str | None, list[list[FormField]]]] = []
    for section in form.sections:
        rows: list[list[FormField]] = []
        pending: list[FormField] = []
        for field in section.fields:
            if is_wide(field):
                if pending:
                    rows.append(pending)
                    pending = []
                rows.append([field])
            else:
                pending.append(field)
                if len(pending) == 2:
                    rows.append(pending)
                    pending = []
        if pending:
            rows.append(pending)
        out.append((section.title, rows))
    return out


def blank_lines(field: FormField) -> int:
    """Writing lines of a field that gets more than one (0 for the others)."""
    if field.kind == "textarea" or field.lines > 1:
        return max(field.lines, 2)
    return 0


def _field_height(field: FormField, d: Density) -> float:
    label = d.pad + math.ceil(len(field.label) / d.label_chars) * d.text_line
    lines = blank_lines(field)
    if lines:
        space = d.pad + lines * d.line
    elif field.kind == "choice":
        chars = sum(len(o) + 2 for o in field.options)
        space = d.choice + (math.ceil(chars / CHOICE_CHARS) - 1) * d.text_line
    else:
        space = d.row
    return max(label, space, d.row)


def sheet_height(form: Form, density: Density) -> float:
    """Estimated printed height (mm) of a single-sheet form's sheet at a density."""
    height = HEAD_MM
    for title, rows in sheet_rows(form):
        if title:
            height += density.section
        for row in rows:
            height += max(_field_height(f, density) for f in row)
    return height


def form_density(form: Form) -> str:
    """The roomiest density at which the form fits one sheet; a form that fits at none of them
    takes two sheets anyway, and gets the roomiest (more space to write)."""
    if form.rows:
        return DENSITIES[0].name
    for density in DENSITIES:
        if sheet_height(form, density) <= SHEET_ROOM_MM:
            return density.name
    return DENSITIES[0].name


def form_sheets(form: Form) -> int:
    """A4 sheets the blank form is expected to take (a register always fits one)."""
    if form.rows:
        return 1
    density = next(d for d in DENSITIES if d.name == form_density(form))
    return max(1, math.ceil(sheet_height(form, density) / SHEET_ROOM_MM))


def form_orientation(form: Form) -> str:
    """``landscape`` for a wide register (many columns of handwriting), else ``portrait``."""
    if not form.rows:
        return "portrait"
    columns = 1 + sum(len(section.fields) for section in form.sections)
    return "landscape" if columns >= LANDSCAPE_COLUMNS else "portrait"
