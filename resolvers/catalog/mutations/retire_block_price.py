"""``retireBlockPrice`` (OPS): the block price stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.types.price_books import BlockPrice
from services.catalog import block_prices


@strawberry.input
class RetireBlockPriceInput:
    id: relay.GlobalID
    version: int


@mutation(block_prices.retire_block_price, BlockPrice)
def retire_block_price(input: RetireBlockPriceInput) -> Arguments:
    return key(input.id, "BlockPrice"), input.version
