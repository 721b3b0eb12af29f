"""``estimateCommission`` and ``Quote.commissionEstimate``: every component, hand-computed.

Prices at Acme Manufacturing: SVC-INST 1,400.00, SUP-BAS 300.00, SW-ANL 36.00, SVC-TRN 2,250.00.
"""

from __future__ import annotations

from tests.api.commissions.conftest import (
    QUOTE_ESTIMATE,
    Commissions,
    amounts,
    base,
    product_rate,
    ten_trainings,
    tiers,
)


async def test_the_base_rate_pays_15_percent_of_the_deal(comm: Commissions) -> None:
    await comm.on_plan([base("15")])

    estimate = await comm.estimate(("SVC-INST", 2), day="2026-11-20")

    assert estimate["amount"] == {"amount": "420.00", "currency": "USD"}  # 2,800 x 15 %
    assert estimate["lines"] == [
        {
            "componentId": "base",
            "kind": "BASE_RATE",
            "label": "Base 15%",
            "amount": {"amount": "420.00"},
            "base": {"amount": "2800.00"},
            "ratePercent": "15.0000",
            "multiplier": None,
            "tier": None,
            "lineKeys": ["L1"],
        }
    ]
    assert estimate["period"] == {"label": "FY2026-Q4"}


async def test_product_x_pays_20_percent_and_a_de_emphasised_product_5_percent(
    comm: Commissions,
) -> None:
    x, low = await comm.demo.product("SVC-INST"), await comm.demo.product("SUP-BAS")
    await comm.on_plan(
        [
            base("15"),
            product_rate("x", "Installation 20%", "20", x),
            product_rate("low", "Basic support 5%", "5", low),
        ]
    )

    estimate = await comm.estimate(
        ("SVC-INST", 1), ("SUP-BAS", 2), ("SW-ANL", 10), day="2026-11-20"
    )

    # 1,400 x 20 % = 280; 600 x 5 % = 30; 360 x 15 % = 54
    assert amounts(estimate) == {"x": "280.00", "low": "30.00", "base": "54.00"}
    assert estimate["amount"]["amount"] == "364.00"


async def test_a_segment_incentive_adds_a_rate_and_an_amount_per_enterprise_deal(
    comm: Commissions,
) -> None:
    await comm.on_plan(
        [
            base("15"),
            {
                "segmentIncentive": {
                    "label": "Enterprise",
                    "segments": ["ENTERPRISE"],
                    "extraRatePercent": "2",
                    "amountPerDeal": "100",
                    "componentId": "ent",
                }
            },
        ]
    )

    enterprise = await comm.estimate(("SVC-INST", 2), day="2026-11-20")
    mid_market = await comm.estimate(("SVC-INST", 2), day="2026-11-20", account="Cyberdyne Systems")

    assert amounts(enterprise) == {"base": "420.00", "ent": "156.00"}  # 2,800 x 2 % + 100
    assert amounts(mid_market) == {"base": "420.00"}


async def test_deals_closed_in_the_last_two_weeks_of_the_quarter_earn_1_2_times(
    comm: Commissions,
) -> None:
    await comm.on_plan(
        [
            base("15"),
            {
                "timingAccelerator": {
                    "label": "Quarter-end x1.2",
                    "multiplier": "1.2",
                    "days": 14,
                    "componentId": "qend",
                }
            },
        ]
    )

    early = await comm.estimate(("SVC-INST", 2), day="2026-12-17")
    late = await comm.estimate(("SVC-INST", 2), day="2026-12-18")

    assert amounts(early) == {"base": "420.00"}
    assert amounts(late) == {"base": "420.00", "qend": "84.00"}  # 420 x 0.2 more
    assert late["amount"]["amount"] == "504.00"


async def test_a_spif_of_ten_units_awards_its_trip_once_when_a_deal_reaches_the_target(
    comm: Commissions,
) -> None:
    training = await comm.demo.product("SVC-TRN")
    await comm.on_plan([base("10"), ten_trainings(training, "Team trip to Lisbon")])
    await comm.won(("SVC-TRN", 6), day="2026-11-02")

    reaching = await comm.estimate(("SVC-TRN", 4), day="2026-11-20")
    await comm.won(("SVC-TRN", 4), day="2026-11-03")
    beyond = await comm.estimate(("SVC-TRN", 5), day="2026-11-20")

    assert reaching["spifProgress"] == [
        {
            "componentId": "spif",
            "before": "6.000000",
            "after": "10.000000",
            "target": "10.000000",
            "reached": True,
        }
    ]
    assert reaching["awards"] == [
        {
            "componentId": "spif",
            "kind": "NON_CASH",
            "value": {"amount": "5000.00"},
            "description": "Team trip to Lisbon",
        }
    ]
    assert reaching["amount"]["amount"] == "900.00"  # the trip is not cash: 4 x 2,250 x 10 %
    assert (
        beyond["spifProgress"][0]["before"] == "10.000000"
        and beyond["spifProgress"][0]["reached"] is False
    )
    assert beyond["awards"] == []


