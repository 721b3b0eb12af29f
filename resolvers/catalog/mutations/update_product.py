"""``updateProduct`` (OPS): edit, retire or reactivate; unit costs and attributes replace the set.

Optimistic on ``version``. Any change, even to costs or attributes only, bumps
the version, so an editor holding an older copy gets a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.base import Base
from db.models.catalog import ConfigurationRule as RuleRow
from db.models.catalog import Product as ProductRow
from db.models.catalog import ProductAttribute as AttributeRow
from db.models.catalog import ProductCost as CostRow
from schema.text_limits import Document, Family, LongName, Sku
from resolvers.catalog.mutations.create_product import (
    SKU_TAKEN,
    ProductAttributeInput,
    UnitCostInput,
    attribute_rows,
    check_sku,
    cost_rows,
    unit_costs,
)
from resolvers.catalog.rules import audit_aggregate, load_product, stored_rule_problem, with_parts
from resolvers.mutation import atomically, check_version, reject
from services.validation import optional_text, required_text
from schema.errors import ErrorCode, UserError
from schema.types.catalog import Product


@strawberry.input(
    description="Fields left out (null) stay as they are; a list given replaces the whole set."
)
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


async def product_parts(session: AsyncSession, product_id: int) -> dict[str, list[Base]]:
    """The product's child rows, for the audit log."""
    costs = await session.scalars(
        select(CostRow).where(CostRow.product_id == product_id).order_by(CostRow.currency)
    )
    attributes = await session.scalars(
        select(AttributeRow)
        .where(AttributeRow.product_id == product_id)
        .order_by(AttributeRow.position)
    )
    return {"unitCosts": list(costs), "attributes": list(attributes)}


async def update_product(info: strawberry.Info, input: UpdateProductInput) -> UpdateProductPayload:
    async def work(session: AsyncSession) -> ProductRow:
        product = await load_product(session, input.id, ["input", "id"], for_update=True)
        check_version(product, input.version)
        changes = await column_changes(session, product, input)
        costs = unit_costs(input.unit_costs) if input.unit_costs is not None else None
        attributes = attribute_rows(input.attributes) if input.attributes is not None else None
        if attributes is not None:
            await check_rules_still_fit(session, product.id, {a.code: a for a in attributes})
        parts = await product_parts(session, product.id)
        before = with_parts(product, parts)
        # Child rows first: their flushes must not UPDATE the product, which changes once, below.
        if costs is not None:
            parts["unitCosts"] = await replace(
                session, parts["unitCosts"], cost_rows(product.id, costs)
            )
        if attributes is not None:
            for attribute in attributes:
                attribute.product_id = product.id
            parts["attributes"] = await replace(session, parts["attributes"], attributes)
        for name, value in changes.items():
            setattr(product, name, value)
        product.updated_at = (
            func.now()
        )  # an UPDATE even when only child rows changed: the version moves
        await audit_aggregate(info, session, "updateProduct", product, parts, before)
        return product

    outcome = await atomically(info, work, constraint_errors={"uq_products_sku": SKU_TAKEN})
    return UpdateProductPayload(
        product=Product.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )


async def column_changes(
    session: AsyncSession, product: ProductRow, input: UpdateProductInput
) -> dict[str, object]:
    """The product's new column values, checked."""
    changes: dict[str, object] = {}
    if input.sku is not None:
        changes["sku"] = await check_sku(session, input.sku, product_id=product.id)
    if input.name is not None:
        changes["name"] = required_text(input.name, ["input", "name"], max_length=300)
    if input.description is not None:
        changes["description"] = input.description.strip()
    if input.family is not None:
        changes["family"] = optional_text(input.family, ["input", "family"], max_length=100)
    if input.unit_of_measure is not None:
        changes["unit_of_measure"] = required_text(
            input.unit_of_measure, ["input", "unitOfMeasure"], max_length=30
        )
    if input.active is not None:
        changes["active"] = input.active
    return changes


async def replace(session: AsyncSession, old: Sequence[Base], new: Sequence[Base]) -> list[Base]:
    """Delete ``old`` rows before adding ``new`` ones, which may reuse their keys."""
    for row in old:
        await session.delete(row)
    await session.flush()
    session.add_all(new)
    return list(new)


async def check_rules_still_fit(
    session: AsyncSession, product_id: int, attributes: dict[str, AttributeRow]
) -> None:
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
