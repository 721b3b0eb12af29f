"""``createDiscountSchedule`` (OPS): tiered discounts by quantity or term, for a product or family.

The tiers' and methods' rules are in ``services.catalog.discount_schedules``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import QuantityRangeInput, valid_from_field, valid_to_field
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.text_limits import Family, IdempotencyKey
from schema.types.price_books import DiscountSchedule, ScheduleBasis, TierMethod
from services.catalog import discount_schedules
from services.catalog.discount_schedules import NewDiscountSchedule, TierSpec


@strawberry.input(
    description=(
        "One tier of a discount schedule: a percent off from `fromQuantity` to `toQuantity`"
        " (units, or months for a TERM_MONTHS schedule)."
    )
)
class DiscountTierInput(QuantityRangeInput):
    discount_percent: Decimal
    """Percent off the unit price in this tier, e.g. '10' for 10 %."""


@strawberry.input(description="Give exactly one of `productId` and `family`.")
class CreateDiscountScheduleInput:
    name: str
    """A name for OPS lists and the waterfall step."""
    basis: ScheduleBasis
    """What picks the tier: the line's quantity or its term in months."""
    method: TierMethod
    """ALL_UNITS: the tier reached applies to every unit; GRADUATED: each tier to the units within
    it."""
    valid_from: date = valid_from_field()
    tiers: list[DiscountTierInput]
    """The tiers in ascending order, from 1 or more, without gap or overlap; only the last may be
    open."""
    product_id: relay.GlobalID | None = None
    """The global ID of the one product it applies to (or give `family`)."""
    family: Family | None = None
    """The product family it applies to (or give `productId`)."""
    aggregate_across_quote: bool = False
    """true: the quantity that picks the tier is the sum over the quote's lines the schedule covers,
    not each line's own."""
    valid_to: date | None = valid_to_field()
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(discount_schedules.create_discount_schedule, DiscountSchedule)
def create_discount_schedule(input: CreateDiscountScheduleInput) -> Arguments:
    """The product, the tiers and how they apply (basis, method, dates)."""
    product = key(input.product_id, "Product", "productId")
    tiers = [command(TierSpec, tier) for tier in input.tiers]
    return (command(NewDiscountSchedule, input, product_id=product, tiers=tiers),)
