"""A partial return in a later quarter under a cumulative unit table, through the API: the
clawback takes back what the returned days made their sale's quarter pay (that quarter walked
down, or re-rated), whatever the quarter it lands in holds; the sale's quarter plus the
clawback equals the plan applied to the days kept.

The plan pays 20.00 per installation day (SVC-INST) and 30.00 from the 5th day on (tier
"5+"). Q4: 3 days won on Nov 2 and 4 on Nov 5 (7 days); 3 of the 4 come back after Q4
closed, and 6 more days are won on the same day: both land on Jan 1 (Q4 is closed).
"""

from __future__ import annotations

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_fixed_amounts_and_currencies import (
    components,
    rep_statement,
    units,
    win,
)
from tests.api.commissions.test_partial_quantity_returns_api import return_units


async def three_then_four_days(comm: Commissions) -> dict:
    """rep1 wins 3 days of SVC-INST on Nov 2, 2026 and 4 on Nov 5; the 4-day quote."""
    await win(comm, ("SVC-INST", 3), day="2026-11-02", currency="USD")
    return (await win(comm, ("SVC-INST", 4), day="2026-11-05", currency="USD"))["quote"]


async def three_back_after_q4(comm: Commissions, four: dict) -> tuple[str, dict]:
    """Q4 2026 closed, then 3 of ``four``'s days returned on Dec 1 (landing in Q1 2027): what
    Q4's statement paid on the unit table, and the reversal's payload."""
    q4 = await comm.closed_period("2026-11-10")
    sold = components(await rep_statement(comm, q4))[("units", "UNIT_AMOUNT")]
    back = await return_units(comm, four, "2026-12-01", 3)
    return sold, back


async def _two_quarters(comm: Commissions, mode: str) -> tuple[str, list[tuple], str]:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("0"), units(install, tierMode=mode, amountPerDeal="0")])
    four = await three_then_four_days(comm)
    sold, back = await three_back_after_q4(comm, four)
    assert back["userErrors"] == []
    later = await win(comm, ("SVC-INST", 6), day="2026-12-01", currency="USD")
    assert later["userErrors"] == [], later
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)
    return sold, clawed_units(statement), components(statement)[("units", "UNIT_AMOUNT")]


def clawed_units(statement: dict) -> list[tuple]:
    """The statement's unit-table details taking back: (tier, per unit, units, amount)."""
    return sorted(
        (d["tier"] or "", d["fixedAmount"]["amount"], d["quantity"], d["amount"]["amount"])
        for line in statement["lines"]
        for d in line["details"]
        if d["kind"] == "UNIT_AMOUNT" and d["amount"]["amount"].startswith("-")
    )


async def test_marginal_days_come_back_walking_the_sale_quarter_down(comm: Commissions) -> None:
    sold, clawed, q1 = await _two_quarters(comm, "MARGINAL")
    # by hand: Nov 2, days 1-3 at 20 = 60; Nov 5, days 4-5 at 20 = 40 and days 6-7 at 30 = 60
    assert sold == "160.00"
    # back: Q4 walks 7 -> 4: 2 days at 30 and 1 day at 20 (= 160 - 4 x 20)
    assert clawed == [
        ("", "20.00", "-1.000000", "-20.00"),
        ("5+", "30.00", "-2.000000", "-60.00"),
    ]
    # Q1's own 6 days are not touched by the return: 5 x 20 + 1 x 30 = 130; 130 - 80
    assert q1 == "50.00"


async def test_retroactive_days_come_back_re_rating_the_sale_quarter(comm: Commissions) -> None:
    sold, clawed, q1 = await _two_quarters(comm, "RETROACTIVE")
    assert sold == "210.00"  # 7 days reached 5+: 7 x 30
    # back: Q4 falls from 7 days at 30 (210) to 4 days at 20 (80): 3 x 30 and 4 x 10
    assert clawed == [
        ("", "10.00", "-4.000000", "-40.00"),
        ("5+", "30.00", "-3.000000", "-90.00"),
    ]
    assert q1 == "50.00"  # Q1's 6 days reached 5+: 6 x 30 = 180; 180 - 130
