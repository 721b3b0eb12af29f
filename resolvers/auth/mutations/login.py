"""``login``: email and password in, a session out."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.audit import record
from db.queries.users import user_by_email
from schema.text_limits import Email
from resolvers.auth.passwords import verify_password
from resolvers.auth.sessions import open_session
from resolvers.auth.tokens import utcnow
from resolvers.mutation import atomically, reject
from schema.errors import ErrorCode, UserError
from schema.types.auth import AuthSession


@strawberry.input
class LoginInput:
    email: Email
    password: str


@strawberry.type
class LoginPayload:
    session: AuthSession | None = None
    user_errors: list[UserError]


async def login(info: strawberry.Info, input: LoginInput) -> LoginPayload:
    async def work(session: AsyncSession) -> AuthSession:
        user = await user_by_email(session, input.email.strip())
        # One answer for unknown email, wrong password and inactive user: no account probing.
        if not verify_password(user.password_hash if user else None, input.password) or (
            user is not None and not user.active
        ):
            raise reject(ErrorCode.INVALID_CREDENTIALS, "Email or password is not right.", ["input"])
        assert user is not None
        record(
            session,
            actor_id=user.id,
            action="login",
            entity_type="User",
            entity_id=user.id,
            request_id=info.context.request_id,
        )
        return open_session(session, user, info.context.config.tokens, utcnow())

    outcome = await atomically(info, work)
    return LoginPayload(session=outcome.value, user_errors=outcome.errors)
