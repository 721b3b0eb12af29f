"""The demo commissions load through the API once, and loading them again changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models.commissions import CommissionCredit, CommissionInquiry, CommissionStatement
from server.demo.commissions import load_commissions
from tests.api.commissions.conftest import Commissions


async def counts(comm: Commissions) -> tuple[int, ...]:
    async with comm.demo.sessions() as session:
        return tuple(
            [
                await session.scalar(select(func.count()).select_from(model))
                for model in (CommissionStatement, CommissionCredit, CommissionInquiry)
            ]
        )


async def test_the_demo_closes_last_quarter_with_statements_and_loads_only_once(
    comm: Commissions,
) -> None:
    statements = await load_commissions(comm.demo.sessions)
    first = await counts(comm)
    again = await load_commissions(comm.demo.sessions)

    summary = (
        await comm.rep.data(
            "{ myCommissions { earned { amount } spifs { progress } problems { code } } }"
        )
    )["myCommissions"]
    assert statements == 10  # eight reps and two managers
    assert again == 0 and await counts(comm) == first
    assert first[2] == 2  # open inquiries
    assert summary["problems"] == [] and summary["spifs"][0]["progress"] != "0"
