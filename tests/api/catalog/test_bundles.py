"""Bundle structure: replaced as a whole, keeping options (and their rules) that still match."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.catalog.conftest import USER_ERRORS, Catalog, Rows, error, forbidden
from tests.api.conftest import Api, gid

SET_STRUCTURE = f"""
mutation($input: SetBundleStructureInput!) {{
  setBundleStructure(input: $input) {{
    product {{
      id version
      features {{
        name minOptions maxOptions
        options {{ id optionType defaultQuantity maxQuantity product {{ sku }} }}
      }}
      configurationRules {{ id kind }}
    }}
    {USER_ERRORS}
  }}
}}
"""
CREATE_RULE = f"""
mutation($input: CreateConfigurationRuleInput!) {{
  createConfigurationRule(input: $input) {{ configurationRule {{ id }} {USER_ERRORS} }}
}}
"""
RETIRE_PRODUCT = (
    "mutation($input: RetireProductInput!) { retireProduct(input: $input) { userErrors { code } } }"
)
BUNDLE_TABLES = ("bundle_features", "bundle_options", "configuration_rules", "audit_events")


def option(product: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"productId": product["id"], **fields}


@pytest.fixture
async def parts(catalog: Catalog) -> dict[str, dict[str, Any]]:
    return {
        sku: await catalog.product(sku) for sku in ("SERVER", "CPU-A", "CPU-B", "RAM", "SUPPORT")
    }


def hardware(parts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": "Processor",
            "minOptions": 1,
            "maxOptions": 1,
            "options": [option(parts["CPU-A"], optionType="OPTIONAL"), option(parts["CPU-B"])],
        },
        {
            "name": "Extras",
            "options": [
                option(parts["RAM"], defaultQuantity=2, minQuantity=1, maxQuantity=8),
                option(parts["SUPPORT"], optionType="INCLUDED", quantityMode="FIXED"),
            ],
        },
    ]


async def set_structure(
    catalog: Catalog, bundle: dict[str, Any], version: int, features: list
) -> dict:
    return await catalog.mutate(
        SET_STRUCTURE, {"productId": bundle["id"], "version": version, "features": features}
    )


async def test_ops_sets_a_bundles_features_and_options_and_its_version_moves(
    catalog: Catalog, parts: dict[str, dict[str, Any]]
) -> None:
    result = await set_structure(catalog, parts["SERVER"], 1, hardware(parts))

    assert result["userErrors"] == []
    product = result["product"]
    assert product["version"] == 2
    assert [(f["name"], f["minOptions"], f["maxOptions"]) for f in product["features"]] == [
        ("Processor", 1, 1),
        ("Extras", 0, None),
    ]
    extras = product["features"][1]["options"]
    assert [
        (o["product"]["sku"], o["optionType"], o["defaultQuantity"], o["maxQuantity"])
        for o in extras
    ] == [
        ("RAM", "OPTIONAL", 2, 8),
        ("SUPPORT", "INCLUDED", 1, None),
    ]


async def test_replacing_the_structure_keeps_matching_options_with_their_rules(
    catalog: Catalog, parts: dict[str, dict[str, Any]]
) -> None:
    first = (await set_structure(catalog, parts["SERVER"], 1, hardware(parts)))["product"]
    cpu_a, cpu_b = first["features"][0]["options"]
    ram, support = first["features"][1]["options"]
    server = parts["SERVER"]["id"]
    kept = await catalog.mutate(
        CREATE_RULE,
        {
            "bundleId": server,
            "kind": "REQUIRES",
            "optionId": cpu_a["id"],
            "targetOptionId": ram["id"],
        },
    )
    dropped = await catalog.mutate(
        CREATE_RULE,
        {
            "bundleId": server,
            "kind": "EXCLUDES",
            "optionId": cpu_b["id"],
            "targetOptionId": support["id"],
        },
    )
    features = hardware(parts)
    features[0]["options"] = [option(parts["CPU-A"])]  # CPU-B goes, and the rule about it
    features[1]["options"][0]["defaultQuantity"] = 4
    features.reverse()

    result = await set_structure(catalog, parts["SERVER"], 2, features)

    product = result["product"]
    assert [f["name"] for f in product["features"]] == ["Extras", "Processor"]
    assert product["features"][0]["options"][0] == {**ram, "defaultQuantity": 4}
    assert product["features"][1]["options"] == [cpu_a]
    assert [r["id"] for r in product["configurationRules"]] == [kept["configurationRule"]["id"]]
    assert dropped["userErrors"] == []
    assert product["version"] == 3


async def test_an_empty_structure_makes_a_plain_product(
    catalog: Catalog, parts: dict[str, dict[str, Any]]
) -> None:
    await set_structure(catalog, parts["SERVER"], 1, hardware(parts))

    result = await set_structure(catalog, parts["SERVER"], 2, [])

    assert result["product"]["features"] == []


async def test_bad_structures_are_typed_errors_and_write_nothing(
    catalog: Catalog, parts: dict[str, dict[str, Any]], rows: Rows
) -> None:
    retired = await catalog.product("OLD")
    await catalog.mutate(RETIRE_PRODUCT, {"id": retired["id"], "version": 1})
    at = ["input", "features", "0"]
    cpu = parts["CPU-A"]
    cases = [
        (
            [{"name": "F", "options": [option(parts["SERVER"])]}],
            "INVALID",
            [*at, "options", "0", "productId"],
        ),
        (
            [{"name": "F", "options": [option(retired)]}],
            "INVALID_STATE",
            [*at, "options", "0", "productId"],
        ),
        (
            [{"name": "F", "options": [{"productId": gid("Product", 999)}]}],
            "NOT_FOUND",
            [*at, "options", "0", "productId"],
        ),
        (
            [{"name": "F", "options": [{"productId": gid("User", 1)}]}],
            "NOT_FOUND",
            [*at, "options", "0", "productId"],
        ),
        (
            [{"name": "F", "options": [option(cpu, minQuantity=0)]}],
            "INVALID",
            [*at, "options", "0", "minQuantity"],
        ),
        (
            [{"name": "F", "options": [option(cpu, minQuantity=3, defaultQuantity=2)]}],
            "INVALID",
            [*at, "options", "0", "defaultQuantity"],
        ),
        (
            [{"name": "F", "options": [option(cpu, defaultQuantity=5, maxQuantity=4)]}],
            "INVALID",
            [*at, "options", "0", "maxQuantity"],
        ),
        (
            [{"name": "F", "minOptions": 2, "maxOptions": 1, "options": [option(cpu)]}],
            "INVALID",
            [*at, "maxOptions"],
        ),
        (
            [{"name": "F", "options": [option(cpu), option(cpu)]}],
            "INVALID",
            [*at, "options", "1", "productId"],
        ),
        (
            [{"name": "F", "options": []}, {"name": "f", "options": []}],
            "INVALID",
            ["input", "features", "1", "name"],
        ),
    ]
    before = await rows.count(*BUNDLE_TABLES, "products")

    for features, code, field in cases:
        result = await set_structure(catalog, parts["SERVER"], 1, features)
        assert error(result) == (code, field), features

    assert await rows.count(*BUNDLE_TABLES, "products") == before
    version = await catalog.mutate(
        SET_STRUCTURE, {"productId": parts["SERVER"]["id"], "version": 1, "features": []}
    )
    assert version["product"]["version"] == 2  # the refusals did not move it


async def test_a_bundle_cannot_contain_itself_through_another_bundle(
    catalog: Catalog, parts: dict[str, dict[str, Any]], rows: Rows
) -> None:
    await set_structure(
        catalog, parts["RAM"], 1, [{"name": "Kit", "options": [option(parts["SERVER"])]}]
    )
    before = await rows.count(*BUNDLE_TABLES)

    result = await set_structure(
        catalog, parts["SERVER"], 1, [{"name": "Memory", "options": [option(parts["RAM"])]}]
    )

    assert error(result) == ("INVALID", ["input", "features", "0", "options", "0", "productId"])
    assert "already contains" in result["userErrors"][0]["message"]
    assert await rows.count(*BUNDLE_TABLES) == before


async def test_stale_version_is_a_conflict_and_writes_nothing(
    catalog: Catalog, parts: dict[str, dict[str, Any]], rows: Rows
) -> None:
    await set_structure(catalog, parts["SERVER"], 1, hardware(parts))
    before = await rows.count(*BUNDLE_TABLES)

    stale = await set_structure(catalog, parts["SERVER"], 1, [])

    assert error(stale) == ("CONFLICT", ["input", "version"])
    assert await rows.count(*BUNDLE_TABLES) == before


async def test_a_rep_may_not_set_a_bundles_structure(
    rep_api: Api, parts: dict[str, dict[str, Any]], rows: Rows
) -> None:
    before = await rows.count(*BUNDLE_TABLES)

    body = await rep_api(
        SET_STRUCTURE,
        {"input": {"productId": parts["SERVER"]["id"], "version": 1, "features": hardware(parts)}},
    )

    assert forbidden(body)
    assert await rows.count(*BUNDLE_TABLES) == before
