"""Block prices: a flat price per band of quantity (1–10 users for 1,000).

Bands are inclusive, start at 1 or more, ascend without gap or overlap, and
only the last is open-ended, as the pricing engine requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.pricing_rules import BlockPrice, PriceBlock
from services.catalog.checks import active_product, check_bands, check_dates, money_amount
from services.catalog.lifecycle import retiring
from services.rows import new_row, record_new_with_parts
from services.validation import required_text


@dataclass(frozen=True, slots=True)
class BandSpec:
    from_quantity: int
    price: Decimal  # the flat price of the whole band
    to_quantity: int | None = None  # inclusive; None for the open last band


@dataclass(frozen=True, slots=True)
class NewBlockPrice:
    name: str
    product_id: int
    currency: str
    valid_from: date
    bands: Sequence[BandSpec]
    valid_to: date | None = None


async def create_block_price(
    session: AsyncSession, actor: Actor, now: datetime, new: NewBlockPrice
) -> BlockPrice:
    name = required_text(new.name, ("input", "name"), max_length=200)
    product = await active_product(session, new.product_id, ("input", "productId"))
    check_dates(new.valid_from, new.valid_to)
    bands = band_rows(new.bands)
    block_price = new_row(BlockPrice, new, name=name, product_id=product.id)
    return await record_new_with_parts(
        session, actor, "createBlockPrice", block_price, "block_price_id", {"bands": bands}
    )


retire_block_price = retiring(BlockPrice, "retireBlockPrice")


def band_rows(bands: Sequence[BandSpec]) -> list[PriceBlock]:
    field = ("input", "bands")
    check_bands([(b.from_quantity, b.to_quantity) for b in bands], field, noun="band")
    return [
        new_row(PriceBlock, b, price=money_amount(b.price, (*field, str(i), "price")))
        for i, b in enumerate(bands)
    ]
