"""``createPromotion`` (OPS): a percent or amount off, dated, for a product, family or segment.

The benefit's and targets' rules are in ``services.catalog.promotions``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import valid_from_field, valid_to_field
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import Family, IdempotencyKey, Segment
from schema.types.price_books import BenefitKind, Promotion
from services.catalog import promotions
from services.catalog.promotions import NewPromotion


@strawberry.input(
    description=(
        "A promotion: a percent or an amount off each unit, for one product, a family or"
        " everything, optionally only for one segment. Give `percent` for PERCENT, `amount` and"
        " `currency` for AMOUNT."
    )
)
class CreatePromotionInput:
    name: str
    """Shown as the promotion's waterfall step."""
    kind: BenefitKind
    """PERCENT or AMOUNT: which of `percent` and `amount` it gives."""
    valid_from: date = valid_from_field()
    percent: Decimal | None = None
    """Of a PERCENT promotion: percent off each unit, above 0 and at most 100."""
    amount: Decimal | None = None
    """Off each unit, in `currency`."""
    currency: CurrencyCode | None = strawberry.field(
        default=None,
        description=(
            "Of an AMOUNT promotion: the currency of `amount`; it applies to quotes in this"
            " currency only."
        ),
    )
    product_id: relay.GlobalID | None = None
    """Only this product (global ID); with neither this nor `family`, every product."""
    family: Family | None = None
    """Only products of this family."""
    segment: Segment | None = None
    """Only accounts in this segment; every segment when null."""
    priority: int = 100
    """Lower wins."""
    stackable: bool = True
    """true (the default): applies after other stackable ones, in priority order; false: exclusive,
    the best-priority exclusive one applies alone."""
    valid_to: date | None = valid_to_field()
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(promotions.create_promotion, Promotion)
def create_promotion(input: CreatePromotionInput) -> Arguments:
    """The new promotion's benefit, scope and validity."""
    product = key(input.product_id, "Product", "productId")
    return (command(NewPromotion, input, product_id=product),)
