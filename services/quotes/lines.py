"""Quote lines as a use case receives them: checked once here, for create and for batch edits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.catalog import Product
from db.models.quotes import QuoteLine, QuoteRevision
from db.queries import quotes as queries
from services.numbers import percent
from services.pricing.policy import PricingPolicy, check_line_count
from services.pricing.price_quote import Discount as Discount  # the quote use cases name it here
from services.refusal import Code, Field, refuse

MAX_QUANTITY = 1_000_000_000
MAX_AMOUNT = Decimal("1000000000000")  # a trillion: far beyond any deal, well inside NUMERIC(18,6)
MAX_TERM_MONTHS = 1200


@dataclass(frozen=True, slots=True)
class OptionChoice:
    option_id: int | None  # None: the caller's reference named no option
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class LineConfiguration:
    selections: tuple[OptionChoice, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # (code, value as text)


@dataclass(frozen=True, slots=True)
class NewLine:
    product_id: int | None  # None: the caller's reference named no product
    quantity: int
    configuration: LineConfiguration | None = None
    discount: Discount | None = None
    term_months: int | None = None


@dataclass(frozen=True, slots=True)
class LineChange:
    """Change one line, found by its key; ``None`` fields stay."""

    key: str
    quantity: int | None = None
    configuration: LineConfiguration | None = None
    discount: Discount | None = None
    clear_discount: bool = False
    term_months: int | None = None


@dataclass(frozen=True, slots=True)
class EditedLines:
    """A revision's lines after an edit, in position order, and the keys of the lines the
    edit added or changed with their input path."""

    lines: list[QuoteLine]
    touched: dict[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class LineEdits:
    add: tuple[NewLine, ...] = ()
    update: tuple[LineChange, ...] = ()
    remove: tuple[str, ...] = ()


def check_quantity(quantity: int, where: Field) -> int:
    if not 0 < quantity <= MAX_QUANTITY:
        raise refuse(Code.INVALID, f"Quantity must be between 1 and {MAX_QUANTITY}.", where)
    return quantity


def check_discount(
    discount: Discount | None, where: Field
) -> tuple[Decimal | None, Decimal | None]:
    """(percent, amount): exactly one, within range, or neither when no discount."""
    if discount is None:
        return None, None
    if (discount.percent is None) == (discount.amount is None):
        raise refuse(Code.INVALID, "Give exactly one of percent or amount.", where)
    if discount.percent is not None:
        percent(discount.percent, [*where, "percent"], what="A discount percent")  # NUMERIC(9, 4)
    if discount.amount is not None and not (0 <= discount.amount <= MAX_AMOUNT):
        raise refuse(
            Code.INVALID,
            "A discount amount is between 0 and 1,000,000,000,000.",
            [*where, "amount"],
        )
    return discount.percent, discount.amount


def check_term(term: int | None, where: Field) -> int | None:
    if term is not None and not 0 < term <= MAX_TERM_MONTHS:
        raise refuse(Code.INVALID, f"A term is between 1 and {MAX_TERM_MONTHS} months.", where)
    return term


async def products_for(session: AsyncSession, lines: Sequence[NewLine]) -> dict[int, Product]:
    """Every product the new lines name, in one query."""
    return await queries.products_by_id(
        session, {line.product_id for line in lines if line.product_id is not None}
    )


def check_product(products: Mapping[int, Product], product_id: int | None, where: Field) -> int:
    product = products.get(product_id) if product_id is not None else None
    if product is None:
        raise refuse(Code.NOT_FOUND, "No Product with this id.", where)
    if not product.active:
        raise refuse(Code.INACTIVE, f"{product.name} is no longer sold.", where)
    return product.id


async def stored_configuration(
    session: AsyncSession, value: LineConfiguration | None, product_id: int, where: Field
) -> dict[str, Any] | None:
    """The configuration as stored: option ids must be options of this product's bundle."""
    if value is None:
        return None
    known = await queries.bundle_option_ids(session, product_id)
    for index, choice in enumerate(value.selections):
        if choice.option_id is None or choice.option_id not in known:
            raise refuse(
                Code.NOT_FOUND,
                "Not an option of this product.",
                [*where, "configuration", "selections", str(index), "optionId"],
            )
    return {
        "selections": [
            {"option_id": c.option_id, "quantity": c.quantity} for c in value.selections
        ],
        "attributes": [{"code": code, "value": text} for code, text in value.attributes],
    }


