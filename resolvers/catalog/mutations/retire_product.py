"""``retireProduct`` (OPS): the product is no longer sold; its history stays."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.catalog import Product as ProductRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.catalog.rules import load_product
from resolvers.mutation import atomically, check_version, reject
from schema.errors import ErrorCode, UserError
from schema.types.catalog import Product


@strawberry.input
class RetireProductInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class RetireProductPayload:
    product: Product | None = None
    user_errors: list[UserError]


async def retire_product(info: strawberry.Info, input: RetireProductInput) -> RetireProductPayload:
    async def work(session: AsyncSession) -> ProductRow:
        product = await load_product(session, input.id, ["input", "id"], for_update=True)
        check_version(product, input.version)
        if not product.active:
            raise reject(
                ErrorCode.INVALID_STATE, f"{product.name} is already retired.", ["input", "id"]
            )
        before = snapshot(product)
        product.active = False
        await audit_change(info, session, "retireProduct", product, before)
        return product

    outcome = await atomically(info, work)
    return RetireProductPayload(
        product=Product.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
