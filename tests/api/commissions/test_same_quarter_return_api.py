"""A return in the same quarter as its sale, after a mid-quarter plan change, through the API:
it takes back what its sale was paid, at the sale's rate, not at the plan in force on the day
it lands.

Plan A pays 10 % of revenue, plan B 5 %. rep1 is on A to Nov 15, 2026 and on B from Nov 16.
Q4 2026: 4 installation days (SVC-INST, 1,400.00 a day: 5,600.00) won on Nov 5 under A; 3 of
them (4,200.00) come back on Dec 1, in the same quarter, under B. Q4 then closes.
"""

from __future__ import annotations

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_cumulative_unit_returns_api import clawed_units
from tests.api.commissions.test_fixed_amounts_and_currencies import (
    components,
    rep_statement,
    win,
)
from tests.api.commissions.test_partial_quantity_returns_api import return_units
from tests.api.commissions.test_return_sale_rates_api import base_rate_details
from tests.api.commissions.test_split_period_returns_api import days_on_a_then_b

REP1 = "rep1@dealdesk.example"


async def test_a_return_after_a_mid_quarter_plan_change_comes_back_at_its_sales_rate(
    comm: Commissions,
) -> None:
    await comm.plan_change([base("10")], [base("5")], switch="2026-11-16")
    four = (await win(comm, ("SVC-INST", 4), day="2026-11-05", currency="USD"))["quote"]
    back = await return_units(comm, four, "2026-12-01", 3)
    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)

    assert back["userErrors"] == []
    # by hand: A's part pays 10 % of 4 x 1,400.00 = 560.00; B's part takes back 10 % of the 3
    # days returned, 3 x 1,400.00 = 4,200.00: 420.00 (B's 5 % would take back 210.00, leaving
    # 210.00 of the returned days' commission paid): 560.00 - 420.00 = 140.00
    assert components(statement)[("base", "BASE_RATE")] == "140.00"
    assert statement["earnedTotal"]["amount"] == "140.00"
    assert sorted(await base_rate_details(comm, q4)) == [
        ("10.0000", "-4200.00", "-420.00"),
        ("10.0000", "5600.00", "560.00"),
    ]


async def test_days_returned_after_the_switch_walk_down_the_sales_part(comm: Commissions) -> None:
    """``days_on_a_then_b``, the 12 days won on Nov 20; 3 of the Nov 5 days come back on Dec 1
    (in Q4, under B)."""
    four = await days_on_a_then_b(comm, "2026-11-20")
    back = await return_units(comm, four, "2026-12-01", 3)
    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)

    assert back["userErrors"] == []
    # by hand, A's part: days 1-5 at 20, 6-7 at 30 = 160; B's part: 5 x 20 + 7 x 30 = 310;
    # back: A's part walks 7 -> 4 (2 days at 30, 1 at 20 = 80), not B's 12 -> 9 (3 x 30 = 90)
    assert clawed_units(statement) == [
        ("", "20.00", "-1.000000", "-20.00"),
        ("5+", "30.00", "-2.000000", "-60.00"),
    ]
    assert components(statement)[("units", "UNIT_AMOUNT")] == "390.00"  # 160 + 310 - 80


async def test_a_later_return_counts_the_days_returned_after_the_switch(comm: Commissions) -> None:
    """``days_on_a_then_b``, the 12 days won on Nov 20; 1 of the Nov 5 days comes back on Dec 1
    (in Q4, under B), then Q4 closes and 2 more come back (landing on Jan 1, Q1 2027): they
    walk A's part on from where the first return left it."""
    four = await days_on_a_then_b(comm, "2026-11-20")
    first = await return_units(comm, four, "2026-12-01", 1)
    q4 = await comm.closed_period("2026-11-10")
    in_q4 = clawed_units(await rep_statement(comm, q4))
    then = await return_units(comm, four, "2026-12-01", 2)
    q1 = await comm.closed_period("2027-01-10")

    assert first["userErrors"] == [] and then["userErrors"] == []
    # by hand: A's part walks 7 -> 6 in Q4 (day 7 at 30), then 6 -> 4 in Q1 (day 6 at 30, day 5
    # at 20 = 50; from 7, as if the first day were still sold, 2 x 30 = 60)
    assert in_q4 == [("5+", "30.00", "-1.000000", "-30.00")]
    assert clawed_units(await rep_statement(comm, q1)) == [
        ("", "20.00", "-1.000000", "-20.00"),
        ("5+", "30.00", "-1.000000", "-30.00"),
    ]
