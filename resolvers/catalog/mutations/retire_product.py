"""``retireProduct`` (OPS): the product is no longer sold; its history stays."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
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


@mutation(RetireProductPayload, products.retire_product)
def retire_product(input: RetireProductInput) -> Arguments:
    return key(input.id, "Product"), input.version
