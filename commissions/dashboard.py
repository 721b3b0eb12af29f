"""Dashboard figures derived from a period state: where the rep stands against the tiers.

"€12,400 more to reach Accelerator 1" is the number a rep checks most, so it
is computed from the compact state alone, without touching credits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commissions.components import QuotaTiers, Tier, TierBasis
from commissions.money import ZERO
from commissions.plans import PlanVersion
from commissions.state import PeriodState
from commissions.tiers import counted_attainment, figure_of, needs_quota, scale_of, tier_at


@dataclass(frozen=True, slots=True)
class NextTier:
    """The tier the rep is in, the next one, and the quota revenue still needed to reach it.

    ``next`` is None at the top tier (or when the attainment cap stops
    further tiers); ``revenue_needed`` is then None too. For a table in units,
    ``units_needed`` says what is still to sell and ``revenue_needed`` is None;
    ``attainment`` is None when the rep has no quota (a table in amounts or units).
    """

    attainment: Decimal | None
    current: Tier
    next: Tier | None
    revenue_needed: Decimal | None
    units_needed: Decimal | None = None


def next_tier(state: PeriodState, plan: PlanVersion) -> NextTier | None:
    """Where ``state`` stands on ``plan``'s quota tiers; None without tiers, or without the
    quota an attainment table needs."""
    tiers = next((c for c in plan.components if isinstance(c, QuotaTiers)), None)
    attainment = state.attainment
    if tiers is None or (needs_quota(tiers) and attainment is None):
        return None
    quota = state.assignment.quota
    figure = figure_of(tiers, state.quota_revenue, state.quota_units, quota)
    current = tier_at(tiers, counted_attainment(tiers, figure))
    upcoming = _above(tiers, current)
    if upcoming is None:
        return NextTier(attainment, current, None, None)
    if tiers.basis is TierBasis.UNITS:
        units = max(upcoming.floor - state.quota_units, ZERO)
        return NextTier(attainment, current, upcoming, None, units)
    needed = upcoming.floor * scale_of(tiers, quota) - state.quota_revenue
    return NextTier(attainment, current, upcoming, max(needed, ZERO))


def _above(tiers: QuotaTiers, current: Tier) -> Tier | None:
    later = tiers.tiers[tiers.tiers.index(current) + 1 :]
    if not later:
        return None
    upcoming = later[0]
    if tiers.max_attainment is not None and upcoming.floor > tiers.max_attainment:
        return None
    return upcoming
