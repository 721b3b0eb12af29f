"""The KPI screen and batch ingest send a fixed number of statements, however many reps,
metrics or activities."""

from __future__ import annotations

from types import SimpleNamespace

from tests.api.conftest import People
from tests.api.performance.conftest import Team
from tests.conftest import StatementCounter

DAY = "2026-11-16"


def dials(rep: str, count: int) -> list[dict[str, object]]:
    return [
        {"kind": "DIAL", "occurredAt": f"{DAY}T{9 + n % 8:02d}:00:00Z", "repId": rep}
        for n in range(count)
    ]


async def test_the_team_kpi_screen_reads_as_many_statements_for_two_reps_as_for_five(
    team: Team, people: People, statements: StatementCounter
) -> None:
    await team.record(team.ray, dials(team.gid("ray"), 3))
    statements.count = 0
    two = await team.kpis(team.manager, team=team.gid("mia"), on=DAY)
    with_two = statements.count
    manager = SimpleNamespace(id=team.ids["mia"])
    for name in ("Tia Rep", "Uma Rep", "Vic Rep"):
        await people.add(name, manager=manager)  # type: ignore[arg-type]
    statements.count = 0
    five = await team.kpis(team.manager, team=team.gid("mia"), on=DAY)

    assert len(five) == len(two) * 5 // 2
    assert statements.count == with_two


async def test_a_batch_of_many_activities_is_stored_in_as_many_statements_as_a_batch_of_one(
    team: Team, statements: StatementCounter
) -> None:
    statements.count = 0
    await team.record(team.ops, dials(team.gid("ray"), 1))
    one = statements.count
    statements.count = 0
    result = await team.record(team.ops, dials(team.gid("ray"), 500) + dials(team.gid("sue"), 500))
    many = statements.count

    assert result["recorded"] == 1000
    assert many == one
