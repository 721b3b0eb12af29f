"""The quote document: PDF and HTML for the rep, and for the customer holding the link."""

from __future__ import annotations

import pickle

from tests.api.quotes.conftest import SEND, SUBMIT, Quotes
from tests.api.quotes.test_sharing import share


async def test_the_rep_downloads_the_pdf_and_html_with_lines_and_totals(quotes: Quotes) -> None:
    quote = await quotes.create([await quotes.line("SW-SEC", 10), await quotes.line("SVC-TRN", 1)])
    headers = {"authorization": f"Bearer {quotes.rep.token}"}

    pdf = await quotes.rep.http.get(f"/documents/quotes/{quote['id']}.pdf", headers=headers)
    html = await quotes.rep.http.get(f"/documents/quotes/{quote['id']}.html", headers=headers)

    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "SW-SEC" in html.text and "Security Suite" in html.text and "SVC-TRN" in html.text
    assert "$2,358.00" in html.text  # 108.00 + 2,250.00
    assert "Payment terms" in html.text


async def test_the_pdf_text_holds_the_lines_and_totals(quotes: Quotes) -> None:
    import io

    quote = await quotes.create([await quotes.line("SW-SEC", 10)])
    pdf = await quotes.rep.http.get(
        f"/documents/quotes/{quote['id']}.pdf",
        headers={"authorization": f"Bearer {quotes.rep.token}"},
    )

    text = _pdf_text(io.BytesIO(pdf.content).getvalue())

    assert "SW-SEC" in text and "108.00" in text


def _pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:  # fall back to the raw (uncompressed or deflated) content streams
        import re
        import zlib

        chunks = []
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
            try:
                chunks.append(zlib.decompress(stream))
            except zlib.error:
                chunks.append(stream)
        return b"".join(chunks).decode("latin-1")
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def test_documents_need_sign_in_and_hide_other_reps_quotes(quotes: Quotes) -> None:
    quote = await quotes.create()
    other = await quotes.demo.sign_in("rep2@dealdesk.example")

    anonymous = await quotes.rep.http.get(f"/documents/quotes/{quote['id']}.pdf")
    foreign = await quotes.rep.http.get(
        f"/documents/quotes/{quote['id']}.pdf", headers={"authorization": f"Bearer {other.token}"}
    )

    assert anonymous.status_code == 401
    assert foreign.status_code == 404


async def test_the_customer_downloads_the_shared_revision(quotes: Quotes) -> None:
    token = await share(
        quotes, await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))
    )

    pdf = await quotes.rep.http.get(f"/documents/shared/{token}.pdf")
    tampered = await quotes.rep.http.get(f"/documents/shared/{token[:-3]}xyz.pdf")

    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert tampered.status_code == 403


async def test_the_pool_builds_the_document_the_stored_snapshot_makes(quotes: Quotes) -> None:
    """The endpoint hands the CPU pool the snapshot as text (``DocumentSource``); decoding it
    there gives the very document the decoded revision gives."""
    from db.models.quotes import Quote
    from db.queries import quotes as queries
    from server.documents import database_id
    from services.quotes.documents import document_of, quote_document, revision_source

    lines = [await quotes.line("SW-SEC", 12, termMonths=24), await quotes.line("SVC-INST", 3)]
    created = await quotes.create(lines)
    async with quotes.demo.sessions() as session:
        quote = await session.get(Quote, database_id(created["id"], "Quote"))
        assert quote is not None
        source = await revision_source(session, quote, quote.current_revision)
        revision = await queries.revision_by_number(session, quote.id, quote.current_revision)
        assert source is not None and revision is not None
        expected = await quote_document(session, quote, revision)

    assert document_of(source) == expected
    assert len(expected.lines) == 2 and pickle.loads(pickle.dumps(source)) == source
