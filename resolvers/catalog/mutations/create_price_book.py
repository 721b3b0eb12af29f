"""``createPriceBook`` (OPS): a currency's standard book, or one for a segment/region/channel."""

from __future__ import annotations

import strawberry

from db.models.price_books import PriceBook as PriceBookRow
from resolvers.mutation import Arguments, command, mutation
from schema.errors import UserError
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey, Segment
from schema.types.price_books import PriceBook
from services.catalog import price_books
from services.catalog.price_books import NewPriceBook


@strawberry.input(description="A standard book names no segment, region or channel.")
class CreatePriceBookInput:
    name: str
    currency: CurrencyCode
    is_standard: bool = False
    segment: Segment | None = strawberry.field(
        default=None, description="Matched against the account's segment."
    )
    region: Segment | None = None
    channel: Segment | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreatePriceBookPayload:
    price_book: PriceBook | None = None
    user_errors: list[UserError]


@mutation(
    CreatePriceBookPayload,
    price_books.create_price_book,
    constraint_errors=price_books.CONSTRAINT_REFUSALS,
    creates=PriceBookRow,
)
def create_price_book(input: CreatePriceBookInput) -> Arguments:
    return (command(NewPriceBook, input),)
