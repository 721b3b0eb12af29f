"""``createProduct`` (OPS): a product with its unit costs and typed attributes."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from resolvers.mutation import Arguments, command, empty_list_field, idempotency_key_field, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import Document, Family, IdempotencyKey, LongName, Sku
from schema.types.catalog import AttributeType, Product
from services.catalog import products
from services.catalog.products import AttributeSpec, NewProduct, UnitCost


@strawberry.input(description="What one unit costs us in one currency.")
class UnitCostInput:
    amount: Decimal
    """What one unit costs us, in `currency`; not negative. Used for margins (hidden from reps)."""
    currency: CurrencyCode
    """The currency of `amount`."""


@strawberry.input(description="A typed attribute a rep sets when configuring the product.")
class ProductAttributeInput:
    code: Sku
    """Letters, digits and underscores; unique in the product."""
    name: str
    """The attribute's label as the rep sees it."""
    type: AttributeType
    """CHOICE, NUMBER, BOOLEAN or TEXT: which `AttributeScalarInput` field a rep's value uses."""
    choices: list[Family] = empty_list_field(
        "The allowed values; CHOICE needs them, other types take none."
    )
    required: bool = False
    """true: a configuration without a value for it is invalid; false by default."""


@strawberry.input(
    description=(
        "A new catalog product, with its unit costs and the attributes a rep sets when"
        " configuring it."
    )
)
class CreateProductInput:
    sku: Sku
    """The stock-keeping unit, unique in the catalog."""
    name: LongName
    """The product's name, shown on quotes."""
    description: Document = ""
    """Shown on quotes; empty by default."""
    family: Family | None = None
    """The product family, used by schedules and promotions (e.g. Software)."""
    unit_of_measure: str = "EACH"
    """What one unit is, e.g. EACH (the default), USER, TB."""
    unit_costs: list[UnitCostInput] = empty_list_field(
        "At most one per currency; amounts are not negative."
    )
    attributes: list[ProductAttributeInput] = empty_list_field(
        "The typed attributes a rep sets when configuring it; codes unique in the product."
    )
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(products.create_product, Product, constraint_errors=products.CONSTRAINT_REFUSALS)
def create_product(input: CreateProductInput) -> Arguments:
    """The new product's SKU, name, costs and attributes."""
    costs = [command(UnitCost, c) for c in input.unit_costs]
    attributes = [command(AttributeSpec, a) for a in input.attributes]
    return (command(NewProduct, input, unit_costs=costs, attributes=attributes),)
