"""PDF rendering: a valid A4 file with the quote's content, pages and metadata."""

from __future__ import annotations

import pytest
from documents_builders import (
    comparable,
    document,
    jpy_document,
    line,
    many_lines,
    pdf_has,
    pdf_page_count,
    pdf_page_texts,
    pdf_text,
)

from documents import render_pdf


def test_pdf_bytes_start_with_the_pdf_signature() -> None:
    raw = render_pdf(document())
    assert isinstance(raw, bytes)
    assert raw.startswith(b"%PDF")


def test_pdf_page_content_is_compressed_unless_asked_not_to() -> None:
    assert len(render_pdf(document(), compress=False)) > len(render_pdf(document()))


def test_pdf_pages_are_a4() -> None:
    raw = render_pdf(document(), compress=False)
    assert b"/MediaBox [0 0 595.28 841.89]" in raw


@pytest.fixture(scope="module")
def standard_pdf_text() -> str:
    """The standard quote's PDF text, rendered and read back once for the content checks."""
    return pdf_text(render_pdf(document(), compress=False))


@pytest.mark.parametrize(
    "expected",
    [
        pytest.param(
            ("Quote Q-1042 · revision 2", "ACME Corporation", "Dana Rep"),
            id="header-and-customer",
        ),
        pytest.param(("March 3, 2025", "April 2, 2025"), id="dates"),
        pytest.param(
            ("CRM-PRO", "CRM Professional", "10", "$120.00", "10%", "$108.00", "$1,080.00"),
            id="every-lines-sku-name-quantity-and-amounts",
        ),
        pytest.param(("SUITE-ENT", "Enterprise Suite", "$4,000.00"), id="bundle"),
        pytest.param(
            ("OPT-SSO", "Single sign-on", "OPT-SUP", "Included"), id="priced-and-included-options"
        ),
        pytest.param(
            ("List total", "$6,700.00", "Discounts (16.72%)", "-$1,120.00"),
            id="list-and-discount-totals",
        ),
        pytest.param(("Net total (USD)", "$5,580.00"), id="net-total"),
        pytest.param(
            ("Thank you for the meeting on Monday.", "Prices exclude VAT."),
            id="notes-and-terms",
        ),
        pytest.param(
            ("Limitation of liability", "Liability is capped.", "No indirect loss."),
            id="clause-with-two-paragraphs",
        ),
        pytest.param(("Governing law", "The laws of Ireland apply."), id="second-clause"),
    ],
)
def test_pdf_contains_the_quotes_content(standard_pdf_text: str, expected: tuple[str, ...]) -> None:
    for text in expected:
        assert comparable(text) in standard_pdf_text, text


def test_pdf_title_metadata_is_the_quote_number() -> None:
    raw = render_pdf(document(), compress=False)
    assert b"/Title (Q-1042)" in raw


def test_a_300_line_quote_spans_several_pages_numbered_page_n_of_total() -> None:
    raw = render_pdf(document(lines=many_lines(300)), compress=False)
    pages = pdf_page_count(raw)
    texts = pdf_page_texts(raw)  # read once: extracting 300 lines' text is the slow part
    assert pages >= 4
    assert f"Page 3 of {pages}" in texts[2]
    assert "SKU-0000" in texts[0] and "SKU-0299" in "\n".join(texts)


def test_a_long_quote_repeats_the_table_heading_on_every_table_page() -> None:
    raw = render_pdf(document(lines=many_lines(300), clauses=()), compress=False)
    texts = pdf_page_texts(raw)
    with_heading = [page for page in texts if "Description" in page and "SKU-" in page]
    assert len(with_heading) == len([page for page in texts if "SKU-" in page]) >= 3


def test_pdf_formats_eur_with_the_euro_sign() -> None:
    raw = render_pdf(document(currency="EUR"), compress=False)
    assert pdf_has(raw, "€6,700.00")


def test_jpy_amounts_in_pdf_show_no_decimals() -> None:
    raw = render_pdf(jpy_document(), compress=False)
    assert pdf_has(raw, "¥108,000")
    assert not pdf_has(raw, "¥108,000.00")


def test_pdf_keeps_huge_amounts_on_one_line() -> None:
    doc = document(lines=(line(net_amount="123456789.00", list_unit_price="12345678.90"),))
    raw = render_pdf(doc, compress=False)
    assert pdf_has(raw, "$123,456,789.00")
    assert pdf_has(raw, "$12,345,678.90")


def test_pdf_rendering_is_deterministic() -> None:
    assert render_pdf(document()) == render_pdf(document())


def test_pdf_names_the_seller_and_both_addresses() -> None:
    from documents import Seller

    raw = render_pdf(
        document(
            seller=Seller("DealDesk Ltd", "1 Main Street\nDublin D02 X285"),
            account_address="500 Market St\nSan Francisco CA 94105",
        )
    )
    for text in [
        "DealDesk Ltd",
        "1 Main Street",
        "Dublin D02 X285",
        "500 Market St",
        "San Francisco CA 94105",
    ]:
        assert pdf_has(raw, text), text


def test_pdf_prints_the_term_of_term_priced_lines_only() -> None:
    raw = render_pdf(document(lines=(line(term_months=24), line(sku="HW-1", name="Router"))))
    assert pdf_has(raw, "24-month term")
    assert pdf_page_texts(raw)[0].count("-month term") == 1


def test_a_draft_carries_a_draft_mark_and_an_approved_quote_does_not() -> None:
    draft = pdf_page_texts(render_pdf(document(status="DRAFT", lines=many_lines(120))))
    assert all("DRAFT" in page for page in draft) and len(draft) > 1
    assert "Draft: not yet approved, not an offer." in draft[0]
    approved = pdf_page_texts(render_pdf(document(status="APPROVED")))
    assert not any("Draft" in page for page in approved)


def test_pdf_ends_with_an_acceptance_block_to_sign() -> None:
    text = " ".join(pdf_page_texts(render_pdf(document())))
    assert "Acceptance" in text
    assert "Signed for the customer, accepting this quote" in text
    for label in ("Name", "Title", "Signature", "Date"):
        assert label in text.split("Acceptance", 1)[1], label
