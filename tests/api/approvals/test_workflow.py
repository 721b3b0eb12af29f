"""The approval workflow through GraphQL: plans, each decision path, counter-offers, recall."""

from __future__ import annotations

from tests.api.approvals.conftest import (
    ACCEPT_COUNTER,
    APPROVE,
    COMMENT,
    COUNTER,
    DECLINE_COUNTER,
    PREVIEW,
    RECALL,
    REJECT,
    Flow,
)
from tests.api.quotes.conftest import LINES, SEND


async def test_the_rep_sees_the_plan_and_why_before_submitting(flow: Flow) -> None:
    quote = await flow.discounted_quote("30")

    preview = (await flow.quotes.rep.data(PREVIEW, {"q": quote["id"]}))["previewApprovalPlan"]

    levels = {level["name"]: level for level in preview["plan"]["levels"]}
    assert set(levels) == {"Manager", "Finance"}  # 30% is above 10% (manager) and 25% (finance)
    manager_step = next(
        s
        for s in levels["Manager"]["steps"]
        if s["ruleName"] == "Line discount above rep authority"
    )
    assert manager_step["seats"] == [{"approver": {"email": "east.manager@dealdesk.example"}}]
    assert manager_step["reasons"][0]["kind"] == "LINE_DISCOUNT_ABOVE"
    assert manager_step["reasons"][0]["lineKey"] == "L1"
    assert preview["submittable"] is True


async def test_within_the_reps_own_authority_nothing_needs_approval(flow: Flow) -> None:
    quote = await flow.discounted_quote("8", sku="SVC-TRN")

    submitted = await flow.submit(quote)

    assert submitted["status"] == "APPROVED"


async def test_the_manager_approves_and_the_quote_can_be_sent(flow: Flow) -> None:
    request = await flow.pending_request("15")

    approved = await flow.act(
        flow.manager, APPROVE, id=request["id"], comment="OK for this customer"
    )

    assert approved["userErrors"] == []
    assert approved["approvalRequest"]["status"] == "APPROVED"
    assert approved["approvalRequest"]["quote"]["status"] == "APPROVED"
    sent = await flow.quotes.move(SEND, approved["approvalRequest"]["quote"])
    assert sent["status"] == "SENT"


async def test_levels_run_in_sequence(flow: Flow) -> None:
    request = await flow.pending_request("30")

    too_early = await flow.act(flow.finance, APPROVE, id=request["id"])
    by_manager = await flow.act(flow.manager, APPROVE, id=request["id"])
    by_finance = await flow.act(flow.finance, APPROVE, id=request["id"])

    assert too_early["userErrors"][0]["code"] in {"FORBIDDEN", "INVALID_STATE"}
    assert (
        by_manager["approvalRequest"]["status"] == "PENDING"
        and by_manager["approvalRequest"]["currentLevel"] == 2
    )
    assert by_finance["approvalRequest"]["status"] == "APPROVED"


async def test_a_rejection_needs_a_reason_and_sends_the_quote_back_to_draft(flow: Flow) -> None:
    request = await flow.pending_request("15")

    no_reason = await flow.act(flow.manager, REJECT, id=request["id"], reason="  ")
    rejected = await flow.act(flow.manager, REJECT, id=request["id"], reason="Margin too thin")

    assert no_reason["userErrors"][0]["code"] == "REQUIRED"
    assert rejected["approvalRequest"]["status"] == "REJECTED"
    assert rejected["approvalRequest"]["reason"] == "Margin too thin"
    quote = rejected["approvalRequest"]["quote"]
    assert quote["status"] == "DRAFT"
    refused = await flow.quotes.do(SEND, quote)
    assert refused["userErrors"][0]["code"] == "INVALID_STATE"


async def test_a_second_decision_on_a_decided_step_is_a_typed_error(flow: Flow) -> None:
    request = await flow.pending_request("30")
    await flow.act(flow.manager, APPROVE, id=request["id"])

    again = await flow.act(flow.manager, APPROVE, id=request["id"])

    assert again["userErrors"][0]["code"] in {"ALREADY_DECIDED", "FORBIDDEN"}


