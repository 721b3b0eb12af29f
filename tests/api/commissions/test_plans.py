"""Plans, their versions and assignments: OPS and FINANCE maintain them; overlaps are typed
errors."""

from __future__ import annotations

from tests.api.commissions.conftest import (
    ASSIGN,
    CREATE_PLAN,
    REVISE_PLAN,
    Commissions,
    amounts,
    base,
    tiers,
)


async def revise(
    comm: Commissions, plan: dict, start: str, components: list[dict], **extra: object
) -> dict:
    return await comm.ops.mutate(
        REVISE_PLAN,
        {
            "id": plan["id"],
            "version": plan["version"],
            "effectiveFrom": start,
            "components": components,
            **extra,
        },
    )


async def test_ops_creates_a_plan_with_one_typed_input_per_component(comm: Commissions) -> None:
    training = await comm.demo.product("SVC-TRN")

    plan = await comm.plan(
        [
            base("15"),
            {
                "productRate": {
                    "label": "Services 20%",
                    "ratePercent": "20",
                    "families": ["Services"],
                }
            },
            {
                "rateModifier": {
                    "label": "Deep discount",
                    "measure": "DISCOUNT",
                    "multiplier": "0.5",
                    "abovePercent": "30",
                }
            },
            {"timingAccelerator": {"label": "Quarter end", "multiplier": "1.2", "days": 14}},
            {
                "segmentIncentive": {
                    "label": "Enterprise",
                    "segments": ["Enterprise"],
                    "amountPerDeal": "100",
                }
            },
            tiers("MARGINAL", gatePercent="50"),
            {"payoutCap": {"label": "Cap", "maxPayout": "50000"}},
            {
                "spif": {
                    "label": "Training",
                    "windowStart": "2026-10-01",
                    "windowEnd": "2026-12-31",
                    "target": "10",
                    "productIds": [training],
                    "award": {"kind": "CASH", "value": "1000", "description": "Bonus"},
                }
            },
        ]
    )

    assert [c["__typename"] for c in plan["versions"][0]["components"]] == [
        "BaseRateComponent",
        "ProductRateComponent",
        "RateModifierComponent",
        "TimingAcceleratorComponent",
        "SegmentIncentiveComponent",
        "QuotaTiersComponent",
        "PayoutCapComponent",
        "SpifComponent",
    ]
    assert (plan["periodKind"], plan["versions"][0]["effectiveTo"]) == ("QUARTER", None)


async def test_a_component_input_sets_exactly_one_kind_and_bad_rules_are_invalid_plans(
    comm: Commissions,
) -> None:
    both = {
        "baseRate": {"label": "A", "ratePercent": "10"},
        "payoutCap": {"label": "B", "maxPayout": "1"},
    }
    tiers_out_of_order = {
        "quotaTiers": {
            "label": "T",
            "mode": "MARGINAL",
            "tiers": [{"name": "A", "floorPercent": "50", "multiplier": "1"}],
        }
    }

    two = await comm.ops.data(
        CREATE_PLAN,
        {
            "input": {
                "name": "X",
                "currency": "USD",
                "effectiveFrom": "2026-01-01",
                "components": [both],
            }
        },
    )
    bad = await comm.ops.data(
        CREATE_PLAN,
        {
            "input": {
                "name": "Y",
                "currency": "USD",
                "effectiveFrom": "2026-01-01",
                "components": [tiers_out_of_order],
            }
        },
    )

    assert [(e["code"], e["field"]) for e in two["createCommissionPlan"]["userErrors"]] == [
        ("INVALID", ["input", "components", "0"])
    ]
    assert [e["code"] for e in bad["createCommissionPlan"]["userErrors"]] == ["INVALID_PLAN"]
    assert (await comm.ops.data("{ commissionPlans { totalCount } }"))["commissionPlans"][
        "totalCount"
    ] == 0


