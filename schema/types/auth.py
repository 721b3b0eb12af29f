"""What a successful sign-in or refresh hands the app."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry

from schema.types.user import User

if TYPE_CHECKING:  # a type only: schema types import nothing from services at run time
    from services.people.sessions import SignedIn


@strawberry.type(
    description="Tokens for a signed-in user. Send the access token as `Authorization: Bearer …`."
)
class AuthSession:
    access_token: str
    """A signed JWT naming the user and their roles; send it with every request until
    `accessTokenExpiresAt` (minutes away), then refresh."""
    access_token_expires_at: datetime = strawberry.field(
        description="When the access token stops working (`UNAUTHENTICATED` with reason"
        " TOKEN_EXPIRED afterwards)."
    )
    refresh_token: str
    """Single use: `refreshToken` returns a new one and retires this one."""
    refresh_token_expires_at: datetime
    """When the refresh token stops working (weeks away): then sign in again."""
    user: User
    """The signed-in user."""

    @classmethod
    def from_signed_in(cls, signed_in: SignedIn) -> AuthSession:
        return cls(
            access_token=signed_in.access.token,
            access_token_expires_at=signed_in.access.expires_at,
            refresh_token=signed_in.refresh_token,
            refresh_token_expires_at=signed_in.refresh_expires_at,
            user=User.from_row(signed_in.user),
        )
