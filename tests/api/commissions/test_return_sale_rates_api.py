"""A return landing in a later quarter under another plan, through the API: it takes back what
its sale was paid, at the sale's rate, not at the landing plan's.

Plan A pays 10 % of revenue, plan B 5 %. rep1 is on A to Dec 31, 2026 and on B from Jan 1,
2027. Q4 2026: 4 installation days (SVC-INST, 1,400.00 a day: 5,600.00) won on Nov 5 under
A. Q4 closes; 3 of the days come back (4,200.00), landing on Jan 1 (Q1 2027, on B).
"""

from __future__ import annotations

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_fixed_amounts_and_currencies import components, rep_statement, win
from tests.api.commissions.test_partial_quantity_returns_api import return_units

REP1 = "rep1@dealdesk.example"
RATE_LINES = """query($period: ID) { commissionStatements(periodId: $period) { edges { node {
  rep { email } lines { details { kind ratePercent base { amount } amount { amount } } } } } } }"""


async def base_rate_details(comm: Commissions, period: dict) -> list[tuple[str, str, str]]:
    """The BASE_RATE details of the period's one statement, line by line: (rate %, base,
    amount)."""
    data = await comm.finance.data(RATE_LINES, {"period": period["id"]})
    [shown] = [e["node"] for e in data["commissionStatements"]["edges"]]
    return [
        (d["ratePercent"], d["base"]["amount"], d["amount"]["amount"])
        for line in shown["lines"]
        for d in line["details"]
        if d["kind"] == "BASE_RATE"
    ]


async def test_a_sale_paid_10_percent_comes_back_at_10_percent_under_a_5_percent_plan(
    comm: Commissions,
) -> None:
    await comm.plan_change([base("10")], [base("5")], switch="2027-01-01")
    four = (await win(comm, ("SVC-INST", 4), day="2026-11-05", currency="USD"))["quote"]
    q4 = await comm.closed_period("2026-11-10")
    sold = await rep_statement(comm, q4)
    back = await return_units(comm, four, "2026-12-01", 3)
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)

    assert back["userErrors"] == []
    # by hand: Q4 pays 10 % of 4 x 1,400.00 = 560.00
    assert components(sold)[("base", "BASE_RATE")] == "560.00"
    # Q1 takes back 10 % of the 3 days returned, 3 x 1,400.00 = 4,200.00: 420.00 (B's 5 % would
    # have taken back 210.00, leaving 210.00 of the returned days' commission paid)
    assert components(statement)[("base", "BASE_RATE")] == "-420.00"
    assert statement["earnedTotal"]["amount"] == "-420.00"
    assert await base_rate_details(comm, q1) == [("10.0000", "-4200.00", "-420.00")]
