"""Draws, payments, carried balances and payment holds through the API: a hand-computed run
of three quarters, and the typed refusals.

rep1 is on a 15 % plan that holds commission until the invoice is paid, with a
recoverable draw of 1,000.00 for Q3 2026 only.

* Q3: deal A (2 x SVC-INST, 2,800.00 -> 420.00), invoice paid Sep 20; deal B
  (5 x SVC-INST, 7,000.00 -> 1,050.00), invoice unpaid: held. Earned 1,470.00, held
  1,050.00, so 420.00 is available; the draw pays the 580.00 shortfall: 1,000.00 due,
  580.00 outstanding. FINANCE pays 600.00, then 400.00 (401.00 is an overpayment).
* Q4: deal A cancelled: clawback -420.00 and nothing else. Nothing due, -420.00 carried.
* Q1 2027: deal B's invoice paid Jan 15: 1,050.00 released; less the -420.00 carried in,
  630.00 available; no draw any more, so the 580.00 outstanding is recovered: 50.00 due.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from strawberry import relay

from db.actor import Actor
from db.models.users import Role, User
from services.commissions.payments import NewPayment, record_payment
from services.refusal import Code
from services.transaction import in_transaction
from tests.api.commissions.conftest import ERRORS, Commissions, base
from tests.api.conftest import at_version

PAYOUT = """id currency status earnedTotal { amount } heldTotal { amount } releasedTotal { amount }
  carriedIn { amount } drawPaid { amount } drawRecovered { amount } drawOutstanding { amount }
  amountDue { amount } carriedForward { amount } previouslyPaid { amount } balanceDue { amount }
  heldDeals { amount { amount } quote { id } } payments { amount { amount } paidOn reference }
  rep { email }"""
STATEMENTS = f"query($period: ID) {{ commissionStatements(periodId: $period) {{ edges {{ node {{ {PAYOUT} }} }} }} }}"
HOLD = f"mutation($input: SetCommissionPlanPaymentHoldInput!) {{ setCommissionPlanPaymentHold(input: $input) {{ plan {{ id version holdsUntilInvoicePaid }} {ERRORS} }} }}"
DRAW = f"mutation($input: SetCommissionDrawInput!) {{ setCommissionDraw(input: $input) {{ draw {{ kind amount {{ amount currency }} startDate endDate rep {{ email }} }} {ERRORS} }} }}"
INVOICE = f"mutation($input: MarkInvoicePaidInput!) {{ markInvoicePaid(input: $input) {{ invoicePayment {{ paidOn quote {{ id }} }} {ERRORS} }} }}"
PAY = f"mutation($input: RecordCommissionPaymentInput!) {{ recordCommissionPayment(input: $input) {{ payment {{ amount {{ amount }} paidOn reference }} {ERRORS} }} }}"
APPROVE = f"mutation($id: ID!) {{ approveStatement(input: {{id: $id}}) {{ statement {{ status }} {ERRORS} }} }}"
REVERSE = f"mutation($input: ReverseWonQuoteInput!) {{ reverseWonQuote(input: $input) {{ quote {{ status }} {ERRORS} }} }}"
REP1 = "rep1@dealdesk.example"
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def money(statement: dict[str, Any]) -> dict[str, str]:
    """The statement's amounts by field."""
    return {k: v["amount"] for k, v in statement.items() if isinstance(v, dict) and "amount" in v}


