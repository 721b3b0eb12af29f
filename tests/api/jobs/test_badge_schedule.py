"""Badges are evaluated on schedule: a rep whose period value passed a threshold gets the level
once, however often the task runs; a rep below it and an inactive rep get nothing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from db.models.performance_badges import BadgeAward
from db.models.users import Role
from gamification.badges import PeriodValue
from gamification.calendar import Grain
from server.jobs import tasks
from server.jobs.runtime import JobRuntime
from services.performance.badges import NewBadge, define_badge
from tests.api.contests.conftest import Values, values  # noqa: F401  (fixture)
from tests.api.jobs.test_tasks_run_twice import context
from tests.services.test_contest_results import (
    people,
    run,
    sessions,  # noqa: F401  (fixture)
    source,
)


async def test_the_badge_task_awards_each_earned_level_once(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
    values: Values,  # noqa: F811
    runtime: JobRuntime,
) -> None:
    now = runtime.clock()
    olga, ann, bo, gone = await people(sessions, "Ops Olga", "Ann", "Bo", "Gone")
    ops = Actor(olga.id, frozenset({Role.OPS}))
    new = NewBadge("dialer", "Dialer", "dials", Grain.DAY, (Decimal(50), Decimal(100)))
    badge = await run(sessions, lambda s: define_badge(s, ops, now, new, source(values)))
    values.periods[ann.id] = [PeriodValue("2026-11-30", Decimal(120))]
    values.periods[bo.id] = [PeriodValue("2026-11-30", Decimal(10))]
    values.periods[gone.id] = [PeriodValue("2026-11-30", Decimal(500))]
    async with sessions.begin() as session:
        (await session.get_one(type(gone), gone.id)).active = False

    first = await tasks.evaluate_badges(context(runtime), 0)
    second = await tasks.evaluate_badges(context(runtime), 0)

    async with sessions() as session:
        awards = (await session.scalars(select(BadgeAward).order_by(BadgeAward.level))).all()
    assert (first, second) == (2, 0)
    assert [(a.badge_id, a.rep_id, a.level) for a in awards] == [
        (badge.id, ann.id, 1),
        (badge.id, ann.id, 2),
    ]
