"""``logout``: revoke the refresh token's whole family (this device's session)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from resolvers.mutation import atomically
from schema.errors import UserError
from schema.text_limits import Token
from services.people.sessions import end_session


@strawberry.input
class LogoutInput:
    refresh_token: Token


@strawberry.type
class LogoutPayload:
    signed_out: bool
    user_errors: list[UserError]


async def logout(info: strawberry.Info, input: LogoutInput) -> LogoutPayload:
    async def work(session: AsyncSession) -> bool:
        await end_session(session, datetime.now(UTC), input.refresh_token)
        return True

    outcome = await atomically(info, work)
    return LogoutPayload(signed_out=bool(outcome.value), user_errors=outcome.errors)
