"""Plan components the commission-engine tests share: base rates, tier schedules, SPIFs and
the plan version that holds them (``commission_builders`` makes the deals, credits and periods).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from commissions import (
    Award,
    AwardKind,
    BaseRate,
    Component,
    PeriodKind,
    PlanVersion,
    QuotaTiers,
    Spif,
    Tier,
    TierMode,
)

D = Decimal
BASE_10 = BaseRate("base", "Base 10%", D("0.10"))
BASE_15 = BaseRate("base", "Base 15%", D("0.15"))
ACCELERATOR_ABOVE_QUOTA = (Tier("Base", D(0), D(1)), Tier("Accelerator", D(1), D("1.5")))
"""x1 up to quota, x1.5 above it."""
DOUBLE_ABOVE_QUOTA = (Tier("Base", D(0), D(1)), Tier("Club", D(1), D(2)))
"""x1 up to quota, x2 above it."""
FLAT = (Tier("All", D(0), D(1)),)
"""x1 throughout: tiers that only carry a gate or an attainment cap."""


def plan(
    *components: Component,
    version: int = 1,
    start: date = date(2024, 1, 1),
    end: date | None = None,
    plan_id: str = "PLAN",
    currency: str = "USD",
    kind: PeriodKind = PeriodKind.QUARTER,
) -> PlanVersion:
    return PlanVersion(plan_id, version, f"Plan v{version}", start, end, currency, kind, components)


def quota_tiers(
    mode: TierMode,
    tiers: tuple[Tier, ...] = ACCELERATOR_ABOVE_QUOTA,
    label: str = "Tiers",
    *,
    gate: Decimal | None = None,
    max_attainment: Decimal | None = None,
) -> QuotaTiers:
    """A quota-tier component (id ``tiers``): x1.5 above quota unless ``tiers`` says otherwise."""
    return QuotaTiers("tiers", label, mode, tiers, gate, max_attainment)


def spif_on_y(
    component_id: str = "trip",
    label: str = "Trip",
    *,
    start: date = date(2025, 1, 1),
    end: date = date(2025, 3, 31),
    target: int = 10,
    kind: AwardKind = AwardKind.NON_CASH,
    value: int = 3000,
    award: str = "Trip",
) -> Spif:
    """A SPIF counting units of product Y sold in Q1 (or ``start``-``end``)."""
    return Spif(
        component_id,
        label,
        start,
        end,
        D(target),
        Award(kind, D(value), award),
        product_ids=("Y",),
    )
