"""``logout``: revoke the refresh token's whole family (this device's session)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from schema.text_limits import Token
from resolvers.auth.sessions import find_refresh_token, revoke_family
from services.people.tokens import hash_refresh_token, utcnow
from resolvers.mutation import atomically, reject
from schema.errors import ErrorCode, UserError


@strawberry.input
class LogoutInput:
    refresh_token: Token


@strawberry.type
class LogoutPayload:
    signed_out: bool
    user_errors: list[UserError]


async def logout(info: strawberry.Info, input: LogoutInput) -> LogoutPayload:
    async def work(session: AsyncSession) -> bool:
        token = await find_refresh_token(session, hash_refresh_token(input.refresh_token))
        if token is None:
            raise reject(ErrorCode.INVALID_TOKEN, "Unknown refresh token.", ["input", "refreshToken"])
        await revoke_family(session, token.family_id, utcnow())
        return True

    outcome = await atomically(info, work)
    return LogoutPayload(signed_out=bool(outcome.value), user_errors=outcome.errors)
