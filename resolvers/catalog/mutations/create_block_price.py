"""``createBlockPrice`` (OPS): a flat price per band of quantity (1–10 users for 1,000).

The bands' rules are in ``services.catalog.block_prices``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import QuantityRangeInput
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey
from schema.types.price_books import BlockPrice
from services.catalog import block_prices
from services.catalog.block_prices import BandSpec, NewBlockPrice


@strawberry.input
class PriceBandInput(QuantityRangeInput):
    price: Decimal = strawberry.field(description="The flat price of the whole band.")


@strawberry.input
class CreateBlockPriceInput:
    name: str
    product_id: relay.GlobalID
    currency: CurrencyCode
    valid_from: date
    bands: list[PriceBandInput]
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(block_prices.create_block_price, BlockPrice)
def create_block_price(input: CreateBlockPriceInput) -> Arguments:
    product = key(input.product_id, "Product", "productId")
    bands = [command(BandSpec, band) for band in input.bands]
    return (command(NewBlockPrice, input, product_id=product, bands=bands),)
