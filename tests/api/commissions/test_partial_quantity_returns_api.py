"""Returning some units of a won line through the API (``reverseWonQuote.returnedUnits``):
each returned unit claws back what a unit of the line earned, at the quantity tier of the
sale; the line's last units take back exactly what is left; the deal amount goes with the
last line. Bad input is a typed error and saves nothing.

The plan pays 10 % on revenue and, for installation days (SVC-INST), 20.00 a day, 30.00 a
day for every day of a line of 5 days or more, and 100.00 per deal.
"""

from __future__ import annotations

from decimal import Decimal

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_fixed_amounts_and_currencies import (
    CREDITS,
    cents,
    components,
    net,
    rep_statement,
    units,
    win,
)
from tests.api.commissions.test_periods_and_statements import REVERSE
from tests.api.conftest import at_version

QUOTE = "query($id: ID!) { node(id: $id) { ... on Quote { id version status } } }"


async def _return(comm: Commissions, quote: dict, day: str, **given) -> dict:
    current = (await comm.rep.data(QUOTE, {"id": quote["id"]}))["node"]
    return await comm.rep.mutate(
        REVERSE, at_version(current, kind="RETURNED", reversalDate=day, **given)
    )


async def return_units(comm: Commissions, quote: dict, day: str, units: int) -> dict:
    """``units`` of ``quote``'s line L1 returned on ``day``: the reversal's payload."""
    return await _return(comm, quote, day, returnedUnits=[{"key": "L1", "quantity": str(units)}])


async def _clawbacks(comm: Commissions, quote: dict) -> list[dict]:
    found = (await comm.rep.data(CREDITS, {"quote": quote["id"]}))["commissionCredits"]
    return [e["node"] for e in found["edges"] if e["node"]["clawback"]]


async def test_two_of_six_days_come_back_at_the_six_day_rate_then_the_rest(
    comm: Commissions,
) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("10"), units(install)])
    sold = (await win(comm, ("SVC-INST", 6), day="2026-11-02", currency="USD"))["quote"]
    q4 = await comm.closed_period("2026-11-10")
    line = net(sold, "L1")
    assert components(await rep_statement(comm, q4)) == {
        ("base", "BASE_RATE"): f"{cents(line / 10)}",
        ("units", "UNIT_AMOUNT"): "180.00",  # 6 x 30
        ("units", "DEAL_AMOUNT"): "100.00",
    }

    # 2 of the 6 days come back after Q4 closed (the clawback lands on Jan 1)
    two = await return_units(comm, sold, "2026-11-28", 2)
    assert two["userErrors"] == [] and two["quote"]["status"] == "WON"
    (claw,) = await _clawbacks(comm, sold)
    two_days = cents(line * 2 / 6)  # the line's revenue, pro rata, to the cent
    assert claw["amount"]["amount"] == f"{-two_days}"
    # the last 4 days: exactly what is left of the line, and the deal goes with them
    rest = await return_units(comm, sold, "2026-12-01", 4)
    assert rest["userErrors"] == [] and rest["quote"]["status"] == "LOST"
    clawed = [Decimal(c["amount"]["amount"]) for c in await _clawbacks(comm, sold)]
    assert sorted(clawed) == sorted([-two_days, -(line - two_days)])

    q1 = await comm.closed_period("2027-01-01")
    # by hand: 2 x 30 + 4 x 30 back (the sale's 5+ tier, not 20 for a 2- or 4-day piece),
    # the deal's 100, and 10 % of each piece of revenue
    assert components(await rep_statement(comm, q1)) == {
        ("base", "BASE_RATE"): f"{-(cents(two_days / 10) + cents((line - two_days) / 10))}",
        ("units", "UNIT_AMOUNT"): "-180.00",
        ("units", "DEAL_AMOUNT"): "-100.00",
    }


async def test_units_returned_in_the_sales_quarter_are_never_paid(comm: Commissions) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("0"), units(install)])
    sold = (await win(comm, ("SVC-INST", 6), day="2026-11-02", currency="USD"))["quote"]
    returned = await return_units(comm, sold, "2026-11-20", 2)
    assert returned["userErrors"] == []
    q4 = await comm.closed_period("2026-11-10")
    # 4 days kept: below the 5-day tier, 4 x 20, and the deal's 100
    assert components(await rep_statement(comm, q4)) == {
        ("base", "BASE_RATE"): "0.00",
        ("units", "UNIT_AMOUNT"): "80.00",
        ("units", "DEAL_AMOUNT"): "100.00",
    }


async def test_bad_partial_returns_are_refused_and_save_nothing(comm: Commissions) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("10"), units(install)])
    sold = (await win(comm, ("SVC-INST", 6), day="2026-11-02", currency="USD"))["quote"]
    cases = [
        ({"returnedUnits": [{"key": "L1", "quantity": "7"}]}, "INVALID_STATE"),
        ({"returnedUnits": [{"key": "L1", "quantity": "0"}]}, "INVALID"),
        ({"returnedUnits": [{"key": "L9", "quantity": "1"}]}, "NOT_FOUND"),
        (
            {"lineKeys": ["L1"], "returnedUnits": [{"key": "L1", "quantity": "1"}]},
            "INVALID",
        ),
    ]
    for given, code in cases:
        refused = await _return(comm, sold, "2026-11-20", **given)
        assert [e["code"] for e in refused["userErrors"]] == [code], (given, refused)
        assert refused["quote"] is None
    assert await _clawbacks(comm, sold) == []
