"""``estimateCommission`` runs a fixed number of SQL statements, however many lines propose
the same products.

The budget is today's count (pricing the lines takes twelve, the commission side nine, the
account and the rep one each): it may fall, never grow. Issue 15 aims at ten."""

from __future__ import annotations

from decimal import Decimal

from tests.api.commissions.conftest import ESTIMATE, Commissions, base

BUDGET = 23
DAY = "2026-11-20"
PRODUCTS = ("SVC-INST", "SW-ANL", "SUP-BAS", "SVC-TRN", "SSD-1T")


async def test_an_estimate_costs_the_same_statements_for_five_lines_or_twenty(
    comm: Commissions, statements
) -> None:  # type: ignore[no-untyped-def]
    await comm.on_plan([base("15")])
    await comm.won(("SVC-INST", 1), day="2026-11-02")
    await comm.estimate(("SVC-INST", 1), day=DAY)  # stores the period state once

    account = await comm.demo.account("Acme Manufacturing")
    five = await comm.lines(*((sku, 1) for sku in PRODUCTS))
    twenty = await comm.lines(*((sku, 1 + n % 3) for n in range(4) for sku in PRODUCTS))

    statements.count = 0
    one = await comm.rep.mutate(ESTIMATE, {"accountId": account, "lines": five, "closeDate": DAY})
    with_five_lines = statements.count
    statements.count = 0
    many = await comm.rep.mutate(
        ESTIMATE, {"accountId": account, "lines": twenty, "closeDate": DAY}
    )

    assert statements.count == with_five_lines <= BUDGET
    assert one["problems"] == [] and many["problems"] == []
    assert Decimal(many["amount"]["amount"]) > Decimal(one["amount"]["amount"]) > 0
