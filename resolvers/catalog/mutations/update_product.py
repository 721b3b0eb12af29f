"""``updateProduct`` (OPS): edit, retire or reactivate; unit costs and attributes replace the set.

Optimistic on ``version``. Any change, even to costs or attributes only, bumps
the version, so an editor holding an older copy gets a conflict.
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.catalog.mutations.create_product import (
    ProductAttributeInput,
    UnitCostInput,
    attributes_of,
    costs_of,
)
from resolvers.mutation import command, decode_id, mutate
from schema.errors import UserError
from schema.text_limits import Document, Family, LongName, Sku
from schema.types.catalog import Product
from services.catalog import products
from services.catalog.products import ProductChanges


@strawberry.input(description="Fields left out (null) stay as they are; a list given replaces the whole set.")
class UpdateProductInput:
    id: relay.GlobalID
    version: int
    sku: Sku | None = None
    name: LongName | None = None
    description: Document | None = None
    family: Family | None = strawberry.field(default=None, description="An empty string clears it.")
    unit_of_measure: str | None = None
    active: bool | None = strawberry.field(default=None, description="false retires the product.")
    unit_costs: list[UnitCostInput] | None = None
    attributes: list[ProductAttributeInput] | None = None


@strawberry.type
class UpdateProductPayload:
    product: Product | None = None
    user_errors: list[UserError]


async def update_product(info: strawberry.Info, input: UpdateProductInput) -> UpdateProductPayload:
    changes = command(
        ProductChanges,
        input,
        unit_costs=None if input.unit_costs is None else costs_of(input.unit_costs),
        attributes=None if input.attributes is None else attributes_of(input.attributes),
    )
    return await mutate(
        info,
        UpdateProductPayload,
        "product",
        Product.from_row,
        lambda session, actor, now: products.update_product(
            session, actor, now, decode_id(input.id, "Product"), input.version, changes
        ),
        constraint_errors=products.CONSTRAINT_REFUSALS,
    )