async def rep1_statement(comm: Commissions, period: dict) -> dict[str, Any]:
    data = await comm.finance.data(STATEMENTS, {"period": period["id"]})
    return next(
        e["node"]
        for e in data["commissionStatements"]["edges"]
        if e["node"]["rep"]["email"] == REP1
    )


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def held_plan_with_draw(comm: Commissions) -> dict:
    plan = await comm.plan([base("15")])
    held = await comm.ops.succeeded(
        HOLD,
        {"input": {"id": plan["id"], "version": plan["version"], "holdsUntilInvoicePaid": True}},
        "setCommissionPlanPaymentHold",
    )
    await comm.assign(plan, REP1)
    draw = await comm.finance.succeeded(
        DRAW,
        {
            "input": {
                "repId": await comm.user(REP1),
                "kind": "RECOVERABLE",
                "amount": "1000.00",
                "startDate": "2026-07-01",
                "endDate": "2026-09-30",
            }
        },
        "setCommissionDraw",
    )
    assert held["plan"]["holdsUntilInvoicePaid"] is True
    assert draw["draw"] == {
        "kind": "RECOVERABLE",
        "amount": {"amount": "1000.00", "currency": "USD"},
        "startDate": "2026-07-01",
        "endDate": "2026-09-30",
        "rep": {"email": REP1},
    }
    return plan


async def test_three_quarters_with_a_draw_a_payment_a_carried_balance_and_a_released_hold(
    comm: Commissions,
) -> None:
    await held_plan_with_draw(comm)
    deal_a = await comm.won(("SVC-INST", 2), day="2026-09-10")
    deal_b = await comm.won(("SVC-INST", 5), day="2026-09-12")
    await comm.finance.succeeded(
        INVOICE, {"input": {"quoteId": deal_a["id"], "paidOn": "2026-09-20"}}, "markInvoicePaid"
    )
    q3 = await comm.closed_period("2026-08-01")
    q3_rep1 = await rep1_statement(comm, q3)

    unapproved = await comm.finance.mutate(PAY, {"statementId": q3_rep1["id"], "amount": "1"})
    await comm.finance.succeeded(APPROVE, {"id": q3_rep1["id"]}, "approveStatement")
    first = {
        "statementId": q3_rep1["id"],
        "amount": "600.00",
        "paidOn": "2026-10-05",
        "reference": "PAY-1",
        "idempotencyKey": "q3-rep1-1",
    }
    paid = await comm.finance.succeeded(PAY, {"input": first}, "recordCommissionPayment")
    retried = await comm.finance.succeeded(PAY, {"input": first}, "recordCommissionPayment")
    over = await comm.finance.mutate(PAY, {"statementId": q3_rep1["id"], "amount": "400.01"})
    await comm.finance.succeeded(
        PAY,
        {"input": {"statementId": q3_rep1["id"], "amount": "400.00"}},
        "recordCommissionPayment",
    )
    after_q3 = await rep1_statement(comm, q3)

    await comm.finance.succeeded(
        REVERSE,
        {"input": at_version(deal_a, kind="CANCELLED", reversalDate="2026-10-02")},
        "reverseWonQuote",
    )
    q4 = await comm.closed_period("2026-11-01")
    q4_rep1 = await rep1_statement(comm, q4)

    await comm.finance.succeeded(
        INVOICE, {"input": {"quoteId": deal_b["id"], "paidOn": "2027-01-15"}}, "markInvoicePaid"
    )
    q1 = await comm.closed_period("2027-02-01")
    q1_rep1 = await rep1_statement(comm, q1)

    assert [codes(unapproved), codes(over)] == [["INVALID_STATE"], ["OVERPAYMENT"]]
    assert (
        paid["payment"]
        == retried["payment"]
        == {"amount": {"amount": "600.00"}, "paidOn": "2026-10-05", "reference": "PAY-1"}
    )
    assert money(q3_rep1) == {
        "earnedTotal": "1470.00",
        "heldTotal": "1050.00",
        "releasedTotal": "0.00",
        "carriedIn": "0.00",
        "drawPaid": "580.00",
        "drawRecovered": "0.00",
        "drawOutstanding": "580.00",
        "amountDue": "1000.00",
        "carriedForward": "0.00",
        "previouslyPaid": "0.00",
        "balanceDue": "1000.00",
    }
    assert q3_rep1["heldDeals"] == [
        {"amount": {"amount": "1050.00"}, "quote": {"id": deal_b["id"]}}
    ]
    assert (money(after_q3)["previouslyPaid"], money(after_q3)["balanceDue"]) == ("1000.00", "0.00")
    assert [p["amount"]["amount"] for p in after_q3["payments"]] == ["600.00", "400.00"]
    assert money(q4_rep1) == {
        "earnedTotal": "-420.00",
        "heldTotal": "0.00",
        "releasedTotal": "0.00",
        "carriedIn": "0.00",
        "drawPaid": "0.00",
        "drawRecovered": "0.00",
        "drawOutstanding": "580.00",
        "amountDue": "0.00",
        "carriedForward": "-420.00",
        "previouslyPaid": "0.00",
        "balanceDue": "-420.00",
    }
    assert q4_rep1["heldDeals"] == [
        {"amount": {"amount": "1050.00"}, "quote": {"id": deal_b["id"]}}
    ]
    assert money(q1_rep1) == {
        "earnedTotal": "0.00",
        "heldTotal": "0.00",
        "releasedTotal": "1050.00",
        "carriedIn": "-420.00",
        "drawPaid": "0.00",
        "drawRecovered": "580.00",
        "drawOutstanding": "0.00",
        "amountDue": "50.00",
        "carriedForward": "0.00",
        "previouslyPaid": "0.00",
        "balanceDue": "50.00",
    }
    assert q1_rep1["heldDeals"] == []


