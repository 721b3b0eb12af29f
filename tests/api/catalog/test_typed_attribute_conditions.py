"""A configuration rule's condition compares with a typed value (``AttributeScalarInput``)."""

from __future__ import annotations

from typing import Any

from tests.api.catalog.conftest import CREATE_PRODUCT, USER_ERRORS, Catalog
from tests.api.conftest import TYPED_SCALAR


async def test_a_rule_compares_with_a_typed_boolean(catalog: Catalog) -> None:
    part = (await catalog.mutate(CREATE_PRODUCT, {"sku": "KEY", "name": "Key module"}))["product"]
    server = await catalog.product(
        "VAULT", attributes=[{"code": "encrypted", "name": "Encrypted", "type": "BOOLEAN"}]
    )
    structure = await catalog.mutate(
        """mutation($input: SetBundleStructureInput!) { setBundleStructure(input: $input) {
          product { features { options { id } } } userErrors { code } } }""",
        {
            "productId": server["id"],
            "version": 1,
            "features": [{"name": "Parts", "options": [{"productId": part["id"]}]}],
        },
    )
    option = structure["product"]["features"][0]["options"][0]["id"]
    rule = f"""mutation($input: CreateConfigurationRuleInput!) {{
      createConfigurationRule(input: $input) {{
        configurationRule {{ condition {{ attribute operator value {{ {TYPED_SCALAR} }} }} }}
        {USER_ERRORS} }} }}"""

    async def add(value: dict[str, Any]) -> dict[str, Any]:
        condition = {"attribute": "encrypted", "operator": "EQ", "value": value}
        fields = {"kind": "ATTRIBUTE_CONSTRAINT", "condition": condition, "targetOptionId": option}
        return await catalog.mutate(rule, {"bundleId": server["id"], **fields})

    added = await add({"boolean": True})
    assert added["userErrors"] == []
    assert added["configurationRule"]["condition"] == {
        "attribute": "encrypted",
        "operator": "EQ",
        "value": {"__typename": "AttributeBoolean", "boolean": True},
    }
    refused = await add({"number": "1"})
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID", ["input", "condition", "value"])
    ]
