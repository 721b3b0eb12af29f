"""Attribute values are typed: ``AttributeScalarInput`` is a ``@oneOf`` of text, number, boolean.

A value goes in the field matching the attribute's type; a value of another type is a
configuration violation, two fields or none a validation error; text standing for a number
(what the old String field took) is still read as the attribute's type.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.pricing.conftest import Demo

VALIDATE = """
query($input: ValidateConfigurationInput!) { validateConfiguration(input: $input) {
  valid violations { code attribute }
} }
"""
SERVER = [("CHS-L", None), ("SSD-1T", 2), ("GPU-A", None)]  # a valid SRV-EDGE build


async def validate(demo: Demo, attributes: list[dict[str, Any]]) -> dict[str, Any]:
    api = await demo.sign_in("rep1@dealdesk.example")
    selections = [{"optionId": await demo.option(sku), "quantity": q} for sku, q in SERVER]
    variables = {
        "input": {
            "productId": await demo.product("SRV-EDGE"),
            "configuration": {"selections": selections, "attributes": attributes},
        }
    }
    body: dict[str, Any] = await api(VALIDATE, variables)
    return body


def attribute_violations(body: dict[str, Any]) -> set[tuple[str, str]]:
    assert "errors" not in body, body
    violations = body["data"]["validateConfiguration"]["violations"]
    return {(v["code"], v["attribute"]) for v in violations if v["attribute"]}


@pytest.mark.parametrize(
    "storage", [{"number": "2"}, {"number": "2.50"}, {"text": "2"}], ids=["number", "scale", "text"]
)
async def test_a_value_of_the_attribute_s_type_is_accepted(demo: Demo, storage: dict) -> None:
    body = await validate(
        demo,
        [{"code": "storage_tb", "value": storage}, {"code": "rack", "value": {"text": "SHALLOW"}}],
    )
    assert attribute_violations(body) == set()
    assert body["data"]["validateConfiguration"]["valid"] is True


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("storage_tb", {"boolean": True}),
        ("storage_tb", {"text": "lots"}),
        ("rack", {"number": "1"}),
        ("rack", {"text": "shallow"}),  # choices are case-sensitive
    ],
)
async def test_a_value_of_another_type_is_a_violation_naming_the_attribute(
    demo: Demo, code: str, value: dict
) -> None:
    attributes = [{"code": "storage_tb", "value": {"number": "2"}}]
    attributes = [a for a in attributes if a["code"] != code] + [{"code": code, "value": value}]
    body = await validate(demo, attributes)
    assert ("INVALID_ATTRIBUTE_VALUE", code) in attribute_violations(body)


@pytest.mark.parametrize(
    "value",
    [{"number": "2", "text": "2"}, {}, {"number": None}, "2"],
    ids=["two", "none", "null", "old-string"],
)
async def test_not_exactly_one_typed_field_is_refused(demo: Demo, value: object) -> None:
    body = await validate(demo, [{"code": "storage_tb", "value": value}])
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] in ("GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"), error
