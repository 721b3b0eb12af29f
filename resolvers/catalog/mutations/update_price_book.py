"""``updatePriceBook`` (OPS): rename, (de)activate or rescope a book; optimistic on ``version``.

The currency and whether the book is standard never change: its entries are
priced in that currency, and the standard book is the company-wide fallback.
"""

from __future__ import annotations

import strawberry

from resolvers.mutation import Arguments, EditInput, command, key, mutation
from schema.text_limits import Segment
from schema.types.price_books import PriceBook
from services.catalog import price_books
from services.catalog.price_books import PriceBookChanges


@strawberry.input(
    description="Fields left out (null) stay as they are; an empty string clears a scope."
)
class UpdatePriceBookInput(EditInput):
    name: str | None = None
    """A new name."""
    active: bool | None = None
    """false deactivates the book, true reactivates it."""
    segment: Segment | None = None
    """Matched against the account's segment; an empty string clears it."""
    region: Segment | None = None
    """Matched against the account's region; an empty string clears it."""
    channel: Segment | None = None
    """The sales channel it serves; an empty string clears it."""


@mutation(
    price_books.update_price_book, PriceBook, constraint_errors=price_books.CONSTRAINT_REFUSALS
)
def update_price_book(input: UpdatePriceBookInput) -> Arguments:
    return key(input.id, "PriceBook"), input.version, command(PriceBookChanges, input)
