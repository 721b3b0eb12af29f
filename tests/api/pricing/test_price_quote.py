"""``priceQuote`` on the demo catalog: hand-computed waterfalls, breaches and refusals."""

from __future__ import annotations

from decimal import Decimal

from tests.api.pricing.conftest import Demo

PRICE = """
query($input: PriceQuoteInput!) { priceQuote(input: $input) {
  currency priced netTotal { amount currency } listTotal { amount } totalDiscountPercent marginPercent
  breaches { code lineKey threshold actual }
  issues { code lineKey field }
  lines { key parentKey quantity listUnitPrice netAmount { amount } marginPercent product { sku }
    steps { kind ruleId amountDelta { amount } } issues { code }
    configuration { valid violations { code } } }
} }
"""
DAY = "2026-11-23"


async def price(
    demo: Demo,
    lines: list[dict],
    account: str = "Acme Manufacturing",
    as_: str = "rep1@dealdesk.example",
    **extra: object,
) -> dict:
    api = await demo.sign_in(as_)
    variables = {
        "input": {
            "accountId": await demo.account(account),
            "lines": lines,
            "pricingDate": DAY,
            **extra,
        }
    }
    body = await api(PRICE, variables)
    assert "errors" not in body, body
    return body["data"]["priceQuote"]


def only(result: dict, key: str) -> dict:
    return next(item for item in result["lines"] if item["key"] == key)


def kinds(item: dict) -> list[str]:
    return [step["kind"] for step in item["steps"]]


async def test_contracted_price_then_volume_tier(demo: Demo) -> None:
    # Acme's contract: 36/user instead of 45; 120 users reach the 100–499 tier (10% off all units).
    result = await price(demo, [await demo.line("a", "SW-ANL", 120)])

    analytics = only(result, "a")
    assert kinds(analytics) == ["LIST_PRICE", "CONTRACTED_PRICE", "VOLUME_TIER", "NET"]
    assert analytics["netAmount"]["amount"] == "3888.00"  # 120 × 36 × 0.9
    assert result["listTotal"]["amount"] == "5400.00"
    assert result["totalDiscountPercent"] == "28.00"


async def test_segment_book_then_graduated_slabs(demo: Demo) -> None:
    # Enterprise book: 10.80 a device; 249 devices at 0%, the next 51 at 15% off.
    result = await price(demo, [await demo.line("s", "SW-SEC", 300)])

    security = only(result, "s")
    assert kinds(security) == ["LIST_PRICE", "SEGMENT_PRICE", "VOLUME_TIER", "NET"]
    assert security["netAmount"]["amount"] == "3157.38"  # 249 × 10.80 + 51 × 9.18


async def test_block_price_replaces_per_unit_pricing(demo: Demo) -> None:
    result = await price(demo, [await demo.line("g", "SW-API", 20)])

    assert only(result, "g")["netAmount"]["amount"] == "4000.00"  # the 11–50 users block


async def test_term_discount_and_exclusive_amount_promotion(demo: Demo) -> None:
    result = await price(
        demo,
        [await demo.line("p", "SUP-PRM", 1, termMonths=36), await demo.line("t", "SVC-TRN", 1)],
        account="Globex Corporation",
        as_="rep2@dealdesk.example",
    )

    assert only(result, "p")["netAmount"]["amount"] == "828.00"  # 900 less 8% for 36 months
    assert only(result, "t")["netAmount"]["amount"] == "2250.00"  # 2,500 less the 250 launch offer
    assert result["netTotal"]["amount"] == "3078.00"


async def test_quote_discount_is_shared_so_lines_sum_to_the_total(demo: Demo) -> None:
    lines = [await demo.line(str(i), "SW-SEC", 7 + i) for i in range(5)]

    result = await price(demo, lines, quoteDiscount={"percent": "3.3"})

    nets = sum(Decimal(item["netAmount"]["amount"]) for item in result["lines"])
    assert nets == Decimal(result["netTotal"]["amount"])
    assert all("QUOTE_DISCOUNT" in kinds(item) for item in result["lines"])


async def test_a_discount_beyond_the_reps_authority_is_a_breach(demo: Demo) -> None:
    result = await price(demo, [await demo.line("d", "SVC-INST", 1, discount={"percent": "25"})])

    breaches = {(b["code"], b["lineKey"]) for b in result["breaches"]}
    assert ("DISCOUNT_ABOVE_AUTHORITY", "d") in breaches
    assert ("BELOW_FLOOR", "d") in breaches  # 1,050 is under the 1,100 floor


def codes(result: dict, field: str) -> set[str]:
    return {item["code"] for item in result[field]}


