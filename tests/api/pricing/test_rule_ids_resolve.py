"""Every ``ruleId`` a price or a configuration check names is a global ID ``node`` resolves
(issue 13): an INCLUDED option's step names its BundleOption, and a feature count, which is
no node, names nothing rather than a bare database key posing as an ID."""

from __future__ import annotations

from typing import Any

from tests.api.pricing.conftest import Demo
from tests.api.pricing.test_validate_configuration import validate

PRICE = """
query($input: PriceQuoteInput!) { priceQuote(input: $input) {
  breaches { ruleId } issues { ruleId }
  lines { product { sku } steps { kind ruleId } issues { ruleId }
    configuration { violations { ruleId } options { ruleId } } }
} }
"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


async def resolved(demo: Demo, ids: list[str]) -> list[dict[str, Any] | None]:
    admin = await demo.sign_in("admin@dealdesk.example")
    return list((await admin.data(NODES, {"ids": ids}))["nodes"])


def rule_ids(found: Any) -> list[str]:
    """Every non-null ``ruleId`` anywhere in an answer."""
    if isinstance(found, dict):
        own = [found["ruleId"]] if found.get("ruleId") else []
        return own + [i for v in found.values() for i in rule_ids(v)]
    if isinstance(found, list):
        return [i for item in found for i in rule_ids(item)]
    return []


async def test_every_rule_id_of_a_priced_bundle_resolves_and_an_included_option_names_itself(
    demo: Demo,
) -> None:
    configuration = await demo.bundle_configuration("CHS-L", "SSD-1T", "GPU-A", storage_tb="2")
    rep = await demo.sign_in("rep1@dealdesk.example")
    lines = [
        await demo.line("e", "SRV-EDGE", 2, configuration=configuration),
        await demo.line("s", "SW-SEC", 60),
    ]
    account = await demo.account("Acme Manufacturing")

    priced = (await rep.data(PRICE, {"input": {"accountId": account, "lines": lines}}))[
        "priceQuote"
    ]

    ids = rule_ids(priced)
    assert len(ids) >= 3
    assert None not in await resolved(demo, ids)
    support = next(line for line in priced["lines"] if line["product"]["sku"] == "SUP-BAS")
    included = [s["ruleId"] for s in support["steps"] if s["kind"] == "BUNDLE_INCLUDED"]
    assert included == [await demo.option("SUP-BAS")]


async def test_a_broken_feature_count_names_no_rule_and_a_broken_rule_names_its_node(
    demo: Demo,
) -> None:
    result = await validate(
        demo,
        [("CHS-L", None), ("CHS-S", None), ("SSD-4T", None)],
        {"storage_tb": {"number": "8"}},
    )

    by_code = {v["code"]: v["ruleId"] for v in result["violations"]}
    assert by_code["FEATURE_MAX_OPTIONS"] is None
    broken = await resolved(demo, [by_code["EXCLUDED_TOGETHER"]])
    assert broken == [{"__typename": "ConfigurationRule", "id": by_code["EXCLUDED_TOGETHER"]}]
