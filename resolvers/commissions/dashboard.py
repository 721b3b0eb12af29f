"""``myCommissions``: a rep's summary (and a manager's team) as the API shows it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import commissions as engine
from commissions.progress import Standing
from schema.money import money
from schema.types.commissions import (
    CommissionFiscalPeriod,
    CommissionNextTier,
    CommissionProblem,
    CommissionSpifStanding,
    CommissionTier,
    RepCommissionSummary,
    percent,
    plain,
)
from services.commissions.dashboard import RepSummary

NO_STANDING: dict[str, Any] = {
    "currency": None,
    "quota": None,
    "earned": None,
    "credited_revenue": None,
    "attainment_percent": None,
    "tier": None,
    "next_tier": None,
    "spifs": [],
    "open_pipeline": None,
}
"""A rep's summary fields where the rep has no plan or no state this period."""


def summary_type(summary: RepSummary) -> RepCommissionSummary:
    rep_period, now = summary.rep_period, summary.standing
    state, plan = rep_period.state, rep_period.plan
    if state is None or plan is None or now is None:
        standing, refusals = NO_STANDING, rep_period.refusals
    else:
        standing, refusals = standing_fields(state, now, summary.pipeline), now.refusals
    return RepCommissionSummary(
        period=CommissionFiscalPeriod.of(rep_period.period),
        **standing,
        open_quote_count=summary.open_quote_count,
        problems=[CommissionProblem.of(r) for r in refusals],
        team=[],
        rep_id=rep_period.rep_id,
        plan_id=plan.plan_row.id if plan else None,
    )


def standing_fields(state: engine.PeriodState, now: Standing, pipeline: Decimal) -> dict[str, Any]:
    """A rep's summary fields from the period's state and standing (the keys of
    ``NO_STANDING``)."""
    currency = state.currency
    upcoming = now.next_tier
    return {
        "currency": currency,
        "quota": money(state.assignment.quota, currency),
        "earned": money(now.earned, currency),
        "credited_revenue": money(state.credited_revenue, currency),
        "attainment_percent": percent(state.attainment),
        "tier": CommissionTier.of(now.tier, now.tier_basis),
        "next_tier": CommissionNextTier(
            current=CommissionTier.of(upcoming.current, now.tier_basis),  # type: ignore[arg-type]
            next=CommissionTier.of(upcoming.next, now.tier_basis),
            revenue_needed=money(upcoming.revenue_needed, currency)
            if upcoming.revenue_needed is not None
            else None,
        )
        if upcoming
        else None,
        "spifs": [
            CommissionSpifStanding(
                component_id=s.component_id,
                label=s.label,
                progress=plain(s.progress),  # type: ignore[arg-type]
                target=plain(s.target),  # type: ignore[arg-type]
                reached=s.reached,
                award_description=s.award_description,
                award_value=money(s.award_value, currency),
            )
            for s in now.spifs
        ],
        "open_pipeline": money(pipeline, currency),
    }
