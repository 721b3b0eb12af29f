"""``updateProduct`` (OPS): edit, retire or reactivate; unit costs and attributes replace the set.

Optimistic on ``version``. Any change, even to costs or attributes only, bumps
the version, so an editor holding an older copy gets a conflict.
"""

from __future__ import annotations

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.catalog import ConfigurationRule as RuleRow
from db.models.catalog import Product as ProductRow
from db.models.catalog import ProductAttribute as AttributeRow
from db.models.catalog import ProductCost as CostRow
from resolvers.catalog.mutations.create_configuration_rule import stored_rule_problem
from resolvers.catalog.mutations.create_product import (
    SKU_TAKEN,
    ProductAttributeInput,
    UnitCostInput,
    attribute_rows,
    check_sku,
    cost_rows,
    unit_costs,
)
from resolvers.catalog.rules import audit_aggregate, load_product, with_parts
from resolvers.mutation import atomically, check_version, reject
from resolvers.validation import optional_text, required_text
from schema.errors import ErrorCode, UserError
from schema.types.catalog import Product


@strawberry.input(description="Fields left out (null) stay as they are; a list given replaces the whole set.")
class UpdateProductInput:
    id: relay.GlobalID
    version: int
    sku: str | None = None
    name: str | None = None
    description: str | None = None
    family: str | None = strawberry.field(default=None, description="An empty string clears it.")
    unit_of_measure: str | None = None
    active: bool | None = strawberry.field(default=None, description="false retires the product.")
    unit_costs: list[UnitCostInput] | None = None
    attributes: list[ProductAttributeInput] | None = None


@strawberry.type
class UpdateProductPayload:
    product: Product | None = None
    user_errors: list[UserError]


async def product_parts(session: AsyncSession, product_id: int) -> dict[str, list[object]]:
    """The product's child rows, for the audit log."""
    costs = await session.scalars(select(CostRow).where(CostRow.product_id == product_id).order_by(CostRow.currency))
    attributes = await session.scalars(
        select(AttributeRow).where(AttributeRow.product_id == product_id).order_by(AttributeRow.position)
    )
    return {"unitCosts": list(costs), "attributes": list(attributes)}


async def update_product(info: strawberry.Info, input: UpdateProductInput) -> UpdateProductPayload:
    async def work(session: AsyncSession) -> ProductRow:
        product = await load_product(session, input.id, ["input", "id"], for_update=True)
        check_version(product, input.version)
        parts = await product_parts(session, product.id)
        before = with_parts(product, parts)
        if input.sku is not None:
            product.sku = await check_sku(session, input.sku, product_id=product.id)
        if input.name is not None:
            product.name = required_text(input.name, ["input", "name"], max_length=300)
        if input.description is not None:
            product.description = input.description.strip()
        if input.family is not None:
            product.family = optional_text(input.family, ["input", "family"], max_length=100)
        if input.unit_of_measure is not None:
            product.unit_of_measure = required_text(input.unit_of_measure, ["input", "unitOfMeasure"], max_length=30)
        if input.active is not None:
            product.active = input.active
        if input.unit_costs is not None:
            costs = unit_costs(input.unit_costs)
            for row in parts["unitCosts"]:
                await session.delete(row)
            await session.flush()
            parts["unitCosts"] = list(cost_rows(product.id, costs))
            session.add_all(parts["unitCosts"])
        if input.attributes is not None:
            attributes = attribute_rows(input.attributes)
            await check_rules_still_fit(session, product.id, {a.code: a for a in attributes})
            for row in parts["attributes"]:
                await session.delete(row)
            await session.flush()
            for attribute in attributes:
                attribute.product_id = product.id
            parts["attributes"] = list(attributes)
            session.add_all(attributes)
        product.updated_at = func.now()  # an UPDATE even when only child rows changed: the version moves
        await audit_aggregate(info, session, "updateProduct", product, parts, before)
        return product

    outcome = await atomically(info, work, constraint_errors={"uq_products_sku": SKU_TAKEN})
    return UpdateProductPayload(
        product=Product.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )


async def check_rules_still_fit(session: AsyncSession, product_id: int, attributes: dict[str, AttributeRow]) -> None:
    """Active configuration rules of this bundle must still read the new attributes."""
    rules = await session.scalars(
        select(RuleRow).where(RuleRow.bundle_id == product_id, RuleRow.active).order_by(RuleRow.id)
    )
    for rule in rules:
        problem = stored_rule_problem(rule, attributes)
        if problem is not None:
            raise reject(
                ErrorCode.INVALID_STATE,
                f"An active {rule.kind.value} rule would break: {problem} Retire the rule first.",
                ["input", "attributes"],
            )
