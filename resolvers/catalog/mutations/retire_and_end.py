"""Retiring and ending: ``retireProduct``, ``retireDiscountSchedule`` and ``retireBlockPrice``
(OPS; the object stops applying, its history stays; optimistic on ``version``), and
``endPriceBookEntry`` and ``endContractedPrice`` (OPS; a price closes on a date, so a new one
can start then).

An open-ended entry gets its end; a dated one may only end earlier (ending later could run
into the next price): see ``services.catalog.price_book_entries`` and ``.contracted_prices``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation, snake_case, version_field
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


def acting_on(
    use_case: Callable[..., Awaitable[Any]], returns: Any, input_type: type, argument: str
) -> Callable[..., Awaitable[Any]]:
    """The mutation named after ``input_type`` (``RetireProductInput``: ``retireProduct``) on
    the ``returns`` row its ``id`` names; ``use_case`` takes that row's key and the input's
    second field (the version read, or the day the price ends)."""
    last = list(input_type.__annotations__)[-1]

    def arguments(input: Any) -> Arguments:
        return key(input.id, returns.__name__), getattr(input, last)

    arguments.__annotations__ = {"input": input_type, "return": Arguments}
    arguments.__doc__ = argument
    arguments.__name__ = snake_case(input_type.__name__.removesuffix("Input"))
    return mutation(use_case, returns)(arguments)


retire_product = acting_on(
    products.retire_product, Product, RetireProductInput, "The product, at its version."
)
retire_discount_schedule = acting_on(
    discount_schedules.retire_discount_schedule,
    DiscountSchedule,
    RetireDiscountScheduleInput,
    "The schedule, at its version.",
)
retire_block_price = acting_on(
    block_prices.retire_block_price,
    BlockPrice,
    RetireBlockPriceInput,
    "The block price, at its version.",
)
end_price_book_entry = acting_on(
    price_book_entries.end_price_book_entry,
    PriceBookEntry,
    EndPriceBookEntryInput,
    "The entry and the day it ends.",
)
end_contracted_price = acting_on(
    contracted_prices.end_contracted_price,
    ContractedPrice,
    EndContractedPriceInput,
    "The price and the day it ends.",
)
