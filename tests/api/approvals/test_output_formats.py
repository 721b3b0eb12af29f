"""Approval output as a typed client reads it: fixed Decimal scales, non-null links."""

from __future__ import annotations

import re

from tests.api.approvals.conftest import COUNTER, PREVIEW, Flow
from tests.api.test_money_output import BOOK, ENTRY, PRODUCT

TWO_PLACES = re.compile(r"-?\d+\.\d{2}")


async def test_reasons_and_counter_offers_show_percentages_with_exactly_two_places(
    flow: Flow,
) -> None:
    pending = await flow.submit(await flow.discounted_quote("30"))
    request = await flow.request(pending)

    reasons = [
        reason
        for level in request["plan"]["levels"]
        for step in level["steps"]
        for reason in step["reasons"]
        if reason["kind"] == "LINE_DISCOUNT_ABOVE"
    ]
    assert reasons and all(r["observed"] == "30.00" for r in reasons)
    assert all(TWO_PLACES.fullmatch(r["threshold"]) for r in reasons)

    payload = await flow.act(
        flow.manager,
        COUNTER,
        id=request["id"],
        lines=[{"lineKey": "L1", "discountPercent": "12.5"}],
        note="12.5% at most",
    )
    countered = payload["approvalRequest"]

    assert countered["counterOffer"]["lines"] == [{"lineKey": "L1", "discountPercent": "12.5000"}]
    decision = countered["decisions"][-1]
    assert decision["kind"] == "COUNTER_OFFER"
    assert decision["decidedBy"] == {"email": "east.manager@dealdesk.example"}
    assert decision["onBehalfOf"] == {"email": "east.manager@dealdesk.example"}


RULE = """mutation($input: ApprovalRuleInput!) { createApprovalRule(input: $input) {
  rule { conditions { kind thresholdPercent amount currency productIds families whenUnknown }
    approver { __typename ... on ApprovalManagerApprover { levelsUp }
      ... on ApprovalUserApprover { user { email } } } }
  userErrors { code field } } }"""


async def test_a_rule_reads_back_typed_as_it_was_written(flow: Flow) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    rule = {
        "name": "Big and thin",
        "level": 4,
        "levelName": "Delivery",
        "conditions": [
            {"kind": "DEAL_SIZE_ABOVE", "amount": "50000.5", "currency": "usd"},
            {"kind": "MARGIN_BELOW", "thresholdPercent": "-5", "whenUnknown": True},
        ],
        "approver": {"kind": "MANAGER", "levelsUp": 2},
    }

    created = (await ops.data(RULE, {"input": rule}))["createApprovalRule"]

    assert created["userErrors"] == []
    deal_size, margin = created["rule"]["conditions"]
    assert deal_size == {
        "kind": "DEAL_SIZE_ABOVE",
        "thresholdPercent": None,
        "amount": "50000.50",
        "currency": "USD",
        "productIds": [],
        "families": [],
        "whenUnknown": False,
    }
    assert (margin["kind"], margin["thresholdPercent"], margin["whenUnknown"]) == (
        "MARGIN_BELOW",
        "-5.0000",
        True,
    )
    assert created["rule"]["approver"] == {"__typename": "ApprovalManagerApprover", "levelsUp": 2}


async def test_a_preview_in_a_zero_decimal_currency_shows_amounts_without_places(
    flow: Flow,
) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    book = {"name": "Standard JPY", "currency": "JPY", "isStandard": True}
    book_id = (await ops.succeeded(BOOK, {"input": book}, "createPriceBook"))["priceBook"]["id"]
    product = {"sku": "JP-1", "name": "Yen support"}
    product_id = (await ops.succeeded(PRODUCT, {"input": product}, "createProduct"))["product"][
        "id"
    ]
    entry = {
        "priceBookId": book_id,
        "productId": product_id,
        "unitPrice": "1234.5",
        "validFrom": "2026-01-01",
    }
    await ops.succeeded(ENTRY, {"input": entry}, "createPriceBookEntry")
    deal_size = {"kind": "DEAL_SIZE_ABOVE", "amount": "1000", "currency": "JPY"}
    rule = {
        "name": "Yen deals",
        "level": 5,
        "levelName": "Board",
        "conditions": [deal_size],
        "approver": {"kind": "ROLE", "role": "FINANCE"},
    }
    await ops.succeeded(RULE, {"input": rule}, "createApprovalRule")
    quote = await flow.quotes.create([await flow.quotes.line("JP-1", 3)], currency="JPY")

    preview = (await flow.quotes.rep.data(PREVIEW, {"q": quote["id"]}))["previewApprovalPlan"]

    reasons = [
        (reason["observed"], reason["threshold"])
        for level in preview["plan"]["levels"]
        for step in level["steps"]
        for reason in step["reasons"]
        if reason["kind"] == "DEAL_SIZE_ABOVE"
    ]
    assert reasons == [("3704", "1000")]  # 3 × 1234.5 = 3703.5, half-up, no places
