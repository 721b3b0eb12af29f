"""A fast table for the PDF renderers: plain one-line cells, wrapping only where text is too wide.

fpdf2's ``FPDF.table()`` lays out every cell twice with ``multi_cell`` (once to
measure the row, once to draw it) and its line breaker looks at every
character: a 1,000-line quote spent 97% of its time there. Almost every cell of
a quote is a SKU, a number or a short name that fits its column, so this table
measures each line of a cell's text first and draws it with a plain ``cell()``
when it fits; only a line wider than its column goes through ``multi_cell``'s
line breaker (``dry_run``), once, for the lines it wraps into.

It draws what ``FPDF.table(borders_layout="HORIZONTAL_LINES")`` draws: the same
column positions, padding (a side without padding keeps fpdf2's cell margin),
line height, vertical alignment, heading fill, a rule between rows, and the
heading row repeated at the top of every page the table continues on; a row is
never split across pages. Fonts, fallback faces (Thai, Chinese, emoji) and text
shaping are the document's own: every string is drawn by fpdf2's ``cell()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from documents.pdf_fonts import FONT

Color = tuple[int, int, int]
Padding = tuple[float, float, float, float]
"""Top, right, bottom, left, in mm (clockwise, as in CSS and fpdf2)."""
BLACK: Color = (0, 0, 0)


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a cell's text prints: size in points, bold or not, colour; a fill behind it."""

    size: float
    bold: bool = False
    color: Color = BLACK
    fill: Color | None = None


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell; ``style`` and ``padding`` default to the row's and the table's."""

    text: str
    style: TextStyle | None = None
    padding: Padding | None = None


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[TableCell, ...]
    style: TextStyle | None = None
    """Default: the table's body style."""


@dataclass(frozen=True, slots=True)
class TableLayout:
    widths: tuple[float, ...]
    """Column widths in mm, left to right, from the left margin."""
    align: tuple[Literal["L", "R"], ...]
    line_height: float
    heading_style: TextStyle
    body_style: TextStyle
    padding: Padding = (0.0, 0.0, 0.0, 0.0)
    v_align: Literal["TOP", "MIDDLE"] = "MIDDLE"


def plain_row(texts: Iterable[str], style: TextStyle | None = None) -> TableRow:
    """A row of cells in the row's style and the table's padding."""
    return TableRow(tuple(TableCell(text) for text in texts), style)


class _PlacedCell(NamedTuple):
    """A cell measured: the lines it prints, in which style, and where."""

    lines: tuple[str, ...]
    style: TextStyle
    left: float
    """Where text starts, from the column's left edge (padding or fpdf2's cell margin)."""
    width: float
    """Room for the text between the cell's left and right padding."""
    top: float
    height: float
    """The text block's height plus its vertical padding."""


class _PlacedRow(NamedTuple):
    """A row measured: its cells, its height (the tallest cell's) and its fill."""

    cells: tuple[_PlacedCell, ...]
    height: float
    fill: Color | None


class TextMeasure:
    """String widths in mm for the PDF's current font, cached per font, size and string.

    A text whose characters all have a glyph in the current face and that needs
    no shaping is the sum of its glyph widths (what fpdf2 computes too, without
    building its text fragments); anything else (fallback faces, HarfBuzz shaping)
    asks fpdf2.
    """

    def __init__(self, pdf: FPDF) -> None:
        self._pdf = pdf
        self._cache: dict[tuple[str, str, float, str], float] = {}
        self._glyphs: dict[str, frozenset[str]] = {}

    def is_plain(self, text: str) -> bool:
        """Whether the current face draws every character of ``text`` and nothing is shaped."""
        font = self._pdf.current_font
        if font is None or self._pdf.text_shaping:
            return False
        glyphs = self._glyphs.get(font.fontkey)
        if glyphs is None:
            glyphs = frozenset(map(chr, getattr(font, "cmap", ())))
            self._glyphs[font.fontkey] = glyphs
        return glyphs.issuperset(text)

    def width(self, text: str) -> float:
        pdf = self._pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, text)
        known = self._cache.get(key)
        if known is not None:
            return known
        if self.is_plain(text) and pdf.current_font is not None:
            widths = pdf.current_font.cw
            measured = sum(widths[ord(char)] for char in text) * pdf.font_size_pt * 0.001 / pdf.k
        else:
            measured = pdf.get_string_width(text)
        self._cache[key] = measured
        return measured


