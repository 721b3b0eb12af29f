"""``createBlockPrice`` (OPS): a flat price per band of quantity (1–10 users for 1,000).

The bands' rules are in ``services.catalog.block_prices``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import QuantityRangeInput, valid_from_field, valid_to_field
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey
from schema.types.price_books import BlockPrice
from services.catalog import block_prices
from services.catalog.block_prices import BandSpec, NewBlockPrice


@strawberry.input(
    description=(
        "One band of a block price: a flat price for any quantity from `fromQuantity` to"
        " `toQuantity`."
    )
)
class PriceBandInput(QuantityRangeInput):
    price: Decimal
    """The flat price of the whole band."""


@strawberry.input(
    description=(
        "A block price: flat prices by quantity band for one product in one currency, instead of"
        " a unit price. Bands start at 1 or more and follow each other without gap or overlap;"
        " only the last may be open."
    )
)
class CreateBlockPriceInput:
    name: str
    """A name for OPS lists."""
    product_id: relay.GlobalID
    """The global ID of the product it prices."""
    currency: CurrencyCode
    """The currency of the band prices; it prices quotes in this currency only."""
    valid_from: date = valid_from_field()
    bands: list[PriceBandInput]
    """The bands, in ascending quantity; at least one."""
    valid_to: date | None = valid_to_field()
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(block_prices.create_block_price, BlockPrice)
def create_block_price(input: CreateBlockPriceInput) -> Arguments:
    """The product, currency, quantity bands and the dates they hold."""
    product = key(input.product_id, "Product", "productId")
    bands = [command(BandSpec, band) for band in input.bands]
    return (command(NewBlockPrice, input, product_id=product, bands=bands),)
