"""A commission estimate as the API shows it (``Quote.commissionEstimate``, ``estimateCommission``),
from the use case's outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schema.money import money
from schema.types.commissions import (
    CommissionComponentTotal,
    CommissionEstimate,
    CommissionFiscalPeriod,
    CommissionPayoutLine,
    CommissionProblem,
    CommissionSpifAward,
    CommissionSpifProgress,
    CommissionTier,
    percent,
)

if TYPE_CHECKING:  # a type only: schema types import nothing from services at run time
    from services.commissions.estimates import EstimateOutcome


def estimate_type(outcome: EstimateOutcome) -> CommissionEstimate:
    estimate = outcome.estimate
    period = CommissionFiscalPeriod.of(outcome.period)
    if estimate is None or not estimate.ok:
        return CommissionEstimate(
            period=period,
            amount=None,
            problems=[CommissionProblem.of(r) for r in outcome.refusals],
            components=[],
            lines=[],
            attainment_before_percent=percent(estimate.attainment_before) if estimate else None,
            attainment_after_percent=percent(estimate.attainment_after) if estimate else None,
            tier_before=None,
            tier_after=None,
            spif_progress=[],
            awards=[],
            placed_last=True,
            rep_id=outcome.rep_id,
        )
    currency = estimate.currency
    return CommissionEstimate(
        period=period,
        amount=money(estimate.amount, currency),
        problems=[],
        components=[CommissionComponentTotal.of(t, currency) for t in estimate.component_totals],
        lines=[CommissionPayoutLine.of(line, currency) for line in estimate.lines],
        attainment_before_percent=percent(estimate.attainment_before),
        attainment_after_percent=percent(estimate.attainment_after),
        tier_before=CommissionTier.of(estimate.tier_before, estimate.tier_basis),
        tier_after=CommissionTier.of(estimate.tier_after, estimate.tier_basis),
        spif_progress=[CommissionSpifProgress.of(p) for p in estimate.spif_progress],
        awards=[CommissionSpifAward.of(a, currency) for a in estimate.awards],
        placed_last=estimate.placed_last,
        rep_id=outcome.rep_id,
    )
