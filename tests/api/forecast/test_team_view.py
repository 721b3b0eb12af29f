"""``myTeam``: a manager sees each rep's KPI card, open pipeline, slips of the current
fiscal quarter and stale quotes, in as many statements for one rep as for three."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from strawberry.relay import from_base64

from db.models.users import Role
from tests.api.forecast.conftest import Team
from tests.api.performance.conftest import RECORD
from tests.conftest import StatementCounter

TALLY = "count amount { amount currency }"
MY_TEAM = f"""query($days: Int, $manager: ID) {{ myTeam(staleAfterDays: $days, manager: $manager) {{
  rep {{ email }} kpiCard {{ kpis {{ metric {{ key }} }} profile {{ level }} }}
  openPipeline {{ {TALLY} }} slipped {{ {TALLY} }}
  staleQuotes {{ daysSinceTouch quote {{ id }} }} }} }}"""
TODAY = datetime.now(UTC).date()


AGE_ACTIVITIES = """
DO $$ BEGIN
  SET LOCAL session_replication_role = replica;
  UPDATE activities SET occurred_at = occurred_at - make_interval(days => {days})
  WHERE quote_id = {id};
END $$;
"""


async def age(team: Team, quote: dict[str, Any], days: int) -> None:
    """The quote's history and the activities its events recorded, ``days`` older."""
    await team.age(quote, timedelta(days=days))
    async with team.demo.sessions() as session:
        key = int(from_base64(quote["id"])[1])
        await session.execute(text(AGE_ACTIVITIES.format(days=days, id=key)))
        await session.commit()


def by_email(members: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {m["rep"]["email"]: m for m in members}


async def my_team(api: Any, **variables: object) -> list[dict[str, Any]]:
    return (await api.data(MY_TEAM, variables))["myTeam"]


async def test_a_manager_sees_each_reps_pipeline_slips_and_stale_quotes(team: Team) -> None:
    fresh = await team.deal(TODAY.isoformat())
    slipped = await team.deal(TODAY.isoformat())
    await team.move(slipped, (TODAY + timedelta(days=120)).isoformat(), "Budget moved")
    old = await team.deal((TODAY + timedelta(days=200)).isoformat())
    await age(team, old, 20)

    members = by_email(await my_team(team.manager))

    rep1 = members["rep1@dealdesk.example"]
    amounts = [Decimal(q["netTotal"]["amount"]) for q in (fresh, slipped, old)]
    assert rep1["openPipeline"] == [
        {"count": 3, "amount": {"amount": str(sum(amounts)), "currency": "USD"}}
    ]
    assert rep1["slipped"] == [{"count": 1, "amount": slipped["netTotal"]}]
    assert rep1["staleQuotes"] == [{"daysSinceTouch": 20, "quote": {"id": old["id"]}}]
    assert rep1["kpiCard"]["kpis"] and rep1["kpiCard"]["profile"]
    rep2 = members["rep2@dealdesk.example"]
    assert (rep2["openPipeline"], rep2["slipped"], rep2["staleQuotes"]) == ([], [], [])


async def test_the_stale_threshold_is_the_argument(team: Team) -> None:
    old = await team.deal((TODAY + timedelta(days=200)).isoformat())
    await age(team, old, 20)

    assert (
        by_email(await my_team(team.manager, days=21))["rep1@dealdesk.example"]["staleQuotes"] == []
    )
    stale = by_email(await my_team(team.manager, days=20))["rep1@dealdesk.example"]
    assert [q["quote"]["id"] for q in stale["staleQuotes"]] == [old["id"]]


async def test_an_activity_naming_a_quote_touches_it(team: Team) -> None:
    old = await team.deal((TODAY + timedelta(days=200)).isoformat())
    await age(team, old, 20)
    when = (datetime.now(UTC) - timedelta(days=5)).isoformat()
    email = {"kind": "EMAIL", "occurredAt": when, "quoteId": old["id"]}

    recorded = await team.quotes.rep.mutate(RECORD, {"activities": [email]})

    assert recorded["userErrors"] == []
    rep1 = by_email(await my_team(team.manager, days=5))["rep1@dealdesk.example"]
    assert rep1["staleQuotes"] == [{"daysSinceTouch": 5, "quote": {"id": old["id"]}}]
    assert (
        by_email(await my_team(team.manager, days=6))["rep1@dealdesk.example"]["staleQuotes"] == []
    )


async def test_a_rep_is_refused_the_team_view(team: Team) -> None:
    body = await team.other_rep(MY_TEAM, {})

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_only_ops_and_admin_see_another_managers_team(team: Team) -> None:
    west = await team.user_id("west.manager@dealdesk.example")

    refused = await team.manager(MY_TEAM, {"manager": west})
    ops = await team.demo.people.sign_in(await team.demo.people.add("Olga Ops", Role.OPS))
    seen = await my_team(ops, manager=west)

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "rep5@dealdesk.example" in by_email(seen)
    assert "rep1@dealdesk.example" not in by_email(seen)


async def test_stale_after_days_outside_one_to_365_is_a_typed_error(team: Team) -> None:
    for days in (0, 366, -5):
        body = await team.manager(MY_TEAM, {"days": days})

        error = body["errors"][0]
        assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
            "BAD_USER_INPUT",
            "staleAfterDays",
        )


async def test_the_team_view_reads_as_many_statements_for_three_reps_as_for_one(
    team: Team, statements: StatementCounter
) -> None:
    people = team.demo.people
    boss = await people.add("Bea Boss", Role.MANAGER)
    api = await people.sign_in(boss)
    for owner in ("rep1", "rep2"):
        quote = await team.deal(TODAY.isoformat())
        await age(team, quote, 30)
        key = int(from_base64(quote["id"])[1])
        owned = f"UPDATE quotes SET owner_id = (SELECT id FROM users WHERE email = :email) WHERE id = {key}"
        await _sql(team, owned, f"{owner}@dealdesk.example")
    await _report_to(team, boss.id, "rep1@dealdesk.example")
    statements.count = 0
    one = await my_team(api)
    with_one = statements.count
    await _report_to(team, boss.id, "rep2@dealdesk.example")
    await people.add("Tom Rep", manager=boss)
    statements.count = 0
    three = await my_team(api)

    assert (len(one), len(three)) == (1, 3)
    assert sum(len(m["staleQuotes"]) for m in three) == 2
    assert statements.count == with_one


async def _report_to(team: Team, manager_id: int, email: str) -> None:
    await _sql(team, f"UPDATE users SET manager_id = {manager_id} WHERE email = :email", email)


async def _sql(team: Team, statement: str, email: str) -> None:
    async with team.demo.sessions() as session:
        await session.execute(text(statement), {"email": email})
        await session.commit()
