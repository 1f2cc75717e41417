"""How a blank form is laid out on A4: its rows, which way round it is printed, and how tightly.

A form is a grid of label / writing-space pairs, two fields a row unless a field needs the width (a
text area, a choice, several lines). A register (登记簿) is a table whose columns are the fields; a
wide one is printed on A4 landscape. A long form is set tighter when that saves a sheet; a form too
long for one sheet is cut between sections into as few sheets as hold it, shared fairly. The height
estimate below mirrors the print sizes in print.css (row heights, the height of one writing line)
and is checked against the browser by tests/render/test_print.py (each form prints on exactly
:func:`form_sheets` A4 pages).
"""

from __future__ import annotations

import itertools
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
HEAD_MM = 21.0  # sheet head, and the title with the number line beside it, above the grid
#: Each sheet after the first of a long form starts with a head of its own (title 续, number line).
CONTINUED_HEAD_MM = 12.0
CHOICE_CHARS = 40  # characters of choice options (plus boxes) that fit one line across the grid
#: A choice whose options (plus their boxes) take at most this many characters fits half a row.
SHORT_CHOICE_CHARS = 14
#: Every sheet has a serial-number line (编号：____) beside its title; a field of the data with
#: this label is the same number and is not printed a second time in the grid.
SERIAL_LABEL = "编号"


def _choice_chars(field: FormField) -> int:
    return sum(len(o) + 2 for o in field.options)


def is_wide(field: FormField) -> bool:
    """A field that takes a whole row of the grid (a short choice, like 满意/较满意/不满意, does not)."""
    if field.kind == "choice":
        return _choice_chars(field) > SHORT_CHOICE_CHARS
    return field.kind == "textarea" or field.lines > 1


def is_serial(field: FormField) -> bool:
    """The form's own serial number, printed once, on the number line beside the title."""
    return field.label.strip() == SERIAL_LABEL


def sheet_rows(form: Form) -> list[tuple[str | None, list[list[FormField]]]]:
    """The grid of a form: per section its title and its rows of one or two fields."""
    out: list[tuple[str | None, list[list[FormField]]]] = []
    for section in form.sections:
        rows: list[list[FormField]] = []
        pending: list[FormField] = []
        for field in section.fields:
            if is_serial(field):
                continue
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
        space = d.choice + (math.ceil(_choice_chars(field) / CHOICE_CHARS) - 1) * d.text_line
    else:
        space = d.row
    return max(label, space, d.row)


def _section_heights(form: Form, density: Density) -> list[float]:
    heights = []
    for title, rows in sheet_rows(form):
        height = density.section if title else 0.0
        for row in rows:
            height += max(_field_height(f, density) for f in row)
        heights.append(height)
    return heights


def sheet_height(form: Form, density: Density) -> float:
    """Estimated printed height (mm) of a form on one (long enough) sheet at a density."""
    return HEAD_MM + sum(_section_heights(form, density))


def _cut(heights: list[float], sheets: int) -> tuple[float, tuple[int, ...]] | None:
    """The fairest cut of the sections into ``sheets`` sheets: the sections each sheet after the
    first starts with, chosen so that the fullest sheet is as empty as it can be (ties: the earlier
    cut), with its height; None when no cut into that many sheets fits them."""
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(heights)), sheets - 1):
        bounds = (0, *cuts, len(heights))
        fullest = max((HEAD_MM if i == 0 else CONTINUED_HEAD_MM) + sum(heights[a:b])
                      for i, (a, b) in enumerate(itertools.pairwise(bounds)))
        if fullest <= SHEET_ROOM_MM and (best is None or fullest < best[0]):
            best = (fullest, cuts)
    return best


def _sheet_cuts(form: Form, density: Density) -> tuple[int, ...] | None:
    """The cuts of the fewest sheets that hold the form at a density (whole sections on each)."""
    heights = _section_heights(form, density)
    for sheets in range(1, len(heights) + 1):
        found = _cut(heights, sheets)
        if found is not None:
            return found[1]
    return None  # a section taller than a sheet: no cut between sections holds it


def form_density(form: Form) -> str:
    """The roomiest density at which the form takes the fewest sheets it can take at any density:
    one sheet if it fits one set tight; a form too long for one sheet gets the room to write
    unless a tighter setting saves a whole sheet."""
    if form.rows:
        return DENSITIES[0].name
    counts = [(len(cuts) if cuts is not None else math.inf, d.name)
              for d in DENSITIES for cuts in [_sheet_cuts(form, d)]]
    fewest = min(n for n, _ in counts)
    return next(name for n, name in counts if n == fewest)


def sheet_cuts(form: Form) -> tuple[int, ...]:
    """The sections with which the second, third … sheet of a form too long for one sheet start
    (empty for a form on one sheet, and for a register). The sections are shared between as few
    sheets as hold them, so that each sheet is worth its paper (never a last sheet with two lines
    on it); each sheet after the first repeats the title (续) and the number line."""
    if form.rows:
        return ()
    density = next(d for d in DENSITIES if d.name == form_density(form))
    return _sheet_cuts(form, density) or ()


def form_sheets(form: Form) -> int:
    """A4 sheets the blank form takes (a register always fits one)."""
    return 1 + len(sheet_cuts(form))


def form_orientation(form: Form) -> str:
    """``landscape`` for a wide register (many columns of handwriting), else ``portrait``."""
    if not form.rows:
        return "portrait"
    columns = 1 + sum(len(section.fields) for section in form.sections)
    return "landscape" if columns >= LANDSCAPE_COLUMNS else "portrait"
