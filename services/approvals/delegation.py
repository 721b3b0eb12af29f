"""``setApprovalDelegation``: an approver away names who stands in for them, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.approvals import Delegation
from db.models.users import User
from services.approvals.mail_queue import tell_stand_ins
from services.audit import record_new
from services.refusal import Code, refuse


async def set_approval_delegation(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    delegate_id: int,
    starts_at: datetime,
    ends_at: datetime,
) -> Delegation:
    """``delegate_id`` may act for the actor's seats from ``starts_at`` until (excluding)
    ``ends_at``.

    Whether a delegate may act is judged when they act (``approvals.acting``), so
    the window may lie in the past or the future.
    """
    field = ("input", "delegateId")
    delegate = await session.get(User, delegate_id)
    if delegate is None or not delegate.active:
        raise refuse(Code.NOT_FOUND, "No active user with this id.", field)
    if delegate.id == actor.user_id:
        raise refuse(Code.INVALID, "You cannot delegate to yourself.", field)
    if ends_at <= starts_at:
        raise refuse(Code.INVALID, "The end must come after the start.", ("input", "endsAt"))
    delegation = Delegation(
        user_id=actor.user_id, delegate_id=delegate.id, starts_at=starts_at, ends_at=ends_at
    )
    await record_new(session, actor, "setApprovalDelegation", delegation)
    if ends_at > now:  # the delegate is told by email of what awaits them while it runs
        await tell_stand_ins(session, actor.user_id, starts_at, now)
    return delegation
