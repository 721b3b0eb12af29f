"""A contest's end is an event of its own: the final board closes once and cash prizes become
commission adjustments; team contests rank teams by their members' values."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

import gamification.contests as engine
from db.actor import Actor
from db.engine import create_session_factory
from db.models.commissions import CommissionAdjustment
from db.models.performance_contests import Contest
from db.models.users import Role, User
from services.performance.contest_results import contest_board, end_contest, end_due_contests
from services.performance.contests import Enrolment, NewContest, create_contest, enrol_in_contest
from services.refusal import Code
from services.transaction import in_transaction
from tests.api.contests.conftest import Values
from tests.conftest import truncate_all

ROLES = {"Boss": Role.MANAGER, "Ops": Role.OPS}
START = datetime(2026, 12, 1, tzinfo=UTC)
BEFORE, DURING, AFTER = (
    START - timedelta(days=1),
    START + timedelta(days=3),
    START + timedelta(days=8),
)
CASH = engine.Prize(1, 1, engine.PrizeKind.CASH, "first place", Decimal(500), "USD")
DINNER = engine.Prize(2, 3, engine.PrizeKind.NON_CASH, "dinner for two", Decimal(80), "USD")


@pytest.fixture
async def sessions(app: Starlette) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    yield create_session_factory(app.state.engine)
    await truncate_all(app)


async def people(
    sessions: async_sessionmaker[AsyncSession], *names: str, manager: User | None = None
) -> list[User]:
    async with sessions.begin() as session:
        made = [
            User(
                email=f"{n.lower()}@example.com",
                name=n,
                password_hash="x",
                roles=[ROLES.get(n.split()[0], Role.REP)],
                manager_id=manager.id if manager else None,
            )
            for n in names
        ]
        session.add_all(made)
    return made


async def run(sessions: async_sessionmaker[AsyncSession], work: Any) -> Any:
    outcome = await in_transaction(sessions.begin, work)
    assert outcome.refusals == [], outcome.refusals
    return outcome.value


def week_race(name: str, **more: Any) -> NewContest:
    """A RACE on calls over the week from START; ``more`` replaces or adds fields."""
    window = {"starts_at": START, "ends_at": START + timedelta(days=7), **more}
    return NewContest(name, engine.ContestKind.RACE, "calls", **window)


def source(values: Values) -> Any:
    from services.performance.metric_source import MetricSource

    return MetricSource(values.values, values.period_values, values.known)


async def test_the_end_closes_the_board_once_and_pays_cash_prizes_as_adjustments(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    olga, ann, bo, cy = await people(sessions, "Ops Olga", "Ann", "Bo", "Cy")
    ops = Actor(olga.id, frozenset({Role.OPS}))
    values = Values()
    new = week_race("Dial-a-thon", prizes=(CASH, DINNER))
    contest = await run(sessions, lambda s: create_contest(s, ops, BEFORE, new, source(values)))
    for rep in (ann, bo, cy):
        await run(
            sessions,
            lambda s, r=rep: enrol_in_contest(s, ops, BEFORE, contest.id, Enrolment(rep_id=r.id)),
        )
    values.set(ann.id, 5)
    values.set(bo.id, 9, START + timedelta(hours=5))
    values.set(cy.id, 9, START + timedelta(hours=2))

    early = await in_transaction(
        sessions.begin, lambda s: end_contest(s, ops, DURING, contest.id, source(values))
    )
    await run(sessions, lambda s: end_contest(s, ops, AFTER, contest.id, source(values)))
    values.set(ann.id, 50)  # a late value changes nothing once closed
    await run(
        sessions,
        lambda s: end_contest(s, ops, AFTER + timedelta(days=1), contest.id, source(values)),
    )

    assert [r.code for r in early.refusals] == [Code.INVALID_STATE]
    async with sessions() as session:
        row = await session.get(Contest, contest.id)
        assert row is not None and row.closed_at == AFTER and row.rules_frozen_at == AFTER
        board = await contest_board(session, row, AFTER + timedelta(days=2), source(values))
        paid = (
            await session.scalars(
                select(CommissionAdjustment).order_by(CommissionAdjustment.rep_id)
            )
        ).all()
    assert board.closed and board.standings.status is engine.ContestStatus.ENDED
    assert [(r.ranked.participant, r.ranked.rank) for r in board.standings.rows] == [
        (str(cy.id), 1),
        (str(bo.id), 1),
        (str(ann.id), 3),
    ]
    assert [r.prizes for r in board.standings.rows] == [(CASH,), (CASH,), (DINNER,)]
    assert [(p.rep_id, p.amount, p.currency) for p in paid] == [
        (bo.id, Decimal(500), "USD"),
        (cy.id, Decimal(500), "USD"),
    ]


async def test_a_team_contest_ranks_teams_by_the_sum_of_their_members(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    olga, north, south = await people(sessions, "Ops Olga", "Boss North", "Boss South")
    ops = Actor(olga.id, frozenset({Role.OPS}))
    a, b = await people(sessions, "Ann", "Bo", manager=north)
    (c,) = await people(sessions, "Cy", manager=south)
    values = Values()
    new = week_race("Team race", team_score=engine.TeamScore.SUM)
    contest = await run(sessions, lambda s: create_contest(s, ops, BEFORE, new, source(values)))
    for boss in (north, south):
        await run(
            sessions,
            lambda s, m=boss: enrol_in_contest(
                s, ops, BEFORE, contest.id, Enrolment(team_manager_id=m.id)
            ),
        )
    refused = await in_transaction(
        sessions.begin,
        lambda s: enrol_in_contest(s, ops, BEFORE, contest.id, Enrolment(rep_id=a.id)),
    )
    values.set(a.id, 4)
    values.set(b.id, 3)
    values.set(c.id, 6)

    async with sessions() as session:
        row = await session.get(Contest, contest.id)
        assert row is not None
        board = await contest_board(session, row, DURING, source(values))

    assert [r.code for r in refused.refusals] == [Code.INVALID]
    assert [(r.ranked.entry.name, r.value, r.ranked.rank) for r in board.standings.rows] == [
        ("Boss North", Decimal(7), 1),
        ("Boss South", Decimal(6), 2),
    ]
    assert not board.closed and board.standings.status is engine.ContestStatus.RUNNING


async def test_contests_whose_window_is_over_are_closed_by_the_job_even_with_no_values(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    (olga,) = await people(sessions, "Ops Olga")
    ops = Actor(olga.id, frozenset({Role.OPS}))
    values = Values()
    week = week_race("Week")
    month = week_race("Month", ends_at=START + timedelta(days=30))
    for new in (week, month):
        await run(sessions, lambda s, n=new: create_contest(s, ops, BEFORE, n, source(values)))

    closed = await run(sessions, lambda s: end_due_contests(s, ops, AFTER, source(values)))
    again = await run(sessions, lambda s: end_due_contests(s, ops, AFTER, source(values)))

    assert [c.name for c in closed] == ["Week"] and again == []
