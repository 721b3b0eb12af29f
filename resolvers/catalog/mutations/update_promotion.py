"""``updatePromotion`` (OPS): change a promotion's benefit, reach, priority, dates or state.

Optimistic on ``version``. The kind and the product/family target stay as
created (a different offer is a new promotion); the result is checked as a
whole, so a PERCENT promotion never ends up with an amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from resolvers.mutation import Arguments, EditInput, command, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import Segment
from schema.types.price_books import Promotion
from services.catalog import promotions
from services.catalog.promotions import PromotionChanges


@strawberry.input(
    description="Fields left out (null) stay as they are; an empty segment clears it."
)
class UpdatePromotionInput(EditInput):
    name: str | None = None
    """A new name."""
    percent: Decimal | None = None
    """Of a PERCENT promotion."""
    amount: Decimal | None = None
    """Of an AMOUNT promotion: off each unit, in `currency`."""
    currency: CurrencyCode | None = None
    """Of an AMOUNT promotion: the currency of `amount`."""
    segment: Segment | None = None
    """Only accounts in this segment; an empty string clears it (every segment)."""
    priority: int | None = None
    """Lower wins."""
    stackable: bool | None = None
    """true: applies with other stackable ones; false: exclusive."""
    valid_from: date | None = None
    """The first day it applies (inclusive)."""
    valid_to: date | None = None
    """The first day it no longer applies (exclusive); see `openEnded` to clear it."""
    open_ended: bool = False
    """true clears validTo."""
    active: bool | None = None
    """false deactivates the promotion, true reactivates it."""


@mutation(promotions.update_promotion, Promotion)
def update_promotion(input: UpdatePromotionInput) -> Arguments:
    return key(input.id, "Promotion"), input.version, command(PromotionChanges, input)
