"""The demo's contests, badges and onboarding: a running race, a team race to come, a
tournament in rounds, badges and a new hire half-way through onboarding; loading twice adds
nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from starlette.applications import Starlette

import gamification.contests as engine
from db.engine import create_session_factory
from db.models.performance_badges import Badge
from db.models.performance_contests import Contest
from db.queries.users import user_by_email
from server.demo.contests import NEW_HIRE, RACE, TOURNAMENT, load_contests
from server.demo.org import load_org
from server.demo.running import run
from services.performance.contest_results import contest_board
from services.performance.metric_source import metric_source
from services.performance.onboarding import onboarding_of
from tests.conftest import TEST_ARGON2, truncate_all


async def test_the_demo_has_a_running_race_a_team_race_a_tournament_badges_and_onboarding_once(
    app: Starlette,
) -> None:
    sessions = create_session_factory(app.state.engine)
    now = datetime.now(UTC)
    try:
        await run(sessions, lambda s: load_org(s, now, TEST_ARGON2))
        await load_contests(sessions, now)
        await load_contests(sessions, now)
        async with sessions() as session:
            race = await session.scalar(select(Contest).where(Contest.name == RACE))
            assert race is not None
            board = await contest_board(session, race, now, metric_source())
            knockout = await session.scalar(select(Contest).where(Contest.name == TOURNAMENT))
            assert knockout is not None
            cup = await contest_board(session, knockout, now, metric_source())
            contests = await session.scalar(select(func.count()).select_from(Contest))
            badges = await session.scalar(select(func.count()).select_from(Badge))
            rep = await user_by_email(session, NEW_HIRE)
            assert rep is not None
            (progress,) = await onboarding_of(session, rep.id)
    finally:
        await truncate_all(app)

    assert board.standings.status is engine.ContestStatus.RUNNING
    assert len(board.standings.rows) == 8  # every rep, enrolled by role
    assert (contests, badges) == (3, 3)  # two badges and the programme's
    assert knockout.kind == engine.ContestKind.TOURNAMENT.name
    assert cup.standings.status is engine.ContestStatus.RUNNING
    bracket = cup.standings.bracket
    assert bracket is not None and bracket.champion is None
    first, second, final = bracket.rounds
    assert len(first.matches) == 4 and len(first.advancing) == 4  # played: 8 reps, 4 through
    assert len(second.matches) == 2 and second.advancing == ()  # running now
    assert final.matches == ()  # its field is not known yet
    assert (progress.progress.done, progress.progress.total) == (2, 5)
