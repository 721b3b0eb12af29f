"""A won deal undone (``reverseWonQuote``) takes its sale back out of the rep's KPIs, the day
rollups and the contest totals: in part for a partial return, entirely once every line is
reversed; a recompute from the log then finds no drift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text

from db.models.performance_contests import Contest
from services.performance.contest_totals import refresh_contest_totals
from services.performance.recompute import recompute
from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_periods_and_statements import REVERSE
from tests.api.conftest import at_version
from tests.api.contests.test_contests import BOARD, CREATE, ENROL, contest_input

KPIS = """
query($metrics: [String!]) {
  kpis(metrics: $metrics, grain: DAY) { metric { key } value }
}
"""
METRICS = ["SALES", "SALES_UNITS", "REVENUE", "CUSTOMERS", "AVERAGE_TICKET"]


async def _kpis(comm: Commissions) -> dict[str, Decimal | None]:
    rows = (await comm.rep.data(KPIS, {"metrics": METRICS}))["kpis"]
    return {
        row["metric"]["key"]: None if row["value"] is None else Decimal(row["value"])
        for row in rows
    }


async def _drift(comm: Commissions) -> list[Any]:
    async with comm.demo.sessions.begin() as session:
        return await recompute(session)


def _net(quote: dict[str, Any], key: str) -> Decimal:
    line = next(line for line in quote["lines"] if line["key"] == key)
    return Decimal(line["priced"]["netAmount"]["amount"])


async def test_a_partial_return_takes_back_its_units_and_revenue_and_the_rest_the_sale(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("15")])
    before = await _kpis(comm)
    won = await comm.won(("SVC-INST", 2), ("SUP-BAS", 1), day="2026-11-02")
    revenue = Decimal(won["netTotal"]["amount"])
    after_win = await _kpis(comm)

    returned = await comm.rep.mutate(REVERSE, at_version(won, kind="RETURNED", lineKeys=["L2"]))
    assert returned["userErrors"] == []
    after_return = await _kpis(comm)
    quote = returned["quote"]
    assert quote == {"status": "WON"}

    assert after_win["SALES"] == before["SALES"] + 1  # type: ignore[operator]
    assert after_win["REVENUE"] == before["REVENUE"] + revenue  # type: ignore[operator]
    # the sale still stands, with its customer; one unit and L2's revenue are gone
    assert after_return["SALES"] == after_win["SALES"]
    assert after_return["CUSTOMERS"] == after_win["CUSTOMERS"]
    assert after_return["SALES_UNITS"] == after_win["SALES_UNITS"] - 1  # type: ignore[operator]
    assert after_return["REVENUE"] == after_win["REVENUE"] - _net(won, "L2")  # type: ignore[operator]
    assert await _drift(comm) == []

    current = await comm.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { id version } } }", {"id": won["id"]}
    )
    cancelled = await comm.rep.mutate(REVERSE, at_version(current["node"], kind="CANCELLED"))
    assert cancelled["userErrors"] == []
    assert cancelled["quote"] == {"status": "LOST"}

    assert await _kpis(comm) == before
    assert await _drift(comm) == []


async def test_a_cancelled_deal_leaves_the_contest_board_where_it_was_before_the_win(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("15")])
    created = await comm.ops.mutate(CREATE, contest_input(metricKey="REVENUE", currency="USD"))
    contest = created["contest"]
    enrolled = await comm.ops.mutate(
        ENROL, {"contestId": contest["id"], "repId": await comm.user("rep1@dealdesk.example")}
    )
    assert enrolled["userErrors"] == []
    started = datetime.now(UTC) - timedelta(days=1)
    async with comm.demo.sessions.begin() as session:  # as if it had started yesterday
        await session.execute(text("UPDATE contests SET starts_at = :s"), {"s": started})
        for row in (await session.scalars(select(Contest))).all():
            await refresh_contest_totals(session, row)

    async def score() -> Decimal:
        board = (await comm.ops.data(BOARD, {"id": contest["id"]}))["contest"]["standings"]
        return Decimal(board[0]["score"])

    before = await score()
    won = await comm.won(("SVC-INST", 2), day="2026-11-02")
    assert await score() == before + Decimal(won["netTotal"]["amount"])

    cancelled = await comm.rep.mutate(REVERSE, at_version(won, kind="CANCELLED"))

    assert cancelled["userErrors"] == []
    assert await score() == before
    assert await _drift(comm) == []
