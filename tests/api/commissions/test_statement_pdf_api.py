"""The statement PDF, as downloaded through the API (``pdfBase64``) and read back with pypdf:
the assignment parts of a rep moved mid-quarter, the final flag of a leaver, the payout
section with the payments recorded against the statement, and the amounts converted from
another currency (a draw, a carried balance) with their dated rates. Figures as computed by
hand in ``test_people_who_change``, ``test_draws_and_payments``, ``test_draw_changes`` and
``test_draws_payments_gaps``."""

from __future__ import annotations

import base64
import io
import re

from pypdf import PdfReader

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_draw_changes import set_rate, statement_of
from tests.api.commissions.test_draws_and_payments import (
    APPROVE,
    DRAW,
    PAY,
    held_plan_with_draw,
    rep1_statement,
)
from tests.api.commissions.test_draws_payments_gaps import ADJUST, draw_input
from tests.api.commissions.test_people_who_change import ACCELERATOR, END, REP1, q1_statement

PDF = "query($id: ID!) { node(id: $id) { ... on CommissionStatement { pdfBase64 } } }"
STATEMENT_ID = """query($period: ID) { commissionStatements(periodId: $period) {
  edges { node { id final rep { email } } } } }"""


async def _pdf_text(comm: Commissions, statement_id: str) -> str:
    data = await comm.finance.data(PDF, {"id": statement_id})
    raw = base64.b64decode(data["node"]["pdfBase64"])
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
    return re.sub(r"\s+", " ", text)


async def _q1_id(comm: Commissions) -> str:
    q1 = await comm.finance.data("{ commissionPeriods(first: 10) { edges { node { id label } } } }")
    node = next(e["node"] for e in q1["commissionPeriods"]["edges"] if "Q1" in e["node"]["label"])
    data = await comm.finance.data(STATEMENT_ID, {"period": node["id"]})
    return next(
        e["node"]["id"]
        for e in data["commissionStatements"]["edges"]
        if e["node"]["rep"]["email"] == REP1
    )


async def test_a_rep_moved_mid_quarter_gets_both_parts_in_the_pdf(comm: Commissions) -> None:
    plan_a = await comm.plan([base("10"), ACCELERATOR], name="Plan A")
    plan_b = await comm.plan([base("5")], name="Plan B")
    first = await comm.assign(plan_a, REP1, quota="9000", start="2026-01-01")
    await comm.ops.succeeded(
        END, {"input": {"id": first["id"], "end": "2026-02-14"}}, "endCommissionAssignment"
    )
    await comm.assign(plan_b, REP1, quota="12000", start="2026-02-15")
    await comm.won(("SVC-INST", 4), day="2026-01-20")
    await comm.won(("SVC-INST", 2), day="2026-03-02")
    statement = await q1_statement(comm)
    assert statement["final"] is False
    text = await _pdf_text(comm, await _q1_id(comm))
    for expected in (
        "Assignments",
        "Plan A: 2026-01-01 to 2026-02-14",
        "45/90 0.500000 $4,500.00 of $9,000.00 124.44% Accelerator $840.00",
        "Plan B: 2026-02-15 to 2026-03-31",
        "45/90 0.500000 $6,000.00 of $12,000.00 46.67% $140.00",
        "Earned $980.00",
        "Amount due $980.00",
        "Balance due $980.00",
    ):
        assert expected in text, (expected, text)
    assert "final statement" not in text and "(left)" not in text


async def test_a_leavers_pdf_says_it_is_their_final_statement(comm: Commissions) -> None:
    plan = await comm.plan([base("10")], name="Leavers", clawbackWindowDays=30)
    assignment = await comm.assign(plan, REP1, quota="9000", start="2026-01-01")
    await comm.ops.succeeded(
        END, {"input": {"id": assignment["id"], "end": "2026-02-14"}}, "endCommissionAssignment"
    )
    await comm.won(("SVC-INST", 2), day="2026-01-25")  # 2,800: 280
    statement = await q1_statement(comm)
    assert statement["final"] is True
    text = await _pdf_text(comm, await _q1_id(comm))
    assert "final statement (the rep left)" in text, text
    assert "Leavers: 2026-01-01 to 2026-02-14 (left)" in text, text
    assert "45/90 0.500000 $4,500.00 of $9,000.00 62.22% $280.00" in text, text


