"""Creating a user from the command line (the first admin, before anyone can sign in)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models.users import Role, User
from resolvers.auth.passwords import MIN_PASSWORD_LENGTH, Argon2Parameters, hash_password


class CreateUserError(ValueError):
    pass


async def create_user(
    sessions: async_sessionmaker[AsyncSession],
    *,
    email: str,
    name: str,
    password: str,
    roles: list[Role],
    manager_email: str | None = None,
    parameters: Argon2Parameters = Argon2Parameters(),
) -> int:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CreateUserError(f"A password has at least {MIN_PASSWORD_LENGTH} characters.")
    async with sessions() as session, session.begin():
        manager_id = None
        if manager_email:
            manager = await session.scalar(select(User).where(func.lower(User.email) == manager_email.lower()))
            if manager is None:
                raise CreateUserError(f"No user {manager_email}.")
            manager_id = manager.id
        user = User(
            email=email.strip(), name=name.strip(), password_hash=hash_password(password, parameters), roles=roles, manager_id=manager_id
        )
        session.add(user)
        await session.flush()
        return user.id
