"""Queries over users and the manager hierarchy."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.users import User


async def users_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    rows = await session.scalars(select(User).where(User.id.in_(ids)))
    return {row.id: row for row in rows}


async def user_active_flag(session: AsyncSession, user_id: int) -> bool | None:
    """The user's ``active`` flag, or ``None`` when there is no such user (ids beyond int32
    exist nowhere and never reach SQL)."""
    if not 0 < user_id <= 2**31 - 1:
        return None
    return await session.scalar(select(User.active).where(User.id == user_id))


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


async def team_member_ids(session: AsyncSession, manager_id: int) -> frozenset[int]:
    """Everyone below ``manager_id`` in the hierarchy, at any depth."""
    team = select(User.id).where(User.manager_id == manager_id).cte("team", recursive=True)
    team = team.union(select(User.id).join(team, User.manager_id == team.c.id))
    return frozenset((await session.scalars(select(team.c.id))).all())
