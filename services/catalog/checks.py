"""Checks shared by the catalog use cases: amounts, dates, bands, products, families, scopes.

Each check raises ``Refused`` with the input field at fault, so a use case reads
as a list of checks followed by its writes. What the pricing engine refuses
when it builds its value objects (bands with gaps, a negative price, a
percentage over 100) is refused here first: a saved rule must never make
``priceQuote`` fail later.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base
from db.models.catalog import Product
from db.queries.catalog import family_as_spelled, first_overlap
from services.refusal import Code, Field, Refusal, Refused, refuse
from services.rows import get_or_refuse
from services.validation import optional_text, required_text, segment_code

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
        raise refuse(Code.INVALID, "This is not a number.", field)
    if positive and value <= 0:
        raise refuse(Code.INVALID, "This must be more than zero.", field)
    if value < 0:
        raise refuse(Code.INVALID, "An amount cannot be negative.", field)
    if value >= MONEY_LIMIT:
        raise refuse(Code.INVALID, "This amount is too large.", field)
    if _places(value) > MONEY_PLACES:
        raise refuse(Code.INVALID, f"At most {MONEY_PLACES} decimal places.", field)
    return value.quantize(Decimal(1).scaleb(-MONEY_PLACES))  # as the column gives it back


def percentage(value: Decimal, field: Field, *, allow_zero: bool = True) -> Decimal:
    """A percentage from 0 (or just above, when zero is not allowed) to 100."""
    if not value.is_finite() or value < 0 or value > HUNDRED or (not allow_zero and value == 0):
        low = "0" if allow_zero else "more than 0"
        raise refuse(Code.INVALID, f"A percentage is from {low} to 100.", field)
    if _places(value) > PERCENT_PLACES:
        raise refuse(Code.INVALID, f"At most {PERCENT_PLACES} decimal places.", field)
    return value.quantize(Decimal(1).scaleb(-PERCENT_PLACES))


def check_dates(
    valid_from: date, valid_to: date | None, field: Field = ("input", "validTo")
) -> None:
    """``valid_to`` is exclusive (the first day not covered), so it comes after ``valid_from``."""
    if valid_to is not None and valid_to <= valid_from:
        raise refuse(
            Code.INVALID,
            f"validTo must be after validFrom ({valid_from.isoformat()}): it is the first day "
            "the price no longer applies.",
            field,
        )


class Dates(Protocol):
    """Read-only dates, as a new row's command carries them."""

    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...


class Dated(Protocol):
    valid_from: date
    valid_to: date | None


def end_validity(row: Dated, valid_to: date) -> None:
    """End an effective-dated row on ``valid_to``: after its start, and never later than its end
    (ending later could run into the next row of its scope)."""
    current = row.valid_to
    if current is not None and valid_to >= current:
        raise refuse(
            Code.INVALID_STATE,
            f"This price already ends on {current.isoformat()}; it can only end earlier.",
            ("input", "validTo"),
        )
    check_dates(row.valid_from, valid_to)
    row.valid_to = valid_to


def refuse_clash(clash: Dated | None, holder: str, advice: str) -> None:
    """Refuse new dates that overlap ``clash``, the first row of the scope they overlap:
    "``holder`` from 2026-01-01, open-ended; ``advice`` or choose dates…"."""
    if clash is not None:
        raise refuse(
            Code.INVALID,
            f"{holder} {describe_period(clash.valid_from, clash.valid_to)}; {advice} or choose "
            "dates that do not overlap it.",
            ("input", "validFrom"),
        )


async def check_free_dates(
    session: AsyncSession,
    model: type[Base],
    scope: Mapping[str, object],
    new: Dates,
    holder: str,
    advice: str,
) -> None:
    """Refuse ``new``'s dates unless they are in order and no other ``model`` row of ``scope``
    (column → value) covers any of them; the scope's parent is locked by the caller."""
    check_dates(new.valid_from, new.valid_to)
    clash: Any = await first_overlap(session, model, scope, new.valid_from, new.valid_to)
    refuse_clash(clash, holder, advice)  # every effective-dated row is ``Dated``


