"""A quote line as a typed client reads it (issue 13): Decimals at their stated scale, the links
it always has, its configuration as types, and no id that poses as a node."""

from __future__ import annotations

import re
from decimal import Decimal

from strawberry.relay import to_base64

from tests.api.conftest import TYPED_SCALAR
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
            "discountPercent": "5.0000",
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
        "attributes": [
            {"code": "storage_tb", "value": {"number": "8"}},
            {"code": "rack", "value": {"text": "SHALLOW"}},
        ],
    }
    quote = await quotes.create([await quotes.line("SRV-EDGE", 2, configuration=configuration)])

    data = await quotes.rep.data(
        f"""query($id: ID!) {{ node(id: $id) {{ ... on Quote {{ lines {{ configuration {{
             selections {{ optionId quantity option {{ id product {{ sku }} }} }}
             attributes {{ code typedValue {{ {TYPED_SCALAR} }} }} }} }} }} }} }}""",
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
        "attributes": [
            {"code": "storage_tb", "typedValue": {"__typename": "AttributeNumber", "number": "8"}},
            {"code": "rack", "typedValue": {"__typename": "AttributeText", "text": "SHALLOW"}},
        ],
    }


async def test_an_attribute_value_reads_back_typed_by_its_attribute_or_as_text_when_it_does_not_fit(
    quotes: Quotes,
) -> None:
    written_as_text = {"attributes": [{"code": "storage_tb", "value": {"text": "2.50"}}]}
    not_a_number = {"attributes": [{"code": "storage_tb", "value": {"text": "lots"}}]}
    quote = await quotes.create(
        [
            await quotes.line("SRV-EDGE", 1, configuration=written_as_text),
            await quotes.line("SRV-EDGE", 1, configuration=not_a_number),
        ]
    )

    data = await quotes.rep.data(
        f"""query($id: ID!) {{ node(id: $id) {{ ... on Quote {{ lines {{
             configuration {{ attributes {{ value typedValue {{ {TYPED_SCALAR} }} }} }} }} }} }} }}""",
        {"id": quote["id"]},
    )

    read = [line["configuration"]["attributes"][0] for line in data["node"]["lines"]]
    assert read == [
        {"value": "2.50", "typedValue": {"__typename": "AttributeNumber", "number": "2.50"}},
        {"value": "lots", "typedValue": {"__typename": "AttributeText", "text": "lots"}},
    ]


async def test_a_line_is_named_by_its_key_and_no_line_id_poses_as_a_node(quotes: Quotes) -> None:
    await quotes.create()
    forged = to_base64("QuoteLine", 1)

    body = await quotes.rep("query($id: ID!) { node(id: $id) { id } }", {"id": forged})

    assert body == {"data": {"node": None}}
