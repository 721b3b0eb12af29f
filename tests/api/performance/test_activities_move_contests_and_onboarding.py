"""Recorded activities move more than KPIs: contest boards read the same rollups, and an
activity of the right kind ticks its onboarding item (once, even when the batch is re-sent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.api.contests.test_badges_onboarding import CREATE as CREATE_PROGRAMME
from tests.api.contests.test_badges_onboarding import ENROL as ENROL_ONBOARDING
from tests.api.contests.test_badges_onboarding import MY_ONBOARDING
from tests.api.contests.test_contests import BOARD, CREATE, ENROL, contest_input
from tests.api.performance.conftest import Team

AN_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def dials(prefix: str, count: int) -> list[dict[str, object]]:
    at = AN_HOUR_AGO.isoformat()
    return [{"kind": "DIAL", "occurredAt": at, "externalId": f"{prefix}{n}"} for n in range(count)]


async def test_a_contest_on_calls_ranks_reps_by_the_dials_they_recorded(team: Team) -> None:
    contest = (await team.ops.mutate(CREATE, contest_input(metricKey="CALLS")))["contest"]
    for rep in ("ray", "sue"):
        enrolled = await team.ops.mutate(
            ENROL, {"contestId": contest["id"], "repId": team.gid(rep)}
        )
        assert enrolled["userErrors"] == []
    async with team.app.state.engine.begin() as connection:  # as if it had started yesterday
        await connection.execute(
            text("UPDATE contests SET starts_at = :start"),
            {"start": AN_HOUR_AGO - timedelta(days=1)},
        )

    await team.record(team.ray, dials("r", 3))
    await team.record(team.sue, dials("s", 5))

    board = (await team.ops.data(BOARD, {"id": contest["id"]}))["contest"]["standings"]
    assert [(s["participant"]["name"], s["rank"], s["score"]) for s in board] == [
        ("Sue Rep", 1, "5.000000"),
        ("Ray Rep", 2, "3.000000"),
    ]


async def test_an_activity_completes_its_onboarding_item_once(team: Team) -> None:
    items = [
        {"title": "Complete ethics training", "activityKind": "TRAINING_COMPLETED"},
        {"title": "Complete safety training", "activityKind": "TRAINING_COMPLETED"},
    ]
    programme = (await team.ops.mutate(CREATE_PROGRAMME, {"name": "New hire", "items": items}))[
        "programme"
    ]
    await team.ops.mutate(
        ENROL_ONBOARDING, {"programmeId": programme["id"], "repId": team.gid("ray")}
    )
    training = [
        {"kind": "TRAINING_COMPLETED", "occurredAt": AN_HOUR_AGO.isoformat(), "externalId": "t1"}
    ]

    first = await team.record(team.ray, training)
    resent = await team.record(team.ray, training)

    assert (first["recorded"], resent["recorded"], resent["alreadyKnown"]) == (1, 0, 1)
    progress = (await team.ray.data(MY_ONBOARDING))["myOnboarding"][0]
    assert (progress["done"], progress["total"], progress["completed"]) == (1, 2, False)
    assert progress["nextItem"] == {"title": "Complete safety training"}