async def test_marginal_tiers_accelerate_only_the_revenue_above_the_tier_edge(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("10"), tiers("MARGINAL")], quota="10000")
    await comm.won(("SVC-INST", 6), day="2026-11-02")  # 8,400: 84 % of quota

    estimate = await comm.estimate(("SVC-INST", 3), day="2026-11-20")  # 4,200 more

    # 4,200 x 10 % = 420; the 2,600 above quota earn x1.5: 260 x 0.5 = 130 more
    assert amounts(estimate) == {"base": "420.00", "tiers": "130.00"}
    tier_line = next(line for line in estimate["lines"] if line["componentId"] == "tiers")
    assert (tier_line["tier"], tier_line["multiplier"], tier_line["base"]) == (
        "Accelerator",
        "1.500000",
        {"amount": "260.00"},
    )
    assert (estimate["attainmentBeforePercent"], estimate["attainmentAfterPercent"]) == (
        "84.00",
        "126.00",
    )
    assert estimate["tierBefore"] == {"name": "Base"}
    assert estimate["tierAfter"] == {
        "name": "Accelerator",
        "floorPercent": "100.0000",
        "multiplier": "1.500000",
    }


async def test_retroactive_tiers_rerate_the_whole_period_once_the_edge_is_crossed(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("10"), tiers("RETROACTIVE")], quota="10000")
    await comm.won(("SVC-INST", 6), day="2026-11-02")  # 8,400 earned 840 at x1

    estimate = await comm.estimate(("SVC-INST", 3), day="2026-11-20")

    # the deal's own 420, then the whole period (840 + 420) re-rated at x1.5: 630 more
    assert amounts(estimate) == {"base": "420.00", "tiers": "630.00"}
    assert estimate["amount"]["amount"] == "1050.00"


async def test_the_estimate_is_deterministic_and_a_saved_quote_estimates_like_its_lines(
    comm: Commissions,
) -> None:
    x = await comm.demo.product("SVC-INST")
    await comm.on_plan(
        [
            base("15"),
            product_rate("x", "Installation 20%", "20", x),
            tiers("MARGINAL"),
        ],
        quota="15000",
    )
    await comm.won(("SW-ANL", 100), day="2026-11-02")
    quote = await comm.quotes.create(
        [await comm.quotes.line("SVC-INST", 10), await comm.quotes.line("SUP-BAS", 3)]
    )

    what_if = await comm.estimate(("SVC-INST", 10), ("SUP-BAS", 3), day="2026-11-20")
    again = await comm.estimate(("SVC-INST", 10), ("SUP-BAS", 3), day="2026-11-20")
    saved = (await comm.rep.data(QUOTE_ESTIMATE, {"id": quote["id"], "day": "2026-11-20"}))["node"][
        "commissionEstimate"
    ]

    assert what_if == again
    assert saved == what_if
    # 14,000 x 20 % + 900 x 15 % = 2,935; on top of 3,240 credited (100 SW-ANL), 3,140 of it is
    # above the 15,000 quota: (2,800 x 2,240 / 14,000 + 135) x 0.5 = 291.50 more
    assert what_if["amount"]["amount"] == "3226.50"


async def test_an_estimate_reads_the_stored_period_state_not_every_credit(
    comm: Commissions, statements
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from db.models.commissions import CommissionPeriodState

    await comm.on_plan([base("15")])
    await comm.won(("SVC-INST", 1), day="2026-11-02")
    statements.count = 0
    first = await comm.estimate(("SVC-INST", 2), day="2026-11-20")
    with_one_credit = statements.count
    for day in ("2026-11-03", "2026-11-04", "2026-11-05"):
        await comm.won(("SVC-INST", 1), day=day)
    statements.count = 0
    later = await comm.estimate(("SVC-INST", 2), day="2026-11-20")

    assert statements.count == with_one_credit
    assert first["amount"] == later["amount"] and later["attainmentBeforePercent"] == "5.60"
    async with comm.demo.sessions() as session:
        stored = (await session.scalars(select(CommissionPeriodState))).all()
    assert [(s.credit_count, s.state["credit_count"]) for s in stored] == [
        (4, 4)
    ]  # rep1's Q4, kept current


async def test_an_estimate_for_a_rep_without_a_plan_says_why(comm: Commissions) -> None:
    estimate = await comm.estimate(("SVC-INST", 2), day="2026-11-20")

    assert estimate["amount"] is None
    assert [p["code"] for p in estimate["problems"]] == ["ASSIGNMENT_NOT_ACTIVE"]
