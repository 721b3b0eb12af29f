"""``retireProduct`` (OPS): the product is no longer sold; its history stays."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.types.catalog import Product
from services.catalog import products


@strawberry.input
class RetireProductInput:
    id: relay.GlobalID
    version: int


@mutation(products.retire_product, Product)
def retire_product(input: RetireProductInput) -> Arguments:
    return key(input.id, "Product"), input.version
