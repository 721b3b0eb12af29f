"""Refresh tokens: find one (locked) by its hash, revoke a family or all of a user's."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.auth import RefreshToken


async def refresh_token_by_hash(session: AsyncSession, digest: str) -> RefreshToken | None:
    # Locked: two concurrent refreshes with one token must not both succeed.
    return await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == digest).with_for_update()
    )


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_all_for_user(session: AsyncSession, user_id: int, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
