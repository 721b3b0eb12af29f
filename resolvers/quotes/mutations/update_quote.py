"""``updateQuote``: header fields (name, validity, dates, terms, notes, quote discount)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Quote
from schema.text_limits import Comment, Document, LongName
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from resolvers.pricing.inputs import DiscountInput
from services.quotes.editing import editable_revision, quote_for_update, touch
from resolvers.quotes.lines import check_discount
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.quotes.repricing import reprice
from services.validation import required_text
from schema.errors import ErrorCode


@strawberry.input(description="Fields left out stay as they are.")
class UpdateQuoteInput:
    id: strawberry.relay.GlobalID
    version: int
    name: LongName | None = None
    valid_until: date | None = None
    expected_close_date: date | None = None
    terms: Document | None = None
    notes: Comment | None = None
    customer_notes: Comment | None = None
    quote_discount: DiscountInput | None = None
    clear_quote_discount: bool = False


async def update_quote(info: strawberry.Info, input: UpdateQuoteInput) -> QuotePayload:
    async def work(session: AsyncSession) -> Quote:
        quote = await quote_for_update(info, session, input.id, input.version)
        revision = await editable_revision(info, session, quote)
        if input.name is not None:
            quote.name = required_text(input.name, ["input", "name"], max_length=300)
        if input.valid_until is not None:
            if input.valid_until < datetime.now(UTC).date():
                raise reject(ErrorCode.INVALID, "A quote cannot be valid only in the past.", ["input", "validUntil"])
            quote.valid_until = input.valid_until
        if input.expected_close_date is not None:
            quote.expected_close_date = input.expected_close_date
        for field in ("terms", "notes", "customer_notes"):
            if (value := getattr(input, field)) is not None:
                setattr(revision, field, value)
        if input.clear_quote_discount:
            revision.quote_discount_percent = revision.quote_discount_amount = None
        elif input.quote_discount is not None:
            percent, amount = check_discount(input.quote_discount, ["input", "quoteDiscount"])
            revision.quote_discount_percent, revision.quote_discount_amount = percent, amount
        await session.flush()
        await reprice(session, datetime.now(UTC), quote, revision, info.context.config.pricing)
        touch(quote)
        await audit_change(info, session, "updateQuote", quote)
        return quote

    return quote_payload(info, await atomically(info, work))
