"""Queries over users and the manager hierarchy."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, any_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.users import Role, User
from db.queries.batches import plain_rows


async def user_active_flag(session: AsyncSession, user_id: int) -> bool | None:
    """The user's ``active`` flag, or ``None`` when there is no such user (ids beyond int32
    exist nowhere and never reach SQL)."""
    if not 0 < user_id <= 2**31 - 1:
        return None
    return await session.scalar(select(User.active).where(User.id == user_id))


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


@functools.cache
def _team_statement() -> Select[Any]:
    """The statement of ``team_member_ids``, built once (the parameter ``manager``): every
    request of a manager runs it (``schema.context.viewer_for``)."""
    team = (
        select(User.id).where(User.manager_id == bindparam("manager")).cte("team", recursive=True)
    )
    team = team.union(select(User.id).join(team, User.manager_id == team.c.id))
    return select(team.c.id)


async def team_member_ids(session: AsyncSession, manager_id: int) -> frozenset[int]:
    """Everyone below ``manager_id`` in the hierarchy, at any depth."""
    rows = await plain_rows(session, _team_statement(), {"manager": manager_id})
    return frozenset(row[0] for row in rows)


def user_directory(
    visible_ids: frozenset[int] | None,
    *,
    search: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> Select[tuple[User]]:
    """Users matching the filter, among ``visible_ids`` (``None``: everyone), for a page."""
    stmt = select(User)
    if visible_ids is not None:
        stmt = stmt.where(User.id.in_(visible_ids or {-1}))
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(User.name.ilike(like), User.email.ilike(like)))
    if role is not None:
        stmt = stmt.where(any_(User.roles) == role)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    return stmt
