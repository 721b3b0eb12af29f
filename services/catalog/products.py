"""Products: create, edit (costs and attributes replace the set), retire.

Any edit, even to costs or attributes only, moves the product's version, so an
editor holding an older copy gets a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.base import Base
from db.models.catalog import AttributeType, Product, ProductAttribute, ProductCost
from db.queries.catalog import active_rules, product_attributes, product_costs, product_id_with_sku
from pricing import Money
from services.audit import image, record_change
from services.catalog.checks import Unique, money_amount
from services.catalog.configuration_rules import stored_rule_problem
from services.catalog.lifecycle import retiring
from services.refusal import Code, Refusal, refuse
from services.rows import edit_or_refuse, new_row, record_new_with_parts
from services.validation import optional_text, required_text

ATTRIBUTE_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

SKU_TAKEN = Refusal(Code.ALREADY_EXISTS, "A product with this SKU exists.", ("input", "sku"))
CONSTRAINT_REFUSALS = {"uq_products_sku": SKU_TAKEN}
SKU = Unique(("input", "sku"), 64, product_id_with_sku, SKU_TAKEN)


UnitCost = Money
"""What one unit costs us in one currency: the pricing engine's ``Money``."""


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """A typed attribute a rep sets when configuring the product."""

    code: str
    name: str
    type: AttributeType
    choices: Sequence[str] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class NewProduct:
    sku: str
    name: str
    description: str = ""
    family: str | None = None
    unit_of_measure: str = "EACH"
    unit_costs: Sequence[UnitCost] = ()
    attributes: Sequence[AttributeSpec] = ()


@dataclass(frozen=True, slots=True)
class ProductChanges:
    """Fields left None stay as they are; a list given replaces the whole set."""

    sku: str | None = None
    name: str | None = None
    description: str | None = None
    family: str | None = None  # an empty string clears it
    unit_of_measure: str | None = None
    active: bool | None = None
    unit_costs: Sequence[UnitCost] | None = None
    attributes: Sequence[AttributeSpec] | None = None


async def create_product(
    session: AsyncSession, actor: Actor, now: datetime, new: NewProduct
) -> Product:
    """A product with its unit costs and typed attributes."""
    product = Product(
        sku=await SKU.check(session, new.sku),
        name=required_text(new.name, ("input", "name"), max_length=300),
        description=new.description.strip(),
        family=optional_text(new.family, ("input", "family"), max_length=100),
        unit_of_measure=required_text(
            new.unit_of_measure, ("input", "unitOfMeasure"), max_length=30
        ),
    )
    costs = unit_costs(new.unit_costs)
    attributes = attribute_rows(new.attributes)
    cost_rows = [ProductCost(currency=c, unit_cost=a) for c, a in costs]
    parts: dict[str, Sequence[Base]] = {"unitCosts": cost_rows, "attributes": attributes}
    return await record_new_with_parts(
        session, actor, "createProduct", product, "product_id", parts
    )


async def update_product(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    product_id: int,
    version: int,
    changes: ProductChanges,
) -> Product:
    """Edit, retire or reactivate a product; given costs or attributes replace the set."""
    product = await edit_or_refuse(session, Product, product_id, version)
    columns = await column_changes(session, product, changes)
    costs = unit_costs(changes.unit_costs) if changes.unit_costs is not None else None
    attributes = attribute_rows(changes.attributes) if changes.attributes is not None else None
    if attributes is not None:
        await check_rules_still_fit(session, product.id, {a.code: a for a in attributes})
    parts: dict[str, list[Base]] = {
        "unitCosts": list(await product_costs(session, product.id)),
        "attributes": list(await product_attributes(session, product.id)),
    }
    before = image(product, parts)
    # Child rows first: their flushes must not UPDATE the product, which changes once, below.
    if costs is not None:
        new_costs = [ProductCost(product_id=product.id, currency=c, unit_cost=a) for c, a in costs]
        parts["unitCosts"] = await replace(session, parts["unitCosts"], new_costs)
    if attributes is not None:
        for attribute in attributes:
            attribute.product_id = product.id
        parts["attributes"] = await replace(session, parts["attributes"], attributes)
    for name, value in columns.items():
        setattr(product, name, value)
    product.updated_at = now  # an UPDATE even when only child rows changed: the version moves
    await record_change(session, actor, "updateProduct", product, before, parts=parts)
    return product


