"""One entry point to render a quote document in a given format.

Module-level and fed a plain ``QuoteDocument``, so it can run in a worker
process (``offload.CpuPool.run_in_process``) that imports only this package.
"""

from __future__ import annotations

from documents.html import render_html
from documents.pdf import render_pdf
from documents.quote_document import QuoteDocument


def render_document(document: QuoteDocument, fmt: str) -> tuple[bytes, str]:
    """``(body, media type)`` for ``fmt`` ``"pdf"`` or ``"html"``."""
    if fmt == "pdf":
        return render_pdf(document), "application/pdf"
    return render_html(document).encode(), "text/html; charset=utf-8"
