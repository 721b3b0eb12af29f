"""People who change, through the API, hand-computed: a rep moved from plan A to plan B in the
middle of Q1 2026, and a rep who leaves (final statement, clawback window).

Q1 2026 is Jan 1 - Mar 31: 90 days; days 1-45 are Jan 1 - Feb 14, days 46-90 Feb 15 - Mar 31.
SVC-INST is 1,400.00 a day at Acme Manufacturing.
"""

from __future__ import annotations

from tests.api.commissions.conftest import ERRORS, Commissions, base
from tests.api.commissions.test_periods_and_statements import REVERSE
from tests.api.commissions.test_tier_modes import REP1
from tests.api.conftest import at_version

PARTS = """assignmentParts { assignmentId start end days periodDays prorationFactor
  fullQuota { amount } quota { amount } attainmentPercent total { amount } tier leaving
  plan { name } }"""
STATEMENTS = f"""query($period: ID) {{ commissionStatements(periodId: $period) {{ edges {{ node {{
  rep {{ email }} final quota {{ amount }} attainmentPercent tier earnedTotal {{ amount }}
  salesTotal {{ amount }} clawbackTotal {{ amount }} periodTotal {{ amount }}
  lines {{ kind description amount {{ amount }} }} {PARTS} }} }} }} }}"""
END = f"""mutation($input: EndCommissionAssignmentInput!) {{ endCommissionAssignment(input: $input)
  {{ assignment {{ id start end }} {ERRORS} }} }}"""
ASSIGN = f"""mutation($input: AssignCommissionPlanInput!) {{ assignCommissionPlan(input: $input)
  {{ assignment {{ id }} {ERRORS} }} }}"""
ASSIGNMENT = "query($id: ID!) { node(id: $id) { ... on CommissionAssignment { start end } } }"
ACCELERATOR = {
    "quotaTiers": {
        "label": "Accelerator",
        "mode": "RETROACTIVE",
        "componentId": "tiers",
        "tiers": [
            {"name": "Base", "floorPercent": "0", "multiplier": "1"},
            {"name": "Accelerator", "floorPercent": "100", "multiplier": "1.5"},
        ],
    }
}


async def q1_statement(comm: Commissions, email: str = REP1) -> dict:
    q1 = await comm.closed_period("2026-02-01")
    data = await comm.finance.data(STATEMENTS, {"period": q1["id"]})
    return next(
        e["node"]
        for e in data["commissionStatements"]["edges"]
        if e["node"]["rep"]["email"] == email
    )


async def test_a_mid_quarter_move_from_plan_a_to_plan_b_prorates_quotas_by_days(
    comm: Commissions,
) -> None:
    plan_a = await comm.plan([base("10"), ACCELERATOR], name="Plan A")
    plan_b = await comm.plan([base("5")], name="Plan B")
    first = await comm.assign(plan_a, REP1, quota="9000", start="2026-01-01")
    ended = await comm.ops.succeeded(
        END, {"input": {"id": first["id"], "end": "2026-02-14"}}, "endCommissionAssignment"
    )
    assert ended["assignment"]["end"] == "2026-02-14"
    await comm.assign(plan_b, REP1, quota="12000", start="2026-02-15")  # the day after: fine
    await comm.won(("SVC-INST", 4), day="2026-01-20")  # 5,600 on plan A
    await comm.won(("SVC-INST", 2), day="2026-03-02")  # 2,800 on plan B

    # an estimate on plan B's days measures against B's prorated quota, as the statement will
    estimate = await comm.estimate(("SVC-INST", 1), day="2026-03-10")
    assert (estimate["amount"], estimate["attainmentBeforePercent"]) == (
        {"amount": "70.00", "currency": "USD"},
        "46.67",
    )

    statement = await q1_statement(comm)

    a, b = statement["assignmentParts"]
    # A: 9,000 x 45/90 = 4,500; 5,600 / 4,500 = 124.44 %: 10 % = 560, x1.5 retroactive = +280
    assert a == {
        "assignmentId": first["id"],
        "start": "2026-01-01",
        "end": "2026-02-14",
        "days": 45,
        "periodDays": 90,
        "prorationFactor": "0.500000",
        "fullQuota": {"amount": "9000.00"},
        "quota": {"amount": "4500.00"},
        "attainmentPercent": "124.44",
        "total": {"amount": "840.00"},
        "tier": "Accelerator",
        "leaving": False,
        "plan": {"name": "Plan A"},
    }
    # B: 12,000 x 45/90 = 6,000; 2,800 at 5 % = 140 (no tiers)
    assert (b["start"], b["end"], b["prorationFactor"], b["quota"], b["total"]) == (
        "2026-02-15",
        "2026-03-31",
        "0.500000",
        {"amount": "6000.00"},
        {"amount": "140.00"},
    )
    assert b["attainmentPercent"] == "46.67" and b["plan"] == {"name": "Plan B"}
    # together: 980.00 on a quota of 10,500 (8,400 sold: 80 %)
    assert statement["earnedTotal"] == {"amount": "980.00"}
    assert (statement["salesTotal"], statement["periodTotal"]) == (
        {"amount": "700.00"},
        {"amount": "280.00"},
    )
    assert statement["quota"] == {"amount": "10500.00"}
    assert statement["attainmentPercent"] == "80.00"
    assert statement["final"] is False
    assert [
        (x["kind"], x["description"], x["amount"]["amount"])
        for x in statement["lines"]
        if x["kind"] == "PERIOD"
    ] == [("PERIOD", "Accelerator (2026-01-01 to 2026-02-14)", "280.00")]


