"""Draws and payments, the gaps (issue 19), each through the API with hand-computed figures:
a statement's payment status and its filter, a statement for a rep with only a draw, the
payment hold per plan version, draws that belong to an assignment, and a balance carried
across a change of plan currency (converted with the dated rate, or the close refused)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from db.models.commission_payouts import CommissionDraw
from db.models.commissions import CommissionStatement
from tests.api.commissions.conftest import ERRORS, REVISE_PLAN, Commissions, base
from tests.api.commissions.test_draws_and_payments import (
    APPROVE,
    DRAW,
    HOLD,
    PAY,
    codes,
    money,
)
from tests.api.conftest import at_version

REP1, REP2 = "rep1@dealdesk.example", "rep2@dealdesk.example"
FIELDS = """id currency paymentStatus earnedTotal { amount } heldTotal { amount }
  releasedTotal { amount } carriedIn { amount } drawPaid { amount } drawRecovered { amount }
  drawOutstanding { amount } amountDue { amount } carriedForward { amount }
  previouslyPaid { amount } balanceDue { amount } heldDeals { amount { amount } }
  carriedInConversion { fromCurrency rate validFrom carriedInOriginal { amount currency } }
  rep { email }"""
LIST = f"""query($period: ID, $status: [CommissionPaymentStatus!]) {{
  commissionStatements(periodId: $period, paymentStatus: $status) {{
    edges {{ node {{ {FIELDS} }} }} }} }}"""
CLOSE = f"""mutation($id: ID!, $version: Int!) {{ closeCommissionPeriod(input: {{id: $id,
  version: $version}}) {{ period {{ status }} statementCount {ERRORS} }} }}"""
VERSIONS = """query($id: ID!) { node(id: $id) { ... on CommissionPlan { holdsUntilInvoicePaid
  version versions { number holdsUntilInvoicePaid } } } }"""
END_ASSIGNMENT = f"""mutation($input: EndCommissionAssignmentInput!) {{
  endCommissionAssignment(input: $input) {{ assignment {{ end }} {ERRORS} }} }}"""
END_DRAW = f"""mutation($input: EndCommissionDrawInput!) {{ endCommissionDraw(input: $input) {{
  draw {{ endDate }} {ERRORS} }} }}"""
DRAWS = """query($rep: ID) { commissionDraws(repId: $rep) { edges { node { id kind startDate endDate
  amount { amount currency } assignment { id } } } } }"""
ADJUST = f"""mutation($input: RecordCommissionAdjustmentInput!) {{
  recordCommissionAdjustment(input: $input) {{ adjustment {{ amount {{ amount }} }} {ERRORS} }} }}"""
PAY_READ_BACK = f"""mutation($input: RecordCommissionPaymentInput!) {{
  recordCommissionPayment(input: $input) {{ payment {{ amount {{ amount }}
  statement {{ id paymentStatus balanceDue {{ amount }} }} }} {ERRORS} }} }}"""
SET_RATE = f"""mutation($input: SetExchangeRateInput!) {{ setExchangeRate(input: $input) {{
  exchangeRate {{ rate }} {ERRORS} }} }}"""


async def listed(
    comm: Commissions, period: dict, status: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """The period's statements (of those payment statuses) by rep email."""
    data = await comm.finance.data(LIST, {"period": period["id"], "status": status})
    return {e["node"]["rep"]["email"]: e["node"] for e in data["commissionStatements"]["edges"]}


async def statement_count(comm: Commissions) -> int:
    async with comm.demo.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(CommissionStatement)))


