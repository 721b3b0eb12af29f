"""What the quote PDF says: seller (settings), the account's address, line terms, DRAFT,
acceptance."""

from __future__ import annotations

import io

from pypdf import PdfReader
from starlette.applications import Starlette

from server.app import create_app
from server.settings import Settings
from tests.api.conftest import started_client
from tests.api.quotes.conftest import Quotes

UPDATE_ACCOUNT = """
mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) { account { address version } userErrors { code field message } }
}"""


def pdf_text(raw: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)


async def set_address(quotes: Quotes, account_id: str, address: str) -> dict:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    version = await ops.data(f'{{ node(id: "{account_id}") {{ ... on Account {{ version }} }} }}')
    payload = {"id": account_id, "version": version["node"]["version"], "address": address}
    return (await ops.data(UPDATE_ACCOUNT, {"input": payload}))["updateAccount"]


async def test_the_pdf_prints_seller_address_term_draft_mark_and_acceptance(
    quotes: Quotes, settings: Settings
) -> None:
    account_id = await quotes.demo.account("Acme Manufacturing")
    updated = await set_address(quotes, account_id, "500 Market St\nSan Francisco CA 94105")
    assert updated["userErrors"] == [] and updated["account"]["address"].startswith("500 Market")
    quote = await quotes.create([await quotes.line("SW-SEC", 10, termMonths=24)])

    app: Starlette = create_app(
        settings.model_copy(
            update={
                "seller_name": "DealDesk Demo Ltd",
                "seller_address": "1 Main Street\nDublin D02",
            }
        )
    )
    async with started_client(app) as http:
        response = await http.get(
            f"/documents/quotes/{quote['id']}.pdf",
            headers={"authorization": f"Bearer {quotes.rep.token}"},
        )
        metrics = (await http.get("/metrics")).text

    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in [
        "DealDesk Demo Ltd",
        "1 Main Street",
        "Dublin D02",
        "500 Market St",
        "San Francisco CA 94105",
        "24-month term",
        "DRAFT",
        "Acceptance",
        "Signature",
    ]:
        assert expected in text, expected
    assert 'dealdesk_pdf_render_seconds_count{document="quote"} 1.0' in metrics


async def test_an_address_over_500_characters_is_refused(quotes: Quotes) -> None:
    account_id = await quotes.demo.account("Acme Manufacturing")

    refused = await set_address(quotes, account_id, "x" * 501)

    assert refused["account"] is None
    assert refused["userErrors"][0]["code"] == "INVALID"
    assert refused["userErrors"][0]["field"] == ["input", "address"]
