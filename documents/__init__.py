"""Quote documents: the customer's view of a quote, rendered as HTML and PDF.

Pure: frozen value objects in, ``str`` / ``bytes`` out; no database, network or
clock, so the same quote always renders to the same document.
"""

from documents.html import render_html
from documents.pdf import render_pdf
from documents.quote_document import DocumentClause, DocumentLine, QuoteDocument, Seller

__all__ = [
    "DocumentClause",
    "DocumentLine",
    "QuoteDocument",
    "Seller",
    "render_html",
    "render_pdf",
]