async def test_a_leaver_gets_a_final_statement_and_returns_claw_back_only_inside_the_window(
    comm: Commissions,
) -> None:
    plan = await comm.plan([base("10")], name="Leavers", clawbackWindowDays=30)
    assert plan is not None
    assignment = await comm.assign(plan, REP1, quota="9000", start="2026-01-01")
    await comm.ops.succeeded(
        END, {"input": {"id": assignment["id"], "end": "2026-02-14"}}, "endCommissionAssignment"
    )
    inside = await comm.won(("SVC-INST", 4), day="2026-01-20")  # 5,600: 560
    outside = await comm.won(("SVC-INST", 2), day="2026-01-25")  # 2,800: 280

    # the window runs through Mar 16 (30 days after Feb 14)
    kept = await comm.finance.mutate(
        REVERSE, at_version(inside, kind="RETURNED", reversalDate="2026-03-01")
    )
    late = await comm.finance.mutate(
        REVERSE, at_version(outside, kind="RETURNED", reversalDate="2026-03-20")
    )
    assert kept["userErrors"] == [] and late["userErrors"] == []
    # the rep's own clawback inside the window, none after it; their manager stays, so the
    # manager's roll-up clawback is written both times
    assert [c["amount"]["amount"] for c in kept["clawbacks"] if c["rep"]["email"] == REP1] == [
        "-5600.00"
    ]
    assert [c["rep"]["email"] for c in late["clawbacks"]] == ["east.manager@dealdesk.example"]
    assert late["quote"]["status"] == "LOST"

    statement = await q1_statement(comm)

    (part,) = statement["assignmentParts"]
    assert (part["end"], part["prorationFactor"], part["quota"], part["leaving"]) == (
        "2026-02-14",
        "0.500000",
        {"amount": "4500.00"},
        True,
    )
    assert statement["final"] is True
    # the first deal, sold and returned inside the window in the open quarter, pays nothing;
    # the second, returned after the window, keeps its 280
    assert statement["earnedTotal"] == {"amount": "280.00"}
    assert statement["clawbackTotal"] == {"amount": "0.00"}


async def test_bad_assignments_are_typed_errors_and_change_nothing(comm: Commissions) -> None:
    plan = await comm.plan([base("10")], name="Later plan", start="2026-02-01")
    rep = await comm.user(REP1)

    async def errors(query: str, payload: dict, name: str) -> list[tuple[str, list[str]]]:
        result = await comm.ops.mutate(query, payload)
        assert result.get("assignment") is None, name
        return [(e["code"], e["field"]) for e in result["userErrors"]]

    before_plan = {"repId": rep, "planId": plan["id"], "start": "2026-01-15", "quota": "1"}
    assert await errors(ASSIGN, before_plan, "before") == [("INVALID", ["input", "start"])]
    first = await comm.assign(plan, REP1, quota="9000", start="2026-02-01", end="2026-02-28")
    overlapping = {**before_plan, "start": "2026-02-20"}
    assert await errors(ASSIGN, overlapping, "overlap") == [
        ("OVERLAPPING_ASSIGNMENTS", ["input", "assignments", "new", "start"])
    ]
    second = await comm.assign(plan, REP1, quota="9000", start="2026-03-01")
    backwards = {"id": first["id"], "end": "2026-01-31"}
    assert await errors(END, backwards, "backwards") == [("INVALID", ["input", "end"])]
    into_next = {"id": first["id"], "end": "2026-03-05"}
    assert await errors(END, into_next, "into next") == [
        ("OVERLAPPING_ASSIGNMENTS", ["input", "end"])
    ]
    stored = await comm.ops.data(ASSIGNMENT, {"id": first["id"]})
    assert stored["node"] == {"start": "2026-02-01", "end": "2026-02-28"}
    assert second["end"] is None
    window = await comm.ops.mutate(
        "mutation($input: CreateCommissionPlanInput!) { createCommissionPlan(input: $input) "
        f"{{ plan {{ id }} {ERRORS} }} }}",
        {
            "name": "Bad window",
            "currency": "USD",
            "effectiveFrom": "2026-01-01",
            "components": [base("10")],
            "clawbackWindowDays": -1,
        },
    )
    assert [(e["code"], e["field"]) for e in window["userErrors"]] == [
        ("INVALID", ["input", "clawbackWindowDays"])
    ]


