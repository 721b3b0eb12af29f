"""``myCommissions``: period to date, tiers, SPIFs and pipeline from the stored state; a
manager's team."""

from __future__ import annotations

from typing import Any

import pytest

import commissions
from services.commissions import kept_estimates
from tests.api.commissions.conftest import SET_SPLITS, Commissions, base, ten_trainings, tiers
from tests.api.conftest import at_version
from tests.api.quotes.conftest import LINES

DASHBOARD = """query($day: Date) { myCommissions(asOf: $day) {
  rep { email } period { label } currency quota { amount } earned { amount } creditedRevenue { amount }
  attainmentPercent tier { name } nextTier { current { name } next { name } revenueNeeded { amount } }
  spifs { componentId progress target reached awardDescription }
  openPipeline { amount } openQuoteCount problems { code }
  team { rep { email } earned { amount } attainmentPercent problems { code } }
} }"""


async def plan_with_tiers_and_spif(comm: Commissions) -> None:
    training = await comm.demo.product("SVC-TRN")
    plan = await comm.plan([base("10"), tiers("MARGINAL"), ten_trainings(training, "Trip")])
    for email in ("rep1@dealdesk.example", "rep2@dealdesk.example"):
        await comm.assign(plan, email, quota="10000")


async def test_my_commissions_shows_earned_attainment_next_tier_spifs_and_open_pipeline(
    comm: Commissions,
) -> None:
    await plan_with_tiers_and_spif(comm)
    await comm.won(("SVC-INST", 5), day="2026-11-02")  # 7,000
    await comm.won(("SVC-TRN", 2), day="2026-11-03")  # 4,500: 11,500 in all
    await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])  # open: 1,400

    summary = (await comm.rep.data(DASHBOARD, {"day": "2026-11-20"}))["myCommissions"]

    # 10,000 x 10 % + 1,500 above quota x 10 % x 1.5 = 1,225; the open quote, all above quota:
    # 1,400 x 10 % x 1.5
    assert summary["earned"] == {"amount": "1225.00"}
    assert (summary["attainmentPercent"], summary["tier"], summary["quota"]) == (
        "115.00",
        {"name": "Accelerator"},
        {"amount": "10000.00"},
    )
    assert summary["nextTier"] == {
        "current": {"name": "Accelerator"},
        "next": None,
        "revenueNeeded": None,
    }
    assert summary["spifs"] == [
        {
            "componentId": "spif",
            "progress": "2.000000",
            "target": "10.000000",
            "reached": False,
            "awardDescription": "Trip",
        }
    ]
    assert (summary["openPipeline"], summary["openQuoteCount"]) == ({"amount": "210.00"}, 1)
    assert summary["team"] == []


async def test_the_next_tier_says_how_much_revenue_is_still_needed(comm: Commissions) -> None:
    await plan_with_tiers_and_spif(comm)
    await comm.won(("SVC-INST", 5), day="2026-11-02")  # 7,000 of 10,000

    summary = (await comm.rep.data(DASHBOARD, {"day": "2026-11-20"}))["myCommissions"]

    assert summary["nextTier"] == {
        "current": {"name": "Base"},
        "next": {"name": "Accelerator"},
        "revenueNeeded": {"amount": "3000.00"},
    }


async def test_a_manager_sees_the_team_and_a_rep_without_a_plan_says_why(comm: Commissions) -> None:
    await plan_with_tiers_and_spif(comm)
    await comm.won(("SVC-INST", 1), day="2026-11-02")
    manager = await comm.demo.sign_in("east.manager@dealdesk.example")

    summary = (await manager.data(DASHBOARD, {"day": "2026-11-20"}))["myCommissions"]

    team = {m["rep"]["email"]: m for m in summary["team"]}
    assert summary["problems"] == [{"code": "ASSIGNMENT_NOT_ACTIVE"}]
    assert set(team) == {f"rep{i}@dealdesk.example" for i in range(1, 5)}
    assert team["rep1@dealdesk.example"]["earned"] == {"amount": "140.00"}
    assert team["rep2@dealdesk.example"]["earned"] == {"amount": "0.00"}
    assert team["rep3@dealdesk.example"]["problems"] == [{"code": "ASSIGNMENT_NOT_ACTIVE"}]


async def test_the_dashboard_costs_the_same_statements_for_one_open_quote_or_many(
    comm: Commissions, statements
) -> None:  # type: ignore[no-untyped-def]
    await plan_with_tiers_and_spif(comm)
    await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])
    await comm.rep.data(DASHBOARD, {"day": "2026-11-20"})  # builds and saves the state once
    statements.count = 0
    await comm.rep.data(DASHBOARD, {"day": "2026-11-20"})
    one = statements.count
    for _ in range(4):
        await comm.quotes.create(
            [await comm.quotes.line("SVC-INST", 2), await comm.quotes.line("SUP-BAS", 1)]
        )
    statements.count = 0
    many = (await comm.rep.data(DASHBOARD, {"day": "2026-11-20"}))["myCommissions"]

    assert statements.count == one
    assert many["openQuoteCount"] == 5


async def test_the_open_pipeline_kept_between_requests_follows_every_input(
    comm: Commissions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Estimates are kept per process (``services.commissions.kept_estimates``): the same
    request is not estimated again, and a change to the deal, the rep's state or the splits
    gives the figure a fresh estimate gives."""
    await plan_with_tiers_and_spif(comm)
    quote = await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])  # 1,400
    estimated: list[str] = []
    real = commissions.estimate_deal

    def counted(*args: Any, **kwargs: Any) -> commissions.Estimate:
        estimated.append(args[1].deal_id)
        return real(*args, **kwargs)

    monkeypatch.setattr(commissions, "estimate_deal", counted)

    async def pipeline(fresh: bool = False) -> str:
        if fresh:
            kept_estimates.clear()
        summary = (await comm.rep.data(DASHBOARD, {"day": "2026-11-20"}))["myCommissions"]
        return str(summary["openPipeline"]["amount"])

    assert await pipeline() == "140.00"  # 1,400 x 10 %
    before = len(estimated)
    assert await pipeline() == "140.00"
    assert len(estimated) == before  # kept

    added = {"add": [await comm.quotes.line("SVC-INST", 1)]}
    result = await comm.rep.data(LINES, {"input": at_version(quote, **added)})
    quote = result["updateQuoteLines"]["quote"]
    assert await pipeline() == "280.00" == await pipeline(fresh=True)  # the deal: 2,800

    await comm.won(("SVC-INST", 5), day="2026-11-02")  # 7,000
    await comm.won(("SVC-TRN", 2), day="2026-11-03")  # 4,500: 11,500 of 10,000 in all
    assert await pipeline() == "420.00" == await pipeline(fresh=True)  # the state: x 1.5

    rep1 = await comm.user("rep1@dealdesk.example")
    rep2 = await comm.user("rep2@dealdesk.example")
    halves = [{"repId": rep1, "sharePercent": "50"}, {"repId": rep2, "sharePercent": "50"}]
    await comm.rep.succeeded(
        SET_SPLITS, {"input": at_version(quote, splits=halves)}, "setQuoteSplits"
    )
    assert await pipeline() == "210.00" == await pipeline(fresh=True)  # the splits: half
