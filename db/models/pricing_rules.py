"""Pricing rules: discount schedules (tiers), block prices and promotions."""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import (
    MONEY,
    PERCENT,
    EffectiveDated,
    QuantityBand,
    belongs_to,
    bounds_ordered,
    currency_iso,
    dates_ordered,
    pg_enum,
    refers_to,
)

# A schedule's basis and tier method are the pricing engine's own enums: their values are
# the labels stored.
from pricing.tiers import ScheduleBasis as ScheduleBasis
from pricing.tiers import TierMethod as TierMethod


class BenefitKind(enum.Enum):
    PERCENT = "PERCENT"
    AMOUNT = "AMOUNT"


class Scoped(EffectiveDated):
    """What a rule applies to: one product, a family, or (promotions) a segment."""

    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="RESTRICT"))
    family: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")


class DiscountSchedule(Base, Keyed, Scoped, Timestamped, Versioned):
    __tablename__ = "discount_schedules"
    __table_args__ = (
        dates_ordered(),
        CheckConstraint("product_id IS NOT NULL OR family IS NOT NULL", name="has_target"),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    basis: Mapped[ScheduleBasis] = mapped_column(
        pg_enum(ScheduleBasis, "schedule_basis"), nullable=False
    )
    method: Mapped[TierMethod] = mapped_column(pg_enum(TierMethod, "tier_method"), nullable=False)
    aggregate_across_quote: Mapped[bool] = mapped_column(nullable=False, server_default="false")


class DiscountTier(Base, Keyed, QuantityBand):
    __tablename__ = "discount_tiers"
    __table_args__ = (
        CheckConstraint("from_quantity >= 0", name="from_not_negative"),
        bounds_ordered(),
        CheckConstraint("discount_percent >= 0 AND discount_percent <= 100", name="percent_range"),
    )

    schedule_id: Mapped[int] = belongs_to("discount_schedules", index=True)
    discount_percent: Mapped[Decimal] = mapped_column(PERCENT, nullable=False)


class BlockPrice(Base, Keyed, EffectiveDated, Timestamped, Versioned):
    __tablename__ = "block_prices"
    __table_args__ = (
        dates_ordered(),
        currency_iso(),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    product_id: Mapped[int] = refers_to("products")
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")


class PriceBlock(Base, Keyed, QuantityBand):
    __tablename__ = "price_blocks"
    __table_args__ = (
        CheckConstraint("from_quantity >= 1", name="from_positive"),
        bounds_ordered(),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    block_price_id: Mapped[int] = belongs_to("block_prices", index=True)
    price: Mapped[Decimal] = mapped_column(MONEY, nullable=False)


class Promotion(Base, Keyed, Scoped, Timestamped, Versioned):
    __tablename__ = "promotions"
    __table_args__ = (
        dates_ordered(),
        CheckConstraint(
            "(kind = 'PERCENT' AND percent > 0 AND percent <= 100 AND amount IS NULL) OR "
            "(kind = 'AMOUNT' AND amount > 0 AND currency IS NOT NULL AND percent IS NULL)",
            name="benefit_shape",
        ),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[BenefitKind] = mapped_column(pg_enum(BenefitKind, "benefit_kind"), nullable=False)
    percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    segment: Mapped[str | None] = mapped_column(String(50))
    priority: Mapped[int] = mapped_column(nullable=False, server_default="100")
    stackable: Mapped[bool] = mapped_column(nullable=False, server_default="true")
