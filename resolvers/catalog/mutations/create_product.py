"""``createProduct`` (OPS): a product with its unit costs and typed attributes."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from resolvers.mutation import Arguments, command, idempotency_key_field, mutation
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
    code: Sku = strawberry.field(
        description="Letters, digits and underscores; unique in the product."
    )
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
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(products.create_product, Product, constraint_errors=products.CONSTRAINT_REFUSALS)
def create_product(input: CreateProductInput) -> Arguments:
    costs = [command(UnitCost, c) for c in input.unit_costs]
    attributes = [command(AttributeSpec, a) for a in input.attributes]
    return (command(NewProduct, input, unit_costs=costs, attributes=attributes),)
