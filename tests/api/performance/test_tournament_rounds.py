"""A tournament on a round schedule, through the API on real rollups: four reps seeded by a
qualifying period, round 1 (a win on score, a tie the higher seed takes), a final re-seeded
by round 1's scores and tied again, and the champion the only winner on the board."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.models.users import Role
from tests.api.conftest import Api, People, gid
from tests.api.contests.test_contests import CREATE, ENROL

TODAY = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
START = TODAY - timedelta(days=10)
SOON = datetime.now(UTC) + timedelta(days=1)
ROUNDS = """
query($id: ID!) {
  contest(id: $id) {
    kind
    rounds {
      number status startsAt endsAt
      matches {
        higher { seed score participant { name } }
        lower { seed score participant { name } }
        winner { name } decidedBy
      }
    }
    champion { name }
    matches { decidedBy }
    standings { participant { name } won prizes { description } }
  }
}
"""
RECORD = """
mutation($input: RecordActivitiesInput!) {
  recordActivities(input: $input) { recorded userErrors { code field message } }
}
"""


def at(days: float) -> str:
    """Noon of the day ``days`` after the contest's (shifted) start."""
    return (START + timedelta(days=days, hours=12)).isoformat()


def schedule(base: datetime) -> dict[str, Any]:
    """A 12-day contest from ``base``: qualifying days 0-4, round 1 days 4-6, final 6-8."""
    day = timedelta(days=1)
    return {
        "name": "Dial-off",
        "kind": "TOURNAMENT",
        "metricKey": "CALLS",
        "startsAt": base.isoformat(),
        "endsAt": (base + 12 * day).isoformat(),
        "rounds": [
            {"startsAt": (base + 4 * day).isoformat(), "endsAt": (base + 6 * day).isoformat()},
            {"startsAt": (base + 6 * day).isoformat(), "endsAt": (base + 8 * day).isoformat()},
        ],
        "prizes": [
            {
                "rankFrom": 1,
                "rankTo": 1,
                "kind": "NON_CASH",
                "description": "the belt",
                "value": "100",
                "currency": "USD",
            }
        ],
    }


@pytest.fixture
async def league(app: Starlette, people: People) -> tuple[Api, Api, dict[str, int]]:
    manager = await people.add("Mia Manager", Role.MANAGER)
    reps = {n: await people.add(n, Role.REP, manager=manager) for n in ("Ann", "Ben", "Cat", "Dan")}
    ops = await people.add("Ola Ops", Role.OPS)
    ids = {n: u.id for n, u in reps.items()}
    return await people.sign_in(ops), await people.sign_in(manager), ids


async def test_a_four_rep_bracket_plays_its_rounds_with_ties_to_the_higher_seed(
    app: Starlette, league: tuple[Api, Api, dict[str, int]]
) -> None:
    ops, manager, ids = league
    created = await ops.mutate(CREATE, schedule(SOON))
    assert created["userErrors"] == []
    contest = created["contest"]["id"]
    for rep in ids.values():
        enrolled = await ops.mutate(ENROL, {"contestId": contest, "repId": gid("User", rep)})
        assert enrolled["userErrors"] == []
    async with app.state.engine.begin() as connection:  # as if it had started 10 days ago
        shift = {"shift": START - SOON}
        await connection.execute(
            text("UPDATE contests SET starts_at = starts_at + :shift, ends_at = ends_at + :shift"),
            shift,
        )
        await connection.execute(
            text(
                "UPDATE contest_rounds SET starts_at = starts_at + :shift, "
                "ends_at = ends_at + :shift"
            ),
            shift,
        )
    # qualifying (days 0-4): Ann 4, Ben 3, Cat 2, Dan 1; round 1 (4-6): Ann 1 - Dan 3 and
    # Ben 2 - Cat 2; the final (6-8): Dan 2 - Ben 2; after it (day 9) Ben dials on, too late.
    dials = {
        "Ann": [(1, 4), (4.5, 1)],
        "Ben": [(2, 3), (5, 2), (7, 2), (9, 5)],
        "Cat": [(3, 2), (4.2, 2)],
        "Dan": [(0.5, 1), (5.2, 3), (6.5, 2)],
    }
    for name, days in dials.items():
        batch = [
            {
                "kind": "DIAL",
                "occurredAt": at(day),
                "repId": gid("User", ids[name]),
                "externalId": f"{name}-{day}-{n}",
            }
            for day, count in days
            for n in range(count)
        ]
        recorded = await manager.mutate(RECORD, {"activities": batch})
        assert recorded["userErrors"] == [], recorded

    board = (await ops.data(ROUNDS, {"id": contest}))["contest"]

    def seat(s: dict[str, Any] | None) -> tuple[Any, ...] | None:
        return None if s is None else (s["participant"]["name"], s["seed"], s["score"])

    played = [
        [
            (seat(m["higher"]), seat(m["lower"]), m["winner"]["name"], m["decidedBy"])
            for m in r["matches"]
        ]
        for r in board["rounds"]
    ]
    assert played == [
        [
            (("Ann", 1, "1.000000"), ("Dan", 4, "3.000000"), "Dan", "score"),
            (("Ben", 2, "2.000000"), ("Cat", 3, "2.000000"), "Ben", "seed"),
        ],
        [(("Dan", 1, "2.000000"), ("Ben", 2, "2.000000"), "Dan", "seed")],
    ]
    assert [(r["number"], r["status"]) for r in board["rounds"]] == [(1, "ENDED"), (2, "ENDED")]
    assert board["champion"] == {"name": "Dan"}
    assert board["matches"] == []  # the whole-window pairs are not played on a schedule
    winners = [(s["participant"]["name"], s["prizes"]) for s in board["standings"] if s["won"]]
    assert winners == [("Dan", [{"description": "the belt"}])]  # Ben leads the window, Dan wins


