"""Access tokens (short-lived JWTs) and refresh tokens (random, stored hashed).

The JWT carries the user id and roles so a request needs no database trip to
authenticate; it lives minutes, so a deactivation or role change takes effect at
the next refresh, which re-reads the user.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import jwt

from db.models.users import Role

ALGORITHM = "HS256"
ISSUER = "dealdesk"


class InvalidAccessToken(Exception):
    """The bearer token is malformed, tampered with, or expired."""


@dataclass(frozen=True, slots=True)
class TokenConfig:
    secret: str = field(repr=False)
    """Signs and checks the JWTs; kept out of the repr, so no log or traceback shows it."""
    access_ttl: timedelta
    refresh_ttl: timedelta


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    roles: frozenset[Role]
    # When the token stops being valid; a WebSocket opened with it ends then.
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_at: datetime


def issue_access_token(
    config: TokenConfig, user_id: int, roles: list[Role], now: datetime
) -> IssuedToken:
    expires = now + config.access_ttl
    claims = {
        "sub": str(user_id),
        "roles": sorted(r.value for r in roles),
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "iss": ISSUER,
        "jti": uuid.uuid4().hex,
    }
    return IssuedToken(jwt.encode(claims, config.secret, algorithm=ALGORITHM), expires)


def decode_access_token(config: TokenConfig, token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            config.secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
        return AccessClaims(
            user_id=int(claims["sub"]),
            roles=frozenset(Role(r) for r in claims.get("roles", [])),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise InvalidAccessToken(str(exc)) from exc


def new_refresh_token() -> tuple[str, str]:
    """A new opaque refresh token and the hash we store instead of it."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_refresh_token(raw)


def hash_refresh_token(raw: str) -> str:
    # The token is 256 random bits, so a fast hash is enough; no salt needed.
    return hashlib.sha256(raw.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)
