"""Quantity tiers chosen by the period's running units, through the API: a plan is created
with ``tierMode``, deals are won, the quarter is closed and its statement read, and each
figure is the one computed by hand below.

The plan pays 20.00 per installation day (SVC-INST) and 30.00 from the 5th day of the
period on (tier "5+" starts at 5 units). Three days are won on Nov 2 and four on Nov 5.
"""

from __future__ import annotations

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_fixed_amounts_and_currencies import (
    ESTIMATE,
    PLAN_COMPONENTS,
    components,
    rep_statement,
    units,
    win,
)


async def _quarter(comm: Commissions, mode: str) -> dict:
    install = await comm.demo.product("SVC-INST")
    plan = await comm.on_plan([base("0"), units(install, tierMode=mode, amountPerDeal="0")])
    shown = (await comm.ops.data(PLAN_COMPONENTS, {"id": plan["id"]}))["node"]
    assert shown["versions"][0]["components"][1]["__typename"] == "UnitAmountComponent"
    for day, days in (("2026-11-02", 3), ("2026-11-05", 4)):
        won = await win(comm, ("SVC-INST", days), day=day, currency="USD")
        assert won["userErrors"] == []
    return plan


async def test_marginal_unit_tiers_pay_the_days_beyond_the_fifth_at_the_higher_amount(
    comm: Commissions,
) -> None:
    await _quarter(comm, "MARGINAL")
    # an estimate of 2 more days: the period stands at 7, so both are beyond 5: 2 x 30
    payload = {
        "accountId": await comm.demo.account("Acme Manufacturing"),
        "lines": await comm.lines(("SVC-INST", 2)),
        "closeDate": "2026-11-20",
    }
    estimate = await comm.rep.mutate(ESTIMATE, payload)
    assert estimate["problems"] == []
    assert [
        (line["tier"], line["quantity"], line["amount"]["amount"])
        for line in estimate["lines"]
        if line["kind"] == "UNIT_AMOUNT"
    ] == [("5+", "2.000000", "60.00")]

    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)
    # by hand: Nov 2, days 1-3 at 20 = 60; Nov 5, days 4-5 at 20 = 40 and days 6-7 at 30 = 60
    assert components(statement)[("units", "UNIT_AMOUNT")] == "160.00"
    details = sorted(
        (d["tier"] or "", d["quantity"], d["amount"]["amount"])
        for line in statement["lines"]
        for d in line["details"]
        if d["kind"] == "UNIT_AMOUNT"
    )
    assert details == [
        ("", "2.000000", "40.00"),
        ("", "3.000000", "60.00"),
        ("5+", "2.000000", "60.00"),
    ]


async def test_retroactive_unit_tiers_re_rate_every_day_once_the_period_reaches_five(
    comm: Commissions,
) -> None:
    await _quarter(comm, "RETROACTIVE")
    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)
    # by hand: 7 days at 20 = 140 as credited, then the period's 7 days reached 5+: 7 x 10 more
    assert components(statement)[("units", "UNIT_AMOUNT")] == "210.00"
    period_lines = [line for line in statement["lines"] if line["kind"] == "PERIOD"]
    assert [
        (d["tier"], d["fixedAmount"]["amount"], d["quantity"], d["amount"]["amount"])
        for line in period_lines
        for d in line["details"]
    ] == [("5+", "10.00", "7.000000", "70.00")]


async def test_a_unit_tier_mode_is_shown_and_line_by_default(comm: Commissions) -> None:
    install = await comm.demo.product("SVC-INST")
    plan = await comm.on_plan([base("10"), units(install, tierMode="MARGINAL")])
    shown = await comm.ops.data(
        "query($id: ID!) { node(id: $id) { ... on CommissionPlan { versions { components {"
        " ... on UnitAmountComponent { tierMode } } } } } }",
        {"id": plan["id"]},
    )
    assert shown["node"]["versions"][0]["components"][1] == {"tierMode": "MARGINAL"}
    default = await comm.plan([base("10"), units(install)], name="Line plan")
    shown = await comm.ops.data(
        "query($id: ID!) { node(id: $id) { ... on CommissionPlan { versions { components {"
        " ... on UnitAmountComponent { tierMode } } } } } }",
        {"id": default["id"]},
    )
    assert shown["node"]["versions"][0]["components"][1] == {"tierMode": "LINE"}
