"""``createDiscountSchedule`` (OPS): tiered discounts by quantity or term, for a product or family.

The tiers' and methods' rules are in ``services.catalog.discount_schedules``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import QuantityRangeInput
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.text_limits import Family, IdempotencyKey
from schema.types.price_books import DiscountSchedule, ScheduleBasis, TierMethod
from services.catalog import discount_schedules
from services.catalog.discount_schedules import NewDiscountSchedule, TierSpec


@strawberry.input
class DiscountTierInput(QuantityRangeInput):
    discount_percent: Decimal


@strawberry.input(description="Give exactly one of `productId` and `family`.")
class CreateDiscountScheduleInput:
    name: str
    basis: ScheduleBasis  # type: ignore[valid-type]
    method: TierMethod  # type: ignore[valid-type]
    valid_from: date
    tiers: list[DiscountTierInput]
    product_id: relay.GlobalID | None = None
    family: Family | None = None
    aggregate_across_quote: bool = False
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(discount_schedules.create_discount_schedule, DiscountSchedule)
def create_discount_schedule(input: CreateDiscountScheduleInput) -> Arguments:
    product = key(input.product_id, "Product", "productId")
    tiers = [command(TierSpec, tier) for tier in input.tiers]
    return (command(NewDiscountSchedule, input, product_id=product, tiers=tiers),)
