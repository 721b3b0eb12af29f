"""``DiscountInput`` is a ``@oneOf`` input: exactly one of ``percent`` or ``amount``.

Both or neither is refused before anything runs, as a typed top-level error (never a fault,
never a half-priced answer), whether the discount is written in the document or sent in
variables, on a line or on the whole quote, for a preview or a saved quote.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models.quotes import Quote
from tests.api.pricing.conftest import Demo
from tests.api.quotes.conftest import CREATE

PRICE = """
query($input: PriceQuoteInput!) { priceQuote(input: $input) {
  netTotal { amount } issues { code } lines { key issues { code } steps { kind amountDelta { amount } } }
} }
"""
BOTH_OR_NEITHER = [
    pytest.param({"percent": "5", "amount": "1"}, id="both"),
    pytest.param({}, id="neither"),
    pytest.param({"percent": None, "amount": "1"}, id="both-one-null"),
    pytest.param({"percent": None}, id="only-a-null"),
]


async def price_input(demo: Demo, **extra: Any) -> dict[str, Any]:
    # SVC-INST lists at 1,400.00 for Acme on this day, with no other discount.
    line = await demo.line("a", "SVC-INST", 1)
    return {
        "accountId": await demo.account("Acme Manufacturing"),
        "pricingDate": "2026-11-23",
        "lines": [{**line, **extra.pop("line", {})}],
        **extra,
    }


def refused(body: dict[str, Any]) -> str:
    """The one error's message, after checking it is a validation error with no data."""
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
    message: str = error["message"]
    assert "exactly one key" in message or "must be non-null" in message, message
    return message


async def test_the_schema_says_the_discount_is_one_of(demo: Demo) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    data = await api.data(
        '{ __type(name: "DiscountInput") { isOneOf inputFields { name defaultValue type { kind } } } }'
    )
    found = data["__type"]
    assert found["isOneOf"] is True
    assert {f["name"]: (f["type"]["kind"], f["defaultValue"]) for f in found["inputFields"]} == {
        "percent": ("SCALAR", None),
        "amount": ("SCALAR", None),
    }


@pytest.mark.parametrize(
    ("discount", "net"), [({"percent": "25"}, "1050.00"), ({"amount": "100"}, "1300.00")]
)
async def test_one_of_them_discounts_the_line(demo: Demo, discount: dict, net: str) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    body = await api(PRICE, {"input": await price_input(demo, line={"discount": discount})})

    assert "errors" not in body, body
    result = body["data"]["priceQuote"]
    assert result["netTotal"]["amount"] == net
    assert "LINE_DISCOUNT" in [step["kind"] for step in result["lines"][0]["steps"]]


async def test_one_of_them_discounts_the_quote(demo: Demo) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    variables = {"input": await price_input(demo, quoteDiscount={"amount": "400"})}
    data = await api.data(PRICE, variables)
    assert data["priceQuote"]["netTotal"]["amount"] == "1000.00"


@pytest.mark.parametrize("discount", BOTH_OR_NEITHER)
async def test_both_or_neither_in_variables_is_refused(demo: Demo, discount: dict) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    response = await api.post(
        PRICE, {"input": await price_input(demo, line={"discount": discount})}
    )
    assert response.status_code == 200
    refused(response.json())


@pytest.mark.parametrize("discount", BOTH_OR_NEITHER)
async def test_both_or_neither_on_the_quote_is_refused(demo: Demo, discount: dict) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    response = await api.post(PRICE, {"input": await price_input(demo, quoteDiscount=discount)})
    assert refused(response.json())


@pytest.mark.parametrize(
    "literal",
    ['{percent: "5", amount: "1"}', "{}", "{percent: null}", '{percent: null, amount: "1"}'],
)
async def test_both_or_neither_in_the_document_is_refused_where_written(
    demo: Demo, literal: str
) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    account, product = await demo.account("Acme Manufacturing"), await demo.product("SVC-INST")
    document = (
        f'query {{ priceQuote(input: {{accountId: "{account}", lines: [{{key: "a",'
        f' productId: "{product}", quantity: 1, discount: {literal}}}]}}) {{ priced }} }}'
    )
    response = await api.post(document, accept="application/graphql-response+json")

    assert response.status_code == 400  # GraphQL over HTTP: a document that does not validate
    body = response.json()
    assert "data" not in body
    refused({**body, "data": None})
    assert body["errors"][0]["locations"][0]["column"] == document.index("discount: ") + 11


async def test_a_nullable_variable_cannot_fill_the_one_field(demo: Demo) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    account, product = await demo.account("Acme Manufacturing"), await demo.product("SVC-INST")
    document = (
        f'query($p: Decimal) {{ priceQuote(input: {{accountId: "{account}", lines: [{{key: "a",'
        f' productId: "{product}", quantity: 1, discount: {{percent: $p}}}}]}}) {{ priced }} }}'
    )
    response = await api.post(document, {"p": "5"})
    assert refused(response.json())


@pytest.mark.parametrize("discount", BOTH_OR_NEITHER)
async def test_a_saved_quote_with_both_or_neither_is_refused_and_not_stored(
    demo: Demo, discount: dict
) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    line = {"productId": await demo.product("SW-SEC"), "quantity": 1, "discount": discount}
    payload = {"accountId": await demo.account("Acme Manufacturing"), "lines": [line]}
    response = await api.post(CREATE, {"input": payload})

    refused(response.json())
    async with demo.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Quote)) == 0


async def test_a_saved_quote_keeps_the_one_discount_given(demo: Demo) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    line = {"productId": await demo.product("SW-SEC"), "quantity": 1, "discount": {"percent": "5"}}
    payload = {"accountId": await demo.account("Acme Manufacturing"), "lines": [line]}
    result = await api.succeeded(CREATE, {"input": payload}, "createQuote")
    assert Decimal(result["quote"]["lines"][0]["discountPercent"]) == 5
