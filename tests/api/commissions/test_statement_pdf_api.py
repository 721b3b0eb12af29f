"""The statement PDF, as downloaded through the API (``pdfBase64``) and read back with pypdf:
the assignment parts of a rep moved mid-quarter, the final flag of a leaver, and the payout
section with the payments recorded against the statement. Figures as computed by hand in
``test_people_who_change`` and ``test_draws_and_payments``."""

from __future__ import annotations

import base64
import io
import re

from pypdf import PdfReader

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_draws_and_payments import (
    APPROVE,
    PAY,
    held_plan_with_draw,
    rep1_statement,
)
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
    q3 = await comm.open_period("2026-08-01")
    await comm.close(q3)
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
