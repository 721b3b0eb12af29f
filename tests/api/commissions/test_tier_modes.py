"""Tier modes and tables through the API, hand-computed: a plan created, deals won, the period
closed, the statement read (or the deal estimated).

Prices at Acme Manufacturing: SVC-INST 1,400.00 a day. Q3 2026 is Jul 1 - Sep 30.
"""

from __future__ import annotations

from typing import Any

from tests.api.commissions.conftest import (
    CREATE_PLAN,
    Commissions,
    amounts,
    base,
)

TIERS_READ = """query($id: ID!) { node(id: $id) { ... on CommissionPlan { versions { components {
  ... on QuotaTiersComponent { mode basis boundary gate cap gatePercent maxAttainmentPercent
    tiers { name floorPercent start multiplier } } } } } } }"""
REP1 = "rep1@dealdesk.example"


def table(mode: str, *tiers: tuple[str, str, str], **options: Any) -> dict[str, Any]:
    """A tier table of (name, start, multiplier) in the table's unit."""
    return {
        "quotaTiers": {
            "label": "Tiers",
            "mode": mode,
            "componentId": "tiers",
            "tiers": [{"name": n, "start": s, "multiplier": m} for n, s, m in tiers],
            **options,
        }
    }


def tier_lines(estimate: dict) -> list[tuple[str, str, str]]:
    return [
        (line["tier"], line["multiplier"], line["amount"]["amount"])
        for line in estimate["lines"]
        if line["kind"] == "QUOTA_TIER"
    ]


async def statement_of(comm: Commissions, email: str = REP1) -> dict:
    """Q3 2026 opened, closed, and ``email``'s statement of it."""
    q3 = await comm.closed_period("2026-08-01")
    return next(s for s in await comm.statements(q3) if s["rep"]["email"] == email)


async def test_per_transaction_tiers_pay_each_deal_by_its_own_amount_without_a_quota(
    comm: Commissions,
) -> None:
    large = table("PER_TRANSACTION", ("Small", "0", "1"), ("Large", "3000", "2"), basis="AMOUNT")
    await comm.on_plan([base("10"), large], quota="0")
    await comm.won(("SVC-INST", 4), day="2026-09-01")  # 5,600
    await comm.won(("SVC-INST", 2), day="2026-09-10")  # 2,800: alone, under 3,000

    statement = await statement_of(comm)

    # 5,600: 3,000 x 10 % + 2,600 x 10 % x 2 = 300 + 520; 2,800 x 10 % = 280
    assert statement["earnedTotal"] == {"amount": "1100.00"}
    assert statement["attainmentPercent"] is None
    assert {c["componentId"]: c["amount"]["amount"] for c in statement["components"]} == {
        "base": "840.00",
        "tiers": "260.00",
    }
    assert sorted(
        (line["amount"]["amount"], [d["kind"] for d in line["details"]])
        for line in statement["lines"]
    ) == [("280.00", ["BASE_RATE"]), ("820.00", ["BASE_RATE", "QUOTA_TIER"])]


async def test_interpolated_tiers_move_the_multiplier_linearly_within_a_tier(
    comm: Commissions,
) -> None:
    linear = table(
        "INTERPOLATED", ("Base", "0", "1"), ("Accelerator", "100", "1.5"), ("Club", "200", "2")
    )
    await comm.on_plan([base("10"), linear], quota="10000")
    await comm.won(("SVC-INST", 5), day="2026-09-01")
    await comm.won(("SVC-INST", 5), day="2026-09-10")  # 14,000: 140 % of quota

    statement = await statement_of(comm)

    # 140 %: 1.5 + (2 - 1.5) x 0.4 = 1.7 on 1,400 of commission: 980 more
    assert statement["earnedTotal"] == {"amount": "2380.00"}
    assert (statement["attainmentPercent"], statement["tier"]) == ("140.00", "Accelerator")
    period_line = next(line for line in statement["lines"] if line["kind"] == "PERIOD")
    assert period_line["amount"] == {"amount": "980.00"}
    assert period_line["details"] == [
        {"componentId": "tiers", "kind": "QUOTA_TIER", "amount": {"amount": "980.00"}}
    ]


