"""PDF rendering: a valid A4 file with the quote's content, pages and metadata."""

from __future__ import annotations

import re
from decimal import Decimal

from documents import render_pdf
from documents_builders import document, line, many_lines, pdf_has, pdf_page_count


def test_pdf_bytes_start_with_the_pdf_signature() -> None:
    raw = render_pdf(document())
    assert isinstance(raw, bytes)
    assert raw.startswith(b"%PDF")


def test_pdf_is_compressed_unless_asked_not_to() -> None:
    assert b"/FlateDecode" in render_pdf(document())
    assert b"/FlateDecode" not in render_pdf(document(), compress=False)


def test_pdf_pages_are_a4() -> None:
    raw = render_pdf(document(), compress=False)
    assert b"/MediaBox [0 0 595.28 841.89]" in raw


def test_pdf_contains_header_customer_and_dates() -> None:
    raw = render_pdf(document(), compress=False)
    for text in ["Quote Q-1042 · revision 2", "ACME Corporation", "Dana Rep",
                 "March 3, 2025", "April 2, 2025"]:
        assert pdf_has(raw, text), text


def test_pdf_contains_every_lines_sku_name_quantity_and_amounts() -> None:
    raw = render_pdf(document(), compress=False)
    for text in ["CRM-PRO", "CRM Professional", "10", "$120.00", "10%", "$108.00",
                 "$1,080.00", "SUITE-ENT", "Enterprise Suite", "$4,000.00",
                 "OPT-SSO", "Single sign-on", "OPT-SUP", "Included"]:
        assert pdf_has(raw, text), text


def test_pdf_contains_the_totals() -> None:
    raw = render_pdf(document(), compress=False)
    for text in ["List total", "$6,700.00", "Discounts (16.72%)", "-$1,120.00",
                 "Net total (USD)", "$5,580.00"]:
        assert pdf_has(raw, text), text


def test_pdf_contains_notes_terms_and_clauses() -> None:
    raw = render_pdf(document(), compress=False)
    for text in ["Thank you for the meeting on Monday.", "Prices exclude VAT.",
                 "Limitation of liability", "Liability is capped.", "No indirect loss.",
                 "Governing law", "The laws of Ireland apply."]:
        assert pdf_has(raw, text), text


def test_pdf_title_metadata_is_the_quote_number() -> None:
    raw = render_pdf(document(), compress=False)
    assert b"/Title (Q-1042)" in raw


def test_a_300_line_quote_spans_several_pages_numbered_page_n_of_total() -> None:
    raw = render_pdf(document(lines=many_lines(300)), compress=False)
    pages = pdf_page_count(raw)
    assert pages >= 4
    assert pdf_has(raw, "Page 3 of")
    assert re.search(rb"\(Page 3 of \) Tj \(" + str(pages).encode() + rb"\) Tj", raw)
    assert pdf_has(raw, "SKU-0000") and pdf_has(raw, "SKU-0299")


def test_a_long_quote_repeats_the_table_heading_on_every_table_page() -> None:
    raw = render_pdf(document(lines=many_lines(300), clauses=()), compress=False)
    headings = raw.count(b"(Description) Tj")
    assert headings >= pdf_page_count(raw) - 1 >= 3


def test_pdf_formats_eur_with_the_euro_sign() -> None:
    raw = render_pdf(document(currency="EUR"), compress=False)
    assert pdf_has(raw, "€6,700.00")
    assert b"\x806,700.00" in raw  # the euro sign as Windows-1252 draws it


def test_jpy_amounts_in_pdf_show_no_decimals() -> None:
    doc = document(
        currency="JPY",
        lines=(line(list_unit_price="12000", net_unit_price="10800", net_amount="108000"),),
        list_total=Decimal("120000"), discount_total=Decimal("12000"),
        net_total=Decimal("108000"),
    )
    raw = render_pdf(doc, compress=False)
    assert pdf_has(raw, "¥108,000")
    assert not pdf_has(raw, "¥108,000.00")


def test_pdf_keeps_huge_amounts_on_one_line() -> None:
    doc = document(lines=(line(net_amount="123456789.00", list_unit_price="12345678.90"),))
    raw = render_pdf(doc, compress=False)
    assert pdf_has(raw, "$123,456,789.00")
    assert pdf_has(raw, "$12,345,678.90")


def test_pdf_rendering_is_deterministic() -> None:
    assert render_pdf(document()) == render_pdf(document())
