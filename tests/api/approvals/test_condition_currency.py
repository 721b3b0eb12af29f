"""A deal-size condition's currency is a ``CurrencyCode``: a code that is not ISO 4217 is a
typed request error naming the field, and nothing is stored (issue 13: one type per concept)."""

from __future__ import annotations

import json

from tests.api.approvals.conftest import Flow

CREATE = """mutation($input: ApprovalRuleInput!) { createApprovalRule(input: $input) {
  rule { id } userErrors { code field } } }"""
RULES = "{ approvalRules(includeInactive: true) { id conditions { kind amount currency } } }"


def deal_size_rule(currency: str) -> dict:
    return {
        "name": "Big deals",
        "level": 5,
        "levelName": "Board",
        "conditions": [{"kind": "DEAL_SIZE_ABOVE", "amount": "100000", "currency": currency}],
        "approver": {"kind": "ROLE", "role": "FINANCE"},
    }


async def test_a_currency_that_is_not_iso_4217_is_bad_user_input_and_stores_nothing(
    flow: Flow,
) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    before = (await ops.data(RULES))["approvalRules"]

    for bad in ("XYZ", "US", "dollars", ""):
        body = await ops(CREATE, {"input": deal_size_rule(bad)})

        assert body.get("data") is None, (bad, body)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (bad, error)
        assert ".conditions[0].currency" in error["message"], (bad, error)
    assert (await ops.data(RULES))["approvalRules"] == before


async def test_a_currency_code_is_read_without_regard_to_case_and_kept_upper_case(
    flow: Flow,
) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")

    created = await ops.succeeded(CREATE, {"input": deal_size_rule("eur")}, "createApprovalRule")
    rules = (await ops.data(RULES))["approvalRules"]

    stored = next(r for r in rules if r["id"] == created["rule"]["id"])
    assert '"EUR"' in json.dumps(stored["conditions"])
    assert '"eur"' not in json.dumps(stored["conditions"])
