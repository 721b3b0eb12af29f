"""Builders for document tests: an unremarkable quote unless a test says otherwise.

Also ``pdf_text``/``pdf_has``, which read the text back out of a PDF with pypdf,
the way a customer's viewer copies or searches it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from pypdf import PdfReader

from documents import DocumentClause, DocumentLine, QuoteDocument

ISSUED = date(2025, 3, 3)
VALID_UNTIL = date(2025, 4, 2)


def line(
    sku: str = "CRM-PRO",
    name: str = "CRM Professional",
    quantity: int = 10,
    list_unit_price: str | None = "120.00",
    discount_percent: str | None = "10",
    net_unit_price: str | None = "108.00",
    net_amount: str | None = "1080.00",
    **overrides: Any,
) -> DocumentLine:
    """A priced line; amounts given as strings become Decimals."""

    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return DocumentLine(
        key=overrides.pop("key", sku.lower()),
        sku=sku,
        name=name,
        quantity=quantity,
        list_unit_price=dec(list_unit_price),
        discount_percent=dec(discount_percent),
        net_unit_price=dec(net_unit_price),
        net_amount=dec(net_amount),
        **overrides,
    )


def standard_lines() -> tuple[DocumentLine, ...]:
    """A parent product, a bundle with a priced option and an included option."""
    return (
        line(),
        line("SUITE-ENT", "Enterprise Suite", 1, "5000.00", "20", "4000.00", "4000.00"),
        line("OPT-SSO", "Single sign-on", 1, "500.00", None, "500.00", "500.00", is_child=True),
        line("OPT-SUP", "Premium support", 1, None, None, None, None, is_child=True, included=True),
    )


def document(**overrides: Any) -> QuoteDocument:
    """The standard quote Q-1042 revision 2, with any field overridden."""
    base = QuoteDocument(
        number="Q-1042",
        name="ACME expansion 2025",
        revision=2,
        account_name="ACME Corporation",
        prepared_by="Dana Rep",
        currency="USD",
        issued_on=ISSUED,
        valid_until=VALID_UNTIL,
        lines=standard_lines(),
        list_total=Decimal("6700.00"),
        discount_total=Decimal("1120.00"),
        net_total=Decimal("5580.00"),
        total_discount_percent=Decimal("16.7164"),
        terms="Payment due within 30 days of invoice.\n\nPrices exclude VAT.",
        customer_notes="Thank you for the meeting on Monday.",
        clauses=(
            DocumentClause("Limitation of liability", "Liability is capped.\n\nNo indirect loss."),
            DocumentClause("Governing law", "The laws of Ireland apply."),
        ),
        status="APPROVED",
    )
    return replace(base, **overrides)


def many_lines(count: int) -> tuple[DocumentLine, ...]:
    """``count`` distinct priced lines, every third one a bundle option."""
    return tuple(
        line(
            f"SKU-{index:04d}",
            f"Product number {index}",
            index + 1,
            "10.00",
            "0",
            "10.00",
            f"{10 * (index + 1)}.00",
            is_child=index % 3 == 2,
        )
        for index in range(count)
    )


_CJK = r"\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def comparable(text: str) -> str:
    """Text in the form both sides of a PDF comparison are brought to.

    pypdf guesses word gaps from glyph positions: it puts a space (or a NUL,
    for the CFF-outlined Chinese face) between CJK glyphs and drops or doubles
    the spaces next to them, so spaces next to CJK characters and NULs are
    removed on both sides, and line breaks become spaces. The zero-width space the
    renderer maps the second glyph of a decomposed Thai SARA AM to is removed too. NFC
    throughout.
    """
    text = text.replace("\u200b", "").replace("\x00", "")
    text = _SPACE_BY_CJK.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text)  # a wrapped line reads as one


def pdf_page_texts(raw: bytes) -> list[str]:
    """Each page's text as pypdf extracts it (see ``comparable``)."""
    return [comparable(page.extract_text()) for page in PdfReader(io.BytesIO(raw)).pages]


def pdf_text(raw: bytes) -> str:
    """The whole document's text (see ``pdf_page_texts``)."""
    return "\n".join(pdf_page_texts(raw))


def pdf_has(raw: bytes, text: str) -> bool:
    """Whether ``text`` can be found in the PDF (as a viewer's search would)."""
    return comparable(text) in pdf_text(raw)


def pdf_page_count(raw: bytes) -> int:
    """Number of pages in the PDF."""
    return len(PdfReader(io.BytesIO(raw)).pages)


def jpy_document() -> QuoteDocument:
    """One line in yen, whose amounts have no minor unit."""
    return document(
        currency="JPY",
        lines=(line(list_unit_price="12000", net_unit_price="10800", net_amount="108000"),),
        list_total=Decimal(120000),
        discount_total=Decimal(12000),
        net_total=Decimal(108000),
    )
