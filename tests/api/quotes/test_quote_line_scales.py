"""A quote line's Decimal fields at their stated scale, and the links it always has (issue 13)."""

from __future__ import annotations

import re
from decimal import Decimal

from tests.api.quotes.conftest import Quotes

PERCENT = re.compile(r"^-?\d+\.\d{2}$")


async def test_a_quote_line_shows_its_discount_at_its_scale_and_always_its_product(
    quotes: Quotes,
) -> None:
    quote = await quotes.create(
        [
            await quotes.line("SW-SEC", 10, discount={"percent": "5"}),
            await quotes.line("SW-ANL", 3, discount={"amount": "1.5"}),
        ]
    )

    data = await quotes.rep.data(
        """query($id: ID!) { node(id: $id) { ... on Quote {
             account { name } owner { email }
             lines { key discountPercent discountAmount product { sku } }
             pricing { currency totalDiscountPercent } } } }""",
        {"id": quote["id"]},
    )

    shown = data["node"]
    assert shown["account"]["name"] == "Acme Manufacturing"
    assert shown["owner"]["email"] == "rep1@dealdesk.example"
    assert shown["lines"] == [
        {
            "key": "L1",
            "discountPercent": "5.00",
            "discountAmount": None,
            "product": {"sku": "SW-SEC"},
        },
        {
            "key": "L2",
            "discountPercent": None,
            "discountAmount": "1.50",
            "product": {"sku": "SW-ANL"},
        },
    ]
    assert shown["pricing"]["currency"] == "USD"
    assert PERCENT.match(shown["pricing"]["totalDiscountPercent"])
    assert Decimal(shown["pricing"]["totalDiscountPercent"]) > 0


async def test_a_bundle_line_reads_back_its_configuration_as_types(quotes: Quotes) -> None:
    demo = quotes.demo
    chassis, ssd = await demo.option("CHS-L"), await demo.option("SSD-4T")
    configuration = {
        "selections": [{"optionId": chassis}, {"optionId": ssd, "quantity": 2}],
        "attributes": [{"code": "storage_tb", "value": "8"}],
    }
    quote = await quotes.create([await quotes.line("SRV-EDGE", 2, configuration=configuration)])

    data = await quotes.rep.data(
        """query($id: ID!) { node(id: $id) { ... on Quote { lines { configuration {
             selections { optionId quantity option { id product { sku } } }
             attributes { code value } } } } } }""",
        {"id": quote["id"]},
    )

    assert data["node"]["lines"][0]["configuration"] == {
        "selections": [
            {
                "optionId": chassis,
                "quantity": None,
                "option": {"id": chassis, "product": {"sku": "CHS-L"}},
            },
            {"optionId": ssd, "quantity": 2, "option": {"id": ssd, "product": {"sku": "SSD-4T"}}},
        ],
        "attributes": [{"code": "storage_tb", "value": "8"}],
    }