async def test_a_revision_ends_the_previous_version_the_day_before_it_starts(
    comm: Commissions,
) -> None:
    plan = await comm.plan([base("10")])

    revised = await revise(comm, plan, "2026-10-01", [base("20")])

    assert revised["userErrors"] == []
    assert [
        (v["number"], v["effectiveFrom"], v["effectiveTo"]) for v in revised["plan"]["versions"]
    ] == [
        (1, "2026-01-01", "2026-09-30"),
        (2, "2026-10-01", None),
    ]
    assert revised["plan"]["version"] == plan["version"] + 1


async def test_each_deal_is_rated_with_the_version_in_force_on_its_date(comm: Commissions) -> None:
    plan = await comm.plan([base("10")])
    await comm.assign(plan)
    await revise(comm, plan, "2026-10-01", [base("20")])

    september = await comm.estimate(("SVC-INST", 1), day="2026-09-15")
    november = await comm.estimate(("SVC-INST", 1), day="2026-11-15")

    assert amounts(september) == {"base": "140.00"}
    assert amounts(november) == {"base": "280.00"}


async def test_overlapping_plan_versions_are_refused_and_nothing_is_written(
    comm: Commissions,
) -> None:
    plan = await comm.plan([base("10")], start="2026-04-01")
    revised = (await revise(comm, plan, "2026-10-01", [base("20")]))["plan"]

    before_first = await revise(comm, revised, "2026-03-01", [base("30")], effectiveTo="2026-05-31")
    same_start = await revise(comm, revised, "2026-10-01", [base("30")])
    unchanged = (
        await comm.ops.data(
            "query($id: ID!) { node(id: $id) { ... on CommissionPlan { version versions { number } } } }",
            {"id": plan["id"]},
        )
    )["node"]

    assert [e["code"] for e in before_first["userErrors"]] == ["OVERLAPPING_VERSIONS"]
    assert [e["code"] for e in same_start["userErrors"]] == ["OVERLAPPING_VERSIONS"]
    assert unchanged == {"version": revised["version"], "versions": [{"number": 1}, {"number": 2}]}


async def test_a_stale_plan_version_is_a_conflict(comm: Commissions) -> None:
    plan = await comm.plan([base("10")])
    await revise(comm, plan, "2026-07-01", [base("20")])

    stale = await revise(comm, plan, "2026-10-01", [base("30")])

    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]


async def test_overlapping_assignments_of_a_rep_are_refused(comm: Commissions) -> None:
    first = await comm.plan([base("10")], name="Plan A")
    second = await comm.plan([base("20")], name="Plan B")
    await comm.assign(first, start="2026-01-01", end="2026-06-30")

    overlapping = await comm.ops.data(
        ASSIGN,
        {
            "input": {
                "repId": await comm.user("rep1@dealdesk.example"),
                "planId": second["id"],
                "start": "2026-06-01",
                "quota": "1000",
            }
        },
    )
    after = await comm.ops.data(
        ASSIGN,
        {
            "input": {
                "repId": await comm.user("rep1@dealdesk.example"),
                "planId": second["id"],
                "start": "2026-07-01",
                "quota": "1000",
            }
        },
    )

    assert [e["code"] for e in overlapping["assignCommissionPlan"]["userErrors"]] == [
        "OVERLAPPING_ASSIGNMENTS"
    ]
    assert after["assignCommissionPlan"]["userErrors"] == []


async def test_reps_cannot_maintain_plans_and_see_only_their_own(comm: Commissions) -> None:
    mine = await comm.plan([base("10")], name="Mine")
    other = await comm.plan([base("10")], name="Other")
    await comm.assign(mine)

    refused = await comm.rep(
        CREATE_PLAN,
        {
            "input": {
                "name": "Z",
                "currency": "USD",
                "effectiveFrom": "2026-01-01",
                "components": [base()],
            }
        },
    )
    node = "query($id: ID!) { node(id: $id) { ... on CommissionPlan { name } } }"

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await comm.rep.data(node, {"id": mine["id"]}))["node"] == {"name": "Mine"}
    assert (await comm.rep.data(node, {"id": other["id"]}))["node"] is None
