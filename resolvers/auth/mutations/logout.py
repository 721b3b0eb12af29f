"""``logout``: revoke the refresh token's whole family (this device's session)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from resolvers.mutation import atomically, user_errors_field
from schema.errors import UserError
from schema.text_limits import Token
from services.people.sessions import end_session


@strawberry.input(description="Which device's session to end.")
class LogoutInput:
    refresh_token: Token
    """This device's refresh token (from `AuthSession.refreshToken`); every token of its session,
    earlier and later, is revoked. An unknown one is INVALID_TOKEN."""


@strawberry.type(description="The result of `logout`.")
class LogoutPayload:
    signed_out: bool
    """True when the session was ended; false when refused (see `userErrors`)."""
    user_errors: list[UserError] = user_errors_field()


async def logout(info: strawberry.Info, input: LogoutInput) -> LogoutPayload:
    async def work(session: AsyncSession) -> bool:
        await end_session(session, datetime.now(UTC), input.refresh_token)
        return True

    outcome = await atomically(info, work)
    return LogoutPayload(signed_out=bool(outcome.value), user_errors=outcome.errors)
