"""The renderers' own table prints every string where fpdf2's ``FPDF.table()`` printed it.

``documents.pdf_table`` replaced ``FPDF.table()`` for speed (plain one-line cells,
fpdf2's line breaker only for text too wide for its column). These tests draw the
same rows both ways and compare where each piece of text lands on each page:
padding, a child's indent, right-aligned amounts, wrapped text, explicit line
breaks, vertical alignment, page breaks and the repeated heading row, for Latin
text (drawn without fpdf2's fragment machinery) and for Thai and Chinese (drawn by
``cell()`` with fallback faces and shaping).
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from fpdf import FontFace
from pypdf import PageObject, PdfReader

from documents.pdf_fonts import FONT, DocumentPdf, needs_shaping, pdf_bytes
from documents.pdf_table import TableCell, TableLayout, TableRow, TextStyle, draw_table

Placed = tuple[str, float, float, float]
"""A piece of text as a viewer finds it: text, x and y of its origin (pt), size (pt)."""

QUOTE_LIKE = TableLayout(
    widths=(22.0, 88.0, 12.0, 20.0, 16.0, 22.0),
    align=("L", "L", "R", "R", "R", "R"),
    line_height=4.2,
    heading_style=TextStyle(8, bold=True, fill=(235, 235, 235)),
    body_style=TextStyle(8.5),
    padding=(1.2, 1.5, 1.2, 1.5),
    v_align="TOP",
)
STATEMENT_LIKE = TableLayout(
    widths=(28.0, 117.0, 35.0),
    align=("L", "L", "R"),
    line_height=4.2,
    heading_style=TextStyle(8, bold=True, fill=(235, 235, 235)),
    body_style=TextStyle(8.5),
)
CHILD = TextStyle(8, color=(70, 70, 70))
GREY = TextStyle(8, color=(110, 110, 110))
INDENT = (1.2, 1.5, 1.2, 6.0)
LONG = "A product whose description is far too long for its column, so it wraps " * 2
THAI = "ใบเสนอราคาสำหรับบริษัท ไทยพาณิชย์ จำกัด น้ำดื่ม"
CHINESE = "北京市朝阳区 繁體字 臺灣 カタカナ"


def _quote_rows(names: list[str]) -> list[TableRow]:
    rows = []
    for index, name in enumerate(names):
        child = index % 3 == 2
        amount = f"${index * 1234.5:,.2f}"
        cells = (
            TableCell(f"SKU-{index:04d}"),
            TableCell(name, padding=INDENT if child else None),
            TableCell(str(index % 40 + 1)),
            TableCell("$12.50"),
            TableCell("" if child else f"{index % 30}%"),
            TableCell("Included" if child else amount, style=GREY if child else None),
        )
        rows.append(TableRow(cells, CHILD if child else None))
    return rows


HEADINGS = ("SKU", "Description", "Qty", "List unit price", "Discount", "Net amount")


def _face(style: TextStyle | None) -> FontFace | None:
    if style is None:
        return None
    return FontFace(
        emphasis="BOLD" if style.bold else None,
        size_pt=style.size,
        color=style.color,
        fill_color=style.fill,
    )


def _pdf(rows: list[TableRow], headings: tuple[str, ...]) -> DocumentPdf:
    texts = [*headings, *(cell.text for row in rows for cell in row.cells)]
    pdf = DocumentPdf(texts)
    pdf.set_compression(False)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font(FONT, "", 8.5)
    return pdf


def _ours(layout: TableLayout, headings: tuple[str, ...], rows: list[TableRow]) -> bytes:
    pdf = _pdf(rows, headings)
    draw_table(pdf, layout, headings, rows)
    pdf.cell(0, 5, "after the table")
    return pdf_bytes(pdf)


def _fpdf2s(layout: TableLayout, headings: tuple[str, ...], rows: list[TableRow]) -> bytes:
    pdf = _pdf(rows, headings)
    with pdf.table(
        col_widths=layout.widths,
        width=sum(layout.widths),
        align="LEFT",  # ours starts at the left margin (fpdf2 centres a narrower table)
        text_align=tuple("RIGHT" if a == "R" else "LEFT" for a in layout.align),
        borders_layout="HORIZONTAL_LINES",
        headings_style=_face(layout.heading_style),
        line_height=layout.line_height,
        padding=layout.padding,
        repeat_headings=1,
        v_align=layout.v_align,
    ) as table:
        table.row(headings)
        for row in rows:
            fpdf_row = table.row(style=_face(row.style))
            for cell in row.cells:
                if cell.padding is None:
                    fpdf_row.cell(cell.text, style=_face(cell.style))
                else:
                    fpdf_row.cell(cell.text, style=_face(cell.style), padding=cell.padding)
    pdf.cell(0, 5, "after the table")
    return pdf_bytes(pdf)


def _page_placed(page: PageObject) -> list[Placed]:
    found: list[Placed] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y, size * tm[0]))

    page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda item: (item[0], round(item[2]), round(item[1])))


def _placed(raw: bytes) -> list[list[Placed]]:
    return [_page_placed(page) for page in PdfReader(io.BytesIO(raw)).pages]


def _assert_same_places(ours: bytes, reference: bytes) -> None:
    mine, theirs = _placed(ours), _placed(reference)
    assert len(mine) == len(theirs)
    for page, (left, right) in enumerate(zip(mine, theirs, strict=True)):
        assert [item[0] for item in left] == [item[0] for item in right], page
        for a, b in zip(left, right, strict=True):
            assert abs(a[1] - b[1]) < 0.05 and abs(a[2] - b[2]) < 0.05, (page, a, b)
            assert a[3] == pytest.approx(b[3]), (page, a, b)


def test_a_long_latin_table_prints_where_fpdf2s_table_did() -> None:
    names = [f"Product number {i}" for i in range(150)]
    names[4] = LONG  # wraps
    names[7] = "Subscription\n12-month term"  # its own two lines
    names[11] = LONG  # a child that wraps, indented
    rows = _quote_rows(names)
    ours = _ours(QUOTE_LIKE, HEADINGS, rows)
    assert len(PdfReader(io.BytesIO(ours)).pages) >= 3  # the heading repeats on each
    _assert_same_places(ours, _fpdf2s(QUOTE_LIKE, HEADINGS, rows))


def test_thai_chinese_and_emoji_cells_print_where_fpdf2s_table_did() -> None:
    names = [THAI, CHINESE, f"{THAI} {CHINESE} {LONG}", "Emoji 🙂 ok", "Plain Latin"] * 12
    rows = _quote_rows(names)
    _assert_same_places(_ours(QUOTE_LIKE, HEADINGS, rows), _fpdf2s(QUOTE_LIKE, HEADINGS, rows))


def test_chinese_cells_among_latin_ones_without_shaping_print_where_fpdf2s_table_did() -> None:
    # No combining marks: no shaping, so Latin cells take the fast path while Chinese
    # ones switch to the fallback face; the digits after them must keep the main face.
    names = [CHINESE, "Plain Latin 99", f"{CHINESE} {LONG}", "Emoji 🙂 99"] * 10
    rows = _quote_rows(names)
    ours = _ours(QUOTE_LIKE, HEADINGS, rows)
    assert not needs_shaping(names)
    _assert_same_places(ours, _fpdf2s(QUOTE_LIKE, HEADINGS, rows))


def test_unpadded_middle_aligned_rows_print_where_fpdf2s_table_did() -> None:
    rows = [
        TableRow(
            (
                TableCell("CREDIT"),
                TableCell(LONG if i % 4 == 0 else f"Quote Q-{i}"),
                TableCell(f"${i * 10:,.2f}"),
            )
        )
        for i in range(90)
    ]
    headings = ("Kind", "Description", "Amount")
    _assert_same_places(
        _ours(STATEMENT_LIKE, headings, rows), _fpdf2s(STATEMENT_LIKE, headings, rows)
    )


def test_a_heading_wider_than_its_column_wraps_as_before() -> None:
    narrow = replace(QUOTE_LIKE, widths=(14.0, 120.0, 14.0), align=("L", "L", "R"))
    headings = ("Net unit price", "Description", "List unit price")
    rows = [TableRow((TableCell("1"), TableCell("x"), TableCell("$1.00")))]
    _assert_same_places(_ours(narrow, headings, rows), _fpdf2s(narrow, headings, rows))


def test_an_empty_table_prints_its_heading_only() -> None:
    raw = _ours(STATEMENT_LIKE, ("Kind", "Description", "Amount"), [])
    assert [item[0] for item in _placed(raw)[0]] == sorted(
        ["Kind", "Description", "Amount", "after the table"]
    )
