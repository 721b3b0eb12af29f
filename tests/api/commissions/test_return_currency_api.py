"""A return landing under a plan paying in another currency than its sale's, through the API:
the sale's fixed amounts come back converted into the landing plan's currency, at the rates
that converted the returned revenue (the deal's currency to each plan's, on the close day),
and rounded once there.

Plan A pays in dollars: 10 % of revenue, 20.00 per installation day (SVC-INST) and 100.00
per deal selling installation. Plan B pays in euros and nothing of its own (0 %). rep1 is on
A to Dec 31, 2026 and on B from Jan 1, 2027. OPS set one dollar at 0.9137 euro from Jan 1,
2026. Q4 2026: 4 installation days (1,400.00 a day, 5,600.00, a dollar deal) won on Nov 5
under A. Q4 closes; days come back, landing on Jan 1 (Q1 2027, on B, in euros).
"""

from __future__ import annotations

from typing import Any

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_fixed_amounts_and_currencies import (
    SET_RATE,
    components,
    rep_statement,
    units,
    win,
)
from tests.api.commissions.test_partial_quantity_returns_api import return_units

REP1 = "rep1@dealdesk.example"
UNIT_LINES = """query($period: ID) { commissionStatements(periodId: $period) { edges { node {
  rep { email } currency lines { details { componentId kind fixedAmount { amount currency }
  quantity amount { amount } } } } } } }"""


async def _sold_under_dollars_then_euros(comm: Commissions) -> tuple[dict[str, Any], dict]:
    install = await comm.demo.product("SVC-INST")
    rate = {"fromCurrency": "USD", "toCurrency": "EUR", "rate": "0.9137"}
    set_ = await comm.ops.data(SET_RATE, {"input": {**rate, "validFrom": "2026-01-01"}})
    assert set_["setExchangeRate"]["userErrors"] == []
    plan_a = await comm.plan([base("10"), units(install, tiers=[])], name="Plan A")
    plan_b = await comm.plan([base("0")], name="Plan B", currency="EUR")
    await comm.assign(plan_a, REP1, end="2026-12-31")
    await comm.assign(plan_b, REP1, start="2027-01-01")
    four = (await win(comm, ("SVC-INST", 4), day="2026-11-05", currency="USD"))["quote"]
    q4 = await comm.closed_period("2026-11-10")
    return four, await rep_statement(comm, q4)


async def _unit_details(comm: Commissions, period: dict[str, Any]) -> list[tuple[str, ...]]:
    data = await comm.finance.data(UNIT_LINES, {"period": period["id"]})
    [shown] = [e["node"] for e in data["commissionStatements"]["edges"]]
    assert shown["currency"] == "EUR"
    return sorted(
        (
            d["kind"],
            d["fixedAmount"]["amount"],
            d["fixedAmount"]["currency"],
            d["quantity"],
            d["amount"]["amount"],
        )
        for line in shown["lines"]
        for d in line["details"]
        if d["componentId"] == "units"
    )


async def test_dollar_days_returned_under_a_euro_plan_come_back_converted(
    comm: Commissions,
) -> None:
    four, sold = await _sold_under_dollars_then_euros(comm)
    back = await return_units(comm, four, "2026-12-01", 3)
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)

    assert back["userErrors"] == []
    # by hand, Q4 (dollars): 10 % of 5,600.00 = 560.00; 4 days x 20.00 = 80.00; one deal 100.00
    assert components(sold) == {
        ("base", "BASE_RATE"): "560.00",
        ("units", "UNIT_AMOUNT"): "80.00",
        ("units", "DEAL_AMOUNT"): "100.00",
    }
    # Q1 (euros): the 3 days' 4,200.00 dollars are 3,837.54 euros (x 0.9137), 10 % = 383.754
    # -> 383.75; each day's 20.00 dollars is 18.274 euros, 3 days 54.822 -> 54.82 (not 3 x 20
    # euros = 60.00: the dollar amounts counted as euros); the deal is not fully returned
    assert components(statement) == {
        ("base", "BASE_RATE"): "-383.75",
        ("units", "UNIT_AMOUNT"): "-54.82",
    }
    assert statement["earnedTotal"]["amount"] == "-438.57"
    # the sale's 480.00 dollars for those days are 438.576 euros: back to zero within a cent;
    # the line shows the converted amount per day (a unit price, not rounded)
    assert await _unit_details(comm, q1) == [
        ("UNIT_AMOUNT", "18.274", "EUR", "-3.000000", "-54.82"),
    ]


async def test_a_whole_dollar_deal_returned_under_a_euro_plan_takes_back_its_deal_amount(
    comm: Commissions,
) -> None:
    four, _ = await _sold_under_dollars_then_euros(comm)
    back = await return_units(comm, four, "2026-12-01", 4)
    q1 = await comm.closed_period("2027-01-10")
    statement = await rep_statement(comm, q1)

    assert back["userErrors"] == []
    # by hand (euros): 5,600.00 x 0.9137 = 5,116.72, 10 % = 511.672 -> 511.67; 4 days x 18.274
    # = 73.096 -> 73.10; the deal's 100.00 dollars = 91.37 euros
    assert components(statement) == {
        ("base", "BASE_RATE"): "-511.67",
        ("units", "UNIT_AMOUNT"): "-73.10",
        ("units", "DEAL_AMOUNT"): "-91.37",
    }
    assert statement["earnedTotal"]["amount"] == "-676.14"