async def test_a_statement_is_unpaid_partially_paid_or_paid_and_the_list_filters_by_it(
    comm: Commissions,
) -> None:
    """rep1 wins 2 x SVC-INST in Q3 (2,800.00 -> 420.00 due): UNPAID, then PARTIALLY_PAID after
    100.00, PAID after 320.00 more. rep2, on the plan with no deal, has nothing due: PAID."""
    plan = await comm.plan([base("15")])
    await comm.assign(plan, REP1)
    await comm.assign(plan, REP2)
    await comm.won(("SVC-INST", 2), day="2026-09-10")
    q3 = await comm.closed_period("2026-08-01")
    statements = await listed(comm, q3)
    rep1 = statements[REP1]["id"]
    await comm.finance.succeeded(APPROVE, {"id": rep1}, "approveStatement")

    async def statuses() -> list[list[str]]:
        return [
            sorted(set(await listed(comm, q3, wanted)) & {REP1, REP2})
            for wanted in (["UNPAID"], ["PARTIALLY_PAID"], ["PAID"], ["UNPAID", "PARTIALLY_PAID"])
        ]

    unpaid = await statuses()
    payment = {"input": {"statementId": rep1, "amount": "100.00"}}
    await comm.finance.succeeded(PAY, payment, "recordCommissionPayment")
    partly = await statuses()
    partly_rep1 = (await listed(comm, q3))[REP1]
    payment["input"]["amount"] = "320.00"
    last = await comm.finance.succeeded(PAY_READ_BACK, payment, "recordCommissionPayment")
    paid = await statuses()
    paid_rep1 = (await listed(comm, q3))[REP1]

    assert [
        (money(statements[r])["amountDue"], statements[r]["paymentStatus"]) for r in (REP1, REP2)
    ] == [
        ("420.00", "UNPAID"),
        ("0.00", "PAID"),
    ]
    assert unpaid == [[REP1], [], [REP2], [REP1]]
    assert partly == [[], [REP1], [REP2], [REP1]]
    assert paid == [[], [], [REP1, REP2], []]
    assert (partly_rep1["paymentStatus"], money(partly_rep1)["balanceDue"]) == (
        "PARTIALLY_PAID",
        "320.00",
    )
    assert (paid_rep1["paymentStatus"], money(paid_rep1)["balanceDue"]) == ("PAID", "0.00")
    assert last["payment"]["statement"] == {
        "id": rep1,
        "paymentStatus": "PAID",
        "balanceDue": {"amount": "0.00"},
    }


async def q3_then_q4(comm: Commissions, q4_days: int) -> tuple[dict, dict]:
    """rep1 wins 2 days of SVC-INST on Sep 10, 2026 (Q3 closed), then ``q4_days`` on Nov 10
    (Q4 closed): the two periods."""
    await comm.won(("SVC-INST", 2), day="2026-09-10")
    q3 = await comm.closed_period("2026-08-01")
    await comm.won(("SVC-INST", q4_days), day="2026-11-10")
    q4 = await comm.closed_period("2026-11-01")
    return q3, q4


def draw_input(rep: str, **given: Any) -> dict[str, Any]:
    return {"input": {"repId": rep, "kind": "RECOVERABLE", "amount": "500.00", **given}}


async def test_a_rep_with_only_a_draw_gets_a_statement_and_repays_it_once_on_a_plan(
    comm: Commissions,
) -> None:
    """rep1 has no assignment in Q3, only a recoverable draw of 500.00: the close still issues
    their statement (nothing earned, 500.00 paid by the draw, 500.00 outstanding). On a 15 %
    plan from Oct 1, rep1 wins 2 x SVC-INST in Q4 (420.00): the ended draw recovers all of it,
    nothing is due and 80.00 stays outstanding."""
    plan = await comm.plan([base("15")])
    await comm.assign(plan, REP2)
    rep1 = await comm.user(REP1)
    await comm.finance.succeeded(
        DRAW,
        draw_input(rep1, startDate="2026-07-01", endDate="2026-09-30", currency="USD"),
        "setCommissionDraw",
    )
    q3 = await comm.open_period("2026-08-01")
    closed_q3 = await comm.finance.succeeded(CLOSE, at_version(q3), "closeCommissionPeriod")
    q3_rep1 = (await listed(comm, q3))[REP1]
    await comm.assign(plan, REP1, start="2026-10-01")
    await comm.won(("SVC-INST", 2), day="2026-11-10")
    q4 = await comm.closed_period("2026-11-01")
    q4_rep1 = (await listed(comm, q4))[REP1]

    assert closed_q3["statementCount"] == 2  # rep2 on the plan, rep1 with the draw only
    assert (q3_rep1["currency"], q3_rep1["paymentStatus"]) == ("USD", "UNPAID")
    assert money(q3_rep1) == {
        "earnedTotal": "0.00",
        "heldTotal": "0.00",
        "releasedTotal": "0.00",
        "carriedIn": "0.00",
        "drawPaid": "500.00",
        "drawRecovered": "0.00",
        "drawOutstanding": "500.00",
        "amountDue": "500.00",
        "carriedForward": "0.00",
        "previouslyPaid": "0.00",
        "balanceDue": "500.00",
    }
    assert money(q4_rep1) == {
        "earnedTotal": "420.00",
        "heldTotal": "0.00",
        "releasedTotal": "0.00",
        "carriedIn": "0.00",
        "drawPaid": "0.00",
        "drawRecovered": "420.00",
        "drawOutstanding": "80.00",
        "amountDue": "0.00",
        "carriedForward": "0.00",
        "previouslyPaid": "0.00",
        "balanceDue": "0.00",
    }