retire_product = retiring(Product, "retireProduct")
"""The product is no longer sold; its history stays."""


async def column_changes(
    session: AsyncSession, product: Product, changes: ProductChanges
) -> dict[str, object]:
    """The product's new column values, checked."""
    columns: dict[str, object] = {}
    if changes.sku is not None:
        columns["sku"] = await SKU.check(session, changes.sku, product.id)
    if changes.name is not None:
        columns["name"] = required_text(changes.name, ("input", "name"), max_length=300)
    if changes.description is not None:
        columns["description"] = changes.description.strip()
    if changes.family is not None:
        columns["family"] = optional_text(changes.family, ("input", "family"), max_length=100)
    if changes.unit_of_measure is not None:
        columns["unit_of_measure"] = required_text(
            changes.unit_of_measure, ("input", "unitOfMeasure"), max_length=30
        )
    if changes.active is not None:
        columns["active"] = changes.active
    return columns


def unit_costs(items: Sequence[UnitCost]) -> list[tuple[str, Decimal]]:
    """(currency, amount) pairs, one per currency."""
    seen: set[str] = set()
    costs = []
    for index, item in enumerate(items):
        at = ("input", "unitCosts", str(index))
        amount = money_amount(item.amount, (*at, "amount"))
        if item.currency in seen:
            raise refuse(
                Code.INVALID,
                f"Give one unit cost per currency ({item.currency} twice).",
                (*at, "currency"),
            )
        seen.add(item.currency)
        costs.append((str(item.currency), amount))
    return costs


def attribute_rows(items: Sequence[AttributeSpec]) -> list[ProductAttribute]:
    """Unsaved attribute rows (no product yet), in the order given."""
    rows: list[ProductAttribute] = []
    codes: set[str] = set()
    for index, item in enumerate(items):
        at = ("input", "attributes", str(index))
        code = required_text(item.code, (*at, "code"), max_length=64)
        if not ATTRIBUTE_CODE.match(code):
            raise refuse(
                Code.INVALID,
                "A code is letters, digits and underscores, starting with a letter.",
                (*at, "code"),
            )
        if code in codes:
            raise refuse(
                Code.INVALID, f"Attribute codes are unique ('{code}' twice).", (*at, "code")
            )
        codes.add(code)
        choices = [required_text(c, (*at, "choices"), max_length=100) for c in item.choices]
        if item.type is AttributeType.CHOICE and not choices:
            raise refuse(
                Code.REQUIRED, "A CHOICE attribute needs at least one choice.", (*at, "choices")
            )
        if item.type is not AttributeType.CHOICE and choices:
            raise refuse(Code.INVALID, "Only a CHOICE attribute has choices.", (*at, "choices"))
        if len(set(choices)) != len(choices):
            raise refuse(Code.INVALID, "Each choice appears once.", (*at, "choices"))
        rows.append(
            new_row(
                ProductAttribute,
                item,
                code=code,
                name=required_text(item.name, (*at, "name"), max_length=200),
                choices=choices,
                position=index,
            )
        )
    return rows


async def replace(session: AsyncSession, old: Sequence[Base], new: Sequence[Base]) -> list[Base]:
    """Delete ``old`` rows before adding ``new`` ones, which may reuse their keys."""
    for row in old:
        await session.delete(row)
    await session.flush()
    session.add_all(new)
    return list(new)


async def check_rules_still_fit(
    session: AsyncSession, product_id: int, attributes: dict[str, ProductAttribute]
) -> None:
    """Active configuration rules of this bundle must still read the new attributes."""
    for rule in await active_rules(session, product_id):
        problem = stored_rule_problem(rule, attributes)
        if problem is not None:
            raise refuse(
                Code.INVALID_STATE,
                f"An active {rule.kind.value} rule would break: {problem} Retire the rule first.",
                ("input", "attributes"),
            )
