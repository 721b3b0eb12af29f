"""Queries over approval requests and delegations, and the engine facts they make.

Who may act on a request is decided at the moment of acting (see
``approvals.acting``), so readers and deciders load the delegations naming
the acting user and let the engine judge them against "now".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus, Delegation
from db.models.users import User


def delegation_fact(row: Delegation) -> engine.DelegationFact:
    return engine.DelegationFact(
        user_id=str(row.user_id), delegate_id=str(row.delegate_id), start=row.starts_at, end=row.ends_at
    )


def acting_directory(users: Iterable[User], delegations: Iterable[Delegation]) -> engine.Directory:
    """A directory just big enough to judge who acts for whom: who is active, and the delegations.

    Roles, managers and authority are left out; plan building loads the full one.
    """
    return engine.Directory(
        users=tuple(engine.UserFact(user_id=str(u.id), active=u.active) for u in users),
        delegations=tuple(delegation_fact(d) for d in delegations),
    )


async def delegations_to(session: AsyncSession, delegate_id: int) -> Sequence[Delegation]:
    """Every delegation naming ``delegate_id`` as the delegate (the engine picks those in force)."""
    return (await session.scalars(select(Delegation).where(Delegation.delegate_id == delegate_id))).all()


async def acting_directory_for(session: AsyncSession, user_id: int) -> engine.Directory:
    """The user and the delegations naming them: enough for ``approvals.represented``."""
    user = await session.get(User, user_id)
    return acting_directory([user] if user is not None else [], await delegations_to(session, user_id))


async def possible_stand_ins(session: AsyncSession, user_ids: Iterable[int]) -> list[int]:
    """Everyone ever named a delegate of one of ``user_ids``, whatever the window.

    Announcements carry them so a subscriber's cheap filter can skip events
    that could never concern them; whether one does is judged when it arrives.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return []
    found = await session.scalars(select(Delegation.delegate_id).where(Delegation.user_id.in_(ids)).distinct())
    return sorted(found.all())


def requests_awaiting(principals: Iterable[int], statuses: Sequence[ApprovalRequestStatus]) -> Select[ApprovalRequest]:
    """Requests in ``statuses`` with a seat (or escalation target) among ``principals``.

    ``principals`` are the user and those they stand in for right now.
    """
    seats = [ApprovalRequest.approver_ids.contains([p]) for p in sorted(set(principals))]
    return select(ApprovalRequest).where(ApprovalRequest.status.in_(statuses), or_(false(), *seats))