async def add_line(
    session: AsyncSession,
    revision: QuoteRevision,
    line: NewLine,
    key: str,
    position: int,
    where: Field,
    products: Mapping[int, Product],
) -> QuoteLine:
    product_id = check_product(products, line.product_id, [*where, "productId"])
    discount_percent, discount_amount = check_discount(line.discount, [*where, "discount"])
    row = QuoteLine(
        revision_id=revision.id,
        key=key,
        position=position,
        product_id=product_id,
        quantity=check_quantity(line.quantity, [*where, "quantity"]),
        configuration=await stored_configuration(session, line.configuration, product_id, where),
        discount_percent=discount_percent,
        discount_amount=discount_amount,
        term_months=check_term(line.term_months, [*where, "termMonths"]),
    )
    session.add(row)
    return row


async def add_lines(
    session: AsyncSession,
    revision: QuoteRevision,
    lines: Sequence[NewLine],
    first_key: int,
    position: int,
    where: Field,
) -> list[QuoteLine]:
    """Add ``lines`` keyed ``L{first_key}``, ``L{first_key + 1}``…; input ``i`` is reported
    at ``[*where, i]``."""
    products = await products_for(session, lines)
    return [
        await add_line(
            session, revision, line, f"L{first_key + i}", position + i, [*where, str(i)], products
        )
        for i, line in enumerate(lines)
    ]


def next_key(existing: Sequence[QuoteLine]) -> int:
    numbers = [
        int(line.key[1:])
        for line in existing
        if line.key.startswith("L") and line.key[1:].isdigit()
    ]
    return max(numbers, default=0) + 1


async def edit_lines(
    session: AsyncSession, revision: QuoteRevision, edits: LineEdits, policy: PricingPolicy
) -> EditedLines:
    """Remove, change and add lines of ``revision``; returns its lines (loaded once: the
    repricing takes them from here) and the keys of the lines touched, with their input path.

    Keys are never reused, so a removed line's key cannot come back meaning another line.
    """
    lines = {line.key: line for line in await queries.revision_lines(session, revision.id)}
    key = max(revision.lines_added, next_key(list(lines.values())) - 1) + 1
    position = max((line.position for line in lines.values()), default=-1) + 1
    for index, removed in enumerate(edits.remove):
        line = lines.pop(removed, None)
        if line is None:
            raise refuse(
                Code.NOT_FOUND, f"No line {removed} on this quote.", ("input", "remove", str(index))
            )
        await session.delete(line)
    for index, change in enumerate(edits.update):
        where = ("input", "update", str(index))
        line = lines.get(change.key)
        if line is None:
            raise refuse(Code.NOT_FOUND, f"No line {change.key} on this quote.", [*where, "key"])
        if change.quantity is not None:
            line.quantity = check_quantity(change.quantity, [*where, "quantity"])
        if change.clear_discount:
            line.discount_percent = line.discount_amount = None
        elif change.discount is not None:
            line.discount_percent, line.discount_amount = check_discount(
                change.discount, [*where, "discount"]
            )
        if change.term_months is not None:
            line.term_months = check_term(change.term_months, [*where, "termMonths"])
        if change.configuration is not None:
            line.configuration = await stored_configuration(
                session, change.configuration, line.product_id, where
            )
    for row in await add_lines(session, revision, edits.add, key, position, ("input", "add")):
        lines[row.key] = row
    revision.lines_added = key + len(edits.add) - 1
    check_line_count(len(lines), policy, ("input", "add"))
    touched: dict[str, Sequence[str]] = {
        change.key: ("input", "update", str(i)) for i, change in enumerate(edits.update)
    }
    touched.update({f"L{key + i}": ("input", "add", str(i)) for i in range(len(edits.add))})
    return EditedLines(list(lines.values()), touched)
