"""``updateProduct`` (OPS): edit, retire or reactivate; unit costs and attributes replace the set.

Optimistic on ``version``. Any change, even to costs or attributes only, bumps
the version, so an editor holding an older copy gets a conflict.
"""

from __future__ import annotations

import strawberry

from resolvers.catalog.mutations.create_product import ProductAttributeInput, UnitCostInput
from resolvers.mutation import Arguments, EditInput, command, key, mutation
from schema.text_limits import Document, Family, LongName, Sku
from schema.types.catalog import Product
from services.catalog import products
from services.catalog.products import AttributeSpec, ProductChanges, UnitCost


@strawberry.input(
    description="Fields left out (null) stay as they are; a list given replaces the whole set."
)
class UpdateProductInput(EditInput):
    sku: Sku | None = None
    """A new SKU, unique in the catalog."""
    name: LongName | None = None
    """A new name."""
    description: Document | None = None
    """A new description."""
    family: Family | None = None
    """An empty string clears it."""
    unit_of_measure: str | None = None
    """What one unit is, e.g. EACH, USER, TB."""
    active: bool | None = None
    """false retires the product."""
    unit_costs: list[UnitCostInput] | None = None
    """Replaces every unit cost: at most one per currency; amounts not negative."""
    attributes: list[ProductAttributeInput] | None = strawberry.field(
        default=None,
        description=(
            "Replaces every attribute; refused while an active configuration rule reads one that"
            " would go."
        ),
    )


@mutation(products.update_product, Product, constraint_errors=products.CONSTRAINT_REFUSALS)
def update_product(input: UpdateProductInput) -> Arguments:
    costs, attributes = input.unit_costs, input.attributes
    changes = command(
        ProductChanges,
        input,
        unit_costs=None if costs is None else [command(UnitCost, c) for c in costs],
        attributes=None if attributes is None else [command(AttributeSpec, a) for a in attributes],
    )
    return key(input.id, "Product"), input.version, changes
