"""Promotions: a percent or amount off, dated, for a product, a family or a segment.

A PERCENT promotion takes a ``percent`` (above 0, at most 100); an AMOUNT one an
``amount`` above zero off each unit, with its ``currency``. Targets are
optional (none means every product), but a promotion names a product or a
family, not both. An edit keeps the kind and the product/family target (a
different offer is a new promotion) and checks the result as a whole, so a
PERCENT promotion never ends up with an amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.pricing_rules import BenefitKind, Promotion
from services.audit import record_new
from services.catalog.checks import (
    check_dates,
    money_amount,
    one_target,
    optional_segment,
    percentage,
    rule_target,
)
from services.refusal import Code, refuse
from services.rows import audited_edit, copy_given, new_row
from services.validation import required_text


@dataclass(frozen=True, slots=True)
class NewPromotion:
    name: str
    kind: BenefitKind
    valid_from: date
    percent: Decimal | None = None
    amount: Decimal | None = None  # off each unit, in ``currency``
    currency: str | None = None
    product_id: int | None = None
    family: str | None = None
    segment: str | None = None
    priority: int = 100  # lower wins
    stackable: bool = True
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class PromotionChanges:
    """Fields left None stay as they are; an empty segment clears it, ``open_ended`` validTo."""

    name: str | None = None
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    segment: str | None = None
    priority: int | None = None
    stackable: bool | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    open_ended: bool = False
    active: bool | None = None


async def create_promotion(
    session: AsyncSession, actor: Actor, now: datetime, new: NewPromotion
) -> Promotion:
    one_target(new.product_id, new.family)
    promotion = new_row(
        Promotion,
        new,
        name=required_text(new.name, ("input", "name"), max_length=200),
        segment=optional_segment(new.segment),
        product_id=None,  # set below, once the product is known to be sold
        family=None,
    )
    check_benefit(promotion)
    check_dates(new.valid_from, new.valid_to)
    promotion.product_id, promotion.family = await rule_target(session, new.product_id, new.family)
    return await record_new(session, actor, "createPromotion", promotion)


COPIED = ("percent", "amount", "currency", "priority", "stackable", "valid_from", "active")
"""The fields an edit copies as given (when given)."""


async def update_promotion(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    promotion_id: int,
    version: int,
    changes: PromotionChanges,
) -> Promotion:
    """Change a promotion's benefit, reach, priority, dates or state."""
    async with audited_edit(
        session, actor, "updatePromotion", Promotion, promotion_id, version
    ) as promotion:
        if changes.name is not None:
            promotion.name = required_text(changes.name, ("input", "name"), max_length=200)
        copy_given(promotion, changes, COPIED)
        if changes.segment is not None:
            promotion.segment = optional_segment(changes.segment)
        if changes.open_ended:
            if changes.valid_to is not None:
                raise refuse(
                    Code.INVALID, "Give validTo or openEnded, not both.", ("input", "openEnded")
                )
            promotion.valid_to = None
        elif changes.valid_to is not None:
            promotion.valid_to = changes.valid_to
        check_benefit(promotion)
        check_dates(promotion.valid_from, promotion.valid_to)
    return promotion


def check_benefit(promotion: Promotion) -> None:
    """The benefit matches the kind: a percent, or an amount with its currency, never both.

    The amount or percent is normalised in place to the column's scale.
    """
    if promotion.kind is BenefitKind.PERCENT:
        if promotion.percent is None:
            raise refuse(
                Code.REQUIRED, "A PERCENT promotion needs a percent.", ("input", "percent")
            )
        promotion.percent = percentage(promotion.percent, ("input", "percent"), allow_zero=False)
        for field, value in (("amount", promotion.amount), ("currency", promotion.currency)):
            if value is not None:
                raise refuse(Code.INVALID, f"A PERCENT promotion has no {field}.", ("input", field))
        return
    if promotion.amount is None:
        raise refuse(Code.REQUIRED, "An AMOUNT promotion needs an amount.", ("input", "amount"))
    promotion.amount = money_amount(promotion.amount, ("input", "amount"), positive=True)
    if promotion.currency is None:
        raise refuse(
            Code.REQUIRED, "An AMOUNT promotion needs the amount's currency.", ("input", "currency")
        )
    if promotion.percent is not None:
        raise refuse(Code.INVALID, "An AMOUNT promotion has no percent.", ("input", "percent"))
