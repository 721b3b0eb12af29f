"""Quote lines as a use case receives them: checked once here, for create and for batch edits."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.catalog import Product
from db.models.quotes import QuoteRevision
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

    lines: list[EditLine]
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


async def _new_line(
    session: AsyncSession,
    line: NewLine,
    key: str,
    position: int,
    where: Field,
    products: Mapping[int, Product],
) -> dict[str, Any]:
    """``line``'s columns, checked (``queries.insert_lines`` writes them)."""
    product_id = check_product(products, line.product_id, [*where, "productId"])
    discount_percent, discount_amount = check_discount(line.discount, [*where, "discount"])
    configuration = await stored_configuration(session, line.configuration, product_id, where)
    return {
        "key": key,
        "position": position,
        "product_id": product_id,
        "quantity": check_quantity(line.quantity, [*where, "quantity"]),
        "configuration": None if configuration is None else json.dumps(configuration),
        "discount_percent": discount_percent,
        "discount_amount": discount_amount,
        "term_months": check_term(line.term_months, [*where, "termMonths"]),
    }


async def add_lines(
    session: AsyncSession,
    revision: QuoteRevision,
    lines: Sequence[NewLine],
    first_key: int,
    position: int,
    where: Field,
) -> list[Row[Any]]:
    """Add ``lines`` keyed ``L{first_key}``, ``L{first_key + 1}``…; input ``i`` is reported
    at ``[*where, i]``. The lines as stored, as plain rows of ``queries.LINE_COLUMNS`` in
    position order, never ORM objects (a create writes 1,000), and priced from there: a
    discount typed "5" reads "5.0000", as the next edit's load gives it, so that edit does
    not see the line's price as changed."""
    if not lines:
        return []
    products = await products_for(session, lines)
    values = [
        await _new_line(
            session, line, f"L{first_key + i}", position + i, [*where, str(i)], products
        )
        for i, line in enumerate(lines)
    ]
    return await queries.insert_lines(session, revision.id, values)


def next_key(existing: Sequence[EditLine]) -> int:
    numbers = [
        int(line.key[1:])
        for line in existing
        if line.key.startswith("L") and line.key[1:].isdigit()
    ]
    return max(numbers, default=0) + 1


@dataclass(frozen=True, slots=True)
class SavedLine:
    """A saved line an edit changed: its columns (``queries.LINE_COLUMNS``, in their order)
    with the values the edit left."""

    revision_id: int
    id: int
    position: int
    key: str
    product_id: int
    quantity: int
    configuration: dict[str, Any] | None
    discount_percent: Decimal | None
    discount_amount: Decimal | None
    term_months: int | None


EditLine = Row[Any] | SavedLine
"""A line as an edit hands it to repricing: as read or added (a plain row of
``queries.LINE_COLUMNS``, never an ORM object: a 1,000-line quote's edit changes a few), or
as changed."""


async def _changed(
    session: AsyncSession, line: Row[Any] | SavedLine, change: LineChange, where: Field
) -> EditLine:
    """``line`` with ``change`` applied, checked and written; as stored (a discount of "5"
    reads "5.0000", as the next edit's load gives it: the snapshot is priced from that)."""
    values: dict[str, Any] = {}
    if change.quantity is not None:
        values["quantity"] = check_quantity(change.quantity, [*where, "quantity"])
    if change.clear_discount:
        values["discount_percent"] = values["discount_amount"] = None
    elif change.discount is not None:
        values["discount_percent"], values["discount_amount"] = check_discount(
            change.discount, [*where, "discount"]
        )
    if change.term_months is not None:
        values["term_months"] = check_term(change.term_months, [*where, "termMonths"])
    if change.configuration is not None:
        values["configuration"] = await stored_configuration(
            session, change.configuration, line.product_id, where
        )
    if not values:
        return line
    return SavedLine(*tuple(await queries.update_line(session, line.id, values)))


async def edit_lines(
    session: AsyncSession, revision: QuoteRevision, edits: LineEdits, policy: PricingPolicy
) -> EditedLines:
    """Remove, change and add lines of ``revision``; returns its lines (read once, as plain
    rows: the repricing takes them from here) and the keys of the lines touched, with their
    input path.

    Keys are never reused, so a removed line's key cannot come back meaning another line.
    """
    rows = await queries.line_rows(session, [revision.id])
    lines: dict[str, EditLine] = {row.key: row for row in rows}
    key = max(revision.lines_added, next_key(list(lines.values())) - 1) + 1
    position = max((line.position for line in lines.values()), default=-1) + 1
    gone = []
    for index, removed in enumerate(edits.remove):
        line = lines.pop(removed, None)
        if line is None:
            raise refuse(
                Code.NOT_FOUND, f"No line {removed} on this quote.", ("input", "remove", str(index))
            )
        gone.append(line.id)
    await queries.delete_lines(session, gone)
    for index, change in enumerate(edits.update):
        where = ("input", "update", str(index))
        found = lines.get(change.key)
        if found is None:  # lines are added after changes
            raise refuse(Code.NOT_FOUND, f"No line {change.key} on this quote.", [*where, "key"])
        lines[change.key] = await _changed(session, found, change, where)
    for row in await add_lines(session, revision, edits.add, key, position, ("input", "add")):
        lines[row.key] = row
    added = key + len(edits.add) - 1
    if added != revision.lines_added:
        revision.lines_added = added
    check_line_count(len(lines), policy, ("input", "add"))
    touched: dict[str, Sequence[str]] = {
        change.key: ("input", "update", str(i)) for i, change in enumerate(edits.update)
    }
    touched.update({f"L{key + i}": ("input", "add", str(i)) for i in range(len(edits.add))})
    return EditedLines(list(lines.values()), touched)
