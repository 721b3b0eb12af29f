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
class StatementDocumentPart:
    """One assignment's part of the period (a rep who changed role or left mid-period)."""

    plan_name: str
    first: date
    last: date
    days: int
    period_days: int
    factor: Decimal
    full_quota: Decimal
    quota: Decimal
    attainment_percent: Decimal | None
    tier: str | None
    total: Decimal
    leaving: bool = False

    def cells(self, currency: str, locale: str) -> tuple[str, ...]:
        """The part's row: plan and days, factor, prorated quota, attainment, tier, total."""
        left = " (left)" if self.leaving else ""
        return (
            f"{self.plan_name}: {self.first.isoformat()} to {self.last.isoformat()}{left}",
            f"{self.days}/{self.period_days}",
            f"{self.factor:f}",
            f"{money(self.quota, currency, locale)} of {money(self.full_quota, currency, locale)}",
            "" if self.attainment_percent is None else f"{self.attainment_percent}%",
            self.tier or "",
            money(self.total, currency, locale),
        )


@dataclass(frozen=True, slots=True)
class StatementDocumentPayment:
    """A payment made against the statement."""

    paid_on: date
    reference: str | None
    amount: Decimal

    def cells(self, currency: str, locale: str) -> tuple[str, str, str]:
        return (
            self.paid_on.isoformat(),
            self.reference or "",
            money(self.amount, currency, locale),
        )


@dataclass(frozen=True, slots=True)
class StatementDocumentConversion:
    """An amount in another currency than the statement's, converted at a stored dated rate:
    a draw's share of the period, or the negative balance carried in from a statement in
    another currency (the GraphQL statement's ``drawConversions`` and
    ``carriedInConversion``)."""

    label: str
    from_currency: str
    rate: Decimal
    valid_from: date
    original: Decimal
    """In ``from_currency``."""
    converted: Decimal
    """In the statement's currency."""

    def cells(self, currency: str, locale: str) -> tuple[str, ...]:
        """The conversion's row: what, the rate (one unit of the source currency in the
        statement's) and its date, the amount before and after."""
        return (
            self.label,
            f"1 {self.from_currency} = {self.rate.normalize():f} {currency}",
            self.valid_from.isoformat(),
            money(self.original, self.from_currency, locale),
            money(self.converted, currency, locale),
        )


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
    parts: tuple[StatementDocumentPart, ...] = ()
    """The assignments the period was computed under, when more than one or the rep left."""
    final: bool = False
    """The rep left during the period: their final statement."""
    payout: tuple[tuple[str, Decimal], ...] = ()
    """The payout section: amount due, what was carried in/forward, held, drawn and paid."""
    payments: tuple[StatementDocumentPayment, ...] = ()
    conversions: tuple[StatementDocumentConversion, ...] = ()
    """The carried balance and the draws converted from another currency, with their rates."""


def render_statement_pdf(
    doc: StatementDocument, locale: str = "en_US", *, compress: bool = True
) -> bytes:
    """The statement as PDF bytes; ``compress=False`` keeps the text searchable (tests)."""
    rows = tuple(line.cells(doc.currency, locale) for line in doc.lines)
    components = tuple(
        (label, money(amount, doc.currency, locale)) for label, amount in doc.components
    )
    totals = tuple((label, money(amount, doc.currency, locale)) for label, amount in doc.totals)
    parts = tuple(part.cells(doc.currency, locale) for part in doc.parts)
    payout = tuple((label, money(amount, doc.currency, locale)) for label, amount in doc.payout)
    payments = tuple(payment.cells(doc.currency, locale) for payment in doc.payments)
    conversions = tuple(c.cells(doc.currency, locale) for c in doc.conversions)
    printed = (*rows, *components, *totals, *parts, *payout, *payments, *conversions)
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
        ("Status", doc.status + (" - final statement (the rep left)" if doc.final else "")),
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

    if parts:
        _heading(pdf, "Assignments")
        headings = ("Plan and days", "Days", "Factor", "Quota", "Attainment", "Tier", "Total")
        _table(pdf, headings, parts, (48, 13, 16, 40, 18, 22, 23))
        pdf.ln(4)
    _table(pdf, ("Kind", "Description", "Amount"), rows, (28, 117, 35))
    if components:
        pdf.ln(4)
        _table(pdf, ("Component", "Amount"), components, (145, 35))
    pdf.ln(4)
    _amounts(pdf, totals)
    if payout or payments:
        _heading(pdf, "Payout")
        _amounts(pdf, payout)
    if conversions:
        pdf.ln(2)
        headings = ("Converted", "Rate", "Valid from", "Original", "Amount")
        _table(pdf, headings, conversions, (55, 40, 22, 30, 33))
    if payments:
        pdf.ln(2)
        _table(pdf, ("Paid on", "Reference", "Amount"), payments, (30, 115, 35))
    if doc.awards:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Awards", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 9)
        for award in doc.awards:
            pdf.multi_cell(0, 5, pdf_safe_text(award), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf_bytes(pdf)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _amounts(pdf: FPDF, rows: tuple[tuple[str, str], ...]) -> None:
    """Label and amount rows, a balance in bold."""
    for label, amount in rows:
        pdf.set_font(FONT, "B" if label.lower().startswith("balance") else "", 10)
        pdf.cell(145, 6, pdf_safe_text(label))
        pdf.cell(35, 6, pdf_safe_text(amount), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


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
