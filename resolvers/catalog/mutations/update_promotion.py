"""``updatePromotion`` (OPS): change a promotion's benefit, reach, priority, dates or state.

Optimistic on ``version``. The kind and the product/family target stay as
created (a different offer is a new promotion); the result is checked as a
whole, so a PERCENT promotion never ends up with an amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import Promotion as PromotionRow
from db.queries.audit import snapshot
from schema.text_limits import Segment
from resolvers.audit import audit_change
from resolvers.catalog.mutations.create_price_book import optional_segment
from resolvers.catalog.mutations.create_promotion import check_benefit
from resolvers.catalog.rules import check_dates
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.validation import required_text
from schema.errors import ErrorCode, UserError
from schema.scalars import CurrencyCode
from schema.types.price_books import Promotion


@strawberry.input(
    description="Fields left out (null) stay as they are; an empty segment clears it."
)
class UpdatePromotionInput:
    id: relay.GlobalID
    version: int
    name: str | None = None
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: CurrencyCode | None = None
    segment: Segment | None = None
    priority: int | None = None
    stackable: bool | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    open_ended: bool = strawberry.field(default=False, description="true clears validTo.")
    active: bool | None = None


@strawberry.type
class UpdatePromotionPayload:
    promotion: Promotion | None = None
    user_errors: list[UserError]


async def update_promotion(
    info: strawberry.Info, input: UpdatePromotionInput
) -> UpdatePromotionPayload:
    async def work(session: AsyncSession) -> PromotionRow:
        promotion = await session.get(
            PromotionRow, decode_id(input.id, "Promotion"), with_for_update=True
        )
        if promotion is None:
            raise reject(ErrorCode.NOT_FOUND, "No Promotion with this id.", ["input", "id"])
        check_version(promotion, input.version)
        before = snapshot(promotion)
        if input.name is not None:
            promotion.name = required_text(input.name, ["input", "name"], max_length=200)
        for field in (
            "percent",
            "amount",
            "currency",
            "priority",
            "stackable",
            "valid_from",
            "active",
        ):
            if (value := getattr(input, field)) is not None:
                setattr(promotion, field, value)
        if input.segment is not None:
            promotion.segment = optional_segment(input.segment)
        if input.open_ended:
            if input.valid_to is not None:
                raise reject(
                    ErrorCode.INVALID,
                    "Give validTo or openEnded, not both.",
                    ["input", "openEnded"],
                )
            promotion.valid_to = None
        elif input.valid_to is not None:
            promotion.valid_to = input.valid_to
        check_benefit(promotion)
        check_dates(promotion.valid_from, promotion.valid_to)
        await audit_change(info, session, "updatePromotion", promotion, before)
        return promotion

    outcome = await atomically(info, work)
    return UpdatePromotionPayload(
        promotion=Promotion.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
