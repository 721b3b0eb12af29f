"""Retiring and ending: ``retireProduct``, ``retireDiscountSchedule`` and ``retireBlockPrice``
(OPS; the object stops applying, its history stays; optimistic on ``version``), and
``endPriceBookEntry`` and ``endContractedPrice`` (OPS; a price closes on a date, so a new one
can start then).

An open-ended entry gets its end; a dated one may only end earlier (ending later could run
into the next price): see ``services.catalog.price_book_entries`` and ``.contracted_prices``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from resolvers.mutation import mutation_on, version_field
from schema.types.catalog import Product
from schema.types.price_books import BlockPrice, ContractedPrice, DiscountSchedule, PriceBookEntry
from services.catalog import (
    block_prices,
    contracted_prices,
    discount_schedules,
    price_book_entries,
    products,
)


def version() -> tuple[type, Any]:
    return int, version_field()


def valid_to() -> tuple[type, Any]:
    return date, strawberry.field(description="The first day the price no longer applies.")


retire_product = mutation_on("retire", products.retire_product, Product, version=version())
retire_discount_schedule = mutation_on(
    "retire", discount_schedules.retire_discount_schedule, DiscountSchedule, version=version()
)
retire_block_price = mutation_on(
    "retire", block_prices.retire_block_price, BlockPrice, version=version()
)
end_price_book_entry = mutation_on(
    "end", price_book_entries.end_price_book_entry, PriceBookEntry, valid_to=valid_to()
)
end_contracted_price = mutation_on(
    "end", contracted_prices.end_contracted_price, ContractedPrice, valid_to=valid_to()
)
