"""Commission figures have business ranges: out of range is INVALID with the field path,
nothing saved.

A rate above 100 % only where the component raises its ``maxRatePercent`` (at
most 1000 %); multipliers 0–10×; attainment 0–1000 %; windows up to 366 days or
12 months; split shares above 0 and at most 100 %.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.api.commissions.conftest import SET_SPLITS, Commissions
from tests.api.conftest import at_version

PLAN_FIELDS = "plan { name versions { components { __typename ... on BaseRateComponent { ratePercent maxRatePercent } } } }"
CREATE = f"mutation($input: CreateCommissionPlanInput!) {{ createCommissionPlan(input: $input) {{ {PLAN_FIELDS} userErrors {{ code field message }} }} }}"


def plan(*components: dict[str, Any], name: str = "Bounded") -> dict[str, Any]:
    return {
        "input": {
            "name": name,
            "currency": "USD",
            "effectiveFrom": "2026-01-01",
            "components": list(components),
        }
    }


async def plan_count(comm: Commissions) -> int:
    async with comm.demo.sessions() as session:
        return int(
            (await session.execute(text("SELECT count(*) FROM commission_plans"))).scalar_one()
        )


CASES = [
    ({"baseRate": {"label": "b", "ratePercent": "150"}}, ["baseRate", "ratePercent"]),
    ({"baseRate": {"label": "b", "ratePercent": "-1"}}, ["baseRate", "ratePercent"]),
    (
        {"baseRate": {"label": "b", "ratePercent": "250", "maxRatePercent": "200"}},
        ["baseRate", "ratePercent"],
    ),
    (
        {"baseRate": {"label": "b", "ratePercent": "10", "maxRatePercent": "5000"}},
        ["baseRate", "maxRatePercent"],
    ),
    ({"baseRate": {"label": "b", "ratePercent": "10.123456"}}, ["baseRate", "ratePercent"]),
    (
        {"productRate": {"label": "p", "ratePercent": "101", "families": ["Software"]}},
        ["productRate", "ratePercent"],
    ),
    (
        {
            "rateModifier": {
                "label": "m",
                "measure": "DISCOUNT",
                "multiplier": "11",
                "abovePercent": "20",
            }
        },
        ["rateModifier", "multiplier"],
    ),
    (
        {
            "rateModifier": {
                "label": "m",
                "measure": "DISCOUNT",
                "multiplier": "0.5",
                "abovePercent": "999",
            }
        },
        ["rateModifier", "abovePercent"],
    ),
    (
        {"timingAccelerator": {"label": "t", "multiplier": "1.5", "days": 2147483647}},
        ["timingAccelerator", "days"],
    ),
    (
        {"timingAccelerator": {"label": "t", "multiplier": "1.5", "months": -2147483648}},
        ["timingAccelerator", "months"],
    ),
    (
        {"segmentIncentive": {"label": "s", "segments": ["SMB"], "extraRatePercent": "500"}},
        ["segmentIncentive", "extraRatePercent"],
    ),
    (
        {
            "quotaTiers": {
                "label": "q",
                "mode": "MARGINAL",
                "tiers": [
                    {"name": "A", "floorPercent": "0", "multiplier": "1"},
                    {"name": "B", "floorPercent": "5000", "multiplier": "2"},
                ],
            }
        },
        ["quotaTiers", "tiers", "1", "floorPercent"],
    ),
    (
        {
            "quotaTiers": {
                "label": "q",
                "mode": "MARGINAL",
                "tiers": [{"name": "A", "floorPercent": "0", "multiplier": "100"}],
            }
        },
        ["quotaTiers", "tiers", "0", "multiplier"],
    ),
    (
        {
            "quotaTiers": {
                "label": "q",
                "mode": "MARGINAL",
                "tiers": [{"name": "A", "floorPercent": "0", "multiplier": "1"}],
                "maxAttainmentPercent": "0",
            }
        },
        ["quotaTiers", "maxAttainmentPercent"],
    ),
    ({"payoutCap": {"label": "c", "maxPayout": "-5"}}, ["payoutCap", "maxPayout"]),
]


async def test_out_of_range_plan_figures_are_invalid_with_the_field_path(comm: Commissions) -> None:
    before = await plan_count(comm)

    for index, (component, path) in enumerate(CASES):
        result = (await comm.ops.data(CREATE, plan(component, name=f"Bounded {index}")))[
            "createCommissionPlan"
        ]

        assert result["plan"] is None, component
        assert result["userErrors"][0]["code"] == "INVALID", (component, result["userErrors"])
        assert result["userErrors"][0]["field"] == ["input", "components", "0", *path], (
            component,
            result["userErrors"],
        )

    assert await plan_count(comm) == before


async def test_a_rate_above_100_percent_needs_the_component_to_allow_it(comm: Commissions) -> None:
    allowed = {"baseRate": {"label": "Launch bonus", "ratePercent": "150", "maxRatePercent": "200"}}

    result = (await comm.ops.data(CREATE, plan(allowed)))["createCommissionPlan"]

    assert result["userErrors"] == []
    component = result["plan"]["versions"][0]["components"][0]
    assert component == {
        "__typename": "BaseRateComponent",
        "ratePercent": "150.0000",
        "maxRatePercent": "200.0000",
    }


async def test_a_plan_within_bounds_pays_and_estimates(comm: Commissions) -> None:
    await comm.on_plan(
        [{"baseRate": {"label": "Base", "ratePercent": "12.5", "componentId": "base"}}]
    )

    estimate = await comm.estimate(("SUP-BAS", 1), day="2026-11-20")

    assert estimate["amount"] == {"amount": "37.50", "currency": "USD"}  # 12.5 % of 300.00


async def test_a_split_share_out_of_range_is_invalid_and_nothing_changes(comm: Commissions) -> None:
    quote = await comm.quotes.create([await comm.quotes.line("SUP-BAS", 1)])
    rep = await comm.user("rep1@dealdesk.example")

    for share in ("150", "0", "-10", "33.33333"):
        change = at_version(quote, splits=[{"repId": rep, "sharePercent": share}])
        result = await comm.rep.mutate(SET_SPLITS, change)

        assert result["quote"] is None, share
        assert result["userErrors"][0]["code"] == "INVALID", (share, result)
        assert result["userErrors"][0]["field"] == ["input", "splits", "0", "sharePercent"]
