"""``shareQuote``: a signed, expiring link for the customer to view and answer the sent revision."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Quote
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from services.quotes.editing import quote_for_update
from resolvers.quotes.sharing import SHAREABLE, issue_share_token, now_utc
from schema.errors import ErrorCode, UserError

MAX_DAYS = 90


@strawberry.input
class ShareQuoteInput:
    id: strawberry.relay.GlobalID
    expires_in_days: int = strawberry.field(default=14, description="At most 90; never past the quote's validity.")


@strawberry.type
class ShareQuotePayload:
    token: str | None = None
    expires_at: datetime | None = None
    document_path: str | None = strawberry.field(default=None, description="Where the PDF of the shared revision is.")
    user_errors: list[UserError]


async def share_quote(info: strawberry.Info, input: ShareQuoteInput) -> ShareQuotePayload:
    async def work(session: AsyncSession) -> tuple[str, datetime]:
        if not 0 < input.expires_in_days <= MAX_DAYS:
            raise reject(ErrorCode.INVALID, f"A link lasts 1 to {MAX_DAYS} days.", ["input", "expiresInDays"])
        quote: Quote = await quote_for_update(info, session, input.id, None)
        if quote.status not in SHAREABLE:
            raise reject(ErrorCode.INVALID_STATE, f"Mark the quote sent before sharing it (it is {quote.status.value}).", ["input", "id"])
        now = now_utc()
        validity_end = datetime.combine(quote.valid_until, datetime.max.time(), tzinfo=now.tzinfo)
        lifetime = min(timedelta(days=input.expires_in_days), max(validity_end - now, timedelta(minutes=1)))
        await audit_change(info, session, "shareQuote", quote)
        return issue_share_token(info.context.config.tokens.secret, quote, lifetime, now)

    outcome = await atomically(info, work)
    if outcome.value is None:
        return ShareQuotePayload(user_errors=outcome.errors)
    token, expires = outcome.value
    return ShareQuotePayload(token=token, expires_at=expires, document_path=f"/documents/shared/{token}.pdf", user_errors=[])
