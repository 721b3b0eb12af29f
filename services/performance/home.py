"""Whose home a manager's home screen shows: the manager, the reps under them, the owners
whose deals count (the reps and the manager), in one statement (none for a manager's own,
read with the viewer)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries.users import team_member_ids
from services.performance.team_view import team_manager
from services.refusal import Refused, refuse


@dataclass(frozen=True, slots=True)
class ManagerScope:
    """The manager whose home it is, their reps (at any depth) by id, and every owner whose
    deals the home counts (the reps and the manager)."""

    manager_id: int
    rep_ids: tuple[int, ...]
    owners: frozenset[int]


async def manager_scope(
    session: AsyncSession, actor: Actor, manager_id: int | None
) -> ManagerScope:
    """The actor's own team (a MANAGER), or for OPS and ADMIN the team of ``manager_id``;
    anyone else is refused FORBIDDEN (``team_manager``)."""
    try:
        manager = team_manager(actor, manager_id)
    except Refused as refused:  # the argument is `team` here
        first = refused.refusals[0]
        raise refuse(first.code, first.message.replace("a team", "a home"), ("team",)) from None
    # A manager's own team was read with the request's viewer (``schema.context.viewer_for``,
    # the same query): not read twice.
    own = manager == actor.user_id and actor.is_manager and actor.team_ids
    reps = actor.team_ids if own else await team_member_ids(session, manager)
    return ManagerScope(manager, tuple(sorted(reps)), reps | {manager})
