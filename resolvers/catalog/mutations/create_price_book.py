"""``createPriceBook`` (OPS): a currency's standard book, or one for a segment/region/channel."""

from __future__ import annotations

import strawberry

from resolvers.mutation import Arguments, command, idempotency_key_field, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey, Segment
from schema.types.price_books import PriceBook
from services.catalog import price_books
from services.catalog.price_books import NewPriceBook


@strawberry.input(description="A standard book names no segment, region or channel.")
class CreatePriceBookInput:
    name: str
    """A name for OPS lists."""
    currency: CurrencyCode
    """The currency of every price in the book."""
    is_standard: bool = False
    """true: the book every account falls back to in this currency (one active per currency); false
    (the default): a book scoped by segment, region or channel."""
    segment: Segment | None = None
    """Matched against the account's segment."""
    region: Segment | None = None
    """Matched against the account's region."""
    channel: Segment | None = None
    """The sales channel it serves, e.g. 'partner'."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(
    price_books.create_price_book, PriceBook, constraint_errors=price_books.CONSTRAINT_REFUSALS
)
def create_price_book(input: CreatePriceBookInput) -> Arguments:
    """The new price book's name, currency and scope."""
    return (command(NewPriceBook, input),)
