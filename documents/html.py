"""Render a quote as one self-contained, printable HTML page.

Jinja2 with autoescape always on: every customer-typed string (line names,
clauses, notes) is data, and a ``<script>`` in a clause must print as text. The
page carries its CSS inline so it can be e-mailed, archived or printed to PDF
by a browser without fetching anything.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from documents import formatting
from documents.jinja import template_environment
from documents.quote_document import QuoteDocument

TEMPLATE_NAME = "quote.html.j2"


@cache
def _environment() -> Environment:
    """Built once; autoescape always on."""
    return template_environment("documents", autoescape=True)


def render_html(doc: QuoteDocument, locale: str = "en_US") -> str:
    """The quote as an HTML page; numbers and dates formatted for ``locale``."""
    template = _environment().get_template(TEMPLATE_NAME)
    return template.render(
        doc=doc,
        lang=locale.replace("_", "-"),
        heading=formatting.heading(doc),
        issued_on=formatting.long_date(doc.issued_on, locale),
        valid_until=formatting.long_date(doc.valid_until, locale),
        columns=formatting.COLUMN_TITLES,
        lines=formatting.line_views(doc.lines, doc.currency, locale),
        totals=formatting.totals_view(doc, locale),
        notes=formatting.paragraphs(doc.customer_notes),
        terms=formatting.paragraphs(doc.terms),
        clauses=[(clause.title, formatting.paragraphs(clause.body)) for clause in doc.clauses],
        seller_address=formatting.address_lines(doc.seller.address),
        account_address=formatting.address_lines(doc.account_address),
        draft_mark=formatting.DRAFT_MARK,
        draft_notice=formatting.DRAFT_NOTICE,
        acceptance_text=formatting.ACCEPTANCE_TEXT,
        signature_fields=formatting.SIGNATURE_FIELDS,
    )