async def test_a_running_round_shows_live_scores_and_the_next_round_no_pairs_yet(
    app: Starlette, league: tuple[Api, Api, dict[str, int]]
) -> None:
    ops, _, ids = league
    base = TODAY - timedelta(days=5)  # round 1 runs days 4-6: today is day 5
    created = await ops.mutate(CREATE, schedule(SOON))
    contest = created["contest"]["id"]
    for rep in ids.values():
        await ops.mutate(ENROL, {"contestId": contest, "repId": gid("User", rep)})
    async with app.state.engine.begin() as connection:
        shift = {"shift": base - SOON}
        for table in ("contests", "contest_rounds"):
            await connection.execute(
                text(
                    f"UPDATE {table} SET starts_at = starts_at + :shift, ends_at = ends_at + :shift"
                ),
                shift,
            )

    board = (await ops.data(ROUNDS, {"id": contest}))["contest"]

    first, final = board["rounds"]
    assert first["status"] == "RUNNING" and final["status"] == "SCHEDULED"
    assert all(m["winner"] is None and m["decidedBy"] is None for m in first["matches"])
    # nobody dialled: every seed 0, ordered by the board's tie-breaker (name)
    assert [
        (m["higher"]["participant"]["name"], m["lower"]["participant"]["name"])
        for m in first["matches"]
    ] == [
        ("Ann", "Dan"),
        ("Ben", "Cat"),
    ]
    assert final["matches"] == [] and board["champion"] is None
    assert [s for s in board["standings"] if s["won"]] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "RACE"}, ["input", "rounds"]),
        (
            {
                "rounds": [
                    {
                        "startsAt": SOON.isoformat(),
                        "endsAt": (SOON + timedelta(days=30)).isoformat(),
                    }
                ]
            },
            ["input", "rounds", "0"],
        ),
        (
            {
                "rounds": [
                    {
                        "startsAt": SOON.isoformat(),
                        "endsAt": (SOON + timedelta(days=3)).isoformat(),
                    },
                    {
                        "startsAt": (SOON + timedelta(days=2)).isoformat(),
                        "endsAt": (SOON + timedelta(days=4)).isoformat(),
                    },
                ]
            },
            ["input", "rounds", "1", "startsAt"],
        ),
    ],
)
async def test_a_bad_round_schedule_is_refused_and_nothing_is_stored(
    app: Starlette,
    league: tuple[Api, Api, dict[str, int]],
    change: dict[str, Any],
    field: list[str],
) -> None:
    ops, _, _ = league
    refused = await ops.mutate(CREATE, {**schedule(SOON), **change})

    assert refused["contest"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [("INVALID", field)]
    async with app.state.engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM contests"))).scalar() == 0
        assert (await connection.execute(text("SELECT count(*) FROM contest_rounds"))).scalar() == 0


UPDATE = """mutation($input: UpdateContestInput!) { updateContest(input: $input) {
  contest { version rounds { number startsAt } } userErrors { code field message } } }"""


async def test_the_schedule_changes_before_the_start_and_freezes_after_it(
    app: Starlette, league: tuple[Api, Api, dict[str, int]]
) -> None:
    ops, _, _ = league
    created = (await ops.mutate(CREATE, schedule(SOON)))["contest"]
    one = [{"startsAt": SOON.isoformat(), "endsAt": (SOON + timedelta(days=5)).isoformat()}]

    changed = await ops.mutate(
        UPDATE, {"id": created["id"], "version": created["version"], "rounds": one}
    )
    outside = await ops.mutate(
        UPDATE,
        {
            "id": created["id"],
            "version": changed["contest"]["version"],
            "rounds": [
                {"startsAt": SOON.isoformat(), "endsAt": (SOON + timedelta(days=50)).isoformat()}
            ],
        },
    )
    async with app.state.engine.begin() as connection:  # it started an hour ago
        await connection.execute(text("UPDATE contests SET starts_at = now() - interval '1 hour'"))
    frozen = await ops.mutate(
        UPDATE, {"id": created["id"], "version": changed["contest"]["version"], "rounds": []}
    )

    assert changed["userErrors"] == []
    assert [r["number"] for r in changed["contest"]["rounds"]] == [1]
    assert [(e["code"], e["field"]) for e in outside["userErrors"]] == [
        ("INVALID", ["input", "rounds", "0"])
    ]
    assert [(e["code"], e["field"]) for e in frozen["userErrors"]] == [
        ("INVALID_STATE", ["input", "rounds"])
    ]
