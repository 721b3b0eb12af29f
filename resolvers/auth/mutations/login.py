"""``login``: email and password in, a session out; throttled per account and address."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from resolvers.mutation import atomically, user_errors_field
from schema.errors import UserError
from schema.text_limits import Email
from schema.types.auth import AuthSession
from services.people import login as people
from services.people.sessions import SignedIn


@strawberry.input(description="A user's credentials, to sign in on this device.")
class LoginInput:
    email: Email
    """The user's email address (the sign-in name)."""
    password: str
    """The user's password."""


@strawberry.type(
    description="The result of `login`: a new session, or `userErrors` (wrong credentials, "
    "TOO_MANY_ATTEMPTS) saying why not."
)
class LoginPayload:
    session: AuthSession | None = None
    """The new session's tokens and the signed-in user; null when refused."""
    user_errors: list[UserError] = user_errors_field()
    retry_after_seconds: int | None = None
    """With TOO_MANY_ATTEMPTS: seconds to wait before the next sign-in attempt."""


def client_address(info: strawberry.Info) -> str | None:
    client = getattr(info.context.request, "client", None)
    return client.host if client is not None else None


async def login(info: strawberry.Info, input: LoginInput) -> LoginPayload:
    config = info.context.config
    credentials = people.Credentials(input.email, input.password, client_address(info))
    throttled_for: int | None = None

    async def work(session: AsyncSession) -> SignedIn:
        nonlocal throttled_for
        try:
            return await people.login(
                session,
                datetime.now(UTC),
                credentials,
                passwords=config.passwords,
                tokens=config.tokens,
                limits=config.sign_in,
            )
        except people.TooManyAttempts as throttled:
            throttled_for = throttled.retry_after
            raise

    outcome = await atomically(info, work)
    if throttled_for is not None and info.context.response is not None:
        info.context.response.headers["Retry-After"] = str(throttled_for)
    session = None if outcome.value is None else AuthSession.from_signed_in(outcome.value)
    return LoginPayload(
        session=session, user_errors=outcome.errors, retry_after_seconds=throttled_for
    )
