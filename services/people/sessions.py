"""Sign-in sessions (refresh-token families): open one, rotate it, end it.

A session is an access token plus a single-use refresh token; each refresh revokes
the token it was given and issues the next one in the same family. Presenting a
token that was already used or revoked revokes its whole family: one of the two
holders is not the user.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.auth import RefreshToken
from db.models.users import User
from db.queries import refresh_tokens
from services.people.tokens import (
    IssuedToken,
    TokenConfig,
    hash_refresh_token,
    issue_access_token,
    new_refresh_token,
)
from services.refusal import Code, Refusal, Refused, refuse

TOKEN_FIELD = ("input", "refreshToken")
INVALID_TOKEN = Refusal(
    Code.INVALID_TOKEN, "This refresh token is not valid. Sign in again.", TOKEN_FIELD
)
"""Unknown, expired, already used or revoked, or its user deactivated: the client cannot
tell which, and signs in again."""


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What a sign-in or a refresh hands the user: both tokens, and who they are."""

    access: IssuedToken
    refresh_token: str
    refresh_expires_at: datetime
    user: User


class ReusedRefreshToken(Refused):
    """A used or revoked token came back: its family is revoked, and that must be committed."""

    keep_changes = True


def open_session(
    session: AsyncSession,
    user: User,
    config: TokenConfig,
    now: datetime,
    family_id: uuid.UUID | None = None,
) -> SignedIn:
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
    return SignedIn(access=access, refresh_token=raw, refresh_expires_at=refresh_expires, user=user)


async def refresh_session(
    session: AsyncSession, now: datetime, raw_token: str, config: TokenConfig
) -> SignedIn:
    """Trade a refresh token for a new session, retiring the old token."""
    token = await refresh_tokens.refresh_token_by_hash(session, hash_refresh_token(raw_token))
    if token is None or token.expires_at <= now:
        raise Refused(INVALID_TOKEN)
    if token.revoked_at is not None:
        await refresh_tokens.revoke_family(session, token.family_id, now)
        raise ReusedRefreshToken(INVALID_TOKEN)
    user = await session.get(User, token.user_id)
    if user is None or not user.active:
        raise Refused(INVALID_TOKEN)
    token.revoked_at = now
    return open_session(session, user, config, now, token.family_id)


async def end_session(session: AsyncSession, now: datetime, raw_token: str) -> None:
    """Sign out: revoke the refresh token's whole family (this device's session)."""
    token = await refresh_tokens.refresh_token_by_hash(session, hash_refresh_token(raw_token))
    if token is None:
        raise refuse(Code.INVALID_TOKEN, "Unknown refresh token.", TOKEN_FIELD)
    await refresh_tokens.revoke_family(session, token.family_id, now)
