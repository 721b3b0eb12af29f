"""Checks shared by the catalog mutations: amounts, dates, bands, rows, attribute conditions.

Each check raises ``Rejected`` with the input field at fault, so a mutation
reads as a list of checks followed by its writes. What the pricing engine
refuses when it builds its value objects (bands with gaps, a negative price, a
percentage over 100) is refused here first: a saved rule must never make
``priceQuote`` fail later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, TypeVar

import strawberry
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.base import Base
from db.models.catalog import AttributeType, ConfigurationRule, Product, ProductAttribute
from db.queries.audit import record, snapshot
from pricing.configuration_rules import Operator
from resolvers.audit import audit_change
from resolvers.mutation import check_version, decode_id, reject
from services.validation import optional_text
from schema.errors import ErrorCode
from schema.permissions import viewer_of

M = TypeVar("M", bound=Base)
Field = Sequence[str]

MONEY_LIMIT = Decimal("1e12")  # Numeric(18, 6): twelve digits before the point
MONEY_PLACES = 6
PERCENT_PLACES = 4  # Numeric(9, 4)
HUNDRED = Decimal(100)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def money_amount(value: Decimal, field: Field, *, positive: bool = False) -> Decimal:
    """A price or cost: finite, not negative (above zero when ``positive``), storable exactly."""
    if not value.is_finite():
        raise reject(ErrorCode.INVALID, "This is not a number.", field)
    if positive and value <= 0:
        raise reject(ErrorCode.INVALID, "This must be more than zero.", field)
    if value < 0:
        raise reject(ErrorCode.INVALID, "An amount cannot be negative.", field)
    if value >= MONEY_LIMIT:
        raise reject(ErrorCode.INVALID, "This amount is too large.", field)
    if _places(value) > MONEY_PLACES:
        raise reject(ErrorCode.INVALID, f"At most {MONEY_PLACES} decimal places.", field)
    return value.quantize(Decimal(1).scaleb(-MONEY_PLACES))  # as the column gives it back


def percentage(value: Decimal, field: Field, *, allow_zero: bool = True) -> Decimal:
    """A percentage from 0 (or just above, when zero is not allowed) to 100."""
    if not value.is_finite() or value < 0 or value > HUNDRED or (not allow_zero and value == 0):
        low = "0" if allow_zero else "more than 0"
        raise reject(ErrorCode.INVALID, f"A percentage is from {low} to 100.", field)
    if _places(value) > PERCENT_PLACES:
        raise reject(ErrorCode.INVALID, f"At most {PERCENT_PLACES} decimal places.", field)
    return value.quantize(Decimal(1).scaleb(-PERCENT_PLACES))


def check_dates(
    valid_from: date, valid_to: date | None, field: Field = ("input", "validTo")
) -> None:
    """``valid_to`` is exclusive (the first day not covered), so it comes after ``valid_from``."""
    if valid_to is not None and valid_to <= valid_from:
        raise reject(
            ErrorCode.INVALID,
            f"validTo must be after validFrom ({valid_from.isoformat()}): it is the first day "
            "the price no longer applies.",
            field,
        )


class Dated(Protocol):
    valid_from: date
    valid_to: date | None


def end_validity(row: Dated, valid_to: date) -> None:
    """End an effective-dated row on ``valid_to``: after its start, and never later than its end
    (ending later could run into the next row of its scope)."""
    current = row.valid_to
    if current is not None and valid_to >= current:
        raise reject(
            ErrorCode.INVALID_STATE,
            f"This price already ends on {current.isoformat()}; it can only end earlier.",
            ["input", "validTo"],
        )
    check_dates(row.valid_from, valid_to)
    row.valid_to = valid_to


def describe_period(valid_from: date, valid_to: date | None) -> str:
    """``from 2026-01-01 until 2026-07-01`` or ``from 2026-01-01, open-ended``."""
    if valid_to is None:
        return f"from {valid_from.isoformat()}, open-ended"
    return f"from {valid_from.isoformat()} until {valid_to.isoformat()}"


async def first_overlap(
    session: AsyncSession,
    model: type[M],
    scope: Iterable[ColumnElement[bool]],
    valid_from: date,
    valid_to: date | None,
) -> M | None:
    """The earliest row of ``scope`` whose dates overlap ``[valid_from, valid_to)``.

    Mirrors the ``refuse_overlapping_validity`` trigger (``daterange && daterange``),
    so the refusal comes with the clashing dates instead of a bare constraint name.
    """
    table: Any = model
    stmt = select(model).where(*scope, or_(table.valid_to.is_(None), table.valid_to > valid_from))
    if valid_to is not None:
        stmt = stmt.where(table.valid_from < valid_to)
    return await session.scalar(stmt.order_by(table.valid_from).limit(1))


def check_bands(
    bands: Sequence[tuple[int, int | None]],
    field: Field,
    *,
    noun: str,
    first_from: int | None = None,
    strictly_wider: bool = False,
) -> None:
    """Bands are inclusive, ascending and contiguous (each starts right after the last
    ends), start at 1 or more (exactly ``first_from`` when given), and only the last is open.
    ``strictly_wider`` asks ``to > from`` (discount tiers), otherwise ``to >= from``."""
    if not bands:
        raise reject(ErrorCode.REQUIRED, f"Give at least one {noun}.", field)
    expected = bands[0][0]
    for index, (start, end) in enumerate(bands):
        at = [*field, str(index)]
        if index == 0 and first_from is not None and start != first_from:
            raise reject(
                ErrorCode.INVALID,
                f"The first {noun} starts at {first_from}.",
                [*at, "fromQuantity"],
            )
        if start < 1:
            raise reject(ErrorCode.INVALID, f"A {noun} starts at 1 or more.", [*at, "fromQuantity"])
        if start != expected:
            raise reject(
                ErrorCode.INVALID,
                f"This {noun} must start at {expected}, right after the previous one ends "
                f"({noun}s ascend with no gap or overlap).",
                [*at, "fromQuantity"],
            )
        if end is None:
            if index != len(bands) - 1:
                raise reject(
                    ErrorCode.INVALID,
                    f"Only the last {noun} may be open-ended.",
                    [*at, "toQuantity"],
                )
            return
        if end < start or (strictly_wider and end == start):
            relation = "above" if strictly_wider else "at least"
            raise reject(
                ErrorCode.INVALID,
                f"toQuantity must be {relation} fromQuantity ({start}).",
                [*at, "toQuantity"],
            )
        expected = end + 1


async def load_product(
    session: AsyncSession, global_id: relay.GlobalID, field: Field, *, for_update: bool = False
) -> Product:
    product = await session.get(
        Product, decode_id(global_id, "Product", field), with_for_update=for_update
    )
    if product is None:
        raise reject(ErrorCode.NOT_FOUND, "No Product with this id.", field)
    return product


async def active_product(
    session: AsyncSession, global_id: relay.GlobalID, field: Field, *, for_update: bool = False
) -> Product:
    """A product that is still sold: new prices, options and rules only point at those."""
    product = await load_product(session, global_id, field, for_update=for_update)
    if not product.active:
        raise reject(ErrorCode.INVALID_STATE, f"{product.name} ({product.sku}) is retired.", field)
    return product


async def known_family(session: AsyncSession, value: str | None, field: Field) -> str | None:
    """A family some product belongs to, spelled as the products spell it.

    Pricing matches families exactly, so a typo here would make a rule that
    silently never applies.
    """
    family = optional_text(value, field, max_length=100)
    if family is None:
        return None
    found = await session.scalar(
        select(Product.family).where(func.lower(Product.family) == family.lower()).limit(1)
    )
    if found is None:
        raise reject(ErrorCode.NOT_FOUND, f"No product is in the family '{family}'.", field)
    return found


def with_parts(row: object, parts: Mapping[str, Iterable[object]]) -> dict[str, Any]:
    """A row's snapshot plus its child rows (costs, tiers, options…), for the audit log."""
    return {**snapshot(row), **{name: [snapshot(p) for p in rows] for name, rows in parts.items()}}


