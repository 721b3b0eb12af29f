"""``createProduct`` (OPS): a product with its unit costs and typed attributes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.catalog import AttributeType as AttributeTypeModel
from db.models.catalog import Product as ProductRow
from db.models.catalog import ProductAttribute as AttributeRow
from db.models.catalog import ProductCost as CostRow
from schema.text_limits import Document, Family, IdempotencyKey, LongName, Sku
from resolvers.catalog.rules import audit_aggregate, money_amount
from resolvers.mutation import IdempotentCreate, Rejected, atomically, reject
from services.validation import optional_text, required_text
from schema.errors import ErrorCode, UserError, user_error
from schema.scalars import CurrencyCode
from schema.types.catalog import AttributeType, Product

ATTRIBUTE_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


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
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateProductPayload:
    product: Product | None = None
    user_errors: list[UserError]


SKU_TAKEN = user_error(
    ErrorCode.ALREADY_EXISTS, "A product with this SKU exists.", ["input", "sku"]
)


async def check_sku(session: AsyncSession, value: str, *, product_id: int | None = None) -> str:
    sku = required_text(value, ["input", "sku"], max_length=64)
    other = await session.scalar(select(ProductRow.id).where(ProductRow.sku == sku))
    if other is not None and other != product_id:
        raise Rejected(SKU_TAKEN)
    return sku


def unit_costs(items: Sequence[UnitCostInput]) -> list[tuple[str, Decimal]]:
    """(currency, amount) pairs, one per currency."""
    seen: set[str] = set()
    costs = []
    for index, item in enumerate(items):
        at = ["input", "unitCosts", str(index)]
        amount = money_amount(item.amount, [*at, "amount"])
        if item.currency in seen:
            raise reject(
                ErrorCode.INVALID,
                f"Give one unit cost per currency ({item.currency} twice).",
                [*at, "currency"],
            )
        seen.add(item.currency)
        costs.append((str(item.currency), amount))
    return costs


def attribute_rows(items: Sequence[ProductAttributeInput]) -> list[AttributeRow]:
    """Unsaved attribute rows (no product yet), in the order given."""
    rows: list[AttributeRow] = []
    codes: set[str] = set()
    for index, item in enumerate(items):
        at = ["input", "attributes", str(index)]
        code = required_text(item.code, [*at, "code"], max_length=64)
        if not ATTRIBUTE_CODE.match(code):
            raise reject(
                ErrorCode.INVALID,
                "A code is letters, digits and underscores, starting with a letter.",
                [*at, "code"],
            )
        if code in codes:
            raise reject(
                ErrorCode.INVALID, f"Attribute codes are unique ('{code}' twice).", [*at, "code"]
            )
        codes.add(code)
        choices = [required_text(c, [*at, "choices"], max_length=100) for c in item.choices]
        if item.type is AttributeTypeModel.CHOICE and not choices:
            raise reject(
                ErrorCode.REQUIRED,
                "A CHOICE attribute needs at least one choice.",
                [*at, "choices"],
            )
        if item.type is not AttributeTypeModel.CHOICE and choices:
            raise reject(
                ErrorCode.INVALID, "Only a CHOICE attribute has choices.", [*at, "choices"]
            )
        if len(set(choices)) != len(choices):
            raise reject(ErrorCode.INVALID, "Each choice appears once.", [*at, "choices"])
        rows.append(
            AttributeRow(
                code=code,
                name=required_text(item.name, [*at, "name"], max_length=200),
                type=item.type,
                choices=choices,
                required=item.required,
                position=index,
            )
        )
    return rows


def cost_rows(product_id: int, costs: Sequence[tuple[str, Decimal]]) -> list[CostRow]:
    return [
        CostRow(product_id=product_id, currency=currency, unit_cost=amount)
        for currency, amount in costs
    ]


async def create_product(info: strawberry.Info, input: CreateProductInput) -> CreateProductPayload:
    async def work(session: AsyncSession) -> ProductRow:
        product = ProductRow(
            sku=await check_sku(session, input.sku),
            name=required_text(input.name, ["input", "name"], max_length=300),
            description=input.description.strip(),
            family=optional_text(input.family, ["input", "family"], max_length=100),
            unit_of_measure=required_text(
                input.unit_of_measure, ["input", "unitOfMeasure"], max_length=30
            ),
        )
        costs = unit_costs(input.unit_costs)
        attributes = attribute_rows(input.attributes)
        session.add(product)
        await session.flush()
        costs_added = cost_rows(product.id, costs)
        for attribute in attributes:
            attribute.product_id = product.id
        session.add_all([*costs_added, *attributes])
        await audit_aggregate(
            info,
            session,
            "createProduct",
            product,
            {"unitCosts": costs_added, "attributes": attributes},
        )
        return product

    outcome = await atomically(
        info,
        work,
        constraint_errors={"uq_products_sku": SKU_TAKEN},
        idempotent=IdempotentCreate(
            operation="createProduct",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=ProductRow,
        ),
    )
    return CreateProductPayload(
        product=Product.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
