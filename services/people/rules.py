"""Checks on the people a user or account points at (managers, owners, reps)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.users import Role, User
from services.refusal import Code, refuse

MANAGER_FIELD = ("input", "managerId")


async def active_user(session: AsyncSession, user_id: int, field: Sequence[str]) -> User:
    """The user ``user_id``, refusing a missing or deactivated one (at ``field``)."""
    user = await session.get(User, user_id)
    if user is None:
        raise refuse(Code.NOT_FOUND, "No user with this id.", field)
    if not user.active:
        raise refuse(Code.INACTIVE, f"{user.name} is deactivated.", field)
    return user


async def check_manager(
    session: AsyncSession, manager_id: int | None, *, user_id: int | None
) -> int | None:
    """The manager's id, refusing inactive users, non-managers and self-management."""
    if manager_id is None:
        return None
    manager = await active_user(session, manager_id, MANAGER_FIELD)
    if manager.id == user_id:
        raise refuse(Code.INVALID, "A user cannot manage themselves.", MANAGER_FIELD)
    if not manager.has_role(Role.MANAGER, Role.ADMIN):
        raise refuse(Code.INVALID, f"{manager.name} is not a manager.", MANAGER_FIELD)
    return manager.id


async def check_owner(session: AsyncSession, owner_id: int, field: Sequence[str]) -> int:
    """An account owner must be an active rep or manager."""
    owner = await active_user(session, owner_id, field)
    if not owner.has_role(Role.REP, Role.MANAGER):
        raise refuse(Code.INVALID, f"{owner.name} is not a rep or manager.", field)
    return owner.id