async def test_an_estimate_explains_an_interpolated_table(comm: Commissions) -> None:
    linear = table(
        "INTERPOLATED", ("Base", "0", "1"), ("Accelerator", "100", "1.5"), ("Club", "200", "2")
    )
    await comm.on_plan([base("10"), linear], quota="10000")
    await comm.won(("SVC-INST", 5), day="2026-11-02")  # 7,000: 70 %, x1.35

    estimate = await comm.estimate(("SVC-INST", 5), day="2026-11-20")

    # the deal's 700, then 1,400 x 0.7 = 980 replaces 700 x 0.35 = 245: 735 more
    assert amounts(estimate) == {"base": "700.00", "tiers": "735.00"}
    assert tier_lines(estimate) == [("Accelerator", "1.700000", "735.00")]
    assert estimate["tierAfter"] == {
        "name": "Accelerator",
        "floorPercent": "100.0000",
        "multiplier": "1.500000",
    }


async def test_a_table_in_units_multiplies_the_units_beyond_its_start(comm: Commissions) -> None:
    per_unit = table("MARGINAL", ("First", "0", "1"), ("Beyond", "3", "2"), basis="UNITS")
    await comm.on_plan([base("10"), per_unit], quota="0")

    estimate = await comm.estimate(("SVC-INST", 5), day="2026-11-20")

    # 700 of commission on 5 units; units 3-5 (two fifths) at x2: 280 more
    assert amounts(estimate) == {"base": "700.00", "tiers": "280.00"}
    assert tier_lines(estimate) == [("Beyond", "2.000000", "280.00")]


async def test_the_plan_decides_which_tier_an_amount_on_the_edge_is_paid_at(
    comm: Commissions,
) -> None:
    edge = [("Base", "0", "1"), ("Accelerator", "2800", "1.5")]
    lower = await comm.plan(
        [base("10"), table("RETROACTIVE", *edge, basis="AMOUNT", boundary="LOWER")]
    )
    upper = await comm.plan([base("10"), table("RETROACTIVE", *edge, basis="AMOUNT")], name="Up")
    await comm.assign(lower, REP1, quota="0", end="2026-09-30")
    await comm.assign(upper, REP1, quota="0", start="2026-10-01")

    on_lower = await comm.estimate(("SVC-INST", 2), day="2026-09-20")  # exactly 2,800
    on_upper = await comm.estimate(("SVC-INST", 2), day="2026-11-20")

    assert (on_lower["amount"]["amount"], on_lower["tierAfter"]["name"]) == ("280.00", "Base")
    assert (on_upper["amount"]["amount"], on_upper["tierAfter"]["name"]) == (
        "420.00",
        "Accelerator",
    )


async def test_a_plan_reads_back_its_table_in_the_table_s_unit(comm: Commissions) -> None:
    plan = await comm.plan(
        [
            base("10"),
            table(
                "PER_TRANSACTION",
                ("Small", "0", "1"),
                ("Large", "2500.5", "1.5"),
                basis="AMOUNT",
                boundary="LOWER",
                cap="10000",
            ),
        ]
    )

    data = await comm.ops.data(TIERS_READ, {"id": plan["id"]})

    component = data["node"]["versions"][0]["components"][1]
    assert component == {
        "mode": "PER_TRANSACTION",
        "basis": "AMOUNT",
        "boundary": "LOWER",
        "gate": None,
        "cap": "10000.000000",
        "gatePercent": None,
        "maxAttainmentPercent": None,
        "tiers": [
            {"name": "Small", "floorPercent": None, "start": "0.000000", "multiplier": "1.000000"},
            {
                "name": "Large",
                "floorPercent": None,
                "start": "2500.500000",
                "multiplier": "1.500000",
            },
        ],
    }


async def create(comm: Commissions, *components: dict) -> list[tuple[str, list[str]]]:
    payload = {
        "name": "Bad",
        "currency": "USD",
        "effectiveFrom": "2026-01-01",
        "components": list(components),
    }
    result = await comm.ops.data(CREATE_PLAN, {"input": payload})
    return [(e["code"], e["field"]) for e in result["createCommissionPlan"]["userErrors"]]


