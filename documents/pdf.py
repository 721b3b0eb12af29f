"""Render a quote as an A4 PDF with the Noto fonts shipped in ``documents/fonts``.

Thai, Chinese, Latin and emoji print as written (``documents.pdf_fonts``); every
string goes through ``pdf_safe_text`` first (see ``documents.pdf_text``), so no
input can make the renderer fail. The page carries the seller and the
customer with their addresses, each term-priced line's term, a DRAFT mark while
the quote is not yet approved, and an acceptance block for the customer to
sign. Output is deterministic: the PDF creation date is the quote's issue date,
never the clock, so the same quote gives the same bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Literal

from fpdf import FPDF, XPos, YPos

from documents.formatting import (
    ACCEPTANCE_TEXT,
    COLUMN_TITLES,
    DRAFT_MARK,
    DRAFT_NOTICE,
    SIGNATURE_FIELDS,
    LineView,
    TotalsView,
    address_lines,
    heading,
    line_views,
    long_date,
    paragraphs,
    totals_view,
)
from documents.pdf_fonts import FONT, DocumentPdf, pdf_bytes
from documents.pdf_table import (
    TableCell,
    TableLayout,
    TableRow,
    TextMeasure,
    TextStyle,
    draw_table,
)
from documents.pdf_text import pdf_safe_text
from documents.quote_document import QuoteDocument

GREY = (110, 110, 110)
WATERMARK_GREY = (225, 225, 225)
TABLE_WIDTH = 180.0
"""Millimetres between A4's 15 mm side margins."""
COLUMN_LIMITS = ((16, 34), None, (10, 18), (16, 32), (14, 18), (16, 32), (18, 34))
"""(min, max) mm per column; the description (None) takes what the others leave."""
MIN_DESCRIPTION_WIDTH = 45.0
COLUMN_ALIGN: tuple[Literal["L", "R"], ...] = ("L", "L", "R", "R", "R", "R", "R")
CELL_PADDING = (1.2, 1.5, 1.2, 1.5)
CHILD_NAME_PADDING = (1.2, 1.5, 1.2, 6.0)
CHILD_STYLE = TextStyle(8, color=(70, 70, 70))
INCLUDED_STYLE = TextStyle(8, color=GREY)
TOTALS_WIDTH = 85.0
PAGE_COUNT_ALIAS = "\x1fpages\x1f"
"""Stands for the page count until the PDF is closed. Not fpdf2's default "{nb}":
fpdf2 substitutes the alias in *all* text, and control characters are the one
thing ``pdf_safe_text`` guarantees customer text never contains."""
SELLER_WIDTH = 80.0


class _QuotePdf(DocumentPdf):
    """An FPDF page with the quote's running header and "Page n of N" footer."""

    def __init__(self, running_title: str, draft: bool, texts: tuple[str, ...]) -> None:
        super().__init__(texts)
        self.alias_nb_pages(PAGE_COUNT_ALIAS)
        self._running_title = running_title
        self._draft = draft

    def header(self) -> None:
        """A draft's watermark on every page; who/what on every page after the first."""
        if self._draft:
            self._watermark()
        if self.page_no() == 1:
            return
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 5, self._running_title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)
        self.set_text_color(0)

    def _watermark(self) -> None:
        """A large pale diagonal DRAFT, drawn first so the content prints over it."""
        self.set_font(FONT, "B", 110)
        self.set_text_color(*WATERMARK_GREY)
        width = self.get_string_width(DRAFT_MARK)
        x, y = (self.w - width) / 2, self.h / 2 + 15
        with self.rotation(55, x=self.w / 2, y=self.h / 2):
            self.text(x, y, DRAFT_MARK)
        self.set_text_color(0)

    def footer(self) -> None:
        """Page n of N; fpdf2 replaces the alias once the page count is known."""
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"Page {self.page_no()} of {PAGE_COUNT_ALIAS}", align="C")
        self.set_text_color(0)


