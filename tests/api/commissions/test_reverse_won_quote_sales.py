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


async def test_units_returned_in_part_leave_the_units_and_revenue_kpis_then_the_rest(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("15")])
    before = await _kpis(comm)
    won = await comm.won(("SVC-INST", 6), ("SUP-BAS", 1), ("SVC-TRN", 2), day="2026-11-02")
    after_win = await _kpis(comm)
    line = _net(won, "L1")
    node = "query($id: ID!) { node(id: $id) { ... on Quote { id version } } }"

    async def reverse(**given: Any) -> dict[str, Any]:
        current = (await comm.rep.data(node, {"id": won["id"]}))["node"]
        done = await comm.rep.mutate(REVERSE, at_version(current, kind="RETURNED", **given))
        assert done["userErrors"] == []
        return done

    # 2 of L1's 6 days come back: 2 units and 2/6 of L1's revenue, in the same transaction
    await reverse(returnedUnits=[{"key": "L1", "quantity": "2"}])
    two = await _kpis(comm)
    two_days = (line * 2 / 6).quantize(Decimal("0.01"))
    assert two["SALES"] == after_win["SALES"] and two["CUSTOMERS"] == after_win["CUSTOMERS"]
    assert two["SALES_UNITS"] == after_win["SALES_UNITS"] - 2  # type: ignore[operator]
    assert two["REVENUE"] == after_win["REVENUE"] - two_days  # type: ignore[operator]
    assert await _drift(comm) == []

    # the rest of L1 as a whole line: only its 4 days left, and what is left of its revenue
    await reverse(lineKeys=["L1"])
    rest = await _kpis(comm)
    assert rest["SALES_UNITS"] == after_win["SALES_UNITS"] - 6  # type: ignore[operator]
    assert rest["REVENUE"] == after_win["REVENUE"] - line  # type: ignore[operator]
    assert rest["SALES"] == after_win["SALES"]
    assert await _drift(comm) == []

    # L1 again with L2: L1 is gone already, so only L2's unit and revenue leave
    await reverse(lineKeys=["L1", "L2"])
    both = await _kpis(comm)
    assert both["SALES_UNITS"] == after_win["SALES_UNITS"] - 7  # type: ignore[operator]
    assert both["REVENUE"] == after_win["REVENUE"] - line - _net(won, "L2")  # type: ignore[operator]
    assert await _drift(comm) == []

    # the last line's units returned in part complete the reversal: the sale is gone
    done = await reverse(returnedUnits=[{"key": "L3", "quantity": "2"}])
    assert done["quote"] == {"status": "LOST"}
    assert await _kpis(comm) == before
    assert await _drift(comm) == []
