"""Render a commission statement as an A4 PDF with the shipped Noto fonts.

Pure, like the quote renderer: a frozen :class:`StatementDocument` in, bytes
out, every string through ``pdf_safe_text``; the creation date is the
statement's own date, so the same statement always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from fpdf import FPDF, XPos, YPos

from documents.formatting import money
from documents.pdf_fonts import FONT, DocumentPdf, pdf_bytes
from documents.pdf_table import TableLayout, TextStyle, draw_table, plain_row
from documents.pdf_text import pdf_safe_text

GREY = (110, 110, 110)


@dataclass(frozen=True, slots=True)
class StatementDocumentLine:
    kind: str
    description: str
    amount: Decimal

    def cells(self, currency: str, locale: str) -> tuple[str, str, str]:
        """The line's row as printed: kind, description and the formatted amount."""
        return (self.kind, self.description, money(self.amount, currency, locale))


@dataclass(frozen=True, slots=True)
class StatementDocument:
    rep_name: str
    period_label: str
    period_start: date
    period_end: date
    currency: str
    status: str
    issued_on: date
    attainment_percent: Decimal | None
    tier: str | None
    lines: tuple[StatementDocumentLine, ...]
    components: tuple[tuple[str, Decimal], ...]
    totals: tuple[tuple[str, Decimal], ...]
    awards: tuple[str, ...] = ()


def render_statement_pdf(
    doc: StatementDocument, locale: str = "en_US", *, compress: bool = True
) -> bytes:
    """The statement as PDF bytes; ``compress=False`` keeps the text searchable (tests)."""
    rows = tuple(line.cells(doc.currency, locale) for line in doc.lines)
    components = tuple(
        (label, money(amount, doc.currency, locale)) for label, amount in doc.components
    )
    totals = tuple((label, money(amount, doc.currency, locale)) for label, amount in doc.totals)
    printed = (*rows, *components, *totals)
    texts = (
        doc.rep_name,
        doc.period_label,
        doc.status,
        doc.tier or "",
        *doc.awards,
        *(cell for row in printed for cell in row),
    )
    pdf = DocumentPdf(texts)
    pdf.set_compression(compress)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"Commission statement {doc.period_label}")
    pdf.set_author(pdf_safe_text(doc.rep_name))
    pdf.set_creator("DealDesk")
    pdf.set_creation_date(datetime.combine(doc.issued_on, time(), tzinfo=UTC))
    pdf.add_page()

    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 8, f"Commission statement {doc.period_label}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*GREY)
    facts = [
        ("Rep", doc.rep_name),
        ("Period", f"{doc.period_start.isoformat()} to {doc.period_end.isoformat()}"),
        ("Status", doc.status),
    ]
    if doc.attainment_percent is not None:
        facts.append(
            ("Attainment", f"{doc.attainment_percent}%" + (f" ({doc.tier})" if doc.tier else ""))
        )
    for label, value in facts:
        pdf.cell(30, 5, label)
        pdf.cell(0, 5, pdf_safe_text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(4)

    _table(pdf, ("Kind", "Description", "Amount"), rows, (28, 117, 35))
    if components:
        pdf.ln(4)
        _table(pdf, ("Component", "Amount"), components, (145, 35))
    pdf.ln(4)
    for label, amount in totals:
        pdf.set_font(FONT, "B" if label.lower().startswith("balance") else "", 10)
        pdf.cell(145, 6, pdf_safe_text(label))
        pdf.cell(
            35,
            6,
            pdf_safe_text(amount),
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    if doc.awards:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Awards", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 9)
        for award in doc.awards:
            pdf.multi_cell(0, 5, pdf_safe_text(award), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf_bytes(pdf)


def _table(
    pdf: FPDF,
    headings: tuple[str, ...],
    body: tuple[tuple[str, ...], ...],
    widths: tuple[float, ...],
) -> None:
    """Headings and rows, the amount (last column) right-aligned; see ``documents.pdf_table``."""
    pdf.set_font(FONT, "", 8.5)
    layout = TableLayout(
        widths=widths,
        align=tuple("R" if i == len(headings) - 1 else "L" for i in range(len(headings))),
        line_height=4.2,
        heading_style=TextStyle(8, bold=True, fill=(235, 235, 235)),
        body_style=TextStyle(8.5),
    )
    draw_table(pdf, layout, headings, [plain_row(map(pdf_safe_text, cells)) for cells in body])
