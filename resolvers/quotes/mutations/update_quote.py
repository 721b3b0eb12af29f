"""``updateQuote``: header fields (name, validity, dates, terms, notes, quote discount)."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.pricing.inputs import DiscountInput
from resolvers.quotes.inputs import discount_of, from_attributes, quote_ref
from resolvers.quotes.payload import QuotePayload, change_quote
from schema.text_limits import Comment, Document, LongName
from services.quotes import update as use_case


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
    policy = info.context.config.pricing
    change = from_attributes(
        use_case.HeaderChange, input, quote_discount=discount_of(input.quote_discount)
    )
    return await change_quote(
        info,
        lambda session, actor, now: use_case.update_quote(
            session, actor, now, policy, quote_ref(input), change
        ),
    )
