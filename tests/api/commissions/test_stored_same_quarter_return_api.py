"""A same-quarter return after a mid-quarter plan change, stored before such returns were stood
on their sale's part (its lines carry no sale rules), closed through the API: the close
re-derives it from its sale and takes back what the sale paid, as for one stored today.

Plan A pays 10 % of revenue, plan B 5 %. rep1 is on A to Nov 15, 2026 and on B from Nov 16.
4 installation days (SVC-INST, 1,400.00 a day: 5,600.00) won on Nov 5 under A; 3 of them
(4,200.00) come back on Dec 1, under B. The clawback's stored lines are then stripped of what
the reversal stood on them (as rows written before it did), and Q4 closes.
"""

from __future__ import annotations

from sqlalchemy import select, text

from db.models.commissions import CommissionCredit
from tests.api.commissions.conftest import Commissions
from tests.api.commissions.test_fixed_amounts_and_currencies import components, rep_statement
from tests.api.commissions.test_partial_quantity_returns_api import return_units
from tests.api.commissions.test_return_in_assignment_gap_api import ten_then_five


async def _as_stored_before(comm: Commissions) -> int:
    """Every clawback's lines without ``units_standing``; how many lines carried it (the
    ledger is append-only: its guard is set aside for this one transaction)."""
    stripped = 0
    async with comm.demo.sessions() as session, session.begin():
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        rows = await session.scalars(
            select(CommissionCredit).where(CommissionCredit.reverses_id.is_not(None))
        )
        for row in rows:
            lines = [dict(line) for line in row.lines]
            stripped += sum(1 for line in lines if line.get("units_standing") is not None)
            row.lines = [{**line, "units_standing": None} for line in lines]
    return stripped


async def test_a_stored_unstood_same_quarter_return_closes_at_its_sales_rate(
    comm: Commissions,
) -> None:
    four = await ten_then_five(comm, a_end="2026-11-15", b_start="2026-11-16", sold_on="2026-11-05")
    back = await return_units(comm, four, "2026-12-01", 3)
    assert back["userErrors"] == []
    assert await _as_stored_before(comm) == 1
    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)

    # by hand: A's part pays 10 % of 5,600.00 = 560.00; B's part takes back 10 % of 4,200.00 =
    # 420.00 (B's 5 %, 210.00, before the close re-derived it): 140.00
    assert components(statement)[("base", "BASE_RATE")] == "140.00"
    assert statement["earnedTotal"]["amount"] == "140.00"
