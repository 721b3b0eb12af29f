"""``createPriceBookEntry`` (OPS): a product's price in a book from one date (until another).

One product's entries in one book never overlap in time (see
``services.catalog.price_book_entries``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from db.models.price_books import PriceBookEntry as EntryRow
from resolvers.mutation import command, create_once, decode_id, mutate
from schema.errors import UserError
from schema.text_limits import IdempotencyKey
from schema.types.price_books import PriceBookEntry
from services.catalog import price_book_entries
from services.catalog.price_book_entries import NewPriceBookEntry


@strawberry.input(description="Amounts are in the book's currency; `validTo` is exclusive, null for open-ended.")
class CreatePriceBookEntryInput:
    price_book_id: relay.GlobalID
    product_id: relay.GlobalID
    unit_price: Decimal
    valid_from: date
    floor_price: Decimal | None = strawberry.field(
        default=None, description="The lowest unit price without approval; at most the unit price."
    )
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreatePriceBookEntryPayload:
    price_book_entry: PriceBookEntry | None = None
    user_errors: list[UserError]


def new_entry(input: CreatePriceBookEntryInput) -> NewPriceBookEntry:
    return command(
        NewPriceBookEntry,
        input,
        price_book_id=decode_id(input.price_book_id, "PriceBook", ("input", "priceBookId")),
        product_id=decode_id(input.product_id, "Product", ("input", "productId")),
    )


async def create_price_book_entry(
    info: strawberry.Info, input: CreatePriceBookEntryInput
) -> CreatePriceBookEntryPayload:
    return await mutate(
        info,
        CreatePriceBookEntryPayload,
        "price_book_entry",
        PriceBookEntry.from_row,
        lambda session, actor, now: price_book_entries.create_price_book_entry(session, actor, now, new_entry(input)),
        constraint_errors=price_book_entries.CONSTRAINT_REFUSALS,
        idempotent=create_once("createPriceBookEntry", input, EntryRow),
    )
