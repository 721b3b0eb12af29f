"""Opening, rotating and revoking sign-in sessions (refresh-token families)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.auth import RefreshToken
from db.models.users import User
from services.people.tokens import TokenConfig, issue_access_token, new_refresh_token
from schema.types.auth import AuthSession
from schema.types.user import User as UserType


def open_session(
    session: AsyncSession,
    user: User,
    config: TokenConfig,
    now: datetime,
    family_id: uuid.UUID | None = None,
) -> AuthSession:
    """Issue an access token and a refresh token (in ``family_id``, or a new family)."""
    access = issue_access_token(config, user.id, list(user.roles), now)
    raw, digest = new_refresh_token()
    refresh_expires = now + config.refresh_ttl
    session.add(
        RefreshToken(
            user_id=user.id,
            token_hash=digest,
            family_id=family_id or uuid.uuid4(),
            issued_at=now,
            expires_at=refresh_expires,
        )
    )
    return AuthSession(
        access_token=access.token,
        access_token_expires_at=access.expires_at,
        refresh_token=raw,
        refresh_token_expires_at=refresh_expires,
        user=UserType.from_row(user),
    )


async def find_refresh_token(session: AsyncSession, digest: str) -> RefreshToken | None:
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
