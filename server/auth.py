"""Authentication backend: a Bearer JWT becomes the request's ``user``.

A request without a token is anonymous (``login`` must work): fields that need
a user answer ``UNAUTHENTICATED`` errors. A request with a bad or expired token
is refused before anything executes, never run as nobody, so the app knows to
refresh. So is a valid token whose user has been deactivated or no longer
exists (reason ``USER_INACTIVE``): the token outlives the deactivation by up to
its lifetime, so the user is checked on every request (``ActiveUsers``, cached
per process and invalidated through NOTIFY). How the refusal is sent follows
GraphQL-over-HTTP on ``/graphql``:

* ``application/json`` clients get **200** with ``{"errors": [...]}``, like
  every other well-formed GraphQL request, code ``UNAUTHENTICATED``;
* ``application/graphql-response+json`` clients get **401**: the response has
  no ``data``, and the spec asks for a 4xx then (as for parse errors, 400);
* either way ``extensions.reason`` says ``TOKEN_EXPIRED`` (refresh),
  ``INVALID_TOKEN`` or ``USER_INACTIVE`` (sign in again) and ``WWW-Authenticate``
  is set.

Other routes (the document downloads) are plain HTTP: 401.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

import jwt
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from server.http_errors import GRAPHQL_RESPONSE_JSON, accepts_graphql_response_json
from services.people.tokens import (
    AccessClaims,
    InvalidAccessToken,
    TokenConfig,
    decode_access_token,
)


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
        raise TokenRefused("The Authorization header must be `Bearer <token>`.", "INVALID_TOKEN")
    return token.strip()


class TokenRefused(AuthenticationError):
    """A Bearer token that cannot be used; ``reason`` tells the client what to do."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


VERIFIED_TOKENS = 4096
_verified: dict[tuple[object, str], AccessClaims] = {}
"""Tokens whose signature and claims were checked, by (secret, token): a phone sends the same
token with every request until it expires, and checking the signature and claims again
(``jwt.decode``) was a fifth of a small request's CPU. A remembered token is still refused
from the moment it expires, as ``jwt.decode`` would (``exp <= now``); another secret never
finds it. Bounded: emptied when full."""


def claims_from_token(config: TokenConfig, token: str) -> AccessClaims:
    key = (config.secret, token)
    known = _verified.get(key)
    if known is not None:
        expires = known.expires_at
        if expires is not None and datetime.now(UTC) < expires:
            return known
    claims = _decoded(config, token)
    if len(_verified) >= VERIFIED_TOKENS:
        _verified.clear()
    _verified[key] = claims
    return claims


def _decoded(config: TokenConfig, token: str) -> AccessClaims:
    try:
        return decode_access_token(config, token)
    except InvalidAccessToken as exc:
        if isinstance(exc.__cause__, jwt.ExpiredSignatureError):
            raise TokenRefused(
                "The access token has expired; refresh it.", "TOKEN_EXPIRED"
            ) from exc
        raise TokenRefused("The access token is invalid; sign in again.", "INVALID_TOKEN") from exc


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
            raise TokenRefused(
                "This user is deactivated or no longer exists; sign in again.", "USER_INACTIVE"
            )
        return AuthCredentials([r.value for r in claims.roles]), TokenUser(claims)


GRAPHQL_PATH = "/graphql"


def on_auth_error(conn: HTTPConnection, exc: Exception) -> Response:
    """The refusal of a bad token; see the module docstring for the status codes."""
    reason = getattr(exc, "reason", "INVALID_TOKEN")
    body = {
        "errors": [
            {"message": str(exc), "extensions": {"code": "UNAUTHENTICATED", "reason": reason}}
        ]
    }
    headers = {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{reason}"'}
    if conn.scope["type"] == "http" and conn.scope.get("path") == GRAPHQL_PATH:
        if accepts_graphql_response_json(conn.headers):
            return JSONResponse(
                body, status_code=401, headers=headers, media_type=GRAPHQL_RESPONSE_JSON
            )
        return JSONResponse(body, status_code=200, headers=headers)
    return JSONResponse(body, status_code=401, headers=headers)
