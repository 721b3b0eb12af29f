"""Configuration rules: on the bundle's own options and attributes, never a loop of requirements."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.catalog.conftest import CREATE_PRODUCT, USER_ERRORS, Catalog, Rows, error, forbidden
from tests.api.conftest import TYPED_SCALAR, Api, gid

SET_STRUCTURE = """
mutation($input: SetBundleStructureInput!) {
  setBundleStructure(input: $input) {
    product { features { options { id product { sku } } } }
    userErrors { code }
  }
}
"""
CONDITION = f"attribute operator value {{ {TYPED_SCALAR} }}"
CREATE_RULE = f"""
mutation($input: CreateConfigurationRuleInput!) {{
  createConfigurationRule(input: $input) {{
    configurationRule {{
      id kind optionId targetOptionId quantity message
      condition {{ {CONDITION} }} requirement {{ {CONDITION} }}
    }}
    bundle {{ configurationRules {{ id }} }}
    {USER_ERRORS}
  }}
}}
"""
RETIRE_RULE = f"""
mutation($input: RetireConfigurationRuleInput!) {{
  retireConfigurationRule(input: $input) {{
    configurationRule {{ id }} bundle {{ configurationRules {{ id }} }} {USER_ERRORS}
  }}
}}
"""
UPDATE_PRODUCT = f"""
mutation($input: UpdateProductInput!) {{
  updateProduct(input: $input) {{ product {{ version }} {USER_ERRORS} }}
}}
"""
RULE_TABLES = ("configuration_rules", "audit_events")


@pytest.fixture
async def bundle(catalog: Catalog) -> dict[str, Any]:
    """A server bundle with attributes and one feature holding options A, B, C (by SKU)."""
    server = (
        await catalog.mutate(
            CREATE_PRODUCT,
            {
                "sku": "SERVER",
                "name": "Server",
                "attributes": [
                    {"code": "storage_tb", "name": "Storage", "type": "NUMBER"},
                    {
                        "code": "tier",
                        "name": "Tier",
                        "type": "CHOICE",
                        "choices": ["gold", "silver"],
                    },
                ],
            },
        )
    )["product"]
    names = {"A": "Disk", "B": "Controller", "C": "Cable"}
    products = {
        sku: (await catalog.mutate(CREATE_PRODUCT, {"sku": sku, "name": name}))["product"]["id"]
        for sku, name in names.items()
    }
    structure = await catalog.mutate(
        SET_STRUCTURE,
        {
            "productId": server["id"],
            "version": 1,
            "features": [{"name": "Parts", "options": [{"productId": products[s]} for s in names]}],
        },
    )
    options = structure["product"]["features"][0]["options"]
    return {"id": server["id"], **{o["product"]["sku"]: o["id"] for o in options}}


async def add_rule(catalog: Catalog, bundle: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return await catalog.mutate(CREATE_RULE, {"bundleId": bundle["id"], **fields})


async def test_ops_adds_option_and_attribute_rules(
    catalog: Catalog, bundle: dict[str, Any]
) -> None:
    requires = await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["A"], targetOptionId=bundle["B"]
    )
    auto_add = await add_rule(
        catalog,
        bundle,
        kind="AUTO_ADD",
        optionId=bundle["A"],
        targetOptionId=bundle["C"],
        quantity=2,
    )
    constraint = await add_rule(
        catalog,
        bundle,
        kind="ATTRIBUTE_CONSTRAINT",
        condition={"attribute": "storage_tb", "operator": "GE", "value": {"number": "2.5"}},
        requirement={"attribute": "tier", "operator": "EQ", "value": {"text": "gold"}},
        message="Big storage comes in gold only.",
    )

    assert [r["userErrors"] for r in (requires, auto_add, constraint)] == [[], [], []]
    assert requires["configurationRule"]["optionId"] == bundle["A"]
    assert auto_add["configurationRule"]["quantity"] == 2
    rule = constraint["configurationRule"]
    assert rule["condition"] == {
        "attribute": "storage_tb",
        "operator": "GE",
        "value": {"__typename": "AttributeNumber", "number": "2.5"},
    }
    assert rule["requirement"] == {
        "attribute": "tier",
        "operator": "EQ",
        "value": {"__typename": "AttributeText", "text": "gold"},
    }
    assert requires["configurationRule"]["condition"] is None
    assert requires["configurationRule"]["requirement"] is None
    assert len(constraint["bundle"]["configurationRules"]) == 3


async def test_a_loop_of_requires_rules_is_refused_naming_it_and_writes_nothing(
    catalog: Catalog, bundle: dict[str, Any], rows: Rows
) -> None:
    await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["A"], targetOptionId=bundle["B"]
    )
    await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["B"], targetOptionId=bundle["C"]
    )
    before = await rows.count(*RULE_TABLES)

    result = await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["C"], targetOptionId=bundle["A"]
    )

    assert result["configurationRule"] is None
    assert error(result) == ("INVALID", ["input", "targetOptionId"])
    assert (
        "'Cable' requires 'Disk' requires 'Controller' requires 'Cable'"
        in result["userErrors"][0]["message"]
    )
    assert await rows.count(*RULE_TABLES) == before


async def test_excludes_rules_may_point_both_ways(catalog: Catalog, bundle: dict[str, Any]) -> None:
    await add_rule(
        catalog, bundle, kind="EXCLUDES", optionId=bundle["A"], targetOptionId=bundle["B"]
    )

    result = await add_rule(
        catalog, bundle, kind="EXCLUDES", optionId=bundle["B"], targetOptionId=bundle["A"]
    )

    assert result["userErrors"] == []


async def test_bad_rules_are_typed_errors_and_write_nothing(
    catalog: Catalog, bundle: dict[str, Any], rows: Rows
) -> None:
    other, part = await catalog.product("OTHER"), await catalog.product("PART")
    other_options = await catalog.mutate(
        SET_STRUCTURE,
        {
            "productId": other["id"],
            "version": 1,
            "features": [{"name": "F", "options": [{"productId": part["id"]}]}],
        },
    )
    foreign = other_options["product"]["features"][0]["options"][0]["id"]
    a, b = bundle["A"], bundle["B"]
    storage = {"attribute": "storage_tb", "operator": "GE", "value": {"number": "2"}}
    cases = [
        (
            {"kind": "REQUIRES", "optionId": a, "targetOptionId": foreign},
            "INVALID",
            "targetOptionId",
        ),
        (
            {"kind": "REQUIRES", "optionId": gid("BundleOption", 999), "targetOptionId": b},
            "NOT_FOUND",
            "optionId",
        ),
        (
            {"kind": "REQUIRES", "optionId": part["id"], "targetOptionId": b},
            "NOT_FOUND",
            "optionId",
        ),
        ({"kind": "REQUIRES", "optionId": a}, "REQUIRED", "targetOptionId"),
        ({"kind": "EXCLUDES", "optionId": a, "targetOptionId": a}, "INVALID", "targetOptionId"),
        (
            {"kind": "REQUIRES", "optionId": a, "targetOptionId": b, "quantity": 2},
            "INVALID",
            "quantity",
        ),
        (
            {"kind": "REQUIRES", "optionId": a, "targetOptionId": b, "condition": storage},
            "INVALID",
            "condition",
        ),
        ({"kind": "ATTRIBUTE_CONSTRAINT", "targetOptionId": b}, "REQUIRED", "condition"),
        ({"kind": "ATTRIBUTE_CONSTRAINT", "condition": storage}, "REQUIRED", "requirement"),
        (
            {
                "kind": "ATTRIBUTE_CONSTRAINT",
                "condition": storage,
                "targetOptionId": b,
                "requirement": storage,
            },
            "INVALID",
            "requirement",
        ),
    ]
    conditions = [
        (
            {"attribute": "colour", "operator": "EQ", "value": {"text": "red"}},
            "NOT_FOUND",
            "attribute",
        ),
        ({"attribute": "tier", "operator": "GT", "value": {"text": "gold"}}, "INVALID", "operator"),
        (
            {"attribute": "storage_tb", "operator": "GE", "value": {"text": "lots"}},
            "INVALID",
            "value",
        ),
        (
            {"attribute": "storage_tb", "operator": "EQ", "value": {"boolean": True}},
            "INVALID",
            "value",
        ),
        ({"attribute": "tier", "operator": "EQ", "value": {"text": "bronze"}}, "INVALID", "value"),
        ({"attribute": "tier", "operator": "EQ", "value": {"number": "1"}}, "INVALID", "value"),
    ]
    before = await rows.count(*RULE_TABLES)

    for fields, code, field in cases:
        assert error(await add_rule(catalog, bundle, **fields)) == (code, ["input", field]), fields
    for condition, code, field in conditions:
        result = await add_rule(
            catalog, bundle, kind="ATTRIBUTE_CONSTRAINT", condition=condition, targetOptionId=b
        )
        assert error(result) == (code, ["input", "condition", field]), condition
    unknown_bundle = await catalog.mutate(
        CREATE_RULE,
        {"bundleId": gid("Product", 999), "kind": "REQUIRES", "optionId": a, "targetOptionId": b},
    )
    assert error(unknown_bundle) == ("NOT_FOUND", ["input", "bundleId"])
    assert await rows.count(*RULE_TABLES) == before


async def test_same_idempotency_key_returns_the_first_rule(
    catalog: Catalog, bundle: dict[str, Any], rows: Rows
) -> None:
    rule = {"kind": "EXCLUDES", "optionId": bundle["A"], "targetOptionId": bundle["C"]}
    await catalog.created_once(
        CREATE_RULE, {"bundleId": bundle["id"], **rule, "idempotencyKey": "r-1"}
    )

    assert (await rows.count("configuration_rules"))["configuration_rules"] == 1


async def test_a_retired_rule_no_longer_applies_and_cannot_be_retired_twice(
    catalog: Catalog, bundle: dict[str, Any]
) -> None:
    rule = await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["A"], targetOptionId=bundle["B"]
    )
    rule_id = rule["configurationRule"]["id"]

    retired = await catalog.mutate(RETIRE_RULE, {"id": rule_id})
    again = await catalog.mutate(RETIRE_RULE, {"id": rule_id})
    missing = await catalog.mutate(RETIRE_RULE, {"id": gid("ConfigurationRule", 999)})
    loop_now_allowed = await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["B"], targetOptionId=bundle["A"]
    )

    assert retired["bundle"]["configurationRules"] == []
    assert error(again) == ("INVALID_STATE", ["input", "id"])
    assert error(missing) == ("NOT_FOUND", ["input", "id"])
    assert loop_now_allowed["userErrors"] == []


async def test_attributes_an_active_rule_reads_cannot_be_removed(
    catalog: Catalog, bundle: dict[str, Any], rows: Rows
) -> None:
    await add_rule(
        catalog,
        bundle,
        kind="ATTRIBUTE_CONSTRAINT",
        condition={"attribute": "storage_tb", "operator": "GE", "value": {"number": "2"}},
        targetOptionId=bundle["B"],
    )
    before = await rows.count("product_attributes", "audit_events")

    result = await catalog.mutate(
        UPDATE_PRODUCT,
        {
            "id": bundle["id"],
            "version": 2,
            "attributes": [{"code": "storage_tb", "name": "Storage", "type": "TEXT"}],
        },
    )

    assert error(result) == ("INVALID_STATE", ["input", "attributes"])
    assert await rows.count("product_attributes", "audit_events") == before


async def test_a_rep_may_not_add_or_retire_rules(
    rep_api: Api, catalog: Catalog, bundle: dict[str, Any], rows: Rows
) -> None:
    rule = await add_rule(
        catalog, bundle, kind="REQUIRES", optionId=bundle["A"], targetOptionId=bundle["B"]
    )
    before = await rows.count(*RULE_TABLES)

    created = await rep_api(
        CREATE_RULE,
        {
            "input": {
                "bundleId": bundle["id"],
                "kind": "EXCLUDES",
                "optionId": bundle["A"],
                "targetOptionId": bundle["C"],
            }
        },
    )
    retired = await rep_api(RETIRE_RULE, {"input": {"id": rule["configurationRule"]["id"]}})

    assert forbidden(created) and forbidden(retired)
    assert await rows.count(*RULE_TABLES) == before
