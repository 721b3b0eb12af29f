"""``cloneQuote``: a new draft from any revision of a quote you can see, repriced today."""

from __future__ import annotations

import strawberry

from resolvers.mutation import decode_id
from resolvers.quotes.inputs import from_attributes
from resolvers.quotes.payload import QuotePayload, change_quote, retry_safe
from schema.text_limits import IdempotencyKey, LongName
from services.quotes.create import CloneQuote
from services.quotes.create import clone_quote as clone


@strawberry.input
class CloneQuoteInput:
    id: strawberry.relay.GlobalID
    revision: int | None = strawberry.field(
        default=None, description="The current revision by default."
    )
    name: LongName | None = None
    idempotency_key: IdempotencyKey | None = None


async def clone_quote(info: strawberry.Info, input: CloneQuoteInput) -> QuotePayload:
    policy = info.context.config.pricing
    return await change_quote(
        info,
        lambda session, actor, now: clone(
            session,
            actor,
            now,
            policy,
            from_attributes(CloneQuote, input, quote_id=decode_id(input.id, "Quote")),
        ),
        idempotent=retry_safe("cloneQuote", input),
    )
