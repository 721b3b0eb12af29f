"""The rep a commissions use case names: an active user, or a refusal pointing at the input."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.users import User
from services.refusal import Code, refuse


async def active_rep(session: AsyncSession, user_id: int, field: Sequence[str]) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise refuse(Code.NOT_FOUND, "No user with this id.", field)
    if not user.active:
        raise refuse(Code.INACTIVE, f"{user.name} is deactivated.", field)
    return user