async def test_the_payout_section_shows_holds_draws_and_the_payments_made(
    comm: Commissions,
) -> None:
    await held_plan_with_draw(comm)
    await comm.won(("SVC-INST", 2), day="2026-09-10")
    await comm.won(("SVC-INST", 5), day="2026-09-12")
    q3 = await comm.closed_period("2026-08-01")
    statement = await rep1_statement(comm, q3)
    await comm.finance.succeeded(APPROVE, {"id": statement["id"]}, "approveStatement")
    payment = {"statementId": statement["id"], "amount": "600.00", "paidOn": "2026-10-05"}
    payment["reference"] = "PAY-1"
    await comm.finance.succeeded(PAY, {"input": payment}, "recordCommissionPayment")
    text = await _pdf_text(comm, statement["id"])
    # by hand: earned 1,470 (15 % of 7 days at 1,400), all held until invoiced (no invoice is
    # paid); the 1,000 draw is paid in full; due 1,000; 600 paid so far
    for expected in (
        "Earned $1,470.00",
        "Payout",
        "Held until invoiced -$1,470.00",
        "Draw paid $1,000.00",
        "Amount due $1,000.00",
        "Previously paid $600.00",
        "Balance due $400.00",
        "Paid on Reference Amount",
        "2026-10-05 PAY-1 $600.00",
    ):
        assert expected in text, (expected, text)


async def _dollars_then_euros(comm: Commissions) -> str:
    """rep1 on a 15 % USD plan through Sep 30, on a 15 % EUR plan from Oct 1; USD to EUR at 0.9
    from Sep 15 and 0.8 from Oct 2. rep1's user id."""
    dollars = await comm.plan([base("15")], name="Dollar plan")
    euros = await comm.plan([base("15")], name="Euro plan", currency="EUR")
    await comm.assign(dollars, REP1, end="2026-09-30")
    await comm.assign(euros, REP1, start="2026-10-01")
    await set_rate(comm, "0.9", "2026-09-15")
    await set_rate(comm, "0.8", "2026-10-02")
    return await comm.user(REP1)


async def _q4_and_its_pdf(comm: Commissions) -> tuple[dict, str]:
    """Q3 and Q4 closed; rep1's Q4 statement and its PDF's text."""
    await comm.closed_period("2026-08-01")
    q4 = await comm.closed_period("2026-11-01")
    statement = await statement_of(comm, q4)
    return statement, await _pdf_text(comm, statement["id"])


async def test_the_pdf_shows_a_draw_converted_from_another_currency_with_its_rate(
    comm: Commissions,
) -> None:
    """``test_draw_changes``' example: a 500.00 USD non-recoverable draw from Jul 1 on the EUR
    statement of Q4 comes in at 0.9 (the rate on Oct 1, valid from Sep 15): 450.00 EUR; the
    Nov 10 deal earns 336.00 EUR, the draw pays the 114.00 shortfall."""
    rep1 = await _dollars_then_euros(comm)
    await comm.finance.succeeded(
        DRAW,
        draw_input(rep1, kind="NON_RECOVERABLE", startDate="2026-07-01"),
        "setCommissionDraw",
    )
    await comm.won(("SVC-INST", 2), day="2026-11-10")
    statement, text = await _q4_and_its_pdf(comm)

    assert len(statement["drawConversions"]) == 1
    assert "Draw paid €114.00" in text, text
    assert "Converted Rate Valid from Original Amount" in text, text
    row = "Draw (non-recoverable) from 2026-07-01 1 USD = 0.9 EUR 2026-09-15 $500.00 €450.00"
    assert row in text, text
    assert "Carried in" not in text, text


async def test_the_pdf_shows_a_carried_balance_converted_from_the_previous_currency(
    comm: Commissions,
) -> None:
    """``test_draws_payments_gaps``' example: rep1 ends Q3 owing 300.00 USD (an adjustment);
    Q4's EUR statement carries it in at 0.9 (valid from Sep 15): -270.00 EUR."""
    rep1 = await _dollars_then_euros(comm)
    adjustment = {"repId": rep1, "amount": "-300.00", "description": "Overpaid bonus"}
    adjustment["effectiveDate"] = "2026-09-15"
    await comm.finance.succeeded(ADJUST, {"input": adjustment}, "recordCommissionAdjustment")
    statement, text = await _q4_and_its_pdf(comm)

    assert statement["carriedInConversion"]["carriedInOriginal"]["amount"] == "-300.00"
    assert "Carried in -€270.00 Amount due €0.00 Carried forward -€270.00" in text, text
    assert "Carried in 1 USD = 0.9 EUR 2026-09-15 -$300.00 -€270.00" in text, text
    assert "Draw (" not in text, text
