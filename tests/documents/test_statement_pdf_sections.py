"""The statement PDF shows the assignment parts of a split period, the final flag of a leaver,
the payout section (amount due, carried in and forward, held, payments) and the amounts
converted from another currency, read back as text with pypdf."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from documents_builders import comparable, pdf_text

from documents.statement_pdf import (
    StatementDocument,
    StatementDocumentConversion,
    StatementDocumentLine,
    StatementDocumentPart,
    StatementDocumentPayment,
    render_statement_pdf,
)

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _doc(**changes) -> StatementDocument:
    values = {
        "rep_name": "Dana Rep",
        "period_label": "Q1 2026",
        "period_start": Q1[0],
        "period_end": Q1[1],
        "currency": "USD",
        "status": "APPROVED",
        "issued_on": date(2026, 4, 1),
        "attainment_percent": D(80),
        "tier": None,
        "lines": (StatementDocumentLine("CREDIT", "Quote 7", D("700.00")),),
        "components": (),
        "totals": (("Earned", D("980.00")),),
    }
    return StatementDocument(**{**values, **changes})


A = StatementDocumentPart(
    "Plan A", Q1[0], date(2026, 2, 14), 45, 90, D("0.500000"), D(9000), D(4500), D("124.44"),
    "Accelerator", D("840.00"),
)  # fmt: skip
B = StatementDocumentPart(
    "Plan B", date(2026, 2, 15), Q1[1], 45, 90, D("0.500000"), D(12000), D(6000), D("46.67"),
    None, D("140.00"), leaving=True,
)  # fmt: skip


def _text(doc: StatementDocument) -> str:
    return pdf_text(render_statement_pdf(doc))


def test_every_assignment_part_is_a_row_with_its_days_factor_quota_attainment_and_total() -> None:
    text = _text(_doc(parts=(A, B), final=True))
    for expected in (
        "Assignments",
        "Plan A: 2026-01-01 to 2026-02-14",
        "45/90",
        "0.500000",
        "$4,500.00 of $9,000.00",
        "124.44%",
        "Accelerator",
        "$840.00",
        "Plan B: 2026-02-15 to 2026-03-31 (left)",
        "$6,000.00 of $12,000.00",
        "46.67%",
        "$140.00",
        "APPROVED - final statement (the rep left)",
    ):
        assert comparable(expected) in text, expected


def test_a_statement_without_parts_or_leaving_shows_neither() -> None:
    text = _text(_doc())
    assert "Assignments" not in text and "final statement" not in text and "Payout" not in text


def test_the_payout_section_lists_what_is_due_carried_held_and_paid() -> None:
    payout = (
        ("Carried in", D("-420.00")),
        ("Held until invoiced", D("-1050.00")),
        ("Amount due", D("1000.00")),
        ("Carried forward", D("-20.00")),
        ("Previously paid", D("600.00")),
        ("Balance due", D("400.00")),
    )
    payments = (StatementDocumentPayment(date(2026, 10, 5), "PAY-1", D("600.00")),)
    text = _text(_doc(payout=payout, payments=payments))
    for expected in (
        "Payout",
        "Carried in -$420.00",
        "Held until invoiced -$1,050.00",
        "Amount due $1,000.00",
        "Carried forward -$20.00",
        "Previously paid $600.00",
        "Balance due $400.00",
        "Paid on",
        "2026-10-05 PAY-1 $600.00",
    ):
        assert comparable(expected) in text, expected


def test_each_conversion_is_a_row_with_its_rate_date_original_and_converted_amount() -> None:
    conversions = (
        StatementDocumentConversion(
            "Carried in", "USD", D("0.900000000000"), date(2025, 12, 15), D("-300.00"),
            D("-270.00"),
        ),
        StatementDocumentConversion(
            "Draw (recoverable) from 2025-07-01", "JPY", D("0.0062"), date(2025, 12, 20),
            D("50000"), D("310.00"),
        ),
    )  # fmt: skip
    text = _text(_doc(currency="EUR", conversions=conversions))
    for expected in (
        "Converted Rate Valid from Original Amount",
        "Carried in 1 USD = 0.9 EUR 2025-12-15 -$300.00 -€270.00",
        "Draw (recoverable) from 2025-07-01 1 JPY = 0.0062 EUR 2025-12-20 ¥50,000 €310.00",
    ):
        assert comparable(expected) in text, (expected, text)


def test_a_statement_without_conversions_has_no_conversion_table() -> None:
    assert "Converted" not in _text(_doc())
