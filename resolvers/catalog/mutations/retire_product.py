"""``retireProduct`` (OPS): the product is no longer sold; its history stays."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import decode_id, mutate
from schema.errors import UserError
from schema.types.catalog import Product
from services.catalog import products


@strawberry.input
class RetireProductInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class RetireProductPayload:
    product: Product | None = None
    user_errors: list[UserError]


async def retire_product(info: strawberry.Info, input: RetireProductInput) -> RetireProductPayload:
    return await mutate(
        info,
        RetireProductPayload,
        "product",
        Product.from_row,
        lambda session, actor, now: products.retire_product(
            session, actor, now, decode_id(input.id, "Product"), input.version
        ),
    )
