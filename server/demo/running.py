"""How the demo runs its use cases: as a loaded user, one transaction per step or section."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from db.models.users import Role
from db.queries.users import team_member_ids, user_by_email
from services.refusal import Code
from services.transaction import in_transaction

T = TypeVar("T")

OPS = "ops@dealdesk.example"
FINANCE = "finance@dealdesk.example"

UseCase = Callable[[AsyncSession, Actor, datetime], Awaitable[T]]
"""A use case with its arguments bound but the session, the actor and ``now``."""


async def actor(session: AsyncSession, email: str) -> Actor:
    """The demo user ``email`` (loaded with the org) as the actor of a use case."""
    user = await user_by_email(session, email)
    if user is None:
        raise RuntimeError(f"The demo org has no {email}: load the org first.")
    roles = frozenset(user.roles)
    team = await team_member_ids(session, user.id) if Role.MANAGER in roles else frozenset()
    return Actor(user_id=user.id, roles=roles, team_ids=team)


async def user_id(session: AsyncSession, email: str) -> int:
    """The id of the demo user ``email`` (loaded with the org)."""
    user = await user_by_email(session, email)
    if user is None:
        raise RuntimeError(f"The demo org has no {email}: load the org first.")
    return user.id


async def run(
    sessions: async_sessionmaker[AsyncSession],
    work: Callable[[AsyncSession], Awaitable[T]],
    expected: Collection[Code] = (),
) -> T:
    """``work`` in one transaction. A refusal is a fault here (the demo data is known good),
    unless its code is ``expected`` (then the value is ``None``)."""
    outcome = await in_transaction(sessions.begin, work)
    unexpected = [refusal for refusal in outcome.refusals if refusal.code not in expected]
    if unexpected:
        raise RuntimeError(f"The demo data was refused: {unexpected}")
    if expected and not outcome.refusals:
        raise RuntimeError(
            f"The demo expected a refusal ({', '.join(expected)}) that did not come."
        )
    return outcome.value  # type: ignore[return-value]


async def run_as(
    sessions: async_sessionmaker[AsyncSession],
    email: str,
    now: datetime,
    work: UseCase[T],
    expected: Collection[Code] = (),
) -> T:
    """``work(session, actor, now)`` as the demo user ``email``, in one transaction."""

    async def as_user(session: AsyncSession) -> T:
        return await work(session, await actor(session, email), now)

    return await run(sessions, as_user, expected)
