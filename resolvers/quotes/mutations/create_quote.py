"""``createQuote``: a draft for one of your accounts, priced on save, with the standard clauses."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.mutation import decode_id
from resolvers.pricing.inputs import DiscountInput
from resolvers.quotes.inputs import QuoteLineInput, discount_of, from_attributes, new_line
from resolvers.quotes.payload import QuotePayload, change_quote, retry_safe
from schema.scalars import CurrencyCode
from schema.text_limits import Comment, Document, IdempotencyKey, LongName
from services.quotes.create import NewQuote
from services.quotes.create import create_quote as create


@strawberry.input
class CreateQuoteInput:
    account_id: strawberry.relay.GlobalID
    name: LongName | None = None
    currency: CurrencyCode | None = strawberry.field(
        default=None, description="The account's currency by default."
    )
    valid_until: date | None = strawberry.field(
        default=None, description="30 days from today by default."
    )
    expected_close_date: date | None = None
    terms: Document | None = None
    notes: Comment | None = strawberry.field(
        default=None, description="Internal; never shown to the customer."
    )
    customer_notes: Comment | None = None
    lines: list[QuoteLineInput] = strawberry.field(default_factory=list)
    quote_discount: DiscountInput | None = None
    idempotency_key: IdempotencyKey | None = None


def _command(input: CreateQuoteInput) -> NewQuote:
    return from_attributes(
        NewQuote,
        input,
        account_id=decode_id(input.account_id, "Account", ("input", "accountId")),
        lines=tuple(new_line(line) for line in input.lines),
        quote_discount=discount_of(input.quote_discount),
    )


async def create_quote(info: strawberry.Info, input: CreateQuoteInput) -> QuotePayload:
    policy = info.context.config.pricing
    return await change_quote(
        info,
        lambda session, actor, now: create(session, actor, now, policy, _command(input)),
        idempotent=retry_safe("createQuote", input),
    )
