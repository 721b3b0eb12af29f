"""``refreshToken``: trade a refresh token for a new session, retiring the old token."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from resolvers.mutation import atomically, payload_of, payload_type
from schema.text_limits import Token
from schema.types.auth import AuthSession
from services.people.sessions import refresh_session


@strawberry.input(description="The refresh token to trade for a new session.")
class RefreshTokenInput:
    refresh_token: Token
    """The current refresh token (from `AuthSession.refreshToken`); single use. An expired, unknown
    or already used one is INVALID_TOKEN, and reusing a retired one also revokes the whole
    session (a stolen token stops working)."""


RefreshTokenPayload = payload_type(
    "RefreshTokenPayload",
    AuthSession,
    "session",
    "refreshToken",
    holds="The new session: fresh access and refresh tokens (the old refresh token is retired)",
)


async def refresh_token(info: strawberry.Info, input: RefreshTokenInput) -> RefreshTokenPayload:
    now = datetime.now(UTC)
    outcome = await atomically(
        info,
        lambda session: refresh_session(
            session, now, input.refresh_token, info.context.config.tokens
        ),
    )
    return payload_of(RefreshTokenPayload, outcome, "session", AuthSession.from_signed_in)