async def test_the_payment_hold_is_each_versions_own_and_the_governing_version_decides(
    comm: Commissions,
) -> None:
    """Version 1 (from Jan 1) holds until the invoice is paid, version 2 (from Oct 1) does not.
    Q3: deal A (2,800.00 -> 420.00), invoice unpaid: held, nothing due. Q4: deal B (7,000.00
    -> 1,050.00), invoice unpaid, not held: 1,050.00 due, A still held. Setting the hold on the
    plan afterwards changes version 2 only: version 1 ended in a closed period."""
    plan = await comm.plan([base("15")], holdsUntilInvoicePaid=True)
    revised = await comm.ops.succeeded(
        REVISE_PLAN,
        {
            "input": at_version(
                plan,
                effectiveFrom="2026-10-01",
                components=[base("15")],
                holdsUntilInvoicePaid=False,
            )
        },
        "reviseCommissionPlan",
    )
    created = await comm.ops.data(VERSIONS, {"id": plan["id"]})
    await comm.assign(plan, REP1)
    q3, q4 = await q3_then_q4(comm, q4_days=5)
    q3_rep1, q4_rep1 = (await listed(comm, q3))[REP1], (await listed(comm, q4))[REP1]
    current = (await comm.ops.data(VERSIONS, {"id": plan["id"]}))["node"]
    on = await comm.ops.succeeded(
        HOLD,
        {"input": {"id": plan["id"], "version": current["version"], "holdsUntilInvoicePaid": True}},
        "setCommissionPlanPaymentHold",
    )
    after_on = (await comm.ops.data(VERSIONS, {"id": plan["id"]}))["node"]
    await comm.ops.succeeded(
        HOLD,
        {
            "input": {
                "id": plan["id"],
                "version": on["plan"]["version"],
                "holdsUntilInvoicePaid": False,
            }
        },
        "setCommissionPlanPaymentHold",
    )
    after_off = (await comm.ops.data(VERSIONS, {"id": plan["id"]}))["node"]

    def holds(node: dict[str, Any]) -> tuple[bool, list[bool]]:
        return node["holdsUntilInvoicePaid"], [v["holdsUntilInvoicePaid"] for v in node["versions"]]

    assert revised["plan"]["versions"][1]["effectiveFrom"] == "2026-10-01"
    assert holds(created["node"]) == (False, [True, False])
    assert [money(q3_rep1)[k] for k in ("earnedTotal", "heldTotal", "amountDue")] == [
        "420.00",
        "420.00",
        "0.00",
    ]
    assert [money(q4_rep1)[k] for k in ("earnedTotal", "heldTotal", "amountDue")] == [
        "1050.00",
        "0.00",
        "1050.00",
    ]
    assert [d["amount"]["amount"] for d in q4_rep1["heldDeals"]] == ["420.00"]
    assert holds(after_on) == (True, [True, True])
    assert holds(after_off) == (False, [True, False])


async def draw_rows(comm: Commissions) -> list[tuple[Any, ...]]:
    async with comm.demo.sessions() as session:
        found = await session.execute(
            select(
                CommissionDraw.rep_id, CommissionDraw.start_date, CommissionDraw.end_date
            ).order_by(CommissionDraw.id)
        )
        return [tuple(row) for row in found.all()]


