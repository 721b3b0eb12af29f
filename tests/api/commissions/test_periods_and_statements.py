"""Periods and statements: closing locks the period and writes statements; FINANCE approves
payouts."""

from __future__ import annotations

import base64

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from db.models.commissions import CommissionAdjustment
from tests.api.commissions.conftest import ERRORS, REVISE_PLAN, STATEMENT_FIELDS, Commissions, base
from tests.api.conftest import at_version

REVERSE = f"""mutation($input: ReverseWonQuoteInput!) {{ reverseWonQuote(input: $input) {{
  quote {{ status }} clawbacks {{ creditDate ratedOn amount {{ amount }} reversalKind rep {{ email }} }} {ERRORS} }} }}"""
APPROVE = f"mutation($id: ID!) {{ approveStatement(input: {{id: $id}}) {{ statement {{ status approvedBy {{ email }} }} {ERRORS} }} }}"
ADJUST = f"mutation($input: RecordCommissionAdjustmentInput!) {{ recordCommissionAdjustment(input: $input) {{ adjustment {{ effectiveDate amount {{ amount }} }} {ERRORS} }} }}"
STATEMENT = f"query($id: ID!) {{ node(id: $id) {{ ... on CommissionStatement {{ {STATEMENT_FIELDS} pdfBase64 }} }} }}"
SUMMARY = "query($day: Date) { myCommissions(asOf: $day) { earned { amount } period { label } } }"


async def closed_q3(comm: Commissions) -> tuple[dict, dict]:
    """rep1 and rep2 on a 15 % plan; rep1 won 2,800 on Sep 10; Q3 closed."""
    plan = await comm.plan([base("15")])
    await comm.assign(plan, "rep1@dealdesk.example")
    await comm.assign(plan, "rep2@dealdesk.example")
    won = await comm.won(("SVC-INST", 2), day="2026-09-10")
    q3 = await comm.closed_period("2026-08-01")
    return q3, won


async def rep1_statement(comm: Commissions) -> tuple[dict, dict]:
    """Q3, closed as ``closed_q3`` leaves it, and rep1's statement of it."""
    q3, _ = await closed_q3(comm)
    statements = await comm.statements(q3)
    return q3, next(s for s in statements if s["rep"]["email"] == "rep1@dealdesk.example")


async def test_closing_a_period_produces_a_statement_per_rep_with_its_lines_and_totals(
    comm: Commissions,
) -> None:
    q3, _ = await closed_q3(comm)

    statements = {s["rep"]["email"]: s for s in await comm.statements(q3)}

    rep1 = statements["rep1@dealdesk.example"]
    assert set(statements) == {"rep1@dealdesk.example", "rep2@dealdesk.example"}
    assert (rep1["status"], rep1["period"], rep1["attainmentPercent"]) == (
        "DRAFT",
        {"label": "FY2026-Q3", "status": "CLOSED"},
        "2.80",
    )
    assert (rep1["salesTotal"], rep1["earnedTotal"], rep1["balanceDue"]) == (
        {"amount": "420.00"},
    ) * 3
    assert [(line["kind"], line["amount"]["amount"]) for line in rep1["lines"]] == [
        ("SALE", "420.00")
    ]
    assert rep1["lines"][0]["description"].endswith("(Acme Manufacturing) - sale")
    assert rep1["lines"][0]["details"] == [
        {"componentId": "base", "kind": "BASE_RATE", "amount": {"amount": "420.00"}}
    ]
    assert statements["rep2@dealdesk.example"]["earnedTotal"] == {"amount": "0.00"}


async def test_a_statement_exports_as_a_pdf(comm: Commissions) -> None:
    _, statement = await rep1_statement(comm)

    data = await comm.rep.data(STATEMENT, {"id": statement["id"]})

    assert base64.b64decode(data["node"]["pdfBase64"]).startswith(b"%PDF")


async def test_finance_approves_a_statement_once_and_then_it_is_final(comm: Commissions) -> None:
    q3, _ = await closed_q3(comm)
    statement = (await comm.statements(q3))[0]

    approved = (await comm.finance.data(APPROVE, {"id": statement["id"]}))["approveStatement"]
    twice = (await comm.finance.data(APPROVE, {"id": statement["id"]}))["approveStatement"]
    by_rep = await comm.rep(APPROVE, {"id": statement["id"]})

    assert approved["statement"] == {
        "status": "APPROVED",
        "approvedBy": {"email": "finance@dealdesk.example"},
    }
    assert [e["code"] for e in twice["userErrors"]] == ["INVALID_STATE"]
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_clawback_after_close_lands_in_the_later_period_and_the_closed_statement_stays(
    comm: Commissions,
) -> None:
    q3, won = await closed_q3(comm)
    before = await comm.statements(q3)

    reversed_ = await comm.finance.mutate(
        REVERSE,
        at_version(won, kind="CANCELLED", reversalDate="2026-09-20"),
    )
    q4_to_date = (await comm.rep.data(SUMMARY, {"day": "2026-11-20"}))["myCommissions"]
    q4 = await comm.closed_period("2026-11-20")
    q4_rep1 = next(
        s for s in await comm.statements(q4) if s["rep"]["email"] == "rep1@dealdesk.example"
    )

    assert reversed_["quote"] == {"status": "LOST"}
    assert sorted(
        (c["rep"]["email"], c["creditDate"], c["ratedOn"], c["amount"]["amount"], c["reversalKind"])
        for c in reversed_["clawbacks"]
    ) == [
        ("east.manager@dealdesk.example", "2026-10-01", "2026-09-10", "-2800.00", "CANCELLED"),
        ("rep1@dealdesk.example", "2026-10-01", "2026-09-10", "-2800.00", "CANCELLED"),
    ]
    assert await comm.statements(q3) == before
    assert q4_to_date == {"earned": {"amount": "-420.00"}, "period": {"label": "FY2026-Q4"}}
    assert (q4_rep1["clawbackTotal"], q4_rep1["balanceDue"]) == (
        {"amount": "-420.00"},
        {"amount": "-420.00"},
    )
    assert [line["kind"] for line in q4_rep1["lines"]] == ["CLAWBACK"]


