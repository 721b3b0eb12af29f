"""Checks on the people a user or account points at (managers, owners)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.users import Role, User
from resolvers.mutation import decode_id, reject
from schema.errors import ErrorCode


async def active_user(
    session: AsyncSession, global_id: relay.GlobalID, field: Sequence[str]
) -> User:
    user = await session.get(User, decode_id(global_id, "User", field))
    if user is None:
        raise reject(ErrorCode.NOT_FOUND, "No user with this id.", field)
    if not user.active:
        raise reject(ErrorCode.INACTIVE, f"{user.name} is deactivated.", field)
    return user


async def check_manager(
    session: AsyncSession, global_id: relay.GlobalID | None, *, user_id: int | None
) -> int | None:
    """The manager's id, refusing inactive users, non-managers and self-management."""
    if global_id is None:
        return None
    field = ["input", "managerId"]
    manager = await active_user(session, global_id, field)
    if manager.id == user_id:
        raise reject(ErrorCode.INVALID, "A user cannot manage themselves.", field)
    if not manager.has_role(Role.MANAGER, Role.ADMIN):
        raise reject(ErrorCode.INVALID, f"{manager.name} is not a manager.", field)
    return manager.id


async def check_owner(session: AsyncSession, global_id: relay.GlobalID, field: Sequence[str]) -> int:
    """An account owner must be an active rep or manager."""
    owner = await active_user(session, global_id, field)
    if not owner.has_role(Role.REP, Role.MANAGER):
        raise reject(ErrorCode.INVALID, f"{owner.name} is not a rep or manager.", field)
    return owner.id
