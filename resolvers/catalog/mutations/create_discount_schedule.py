"""``createDiscountSchedule`` (OPS): tiered discounts by quantity or term, for a product or family.

Tiers are inclusive (1–9, 10–49, 50+), ascending and contiguous, the first
starting at 1 (the smallest quantity or term) and only the last open-ended. The
pricing engine's own limits apply: graduated tiers price one line's quantity,
so they take neither a term basis nor aggregation across the quote.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import DiscountSchedule as ScheduleRow
from db.models.pricing_rules import DiscountTier as TierRow
from db.models.pricing_rules import ScheduleBasis as BasisModel
from db.models.pricing_rules import TierMethod as MethodModel
from schema.text_limits import Family, IdempotencyKey
from resolvers.catalog.rules import (
    active_product,
    audit_aggregate,
    check_bands,
    check_dates,
    known_family,
    percentage,
)
from resolvers.mutation import IdempotentCreate, atomically, reject
from services.validation import required_text
from schema.errors import ErrorCode, UserError
from schema.types.price_books import DiscountSchedule, ScheduleBasis, TierMethod


@strawberry.input
class DiscountTierInput:
    from_quantity: int
    to_quantity: int | None = strawberry.field(
        default=None, description="Inclusive; null for the open last tier."
    )
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
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateDiscountSchedulePayload:
    discount_schedule: DiscountSchedule | None = None
    user_errors: list[UserError]


def check_method(input: CreateDiscountScheduleInput) -> None:
    if input.aggregate_across_quote and input.basis is not BasisModel.QUANTITY:
        raise reject(
            ErrorCode.INVALID,
            "Only quantities add up across a quote, not terms.",
            ["input", "aggregateAcrossQuote"],
        )
    if input.method is MethodModel.GRADUATED and (
        input.basis is BasisModel.TERM_MONTHS or input.aggregate_across_quote
    ):
        raise reject(
            ErrorCode.INVALID,
            "GRADUATED tiers price one line's quantity: use ALL_UNITS for terms or quote-wide "
            "totals.",
            ["input", "method"],
        )


def tier_rows(tiers: list[DiscountTierInput]) -> list[TierRow]:
    check_bands(
        [(t.from_quantity, t.to_quantity) for t in tiers],
        ["input", "tiers"],
        noun="tier",
        first_from=1,
        strictly_wider=True,
    )
    return [
        TierRow(
            from_quantity=t.from_quantity,
            to_quantity=t.to_quantity,
            discount_percent=percentage(
                t.discount_percent, ["input", "tiers", str(i), "discountPercent"]
            ),
        )
        for i, t in enumerate(tiers)
    ]


async def create_discount_schedule(
    info: strawberry.Info, input: CreateDiscountScheduleInput
) -> CreateDiscountSchedulePayload:
    async def work(session: AsyncSession) -> ScheduleRow:
        name = required_text(input.name, ["input", "name"], max_length=200)
        if input.product_id is not None and input.family is not None:
            raise reject(
                ErrorCode.INVALID, "Target a product or a family, not both.", ["input", "family"]
            )
        product_id = family = None
        if input.product_id is not None:
            product_id = (
                await active_product(session, input.product_id, ["input", "productId"])
            ).id
        else:
            family = await known_family(session, input.family, ["input", "family"])
            if family is None:
                raise reject(
                    ErrorCode.REQUIRED, "Give a productId or a family.", ["input", "productId"]
                )
        check_method(input)
        check_dates(input.valid_from, input.valid_to)
        tiers = tier_rows(input.tiers)
        schedule = ScheduleRow(
            name=name,
            basis=input.basis,
            method=input.method,
            product_id=product_id,
            family=family,
            aggregate_across_quote=input.aggregate_across_quote,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        session.add(schedule)
        await session.flush()
        for tier in tiers:
            tier.schedule_id = schedule.id
        session.add_all(tiers)
        await audit_aggregate(info, session, "createDiscountSchedule", schedule, {"tiers": tiers})
        return schedule

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="createDiscountSchedule",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=ScheduleRow,
        ),
    )
    return CreateDiscountSchedulePayload(
        discount_schedule=DiscountSchedule.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
