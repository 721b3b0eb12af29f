"""``cloneQuote``: a new draft from any revision of a quote you can see, repriced today."""

from __future__ import annotations

import strawberry

from db.models.quotes import Quote
from resolvers.mutation import IdempotentCreate, decode_id
from resolvers.quotes.payload import QuotePayload, change_quote
from schema.text_limits import IdempotencyKey, LongName
from services.quotes.create import clone_quote as clone


@strawberry.input
class CloneQuoteInput:
    id: strawberry.relay.GlobalID
    revision: int | None = strawberry.field(default=None, description="The current revision by default.")
    name: LongName | None = None
    idempotency_key: IdempotencyKey | None = None


async def clone_quote(info: strawberry.Info, input: CloneQuoteInput) -> QuotePayload:
    policy = info.context.config.pricing
    return await change_quote(
        info,
        lambda session, actor, now: clone(
            session, actor, now, policy, decode_id(input.id, "Quote"), revision=input.revision, name=input.name
        ),
        idempotent=IdempotentCreate(
            operation="cloneQuote",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=Quote,
        ),
    )
