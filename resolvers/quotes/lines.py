"""Quote line inputs: checked once here, for create and for batch edits."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.catalog import BundleOption, Product
from db.models.quotes import QuoteLine, QuoteRevision
from schema.text_limits import Sku
from resolvers.mutation import reject
from resolvers.pricing.inputs import ConfigurationInput, DiscountInput, db_id
from services.numbers import percent
from schema.errors import ErrorCode

MAX_QUANTITY = 1_000_000_000
MAX_AMOUNT = Decimal("1000000000000")  # a trillion: far beyond any deal, well inside NUMERIC(18,6)
MAX_TERM_MONTHS = 1200


@strawberry.input
class QuoteLineInput:
    product_id: strawberry.relay.GlobalID
    quantity: int
    configuration: ConfigurationInput | None = None
    discount: DiscountInput | None = None
    term_months: int | None = None


@strawberry.input(description="Change one line, found by its key; fields left out stay.")
class QuoteLineChange:
    key: Sku
    quantity: int | None = None
    configuration: ConfigurationInput | None = None
    discount: DiscountInput | None = None
    clear_discount: bool = False
    term_months: int | None = None


def check_quantity(quantity: int, field: Sequence[str | int]) -> int:
    if not 0 < quantity <= MAX_QUANTITY:
        raise reject(ErrorCode.INVALID, f"Quantity must be between 1 and {MAX_QUANTITY}.", [str(f) for f in field])
    return quantity


def check_discount(discount: DiscountInput | None, field: Sequence[str | int]) -> tuple[Decimal | None, Decimal | None]:
    """(percent, amount): exactly one, within range, or neither when no discount."""
    where = [str(f) for f in field]
    if discount is None:
        return None, None
    if (discount.percent is None) == (discount.amount is None):
        raise reject(ErrorCode.INVALID, "Give exactly one of percent or amount.", where)
    if discount.percent is not None:
        percent(discount.percent, [*where, "percent"], what="A discount percent")  # NUMERIC(9, 4)
    if discount.amount is not None and not (0 <= discount.amount <= MAX_AMOUNT):
        raise reject(ErrorCode.INVALID, "A discount amount is between 0 and 1,000,000,000,000.", [*where, "amount"])
    return discount.percent, discount.amount


def check_term(term: int | None, field: Sequence[str | int]) -> int | None:
    if term is not None and not 0 < term <= MAX_TERM_MONTHS:
        raise reject(ErrorCode.INVALID, f"A term is between 1 and {MAX_TERM_MONTHS} months.", [str(f) for f in field])
    return term


async def products_for(session: AsyncSession, lines: Sequence[QuoteLineInput]) -> dict[int, Product]:
    """Every product the new lines name, in one query (a 50-line quote is not 50 lookups)."""
    ids = {pk for line in lines if (pk := db_id(line.product_id, "Product")) is not None}
    if not ids:
        return {}
    return {p.id: p for p in (await session.scalars(select(Product).where(Product.id.in_(ids)))).all()}


def check_product(products: dict[int, Product], global_id: strawberry.relay.GlobalID, field: Sequence[str | int]) -> int:
    pk = db_id(global_id, "Product")
    product = products.get(pk) if pk is not None else None
    if product is None:
        raise reject(ErrorCode.NOT_FOUND, "No Product with this id.", [str(f) for f in field])
    if not product.active:
        raise reject(ErrorCode.INACTIVE, f"{product.name} is no longer sold.", [str(f) for f in field])
    return product.id


async def stored_configuration(
    session: AsyncSession, value: ConfigurationInput | None, product_id: int, field: Sequence[str | int]
) -> dict | None:  # type: ignore[type-arg]
    """The configuration as stored: option ids must be options of this product's bundle."""
    if value is None:
        return None
    ids = [db_id(s.option_id, "BundleOption") for s in value.selections]
    from db.models.catalog import BundleFeature

    known = set(
        (
            await session.scalars(
                select(BundleOption.id)
                .join(BundleFeature, BundleFeature.id == BundleOption.feature_id)
                .where(BundleFeature.bundle_id == product_id)
            )
        ).all()
    )
    for index, option_id in enumerate(ids):
        if option_id is None or option_id not in known:
            raise reject(
                ErrorCode.NOT_FOUND,
                "Not an option of this product.",
                [*(str(f) for f in field), "configuration", "selections", str(index), "optionId"],
            )
    return {
        "selections": [{"option_id": i, "quantity": s.quantity} for i, s in zip(ids, value.selections, strict=True)],
        "attributes": [{"code": a.code, "value": a.value} for a in value.attributes],
    }


async def add_line(
    session: AsyncSession,
    revision: QuoteRevision,
    line: QuoteLineInput,
    key: str,
    position: int,
    field: Sequence[str | int],
    products: dict[int, Product],
) -> QuoteLine:
    product_id = check_product(products, line.product_id, [*field, "productId"])
    percent, amount = check_discount(line.discount, [*field, "discount"])
    row = QuoteLine(
        revision_id=revision.id,
        key=key,
        position=position,
        product_id=product_id,
        quantity=check_quantity(line.quantity, [*field, "quantity"]),
        configuration=await stored_configuration(session, line.configuration, product_id, field),
        discount_percent=percent,
        discount_amount=amount,
        term_months=check_term(line.term_months, [*field, "termMonths"]),
    )
    session.add(row)
    return row


def next_key(existing: Sequence[QuoteLine]) -> int:
    numbers = [int(line.key[1:]) for line in existing if line.key.startswith("L") and line.key[1:].isdigit()]
    return max(numbers, default=0) + 1
