"""``retireBlockPrice`` (OPS): the block price stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import decode_id, mutate
from schema.errors import UserError
from schema.types.price_books import BlockPrice
from services.catalog import block_prices


@strawberry.input
class RetireBlockPriceInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class RetireBlockPricePayload:
    block_price: BlockPrice | None = None
    user_errors: list[UserError]


async def retire_block_price(info: strawberry.Info, input: RetireBlockPriceInput) -> RetireBlockPricePayload:
    return await mutate(
        info,
        RetireBlockPricePayload,
        "block_price",
        BlockPrice.from_row,
        lambda session, actor, now: block_prices.retire_block_price(
            session, actor, now, decode_id(input.id, "BlockPrice"), input.version
        ),
    )
