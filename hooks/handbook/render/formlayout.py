"""How a blank form is laid out on A4: its rows, which way round it is printed, and how tightly.

A form is a grid of label / writing-space pairs, two fields a row unless a field needs the width (a
text area, a choice, several lines). A register (登记簿) is a table whose columns are the fields; a
wide one is printed on A4 landscape. Every column of a register gets at least the width its kind of
entry needs by hand (:data:`COLUMN_MM`); when they do not fit across the sheet in one line, each
entry takes two (or more) printed lines, the columns shared between the lines in order, with the
entry's number (序号) spanning them; the sheet holds as many entries as fit it (at most the data's
``rows``), so a register is always one sheet. A long form is set tighter when that saves a sheet; a form too
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
    """A4 sheets the blank form takes (a register always one: it holds the entries that fit)."""
    return 1 + len(sheet_cuts(form))


def form_orientation(form: Form) -> str:
    """``landscape`` for a wide register (many columns of handwriting), else ``portrait``."""
    if not form.rows:
        return "portrait"
    columns = 1 + sum(len(section.fields) for section in form.sections)
    return "landscape" if columns >= LANDSCAPE_COLUMNS else "portrait"


# ---------------------------------------------------------------- registers

#: Least width (mm) of a register column, by what is written in it by hand: a date 2027-01-02,
#: a date with the time, an 11-digit phone number, a signature, an amount, a word for a choice,
#: a count. A text column gets at least ``text``, and shares what is left of the line.
COLUMN_MM = {
    "date": 22.0, "datetime": 30.0, "time": 15.0, "phone": 28.0, "signature": 22.0,
    "money": 18.0, "choice": 16.0, "number": 12.0, "text": 24.0, "textarea": 36.0,
}
#: The entry number column (序号), spanning an entry's lines.
NO_MM = 10.0
#: Width (mm) of a register across the sheet: the narrower of the two engines' page areas, WeasyPrint
#: (297 − 2 × 15 landscape, 210 − 2 × 15 portrait; the browser has 273 and 186). The columns are
#: given as shares of the table, so in the browser each is a little wider than estimated.
REGISTER_WIDTH_MM = {"landscape": 267.0, "portrait": 180.0}
#: Height (mm) available to a register sheet: the lower of the browser's page area less the print
#: stamp (210 − 23 − 13, landscape) and WeasyPrint's (210 − 33), less a safety margin.
REGISTER_ROOM_MM = {"landscape": 168.0, "portrait": SHEET_ROOM_MM}
#: Height (mm) of one printed line of an entry: one line a entry, or each of two or more (print.css).
ENTRY_LINE_MM = 9.0
SPLIT_LINE_MM = 7.5
#: Column labels, as print.css sets them: character width (8.5 pt), line height (× 1.3), the
#: horizontal padding and rules of a cell, its vertical padding.
LABEL_CHAR_MM = 3.0
LABEL_LINE_MM = 3.9
LABEL_HPAD_MM = 4.0
LABEL_VPAD_MM = 2.2
#: A column's label is given the width to take this many lines, where the line has room for it.
LABEL_LINES = 2
#: Fewest entries a register sheet is worth printing with (tests hold the data to it).
MIN_ENTRIES = 6


def column_mm(field: FormField) -> float:
    """The least width of a register column for a field."""
    return COLUMN_MM[field.kind]


def _label_ems(label: str) -> float:
    return sum(0.55 if ord(c) < 0x2E80 else 1.0 for c in label)


def label_lines(label: str, width: float) -> int:
    """Lines a column label takes in a column ``width`` mm wide."""
    per_line = max(1, int((width - LABEL_HPAD_MM) / LABEL_CHAR_MM))
    return max(1, math.ceil(_label_ems(label.strip()) / per_line))


@dataclass(frozen=True)
class RegisterLayout:
    """How a register is printed: the fields on each printed line of an entry with their widths
    (mm, each line filling the table less 序号), the entries on the sheet, the header's height."""

    lines: tuple[tuple[FormField, ...], ...]
    widths: tuple[tuple[float, ...], ...]
    width: float
    entries: int
    header: float

    @property
    def line_mm(self) -> float:
        return ENTRY_LINE_MM if len(self.lines) == 1 else SPLIT_LINE_MM

    @property
    def height(self) -> float:
        """Estimated height of the sheet (mm): its head, the header, the entries."""
        return HEAD_MM + self.header + self.entries * len(self.lines) * self.line_mm

    def grid(self) -> tuple[list[float], list[list[tuple[FormField, int]]]]:
        """The table's columns as shares of its width (%, 序号 first), and on each line its fields
        with how many of those columns each spans: the edges of all lines' columns, merged."""
        edges: set[float] = set()
        per_line = []
        for widths in self.widths:
            at, line_edges = NO_MM, []
            for w in widths:
                at += w
                line_edges.append(round(at, 1))
            line_edges[-1] = self.width
            edges.update(line_edges)
            per_line.append(line_edges)
        bounds = [NO_MM, *sorted(edges)]
        cols = [NO_MM, *(b - a for a, b in itertools.pairwise(bounds))]
        spans = []
        for fields, line_edges in zip(self.lines, per_line):
            spans.append([(f, bounds.index(b) - bounds.index(a))
                          for f, a, b in zip(fields, [NO_MM, *line_edges], line_edges)])
        return [round(100 * c / self.width, 3) for c in cols], spans