async def test_bad_draws_invoices_and_payments_are_typed_errors_and_save_nothing(
    comm: Commissions,
) -> None:
    await held_plan_with_draw(comm)
    rep1 = await comm.user(REP1)
    quote = await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])
    won = await comm.won(("SVC-INST", 2), day="2026-09-10")
    q3 = await comm.closed_period("2026-08-01")
    statement = await rep1_statement(comm, q3)
    await comm.finance.succeeded(APPROVE, {"id": statement["id"]}, "approveStatement")

    def draw(**given: Any) -> dict[str, Any]:
        return {
            "repId": rep1,
            "kind": "NON_RECOVERABLE",
            "amount": "10",
            "startDate": "2027-01-01",
            **given,
        }

    await comm.finance.succeeded(DRAW, {"input": draw()}, "setCommissionDraw")
    refusals = [
        await comm.finance.mutate(DRAW, draw(startDate="2026-09-01")),
        await comm.finance.mutate(DRAW, draw(startDate="2027-06-01")),
        await comm.finance.mutate(DRAW, draw(amount="0")),
        await comm.finance.mutate(DRAW, draw(amount="1.001")),
        await comm.finance.mutate(DRAW, draw(currency="EUR")),
        await comm.finance.mutate(DRAW, draw(endDate="2026-12-31")),
        await comm.finance.mutate(INVOICE, {"quoteId": quote["id"]}),
        await comm.finance.mutate(PAY, {"statementId": statement["id"], "amount": "-5"}),
        await comm.finance.mutate(PAY, {"statementId": statement["id"], "amount": "0.001"}),
        await comm.finance.mutate(
            PAY, {"statementId": statement["id"], "amount": "1", "currency": "EUR"}
        ),
        await comm.finance.mutate(PAY, {"statementId": statement["id"], "amount": "1000.01"}),
    ]
    await comm.finance.succeeded(INVOICE, {"input": {"quoteId": won["id"]}}, "markInvoicePaid")
    again = await comm.finance.mutate(INVOICE, {"quoteId": won["id"]})
    by_rep = await comm.rep(PAY, {"input": {"statementId": statement["id"], "amount": "1"}})
    after = await rep1_statement(comm, q3)

    assert [codes(r) for r in refusals] == [
        ["PERIOD_CLOSED"],
        ["OVERLAPPING_DRAWS"],
        ["INVALID"],
        ["INVALID"],
        ["CURRENCY_MISMATCH"],
        ["INVALID"],
        ["INVALID_STATE"],
        ["INVALID"],
        ["INVALID"],
        ["CURRENCY_MISMATCH"],
        ["OVERPAYMENT"],
    ]
    assert codes(again) == ["ALREADY_EXISTS"]
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (after["payments"], money(after)["previouslyPaid"]) == ([], "0.00")


