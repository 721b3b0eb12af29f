"""A later return of a sale made in a quarter split across two assignments, through the API: the
return stands on the part of the sale's own assignment (its plan's unit table, the units sold
under it), not on the part of the rep's latest assignment.

Both plans pay 20.00 per installation day (SVC-INST) and 30.00 from the 5th day of the period
on (tier "5+", MARGINAL). rep1 is on plan A to Nov 15 and on plan B from Nov 16. Q4 2026: 3
days won on Nov 2 and 4 on Nov 5 under A (7 days), 12 days on Dec 1 under B. 3 of the Nov 5
days come back after Q4 closed: the clawback lands on Jan 1 (Q1 2027, on plan B).

A return landing under another plan is rated with its sale's table and mode, not the landing
plan's (``test_a_return_under_another_plan_takes_back_what_its_sale_was_paid``).
"""

from __future__ import annotations

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_cumulative_unit_returns_api import (
    clawed_units,
    three_back_after_q4,
    three_then_four_days,
)
from tests.api.commissions.test_fixed_amounts_and_currencies import (
    components,
    rep_statement,
    units,
    win,
)

REP1 = "rep1@dealdesk.example"


async def days_on_a_then_b(comm: Commissions, twelve_won_on: str) -> dict:
    """Both plans pay 20.00 per installation day and 30.00 from the 5th day of the period on
    (tier "5+", MARGINAL); rep1 on A to Nov 15, on B from Nov 16. 3 days won on Nov 2 and 4
    on Nov 5 under A, 12 on ``twelve_won_on`` under B: the 4-day quote."""
    install = await comm.demo.product("SVC-INST")
    table = units(install, tierMode="MARGINAL", amountPerDeal="0")
    await comm.plan_change([base("0"), table], [base("0"), table], switch="2026-11-16")
    four = await three_then_four_days(comm)
    await win(comm, ("SVC-INST", 12), day=twelve_won_on, currency="USD")
    return four


async def test_a_return_walks_down_the_part_of_its_own_assignment(comm: Commissions) -> None:
    four = await days_on_a_then_b(comm, "2026-12-01")
    sold, back = await three_back_after_q4(comm, four)
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)
    clawed = clawed_units(statement)

    assert back["userErrors"] == []
    # by hand, A's part: days 1-5 at 20, 6-7 at 30 = 160; B's part: 5 x 20 + 7 x 30 = 310
    assert sold == "470.00"
    # back: A's part walks 7 -> 4 (2 days at 30, 1 at 20 = 80), not B's 12 -> 9 (3 x 30 = 90)
    assert clawed == [
        ("", "20.00", "-1.000000", "-20.00"),
        ("5+", "30.00", "-2.000000", "-60.00"),
    ]
    assert components(statement)[("units", "UNIT_AMOUNT")] == "-80.00"


async def test_a_return_under_another_plan_takes_back_what_its_sale_was_paid(
    comm: Commissions,
) -> None:
    """Plan A pays 20.00 per installation day and 30.00 from the 5th day of the quarter on
    (MARGINAL); plan B pays 50.00 a day, 70.00 a day on a line of 10 days or more (LINE).
    rep1 is on A to Dec 31, 2026 and on B from Jan 1, 2027. Q4 2026: 3 days won on Nov 2
    and 4 on Nov 5 under A. 3 of the Nov 5 days come back after Q4 closed: the clawback
    lands on Jan 1 (Q1 2027, on plan B) and is rated with A's table, not B's."""
    install = await comm.demo.product("SVC-INST")
    on_a = units(install, tierMode="MARGINAL", amountPerDeal="0")
    on_b = units(
        install,
        amountPerUnit="50",
        tiers=[{"name": "10+", "minQuantity": "10", "amountPerUnit": "70"}],
        amountPerDeal="0",
    )
    await comm.plan_change([base("0"), on_a], [base("0"), on_b], switch="2027-01-01")
    sold, back = await three_back_after_q4(comm, await three_then_four_days(comm))
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)

    assert back["userErrors"] == []
    # by hand, on A: days 1-3 at 20 = 60; days 4-5 at 20 = 40 and days 6-7 at 30 = 60
    assert sold == "160.00"
    # back, on A's table: Q4 walks 7 -> 4, 2 days at 30 and 1 at 20 = 80 (on B's table the
    # 3 days of a 4-day line would have been 3 x 50 = 150)
    assert clawed_units(statement) == [
        ("", "20.00", "-1.000000", "-20.00"),
        ("5+", "30.00", "-2.000000", "-60.00"),
    ]
    assert components(statement)[("units", "UNIT_AMOUNT")] == "-80.00"
    assert statement["earnedTotal"]["amount"] == "-80.00"
