"""Issue 15's budgets: ``estimateCommission`` in at most ten SQL statements and
``myCommissions`` in at most six, the same count however many lines the deal has and however
many credits the rep's period holds (the stored period state stands for them)."""

from __future__ import annotations

from decimal import Decimal

from tests.api.commissions.conftest import ESTIMATE, Commissions, base
from tests.api.commissions.test_estimate_statements import DAY, PRODUCTS
from tests.api.commissions.test_my_commissions import DASHBOARD, plan_with_tiers_and_spif

ESTIMATE_BUDGET = 10
DASHBOARD_BUDGET = 6


async def test_an_estimate_stays_within_ten_statements_whatever_the_lines_and_credits(
    comm: Commissions, statements
) -> None:  # type: ignore[no-untyped-def]
    await comm.on_plan([base("15")])
    await comm.won(("SVC-INST", 1), day="2026-11-02")
    account = await comm.demo.account("Acme Manufacturing")
    five = await comm.lines(*((sku, 1) for sku in PRODUCTS))
    twenty = await comm.lines(*((sku, 1 + n % 3) for n in range(4) for sku in PRODUCTS))

    counts, amounts = [], []
    later_wins = ("2026-11-03", "2026-11-04", "2026-11-05")
    for lines, wins_before in ((five, ()), (twenty, later_wins)):
        for day in wins_before:
            await comm.won(("SW-ANL", 10), day=day)
        statements.count = 0
        answer = await comm.rep.mutate(
            ESTIMATE, {"accountId": account, "lines": lines, "closeDate": DAY}
        )
        counts.append(statements.count)
        assert answer["problems"] == []
        amounts.append(Decimal(answer["amount"]["amount"]))

    assert counts[0] == counts[1] <= ESTIMATE_BUDGET
    assert amounts[1] > amounts[0] > 0


async def test_the_dashboard_stays_within_six_statements_once_the_state_is_stored(
    comm: Commissions, statements
) -> None:  # type: ignore[no-untyped-def]
    await plan_with_tiers_and_spif(comm)
    await comm.won(("SVC-INST", 1), day="2026-11-02")  # crediting stores the period state
    await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])
    statements.count = 0
    first = (await comm.rep.data(DASHBOARD, {"day": DAY}))["myCommissions"]
    one = statements.count
    await comm.won(("SUP-BAS", 2), day="2026-11-03")
    for _ in range(3):
        await comm.quotes.create([await comm.quotes.line("SUP-BAS", 1)])
    statements.count = 0
    later = (await comm.rep.data(DASHBOARD, {"day": DAY}))["myCommissions"]

    assert statements.count == one <= DASHBOARD_BUDGET
    assert (first["openQuoteCount"], later["openQuoteCount"]) == (1, 4)
    assert Decimal(later["earned"]["amount"]) > Decimal(first["earned"]["amount"]) > 0