def render_pdf(doc: QuoteDocument, locale: str = "en_US", *, compress: bool = True) -> bytes:
    """The quote as A4 PDF bytes; ``compress=False`` keeps text searchable (tests)."""
    title = pdf_safe_text(heading(doc))
    views = line_views(doc.lines, doc.currency, locale)
    pdf = _QuotePdf(
        running_title=f"{title} - {pdf_safe_text(doc.account_name)}",
        draft=doc.is_draft,
        texts=(title, *_texts(doc, locale, views)),
    )
    pdf.set_compression(compress)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    # The metadata is written as UTF-16 too: the same safe text as the page, or a lone
    # surrogate in a quote's name fails the whole document.
    pdf.set_title(pdf_safe_text(doc.number))
    pdf.set_subject(pdf_safe_text(doc.name))
    pdf.set_author(pdf_safe_text(doc.prepared_by))
    pdf.set_creator("DealDesk")
    pdf.set_lang(locale.replace("_", "-"))
    pdf.set_creation_date(datetime.combine(doc.issued_on, time(), tzinfo=UTC))
    pdf.add_page()

    _header(pdf, doc, title, locale)
    _lines_table(pdf, views)
    _totals(pdf, totals_view(doc, locale), doc.currency)
    _text_section(pdf, "Notes", doc.customer_notes)
    _text_section(pdf, "Terms", doc.terms)
    if doc.clauses:
        _section_title(pdf, "Clauses")
        for clause in doc.clauses:
            _clause(pdf, clause.title, clause.body)
    _acceptance(pdf, doc)
    return pdf_bytes(pdf)


def _texts(doc: QuoteDocument, locale: str, views: tuple[LineView, ...]) -> Iterator[str]:
    """Every string the document prints that is not fixed English: typed or formatted.

    Formatted amounts and dates count too: a locale or currency may bring
    characters of their own ("฿", "2025年3月3日").
    """
    yield from (doc.name, doc.account_name, doc.account_address, doc.prepared_by, doc.status)
    yield from (doc.seller.name, doc.seller.address, doc.terms, doc.customer_notes)
    yield from (long_date(doc.issued_on, locale), long_date(doc.valid_until, locale))
    yield from dataclasses.astuple(totals_view(doc, locale))
    for view in views:
        yield from view.cells
    for clause in doc.clauses:
        yield clause.title
        yield clause.body


def _seller(pdf: FPDF, doc: QuoteDocument) -> float:
    """The seller's name and address at the top right; returns the block's bottom."""
    lines = address_lines(doc.seller.address)
    top = pdf.get_y()
    if not doc.seller.name and not lines:
        return top
    left = pdf.w - pdf.r_margin - SELLER_WIDTH
    if doc.seller.name:
        pdf.set_xy(left, top)
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(
            SELLER_WIDTH,
            5,
            pdf_safe_text(doc.seller.name),
            align="R",
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*GREY)
    for line in lines:
        pdf.set_x(left)
        pdf.multi_cell(
            SELLER_WIDTH, 4, pdf_safe_text(line), align="R", new_x=XPos.LEFT, new_y=YPos.NEXT
        )
    pdf.set_text_color(0)
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin, top)
    return bottom


