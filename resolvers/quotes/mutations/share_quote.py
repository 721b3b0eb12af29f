"""``shareQuote``: a signed, expiring link for the customer to view and answer the sent revision."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from resolvers.mutation import atomically
from resolvers.quotes.inputs import quote_ref
from schema.errors import UserError
from schema.permissions import require_viewer
from services.quotes.sharing import share_quote as share


@strawberry.input
class ShareQuoteInput:
    id: strawberry.relay.GlobalID
    expires_in_days: int = strawberry.field(
        default=14, description="At most 90; never past the quote's validity."
    )


@strawberry.type
class ShareQuotePayload:
    token: str | None = None
    expires_at: datetime | None = None
    document_path: str | None = strawberry.field(
        default=None, description="Where the PDF of the shared revision is."
    )
    user_errors: list[UserError]


async def share_quote(info: strawberry.Info, input: ShareQuoteInput) -> ShareQuotePayload:
    actor = require_viewer(info)
    now = datetime.now(UTC)
    secret = info.context.config.tokens.secret
    outcome = await atomically(
        info,
        lambda session: share(
            session, actor, now, secret, quote_ref(input).quote_id, input.expires_in_days
        ),
    )
    if outcome.value is None:
        return ShareQuotePayload(user_errors=outcome.errors)
    token, expires = outcome.value
    return ShareQuotePayload(
        token=token,
        expires_at=expires,
        document_path=f"/documents/shared/{token}.pdf",
        user_errors=[],
    )
