"""``createProduct`` (OPS): a product with its unit costs and typed attributes."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from db.models.catalog import Product as ProductRow
from resolvers.mutation import command, create_once, mutate
from schema.errors import UserError
from schema.scalars import CurrencyCode
from schema.text_limits import Document, Family, IdempotencyKey, LongName, Sku
from schema.types.catalog import AttributeType, Product
from services.catalog import products
from services.catalog.products import AttributeSpec, NewProduct, UnitCost


@strawberry.input(description="What one unit costs us in one currency.")
class UnitCostInput:
    amount: Decimal
    currency: CurrencyCode


@strawberry.input(description="A typed attribute a rep sets when configuring the product.")
class ProductAttributeInput:
    code: Sku = strawberry.field(description="Letters, digits and underscores; unique in the product.")
    name: str
    type: AttributeType  # type: ignore[valid-type]
    choices: list[Family] = strawberry.field(
        default_factory=list,
        description="The allowed values; CHOICE needs them, other types take none.",
    )
    required: bool = False


@strawberry.input
class CreateProductInput:
    sku: Sku
    name: LongName
    description: Document = ""
    family: Family | None = None
    unit_of_measure: str = "EACH"
    unit_costs: list[UnitCostInput] = strawberry.field(
        default_factory=list, description="At most one per currency; amounts are not negative."
    )
    attributes: list[ProductAttributeInput] = strawberry.field(default_factory=list)
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateProductPayload:
    product: Product | None = None
    user_errors: list[UserError]


def costs_of(items: list[UnitCostInput]) -> list[UnitCost]:
    return [command(UnitCost, item) for item in items]


def attributes_of(items: list[ProductAttributeInput]) -> list[AttributeSpec]:
    return [command(AttributeSpec, item) for item in items]


async def create_product(info: strawberry.Info, input: CreateProductInput) -> CreateProductPayload:
    new = command(NewProduct, input, unit_costs=costs_of(input.unit_costs), attributes=attributes_of(input.attributes))
    return await mutate(
        info,
        CreateProductPayload,
        "product",
        Product.from_row,
        lambda session, actor, now: products.create_product(session, actor, now, new),
        constraint_errors=products.CONSTRAINT_REFUSALS,
        idempotent=create_once("createProduct", input, ProductRow),
    )