def _header(pdf: FPDF, doc: QuoteDocument, title: str, locale: str) -> None:
    """Seller, title, quote name, a draft notice, and the who/when block."""
    seller_bottom = _seller(pdf, doc)
    title_width = pdf.w - pdf.l_margin - pdf.r_margin
    if seller_bottom > pdf.get_y():
        title_width -= SELLER_WIDTH + 5
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(title_width, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(title_width, 6, pdf_safe_text(doc.name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    if doc.is_draft:
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(180, 0, 0)
        pdf.cell(title_width, 6, DRAFT_NOTICE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0)
    pdf.set_y(max(pdf.get_y(), seller_bottom))
    pdf.ln(3)
    customer = "\n".join((doc.account_name, *address_lines(doc.account_address)))
    facts = (
        ("Customer", customer),
        ("Prepared by", doc.prepared_by),
        ("Issued", long_date(doc.issued_on, locale)),
        ("Valid until", long_date(doc.valid_until, locale)),
        ("Status", doc.status),
    )
    for label, value in facts:
        _grey_label(pdf, label)
        pdf.set_font(FONT, "B", 9)
        for line in pdf_safe_text(value).split("\n"):
            pdf.set_x(pdf.l_margin + 30)
            pdf.multi_cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)


def _grey_label(pdf: FPDF, label: str) -> None:
    """``label`` in grey in the 30 mm column the header's facts and the signature lines stand
    beside, leaving the colour black for what follows (the two blocks line up on it)."""
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(30, 5, label)
    pdf.set_text_color(0)


def _acceptance(pdf: FPDF, doc: QuoteDocument) -> None:
    """The customer's acceptance: a sentence, then lines to sign, kept on one page."""
    if pdf.will_page_break(62):
        pdf.add_page()
    _section_title(pdf, "Acceptance")
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(
        0,
        4.8,
        pdf_safe_text(f"{ACCEPTANCE_TEXT} ({doc.account_name})"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(2)
    for label in SIGNATURE_FIELDS:
        pdf.ln(6)
        _grey_label(pdf, label)
        bottom = pdf.get_y() + 5
        pdf.line(pdf.l_margin + 30, bottom, pdf.l_margin + 120, bottom)
        pdf.ln(5)


def _column_widths(
    pdf: FPDF, rows: list[tuple[str, ...]], measure: TextMeasure
) -> tuple[float, ...]:
    """Widths that fit the widest cell of each column, within its limits.

    Amounts are sized to their longest formatted value so a figure is not broken
    across two lines; the description column absorbs the difference (and wraps).
    A heading wider than its column's limit wraps at its spaces.
    """
    padding = CELL_PADDING[1] + CELL_PADDING[3] + 0.5
    pdf.set_font(FONT, "B", 8)
    needed = [measure.width(title) + padding for title in COLUMN_TITLES]
    pdf.set_font(FONT, "", 8.5)
    for row in rows:
        for index, text in enumerate(row):
            longest = max(text.split("\n"), key=len, default="")
            needed[index] = max(needed[index], measure.width(longest) + padding)
    widths = [
        min(max(width, limits[0]), limits[1]) if limits else 0.0
        for width, limits in zip(needed, COLUMN_LIMITS, strict=True)
    ]
    others = sum(widths)
    if TABLE_WIDTH - others < MIN_DESCRIPTION_WIDTH:  # extreme values: everyone gives a bit
        widths = [width * (TABLE_WIDTH - MIN_DESCRIPTION_WIDTH) / others for width in widths]
    widths[1] = TABLE_WIDTH - sum(widths)
    return tuple(widths)


def _row(view: LineView, texts: tuple[str, ...]) -> TableRow:
    """A line's row: a bundle option smaller, greyer and indented under its parent."""
    cells = []
    for index, text in enumerate(texts):
        if view.is_child and index == 1:
            cells.append(TableCell(text, padding=CHILD_NAME_PADDING))
        elif view.included and index == 6:
            cells.append(TableCell(text, style=INCLUDED_STYLE))
        else:
            cells.append(TableCell(text))
    return TableRow(tuple(cells), CHILD_STYLE if view.is_child else None)


def _lines_table(pdf: FPDF, views: tuple[LineView, ...]) -> None:
    """The lines; pages break between rows and repeat the heading row."""
    cells = [tuple(pdf_safe_text(text) for text in view.cells) for view in views]
    measure = TextMeasure(pdf)
    layout = TableLayout(
        widths=_column_widths(pdf, cells, measure),
        align=COLUMN_ALIGN,
        line_height=4.2,
        heading_style=TextStyle(8, bold=True, fill=(235, 235, 235)),
        body_style=TextStyle(8.5),
        padding=CELL_PADDING,
        v_align="TOP",
    )
    rows = [_row(view, texts) for view, texts in zip(views, cells, strict=True)]
    draw_table(pdf, layout, COLUMN_TITLES, rows, measure)


def _totals(pdf: FPDF, totals: TotalsView, currency: str) -> None:
    """Right-aligned totals, kept together on one page."""
    if pdf.will_page_break(26):
        pdf.add_page()
    pdf.ln(4)
    left = pdf.w - pdf.r_margin - TOTALS_WIDTH
    label_width = TOTALS_WIDTH * 0.55
    rows = (
        ("List total", totals.list_total, False),
        (totals.discount_label, totals.discount_total, False),
        (f"Net total ({currency})", totals.net_total, True),
    )
    for label, amount, strong in rows:
        pdf.set_x(left)
        pdf.set_font(FONT, "B" if strong else "", 11 if strong else 9.5)
        if strong:
            pdf.line(left, pdf.get_y(), left + TOTALS_WIDTH, pdf.get_y())
            pdf.ln(1)
            pdf.set_x(left)
        pdf.cell(label_width, 6, pdf_safe_text(label))
        pdf.cell(
            TOTALS_WIDTH - label_width,
            6,
            pdf_safe_text(amount),
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


def _section_title(pdf: FPDF, title: str) -> None:
    """A section heading, moved to the next page rather than left orphaned."""
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)


def _paragraphs(pdf: FPDF, text: str) -> None:
    """Body text, one block per paragraph, line breaks kept."""
    pdf.set_font(FONT, "", 9.5)
    for block in paragraphs(text):
        pdf.multi_cell(0, 4.8, pdf_safe_text("\n".join(block)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)


def _text_section(pdf: FPDF, title: str, text: str) -> None:
    """A titled block of free text, skipped entirely when empty."""
    if paragraphs(text):
        _section_title(pdf, title)
        _paragraphs(pdf, text)


def _clause(pdf: FPDF, title: str, body: str) -> None:
    """One clause: bold title, then its paragraphs."""
    if pdf.will_page_break(14):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 5.5, pdf_safe_text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _paragraphs(pdf, body)