async def test_changes_to_a_closed_period_are_typed_errors_and_write_nothing(
    comm: Commissions,
) -> None:
    q3, _ = await closed_q3(comm)
    plans = await comm.ops.data("{ commissionPlans { edges { node { id version } } } }")
    plan = plans["commissionPlans"]["edges"][0]["node"]
    rep1 = await comm.user("rep1@dealdesk.example")

    adjustment = await comm.finance.mutate(
        ADJUST,
        {
            "repId": rep1,
            "amount": "50",
            "description": "Late fix",
            "effectiveDate": "2026-09-15",
        },
    )
    close_again = (
        await comm.finance.data(
            "mutation($id: ID!) { closeCommissionPeriod(input: {id: $id, version: 2}) { userErrors { code } } }",
            {"id": q3["id"]},
        )
    )["closeCommissionPeriod"]
    revision = await comm.ops.mutate(
        REVISE_PLAN,
        at_version(plan, effectiveFrom="2026-09-01", components=[base("20")]),
    )

    assert [(e["code"], e["field"]) for e in adjustment["userErrors"]] == [
        ("PERIOD_CLOSED", ["input", "effectiveDate"])
    ]
    assert [e["code"] for e in close_again["userErrors"]] == ["PERIOD_CLOSED"]
    assert [e["code"] for e in revision["userErrors"]] == ["PERIOD_CLOSED"]
    async with comm.demo.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CommissionAdjustment)) == 0


async def test_the_database_refuses_to_change_credits_and_statements_of_a_closed_period(
    comm: Commissions,
) -> None:
    await closed_q3(comm)
    attempts = [
        "UPDATE commission_credits SET amount = 0",
        "DELETE FROM commission_credits",
        "UPDATE commission_statements SET earned_total = 0",
        "DELETE FROM commission_statement_lines",
        "UPDATE commission_periods SET status = 'OPEN', closed_at = NULL",
        (
            "INSERT INTO commission_adjustments (rep_id, effective_date, amount, currency, description) "
            "SELECT id, DATE '2026-09-01', 10, 'USD', 'sneaky' FROM users LIMIT 1"
        ),
    ]
    refused = []
    for sql in attempts:
        async with comm.demo.sessions() as session:
            try:
                await session.execute(text(sql))
                await session.commit()
            except DBAPIError as exc:
                refused.append("closed" in str(exc.orig) or "append-only" in str(exc.orig))
    assert refused == [True] * len(attempts)


async def test_a_rep_cannot_read_another_reps_statement_but_their_manager_can(
    comm: Commissions,
) -> None:
    q3, statement = await rep1_statement(comm)
    rep2 = await comm.demo.sign_in("rep2@dealdesk.example")
    manager = await comm.demo.sign_in("east.manager@dealdesk.example")
    west = await comm.demo.sign_in("west.manager@dealdesk.example")

    assert (await rep2.data(STATEMENT, {"id": statement["id"]}))["node"] is None
    assert [s["rep"]["email"] for s in await comm.statements(q3, rep2)] == ["rep2@dealdesk.example"]
    assert (await manager.data(STATEMENT, {"id": statement["id"]}))["node"]["earnedTotal"] == {
        "amount": "420.00"
    }
    assert (await west.data(STATEMENT, {"id": statement["id"]}))["node"] is None


async def test_the_statement_pdf_downloads_for_its_rep_and_not_for_another(
    comm: Commissions,
) -> None:
    _, statement = await rep1_statement(comm)
    rep2 = await comm.demo.sign_in("rep2@dealdesk.example")
    path = f"/documents/statements/{statement['id']}.pdf"

    own = await comm.rep.http.get(path, headers={"authorization": f"Bearer {comm.rep.token}"})
    foreign = await comm.rep.http.get(path, headers={"authorization": f"Bearer {rep2.token}"})
    anonymous = await comm.rep.http.get(path)

    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    assert foreign.status_code == 404
    assert anonymous.status_code == 401
