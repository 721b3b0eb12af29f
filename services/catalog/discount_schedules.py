"""Discount schedules: tiered discounts by quantity or term, for a product or a family.

Tiers are inclusive (1–9, 10–49, 50+), ascending and contiguous, the first
starting at 1 (the smallest quantity or term) and only the last open-ended. The
pricing engine's own limits apply: graduated tiers price one line's quantity,
so they take neither a term basis nor aggregation across the quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.pricing_rules import DiscountSchedule, DiscountTier, ScheduleBasis, TierMethod
from services.catalog.checks import (
    check_bands,
    check_dates,
    one_target,
    percentage,
    rule_target,
)
from services.catalog.lifecycle import retiring
from services.refusal import Code, refuse
from services.rows import new_row, record_new_with_parts
from services.validation import required_text


@dataclass(frozen=True, slots=True)
class TierSpec:
    from_quantity: int
    discount_percent: Decimal
    to_quantity: int | None = None  # inclusive; None for the open last tier


@dataclass(frozen=True, slots=True)
class NewDiscountSchedule:
    """Targets exactly one of ``product_id`` and ``family``."""

    name: str
    basis: ScheduleBasis
    method: TierMethod
    valid_from: date
    tiers: Sequence[TierSpec]
    product_id: int | None = None
    family: str | None = None
    aggregate_across_quote: bool = False
    valid_to: date | None = None


async def create_discount_schedule(
    session: AsyncSession, actor: Actor, now: datetime, new: NewDiscountSchedule
) -> DiscountSchedule:
    name = required_text(new.name, ("input", "name"), max_length=200)
    one_target(new.product_id, new.family)
    product_id, family = await rule_target(session, new.product_id, new.family, required=True)
    check_method(new)
    check_dates(new.valid_from, new.valid_to)
    tiers = tier_rows(new.tiers)
    schedule = new_row(DiscountSchedule, new, name=name, product_id=product_id, family=family)
    return await record_new_with_parts(
        session, actor, "createDiscountSchedule", schedule, "schedule_id", {"tiers": tiers}
    )


retire_discount_schedule = retiring(DiscountSchedule, "retireDiscountSchedule")


def check_method(new: NewDiscountSchedule) -> None:
    if new.aggregate_across_quote and new.basis is not ScheduleBasis.QUANTITY:
        raise refuse(
            Code.INVALID,
            "Only quantities add up across a quote, not terms.",
            ("input", "aggregateAcrossQuote"),
        )
    if new.method is TierMethod.GRADUATED and (
        new.basis is ScheduleBasis.TERM_MONTHS or new.aggregate_across_quote
    ):
        raise refuse(
            Code.INVALID,
            "GRADUATED tiers price one line's quantity: use ALL_UNITS for terms or quote-wide "
            "totals.",
            ("input", "method"),
        )


def tier_rows(tiers: Sequence[TierSpec]) -> list[DiscountTier]:
    field = ("input", "tiers")
    check_bands(
        [(t.from_quantity, t.to_quantity) for t in tiers],
        field,
        noun="tier",
        first_from=1,
        strictly_wider=True,
    )
    return [
        new_row(
            DiscountTier,
            t,
            discount_percent=percentage(t.discount_percent, (*field, str(i), "discountPercent")),
        )
        for i, t in enumerate(tiers)
    ]
