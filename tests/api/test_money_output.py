"""Money out: every ``Money.amount`` has exactly its currency's minor units (half-up, at output),
unit prices keep their stored precision, and waterfall labels never show global IDs."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tests.api.pricing.conftest import Demo

DAY = "2026-11-23"
PRICE = """
query($input: PriceQuoteInput!) { priceQuote(input: $input) {
  currency priced netTotal { amount currency } listTotal { amount } discountTotal { amount }
  issues { code message }
  steps { kind label amountDelta { amount } amountAfter { amount } }
  lines { key listUnitPrice netUnitPrice netAmount { amount } listAmount { amount }
    steps { kind label ruleId amountDelta { amount } amountAfter { amount } unitPriceAfter }
    breaches { code message } }
} }
"""
BOOK = "mutation($input: CreatePriceBookInput!) { createPriceBook(input: $input) { priceBook { id } userErrors { code field message } } }"
ENTRY = "mutation($input: CreatePriceBookEntryInput!) { createPriceBookEntry(input: $input) { priceBookEntry { id unitPrice } userErrors { code field message } } }"
CONTRACT = "mutation($input: CreateContractedPriceInput!) { createContractedPrice(input: $input) { contractedPrice { unitPrice { amount currency } } userErrors { code field message } } }"
PRODUCT = "mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } userErrors { code field message } } }"
GLOBAL_ID = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def amounts(value: Any) -> list[str]:
    """Every Money amount in a response (``{"amount": ...}`` objects)."""
    if isinstance(value, dict):
        found = (
            [value["amount"]] if isinstance(value.get("amount"), str) and len(value) <= 2 else []
        )
        return found + [a for v in value.values() for a in amounts(v)]
    if isinstance(value, list):
        return [a for v in value for a in amounts(v)]
    return []


def places(amount: str) -> int:
    return len(amount.split(".")[1]) if "." in amount else 0


async def price(demo: Demo, lines: list[dict], **extra: Any) -> dict:
    rep = await demo.sign_in("rep1@dealdesk.example")
    variables = {
        "input": {
            "accountId": await demo.account("Acme Manufacturing"),
            "lines": lines,
            "pricingDate": DAY,
            **extra,
        }
    }
    return await rep.data(PRICE, variables)


async def test_usd_amounts_have_two_places_even_when_steps_are_unrounded(demo: Demo) -> None:
    lines = [
        await demo.line("a", "SW-ANL", 7, discount={"percent": "33.3333"}),
        await demo.line("b", "SVC-TRN", 3),
    ]

    result = (await price(demo, lines, quoteDiscount={"percent": "7.77"}))["priceQuote"]

    shown = amounts(result)
    assert result["priced"], result["issues"]
    assert len(shown) > 10
    assert all(places(a) == 2 and "E" not in a for a in shown), shown
    steps = [s["amountDelta"]["amount"] for line in result["lines"] for s in line["steps"]]
    assert all(places(a) == 2 for a in steps), steps


async def test_jpy_amounts_have_no_decimal_places_and_round_half_up(demo: Demo) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    book = (
        await ops.data(
            BOOK, {"input": {"name": "Standard JPY", "currency": "JPY", "isStandard": True}}
        )
    )["createPriceBook"]
    created = await ops.data(PRODUCT, {"input": {"sku": "JP-1", "name": "Yen support"}})
    product = created["createProduct"]["product"]["id"]
    entry = (
        await ops.data(
            ENTRY,
            {
                "input": {
                    "priceBookId": book["priceBook"]["id"],
                    "productId": product,
                    "unitPrice": "1234.5",
                    "validFrom": "2026-01-01",
                }
            },
        )
    )["createPriceBookEntry"]
    assert entry["userErrors"] == []

    result = (
        await price(demo, [{"key": "j", "productId": product, "quantity": 3}], currency="JPY")
    )["priceQuote"]

    assert result["priced"], (result["issues"], result["lines"])
    # 3 × 1234.5 = 3703.5, half-up
    assert result["netTotal"] == {"amount": "3704", "currency": "JPY"}
    assert all(places(a) == 0 for a in amounts(result)), amounts(result)
    # a unit price keeps its precision
    assert Decimal(result["lines"][0]["listUnitPrice"]) == Decimal("1234.5")


async def test_unit_prices_keep_their_stored_precision_with_at_least_the_minor_units(
    demo: Demo,
) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    account, product = await demo.account("Globex Corporation"), await demo.product("SW-SEC")

    async def contract(price: str, currency: str, start: str) -> dict:
        data = await ops.data(
            CONTRACT,
            {
                "input": {
                    "accountId": account,
                    "productId": product,
                    "unitPrice": price,
                    "currency": currency,
                    "validFrom": start,
                    "validTo": f"{start[:4]}-12-31",
                }
            },
        )
        assert data["createContractedPrice"]["userErrors"] == [], data
        return data["createContractedPrice"]["contractedPrice"]["unitPrice"]

    assert await contract("0.0125", "USD", "2030-01-01") == {"amount": "0.0125", "currency": "USD"}
    assert await contract("10.8", "USD", "2031-01-01") == {"amount": "10.80", "currency": "USD"}
    assert await contract("1200", "JPY", "2030-01-01") == {"amount": "1200", "currency": "JPY"}


async def test_waterfall_labels_name_rules_not_global_ids(demo: Demo) -> None:
    # Acme's contract prices SW-ANL at 36 instead of 45.
    result = (await price(demo, [await demo.line("a", "SW-ANL", 120)]))["priceQuote"]

    steps = result["lines"][0]["steps"]
    contract = next(s for s in steps if s["kind"] == "CONTRACTED_PRICE")
    assert "Acme Manufacturing" in contract["label"]
    for step in steps + result["steps"]:
        assert not GLOBAL_ID.search(step["label"]), step["label"]
        assert step.get("ruleId") is None or step["ruleId"] not in step["label"]


async def test_a_floor_breach_message_shows_amounts_as_money(demo: Demo) -> None:
    product = await demo.product("SVC-INST")  # the demo's standard USD book gives it a floor

    result = (
        await price(
            demo, [{"key": "f", "productId": product, "quantity": 1, "discount": {"percent": "90"}}]
        )
    )["priceQuote"]

    messages = [
        b["message"]
        for line in result["lines"]
        for b in line["breaches"]
        if b["code"] == "BELOW_FLOOR"
    ]
    assert messages, result["lines"]
    for message in messages:
        for number in re.findall(r"(\d+(?:\.\d+)?) USD", message):
            assert places(number) >= 2 and Decimal(number) > 0, message
