"""``shareQuote``: a signed, expiring link for the customer to view and answer the sent revision."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from resolvers.mutation import key, payload, payload_with, perform
from schema.errors import UserError
from services.quotes.sharing import share_quote as share


@strawberry.input(description="A quote to share with the customer through a signed link.")
class ShareQuoteInput:
    id: strawberry.relay.GlobalID
    """The global ID of the quote; its current revision is shared."""
    expires_in_days: int = 14
    """At most 90; never past the quote's validity."""


@payload("shareQuote", "the share link's token and expiry")
class ShareQuotePayload:
    token: str | None = None
    """The signed token that stands for the customer: put it in the link you send; null when
    refused."""
    expires_at: datetime | None = None
    """When the token stops working (ISO 8601, UTC); null when refused."""
    document_path: str | None = None
    """Where the PDF of the shared revision is."""
    user_errors: list[UserError]
    """Why the quote was not shared; empty on success."""


async def share_quote(info: strawberry.Info, input: ShareQuoteInput) -> ShareQuotePayload:
    """The quote to share and for how long the link stays valid."""
    outcome = await perform(
        info,
        share,
        info.context.config.tokens.secret,
        key(input.id, "Quote"),
        input.expires_in_days,
    )
    return await payload_with(ShareQuotePayload, outcome, _link)


def _link(value: tuple[str, datetime]) -> dict[str, Any]:
    token, expires = value
    return {
        "token": token,
        "expires_at": expires,
        "document_path": f"/documents/shared/{token}.pdf",
    }
