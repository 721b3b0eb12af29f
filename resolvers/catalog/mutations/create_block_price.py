"""``createBlockPrice`` (OPS): a flat price per band of quantity (1–10 users for 1,000).

Bands are inclusive, start at 1 or more, ascend without gap or overlap, and
only the last is open-ended, as the pricing engine requires.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import BlockPrice as BlockPriceRow
from db.models.pricing_rules import PriceBlock as BandRow
from schema.text_limits import IdempotencyKey
from resolvers.catalog.rules import (
    active_product,
    audit_aggregate,
    check_bands,
    check_dates,
    money_amount,
)
from resolvers.mutation import IdempotentCreate, atomically
from services.validation import required_text
from schema.errors import UserError
from schema.scalars import CurrencyCode
from schema.types.price_books import BlockPrice


@strawberry.input
class PriceBandInput:
    from_quantity: int
    to_quantity: int | None = strawberry.field(
        default=None, description="Inclusive; null for the open last band."
    )
    price: Decimal = strawberry.field(description="The flat price of the whole band.")


@strawberry.input
class CreateBlockPriceInput:
    name: str
    product_id: relay.GlobalID
    currency: CurrencyCode
    valid_from: date
    bands: list[PriceBandInput]
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateBlockPricePayload:
    block_price: BlockPrice | None = None
    user_errors: list[UserError]


def band_rows(bands: list[PriceBandInput]) -> list[BandRow]:
    check_bands([(b.from_quantity, b.to_quantity) for b in bands], ["input", "bands"], noun="band")
    return [
        BandRow(
            from_quantity=b.from_quantity,
            to_quantity=b.to_quantity,
            price=money_amount(b.price, ["input", "bands", str(i), "price"]),
        )
        for i, b in enumerate(bands)
    ]


async def create_block_price(
    info: strawberry.Info, input: CreateBlockPriceInput
) -> CreateBlockPricePayload:
    async def work(session: AsyncSession) -> BlockPriceRow:
        name = required_text(input.name, ["input", "name"], max_length=200)
        product = await active_product(session, input.product_id, ["input", "productId"])
        check_dates(input.valid_from, input.valid_to)
        bands = band_rows(input.bands)
        block_price = BlockPriceRow(
            name=name,
            product_id=product.id,
            currency=input.currency,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        session.add(block_price)
        await session.flush()
        for band in bands:
            band.block_price_id = block_price.id
        session.add_all(bands)
        await audit_aggregate(info, session, "createBlockPrice", block_price, {"bands": bands})
        return block_price

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="createBlockPrice",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=BlockPriceRow,
        ),
    )
    return CreateBlockPricePayload(
        block_price=BlockPrice.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
