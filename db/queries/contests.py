"""Reading contests: prizes, enrolments, who the enrolments name, the closed result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import any_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_contests import (
    Contest,
    ContestEnrolment,
    ContestPrize,
    ContestResult,
)
from db.models.users import Role, User
from db.queries.batches import rows_with
from db.queries.users import team_member_ids


async def contest_prizes(session: AsyncSession, contest_id: int) -> Sequence[ContestPrize]:
    query = select(ContestPrize).where(ContestPrize.contest_id == contest_id)
    return (await session.scalars(query.order_by(ContestPrize.rank_from, ContestPrize.id))).all()


async def contest_enrolments(session: AsyncSession, contest_id: int) -> Sequence[ContestEnrolment]:
    return await rows_with(session, ContestEnrolment.contest_id, contest_id, ContestEnrolment.id)


async def enrolled_reps(
    session: AsyncSession, enrolments: Sequence[ContestEnrolment]
) -> list[User]:
    """The active reps the enrolments name, by id: each rep, every member of each team,
    everyone holding each role (a rep named twice counts once)."""
    ids = {e.rep_id for e in enrolments if e.rep_id is not None}
    for e in enrolments:
        if e.team_manager_id is not None:
            ids |= await team_member_ids(session, e.team_manager_id)
    roles = [Role(e.role) for e in enrolments if e.role is not None]
    query = select(User).where(User.active.is_(True))
    by_role = [any_(User.roles) == role for role in roles]
    condition = User.id.in_(ids or {-1})
    for clause in by_role:
        condition = condition | clause
    return list((await session.scalars(query.where(condition).order_by(User.id))).all())


async def users_named(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    rows = await session.scalars(select(User).where(User.id.in_(ids or [-1])))
    return {u.id: u for u in rows}


async def contest_result(session: AsyncSession, contest_id: int) -> ContestResult | None:
    return await session.get(ContestResult, contest_id)


async def contests_for(session: AsyncSession, manager_ids: Sequence[int] | None) -> list[Contest]:
    """Contests newest first: all (``None``), or those org-wide and for these managers."""
    query = select(Contest).order_by(Contest.starts_at.desc(), Contest.id.desc())
    if manager_ids is not None:
        query = query.where(Contest.manager_id.is_(None) | Contest.manager_id.in_(manager_ids))
    return list((await session.scalars(query)).all())


async def contest_ids_due(session: AsyncSession, now: datetime) -> list[int]:
    """Contests whose window is over and whose final standings are not closed yet."""
    query = select(Contest.id).where(Contest.ends_at <= now, Contest.closed_at.is_(None))
    return list((await session.scalars(query.order_by(Contest.ends_at, Contest.id))).all())


async def contest_id_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(Contest.id).where(Contest.name == name).limit(1))
