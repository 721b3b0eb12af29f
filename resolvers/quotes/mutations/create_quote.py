"""``createQuote``: a draft for one of your accounts, priced on save, with the standard clauses."""

from __future__ import annotations

from datetime import date

import strawberry

from db.models.quotes import Quote
from resolvers.lean_input import lean
from resolvers.mutation import command, create_once, key, perform
from resolvers.pricing.inputs import DiscountInput, discount
from resolvers.quotes.inputs import (
    CompetitorName,
    QuoteLineInput,
    competitors_field,
    customer_notes_field,
    new_line,
    notes_field,
)
from schema.scalars import CurrencyCode
from schema.text_limits import Comment, Document, IdempotencyKey, LongName
from schema.types.quote_mutation import QuotePayload, quote_payload
from services.quotes.create import NewQuote
from services.quotes.create import create_quote as create


@lean  # its 1,000 lines built by the plan, not each through strawberry's conversion
@strawberry.input(
    description=(
        "A new draft quote for one of your accounts; it is priced when saved and gets its"
        " segment's standard clauses."
    )
)
class CreateQuoteInput:
    account_id: strawberry.relay.GlobalID
    """The global ID of the account (one you may see)."""
    name: LongName | None = None
    """The quote's name; '<account name> — <today>' when null."""
    currency: CurrencyCode | None = None
    """The account's currency by default."""
    valid_until: date | None = None
    """30 days from today by default."""
    expected_close_date: date | None = None
    """The day the rep expects the deal to close."""
    terms: Document | None = None
    """The terms printed on the quote document."""
    notes: Comment | None = notes_field()
    customer_notes: Comment | None = customer_notes_field()
    competitors: list[CompetitorName] = competitors_field(replacing=False)
    lines: list[QuoteLineInput] = strawberry.field(
        default_factory=list,
        description="The quote's lines; empty by default, add them later with `updateQuoteLines`.",
    )
    quote_discount: DiscountInput | None = None
    """A discount on the whole quote, spread over the lines pro rata."""
    idempotency_key: IdempotencyKey | None = None
    """Retry with the same key to get the first result back."""


async def create_quote(info: strawberry.Info, input: CreateQuoteInput) -> QuotePayload:
    """The account, lines and header of the new draft."""
    new = command(
        NewQuote,
        input,
        account_id=key(input.account_id, "Account", "accountId"),
        competitors=tuple(input.competitors),
        lines=tuple(new_line(line) for line in input.lines),
        quote_discount=discount(input.quote_discount),
    )
    outcome = await perform(
        info,
        create,
        info.context.config.pricing,
        new,
        # Without a key nothing is remembered: skip copying a 1,000-line input to hash it.
        idempotent=create_once("createQuote", input, Quote) if input.idempotency_key else None,
    )
    return quote_payload(info, outcome)
