"""Signing in: email and password in, a session out; throttled per account and address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.audit import record
from db.queries.users import user_by_email
from services.audit import current_request_id
from services.people.passwords import Passwords
from services.people.sessions import SignedIn, open_session
from services.people.throttle import SignInLimits, SignInThrottle
from services.people.tokens import TokenConfig
from services.refusal import Code, Refusal, Refused


@dataclass(frozen=True, slots=True)
class Credentials:
    email: str
    password: str
    address: str | None  # the client's address, throttled on its own


class TooManyAttempts(Refused):
    """Throttled: refused unchecked; ``retry_after`` seconds until the next attempt is allowed."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            Refusal(
                Code.TOO_MANY_ATTEMPTS,
                f"Too many failed sign-ins. Try again in {retry_after} seconds.",
                ("input",),
            )
        )
        self.retry_after = retry_after


class FailedSignIn(Refused):
    """Wrong credentials: refused, but the recorded failure must be committed."""

    keep_changes = True


async def login(
    session: AsyncSession,
    now: datetime,
    credentials: Credentials,
    *,
    passwords: Passwords,
    tokens: TokenConfig,
    limits: SignInLimits,
) -> SignedIn:
    throttle = SignInThrottle(session, limits, credentials.email, credentials.address, now)
    wait = await throttle.check()
    if wait is not None:
        raise TooManyAttempts(wait)
    user = await user_by_email(session, credentials.email.strip())
    # One answer for unknown email, wrong password and inactive user: no account probing.
    valid = await passwords.verify(user.password_hash if user else None, credentials.password)
    if not valid or user is None or not user.active:
        await throttle.failed()
        raise FailedSignIn(
            Refusal(Code.INVALID_CREDENTIALS, "Email or password is not right.", ("input",))
        )
    await throttle.succeeded()
    if passwords.needs_rehash(user.password_hash):
        # Hashed with older (or cheaper) parameters: upgrade it now that we know the password.
        user.password_hash = await passwords.hash(credentials.password)
    record(
        session,
        actor_id=user.id,
        action="login",
        entity_type="User",
        entity_id=user.id,
        request_id=current_request_id(),
    )
    return open_session(session, user, tokens, now)
