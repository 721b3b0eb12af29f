"""A return dated while the rep holds no assignment (between two of them), through the API: the
clawback lands on the first day of the rep's next assignment (their next statement), and takes
back what the sale paid, at the sale's rules; it is never dropped.

Plan A pays 10 % of revenue, plan B 5 %. 4 installation days (SVC-INST, 1,400.00 a day:
5,600.00) are won under A; 3 of them (4,200.00) come back in the gap.
"""

from __future__ import annotations

from typing import Any

from tests.api.commissions.conftest import CREDITS, Commissions, base
from tests.api.commissions.test_fixed_amounts_and_currencies import components, rep_statement, win
from tests.api.commissions.test_partial_quantity_returns_api import return_units

REP1 = "rep1@dealdesk.example"


async def ten_then_five(comm: Commissions, *, a_end: str, b_start: str, sold_on: str) -> dict:
    """Plan A (10 %) and plan B (5 %); rep1 on A to ``a_end``, on B from ``b_start``; 4
    installation days won on ``sold_on``: the quote."""
    plan_a = await comm.plan([base("10")], name="Plan A")
    plan_b = await comm.plan([base("5")], name="Plan B")
    await comm.assign(plan_a, REP1, end=a_end)
    await comm.assign(plan_b, REP1, start=b_start)
    return (await win(comm, ("SVC-INST", 4), day=sold_on, currency="USD"))["quote"]


async def _clawback_dates(comm: Commissions, quote: dict[str, Any]) -> list[str]:
    found = (await comm.rep.data(CREDITS, {"quote": quote["id"]}))["commissionCredits"]
    return [e["node"]["creditDate"] for e in found["edges"] if e["node"]["clawback"]]


async def test_a_return_in_a_gap_inside_the_quarter_lands_on_the_next_assignment(
    comm: Commissions,
) -> None:
    """rep1 on A to Nov 10, 2026, on nothing Nov 11-20, on B from Nov 21. Sold Nov 5, 3 days
    back on Nov 15."""
    four = await ten_then_five(comm, a_end="2026-11-10", b_start="2026-11-21", sold_on="2026-11-05")
    back = await return_units(comm, four, "2026-11-15", 3)
    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)

    assert back["userErrors"] == []
    assert await _clawback_dates(comm, four) == ["2026-11-21"]  # B's first day
    # by hand: A's part pays 10 % of 5,600.00 = 560.00; B's part takes back 10 % of the
    # 4,200.00 returned (the sale's rate) = 420.00: 140.00 (the clawback used to be dropped)
    assert components(statement)[("base", "BASE_RATE")] == "140.00"
    assert statement["earnedTotal"]["amount"] == "140.00"


async def test_a_return_in_a_gap_of_a_whole_quarter_lands_on_the_next_quarter(
    comm: Commissions,
) -> None:
    """rep1 on A to Sep 30, 2026, on nothing in Q4, on B from Jan 1, 2027. Sold Aug 5 (Q3, which
    closes), 3 days back on Nov 15: Q4 has no statement for rep1, Q1 2027 takes it back."""
    four = await ten_then_five(comm, a_end="2026-09-30", b_start="2027-01-01", sold_on="2026-08-05")
    q3 = await comm.closed_period("2026-08-10")
    back = await return_units(comm, four, "2026-11-15", 3)
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)

    assert back["userErrors"] == []
    assert await _clawback_dates(comm, four) == ["2027-01-01"]
    # by hand: Q3 paid 560.00; Q1 takes back 10 % of 4,200.00 = 420.00 (not B's 5 %: 210.00)
    assert components(await rep_statement(comm, q3))[("base", "BASE_RATE")] == "560.00"
    assert components(statement)[("base", "BASE_RATE")] == "-420.00"


async def test_a_sale_won_in_the_gap_was_paid_nothing_and_its_return_takes_nothing(
    comm: Commissions,
) -> None:
    """rep1 on A to Nov 10, 2026, on nothing Nov 11-20, on B from Nov 21. 4 days won on Nov 15
    (no plan pays them), 3 back on Dec 1 under B."""
    four = await ten_then_five(comm, a_end="2026-11-10", b_start="2026-11-21", sold_on="2026-11-15")
    back = await return_units(comm, four, "2026-12-01", 3)
    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)

    assert back["userErrors"] == []
    assert back["quote"]["status"] == "WON"
    # by hand: the sale earned nothing (no assignment on Nov 15), so nothing comes back (B's 5 %
    # of the 4,200.00 returned, -210.00, used to be taken from pay never made)
    assert await _clawback_dates(comm, four) == []
    assert statement["earnedTotal"]["amount"] == "0.00"
