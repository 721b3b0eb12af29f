"""``retireBlockPrice`` (OPS): the block price stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import BlockPrice as BlockPriceRow
from resolvers.catalog.rules import retire
from resolvers.mutation import atomically
from schema.errors import UserError
from schema.types.price_books import BlockPrice


@strawberry.input
class RetireBlockPriceInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class RetireBlockPricePayload:
    block_price: BlockPrice | None = None
    user_errors: list[UserError]


async def retire_block_price(
    info: strawberry.Info, input: RetireBlockPriceInput
) -> RetireBlockPricePayload:
    async def work(session: AsyncSession) -> BlockPriceRow:
        return await retire(info, session, BlockPriceRow, input.id, input.version, "retireBlockPrice")

    outcome = await atomically(info, work)
    return RetireBlockPricePayload(
        block_price=BlockPrice.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
