"""A tournament's board reads the same number of SQL statements whatever the number of
its rounds started: the qualifying window and every started round are summed in one
statement (``services.performance.contest_results._bracket``), and the board is kept
(``services.performance.board_cache``) until a round starts or ends or an input changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.applications import Starlette

from db.models.performance_contests import Contest
from services.performance.board_cache import BOARDS, BoardCache, phase
from services.performance.contest_totals import refresh_contest_totals
from tests.api.conftest import Api, gid
from tests.api.contests.test_contests import CREATE, ENROL
from tests.api.performance.test_tournament_rounds import RECORD, ROUNDS, SOON, league
from tests.conftest import StatementCounter

__all__ = ["league"]  # the fixture, used by name below

TODAY = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
DAY = timedelta(days=1)
HOME = "query { repHome { contests { contest { id } } } }"


def five_rounds(base: datetime) -> dict[str, Any]:
    """A 12-day contest from ``base``: qualifying days 0-2, then five one-day rounds."""
    return {
        "name": "Dial-a-thon",
        "kind": "TOURNAMENT",
        "metricKey": "CALLS",
        "startsAt": base.isoformat(),
        "endsAt": (base + 12 * DAY).isoformat(),
        "rounds": [
            {"startsAt": (base + n * DAY).isoformat(), "endsAt": (base + (n + 1) * DAY).isoformat()}
            for n in range(2, 7)
        ],
    }


async def _started_at(app: Starlette, contest_id: int, start: datetime) -> None:
    """Move the contest (and its rounds) to start at ``start``."""
    async with app.state.engine.begin() as connection:
        now = await connection.scalar(
            text("SELECT starts_at FROM contests WHERE id = :id"), {"id": contest_id}
        )
        for table, key in (("contests", "id"), ("contest_rounds", "contest_id")):
            await connection.execute(
                text(
                    f"UPDATE {table} SET starts_at = starts_at + :shift, "
                    f"ends_at = ends_at + :shift WHERE {key} = :id"
                ),
                {"shift": start - now, "id": contest_id},
            )


async def _board(
    statements: StatementCounter, api: Api, contest: str
) -> tuple[int, dict[str, Any]]:
    BOARDS.clear()
    statements.count = 0
    board = (await api.data(ROUNDS, {"id": contest}))["contest"]
    return statements.count, board


async def test_a_tournament_board_reads_the_same_statements_for_one_round_as_for_five(
    app: Starlette, league: tuple[Api, Api, dict[str, int]], statements: StatementCounter
) -> None:
    ops, manager, ids = league
    created = await ops.mutate(CREATE, five_rounds(SOON))
    assert created["userErrors"] == []
    contest = created["contest"]["id"]
    for rep in ids.values():
        enrolled = await ops.mutate(ENROL, {"contestId": contest, "repId": gid("User", rep)})
        assert enrolled["userErrors"] == []
    async with app.state.engine.connect() as connection:
        contest_id = await connection.scalar(text("SELECT id FROM contests"))
    await _started_at(app, contest_id, TODAY - 10 * DAY)
    # a dial each day for each rep, more for those earlier in the alphabet
    batch = [
        {
            "kind": "DIAL",
            "occurredAt": (TODAY - 10 * DAY + day * DAY + timedelta(hours=12)).isoformat(),
            "repId": gid("User", rep),
            "externalId": f"{name}-{day}-{n}",
        }
        for k, (name, rep) in enumerate(sorted(ids.items()))
        for day in range(10)
        for n in range(4 - k if day % 2 else 1 + k)
    ]
    recorded = await manager.mutate(RECORD, {"activities": batch})
    assert recorded["userErrors"] == [], recorded

    # (from now, not from midnight: a round is a day long, and must run whatever the hour)
    now = datetime.now(UTC)
    await _started_at(app, contest_id, now - (2 * DAY + timedelta(hours=12)))  # round 1 runs
    one, first = await _board(statements, ops, contest)
    await _started_at(app, contest_id, now - (6 * DAY + timedelta(hours=12)))  # round 5 runs
    five, last = await _board(statements, ops, contest)
    async with async_sessionmaker(app.state.engine)() as session, session.begin():
        row = await session.get(Contest, contest_id)  # totals over the moved window
        assert row is not None
        await refresh_contest_totals(session, row)
    BOARDS.clear()
    assert (await ops.data(ROUNDS, {"id": contest}))["contest"] == last

    assert [r["status"] for r in first["rounds"]] == ["RUNNING", *["SCHEDULED"] * 4]
    assert [r["status"] for r in last["rounds"]] == [*["ENDED"] * 4, "RUNNING"]
    scores = [m["higher"]["score"] for r in last["rounds"] for m in r["matches"]]
    assert any(s not in (None, "0.000000") for s in scores)  # the rounds read real dials
    assert one == five
    statements.count = 0
    assert (await ops.data(ROUNDS, {"id": contest}))["contest"] == last
    assert statements.count < five  # kept: the fingerprint, not the rounds, read again


def test_a_kept_board_is_keyed_by_how_many_round_starts_and_ends_have_passed() -> None:
    boundaries = (TODAY, TODAY + DAY, TODAY + DAY, TODAY + 2 * DAY)
    assert phase(boundaries, TODAY - timedelta(microseconds=1)) == 0
    assert phase(boundaries, TODAY) == 1
    assert phase(boundaries, TODAY + DAY) == 3
    assert phase(boundaries, TODAY + 2 * DAY) == 4
    assert phase((), TODAY) == 0
    cache = BoardCache()
    board: Any = object()
    cache.put(1, ("f/1", True, False, TODAY), board, boundaries)
    assert cache.boundaries(1) == boundaries and cache.boundaries(2) == ()
    assert cache.get(1, ("f/1", True, False, TODAY)) is board
    assert cache.get(1, ("f/2", True, False, TODAY)) is None
