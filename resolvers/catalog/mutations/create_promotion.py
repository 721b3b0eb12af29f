"""``createPromotion`` (OPS): a percent or amount off, dated, for a product, family or segment.

The benefit's and targets' rules are in ``services.catalog.promotions``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import Family, IdempotencyKey, Segment
from schema.types.price_books import BenefitKind, Promotion
from services.catalog import promotions
from services.catalog.promotions import NewPromotion


@strawberry.input
class CreatePromotionInput:
    name: str
    kind: BenefitKind  # type: ignore[valid-type]
    valid_from: date
    percent: Decimal | None = None
    amount: Decimal | None = strawberry.field(
        default=None, description="Off each unit, in `currency`."
    )
    currency: CurrencyCode | None = None
    product_id: relay.GlobalID | None = None
    family: Family | None = None
    segment: Segment | None = None
    priority: int = strawberry.field(default=100, description="Lower wins.")
    stackable: bool = True
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(promotions.create_promotion, Promotion)
def create_promotion(input: CreatePromotionInput) -> Arguments:
    product = key(input.product_id, "Product", "productId")
    return (command(NewPromotion, input, product_id=product),)
