"""``endContractedPrice`` (OPS): close an account's price on a date, so a new one can start then."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.types.price_books import ContractedPrice
from services.catalog import contracted_prices


@strawberry.input
class EndContractedPriceInput:
    id: relay.GlobalID
    valid_to: date = strawberry.field(description="The first day the price no longer applies.")


@mutation(contracted_prices.end_contracted_price, ContractedPrice)
def end_contracted_price(input: EndContractedPriceInput) -> Arguments:
    return key(input.id, "ContractedPrice"), input.valid_to
