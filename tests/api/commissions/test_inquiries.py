"""Inquiries and disputes: a rep asks about their own statement line or credit; FINANCE answers,
resolves (with an adjustment in the open period) or rejects; every step is audited."""

from __future__ import annotations

from sqlalchemy import select

from db.models.audit import AuditEvent
from tests.api.commissions.conftest import CREDITS, ERRORS, Commissions
from tests.api.commissions.test_periods_and_statements import closed_q3
from tests.api.conftest import at_version

INQUIRY = """id status version category resolution attachmentRef rep { email }
  statementLine { kind amount { amount } } credit { id }
  adjustment { amount { amount } effectiveDate description }
  thread { kind message author { email } attachmentRef }"""
OPEN = f"mutation($input: OpenCommissionInquiryInput!) {{ openCommissionInquiry(input: $input) {{ inquiry {{ {INQUIRY} }} {ERRORS} }} }}"
ANSWER = f"mutation($input: AnswerCommissionInquiryInput!) {{ answerCommissionInquiry(input: $input) {{ inquiry {{ {INQUIRY} }} {ERRORS} }} }}"
RESOLVE = f"mutation($input: ResolveCommissionInquiryInput!) {{ resolveCommissionInquiry(input: $input) {{ inquiry {{ {INQUIRY} }} {ERRORS} }} }}"
REJECT = f"mutation($input: RejectCommissionInquiryInput!) {{ rejectCommissionInquiry(input: $input) {{ inquiry {{ {INQUIRY} }} {ERRORS} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on CommissionInquiry {{ {INQUIRY} }} }} }}"
MINE = "{ commissionInquiries { totalCount edges { node { id status } } } }"


async def rep1_line(comm: Commissions) -> str:
    q3, _ = await closed_q3(comm)
    statement = next(
        s
        for s in await comm.statements(q3, comm.rep)
        if s["rep"]["email"] == "rep1@dealdesk.example"
    )
    return statement["lines"][0]["id"]


async def opened(comm: Commissions, **subject: str) -> dict:
    payload = {
        "category": "WRONG_RATE",
        "message": "Installation should pay 20%.",
        "attachmentRef": "files/po-123.pdf",
        **subject,
    }
    result = await comm.rep.succeeded(OPEN, {"input": payload}, "openCommissionInquiry")
    return result["inquiry"]


async def test_a_dispute_is_answered_and_resolved_with_an_adjustment_in_the_open_period(
    comm: Commissions,
) -> None:
    inquiry = await opened(comm, statementLineId=await rep1_line(comm))

    answered = (
        await comm.finance.mutate(
            ANSWER,
            at_version(inquiry, message="Checking the plan."),
        )
    )["inquiry"]
    resolved = (
        await comm.finance.mutate(
            RESOLVE,
            at_version(
                answered,
                message="Agreed: 5 % more on 2,800.",
                adjustment={"amount": "140", "description": "Installation rate fix"},
            ),
        )
    )["inquiry"]
    seen_by_rep = (await comm.rep.data(NODE, {"id": inquiry["id"]}))["node"]

    assert inquiry["status"] == "OPEN" and inquiry["statementLine"] == {
        "kind": "SALE",
        "amount": {"amount": "420.00"},
    }
    assert answered["status"] == "ANSWERED" and resolved["status"] == "RESOLVED"
    assert (
        seen_by_rep["status"] == "RESOLVED"
        and seen_by_rep["resolution"] == "Agreed: 5 % more on 2,800."
    )
    assert seen_by_rep["adjustment"]["amount"] == {"amount": "140.00"}
    assert (
        seen_by_rep["adjustment"]["effectiveDate"] >= "2026-10-01"
    )  # Q3 is closed: today's open period
    assert [(m["kind"], m["author"]["email"]) for m in seen_by_rep["thread"]] == [
        ("OPENED", "rep1@dealdesk.example"),
        ("ANSWER", "finance@dealdesk.example"),
        ("RESOLVED", "finance@dealdesk.example"),
    ]
    assert seen_by_rep["thread"][0]["attachmentRef"] == "files/po-123.pdf"
    async with comm.demo.sessions() as session:
        actions = (
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.action.like("%Inquiry%"))
            )
        ).all()
    assert sorted(actions) == [
        "answerCommissionInquiry",
        "openCommissionInquiry",
        "resolveCommissionInquiry",
    ]


async def test_finance_rejects_an_inquiry_with_a_reason_and_it_stays_rejected(
    comm: Commissions,
) -> None:
    won = await comm.won(("SVC-INST", 1), day="2026-11-02")
    credits = await comm.rep.data(CREDITS, {"quote": won["id"]})
    credit = next(
        e["node"]
        for e in credits["commissionCredits"]["edges"]
        if e["node"]["rep"]["email"] == "rep1@dealdesk.example"
    )
    inquiry = await opened(comm, creditId=credit["id"])
    empty_reason = await comm.finance.mutate(REJECT, at_version(inquiry, reason=" "))

    rejected = (
        await comm.finance.mutate(
            REJECT,
            at_version(inquiry, reason="The plan pays 15 % on services."),
        )
    )["inquiry"]
    late = await comm.finance.mutate(ANSWER, at_version(rejected, message="More"))

    assert [e["code"] for e in empty_reason["userErrors"]] == ["REQUIRED"]
    assert (rejected["status"], rejected["resolution"], rejected["credit"]) == (
        "REJECTED",
        "The plan pays 15 % on services.",
        {"id": credit["id"]},
    )
    assert [e["code"] for e in late["userErrors"]] == ["INVALID_STATE"]


async def test_a_stale_version_is_a_conflict(comm: Commissions) -> None:
    inquiry = await opened(comm, statementLineId=await rep1_line(comm))
    await comm.finance.data(ANSWER, {"input": at_version(inquiry, message="One")})

    stale = await comm.finance.mutate(ANSWER, at_version(inquiry, message="Two"))

    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]


async def test_inquiries_are_visible_to_their_rep_only_and_only_on_their_own_lines(
    comm: Commissions,
) -> None:
    line = await rep1_line(comm)
    inquiry = await opened(comm, statementLineId=line)
    rep2 = await comm.demo.sign_in("rep2@dealdesk.example")

    foreign = await rep2.mutate(
        OPEN, {"category": "OTHER", "message": "Mine?", "statementLineId": line}
    )
    both = await comm.rep.mutate(OPEN, {"category": "OTHER", "message": "?"})

    assert (await rep2.data(NODE, {"id": inquiry["id"]}))["node"] is None
    assert (await rep2.data(MINE))["commissionInquiries"]["totalCount"] == 0
    assert (await comm.finance.data(MINE))["commissionInquiries"]["totalCount"] == 1
    assert [e["code"] for e in foreign["userErrors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in both["userErrors"]] == ["INVALID"]
    assert (await rep2(ANSWER, {"input": {"id": inquiry["id"], "version": 1, "message": "x"}}))[
        "errors"
    ][0]["extensions"]["code"] == "FORBIDDEN"
