"""``refreshToken``: trade a refresh token for a new session, retiring the old token.

Presenting a token that was already used or revoked revokes its whole family:
one of the two holders is not the user.
"""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.users import User
from schema.text_limits import Token
from resolvers.auth.sessions import find_refresh_token, open_session, revoke_family
from services.people.tokens import hash_refresh_token, utcnow
from resolvers.mutation import Outcome, atomically, reject
from schema.errors import ErrorCode, UserError, user_error
from schema.types.auth import AuthSession


@strawberry.input
class RefreshTokenInput:
    refresh_token: Token


@strawberry.type
class RefreshTokenPayload:
    session: AuthSession | None = None
    user_errors: list[UserError]


INVALID = "This refresh token is not valid. Sign in again."


async def refresh_token(info: strawberry.Info, input: RefreshTokenInput) -> RefreshTokenPayload:
    now = utcnow()

    async def work(session: AsyncSession) -> AuthSession | None:
        token = await find_refresh_token(session, hash_refresh_token(input.refresh_token))
        if token is None or token.expires_at <= now:
            raise reject(ErrorCode.INVALID_TOKEN, INVALID, ["input", "refreshToken"])
        if token.revoked_at is not None:
            # Reuse: revoke the family and commit that, then refuse (below).
            await revoke_family(session, token.family_id, now)
            return None
        user = await session.get(User, token.user_id)
        if user is None or not user.active:
            raise reject(ErrorCode.INVALID_TOKEN, INVALID, ["input", "refreshToken"])
        token.revoked_at = now
        return open_session(session, user, info.context.config.tokens, now, token.family_id)

    outcome: Outcome[AuthSession | None] = await atomically(info, work)
    if not outcome.errors and outcome.value is None:
        outcome.errors = [user_error(ErrorCode.INVALID_TOKEN, INVALID, ["input", "refreshToken"])]
    return RefreshTokenPayload(session=outcome.value, user_errors=outcome.errors)
