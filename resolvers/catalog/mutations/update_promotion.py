"""``updatePromotion`` (OPS): change a promotion's benefit, reach, priority, dates or state.

Optimistic on ``version``. The kind and the product/family target stay as
created (a different offer is a new promotion); the result is checked as a
whole, so a PERCENT promotion never ends up with an amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

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
    id: strawberry.relay.GlobalID = strawberry.field(
        description="The global ID of the promotion to change."
    )
    name: str | None = strawberry.field(default=None, description="A new name.")
    percent: Decimal | None = strawberry.field(default=None, description="Of a PERCENT promotion.")
    amount: Decimal | None = strawberry.field(
        default=None, description="Of an AMOUNT promotion: off each unit, in `currency`."
    )
    currency: CurrencyCode | None = strawberry.field(
        default=None, description="Of an AMOUNT promotion: the currency of `amount`."
    )
    segment: Segment | None = strawberry.field(
        default=None,
        description="Only accounts in this segment; an empty string clears it (every segment).",
    )
    priority: int | None = strawberry.field(default=None, description="Lower wins.")
    stackable: bool | None = strawberry.field(
        default=None, description="true: applies with other stackable ones; false: exclusive."
    )
    valid_from: date | None = strawberry.field(
        default=None, description="The first day it applies (inclusive)."
    )
    valid_to: date | None = strawberry.field(
        default=None,
        description="The first day it no longer applies (exclusive); see `openEnded` to clear it.",
    )
    open_ended: bool = strawberry.field(default=False, description="true clears validTo.")
    active: bool | None = strawberry.field(
        default=None, description="false deactivates the promotion, true reactivates it."
    )


@mutation(promotions.update_promotion, Promotion)
def update_promotion(
    input: Annotated[
        UpdatePromotionInput,
        strawberry.argument(
            description="The promotion (`id`, the `version` you read) and the fields to change."
        ),
    ],
) -> Arguments:
    return key(input.id, "Promotion"), input.version, command(PromotionChanges, input)
