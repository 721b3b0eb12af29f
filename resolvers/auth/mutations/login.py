"""``login``: email and password in, a session out; throttled per account and address."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.audit import record
from db.queries.users import user_by_email
from schema.text_limits import Email
from resolvers.auth.sessions import open_session
from services.people.throttle import SignInThrottle
from services.people.tokens import utcnow
from resolvers.mutation import Rejected, atomically, reject
from schema.errors import ErrorCode, UserError, user_error
from schema.types.auth import AuthSession


@strawberry.input
class LoginInput:
    email: Email
    password: str


@strawberry.type
class LoginPayload:
    session: AuthSession | None = None
    user_errors: list[UserError]
    retry_after_seconds: int | None = strawberry.field(
        default=None,
        description="With TOO_MANY_ATTEMPTS: seconds to wait before the next sign-in attempt.",
    )


class FailedSignIn(Rejected):
    """Wrong credentials: refused, but the recorded failure must be committed."""

    keep_changes = True


def client_address(info: strawberry.Info) -> str | None:
    client = getattr(info.context.request, "client", None)
    return client.host if client is not None else None


async def login(info: strawberry.Info, input: LoginInput) -> LoginPayload:
    config = info.context.config
    throttled_for: int | None = None

    async def work(session: AsyncSession) -> AuthSession:
        nonlocal throttled_for
        now = utcnow()
        throttle = SignInThrottle(session, config.sign_in, input.email, client_address(info), now)
        wait = await throttle.check()
        if wait is not None:
            throttled_for = wait
            raise reject(
                ErrorCode.TOO_MANY_ATTEMPTS, f"Too many failed sign-ins. Try again in {wait} seconds.", ["input"]
            )
        user = await user_by_email(session, input.email.strip())
        # One answer for unknown email, wrong password and inactive user: no account probing.
        valid = await config.passwords.verify(user.password_hash if user else None, input.password)
        if not valid or user is None or not user.active:
            await throttle.failed()
            raise FailedSignIn(
                user_error(ErrorCode.INVALID_CREDENTIALS, "Email or password is not right.", ["input"])
            )
        await throttle.succeeded()
        if config.passwords.needs_rehash(user.password_hash):
            # Hashed with older (or cheaper) parameters: upgrade it now that we know the password.
            user.password_hash = await config.passwords.hash(input.password)
        record(
            session,
            actor_id=user.id,
            action="login",
            entity_type="User",
            entity_id=user.id,
            request_id=info.context.request_id,
        )
        return open_session(session, user, config.tokens, now)

    outcome = await atomically(info, work)
    if throttled_for is not None and info.context.response is not None:
        info.context.response.headers["Retry-After"] = str(throttled_for)
    return LoginPayload(session=outcome.value, user_errors=outcome.errors, retry_after_seconds=throttled_for)
