"""HTML rendering: content, escaping, formatting and self-containment."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest
from documents_builders import document, jpy_document, line

from documents import DocumentClause, DocumentLine, QuoteDocument, render_html


def test_html_lists_every_lines_sku_name_quantity_and_net_amount() -> None:
    html = render_html(document())
    for sku, name, quantity, net in [
        ("CRM-PRO", "CRM Professional", "10", "$1,080.00"),
        ("SUITE-ENT", "Enterprise Suite", "1", "$4,000.00"),
        ("OPT-SSO", "Single sign-on", "1", "$500.00"),
    ]:
        row = re.search(rf"<tr[^>]*>\s*<td class=\"sku\">{sku}</td>(.*?)</tr>", html, re.DOTALL)
        assert row, sku
        assert name in row.group(1)
        assert f'<td class="num">{quantity}</td>' in row.group(1)
        assert net in row.group(1)


@pytest.fixture(scope="module")
def standard_html() -> str:
    """The standard quote's HTML, rendered once for the content checks."""
    return render_html(document())


@pytest.mark.parametrize(
    "fragments",
    [
        pytest.param(
            ("Quote Q-1042 · revision 2", "ACME Corporation", "Dana Rep"),
            id="header-names-quote-revision-customer-and-preparer",
        ),
        pytest.param(
            ("March 3, 2025", '<time datetime="2025-04-02">April 2, 2025</time>'), id="dates"
        ),
        pytest.param(
            (
                "<th>List total</th><td>$6,700.00</td>",
                "<th>Discounts (16.72%)</th><td>-$1,120.00</td>",
                "$5,580.00",
            ),
            id="list-discount-and-net-totals",
        ),
        pytest.param(
            ("<h3>Limitation of liability</h3>", "<p>Liability is capped.</p>"),
            id="clause-title-and-first-paragraph",
        ),
        pytest.param(
            ("<p>No indirect loss.</p>", "<h3>Governing law</h3>"),
            id="second-paragraph-and-next-clause",
        ),
        pytest.param(
            ("Thank you for the meeting on Monday.", "Payment due within 30 days of invoice."),
            id="customer-notes-and-terms",
        ),
    ],
)
def test_html_shows_the_quotes_content(standard_html: str, fragments: tuple[str, ...]) -> None:
    for fragment in fragments:
        assert fragment in standard_html, fragment


def test_html_keeps_single_line_breaks_inside_a_paragraph() -> None:
    html = render_html(document(terms="Net 30.\nPay by wire."))
    assert "Net 30.<br>" in html


def test_html_escapes_a_script_in_a_clause_body() -> None:
    evil = DocumentClause("Scope <b>x</b>", "Before <script>alert('x')</script> after")
    html = render_html(document(clauses=(evil,)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Scope &lt;b&gt;x&lt;/b&gt;" in html


def test_html_escapes_markup_in_line_names_and_account() -> None:
    html = render_html(
        document(account_name="Smith & <Sons>", lines=(line(name='"><img src=x onerror=1>'),))
    )
    assert "Smith &amp; &lt;Sons&gt;" in html
    assert "<img" not in html


def test_html_indents_child_lines_and_marks_included_options() -> None:
    html = render_html(document())
    child = re.search(
        r'<tr class="child">\s*<td class="sku">OPT-SUP</td>(.*?)</tr>', html, re.DOTALL
    )
    assert child
    assert '<td class="num included">Included</td>' in child.group(1)
    assert re.search(r'<tr>\s*<td class="sku">CRM-PRO</td>', html)


def test_html_formats_eur_with_the_euro_sign() -> None:
    html = render_html(document(currency="EUR"))
    assert "€6,700.00" in html
    assert "$" not in html


def test_jpy_amounts_in_html_show_no_decimals() -> None:
    html = render_html(jpy_document())
    assert "¥108,000" in html
    assert "¥108,000.00" not in html
    assert "¥120,000<" in html


def test_html_formats_numbers_and_dates_for_the_requested_locale() -> None:
    html = render_html(document(currency="EUR"), locale="de_DE")
    assert "6.700,00\xa0€" in html
    assert "3. März 2025" in html
    assert '<html lang="de-DE">' in html


def test_html_is_self_contained_with_inline_css() -> None:
    html = render_html(document())
    assert "<style>" in html
    assert not re.search(r"<(link|script|img)\b", html)
    assert "http" not in html


def test_html_omits_empty_notes_terms_and_clauses_sections() -> None:
    html = render_html(document(customer_notes="  ", terms="", clauses=()))
    assert "<h2>Notes</h2>" not in html
    assert "<h2>Terms</h2>" not in html
    assert "<h2>Clauses</h2>" not in html


def test_document_has_no_cost_margin_or_internal_fields() -> None:
    names = {f.name for cls in (QuoteDocument, DocumentLine) for f in fields(cls)}
    assert not {n for n in names if re.search(r"cost|margin|internal|floor", n)}


def test_documents_are_frozen() -> None:
    doc = document()
    with pytest.raises(AttributeError):
        doc.net_total = Decimal(1)  # type: ignore[misc]


def test_amounts_refuse_floats() -> None:
    with pytest.raises(TypeError, match="net_amount"):
        line(net_amount=None).__class__(
            "k",
            "S",
            "n",
            1,
            Decimal(1),
            None,
            Decimal(1),
            1.0,  # type: ignore[arg-type]
        )
    with pytest.raises(TypeError, match="net_total"):
        document(net_total=5580.0)


def test_html_rendering_is_deterministic() -> None:
    assert render_html(document()) == render_html(document())


def test_html_keeps_unicode_text_as_is() -> None:
    html = render_html(document(name="Déploiement — 日本 🚀", issued_on=date(2025, 1, 2)))
    assert "Déploiement — 日本 🚀" in html


def test_html_names_the_seller_addresses_term_draft_and_acceptance_like_the_pdf() -> None:
    from documents import Seller

    html = render_html(
        document(
            status="DRAFT",
            seller=Seller("DealDesk Ltd", "1 Main Street\nDublin"),
            account_address="500 Market St\nSan Francisco",
            lines=(line(term_months=12),),
        )
    )
    assert "<strong>DealDesk Ltd</strong>" in html and "1 Main Street<br>" in html
    assert "500 Market St" in html and "San Francisco" in html
    assert '<span class="term">12-month term</span>' in html
    assert 'class="watermark"' in html and "Draft: not yet approved" in html
    assert "<h2>Acceptance</h2>" in html and "<dt>Signature</dt>" in html
    assert 'class="watermark"' not in render_html(document(status="APPROVED"))
