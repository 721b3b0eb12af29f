"""``createPromotion`` (OPS): a percent or amount off, dated, for a product, family or segment.

A PERCENT promotion takes a ``percent`` (above 0, at most 100); an AMOUNT one an
``amount`` above zero off each unit, with its ``currency``. Targets are
optional (none means every product), but a promotion names a product or a
family, not both.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import BenefitKind as BenefitKindModel
from db.models.pricing_rules import Promotion as PromotionRow
from schema.text_limits import Family, IdempotencyKey, Segment
from resolvers.audit import audit_change
from resolvers.catalog.mutations.create_price_book import optional_segment
from resolvers.catalog.rules import (
    active_product,
    check_dates,
    known_family,
    money_amount,
    percentage,
)
from resolvers.mutation import IdempotentCreate, atomically, reject
from services.validation import required_text
from schema.errors import ErrorCode, UserError
from schema.scalars import CurrencyCode
from schema.types.price_books import BenefitKind, Promotion


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
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreatePromotionPayload:
    promotion: Promotion | None = None
    user_errors: list[UserError]


def check_benefit(promotion: PromotionRow) -> None:
    """The benefit matches the kind: a percent, or an amount with its currency, never both.

    The amount or percent is normalised in place to the column's scale.
    """
    if promotion.kind is BenefitKindModel.PERCENT:
        if promotion.percent is None:
            raise reject(
                ErrorCode.REQUIRED, "A PERCENT promotion needs a percent.", ["input", "percent"]
            )
        promotion.percent = percentage(promotion.percent, ["input", "percent"], allow_zero=False)
        for field, value in (("amount", promotion.amount), ("currency", promotion.currency)):
            if value is not None:
                raise reject(
                    ErrorCode.INVALID, f"A PERCENT promotion has no {field}.", ["input", field]
                )
        return
    if promotion.amount is None:
        raise reject(
            ErrorCode.REQUIRED, "An AMOUNT promotion needs an amount.", ["input", "amount"]
        )
    promotion.amount = money_amount(promotion.amount, ["input", "amount"], positive=True)
    if promotion.currency is None:
        raise reject(
            ErrorCode.REQUIRED,
            "An AMOUNT promotion needs the amount's currency.",
            ["input", "currency"],
        )
    if promotion.percent is not None:
        raise reject(ErrorCode.INVALID, "An AMOUNT promotion has no percent.", ["input", "percent"])


async def create_promotion(
    info: strawberry.Info, input: CreatePromotionInput
) -> CreatePromotionPayload:
    async def work(session: AsyncSession) -> PromotionRow:
        if input.product_id is not None and input.family is not None:
            raise reject(
                ErrorCode.INVALID, "Target a product or a family, not both.", ["input", "family"]
            )
        promotion = PromotionRow(
            name=required_text(input.name, ["input", "name"], max_length=200),
            kind=input.kind,
            percent=input.percent,
            amount=input.amount,
            currency=input.currency,
            segment=optional_segment(input.segment),
            priority=input.priority,
            stackable=input.stackable,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        check_benefit(promotion)
        check_dates(input.valid_from, input.valid_to)
        if input.product_id is not None:
            promotion.product_id = (
                await active_product(session, input.product_id, ["input", "productId"])
            ).id
        promotion.family = await known_family(session, input.family, ["input", "family"])
        session.add(promotion)
        await audit_change(info, session, "createPromotion", promotion)
        return promotion

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="createPromotion",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=PromotionRow,
        ),
    )
    return CreatePromotionPayload(
        promotion=Promotion.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