async def test_a_foreign_approver_is_refused(flow: Flow) -> None:
    pending = await flow.submit(await flow.discounted_quote("15"))
    request = await flow.request(pending)
    west = await flow.quotes.demo.sign_in("west.manager@dealdesk.example")

    refused = await flow.act(west, APPROVE, id=request["id"])

    assert refused["userErrors"][0]["code"] == "FORBIDDEN"
    assert (await flow.request(pending))["status"] == "PENDING"


async def test_counter_offer_accepted_becomes_an_approved_new_revision(flow: Flow) -> None:
    request = await flow.pending_request("20")

    countered = await flow.act(
        flow.manager,
        COUNTER,
        id=request["id"],
        lines=[{"lineKey": "L1", "discountPercent": "12"}],
        note="12% max",
    )
    accepted = await flow.act(flow.quotes.rep, ACCEPT_COUNTER, id=request["id"])

    assert countered["approvalRequest"]["status"] == "COUNTERED"
    assert countered["approvalRequest"]["counterOffer"]["lines"] == [
        {"lineKey": "L1", "discountPercent": "12.0000"}
    ]
    quote = accepted["approvalRequest"]["quote"]
    assert accepted["approvalRequest"]["status"] == "COUNTER_ACCEPTED"
    assert quote["status"] == "APPROVED" and quote["revisionNumber"] == 2
    assert quote["netTotal"]["amount"] == "1232.00"  # 1,400 less 12%


async def test_counter_offer_declined_returns_the_quote_to_draft(flow: Flow) -> None:
    request = await flow.pending_request("20")
    await flow.act(flow.manager, COUNTER, id=request["id"], totalDiscountPercent="5")

    declined = await flow.act(flow.quotes.rep, DECLINE_COUNTER, id=request["id"])

    assert declined["approvalRequest"]["status"] == "COUNTER_DECLINED"
    assert declined["approvalRequest"]["quote"]["status"] == "DRAFT"


async def test_the_rep_recalls_a_pending_request(flow: Flow) -> None:
    request = await flow.pending_request("15")

    recalled = await flow.act(flow.quotes.rep, RECALL, id=request["id"])
    late = await flow.act(flow.manager, APPROVE, id=request["id"])

    assert recalled["approvalRequest"]["status"] == "RECALLED"
    assert recalled["approvalRequest"]["quote"]["status"] == "DRAFT"
    assert late["userErrors"][0]["code"] == "INVALID_STATE"


async def test_rep_and_approver_negotiate_in_a_thread(flow: Flow) -> None:
    request = await flow.pending_request("15")

    await flow.act(
        flow.quotes.rep, COMMENT, id=request["id"], message="They have a competing offer."
    )
    thread = await flow.act(
        flow.manager, COMMENT, id=request["id"], message="Send me the competitor's price."
    )

    assert [
        (c["author"]["email"], c["message"]) for c in thread["approvalRequest"]["comments"]
    ] == [
        ("rep1@dealdesk.example", "They have a competing offer."),
        ("east.manager@dealdesk.example", "Send me the competitor's price."),
    ]


async def test_smart_reapproval_a_lower_discount_needs_nothing_a_higher_one_restarts_the_level(
    flow: Flow,
) -> None:
    request = await flow.pending_request("15", quantity=4)
    approved = (await flow.act(flow.manager, APPROVE, id=request["id"]))["approvalRequest"]["quote"]

    lower = await flow.quotes.move(
        LINES, approved, update=[{"key": "L1", "quantity": 2, "discount": {"percent": "12"}}]
    )
    resubmitted = await flow.submit(lower)
    higher = await flow.quotes.move(
        LINES, resubmitted, update=[{"key": "L1", "discount": {"percent": "18"}}]
    )
    pending_again = await flow.submit(higher)

    assert resubmitted["status"] == "APPROVED"
    assert pending_again["status"] == "PENDING_APPROVAL"
    new_request = await flow.request(pending_again)
    assert [level["name"] for level in new_request["plan"]["levels"]] == ["Manager"]
