"""``myTeam`` shows each rep's place in the running contests that enrol them, in as many
statements for a team of five as for a team of two."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text

from tests.api.conftest import People
from tests.api.contests.test_contests import CREATE, ENROL, contest_input
from tests.api.performance.conftest import Team
from tests.conftest import StatementCounter

AN_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)
MY_TEAM = """query { myTeam { rep { name }
  contestStandings { contest { name } standing { rank position score } } } }"""


def dials(prefix: str, count: int) -> list[dict[str, object]]:
    at = AN_HOUR_AGO.isoformat()
    return [{"kind": "DIAL", "occurredAt": at, "externalId": f"{prefix}{n}"} for n in range(count)]


async def _contest(team: Team, name: str) -> str:
    created = await team.ops.mutate(CREATE, contest_input(name=name, metricKey="CALLS"))
    return str(created["contest"]["id"])


async def _enrol(team: Team, contest: str, rep_gid: str) -> None:
    enrolled = await team.ops.mutate(ENROL, {"contestId": contest, "repId": rep_gid})
    assert enrolled["userErrors"] == []


async def _start_all(team: Team) -> None:
    async with team.app.state.engine.begin() as connection:  # as if they had started yesterday
        await connection.execute(
            text("UPDATE contests SET starts_at = :start"),
            {"start": AN_HOUR_AGO - timedelta(days=1)},
        )


def standings(members: list[dict[str, Any]]) -> dict[str, list[tuple[str, int, str]]]:
    return {
        m["rep"]["name"]: [
            (s["contest"]["name"], s["standing"]["rank"], s["standing"]["score"])
            for s in m["contestStandings"]
        ]
        for m in members
    }


async def test_each_rep_shows_rank_and_score_in_the_running_contests_that_enrol_them(
    team: Team,
) -> None:
    dials_race = await _contest(team, "Dials race")
    sues_own = await _contest(team, "Sue alone")
    for rep in ("ray", "sue"):
        await _enrol(team, dials_race, team.gid(rep))
    await _enrol(team, sues_own, team.gid("sue"))
    await _start_all(team)
    await team.record(team.ray, dials("r", 3))
    await team.record(team.sue, dials("s", 5))

    members = (await team.manager.data(MY_TEAM))["myTeam"]

    assert standings(members) == {
        "Ray Rep": [("Dials race", 2, "3.000000")],
        "Sue Rep": [("Dials race", 1, "5.000000"), ("Sue alone", 1, "5.000000")],
    }


async def test_the_standings_cost_as_many_statements_for_five_reps_as_for_two(
    team: Team, people: People, statements: StatementCounter
) -> None:
    contest = await _contest(team, "Dials race")
    enrolled = await team.ops.mutate(  # every rep: reps joining the team later are in too
        ENROL, {"contestId": contest, "role": "REP"}
    )
    assert enrolled["userErrors"] == []
    await _start_all(team)
    await team.record(team.ray, dials("r", 3))
    statements.count = 0
    two = (await team.manager.data(MY_TEAM))["myTeam"]
    with_two = statements.count
    manager = SimpleNamespace(id=team.ids["mia"])
    for name in ("Tia Rep", "Uma Rep", "Vic Rep"):
        await people.add(name, manager=manager)  # type: ignore[arg-type]
    statements.count = 0
    five = (await team.manager.data(MY_TEAM))["myTeam"]

    assert [len(m["contestStandings"]) for m in two] == [1, 1]
    assert [len(m["contestStandings"]) for m in five] == [1] * 5
    assert statements.count == with_two
