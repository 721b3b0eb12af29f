"""``createPriceBookEntry`` (OPS): a product's price in a book from one date (until another).

One product's entries in one book never overlap in time (see
``services.catalog.price_book_entries``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import valid_from_field, valid_to_field
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.text_limits import IdempotencyKey
from schema.types.price_books import PriceBookEntry
from services.catalog import price_book_entries
from services.catalog.price_book_entries import NewPriceBookEntry


@strawberry.input(
    description="Amounts are in the book's currency; `validTo` is exclusive, null for open-ended."
)
class CreatePriceBookEntryInput:
    price_book_id: relay.GlobalID
    """The global ID of the price book."""
    product_id: relay.GlobalID
    """The global ID of the product priced."""
    unit_price: Decimal
    """The list price of one unit, in the book's currency; not negative."""
    valid_from: date = valid_from_field()
    floor_price: Decimal | None = None
    """The lowest unit price without approval; at most the unit price."""
    valid_to: date | None = valid_to_field()
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(
    price_book_entries.create_price_book_entry,
    PriceBookEntry,
    constraint_errors=price_book_entries.CONSTRAINT_REFUSALS,
)
def create_price_book_entry(input: CreatePriceBookEntryInput) -> Arguments:
    """The price book, product, unit price and the dates it holds."""
    book = key(input.price_book_id, "PriceBook", "priceBookId")
    product = key(input.product_id, "Product", "productId")
    return (command(NewPriceBookEntry, input, price_book_id=book, product_id=product),)
