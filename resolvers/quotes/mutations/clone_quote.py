"""``cloneQuote``: a new draft from any revision of a quote you can see, repriced today."""

from __future__ import annotations

import strawberry

from db.models.quotes import Quote
from resolvers.mutation import command, create_once, idempotency_key_field, key, perform
from schema.text_limits import IdempotencyKey, LongName
from schema.types.quote_mutation import QuotePayload, quote_payload
from services.quotes.create import CloneQuote
from services.quotes.create import clone_quote as clone


@strawberry.input(
    description=(
        "A quote revision to copy into a new draft you own, for the same account, repriced today."
    )
)
class CloneQuoteInput:
    id: strawberry.relay.GlobalID
    """The global ID of the quote to copy."""
    revision: int | None = None
    """The current revision by default."""
    name: LongName | None = None
    """The new draft's name; '<original name> (copy)' by default."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


async def clone_quote(info: strawberry.Info, input: CloneQuoteInput) -> QuotePayload:
    """The quote, and optionally the revision, to copy into a new draft."""
    outcome = await perform(
        info,
        clone,
        info.context.config.pricing,
        command(CloneQuote, input, quote_id=key(input.id, "Quote")),
        idempotent=create_once("cloneQuote", input, Quote),
    )
    return quote_payload(info, outcome)
