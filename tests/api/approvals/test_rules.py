"""OPS maintains approval rules; a new rule changes the next plan."""

from __future__ import annotations

from tests.api.approvals.conftest import PREVIEW, Flow

CREATE = """mutation($input: ApprovalRuleInput!) { createApprovalRule(input: $input) {
  rule { id name level levelName mode slaHours version active } userErrors { code field } } }"""
UPDATE = """mutation($input: UpdateApprovalRuleInput!) { updateApprovalRule(input: $input) {
  rule { active version } userErrors { code field } } }"""


def rule(**overrides: object) -> dict:
    return {
        "name": "Services over 5 days",
        "level": 4,
        "levelName": "Delivery",
        "conditions": [{"kind": "FAMILY_IN", "families": ["Services"]}],
        "approver": {"kind": "ROLE", "role": "FINANCE"},
        "mode": "ALL",
        "slaHours": 8,
        **overrides,
    }


async def test_ops_adds_a_rule_that_the_next_plan_uses(flow: Flow) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    quote = await flow.quotes.create([await flow.quotes.line("SVC-TRN", 1)])

    created = (await ops.data(CREATE, {"input": rule()}))["createApprovalRule"]
    preview = (await flow.quotes.rep.data(PREVIEW, {"q": quote["id"]}))["previewApprovalPlan"]

    assert created["userErrors"] == [] and created["rule"]["mode"] == "ALL"
    assert [level["name"] for level in preview["plan"]["levels"]] == ["Delivery"]


async def test_a_retired_rule_no_longer_applies_and_stale_versions_conflict(flow: Flow) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    created = (await ops.data(CREATE, {"input": rule()}))["createApprovalRule"]["rule"]

    retired = (
        await ops.data(
            UPDATE, {"input": {"id": created["id"], "version": created["version"], "active": False}}
        )
    )["updateApprovalRule"]
    stale = (
        await ops.data(
            UPDATE, {"input": {"id": created["id"], "version": created["version"], "active": True}}
        )
    )["updateApprovalRule"]
    quote = await flow.quotes.create([await flow.quotes.line("SVC-TRN", 1)])
    preview = (await flow.quotes.rep.data(PREVIEW, {"q": quote["id"]}))["previewApprovalPlan"]

    assert retired["rule"]["active"] is False
    assert stale["userErrors"][0]["code"] == "CONFLICT"
    assert preview["plan"]["autoApproved"] is True


async def test_bad_rules_are_typed_errors_and_reps_may_not_write_rules(flow: Flow) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")

    no_threshold = (
        await ops.data(CREATE, {"input": rule(conditions=[{"kind": "TOTAL_DISCOUNT_ABOVE"}])})
    )["createApprovalRule"]
    over_100 = (
        await ops.data(
            CREATE,
            {
                "input": rule(
                    conditions=[{"kind": "TOTAL_DISCOUNT_ABOVE", "thresholdPercent": "120"}]
                )
            },
        )
    )["createApprovalRule"]
    no_role = (await ops.data(CREATE, {"input": rule(approver={"kind": "ROLE"})}))[
        "createApprovalRule"
    ]
    by_rep = await flow.quotes.rep(CREATE, {"input": rule()})

    assert no_threshold["userErrors"][0]["code"] == "REQUIRED"
    assert over_100["userErrors"][0]["code"] == "INVALID"
    assert no_role["userErrors"][0]["field"] == ["input", "approver", "role"]
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_approver_that_cannot_be_found_blocks_submission(flow: Flow) -> None:
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    # nobody 3 levels up
    await ops.data(CREATE, {"input": rule(approver={"kind": "MANAGER", "levelsUp": 3})})
    quote = await flow.quotes.create([await flow.quotes.line("SVC-TRN", 1)])

    result = await flow.quotes.do(
        "mutation($input: QuoteActionInput!) { submitQuoteForApproval(input: $input) { quote { status } userErrors { code } } }",
        quote,
    )

    assert result["userErrors"][0]["code"] == "APPROVER_UNRESOLVED"
