"""Every Decimal of the pricing, quote and catalog types leaves the API at its stated scale
(issue 13): percentages with exactly 2 places, unit prices rounded to at most 6 places with at
least the currency's minor units, never the engine's 28-digit quotients or exponent form."""

from __future__ import annotations

import re

from tests.api.pricing.conftest import Demo

PERCENT = re.compile(r"^-?\d+\.\d{2}$")  # computed: discounts, margins
WRITTEN_PERCENT = re.compile(r"^-?\d+\.\d{4}$")  # as set: a promotion's percent
USD_UNIT_PRICE = re.compile(r"^-?\d+\.\d{2,6}$")

PRICE = """
query($input: PriceQuoteInput!) { priceQuote(input: $input) {
  currency priced issues { code message }
  totalDiscountPercent marginPercent
  breaches { code threshold actual }
  lines { key listUnitPrice netUnitPrice discountPercent marginPercent
    steps { kind unitPriceAfter }
    breaches { code threshold actual } }
} }
"""


def percents_and_unit_prices(result: dict) -> tuple[list[str], list[str]]:
    percents = [result["totalDiscountPercent"], result["marginPercent"]]
    unit_prices = []
    breaches = list(result["breaches"])
    for line in result["lines"]:
        percents += [line["discountPercent"], line["marginPercent"]]
        unit_prices += [line["listUnitPrice"], line["netUnitPrice"]]
        unit_prices += [step["unitPriceAfter"] for step in line["steps"]]
        breaches += line["breaches"]
    for breach in breaches:
        shown = unit_prices if breach["code"] == "BELOW_FLOOR" else percents
        shown += [breach["threshold"], breach["actual"]]
    return [p for p in percents if p is not None], [u for u in unit_prices if u is not None]


async def test_price_quote_shows_percents_at_two_places_and_unit_prices_bounded(
    demo: Demo,
) -> None:
    manager = await demo.sign_in("east.manager@dealdesk.example")
    lines = [
        # 7 units with a third off and a quote discount: unit prices that never terminate
        await demo.line("a", "SW-ANL", 7, discount={"percent": "33.3333"}),
        await demo.line("b", "SVC-TRN", 3),
        # 90 % off a product with a floor: BELOW_FLOOR and a discount beyond authority
        await demo.line("f", "SVC-INST", 3, discount={"percent": "90"}),
    ]
    variables = {
        "input": {
            "accountId": await demo.account("Acme Manufacturing"),
            "lines": lines,
            "pricingDate": "2026-11-23",
            "quoteDiscount": {"percent": "7.77"},
        }
    }

    result = (await manager.data(PRICE, variables))["priceQuote"]

    assert result["currency"] == "USD"
    percents, unit_prices = percents_and_unit_prices(result)
    codes = {b["code"] for line in result["lines"] for b in line["breaches"]}
    assert "BELOW_FLOOR" in codes, result["lines"]
    assert len(percents) >= 6 and len(unit_prices) >= 12
    assert all(PERCENT.match(p) for p in percents), percents
    assert all(USD_UNIT_PRICE.match(u) for u in unit_prices), unit_prices
    assert result["lines"][0]["discountPercent"] is not None


async def test_price_book_entries_tiers_and_promotions_show_their_scales(demo: Demo) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")

    data = await ops.data(
        """{ priceBooks(first: 50) { edges { node { currency
               entries { unitPrice floorPrice product { sku } } } } }
             promotions(first: 50) { edges { node { kind percent amount { amount } } } } }"""
    )

    entries = [
        (edge["node"]["currency"], entry)
        for edge in data["priceBooks"]["edges"]
        for entry in edge["node"]["entries"]
    ]
    assert entries
    for currency, entry in entries:
        assert entry["product"]["sku"]
        for price in (entry["unitPrice"], entry["floorPrice"]):
            if price is not None and currency == "USD":
                assert USD_UNIT_PRICE.match(price), entry
            if price is not None:
                assert "E" not in price and len(price.partition(".")[2]) <= 6, entry
    percents = [
        edge["node"]["percent"]
        for edge in data["promotions"]["edges"]
        if edge["node"]["kind"] == "PERCENT"
    ]
    assert percents and all(WRITTEN_PERCENT.match(p) for p in percents), percents
