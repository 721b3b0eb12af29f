"""A product priced only in another currency: reported as a mismatch, never saved on a quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models.catalog import Product
from db.models.price_books import PriceBook, PriceBookEntry
from db.models.quotes import Quote
from tests.api.conftest import gid
from tests.api.pricing.test_price_quote import PRICE
from tests.api.quotes.conftest import CREATE, LINES, Quotes


@pytest.fixture
async def euro_only(quotes: Quotes) -> str:
    """A product with a price in the standard EUR book and none in any USD book."""
    async with quotes.demo.sessions() as session:
        product = Product(sku="EU-ONLY", name="EU data residency add-on")
        session.add(product)
        await session.flush()
        book = await session.scalar(select(PriceBook).where(PriceBook.name == "Standard EUR"))
        assert book is not None
        session.add(
            PriceBookEntry(
                price_book_id=book.id,
                product_id=product.id,
                unit_price=Decimal("90"),
                valid_from=date(2020, 1, 1),
            )
        )
        await session.commit()
        return gid("Product", product.id)


async def quote_count(quotes: Quotes) -> int:
    async with quotes.demo.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Quote)) or 0)


async def test_a_product_priced_only_in_euros_is_a_currency_mismatch_on_a_dollar_quote(
    quotes: Quotes, euro_only: str
) -> None:
    variables = {
        "input": {
            "accountId": await quotes.demo.account("Acme Manufacturing"),
            "currency": "USD",
            "lines": [{"key": "eu", "productId": euro_only, "quantity": 1}],
        }
    }

    result = (await quotes.rep.data(PRICE, variables))["priceQuote"]

    line = next(item for item in result["lines"] if item["key"] == "eu")
    assert [issue["code"] for issue in line["issues"]] == ["CURRENCY_MISMATCH"]
    assert result["priced"] is False


async def test_create_quote_refuses_a_line_it_cannot_price_and_saves_nothing(
    quotes: Quotes, euro_only: str
) -> None:
    before = await quote_count(quotes)
    lines = [await quotes.line("SW-SEC", 2), {"productId": euro_only, "quantity": 1}]
    payload = {
        "accountId": await quotes.demo.account("Acme Manufacturing"),
        "currency": "USD",
        "lines": lines,
    }

    result = (await quotes.rep.data(CREATE, {"input": payload}))["createQuote"]

    assert result["quote"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("CURRENCY_MISMATCH", ["input", "lines", "1", "productId"])
    ]
    assert "EUR" in result["userErrors"][0]["message"]
    assert await quote_count(quotes) == before


async def test_update_quote_lines_refuses_an_added_line_it_cannot_price(
    quotes: Quotes, euro_only: str
) -> None:
    quote = await quotes.create()

    result = (
        await quotes.rep.data(
            LINES,
            {
                "input": {
                    "id": quote["id"],
                    "version": quote["version"],
                    "add": [{"productId": euro_only, "quantity": 3}],
                }
            },
        )
    )["updateQuoteLines"]

    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("CURRENCY_MISMATCH", ["input", "add", "0", "productId"])
    ]
    unchanged = (
        await quotes.rep.data(
            "query($id: ID!) { node(id: $id) { ... on Quote { version lines { key } } } }",
            {"id": quote["id"]},
        )
    )["node"]
    assert unchanged == {
        "version": quote["version"],
        "lines": [{"key": line["key"]} for line in quote["lines"]],
    }


async def test_the_same_product_in_a_euro_quote_is_priced(quotes: Quotes, euro_only: str) -> None:
    quote = await quotes.create([{"productId": euro_only, "quantity": 2}], currency="EUR")

    assert quote["netTotal"] == {"amount": "180.00", "currency": "EUR"}
