"""A statement's parts: one per assignment the rep held in the period, prorated by days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

import commissions as engine
from schema import decimals
from schema.money import Money, money
from schema.rows import related
from schema.types.commissions.common import PERCENT_SCALE, percent
from schema.types.commissions.plans import CommissionPlan


@strawberry.type(
    description="One assignment's part of a statement's period: the days it covered, the "
    "proration factor its quota and amount-based period rules were scaled by, and what it "
    "earned. A rep on one plan for the whole period has one part with factor 1."
)
class CommissionStatementPart:
    assignment_id: relay.GlobalID
    """The global ID of the assignment (`CommissionAssignment`)."""
    start: date
    """The part's first day in the period."""
    end: date
    """The part's last day in the period (inclusive)."""
    days: int
    """Days covered: `end - start + 1`."""
    period_days: int
    """Days in the whole period."""
    proration_factor: Decimal = strawberry.field(
        description="`days / periodDays` with exactly 6 decimal places (0.500000): the factor "
        "the quota and the period rules in amounts or units (tiers, gate, caps) were scaled "
        "by. The factors of a fully covered period add up to 1."
    )
    full_quota: Money
    """The assignment's quota for a whole period."""
    quota: Money
    """`fullQuota` prorated: what this part's attainment is measured against."""
    attainment_percent: Decimal | None = strawberry.field(
        description="Quota revenue of the part over its prorated quota. "
        + PERCENT_SCALE
        + "; null without a quota."
    )
    total: Money
    """The commission the part earned (its lines' sum)."""
    tier: str | None
    """The quota tier the part reached; null when its plan has no tiers."""
    leaving: bool
    """True when the rep left on `end` (no assignment follows): this is their final statement."""
    plan_id: strawberry.Private[int]

    plan = related(
        "commissions.plan_by_id", "plan_id", CommissionPlan, description="The part's plan."
    )

    @classmethod
    def of(cls, part: engine.AssignmentPart, currency: str) -> CommissionStatementPart:
        return cls(
            assignment_id=relay.GlobalID("CommissionAssignment", part.assignment_id),
            start=part.first,
            end=part.last,
            days=part.days,
            period_days=part.period_days,
            proration_factor=decimals.at_scale(part.factor, 6),
            full_quota=money(part.full_quota, currency),
            quota=money(part.quota, currency),
            attainment_percent=percent(part.attainment),
            total=money(part.total, currency),
            tier=part.tier,
            leaving=part.leaving,
            plan_id=int(part.plan_id),
        )