async def test_a_bad_table_is_a_typed_error_and_saves_nothing(comm: Commissions) -> None:
    two = [
        {"name": "A", "start": "0", "multiplier": "1"},
        {"name": "B", "start": "50", "multiplier": "2"},
    ]
    with_end = [{**two[0], "end": "40"}, two[1]]
    overlapping_end = [{**two[0], "end": "60"}, two[1]]
    quota_tiers = {"label": "T", "mode": "MARGINAL", "componentId": "tiers"}
    at = ["input", "components", "1"]

    gap = await create(comm, base("10"), {"quotaTiers": {**quota_tiers, "tiers": with_end}})
    overlap = await create(
        comm, base("10"), {"quotaTiers": {**quota_tiers, "tiers": overlapping_end}}
    )
    descending = await create(
        comm,
        base("10"),
        {
            "quotaTiers": {
                **quota_tiers,
                "tiers": [two[0], two[1], {**two[1], "name": "C", "start": "20"}],
            }
        },
    )
    starts_late = await create(
        comm, base("10"), {"quotaTiers": {**quota_tiers, "tiers": [{**two[1], "start": "5"}]}}
    )
    over_ceiling = await create(comm, base("60"), {"quotaTiers": {**quota_tiers, "tiers": two}})
    percent_on_amounts = await create(
        comm,
        base("10"),
        {"quotaTiers": {**quota_tiers, "basis": "AMOUNT", "tiers": two, "gatePercent": "50"}},
    )

    assert gap == [("INVALID_PLAN", [*at, "quotaTiers", "tiers", "0", "end"])]
    assert overlap == [("INVALID_PLAN", [*at, "quotaTiers", "tiers", "0", "end"])]
    assert descending == [("INVALID_PLAN", at)]
    assert starts_late == [("INVALID_PLAN", at)]
    assert over_ceiling == [("INVALID_PLAN", ["input", "components", "0"])]
    assert percent_on_amounts == [("INVALID", [*at, "quotaTiers", "gatePercent"])]
    assert (await comm.ops.data("{ commissionPlans { totalCount } }"))["commissionPlans"][
        "totalCount"
    ] == 0


async def test_a_rate_may_pass_100_percent_in_the_top_tier_only_when_its_ceiling_allows(
    comm: Commissions,
) -> None:
    raised = {"baseRate": {"label": "Base 60%", "ratePercent": "60", "maxRatePercent": "120"}}
    doubled = table("MARGINAL", ("Base", "0", "1"), ("Club", "100", "2"))

    plan = await comm.plan([raised, doubled])

    assert [c["__typename"] for c in plan["versions"][0]["components"]] == [
        "BaseRateComponent",
        "QuotaTiersComponent",
    ]


async def test_a_plan_without_quota_still_needs_one_for_an_attainment_table(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("10"), table("MARGINAL", ("Base", "0", "1"))], quota="0")

    estimate = await comm.estimate(("SVC-INST", 1), day="2026-11-20")

    assert [p["code"] for p in estimate["problems"]] == ["MISSING_QUOTA"]


async def test_an_estimate_explains_a_per_transaction_table_by_the_deal_alone(
    comm: Commissions,
) -> None:
    large = table("PER_TRANSACTION", ("Small", "0", "1"), ("Large", "3000", "2"), basis="AMOUNT")
    await comm.on_plan([base("10"), large], quota="0")
    await comm.won(("SVC-INST", 5), day="2026-11-02")  # 7,000 already in the quarter

    estimate = await comm.estimate(("SVC-INST", 4), day="2026-11-20")

    # the deal alone, from 0: 5,600 x 10 % = 560; its 2,600 above 3,000 at x2: 260 more
    # (on the quarter's running total of 7,000 all of it would be above: 560 more)
    assert amounts(estimate) == {"base": "560.00", "tiers": "260.00"}
    assert tier_lines(estimate) == [("Large", "2.000000", "260.00")]