async def audit_aggregate(
    info: strawberry.Info,
    session: AsyncSession,
    action: str,
    root: Any,
    parts: Mapping[str, Iterable[object]],
    before: dict[str, Any] | None = None,
) -> None:
    """Like ``audit_change``, with the aggregate's child rows in the after image."""
    await session.flush()
    viewer = viewer_of(info)
    record(
        session,
        actor_id=viewer.user_id if viewer else None,
        action=action,
        entity_type=type(root).__name__,
        entity_id=root.id,
        before=before,
        after=with_parts(root, parts),
        request_id=info.context.request_id,
    )


# Attribute conditions of configuration rules, checked when a rule is written and again
# when the bundle's attributes are replaced under existing rules.


def condition_problem(
    code: str, operator: str, raw: Any, attributes: Mapping[str, ProductAttribute]
) -> tuple[str, str] | None:
    """Why ``code operator raw`` cannot be evaluated, as (input field, message), or None."""
    attribute = attributes.get(code)
    if attribute is None:
        return "attribute", f"The bundle has no attribute '{code}'."
    if Operator[operator].is_ordering and attribute.type is not AttributeType.NUMBER:
        return "operator", f"{operator} compares numbers, and '{code}' is {attribute.type.value}."
    try:
        typed_value(attribute, raw)
    except ValueError as exc:
        return "value", str(exc)
    return None


def typed_value(attribute: ProductAttribute, raw: Any) -> str | bool:
    """The value as stored and read by the engine; ValueError when it does not fit the type."""
    text = str(raw).strip()
    match attribute.type:
        case AttributeType.NUMBER:
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                raise ValueError(f"'{attribute.code}' is a number; '{text}' is not.")
            return str(number)
        case AttributeType.BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise ValueError(f"'{attribute.code}' is yes or no: give 'true' or 'false'.")
            return text.lower() == "true"
        case AttributeType.CHOICE:
            if text not in attribute.choices:
                allowed = ", ".join(f"'{c}'" for c in attribute.choices)
                raise ValueError(f"'{attribute.code}' is one of {allowed}.")
            return text
    return text


def stored_rule_problem(
    rule: ConfigurationRule, attributes: Mapping[str, ProductAttribute]
) -> str | None:
    """Why a saved rule's conditions no longer fit ``attributes`` (after they were replaced)."""
    for data in (rule.condition, rule.requirement):
        if data:
            problem = condition_problem(
                data["attribute"], data["operator"], data["value"], attributes
            )
            if problem is not None:
                return problem[1]
    return None


async def retire(
    info: strawberry.Info,
    session: AsyncSession,
    model: type[Any],
    global_id: strawberry.relay.GlobalID,
    version: int,
    action: str,
) -> Any:
    """Lock a versioned catalog row and set it inactive (once), auditing the change."""
    type_name = model.__name__
    row = await session.get(model, decode_id(global_id, type_name), with_for_update=True)
    if row is None:
        raise reject(ErrorCode.NOT_FOUND, f"No {type_name} with this id.", ["input", "id"])
    check_version(row, version)
    if not row.active:
        raise reject(ErrorCode.INVALID_STATE, f"{row.name} is already retired.", ["input", "id"])
    before = snapshot(row)
    row.active = False
    await audit_change(info, session, action, row, before)
    return row
