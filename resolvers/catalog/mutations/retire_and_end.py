"""Retiring and ending: ``retireProduct``, ``retireDiscountSchedule`` and ``retireBlockPrice``
(OPS; the object stops applying, its history stays; optimistic on ``version``), and
``endPriceBookEntry`` and ``endContractedPrice`` (OPS; a price closes on a date, so a new one
can start then).

An open-ended entry gets its end; a dated one may only end earlier (ending later could run
into the next price): see ``services.catalog.price_book_entries`` and ``.contracted_prices``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation, version_field
from schema.types.catalog import Product
from schema.types.price_books import BlockPrice, ContractedPrice, DiscountSchedule, PriceBookEntry
from services.catalog import (
    block_prices,
    contracted_prices,
    discount_schedules,
    price_book_entries,
    products,
)

RETIRED = "It stops applying to new pricing; the row stays for the quotes priced with it."


def id_field(what: str) -> Any:
    return strawberry.field(description=f"The global ID of the {what}.")


def valid_to_field() -> Any:
    return strawberry.field(
        description=(
            "The first day the price no longer applies; an open-ended price may end on any"
            " day, a dated one only earlier than it was set to."
        )
    )


@strawberry.input(description=f"A product to retire (`version`: the one you read). {RETIRED}")
class RetireProductInput:
    id: relay.GlobalID = id_field("product")
    version: int = version_field()


@strawberry.input(description=f"A discount schedule to retire. {RETIRED}")
class RetireDiscountScheduleInput:
    id: relay.GlobalID = id_field("discount schedule")
    version: int = version_field()


@strawberry.input(description=f"A block price to retire. {RETIRED}")
class RetireBlockPriceInput:
    id: relay.GlobalID = id_field("block price")
    version: int = version_field()


@strawberry.input(description="A price book entry to end on a day, so a new one can start then.")
class EndPriceBookEntryInput:
    id: relay.GlobalID = id_field("price book entry")
    valid_to: date = valid_to_field()


@strawberry.input(description="A contracted price to end on a day, so a new one can start then.")
class EndContractedPriceInput:
    id: relay.GlobalID = id_field("contracted price")
    valid_to: date = valid_to_field()


@mutation(products.retire_product, Product)
def retire_product(
    input: Annotated[
        RetireProductInput, strawberry.argument(description="The product, at its version.")
    ],
) -> Arguments:
    return key(input.id, "Product"), input.version


@mutation(discount_schedules.retire_discount_schedule, DiscountSchedule)
def retire_discount_schedule(
    input: Annotated[
        RetireDiscountScheduleInput,
        strawberry.argument(description="The schedule, at its version."),
    ],
) -> Arguments:
    return key(input.id, "DiscountSchedule"), input.version


@mutation(block_prices.retire_block_price, BlockPrice)
def retire_block_price(
    input: Annotated[
        RetireBlockPriceInput, strawberry.argument(description="The block price, at its version.")
    ],
) -> Arguments:
    return key(input.id, "BlockPrice"), input.version


@mutation(price_book_entries.end_price_book_entry, PriceBookEntry)
def end_price_book_entry(
    input: Annotated[
        EndPriceBookEntryInput, strawberry.argument(description="The entry and the day it ends.")
    ],
) -> Arguments:
    return key(input.id, "PriceBookEntry"), input.valid_to


@mutation(contracted_prices.end_contracted_price, ContractedPrice)
def end_contracted_price(
    input: Annotated[
        EndContractedPriceInput, strawberry.argument(description="The price and the day it ends.")
    ],
) -> Arguments:
    return key(input.id, "ContractedPrice"), input.valid_to
