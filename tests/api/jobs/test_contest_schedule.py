"""Contests start and end on schedule, as their creator: the start freezes the rules, the end
closes the board and pays the cash prize once, not before the window is over, and a contest
whose creator may no longer run it does not stop the others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from db.models.audit import AuditEvent
from db.models.commissions import CommissionAdjustment
from db.models.performance_contests import Contest
from db.models.users import Role, User
from server.jobs import tasks
from server.jobs.runtime import JobRuntime
from server.settings import Settings
from services.performance.contests import Enrolment, create_contest, enrol_in_contest
from tests.api.contests.conftest import Values, values  # noqa: F401  (fixture)
from tests.api.jobs.conftest import EVERY_SECOND, FakeClock, eventually, fast_worker
from tests.api.jobs.test_tasks_run_twice import context
from tests.services.test_contest_results import (
    BEFORE,
    CASH,
    START,
    people,
    run,
    sessions,  # noqa: F401  (fixture)
    source,
    week_race,
)

END = START + timedelta(days=7)


async def contest_with_prize(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
    values: Values,  # noqa: F811
    ops: User,
    name: str,
) -> tuple[int, int]:
    """A week's race from START with a cash prize for first place, created by ``ops``; one rep
    enrolled and ahead. Its id and the rep's."""
    (rep,) = await people(sessions, f"Rep {name}")
    actor = Actor(ops.id, frozenset({Role.OPS}))
    new = week_race(name, prizes=(CASH,))
    contest = await run(sessions, lambda s: create_contest(s, actor, BEFORE, new, source(values)))
    await run(sessions, lambda s: enrol_in_contest(s, actor, BEFORE, contest.id, Enrolment(rep.id)))
    values.set(rep.id, 7)
    return contest.id, rep.id


State = tuple[bool, bool, int, int]


async def state(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
    contest_id: int,
) -> State:
    """Rules frozen, board closed, its ``freezeContestRules`` audit entries, prizes paid."""
    async with sessions() as session:
        contest = await session.get(Contest, contest_id)
        assert contest is not None
        freezes = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "freezeContestRules",
                AuditEvent.entity_id == str(contest_id),
            )
        )
        paid = await session.scalar(
            select(func.count())
            .select_from(CommissionAdjustment)
            .where(CommissionAdjustment.description.contains(contest.name))
        )
    return (
        contest.rules_frozen_at is not None,
        contest.closed_at is not None,
        freezes or 0,
        paid or 0,
    )


@pytest.fixture
async def ops(sessions: async_sessionmaker[AsyncSession]) -> User:  # noqa: F811
    (olga,) = await people(sessions, "Ops Olga")
    return olga


@pytest.fixture
async def scheduled(
    request: pytest.FixtureRequest, settings: Settings, runtime: JobRuntime
) -> AsyncIterator[None]:
    """A fast worker running the task of the schedule setting the test names every second."""
    async with fast_worker(settings, runtime, **{request.param: EVERY_SECOND}):
        yield


async def around(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
    clock: FakeClock,
    contest_id: int,
    moment: datetime,
    handled: int,
) -> tuple[State, State]:
    """The contest's state after two scheduled runs a minute before ``moment``, and after the
    run past it that handled it (``state()[handled]`` turned true) and one more run."""
    clock.now = moment - timedelta(minutes=1)
    await clock.runs_finish(2)
    before = await state(sessions, contest_id)
    clock.advance(timedelta(minutes=2))

    async def done() -> bool:
        """the scheduled run handled the contest"""
        return (await state(sessions, contest_id))[handled]

    await eventually(done)
    await clock.runs_finish(1)  # a scheduled run after the one that handled it
    return before, await state(sessions, contest_id)


@pytest.mark.parametrize(
    ("scheduled", "moment", "handled", "after"),
    [
        pytest.param("contest_start_schedule", START, 0, (True, False, 1, 0), id="start"),
        pytest.param("contest_end_schedule", END, 1, (True, True, 1, 1), id="end-paid-once"),
    ],
    indirect=["scheduled"],
)
async def test_a_contest_starts_and_ends_on_schedule_not_before_and_only_once(
    scheduled: None,
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
    values: Values,  # noqa: F811
    ops: User,
    clock: FakeClock,
    moment: datetime,
    handled: int,
    after: State,
) -> None:
    # The clock stands before the moment while the contest is created: the worker's scheduled
    # run fires every second, and at the real now (past START) it could act before ``around``.
    clock.now = moment - timedelta(minutes=1)
    contest_id, _ = await contest_with_prize(sessions, values, ops, "Race")

    assert await around(sessions, clock, contest_id, moment, handled) == (
        (False, False, 0, 0),
        after,
    )


async def test_the_end_task_run_twice_pays_once_and_a_refused_contest_blocks_no_other(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
    values: Values,  # noqa: F811
    ops: User,
    clock: FakeClock,
    runtime: JobRuntime,
) -> None:
    orphan, _ = await contest_with_prize(sessions, values, ops, "Orphan")
    (other_ops,) = await people(sessions, "Ops Otto")
    kept, rep_id = await contest_with_prize(sessions, values, other_ops, "Kept")
    async with sessions.begin() as session:
        creator = await session.get(User, ops.id)
        assert creator is not None
        creator.roles = [Role.REP]  # no longer runs contests: its contest refuses
    clock.now = END + timedelta(minutes=1)

    first = await tasks.end_contests(context(runtime), 0)
    second = await tasks.end_contests(context(runtime), 0)

    assert (first, second) == (1, 0)
    assert await state(sessions, kept) == (True, True, 1, 1)
    assert await state(sessions, orphan) == (False, False, 0, 0)
    async with sessions() as session:
        paid = (await session.scalars(select(CommissionAdjustment))).all()
    assert [(p.rep_id, p.amount, p.created_by_id) for p in paid] == [
        (rep_id, CASH.value, other_ops.id)  # paid as the contest's creator
    ]
