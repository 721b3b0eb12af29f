"""``endPriceBookEntry`` (OPS): close a price on a date, so a new price can start then.

An open-ended entry gets its end; a dated one may only end earlier (ending
later could run into the next price).
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.types.price_books import PriceBookEntry
from services.catalog import price_book_entries


@strawberry.input
class EndPriceBookEntryInput:
    id: relay.GlobalID
    valid_to: date = strawberry.field(description="The first day the price no longer applies.")


@mutation(price_book_entries.end_price_book_entry, PriceBookEntry)
def end_price_book_entry(input: EndPriceBookEntryInput) -> Arguments:
    return key(input.id, "PriceBookEntry"), input.valid_to
