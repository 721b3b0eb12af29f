"""Negotiated terms: a request whose plan holds non-standard-clause (and list-valued)
hits reads, lists and decides like any other (issue 10, item 1)."""

from __future__ import annotations

from tests.api.approvals.conftest import APPROVE, REQUEST_FIELDS, Flow
from tests.api.quotes.conftest import CLAUSES

LIBRARY = "{ clauseLibrary { code clauseVersionId } }"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on ApprovalRequest {{ {REQUEST_FIELDS} }} }} }}"
INBOX = """{ myApprovalInbox { totalCount edges { node { id status currentLevel myTurn
  plan { levels { name steps { reasons { kind dimension observed threshold lineKey } } } } } } } }"""
CREATE_RULE = """mutation($input: ApprovalRuleInput!) { createApprovalRule(input: $input) {
  rule { id conditions { kind families productIds thresholdPercent whenUnknown }
    approver { __typename ... on ApprovalRoleApprover { role } } } userErrors { code field } } }"""


async def non_standard_quote(flow: Flow, lines: list[dict] | None = None) -> dict:
    quote = await flow.quotes.create(lines)
    library = {c["code"]: c for c in (await flow.quotes.rep.data(LIBRARY))["clauseLibrary"]}
    return await flow.quotes.move(
        CLAUSES, quote, clauses=[{"clauseVersionId": library["PAYMENT"]["clauseVersionId"]}]
    )


async def test_a_request_for_non_standard_terms_reads_lists_and_is_approved(flow: Flow) -> None:
    pending = await flow.submit(await non_standard_quote(flow))
    request = await flow.request(pending)  # reads plan and currentLevel

    node = (await flow.admin.data(NODE, {"id": request["id"]}))["node"]
    inbox = (await flow.admin.data(INBOX))["myApprovalInbox"]
    decided = await flow.act(flow.admin, APPROVE, id=request["id"])

    assert pending["status"] == "PENDING_APPROVAL"
    assert request["currentLevel"] == 3
    reason = request["plan"]["levels"][0]["steps"][0]["reasons"][0]
    assert reason == {
        "kind": "NON_STANDARD_CLAUSES",
        "observed": "true",
        "threshold": "false",
        "lineKey": None,
    }
    assert node["currentLevel"] == 3 and node["myTurn"] is True
    assert inbox["totalCount"] == 1 and inbox["edges"][0]["node"]["myTurn"] is True
    assert decided["userErrors"] == []
    assert decided["approvalRequest"]["status"] == "APPROVED"
    assert decided["approvalRequest"]["quote"]["status"] == "APPROVED"


async def test_list_and_text_valued_hits_survive_storage(flow: Flow) -> None:
    """Family, segment and breach hits observe strings against lists: never guessed as numbers."""
    ops = await flow.quotes.demo.sign_in("ops@dealdesk.example")
    rule = {
        "name": "Services",
        "level": 4,
        "levelName": "Delivery",
        "conditions": [{"kind": "FAMILY_IN", "families": ["Services", "Training"]}],
        "approver": {"kind": "ROLE", "role": "FINANCE"},
    }
    created = (await ops.data(CREATE_RULE, {"input": rule}))["createApprovalRule"]
    pending = await flow.submit(await flow.quotes.create([await flow.quotes.line("SVC-TRN", 1)]))

    request = await flow.request(pending)
    decided = await flow.act(flow.finance, APPROVE, id=request["id"])

    assert created["userErrors"] == []
    # The rule's conditions read as they were written, whatever the storage format.
    assert created["rule"]["conditions"] == [
        {
            "kind": "FAMILY_IN",
            "families": ["Services", "Training"],
            "productIds": [],
            "thresholdPercent": None,
            "whenUnknown": False,
        }
    ]
    assert created["rule"]["approver"] == {"__typename": "ApprovalRoleApprover", "role": "FINANCE"}
    reasons = request["plan"]["levels"][0]["steps"][0]["reasons"]
    assert [(r["kind"], r["threshold"]) for r in reasons] == [("FAMILY_IN", "Services, Training")]
    assert decided["userErrors"] == [] and decided["approvalRequest"]["status"] == "APPROVED"
