"""A plan version or an assignment that ends before it starts is an INVALID userError (issue 13),
never a database range error; nothing is stored."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models.commissions import CommissionPlan
from tests.api.commissions.conftest import ASSIGN, CREATE_PLAN, REVISE_PLAN, Commissions, base
from tests.api.conftest import at_version


async def test_a_plan_that_ends_before_it_starts_is_invalid_and_not_stored(
    comm: Commissions,
) -> None:
    async with comm.demo.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(CommissionPlan))
    body = await comm.ops(
        CREATE_PLAN,
        {
            "input": {
                "name": "Backwards",
                "currency": "USD",
                "effectiveFrom": "2026-06-01",
                "effectiveTo": "2026-01-01",
                "components": [base()],
            }
        },
    )
    assert "errors" not in body, body
    result = body["data"]["createCommissionPlan"]
    assert result["plan"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("INVALID", ["input", "effectiveTo"])
    ]
    async with comm.demo.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CommissionPlan)) == before


async def test_a_revision_that_ends_before_it_starts_is_invalid(comm: Commissions) -> None:
    plan = await comm.plan([base()], name="Forwards")
    body = await comm.ops(
        REVISE_PLAN,
        {
            "input": at_version(
                plan, effectiveFrom="2026-09-01", effectiveTo="2026-08-01", components=[base("20")]
            )
        },
    )
    assert "errors" not in body, body
    errors = body["data"]["reviseCommissionPlan"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["input", "effectiveTo"])]


async def test_an_assignment_that_ends_before_it_starts_is_invalid(comm: Commissions) -> None:
    plan = await comm.plan([base()], name="Assigned")
    body = await comm.ops(
        ASSIGN,
        {
            "input": {
                "repId": await comm.user("rep1@dealdesk.example"),
                "planId": plan["id"],
                "start": "2026-03-01",
                "end": "2026-02-01",
                "quota": "1000",
            }
        },
    )
    assert "errors" not in body, body
    errors = body["data"]["assignCommissionPlan"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["input", "end"])]