async def test_a_return_inside_the_window_after_the_final_statement_lands_on_a_trailing_one(
    comm: Commissions,
) -> None:
    plan = await comm.plan([base("10")], name="Leavers", clawbackWindowDays=60)
    await comm.assign(plan, REP1, quota="9000", start="2026-01-01", end="2026-02-14")
    sold = await comm.won(("SVC-INST", 4), day="2026-01-20")  # 5,600: 560
    kept = await comm.won(("SVC-INST", 2), day="2026-01-25")  # 2,800: 280

    final = await q1_statement(comm)
    assert (final["final"], final["earnedTotal"]) == (True, {"amount": "840.00"})

    # Mar 10 is inside the window (through Apr 15) but Q1 is closed: it lands on Apr 1;
    # Apr 20 is after the window: nothing is clawed back from the rep
    inside = await comm.finance.mutate(
        REVERSE, at_version(sold, kind="RETURNED", reversalDate="2026-03-10")
    )
    after = await comm.finance.mutate(
        REVERSE, at_version(kept, kind="RETURNED", reversalDate="2026-04-20")
    )
    assert [c["creditDate"] for c in inside["clawbacks"] if c["rep"]["email"] == REP1] == [
        "2026-04-01"
    ]
    assert [c for c in after["clawbacks"] if c["rep"]["email"] == REP1] == []
    q2 = await comm.closed_period("2026-05-01")
    data = await comm.finance.data(STATEMENTS, {"period": q2["id"]})
    (trailing,) = [
        e["node"]
        for e in data["commissionStatements"]["edges"]
        if e["node"]["rep"]["email"] == REP1
    ]
    assert trailing["earnedTotal"] == {"amount": "-560.00"}
    assert trailing["clawbackTotal"] == {"amount": "-560.00"}
    (part,) = trailing["assignmentParts"]
    assert (part["days"], part["prorationFactor"], part["quota"]) == (
        0,
        "0.000000",
        {"amount": "0.00"},
    )


SET_WINDOW = f"""mutation($input: SetCommissionPlanClawbackWindowInput!) {{
  setCommissionPlanClawbackWindow(input: $input) {{ plan {{ id version clawbackWindowDays }}
  {ERRORS} }} }}"""


async def test_a_plans_clawback_window_is_set_and_removed_at_its_version(
    comm: Commissions,
) -> None:
    plan = await comm.plan([base("10")], name="Windowless")
    set_ = await comm.ops.succeeded(
        SET_WINDOW,
        {"input": {"id": plan["id"], "version": plan["version"], "clawbackWindowDays": 45}},
        "setCommissionPlanClawbackWindow",
    )
    assert set_["plan"]["clawbackWindowDays"] == 45
    stale = await comm.ops.mutate(
        SET_WINDOW, {"id": plan["id"], "version": plan["version"], "clawbackWindowDays": 10}
    )
    too_long = await comm.ops.mutate(
        SET_WINDOW,
        {"id": plan["id"], "version": set_["plan"]["version"], "clawbackWindowDays": 3661},
    )
    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]
    assert [(e["code"], e["field"]) for e in too_long["userErrors"]] == [
        ("INVALID", ["input", "clawbackWindowDays"])
    ]
    removed = await comm.ops.succeeded(
        SET_WINDOW,
        {"input": {"id": plan["id"], "version": set_["plan"]["version"]}},
        "setCommissionPlanClawbackWindow",
    )
    assert removed["plan"]["clawbackWindowDays"] is None
