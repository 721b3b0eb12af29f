"""Authentication backend: a Bearer JWT becomes the request's ``user``.

A request without a token is anonymous (``login`` must work); a request with a
bad or expired token is refused with 401 and ``UNAUTHENTICATED``, so the app
knows to refresh rather than silently acting as nobody. So is a valid token
whose user has been deactivated or no longer exists: the token outlives the
deactivation by up to its lifetime, so the user is checked on every request
(``ActiveUsers``, cached per process and invalidated through NOTIFY).
"""

from __future__ import annotations

from typing import Protocol

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from resolvers.auth.tokens import AccessClaims, InvalidAccessToken, TokenConfig, decode_access_token


class TokenUser(BaseUser):
    def __init__(self, claims: AccessClaims) -> None:
        self.claims = claims

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return str(self.claims.user_id)

    @property
    def identity(self) -> str:
        return str(self.claims.user_id)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("The Authorization header must be `Bearer <token>`.")
    return token.strip()


def claims_from_token(config: TokenConfig, token: str) -> AccessClaims:
    try:
        return decode_access_token(config, token)
    except InvalidAccessToken as exc:
        raise AuthenticationError("The access token is invalid or expired; refresh it.") from exc


class UserChecker(Protocol):
    async def is_active(self, user_id: int) -> bool: ...


class JWTBackend(AuthenticationBackend):
    def __init__(self, config: TokenConfig, users: UserChecker | None = None) -> None:
        self.config = config
        self.users = users

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        token = bearer_token(conn.headers.get("authorization"))
        if token is None:
            return None
        claims = claims_from_token(self.config, token)
        if self.users is not None and not await self.users.is_active(claims.user_id):
            raise AuthenticationError("This user is deactivated or no longer exists; sign in again.")
        return AuthCredentials([r.value for r in claims.roles]), TokenUser(claims)


def on_auth_error(conn: HTTPConnection, exc: Exception) -> Response:
    return JSONResponse(
        {"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )
