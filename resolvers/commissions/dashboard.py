"""``myCommissions``: a rep's summary (and a manager's team) as the API shows it."""

from __future__ import annotations

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


def summary_type(summary: RepSummary) -> RepCommissionSummary:
    rep_period, now = summary.rep_period, summary.standing
    period = CommissionFiscalPeriod.of(rep_period.period)
    state, plan = rep_period.state, rep_period.plan
    if state is None or plan is None or now is None:
        return RepCommissionSummary(
            period=period,
            currency=None,
            quota=None,
            earned=None,
            credited_revenue=None,
            attainment_percent=None,
            tier=None,
            next_tier=None,
            spifs=[],
            open_pipeline=None,
            open_quote_count=summary.open_quote_count,
            problems=[CommissionProblem.of(r) for r in rep_period.refusals],
            team=[],
            rep_id=rep_period.rep_id,
            plan_id=plan.plan_row.id if plan else None,
        )
    currency = state.currency
    upcoming = now.next_tier
    return RepCommissionSummary(
        period=period,
        currency=currency,
        quota=money(state.assignment.quota, currency),
        earned=money(now.earned, currency),
        credited_revenue=money(state.credited_revenue, currency),
        attainment_percent=percent(state.attainment),
        tier=CommissionTier.of(now.tier),
        next_tier=CommissionNextTier(
            current=CommissionTier.of(upcoming.current),  # type: ignore[arg-type]
            next=CommissionTier.of(upcoming.next),
            revenue_needed=money(upcoming.revenue_needed, currency)
            if upcoming.revenue_needed is not None
            else None,
        )
        if upcoming
        else None,
        spifs=[
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
        open_pipeline=money(summary.pipeline, currency),
        open_quote_count=summary.open_quote_count,
        problems=[CommissionProblem.of(r) for r in now.refusals],
        team=[],
        rep_id=rep_period.rep_id,
        plan_id=plan.plan_row.id,
    )