async def test_a_bundle_prices_its_options_as_child_lines(demo: Demo) -> None:
    configuration = await demo.bundle_configuration("CHS-L", ("SSD-4T", 2), "GPU-A", storage_tb="8")
    result = await price(
        demo,
        [await demo.line("e", "SRV-EDGE", 2, configuration=configuration)],
        pricingDate="2026-06-01",
    )

    children = {
        item["product"]["sku"]: item for item in result["lines"] if item["parentKey"] == "e"
    }
    # PSU auto-added
    assert set(children) == {"CHS-L", "SSD-4T", "GPU-A", "PSU-HP", "SUP-BAS", "SVC-INST"}
    assert children["SSD-4T"]["quantity"] == 4  # 2 per server × 2 servers
    assert children["SUP-BAS"]["netAmount"]["amount"] == "0.00"  # included in the bundle
    assert children["SVC-INST"]["quantity"] == 1  # fixed, not per server
    assert only(result, "e")["configuration"] == {"valid": True, "violations": []}


async def test_an_invalid_bundle_reports_every_broken_rule(demo: Demo) -> None:
    configuration = await demo.bundle_configuration("CHS-S", "SSD-4T", "GPU-A", storage_tb="8")
    result = await price(demo, [await demo.line("e", "SRV-EDGE", 1, configuration=configuration)])

    violations = {v["code"] for v in only(result, "e")["configuration"]["violations"]}
    assert violations >= {"EXCLUDED_TOGETHER", "REQUIRES_UNMET", "ATTRIBUTE_CONSTRAINT"}
    assert result["priced"] is False


async def test_unknown_products_and_bad_quantities_are_issues_not_failures(demo: Demo) -> None:
    from tests.api.conftest import gid

    result = await price(
        demo,
        [
            {"key": "x", "productId": gid("Product", 999_999), "quantity": 1},
            {"key": "y", "productId": gid("Account", 1), "quantity": 1},
            await demo.line("z", "SW-ANL", -5),
            await demo.line("ok", "SW-ANL", 5),
        ],
    )

    issues = {(i["code"], i["lineKey"]) for i in result["issues"]} | {
        (i["code"], item["key"]) for item in result["lines"] for i in item["issues"]
    }
    assert ("UNKNOWN_PRODUCT", "x") in issues and ("UNKNOWN_PRODUCT", "y") in issues
    assert ("INVALID_QUANTITY", "z") in issues
    assert result["priced"] is False


async def test_a_currency_without_a_book_is_a_mismatch_naming_the_currency_there_is(
    demo: Demo,
) -> None:
    # No GBP book: the product has prices in USD and EUR, so the rep learns why, not just
    # "no price".
    result = await price(demo, [await demo.line("a", "SW-SEC", 1)], currency="GBP")

    all_issues = {i["code"] for item in result["lines"] for i in item["issues"]} | codes(
        result, "issues"
    )
    assert all_issues == {"CURRENCY_MISMATCH"}


async def test_margin_is_hidden_from_reps_and_shown_to_managers(demo: Demo) -> None:
    lines = [await demo.line("a", "SW-SEC", 10)]

    as_rep = await price(demo, lines)
    as_manager = await price(demo, lines, as_="east.manager@dealdesk.example")

    assert as_rep["marginPercent"] is None and only(as_rep, "a")["marginPercent"] is None
    assert Decimal(as_manager["marginPercent"]) > 0


async def test_another_reps_account_cannot_be_priced(demo: Demo) -> None:
    api = await demo.sign_in("rep2@dealdesk.example")
    body = await api(
        PRICE, {"input": {"accountId": await demo.account("Acme Manufacturing"), "lines": []}}
    )

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_sql_round_trips_do_not_grow_with_the_lines(demo: Demo, statements) -> None:  # type: ignore[no-untyped-def]
    api = await demo.sign_in("rep1@dealdesk.example")
    acme = await demo.account("Acme Manufacturing")
    skus = ["SW-SEC", "SW-ANL", "SW-API", "SVC-TRN", "SUP-PRM"]
    one = [await demo.line(sku, sku, 3) for sku in skus]
    many = [await demo.line(str(i), sku, 3 + i) for i, sku in enumerate(skus * 40)]

    statements.count = 0
    await api.data(PRICE, {"input": {"accountId": acme, "lines": one, "pricingDate": DAY}})
    single = statements.count
    statements.count = 0
    await api.data(PRICE, {"input": {"accountId": acme, "lines": many, "pricingDate": DAY}})

    assert statements.count == single


async def test_one_statement_reads_the_account_the_rep_and_the_pricing_data(
    demo: Demo,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    api = await demo.sign_in("rep1@dealdesk.example")
    acme = await demo.account("Acme Manufacturing")
    line = await demo.line("a", "SW-SEC", 3, discount={"percent": "5"})
    document = "query($input: PriceQuoteInput!) { priceQuote(input: $input) { netTotal { amount }"
    document += " lines { key steps { kind amountDelta { amount } } } } }"
    statements.count = 0
    body = await api(document, {"input": {"accountId": acme, "lines": [line], "pricingDate": DAY}})

    assert "errors" not in body, body
    assert body["data"]["priceQuote"]["lines"][0]["steps"]
    assert statements.count == 1