def overlap(what: str) -> Refusal:
    """The refusal of dates overlapping ``what`` in the scope, when the database's trigger
    (which stands behind ``refuse_clash``) names the clash."""
    return Refusal(Code.INVALID, f"These dates overlap {what}.", ("input", "validFrom"))


def describe_period(valid_from: date, valid_to: date | None) -> str:
    """``from 2026-01-01 until 2026-07-01`` or ``from 2026-01-01, open-ended``."""
    if valid_to is None:
        return f"from {valid_from.isoformat()}, open-ended"
    return f"from {valid_from.isoformat()} until {valid_to.isoformat()}"


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
        raise refuse(Code.REQUIRED, f"Give at least one {noun}.", field)
    expected = bands[0][0]
    for index, (start, end) in enumerate(bands):
        at = [*field, str(index)]
        if index == 0 and first_from is not None and start != first_from:
            raise refuse(
                Code.INVALID, f"The first {noun} starts at {first_from}.", [*at, "fromQuantity"]
            )
        if start < 1:
            raise refuse(Code.INVALID, f"A {noun} starts at 1 or more.", [*at, "fromQuantity"])
        if start != expected:
            raise refuse(
                Code.INVALID,
                f"This {noun} must start at {expected}, right after the previous one ends "
                f"({noun}s ascend with no gap or overlap).",
                [*at, "fromQuantity"],
            )
        if end is None:
            if index != len(bands) - 1:
                raise refuse(
                    Code.INVALID, f"Only the last {noun} may be open-ended.", [*at, "toQuantity"]
                )
            return
        if end < start or (strictly_wider and end == start):
            relation = "above" if strictly_wider else "at least"
            raise refuse(
                Code.INVALID,
                f"toQuantity must be {relation} fromQuantity ({start}).",
                [*at, "toQuantity"],
            )
        expected = end + 1


async def active_product(
    session: AsyncSession, product_id: int, field: Field, *, lock: bool = False
) -> Product:
    """A product that is still sold: new prices, options and rules only point at those."""
    product = await get_or_refuse(session, Product, product_id, lock=lock, field=field)
    if not product.active:
        raise refuse(Code.INVALID_STATE, f"{product.name} ({product.sku}) is retired.", field)
    return product


def one_target(product_id: int | None, family: str | None) -> None:
    """A pricing rule targets a product or a family, never both."""
    if product_id is not None and family is not None:
        raise refuse(Code.INVALID, "Target a product or a family, not both.", ("input", "family"))


async def known_family(session: AsyncSession, value: str | None, field: Field) -> str | None:
    """A family some product belongs to, spelled as the products spell it.

    Pricing matches families exactly, so a typo here would make a rule that
    silently never applies.
    """
    family = optional_text(value, field, max_length=100)
    if family is None:
        return None
    found = await family_as_spelled(session, family)
    if found is None:
        raise refuse(Code.NOT_FOUND, f"No product is in the family '{family}'.", field)
    return found


async def rule_target(
    session: AsyncSession, product_id: int | None, family: str | None, *, required: bool = False
) -> tuple[int | None, str | None]:
    """What a pricing rule targets, checked: the id of a product still sold, or a family as the
    products spell it (``one_target`` has refused both); one of them when ``required``."""
    if product_id is not None:
        return (await active_product(session, product_id, ("input", "productId"))).id, None
    found = await known_family(session, family, ("input", "family"))
    if found is None and required:
        raise refuse(Code.REQUIRED, "Give a productId or a family.", ("input", "productId"))
    return None, found


def optional_segment(value: str | None) -> str | None:
    """A segment code, or None for a blank one (which clears the scope)."""
    if value is None or not value.strip():
        return None
    return segment_code(value, ("input", "segment"))


@dataclass(frozen=True, slots=True)
class Unique:
    """A required text no other row holds (a SKU, a book's name): ``taken`` when one does."""

    field: tuple[str, ...]
    max_length: int
    holder: Callable[[AsyncSession, str], Awaitable[int | None]]  # the id of the row holding it
    taken: Refusal

    async def check(self, session: AsyncSession, value: str, own_id: int | None = None) -> str:
        text = required_text(value, self.field, max_length=self.max_length)
        other = await self.holder(session, text)
        if other is not None and other != own_id:
            raise Refused(self.taken)
        return text
