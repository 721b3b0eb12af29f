"""A contest's start and end on schedule, one contest per transaction, as its creator.

A scheduled run acts as the user who created the contest, with the roles they hold now
(``check_may_manage`` applies to them as to any request, and the audit entries and prize
adjustments name a real user). A creator who no longer may manage the contest (deactivated,
OPS or manager role taken away) makes that contest's run refuse: the job logs it and goes on
with the others, and an OPS user or the contest's manager ends it with ``endContest``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.performance_contests import Contest
from db.models.users import Role, User
from db.queries.contests import contest_ids_due, contest_ids_starting
from db.queries.users import team_member_ids
from services.performance.contest_results import end_contest
from services.performance.contest_rules import check_may_manage, freeze
from services.performance.metric_source import MetricSource
from services.refusal import Code, refuse
from services.rows import get_or_refuse


async def contests_to_start(session: AsyncSession, now: datetime) -> list[int]:
    """The contests whose start a scheduled run handles now (unlocked; each is locked in its
    own transaction)."""
    return await contest_ids_starting(session, now)


async def contests_to_end(session: AsyncSession, now: datetime) -> list[int]:
    """The contests whose end a scheduled run handles now."""
    return await contest_ids_due(session, now)


async def creator_of(session: AsyncSession, contest: Contest) -> Actor:
    """The contest's creator as the actor of a scheduled run, refused once deactivated."""
    user = await session.get(User, contest.created_by_id)
    if user is None or not user.active:
        raise refuse(Code.FORBIDDEN, "The contest's creator is no longer active.")
    roles = frozenset(user.roles)
    team = await team_member_ids(session, user.id) if Role.MANAGER in roles else frozenset()
    return Actor(user_id=user.id, roles=roles, team_ids=team)


async def start_contest_on_schedule(session: AsyncSession, now: datetime, key: int) -> bool:
    """Freeze the rules of a contest that has started (its spans brought up to date), as its
    creator; False when another run, or a request, handled its start already."""
    contest = await get_or_refuse(session, Contest, key, name="Contest", lock=True)
    started = contest.starts_at <= now < contest.ends_at
    if not started or contest.rules_frozen_at is not None or contest.closed_at is not None:
        return False
    actor = await creator_of(session, contest)
    check_may_manage(actor, contest)
    await freeze(session, actor, contest, now)
    return True


async def end_contest_on_schedule(
    session: AsyncSession, now: datetime, key: int, source: MetricSource
) -> bool:
    """``endContest`` as the contest's creator once its window is over; False when it was
    closed already (a second run pays nothing twice)."""
    contest = await get_or_refuse(session, Contest, key, name="Contest", lock=True)
    if contest.closed_at is not None:
        return False
    await end_contest(session, await creator_of(session, contest), now, key, source)
    return True
