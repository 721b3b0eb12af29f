"""Sign-in: ``login``, ``refreshToken``, ``logout`` and ``me``."""

from __future__ import annotations

import strawberry

from resolvers.auth.mutations.login import LoginPayload, login
from resolvers.auth.mutations.logout import LogoutPayload, logout
from resolvers.auth.mutations.refresh_token import RefreshTokenPayload, refresh_token
from resolvers.fields import public_mutation_field
from schema.permissions import require_viewer, signed_in
from schema.types.user import User


@strawberry.type
class AuthQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="The signed-in user the request's bearer token names. Anyone signed in.",
    )
    async def me(self, info: strawberry.Info) -> User:
        row = await info.context.loaders.user_by_id.load(require_viewer(info).user_id)
        return User.from_row(row)


@strawberry.type
class AuthMutations:
    login: LoginPayload = public_mutation_field(
        login,
        "Sign in with email and password: a session (access and refresh tokens). Repeated "
        "failures for an account or address are throttled (TOO_MANY_ATTEMPTS, with "
        "`retryAfterSeconds` and a Retry-After header).",
    )
    refresh_token: RefreshTokenPayload = public_mutation_field(
        refresh_token,
        "Exchange a refresh token for a new session before or after the access token expires; "
        "the refresh token given is retired.",
    )
    logout: LogoutPayload = public_mutation_field(
        logout, "End this device's session: its refresh tokens are revoked."
    )
