"""The demo's performance side through the API: a month of activities on the reps' KPI
cards, a running contest with real standings, badges, onboarding and a forecast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette

from server.demo.org import DEMO_PASSWORD
from tests.api.conftest import LOGIN, Api, People
from tests.conftest import load_full_demo

CARD = """
query($on: Date) {
  myKpiCard(grain: MONTH, on: $on) {
    kpis { value target attainment metric { key } }
    profile { level standing }
  }
}
"""
TEAM_CALLS = """
query($team: ID!, $on: Date) {
  kpis(team: $team, metrics: ["CALLS"], grain: MONTH, on: $on) { repId value rank }
}
"""
CONTESTS = """
{ contests { name status standings { rank score participant { email } } } }
"""
FORECAST = """
{
  forecast(grain: QUARTER) {
    totals { slips }
    deals { repCategory managerCategory category quote { name } }
  }
}
"""
HOME = """
{ myBadges { level badge { key } } myOnboarding { done total completed } }
"""


async def _as(people: People, email: str) -> Api:
    """Signed in as the demo user ``email``."""
    login = await people.api.data(LOGIN, {"email": email, "password": DEMO_PASSWORD})
    return people.api.as_(login["login"]["session"]["accessToken"])


def _rep(n: int) -> str:
    return f"rep{n}@dealdesk.example"


async def test_the_demo_has_kpis_a_running_contest_badges_onboarding_and_a_forecast(
    app: Starlette, people: People
) -> None:
    await load_full_demo(app)  # `load_demo`'s rows, copied back (loaded once per database)
    # A day half a month back: its fiscal month holds at least a fortnight of the demo's.
    on = (datetime.now(UTC) - timedelta(days=15)).date().isoformat()
    top, east = await _as(people, _rep(5)), await _as(people, "east.manager@dealdesk.example")

    card = (await top.data(CARD, {"on": on}))["myKpiCard"]
    east_id = (await east.data("{ me { id } }"))["me"]["id"]
    calls = (await east.data(TEAM_CALLS, {"team": east_id, "on": on}))["kpis"]
    races = (await top.data(CONTESTS))["contests"]
    deals = [deal for row in (await east.data(FORECAST))["forecast"] for deal in row["deals"]]
    mine, new_hire = await _as(people, _rep(2)), await _as(people, _rep(8))
    slips = sum(row["totals"]["slips"] for row in (await mine.data(FORECAST))["forecast"])
    badges = (await mine.data(HOME))["myBadges"]
    onboarding = (await new_hire.data(HOME))["myOnboarding"]

    kpis: dict[str, dict[str, Any]] = {k["metric"]["key"]: k for k in card["kpis"]}
    assert Decimal(kpis["CALLS"]["value"]) > 0 and kpis["CALLS"]["target"] is not None
    assert all(Decimal(kpis[key]["value"]) > 0 for key in ("LEADS", "WORKED_HOURS", "CRM_USAGE"))
    assert all(level["standing"] != "NO_TARGETS" for level in card["profile"])
    assert len(calls) == 4 and all(Decimal(row["value"]) > 0 for row in calls)
    race = next(contest for contest in races if contest["status"] == "RUNNING")
    assert race["standings"] and Decimal(race["standings"][0]["score"]) > 0
    assert any(
        deal["managerCategory"] == "BEST_CASE" and deal["repCategory"] == "COMMIT" for deal in deals
    )
    assert slips == 1  # rep2's deal that slipped out of this quarter
    assert any(award["badge"]["key"] == "dialer" for award in badges)
    assert onboarding[0]["done"] == 3 and not onboarding[0]["completed"]
