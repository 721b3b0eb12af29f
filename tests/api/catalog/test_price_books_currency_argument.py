"""``priceBooks(currency:)`` takes a ``CurrencyCode``: a known ISO 4217 code or a typed refusal."""

from __future__ import annotations

import pytest

from tests.api.catalog.conftest import Catalog

BOOKS = """query($currency: CurrencyCode) {
  priceBooks(currency: $currency) { edges { node { name currency } } }
}"""


async def test_the_argument_is_a_currency_code(catalog: Catalog) -> None:
    data = await catalog.api.data(
        """{ __type(name: "Query") { fields { name args { name description type { name } } } } }"""
    )
    [field] = [f for f in data["__type"]["fields"] if f["name"] == "priceBooks"]
    currency = next(a for a in field["args"] if a["name"] == "currency")
    assert currency["type"]["name"] == "CurrencyCode"
    assert currency["description"]


async def test_books_in_one_currency_or_every_currency(catalog: Catalog) -> None:
    await catalog.price_book("Standard USD")
    await catalog.price_book("Standard EUR", currency="EUR")

    async def names(currency: str | None) -> list[str]:
        data = await catalog.api.data(BOOKS, {"currency": currency})
        return [edge["node"]["name"] for edge in data["priceBooks"]["edges"]]

    assert await names("EUR") == ["Standard EUR"]
    assert await names("usd") == ["Standard USD"]  # the scalar reads codes case-insensitively
    assert await names(None) == ["Standard EUR", "Standard USD"]


@pytest.mark.parametrize("currency", ["EURO", "XYZ", "", "US D"])
async def test_an_unknown_code_is_a_bad_user_input(catalog: Catalog, currency: str) -> None:
    body = await catalog.api(BOOKS, {"currency": currency})
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error


async def test_an_unknown_code_written_in_the_document_is_refused(catalog: Catalog) -> None:
    body = await catalog.api('{ priceBooks(currency: "EURO") { edges { cursor } } }')
    [error] = body["errors"]
    assert error["extensions"]["code"] in ("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"), error