DRAWS = "query($rep: ID) { commissionDraws(repId: $rep) { totalCount edges { node { id kind startDate endDate rep { email } } } } }"
END = f"mutation($input: EndCommissionDrawInput!) {{ endCommissionDraw(input: $input) {{ draw {{ startDate endDate }} {ERRORS} }} }}"


async def test_draws_are_listed_to_whoever_sees_the_rep_and_end_outside_closed_periods(
    comm: Commissions,
) -> None:
    await held_plan_with_draw(comm)
    rep1 = await comm.user(REP1)
    await comm.closed_period("2026-08-01")
    later = await comm.finance.succeeded(
        DRAW,
        {
            "input": {
                "repId": rep1,
                "kind": "NON_RECOVERABLE",
                "amount": "500",
                "startDate": "2027-01-01",
            }
        },
        "setCommissionDraw",
    )
    listed = (await comm.rep.data(DRAWS))["commissionDraws"]
    other = await comm.demo.sign_in("rep2@dealdesk.example")
    hidden = (await other.data(DRAWS, {"rep": rep1}))["commissionDraws"]
    first_id, later_id = (e["node"]["id"] for e in listed["edges"])

    refused = [
        await comm.finance.mutate(END, {"id": first_id, "endDate": "2026-12-31"}),
        await comm.finance.mutate(END, {"id": later_id, "endDate": "2026-12-31"}),
    ]
    ended = await comm.finance.succeeded(
        END, {"input": {"id": later_id, "endDate": "2027-03-31"}}, "endCommissionDraw"
    )
    by_rep = await comm.rep(END, {"input": {"id": later_id, "endDate": "2027-06-30"}})

    assert later["draw"]["endDate"] is None
    assert [(e["node"]["kind"], e["node"]["startDate"]) for e in listed["edges"]] == [
        ("RECOVERABLE", "2026-07-01"),
        ("NON_RECOVERABLE", "2027-01-01"),
    ]
    assert hidden["totalCount"] == 0
    assert [codes(r) for r in refused] == [["PERIOD_CLOSED"], ["INVALID"]]
    assert ended["draw"] == {"startDate": "2027-01-01", "endDate": "2027-03-31"}
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_payment_waits_for_the_one_being_recorded_and_then_sees_it(
    comm: Commissions,
) -> None:
    """The statement is locked while a payment is checked: a second payment of 600.00 against
    1,000.00 due waits for the first's transaction, then is refused as an OVERPAYMENT."""
    await held_plan_with_draw(comm)
    q3 = await comm.closed_period("2026-08-01")
    statement = await rep1_statement(comm, q3)
    await comm.finance.succeeded(APPROVE, {"id": statement["id"]}, "approveStatement")
    async with comm.demo.sessions() as session:
        finance_id = await session.scalar(
            select(User.id).where(User.email == "finance@dealdesk.example")
        )
    finance = Actor(finance_id, frozenset({Role.FINANCE}))
    statement_id = int(relay.GlobalID.from_id(statement["id"]).node_id)
    pay = NewPayment(Decimal("600.00"), date(2026, 10, 5))

    async with comm.demo.sessions.begin() as first:
        await record_payment(first, finance, NOW, statement_id, pay)
        await first.flush()
        second = asyncio.create_task(
            in_transaction(
                comm.demo.sessions.begin,
                lambda s: record_payment(s, finance, NOW, statement_id, pay),
            )
        )
        await asyncio.sleep(0.5)
        waited = not second.done()
    outcome = await second
    after = await rep1_statement(comm, q3)

    assert waited
    assert [r.code for r in outcome.refusals] == [Code.OVERPAYMENT]
    assert (money(after)["previouslyPaid"], money(after)["balanceDue"]) == ("600.00", "400.00")