def draw_table(
    pdf: FPDF,
    layout: TableLayout,
    headings: Sequence[str],
    rows: Sequence[TableRow],
    measure: TextMeasure | None = None,
) -> None:
    """Draw the table from the current y at the left margin; y ends below its last row."""
    measure = measure or TextMeasure(pdf)
    font = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
    text_color = pdf.text_color
    heading = _place(pdf, layout, plain_row(headings, layout.heading_style), measure, heading=True)
    placed = [_place(pdf, layout, row, measure) for row in rows]
    try:
        first = heading.height + (placed[0].height if placed else 0)
        if pdf.will_page_break(first):  # never a heading alone at the foot of a page
            pdf.add_page()
        _draw_row(pdf, layout, heading, measure, rule=bool(placed))
        for index, row in enumerate(placed):
            if pdf.will_page_break(row.height):
                pdf.add_page()
                _draw_row(pdf, layout, heading, measure, rule=True)
            _draw_row(pdf, layout, row, measure, rule=index < len(placed) - 1)
    finally:
        pdf.set_font(*font)
        pdf.set_text_color(text_color)
    pdf.set_x(pdf.l_margin)


def _use(pdf: FPDF, style: TextStyle, *, color: bool = True) -> None:
    pdf.set_font(FONT, "B" if style.bold else "", style.size)
    if color:
        pdf.set_text_color(*style.color)


def _place(
    pdf: FPDF, layout: TableLayout, row: TableRow, measure: TextMeasure, *, heading: bool = False
) -> _PlacedRow:
    """Each cell's lines and the row's height, measured in the style each cell prints in."""
    row_style = row.style or (layout.heading_style if heading else layout.body_style)
    cells = []
    height = 0.0
    for cell, column_width in zip(row.cells, layout.widths, strict=True):
        style = cell.style or row_style
        top, right, bottom, left = cell.padding or layout.padding
        # fpdf2 keeps its cell margin on a side without padding.
        left, right = left or pdf.c_margin, right or pdf.c_margin
        width = column_width - left - right
        lines: tuple[str, ...] = ()
        text_height = 0.0
        if cell.text:
            _use(pdf, style, color=False)
            lines = _lines(pdf, cell.text, width, layout.line_height, measure)
            text_height = len(lines) * layout.line_height + top + bottom
            height = max(height, text_height)
        cells.append(_PlacedCell(lines, style, left, width, top, text_height))
    fill = row_style.fill
    return _PlacedRow(tuple(cells), height or layout.line_height, fill)


def _lines(
    pdf: FPDF, text: str, width: float, line_height: float, measure: TextMeasure
) -> tuple[str, ...]:
    """The lines ``text`` prints as in a column ``width`` wide: its own lines when each fits,
    else the lines fpdf2's line breaker (word wrap, as ``multi_cell``) makes of it."""
    own = tuple(text.split("\n"))
    if all(own) and all(measure.width(line) <= width for line in own):
        return own
    wrapped = pdf.multi_cell(  # without padding, fpdf2 keeps a cell margin on either side
        width + 2 * pdf.c_margin, line_height, text, dry_run=True, output=MethodReturnValue.LINES
    )
    return tuple(wrapped)


def _draw_row(
    pdf: FPDF, layout: TableLayout, row: _PlacedRow, measure: TextMeasure, *, rule: bool
) -> None:
    """A row at the current y: its fill, its text, and the rule under it.

    A line all of whose characters the current face draws, in a document without
    shaping, is written with ``FPDF.text()`` at the very spot ``cell()`` would put
    it (the same baseline formula): ``cell()`` would spend its time preparing fallback
    faces and fragments the line does not need. Any other line goes through ``cell()``.
    """
    top = pdf.y
    left = pdf.l_margin
    table_width = sum(layout.widths)
    if row.fill is not None:
        fill_color = pdf.fill_color
        pdf.set_fill_color(*row.fill)
        pdf.rect(left, top, table_width, row.height, style="F")
        pdf.set_fill_color(fill_color)
    x = left
    style: TextStyle | None = None
    line_height = layout.line_height
    for cell, column_width, align in zip(row.cells, layout.widths, layout.align, strict=True):
        if cell.lines:
            if cell.style != style:
                style = cell.style
                _use(pdf, style)
            y = top + cell.top
            if layout.v_align == "MIDDLE":
                y += (row.height - cell.height) / 2
            baseline = 0.5 * line_height + 0.3 * pdf.font_size
            for line in cell.lines:
                if measure.is_plain(line):
                    shift = cell.width - measure.width(line) if align == "R" else 0.0
                    pdf.text(x + cell.left + shift, y + baseline, line)
                else:
                    # cell() keeps its cell margin inside the box: widen the box by it
                    pdf.set_xy(x + cell.left - pdf.c_margin, y)
                    pdf.cell(cell.width + 2 * pdf.c_margin, line_height, line, align=align)
                y += line_height
        x += column_width
    if rule:
        pdf.line(left, top + row.height, left + table_width, top + row.height)
    pdf.set_xy(left, top + row.height)


__all__ = [
    "TableCell",
    "TableLayout",
    "TableRow",
    "TextMeasure",
    "TextStyle",
    "draw_table",
    "plain_row",
]
