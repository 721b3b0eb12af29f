"""``validateConfiguration``: the live check while a rep configures a bundle."""

from __future__ import annotations

from tests.api.conftest import gid
from tests.api.pricing.conftest import Demo

VALIDATE = """
query($input: ValidateConfigurationInput!) { validateConfiguration(input: $input) {
  valid violations { code message ruleId optionIds attribute }
  options { source quantity quantityPerParent product { sku } }
} }
"""


async def validate(
    demo: Demo,
    selections: list[tuple[str, int | None]],
    attributes: dict[str, dict[str, object]],
    quantity: int = 1,
) -> dict:
    api = await demo.sign_in("rep1@dealdesk.example")
    configuration = {
        "selections": [
            {"optionId": await demo.option(sku), "quantity": q} for sku, q in selections
        ],
        "attributes": [{"code": k, "value": v} for k, v in attributes.items()],
    }
    data = await api.data(
        VALIDATE,
        {
            "input": {
                "productId": await demo.product("SRV-EDGE"),
                "quantity": quantity,
                "configuration": configuration,
            }
        },
    )
    return data["validateConfiguration"]


async def test_a_valid_configuration_resolves_included_required_and_auto_added_options(
    demo: Demo,
) -> None:
    result = await validate(
        demo,
        [("CHS-L", None), ("SSD-1T", 2), ("GPU-A", None)],
        {"storage_tb": {"number": "2"}},
        quantity=3,
    )

    resolved = {o["product"]["sku"]: (o["source"], o["quantity"]) for o in result["options"]}
    assert result["valid"] is True
    assert resolved["PSU-HP"] == ("AUTO_ADDED", 3)
    assert resolved["SUP-BAS"] == ("INCLUDED", 3)
    assert resolved["SVC-INST"] == ("REQUIRED", 1)
    assert resolved["SSD-1T"] == ("USER", 6)


async def test_every_violation_is_reported_at_once(demo: Demo) -> None:
    result = await validate(
        demo, [("CHS-S", None), ("SSD-4T", None), ("GPU-A", None)], {"storage_tb": {"number": "8"}}
    )

    codes = [v["code"] for v in result["violations"]]
    assert result["valid"] is False
    assert {"EXCLUDED_TOGETHER", "REQUIRES_UNMET", "ATTRIBUTE_CONSTRAINT"} <= set(codes)
    assert all(v["message"] for v in result["violations"])


async def test_feature_counts_and_attribute_values_are_checked(demo: Demo) -> None:
    result = await validate(
        demo,
        [("CHS-L", None), ("CHS-S", None), ("SSD-1T", 99)],
        {"storage_tb": {"text": "lots"}, "rack": {"text": "ROUND"}},
    )

    codes = {v["code"] for v in result["violations"]}
    assert {
        "FEATURE_MAX_OPTIONS",
        "OPTION_QUANTITY_OUT_OF_RANGE",
        "INVALID_ATTRIBUTE_VALUE",
    } <= codes


async def test_a_missing_required_attribute_and_empty_required_feature(demo: Demo) -> None:
    result = await validate(demo, [], {})

    codes = {v["code"] for v in result["violations"]}
    assert {"MISSING_ATTRIBUTE", "FEATURE_MIN_OPTIONS"} <= codes


async def test_an_unknown_product_is_not_found(demo: Demo) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")

    body = await api(VALIDATE, {"input": {"productId": gid("Product", 99999)}})

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
