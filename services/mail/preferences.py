"""``setEmailApprovals``: whether approval requests also reach you by email."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.users import User
from services.audit import record_change
from services.rows import get_or_refuse


async def set_email_approvals(
    session: AsyncSession, actor: Actor, now: datetime, enabled: bool
) -> User:
    """Turn the actor's approval emails on or off; emails already sent keep working."""
    user = await get_or_refuse(session, User, actor.user_id, lock=True)
    if user.email_approvals != enabled:
        user.email_approvals = enabled
        await record_change(session, actor, "setEmailApprovals", user)
    return user