def label_mm(label: str, lines: int) -> float:
    """Width a column needs for its label to take at most ``lines`` lines."""
    return LABEL_HPAD_MM + math.ceil(_label_ems(label.strip()) / lines) * LABEL_CHAR_MM


def _widths(fields: tuple[FormField, ...], room: float) -> tuple[float, ...]:
    """Widths of one line's columns filling ``room``: each its least width; of the rest, first what
    a column needs for its label to take two lines at most (shared in proportion when there is not
    enough for all), then the text columns share what is left (all columns, when the line has none)."""
    widths = [column_mm(f) for f in fields]
    wants = [max(0.0, label_mm(f.label, LABEL_LINES) - w) for f, w in zip(fields, widths)]
    spare = room - sum(widths)
    share = min(1.0, spare / sum(wants)) if sum(wants) else 0.0
    widths = [w + want * share for w, want in zip(widths, wants)]
    spare = room - sum(widths)
    growing = [i for i, f in enumerate(fields) if f.kind in ("text", "textarea")] or list(range(len(fields)))
    return tuple(w + (spare / len(growing) if i in growing else 0.0) for i, w in enumerate(widths))


def _split(fields: tuple[FormField, ...], count: int, room: float) -> tuple[tuple[FormField, ...], ...] | None:
    """The fields in order on ``count`` lines, each line's least widths within ``room``, shared as
    evenly as they can be (the widest line as narrow as it can be; ties: the earlier cut)."""
    best: tuple[float, tuple[tuple[FormField, ...], ...]] | None = None
    for cuts in itertools.combinations(range(1, len(fields)), count - 1):
        bounds = (0, *cuts, len(fields))
        lines = tuple(fields[a:b] for a, b in itertools.pairwise(bounds))
        widest = max(sum(column_mm(f) for f in line) for line in lines)
        if widest <= room and (best is None or widest < best[0]):
            best = (widest, lines)
    return None if best is None else best[1]


def register_layout(form: Form) -> RegisterLayout:
    """The layout of a register: as few printed lines an entry as give every column its least
    width, the columns shared fairly between the lines; as many entries as fit one sheet (at most
    the data's ``rows``)."""
    orientation = form_orientation(form)
    width = REGISTER_WIDTH_MM[orientation]
    room = width - NO_MM
    fields = tuple(f for s in form.sections for f in s.fields)
    lines = next(found for count in range(1, len(fields) + 1) for found in [_split(fields, count, room)] if found)
    widths = tuple(_widths(line, room) for line in lines)
    header = sum(LABEL_VPAD_MM + LABEL_LINE_MM * max(label_lines(f.label, w) for f, w in zip(line, ws))
                 for line, ws in zip(lines, widths))
    layout = RegisterLayout(lines, widths, width, 0, header)
    free = REGISTER_ROOM_MM[orientation] - layout.height
    entries = min(form.rows, int(free // (len(lines) * layout.line_mm)))
    return RegisterLayout(lines, widths, width, entries, header)