async def test_a_draw_of_an_assignment_lies_within_it_and_ends_with_it(comm: Commissions) -> None:
    """rep1's draw belongs to their assignment (from Jan 1, open): it starts with it and ends
    when the assignment is ended on Sep 30, so a new draw from Oct 1 does not overlap it."""
    from tests.api.conftest import gid

    plan = await comm.plan([base("15")])
    mine = await comm.assign(plan, REP1)
    theirs = await comm.assign(plan, REP2)
    rep1, rep2 = await comm.user(REP1), await comm.user(REP2)
    made = await comm.finance.succeeded(
        DRAW.replace("rep { email }", "rep { email } assignment { id }"),
        draw_input(rep1, assignmentId=mine["id"]),
        "setCommissionDraw",
    )
    await comm.finance.succeeded(
        DRAW,
        draw_input(rep2, assignmentId=theirs["id"], startDate="2026-08-01"),
        "setCommissionDraw",
    )
    before = await draw_rows(comm)
    refusals = [
        await comm.finance.mutate(DRAW, draw_input(rep1, assignmentId=theirs["id"])["input"]),
        await comm.finance.mutate(
            DRAW, draw_input(rep1, assignmentId=mine["id"], startDate="2025-12-01")["input"]
        ),
        await comm.finance.mutate(
            DRAW, draw_input(rep1, assignmentId=gid("CommissionAssignment", 999999))["input"]
        ),
        await comm.finance.mutate(DRAW, draw_input(rep1)["input"]),
        await comm.finance.mutate(END_ASSIGNMENT, {"id": theirs["id"], "end": "2026-06-30"}),
    ]
    unchanged = await draw_rows(comm)
    ended = await comm.ops.succeeded(
        END_ASSIGNMENT,
        {"input": {"id": mine["id"], "end": "2026-09-30"}},
        "endCommissionAssignment",
    )
    later = await comm.finance.mutate(
        DRAW, draw_input(rep1, startDate="2026-10-01", currency="USD")["input"]
    )
    first_draw = (await comm.finance.data(DRAWS, {"rep": rep1}))["commissionDraws"]["edges"][0]
    beyond = await comm.finance.mutate(
        END_DRAW, {"id": first_draw["node"]["id"], "endDate": "2026-10-15"}
    )
    listed_draws = (await comm.finance.data(DRAWS, {"rep": rep1}))["commissionDraws"]["edges"]

    assert made["draw"]["startDate"] == "2026-01-01"
    assert made["draw"]["endDate"] is None
    assert made["draw"]["assignment"] == {"id": mine["id"]}
    assert [codes(r) for r in refusals] == [
        ["INVALID"],
        ["INVALID"],
        ["NOT_FOUND"],
        ["REQUIRED"],
        ["INVALID_STATE"],
    ]
    assert unchanged == before
    assert ended["assignment"]["end"] == "2026-09-30"
    assert codes(later) == []
    assert codes(beyond) == ["INVALID"]
    assert [
        (e["node"]["startDate"], e["node"]["endDate"], e["node"]["assignment"])
        for e in listed_draws
    ] == [("2026-01-01", "2026-09-30", {"id": mine["id"]}), ("2026-10-01", None, None)]


async def test_a_balance_carried_into_a_plan_in_another_currency_is_converted_at_the_dated_rate(
    comm: Commissions,
) -> None:
    """rep1 is on a USD plan through Sep 30 and ends Q3 owing 300.00 USD (an adjustment of
    -300.00). From Oct 1 their plan pays in EUR. Closing Q4 without a USD to EUR rate is
    refused (EXCHANGE_RATE_MISSING), nothing written; with 0.9 from Sep 15 (and 0.8 from Oct 2,
    too late for the period's first day) the -300.00 USD comes in as -270.00 EUR."""
    dollars = await comm.plan([base("15")], name="Dollar plan")
    euros = await comm.plan([base("15")], name="Euro plan", currency="EUR")
    await comm.assign(dollars, REP1, end="2026-09-30")
    await comm.assign(euros, REP1, start="2026-10-01")
    rep1 = await comm.user(REP1)
    await comm.finance.succeeded(
        ADJUST,
        {
            "input": {
                "repId": rep1,
                "amount": "-300.00",
                "description": "Overpaid bonus",
                "effectiveDate": "2026-09-15",
            }
        },
        "recordCommissionAdjustment",
    )
    q3 = await comm.closed_period("2026-08-01")
    q3_rep1 = (await listed(comm, q3))[REP1]
    q4 = await comm.open_period("2026-11-01")
    issued = await statement_count(comm)
    refused = await comm.finance.data(CLOSE, at_version(q4))
    unchanged = await statement_count(comm)
    for rate, valid_from in (("0.9", "2026-09-15"), ("0.8", "2026-10-02")):
        payload = {
            "fromCurrency": "USD",
            "toCurrency": "EUR",
            "rate": rate,
            "validFrom": valid_from,
        }
        await comm.ops.succeeded(SET_RATE, {"input": payload}, "setExchangeRate")
    await comm.close(q4)
    q4_rep1 = (await listed(comm, q4))[REP1]

    assert (money(q3_rep1)["carriedForward"], q3_rep1["currency"]) == ("-300.00", "USD")
    payload = refused["closeCommissionPeriod"]
    assert [e["code"] for e in payload["userErrors"]] == ["EXCHANGE_RATE_MISSING"]
    assert "USD to EUR" in payload["userErrors"][0]["message"]
    assert "balance a rep carries" in payload["userErrors"][0]["message"]
    assert unchanged == issued
    assert q4_rep1["currency"] == "EUR"
    assert [
        money(q4_rep1)[k] for k in ("earnedTotal", "carriedIn", "amountDue", "carriedForward")
    ] == [
        "0.00",
        "-270.00",
        "0.00",
        "-270.00",
    ]
    conversion = q4_rep1["carriedInConversion"]
    assert (conversion["fromCurrency"], conversion["validFrom"]) == ("USD", "2026-09-15")
    assert conversion["rate"].rstrip("0") == "0.9"
    assert conversion["carriedInOriginal"] == {"amount": "-300.00", "currency": "USD"}
    assert q3_rep1["carriedInConversion"] is None
